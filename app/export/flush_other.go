//go:build !linux

package export

// flush makes the files at paths durable.
func flush(_ string, paths []string) error { return fsyncEach(paths) }
