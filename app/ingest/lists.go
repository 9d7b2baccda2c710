package ingest

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"

	"golang.org/x/net/html"

	"lectern/store"
)

// listEntry is one saved link of a Pocket or Instapaper export.
type listEntry struct {
	url     string
	title   string
	excerpt string
	tags    []string
	added   time.Time
	status  store.Status // empty, or Archived for links the user had filed away
	// line is the entry's line in a CSV export; problem, when set, says why the row there
	// cannot be imported (and the other fields are empty).
	line    int
	problem string

	// What other apps' exports add (exports.go): the author, the article's text when the
	// export holds it (or a book without text: nothing to fetch), the user's highlights and
	// notes, and how the item is named in reports (when it has no URL); where, when set,
	// names the entry's place in the export instead of its line (a file in a zip, an item).
	author     string
	article    *store.Article
	highlights []store.ImportedHighlight
	notes      []string
	label      string
	where      string
}

// additions is what the entry brings to its article besides the text.
func (e *listEntry) additions() store.Additions {
	return store.Additions{Tags: e.tags, Archived: e.status == store.Archived, Highlights: e.highlights, Notes: e.notes}
}

// hasAdditions reports whether the entry brings anything to an article already stored.
func (e *listEntry) hasAdditions() bool {
	return len(e.tags) > 0 || e.status == store.Archived || len(e.highlights) > 0 || len(e.notes) > 0
}

// readingList recognises a Pocket export (HTML, or CSV since 2024) or an Instapaper CSV
// export by its content and returns its links; ok is false for any other file.
func readingList(data []byte) (entries []listEntry, kind string, ok bool, err error) {
	switch {
	case isPocketExport(data):
		entries, err = parsePocket(data)
		return entries, "Pocket export", true, err
	case csvListKind(data) != "":
		kind = csvListKind(data)
		entries, err = parseCSVList(data, kind)
		return entries, kind, true, err
	}
	return nil, "", false, nil
}

// isPocketExport looks for the links with time_added attributes that Pocket's ril_export.html
// is made of, near the start of an HTML file.
func isPocketExport(data []byte) bool {
	head := bytes.ToLower(data[:min(len(data), 8<<10)])
	return looksLikeHTML(data) && bytes.Contains(head, []byte("<a ")) && bytes.Contains(head, []byte("time_added="))
}

// parsePocket reads the <a href time_added tags> links of a Pocket export. Links under the
// "Read Archive" heading are archived.
func parsePocket(data []byte) ([]listEntry, error) {
	var entries []listEntry
	z := html.NewTokenizer(bytes.NewReader(data))
	archived, inHeading := false, false
	var current *listEntry
	for {
		switch z.Next() {
		case html.ErrorToken:
			if err := z.Err(); !errors.Is(err, io.EOF) {
				return nil, fmt.Errorf("read the Pocket export: %w", err)
			}
			return entries, nil
		case html.StartTagToken:
			name, hasAttr := z.TagName()
			switch string(name) {
			case "h1", "h2":
				inHeading = true
			case "a":
				e := listEntry{}
				for hasAttr {
					var key, val []byte
					key, val, hasAttr = z.TagAttr()
					switch string(key) {
					case "href":
						e.url = strings.TrimSpace(string(val))
					case "time_added":
						e.added = unixTime(string(val))
					case "tags":
						e.tags = splitTags(string(val))
					}
				}
				if archived {
					e.status = store.Archived
				}
				if isWebURL(e.url) {
					entries = append(entries, e)
					current = &entries[len(entries)-1]
				}
			}
		case html.EndTagToken:
			name, _ := z.TagName()
			switch string(name) {
			case "h1", "h2":
				inHeading = false
			case "a":
				current = nil
			}
		case html.TextToken:
			text := strings.TrimSpace(string(z.Text()))
			if inHeading {
				archived = strings.Contains(strings.ToLower(text), "archive")
			} else if current != nil && text != "" {
				current.title = strings.TrimSpace(current.title + " " + text)
			}
		}
	}
}

// csvListKind names the reading list a CSV file's header row belongs to, or returns "":
// Instapaper writes URL,Title,Selection,Folder,Timestamp[,Tags]; Pocket, since 2024,
// title,url,time_added,cursor,tags,status.
func csvListKind(data []byte) string {
	line, _, _ := bytes.Cut(bytes.TrimPrefix(data, utf8BOM), []byte("\n"))
	columns := strings.Split(strings.ToLower(strings.TrimSpace(string(line))), ",")
	switch {
	case !slices.Contains(columns, "url"):
		return ""
	case slices.Contains(columns, "folder"):
		return "Instapaper export"
	case slices.Contains(columns, "time_added"):
		return "Pocket export"
	}
	return ""
}

// maxRecordLines bounds how many lines one CSV record (a quoted field with line breaks in
// it) may span, so that an unclosed quote spoils its own row rather than the rest of the file.
const maxRecordLines = 100

