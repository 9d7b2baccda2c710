package search

import (
	"context"
	"testing"

	"lectern/app/search/archivegen"
)

// BenchmarkTyping replays queries typed one keystroke at a time on a generated archive (small,
// to set up in seconds: cmd/lecternbench measures the full-size one). One op is one keystroke.
func BenchmarkTyping(b *testing.B) {
	db, _, _ := generatedArchive(b, archivegen.Sizes{Articles: 500, Notes: 2500, Highlights: 1000}, 1)
	ctx := context.Background()
	e := New(db)
	var keystrokes []string
	for _, q := range []string{"government spending", "crvn gtml", "guatamalan", "the", "tarot cards", "wbsmbly", "performance profiler", `"open source"`, "tag:history war"} {
		for n := range len(q) {
			keystrokes = append(keystrokes, q[:n+1])
		}
	}
	for _, k := range keystrokes { // warm up
		e.Search(ctx, k, 50)
	}
	for i := 0; b.Loop(); i++ {
		if _, err := e.Search(ctx, keystrokes[i%len(keystrokes)], 50); err != nil {
			b.Fatal(err)
		}
	}
}
