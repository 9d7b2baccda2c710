// Lectern: read what you collect and think about it in notes.
// With no subcommand it opens the window; with one it runs the command line.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"strings"
	"sync/atomic"
	"syscall"
	"time"

	"fyne.io/fyne/v2"
	fyneapp "fyne.io/fyne/v2/app"

	"lectern/app/cli"
	"lectern/app/deeplink"
	"lectern/app/instance"
	"lectern/app/ui"
	"lectern/app/version"
	"lectern/store"
)

// runCommand runs a subcommand; Ctrl+C or SIGTERM cancels it (a second one ends the process
// at once, as the signal's default does once the first has been caught).
func runCommand(args []string) int {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	go func() {
		<-ctx.Done()
		stop() // the next signal is no longer caught
	}()
	defer stop()
	return cli.Run(ctx, args, cli.Env{Stdin: os.Stdin, Stdout: os.Stdout, Stderr: os.Stderr})
}

// appID is the same as in FyneApp.toml.
const appID = "io.lectern.app"

func main() {
	if len(os.Args) > 1 && cli.IsCommand(os.Args[1]) {
		os.Exit(runCommand(os.Args[1:]))
	}

	dbPath := flag.String("db", "", "database file (default $LECTERN_DB or $XDG_DATA_HOME/lectern/lectern.db)")
	showVersion := flag.Bool("version", false, "print the version")
	flag.Usage = func() { cli.Usage(os.Stderr) }
	flag.Parse()
	if *showVersion {
		fmt.Println("lectern", version.Version)
		return
	}
	if flag.NArg() > 0 && cli.IsCommand(flag.Arg(0)) {
		// "lectern --db X list": the database flag came before the command.
		args := append([]string{flag.Arg(0), "--db", *dbPath}, flag.Args()[1:]...)
		os.Exit(runCommand(args))
	}
	// What to open: lectern:// links, files and folders to import (paths or file://
	// addresses, as the desktop passes them), web pages.
	open := flag.Args()
	for _, arg := range open {
		if err := checkArg(arg); err != nil {
			fmt.Fprintf(os.Stderr, "lectern: %v\n", err)
			cli.Usage(os.Stderr)
			os.Exit(2)
		}
	}
	if *dbPath == "" {
		*dbPath = store.DefaultPath()
	}
	// One window per database: if one is open, it takes the arguments, and this launch ends.
	var primary *instance.Primary
	paths, err := instance.PathsFor(*dbPath)
	if err == nil {
		primary, err = instance.Claim(paths, instance.Absolute(open))
		if err == nil && primary == nil {
			return
		}
	}
	if errors.Is(err, instance.ErrNoAnswer) {
		fmt.Fprintln(os.Stderr, "lectern:", err)
		os.Exit(1)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "lectern: cannot make sure no other window is open on this database:", err)
	}

	a := fyneapp.NewWithID(appID)
	w := a.NewWindow("Lectern")
	// The database opens in the background: an upgrade of a large archive takes seconds, and
	// the window says so rather than appearing late. A quick open shows the library at once.
	opened := make(chan openResult, 1)
	go func() {
		db, err := store.Open(context.Background(), *dbPath)
		opened <- openResult{db, err}
	}()
	var db *store.DB
	var finalSave func()
	var handed [][]string // arguments another launch handed over while the database opened
	failed := false
	show := func(r openResult) {
		if r.err != nil {
			// Started from a desktop menu, nobody reads standard error: say it in the window too.
			fmt.Fprintln(os.Stderr, "lectern:", r.err)
			ui.ShowStartupError(a, w, *dbPath, r.err)
			failed = true
			return
		}
		db = r.db
		finalSave = ui.Show(a, w, db)
		ui.OpenArgs(w, open)
		for _, args := range handed {
			ui.OpenArgs(w, args)
		}
		handed = nil
	}
	// Another launch's arguments: opened at once, or once the database is open. They arrive
	// on the socket's goroutine and are opened on the UI goroutine.
	var ended atomic.Bool
	if primary != nil {
		primary.Serve(func(args []string) error {
			if ended.Load() {
				return errors.New("closing")
			}
			fyne.Do(func() {
				w.RequestFocus()
				if !ui.OpenArgs(w, args) && !failed {
					handed = append(handed, args)
				}
			})
			return nil
		})
	}
	select {
	case r := <-opened:
		show(r)
	case <-time.After(openPatience):
		ui.ShowOpening(a, w, *dbPath)
		go func() {
			r := <-opened
			fyne.Do(func() { show(r) })
		}()
	}
	w.ShowAndRun()
	ended.Store(true)
	// Closed while the database was still opening: the upgrade's transaction rolls back, and
	// runs again at the next start.
	if finalSave != nil {
		finalSave()
	}
	if db != nil {
		db.Close()
	}
	// Only now may another window open on the database.
	if primary != nil {
		primary.Close()
	}
	if failed {
		os.Exit(1)
	}
}

// openPatience is how long the window waits for the database before it says it is opening.
const openPatience = 300 * time.Millisecond

// checkArg refuses what the window could not open: a malformed lectern:// link, or a word
// that is neither a file nor an address (a mistyped command).
func checkArg(arg string) error {
	switch {
	case strings.HasPrefix(strings.ToLower(arg), deeplink.Scheme+":"):
		if _, _, err := deeplink.Parse(arg); err != nil {
			return fmt.Errorf("%q: %w", arg, err)
		}
		return nil
	case instance.IsURL(arg):
		return nil // file:// as the desktop passes files, or a web page to import
	}
	if _, err := os.Stat(arg); err != nil {
		return fmt.Errorf("unknown command, link or file %q", arg)
	}
	return nil
}

type openResult struct {
	db  *store.DB
	err error
}
