// Package review is the daily review of highlights: a few a day, brought back on a spaced
// repetition schedule (FSRS-6, fsrs.go) so that what was read is remembered.
//
// Every highlight is a card, and so is every note marked for review (tagged "review", in its
// front matter or inline as #review), unless it is in the trash, its article is archived or it
// was discarded from the review. A Key names a card: its kind and the highlight's or note's id. Each day's review holds at most a limit of cards (DefaultLimit):
// the cards due, then new highlights, alternately the most recent and the oldest (see
// store.ReviewDay for why). The list is fixed the first time a day is asked for, so the same
// day gives the same cards in the same order. Grading a card Again brings it back the same day
// (it stays pending in the day's list); Hard, Good and Easy schedule it days away, each further
// than the one before.
//
// The window and the command line use the same calls:
//
//	cards, err := review.Today(ctx, db, review.DayOf(time.Now()), review.DefaultLimit)
//	next, ok := review.NextCard(cards)           // the first card still to grade
//	res, err := review.GradeCard(ctx, db, next.Key, review.Good, day)
//	err = review.SnoozeCard(ctx, db, next.Key, day, review.DefaultSnooze)
//	err = review.DiscardCard(ctx, db, next.Key)  // review.RestoreCard undoes it
//
// (Grade, Snooze, Discard and Restore take a highlight's id.)
//
//	streak, err := review.Streak(ctx, db, day)
package review

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"lectern/store"
)

// DefaultLimit is how many cards a day's review holds unless the user chose otherwise.
const DefaultLimit = 10

// DefaultSnooze is how many days Snooze delays a card by default.
const DefaultSnooze = 3

// Day is a calendar date, the unit of the schedule: a card is due on a day, not at an hour.
// The zero Day means "none" (a new card's due day).
type Day struct{ t time.Time } // midnight UTC of the date

// DayOf is t's date where t is (time.Now() gives the user's local date).
func DayOf(t time.Time) Day {
	y, m, d := t.Date()
	return Day{time.Date(y, m, d, 0, 0, 0, 0, time.UTC)}
}

// ParseDay reads a day written YYYY-MM-DD.
func ParseDay(s string) (Day, error) {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return Day{}, fmt.Errorf("%q is not a date (YYYY-MM-DD)", s)
	}
	return Day{t}, nil
}

// String writes the day YYYY-MM-DD, or "" for the zero Day.
func (d Day) String() string {
	if d.t.IsZero() {
		return ""
	}
	return d.t.Format(time.DateOnly)
}

// IsZero reports whether d is the zero Day.
func (d Day) IsZero() bool { return d.t.IsZero() }

// Add returns the day n days after d (before, for a negative n).
func (d Day) Add(n int) Day { return Day{d.t.AddDate(0, 0, n)} }

// Sub returns the number of days from e to d.
func (d Day) Sub(e Day) int { return int(d.t.Sub(e.t).Round(24*time.Hour) / (24 * time.Hour)) }

// Time is the day's midnight in loc.
func (d Day) Time(loc *time.Location) time.Time {
	y, m, dd := d.t.Date()
	return time.Date(y, m, dd, 0, 0, 0, 0, loc)
}

func parseStored(s string) Day {
	d, _ := ParseDay(s) // written by this package; "" is the zero Day
	return d
}

// Key names a card: store.HighlightKey(id) or store.NoteKey(id).
type Key = store.CardKey

// The kinds of cards.
const (
	HighlightCard = store.HighlightCard
	NoteCard      = store.NoteCard
)

// ParseKey reads a card's key written ID or highlight:ID (a highlight) or note:ID (a note).
func ParseKey(s string) (Key, error) {
	kind, id := HighlightCard, s
	if k, rest, ok := strings.Cut(s, ":"); ok {
		switch store.CardKind(k) {
		case HighlightCard, NoteCard:
			kind, id = store.CardKind(k), rest
		default:
			return Key{}, fmt.Errorf("%q is not a card (ID, highlight:ID or note:ID)", s)
		}
	}
	n, err := strconv.ParseInt(id, 10, 64)
	if err != nil || n <= 0 {
		return Key{}, fmt.Errorf("%q is not a card (ID, highlight:ID or note:ID)", s)
	}
	return Key{Kind: kind, ID: n}, nil
}

