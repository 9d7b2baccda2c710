package export

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"lectern/internal/testutil"
	"lectern/store"
)

func fileNames(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	return names
}

func readFile(t *testing.T, path string) string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

func TestRunChoosesPages(t *testing.T) {
	db := testutil.OpenDB(t)
	noted := addArticle(t, db, store.Article{Title: "Noted"})
	addNote(t, db, noted, "note")
	highlighted := addArticle(t, db, store.Article{Title: "Highlighted"})
	addHighlight(t, db, highlighted, "Body", "", 0)
	plain := addArticle(t, db, store.Article{Title: "Plain"})
	trashed := addArticle(t, db, store.Article{Title: "Trashed note"})
	n := addNote(t, db, trashed, "gone")
	if err := db.TrashNote(context.Background(), n.ID); err != nil {
		t.Fatal(err)
	}
	addNote(t, db, 0, "Standalone")

	cases := []struct {
		name string
		opt  Options
		want []string
	}{
		{"default", Options{}, []string{"Highlighted.md", "Noted.md", "Standalone.md"}},
		{"all", Options{All: true}, []string{"Highlighted.md", "Noted.md", "Plain.md", "Standalone.md", "Trashed note.md"}},
		{"ids", Options{IDs: []int64{plain, noted}}, []string{"Noted.md", "Plain.md"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			c.opt.Out = t.TempDir()
			sum := run(t, db, c.opt)
			got := slices.DeleteFunc(fileNames(t, c.opt.Out), func(n string) bool { return n == manifestName })
			if !slices.Equal(got, c.want) || sum.Written != len(c.want) || len(sum.Files) != len(c.want) {
				t.Errorf("files = %q (summary %+v), want %q", got, sum, c.want)
			}
		})
	}

	_, err := Run(context.Background(), db, Options{Out: t.TempDir(), IDs: []int64{noted, 999}})
	if !errors.Is(err, store.ErrNotFound) || !strings.Contains(err.Error(), "999") {
		t.Errorf("unknown id: err = %v, want not found naming 999", err)
	}
}

func TestProgressCountsEveryPage(t *testing.T) {
	db := testutil.OpenDB(t)
	for _, title := range []string{"One", "Two"} {
		addNote(t, db, addArticle(t, db, store.Article{Title: title}), "n")
	}
	var calls []int
	run(t, db, Options{Out: t.TempDir(), OnProgress: func(done, total int, current string) {
		if total != 2 {
			t.Errorf("total = %d", total)
		}
		calls = append(calls, done)
	}})
	if !slices.Equal(calls, []int{0, 1, 2}) {
		t.Errorf("progress done values = %v, want [0 1 2]", calls)
	}
}

func TestRerunLeavesUnchangedFilesAlone(t *testing.T) {
	ctx := context.Background()
	db := testutil.OpenDB(t)
	a := addArticle(t, db, store.Article{Title: "Kept"})
	addNote(t, db, a, "first")
	b := addArticle(t, db, store.Article{Title: "Changed"})
	addNote(t, db, b, "first")
	out := t.TempDir()
	run(t, db, Options{Out: out})

	old := time.Date(2001, 1, 1, 0, 0, 0, 0, time.UTC)
	for _, name := range []string{"Kept.md", "Changed.md"} {
		if err := os.Chtimes(filepath.Join(out, name), old, old); err != nil {
			t.Fatal(err)
		}
	}
	sum := run(t, db, Options{Out: out})
	if sum.Written != 0 || sum.Unchanged != 2 {
		t.Fatalf("re-run: %+v, want nothing written", sum)
	}

	addNote(t, db, b, "second")
	sum = run(t, db, Options{Out: out})
	if sum.Written != 1 || sum.Unchanged != 1 || sum.Files[0] != filepath.Join(out, "Changed.md") {
		t.Fatalf("after a new note: %+v, want Changed.md written", sum)
	}
	for name, wantOld := range map[string]bool{"Kept.md": true, "Changed.md": false} {
		info, err := os.Stat(filepath.Join(out, name))
		if err != nil {
			t.Fatal(err)
		}
		if info.ModTime().Equal(old) != wantOld {
			t.Errorf("%s mtime = %v; untouched = %v, want %v", name, info.ModTime(), !wantOld, wantOld)
		}
	}
	// A new title changes the file's text but not its name, so links to it keep working.
	if err := db.UpdateArticleText(ctx, &store.Article{ID: a, Title: "Renamed", Body: "Body of Kept"}); err != nil {
		t.Fatal(err)
	}
	if sum := run(t, db, Options{Out: out}); sum.Written != 1 || sum.Files[0] != filepath.Join(out, "Kept.md") {
		t.Fatalf("after a new title: %+v, want Kept.md written", sum)
	}
	if got := readFile(t, filepath.Join(out, "Kept.md")); !strings.Contains(got, "# Renamed") {
		t.Errorf("Kept.md after rename:\n%s", got)
	}
}

