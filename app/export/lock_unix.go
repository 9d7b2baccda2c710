//go:build unix

package export

import (
	"context"
	"errors"
	"fmt"
	"os"
	"time"

	"golang.org/x/sys/unix"
)

// lockFolder takes an exclusive lock on the export folder itself (flock on the folder, so it
// leaves no file behind), waiting while another export, in this program or another, holds
// it. unlock releases it; the system releases it too when the program ends, however it ends.
// Where the file system has no locks the export goes on unlocked.
func lockFolder(ctx context.Context, dir string) (unlock func(), err error) {
	d, err := os.Open(dir)
	if err != nil {
		return nil, fmt.Errorf("lock the export folder: %w", err)
	}
	for {
		err := unix.Flock(int(d.Fd()), unix.LOCK_EX|unix.LOCK_NB)
		switch {
		case err == nil:
			return func() { unix.Flock(int(d.Fd()), unix.LOCK_UN); d.Close() }, nil
		case errors.Is(err, unix.EINTR):
			continue
		case !errors.Is(err, unix.EWOULDBLOCK):
			return func() { d.Close() }, nil // no locks here (some network file systems)
		}
		select {
		case <-ctx.Done():
			d.Close()
			return nil, fmt.Errorf("waiting for another export into %s: %w", dir, ctx.Err())
		case <-time.After(50 * time.Millisecond):
		}
	}
}
