package store

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// foreignDB makes a SQLite database of another program (rollback journal, its own tables)
// by running the statements, and returns its path.
func foreignDB(t *testing.T, stmts ...string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "other-app.db")
	d, err := sql.Open("sqlite3", "file:"+path)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	for _, s := range stmts {
		if _, err := d.Exec(s); err != nil {
			t.Fatalf("%s: %v", s, err)
		}
	}
	return path
}

// snapshot is a file's bytes and the files beside it that SQLite makes.
func snapshot(t *testing.T, path string) ([]byte, []string) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var beside []string
	for _, ext := range []string{"-wal", "-shm", "-journal"} {
		if _, err := os.Stat(path + ext); err == nil {
			beside = append(beside, ext)
		}
	}
	return b, beside
}

// Another program's database is refused before anything in it changes: no WAL switch, no
// tables, not a byte of the file.
func TestForeignDatabaseRefusedUnchanged(t *testing.T) {
	cases := map[string][]string{
		"other tables":                      {"CREATE TABLE contacts(name TEXT, phone TEXT)", "INSERT INTO contacts VALUES ('Ada', '555')"},
		"clashing table":                    {"CREATE TABLE articles(x INTEGER)", "INSERT INTO articles VALUES (1)"},
		"another application_id":            {"PRAGMA application_id = 1234", "CREATE TABLE t(x)"},
		"a user_version but not ours":       {"CREATE TABLE t(x)", "PRAGMA user_version = 2"},
		"another application_id, no tables": {"PRAGMA application_id = 99", "PRAGMA user_version = 0"},
	}
	for name, stmts := range cases {
		t.Run(name, func(t *testing.T) {
			path := foreignDB(t, stmts...)
			before, beside := snapshot(t, path)
			db, err := Open(context.Background(), path)
			if err == nil {
				db.Close()
				t.Fatal("another program's database was opened")
			}
			if !errors.Is(err, ErrNotLectern) || !strings.Contains(err.Error(), "nothing was changed") {
				t.Errorf("err = %v, want ErrNotLectern saying nothing was changed", err)
			}
			after, besideAfter := snapshot(t, path)
			if !bytes.Equal(before, after) || len(besideAfter) != len(beside) {
				t.Errorf("the file changed (%d → %d bytes, beside it %v → %v)", len(before), len(after), beside, besideAfter)
			}
		})
	}
}

// A new database says it is Lectern's; an empty file and an empty SQLite database may become
// one.
func TestApplicationID(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	check := func(path string) {
		t.Helper()
		db, err := Open(ctx, path)
		if err != nil {
			t.Fatalf("open %s: %v", filepath.Base(path), err)
		}
		defer db.Close()
		var id int32
		db.sql.QueryRow("PRAGMA application_id").Scan(&id)
		if id != applicationID {
			t.Errorf("%s: application_id = %#x, want %#x", filepath.Base(path), id, applicationID)
		}
	}
	check(filepath.Join(dir, "new.db"))
	empty := filepath.Join(dir, "empty.db")
	os.WriteFile(empty, nil, 0o644)
	check(empty)
	check(foreignDB(t, "PRAGMA user_version = 0", "VACUUM")) // a SQLite file with nothing in it
}

// A Lectern database from before application_id is recognised by its tables and stamped.
func TestOldLecternDatabaseAdopted(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "old.db")
	db := MustOpenAt(t, path)
	db.AddArticle(ctx, &Article{Title: "Old", Body: "text"})
	if _, err := db.write.Exec("PRAGMA application_id = 0"); err != nil {
		t.Fatal(err)
	}
	db.Close()
	db, err := Open(ctx, path)
	if err != nil {
		t.Fatalf("an old Lectern database is refused: %v", err)
	}
	defer db.Close()
	var id int32
	db.sql.QueryRow("PRAGMA application_id").Scan(&id)
	if id != applicationID {
		t.Errorf("application_id = %#x, want %#x", id, applicationID)
	}
	if n, _ := db.CountArticles(ctx); n != 1 {
		t.Errorf("articles = %d", n)
	}
}

// A database left with a -wal (a killed Lectern) in a folder the user cannot write opens
// read-only with what the -wal holds.
func TestReadOnlyFolderWithLeftoverWAL(t *testing.T) {
	if !asUnprivileged(t) {
		return
	}
	ctx := context.Background()
	src := filepath.Join(t.TempDir(), "lectern.db")
	db := MustOpenAt(t, src)
	if _, err := db.AddArticle(ctx, &Article{Title: "In the WAL", Body: "text"}); err != nil {
		t.Fatal(err)
	}
	// While db is open its last write is in the -wal only: copy what a SIGKILL leaves.
	for _, withSHM := range []bool{false, true} {
		dir := filepath.Join(t.TempDir(), "ro")
		os.Mkdir(dir, 0o755)
		exts := []string{"", "-wal"}
		if withSHM {
			exts = append(exts, "-shm")
		}
		for _, ext := range exts {
			copyFile(t, src+ext, filepath.Join(dir, "lectern.db"+ext), 0o444)
		}
		os.Chmod(dir, 0o555)
		t.Cleanup(func() { os.Chmod(dir, 0o755) })
		ro, err := Open(ctx, filepath.Join(dir, "lectern.db"))
		if err != nil {
			t.Fatalf("-shm %v: %v", withSHM, err)
		}
		if !ro.ReadOnly() {
			t.Errorf("-shm %v: not read-only", withSHM)
		}
		if n, err := ro.CountArticles(ctx); n != 1 || err != nil {
			t.Errorf("-shm %v: %d articles, %v; want the one in the -wal", withSHM, n, err)
		}
		if _, err := ro.AddArticle(ctx, &Article{Title: "x", Body: "y"}); !errors.Is(err, ErrReadOnly) {
			t.Errorf("-shm %v: write: %v, want ErrReadOnly", withSHM, err)
		}
		ro.Close()
	}
}