func TestEditedFileIsNotOverwritten(t *testing.T) {
	db := testutil.OpenDB(t)
	a := addArticle(t, db, store.Article{Title: "Edited"})
	addNote(t, db, a, "first")
	out := t.TempDir()
	run(t, db, Options{Out: out})
	path := filepath.Join(out, "Edited.md")
	edited := readFile(t, path) + "\nMy own addition in Obsidian.\n"
	if err := os.WriteFile(path, []byte(edited), 0o644); err != nil {
		t.Fatal(err)
	}

	// Lectern has nothing new: the user's version simply stays.
	if sum := run(t, db, Options{Out: out}); sum.Unchanged != 1 || sum.Conflicts != 0 || sum.Written != 0 {
		t.Errorf("re-run after an edit: %+v, want the file left alone without a conflict", sum)
	}

	// Both changed: a conflict, with Lectern's version beside the user's.
	addNote(t, db, a, "second")
	sum := run(t, db, Options{Out: out})
	copyPath := filepath.Join(out, "Edited (lectern).md")
	if sum.Conflicts != 1 || sum.Written != 0 || !slices.Equal(sum.ConflictFiles, []string{path}) {
		t.Fatalf("summary = %+v, want one conflict", sum)
	}
	if readFile(t, path) != edited {
		t.Error("the user's edit was overwritten")
	}
	if got := readFile(t, copyPath); !strings.Contains(got, "second") {
		t.Errorf("Lectern's version lacks the new note:\n%s", got)
	}

	// The conflict is reported once; the next new note makes a new one.
	old := time.Date(2001, 1, 1, 0, 0, 0, 0, time.UTC)
	os.Chtimes(copyPath, old, old)
	if sum := run(t, db, Options{Out: out}); sum.Conflicts != 0 || sum.Unchanged != 1 {
		t.Errorf("run after the conflict: %+v, want it settled", sum)
	}
	if info, _ := os.Stat(copyPath); !info.ModTime().Equal(old) {
		t.Error("the conflict copy was rewritten with nothing new")
	}
	addNote(t, db, a, "third")
	if sum := run(t, db, Options{Out: out}); sum.Conflicts != 1 || !strings.Contains(readFile(t, copyPath), "third") {
		t.Errorf("after another note: %+v, want a new conflict copy", sum)
	}
	if readFile(t, path) != edited {
		t.Error("the user's edit was overwritten")
	}

	// Once the user deletes their version, Lectern writes its own again.
	os.Remove(path)
	if sum := run(t, db, Options{Out: out}); sum.Written != 1 || sum.Conflicts != 0 {
		t.Errorf("after the user removed the file: %+v", sum)
	}
}

func TestUserFilesAreNeverTaken(t *testing.T) {
	db := testutil.OpenDB(t)
	addNote(t, db, addArticle(t, db, store.Article{Title: "Reading list"}), "n")
	out := t.TempDir()
	mine := filepath.Join(out, "Reading list.md")
	if err := os.WriteFile(mine, []byte("my own file"), 0o644); err != nil {
		t.Fatal(err)
	}
	sum := run(t, db, Options{Out: out})
	if readFile(t, mine) != "my own file" {
		t.Error("a file Lectern did not write was overwritten")
	}
	if want := filepath.Join(out, "Reading list (2).md"); !slices.Equal(sum.Files, []string{want}) {
		t.Errorf("files = %q, want %q", sum.Files, want)
	}
}

func TestSameTitlesGetStableDistinctNames(t *testing.T) {
	db := testutil.OpenDB(t)
	first := addArticle(t, db, store.Article{Title: "News", Body: "one"})
	second := addArticle(t, db, store.Article{Title: "news", Body: "two"})
	addNote(t, db, first, "n")
	addNote(t, db, second, "n")
	out := t.TempDir()
	// Export the second alone first: it takes the plain name, and keeps it.
	run(t, db, Options{Out: out, IDs: []int64{second}})
	run(t, db, Options{Out: out})
	for name, id := range map[string]int64{"news.md": second, "News (2).md": first} {
		if got, ok := ReadLecternID([]byte(readFile(t, filepath.Join(out, name)))); !ok || got != id {
			t.Errorf("%s holds article %d, want %d", name, got, id)
		}
	}
}

