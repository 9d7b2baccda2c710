package store

import (
	"html"
	"math/rand/v2"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

// editedArchive is a text of about size bytes with n highlights on it, and the text again as
// a re-fetch brings it: a paragraph added at the top, and of the highlighted passages a
// tenth with a word (or in a short one a letter) changed inside, a twentieth with a comma added, a twentieth reflowed (a
// line break for a space), a fiftieth deleted. want is where each highlight belongs in the
// new text (-1: nowhere).
func editedArchive(size, n int, seed uint64) (old, edited string, hs []Highlight, want [][2]int) {
	rng := rand.New(rand.NewPCG(seed, 1))
	vocab := make([]string, 3000)
	for i := range vocab {
		var w strings.Builder
		for range 2 + rng.IntN(4) + rng.IntN(4) {
			w.WriteByte(byte('a' + rng.IntN(26)))
		}
		vocab[i] = w.String()
	}
	var b strings.Builder
	for b.Len() < size {
		for range 40 + rng.IntN(80) {
			b.WriteString(vocab[rng.IntN(len(vocab))])
			if rng.IntN(12) == 0 {
				b.WriteString(", ")
			} else {
				b.WriteByte(' ')
			}
		}
		b.WriteString("end.\n\n")
	}
	edited, hs, want = editText(b.String(), n, rng)
	return b.String(), edited, hs, want
}

// editText chooses n passages of old and edits them as editedArchive says.
func editText(old string, n int, rng *rand.Rand) (edited string, hs []Highlight, want [][2]int) {
	runes := []rune(old)
	// n passages that do not overlap, 30 to 400 runes, starting and ending on words.
	step := len(runes) / n
	var out strings.Builder
	out.WriteString("An editor's note added at the top of the page.\n\n")
	last := 0
	for i := range n {
		start := i*step + rng.IntN(step/4)
		for start > last && !unicode.IsSpace(runes[start-1]) {
			start--
		}
		end := min(len(runes), start+min(30+rng.IntN(370), step/2))
		for end < len(runes) && (unicode.IsSpace(runes[end-1]) || !unicode.IsSpace(runes[end])) {
			end++
		}
		for start < end && unicode.IsSpace(runes[start]) {
			start++
		}
		// A passage the text holds twice (the fixtures repeat their lorem ipsum) may
		// rightly go to the other copy: none here.
		if end >= len(runes) || end-start < 10 || strings.Count(old, string(runes[start:end])) > 1 {
			continue
		}
		h := highlightAt(old, start, end)
		h.ID = int64(len(hs) + 1)
		hs = append(hs, h)
		out.WriteString(string(runes[last:start]))
		passage := string(runes[start:end])
		newStart := utf8.RuneCountInString(out.String())
		switch r := rng.IntN(100); {
		case r < 10 && (len(passage) < 80 || len(middleWord(passage)) > 12):
			// A letter changed: a word would be over a fifth of the passage.
			p := []rune(passage)
			p[len(p)/2] = 'Q'
			passage = string(p)
		case r < 10: // a word changed
			words := strings.Split(passage, " ")
			words[len(words)/2] = "changed"
			passage = strings.Join(words, " ")
		case r < 15:
			passage = strings.Replace(passage, " ", ", ", 1)
		case r < 20:
			passage = strings.Replace(passage, " ", "\n", 1)
		case r < 22:
			passage = ""
		}
		out.WriteString(passage)
		if passage == "" {
			want = append(want, [2]int{-1, -1})
		} else {
			want = append(want, [2]int{newStart, newStart + utf8.RuneCountInString(passage)})
		}
		last = end
	}
	out.WriteString(string(runes[last:]))
	return out.String(), hs, want
}

func middleWord(passage string) string {
	words := strings.Split(passage, " ")
	return words[len(words)/2]
}

// englishText is about size bytes of the fixtures' articles, as plain paragraphs.
func englishText(tb testing.TB, size int) string {
	pages, _ := filepath.Glob("../testdata/fixtures/readability/*/expected.html")
	tag := regexp.MustCompile(`<[^>]*>`)
	var b strings.Builder
	for _, p := range pages {
		data, err := os.ReadFile(p)
		if err != nil {
			tb.Fatal(err)
		}
		for _, para := range strings.Split(tag.ReplaceAllString(html.UnescapeString(string(data)), "\n"), "\n") {
			if para = strings.Join(strings.Fields(para), " "); len(para) > 40 {
				b.WriteString(para + "\n\n")
			}
		}
		if b.Len() >= size {
			break
		}
	}
	if b.Len() < size/2 {
		tb.Skip("the fixtures are missing")
	}
	return b.String()
}

// BenchmarkReanchorEnglish is BenchmarkReanchor on real articles' text, whose common words
// and trigrams make the filter work harder than random words do.
func BenchmarkReanchorEnglish(b *testing.B) {
	edited, hs, _ := editText(englishText(b, 200_000), 500, rand.New(rand.NewPCG(7, 1)))
	b.ReportAllocs()
	for b.Loop() {
		a := NewAnchorer(edited)
		for _, h := range hs {
			a.Anchor(h)
		}
	}
}

func TestAnchorManyEditedHighlightsEnglish(t *testing.T) {
	edited, hs, want := editText(englishText(t, 200_000), 500, rand.New(rand.NewPCG(7, 1)))
	a := NewAnchorer(edited)
	wrong := 0
	for i, h := range hs {
		if s, e := a.Anchor(h); s != want[i][0] || e != want[i][1] {
			wrong++
			if wrong <= 5 {
				t.Errorf("highlight %d %.40q…: at %d,%d, want %d,%d", h.ID, h.Quote, s, e, want[i][0], want[i][1])
			}
		}
	}
	if wrong > 0 {
		t.Errorf("%d of %d highlights misplaced", wrong, len(hs))
	}
}

func TestAnchorManyEditedHighlights(t *testing.T) {
	_, edited, hs, want := editedArchive(200_000, 500, 7)
	a := NewAnchorer(edited)
	wrong := 0
	for i, h := range hs {
		s, e := a.Anchor(h)
		if s != want[i][0] || e != want[i][1] {
			wrong++
			if wrong <= 5 {
				t.Errorf("highlight %d %.40q…: at %d,%d, want %d,%d", h.ID, h.Quote, s, e, want[i][0], want[i][1])
			}
		}
	}
	if wrong > 0 {
		t.Errorf("%d of %d highlights misplaced", wrong, len(hs))
	}
}

// TestAnchorFilterLosesNothing checks the trigram filter against searching the whole text,
// on passages edited more and more, up to past the bound.
func TestAnchorFilterLosesNothing(t *testing.T) {
	old, _, hs, _ := editedArchive(50_000, 100, 3)
	rng := rand.New(rand.NewPCG(5, 5))
	for round := range 3 {
		runes := []rune(old)
		// Edit each passage at random places: substitutions, insertions, deletions.
		for _, h := range hs {
			for range (h.End - h.Start) * (round + 1) / 12 {
				i := h.Start + rng.IntN(h.End-h.Start)
				switch rng.IntN(3) {
				case 0:
					runes[i] = rune('a' + rng.IntN(26))
				case 1:
					runes[i] = ' '
				default:
					runes[i] = 'é'
				}
			}
		}
		edited := string(runes)
		filtered, full := NewAnchorer(edited), NewAnchorer(edited)
		full.noFilter = true
		placed := 0
		for _, h := range hs {
			h.Start, h.End = -1, -1 // no position: every candidate counts
			s1, e1 := filtered.Anchor(h)
			s2, e2 := full.Anchor(h)
			if s1 != s2 || e1 != e2 {
				t.Errorf("round %d, %.30q…: filtered %d,%d, whole text %d,%d", round, h.Quote, s1, e1, s2, e2)
			}
			if s1 >= 0 {
				placed++
			}
		}
		t.Logf("round %d: %d of %d placed", round, placed, len(hs))
	}
}

// BenchmarkReanchor places 500 highlights in a 200 KB text fetched again with edits, as
// UpdateArticleText does.
func BenchmarkReanchor(b *testing.B) {
	_, edited, hs, _ := editedArchive(200_000, 500, 7)
	b.ReportAllocs()
	for b.Loop() {
		a := NewAnchorer(edited)
		for _, h := range hs {
			a.Anchor(h)
		}
	}
}

// BenchmarkReanchorUnchanged is the common case: the text came back as it was.
func BenchmarkReanchorUnchanged(b *testing.B) {
	old, _, hs, _ := editedArchive(200_000, 500, 7)
	for b.Loop() {
		a := NewAnchorer(old)
		for _, h := range hs {
			a.Anchor(h)
		}
	}
}

// BenchmarkReanchorNoFilter is BenchmarkReanchor searching the whole text for each passage
// not found as it was.
func BenchmarkReanchorNoFilter(b *testing.B) {
	_, edited, hs, _ := editedArchive(200_000, 500, 7)
	for b.Loop() {
		a := NewAnchorer(edited)
		a.noFilter = true
		for _, h := range hs {
			a.Anchor(h)
		}
	}
}

// BenchmarkReanchorAllGone is the worst case: no passage is there any more, so every
// highlight is looked for fuzzily in the whole text.
func BenchmarkReanchorAllGone(b *testing.B) {
	_, _, hs, _ := editedArchive(200_000, 500, 7)
	other, _, _, _ := editedArchive(200_000, 1, 8)
	for b.Loop() {
		a := NewAnchorer(other)
		for _, h := range hs {
			a.Anchor(h)
		}
	}
}
