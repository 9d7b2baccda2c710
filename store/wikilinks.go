package store

import (
	"regexp"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
	"gopkg.in/yaml.v3"
)

// Wikilink is one [[link]] in a note or a comment, as Obsidian writes them: [[Title]],
// [[Title|shown text]], [[Title#Heading]], [[Title#^block-id]], and ![[file]] for an embed.
type Wikilink struct {
	Start, End int    // byte offsets of the whole link in the text ("!" of an embed included)
	Target     string // the page: a title, an alias or a path, as written (trimmed)
	Heading    string // after "#", for a heading; empty for a block
	Block      string // after "#^": a block id such as "lectern-h12"
	Shown      string // after "|": the text shown instead of the target
	Embed      bool   // ![[...]]
}

// HighlightID is N for a link to a highlight's block id, #^lectern-hN; 0 otherwise.
func (l Wikilink) HighlightID() int64 {
	n, ok := strings.CutPrefix(l.Block, "lectern-h")
	if !ok {
		return 0
	}
	id, err := strconv.ParseInt(n, 10, 64)
	if err != nil || id <= 0 {
		return 0
	}
	return id
}

// Text is what the link shows: Shown, or else the target (and heading).
func (l Wikilink) Text() string {
	switch {
	case l.Shown != "":
		return l.Shown
	case l.Heading != "" && l.Target != "":
		return l.Target + " > " + l.Heading
	case l.Heading != "":
		return l.Heading
	}
	return l.Target
}

// ParseWikilinks finds the [[links]] of a Markdown text, leaving out those inside code
// (fenced blocks and `code spans`).
func ParseWikilinks(text string) []Wikilink {
	var out []Wikilink
	eachProse(text, func(line string, at int) {
		for i := 0; i+1 < len(line); i++ {
			switch {
			case line[i] == '`':
				i = skipCodeSpan(line, i) - 1
			case line[i] == '\\':
				i++ // an escaped character
			case line[i] == '[' && line[i+1] == '[':
				end := strings.Index(line[i+2:], "]]")
				if end < 0 {
					return
				}
				inner := line[i+2 : i+2+end]
				if strings.Contains(inner, "[[") {
					continue // "[[ [[x]]": the inner one is found next
				}
				l, ok := parseInner(inner)
				if ok {
					l.Start, l.End = at+i, at+i+2+end+2
					if i > 0 && line[i-1] == '!' {
						l.Embed, l.Start = true, l.Start-1
					}
					out = append(out, l)
				}
				i += 2 + end + 1
			}
		}
	})
	return out
}

func parseInner(inner string) (Wikilink, bool) {
	var l Wikilink
	// In a table, Obsidian writes the pipe escaped: [[Title\|shown]].
	target, shown, found := strings.Cut(strings.ReplaceAll(inner, `\|`, "|"), "|")
	if found {
		l.Shown = strings.TrimSpace(shown)
	}
	target, sub, found := strings.Cut(target, "#")
	l.Target = strings.TrimSpace(target)
	if found {
		sub = strings.TrimSpace(sub)
		if b, ok := strings.CutPrefix(sub, "^"); ok {
			l.Block = strings.TrimSpace(b)
		} else {
			l.Heading = sub
		}
	}
	return l, l.Target != "" || l.Heading != "" || l.Block != ""
}

// eachProse calls fn with each line of text outside fenced code blocks, and its offset.
func eachProse(text string, fn func(line string, at int)) {
	fence := ""
	for at := 0; at < len(text); {
		end := strings.IndexByte(text[at:], '\n')
		if end < 0 {
			end = len(text)
		} else {
			end += at
		}
		line := text[at:end]
		trimmed := strings.TrimLeft(line, " ")
		indent := len(line) - len(trimmed)
		switch {
		case fence != "":
			if indent < 4 && strings.HasPrefix(trimmed, fence) && strings.Trim(strings.TrimRight(trimmed, " \t\r"), fence[:1]) == "" {
				fence = ""
			}
		case indent < 4 && (strings.HasPrefix(trimmed, "```") || strings.HasPrefix(trimmed, "~~~")):
			n := 0
			for n < len(trimmed) && trimmed[n] == trimmed[0] {
				n++
			}
			fence = trimmed[:n]
		default:
			fn(line, at)
		}
		at = end + 1
	}
}

// skipCodeSpan returns the index just past the code span starting at line[i] (a backtick),
// or just past its opening backticks when it is not closed on the line.
func skipCodeSpan(line string, i int) int {
	n := 0
	for i+n < len(line) && line[i+n] == '`' {
		n++
	}
	ticks := line[i : i+n]
	for j := i + n; j < len(line); {
		k := strings.Index(line[j:], ticks)
		if k < 0 {
			break
		}
		k += j
		m := 0
		for k+m < len(line) && line[k+m] == '`' {
			m++
		}
		if m == n {
			return k + m
		}
		j = k + m
	}
	return i + n
}

