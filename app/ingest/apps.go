package ingest

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"path"
	"slices"
	"strconv"
	"strings"

	"lectern/store"
)

// KOReader's highlight exporter (JSON): one book {title, author, entries, created_on,
// version} or several {created_on, version, documents: [...]}; authors one a line.

type koreaderBook struct {
	Title   string `json:"title"`
	Author  string `json:"author"`
	File    string `json:"file"`
	Entries []struct {
		Text    string          `json:"text"`
		Note    string          `json:"note"`
		Chapter string          `json:"chapter"`
		Page    json.RawMessage `json:"page"`
		Time    int64           `json:"time"`
		Drawer  string          `json:"drawer"`
		Color   string          `json:"color"`
	} `json:"entries"`
}

func isKOReader(head []byte) bool {
	return hasJSONKeys(head, "created_on", "version") && (bytes.Contains(head, []byte(`"entries"`)) || bytes.Contains(head, []byte(`"documents"`)))
}

func parseKOReader(file string, data []byte) ([]listEntry, error) {
	data = bytes.TrimPrefix(data, utf8BOM)
	var top struct {
		Documents json.RawMessage `json:"documents"`
	}
	if err := json.Unmarshal(data, &top); err != nil {
		return nil, fmt.Errorf("read the KOReader export: %w", err)
	}
	var books []jsonItem
	if len(top.Documents) > 0 {
		var err error
		if books, err = jsonArray(data, "documents"); err != nil {
			return nil, fmt.Errorf("read the KOReader export: %w", err)
		}
	} else {
		books = []jsonItem{{line: 1, raw: data}}
	}
	var entries []listEntry
	for _, it := range books {
		var b koreaderBook
		if err := json.Unmarshal(it.raw, &b); err != nil {
			entries = append(entries, listEntry{line: it.line, problem: "not a KOReader book: " + err.Error()})
			continue
		}
		title := b.Title
		if strings.TrimSpace(title) == "" {
			title = strings.TrimSuffix(path.Base(b.File), path.Ext(b.File))
		}
		if strings.TrimSpace(title) == "" {
			entries = append(entries, listEntry{line: it.line, problem: "the book has no title"})
			continue
		}
		e := bookEntry(file, title, strings.Join(strings.FieldsFunc(b.Author, func(r rune) bool { return r == '\n' }), ", "))
		e.line = it.line
		for _, h := range b.Entries {
			if strings.TrimSpace(h.Text) == "" {
				if strings.TrimSpace(h.Note) != "" {
					e.notes = append(e.notes, strings.TrimSpace(h.Note))
				}
				continue
			}
			e.highlights = append(e.highlights, store.ImportedHighlight{Quote: h.Text, Comment: strings.TrimSpace(h.Note),
				Color: h.Color, Created: unixTime(strconv.FormatInt(h.Time, 10))})
		}
		entries = append(entries, e)
	}
	return entries, nil
}

// Readwise's CSV export: Highlight,Book Title,Book Author,Amazon Book ID,Note,Color,Tags,
// Location Type,Location,Highlighted at,Document tags; a row per highlight.

func isReadwise(head []byte) bool {
	columns := csvHeader(head)
	return slices.Contains(columns, "highlight") && slices.Contains(columns, "book title")
}

// csvHeader is the lower-cased columns of a CSV file's first line.
func csvHeader(head []byte) []string {
	line, _, _ := bytes.Cut(bytes.TrimPrefix(head, utf8BOM), []byte("\n"))
	columns, err := csv.NewReader(bytes.NewReader(line)).Read()
	if err != nil {
		return nil
	}
	for i, c := range columns {
		columns[i] = strings.ToLower(strings.TrimSpace(c))
	}
	return columns
}

// csvRows reads a CSV file's rows by column name, row by row like parseCSVList: each
// row's fields with its line, or the problem of a row that cannot be read.
func csvRows(data []byte, each func(line int, field func(names ...string) string), bad func(line int, problem string)) error {
	lines := bytes.SplitAfter(bytes.TrimPrefix(data, utf8BOM), []byte("\n"))
	header, err := csv.NewReader(bytes.NewReader(lines[0])).Read()
	if err != nil {
		return err
	}
	column := map[string]int{}
	for i, name := range header {
		column[strings.ToLower(strings.TrimSpace(name))] = i
	}
	for i := 1; i < len(lines); {
		line := i + 1
		if len(bytes.TrimSpace(lines[i])) == 0 {
			i++
			continue
		}
		record, next, err := csvRecord(lines, i, len(header))
		if err != nil {
			bad(line, err.Error())
			i++
			continue
		}
		i = next
		each(line, func(names ...string) string {
			for _, name := range names {
				if c, ok := column[name]; ok && c < len(record) {
					return strings.TrimSpace(record[c])
				}
			}
			return ""
		})
	}
	return nil
}

