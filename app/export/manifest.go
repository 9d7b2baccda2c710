package export

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"golang.org/x/text/unicode/norm"
)

// manifestName is the file in the export folder that remembers, for every page Lectern
// wrote, its file name (so a page keeps its name when its title changes) and the hash of
// Lectern's latest version of it (so an edit by the user is recognised and never
// overwritten).
const manifestName = ".lectern-export.json"

const manifestVersion = 1

type manifest struct {
	Version int `json:"version"`
	// Files maps page keys ("article/42", "note/7") to what was written for them.
	Files map[string]manifestEntry `json:"files"`
	// taken holds every file name in use, folded, since Windows and macOS compare names
	// without case and macOS without Unicode normalisation.
	taken map[string]bool
	// nextSuffix remembers, per folded stem, the first collision suffix not yet tried, so a
	// thousand "Untitled" articles do not each try every name before theirs.
	nextSuffix map[string]int
	// stored is the file as read, so that an export that changed nothing writes nothing.
	stored []byte
	// existing holds the folded names of the files in the folder when the export began, so
	// that a name known to be free costs no look-up on disk.
	existing map[string]bool
}

type manifestEntry struct {
	Name   string `json:"name"`
	SHA256 string `json:"sha256"`
	// Size and ModTime (Unix nanoseconds) are the file's as Lectern left it: while they
	// still match, the file is known unedited without reading it, as git does.
	Size    int64 `json:"size"`
	ModTime int64 `json:"mtime"`
}

// unedited reports whether the file at path is, as far as its size and time tell, the one
// Lectern wrote.
func (e manifestEntry) unedited(path string) bool {
	info, err := os.Lstat(path)
	return err == nil && info.Mode().IsRegular() && info.Size() == e.Size && info.ModTime().UnixNano() == e.ModTime
}

// written records that name now holds bytes with the given hash.
func (e *manifestEntry) written(dir, hash string) error {
	info, err := os.Lstat(filepath.Join(dir, e.Name))
	if err != nil {
		return fmt.Errorf("export: %w", err)
	}
	e.SHA256, e.Size, e.ModTime = hash, info.Size(), info.ModTime().UnixNano()
	return nil
}

func pageKey(kind string, id int64) string { return kind + "/" + strconv.FormatInt(id, 10) }

func foldName(name string) string { return strings.ToLower(norm.NFC.String(name)) }

func hashOf(data []byte) string {
	sum := sha256.Sum256(data)
	return hex.EncodeToString(sum[:])
}

// loadManifest reads the folder's manifest; a folder never exported to has an empty one.
// Entries whose names could lead outside the folder are dropped: the file is a plain JSON
// file anyone can edit.
func loadManifest(dir string) (*manifest, error) {
	m := &manifest{Version: manifestVersion, Files: map[string]manifestEntry{},
		taken: map[string]bool{}, nextSuffix: map[string]int{}, existing: map[string]bool{}}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, fmt.Errorf("export: %w", err)
	}
	for _, e := range entries {
		m.existing[foldName(e.Name())] = true
	}
	data, err := os.ReadFile(filepath.Join(dir, manifestName))
	if errors.Is(err, fs.ErrNotExist) {
		return m, nil
	}
	if err != nil {
		return nil, fmt.Errorf("read export manifest: %w", err)
	}
	m.stored = data
	var stored manifest
	if err := json.Unmarshal(data, &stored); err != nil {
		return nil, fmt.Errorf("export manifest %s is damaged (delete it to export afresh): %w",
			filepath.Join(dir, manifestName), err)
	}
	if stored.Version > manifestVersion {
		return nil, fmt.Errorf("export manifest %s was written by a newer Lectern: update Lectern",
			filepath.Join(dir, manifestName))
	}
	for key, e := range stored.Files {
		// Only a vault note's page lives in a folder of its own (vault.go).
		vaultPath := strings.HasPrefix(key, KindNote+"/") && safeVaultPath(e.Name) && isMarkdownName(e.Name)
		if (safeName(e.Name) || vaultPath) && !m.taken[foldName(e.Name)] {
			m.Files[key] = e
			m.taken[foldName(e.Name)] = true
		}
	}
	return m, nil
}

// nameFor returns the file name of a page: the one it was given before, or a new one from
// its title that no other page, and no file of the user's in the folder, uses. A file that
// Lectern exported for this very page is taken back even without a record of it (the
// manifest was deleted, or not copied along with the folder), so the page keeps its name.
func (m *manifest) nameFor(dir, kind string, id int64, title string) string {
	key := pageKey(kind, id)
	if e, ok := m.Files[key]; ok {
		return e.Name
	}
	stem := cleanStem(title)
	for n := max(1, m.nextSuffix[foldName(stem)]); ; n++ {
		suffix := ""
		if n > 1 {
			suffix = " (" + strconv.Itoa(n) + ")"
		}
		name := nameWithSuffix(stem, suffix)
		folded := foldName(name)
		// Names ending in " (lectern)" are kept for conflict copies.
		if m.taken[folded] || strings.HasSuffix(folded, conflictSuffix+ext) {
			continue
		}
		if m.existing[folded] {
			// Taken back only if Lectern exported it for this page; otherwise it is the
			// user's (or differs only in case, which Windows and macOS would not tell apart).
			data, err := os.ReadFile(filepath.Join(dir, name))
			if err != nil || !exportedFor(data, kind, id) {
				continue
			}
		} else {
			m.nextSuffix[foldName(stem)] = n + 1
		}
		m.taken[folded] = true
		m.Files[key] = manifestEntry{Name: name}
		return name
	}
}

func (m *manifest) save(dir string) error {
	data, err := json.MarshalIndent(m, "", "\t")
	if err != nil {
		return fmt.Errorf("save export manifest: %w", err)
	}
	data = append(data, '\n')
	if bytes.Equal(data, m.stored) {
		return nil
	}
	if err := writeAtomic(dir, manifestName, data); err != nil {
		return fmt.Errorf("save export manifest: %w", err)
	}
	return nil
}
