// Package store keeps all of Lectern's data in one SQLite file: articles, notes, highlights
// and tags, with full-text indexes (by trigram and by word) that search uses to find
// candidates quickly.
package store

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	sqlite3 "github.com/mattn/go-sqlite3"
)

//go:embed migrations/*.sql
var migrationFiles embed.FS

// DB is an open Lectern database. It is safe for concurrent use.
type DB struct {
	sql      *sql.DB // readers
	write    *sql.DB // the one writer connection: every write goes through it
	path     string
	readOnly bool
	commits  atomic.Uint64 // writes this process committed, for ChangeWatcher
}

// ErrNotFound is returned when an article, note or highlight does not exist.
var ErrNotFound = errors.New("not found")

// ErrReadOnly is returned by writes when the database file cannot be written.
var ErrReadOnly = errors.New("the database is read-only")

// DuplicateError reports that an article is already in the archive.
type DuplicateError struct {
	ExistingID int64
	Title      string
}

func (e *DuplicateError) Error() string {
	return fmt.Sprintf("already in the archive as article %d (%q)", e.ExistingID, e.Title)
}

// DefaultPath is where the database lives unless --db or LECTERN_DB say otherwise:
// $XDG_DATA_HOME/lectern/lectern.db, falling back to ~/.local/share/lectern/lectern.db.
func DefaultPath() string {
	if p := os.Getenv("LECTERN_DB"); p != "" {
		return p
	}
	dataHome := os.Getenv("XDG_DATA_HOME")
	if dataHome == "" {
		home, err := os.UserHomeDir()
		if err != nil {
			home = "."
		}
		dataHome = filepath.Join(home, ".local", "share")
	}
	return filepath.Join(dataHome, "lectern", "lectern.db")
}

// Open opens (creating if needed) the database at path and brings its schema up to date. A
// database the user may read but not write (a read-only file or folder) is opened read-only:
// everything can be read, and writes fail with ErrReadOnly.
func Open(ctx context.Context, path string) (*DB, error) {
	if path == "" {
		return nil, errors.New("open database: no path given")
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return nil, fmt.Errorf("open database: create folder: %w", err)
	}
	// Pragmas in the DSN apply to every pooled connection. synchronous=NORMAL in WAL mode
	// keeps every committed transaction through a killed process.
	q := url.Values{}
	q.Set("_journal_mode", "WAL")
	q.Set("_busy_timeout", "5000")
	q.Set("_foreign_keys", "on")
	q.Set("_synchronous", "NORMAL")
	q.Set("_txlock", "immediate")
	db, err := openDSN(ctx, path, q, false)
	if errors.Is(err, ErrReadOnly) {
		if _, statErr := os.Stat(path); statErr == nil {
			// immutable: SQLite may not create the -shm and -wal files beside a read-only file.
			ro := url.Values{}
			ro.Set("mode", "ro")
			ro.Set("immutable", "1")
			ro.Set("_foreign_keys", "on")
			if roDB, roErr := openDSN(ctx, path, ro, true); roErr == nil {
				return roDB, nil
			}
		}
	}
	return db, err
}

func openDSN(ctx context.Context, path string, q url.Values, readOnly bool) (*DB, error) {
	dsn := "file:" + (&url.URL{Path: path}).EscapedPath() + "?" + q.Encode()
	readers, err := sql.Open("sqlite3", dsn)
	if err != nil {
		return nil, fmt.Errorf("open database %s: %w", path, err)
	}
	// One writer connection, kept open: writes queue here instead of fighting over SQLite's
	// lock, and PRAGMA data_version asked of it sees only other programs' writes.
	writer, err := sql.Open("sqlite3", dsn)
	if err != nil {
		readers.Close()
		return nil, fmt.Errorf("open database %s: %w", path, err)
	}
	writer.SetMaxOpenConns(1)
	writer.SetMaxIdleConns(1)
	db := &DB{sql: readers, write: writer, path: path, readOnly: readOnly}
	if err := db.write.PingContext(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("open database %s: %w", path, describe(err))
	}
	if err := checkFTS5(ctx, db.write); err != nil {
		db.Close()
		return nil, err
	}
	if err := db.migrate(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("open database %s: %w", path, describe(err))
	}
	return db, nil
}

// ReadOnly reports whether the database was opened read-only (its file cannot be written).
func (db *DB) ReadOnly() bool { return db.readOnly }

// Path is the file the database lives in.
func (db *DB) Path() string { return db.path }

// Close closes the database.
func (db *DB) Close() error { return errors.Join(db.sql.Close(), db.write.Close()) }

func checkFTS5(ctx context.Context, sqlDB *sql.DB) error {
	var on int
	err := sqlDB.QueryRowContext(ctx, "SELECT sqlite_compileoption_used('ENABLE_FTS5')").Scan(&on)
	if err != nil || on == 0 {
		return errors.New("this Lectern was built without SQLite FTS5: build it with `-tags sqlite_fts5` (make build does)")
	}
	return nil
}

