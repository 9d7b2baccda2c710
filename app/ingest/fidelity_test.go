package ingest

import (
	"strings"
	"testing"
)

// filler makes a hand-made page long enough for go-readability to take it as an article.
var filler = "<p>" + strings.Repeat("This paragraph is ordinary article text, long enough to read as prose. ", 8) + "</p>\n"

// parsePage parses a hand-made page whose article is content, named name (a file name or URL).
func parsePage(t *testing.T, name, content string) (markdown, body string) {
	t.Helper()
	page := "<html><head><title>A page</title></head><body><article>\n" + filler + content + "\n" + filler + "</article></body></html>"
	a, err := Parse(name, []byte(page))
	if err != nil {
		t.Fatal(err)
	}
	return a.Markdown, a.Body
}

type fidelityCase struct {
	name, html string
	markdown   []string // what the Markdown must hold
	body       []string // what the Body must hold
	neither    []string // what neither may hold
}

func runFidelityCases(t *testing.T, pageName string, cases []fidelityCase) {
	t.Helper()
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			md, body := parsePage(t, pageName, c.html)
			for _, want := range c.markdown {
				if !strings.Contains(md, want) {
					t.Errorf("Markdown lacks %q:\n%s", want, md)
				}
			}
			for _, want := range c.body {
				if !strings.Contains(body, want) {
					t.Errorf("Body lacks %q:\n%s", want, body)
				}
			}
			for _, bad := range c.neither {
				if strings.Contains(md, bad) || strings.Contains(body, bad) {
					t.Errorf("%q kept:\n%s\n----\n%s", bad, md, body)
				}
			}
		})
	}
}

func TestHeadingPermalinks(t *testing.T) {
	runFidelityCases(t, "page.html", []fidelityCase{
		{name: "hash after the title", html: `<h2 id="x">Getting started<a href="#x">#</a></h2>`,
			markdown: []string{"## Getting started\n"}, body: []string{"Getting started\n"}, neither: []string{"started#", "(#x)"}},
		{name: "hash before the title", html: `<h2 id="x"><a class="anchor" href="#x">#</a> Getting started</h2>`,
			markdown: []string{"## Getting started\n"}, body: []string{"\nGetting started\n"}, neither: []string{"#)", "(#x)"}},
		{name: "pilcrow", html: `<h3 id="y">Install<a class="headerlink" href="#y" title="Permalink to this heading">¶</a></h3>`,
			markdown: []string{"### Install\n"}, body: []string{"Install\n"}, neither: []string{"¶"}},
		{name: "section sign", html: `<h2 id="s">Usage <a href="#s">§</a></h2>`, markdown: []string{"## Usage\n"}, neither: []string{"§"}},
		{name: "link emoji", html: `<h2 id="s">Usage <a href="#s">🔗&#xFE0F;</a></h2>`, markdown: []string{"## Usage\n"}, neither: []string{"🔗"}},
		{name: "icon", html: `<h2 id="s">Usage <a class="header-anchor" href="#s" aria-hidden="true"><svg viewBox="0 0 16 16"><path d="M1 1"></path></svg></a></h2>`,
			markdown: []string{"## Usage\n"}, neither: []string{"[]", "(#s)"}},
		{name: "absolute address of the page", html: `<h2 id="s">Usage<a href="page.html#s">#</a></h2>`,
			markdown: []string{"## Usage\n"}, neither: []string{"Usage#", "#s"}},
		{name: "heading that links to itself", html: `<h2 id="z"><a class="toclink" href="#z">Detecting anomalies</a></h2>`,
			markdown: []string{"## Detecting anomalies\n"}, neither: []string{"(#z)"}},
		{name: "a heading with a real link keeps it", html: `<h2>Notes on <a href="https://go.dev/">Go</a></h2>`,
			markdown: []string{"## Notes on [Go](https://go.dev/)\n"}},
		{name: "a title ending in a hash keeps it", html: `<h2>Learning C#</h2>`, markdown: []string{"## Learning C\\#\n"}, body: []string{"Learning C#\n"}},
		{name: "a link in a paragraph is kept", html: `<p>See <a href="#x">the section</a> below.</p>`,
			markdown: []string{"See [the section](#x) below."}},
	})
}

func TestHeadingPermalinksOfAFetchedPage(t *testing.T) {
	runFidelityCases(t, "https://example.com/blog/post", []fidelityCase{
		{name: "absolute", html: `<h2 id="s">Usage<a href="https://example.com/blog/post#s">#</a></h2>`,
			markdown: []string{"## Usage\n"}, neither: []string{"Usage#", "post#s"}},
		{name: "relative", html: `<h2 id="s">Usage<a href="post#s">¶</a></h2>`, markdown: []string{"## Usage\n"}, neither: []string{"¶"}},
		{name: "self link", html: `<h2 id="s"><a href="#s">Usage</a></h2>`, markdown: []string{"## Usage\n"}, neither: []string{"(#s)"}},
	})
}

