package ingest

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"lectern/internal/testutil"
)

// readabilityCase is one page of Mozilla Readability's test suite.
type readabilityCase struct {
	name     string
	source   []byte
	expected string // plain text of expected.html
	meta     struct {
		Title string `json:"title"`
	}
}

func readabilityCases(tb testing.TB) []readabilityCase {
	tb.Helper()
	root := filepath.Join(testutil.Fixtures(tb), "readability")
	entries, err := os.ReadDir(root)
	if err != nil {
		tb.Fatal(err)
	}
	var cases []readabilityCase
	for _, e := range entries {
		if !e.IsDir() {
			continue
		}
		c := readabilityCase{name: e.Name()}
		dir := filepath.Join(root, e.Name())
		if c.source, err = os.ReadFile(filepath.Join(dir, "source.html")); err != nil {
			tb.Fatal(err)
		}
		expected, err := os.ReadFile(filepath.Join(dir, "expected.html"))
		if err != nil {
			tb.Fatal(err)
		}
		c.expected = htmlText(tb, expected)
		metaJSON, err := os.ReadFile(filepath.Join(dir, "expected-metadata.json"))
		if err != nil {
			tb.Fatal(err)
		}
		if err := json.Unmarshal(metaJSON, &c.meta); err != nil {
			tb.Fatalf("%s: %v", e.Name(), err)
		}
		cases = append(cases, c)
	}
	if len(cases) < 40 {
		tb.Fatalf("found %d readability fixtures, want at least 40", len(cases))
	}
	return cases
}

// htmlText is all the text of an HTML fragment, scripts and styles left out.
func htmlText(tb testing.TB, data []byte) string {
	tb.Helper()
	doc, err := html.Parse(strings.NewReader(string(data)))
	if err != nil {
		tb.Fatal(err)
	}
	var b strings.Builder
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode && (n.Data == "script" || n.Data == "style") {
			return
		}
		if n.Type == html.TextNode {
			b.WriteString(n.Data)
			b.WriteByte(' ')
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	return b.String()
}

// sameTitle compares titles ignoring differences in whitespace.
func sameTitle(a, b string) bool {
	return strings.Join(strings.Fields(a), " ") == strings.Join(strings.Fields(b), " ")
}

// wordRecall is the share of expected's words (lower-cased, punctuation trimmed) found in got.
func wordRecall(expected, got string) float64 {
	have := map[string]bool{}
	for _, w := range words(got) {
		have[w] = true
	}
	want := words(expected)
	if len(want) == 0 {
		return 1
	}
	found := 0
	for _, w := range want {
		if have[w] {
			found++
		}
	}
	return float64(found) / float64(len(want))
}

func words(s string) []string {
	var out []string
	for _, w := range strings.Fields(strings.ToLower(s)) {
		w = strings.Trim(w, ".,;:!?\"'()[]{}“”‘’«»—–-…*_`")
		if w != "" {
			out = append(out, w)
		}
	}
	return out
}

func writeFile(tb testing.TB, path string, data string) {
	tb.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		tb.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(data), 0o644); err != nil {
		tb.Fatal(err)
	}
}
