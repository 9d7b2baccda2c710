package readview

// Benchmarks of the reading surface: the speed targets of issues 10 and 11 (docs/PERFORMANCE.md,
// "Reading surface"). Run with
//
//	go test -tags=sqlite_fts5 -run '^$' -bench . -benchmem ./app/ui/readview/

import (
	"fmt"
	"image"
	"math/rand/v2"
	"runtime"
	"strings"
	"sync"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"
)

// The window's reading text: the theme's text size × 1.15 (app/ui/theme.go), 36 text sizes wide
// at most (app/ui/reader.go): a column of 580 px.
const (
	benchTextSize = 14 * 1.15
	benchMeasure  = 36
	benchWords    = 30000
	benchImages   = 40
)

// benchVocabulary is common English, with inflected forms added in benchVocab.
var benchVocabulary = strings.Fields(`the of and to in a is that for it as was with be by on not he this are or his
from at which but have an they you were their one all we can her has there been if more when will would who so no
she other its may these about than into could time only new some most any two first such after also years what
over state them many between where world people during made system way through because those under while both each
very work must life same did even back well government public should part being house long another country still
right three general year number own before however since against place used much second small great per down
social later found four high called city just local end take set development form does point group since often
early day without power law large order three among important last several present across known development
history information process theory research language evidence analysis structure energy population market
reading library article memory paper letter window river mountain garden question answer morning evening winter
summer autumn spring machine engine network program computer database highlight archive writer editor reader
children family village council church school college university hospital company industry economy science
nature animal forest ocean island harbour station railway bridge castle kingdom empire republic parliament
election minister president committee article chapter volume edition publisher journal magazine newspaper
careful quiet bright narrow ancient modern simple complex obvious curious patient gentle sudden steady remote
describe consider suggest remember discover explain measure compare observe protect imagine develop require
remain include continue provide produce receive represent establish maintain determine recognise encourage
beautiful difficult particular significant experience relationship understanding environment performance
throughout nevertheless accordingly approximately unfortunately considerable independent extraordinary
photograph telephone microscope telescope algorithm compiler interpreter keyboard monitor terminal satellite`)

// benchVocab is the vocabulary with inflections, most common first.
func benchVocab() []string {
	var out []string
	out = append(out, benchVocabulary...)
	for _, w := range benchVocabulary {
		if len(w) > 4 {
			out = append(out, w+"s", w+"ed", w+"ing", w+"ly")
		}
	}
	return out
}

