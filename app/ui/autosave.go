package ui

import (
	"sync"
	"sync/atomic"
	"time"
)

// autosaver writes notes shortly after the user stops typing. Each change restarts a short
// timer; when it fires, every pending note is written. Flush writes at once (focus leaving,
// another article, the window closing), so nothing typed is ever lost.
// retryDelay is how long a failed save waits before it is tried again.
const retryDelay = 2 * time.Second

type autosaver struct {
	delay   time.Duration
	save    func(id int64, text string) error // runs off the UI goroutine
	onSaved func(at time.Time, err error)     // runs on the UI goroutine
	do      func(func())                      // runs a function on the UI goroutine

	mu      sync.Mutex
	pending map[int64]string
	timer   *time.Timer
	writing sync.Mutex    // one flush at a time, so writes land in order
	writes  atomic.Uint64 // counts the writes made, so a reader can tell one happened meanwhile
}

func newAutosaver(delay time.Duration, save func(int64, string) error, onSaved func(time.Time, error), do func(func())) *autosaver {
	return &autosaver{delay: delay, save: save, onSaved: onSaved, do: do, pending: map[int64]string{}}
}

// Changed records the note's new text and restarts the timer.
func (s *autosaver) Changed(id int64, text string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.pending[id] = text
	if s.timer != nil {
		s.timer.Stop()
	}
	s.timer = time.AfterFunc(s.delay, s.flushFromTimer)
}

// Pending reports whether a change is waiting to be written.
func (s *autosaver) Pending() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.pending) > 0
}

func (s *autosaver) flushFromTimer() {
	at, wrote, err := s.write()
	if wrote && s.onSaved != nil {
		s.do(func() { s.onSaved(at, err) })
	}
}

// Flush writes everything pending now and returns the first error (the text that failed stays
// pending); onSaved hears of it on the UI goroutine. It waits for the store, so the window calls
// it off the UI goroutine (window.flushSoon).
func (s *autosaver) Flush() error {
	at, wrote, err := s.write()
	if wrote && s.onSaved != nil && s.do != nil {
		s.do(func() { s.onSaved(at, err) })
	}
	return err
}

// Forget drops the pending text of id (a note deleted before it was written).
func (s *autosaver) Forget(id int64) {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.pending, id)
}

// Writes counts the writes made so far: a reader of the store that sees it change while it
// read may have read text older than what the editors hold.
func (s *autosaver) Writes() uint64 { return s.writes.Load() }

// writePending writes what is pending without reporting to the UI (after the event loop).
func (s *autosaver) writePending() { s.write() }

// PendingText returns the text of id not written yet, if any, so an editor rebuilt from the
// store shows what the user typed rather than what was last saved.
func (s *autosaver) PendingText(id int64) (string, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	t, ok := s.pending[id]
	return t, ok
}

func (s *autosaver) write() (time.Time, bool, error) {
	s.writing.Lock()
	defer s.writing.Unlock()
	s.mu.Lock()
	batch := s.pending
	s.pending = map[int64]string{}
	if s.timer != nil {
		s.timer.Stop()
		s.timer = nil
	}
	s.mu.Unlock()
	if len(batch) == 0 {
		return time.Time{}, false, nil
	}
	defer s.writes.Add(1)
	var firstErr error
	for id, text := range batch {
		if err := s.save(id, text); err != nil {
			if firstErr == nil {
				firstErr = err
			}
			// Keep the text so the next change or flush tries again, unless newer text arrived.
			s.mu.Lock()
			if _, newer := s.pending[id]; !newer {
				s.pending[id] = text
			}
			s.mu.Unlock()
		}
	}
	if firstErr != nil {
		// Try again by itself: the database may be locked by another program for a while.
		s.mu.Lock()
		if s.timer == nil {
			s.timer = time.AfterFunc(retryDelay, s.flushFromTimer)
		}
		s.mu.Unlock()
	}
	return time.Now(), true, firstErr
}
