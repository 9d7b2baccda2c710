// Package ingest turns files, folders, URLs and reading-list exports into store.Articles:
// plain text, Markdown, HTML (through go-readability), EPUB, Pocket and Instapaper exports.
package ingest

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path"
	"regexp"
	"slices"
	"strings"
	"syscall"
	"unicode"

	"lectern/store"
)

// DefaultMaxBytes is the largest file or page imported unless Options.MaxBytes says otherwise.
const DefaultMaxBytes = 20 << 20

// format is the kind of document a file holds.
type format int

const (
	formatUnknown format = iota
	formatText
	formatMarkdown
	formatHTML
	formatEPUB
)

// formatByName picks the format from a file name's or URL path's extension.
func formatByName(name string) format {
	if i := strings.IndexAny(name, "?#"); i >= 0 && strings.Contains(name, "://") {
		name = name[:i]
	}
	switch strings.ToLower(path.Ext(name)) {
	case ".txt", ".text":
		return formatText
	case ".md", ".markdown", ".mdown", ".mkd":
		return formatMarkdown
	case ".html", ".htm", ".xhtml", ".shtml":
		return formatHTML
	case ".epub":
		return formatEPUB
	}
	return formatUnknown
}

// sniffFormat guesses the format of data whose name says nothing.
func sniffFormat(data []byte) format {
	switch {
	case bytes.HasPrefix(data, []byte("PK\x03\x04")) && bytes.Contains(data[:min(len(data), 100)], []byte("application/epub+zip")):
		return formatEPUB
	case looksLikeHTML(data):
		return formatHTML
	}
	return formatText
}

// looksLikeHTML reports whether data starts (after a BOM and whitespace) the way HTML
// documents do: a doctype, an <html>, <head> or <body> tag, a comment...
func looksLikeHTML(data []byte) bool {
	head := bytes.ToLower(bytes.TrimLeft(bytes.TrimPrefix(data[:min(len(data), 1024)], utf8BOM), " \t\r\n"))
	for _, prefix := range []string{"<!doctype html", "<html", "<head", "<body", "<meta", "<title", "<!--", "<?xml"} {
		if bytes.HasPrefix(head, []byte(prefix)) {
			return true
		}
	}
	return false
}

// Parse turns one file's bytes into an article; name is the file name or URL (its extension
// picks the format, and an unknown extension is sniffed). Source is name unless the document
// names its own URL (Markdown front matter, a fetched page's canonical link).
func Parse(name string, data []byte) (*store.Article, error) {
	f := formatByName(name)
	if f == formatUnknown {
		f = sniffFormat(data)
	}
	a, err := parseAs(f, name, data, "")
	if err != nil {
		return nil, err
	}
	if a.Source == "" {
		a.Source = name
	}
	return a, nil
}

// parseAs parses data in a known format; contentType (may be empty) is the HTTP header that
// came with a fetched page and can name its charset.
func parseAs(f format, name string, data []byte, contentType string) (*store.Article, error) {
	if len(bytes.TrimSpace(data)) == 0 {
		return nil, errEmpty
	}
	var (
		a   *store.Article
		err error
	)
	switch f {
	case formatText:
		a, err = parseText(data)
	case formatMarkdown:
		a, err = parseMarkdown(data)
	case formatHTML:
		a, err = parseHTML(data, contentType, name)
	case formatEPUB:
		a, err = parseEPUB(data)
	default:
		err = fmt.Errorf("unknown format")
	}
	if err != nil {
		return nil, err
	}
	tidyMetadata(a)
	return a, nil
}

// tidyMetadata makes the one-line fields one valid line each, cleans the byline up and makes
// sure there is a title.
func tidyMetadata(a *store.Article) {
	for _, field := range []*string{&a.Title, &a.Byline, &a.Site, &a.Lang, &a.Excerpt} {
		*field = cleanLine(*field)
	}
	tidyByline(a)
	if a.Title == "" {
		a.Title = titleFromText(a.Body)
	}
	a.Title = truncateWords(a.Title, maxTitleRunes)
	for i, tag := range a.Tags {
		a.Tags[i] = strings.ToValidUTF8(tag, "")
	}
	a.Tags = store.NormalizeTags(a.Tags)
}

