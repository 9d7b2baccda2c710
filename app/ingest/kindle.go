package ingest

import (
	"bytes"
	"regexp"
	"strconv"
	"strings"
	"time"

	"lectern/store"
)

// Kindle's My Clippings.txt: UTF-8 (a BOM at the start, often one before each title too),
// CRLF line ends, records separated by a line of ten "=". A record is
//
//	Title (Author)
//	- Your Highlight on page 12 | Location 120-122 | Added on Thursday, 4 June 2020 12:18:46
//
//	The highlighted text.
//
// The second line is in the Kindle's language.

const kindleSeparator = "=========="

// isKindleClippings recognises a clippings file by its separator line and the "- " line
// with "|" after a title.
func isKindleClippings(head []byte) bool {
	head = bytes.TrimPrefix(head, utf8BOM)
	i := bytes.Index(head, []byte(kindleSeparator))
	if i < 0 {
		return false
	}
	lines := strings.Split(strings.ReplaceAll(string(head[:i]), "\r\n", "\n"), "\n")
	for len(lines) > 0 && strings.TrimSpace(lines[0]) == "" {
		lines = lines[1:]
	}
	return len(lines) >= 2 && strings.HasPrefix(strings.TrimSpace(strings.TrimPrefix(lines[1], "\uFEFF")), "- ")
}

// kindle record kinds
const (
	clipHighlight = iota
	clipNote
	clipBookmark
)

// The words of the second line that say what a record is, in the Kindle's languages.
var (
	kindleNoteWords     = []string{"note", "nota", "notiz", "notitie", "заметка", "メモ", "笔记"}
	kindleBookmarkWords = []string{"bookmark", "marcador", "signet", "lesezeichen", "segnalibro", "bladwijzer", "закладка", "ブックマーク", "书签"}
	kindleLocationWords = []string{"location", "loc.", "posición", "posicion", "emplacement", "position", "posizione", "posição", "positie", "позиция", "位置"}
	kindleNumbers       = regexp.MustCompile(`(\d+)(?:\s*-\s*(\d+))?`)
)

// clipping is one record of the file.
type clipping struct {
	line       int // of its title
	kind       int
	from, to   int // the location (or page) range
	text       string
	added      time.Time
	comment    string
	superseded bool
}

// parseKindle reads the clippings by book: each book one entry holding its highlights (a
// note becomes the comment of the highlight it was made on, or a note on the book when it
// was made on none); bookmarks are left out. A highlight Kindle kept twice, once as first
// made and once extended, is kept once, the longer.
func parseKindle(file string, data []byte) ([]listEntry, error) {
	text := strings.ReplaceAll(string(bytes.TrimPrefix(data, utf8BOM)), "\r\n", "\n")
	text = strings.ReplaceAll(text, "\r", "\n")
	type book struct {
		entry listEntry
		clips []*clipping
	}
	var books []*book
	byKey := map[string]*book{}
	var problems []listEntry
	// Records: the lines between separators, each with the line it starts on.
	type record struct {
		line  int
		lines []string
	}
	var records []record
	current := record{line: 1}
	for i, l := range strings.Split(text, "\n") {
		if strings.TrimSpace(l) == kindleSeparator {
			records = append(records, current)
			current = record{line: i + 2}
			continue
		}
		current.lines = append(current.lines, l)
	}
	records = append(records, current)
	for _, r := range records {
		start, lines := r.line, r.lines
		// Leading blank lines belong to no one.
		for len(lines) > 0 && strings.TrimSpace(strings.ReplaceAll(lines[0], "\uFEFF", "")) == "" {
			lines = lines[1:]
			start++
		}
		if len(lines) == 0 {
			continue
		}
		if len(lines) < 2 || !strings.HasPrefix(strings.TrimSpace(strings.ReplaceAll(lines[1], "\uFEFF", "")), "- ") {
			problems = append(problems, listEntry{line: start, problem: "not a clipping: a title, then a line starting with \"- \" were expected"})
			continue
		}
		title, author := splitKindleTitle(lines[0])
		if title == "" {
			problems = append(problems, listEntry{line: start, problem: "the clipping has no title"})
			continue
		}
		c := &clipping{line: start}
		c.kind, c.from, c.to, c.added = kindleMeta(lines[1])
		c.text = strings.TrimSpace(strings.Join(lines[2:], "\n"))
		if c.kind == clipBookmark || (c.text == "" && c.kind == clipHighlight) {
			continue
		}
		key := store.BookKey(title, author)
		b := byKey[key]
		if b == nil {
			b = &book{entry: bookEntry(file, title, author)}
			b.entry.line = start
			byKey[key] = b
			books = append(books, b)
		}
		if c.kind == clipNote {
			if c.text == "" {
				continue
			}
			// The note is on the last highlight whose range holds its location.
			var on *clipping
			for i := len(b.clips) - 1; i >= 0; i-- {
				h := b.clips[i]
				if !h.superseded && c.from >= h.from && c.from <= h.to {
					on = h
					break
				}
			}
			if on != nil {
				on.comment = joinComment(on.comment, c.text)
			} else {
				b.entry.notes = append(b.entry.notes, c.text)
			}
			continue
		}
		// An extended (or repeated) highlight replaces the one it contains.
		replaced := false
		for _, h := range b.clips {
			if h.superseded || c.from > h.to || h.from > c.to {
				continue
			}
			switch {
			case strings.Contains(c.text, h.text):
				h.superseded = true
				c.comment = joinComment(h.comment, c.comment)
			case strings.Contains(h.text, c.text):
				replaced = true
			}
		}
		if !replaced {
			b.clips = append(b.clips, c)
		}
	}
	var entries []listEntry
	for _, b := range books {
		for _, c := range b.clips {
			if !c.superseded {
				b.entry.highlights = append(b.entry.highlights, store.ImportedHighlight{Quote: c.text, Comment: c.comment, Created: c.added})
			}
		}
		entries = append(entries, b.entry)
	}
	return append(entries, problems...), nil
}

