package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"lectern/app/review"
	"lectern/store"
)

// reviewDB imports the caravan article and highlights three of its passages.
func reviewDB(t *testing.T) (string, []int64) {
	t.Helper()
	db := filepath.Join(t.TempDir(), "lectern.db")
	if code, _, stderr := run(t, db, "", "import", fixture(t, "caravan-article.txt")); code != 0 {
		t.Fatalf("import: %s", stderr)
	}
	var ids []int64
	for _, quote := range []string{"walked across the border", "Guatemala", "caravan"} {
		code, out, stderr := run(t, db, "", "highlight", "--comment", "why?", "1", quote)
		if code != 0 {
			t.Fatalf("highlight %q: %s", quote, stderr)
		}
		var id, article int64
		if _, err := fmt.Sscanf(out, "highlight %d added to article %d", &id, &article); err != nil {
			t.Fatalf("highlight printed %q", out)
		}
		ids = append(ids, id)
	}
	return db, ids
}

func reviewList(t *testing.T, db string, args ...string) []reviewCardJSON {
	t.Helper()
	code, out, stderr := run(t, db, "", append([]string{"review", "--json"}, args...)...)
	var cards []reviewCardJSON
	if err := json.Unmarshal([]byte(out), &cards); code != 0 || err != nil {
		t.Fatalf("review --json %v: code %d, %v, %s %s", args, code, err, out, stderr)
	}
	return cards
}

func TestReviewCommand(t *testing.T) {
	db, ids := reviewDB(t)
	cards := reviewList(t, db, "--on", "2026-05-04")
	if len(cards) != 3 {
		t.Fatalf("cards = %+v", cards)
	}
	c := cards[0]
	if c.Title == "" || c.Quote == "" || c.Comment != "why?" || c.ArticleID != 1 || c.Due != "2026-05-04" || !c.New {
		t.Errorf("card = %+v", c)
	}
	var got []int64
	for _, c := range cards {
		got = append(got, c.HighlightID)
	}
	slices.Sort(got)
	if !slices.Equal(got, ids) {
		t.Errorf("cards %v, highlights %v", got, ids)
	}
	if cards := reviewList(t, db, "--on", "2026-05-04", "--limit", "2"); len(cards) != 2 {
		t.Errorf("--limit 2: %d cards", len(cards))
	}

	// Grade: JSON with the new due date; again is due the same day, easy later than good.
	grade := func(id int64, g, on string) gradeJSON {
		t.Helper()
		code, out, stderr := run(t, db, "", "review", "grade", itoa(id), g, "--on", on)
		var res gradeJSON
		if err := json.Unmarshal([]byte(out), &res); code != 0 || err != nil {
			t.Fatalf("grade %d %s: code %d, %v, %s %s", id, g, code, err, out, stderr)
		}
		return res
	}
	a := grade(cards[0].HighlightID, "again", "2026-05-04")
	g := grade(cards[1].HighlightID, "good", "2026-05-04")
	e := grade(cards[2].HighlightID, "easy", "2026-05-04")
	if a.Due != "2026-05-04" || !(g.Due > "2026-05-04") || !(e.Due > g.Due) || g.Reps != 1 {
		t.Errorf("again %+v, good %+v, easy %+v", a, g, e)
	}
	cards = reviewList(t, db, "--on", "2026-05-04")
	if len(cards) != 3 || cards[0].Done || !cards[1].Done || !cards[2].Done {
		t.Errorf("after grading: %+v", cards)
	}
	code, out, _ := run(t, db, "", "review", "--on", "2026-05-04")
	if code != 0 || !strings.Contains(out, "3 cards, 1 to go") || !strings.Contains(out, "again") {
		t.Errorf("review: %q", out)
	}

	// Snooze and discard.
	if code, out, stderr := run(t, db, "", "review", "snooze", "--days", "2", itoa(cards[0].HighlightID), "--on", "2026-05-04"); code != 0 || !strings.Contains(out, `"due":"2026-05-06"`) {
		t.Errorf("snooze: %d %s %s", code, out, stderr)
	}
	if code, _, stderr := run(t, db, "", "review", "discard", itoa(cards[1].HighlightID)); code != 0 {
		t.Errorf("discard: %s", stderr)
	}
	// The discarded card leaves the list; the snoozed one, graded that day, stays as done.
	if cards := reviewList(t, db, "--on", "2026-05-04"); len(cards) != 2 || !cards[0].Done || cards[0].Due != "2026-05-06" {
		t.Errorf("after snooze and discard: %+v", cards)
	}

	// Mistakes: usage errors (2), a missing highlight (1).
	for _, args := range [][]string{
		{"review", "grade", itoa(ids[0]), "meh"},
		{"review", "grade", "x", "good"},
		{"review", "--on", "04/05/2026"},
		{"review", "--limit", "0"},
		{"review", "frobnicate", "1"},
	} {
		if code, _, stderr := run(t, db, "", args...); code != 2 {
			t.Errorf("%v: code %d, %s", args, code, stderr)
		}
	}
	if code, _, stderr := run(t, db, "", "review", "grade", "999", "good"); code != 1 || !strings.Contains(stderr, "not found") {
		t.Errorf("grade 999: code %d, %s", code, stderr)
	}
}

