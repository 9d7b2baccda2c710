package cli

import (
	"context"
	"fmt"
)

func runBackup(ctx context.Context, env Env, args []string) error {
	fs, dbPath := flags("backup", env)
	rest, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(rest) != 1 {
		return usageError{"backup takes one file name"}
	}
	db, err := openDB(ctx, *dbPath)
	if err != nil {
		return err
	}
	defer db.Close()
	if err := db.Backup(ctx, rest[0]); err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "backed up to %s\n", printable(rest[0]))
	return nil
}