// InlineTags finds the #tags of a Markdown text as Obsidian reads them: "#" at the start of a
// line or after a space, then letters, digits, "_", "-" and "/" with at least one that is not
// a digit. Headings, code, links' #headings and URLs' #fragments are not tags.
func InlineTags(text string) []string {
	var out []string
	eachProse(text, func(line string, _ int) {
		for i := 0; i < len(line); i++ {
			switch line[i] {
			case '`':
				i = skipCodeSpan(line, i) - 1
			case '[':
				if strings.HasPrefix(line[i:], "[[") {
					if end := strings.Index(line[i:], "]]"); end > 0 {
						i += end + 1
					}
				}
			case '#':
				if i > 0 {
					r, _ := utf8.DecodeLastRuneInString(line[:i])
					if !unicode.IsSpace(r) {
						continue
					}
				}
				j := i + 1
				digitsOnly := true
				for j < len(line) {
					r, size := utf8.DecodeRuneInString(line[j:])
					if !isTagRune(r) {
						break
					}
					if !unicode.IsDigit(r) {
						digitsOnly = false
					}
					j += size
				}
				if j > i+1 && !digitsOnly {
					out = append(out, line[i+1:j])
				}
				i = j - 1
			}
		}
	})
	return out
}

func isTagRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r) || r == '_' || r == '-' || r == '/'
}

// SplitFrontMatter separates a Markdown file's front matter block (a first line "---", the
// YAML, a line "---" or "..."), kept exactly as written with its delimiters and line ends, from
// the body that follows it. A file without one is all body: block + body is always the file.
func SplitFrontMatter(file string) (block, body string) {
	start := 0
	if strings.HasPrefix(file, "\uFEFF") {
		start = len("\uFEFF")
	}
	first, ok := lineAt(file, start)
	if !ok || strings.TrimRight(file[start:first], " \t\r") != "---" {
		return "", file
	}
	for at := first + 1; at < len(file); {
		end, hasEnd := lineAt(file, at)
		switch strings.TrimRight(file[at:end], " \t\r") {
		case "---", "...":
			if hasEnd {
				end++
			}
			return file[:end], file[end:]
		}
		if !hasEnd {
			break
		}
		at = end + 1
	}
	return "", file
}

// lineAt returns the index of the line end ("\n") after at, or len(s) and false.
func lineAt(s string, at int) (int, bool) {
	i := strings.IndexByte(s[at:], '\n')
	if i < 0 {
		return len(s), false
	}
	return at + i, true
}

// FrontMatterYAML returns the YAML inside a front matter block (without its delimiters).
func FrontMatterYAML(block string) string {
	block = strings.TrimPrefix(block, "\uFEFF")
	_, rest, ok := strings.Cut(block, "\n")
	if !ok {
		return ""
	}
	rest = strings.TrimRight(rest, "\n")
	if i := strings.LastIndexByte(rest, '\n'); i >= 0 {
		return rest[:i+1]
	}
	return "" // only the closing delimiter
}

// FrontMatterFields parses a front matter block's YAML into a map; nil when it is empty or
// is not a YAML mapping.
func FrontMatterFields(block string) map[string]any {
	var m map[string]any
	if err := yaml.Unmarshal([]byte(FrontMatterYAML(block)), &m); err != nil {
		return nil
	}
	return m
}

// FrontMatterTags reads the tags of a front matter block: tags (or tag) as a list or as a
// string of names separated by commas or spaces, each with or without "#".
func FrontMatterTags(fields map[string]any) []string {
	var out []string
	for _, key := range []string{"tags", "tag", "Tags"} {
		out = append(out, stringsOf(fields[key], true)...)
	}
	for i, t := range out {
		out[i] = strings.TrimPrefix(t, "#")
	}
	return out
}

// FrontMatterAliases reads aliases (or alias) as a list or a comma-separated string.
func FrontMatterAliases(fields map[string]any) []string {
	var out []string
	for _, key := range []string{"aliases", "alias", "Aliases"} {
		out = append(out, stringsOf(fields[key], false)...)
	}
	return out
}

// stringsOf turns a YAML value (a string, a list, a number) into strings; a string is split
// at commas, and with spaces too for tags.
func stringsOf(v any, splitSpaces bool) []string {
	var out []string
	switch v := v.(type) {
	case string:
		for _, part := range strings.Split(v, ",") {
			if splitSpaces {
				out = append(out, strings.Fields(part)...)
			} else if part = strings.TrimSpace(part); part != "" {
				out = append(out, part)
			}
		}
	case []any:
		for _, item := range v {
			switch item.(type) {
			case string, int, int64, uint64, float64, bool:
				if s := strings.TrimSpace(scalarString(item)); s != "" {
					out = append(out, s)
				}
			}
		}
	case int, int64, uint64, float64:
		out = append(out, scalarString(v))
	}
	return out
}

