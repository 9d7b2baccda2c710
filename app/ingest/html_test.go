package ingest

import (
	"strings"
	"testing"

	"golang.org/x/text/encoding/charmap"
)

func TestParseReadabilityFixtures(t *testing.T) {
	t.Parallel()
	cases := readabilityCases(t)
	titles, recallSum := 0, 0.0
	for _, c := range cases {
		a, err := Parse("source.html", c.source)
		if err != nil {
			t.Errorf("%s: %v", c.name, err)
			continue
		}
		if sameTitle(a.Title, c.meta.Title) {
			titles++
		} else {
			t.Logf("%s: title %q, want %q", c.name, a.Title, c.meta.Title)
		}
		r := wordRecall(c.expected, a.Body)
		if r < 0.9 {
			t.Logf("%s: recall %.2f", c.name, r)
		}
		recallSum += r
	}
	meanRecall := recallSum / float64(len(cases))
	t.Logf("titles %d/%d, mean recall %.3f", titles, len(cases), meanRecall)
	if titles*100 < len(cases)*95 {
		t.Errorf("%d of %d titles match, want at least 95%%", titles, len(cases))
	}
	if meanRecall < 0.9 {
		t.Errorf("mean recall %.3f, want at least 0.9", meanRecall)
	}
}

func TestParseHTMLRemovesActiveContent(t *testing.T) {
	page := `<html><head><title>Safe page</title></head><body><article>
<h1>Safe page</h1>
<p onclick="steal()">` + strings.Repeat("A long enough paragraph of real article text. ", 20) + `</p>
<p>See <a href=" JavaScript:alert(1)">this</a>, <a href="java&#09;script:alert(2)">that</a> and <a href="https://example.com/ok">the source</a>.</p>
<iframe src="https://www.youtube.com/embed/x"></iframe>
<script>alert(3)</script>
<p><img src="https://example.com/cat.jpg" alt="a cat" onerror="steal()"><img src="data:image/png;base64,AAAA"></p>
<p>` + strings.Repeat("More text to make this the article. ", 20) + `</p>
</article></body></html>`
	a, err := Parse("page.html", []byte(page))
	if err != nil {
		t.Fatal(err)
	}
	for _, bad := range []string{"alert", "steal", "javascript", "script:", "iframe", "youtube", "data:"} {
		if strings.Contains(strings.ToLower(a.Markdown), bad) || strings.Contains(strings.ToLower(a.Body), bad) {
			t.Errorf("%q kept:\n%s", bad, a.Markdown)
		}
	}
	for _, good := range []string{"See this, that and [the source](https://example.com/ok)", "![a cat](https://example.com/cat.jpg)"} {
		if !strings.Contains(a.Markdown, good) {
			t.Errorf("markdown lacks %q:\n%s", good, a.Markdown)
		}
	}
	if a.Title != "Safe page" {
		t.Errorf("title %q", a.Title)
	}
	if strings.Contains(a.Body, "\n\n\n") || !strings.Contains(a.Body, "\n\n") {
		t.Errorf("paragraphs should be separated by one blank line: %q", a.Body)
	}
}

func TestParseHTMLCharsets(t *testing.T) {
	text := strings.Repeat("Le café est très chaud à Montréal. ", 20)
	latin1, _ := charmap.ISO8859_1.NewEncoder().String(text)
	win1252, _ := charmap.Windows1252.NewEncoder().String(text + "“quoted”")
	tests := []struct{ name, page, want string }{
		{"meta charset after 1 KB of scripts", "<html><head><script>" + strings.Repeat("var x = 1;\n", 200) + "</script><meta charset=\"iso-8859-1\"><title>Café</title></head><body><p>" + latin1 + "</p></body></html>", "très chaud"},
		{"http-equiv windows-1252", "<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=windows-1252\"><title>T</title></head><body><p>" + win1252 + "</p></body></html>", "“quoted”"},
		{"undeclared, not UTF-8", "<html><head><title>T</title></head><body><p>" + win1252 + "</p></body></html>", "Montréal"},
		{"undeclared UTF-8", "<html><head><title>T</title></head><body><p>" + text + "</p></body></html>", "Montréal"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, err := Parse("p.html", []byte(tt.page))
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(a.Body, tt.want) {
				t.Errorf("body lacks %q: %.80q", tt.want, a.Body)
			}
		})
	}
}
