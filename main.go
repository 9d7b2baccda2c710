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

	fyneapp "fyne.io/fyne/v2/app"

	"lectern/app/cli"
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
	if flag.NArg() > 0 {
		fmt.Fprintf(os.Stderr, "lectern: unknown command %q\n", flag.Arg(0))
		cli.Usage(os.Stderr)
		os.Exit(2)
	}
	if *dbPath == "" {
		*dbPath = store.DefaultPath()
	}
	a := fyneapp.NewWithID(appID)
	w := a.NewWindow("Lectern")
	db, err := store.Open(context.Background(), *dbPath)
	if err != nil {
		// Started from a desktop menu, nobody reads standard error: say it in the window too.
		fmt.Fprintln(os.Stderr, "lectern:", err)
		ui.ShowStartupError(a, w, *dbPath, err)
		w.ShowAndRun()
		os.Exit(1)
	}
	defer db.Close()
	finalSave := ui.Show(a, w, db)
	w.ShowAndRun()
	finalSave()
}