// Card is one card of a day's review: a highlight's (HighlightID set) or a note's (NoteID set).
type Card struct {
	Key         Key
	Kind        store.CardKind
	HighlightID int64           // a highlight's card
	NoteID      int64           // a note's card
	ArticleID   int64           // 0 for a note without an article
	Highlight   store.Highlight // the quote, the text around it (Prefix, Suffix), its place
	Note        store.Note      // a note's card: the note
	Quote       string          // a note's card: its body
	Comment     string
	Title       string // the article's
	Byline      string
	Position    int  // in the day's list, from 0 (a card that left the list leaves a gap)
	New         bool // never graded
	Done        bool // graded that day and not due again that day
	Again       bool // graded Again that day: due again the same day, shown after the others
	Due         Day  // zero for a new card
	LastDay     Day  // of the last grade; zero if never graded
	Reps        int
	Lapses      int
	Memory      Memory
}

func cardOf(c store.ReviewCard, day Day) Card {
	s := c.State
	due, last := parseStored(s.Due), parseStored(s.LastDay)
	card := Card{
		Key:         c.Key,
		Kind:        c.Key.Kind,
		HighlightID: c.Highlight.ID,
		ArticleID:   c.Highlight.ArticleID,
		Highlight:   c.Highlight,
		Quote:       c.Highlight.Quote,
		Comment:     c.Highlight.Comment,
		Title:       c.Title,
		Byline:      c.Byline,
		Position:    c.Position,
		New:         s.Reps == 0,
		Done:        last == day && due.t.After(day.t),
		Again:       last == day && !due.t.After(day.t),
		Due:         due,
		LastDay:     last,
		Reps:        s.Reps,
		Lapses:      s.Lapses,
		Memory:      Memory{Stability: s.Stability, Difficulty: s.Difficulty},
	}
	if c.Key.Kind == NoteCard {
		card.NoteID, card.ArticleID, card.Note, card.Quote = c.Note.ID, c.Note.ArticleID, c.Note, c.Note.Body
	}
	return card
}

// Today returns day's review: at most limit cards, the same ones in the same order every time
// it is asked for the same day (a higher limit appends cards; see store.ReviewDay), those
// graded that day included with Done set, and those that left the review since (discarded,
// snoozed, trashed, archived) left out.
func Today(ctx context.Context, db *store.DB, day Day, limit int) ([]Card, error) {
	cs, err := db.ReviewDay(ctx, day.String(), limit)
	if err != nil {
		return nil, err
	}
	out := make([]Card, len(cs))
	for i, c := range cs {
		out[i] = cardOf(c, day)
	}
	return out, nil
}

// NextCard is the card to show next: the first not done, those never graded that day before
// those graded Again (which come back after the rest).
func NextCard(cards []Card) (Card, bool) {
	for _, again := range []bool{false, true} {
		for _, c := range cards {
			if !c.Done && c.Again == again {
				return c, true
			}
		}
	}
	return Card{}, false
}

// Remaining counts the cards not done.
func Remaining(cards []Card) int {
	n := 0
	for _, c := range cards {
		if !c.Done {
			n++
		}
	}
	return n
}

// Result is what a grade did.
type Result struct {
	Key         Key
	HighlightID int64 // a highlight's card
	Rating      Rating
	Due         Day // day itself for Again
	Days        int // from the grading day to Due
	Memory      Memory
	Reps        int
	Lapses      int
}

// Grade records grade g of highlight id given on day, with the default scheduler.
func Grade(ctx context.Context, db *store.DB, id int64, g Rating, day Day) (Result, error) {
	return DefaultScheduler.Grade(ctx, db, id, g, day)
}

// GradeCard records grade g of card k given on day, with the default scheduler.
func GradeCard(ctx context.Context, db *store.DB, k Key, g Rating, day Day) (Result, error) {
	return DefaultScheduler.GradeCard(ctx, db, k, g, day)
}

// Grade records grade g of highlight id given on day (GradeCard).
func (s Scheduler) Grade(ctx context.Context, db *store.DB, id int64, g Rating, day Day) (Result, error) {
	return s.GradeCard(ctx, db, store.HighlightKey(id), g, day)
}