func TestSuperscriptsAndSubscripts(t *testing.T) {
	both := func(s string) []string { return []string{s} }
	runFidelityCases(t, "page.html", []fidelityCase{
		{name: "footnote number", html: `<p>As the reference<sup>1</sup> says.</p>`, markdown: both("reference¹ says"), body: both("reference¹ says"), neither: both("reference1")},
		{name: "square", html: `<p>The area is x<sup>2</sup> + y<sup>-1</sup>.</p>`, markdown: both("x² + y⁻¹."), body: both("x² + y⁻¹.")},
		{name: "letters", html: `<p>It grows as 2<sup>n</sup> and a<sub>i</sub> and V<sub>max</sub>.</p>`, markdown: both("2ⁿ and aᵢ and Vₘₐₓ."), body: both("2ⁿ and aᵢ and Vₘₐₓ.")},
		{name: "chemistry", html: `<p>Water is H<sub>2</sub>O and CO<sub>2</sub> is a gas.</p>`, markdown: both("H₂O and CO₂ is"), body: both("H₂O and CO₂ is")},
		{name: "footnote link", html: `<p>As the reference<sup><a href="#fn1">1</a></sup> says.</p>`, markdown: both("reference[¹](#fn1) says"), body: both("reference¹ says")},
		{name: "bracketed footnote link", html: `<p>As the reference<sup id="r1"><a href="#fn1">[1]</a></sup> says.</p>`,
			markdown: both(`reference[\[1\]](#fn1) says`), body: both("reference[1] says")},
		{name: "unmappable is bracketed", html: `<p>As noted<sup>a, Q</sup> before.</p>`, markdown: both(`noted\[a, Q] before`), body: both("noted[a, Q] before")},
		{name: "unmappable after a space stays", html: `<p>As noted <sup>see Q</sup> before.</p>`, body: both("noted see Q before"), neither: both("[see")},
		{name: "ordinal", html: `<p>In the 19<sup>th</sup> century and the 21<sup>st</sup>.</p>`, markdown: both("19th century and the 21st."), body: both("19th century and the 21st.")},
		{name: "trade mark", html: `<p>Lectern<sup>TM</sup> reads.</p>`, markdown: both("Lectern™ reads"), body: both("Lectern™ reads")},
		{name: "in a heading", html: `<h2>Why H<sub>2</sub>O boils</h2>`, markdown: both("## Why H₂O boils"), body: both("Why H₂O boils")},
		{name: "in code it stays", html: `<pre><code>x<sup>2</sup></code></pre>`, neither: both("x²")},
	})
}

func TestNestedListsStayNestedAndTight(t *testing.T) {
	runFidelityCases(t, "page.html", []fidelityCase{
		{name: "bullets", html: "<ul>\n<li>One\n<ul>\n<li>One A</li>\n<li>One B<ul><li>Deep</li></ul></li>\n</ul>\n</li>\n<li>Two</li>\n</ul>",
			markdown: []string{"- One\n  - One A\n  - One B\n    - Deep\n- Two"}},
		{name: "numbers", html: "<ol><li>First<ol><li>Sub one</li><li>Sub two</li></ol></li><li>Second</li></ol>",
			markdown: []string{"1. First\n   1. Sub one\n   2. Sub two\n2. Second"}},
		{name: "bullets in numbers", html: "<ol><li>First<ul><li>Sub</li></ul></li><li>Second</li></ol>",
			markdown: []string{"1. First\n   - Sub\n2. Second"}},
		{name: "numbers starting later", html: "<ul><li>First<ol start=\"3\"><li>Third</li></ol></li><li>Second</li></ul>",
			markdown: []string{"- First\n  \n  3. Third\n- Second"}},
		{name: "paragraph items stay loose", html: "<ul><li><p>First</p><ul><li>Sub</li></ul></li><li><p>Second</p></li></ul>",
			markdown: []string{"- First\n  \n  - Sub\n- Second"}},
	})
}

