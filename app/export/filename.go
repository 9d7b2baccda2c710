package export

import (
	"path/filepath"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/clipperhouse/uax29/v2/graphemes"
	"golang.org/x/text/unicode/norm"
)

const (
	ext = ".md"
	// maxNameRunes and maxNameBytes bound a whole file name, extension and suffixes included:
	// 100 characters stay readable, and 255 bytes is the per-name limit of ext4, APFS and NTFS.
	maxNameRunes = 100
	maxNameBytes = 255
	untitled     = "Untitled"
	// conflictSuffix marks Lectern's version of a file the user has edited since the last export.
	conflictSuffix = " (lectern)"
)

// FileName turns a title into a Markdown file name that is safe on Windows, macOS and Linux:
// Unicode kept (composed, NFC, so one title always gives the same bytes), characters that are
// illegal or that break Obsidian links replaced, no leading or trailing dots and spaces, no
// device names, at most 100 characters and 255 bytes with room left for " (lectern)". It is
// never empty and never names another folder.
func FileName(title string) string {
	return nameWithSuffix(cleanStem(title), "")
}

// cleanStem is the readable part of a file name, before any suffix and the extension.
func cleanStem(title string) string {
	title = norm.NFC.String(strings.ToValidUTF8(title, "\uFFFD"))
	var b strings.Builder
	for _, r := range title {
		switch {
		case r == '/' || r == '\\':
			b.WriteByte('-')
		case r == ':' || r == '|':
			b.WriteString(" - ")
		case r == '"':
			b.WriteByte('\'')
		// Illegal on Windows (<>*?), or Obsidian cannot link to the file (#^[]).
		case strings.ContainsRune("<>*?#^[]", r), unicode.IsSpace(r), unicode.IsControl(r):
			b.WriteByte(' ')
		// Invisible format characters (bidi overrides, zero-width spaces) can disguise a
		// name; joiners stay because emoji sequences and Persian words need them.
		case unicode.Is(unicode.Cf, r) && r != '\u200C' && r != '\u200D':
		default:
			b.WriteRune(r)
		}
	}
	stem := strings.Join(strings.Fields(b.String()), " ")
	// Leading dots hide files (Obsidian skips them); Windows drops trailing dots and spaces.
	stem = strings.Trim(stem, ". ")
	// Dashes left by replacements alone say nothing.
	if strings.Trim(stem, "-. ") == "" {
		stem = untitled
	}
	if isDeviceName(stem) {
		stem = "_" + stem
	}
	return stem
}

// nameWithSuffix joins stem, suffix and the extension, shortening stem (at a grapheme
// boundary, so no emoji or accent is cut in half) to keep the whole name within the limits
// with room to spare for conflictName.
func nameWithSuffix(stem, suffix string) string {
	tail := suffix + ext
	reserved := tail + conflictSuffix
	runeBudget := maxNameRunes - utf8.RuneCountInString(reserved)
	byteBudget := maxNameBytes - len(reserved)
	if utf8.RuneCountInString(stem) > runeBudget || len(stem) > byteBudget {
		var b strings.Builder
		runes := 0
		for g := graphemes.FromString(stem); g.Next(); {
			v := g.Value()
			n := utf8.RuneCountInString(v)
			if runes+n > runeBudget || b.Len()+len(v) > byteBudget {
				break
			}
			b.WriteString(v)
			runes += n
		}
		stem = b.String()
		// Cut between words when that keeps most of the title.
		if i := strings.LastIndexByte(stem, ' '); i > len(stem)/2 {
			stem = stem[:i]
		}
		stem = strings.TrimRight(stem, ". ")
		if stem == "" {
			// A single grapheme longer than the budget (possible with long combining
			// sequences): nothing readable fits.
			stem = untitled
		}
	}
	return stem + tail
}

// conflictName is the name of Lectern's version of a file the user edited: "Name (lectern).md".
// Page names never end in " (lectern)" and leave room for it, so it is unique and in limits.
func conflictName(name string) string {
	return strings.TrimSuffix(name, ext) + conflictSuffix + ext
}

// isDeviceName reports whether Windows reserves stem as a device (CON, nul.txt, COM1, …),
// whatever follows its first dot.
func isDeviceName(stem string) bool {
	base, _, _ := strings.Cut(stem, ".")
	switch strings.ToUpper(strings.TrimRight(base, " ")) {
	case "CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$",
		"COM0", "COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7", "COM8", "COM9",
		"COM¹", "COM²", "COM³", "LPT0", "LPT1", "LPT2", "LPT3", "LPT4", "LPT5", "LPT6",
		"LPT7", "LPT8", "LPT9", "LPT¹", "LPT²", "LPT³":
		return true
	}
	return false
}

// safeName reports whether name, read back from a manifest someone may have edited, is a
// plain file name in the export folder that Lectern could have written.
func safeName(name string) bool {
	return utf8.ValidString(name) && strings.HasSuffix(name, ext) &&
		filepath.Base(name) == name && filepath.IsLocal(name) &&
		!strings.ContainsAny(name, `/\:<>"|?*`) && !strings.HasPrefix(name, ".") &&
		!isDeviceName(strings.TrimSuffix(name, ext)) &&
		utf8.RuneCountInString(name) <= maxNameRunes && len(name) <= maxNameBytes
}
