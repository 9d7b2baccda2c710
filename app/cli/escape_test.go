package cli

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"lectern/store"
)

// Titles already in the archive with escape codes (from an older Lectern, or another program)
// and file names with them are printed escaped, never raw.
func TestHumanOutputEscapesControlCharacters(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	dbPath := filepath.Join(dir, "lectern.db")
	db, err := store.Open(ctx, dbPath)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.AddArticle(ctx, &store.Article{Title: "\x1b]0;pwned\x07\x1b[31mRed\u202e title", Body: "caravan text"}); err != nil {
		t.Fatal(err)
	}
	db.Close()
	raw := func(s string) bool { return strings.ContainsAny(s, "\x1b\x07\u202e") }

	code, out, stderr := run(t, dbPath, "", "list")
	if code != 0 || raw(out) || !strings.Contains(out, `\x1b[31mRed`) {
		t.Errorf("list: code %d, %q %s", code, out, stderr)
	}
	code, out, stderr = run(t, dbPath, "", "search", "caravan")
	if code != 0 || raw(out) || !strings.Contains(out, "Red") {
		t.Errorf("search: code %d, %q %s", code, out, stderr)
	}
	// A file whose name has an escape code, imported and reported.
	name := filepath.Join(dir, "\x1b[2Jcleared.md")
	writeTestFile(t, name, "# \x1b[31mRed\x1b[0m heading\n\n"+strings.Repeat("Words of the note go on. ", 30))
	code, out, stderr = run(t, dbPath, "", "import", name, filepath.Join(dir, "missing\x1b[2J.md"))
	if raw(out) || raw(stderr) || !strings.Contains(out, "Red heading") || !strings.Contains(stderr, `missing\x1b[2J.md`) {
		t.Errorf("import: code %d, %q %q", code, out, stderr)
	}
}

func writeTestFile(t *testing.T, name, text string) {
	t.Helper()
	if err := os.WriteFile(name, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}
