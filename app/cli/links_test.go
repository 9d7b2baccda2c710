package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// A vault imported with --notes links to an article; backlinks lists the linking notes; the
// article goes to the Trash with its notes and highlights and comes back with them.
func TestVaultBacklinksDeleteRestore(t *testing.T) {
	db := filepath.Join(t.TempDir(), "lectern.db")
	if code, _, stderr := run(t, db, "", "import", fixture(t, "caravan-article.txt")); code != 0 {
		t.Fatalf("import: %s", stderr)
	}
	if code, _, stderr := run(t, db, "", "highlight", "1", "walked across the border"); code != 0 {
		t.Fatalf("highlight: %s", stderr)
	}
	if code, _, stderr := run(t, db, "", "note", "1", "A note on the article."); code != 0 {
		t.Fatalf("note: %s", stderr)
	}
	vault := filepath.Join("..", "export", "testdata", "vault")
	code, out, stderr := run(t, db, "", "import", "--notes", vault)
	if code != 0 || strings.Count(out, "note ") != 5 {
		t.Fatalf("import --notes: code %d\n%s\n%s", code, out, stderr)
	}

	code, out, stderr = run(t, db, "", "backlinks", "--json", "1")
	var links []backlinkJSON
	if err := json.Unmarshal([]byte(out), &links); err != nil || code != 0 {
		t.Fatalf("backlinks: %d %v %s %s", code, err, out, stderr)
	}
	from := map[string]backlinkJSON{}
	for _, l := range links {
		from[l.From] = l
	}
	if len(links) != 2 || from["Reading list"].Link == "" || from["2024-03-02"].ToHighlight != 1 ||
		!strings.HasPrefix(from["2024-03-02"].Context, "See [[Caravan") {
		t.Errorf("backlinks %+v", links)
	}
	readingList := from["Reading list"].NoteID
	code, out, _ = run(t, db, "", "backlinks", "--note", itoa(readingList))
	if code != 0 || !strings.Contains(out, "2024-03-02") || !strings.Contains(out, "Windows note") || !strings.Contains(out, "Wikilinks") {
		t.Errorf("backlinks --note: %d %s", code, out)
	}

	// Export: the vault's file names and folders.
	exportDir := t.TempDir()
	if code, _, stderr := run(t, db, "", "export", "--out", exportDir); code != 0 {
		t.Fatalf("export: %s", stderr)
	}
	for _, name := range []string{"Projects/Reading list.md", "Daily/2024-03-02.md", "Inbox/Windows note.md",
		"Topics/Wikilinks.md", "Top level note.md", "attachments/cover.png", "attachments/diagram one.png"} {
		if _, err := os.Stat(filepath.Join(exportDir, name)); err != nil {
			t.Errorf("export: %v", err)
		}
	}

	// Delete, list the Trash, restore.
	if code, _, stderr := run(t, db, "", "delete", "1"); code != 0 {
		t.Fatalf("delete: %s", stderr)
	}
	_, out, _ = run(t, db, "", "list", "--json")
	if strings.TrimSpace(out) != "[]" {
		t.Errorf("list after delete: %s", out)
	}
	code, out, _ = run(t, db, "", "trash", "--json")
	var trash []trashJSON
	if err := json.Unmarshal([]byte(out), &trash); err != nil || code != 0 || len(trash) != 1 || trash[0].ID != 1 ||
		trash[0].Notes != 1 || trash[0].Highlights != 1 {
		t.Fatalf("trash: %d %v %s", code, err, out)
	}
	if code, _, stderr := run(t, db, "", "restore", "1"); code != 0 {
		t.Fatalf("restore: %s", stderr)
	}
	_, out, _ = run(t, db, "", "list", "--json")
	var list []articleJSON
	if err := json.Unmarshal([]byte(out), &list); err != nil || len(list) != 1 || list[0].Notes != 1 || list[0].Highlights != 1 {
		t.Errorf("list after restore: %s", out)
	}
	if code, _, stderr := run(t, db, "", "delete", "99"); code != 1 || !strings.Contains(stderr, "not found") {
		t.Errorf("delete 99: %d %s", code, stderr)
	}

	// Emptying the Trash deletes for good.
	run(t, db, "", "delete", "1")
	if code, _, stderr := run(t, db, "", "trash", "--empty"); code != 0 || !strings.Contains(stderr, "1 articles") {
		t.Errorf("trash --empty: %d %s", code, stderr)
	}
	if code, _, stderr := run(t, db, "", "restore", "1"); code != 1 || !strings.Contains(stderr, "not found") {
		t.Errorf("restore after empty: %d %s", code, stderr)
	}
}
