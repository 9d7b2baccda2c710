//go:build !unix

package export

import "context"

// lockFolder does nothing where flock is not available.
func lockFolder(context.Context, string) (func(), error) { return func() {}, nil }
