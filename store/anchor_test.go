package store

import (
	"context"
	"testing"
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