// benchArticle is a generated article of about words words of running text with images images
// (img-1.png …), in Markdown: sections and subsections, paragraphs with emphasis, inline code
// and links, lists (one nested), a table, code blocks and a block quote.
func benchArticle(words, images int) string {
	rng := rand.New(rand.NewPCG(1, 2))
	vocab := benchVocab()
	zipf := rand.NewZipf(rng, 1.1, 2, uint64(len(vocab)-1))
	word := func() string { return vocab[zipf.Uint64()] }
	n := 0
	phrase := func(k int) string {
		ws := make([]string, k)
		for i := range ws {
			ws[i] = word()
		}
		n += k
		return strings.Join(ws, " ")
	}
	link := 0
	sentence := func() string {
		var b strings.Builder
		k := 8 + rng.IntN(18)
		for i := 0; i < k; i++ {
			if i > 0 {
				b.WriteByte(' ')
			}
			w := word()
			if i == 0 {
				w = strings.ToUpper(w[:1]) + w[1:]
			}
			switch r := rng.IntN(100); {
			case r < 2 && i > 0:
				b.WriteString("*" + phrase(1+rng.IntN(2)) + "*")
				continue
			case r < 3 && i > 0:
				b.WriteString("**" + phrase(2+rng.IntN(2)) + "**")
				continue
			case r < 4 && i > 0:
				b.WriteString("`" + w + "()`")
			case r < 6 && i > 0:
				link++
				fmt.Fprintf(&b, "[%s](https://example.org/%s/%d)", phrase(2+rng.IntN(3)), w, link)
				continue
			case r < 10 && i > 0 && i < k-1:
				b.WriteString(w + ",")
			default:
				b.WriteString(w)
			}
			n++
		}
		end := ".?.!."[rng.IntN(5)]
		b.WriteByte(end)
		return b.String()
	}
	paragraph := func(k int) string {
		var ss []string
		for start := n; n-start < k; {
			ss = append(ss, sentence())
		}
		return strings.Join(ss, " ")
	}
	var md strings.Builder
	img := 0
	nextImage := func() int { return words * img / images }
	table, code1, code2, quote := false, false, false, false
	section := 0
	for n < words {
		if n >= section*1500 {
			section++
			fmt.Fprintf(&md, "## %d. %s\n\n", section, strings.ToUpper(phrase(1)[:1])+phrase(3+rng.IntN(4)))
		} else if rng.IntN(8) == 0 {
			fmt.Fprintf(&md, "### %s\n\n", phrase(2+rng.IntN(5)))
		}
		for img < images && n >= nextImage() {
			img++
			fmt.Fprintf(&md, "![Figure %d: %s](img-%d.png)\n\n", img, phrase(3+rng.IntN(6)), img)
		}
		switch {
		case !table && n > words/3:
			table = true
			md.WriteString("| Year | Place | Measure | Notes |\n|---|---|---:|---|\n")
			for r := 0; r < 12; r++ {
				fmt.Fprintf(&md, "| %d | %s | %d.%d | %s |\n", 1900+r*7, phrase(1+rng.IntN(2)), rng.IntN(1000), rng.IntN(10), phrase(3+rng.IntN(8)))
			}
			md.WriteString("\n")
		case !code1 && n > words/2, !code2 && n > words*3/4:
			if code1 {
				code2 = true
			}
			code1 = true
			md.WriteString("```go\nfunc measure(items []string) (total int) {\n\tfor i, item := range items {\n\t\t// " + phrase(6) + "\n\t\ttotal += len(item) * i\n\t}\n\treturn total\n}\n```\n\n")
		case !quote && n > words/5:
			quote = true
			md.WriteString("> " + paragraph(60) + "\n>\n> " + paragraph(40) + "\n\n")
		case rng.IntN(10) == 0:
			for i := 0; i < 3+rng.IntN(5); i++ {
				if rng.IntN(2) == 0 {
					fmt.Fprintf(&md, "%d. %s\n", i+1, sentence())
				} else {
					fmt.Fprintf(&md, "- %s\n", sentence())
					if rng.IntN(4) == 0 {
						fmt.Fprintf(&md, "  - %s\n  - %s\n", sentence(), sentence())
					}
				}
			}
			md.WriteString("\n")
		default:
			md.WriteString(paragraph(40+rng.IntN(120)) + "\n\n")
		}
	}
	return md.String()
}

// benchText is the generated article: its Markdown and its plain body (the texts as the
// reader shows them, a blank line apart, as the importer stores an article's text).
type benchText struct {
	title, md, body string
	words           int
}

var benchArticleOnce = sync.OnceValue(func() benchText {
	title := "A long read: thirty thousand words with forty pictures"
	md := benchArticle(benchWords, benchImages)
	d := FromMarkdown(title, "", md, "")
	var parts []string
	for _, b := range d.Blocks[1:] {
		if b.Kind == Table {
			for _, row := range b.Rows {
				for _, c := range row {
					parts = append(parts, c.String())
				}
			}
			continue
		}
		if s := b.Text.String(); s != "" {
			parts = append(parts, s)
		}
	}
	body := strings.Join(parts, "\n\n")
	return benchText{title: title, md: md, body: body, words: len(strings.Fields(body))}
})

// benchSource is an ImageSource whose images' sizes are known (as the store's image list gives
// them) and whose decoding is left for later, as the window does it in the background.
type benchSource struct {
	asked   []string
	pending []func(image.Image)
}

func (s *benchSource) Size(src string) (float32, float32, bool) {
	var i int
	if _, err := fmt.Sscanf(src, "img-%d.png", &i); err != nil {
		return 0, 0, false
	}
	sizes := [][2]float32{{1600, 900}, {1200, 800}, {800, 1000}, {640, 480}}
	sz := sizes[i%len(sizes)]
	return sz[0], sz[1], true
}

func (s *benchSource) Load(src string, done func(image.Image)) {
	s.asked = append(s.asked, src)
	s.pending = append(s.pending, done)
}

// decodeAll answers every Load asked so far with a decoded 1600×900 NRGBA image (what the
// window keeps of a large picture) and returns the bytes of pixels handed over.
func (s *benchSource) decodeAll() int {
	total := 0
	for len(s.pending) > 0 {
		done := s.pending[0]
		s.pending = s.pending[1:]
		img := image.NewNRGBA(image.Rect(0, 0, 1600, 900))
		for i := range img.Pix {
			img.Pix[i] = byte(i)
		}
		total += len(img.Pix)
		done(img)
	}
	return total
}

