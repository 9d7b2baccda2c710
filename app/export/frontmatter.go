package export

import (
	"bytes"
	"cmp"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"

	"gopkg.in/yaml.v3"
)

// frontMatter is the YAML block the default template starts with. Empty fields are left out.
func frontMatter(p Page) string {
	var b strings.Builder
	b.WriteString("---\n")
	field := func(key, value string) {
		if value != "" {
			b.WriteString(key + ": " + value + "\n")
		}
	}
	field("title", yamlString(p.Title))
	field("author", yamlString(p.Author))
	field("site", yamlString(p.Site))
	field("source", yamlString(p.Source))
	field("published", date(p.Published))
	if p.Kind == KindNote {
		field("created", datetime(p.Imported))
	} else {
		field("imported", datetime(p.Imported))
	}
	if len(p.Tags) > 0 {
		tags := make([]string, len(p.Tags))
		for i, t := range p.Tags {
			tags[i] = yamlTag(t)
		}
		field("tags", "["+strings.Join(tags, ", ")+"]")
	}
	if r := p.Review; r != nil && p.Kind == KindArticle {
		field("review", fmt.Sprintf("{due: %s, reps: %d, lapses: %d}", cmp.Or(r.Due, "null"), r.Reps, r.Lapses))
	}
	if p.Kind == KindNote {
		field("lectern_note_id", strconv.FormatInt(p.ID, 10))
	} else {
		field("lectern_id", strconv.FormatInt(p.ID, 10))
		if deeplinkSafe.MatchString(p.Link) { // a plain YAML scalar as it is
			field("lectern", p.Link)
		} else {
			field("lectern", yamlString(p.Link))
		}
	}
	b.WriteString("---\n")
	return b.String()
}

// deeplinkSafe matches a deep link that YAML reads as the same string without quotes.
var deeplinkSafe = regexp.MustCompile(`^lectern://[a-z]+/[0-9]+$`)

// yamlString quotes s as a YAML double-quoted scalar; "" stays "" so that empty fields are
// left out. It is written by hand because yaml.v3 escapes every character outside the Basic
// Multilingual Plane, so an emoji in a title would reach Obsidian as "\U0001F389".
func yamlString(s string) string {
	if s == "" {
		return ""
	}
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range strings.ToValidUTF8(s, "\uFFFD") {
		switch {
		case r == '"' || r == '\\':
			b.WriteByte('\\')
			b.WriteRune(r)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\t':
			b.WriteString(`\t`)
		case r == '\r':
			b.WriteString(`\r`)
		case r < 0x20 || (r >= 0x7F && r <= 0x9F):
			fmt.Fprintf(&b, `\x%02X`, r)
		// Line separators and the byte-order mark are not printable in YAML.
		case r == '\u2028' || r == '\u2029' || r == '\uFEFF' || r == '\uFFFE' || r == '\uFFFF':
			fmt.Fprintf(&b, `\u%04X`, r)
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}

// plainTag matches tags that YAML reads back as the same string without quotes, so that
// the common case reads `tags: [migration, news]`.
var plainTag = regexp.MustCompile(`^[\p{L}_][\p{L}\p{N}\p{M}_/-]*$`)

func yamlTag(tag string) string {
	switch strings.ToLower(tag) {
	case "y", "n", "yes", "no", "on", "off", "true", "false", "null":
		return yamlString(tag)
	}
	if plainTag.MatchString(tag) {
		return tag
	}
	if tag == "" {
		return `""`
	}
	return yamlString(tag)
}

func date(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.DateOnly)
}

func datetime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339)
}

// ReadLecternID reports the article id in the front matter of a file Lectern exported
// (`lectern_id: 42`), so that importing an exported folder can recognise its articles.
func ReadLecternID(markdown []byte) (articleID int64, ok bool) {
	ids, ok := readIDs(markdown)
	if !ok || ids.Article <= 0 {
		return 0, false
	}
	return ids.Article, true
}

// exportedFor reports whether markdown is a file Lectern exported for this page.
func exportedFor(markdown []byte, kind string, id int64) bool {
	ids, ok := readIDs(markdown)
	if kind == KindNote {
		return ok && ids.Note == id
	}
	return ok && ids.Article == id
}

type lecternIDs struct {
	Article int64 `yaml:"lectern_id"`
	Note    int64 `yaml:"lectern_note_id"`
}

func readIDs(markdown []byte) (lecternIDs, bool) {
	var ids lecternIDs
	block, found := frontMatterBlock(markdown)
	if !found {
		return ids, false
	}
	if err := yaml.Unmarshal(block, &ids); err != nil {
		return lecternIDs{}, false
	}
	return ids, true
}

// frontMatterBlock returns the YAML between a leading "---" line and the next "---" or
// "..." line.
func frontMatterBlock(markdown []byte) ([]byte, bool) {
	rest := bytes.TrimPrefix(markdown, []byte("\uFEFF"))
	first, rest, found := bytes.Cut(rest, []byte("\n"))
	if !found || string(bytes.TrimRight(first, " \t\r")) != "---" {
		return nil, false
	}
	var block []byte
	for len(rest) > 0 {
		var line []byte
		line, rest, _ = bytes.Cut(rest, []byte("\n"))
		switch string(bytes.TrimRight(line, " \t\r")) {
		case "---", "...":
			return block, true
		}
		block = append(append(block, line...), '\n')
	}
	return nil, false
}