func TestNoTemporaryFilesLeftBehind(t *testing.T) {
	db := testutil.OpenDB(t)
	addNote(t, db, addArticle(t, db, store.Article{Title: "A"}), "n")
	out := t.TempDir()
	leftover := filepath.Join(out, ".lectern-123.tmp")
	os.WriteFile(leftover, []byte("half a fi"), 0o600)
	run(t, db, Options{Out: out})
	if got := fileNames(t, out); !slices.Equal(got, []string{manifestName, "A.md"}) {
		t.Errorf("folder holds %q", got)
	}

	// A write that fails at the rename removes its temporary file.
	if err := os.Mkdir(filepath.Join(out, "dir.md"), 0o755); err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(out, "dir.md", "x"), nil, 0o644)
	if err := writeAtomic(out, "dir.md", []byte("data")); err == nil {
		t.Fatal("renaming over a folder succeeded")
	}
	if got := fileNames(t, out); !slices.Equal(got, []string{manifestName, "A.md", "dir.md"}) {
		t.Errorf("after a failed write the folder holds %q", got)
	}
}

func TestTamperedManifestCannotEscapeFolder(t *testing.T) {
	db := testutil.OpenDB(t)
	for _, title := range []string{"One", "Two", "Three", "Four", "Five", "Six"} {
		id := addArticle(t, db, store.Article{Title: title})
		addNote(t, db, id, "n")
	}
	root := t.TempDir()
	out := filepath.Join(root, "export")
	os.Mkdir(out, 0o755)
	manifest := `{"version": 1, "files": {
		"article/1": {"name": "../escaped.md"},
		"article/2": {"name": "/tmp/absolute.md"},
		"article/3": {"name": "sub/dir.md"},
		"article/4": {"name": "CON.md"},
		"article/5": {"name": ".hidden.md"},
		"article/6": {"name": "..\\windows.md"}}}`
	if err := os.WriteFile(filepath.Join(out, manifestName), []byte(manifest), 0o644); err != nil {
		t.Fatal(err)
	}
	run(t, db, Options{Out: out})
	if got := fileNames(t, root); !slices.Equal(got, []string{"export"}) {
		t.Errorf("files outside the export folder: %q", got)
	}
	want := []string{manifestName, "Five.md", "Four.md", "One.md", "Six.md", "Three.md", "Two.md"}
	if got := fileNames(t, out); !slices.Equal(got, want) {
		t.Errorf("export folder holds %q, want %q", got, want)
	}
}

func TestDamagedManifestIsReported(t *testing.T) {
	db := testutil.OpenDB(t)
	out := t.TempDir()
	os.WriteFile(filepath.Join(out, manifestName), []byte("{not json"), 0o644)
	_, err := Run(context.Background(), db, Options{Out: out})
	if err == nil || !strings.Contains(err.Error(), "damaged") {
		t.Errorf("err = %v, want a damaged-manifest error", err)
	}
}

func TestCancelledExportKeepsWhatItWrote(t *testing.T) {
	db := testutil.OpenDB(t)
	for _, title := range []string{"One", "Two", "Three"} {
		addNote(t, db, addArticle(t, db, store.Article{Title: title}), "n")
	}
	ctx, cancel := context.WithCancel(context.Background())
	out := t.TempDir()
	sum, err := Run(ctx, db, Options{Out: out, OnProgress: func(done, _ int, _ string) {
		if done == 2 {
			cancel()
		}
	}})
	if !errors.Is(err, context.Canceled) || sum.Written != 2 {
		t.Fatalf("summary %+v, err %v; want two files and context.Canceled", sum, err)
	}
	// The manifest knows the two files, so the next run sees them as Lectern's own.
	sum = run(t, db, Options{Out: out})
	if sum.Unchanged != 2 || sum.Written != 1 || sum.Conflicts != 0 {
		t.Errorf("run after cancel: %+v", sum)
	}
}

