package store

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"time"
)

// VaultNote is a Markdown file of a notes folder (an Obsidian vault), as app/ingest read it.
type VaultNote struct {
	Source      string // the file (absolute): a note imported from it before is updated
	Path        string // its path inside the folder, '/'-separated, with .md
	Title       string // its name without .md
	FrontMatter string // the front matter block exactly as written (Lectern's export keys removed)
	Body        string // the rest of the file, byte for byte
	// KnownID is the note a file written by Lectern's export says it is (lectern_note_id):
	// updated, wherever the file now is, when it is still in the archive.
	KnownID     int64
	Attachments []Attachment
}

// Attachment is a file a note embeds or links to (an image, a PDF), stored once by the
// SHA-256 of its bytes.
type Attachment struct {
	Path string // its path inside the folder, '/'-separated: where the export writes it back
	Mime string
	Data []byte
}

// AttachmentInfo describes a stored attachment without its bytes.
type AttachmentInfo struct {
	Path string
	Hash string
	Mime string
	Size int64
}

// VaultOutcome says what SaveVaultNote did.
type VaultOutcome int

const (
	VaultAdded     VaultOutcome = iota // a new note
	VaultUpdated                       // the note imported from the same file before, changed
	VaultUnchanged                     // the note imported from the same file before, as it was
)

func (o VaultOutcome) String() string {
	return [...]string{"added", "updated", "unchanged"}[o]
}

// SaveVaultNote stores a note of a notes folder: a new note, or the one imported before from
// the same file (or named by KnownID) updated in place (not in the trash: a trashed one stays
// there, and the file becomes a new note). The look and the write are one transaction, so two
// imports of a vault at once store each file once. Its attachments replace the note's.
func (db *DB) SaveVaultNote(ctx context.Context, v VaultNote) (id int64, outcome VaultOutcome, err error) {
	if v.Path == "" || v.Source == "" {
		return 0, 0, errors.New("save vault note: no path")
	}
	now := millis(time.Now())
	err = db.inTx(ctx, func(tx *sql.Tx) error {
		id, outcome = 0, VaultAdded
		var old Note
		find := func(query string, arg any) error {
			err := tx.QueryRowContext(ctx, `SELECT id, body, title, path, source, front_matter FROM notes
				WHERE `+query+` AND deleted IS NULL AND article_id IS NULL ORDER BY id LIMIT 1`, arg).
				Scan(&old.ID, &old.Body, &old.Title, &old.Path, &old.Source, &old.FrontMatter)
			if errors.Is(err, sql.ErrNoRows) {
				return nil
			}
			return err
		}
		if err := find(`source = ?`, v.Source); err != nil {
			return err
		}
		if old.ID == 0 && v.KnownID > 0 {
			if err := find(`id = ?`, v.KnownID); err != nil {
				return err
			}
		}
		if old.ID == 0 {
			res, err := tx.ExecContext(ctx, `INSERT INTO notes(body, created, updated, title, path, source, front_matter)
				VALUES (?,?,?,?,?,?,?)`, v.Body, now, now, v.Title, v.Path, v.Source, v.FrontMatter)
			if err != nil {
				return fmt.Errorf("add note %s: %w", v.Path, err)
			}
			if id, err = res.LastInsertId(); err != nil {
				return err
			}
		} else {
			id = old.ID
			same := old.Body == v.Body && old.Title == v.Title && old.Path == v.Path && old.FrontMatter == v.FrontMatter
			sameAttachments, err := attachmentsEqual(ctx, tx, id, v.Attachments)
			if err != nil {
				return err
			}
			if same && sameAttachments {
				outcome = VaultUnchanged
				if old.Source != v.Source {
					_, err := tx.ExecContext(ctx, `UPDATE notes SET source = ? WHERE id = ?`, v.Source, id)
					return err
				}
				return nil
			}
			outcome = VaultUpdated
			if !same {
				if _, err := tx.ExecContext(ctx, `UPDATE notes SET body=?, updated=?, title=?, path=?, source=?,
					front_matter=? WHERE id=?`, v.Body, now, v.Title, v.Path, v.Source, v.FrontMatter, id); err != nil {
					return fmt.Errorf("update note %d: %w", id, err)
				}
			}
		}
		if err := setAttachments(ctx, tx, id, v.Attachments); err != nil {
			return err
		}
		return deriveNote(ctx, tx, id)
	})
	if err != nil {
		return 0, 0, err
	}
	return id, outcome, nil
}

func attachmentHash(data []byte) string {
	sum := sha256.Sum256(data)
	return hex.EncodeToString(sum[:])
}

func attachmentsEqual(ctx context.Context, tx *sql.Tx, noteID int64, files []Attachment) (bool, error) {
	rows, err := tx.QueryContext(ctx, `SELECT path, hash FROM note_attachments WHERE note_id = ?`, noteID)
	if err != nil {
		return false, err
	}
	defer rows.Close()
	stored := map[string]string{}
	for rows.Next() {
		var path, hash string
		if err := rows.Scan(&path, &hash); err != nil {
			return false, err
		}
		stored[path] = hash
	}
	if err := rows.Err(); err != nil {
		return false, err
	}
	if len(stored) != len(files) {
		return false, nil
	}
	for _, f := range files {
		if stored[f.Path] != attachmentHash(f.Data) {
			return false, nil
		}
	}
	return true, nil
}

func setAttachments(ctx context.Context, tx *sql.Tx, noteID int64, files []Attachment) error {
	if _, err := tx.ExecContext(ctx, `DELETE FROM note_attachments WHERE note_id = ?`, noteID); err != nil {
		return err
	}
	for _, f := range files {
		if f.Path == "" {
			return fmt.Errorf("attachment of note %d without a path", noteID)
		}
		hash := attachmentHash(f.Data)
		if _, err := tx.ExecContext(ctx, `INSERT INTO attachments(hash, mime, data) VALUES (?,?,?)
			ON CONFLICT(hash) DO NOTHING`, hash, f.Mime, f.Data); err != nil {
			return fmt.Errorf("store attachment %s: %w", f.Path, err)
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO note_attachments(note_id, path, hash) VALUES (?,?,?)
			ON CONFLICT(note_id, path) DO UPDATE SET hash = excluded.hash`, noteID, f.Path, hash); err != nil {
			return fmt.Errorf("store attachment %s: %w", f.Path, err)
		}
	}
	return nil
}

// NoteAttachments lists a note's attachments by path, without their bytes.
func (db *DB) NoteAttachments(ctx context.Context, noteID int64) ([]AttachmentInfo, error) {
	rows, err := db.sql.QueryContext(ctx, `SELECT na.path, a.hash, a.mime, length(a.data)
		FROM note_attachments na JOIN attachments a ON a.hash = na.hash WHERE na.note_id = ? ORDER BY na.path`, noteID)
	if err != nil {
		return nil, describe(err)
	}
	defer rows.Close()
	var out []AttachmentInfo
	for rows.Next() {
		var a AttachmentInfo
		if err := rows.Scan(&a.Path, &a.Hash, &a.Mime, &a.Size); err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

// AttachmentData returns a stored attachment's bytes and type; an unknown hash is ErrNotFound.
func (db *DB) AttachmentData(ctx context.Context, hash string) (data []byte, mime string, err error) {
	err = db.sql.QueryRowContext(ctx, `SELECT data, mime FROM attachments WHERE hash = ?`, hash).Scan(&data, &mime)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, "", fmt.Errorf("attachment %s: %w", hash, ErrNotFound)
	}
	if err != nil {
		return nil, "", describe(err)
	}
	return data, mime, nil
}
