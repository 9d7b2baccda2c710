//go:build !unix

package instance

import (
	"errors"
	"os"
)

// tryLock: without flock there is no single instance; Claim fails and the caller opens a
// window anyway (say so).
func tryLock(*os.File) (bool, error) {
	return false, errors.New("single instance is not supported on this system")
}

func checkPrivate(string) error { return nil }