func TestUserTemplate(t *testing.T) {
	db := testutil.OpenDB(t)
	a := addArticle(t, db, store.Article{Title: "Templated", Tags: []string{"x"}})
	addHighlight(t, db, a, "Body", "why", 0)
	dir := t.TempDir()
	write := func(name, text string) string {
		path := filepath.Join(dir, name)
		os.WriteFile(path, []byte(text), 0o644)
		return path
	}

	good := write("good.tmpl", "---\ntitle: {{yaml .Title}}\nlectern_id: {{.ID}}\n---\n"+
		"{{range .Highlights}}- {{escape .Quote}} ({{.Comment}}) ^{{.BlockID}}\n{{end}}")
	out := t.TempDir()
	run(t, db, Options{Out: out, Template: good})
	want := "---\ntitle: \"Templated\"\nlectern_id: 1\n---\n- Body (why) ^lectern-h1\n"
	if got := readFile(t, filepath.Join(out, "Templated.md")); got != want {
		t.Errorf("got:\n%s\nwant:\n%s", got, want)
	}

	for _, c := range []struct{ name, text, wantErr string }{
		{"syntax.tmpl", "{{range .Highlights}}\n{{.Quote}", "syntax.tmpl:2"},
		{"field.tmpl", "# {{.Titel}}", "Titel"},
		{"func.tmpl", "{{shout .Title}}", `"shout" not defined`},
		{"notes.tmpl", "{{(index .Highlights 0).Quote}}", "index out of range"}, // fails on standalone notes
	} {
		out := t.TempDir()
		err := CheckTemplate(write(c.name, c.text))
		if err == nil || !strings.Contains(err.Error(), c.wantErr) {
			t.Errorf("%s: CheckTemplate err = %v, want it to mention %q", c.name, err, c.wantErr)
		}
		if _, err := Run(context.Background(), db, Options{Out: out, Template: filepath.Join(dir, c.name)}); err == nil {
			t.Errorf("%s: Run accepted a broken template", c.name)
		}
		if got := fileNames(t, out); len(got) != 0 {
			t.Errorf("%s: a broken template still wrote %q", c.name, got)
		}
	}
	if err := CheckTemplate(filepath.Join(dir, "missing.tmpl")); err == nil {
		t.Error("a missing template file was accepted")
	}
}

func TestReadLecternID(t *testing.T) {
	db := testutil.OpenDB(t)
	a := addArticle(t, db, store.Article{Title: "Find me"})
	addNote(t, db, a, "n")
	addNote(t, db, 0, "Standalone")
	out := t.TempDir()
	run(t, db, Options{Out: out})
	exported := readFile(t, filepath.Join(out, "Find me.md"))
	for _, c := range []struct {
		name, text string
		id         int64
		ok         bool
	}{
		{"exported", exported, a, true},
		{"crlf and bom", "\uFEFF" + strings.ReplaceAll(exported, "\n", "\r\n"), a, true},
		{"standalone note", readFile(t, filepath.Join(out, "Standalone.md")), 0, false},
		{"no front matter", "# Find me\n\nlectern_id: 3\n", 0, false},
		{"unclosed", "---\nlectern_id: 3\n", 0, false},
		{"not a number", "---\nlectern_id: three\n---\n", 0, false},
		{"negative", "---\nlectern_id: -3\n---\n", 0, false},
		{"bad yaml", "---\ntitle: \"\nlectern_id: 3\n---\n", 0, false},
	} {
		id, ok := ReadLecternID([]byte(c.text))
		if id != c.id || ok != c.ok {
			t.Errorf("%s: ReadLecternID = %d, %v; want %d, %v", c.name, id, ok, c.id, c.ok)
		}
	}
}

func TestLostManifestKeepsNames(t *testing.T) {
	db := testutil.OpenDB(t)
	first := addArticle(t, db, store.Article{Title: "Same", Body: "one"})
	second := addArticle(t, db, store.Article{Title: "Same", Body: "two"})
	addNote(t, db, first, "n")
	addNote(t, db, second, "n")
	addNote(t, db, 0, "Standalone")
	out := t.TempDir()
	run(t, db, Options{Out: out})
	os.Remove(filepath.Join(out, manifestName))
	edited := filepath.Join(out, "Same (2).md")
	os.WriteFile(edited, []byte(readFile(t, edited)+"edited\n"), 0o644)

	// Files Lectern wrote are recognised by their front matter; without the recorded
	// hash an edited one cannot be told from an outdated one, so it is left alone.
	sum := run(t, db, Options{Out: out})
	if sum.Unchanged != 2 || sum.Written != 0 || sum.Conflicts != 1 {
		t.Errorf("re-export without manifest: %+v, want 2 unchanged and 1 conflict", sum)
	}
	want := []string{manifestName, "Same (2) (lectern).md", "Same (2).md", "Same.md", "Standalone.md"}
	if got := fileNames(t, out); !slices.Equal(got, want) {
		t.Errorf("folder holds %q, want %q", got, want)
	}
}
