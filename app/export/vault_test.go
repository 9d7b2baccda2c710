package export_test

import (
	"bytes"
	"context"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"

	"lectern/app/export"
	"lectern/app/ingest"
	"lectern/internal/testutil"
	"lectern/store"
)

const caravan = "Caravan of migrants cross Guatemalan border on their way to the U.S."

// copyVault copies testdata/vault to a temporary folder, so a test may change it.
func copyVault(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	err := filepath.WalkDir("testdata/vault", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel("testdata/vault", p)
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		target := filepath.Join(dir, rel)
		os.MkdirAll(filepath.Dir(target), 0o755)
		return os.WriteFile(target, data, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	return dir
}

// vaultMarkdown lists a folder's Markdown files outside hidden folders, by relative path.
func vaultMarkdown(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if strings.HasPrefix(d.Name(), ".") && p != dir {
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		if !d.IsDir() && strings.HasSuffix(p, ".md") {
			rel, _ := filepath.Rel(dir, p)
			data, _ := os.ReadFile(p)
			out[filepath.ToSlash(rel)] = data
		}
		return nil
	})
	return out
}

func parseFrontMatter(t *testing.T, name string, file []byte) (map[string]any, string) {
	t.Helper()
	block, body := store.SplitFrontMatter(string(file))
	var fields map[string]any
	if err := yaml.Unmarshal([]byte(store.FrontMatterYAML(block)), &fields); err != nil {
		t.Fatalf("%s: front matter: %v", name, err)
	}
	return fields, body
}

// A vault imported and exported gives the same file names, folders, bodies byte for byte and
// front matter (as YAML, Lectern's lectern_note_id aside), with the attachments beside them;
// its links resolve, its tags are the notes' tags, and importing it again adds nothing.
func TestVaultRoundTrip(t *testing.T) {
	ctx := context.Background()
	db := testutil.OpenDB(t)
	articleID, err := db.AddArticle(ctx, &store.Article{Title: caravan, Body: "They walked across the border. Then they rested."})
	if err != nil {
		t.Fatal(err)
	}
	h, err := db.AddHighlight(ctx, store.Highlight{ArticleID: articleID, Quote: "They walked across the border.", Start: 0, End: 30})
	if err != nil || h.ID != 1 {
		t.Fatalf("highlight %d: %v", h.ID, err)
	}
	vault := copyVault(t)
	sum, err := ingest.Import(ctx, db, []string{vault}, ingest.Options{MarkdownAsNotes: true})
	if err != nil {
		t.Fatal(err)
	}
	// Five notes; the unused PDF and the hidden file (.gitattributes) skipped; the hidden
	// folders (.obsidian, .trash) never looked into.
	if sum.Imported != 5 || sum.Failed != 0 || sum.Skipped != 2 {
		t.Fatalf("import: %+v", sum)
	}
	for _, r := range sum.Results {
		if strings.Contains(r.Source, ".obsidian") || strings.Contains(r.Source, ".trash") {
			t.Errorf("hidden folder read: %s", r.Source)
		}
	}

	out := t.TempDir()
	if _, err := export.Run(ctx, db, export.Options{Out: out}); err != nil {
		t.Fatal(err)
	}
	original, exported := vaultMarkdown(t, vault), vaultMarkdown(t, out)
	// The article (it has a highlight) is exported too, at the top.
	delete(exported, export.FileName(caravan))
	if !slices.Equal(slices.Sorted(maps.Keys(original)), slices.Sorted(maps.Keys(exported))) {
		t.Fatalf("files: vault %q, export %q", slices.Sorted(maps.Keys(original)), slices.Sorted(maps.Keys(exported)))
	}
	for name, want := range original {
		got := exported[name]
		wantFields, wantBody := parseFrontMatter(t, name, want)
		gotFields, gotBody := parseFrontMatter(t, name, got)
		if gotBody != wantBody {
			t.Errorf("%s: body changed:\n%q\nwant\n%q", name, gotBody, wantBody)
		}
		if _, ok := gotFields["lectern_note_id"]; !ok {
			t.Errorf("%s: no lectern_note_id in %q", name, got)
		}
		delete(gotFields, "lectern_note_id")
		if len(gotFields) == 0 {
			gotFields = nil
		}
		if !reflect.DeepEqual(gotFields, wantFields) {
			t.Errorf("%s: front matter %v, want %v", name, gotFields, wantFields)
		}
		// The user's block is kept as written: the export only adds its line.
		block, _ := store.SplitFrontMatter(string(want))
		gotBlock, _ := store.SplitFrontMatter(string(got))
		if stripped, _ := store.StripLecternKeys(gotBlock); stripped != block {
			t.Errorf("%s: front matter block %q, want %q", name, gotBlock, block)
		}
	}
	for _, name := range []string{"attachments/cover.png", "attachments/diagram one.png"} {
		want, _ := os.ReadFile(filepath.Join(vault, name))
		got, err := os.ReadFile(filepath.Join(out, name))
		if err != nil || !bytes.Equal(got, want) {
			t.Errorf("attachment %s: %v", name, err)
		}
	}
	if _, err := os.Stat(filepath.Join(out, "attachments", "unused.pdf")); err == nil {
		t.Error("an attachment no note uses was exported")
	}

	// Links and backlinks.
	notes, _ := db.AllNotes(ctx)
	byTitle := map[string]store.Note{}
	for _, n := range notes {
		byTitle[n.Title] = n
	}
	list, daily, wiki := byTitle["Reading list"], byTitle["2024-03-02"], byTitle["Wikilinks"]
	if list.Path != "Projects/Reading list.md" || daily.Path != "Daily/2024-03-02.md" {
		t.Fatalf("notes: %+v", notes)
	}
	back, err := db.Backlinks(ctx, articleID)
	if err != nil || len(back) != 2 {
		t.Fatalf("article backlinks %+v %v", back, err)
	}
	for _, b := range back {
		if !(b.NoteID == list.ID && b.ToHighlight == 0 || b.NoteID == daily.ID && b.ToHighlight == h.ID) {
			t.Errorf("article backlink %+v", b)
		}
	}
	back, err = db.NoteBacklinks(ctx, list.ID)
	if err != nil {
		t.Fatal(err)
	}
	var from []string
	for _, b := range back {
		from = append(from, b.From)
	}
	if !reflect.DeepEqual(from, []string{"2024-03-02", "Windows note", "Wikilinks"}) {
		t.Errorf("note backlinks from %q", from)
	}
	if target, ok, _ := db.ResolveLink(ctx, store.Wikilink{Target: "Nowhere yet"}); ok {
		t.Errorf("unresolved link resolved to %+v", target)
	}
	if target, ok, _ := db.ResolveLink(ctx, store.Wikilink{Target: "Daily/2024-03-02"}); !ok || target.ID != daily.ID {
		t.Errorf("link by path: %+v", target)
	}

	// Tags: front matter (list or string, with or without #) and inline.
	for tag, want := range map[string]string{"reading": "Reading list", "ideas": "Reading list", "links": "Wikilinks",
		"obsidian": "Wikilinks", "inbox": "Windows note", "top": "Top level note"} {
		tagged, err := db.NotesTagged(ctx, tag)
		if err != nil || len(tagged) != 1 || tagged[0].Title != want {
			t.Errorf("tag %s: %+v %v", tag, tagged, err)
		}
	}
	if tagged, _ := db.NotesTagged(ctx, "not-a-tag"); len(tagged) != 0 {
		t.Errorf("a tag in code: %+v", tagged)
	}
	if tags, _ := db.NoteTags(ctx, wiki.ID); !reflect.DeepEqual(tags, []string{"links", "obsidian"}) {
		t.Errorf("Wikilinks tags %q", tags)
	}

	// Again: nothing new; a changed file updates its note.
	sum, err = ingest.Import(ctx, db, []string{vault}, ingest.Options{MarkdownAsNotes: true})
	if err != nil || sum.Imported != 0 || sum.Duplicates != 5 {
		t.Fatalf("import again: %+v %v", sum, err)
	}
	changed := append(bytes.Clone(original["Daily/2024-03-02.md"]), "\nOne more line."...)
	os.WriteFile(filepath.Join(vault, "Daily", "2024-03-02.md"), changed, 0o644)
	sum, err = ingest.Import(ctx, db, []string{vault}, ingest.Options{MarkdownAsNotes: true})
	if err != nil || sum.Imported != 1 || sum.Duplicates != 4 {
		t.Fatalf("import a changed vault: %+v %v", sum, err)
	}
	if n, _ := db.Note(ctx, daily.ID); n.Body != string(changed) {
		t.Errorf("changed note: %q", n.Body)
	}
	if all, _ := db.AllNotes(ctx); len(all) != 5 {
		t.Errorf("%d notes after importing again", len(all))
	}

	// The export folder imported back is the same notes; exported again, nothing changes.
	os.WriteFile(filepath.Join(vault, "Daily", "2024-03-02.md"), original["Daily/2024-03-02.md"], 0o644)
	if _, err := ingest.Import(ctx, db, []string{vault}, ingest.Options{MarkdownAsNotes: true}); err != nil {
		t.Fatal(err)
	}
	sum, err = ingest.Import(ctx, db, []string{out}, ingest.Options{MarkdownAsNotes: true})
	if err != nil || sum.Imported != 0 {
		t.Fatalf("import the export: %+v %v", sum, err)
	}
	if all, _ := db.AllNotes(ctx); len(all) != 5 {
		t.Errorf("%d notes after importing the export", len(all))
	}
	again, err := export.Run(ctx, db, export.Options{Out: out})
	if err != nil {
		t.Fatal(err)
	}
	if again.Written != 0 || again.Conflicts != 0 {
		t.Errorf("export again: %+v", again)
	}
}

// The export skips what is in the Trash.
func TestExportSkipsTrashedArticles(t *testing.T) {
	ctx := context.Background()
	db := testutil.OpenDB(t)
	id, _ := db.AddArticle(ctx, &store.Article{Title: "Gone", Body: "text"})
	db.AddNote(ctx, id, "a note")
	keep, _ := db.AddArticle(ctx, &store.Article{Title: "Kept", Body: "other text"})
	db.AddNote(ctx, keep, "kept note")
	if err := db.TrashArticles(ctx, id); err != nil {
		t.Fatal(err)
	}
	out := t.TempDir()
	sum, err := export.Run(ctx, db, export.Options{Out: out, All: true})
	if err != nil {
		t.Fatal(err)
	}
	if len(sum.Files) != 1 || filepath.Base(sum.Files[0]) != "Kept.md" {
		t.Errorf("files %q", sum.Files)
	}
	if _, err := export.Run(ctx, db, export.Options{Out: out, IDs: []int64{id}}); err == nil {
		t.Error("a trashed article exported by id")
	}
}
