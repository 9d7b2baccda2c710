package store

import (
	"context"
	"fmt"
	"sync"
)

// ChangeWatcher tells whether a write was committed since it last looked. PRAGMA data_version
// only means something when asked of the same connection again and again, and it ignores that
// connection's own writes: the watcher asks the store's one writer connection, which then
// tells other programs' writes, and counts this process's commits itself.
type ChangeWatcher struct {
	mu      sync.Mutex
	db      *DB
	version int64  // data_version of the writer connection: other programs' writes
	commits uint64 // this process's commits
}

// WatchChanges starts a ChangeWatcher.
func (db *DB) WatchChanges(ctx context.Context) (*ChangeWatcher, error) {
	w := &ChangeWatcher{db: db, commits: db.commits.Load()}
	var err error
	if w.version, err = w.read(ctx); err != nil {
		return nil, err
	}
	return w, nil
}

// Changed reports whether anyone, this process or another, committed a write since the
// previous call (or since WatchChanges).
func (w *ChangeWatcher) Changed(ctx context.Context) (bool, error) {
	return w.changed(ctx, true)
}

// ChangedElsewhere reports whether another program (the command line importing while the
// window is open, say) committed a write since the previous call.
func (w *ChangeWatcher) ChangedElsewhere(ctx context.Context) (bool, error) {
	return w.changed(ctx, false)
}

func (w *ChangeWatcher) changed(ctx context.Context, ours bool) (bool, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	v, err := w.read(ctx)
	if err != nil {
		return false, err
	}
	commits := w.db.commits.Load()
	changed := v != w.version || ours && commits != w.commits
	w.version, w.commits = v, commits
	return changed, nil
}

func (w *ChangeWatcher) read(ctx context.Context) (int64, error) {
	var v int64
	if err := w.db.write.QueryRowContext(ctx, `PRAGMA data_version`).Scan(&v); err != nil {
		return 0, fmt.Errorf("check for changes: %w", describe(err))
	}
	return v, nil
}

// Close is kept for callers that release watchers; the connection belongs to the store.
func (w *ChangeWatcher) Close() error { return nil }
