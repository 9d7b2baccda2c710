package export

import (
	"bytes"
	"fmt"
	"html"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
	"gopkg.in/yaml.v3"

	"lectern/app/deeplink"
	"lectern/internal/testutil"
	"lectern/store"
)

// trickyTexts are titles, bylines and quotes that have broken Markdown exporters.
var trickyTexts = []string{
	`He said "hello": a story`,
	`C# vs. F#: #1 ranking ##`,
	"Emoji 🎉 party 👩‍👩‍👧 🇺🇦",
	"Line one\nLine two\r\nthree",
	"שלום עולם: מה קורה?",
	"مرحبا بالعالم (العربية)",
	"*bold* _under_ [link](http://x) <b>tag</b> `code` ![img](y)",
	"$5 and $10 ==marked== %%hidden%% ~~gone~~",
	"AT&T &amp; &#35; &copy entity",
	"- list? 1. or > quote + plus",
	`back\slash\`,
	"---",
	"=== setext",
	"| a | b |",
	`'single' and \\ "double"`,
	"tab\there",
	"key: value # comment",
	"[[wiki link]] #tag ^block",
	"null",
	"123",
	"\u202Ereversed\u2028separated",
	"a\x00b\x1bc",
	"bad \xff byte",
	"  padded  ",
	"",
}

var markdownParser = goldmark.New(goldmark.WithExtensions(extension.GFM))

// renderedText is the text a Markdown reader shows for html: tags dropped, entities decoded.
func renderedText(html_ string) string {
	return html.UnescapeString(regexp.MustCompile(`<[^>]*>`).ReplaceAllString(html_, ""))
}

// commonMarkText is how CommonMark reads s back: invalid bytes and NUL become U+FFFD.
func commonMarkText(s string) string {
	return strings.ReplaceAll(strings.ToValidUTF8(s, "\uFFFD"), "\x00", "\uFFFD")
}

func TestExportedFilesParseAndRoundTrip(t *testing.T) {
	db := testutil.OpenDB(t)
	ids := map[int64]string{}
	for i, text := range trickyTexts {
		id := addArticle(t, db, store.Article{Title: text, Byline: text, Site: text, Source: text,
			Body: fmt.Sprintf("Body %d", i), Tags: []string{"news", "true", "123", "my tag", "a, b", "C++", "née", "[x]"}})
		addHighlight(t, db, id, quoteOf(text), "A comment on *this*.", 0)
		addNote(t, db, id, "A note.")
		ids[id] = text
	}
	out := t.TempDir()
	sum := run(t, db, Options{Out: out})
	if sum.Written != len(trickyTexts) {
		t.Fatalf("written %d files, want %d", sum.Written, len(trickyTexts))
	}

	for _, path := range sum.Files {
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		id, ok := ReadLecternID(data)
		text, known := ids[id]
		if !ok || !known {
			t.Fatalf("%s: no lectern_id", path)
		}
		name := filepath.Base(path)
		front, body := splitFrontMatter(t, data)

		var fields struct {
			Title, Author, Site, Source string
			Tags                        []string
			LecternID                   int64  `yaml:"lectern_id"`
			Lectern                     string `yaml:"lectern"`
		}
		if err := yaml.Unmarshal(front, &fields); err != nil {
			t.Fatalf("%s: front matter is not YAML: %v\n%s", name, err, front)
		}
		want := strings.ToValidUTF8(text, "\uFFFD")
		if fields.Title != want || fields.Author != want || fields.Site != want || fields.Source != want {
			t.Errorf("%s: front matter %+v, want every text field %q", name, fields, want)
		}
		if kind, linked, err := deeplink.Parse(fields.Lectern); err != nil || kind != deeplink.KindArticle || linked != id {
			t.Errorf("%s: lectern: %q, want the article's deep link (%v)", name, fields.Lectern, err)
		}
		slices.Sort(fields.Tags)
		if wantTags := []string{"123", "C++", "[x]", "a, b", "my tag", "news", "née", "true"}; !slices.Equal(fields.Tags, wantTags) {
			t.Errorf("%s: tags = %q, want %q", name, fields.Tags, wantTags)
		}

		var rendered bytes.Buffer
		if err := markdownParser.Convert(body, &rendered); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		h1 := regexp.MustCompile(`(?s)<h1>(.*?)</h1>`).FindStringSubmatch(rendered.String())
		wantHeading := commonMarkText(strings.Join(strings.Fields(text), " "))
		if wantHeading == "" {
			wantHeading = "Untitled"
		}
		if h1 == nil || renderedText(h1[1]) != wantHeading {
			t.Errorf("%s: heading reads %q, want %q\n%s", name, h1, wantHeading, body)
		}

		quotes := regexp.MustCompile(`(?s)<blockquote>(.*?)</blockquote>`).FindAllStringSubmatch(rendered.String(), -1)
		if len(quotes) != 1 {
			t.Fatalf("%s: %d blockquotes, want 1:\n%s", name, len(quotes), rendered.String())
		}
		var gotParas []string
		for _, p := range regexp.MustCompile(`(?s)<p>(.*?)</p>`).FindAllStringSubmatch(quotes[0][1], -1) {
			gotParas = append(gotParas, renderedText(p[1]))
		}
		wantParas := quoteParagraphs(commonMarkText(quoteOf(text)))
		wantParas[len(wantParas)-1] += " ↗ ^lectern-h" + fmt.Sprint(id)
		if !slices.Equal(gotParas, wantParas) {
			t.Errorf("%s: quote reads\n%q\nwant\n%q\nMarkdown:\n%s", name, gotParas, wantParas, body)
		}
		// The arrow links back to the highlight, its title the colour.
		links := regexp.MustCompile(`<a href="([^"]*)" title="([^"]*)">↗</a>`).FindAllStringSubmatch(quotes[0][1], -1)
		if len(links) != 1 || links[0][2] != "yellow" {
			t.Fatalf("%s: links in the quote %q, want one ↗ titled yellow", name, links)
		}
		if kind, _, err := deeplink.Parse(links[0][1]); err != nil || kind != deeplink.KindHighlight {
			t.Errorf("%s: the quote links to %q, want a highlight's deep link (%v)", name, links[0][1], err)
		}
	}
}

func quoteOf(text string) string {
	return text + "\n\n  second paragraph of " + text + "  \nand its next line"
}

// quoteParagraphs is how a quote's text reads in a blockquote: lines trimmed, blank lines
// separating paragraphs.
func quoteParagraphs(text string) []string {
	var paras []string
	var cur []string
	for _, line := range strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n") {
		if line = strings.TrimSpace(line); line != "" {
			cur = append(cur, line)
		} else if len(cur) > 0 {
			paras = append(paras, strings.Join(cur, "\n"))
			cur = nil
		}
	}
	if len(cur) > 0 {
		paras = append(paras, strings.Join(cur, "\n"))
	}
	return paras
}

func splitFrontMatter(t *testing.T, data []byte) (front, body []byte) {
	t.Helper()
	front, ok := frontMatterBlock(data)
	if !ok {
		t.Fatalf("no front matter:\n%s", data)
	}
	_, body, _ = bytes.Cut(data[len("---\n"):], []byte("\n---\n"))
	return front, body
}

func TestEscapeObsidianSyntax(t *testing.T) {
	for in, want := range map[string]string{
		"$5 ==x== %%c%% #tag": `\$5 \==x\== \%%c\%% \#tag`,
		"a = b, 50% off":      "a = b, 50% off",
		"AT&T &amp;":          `AT&T \&amp;`,
		"- not a list":        `\- not a list`,
		"2024. A year":        `2024\. A year`,
		"[[link]]":            `\[\[link\]\]`,
	} {
		if got := escapeInline(in); got != want {
			t.Errorf("escapeInline(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestClosedMarkdownClosesOpenFences(t *testing.T) {
	for in, want := range map[string]string{
		"```go\ncode":              "```go\ncode\n```",
		"````\n```\nstill code":    "````\n```\nstill code\n````",
		"~~~\ncode\n~~~\nafter":    "~~~\ncode\n~~~\nafter",
		"``` not`a fence\ntext":    "``` not`a fence\ntext",
		"  text with spaces  \r\n": "text with spaces",
	} {
		if got := closedMarkdown(in); got != want {
			t.Errorf("closedMarkdown(%q) = %q, want %q", in, got, want)
		}
	}
}

func FuzzYAMLString(f *testing.F) {
	for _, s := range trickyTexts {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if s == "" {
			return
		}
		var got struct{ V string }
		if err := yaml.Unmarshal([]byte("v: "+yamlString(s)+"\n"), &got); err != nil {
			t.Fatalf("yamlString(%q) = %s: %v", s, yamlString(s), err)
		}
		if want := strings.ToValidUTF8(s, "\uFFFD"); got.V != want {
			t.Errorf("yamlString(%q) reads back as %q", s, got.V)
		}
	})
}
