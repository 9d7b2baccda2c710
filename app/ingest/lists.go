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

// parseCSVList reads a CSV reading list by its column names. Instapaper's Folder becomes a
// tag, except Unread and Archive; Selection, the user's chosen passage, is the excerpt.
// Pocket's tags are separated by "|" and its status is unread or archive.
func parseCSVList(data []byte, kind string) ([]listEntry, error) {
	r := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(data, utf8BOM)))
	r.FieldsPerRecord = -1
	r.LazyQuotes = true
	header, err := r.Read()
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
	for line := 2; ; line++ {
		record, err := r.Read()
		if errors.Is(err, io.EOF) {
			return entries, nil
		}
		if err != nil {
			return nil, fmt.Errorf("read the %s, line %d: %w", kind, line, err)
		}
		e := listEntry{
			url:     field(record, "url"),
			title:   field(record, "title"),
			excerpt: field(record, "selection"),
			tags:    splitTags(field(record, "tags")),
			added:   unixTime(field(record, "timestamp", "time_added")),
		}
		switch place := field(record, "folder", "status"); strings.ToLower(place) {
		case "", "unread":
		case "archive", "archived":
			e.status = store.Archived
		default:
			e.tags = append(e.tags, place)
		}
		if isWebURL(e.url) {
			entries = append(entries, e)
		}
	}
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