// parseCSVList reads a CSV reading list by its column names. Instapaper's Folder becomes a
// tag, except Unread and Archive; Selection, the user's chosen passage, is the excerpt.
// Pocket's tags are separated by "|" and its status is unread or archive. The rows are read
// one by one: a row that cannot be read (an unclosed quote) or has no web address becomes an
// entry with a problem and its line number, and the rows after it are read as usual.
func parseCSVList(data []byte, kind string) ([]listEntry, error) {
	lines := bytes.SplitAfter(bytes.TrimPrefix(data, utf8BOM), []byte("\n"))
	header, err := csv.NewReader(bytes.NewReader(lines[0])).Read()
	if err != nil {
		return nil, fmt.Errorf("read the %s: %w", kind, err)
	}
	column := map[string]int{}
	for i, name := range header {
		column[strings.ToLower(strings.TrimSpace(name))] = i
	}
	field := func(record []string, names ...string) string {
		for _, name := range names {
			if i, ok := column[name]; ok && i < len(record) {
				return strings.TrimSpace(record[i])
			}
		}
		return ""
	}
	var entries []listEntry
	bad := func(line int, problem string) {
		entries = append(entries, listEntry{line: line, problem: problem})
	}
	for i := 1; i < len(lines); {
		line := i + 1 // 1-based
		if len(bytes.TrimSpace(lines[i])) == 0 {
			i++
			continue
		}
		record, next, err := csvRecord(lines, i, len(header))
		if err != nil {
			bad(line, err.Error())
			i++ // the next line may start a good row
			continue
		}
		i = next
		e := listEntry{
			line:    line,
			url:     field(record, "url"),
			title:   field(record, "title"),
			excerpt: field(record, "selection"),
			tags:    splitTags(field(record, "tags")),
			added:   unixTime(field(record, "timestamp", "time_added")),
		}
		if e.excerpt != "" && kind == "Instapaper export" {
			// The passage the user chose when saving: a highlight, placed once the page
			// is fetched (and the excerpt meanwhile).
			e.highlights = []store.ImportedHighlight{{Quote: e.excerpt, Created: e.added}}
		}
		if e.title == e.url {
			e.title = "" // an untitled save: the page's own title, once fetched
		}
		switch place := field(record, "folder", "status"); strings.ToLower(place) {
		case "", "unread":
		case "archive", "archived":
			e.status = store.Archived
		default:
			e.tags = append(e.tags, place)
		}
		switch {
		case e.url == "":
			bad(line, "the row has no URL")
		case !isWebURL(e.url):
			bad(line, fmt.Sprintf("%q is not a web address", truncateWords(cleanLine(e.url), 60)))
		default:
			entries = append(entries, e)
		}
	}
	return entries, nil
}

// csvRecord reads the CSV record that starts at lines[i] and returns it with the index of the
// line after it. A record spans lines while a quoted field is open (its quotes do not pair);
// a line with a stray quote in a plain field (5" display) is read alone when that gives as
// many fields as the header has.
func csvRecord(lines [][]byte, i, columns int) ([]string, int, error) {
	read := func(chunk []byte, lazy bool) ([]string, error) {
		r := csv.NewReader(bytes.NewReader(chunk))
		r.FieldsPerRecord = -1
		r.LazyQuotes = lazy
		record, err := r.Read()
		if err == nil {
			if _, more := r.Read(); !errors.Is(more, io.EOF) {
				return nil, errors.New("more than one row")
			}
		}
		return record, err
	}
	quotes := bytes.Count(lines[i], []byte(`"`))
	if quotes%2 == 1 {
		if record, err := read(lines[i], true); err == nil && len(record) == columns {
			return record, i + 1, nil
		}
	}
	end := i + 1
	for quotes%2 == 1 && end < len(lines) && end-i < maxRecordLines {
		quotes += bytes.Count(lines[end], []byte(`"`))
		end++
	}
	if quotes%2 == 1 {
		return nil, 0, errors.New("a quote opened on this row is never closed")
	}
	chunk := bytes.Join(lines[i:end], nil)
	record, err := read(chunk, false)
	if err != nil {
		// A stray quote inside a plain field: read leniently, but only a row of the
		// header's width.
		lazy, lazyErr := read(chunk, true)
		if lazyErr != nil || len(lazy) != columns {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				err = pe.Err
			}
			if end-i > 1 {
				return nil, 0, fmt.Errorf("a quote opened on this row is not closed where it should be (%v)", err)
			}
			return nil, 0, fmt.Errorf("the row cannot be read as CSV (%v)", err)
		}
		record = lazy
	}
	return record, end, nil
}

// splitTags reads "a,b", "a|b" (Pocket) or the JSON-like ["a","b"] (Instapaper).
func splitTags(s string) []string {
	s = strings.Trim(strings.TrimSpace(s), "[]")
	var tags []string
	for _, t := range strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == '|' }) {
		if t = strings.Trim(strings.TrimSpace(t), `"'`); t != "" {
			tags = append(tags, t)
		}
	}
	return tags
}

func unixTime(s string) time.Time {
	n, err := strconv.ParseInt(strings.TrimSpace(s), 10, 64)
	if err != nil || n <= 0 {
		return time.Time{}
	}
	return time.Unix(n, 0).UTC()
}

// applyTo gives a fetched article what the reading list knew about it.
func (e listEntry) applyTo(a *store.Article) {
	a.Tags = store.NormalizeTags(append(a.Tags, e.tags...))
	a.Imported = e.added
	a.Status = e.status
	if a.Title == "" {
		a.Title = cleanLine(e.title)
	}
	if a.Excerpt == "" {
		a.Excerpt = cleanLine(e.excerpt)
	}
	if a.Byline == "" {
		a.Byline = cleanLine(e.author)
	}
}

// placeholder is what is stored for a link that could not be fetched: no text, but enough
// to find it and to retry (with Fetch) later.
func (e listEntry) placeholder(fetchErr error) *store.Article {
	title := cleanLine(e.title)
	if title == "" {
		title = e.url
	}
	a := &store.Article{
		Title:      title,
		Source:     e.url,
		SourceKey:  NormalizeURL(e.url),
		Excerpt:    cleanLine(e.excerpt),
		FetchError: fetchErr.Error(),
	}
	e.applyTo(a)
	return a
}
