package ingest

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"lectern/store"
)

// smallDisk mounts a file system of size bytes (a tmpfs, which needs root) and returns its
// folder; the test is skipped where it cannot.
func smallDisk(t *testing.T, size int) string {
	t.Helper()
	dir := t.TempDir()
	if err := syscall.Mount("tmpfs", dir, "tmpfs", 0, fmt.Sprintf("size=%d", size)); err != nil {
		t.Skipf("cannot mount a small file system to fill (%v)", err)
	}
	t.Cleanup(func() { syscall.Unmount(dir, syscall.MNT_DETACH) })
	return dir
}

// When the disk fills, import stops at the first disk-full error and says how many items
// it did not try, rather than failing each of the rest in turn.
func TestImportStopsWhenTheDiskIsFull(t *testing.T) {
	disk := smallDisk(t, 1<<20)
	ctx := context.Background()
	db, err := store.Open(ctx, filepath.Join(disk, "lectern.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	src := t.TempDir()
	const files = 200
	for i := range files {
		var b strings.Builder
		fmt.Fprintf(&b, "# Article %d\n\n", i)
		for j := range 300 {
			fmt.Fprintf(&b, "Sentence %d of article %d, different from every other one. ", j, i)
		}
		writeFile(t, filepath.Join(src, fmt.Sprintf("a%03d.md", i)), b.String())
	}
	var failedLines int
	sum, err := Import(ctx, db, []string{src}, Options{NoImages: true, Workers: 2, OnResult: func(r Result) {
		if r.Outcome == Failed {
			failedLines++
		}
	}})
	if !errors.Is(err, store.ErrDiskFull) {
		t.Fatalf("import on a full disk: %v, want ErrDiskFull (imported %d, failed %d)", err, sum.Imported, sum.Failed)
	}
	if sum.Imported == 0 || sum.Imported >= files {
		t.Fatalf("imported %d of %d: the disk did not fill where expected", sum.Imported, files)
	}
	if failedLines > 1 || sum.Failed > 1 {
		t.Errorf("%d failures reported after the disk filled, want at most the one", failedLines)
	}
	if sum.NotTried == 0 || sum.Imported+sum.Failed+sum.NotTried != files {
		t.Errorf("imported %d, failed %d, not tried %d; want them to add up to %d", sum.Imported, sum.Failed, sum.NotTried, files)
	}
	if !strings.Contains(err.Error(), fmt.Sprintf("%d not tried", sum.NotTried)) {
		t.Errorf("the error does not say how many were not tried: %v", err)
	}
	os.Remove(filepath.Join(disk, "x")) // the disk is still usable for reading
	if n, err := db.CountArticles(ctx); err != nil || n != sum.Imported {
		t.Errorf("%d articles stored, %v; import says %d", n, err, sum.Imported)
	}
}