// benchWindow is a test window of size w×h holding a View that reads like the window's.
func benchWindow(b *testing.B, w, h float32) (*View, *benchSource, fyne.Window) {
	b.Helper()
	test.NewTempApp(b)
	v := NewView()
	v.SetTypography(benchTextSize, benchMeasure)
	src := &benchSource{}
	v.Images = src
	v.Do = func(f func()) {} // nothing runs later: a benchmark drives every frame itself
	win := test.NewWindow(v)
	win.SetPadded(false)
	win.Resize(fyne.NewSize(w, h))
	b.Cleanup(win.Close)
	return v, src, win
}

// warmFonts loads the font faces (and the fallback font of the list bullets), so that a
// benchmark does not time or count the app's start.
func warmFonts() {
	for _, st := range []fyne.TextStyle{{}, {Bold: true}, {Italic: true}, {Bold: true, Italic: true}, {Monospace: true}} {
		fyne.MeasureText("Warm • ◦ · — “ ”", benchTextSize, st)
	}
}

func renderedObjects(v *View) int {
	return len(test.WidgetRenderer(v).Objects())
}

// BenchmarkOpen is issue 10's first target: a 30,000-word article with 40 images opened to its
// first frame, ≤ 100 ms. The window does FromMarkdown (parse and anchor to the body), then
// SetDoc on the sized view, which lays the article out and builds the canvas objects within a
// screen of the viewport. Images are decoded in the background afterwards (not timed):
// their sizes are known, so the layout reserves their space.
func BenchmarkOpen(b *testing.B) {
	a := benchArticleOnce()
	b.Run("parse+anchor", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			FromMarkdown(a.title, "By A. Writer · example.org", a.md, a.body)
		}
	})
	b.Run("anchor", func(b *testing.B) {
		d := FromMarkdown(a.title, "", a.md, a.body)
		b.ReportAllocs()
		for b.Loop() {
			anchor(d.Blocks[1:], a.body)
		}
	})
	// cold: Fyne's text-size cache and the view's Measurer are empty (every word is shaped, as
	// for the first article after the start); warm: they hold every word (this article was open
	// a moment ago).
	for _, cold := range []bool{true, false} {
		name := "first-frame/warm"
		if cold {
			name = "first-frame/cold"
		}
		b.Run(name, func(b *testing.B) {
			v, _, _ := benchWindow(b, 1440, 900)
			warmFonts()
			v.SetDoc(FromMarkdown(a.title, "", a.md, a.body), 0)
			b.ReportAllocs()
			for b.Loop() {
				if cold {
					b.StopTimer()
					v.SetDoc(nil, 0)
					test.NewTempApp(b) // clears Fyne's caches of fonts and text sizes
					warmFonts()
					v.measurer = Measurer{Measure: measureText}
					b.StartTimer()
				}
				v.SetDoc(FromMarkdown(a.title, "By A. Writer · example.org", a.md, a.body), 0)
			}
			b.ReportMetric(float64(renderedObjects(v)), "objects")
			b.ReportMetric(float64(len(v.lay.Boxes)), "boxes")
			b.ReportMetric(float64(a.words), "words")
		})
	}
	b.Run("layout-only/warm", func(b *testing.B) {
		v, _, _ := benchWindow(b, 1440, 900)
		d := FromMarkdown(a.title, "", a.md, a.body)
		v.SetDoc(d, 0)
		typo := v.lay.typo
		b.ReportAllocs()
		for b.Loop() {
			Lay(d, 580, typo)
		}
	})
	b.Run("build-only", func(b *testing.B) {
		v, _, _ := benchWindow(b, 1440, 900)
		v.SetDoc(FromMarkdown(a.title, "", a.md, a.body), 0)
		r := test.WidgetRenderer(v).(*renderer)
		b.ReportAllocs()
		for b.Loop() {
			r.lay = nil // the canvas objects are made anew, as for a new article
			r.build()
		}
	})
	// The software painter's picture of the 1440×900 window: what Fyne's test driver can
	// rasterise; the real window draws with OpenGL instead. A stand-in for the paint itself.
	b.Run("software-paint", func(b *testing.B) {
		v, _, win := benchWindow(b, 1440, 900)
		v.SetDoc(FromMarkdown(a.title, "", a.md, a.body), 0)
		b.ReportAllocs()
		for b.Loop() {
			win.Canvas().Capture()
		}
	})
}

