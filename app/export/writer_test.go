package export

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestManyPagesCrossBatches writes more pages than one batch holds, through the path that
// flushes with syncfs, and checks every file and manifest record.
func TestManyPagesCrossBatches(t *testing.T) {
	dir := t.TempDir()
	man, err := loadManifest(dir)
	if err != nil {
		t.Fatal(err)
	}
	sum := &Summary{}
	w := &pageWriter{dir: dir, man: man, sum: sum, batch: batch{dir: dir}}
	const n = batchSize + 7
	for id := range int64(n) {
		name := man.nameFor(dir, KindArticle, id+1, "Page")
		if err := w.put(KindArticle, id+1, name, []byte(fmt.Sprintf("page %d\n", id+1))); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.flush(); err != nil {
		t.Fatal(err)
	}
	entries, _ := os.ReadDir(dir)
	if sum.Written != n || len(entries) != n {
		t.Fatalf("written %d, folder holds %d files, want %d", sum.Written, len(entries), n)
	}
	for _, e := range entries {
		if strings.HasSuffix(e.Name(), ".tmp") {
			t.Fatalf("temporary file left: %s", e.Name())
		}
	}
	e := man.Files[pageKey(KindArticle, n)]
	data, err := os.ReadFile(filepath.Join(dir, e.Name))
	if err != nil || string(data) != fmt.Sprintf("page %d\n", n) || e.Name != fmt.Sprintf("Page (%d).md", n) ||
		e.SHA256 != hashOf(data) || !e.unedited(filepath.Join(dir, e.Name)) {
		t.Errorf("last page: entry %+v, file %q, err %v", e, data, err)
	}
}
