package search

import (
	"context"
	"sync"
	"time"
)

// lifetime owns an Engine's background work: every goroutine and timer it starts stops at
// close, which waits for them.
type lifetime struct {
	mu     sync.Mutex
	ctx    context.Context
	cancel context.CancelFunc
	wg     sync.WaitGroup
	timers map[string]*time.Timer
	closed bool
}

func (l *lifetime) init() {
	l.ctx, l.cancel = context.WithCancel(context.Background())
	l.timers = map[string]*time.Timer{}
}

// goRun runs fn in a goroutine with a context that close cancels, and reports whether it
// did: not after close.
func (l *lifetime) goRun(fn func(ctx context.Context)) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.closed {
		return false
	}
	l.wg.Add(1)
	go func() {
		defer l.wg.Done()
		fn(l.ctx)
	}()
	return true
}

// after runs fn once d has passed since the last after of the same name, unless closed.
func (l *lifetime) after(name string, d time.Duration, fn func(ctx context.Context)) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.closed {
		return
	}
	if t, ok := l.timers[name]; ok && t.Stop() {
		t.Reset(d)
		return
	}
	l.timers[name] = time.AfterFunc(d, func() {
		l.mu.Lock()
		delete(l.timers, name)
		l.mu.Unlock()
		l.goRun(fn)
	})
}

// close stops the timers, cancels the goroutines and waits for them.
func (l *lifetime) close() {
	l.mu.Lock()
	l.closed = true
	for _, t := range l.timers {
		t.Stop()
	}
	l.mu.Unlock()
	l.cancel()
	l.wg.Wait()
}
