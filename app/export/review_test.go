package export

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"

	"lectern/internal/testutil"
	"lectern/store"
)

func TestFrontMatterHasTheReview(t *testing.T) {
	ctx := context.Background()
	db := testutil.OpenDB(t)
	id := addArticle(t, db, store.Article{Title: "Reviewed", Body: "One passage. Another passage. A third."})
	h1 := addHighlight(t, db, id, "One passage.", "", 0)
	h2 := addHighlight(t, db, id, "Another passage.", "", 13)
	h3 := addHighlight(t, db, id, "A third.", "", 30)
	grade := func(h store.Highlight, day, due string, lapse bool) {
		t.Helper()
		_, err := db.GradeReview(ctx, h.ID, day, func(s store.ReviewState) (store.ReviewState, store.ReviewGrade, error) {
			s.Reps++
			if lapse {
				s.Lapses++
			}
			s.Stability, s.Difficulty, s.LastDay, s.Due = 2, 5, day, due
			return s, store.ReviewGrade{Grade: 3, Stability: 2, Difficulty: 5, Due: due}, nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	grade(h1, "2026-05-01", "2026-05-09", false)
	grade(h1, "2026-05-09", "2026-05-20", false)
	grade(h2, "2026-05-02", "2026-05-12", true)
	grade(h3, "2026-05-02", "2026-05-03", false)
	if err := db.DiscardReview(ctx, h3.ID); err != nil { // out of the review: not counted
		t.Fatal(err)
	}
	out := t.TempDir()
	run(t, db, Options{Out: out})
	text := readFile(t, filepath.Join(out, "Reviewed.md"))
	if !strings.Contains(text, "\nreview: {due: 2026-05-12, reps: 3, lapses: 1}\n") {
		t.Fatalf("front matter:\n%s", text)
	}
	block, _ := frontMatterBlock([]byte(text))
	var fm struct {
		Review struct {
			Due    string `yaml:"due"`
			Reps   int    `yaml:"reps"`
			Lapses int    `yaml:"lapses"`
		} `yaml:"review"`
	}
	if err := yaml.Unmarshal(block, &fm); err != nil || fm.Review.Due != "2026-05-12" || fm.Review.Reps != 3 {
		t.Errorf("YAML reads %+v, %v", fm, err)
	}

	// An article none of whose highlights was graded has no review field.
	other := addArticle(t, db, store.Article{Title: "Unreviewed"})
	addHighlight(t, db, other, "Body", "", 0)
	run(t, db, Options{Out: out})
	if text := readFile(t, filepath.Join(out, "Unreviewed.md")); strings.Contains(text, "review:") {
		t.Errorf("front matter without reviews:\n%s", text)
	}
}
