//go:build !unix

package instance

import (
	"errors"
	"os"
)

// tryLock: without flock, every launch is a primary (one window per launch).
func tryLock(*os.File) (bool, error) {
	return false, errors.New("single instance is not supported on this system")
}

func checkPrivate(string) error { return nil }
