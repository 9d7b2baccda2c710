// Lectern: read what you collect and think about it in notes.
// With no subcommand it opens the window; with one it runs the command line.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"syscall"
	"time"

	"fyne.io/fyne/v2"
	fyneapp "fyne.io/fyne/v2/app"

	"lectern/app/cli"
	"lectern/app/deeplink"
	"lectern/app/ui"
	"lectern/store"
)

// appID is the same as in FyneApp.toml.
const appID = "io.lectern.app"

func main() {
	if len(os.Args) > 1 && cli.IsCommand(os.Args[1]) {
		ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
		code := cli.Run(ctx, os.Args[1:], cli.Env{Stdin: os.Stdin, Stdout: os.Stdout, Stderr: os.Stderr})
		stop()
		os.Exit(code)
	}

	dbPath := flag.String("db", "", "database file (default $LECTERN_DB or $XDG_DATA_HOME/lectern/lectern.db)")
	flag.Usage = func() { cli.Usage(os.Stderr) }
	flag.Parse()
	if flag.NArg() > 0 && cli.IsCommand(flag.Arg(0)) {
		// "lectern --db X list": the database flag came before the command.
		args := append([]string{flag.Arg(0), "--db", *dbPath}, flag.Args()[1:]...)
		os.Exit(cli.Run(context.Background(), args, cli.Env{Stdin: os.Stdin, Stdout: os.Stdout, Stderr: os.Stderr}))
	}
	var links []string
	for _, arg := range flag.Args() {
		if _, _, err := deeplink.Parse(arg); err != nil {
			fmt.Fprintf(os.Stderr, "lectern: unknown command or link %q\n", arg)
			cli.Usage(os.Stderr)
			os.Exit(2)
		}
		links = append(links, arg)
	}
	if *dbPath == "" {
		*dbPath = store.DefaultPath()
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
		finalSave = ui.Show(a, w, db, links...)
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
	// Closed while the database was still opening: the upgrade's transaction rolls back, and
	// runs again at the next start.
	if finalSave != nil {
		finalSave()
	}
	if db != nil {
		db.Close()
	}
	if failed {
		os.Exit(1)
	}
}

// openPatience is how long the window waits for the database before it says it is opening.
const openPatience = 300 * time.Millisecond

type openResult struct {
	db  *store.DB
	err error
}