func TestBlocksSurviveConversion(t *testing.T) {
	runFidelityCases(t, "page.html", []fidelityCase{
		{name: "table", html: "<table><thead><tr><th>Film</th><th>Year</th></tr></thead><tbody><tr><td><i>Groundhog Day</i></td><td>1993</td></tr><tr><td>Edge of Tomorrow</td><td>2014</td></tr></tbody></table>",
			markdown: []string{"| Film", "| *Groundhog Day*  | 1993 |", "| Edge of Tomorrow | 2014 |", "|---"}},
		{name: "table with a paragraph in a cell", html: "<table><tr><th>Film</th><th>Plot</th></tr><tr><td>Churuli</td><td>Two officers go in search of a criminal. <p>Based on a short story.</p></td></tr><tr><td>Jango</td><td>A neurosurgeon<br>is stuck.</td></tr></table>",
			markdown: []string{"| Churuli | Two officers go in search of a criminal. Based on a short story. |", "| Jango   | A neurosurgeon is stuck."},
			body:     []string{"Two officers go in search of a criminal. Based on a short story."}},
		{name: "table caption above the table", html: "<table><caption>Films with time loops</caption><tr><th>Film</th><th>Year</th></tr><tr><td>Groundhog Day</td><td>1993</td></tr></table>",
			markdown: []string{"*Films with time loops*\n\n| Film"}, body: []string{"Films with time loops\n\nFilm"}},
		{name: "table with a list stays text", html: "<table><tr><th>Name</th><th>Parts</th></tr><tr><td>Mozilla</td><td><ul><li>Corporation</li><li>Foundation</li></ul></td></tr></table>",
			markdown: []string{"- Corporation\n- Foundation"}},
		{name: "figure", html: `<figure><img src="https://example.com/cat.jpg" alt="A cat"><figcaption>The cat, <a href="https://example.com/">photographed</a> at home.</figcaption></figure>`,
			markdown: []string{"![A cat](https://example.com/cat.jpg)\n\n*The cat, [photographed](https://example.com/) at home.*"}, body: []string{"The cat, photographed at home."}},
		{name: "code", html: "<pre><code class=\"language-go\">func main() {\n\tfmt.Println(\"hi\")\n}</code></pre>",
			markdown: []string{"```\nfunc main() {\n\tfmt.Println(\"hi\")\n}\n```"}, body: []string{"func main() {\n\tfmt.Println(\"hi\")\n}"}},
		{name: "relative image of a local file stays relative", html: `<p><img src="images/cat.jpg" alt="A cat"> and <img src="//cdn.example.com/dog.png" alt="A dog"></p>`,
			markdown: []string{"![A cat](images/cat.jpg)", "![A dog](https://cdn.example.com/dog.png)"}},
		{name: "link in its sentence", html: `<p>Read <a href="https://example.com/a">the <em>whole</em> story</a> first.</p>`,
			markdown: []string{"Read [the *whole* story](https://example.com/a) first."}, body: []string{"Read the whole story first."}},
		{name: "empty link", html: `<p>An icon <a href="https://example.com/share"><svg></svg></a>here.</p>`, neither: []string{"[]("}},
	})
}

func TestImagesAndLinksOfAFetchedPage(t *testing.T) {
	runFidelityCases(t, "https://example.com/blog/post.html", []fidelityCase{
		{name: "relative image", html: `<p><img src="img/cat.jpg" alt="A cat"></p>`, markdown: []string{"![A cat](https://example.com/blog/img/cat.jpg)"}},
		{name: "relative link", html: `<p>Read <a href="../about">about us</a> now.</p>`, markdown: []string{"Read [about us](https://example.com/about) now."}},
		{name: "javascript link", html: `<p>Click <a href="javascript:void(0)">here</a> now.</p>`, markdown: []string{"Click here now."}, neither: []string{"javascript"}},
	})
}

func TestFixturesHaveNoPermalinksOrByPrefixes(t *testing.T) {
	t.Parallel()
	for _, c := range readabilityCases(t) {
		a, err := Parse("source.html", c.source)
		if err != nil {
			t.Errorf("%s: %v", c.name, err)
			continue
		}
		for _, line := range strings.Split(a.Markdown, "\n") {
			if !strings.HasPrefix(line, "#") {
				continue
			}
			trimmed := strings.TrimSpace(line)
			if strings.HasSuffix(trimmed, "#") || strings.HasSuffix(trimmed, "¶") || strings.HasSuffix(trimmed, "§") ||
				strings.HasSuffix(trimmed, "🔗") || strings.Contains(trimmed, "[](") || strings.Contains(trimmed, "](#") {
				t.Errorf("%s: heading %q", c.name, line)
			}
		}
		if strings.HasPrefix(strings.ToLower(a.Byline), "by ") {
			t.Errorf("%s: byline %q", c.name, a.Byline)
		}
		if a.Byline != "" && strings.EqualFold(a.Byline, a.Site) {
			t.Errorf("%s: byline and site are both %q", c.name, a.Byline)
		}
	}
}
