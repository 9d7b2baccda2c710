// Package cli is Lectern's command line: the same store as the window, for scripts and tests.
package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"
	"unicode"

	"lectern/store"
)

// Env is what a command reads and writes besides the database: the process's streams.
type Env struct {
	Stdin  io.Reader
	Stdout io.Writer
	Stderr io.Writer
}

type command struct {
	usage   string
	summary string
	run     func(ctx context.Context, env Env, args []string) error
}

var commands = map[string]command{
	"import":    {"import [--db PATH] [--notes] [--no-images] PATH|URL ... | import --retry | import --images [ID ...]", "import files, folders (recursively) or web pages", runImport},
	"list":      {"list [--db PATH] [--json]", "list articles with their counts of notes and highlights", runList},
	"search":    {"search [--db PATH] [--json] [--limit N] QUERY", "ranked results across articles, notes and highlights", runSearch},
	"note":      {"note [--db PATH] ARTICLE-ID TEXT|-", "add a note to an article (- reads standard input)", runNote},
	"highlight": {"highlight [--db PATH] [--comment TEXT] [--color COLOUR] ARTICLE-ID QUOTE", "highlight a passage of an article", runHighlight},
	"export":    {"export [--db PATH] [--out DIR] [--all] [--full-text] [--template FILE] [ID ...]", "write notes and highlights as Markdown files", runExport},
	"backup":    {"backup [--db PATH] FILE", "write a consistent copy of the database", runBackup},
	"review":    {reviewUsage, "the day's review of highlights (spaced repetition); grade, snooze, discard a card", runReview},
	"stats":     {"stats [--db PATH] [--json] [--on YYYY-MM-DD] [--weeks N]", "reading stats by week: articles finished, highlights, notes, reviews", runStats},
	"backlinks": {"backlinks [--db PATH] [--json] [--note] ID", "the notes and comments that link to an article (a note with --note)", runBacklinks},
	"delete":    {"delete [--db PATH] ID ...", "move articles, with their notes and highlights, to the Trash", runDelete},
	"restore":   {"restore [--db PATH] ID ...", "bring articles back from the Trash with their notes and highlights", runRestore},
	"trash":     {"trash [--db PATH] [--json] [--empty]", "list the articles in the Trash; --empty deletes it all for good", runTrash},
}

// IsCommand reports whether name is one of the subcommands.
func IsCommand(name string) bool {
	_, ok := commands[name]
	return ok || name == "help"
}

// Run runs the subcommand args[0] with the rest of args and returns the process exit code.
func Run(ctx context.Context, args []string, env Env) int {
	if len(args) == 0 || args[0] == "help" {
		Usage(env.Stdout)
		return 0
	}
	cmd, ok := commands[args[0]]
	if !ok {
		fmt.Fprintf(env.Stderr, "lectern: unknown command %q\n", args[0])
		Usage(env.Stderr)
		return 2
	}
	err := cmd.run(ctx, env, args[1:])
	var usage usageError
	switch {
	case err == nil:
		return 0
	case errors.Is(err, flag.ErrHelp):
		return 0
	case errors.As(err, &usage):
		fmt.Fprintf(env.Stderr, "lectern %s: %s\nusage: lectern %s\n", args[0], printable(err.Error()), cmd.usage)
		return 2
	case errors.Is(err, errReported):
		return 1
	default:
		fmt.Fprintf(env.Stderr, "lectern %s: %s\n", args[0], printable(err.Error()))
		return 1
	}
}

// Usage prints the list of commands.
func Usage(w io.Writer) {
	fmt.Fprintln(w, "usage: lectern [--db PATH]            open the window")
	names := make([]string, 0, len(commands))
	for name := range commands {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		c := commands[name]
		fmt.Fprintf(w, "       lectern %-58s %s\n", c.usage, c.summary)
	}
	fmt.Fprintln(w, "\nThe database is --db PATH, else $LECTERN_DB, else $XDG_DATA_HOME/lectern/lectern.db.")
}

// usageError is a mistake in how the command was called (exit code 2).
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

// errReported means the command already told the user what went wrong.
var errReported = errors.New("reported")

// flags makes a flag set with the --db flag every command takes.
func flags(name string, env Env) (*flag.FlagSet, *string) {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(env.Stderr)
	db := fs.String("db", "", "database file (default $LECTERN_DB or $XDG_DATA_HOME/lectern/lectern.db)")
	return fs, db
}

// parse parses flags anywhere among the arguments (Go's flag package stops at the first
// non-flag), so `lectern search caravan --json` works as a user expects.
func parse(fs *flag.FlagSet, args []string) ([]string, error) {
	var positional []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return nil, err
			}
			return nil, usageError{err.Error()}
		}
		args = fs.Args()
		if len(args) == 0 {
			return positional, nil
		}
		if args[0] == "--" {
			return append(positional, args[1:]...), nil
		}
		positional = append(positional, args[0])
		args = args[1:]
	}
}

func openDB(ctx context.Context, path string) (*store.DB, error) {
	if path == "" {
		path = store.DefaultPath()
	}
	return store.Open(ctx, path)
}

// oneLine squeezes text onto one line for terminal output, its control characters escaped.
func oneLine(s string) string {
	return printable(strings.Join(strings.Fields(s), " "))
}

// printable escapes the control characters (an escape code's ESC, a bell, a backspace...) and
// the bidirectional overrides in text from files, pages or the archive, so that printing it
// shows them rather than lets them drive the terminal: ESC becomes \x1b.
func printable(s string) string {
	if !strings.ContainsFunc(s, needsEscape) {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		switch {
		case r == '\n' || r == '\t':
			b.WriteRune(r)
		case needsEscape(r) && r < 0x100:
			fmt.Fprintf(&b, "\\x%02x", r)
		case needsEscape(r):
			fmt.Fprintf(&b, "\\u%04x", r)
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

func needsEscape(r rune) bool {
	return r != '\n' && r != '\t' && unicode.IsControl(r) || r >= '\u202a' && r <= '\u202e' || r >= '\u2066' && r <= '\u2069'
}

func stdinText(r io.Reader) (string, error) {
	if r == nil {
		r = os.Stdin
	}
	b, err := io.ReadAll(r)
	return string(b), err
}
