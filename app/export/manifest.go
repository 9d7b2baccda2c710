package export

import (
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
// wrote, its file name (so a page keeps its name when its title changes) and the hash of the
// bytes written (so an edit by the user is recognised and never overwritten).
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
}

type manifestEntry struct {
	Name   string `json:"name"`
	SHA256 string `json:"sha256"`
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
		taken: map[string]bool{}, nextSuffix: map[string]int{}}
	data, err := os.ReadFile(filepath.Join(dir, manifestName))
	if errors.Is(err, fs.ErrNotExist) {
		return m, nil
	}
	if err != nil {
		return nil, fmt.Errorf("read export manifest: %w", err)
	}
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
		if safeName(e.Name) && !m.taken[foldName(e.Name)] {
			m.Files[key] = e
			m.taken[foldName(e.Name)] = true
		}
	}
	return m, nil
}

// nameFor returns the file name of a page: the one it was given before, or a new one from
// its title that no other page, and no file already in the folder, uses.
func (m *manifest) nameFor(dir, key, title string) (string, error) {
	if e, ok := m.Files[key]; ok {
		return e.Name, nil
	}
	stem := cleanStem(title)
	for n := max(1, m.nextSuffix[foldName(stem)]); ; n++ {
		m.nextSuffix[foldName(stem)] = n + 1
		suffix := ""
		if n > 1 {
			suffix = " (" + strconv.Itoa(n) + ")"
		}
		name := nameWithSuffix(stem, suffix)
		// Names ending in " (lectern)" are kept for conflict copies.
		if m.taken[foldName(name)] || strings.HasSuffix(foldName(name), conflictSuffix+ext) {
			continue
		}
		if _, err := os.Lstat(filepath.Join(dir, name)); err == nil {
			continue // the user's own file
		} else if !errors.Is(err, fs.ErrNotExist) {
			return "", fmt.Errorf("export %q: %w", name, err)
		}
		m.taken[foldName(name)] = true
		m.Files[key] = manifestEntry{Name: name}
		return name, nil
	}
}

func (m *manifest) save(dir string) error {
	data, err := json.MarshalIndent(m, "", "\t")
	if err != nil {
		return fmt.Errorf("save export manifest: %w", err)
	}
	if err := writeAtomic(dir, manifestName, append(data, '\n')); err != nil {
		return fmt.Errorf("save export manifest: %w", err)
	}
	return nil
}
