package export

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/text"

	"lectern/store"
)

// assetsDir is the folder, inside the export folder, that holds the articles' images.
const assetsDir = "assets"

// imageParser reads Markdown as ingest does (CommonMark with the GitHub extensions), so
// that an image's address here is the one its image was stored under.
var imageParser = goldmark.New(goldmark.WithExtensions(extension.GFM)).Parser()

// asset is one image file an exported page links to.
type asset struct {
	name string // file name inside assetsDir: the image's hash and an extension
	hash string
}

var imageExtensions = map[string]string{
	"image/png": ".png", "image/jpeg": ".jpg", "image/gif": ".gif", "image/webp": ".webp",
}

func assetName(info store.ImageInfo) string {
	ext, ok := imageExtensions[info.Mime]
	if !ok {
		ext = ".img"
	}
	return info.Hash + ext
}

// localImages rewrites the addresses of the Markdown's images that have a stored image to
// "assets/NAME", and returns the assets it links to. Only the address is replaced, in place:
// the rest of the text is kept byte for byte, and an image written inside code is text, not
// an image, so it is left alone.
func localImages(md string, images map[string]store.ImageInfo) (string, []asset) {
	if len(images) == 0 || !strings.Contains(md, "![") {
		return md, nil
	}
	source := []byte(md)
	doc := imageParser.Parse(text.NewReader(source))
	type edit struct {
		start, end int
		name       string
	}
	var edits []edit
	var assets []asset
	done := map[int]bool{}
	ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		img, ok := n.(*ast.Image)
		if !ok || !entering {
			return ast.WalkContinue, nil
		}
		info, ok := images[string(img.Destination)]
		if !ok {
			return ast.WalkContinue, nil
		}
		start, ok := offsetIn(source, img.Destination)
		if !ok || done[start] {
			// Not found in the text (never with goldmark's parser), or a reference's
			// definition already rewritten.
			return ast.WalkContinue, nil
		}
		done[start] = true
		name := assetName(info)
		edits = append(edits, edit{start: start, end: start + len(img.Destination), name: name})
		if !slices.ContainsFunc(assets, func(a asset) bool { return a.name == name }) {
			assets = append(assets, asset{name: name, hash: info.Hash})
		}
		return ast.WalkContinue, nil
	})
	if len(edits) == 0 {
		return md, nil
	}
	slices.SortFunc(edits, func(a, b edit) int { return a.start - b.start })
	var b strings.Builder
	last := 0
	for _, e := range edits {
		if e.start < last {
			continue
		}
		b.WriteString(md[last:e.start])
		b.WriteString(assetsDir + "/" + e.name)
		last = e.end
	}
	b.WriteString(md[last:])
	return b.String(), assets
}

// offsetIn finds where sub, a slice of source's bytes (as goldmark's destinations are), starts
// in source.
func offsetIn(source, sub []byte) (int, bool) {
	if len(sub) == 0 {
		return 0, false
	}
	off := cap(source) - cap(sub)
	if off < 0 || off+len(sub) > len(source) || &source[off] != &sub[0] {
		return 0, false
	}
	return off, true
}

// assetWriter writes the images pages link to into the assets folder, each once. An image's
// name is its content's hash, so a file of that name already there is left as it is (the same
// image, or the user's own change to it): nothing in the folder is overwritten.
type assetWriter struct {
	dir  string // the export folder
	done map[string]bool
	made bool // the assets folder exists
}

func (w *assetWriter) write(ctx context.Context, db *store.DB, assets []asset) error {
	for _, a := range assets {
		if w.done[a.name] {
			continue
		}
		if err := w.writeOne(ctx, db, a); err != nil {
			return fmt.Errorf("export: image %s: %w", a.name, err)
		}
		w.done[a.name] = true
	}
	return nil
}

func (w *assetWriter) writeOne(ctx context.Context, db *store.DB, a asset) error {
	dir := filepath.Join(w.dir, assetsDir)
	if _, err := os.Lstat(filepath.Join(dir, a.name)); err == nil {
		return nil
	} else if !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	if !w.made {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return err
		}
		if err := removeTempFiles(dir); err != nil {
			return err
		}
		w.made = true
	}
	data, _, err := db.Image(ctx, a.hash)
	if err != nil {
		return err
	}
	return writeAtomic(dir, a.name, data)
}
