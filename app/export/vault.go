package export

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"lectern/store"
)

// A note imported from a notes folder (an Obsidian vault: store.Note.Path is set) is written
// back as it came: at its path under the export folder, its front matter block exactly as
// imported with lectern_note_id added before the closing "---" (not when the user's front
// matter has that key: Lectern's keys never replace the user's; a note without front matter
// gets a block holding only it), and its text byte for byte. The template is not used for
// it. The files it embeds are written back at their paths too, never over a file already
// there.

// vaultFile is the file of a vault note: its front matter with Lectern's key, then its text.
func vaultFile(n store.Note) []byte {
	line := "lectern_note_id: " + strconv.FormatInt(n.ID, 10)
	block := n.FrontMatter
	switch {
	case block == "":
		block = "---\n" + line + "\n---\n"
	case hasKey(block, "lectern_note_id"):
	default:
		eol := "\n"
		if first, _, _ := strings.Cut(block, "\n"); strings.HasSuffix(first, "\r") {
			eol = "\r\n"
		}
		// Before the closing delimiter: the start of the block's last line.
		trimmed := strings.TrimRight(block, "\r\n")
		at := strings.LastIndexByte(trimmed, '\n') + 1
		block = block[:at] + line + eol + block[at:]
	}
	return []byte(block + n.Body)
}

// hasKey reports whether a front matter block's YAML has a top-level key.
func hasKey(block, key string) bool {
	for _, line := range strings.Split(store.FrontMatterYAML(block), "\n") {
		if k, _, ok := strings.Cut(line, ":"); ok && strings.Trim(k, `"' `) == key && !strings.HasPrefix(line, " ") {
			return true
		}
	}
	return false
}

// safeVaultPath reports whether p, a note's path or an attachment's, can be written under the
// export folder as it is: relative, inside it, no hidden part, no control characters, each
// part within the file systems' limits.
func safeVaultPath(p string) bool {
	if p == "" || !utf8.ValidString(p) || strings.ContainsAny(p, "\\\x00") || !filepath.IsLocal(filepath.FromSlash(p)) {
		return false
	}
	for _, part := range strings.Split(p, "/") {
		if part == "" || part == "." || part == ".." || strings.HasPrefix(part, ".") || len(part) > maxNameBytes ||
			strings.ContainsFunc(part, unicode.IsControl) || isDeviceName(part) {
			return false
		}
	}
	return p != manifestName
}

// vaultNameFor is nameFor for a vault note: its own path, or with " (2)" and so on before the
// extension when another page, or a file of the user's that Lectern did not export for this
// note, has it. A path that cannot be written as it is gets a name from its title in the
// top folder.
func (m *manifest) vaultNameFor(dir string, n store.Note) string {
	key := pageKey(KindNote, n.ID)
	if e, ok := m.Files[key]; ok {
		return e.Name
	}
	if !safeVaultPath(n.Path) || !isMarkdownName(n.Path) {
		return m.nameFor(dir, KindNote, n.ID, store.NoteTitleOf(n))
	}
	ext := path.Ext(n.Path)
	stem := strings.TrimSuffix(n.Path, ext)
	for i := 1; ; i++ {
		name := n.Path
		if i > 1 {
			name = stem + " (" + strconv.Itoa(i) + ")" + ext
		}
		folded := foldName(name)
		if m.taken[folded] {
			continue
		}
		if m.exists(dir, name) {
			data, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(name)))
			if err != nil || !exportedFor(data, KindNote, n.ID) && string(data) != string(vaultFile(n)) {
				continue
			}
		}
		m.taken[folded] = true
		m.Files[key] = manifestEntry{Name: name}
		return name
	}
}

func isMarkdownName(name string) bool {
	switch strings.ToLower(path.Ext(name)) {
	case ".md", ".markdown", ".mdown", ".mkd":
		return true
	}
	return false
}

// exists reports whether name (a path under dir for a vault note) was there when the export
// began (for a name in the top folder) or is there now.
func (m *manifest) exists(dir, name string) bool {
	if !strings.Contains(name, "/") {
		return m.existing[foldName(name)]
	}
	_, err := os.Lstat(filepath.Join(dir, filepath.FromSlash(name)))
	return err == nil
}

// attachmentWriter writes vault notes' attachments at their paths, each once, never over a
// file already there (the same file, or the user's).
type attachmentWriter struct {
	dir  string
	done map[string]bool
}

func (w *attachmentWriter) write(ctx context.Context, db *store.DB, noteID int64) error {
	atts, err := db.NoteAttachments(ctx, noteID)
	if err != nil {
		return err
	}
	for _, a := range atts {
		if w.done[a.Path] || !safeVaultPath(a.Path) {
			continue
		}
		w.done[a.Path] = true
		target := filepath.Join(w.dir, filepath.FromSlash(a.Path))
		if _, err := os.Lstat(target); err == nil {
			continue
		} else if !errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("export: attachment %s: %w", a.Path, err)
		}
		data, _, err := db.AttachmentData(ctx, a.Hash)
		if err != nil {
			return fmt.Errorf("export: attachment %s: %w", a.Path, err)
		}
		if err := writeAtomic(w.dir, a.Path, data); err != nil {
			return fmt.Errorf("export: attachment %s: %w", a.Path, err)
		}
	}
	return nil
}

// vaultNote is a note imported from a notes folder, as Page holds it.
type vaultNote = store.Note
