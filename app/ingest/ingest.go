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
	"strings"

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

// tidyMetadata makes the one-line fields one valid line each and makes sure there is a title.
func tidyMetadata(a *store.Article) {
	for _, field := range []*string{&a.Title, &a.Byline, &a.Site, &a.Lang, &a.Excerpt} {
		*field = strings.Join(strings.Fields(strings.ToValidUTF8(*field, "")), " ")
	}
	if a.Title == "" {
		a.Title = titleFromText(a.Body)
	}
	a.Title = truncateWords(a.Title, maxTitleRunes)
	for i, tag := range a.Tags {
		a.Tags[i] = strings.ToValidUTF8(tag, "")
	}
	a.Tags = store.NormalizeTags(a.Tags)
}

var errEmpty = errors.New("the file is empty")

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
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", path, err)
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", path, err)
	}
	if info.IsDir() {
		return nil, fmt.Errorf("read %s: it is a folder", path)
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