func TestStatsCommand(t *testing.T) {
	db, ids := reviewDB(t)
	if code, _, stderr := run(t, db, "", "review", "grade", itoa(ids[0]), "good"); code != 0 {
		t.Fatal(stderr)
	}
	code, out, stderr := run(t, db, "", "stats", "--json", "--weeks", "3")
	var st statsJSON
	if err := json.Unmarshal([]byte(out), &st); code != 0 || err != nil {
		t.Fatalf("stats --json: code %d, %v, %s %s", code, err, out, stderr)
	}
	if len(st.Weeks) != 3 || st.Weeks[2].Highlights != 3 || st.Weeks[2].Reviews != 1 || st.ReviewStreak != 1 ||
		st.ReviewedToday != 1 || len(st.Days) < 15 || !strings.Contains(out, `"reading_time": []`) {
		t.Errorf("stats = %s", out)
	}
	// Time the window recorded: per week and per article.
	s, err := store.Open(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	today := review.DayOf(time.Now()).String()
	err = s.AddReadingTime(context.Background(), []store.ReadingTime{{Day: today, ArticleID: 1, Seconds: 754}})
	s.Close()
	if err != nil {
		t.Fatal(err)
	}
	_, out, _ = run(t, db, "", "stats", "--json", "--weeks", "1")
	st = statsJSON{}
	if err := json.Unmarshal([]byte(out), &st); err != nil || len(st.ReadingTime) != 1 || st.ReadingTime[0].ArticleID != 1 ||
		st.ReadingTime[0].Seconds != 754 || st.ReadingTime[0].Title == "" || st.Weeks[0].ReadingSeconds != 754 ||
		st.Days[len(st.Days)-1].ReadingSeconds != 754 {
		t.Errorf("stats with reading time = %s", out)
	}
	if _, out, _ := run(t, db, "", "stats", "--weeks", "1"); !strings.Contains(out, "13m") || !strings.Contains(out, "Read longest:") {
		t.Errorf("stats with reading time: %q", out)
	}
	if code, out, _ := run(t, db, "", "stats"); code != 0 || !strings.Contains(out, "Review streak: 1 day;") {
		t.Errorf("stats: %q", out)
	}
	if code, _, _ := run(t, db, "", "stats", "--weeks", "0"); code != 2 {
		t.Errorf("--weeks 0: code %d", code)
	}
}

// An export read back in (issue 16): the article is recognised as the export's own, a
// duplicate, so its highlights' review states and histories stay as they were.
func TestReviewSurvivesReimportOfExport(t *testing.T) {
	db, ids := reviewDB(t)
	for _, g := range []struct {
		id    int64
		grade string
	}{{ids[0], "good"}, {ids[1], "again"}, {ids[0], "easy"}} {
		if code, _, stderr := run(t, db, "", "review", "grade", itoa(g.id), g.grade, "--on", "2026-03-02"); code != 0 {
			t.Fatal(stderr)
		}
	}
	if code, _, stderr := run(t, db, "", "review", "discard", itoa(ids[2])); code != 0 {
		t.Fatal(stderr)
	}
	states := func() (map[int64]store.ReviewState, map[int64]int) {
		t.Helper()
		s, err := store.Open(context.Background(), db)
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		st, err := s.AllReviewStates(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		grades := map[int64]int{}
		for _, id := range ids {
			h, err := s.ReviewHistory(context.Background(), id)
			if err != nil {
				t.Fatal(err)
			}
			grades[id] = len(h)
		}
		return st, grades
	}
	before, grades := states()
	if len(before) != 3 || grades[ids[0]] != 2 || !before[ids[2]].Discarded {
		t.Fatalf("before: %+v, %v", before, grades)
	}
	out := filepath.Join(t.TempDir(), "export")
	if code, _, stderr := run(t, db, "", "export", "--all", "--out", out); code != 0 {
		t.Fatal(stderr)
	}
	files, _ := filepath.Glob(filepath.Join(out, "*.md"))
	var exported string
	for _, f := range files {
		b, _ := os.ReadFile(f)
		exported += string(b)
	}
	if !strings.Contains(exported, "review: {due: ") {
		t.Fatalf("the export has no review state:\n%s", exported)
	}
	code, stdout, stderr := run(t, db, "", "import", out)
	if code != 0 || !strings.Contains(stderr, "imported 0, duplicates 1") {
		t.Fatalf("import of the export: code %d\n%s\n%s", code, stdout, stderr)
	}
	after, gradesAfter := states()
	if !maps.Equal(before, after) || !maps.Equal(grades, gradesAfter) {
		t.Errorf("after the re-import: %+v, %v; want %+v, %v", after, gradesAfter, before, grades)
	}
}
