package export

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
)

// tempPattern names the temporary files writeAtomic creates; a crash can leave one behind,
// and Run removes such leftovers before it writes.
const tempPattern = ".lectern-*.tmp"

// writeAtomic replaces dir/name with data so that a crash leaves either the old file or the
// new one, never part of one: the bytes go to a temporary file in the same folder, reach the
// disk (fsync), and only then take the name with a rename.
func writeAtomic(dir, name string, data []byte) (err error) {
	f, err := os.CreateTemp(dir, tempPattern)
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
	if err := f.Sync(); err != nil {
		return fmt.Errorf("write %s: %w", name, err)
	}
	// CreateTemp makes the file private; exported notes are ordinary documents.
	if err := f.Chmod(0o644); err != nil && runtime.GOOS != "windows" {
		return fmt.Errorf("write %s: %w", name, err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("write %s: %w", name, err)
	}
	if err := os.Rename(f.Name(), filepath.Join(dir, name)); err != nil {
		return fmt.Errorf("write %s: %w", name, err)
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
	for _, path := range leftovers {
		if err := os.Remove(path); err != nil {
			return fmt.Errorf("remove leftover %s: %w", path, err)
		}
	}
	return nil
}
