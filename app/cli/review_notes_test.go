package cli

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
)

// A note tagged "review" is a card: `lectern review --json` gives its note_id (and no
// highlight_id), and the subcommands take it as note:ID.
func TestReviewCommandNoteCards(t *testing.T) {
	db, _ := reviewDB(t)
	code, out, stderr := run(t, db, "", "note", "1", "Why caravans walk together #review")
	if code != 0 {
		t.Fatalf("note: %s", stderr)
	}
	var noteID int64
	if _, err := fmt.Sscanf(out, "note %d", &noteID); err != nil {
		t.Fatalf("note printed %q", out)
	}
	cards := reviewList(t, db, "--on", "2026-05-04")
	if len(cards) != 4 {
		t.Fatalf("cards = %+v", cards)
	}
	c := cards[0] // the newest
	if c.NoteID != noteID || c.HighlightID != 0 || !strings.Contains(c.Quote, "caravans walk") || c.ArticleID != 1 || c.Title == "" {
		t.Fatalf("note card = %+v", c)
	}
	code, raw, _ := run(t, db, "", "review", "--json", "--on", "2026-05-04", "--limit", "1")
	if code != 0 || !strings.Contains(raw, `"note_id"`) || strings.Contains(raw, `"highlight_id"`) {
		t.Errorf("review --json of a note card: %s", raw)
	}
	code, out, stderr = run(t, db, "", "review", "grade", fmt.Sprintf("note:%d", noteID), "good", "--on", "2026-05-04")
	var res gradeJSON
	if err := json.Unmarshal([]byte(out), &res); code != 0 || err != nil || res.NoteID != noteID || res.HighlightID != 0 || !(res.Due > "2026-05-04") {
		t.Fatalf("grade note:%d: code %d, %v, %s %s", noteID, code, err, out, stderr)
	}
	if cards := reviewList(t, db, "--on", "2026-05-04"); cards[0].NoteID != noteID || !cards[0].Done {
		t.Errorf("after the grade: %+v", cards[0])
	}
	code, out, _ = run(t, db, "", "review", "--on", "2026-05-04")
	if code != 0 || !strings.Contains(out, fmt.Sprintf("note:%d", noteID)) {
		t.Errorf("review: %q", out)
	}
	if code, out, stderr := run(t, db, "", "review", "discard", fmt.Sprintf("note:%d", noteID)); code != 0 || !strings.Contains(out, "note") {
		t.Errorf("discard: %s %s", out, stderr)
	}
	if code, _, stderr := run(t, db, "", "review", "grade", "note:999", "good"); code != 1 || !strings.Contains(stderr, "not found") {
		t.Errorf("grade note:999: code %d, %s", code, stderr)
	}
	if code, _, _ := run(t, db, "", "review", "grade", "card:1", "good"); code != 2 {
		t.Errorf("grade card:1: code %d", code)
	}
}
