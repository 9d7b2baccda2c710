package export

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// batchSize bounds how many files are written between two flushes to disk, and so how many
// temporary files a crash can leave behind (the next Run removes them).
const batchSize = 1000

// pageWriter decides, for each page, between three versions of its file: the base (what
// Lectern wrote last time, by its hash in the manifest), the user's (on disk) and Lectern's
// new one. It writes only when the user's is the base or missing, and queues writes in a
// batch.
type pageWriter struct {
	dir    string
	man    *manifest
	sum    *Summary
	batch  batch
	queued []queuedFile // in the order added to batch
}

type queuedFile struct {
	key      string // the page's manifest key
	name     string
	hash     string
	conflict bool // a "(lectern)" copy beside a file the user edited
}

// put brings the page's file up to date with data. A file the user edited stays as it is:
// if Lectern has something new for it, that goes beside it as "Name (lectern).md" and
// counts as a conflict.
func (w *pageWriter) put(kind string, id int64, name string, data []byte) error {
	key := pageKey(kind, id)
	base := w.man.Files[key]
	path := filepath.Join(w.dir, filepath.FromSlash(name))
	hash := hashOf(data)
	if !w.man.exists(w.dir, name) {
		// Absent when the export began: a new page, or a file the user deleted.
		return w.queue(queuedFile{key: key, name: name, hash: hash}, data)
	}
	if hash == base.SHA256 && base.unedited(path) {
		w.sum.Unchanged++
		return nil
	}
	onDisk, err := os.ReadFile(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		// Deleted since the export began: written again.
	case err != nil:
		return fmt.Errorf("export: %w", err)
	case bytes.Equal(onDisk, data):
		// Also the case after a crash between writing files and saving the manifest.
		if err := base.written(w.dir, hash); err != nil {
			return err
		}
		w.man.Files[key] = base
		w.sum.Unchanged++
		return nil
	case hash == base.SHA256:
		// Edited by the user, and Lectern has nothing new for it.
		w.sum.Unchanged++
		return nil
	case hashOf(onDisk) != base.SHA256:
		return w.putConflict(key, name, hash, data)
	}
	return w.queue(queuedFile{key: key, name: name, hash: hash}, data)
}

func (w *pageWriter) putConflict(key, name, hash string, data []byte) error {
	copyName := conflictName(name)
	w.sum.Conflicts++
	w.sum.ConflictFiles = append(w.sum.ConflictFiles, filepath.Join(w.dir, name))
	f := queuedFile{key: key, name: copyName, hash: hash, conflict: true}
	if onDisk, err := os.ReadFile(filepath.Join(w.dir, copyName)); err == nil && bytes.Equal(onDisk, data) {
		return w.settled(f)
	}
	return w.queue(f, data)
}

func (w *pageWriter) queue(f queuedFile, data []byte) error {
	if err := w.batch.add(f.name, data); err != nil {
		return fmt.Errorf("export: %w", err)
	}
	w.queued = append(w.queued, f)
	if len(w.queued) >= batchSize {
		return w.flush()
	}
	return nil
}

// flush commits the batch and records in the manifest the files that took their names.
func (w *pageWriter) flush() error {
	n, err := w.batch.commit()
	for _, f := range w.queued[:n] {
		err = errors.Join(err, w.settled(f))
	}
	w.queued = w.queued[:0]
	if err != nil {
		return fmt.Errorf("export: %w", err)
	}
	return nil
}

// settled records a file that now holds what Lectern rendered.
func (w *pageWriter) settled(f queuedFile) error {
	entry := w.man.Files[f.key]
	if f.conflict {
		// Lectern's version is now the base: the conflict is reported once, and the user's
		// file is left alone until Lectern has something new again. No file has size -1,
		// so the quick unedited check always falls through to reading the user's file.
		entry.SHA256, entry.Size, entry.ModTime = f.hash, -1, 0
		w.man.Files[f.key] = entry
		return nil
	}
	if err := entry.written(w.dir, f.hash); err != nil {
		return err
	}
	w.man.Files[f.key] = entry
	w.sum.Written++
	w.sum.Files = append(w.sum.Files, filepath.Join(w.dir, f.name))
	return nil
}
