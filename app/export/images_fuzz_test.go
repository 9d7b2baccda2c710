package export

import (
	"strings"
	"testing"

	"lectern/store"
)

// FuzzLocalImages rewrites the images of any Markdown: nothing panics, a text without stored
// images comes back as it was, and every rewritten address points into assets/.
func FuzzLocalImages(f *testing.F) {
	f.Add("![a](p.png) `![b](p.png)` ![c][r]\n\n[r]: p.png\n", "p.png")
	f.Add("| ![x](<a b.png>) |\n|---|\n", "a b.png")
	f.Add("> ![q](p.png \"t\")\n>\n> - ![l](p.png)", "p.png")
	f.Fuzz(func(t *testing.T, md, src string) {
		if got, assets := localImages(md, nil); got != md || assets != nil {
			t.Fatalf("changed without images: %q", got)
		}
		got, assets := localImages(md, map[string]store.ImageInfo{src: {Hash: "h", Mime: "image/png"}})
		if len(assets) > 1 || len(assets) == 1 && assets[0].name != "h.png" {
			t.Fatalf("assets %v", assets)
		}
		if len(assets) == 0 && got != md {
			t.Fatalf("changed without a rewrite: %q", got)
		}
		if len(assets) == 1 && !strings.Contains(got, "assets/h.png") {
			t.Fatalf("rewritten without the asset's address: %q", got)
		}
	})
}