func scalarString(v any) string {
	switch v := v.(type) {
	case string:
		return v
	case int:
		return strconv.Itoa(v)
	case int64:
		return strconv.FormatInt(v, 10)
	case uint64:
		return strconv.FormatUint(v, 10)
	case float64:
		return strconv.FormatFloat(v, 'f', -1, 64)
	case bool:
		return strconv.FormatBool(v)
	}
	return ""
}

// LinkKey folds a link's target or a page's name for matching: Unicode lower case, NFC,
// spaces collapsed, a trailing ".md" dropped, a leading "./" or "/" dropped.
func LinkKey(s string) string {
	s = strings.TrimSpace(s)
	if strings.HasSuffix(strings.ToLower(s), ".md") {
		s = s[:len(s)-3]
	}
	s = strings.TrimPrefix(strings.TrimPrefix(s, "./"), "/")
	return norm.NFC.String(strings.ToLower(strings.Join(strings.Fields(s), " ")))
}

// lecternKeyLine matches the front matter lines Lectern's export adds to a vault note.
var lecternKeyLine = regexp.MustCompile(`(?m)^lectern_note_id: *[0-9]+ *\r?\n`)

// StripLecternKeys removes from a front matter block the keys Lectern's export added
// (lectern_note_id), and returns the id it said; a block left with nothing but them was
// added by the export and goes whole.
func StripLecternKeys(block string) (string, int64) {
	var id int64
	loc := lecternKeyLine.FindStringIndex(block)
	if loc == nil || loc[0] == 0 {
		return block, 0
	}
	line := strings.TrimSpace(strings.TrimPrefix(block[loc[0]:loc[1]], "lectern_note_id:"))
	id, _ = strconv.ParseInt(line, 10, 64)
	stripped := block[:loc[0]] + block[loc[1]:]
	if FrontMatterYAML(stripped) == "" && strings.Count(stripped, "\n") <= 2 {
		return "", id
	}
	return stripped, id
}

// NoteTitleOf is what a note is called: its title (a vault note's file name), else its
// first line of text without Markdown markers, else "Note ID".
func NoteTitleOf(n Note) string {
	if n.Title != "" {
		return n.Title
	}
	if t := firstLine(n.Body); t != "" {
		return t
	}
	return "Note " + strconv.FormatInt(n.ID, 10)
}

func firstLine(body string) string {
	for _, line := range strings.Split(body, "\n") {
		line = strings.TrimSpace(strings.TrimLeft(strings.TrimSpace(line), "#>-*+ \t"))
		if line != "" {
			return line
		}
	}
	return ""
}

// sentenceAround returns the sentence of text holding [start, end), on one line, at most
// about 300 bytes.
func sentenceAround(text string, start, end int) string {
	lineStart := strings.LastIndexByte(text[:start], '\n') + 1
	lineEnd := len(text)
	if i := strings.IndexByte(text[end:], '\n'); i >= 0 {
		lineEnd = end + i
	}
	from := lineStart
	for i := start - 1; i > lineStart; i-- {
		if (text[i] == ' ' || text[i] == '\t') && strings.ContainsRune(".!?", rune(text[i-1])) && !inLink(text, i, start) {
			from = i + 1
			break
		}
	}
	to := lineEnd
	for i := end; i < lineEnd; i++ {
		if strings.ContainsRune(".!?", rune(text[i])) && (i+1 == lineEnd || text[i+1] == ' ' || text[i+1] == '\t') {
			to = i + 1
			break
		}
	}
	s := strings.TrimSpace(text[from:to])
	s = strings.TrimSpace(strings.TrimLeft(s, "#>-*+ \t"))
	const limit = 300
	if len(s) > limit {
		// Keep the link in view: cut around it.
		linkAt := start - from
		lo := max(0, linkAt-limit/2)
		for lo > 0 && !utf8.RuneStart(s[lo]) {
			lo--
		}
		hi := min(len(s), lo+limit)
		for hi < len(s) && !utf8.RuneStart(s[hi]) {
			hi++
		}
		prefix, suffix := "", ""
		if lo > 0 {
			prefix = "…"
		}
		if hi < len(s) {
			suffix = "…"
		}
		s = prefix + s[lo:hi] + suffix
	}
	return strings.Join(strings.Fields(s), " ")
}

// inLink reports whether position i lies inside a [[...]] that ends before limit.
func inLink(text string, i, limit int) bool {
	open := strings.LastIndex(text[:i], "[[")
	if open < 0 {
		return false
	}
	closing := strings.Index(text[open:limit], "]]")
	return closing < 0 || open+closing > i
}