func parseReadwise(file string, data []byte) ([]listEntry, error) {
	var books []*listEntry
	byKey := map[string]*listEntry{}
	var problems []listEntry
	bad := func(line int, problem string) { problems = append(problems, listEntry{line: line, problem: problem}) }
	err := csvRows(data, func(line int, field func(...string) string) {
		quote, title := field("highlight"), field("book title")
		switch {
		case title == "":
			bad(line, "the row has no book title")
			return
		case quote == "":
			bad(line, "the row has no highlight")
			return
		}
		author := field("book author")
		key := store.BookKey(title, author)
		b := byKey[key]
		if b == nil {
			e := bookEntry(file, title, author)
			e.line = line
			b = &e
			byKey[key] = b
			books = append(books, b)
		}
		b.tags = append(b.tags, splitTags(field("document tags"))...)
		comment := field("note")
		if tags := splitTags(field("tags")); len(tags) > 0 {
			comment = strings.TrimSpace(comment + "\n\n#" + strings.Join(tags, " #"))
		}
		b.highlights = append(b.highlights, store.ImportedHighlight{Quote: quote, Comment: comment,
			Color: field("color"), Created: parseTime(field("highlighted at"))})
	}, bad)
	if err != nil {
		return nil, fmt.Errorf("read the Readwise export: %w", err)
	}
	var entries []listEntry
	for _, b := range books {
		b.tags = store.NormalizeTags(b.tags)
		b.article.Tags = b.tags
		entries = append(entries, *b)
	}
	return append(entries, problems...), nil
}

// Readeck's CSV export: url,title,created,labels,is_archived,is_marked,type.

func isReadeckCSV(head []byte) bool {
	columns := csvHeader(head)
	return slices.Contains(columns, "url") && slices.Contains(columns, "is_archived")
}

func parseReadeckCSV(_ string, data []byte) ([]listEntry, error) {
	var entries []listEntry
	bad := func(line int, problem string) { entries = append(entries, listEntry{line: line, problem: problem}) }
	err := csvRows(data, func(line int, field func(...string) string) {
		e := listEntry{line: line, url: field("url"), title: field("title"), tags: splitTags(field("labels")),
			added: parseTime(field("created"))}
		if truthy(field("is_archived")) {
			e.status = store.Archived
		}
		if truthy(field("is_marked")) {
			e.tags = append(e.tags, "favourite")
		}
		if problem := urlProblem(e.url); problem != "" {
			bad(line, problem)
			return
		}
		entries = append(entries, e)
	}, bad)
	if err != nil {
		return nil, fmt.Errorf("read the Readeck export: %w", err)
	}
	return entries, nil
}

func truthy(s string) bool {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "true", "1", "yes", "t":
		return true
	}
	return false
}

// urlProblem says why s cannot be a saved link, or "".
func urlProblem(s string) string {
	switch {
	case s == "":
		return "the row has no URL"
	case !isWebURL(s):
		return fmt.Sprintf("%q is not a web address", truncateWords(cleanLine(s), 60))
	}
	return ""
}

// A plain list of links: one a line; blank lines and lines starting with # are left out.

func isURLList(head []byte) bool {
	lines := strings.Split(string(bytes.TrimPrefix(head, utf8BOM)), "\n")
	if len(head) == 8<<10 && len(lines) > 1 {
		lines = lines[:len(lines)-1] // the last may be cut
	}
	links, others := 0, 0
	for _, l := range lines {
		l = strings.TrimSpace(l)
		switch {
		case l == "" || strings.HasPrefix(l, "#"):
		case isWebURL(l) && !strings.ContainsAny(l, " \t"):
			links++
		case links == 0:
			return false // the first line that says something is a link
		default:
			others++
		}
	}
	return links > 0 && others*3 <= links
}

