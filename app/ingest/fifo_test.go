package ingest

import (
	"context"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"lectern/internal/testutil"
)

// A named pipe (or any file that is not a regular file) in an imported folder, or given by
// itself, is skipped with a word: reading it would wait forever for a writer.
func TestImportSkipsNamedPipes(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "article.md"), "# An article\n\n"+strings.Repeat("Some words of the article. ", 20))
	for _, name := range []string{"pipe.md", "pipe"} {
		if err := syscall.Mkfifo(filepath.Join(dir, name), 0o644); err != nil {
			t.Skipf("mkfifo: %v", err)
		}
	}
	db := testutil.OpenDB(t)
	done := make(chan Summary, 1)
	go func() {
		sum, err := Import(context.Background(), db, []string{dir, filepath.Join(dir, "pipe.md")}, Options{})
		if err != nil {
			t.Error(err)
		}
		done <- sum
	}()
	var sum Summary
	select {
	case sum = <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("the import hangs on a named pipe")
	}
	if sum.Imported != 1 || sum.Skipped != 3 || sum.Failed != 0 {
		t.Errorf("summary %+v", sum)
	}
	for _, r := range sum.Results {
		if strings.Contains(r.Source, "pipe") && (r.Outcome != Skipped || !strings.Contains(r.Err.Error(), "not a regular file")) {
			t.Errorf("%s: %s, %v; want skipped as not a regular file", r.Source, r.Outcome, r.Err)
		}
	}
}
