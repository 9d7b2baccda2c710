package ingest

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"codeberg.org/readeck/go-readability/v2/render"
	"golang.org/x/net/html"

	"lectern/store"
)

// Other apps' exports, recognised by their content: each becomes list entries (exports of
// links are fetched like a reading list; books and saved articles carry their article), with
// the user's highlights, notes, tags and archived status. See Import.

// maxExportBytes bounds an export file read whole (a zip is read entry by entry instead).
const maxExportBytes = 200 << 20

// maxZipEntry bounds one file unpacked from an export zip, against zip bombs.
const maxZipEntry = 4 * DefaultMaxBytes

// errNotFetched is the placeholder's reason for a link imported with Options.NoFetch.
var errNotFetched = errors.New("not fetched yet (imported without fetching; lectern import --retry fetches it)")

// exportParser reads one kind of export.
type exportParser struct {
	kind  string
	sniff func(head []byte) bool
	parse func(name string, data []byte) ([]listEntry, error)
}

// exportParsers are tried in order on a file's first bytes (zips are in zipExport).
var exportParsers = []exportParser{
	{"Kindle clippings", isKindleClippings, parseKindle},
	{"KOReader highlights", isKOReader, parseKOReader},
	{"Karakeep export", isKarakeep, parseKarakeep},
	{"Readwise export", isReadwise, parseReadwise},
	{"Readeck export", isReadeckCSV, parseReadeckCSV},
	{"list of links", isURLList, parseURLList},
}

// readExport reads the items of another app's export or reading list; ok is false (and
// only the start of the file read) for any other file.
func readExport(file string, maxBytes int64) (entries []listEntry, kind string, ok bool, err error) {
	f, err := openRegular(file)
	if err != nil {
		return nil, "", false, err
	}
	head := make([]byte, 8<<10)
	n, err := io.ReadFull(f, head)
	f.Close()
	if err != nil && !errors.Is(err, io.EOF) && !errors.Is(err, io.ErrUnexpectedEOF) {
		return nil, "", false, fmt.Errorf("read %s: %w", file, err)
	}
	head = head[:n]
	if bytes.HasPrefix(head, []byte("PK\x03\x04")) {
		if bytes.Contains(head[:min(len(head), 100)], []byte("application/epub+zip")) {
			return nil, "", false, nil
		}
		return readZipExport(file)
	}
	for _, p := range exportParsers {
		if !p.sniff(head) {
			continue
		}
		data, err := readFileCapped(file, max(maxBytes, maxExportBytes))
		if err != nil {
			return nil, p.kind, true, err
		}
		entries, err := p.parse(file, data)
		if err != nil {
			return nil, p.kind, true, fmt.Errorf("import %s: %w", file, err)
		}
		return entries, p.kind, true, nil
	}
	return readReadingList(file, maxBytes)
}

// readZipExport reads an Omnivore, Pocket or Readeck export zip.
func readZipExport(file string) ([]listEntry, string, bool, error) {
	zr, err := zip.OpenReader(file)
	if err != nil {
		return nil, "", false, nil // not a zip after all: imported (or refused) as a file
	}
	defer zr.Close()
	z := &exportZip{r: &zr.Reader, files: map[string]*zip.File{}}
	for _, f := range zr.File {
		z.files[f.Name] = f
	}
	kind, parse := z.kind()
	if parse == nil {
		return nil, "", false, nil
	}
	entries, err := parse(z, file)
	if err != nil {
		return nil, kind, true, fmt.Errorf("import %s: %w", file, err)
	}
	return entries, kind, true, nil
}

// exportZip is an export zip being read.
type exportZip struct {
	r     *zip.Reader
	files map[string]*zip.File
}

func (z *exportZip) kind() (string, func(*exportZip, string) ([]listEntry, error)) {
	for name := range z.files {
		base := path.Base(name)
		switch {
		case strings.HasPrefix(base, "metadata_") && strings.HasSuffix(base, ".json"):
			return "Omnivore export", parseOmnivore
		case strings.HasPrefix(base, "part_") && strings.HasSuffix(base, ".csv"):
			return "Pocket export", parsePocketZip
		}
	}
	if _, ok := z.files["data.json"]; ok {
		return "Readeck export", parseReadeckZip
	}
	return "", nil
}

// names lists the zip's files matching pattern (path.Match), sorted.
func (z *exportZip) names(pattern string) []string {
	var out []string
	for name := range z.files {
		if ok, _ := path.Match(pattern, name); ok {
			out = append(out, name)
		}
	}
	slices.Sort(out)
	return out
}

// read unpacks one file of the zip; a missing one is (nil, nil).
func (z *exportZip) read(name string) ([]byte, error) {
	f := z.files[name]
	if f == nil {
		return nil, nil
	}
	if f.UncompressedSize64 > maxZipEntry {
		return nil, fmt.Errorf("%s: %w", name, tooLarge(int64(f.UncompressedSize64), maxZipEntry))
	}
	rc, err := f.Open()
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	defer rc.Close()
	data, err := io.ReadAll(io.LimitReader(rc, maxZipEntry+1))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	if len(data) > maxZipEntry {
		return nil, fmt.Errorf("%s: %w", name, tooLarge(int64(len(data)), maxZipEntry))
	}
	return data, nil
}

