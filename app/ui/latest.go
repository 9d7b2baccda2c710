package ui

import (
	"context"

	"lectern/app/search"
)

// latestSearch runs searches off the UI goroutine where only the newest counts: starting one
// cancels the one before, so typing never waits, and a stale answer is never shown. Its
// methods are called on the UI goroutine only.
type latestSearch struct {
	ui     *window
	cancel context.CancelFunc
	seq    int
}

// run searches for query and hands the answer to show on the UI goroutine, unless a newer
// search started in the meantime.
func (s *latestSearch) run(query string, limit int, show func([]search.Result, error)) {
	s.stop()
	seq := s.seq
	ctx, cancel := context.WithCancel(s.ui.ctx)
	s.cancel = cancel
	s.ui.background(func() {
		results, err := s.ui.engine.Search(ctx, query, limit)
		if ctx.Err() != nil {
			return
		}
		s.ui.do(func() {
			if seq == s.seq {
				show(results, err)
			}
		})
	})
}

// stop cancels the running search, if any; its answer will not be shown.
func (s *latestSearch) stop() {
	s.seq++
	if s.cancel != nil {
		s.cancel()
		s.cancel = nil
	}
}
