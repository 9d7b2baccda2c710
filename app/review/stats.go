package review

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"time"

	"lectern/store"
)

// Stats are the reading stats of the weeks up to a day: what View → Stats charts and
// `lectern stats` prints. Time spent reading is what the window recorded: active reading only
// (see store.AddReadingTime).
type Stats struct {
	Day           Day
	Weeks         []WeekStats   // oldest first; the last is Day's week (Monday to Sunday)
	Days          []DayStats    // every day of those weeks up to Day, oldest first: the heat map
	Streak        int           // days in a row with a review, up to Day (see Streak)
	ReviewedToday int           // grades given on Day
	DueToday      int           // cards due on Day, new ones aside
	MostRead      []ArticleTime // the articles read longest over those weeks, longest first (at most MostReadLimit)
}

// MostReadLimit is how many articles Stats.MostRead lists at most.
const MostReadLimit = 10

// ArticleTime is time spent reading one article.
type ArticleTime struct {
	ArticleID int64
	Title     string
	Reading   time.Duration
}

// Counts are what happened in a day or a week.
type Counts struct {
	Finished   int           // articles marked done
	Highlights int           // made (and not in the trash)
	Notes      int           // written (and not in the trash)
	Reviews    int           // grades given
	Reading    time.Duration // spent reading (active reading, as the window recorded it)
}

// WeekStats are one week's counts.
type WeekStats struct {
	Start Day    // its Monday
	ISO   string // its ISO 8601 name, 2026-W07
	Counts
}

// DayStats are one day's counts.
type DayStats struct {
	Day Day
	Counts
}

// ReadingStats counts, by week and by day, what happened in the weeks weeks up to day
// (day's week included). Times are counted on the days they fall on in loc (time.Local for
// the user's own days).
func ReadingStats(ctx context.Context, db *store.DB, day Day, weeks int, loc *time.Location) (Stats, error) {
	if weeks < 1 {
		return Stats{}, fmt.Errorf("stats over %d weeks", weeks)
	}
	st := Stats{Day: day}
	monday := day.Add(-((int(day.t.Weekday()) + 6) % 7))
	first := monday.Add(-7 * (weeks - 1))
	act, err := db.Activity(ctx, first.Time(loc), first.String())
	if err != nil {
		return st, err
	}
	n := day.Sub(first) + 1
	st.Days = make([]DayStats, n)
	for i := range st.Days {
		st.Days[i].Day = first.Add(i)
	}
	at := func(t time.Time) *Counts {
		i := DayOf(t.In(loc)).Sub(first)
		if i < 0 || i >= n {
			return nil // after day (--on in the past)
		}
		return &st.Days[i].Counts
	}
	for _, t := range act.Highlights {
		if c := at(t); c != nil {
			c.Highlights++
		}
	}
	for _, t := range act.Notes {
		if c := at(t); c != nil {
			c.Notes++
		}
	}
	for _, t := range act.Finished {
		if c := at(t); c != nil {
			c.Finished++
		}
	}
	for s, k := range act.Reviews {
		d, err := ParseDay(s)
		if err != nil {
			continue
		}
		if i := d.Sub(first); i >= 0 && i < n {
			st.Days[i].Reviews += k
		}
	}
	byArticle := map[int64]*ArticleTime{}
	for _, r := range act.Reading {
		d, err := ParseDay(r.Day)
		if err != nil {
			continue
		}
		i := d.Sub(first)
		if i < 0 || i >= n {
			continue
		}
		dur := time.Duration(r.Seconds * float64(time.Second))
		st.Days[i].Reading += dur
		a := byArticle[r.ArticleID]
		if a == nil {
			a = &ArticleTime{ArticleID: r.ArticleID, Title: r.Title}
			byArticle[r.ArticleID] = a
		}
		a.Reading += dur
	}
	for _, a := range byArticle {
		st.MostRead = append(st.MostRead, *a)
	}
	slices.SortFunc(st.MostRead, func(a, b ArticleTime) int {
		if c := cmp.Compare(b.Reading, a.Reading); c != 0 {
			return c
		}
		return cmp.Compare(a.ArticleID, b.ArticleID)
	})
	if len(st.MostRead) > MostReadLimit {
		st.MostRead = st.MostRead[:MostReadLimit]
	}
	st.ReviewedToday = st.Days[n-1].Reviews
	for w := range weeks {
		start := first.Add(7 * w)
		y, wk := start.t.ISOWeek()
		ws := WeekStats{Start: start, ISO: fmt.Sprintf("%04d-W%02d", y, wk)}
		for i := 7 * w; i < min(7*w+7, n); i++ {
			c := st.Days[i].Counts
			ws.Finished += c.Finished
			ws.Highlights += c.Highlights
			ws.Notes += c.Notes
			ws.Reviews += c.Reviews
			ws.Reading += c.Reading
		}
		st.Weeks = append(st.Weeks, ws)
	}
	if st.Streak, err = Streak(ctx, db, day); err != nil {
		return st, err
	}
	st.DueToday, err = CountDue(ctx, db, day)
	return st, err
}
