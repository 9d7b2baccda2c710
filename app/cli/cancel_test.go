package cli

import (
	"bytes"
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"lectern/store"
)

// An import is stopped by its context (the signal context main gives Run: Ctrl+C, SIGTERM),
// even with a named pipe in the folder, and says how many items it did not try.
func TestImportCancelledBySignalContext(t *testing.T) {
	dir := t.TempDir()
	if err := syscall.Mkfifo(filepath.Join(dir, "a-pipe.md"), 0o644); err != nil {
		t.Skipf("mkfifo: %v", err)
	}
	for i := range 400 {
		writeTestFile(t, filepath.Join(dir, fmt.Sprintf("n%03d.md", i)), fmt.Sprintf("# Note %d\n\n%s", i, strings.Repeat("Words. ", 50)))
	}
	// The database is made first: on a busy machine its migrations alone outlast the 50 ms
	// below, and the cancel must reach the import, not the opening.
	dbPath := filepath.Join(t.TempDir(), "lectern.db")
	db, err := store.Open(context.Background(), dbPath)
	if err != nil {
		t.Fatal(err)
	}
	db.Close()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var out, errOut bytes.Buffer
	done := make(chan int, 1)
	go func() {
		done <- Run(ctx, []string{"import", "--db", dbPath, dir},
			Env{Stdout: &out, Stderr: &errOut})
	}()
	time.Sleep(50 * time.Millisecond)
	cancel()
	select {
	case code := <-done:
		t.Logf("code %d: %s", code, errOut.String()[max(0, errOut.Len()-200):])
		if code == 0 && !strings.Contains(errOut.String(), "imported 400") {
			t.Errorf("a cancelled import exits 0: %s", errOut.String())
		}
		if code != 0 && (!strings.Contains(errOut.String(), "not tried") || !strings.Contains(errOut.String(), "interrupted")) {
			t.Errorf("a cancelled import does not say what it left: %s", errOut.String())
		}
	case <-time.After(10 * time.Second):
		t.Fatal("the import does not stop when cancelled")
	}
}
