package store

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestAnchor(t *testing.T) {
	body := "The cat sat. The dog sat. The cat ran."
	cases := []struct {
		name       string
		body       string
		h          Highlight
		start, end int
	}{
		{"offsets still right", body, Highlight{Quote: "dog", Start: 17, End: 20}, 17, 20},
		{"offsets drifted", "Intro. " + body, Highlight{Quote: "dog", Start: 17, End: 20}, 24, 27},
		{"context picks the occurrence", "Intro! " + body, Highlight{Quote: "cat", Prefix: "sat. The ", Suffix: " ran.", Start: 30, End: 33}, 37, 40},
		{"reflowed and recased", "The Dog\n  sat.", Highlight{Quote: "dog sat", Start: 0, End: 7}, 4, 13},
		{"gone", "Nothing here.", Highlight{Quote: "dog", Start: 17, End: 20}, -1, -1},
		{"unicode offsets are runes", "Über café — ça va", Highlight{Quote: "ça", Start: 0, End: 2}, 12, 14},
	}
	for _, c := range cases {
		start, end := Anchor(c.body, c.h)
		if start != c.start || end != c.end {
			t.Errorf("%s: Anchor = %d,%d, want %d,%d", c.name, start, end, c.start, c.end)
		}
	}
}

func TestUpdateArticleTextReanchorsHighlights(t *testing.T) {
	ctx := context.Background()
	db := MustOpen(t)
	a := &Article{Title: "T", Body: "Alpha beta gamma. Delta epsilon."}
	id, _ := db.AddArticle(ctx, a)
	kept, _ := db.AddHighlight(ctx, Highlight{ArticleID: id, Quote: "Delta", Prefix: "gamma. ", Start: 18, End: 23})
	lost, _ := db.AddHighlight(ctx, Highlight{ArticleID: id, Quote: "beta", Start: 6, End: 10})

	a.Body = "A new first sentence. Alpha gamma. Delta epsilon."
	if err := db.UpdateArticleText(ctx, a); err != nil {
		t.Fatal(err)
	}
	hs, _ := db.Highlights(ctx, id)
	if len(hs) != 2 {
		t.Fatalf("a highlight was dropped: %+v", hs)
	}
	byID := map[int64]Highlight{hs[0].ID: hs[0], hs[1].ID: hs[1]}
	if h := byID[kept.ID]; h.Start != 35 || h.End != 40 {
		t.Errorf("kept highlight at %d,%d, want 35,40", h.Start, h.End)
	}
	if h := byID[lost.ID]; h.Placed() || h.Quote != "beta" {
		t.Errorf("lost highlight = %+v, want unplaced with its quote", h)
	}
}

// highlightAt is the highlight of body's runes [start, end), with its selectors.
func highlightAt(body string, start, end int) Highlight {
	quote, prefix, suffix := Selectors(body, start, end)
	return Highlight{Quote: quote, Prefix: prefix, Suffix: suffix, Start: start, End: end}
}

// spanOf is the rune span of the first occurrence of s in body.
func spanOf(t *testing.T, body, s string) (int, int) {
	t.Helper()
	i := strings.Index(body, s)
	if i < 0 {
		t.Fatalf("%q not in %q", s, body)
	}
	start := utf8.RuneCountInString(body[:i])
	return start, start + utf8.RuneCountInString(s)
}

func checkAnchor(t *testing.T, what, body string, h Highlight, want string) {
	t.Helper()
	start, end := Anchor(body, h)
	if want == "" {
		if start != -1 || end != -1 {
			t.Errorf("%s: placed at %d,%d (%q), want unplaced", what, start, end, string([]rune(body)[start:end]))
		}
		return
	}
	ws, we := spanOf(t, body, want)
	if start != ws || end != we {
		got := "nothing"
		if start >= 0 {
			got = fmt.Sprintf("%q", string([]rune(body)[start:end]))
		}
		t.Errorf("%s: placed at %d,%d (%s), want %d,%d (%q)", what, start, end, got, ws, we, want)
	}
}

