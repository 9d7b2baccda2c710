package cli

import (
	"encoding/json"
	"path/filepath"
	"testing"
)

// lectern search leaves out an article in the Trash, and finds it again once restored.
func TestSearchLeavesOutTheTrash(t *testing.T) {
	db := filepath.Join(t.TempDir(), "lectern.db")
	if code, out, stderr := run(t, db, "", "import", fixture(t, "caravan-article.txt")); code != 0 {
		t.Fatalf("import: code %d, %s %s", code, out, stderr)
	}
	search := func(query string) []resultJSON {
		t.Helper()
		code, out, stderr := run(t, db, "", "search", "--json", query)
		var results []resultJSON
		if err := json.Unmarshal([]byte(out), &results); err != nil || code != 0 {
			t.Fatalf("search %q: code %d, %v: %s %s", query, code, err, out, stderr)
		}
		return results
	}
	results := search("caravan")
	if len(results) == 0 {
		t.Fatal("search caravan finds nothing before the delete")
	}
	id := itoa(results[0].ArticleID)
	if code, out, stderr := run(t, db, "", "delete", id); code != 0 {
		t.Fatalf("delete: code %d, %s %s", code, out, stderr)
	}
	for _, q := range []string{"caravan", "guatemalan", "migrants"} {
		if results := search(q); len(results) != 0 {
			t.Errorf("search %q finds the article in the Trash: %+v", q, results)
		}
	}
	if code, out, stderr := run(t, db, "", "restore", id); code != 0 {
		t.Fatalf("restore: code %d, %s %s", code, out, stderr)
	}
	if results := search("caravan"); len(results) == 0 {
		t.Error("search caravan does not find the restored article")
	}
}
