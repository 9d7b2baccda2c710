package export

import (
	"os"

	"golang.org/x/sys/unix"
)

// syncfsFrom is the batch size from which one syncfs, which flushes the whole file system,
// is cheaper than an fsync per file (each a journal commit on ext4).
const syncfsFrom = 32

// flush makes the files at paths, all in dir, durable.
func flush(dir string, paths []string) error {
	if len(paths) < syncfsFrom {
		return fsyncEach(paths)
	}
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	return unix.Syncfs(int(d.Fd()))
}