// GradeCard records grade g of card k given on day: the card's new memory state and due
// day, and a row of its history. A card can be graded whether or not it is in the day's
// review, but not on a day before its last grade.
func (s Scheduler) GradeCard(ctx context.Context, db *store.DB, k Key, g Rating, day Day) (Result, error) {
	id := k
	if !g.Valid() {
		return Result{}, fmt.Errorf("no grade %d", int(g))
	}
	if day.IsZero() {
		return Result{}, fmt.Errorf("grade %s: no day", k)
	}
	res := Result{Key: k, Rating: g}
	if k.Kind == HighlightCard {
		res.HighlightID = k.ID
	}
	_, err := db.GradeCard(ctx, k, day.String(), func(st store.ReviewState) (store.ReviewState, store.ReviewGrade, error) {
		elapsed := 0
		if last := parseStored(st.LastDay); !last.IsZero() {
			elapsed = day.Sub(last)
			if elapsed < 0 {
				return st, store.ReviewGrade{}, fmt.Errorf("%s was graded on %s, after %s", id, last, day)
			}
		}
		m := Memory{Stability: st.Stability, Difficulty: st.Difficulty}
		out := s.Next(m, elapsed)[g]
		if g == Again && st.Reps > 0 && elapsed > 0 {
			st.Lapses++ // forgotten after it was learnt; a same-day Again is not a lapse
		}
		st.Reps++
		st.Stability, st.Difficulty = out.Memory.Stability, out.Memory.Difficulty
		st.LastDay, st.Due = day.String(), day.Add(out.Days).String()
		res.Due, res.Days, res.Memory, res.Reps, res.Lapses = day.Add(out.Days), out.Days, out.Memory, st.Reps, st.Lapses
		return st, store.ReviewGrade{Grade: int(g), ElapsedDays: elapsed, Stability: st.Stability,
			Difficulty: st.Difficulty, Due: st.Due}, nil
	})
	return res, err
}

// Snooze takes highlight id out of the review until days after day, without counting it as
// reviewed: it leaves the day's list and is due then.
func Snooze(ctx context.Context, db *store.DB, id int64, day Day, days int) error {
	return SnoozeCard(ctx, db, store.HighlightKey(id), day, days)
}

// SnoozeCard takes card k out of the review until days after day, without counting it as
// reviewed: it leaves the day's list and is due then.
func SnoozeCard(ctx context.Context, db *store.DB, k Key, day Day, days int) error {
	if days < 1 {
		return fmt.Errorf("snooze %s: %d days", k, days)
	}
	return db.SnoozeCard(ctx, k, day.Add(days).String())
}

// Discard takes highlight id out of the review for good; the highlight itself stays.
func Discard(ctx context.Context, db *store.DB, id int64) error { return db.DiscardReview(ctx, id) }

// DiscardCard takes card k out of the review for good; the highlight or note itself stays.
func DiscardCard(ctx context.Context, db *store.DB, k Key) error { return db.DiscardCard(ctx, k) }

// Restore brings a discarded highlight back into the review (Undo of Discard).
func Restore(ctx context.Context, db *store.DB, id int64) error { return db.RestoreReview(ctx, id) }

// RestoreCard brings discarded card k back into the review (Undo of DiscardCard).
func RestoreCard(ctx context.Context, db *store.DB, k Key) error { return db.RestoreCard(ctx, k) }

// CountDue counts the cards due on day (not the new ones): what the library shows.
func CountDue(ctx context.Context, db *store.DB, day Day) (int, error) {
	return db.CountDue(ctx, day.String())
}

// Streak is the number of days in a row, up to day, on which the user graded at least one
// card. A day not reviewed yet does not break it before it ends: with nothing graded on day,
// the streak runs up to the day before.
func Streak(ctx context.Context, db *store.DB, day Day) (int, error) {
	days, err := db.ReviewedDays(ctx) // latest first
	if err != nil {
		return 0, err
	}
	return streak(days, day), nil
}

func streak(days []string, day Day) int {
	want := day
	n := 0
	for _, s := range days {
		d := parseStored(s)
		if d.t.After(want.t) {
			continue // graded on a later day (--on in the past): not counted
		}
		if n == 0 && d == day.Add(-1) {
			want = d // nothing yet today
		}
		if d != want {
			break
		}
		n++
		want = want.Add(-1)
	}
	return n
}
