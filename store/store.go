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

// ErrDiskFull is returned by writes when the disk (or the database's size limit) is full;
// nothing of the failed write was kept.
var ErrDiskFull = errors.New("the disk is full")

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

// ErrNotLectern is returned by Open for a file that is not a Lectern database (another
// program's SQLite database, or not a database at all); the file is left as it was.
var ErrNotLectern = errors.New("not a Lectern database")

// applicationID is what PRAGMA application_id says in a Lectern database: "LCTR".
const applicationID int32 = 0x4C435452

// Open opens (creating if needed) the database at path and brings its schema up to date.
// Only a missing or empty file, an empty SQLite database or a Lectern database is opened;
// anything else is refused with ErrNotLectern before anything in it changes. A database the
// user may read but not write (a read-only file or folder) is opened read-only: everything
// can be read, and writes fail with ErrReadOnly.
func Open(ctx context.Context, path string) (*DB, error) {
	if path == "" {
		return nil, errors.New("open database: no path given")
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return nil, fmt.Errorf("open database: create folder: %w", err)
	}
	// Look before touching: the WAL switch and the migrations below change the file.
	if err := checkLectern(ctx, path); err != nil {
		return nil, fmt.Errorf("open database %s: %w", path, err)
	}
	// Pragmas in the DSN apply to every pooled connection. synchronous=NORMAL in WAL mode
	// keeps every committed transaction through a killed process.
	q := url.Values{}
	q.Set("_journal_mode", "WAL")
	q.Set("_busy_timeout", "5000")
	q.Set("_foreign_keys", "on")
	q.Set("_synchronous", "NORMAL")
	q.Set("_txlock", "immediate")
	var (
		db  *DB
		err = ErrReadOnly
	)
	// SQLite opens a file it may not write read-only without a word (a WAL database
	// then migrates nothing and fails only at the first write): ask the system first.
	if f, openErr := os.OpenFile(path, os.O_WRONLY, 0); openErr == nil || !errors.Is(openErr, fs.ErrPermission) {
		if openErr == nil {
			f.Close()
		}
		db, err = openDSN(ctx, path, q, false)
	}
	if errors.Is(err, ErrReadOnly) || isCantOpen(err) {
		if _, statErr := os.Stat(path); statErr == nil {
			var roErr error
			for _, ro := range readOnlyDSNs(path) {
				ro.Set("_foreign_keys", "on")
				var roDB *DB
				if roDB, roErr = openDSN(ctx, path, ro, true); roErr == nil {
					return roDB, nil
				}
			}
			if db == nil {
				return nil, fmt.Errorf("%w, and it cannot be read either: %w", err, roErr)
			}
		}
	}
	return db, err
}

// readOnlyDSNs are the ways to read a database that cannot be written, best first: as any
// reader (which needs the -shm beside a -wal, or to create it); with a -wal but no -shm that
// can be made (a killed Lectern's leftovers in a read-only folder), without locks and with
// the WAL index in memory (nobody can write there either: a writer needs the -shm); else
// immutable (SQLite then ignores a -wal, so only when there is none).
func readOnlyDSNs(path string) []url.Values {
	plain := url.Values{"mode": {"ro"}, "_busy_timeout": {"5000"}}
	if info, err := os.Stat(path + "-wal"); err == nil && info.Size() > 0 {
		return []url.Values{plain, {"mode": {"ro"}, "vfs": {"unix-none"}, "_locking_mode": {"EXCLUSIVE"}}}
	}
	return []url.Values{plain, {"mode": {"ro"}, "immutable": {"1"}}}
}

// checkLectern refuses, without changing it, a file that is neither empty nor a Lectern
// database. A Lectern database says so by its application_id, or (made before Lectern set
// one) by its schema version and tables.
func checkLectern(ctx context.Context, path string) error {
	info, err := os.Stat(path)
	if errors.Is(err, fs.ErrNotExist) || err == nil && info.Size() == 0 {
		return nil // a new database
	}
	if err != nil {
		return err
	}
	if !info.Mode().IsRegular() {
		return fmt.Errorf("%w: it is not a regular file; nothing was changed", ErrNotLectern)
	}
	var lastErr error
	for _, q := range readOnlyDSNs(path) {
		q.Set("_query_only", "1")
		lastErr = probe(ctx, path, q)
		if lastErr == nil || errors.Is(lastErr, ErrNotLectern) {
			return lastErr
		}
	}
	return lastErr
}

