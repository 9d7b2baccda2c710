package ingest

import (
	"bytes"
	"encoding/base64"
	"image"
	"image/color"
	"image/gif"
	"image/jpeg"
	"strings"
	"testing"
)

// FuzzImageSources feeds any Markdown to the image collection and any address to the
// resolvers: nothing panics, and every address found is one of the text's, once.
func FuzzImageSources(f *testing.F) {
	f.Add("![a](x.png) ![b](<y z.png> \"t\") `![c](code.png)`\n\n![d][r]\n\n[r]: ./r.png#frag")
	f.Add("![](data:image/png;base64,iVBORw0KGgo=) ![x](../../etc/passwd) ![y](//host/p.png) ![z](file:///tmp/a.png)")
	f.Add("![a](http://[::1]:80/%zz) ![b](\\_esc\\_.png) ![c](a&amp;b.png) ![d](mailto:x@y)")
	f.Fuzz(func(t *testing.T, md string) {
		srcs := imageSources(md)
		seen := map[string]bool{}
		for _, src := range srcs {
			if src == "" || seen[src] {
				t.Fatalf("empty or repeated address %q in %q", src, srcs)
			}
			seen[src] = true
			if !strings.Contains(md, src) && !strings.Contains(md, strings.TrimSpace(src)) {
				// A destination is always a piece of the text as written.
				t.Fatalf("address %q is not in the text", src)
			}
			for _, origin := range []*imageOrigin{
				{page: webURL("https://example.com/a/b.html"), network: true},
				{dir: "/tmp/article", network: true},
				{book: nil, dir: ""},
			} {
				loc, err := origin.locate(src)
				if err == nil && loc.kind == "" {
					t.Fatalf("locate(%q) gave no location", src)
				}
			}
		}
	})
}

// FuzzDecodeDataURI decodes any data: URI: nothing panics and nothing over the cap comes back.
func FuzzDecodeDataURI(f *testing.F) {
	f.Add("data:image/png;base64,iVBORw0KGgo=")
	f.Add("data:,hello%20world")
	f.Add("data:image/gif;base64,R0lGODlhAQABAAAAACw=")
	f.Add("data:;base64,-_-_")
	f.Fuzz(func(t *testing.T, uri string) {
		const limit = 64
		data, err := decodeDataURI(uri, limit)
		if err == nil && len(data) > limit {
			t.Fatalf("%d bytes over a cap of %d", len(data), limit)
		}
		if err != nil && reasonOf(err) == "" {
			t.Fatalf("an error without a reason: %v", err)
		}
	})
}

// FuzzCheckImage checks any bytes as an image: nothing panics or hangs, and what is accepted
// is within the limits.
func FuzzCheckImage(f *testing.F) {
	var buf bytes.Buffer
	img := image.NewPaletted(image.Rect(0, 0, 3, 3), color.Palette{color.Black, color.White})
	gif.Encode(&buf, img, nil)
	f.Add(buf.Bytes())
	buf.Reset()
	jpeg.Encode(&buf, image.NewGray(image.Rect(0, 0, 8, 8)), nil)
	f.Add(buf.Bytes())
	f.Add(pngImage(f, 4, 4, 1))
	webp, _ := base64.StdEncoding.DecodeString("UklGRhoAAABXRUJQVlA4TA0AAAAvAAAAEAcQERGIiP4HAA==")
	f.Add(webp)
	f.Add([]byte(svgBomb))
	f.Fuzz(func(t *testing.T, data []byte) {
		mimeType, w, h, err := checkImage(data)
		if err != nil {
			return
		}
		if mimeType == "" || w <= 0 || h <= 0 || int64(w)*int64(h) > MaxImagePixels || w <= 2 && h <= 2 {
			t.Fatalf("accepted %q %d×%d", mimeType, w, h)
		}
	})
}
