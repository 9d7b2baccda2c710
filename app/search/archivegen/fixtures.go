// Package archivegen makes archives to test and measure search with: the readability fixtures
// as articles, and generated archives of any size whose prose is a word-level Markov chain
// trained on those fixtures, so word frequencies and lengths look like real English.
package archivegen

import (
	"encoding/json"
	"errors"
	"fmt"
	"html"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
)

// Fixture is one readability test page, reduced to what an imported article holds.
type Fixture struct {
	Name   string // the fixture's folder
	Title  string
	Byline string
	Site   string
	Lang   string
	Text   string // expected.html without tags; paragraphs separated by blank lines
}

// FixturesDir finds testdata/fixtures/readability in the repository: it walks up from the
// working directory to go.mod.
func FixturesDir() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			fixtures := filepath.Join(dir, "testdata", "fixtures", "readability")
			if _, err := os.Stat(fixtures); err != nil {
				return "", fmt.Errorf("readability fixtures: %w", err)
			}
			return fixtures, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("readability fixtures: no go.mod above the working directory")
		}
		dir = parent
	}
}

// ReadFixtures reads every fixture in dir that has an expected title and text.
func ReadFixtures(dir string) ([]Fixture, error) {
	paths, err := filepath.Glob(filepath.Join(dir, "*", "expected-metadata.json"))
	if err != nil {
		return nil, err
	}
	sort.Strings(paths)
	var out []Fixture
	for _, path := range paths {
		folder := filepath.Dir(path)
		var meta struct {
			Title, Byline, SiteName, Lang string
		}
		raw, err := os.ReadFile(path)
		if err != nil {
			return nil, err
		}
		if err := json.Unmarshal(raw, &meta); err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		page, err := os.ReadFile(filepath.Join(folder, "expected.html"))
		if err != nil {
			return nil, err
		}
		f := Fixture{Name: filepath.Base(folder), Title: strings.TrimSpace(meta.Title),
			Byline: strings.TrimSpace(meta.Byline), Site: meta.SiteName, Lang: meta.Lang, Text: plainText(string(page))}
		if f.Title != "" && f.Text != "" {
			out = append(out, f)
		}
	}
	return out, nil
}

var (
	blockEnd   = regexp.MustCompile(`(?i)</(p|h[1-6]|li|div|blockquote|pre|tr|table|ul|ol)>|<br\s*/?>`)
	invisible  = regexp.MustCompile(`(?is)<(script|style)[^>]*>.*?</(script|style)>`)
	tag        = regexp.MustCompile(`<[^>]*>`)
	spaces     = regexp.MustCompile(`[ \t\r\f\v]+`)
	blankLines = regexp.MustCompile(`\n\s*\n[\s\n]*`)
)

// plainText strips the tags from an HTML fragment, keeping paragraph breaks.
func plainText(page string) string {
	page = invisible.ReplaceAllString(page, " ")
	page = blockEnd.ReplaceAllString(page, "\n\n")
	page = tag.ReplaceAllString(page, " ")
	page = strings.ReplaceAll(html.UnescapeString(page), "\u00a0", " ")
	page = spaces.ReplaceAllString(page, " ")
	var paragraphs []string
	for _, p := range blankLines.Split(page, -1) {
		if p = strings.Join(strings.Fields(p), " "); p != "" {
			paragraphs = append(paragraphs, p)
		}
	}
	return strings.Join(paragraphs, "\n\n")
}
