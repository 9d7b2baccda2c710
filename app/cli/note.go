package cli

import (
	"context"
	"fmt"
	"strconv"
	"strings"
)

func runNote(ctx context.Context, env Env, args []string) error {
	fs, dbPath := flags("note", env)
	rest, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(rest) != 2 {
		return usageError{"note takes an article id and the text (or - to read standard input)"}
	}
	id, err := strconv.ParseInt(rest[0], 10, 64)
	if err != nil || id <= 0 {
		return usageError{fmt.Sprintf("%q is not an article id", rest[0])}
	}
	text := rest[1]
	if text == "-" {
		if text, err = stdinText(env.Stdin); err != nil {
			return fmt.Errorf("read standard input: %w", err)
		}
	}
	if strings.TrimSpace(text) == "" {
		return usageError{"the note is empty"}
	}
	db, err := openDB(ctx, *dbPath)
	if err != nil {
		return err
	}
	defer db.Close()
	note, err := db.AddNote(ctx, id, text)
	if err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "note %d added to article %d\n", note.ID, id)
	return nil
}
