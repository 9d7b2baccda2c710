package export

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"lectern/internal/testutil"
	"lectern/store"
)

// With the full text, an article's stored images are written to assets/ and its Markdown
// links them there; the rest of the text is as stored.
func TestExportWritesImagesBesideTheMarkdown(t *testing.T) {
	ctx := context.Background()
	db := testutil.OpenDB(t)
	md := "# Pictures\n\n![a photo](pic.png) and ![remote](<https://e.com/x y.jpg> \"a title\")\n\n" +
		"Code: `![not an image](pic.png)`\n\n![by reference][r] ![missing](missing.png)\n\n[r]: pic.png\n"
	id := addArticle(t, db, store.Article{Title: "Pictures", Markdown: md})
	png, jpeg := []byte("png bytes"), []byte("jpeg bytes")
	if err := db.AddArticleImages(ctx, id, []store.ImageFile{
		{Src: "pic.png", Mime: "image/png", Width: 3, Height: 3, Data: png},
		{Src: "https://e.com/x y.jpg", Mime: "image/jpeg", Width: 3, Height: 3, Data: jpeg},
	}); err != nil {
		t.Fatal(err)
	}
	out := t.TempDir()
	sum := run(t, db, Options{Out: out, All: true, FullText: true})
	if sum.Written != 1 {
		t.Fatalf("summary %+v", sum)
	}
	page, err := os.ReadFile(sum.Files[0])
	if err != nil {
		t.Fatal(err)
	}
	pngName, jpegName := "assets/"+store.ImageHash(png)+".png", "assets/"+store.ImageHash(jpeg)+".jpg"
	for _, want := range []string{
		"![a photo](" + pngName + ")",
		"![remote](<" + jpegName + "> \"a title\")",
		"`![not an image](pic.png)`",
		"![missing](missing.png)",
		"[r]: " + pngName,
	} {
		if !strings.Contains(string(page), want) {
			t.Errorf("exported page lacks %q:\n%s", want, page)
		}
	}
	for name, data := range map[string][]byte{pngName: png, jpegName: jpeg} {
		if got, err := os.ReadFile(filepath.Join(out, name)); err != nil || !bytes.Equal(got, data) {
			t.Errorf("%s: %q, %v", name, got, err)
		}
	}

	// Again: nothing changes. An image the user changed is left alone; one deleted comes back.
	pngPath, jpegPath := filepath.Join(out, pngName), filepath.Join(out, jpegName)
	os.WriteFile(pngPath, []byte("edited by the user"), 0o644)
	os.Remove(jpegPath)
	sum = run(t, db, Options{Out: out, All: true, FullText: true})
	if sum.Written != 0 || sum.Unchanged != 1 {
		t.Errorf("second export %+v", sum)
	}
	if got, _ := os.ReadFile(pngPath); string(got) != "edited by the user" {
		t.Errorf("the user's image was overwritten: %q", got)
	}
	if got, _ := os.ReadFile(jpegPath); !bytes.Equal(got, jpeg) {
		t.Errorf("a deleted image was not written again: %q", got)
	}
	if leftovers, _ := filepath.Glob(filepath.Join(out, "assets", tempPattern)); len(leftovers) != 0 {
		t.Errorf("temporary files left: %v", leftovers)
	}
}

// Without the full text no image is linked, so none is written.
func TestExportWithoutFullTextWritesNoImages(t *testing.T) {
	ctx := context.Background()
	db := testutil.OpenDB(t)
	id := addArticle(t, db, store.Article{Title: "P", Markdown: "![a](pic.png)"})
	if err := db.AddArticleImages(ctx, id, []store.ImageFile{{Src: "pic.png", Mime: "image/png", Data: []byte("x")}}); err != nil {
		t.Fatal(err)
	}
	out := t.TempDir()
	run(t, db, Options{Out: out, All: true})
	if _, err := os.Stat(filepath.Join(out, assetsDir)); err == nil {
		t.Error("an assets folder without the full text")
	}
}

func TestLocalImagesKeepsTheRestOfTheText(t *testing.T) {
	images := map[string]store.ImageInfo{"a.gif": {Hash: "h", Mime: "image/gif"}, "b.webp": {Hash: "w", Mime: "image/webp"}}
	md := "Text ![x](a.gif) more ![y](b.webp)\n\n    ![indented code](a.gif)\n\n| t | ![z](a.gif) |\n|---|---|\n"
	got, assets := localImages(md, images)
	want := "Text ![x](assets/h.gif) more ![y](assets/w.webp)\n\n    ![indented code](a.gif)\n\n| t | ![z](assets/h.gif) |\n|---|---|\n"
	if got != want || len(assets) != 2 {
		t.Errorf("localImages =\n%q, %v\nwant\n%q", got, assets, want)
	}
}