func probe(ctx context.Context, path string, q url.Values) error {
	d, err := sql.Open("sqlite3", "file:"+(&url.URL{Path: path}).EscapedPath()+"?"+q.Encode())
	if err != nil {
		return err
	}
	defer d.Close()
	var appID int32
	var version int
	if err := d.QueryRowContext(ctx, "PRAGMA application_id").Scan(&appID); err != nil {
		return notLectern(err)
	}
	if err := d.QueryRowContext(ctx, "PRAGMA user_version").Scan(&version); err != nil {
		return notLectern(err)
	}
	rows, err := d.QueryContext(ctx, "SELECT name FROM sqlite_schema WHERE type = 'table'")
	if err != nil {
		return notLectern(err)
	}
	defer rows.Close()
	tables := map[string]bool{}
	var names []string
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			return notLectern(err)
		}
		tables[name] = true
		names = append(names, name)
	}
	if err := rows.Err(); err != nil {
		return notLectern(err)
	}
	switch {
	case appID == applicationID:
		return nil
	case appID != 0:
		return fmt.Errorf("%w: it belongs to another program (application_id %#x); nothing was changed", ErrNotLectern, uint32(appID))
	case len(tables) == 0 && version == 0:
		return nil // an empty SQLite database, such as a first open that was interrupted
	case version >= 1 && tables["articles"] && tables["notes"] && tables["highlights"] && tables["tags"] && tables["article_tags"]:
		return nil // made before Lectern set application_id: migrate stamps it
	}
	sort.Strings(names)
	if len(names) > 5 {
		names = append(names[:5], "…")
	}
	return fmt.Errorf("%w: it holds another program's tables (%s); nothing was changed", ErrNotLectern, strings.Join(names, ", "))
}

// notLectern describes an error met while looking at a file: one that SQLite cannot read as
// a database is not a Lectern database.
func notLectern(err error) error {
	var se sqlite3.Error
	if errors.As(err, &se) && (se.Code == sqlite3.ErrNotADB || se.Code == sqlite3.ErrCorrupt) {
		return fmt.Errorf("%w, or it is damaged (%v); nothing was changed", ErrNotLectern, err)
	}
	return describe(err)
}

func isCantOpen(err error) bool {
	var se sqlite3.Error
	return errors.As(err, &se) && se.Code == sqlite3.ErrCantOpen
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
		if i == 0 {
			// The first migration builds on nothing: refuse a file that gained tables since
			// checkLectern looked, and say whose the database is.
			var n int
			if err := tx.QueryRowContext(ctx, "SELECT count(*) FROM sqlite_schema").Scan(&n); err != nil {
				tx.Rollback()
				return fmt.Errorf("read the schema: %w", err)
			}
			if n > 0 {
				tx.Rollback()
				return fmt.Errorf("%w: it has tables but no Lectern schema version", ErrNotLectern)
			}
		}
		if _, err := tx.ExecContext(ctx, "PRAGMA application_id = "+strconv.Itoa(int(applicationID))); err != nil {
			tx.Rollback()
			return fmt.Errorf("migrate to version %d: %w", i+1, err)
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
	// A Lectern database from before application_id was set (checkLectern knew it by its
	// tables) says whose it is from now on.
	var appID int32
	if err := db.write.QueryRowContext(ctx, "PRAGMA application_id").Scan(&appID); err != nil {
		return fmt.Errorf("read application_id: %w", err)
	}
	if appID != applicationID && !db.readOnly {
		if _, err := db.write.ExecContext(ctx, "PRAGMA application_id = "+strconv.Itoa(int(applicationID))); err != nil {
			return fmt.Errorf("set application_id: %w", err)
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
		return fmt.Errorf("%w; nothing was changed: %w", ErrDiskFull, err)
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

// Backup writes a consistent copy of the database to path (which must not exist). path is a
// file name, never a SQLite URI ("file:x.db?mode=memory" is a file of that name). The copy is
// written to a temporary file beside path and given its name only when complete, so an
// interrupted backup leaves nothing that looks like one.
func (db *DB) Backup(ctx context.Context, path string) error {
	abs, err := filepath.Abs(path) // starts with "/": SQLite never reads it as a URI
	if err != nil {
		return fmt.Errorf("backup to %s: %w", path, err)
	}
	if _, err := os.Lstat(abs); err == nil {
		return fmt.Errorf("backup: %s already exists", path)
	}
	dir := filepath.Dir(abs)
	if info, err := os.Stat(dir); err != nil || !info.IsDir() {
		return fmt.Errorf("backup to %s: the folder %s does not exist", path, dir)
	}
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(abs)+".partial-*")
	if err != nil {
		return fmt.Errorf("backup to %s: %w", path, err)
	}
	tmpName := tmp.Name()
	tmp.Close()
	done := false
	defer func() {
		if !done {
			os.Remove(tmpName)
			os.Remove(tmpName + "-journal")
		}
	}()
	// VACUUM INTO writes into an empty file.
	if _, err := db.sql.ExecContext(ctx, "VACUUM INTO ?", tmpName); err != nil {
		if ctx.Err() != nil {
			return fmt.Errorf("backup to %s: %w", path, ctx.Err())
		}
		return fmt.Errorf("backup to %s: %w", path, describe(err))
	}
	if err := syncFile(tmpName); err != nil {
		return fmt.Errorf("backup to %s: %w", path, err)
	}
	// A hard link gives the copy its name unless something took the name meanwhile.
	if err := os.Link(tmpName, abs); err != nil {
		if errors.Is(err, fs.ErrExist) {
			return fmt.Errorf("backup: %s already exists", path)
		}
		if err := os.Rename(tmpName, abs); err != nil { // a file system without hard links
			return fmt.Errorf("backup to %s: %w", path, err)
		}
	}
	done = true
	os.Remove(tmpName)
	syncFile(dir)
	return nil
}

// syncFile flushes a file (or a folder's entries) to the disk.
func syncFile(name string) error {
	f, err := os.Open(name)
	if err != nil {
		return err
	}
	defer f.Close()
	return f.Sync()
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