// escapeSequence matches a terminal's escape sequences: CSI (ESC [ or U+009B, parameters,
// a final byte), OSC and the other strings (ESC ] P X ^ _ or their C1 forms, up to BEL or
// ST) and the two-byte ones.
var escapeSequence = regexp.MustCompile(`(?:\x1b\[|\x{9b})[0-?]*[ -/]*[@-~]?|(?:\x1b[\]PX^_]|[\x{90}\x{98}\x{9d}-\x{9f}])[^\x07\x1b\x{9c}]*(?:\x07|\x1b\\|\x{9c})?|\x1b[ -/]*[0-~]?`)

// cleanLine makes text one valid line without control characters: terminal escape
// sequences are removed whole (a title must not drive the terminal it is printed on), as are
// the other control characters and the bidirectional overrides; white space becomes single
// spaces.
func cleanLine(s string) string {
	s = escapeSequence.ReplaceAllString(strings.ToValidUTF8(s, ""), "")
	s = strings.Map(func(r rune) rune {
		switch {
		case unicode.IsSpace(r):
			return ' '
		case unicode.IsControl(r), isBidiControl(r):
			return -1
		}
		return r
	}, s)
	return strings.Join(strings.Fields(s), " ")
}

// isBidiControl reports whether r is an explicit bidirectional embedding, override or
// isolate, which can make text read other than it is.
func isBidiControl(r rune) bool {
	return r >= '\u202a' && r <= '\u202e' || r >= '\u2066' && r <= '\u2069'
}

var errEmpty = errors.New("the file is empty")

// bylineSeparators split a byline into its parts ("Jane Doe | The Paper").
const bylineSeparators = "|·•—–;"

// bylinePrefix is what a byline may start with before the author's name.
var bylinePrefix = regexp.MustCompile(`(?i)^(?:(?:(?:written|posted|words|story|text|reported|reporting|authored|published|photos?)\s+)?by\b|authors?\s*:)[\s:]*`)

// tidyByline leaves in the byline the author's name: without "By", without the separators
// around it, once when the page gave it twice, and nothing when it is only a date or an
// address. A byline that is the site's name keeps it, and Site becomes the page's host name
// (a person's blog names the site after the person) or, for a file, nothing.
func tidyByline(a *store.Article) {
	var parts []string
	dropped := false
	for _, part := range strings.FieldsFunc(a.Byline, func(r rune) bool { return strings.ContainsRune(bylineSeparators, r) }) {
		part = trimBylinePart(part)
		switch {
		case part == "", dateLike(part), urlLike(part):
			dropped = true
			continue
		case slices.ContainsFunc(parts, func(p string) bool { return sameName(p, part) }):
			dropped = true
			continue
		}
		parts = append(parts, part)
	}
	if len(parts) > 1 && a.Site != "" {
		kept := slices.DeleteFunc(slices.Clone(parts), func(p string) bool { return sameName(p, a.Site) })
		if len(kept) > 0 && len(kept) < len(parts) {
			parts, dropped = kept, true
		}
	}
	byline := strings.Join(parts, ", ")
	if !dropped && len(parts) > 0 {
		// Keep the page's own separators.
		byline = trimBylinePart(a.Byline)
	}
	a.Byline = byline
	if a.Byline != "" && sameName(a.Byline, a.Site) {
		a.Site = ""
		if u := webURL(a.Source); u != nil && !sameName(u.Hostname(), a.Byline) {
			a.Site = strings.TrimPrefix(u.Hostname(), "www.")
		}
	}
}

// trimBylinePart removes from one part of a byline the separators around it, "By" before
// it, the dates after it ("Jane Doe, March 3, 2020") and its repetition ("Jane Doe Jane Doe").
func trimBylinePart(s string) string {
	const edges = " \t|·•—–-:,;/"
	s = strings.Trim(s, edges)
	if m := bylinePrefix.FindString(s); m != "" && len(m) < len(s) {
		s = strings.Trim(s[len(m):], edges)
	}
	pieces := strings.Split(s, ",")
	for len(pieces) > 1 && dateLike(pieces[len(pieces)-1]) {
		pieces = pieces[:len(pieces)-1]
	}
	s = strings.Trim(strings.Join(pieces, ","), edges)
	if words := strings.Fields(s); len(words)%2 == 0 && len(words) > 0 && slices.Equal(words[:len(words)/2], words[len(words)/2:]) {
		s = strings.Join(words[:len(words)/2], " ")
	}
	if half := len(s) / 2; len(s)%2 == 0 && half > 0 && s[:half] == s[half:] {
		s = s[:half]
	}
	return s
}

