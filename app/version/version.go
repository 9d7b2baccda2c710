// Package version is Lectern's version and licence, which the build sets and the window and
// the command line show.
package version

// Version is set at build time by the Makefile, from `git describe --tags --always --dirty`:
//
//	go build -ldflags "-X lectern/app/version.Version=v0.2.0" .
//
// A build without it (go build, go test, go run) is "dev".
var Version = "dev"

// Licence is the licence Lectern is distributed under (the LICENSE file).
const Licence = "MIT"
