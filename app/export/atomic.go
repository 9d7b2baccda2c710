package export

import (
	"errors"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
)

// tempPattern matches the temporary files a batch creates; a crash can leave some behind,
// and Run removes such leftovers before it writes.
const tempPattern = ".lectern-*.tmp"

// createTemp creates a new temporary file in dir. Unlike os.CreateTemp it lets the umask
// decide the permissions, as for any document the user saves, without another system call.
func createTemp(dir string) (*os.File, error) {
	for {
		name := filepath.Join(dir, ".lectern-"+strconv.FormatUint(rand.Uint64(), 36)+".tmp")
		f, err := os.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o666)
		if !errors.Is(err, fs.ErrExist) {
			return f, err
		}
	}
}

// batch replaces files in one folder atomically: add writes each file's bytes to a temporary
// file beside it; commit makes them all durable with one flush and only then renames each
// over its name. A crash leaves every file either old or new, never part of one, and a
// thousand files cost one disk flush instead of a thousand.
type batch struct {
	dir     string
	pending []pendingFile
}

type pendingFile struct{ temp, name string }

func (b *batch) add(name string, data []byte) (err error) {
	f, err := createTemp(b.dir)
	if err != nil {
		return fmt.Errorf("write %s: %w", name, err)
	}
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(f.Name())
		}
	}()
	if _, err := f.Write(data); err != nil {
		return fmt.Errorf("write %s: %w", name, err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("write %s: %w", name, err)
	}
	b.pending = append(b.pending, pendingFile{temp: f.Name(), name: name})
	return nil
}

// commit flushes the pending files to disk and renames them into place, in the order they
// were added. It returns how many took their names; the others are removed.
func (b *batch) commit() (int, error) {
	if len(b.pending) == 0 {
		return 0, nil
	}
	defer b.discard()
	temps := make([]string, len(b.pending))
	for i, p := range b.pending {
		temps[i] = p.temp
	}
	if err := flush(b.dir, temps); err != nil {
		return 0, fmt.Errorf("write to disk: %w", err)
	}
	subdirs := map[string]bool{} // a vault note's folders (vault.go)
	for i, p := range b.pending {
		target := filepath.Join(b.dir, filepath.FromSlash(p.name))
		if d := filepath.Dir(target); d != filepath.Clean(b.dir) && !subdirs[d] {
			if err := os.MkdirAll(d, 0o755); err != nil {
				b.pending = b.pending[i:]
				return i, fmt.Errorf("write %s: %w", p.name, err)
			}
			subdirs[d] = true
		}
		if err := os.Rename(p.temp, target); err != nil {
			b.pending = b.pending[i:]
			return i, fmt.Errorf("write %s: %w", p.name, err)
		}
	}
	n := len(b.pending)
	b.pending = nil
	var errs []error
	for d := range subdirs {
		errs = append(errs, syncDir(d))
	}
	return n, errors.Join(append(errs, syncDir(b.dir))...)
}

// discard removes the temporary files not yet renamed.
func (b *batch) discard() {
	for _, p := range b.pending {
		os.Remove(p.temp)
	}
	b.pending = nil
}

// writeAtomic replaces dir/name with data as a batch of one.
func writeAtomic(dir, name string, data []byte) error {
	b := batch{dir: dir}
	if err := b.add(name, data); err != nil {
		return err
	}
	_, err := b.commit()
	return err
}

// fsyncEach flushes each file to disk.
func fsyncEach(paths []string) error {
	for _, path := range paths {
		f, err := os.Open(path)
		if err != nil {
			return err
		}
		err = f.Sync()
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// syncDir makes the renames in dir durable. Windows cannot open a folder for syncing and
// makes renames durable itself.
func syncDir(dir string) error {
	if runtime.GOOS == "windows" {
		return nil
	}
	d, err := os.Open(dir)
	if err != nil {
		return fmt.Errorf("sync export folder: %w", err)
	}
	defer d.Close()
	if err := d.Sync(); err != nil {
		return fmt.Errorf("sync export folder: %w", err)
	}
	return nil
}

// removeTempFiles deletes temporary files an interrupted export left in dir.
func removeTempFiles(dir string) error {
	leftovers, err := filepath.Glob(filepath.Join(dir, tempPattern))
	if err != nil {
		return err
	}
	var errs []error
	for _, path := range leftovers {
		if err := os.Remove(path); err != nil {
			errs = append(errs, fmt.Errorf("remove leftover %s: %w", path, err))
		}
	}
	return errors.Join(errs...)
}