const threeParagraphs = "Über den Wolken 🌥 beginnt der Text.\n\n" +
	"The caravan set out before dawn, and by noon it had reached the river.\n\n" +
	"Nobody counted them; the reporters guessed two thousand."

func TestCrossParagraphSelectorsRoundTrip(t *testing.T) {
	ctx := context.Background()
	db := MustOpen(t)
	body := threeParagraphs
	a := &Article{Title: "Caravan", Body: body}
	id, err := db.AddArticle(ctx, a)
	if err != nil {
		t.Fatal(err)
	}
	start, end := spanOf(t, body, "reached the river.\n\nNobody counted")
	h := highlightAt(body, start, end)
	h.ArticleID = id
	if h.Quote != "reached the river.\n\nNobody counted" || h.Prefix != "before dawn, and by noon it had " ||
		h.Suffix != " them; the reporters guessed two" {
		t.Fatalf("selectors = %q | %q | %q", h.Prefix, h.Quote, h.Suffix)
	}
	added, err := db.AddHighlight(ctx, h)
	if err != nil {
		t.Fatal(err)
	}
	hs, err := db.Highlights(ctx, id)
	if err != nil || len(hs) != 1 {
		t.Fatalf("highlights = %+v, %v", hs, err)
	}
	got := hs[0]
	if got.ID != added.ID || got.Quote != h.Quote || got.Prefix != h.Prefix || got.Suffix != h.Suffix ||
		got.Start != start || got.End != end || string([]rune(body)[got.Start:got.End]) != h.Quote {
		t.Fatalf("stored %+v, want the selectors of %+v", got, h)
	}
	if s, e := Anchor(body, got); s != start || e != end {
		t.Errorf("Anchor in the same text = %d,%d, want %d,%d", s, e, start, end)
	}

	// The article fetched again with a paragraph before: the same quote, shifted by runes.
	a.Body = "Ein neuer Absatz, ganz am Anfang. 🚶\n\n" + body
	if err := db.UpdateArticleText(ctx, a); err != nil {
		t.Fatal(err)
	}
	hs, _ = db.Highlights(ctx, id)
	shift := utf8.RuneCountInString("Ein neuer Absatz, ganz am Anfang. 🚶\n\n")
	if hs[0].Start != start+shift || hs[0].End != end+shift || string([]rune(a.Body)[hs[0].Start:hs[0].End]) != h.Quote {
		t.Errorf("after the text changed: %d,%d, want %d,%d", hs[0].Start, hs[0].End, start+shift, end+shift)
	}
}

func TestAnchorAfterInsertionsBefore(t *testing.T) {
	body := threeParagraphs
	start, end := spanOf(t, body, "set out before dawn, and by noon")
	h := highlightAt(body, start, end)
	// Text added before the passage, and inside the paragraph just before it.
	changed := "A new lead paragraph.\n\n" + strings.Replace(body, "beginnt der Text", "beginnt der lange Text", 1)
	checkAnchor(t, "paragraph added before", changed, h, "set out before dawn, and by noon")
	// The prefix changed too: the passage is still found, and only there.
	changed = strings.Replace(body, "The caravan", "Yesterday the big caravan", 1)
	checkAnchor(t, "context changed", changed, h, "set out before dawn, and by noon")
}

func TestAnchorChangedWordInside(t *testing.T) {
	body := threeParagraphs
	start, end := spanOf(t, body, "The caravan set out before dawn, and by noon it had reached the river.")
	h := highlightAt(body, start, end)
	for _, c := range []struct{ what, old, new, want string }{
		{"a word changed", "before dawn", "before sunrise",
			"The caravan set out before sunrise, and by noon it had reached the river."},
		{"a comma inserted", "out before", "out, before",
			"The caravan set out, before dawn, and by noon it had reached the river."},
		{"a word dropped, one added, and text before", "it had reached", "they reached",
			"The caravan set out before dawn, and by noon they reached the river."},
	} {
		changed := "Breaking: " + strings.Replace(body, c.old, c.new, 1)
		checkAnchor(t, c.what, changed, h, c.want)
	}
	// Too many changes: the passage shares too little with the quote to be it.
	changed := strings.Replace(body, "set out before dawn, and by noon it had", "left at first light and at midday had", 1)
	checkAnchor(t, "rewritten", changed, h, "")
}