// bookEntry is a book known by its title and author only, to be stored without text (an
// EPUB of it imported later gives it its text, and its highlights are placed then).
func bookEntry(file, title, author string) listEntry {
	title, author = cleanLine(strings.ReplaceAll(title, "\uFEFF", "")), cleanLine(strings.ReplaceAll(author, "\uFEFF", ""))
	source := file
	if abs, err := filepath.Abs(file); err == nil {
		source = abs
	}
	return listEntry{
		title:  title,
		author: author,
		label:  title,
		article: &store.Article{
			Title:     truncateWords(title, maxTitleRunes),
			Byline:    author,
			Source:    source,
			SourceKey: store.BookKey(title, author),
		},
	}
}

// savedArticle makes an article of a page another app saved (its readable HTML), without
// readability: the app extracted the article already.
func savedArticle(data []byte, pageURL string) (*store.Article, error) {
	text, err := decodeHTML(data, "")
	if err != nil {
		return nil, err
	}
	doc, err := html.Parse(strings.NewReader(text))
	if err != nil {
		return nil, err
	}
	u := webURL(pageURL)
	removeUnsafeMarkup(doc)
	removeElements(doc, "head", "title", "script", "style", "noscript")
	tidyArticle(doc, u)
	body := normalizeBody(render.InnerText(doc))
	if body == "" {
		return nil, errNoReadableText
	}
	md, err := markdownConverter.ConvertNode(doc)
	if err != nil {
		return nil, err
	}
	a := &store.Article{Body: body, Markdown: strings.TrimSpace(string(md)), Source: pageURL}
	if isWebURL(pageURL) {
		a.SourceKey = NormalizeURL(pageURL)
		a.Site = strings.TrimPrefix(u.Hostname(), "www.")
	}
	return a, nil
}

// jsonItem is one element of a JSON array with the line it starts on.
type jsonItem struct {
	line int
	raw  json.RawMessage
}

// jsonArray reads the array at key (empty: the document itself) of a JSON object element by
// element, keeping each element's line so that a bad one can be reported where it is.
func jsonArray(data []byte, key string) ([]jsonItem, error) {
	d := json.NewDecoder(bytes.NewReader(data))
	if key != "" {
		if t, err := d.Token(); err != nil || t != json.Delim('{') {
			return nil, errors.New("it is not a JSON object")
		}
		for {
			t, err := d.Token()
			if err != nil {
				return nil, err
			}
			if t == json.Delim('}') {
				return nil, nil
			}
			if t == key {
				break
			}
			var skip json.RawMessage
			if err := d.Decode(&skip); err != nil {
				return nil, err
			}
		}
	}
	if t, err := d.Token(); err != nil || t != json.Delim('[') {
		return nil, fmt.Errorf("%q is not a list", key)
	}
	var items []jsonItem
	for d.More() {
		offset := d.InputOffset()
		var raw json.RawMessage
		if err := d.Decode(&raw); err != nil {
			return items, fmt.Errorf("line %d: %w", lineAt(data, int(offset)), err)
		}
		// The element starts after the comma and white space at offset.
		start := int(offset)
		for start < len(data) && (data[start] == ',' || data[start] == ' ' || data[start] == '\n' || data[start] == '\r' || data[start] == '\t') {
			start++
		}
		items = append(items, jsonItem{line: lineAt(data, start), raw: raw})
	}
	return items, nil
}

// lineAt is the 1-based line of byte offset i.
func lineAt(data []byte, i int) int {
	return bytes.Count(data[:min(max(i, 0), len(data))], []byte("\n")) + 1
}

// parseTime reads the times exports write: RFC 3339, Unix seconds or milliseconds, and a
// few common layouts; zero when it cannot.
func parseTime(s string) time.Time {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}
	}
	if t := unixTime(s); !t.IsZero() {
		if t.Year() > 3000 { // milliseconds
			return unixTime(s[:len(s)-3])
		}
		return t
	}
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02 15:04:05-07:00", "2006-01-02 15:04:05 -0700",
		"2006-01-02 15:04:05", "2006-01-02T15:04:05", "2006-01-02", "January 2, 2006 3:04 PM", "January 2, 2006"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t.UTC()
		}
	}
	return time.Time{}
}

// hasJSONKeys reports whether head is a JSON object (or array) that holds every one of keys.
func hasJSONKeys(head []byte, keys ...string) bool {
	trimmed := bytes.TrimLeft(bytes.TrimPrefix(head, utf8BOM), " \t\r\n")
	if len(trimmed) == 0 || trimmed[0] != '{' && trimmed[0] != '[' {
		return false
	}
	for _, k := range keys {
		if !bytes.Contains(head, []byte(`"`+k+`"`)) {
			return false
		}
	}
	return true
}
