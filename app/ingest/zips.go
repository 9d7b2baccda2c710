package ingest

import (
	"encoding/json"
	"fmt"
	"path"
	"strings"

	"lectern/store"
)

// Pocket's export zip (2025): part_000000.csv, part_000001.csv... with title,url,time_added,
// tags,status; and, when the user had highlights, annotations/part_000000.json: a list of
// {url, title, highlights: [{quote, created_at}]}.
func parsePocketZip(z *exportZip, _ string) ([]listEntry, error) {
	highlights := map[string][]store.ImportedHighlight{}
	for _, name := range z.names("*annotations/part_*.json") {
		data, err := z.read(name)
		if err != nil {
			return nil, err
		}
		var saves []struct {
			URL        string `json:"url"`
			Highlights []struct {
				Quote     string          `json:"quote"`
				CreatedAt json.RawMessage `json:"created_at"`
			} `json:"highlights"`
		}
		if err := json.Unmarshal(data, &saves); err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		for _, s := range saves {
			key := NormalizeURL(s.URL)
			for _, h := range s.Highlights {
				highlights[key] = append(highlights[key], store.ImportedHighlight{Quote: h.Quote,
					Created: parseTime(strings.Trim(string(h.CreatedAt), `"`))})
			}
		}
	}
	var entries []listEntry
	for _, name := range z.names("*part_*.csv") {
		data, err := z.read(name)
		if err != nil {
			return nil, err
		}
		if len(strings.TrimSpace(string(data))) == 0 {
			continue
		}
		part, err := parseCSVList(data, "Pocket export")
		if err != nil {
			entries = append(entries, listEntry{where: name, problem: err.Error()})
			continue
		}
		for _, e := range part {
			e.where = fmt.Sprintf("%s, line %d", name, e.line)
			if e.problem == "" {
				e.highlights = highlights[NormalizeURL(e.url)]
			}
			entries = append(entries, e)
		}
	}
	return entries, nil
}

// Readeck's export zip: data.json (the bookmarks: uid, url, title, created, labels,
// is_archived, is_marked, authors, and their highlights) and bookmarks/<uid>/ holding each
// saved article (index.html).

type readeckBookmark struct {
	UID        string          `json:"uid"`
	ID         string          `json:"id"`
	URL        string          `json:"url"`
	Title      string          `json:"title"`
	Created    string          `json:"created"`
	Labels     json.RawMessage `json:"labels"`
	IsArchived bool            `json:"is_archived"`
	IsMarked   bool            `json:"is_marked"`
	Authors    []string        `json:"authors"`
	Annotation []struct {
		Text    string `json:"text"`
		Note    string `json:"note"`
		Color   string `json:"color"`
		Created string `json:"created"`
	} `json:"annotations"`
}

func parseReadeckZip(z *exportZip, file string) ([]listEntry, error) {
	data, err := z.read("data.json")
	if err != nil {
		return nil, err
	}
	items, err := jsonArray(data, "bookmarks")
	if err != nil && len(items) == 0 {
		return nil, fmt.Errorf("data.json: %w", err)
	}
	var entries []listEntry
	for _, it := range items {
		where := fmt.Sprintf("data.json, line %d", it.line)
		var b readeckBookmark
		if err := json.Unmarshal(it.raw, &b); err != nil {
			entries = append(entries, listEntry{where: where, problem: "not a Readeck bookmark: " + err.Error()})
			continue
		}
		uid := b.UID
		if uid == "" {
			uid = b.ID
		}
		e := listEntry{where: where, url: strings.TrimSpace(b.URL), title: b.Title, author: strings.Join(b.Authors, ", "),
			tags: names(b.Labels), added: parseTime(b.Created), label: b.Title}
		if b.IsArchived {
			e.status = store.Archived
		}
		if b.IsMarked {
			e.tags = append(e.tags, "favourite")
		}
		for _, h := range b.Annotation {
			e.highlights = append(e.highlights, store.ImportedHighlight{Quote: h.Text, Comment: h.Note, Color: h.Color, Created: parseTime(h.Created)})
		}
		if problem := urlProblem(e.url); problem != "" {
			e.problem = problem
			entries = append(entries, e)
			continue
		}
		if uid != "" && !strings.ContainsAny(uid, "/\\") && uid != ".." {
			for _, name := range []string{"index.html", "content.html"} {
				content, err := z.read(path.Join("bookmarks", uid, name))
				if err != nil || content == nil {
					continue
				}
				if a, err := savedArticle(content, e.url); err == nil {
					a.Title = truncateWords(cleanLine(b.Title), maxTitleRunes)
					if a.Title == "" {
						a.Title = titleFromText(a.Body)
					}
					a.Byline = cleanLine(e.author)
					a.Imported, a.Status, a.Tags = e.added, e.status, store.NormalizeTags(e.tags)
					e.article = a
				}
				break
			}
		}
		entries = append(entries, e)
	}
	return entries, nil
}