func TestAnchorPassageTwiceContextDecides(t *testing.T) {
	body := "In March the river rose. The mayor said we will rebuild the bridge by summer.\n\n" +
		"In June the river fell. The engineer said we will rebuild the bridge by summer, again."
	second := strings.LastIndex(body, "we will rebuild the bridge")
	start := utf8.RuneCountInString(body[:second])
	h := highlightAt(body, start, start+utf8.RuneCountInString("we will rebuild the bridge"))

	// Text inserted between the two: the old offset now points at neither; the context
	// ("The engineer said", ", again") picks the second.
	changed := strings.Replace(body, "In June", "Months passed. In June", 1)
	s, e := Anchor(changed, h)
	want := utf8.RuneCountInString(changed[:strings.LastIndex(changed, "we will rebuild the bridge")])
	if s != want || e != want+len("we will rebuild the bridge") {
		t.Errorf("two exact copies: placed at %d,%d, want %d", s, e, want)
	}
	// Text inserted before both, so the old offset lands on the first copy's neighbourhood,
	// and the passage edited in both places alike: still the second.
	changed = "Update. " + strings.ReplaceAll(body, "we will rebuild", "we shall rebuild")
	s, _ = Anchor(changed, h)
	if want := utf8.RuneCountInString(changed[:strings.LastIndex(changed, "we shall rebuild")]); s != want {
		t.Errorf("two edited copies: placed at %d, want %d", s, want)
	}
	// Much text added before both, so that the first copy is now where the second was:
	// the context still picks the second.
	changed = strings.Repeat("A long new introduction. ", 10) + body
	s, _ = Anchor(changed, h)
	if want := utf8.RuneCountInString(changed[:strings.LastIndex(changed, "we will rebuild")]); s != want {
		t.Errorf("first copy at the old place: placed at %d, want %d", s, want)
	}
	// The highlighted copy edited, the other left as it was: the edited one, in its context,
	// beats the exact one out of it.
	changed = strings.Replace(body, "engineer said we will rebuild", "engineer said we would rebuild", 1)
	s, _ = Anchor(changed, h)
	if want := utf8.RuneCountInString(changed[:strings.Index(changed, "we would rebuild")]); s != want {
		t.Errorf("edited copy in context: placed at %d, want %d", s, want)
	}
	// Copies alike with the same context around them: the one nearest the old place wins.
	body = strings.Repeat("We will rebuild the bridge by summer. ", 6)
	third := 2 * len("We will rebuild the bridge by summer. ")
	h = highlightAt(body, third, third+len("We will rebuild"))
	s, e = Anchor("Note. "+body, h)
	if s != third+len("Note. ") || e != s+len("We will rebuild") {
		t.Errorf("copies alike: placed at %d,%d, want %d", s, e, third+len("Note. "))
	}
}

func TestAnchorWhitespaceChanges(t *testing.T) {
	body := threeParagraphs
	start, end := spanOf(t, body, "reached the river.\n\nNobody counted them")
	long := highlightAt(body, start, end)
	// Short: the white space added below is more than a fifth of it.
	short := highlightAt(body, start+12, start+26)
	if short.Quote != "river.\n\nNobody" {
		t.Fatalf("short quote %q", short.Quote)
	}
	for what, changed := range map[string]string{
		"Windows line ends":     strings.ReplaceAll(body, "\n", "\r\n"),
		"paragraphs reflowed":   strings.ReplaceAll(strings.ReplaceAll(body, "\n\n", "\n  \n\t\n  "), " the ", "\n the  "),
		"one line break":        strings.ReplaceAll(body, "\n\n", "\n"),
		"no-break spaces, case": strings.ReplaceAll(strings.ReplaceAll(body, "the river.\n\n", "the\u00a0River. \u00a0"), "Nobody", "NOBODY"),
	} {
		for _, c := range []struct {
			h    Highlight
			want string
		}{{long, "reached the river. nobody counted them"}, {short, "river. nobody"}} {
			s, e := Anchor(changed, c.h)
			if s < 0 {
				t.Errorf("%s: %q unplaced", what, c.h.Quote)
				continue
			}
			got := string([]rune(changed)[s:e])
			if folded := strings.Join(strings.Fields(strings.ToLower(got)), " "); folded != c.want || strings.TrimSpace(got) != got {
				t.Errorf("%s: placed on %q, want %q", what, got, c.want)
			}
		}
	}
}