// SchemaVersion is the schema version this binary writes.
func SchemaVersion() int {
	names, _ := migrationNames()
	return len(names)
}

func migrationNames() ([]string, error) {
	names, err := fs.Glob(migrationFiles, "migrations/*.sql")
	sort.Strings(names)
	return names, err
}

// migrate applies, in order and each in its own transaction, the embedded migrations that the
// database has not seen; PRAGMA user_version records how far it is.
func (db *DB) migrate(ctx context.Context) error {
	names, err := migrationNames()
	if err != nil {
		return err
	}
	var version int
	if err := db.write.QueryRowContext(ctx, "PRAGMA user_version").Scan(&version); err != nil {
		return fmt.Errorf("read schema version: %w", err)
	}
	if version > len(names) {
		return fmt.Errorf("the database has schema version %d, newer than this Lectern knows (%d): update Lectern", version, len(names))
	}
	if db.readOnly && version < len(names) {
		return fmt.Errorf("%w: the database needs an upgrade to schema version %d, which needs write access", ErrReadOnly, len(names))
	}
	for i := version; i < len(names); i++ {
		script, err := migrationFiles.ReadFile(names[i])
		if err != nil {
			return err
		}
		tx, err := db.write.BeginTx(ctx, nil)
		if err != nil {
			return fmt.Errorf("migrate to version %d: %w", i+1, err)
		}
		// Another program (the window and a script starting together) may have migrated
		// since we looked: ask again inside the write transaction.
		var now int
		if err := tx.QueryRowContext(ctx, "PRAGMA user_version").Scan(&now); err != nil {
			tx.Rollback()
			return fmt.Errorf("read schema version: %w", err)
		}
		if now > i {
			tx.Rollback()
			i = now - 1
			continue
		}
		if _, err := tx.ExecContext(ctx, string(script)); err != nil {
			tx.Rollback()
			return fmt.Errorf("migrate to version %d (%s): %w", i+1, filepath.Base(names[i]), err)
		}
		if _, err := tx.ExecContext(ctx, "PRAGMA user_version = "+strconv.Itoa(i+1)); err != nil {
			tx.Rollback()
			return fmt.Errorf("migrate to version %d: %w", i+1, err)
		}
		if err := tx.Commit(); err != nil {
			return fmt.Errorf("migrate to version %d: %w", i+1, err)
		}
	}
	return nil
}

// describe turns SQLite's error codes into words a user understands.
func describe(err error) error {
	var se sqlite3.Error
	if !errors.As(err, &se) {
		return err
	}
	switch se.Code {
	case sqlite3.ErrReadonly:
		return fmt.Errorf("%w (check the file's permissions): %v", ErrReadOnly, err)
	case sqlite3.ErrFull:
		return fmt.Errorf("the disk is full; nothing was changed: %w", err)
	case sqlite3.ErrBusy, sqlite3.ErrLocked:
		return fmt.Errorf("the database is locked by another program; try again: %w", err)
	case sqlite3.ErrCorrupt, sqlite3.ErrNotADB:
		return fmt.Errorf("the file is not a Lectern database or is damaged: %w", err)
	case sqlite3.ErrCantOpen:
		return fmt.Errorf("the database file cannot be opened: %w", err)
	}
	return err
}

// inTx runs fn in one transaction, committed only if fn succeeds.
func (db *DB) inTx(ctx context.Context, fn func(tx *sql.Tx) error) error {
	tx, err := db.write.BeginTx(ctx, nil)
	if err != nil {
		return describe(err)
	}
	defer tx.Rollback()
	if err := fn(tx); err != nil {
		return describe(err)
	}
	if err := tx.Commit(); err != nil {
		return describe(err)
	}
	db.commits.Add(1)
	return nil
}

// Backup writes a consistent copy of the database to path (which must not exist).
func (db *DB) Backup(ctx context.Context, path string) error {
	if _, err := os.Stat(path); err == nil {
		return fmt.Errorf("backup: %s already exists", path)
	}
	if _, err := db.sql.ExecContext(ctx, "VACUUM INTO ?", path); err != nil {
		return fmt.Errorf("backup to %s: %w", path, describe(err))
	}
	return nil
}

func millis(t time.Time) int64 { return t.UnixMilli() }

func nullMillis(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t.UnixMilli()
}

func fromMillis(ms sql.NullInt64) time.Time {
	if !ms.Valid {
		return time.Time{}
	}
	return time.UnixMilli(ms.Int64).UTC()
}

// placeholders returns "?,?,?" for n values.
func placeholders(n int) string {
	return strings.TrimSuffix(strings.Repeat("?,", n), ",")
}

func isForeignKey(err error) bool {
	var se sqlite3.Error
	return errors.As(err, &se) && se.ExtendedCode == sqlite3.ErrConstraintForeignKey
}
