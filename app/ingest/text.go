package ingest

import (
	"bytes"
	"errors"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
	xunicode "golang.org/x/text/encoding/unicode"

	"lectern/store"
)

var (
	utf8BOM    = []byte{0xEF, 0xBB, 0xBF}
	utf16LEBOM = []byte{0xFF, 0xFE}
	utf16BEBOM = []byte{0xFE, 0xFF}

	errBinary  = errors.New("it is not a text file (it holds binary data)")
	errNotUTF8 = errors.New("the text is not UTF-8 and its encoding cannot be told for sure; save it as UTF-8 and import it again")
)

// decodeText turns the bytes of a plain-text or Markdown file into UTF-8.
//
// UTF-8 (with or without a BOM) and UTF-16 with a BOM are read as such. Other bytes are read
// as Windows-1252 only when that is clearly right: mostly ASCII letters with a few accented
// ones, as old Western European files are. Anything else (Cyrillic or Greek legacy encodings
// decode to plausible-looking nonsense in Windows-1252) is refused rather than stored garbled.
func decodeText(data []byte) (string, error) {
	switch {
	case bytes.HasPrefix(data, utf8BOM):
		data = data[len(utf8BOM):]
	case bytes.HasPrefix(data, utf16LEBOM), bytes.HasPrefix(data, utf16BEBOM):
		decoded, err := xunicode.UTF16(xunicode.BigEndian, xunicode.ExpectBOM).NewDecoder().Bytes(data)
		if err != nil {
			return "", errNotUTF8
		}
		data = decoded
	}
	if bytes.IndexByte(data, 0) >= 0 {
		return "", errBinary
	}
	var text string
	if utf8.Valid(data) {
		text = string(data)
	} else if looksLikeWindows1252(data) {
		decoded, err := charmap.Windows1252.NewDecoder().Bytes(data)
		if err != nil {
			return "", errNotUTF8
		}
		text = string(decoded)
	} else {
		return "", errNotUTF8
	}
	if tooManyControls(text) {
		return "", errBinary
	}
	return text, nil
}

// looksLikeWindows1252 reports whether non-UTF-8 bytes are most likely Windows-1252 text:
// none of its five undefined bytes, and few bytes above 0x7F compared with ASCII letters.
func looksLikeWindows1252(data []byte) bool {
	var ascii, high int
	for _, b := range data {
		switch {
		case b == 0x81 || b == 0x8D || b == 0x8F || b == 0x90 || b == 0x9D:
			return false
		case b >= 0x80:
			high++
		case b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z':
			ascii++
		}
	}
	return high*7 <= ascii
}

// tooManyControls reports whether more than 1% of the runes are control characters other
// than the whitespace ones, which text never has but binary data does.
func tooManyControls(s string) bool {
	var n, controls int
	for _, r := range s {
		n++
		if unicode.IsControl(r) && !unicode.IsSpace(r) {
			controls++
		}
	}
	return controls*100 > n
}

var (
	manyBlankLines = regexp.MustCompile(`\n{3,}`)
	trailingSpaces = regexp.MustCompile(`[\t\p{Zs}]+\n`)
)

// normalizeBody makes the text the Body of an article: Unix line ends, no stray control
// characters, no trailing spaces, paragraphs separated by exactly one blank line.
func normalizeBody(s string) string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	s = strings.ReplaceAll(s, "\r", "\n")
	s = strings.Map(func(r rune) rune {
		if r == '\n' || r == '\t' {
			return r
		}
		if r == '\f' || r == '\v' || r == '\u2028' || r == '\u2029' {
			return '\n'
		}
		if unicode.IsControl(r) || r == '\uFEFF' || r == utf8.RuneError {
			return -1
		}
		return r
	}, s)
	s = trailingSpaces.ReplaceAllString(s, "\n")
	s = manyBlankLines.ReplaceAllString(s, "\n\n")
	return strings.TrimFunc(s, unicode.IsSpace)
}

// paragraphs splits a normalized body into its paragraphs.
func paragraphs(body string) []string {
	if body == "" {
		return nil
	}
	return strings.Split(body, "\n\n")
}

const maxTitleRunes = 200

// parseText reads a plain-text article: the first line is the title when it stands alone
// (a short line followed by a blank one), and the rest is the body.
func parseText(data []byte) (*store.Article, error) {
	text, err := decodeText(data)
	if err != nil {
		return nil, err
	}
	body := normalizeBody(text)
	if body == "" {
		return nil, errEmpty
	}
	paras := paragraphs(body)
	first := paras[0]
	var title string
	if !strings.Contains(first, "\n") && utf8.RuneCountInString(first) <= maxTitleRunes && len(paras) > 1 {
		title = strings.TrimSpace(strings.TrimLeft(first, "#"))
		paras = paras[1:]
	} else {
		title = titleFromText(first)
	}
	body = strings.Join(paras, "\n\n")
	return &store.Article{
		Title:    title,
		Body:     body,
		Markdown: textToMarkdown(paras),
		Excerpt:  excerptOf(body),
	}, nil
}

// titleFromText makes a title of the first line of a paragraph, shortened at a word.
func titleFromText(s string) string {
	line, _, _ := strings.Cut(s, "\n")
	return truncateWords(strings.Join(strings.Fields(line), " "), 80)
}

// truncateWords shortens s to at most n runes, cutting at a space and adding an ellipsis.
func truncateWords(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	cut := string([]rune(s)[:n])
	if i := strings.LastIndex(cut, " "); i > n/2 {
		cut = cut[:i]
	}
	return strings.TrimRight(cut, " ,;:.-") + "…"
}

// excerptOf is the start of the first paragraph, for lists.
func excerptOf(body string) string {
	first, _, _ := strings.Cut(body, "\n\n")
	return truncateWords(strings.Join(strings.Fields(first), " "), 300)
}

// textToMarkdown renders plain paragraphs as Markdown that shows them as they are: characters
// Markdown would read as markup are escaped, and line breaks are kept as hard breaks.
func textToMarkdown(paras []string) string {
	out := make([]string, len(paras))
	for i, p := range paras {
		lines := strings.Split(p, "\n")
		for j, line := range lines {
			lines[j] = escapeMarkdownLine(line)
		}
		out[i] = strings.Join(lines, "  \n")
	}
	return strings.Join(out, "\n\n")
}

var (
	markdownInline    = regexp.MustCompile("([\\\\`*_\\[\\]<>|~])")
	markdownLineStart = regexp.MustCompile(`^(\s*)([#>+=-]|\d+[.)])`)
)

func escapeMarkdownLine(line string) string {
	line = markdownInline.ReplaceAllString(line, `\$1`)
	if m := markdownLineStart.FindStringSubmatchIndex(line); m != nil {
		// Escape the character that would start a heading, quote, list or rule.
		at := m[5] - 1
		line = line[:at] + `\` + line[at:]
	}
	return line
}