func joinComment(a, b string) string {
	switch {
	case a == "" || a == b:
		return b
	case b == "":
		return a
	}
	return a + "\n\n" + b
}

// splitKindleTitle splits "Title (Author)" at the last parenthesised group; the author is
// kept as written ("Doe, Jane").
func splitKindleTitle(s string) (title, author string) {
	s = strings.TrimSpace(strings.ReplaceAll(s, "\uFEFF", ""))
	if !strings.HasSuffix(s, ")") {
		return s, ""
	}
	depth := 0
	for i := len(s) - 1; i >= 0; i-- {
		switch s[i] {
		case ')':
			depth++
		case '(':
			depth--
			if depth == 0 {
				title := strings.TrimSpace(s[:i])
				if title == "" {
					return s, ""
				}
				return title, strings.TrimSpace(s[i+1 : len(s)-1])
			}
		}
	}
	return s, ""
}

// kindleMeta reads the second line of a record: what it is, its location (or page) range
// and when it was added.
func kindleMeta(s string) (kind, from, to int, added time.Time) {
	s = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(s), "-"))
	parts := strings.Split(s, "|")
	what := strings.ToLower(parts[0])
	kind = clipHighlight
	for _, w := range kindleBookmarkWords {
		if strings.Contains(what, w) {
			kind = clipBookmark
		}
	}
	if kind == clipHighlight {
		for _, w := range kindleNoteWords {
			if strings.Contains(what, w) {
				kind = clipNote
			}
		}
	}
	from, to = -1, -1
	page := [2]int{-1, -1}
	for i, p := range parts {
		lower := strings.ToLower(p)
		m := kindleNumbers.FindStringSubmatch(p)
		if m == nil || i == len(parts)-1 && len(parts) > 1 {
			continue
		}
		a, _ := strconv.Atoi(m[1])
		b := a
		if m[2] != "" {
			b, _ = strconv.Atoi(m[2])
			if b < a { // "Loc. 1203-05": the end abbreviated
				if digits := len(m[2]); digits < len(m[1]) {
					b, _ = strconv.Atoi(m[1][:len(m[1])-digits] + m[2])
				}
				if b < a {
					b = a
				}
			}
		}
		isLocation := false
		for _, w := range kindleLocationWords {
			if strings.Contains(lower, w) {
				isLocation = true
			}
		}
		if isLocation && from < 0 {
			from, to = a, b
		} else if page[0] < 0 {
			page = [2]int{a, b}
		}
	}
	if from < 0 {
		from, to = page[0], page[1]
	}
	if len(parts) > 1 {
		added = kindleDate(parts[len(parts)-1])
	}
	return kind, from, to, added
}

var kindleDateLayouts = []string{"2 January 2006 15:04:05", "January 2, 2006 3:04:05 PM", "January 2, 2006 15:04:05",
	"2 January 2006 3:04:05 PM", "2006-01-02 15:04:05", "02/01/2006 15:04:05", "1/2/2006 3:04:05 PM"}

// kindleDate reads "Added on Thursday, 4 June 2020 12:18:46" (or the US order); zero for
// other languages.
func kindleDate(s string) time.Time {
	s = strings.TrimSpace(s)
	if i := strings.Index(s, ","); i >= 0 && i < len(s)-1 {
		rest := strings.TrimSpace(s[i+1:])
		// "Added on Thursday, June 4, 2020 ..." and "Added on Thursday, 4 June 2020 ...".
		for _, layout := range kindleDateLayouts {
			if t, err := time.Parse(layout, rest); err == nil {
				return t
			}
		}
	}
	if i := strings.IndexAny(s, "0123456789"); i >= 0 {
		for _, layout := range kindleDateLayouts {
			if t, err := time.Parse(layout, s[i:]); err == nil {
				return t
			}
		}
	}
	return time.Time{}
}