func TestReanchorKeepsDeletedPassagesUnplaced(t *testing.T) {
	ctx := context.Background()
	db := MustOpen(t)
	a := &Article{Title: "T", Body: threeParagraphs + "\n\nWe painted the red house in May."}
	a.Body += "\n\nLater they sold the bed house."
	id, err := db.AddArticle(ctx, a)
	if err != nil {
		t.Fatal(err)
	}
	for _, quote := range []string{"Nobody counted them", "set out before dawn", "Über den Wolken", "the red house"} {
		start, end := spanOf(t, a.Body, quote)
		h := highlightAt(a.Body, start, end)
		h.ArticleID, h.Comment = id, "on "+quote
		if _, err := db.AddHighlight(ctx, h); err != nil {
			t.Fatal(err)
		}
	}
	// The third paragraph is gone, the first rewritten, the fourth too; a passage one letter
	// from "the red house" is still there, out of its context.
	body := a.Body
	a.Body = "Above the clouds, the text begins.\n\nThe caravan set out before dawn, and by noon it had reached the river." +
		"\n\nLater they sold the bed house."
	if err := db.UpdateArticleText(ctx, a); err != nil {
		t.Fatal(err)
	}
	hs, _ := db.Highlights(ctx, id)
	if len(hs) != 4 {
		t.Fatalf("highlights dropped: %+v", hs)
	}
	placed := map[string]bool{}
	for _, h := range hs {
		placed[h.Quote] = h.Placed()
		if !h.Placed() && (h.Start != -1 || h.End != -1 || h.Comment != "on "+h.Quote) {
			t.Errorf("unplaced highlight = %+v, want start = end = -1 with its quote and comment", h)
		}
	}
	if !placed["set out before dawn"] || placed["Nobody counted them"] || placed["Über den Wolken"] || placed["the red house"] {
		t.Errorf("placed = %v", placed)
	}
	// Unplaced stays unplaced, and is placed again when its passage comes back.
	a.Body = body
	if err := db.UpdateArticleText(ctx, a); err != nil {
		t.Fatal(err)
	}
	hs, _ = db.Highlights(ctx, id)
	for _, h := range hs {
		if s, e := spanOf(t, a.Body, h.Quote); h.Start != s || h.End != e {
			t.Errorf("%q back at %d,%d, want %d,%d", h.Quote, h.Start, h.End, s, e)
		}
	}
}

func FuzzAnchor(f *testing.F) {
	f.Add(threeParagraphs, "reached the river.\n\nNobody", "noon it had ", " counted", 80)
	f.Add("ab  c\u00ad d", "B C", "", "", -1)
	f.Add("x\xffy  z", "\xff Y", "x", "", 3)
	f.Fuzz(func(t *testing.T, body, quote, prefix, suffix string, start int) {
		if len(body) > 4096 || len(quote) > 512 {
			return
		}
		n := len([]rune(quote))
		s, e := Anchor(body, Highlight{Quote: quote, Prefix: prefix, Suffix: suffix, Start: start, End: start + n})
		if s == -1 && e == -1 {
			return
		}
		runes := []rune(body)
		if s < 0 || s >= e || e > len(runes) {
			t.Fatalf("Anchor = %d,%d in %d runes", s, e, len(runes))
		}
		if strings.TrimSpace(string(runes[s:e])) == "" {
			t.Fatalf("placed on white space %q", string(runes[s:e]))
		}
	})
}
