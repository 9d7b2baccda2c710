package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"

	"lectern/internal/testutil"
	"lectern/store"
)

// run runs one command line against db and returns its exit code and output.
func run(t *testing.T, db string, stdin string, args ...string) (int, string, string) {
	t.Helper()
	var out, errOut bytes.Buffer
	args = append(args[:1:1], append([]string{"--db", db}, args[1:]...)...)
	code := Run(context.Background(), args, Env{Stdin: strings.NewReader(stdin), Stdout: &out, Stderr: &errOut})
	return code, out.String(), errOut.String()
}

func fixture(t *testing.T, name string) string {
	t.Helper()
	return filepath.Join(testutil.Fixtures(t), name)
}

func TestWholePathOnTheCommandLine(t *testing.T) {
	db := filepath.Join(t.TempDir(), "lectern.db")
	caravan := fixture(t, "caravan-article.txt")

	code, out, stderr := run(t, db, "", "import", caravan)
	if code != 0 || !strings.Contains(out, "Caravan of migrants cross Guatemalan border") {
		t.Fatalf("import: code %d, out %q, err %q", code, out, stderr)
	}

	code, out, stderr = run(t, db, "", "import", caravan)
	if code != 0 || !strings.Contains(stderr, "duplicate") {
		t.Fatalf("second import: code %d, out %q, err %q; want a duplicate reported", code, out, stderr)
	}

	code, out, _ = run(t, db, "", "list", "--json")
	var list []articleJSON
	if err := json.Unmarshal([]byte(out), &list); err != nil || code != 0 {
		t.Fatalf("list --json: code %d, %v: %s", code, err, out)
	}
	if len(list) != 1 || list[0].Title != "Caravan of migrants cross Guatemalan border on their way to the U.S." {
		t.Fatalf("list = %+v", list)
	}
	id := list[0].ID

	code, _, stderr = run(t, db, "Asylum seekers walk for weeks.\n", "note", itoa(id), "-")
	if code != 0 {
		t.Fatalf("note: code %d, %s", code, stderr)
	}
	_, out, _ = run(t, db, "", "list", "--json")
	json.Unmarshal([]byte(out), &list)
	if list[0].Notes != 1 {
		t.Fatalf("notes count = %d after lectern note", list[0].Notes)
	}

	if code, _, stderr := run(t, db, "", "highlight", "--comment", "why here?", itoa(id), "walked across the border"); code != 0 {
		t.Fatalf("highlight: %s", stderr)
	}
	if code, _, stderr := run(t, db, "", "highlight", itoa(id), "words that are not in it"); code == 0 || !strings.Contains(stderr, "does not contain") {
		t.Fatalf("highlight of a missing quote: code %d, %s", code, stderr)
	}
	if code, _, stderr := run(t, db, "", "highlight", "--color", "green", itoa(id), "Guatemala"); code != 0 {
		t.Fatalf("highlight --color green: %s", stderr)
	}
	if code, _, stderr := run(t, db, "", "highlight", "--color", "mauve", itoa(id), "Guatemala"); code == 0 || !strings.Contains(stderr, "no colour") {
		t.Fatalf("highlight --color mauve: code %d, %s", code, stderr)
	}
	st, err := store.Open(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	hs, _ := st.Highlights(context.Background(), id)
	st.Close()
	if len(hs) != 2 || (hs[0].Color != "green" && hs[1].Color != "green") {
		t.Fatalf("highlights after --color green: %+v", hs)
	}

	code, out, stderr = run(t, db, "", "search", "--json", "caravan")
	var results []resultJSON
	if err := json.Unmarshal([]byte(out), &results); err != nil || code != 0 {
		t.Fatalf("search --json: code %d, %v: %s %s", code, err, out, stderr)
	}
	if len(results) == 0 || results[0].ArticleID != id || results[0].Kind != "article" {
		t.Fatalf("search caravan = %+v", results)
	}
	code, out, _ = run(t, db, "", "search", "--json", "asylm wlk")
	json.Unmarshal([]byte(out), &results)
	if code != 0 || len(results) == 0 || results[0].Kind != "note" {
		t.Fatalf("search for the note = %+v", results)
	}

	outDir := filepath.Join(t.TempDir(), "export")
	code, out, stderr = run(t, db, "", "export", "--out", outDir)
	if code != 0 {
		t.Fatalf("export: code %d, %s", code, stderr)
	}
	files, _ := filepath.Glob(filepath.Join(outDir, "*.md"))
	if len(files) != 1 {
		t.Fatalf("export wrote %v (stdout %q)", files, out)
	}
	md, _ := os.ReadFile(files[0])
	if !strings.Contains(string(md), "Asylum seekers walk for weeks.") || !strings.Contains(string(md), "why here?") ||
		!strings.HasPrefix(string(md), "---\n") {
		t.Fatalf("exported file:\n%s", md)
	}

	backup := filepath.Join(t.TempDir(), "copy.db")
	if code, _, stderr := run(t, db, "", "backup", backup); code != 0 {
		t.Fatalf("backup: %s", stderr)
	}
	if code, out, _ := run(t, backup, "", "list", "--json"); code != 0 || !strings.Contains(out, "Caravan") {
		t.Fatalf("the backup does not hold the article: %s", out)
	}
}

func TestErrorsGoToStderrWithNonZeroExit(t *testing.T) {
	db := filepath.Join(t.TempDir(), "lectern.db")
	cases := [][]string{
		{"import", filepath.Join(t.TempDir(), "missing.txt")},
		{"note", "42", "text for a missing article"},
		{"note", "abc", "x"},
		{"search"},
		{"list", "--bogus"},
		{"backup"},
	}
	for _, args := range cases {
		code, out, stderr := run(t, db, "", args...)
		if code == 0 || stderr == "" {
			t.Errorf("%q: code %d, stderr %q, stdout %q; want an error", args, code, stderr, out)
		}
	}
	var out, errOut bytes.Buffer
	if code := Run(context.Background(), []string{"frobnicate"}, Env{Stdout: &out, Stderr: &errOut}); code != 2 {
		t.Errorf("unknown command: code %d", code)
	}
}

func TestFlagsAfterArguments(t *testing.T) {
	db := filepath.Join(t.TempDir(), "lectern.db")
	run(t, db, "", "import", fixture(t, "caravan-article.txt"))
	code, out, _ := run(t, db, "", "search", "caravan", "--json", "--limit", "1")
	var results []resultJSON
	if err := json.Unmarshal([]byte(out), &results); err != nil || code != 0 || len(results) != 1 {
		t.Fatalf("search with flags after the query: code %d, %v, %s", code, err, out)
	}
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

func TestImportingAnExportRestoresNothingTwice(t *testing.T) {
	db := filepath.Join(t.TempDir(), "lectern.db")
	run(t, db, "", "import", fixture(t, "caravan-article.txt"))
	run(t, db, "", "note", "1", "A note to export")
	run(t, db, "", "note", "0", "x") // no article 0: refused, nothing stored
	out := filepath.Join(t.TempDir(), "export")
	if code, _, stderr := run(t, db, "", "export", "--out", out); code != 0 {
		t.Fatal(stderr)
	}
	code, stdout, stderr := run(t, db, "", "import", out)
	if code != 0 || !strings.Contains(stderr, "imported 0, duplicates 1") {
		t.Fatalf("import of the export: code %d\n%s\n%s", code, stdout, stderr)
	}
}

func TestImportMarkdownFolderAsNotes(t *testing.T) {
	db := filepath.Join(t.TempDir(), "lectern.db")
	vault := t.TempDir()
	os.WriteFile(filepath.Join(vault, "Ideas.md"), []byte("---\ntitle: Ideas\ntags: [x]\n---\nRead more [[Montaigne]].\n"), 0o644)
	os.MkdirAll(filepath.Join(vault, ".obsidian"), 0o755)
	os.WriteFile(filepath.Join(vault, ".obsidian", "app.json"), []byte("{}"), 0o644)
	code, out, stderr := run(t, db, "", "import", "--notes", vault)
	if code != 0 || !strings.Contains(out, "note 1\tIdeas") {
		t.Fatalf("import --notes: code %d\n%s\n%s", code, out, stderr)
	}
	code, _, stderr = run(t, db, "", "import", "--notes", vault)
	if code != 0 || !strings.Contains(stderr, "imported 0, duplicates 1") {
		t.Fatalf("second import --notes: code %d\n%s", code, stderr)
	}
	_, out, _ = run(t, db, "", "search", "--json", "montaigne")
	if !strings.Contains(out, `"kind": "note"`) || !strings.Contains(out, `"article_id": 0`) {
		t.Fatalf("the note is not found as a standalone note: %s", out)
	}
}

func TestRetryFetchesSavedLinks(t *testing.T) {
	page := `<html><head><title>Back online</title></head><body><article><h1>Back online</h1>
<p>This page could not be fetched the first time, but now it answers with enough text for the reader to keep it as an article.</p>
<p>A second paragraph makes sure the readable text is long enough to count as an article at all.</p></article></body></html>`
	var up atomic.Bool
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !up.Load() {
			http.Error(w, "down", http.StatusServiceUnavailable)
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		io.WriteString(w, page)
	}))
	defer srv.Close()
	dir := t.TempDir()
	list := filepath.Join(dir, "instapaper.csv")
	os.WriteFile(list, []byte("URL,Title,Selection,Folder,Timestamp\n"+srv.URL+"/a,Saved title,,Unread,1700000000\n"), 0o644)
	db := filepath.Join(dir, "lectern.db")
	code, _, stderr := run(t, db, "", "import", list)
	if code != 0 || !strings.Contains(stderr, "saved without its text") {
		t.Fatalf("import of an unreachable saved link: code %d, %s", code, stderr)
	}
	up.Store(true)
	code, out, stderr := run(t, db, "", "import", "--retry")
	if code != 0 || !strings.Contains(out, "Back online") {
		t.Fatalf("import --retry: code %d\n%s\n%s", code, out, stderr)
	}
	_, out, _ = run(t, db, "", "search", "--json", "answers with enough text")
	if !strings.Contains(out, `"kind": "article"`) {
		t.Fatalf("the fetched text is not searchable: %s", out)
	}
}