// BenchmarkResize is issue 10's second target: one frame of a window resize, ≤ 16 ms. Each op
// is one change of the view's width with the article open (the view lays it out again).
func BenchmarkResize(b *testing.B) {
	a := benchArticleOnce()
	for _, c := range []struct {
		name   string
		w1, w2 float32
	}{
		{"column-changes", 560, 590}, // a narrow reader pane: the column follows the window
		{"column-same", 1200, 1230},  // a wide one: the column stays at 580 px
	} {
		b.Run(c.name, func(b *testing.B) {
			v, _, _ := benchWindow(b, c.w1, 860)
			v.SetDoc(FromMarkdown(a.title, "", a.md, a.body), 0.4)
			i := 0
			b.ReportAllocs()
			for b.Loop() {
				w := c.w1
				if i%2 == 0 {
					w = c.w2
				}
				i++
				v.Resize(fyne.NewSize(w, 860))
			}
		})
	}
}

// heapInUse is the live heap after collection.
func heapInUse() uint64 {
	var m runtime.MemStats
	runtime.GC()
	runtime.GC()
	runtime.ReadMemStats(&m)
	return m.HeapAlloc
}

// BenchmarkMemory is issue 10's third target: the memory of an open article with its images,
// ≤ 3× the decoded visible images. It reports the live heap the open article adds (its text,
// Doc, Layout, canvas objects, Fyne's text-size cache entries, and the decoded images the view
// holds) against the bytes of those decoded images (1600×900 NRGBA each, as the window keeps a
// large picture), opened at the top and again scrolled to the middle, after the images asked
// for were decoded.
func BenchmarkMemory(b *testing.B) {
	for _, c := range []struct {
		name    string
		at      float64
		through bool // read through to the end a screen at a time, its images decoded as asked
	}{{"at-top", 0, false}, {"at-middle", 0.5, false}, {"read-through", 0, true}} {
		b.Run(c.name, func(b *testing.B) {
			var total, imgs uint64
			var shown int
			for b.Loop() {
				v, src, _ := benchWindow(b, 1440, 900)
				warmFonts()
				body := benchArticleOnce().body
				base := heapInUse()
				a := benchArticle(benchWords, benchImages)
				body = strings.Clone(body)
				v.SetDoc(FromMarkdown("A long read", "", a, body), c.at)
				src.decodeAll()
				src.decodeAll() // asked for after the first ones came
				for c.through && v.offset < v.maxOffset() {
					v.ScrollBy(v.Size().Height - 2*v.lineHeight())
					src.decodeAll()
				}
				after := heapInUse()
				runtime.KeepAlive(a)
				runtime.KeepAlive(body)
				shown, imgs = 0, 0
				for _, img := range v.decoded {
					if img != nil {
						shown++
						imgs += uint64(len(img.(*image.NRGBA).Pix))
					}
				}
				total = after - base
				v.SetDoc(nil, 0)
			}
			b.ReportMetric(float64(shown), "images")
			b.ReportMetric(float64(imgs)/1e6, "image-MB")
			b.ReportMetric(float64(total-imgs)/1e6, "article-MB")
			b.ReportMetric(float64(total)/1e6, "total-MB")
			if imgs > 0 {
				b.ReportMetric(float64(total)/float64(imgs), "×images")
			}
		})
	}
}

// benchTints are n highlights spread through the body, 3 to 40 words each.
func benchTints(body string, n int) []Tint {
	rng := rand.New(rand.NewPCG(3, 4))
	runes := []rune(body)
	var out []Tint
	for i := 0; i < n; i++ {
		start := len(runes) * i / n
		start += rng.IntN(len(runes) / n / 2)
		end := min(start+20+rng.IntN(250), len(runes))
		out = append(out, Tint{Start: start, End: end, ID: int64(i + 1)})
	}
	return out
}

