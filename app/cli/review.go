package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"strconv"
	"text/tabwriter"
	"time"

	"lectern/app/review"
)

// reviewCardJSON is one card of `lectern review --json`.
type reviewCardJSON struct {
	HighlightID int64  `json:"highlight_id,omitempty"` // a highlight's card
	NoteID      int64  `json:"note_id,omitempty"`      // a note's card (tagged "review"); quote is its text
	Quote       string `json:"quote"`
	Comment     string `json:"comment"`
	ArticleID   int64  `json:"article_id"`
	Title       string `json:"title"`
	Due         string `json:"due"`  // YYYY-MM-DD; a new card is due on the review's day
	New         bool   `json:"new"`  // never graded
	Done        bool   `json:"done"` // graded on the review's day, not due again that day
	Reps        int    `json:"reps"`
	Lapses      int    `json:"lapses"`
}

// gradeJSON is what `lectern review grade` prints.
type gradeJSON struct {
	HighlightID int64   `json:"highlight_id,omitempty"`
	NoteID      int64   `json:"note_id,omitempty"`
	Grade       string  `json:"grade"`
	Day         string  `json:"day"`
	Due         string  `json:"due"`  // YYYY-MM-DD: the same day for again
	Days        int     `json:"days"` // from day to due
	Reps        int     `json:"reps"`
	Lapses      int     `json:"lapses"`
	Stability   float64 `json:"stability"` // FSRS: days until recall falls to 90%
	Difficulty  float64 `json:"difficulty"`
}

const reviewUsage = "review [--db PATH] [--json] [--on DATE] [--limit N] [--days N] [grade CARD again|hard|good|easy | snooze CARD | discard CARD | restore CARD] (CARD: a highlight's ID, or note:ID)"

// runReview lists the day's review, or grades, snoozes, discards or restores a card.
func runReview(ctx context.Context, env Env, args []string) error {
	fs, dbPath := flags("review", env)
	asJSON := fs.Bool("json", false, "print a JSON array")
	on := fs.String("on", "", "the review's day, YYYY-MM-DD (default today)")
	limit := fs.Int("limit", review.DefaultLimit, "the most cards in the day's review")
	days := fs.Int("days", review.DefaultSnooze, "snooze: how many days")
	rest, err := parse(fs, args)
	if err != nil {
		return err
	}
	day := review.DayOf(time.Now())
	if *on != "" {
		if day, err = review.ParseDay(*on); err != nil {
			return usageError{"--on: " + err.Error()}
		}
	}
	if len(rest) == 0 {
		if *limit < 1 {
			return usageError{fmt.Sprintf("--limit %d: want at least 1", *limit)}
		}
		return listReview(ctx, env, *dbPath, day, *limit, *asJSON)
	}
	verb, want := rest[0], 2
	switch verb {
	case "grade":
		want = 3
	case "snooze", "discard", "restore":
	default:
		return usageError{fmt.Sprintf("review: no subcommand %q (grade, snooze, discard, restore)", verb)}
	}
	if len(rest) != want {
		return usageError{fmt.Sprintf("review %s takes %d arguments", verb, want-1)}
	}
	key, err := review.ParseKey(rest[1])
	if err != nil {
		return usageError{err.Error()}
	}
	var grade review.Rating
	if verb == "grade" {
		if grade, err = review.ParseRating(rest[2]); err != nil {
			return usageError{err.Error()}
		}
	}
	if verb == "snooze" && *days < 1 {
		return usageError{fmt.Sprintf("--days %d: want at least 1", *days)}
	}
	db, err := openDB(ctx, *dbPath)
	if err != nil {
		return err
	}
	defer db.Close()
	enc := json.NewEncoder(env.Stdout)
	switch verb {
	case "grade":
		res, err := review.GradeCard(ctx, db, key, grade, day)
		if err != nil {
			return err
		}
		hid, nid := keyIDs(key)
		return enc.Encode(gradeJSON{HighlightID: hid, NoteID: nid, Grade: grade.String(), Day: day.String(),
			Due: res.Due.String(), Days: res.Days, Reps: res.Reps, Lapses: res.Lapses,
			Stability: round4(res.Memory.Stability), Difficulty: round4(res.Memory.Difficulty)})
	case "snooze":
		if err := review.SnoozeCard(ctx, db, key, day, *days); err != nil {
			return err
		}
		return enc.Encode(map[string]any{string(key.Kind) + "_id": key.ID, "due": day.Add(*days).String()})
	case "discard":
		if err := review.DiscardCard(ctx, db, key); err != nil {
			return err
		}
		fmt.Fprintf(env.Stdout, "%s discarded from the review (review restore %s brings it back)\n", key, rest[1])
	case "restore":
		if err := review.RestoreCard(ctx, db, key); err != nil {
			return err
		}
		fmt.Fprintf(env.Stdout, "%s is back in the review\n", key)
	}
	return nil
}

// keyIDs is a card's highlight id or note id (the other 0).
func keyIDs(k review.Key) (highlightID, noteID int64) {
	if k.Kind == review.NoteCard {
		return 0, k.ID
	}
	return k.ID, 0
}

// cardID writes a card as the subcommands take it: a highlight's id, or note:ID.
func cardID(c review.Card) string {
	if c.Kind == review.NoteCard {
		return fmt.Sprintf("note:%d", c.NoteID)
	}
	return strconv.FormatInt(c.HighlightID, 10)
}

// counted writes n with the word, plural when n is not 1.
func counted(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}

func round4(x float64) float64 { return math.Round(x*1e4) / 1e4 }

func listReview(ctx context.Context, env Env, dbPath string, day review.Day, limit int, asJSON bool) error {
	db, err := openDB(ctx, dbPath)
	if err != nil {
		return err
	}
	defer db.Close()
	cards, err := review.Today(ctx, db, day, limit)
	if err != nil {
		return err
	}
	if asJSON {
		out := make([]reviewCardJSON, 0, len(cards))
		for _, c := range cards {
			due := c.Due
			if due.IsZero() {
				due = day
			}
			out = append(out, reviewCardJSON{HighlightID: c.HighlightID, NoteID: c.NoteID, Quote: c.Quote,
				Comment: c.Comment, ArticleID: c.ArticleID, Title: c.Title, Due: due.String(),
				New: c.New, Done: c.Done, Reps: c.Reps, Lapses: c.Lapses})
		}
		enc := json.NewEncoder(env.Stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(out)
	}
	fmt.Fprintf(env.Stdout, "Review of %s: %s, %d to go\n", day, counted(len(cards), "card"), review.Remaining(cards))
	if len(cards) == 0 {
		return nil
	}
	tw := tabwriter.NewWriter(env.Stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tSTATE\tDUE\tTITLE\tQUOTE")
	for _, c := range cards {
		state, due := "due", c.Due.String()
		switch {
		case c.Done:
			state = "done"
		case c.Again:
			state = "again"
		case c.New:
			state, due = "new", day.String()
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", cardID(c), state, due, truncate(oneLine(c.Title), 40), truncate(oneLine(c.Quote), 60))
	}
	return tw.Flush()
}