func parseURLList(_ string, data []byte) ([]listEntry, error) {
	var entries []listEntry
	for i, l := range strings.Split(string(bytes.TrimPrefix(data, utf8BOM)), "\n") {
		l = strings.TrimSpace(l)
		if l == "" || strings.HasPrefix(l, "#") {
			continue
		}
		if problem := urlProblem(l); problem != "" || strings.ContainsAny(l, " \t") {
			if problem == "" {
				problem = fmt.Sprintf("%q is not one web address", truncateWords(cleanLine(l), 60))
			}
			entries = append(entries, listEntry{line: i + 1, problem: problem})
			continue
		}
		entries = append(entries, listEntry{line: i + 1, url: l})
	}
	return entries, nil
}

// Karakeep's export: {bookmarks: [{createdAt, title, tags, lists, content: {type: "link", url}
// or {type: "text", text}, note, archived}], lists: [...]}.

type karakeepBookmark struct {
	CreatedAt json.RawMessage   `json:"createdAt"`
	Title     *string           `json:"title"`
	Tags      json.RawMessage   `json:"tags"`
	Lists     []json.RawMessage `json:"lists"`
	Note      *string           `json:"note"`
	Archived  bool              `json:"archived"`
	Favourite bool              `json:"favourited"`
	Content   *struct {
		Type string `json:"type"`
		URL  string `json:"url"`
		Text string `json:"text"`
	} `json:"content"`
}

func isKarakeep(head []byte) bool {
	return hasJSONKeys(head, "bookmarks") && (bytes.Contains(head, []byte(`"content"`)) || bytes.Contains(head, []byte(`"createdAt"`)) ||
		bytes.Contains(head, []byte(`"bookmarks": []`)) || bytes.Contains(head, []byte(`"bookmarks":[]`)))
}

func parseKarakeep(file string, data []byte) ([]listEntry, error) {
	data = bytes.TrimPrefix(data, utf8BOM)
	var top struct {
		Lists []struct {
			ID   string `json:"id"`
			Name string `json:"name"`
		} `json:"lists"`
	}
	_ = json.Unmarshal(data, &top) // a list of names only is read below, item by item
	listNames := map[string]string{}
	for _, l := range top.Lists {
		listNames[l.ID] = l.Name
	}
	items, err := jsonArray(data, "bookmarks")
	if err != nil && len(items) == 0 {
		return nil, fmt.Errorf("read the Karakeep export: %w", err)
	}
	var entries []listEntry
	for _, it := range items {
		var b karakeepBookmark
		if err := json.Unmarshal(it.raw, &b); err != nil {
			entries = append(entries, listEntry{line: it.line, problem: "not a Karakeep bookmark: " + err.Error()})
			continue
		}
		e := listEntry{line: it.line, tags: names(b.Tags), added: parseTime(strings.Trim(string(b.CreatedAt), `"`))}
		if b.Title != nil {
			e.title = *b.Title
		}
		for _, raw := range b.Lists {
			var s string
			if json.Unmarshal(raw, &s) == nil {
				if name, ok := listNames[s]; ok {
					s = name
				}
				e.tags = append(e.tags, s)
			} else if n := names(json.RawMessage("[" + string(raw) + "]")); len(n) > 0 {
				e.tags = append(e.tags, n...)
			}
		}
		if b.Favourite {
			e.tags = append(e.tags, "favourite")
		}
		if b.Archived {
			e.status = store.Archived
		}
		if b.Note != nil && strings.TrimSpace(*b.Note) != "" {
			e.notes = []string{strings.TrimSpace(*b.Note)}
		}
		switch {
		case b.Content == nil:
			e.problem = "the bookmark has no content"
		case b.Content.Type == "link":
			e.url = strings.TrimSpace(b.Content.URL)
			e.problem = urlProblem(e.url)
		case b.Content.Type == "text" && strings.TrimSpace(b.Content.Text) != "":
			// A text bookmark: an article holding the text.
			a, err := parseText([]byte(b.Content.Text))
			if err != nil {
				e.problem = err.Error()
				break
			}
			if t := cleanLine(e.title); t != "" {
				a.Title = truncateWords(t, maxTitleRunes)
			} else {
				a.Title = titleFromText(a.Body)
			}
			a.Source = fmt.Sprintf("%s#%d", file, it.line)
			a.Imported, a.Status, a.Tags = e.added, e.status, store.NormalizeTags(e.tags)
			e.article, e.label = a, a.Title
		default:
			e.problem = fmt.Sprintf("a %q bookmark is not imported (only links and texts)", b.Content.Type)
		}
		entries = append(entries, e)
	}
	return entries, nil
}
