package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"text/tabwriter"
	"time"

	"lectern/app/review"
)

// statsJSON is what `lectern stats --json` prints.
type statsJSON struct {
	Day           string          `json:"day"`
	ReviewStreak  int             `json:"review_streak"`  // days in a row with a review
	ReviewedToday int             `json:"reviewed_today"` // grades given on day
	DueToday      int             `json:"due_today"`      // cards due on day, new ones aside
	Weeks         []weekStatsJSON `json:"weeks"`          // oldest first
	Days          []dayStatsJSON  `json:"days"`           // every day of those weeks up to day
	// ReadingTime is time spent reading per article over those weeks (active reading, as the
	// window recorded it), the longest first; at most review.MostReadLimit articles.
	ReadingTime []readingTimeJSON `json:"reading_time"`
}

type countsJSON struct {
	ArticlesFinished int `json:"articles_finished"`
	Highlights       int `json:"highlights"`
	Notes            int `json:"notes"`
	Reviews          int `json:"reviews"`
	ReadingSeconds   int `json:"reading_seconds"` // time spent reading
}

type weekStatsJSON struct {
	Week  string `json:"week"`  // ISO 8601: 2026-W07
	Start string `json:"start"` // its Monday, YYYY-MM-DD
	countsJSON
}

type dayStatsJSON struct {
	Day string `json:"day"`
	countsJSON
}

type readingTimeJSON struct {
	ArticleID int64   `json:"article_id"`
	Title     string  `json:"title"`
	Seconds   float64 `json:"seconds"`
}

func countsOf(c review.Counts) countsJSON {
	return countsJSON{ArticlesFinished: c.Finished, Highlights: c.Highlights, Notes: c.Notes, Reviews: c.Reviews,
		ReadingSeconds: int(c.Reading.Round(time.Second) / time.Second)}
}

// runStats prints reading stats by week: articles finished, highlights, notes, reviews.
func runStats(ctx context.Context, env Env, args []string) error {
	fs, dbPath := flags("stats", env)
	asJSON := fs.Bool("json", false, "print JSON")
	on := fs.String("on", "", "the last day counted, YYYY-MM-DD (default today)")
	weeks := fs.Int("weeks", 12, "how many weeks, the last one's included")
	rest, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(rest) > 0 {
		return usageError{"stats takes no arguments"}
	}
	if *weeks < 1 || *weeks > 520 {
		return usageError{fmt.Sprintf("--weeks %d: want 1 to 520", *weeks)}
	}
	day := review.DayOf(time.Now())
	if *on != "" {
		if day, err = review.ParseDay(*on); err != nil {
			return usageError{"--on: " + err.Error()}
		}
	}
	db, err := openDB(ctx, *dbPath)
	if err != nil {
		return err
	}
	defer db.Close()
	st, err := review.ReadingStats(ctx, db, day, *weeks, time.Local)
	if err != nil {
		return err
	}
	if *asJSON {
		out := statsJSON{Day: day.String(), ReviewStreak: st.Streak, ReviewedToday: st.ReviewedToday,
			DueToday: st.DueToday, Weeks: []weekStatsJSON{}, Days: []dayStatsJSON{}, ReadingTime: []readingTimeJSON{}}
		for _, a := range st.MostRead {
			out.ReadingTime = append(out.ReadingTime, readingTimeJSON{ArticleID: a.ArticleID, Title: a.Title, Seconds: a.Reading.Seconds()})
		}
		for _, w := range st.Weeks {
			out.Weeks = append(out.Weeks, weekStatsJSON{Week: w.ISO, Start: w.Start.String(), countsJSON: countsOf(w.Counts)})
		}
		for _, d := range st.Days {
			out.Days = append(out.Days, dayStatsJSON{Day: d.Day.String(), countsJSON: countsOf(d.Counts)})
		}
		enc := json.NewEncoder(env.Stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(out)
	}
	fmt.Fprintf(env.Stdout, "Review streak: %s; %d graded and %d due on %s\n", counted(st.Streak, "day"), st.ReviewedToday, st.DueToday, day)
	tw := tabwriter.NewWriter(env.Stdout, 0, 4, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "WEEK\tSTARTS\tREAD\tFINISHED\tHIGHLIGHTS\tNOTES\tREVIEWS\t")
	for _, w := range st.Weeks {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%d\t%d\t%d\t%d\t\n", w.ISO, w.Start, readFor(w.Reading), w.Finished, w.Highlights, w.Notes, w.Reviews)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	if len(st.MostRead) > 0 {
		fmt.Fprintln(env.Stdout, "\nRead longest:")
		for _, a := range st.MostRead {
			fmt.Fprintf(env.Stdout, "  %8s  %s (%d)\n", readFor(a.Reading), a.Title, a.ArticleID)
		}
	}
	return nil
}

// readFor writes a reading time in hours and minutes: 1h05, 12m, 0m.
func readFor(d time.Duration) string {
	m := int(d.Round(time.Minute) / time.Minute)
	if m >= 60 {
		return fmt.Sprintf("%dh%02d", m/60, m%60)
	}
	return fmt.Sprintf("%dm", m)
}