// BenchmarkTints is issue 11's target: with 500 highlights, a scroll step (one build of the
// frame, their tints included) and hit-testing, ≤ 4 ms per frame.
func BenchmarkTints(b *testing.B) {
	a := benchArticleOnce()
	tints := benchTints(a.body, 500)
	b.Run("scroll-step", func(b *testing.B) {
		v, _, _ := benchWindow(b, 1440, 900)
		v.SetDoc(FromMarkdown(a.title, "", a.md, a.body), 0)
		v.SetTints(tints)
		b.ReportAllocs()
		for b.Loop() {
			// A wheel notch is three lines; back to the top at the end (untimed).
			if v.offset >= v.maxOffset() {
				b.StopTimer()
				v.scrollTo(0)
				b.StartTimer()
			}
			v.ScrollBy(3 * v.lineHeight())
		}
	})
	b.Run("scroll-step-no-tints", func(b *testing.B) {
		v, _, _ := benchWindow(b, 1440, 900)
		v.SetDoc(FromMarkdown(a.title, "", a.md, a.body), 0)
		b.ReportAllocs()
		for b.Loop() {
			if v.offset >= v.maxOffset() {
				b.StopTimer()
				v.scrollTo(0)
				b.StartTimer()
			}
			v.ScrollBy(3 * v.lineHeight())
		}
	})
	// The first frame with the tints: the partial words where they start and end are
	// measured then (the view's Measurer is emptied before each op; Fyne's own cache of text
	// sizes stays warm).
	b.Run("set-tints", func(b *testing.B) {
		v, _, _ := benchWindow(b, 1440, 900)
		v.SetDoc(FromMarkdown(a.title, "", a.md, a.body), 0.5)
		b.ReportAllocs()
		for b.Loop() {
			b.StopTimer()
			v.tints = nil
			v.measurer.widths = nil
			b.StartTimer()
			v.SetTints(tints)
		}
	})
	b.Run("hit", func(b *testing.B) {
		v, _, _ := benchWindow(b, 1440, 900)
		v.SetDoc(FromMarkdown(a.title, "", a.md, a.body), 0)
		lay := v.lay
		rng := rand.New(rand.NewPCG(5, 6))
		b.ReportAllocs()
		for b.Loop() {
			lay.Hit(rng.Float32()*lay.Width, rng.Float32()*lay.Height)
		}
	})
}

// BenchmarkDrag is issue 11's other target: selecting by drag at frame rate on the 30,000-word
// article. Each op is one Dragged event: the hit test, the selection and the frame's build.
func BenchmarkDrag(b *testing.B) {
	a := benchArticleOnce()
	press := func(v *View, y float32) {
		v.MouseDown(&desktop.MouseEvent{PointEvent: fyne.PointEvent{Position: fyne.NewPos(500, y)}, Button: desktop.MouseButtonPrimary})
	}
	// Within a screen: the pointer moves down and up the page, a line or so a frame.
	b.Run("within-screen", func(b *testing.B) {
		v, _, _ := benchWindow(b, 1440, 900)
		v.SetDoc(FromMarkdown(a.title, "", a.md, a.body), 0.5)
		v.SetTints(benchTints(a.body, 500))
		press(v, 100)
		i := 0
		b.ReportAllocs()
		for b.Loop() {
			y := float32(100 + (i*17)%700)
			x := float32(300 + (i*37)%500)
			i++
			v.Dragged(&fyne.DragEvent{PointEvent: fyne.PointEvent{Position: fyne.NewPos(x, y)}, Dragged: fyne.Delta{DX: 1, DY: 17}})
		}
	})
	// Near the bottom edge while the view scrolls: each op is a step of the scroll and a drag
	// event, as an auto-scroll tick does (starting again at the top when it reaches the end).
	b.Run("auto-scroll", func(b *testing.B) {
		v, _, _ := benchWindow(b, 1440, 900)
		v.SetDoc(FromMarkdown(a.title, "", a.md, a.body), 0)
		press(v, 100)
		b.ReportAllocs()
		for b.Loop() {
			if v.offset >= v.maxOffset() {
				b.StopTimer()
				v.scrollTo(0)
				press(v, 100)
				b.StartTimer()
			}
			v.ScrollBy(3 * v.lineHeight())
			v.Dragged(&fyne.DragEvent{PointEvent: fyne.PointEvent{Position: fyne.NewPos(500, 890)}, Dragged: fyne.Delta{DY: 2}})
		}
	})
	// A selection from the top of the article to the middle of the view at its middle.
	b.Run("half-article-selected", func(b *testing.B) {
		v, _, _ := benchWindow(b, 1440, 900)
		v.SetDoc(FromMarkdown(a.title, "", a.md, a.body), 0)
		press(v, 100)
		v.SetProgress(0.5)
		i := 0
		b.ReportAllocs()
		for b.Loop() {
			y := float32(100 + (i*17)%700)
			i++
			v.Dragged(&fyne.DragEvent{PointEvent: fyne.PointEvent{Position: fyne.NewPos(500, y)}, Dragged: fyne.Delta{DY: 17}})
		}
		b.ReportMetric(float64(renderedObjects(v)), "objects")
	})
}