// sameName compares two names ignoring case and white space.
func sameName(a, b string) bool {
	return strings.EqualFold(strings.Join(strings.Fields(a), ""), strings.Join(strings.Fields(b), ""))
}

// dateWords are the words of a date or time that are not numbers.
var dateWords = map[string]bool{}

func init() {
	for _, w := range strings.Fields(`january february march april may june july august september october
		november december jan feb mar apr jun jul aug sep sept oct nov dec monday tuesday wednesday
		thursday friday saturday sunday mon tue tues wed thu thur thurs fri sat sun am pm a.m. p.m.
		at on updated last published posted modified edited date gmt utc est edt cst cdt pst pdt bst
		cet cest of the`) {
		dateWords[w] = true
	}
}

var dateNumber = regexp.MustCompile(`^[0-9][0-9:/.\-]*(?:st|nd|rd|th|h)?$`)

// dateLike reports whether s is only a date or a time ("Last Updated: January 7, 2025").
func dateLike(s string) bool {
	digits := false
	for _, w := range strings.FieldsFunc(strings.ToLower(s), func(r rune) bool { return unicode.IsSpace(r) || r == ',' || r == '(' || r == ')' }) {
		w = strings.Trim(w, ":")
		switch {
		case w == "":
		case dateNumber.MatchString(w):
			digits = true
		case dateWords[strings.TrimSuffix(w, ".")] || dateWords[w]:
		default:
			return false
		}
	}
	return digits
}

// urlLike reports whether s is a web address rather than a name.
func urlLike(s string) bool {
	lower := strings.ToLower(strings.TrimSpace(s))
	if isWebURL(lower) || strings.HasPrefix(lower, "www.") || strings.Contains(lower, "://") {
		return true
	}
	return !strings.ContainsAny(lower, " \t") && strings.Contains(lower, ".") && strings.Contains(lower, "/")
}

// ParseFile reads and parses one file no larger than DefaultMaxBytes.
func ParseFile(path string) (*store.Article, error) {
	data, err := readFileCapped(path, DefaultMaxBytes)
	if err != nil {
		return nil, err
	}
	a, err := Parse(path, data)
	if err != nil {
		return nil, fmt.Errorf("parse %s: %w", path, err)
	}
	return a, nil
}

// readFileCapped reads a regular file, refusing one larger than maxBytes before reading it.
func readFileCapped(path string, maxBytes int64) ([]byte, error) {
	f, err := openRegular(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", path, err)
	}
	if info.Size() > maxBytes {
		return nil, fmt.Errorf("read %s: %w", path, tooLarge(info.Size(), maxBytes))
	}
	// Read one byte past the cap in case the file grew since Stat.
	data, err := io.ReadAll(io.LimitReader(f, maxBytes+1))
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", path, err)
	}
	if int64(len(data)) > maxBytes {
		return nil, fmt.Errorf("read %s: %w", path, tooLarge(int64(len(data)), maxBytes))
	}
	return data, nil
}

// openRegular opens a regular file for reading, and refuses anything else without waiting:
// O_NONBLOCK keeps the open of a named pipe from blocking until a writer comes.
func openRegular(path string) (*os.File, error) {
	f, err := os.OpenFile(path, os.O_RDONLY|syscall.O_NONBLOCK, 0)
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", path, err)
	}
	info, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, fmt.Errorf("read %s: %w", path, err)
	}
	if !info.Mode().IsRegular() {
		f.Close()
		return nil, fmt.Errorf("read %s: it is %s, not a regular file", path, describeMode(info.Mode()))
	}
	return f, nil
}

func tooLarge(size, maxBytes int64) error {
	return fmt.Errorf("it is too large (%s; the limit is %s)", humanBytes(size), humanBytes(maxBytes))
}

func humanBytes(n int64) string {
	switch {
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.1f KB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d bytes", n)
}
