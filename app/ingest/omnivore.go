package ingest

import (
	"encoding/json"
	"fmt"
	"path"
	"regexp"
	"strings"

	"lectern/store"
)

// Omnivore's export zip: metadata_<from>_to_<to>.json (a list of items), content/<slug>.html
// (the saved article) and highlights/<slug>.md (each highlight a "> quote" block, its note
// after it).

type omnivoreItem struct {
	ID              string          `json:"id"`
	Slug            string          `json:"slug"`
	Title           string          `json:"title"`
	Description     string          `json:"description"`
	Author          string          `json:"author"`
	URL             string          `json:"url"`
	State           string          `json:"state"`
	ReadingProgress float64         `json:"readingProgress"`
	Labels          json.RawMessage `json:"labels"`
	SavedAt         string          `json:"savedAt"`
	PublishedAt     string          `json:"publishedAt"`
}

// names reads a list of labels written as names or as objects with a name.
func names(raw json.RawMessage) []string {
	var out []string
	var list []json.RawMessage
	if json.Unmarshal(raw, &list) != nil {
		return nil
	}
	for _, item := range list {
		var s string
		if json.Unmarshal(item, &s) == nil {
			out = append(out, s)
			continue
		}
		var o struct {
			Name string `json:"name"`
		}
		if json.Unmarshal(item, &o) == nil && o.Name != "" {
			out = append(out, o.Name)
		}
	}
	return out
}

// parseOmnivore reads every item of the metadata files with its saved text and highlights;
// an item whose text is not in the zip is a link to fetch.
func parseOmnivore(z *exportZip, file string) ([]listEntry, error) {
	var entries []listEntry
	for _, meta := range z.names("*metadata_*.json") {
		data, err := z.read(meta)
		if err != nil {
			return nil, err
		}
		dir := path.Dir(meta)
		items, err := jsonArray(data, "")
		if err != nil {
			entries = append(entries, listEntry{where: meta, problem: err.Error()})
		}
		for _, it := range items {
			where := fmt.Sprintf("%s, line %d", meta, it.line)
			var item omnivoreItem
			if err := json.Unmarshal(it.raw, &item); err != nil {
				entries = append(entries, listEntry{where: where, problem: "not an Omnivore item: " + err.Error()})
				continue
			}
			e := listEntry{
				where:   where,
				url:     strings.TrimSpace(item.URL),
				title:   item.Title,
				author:  item.Author,
				excerpt: item.Description,
				tags:    names(item.Labels),
				added:   parseTime(item.SavedAt),
				label:   item.Title,
			}
			if strings.EqualFold(item.State, "archived") {
				e.status = store.Archived
			}
			slug := item.Slug
			if slug == "" || strings.ContainsAny(slug, "/\\") || slug == ".." {
				slug = item.ID
			}
			if md, err := z.read(path.Join(dir, "highlights", slug+".md")); err == nil && md != nil {
				e.highlights = parseOmnivoreHighlights(string(md))
			}
			content, err := z.read(path.Join(dir, "content", slug+".html"))
			switch {
			case err != nil:
				e.problem = err.Error()
			case content != nil:
				a, err := savedArticle(content, e.url)
				if err == nil {
					a.Title = truncateWords(cleanLine(item.Title), maxTitleRunes)
					if a.Title == "" {
						a.Title = titleFromText(a.Body)
					}
					a.Byline = cleanLine(item.Author)
					a.Excerpt = cleanLine(item.Description)
					a.Published = parseTime(item.PublishedAt)
					a.Imported = e.added
					a.Progress = min(max(item.ReadingProgress/100, 0), 1)
					a.Status = e.status
					a.Tags = store.NormalizeTags(e.tags)
					if a.Source == "" {
						a.Source = file + "#" + slug
					}
					e.article = a
				}
			}
			if e.problem == "" && e.article == nil && !isWebURL(e.url) {
				e.problem = "the item has neither its text in the export nor a web address"
			}
			entries = append(entries, e)
		}
	}
	return entries, nil
}

// omnivoreLink is the link back to the highlight that ends each quote.
var omnivoreLink = regexp.MustCompile(`\s*\[[^\]]*\]\((?:https?://|/)[^)]*\)\s*$`)

// parseOmnivoreHighlights reads "> quote [⤴️](link)" blocks, each followed by its note.
func parseOmnivoreHighlights(md string) []store.ImportedHighlight {
	var out []store.ImportedHighlight
	var quote, note []string
	flush := func() {
		if len(quote) > 0 {
			q := omnivoreLink.ReplaceAllString(strings.TrimSpace(strings.Join(quote, "\n")), "")
			if q = strings.TrimSpace(q); q != "" {
				out = append(out, store.ImportedHighlight{Quote: q, Comment: strings.TrimSpace(strings.Join(note, "\n"))})
			}
		}
		quote, note = nil, nil
	}
	inQuote := false
	for _, line := range strings.Split(strings.ReplaceAll(md, "\r\n", "\n"), "\n") {
		if strings.HasPrefix(line, ">") {
			if !inQuote {
				flush()
			}
			inQuote = true
			quote = append(quote, strings.TrimPrefix(strings.TrimPrefix(line, ">"), " "))
			continue
		}
		inQuote = false
		if len(quote) > 0 && (strings.TrimSpace(line) != "" || len(note) > 0) {
			note = append(note, line)
		}
	}
	flush()
	return out
}
