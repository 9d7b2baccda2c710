package ingest

import (
	"bytes"
	"errors"
	"fmt"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	readability "codeberg.org/readeck/go-readability/v2"
	"codeberg.org/readeck/go-readability/v2/render"
	"github.com/JohannesKaufmann/html-to-markdown/v2/converter"
	"github.com/JohannesKaufmann/html-to-markdown/v2/plugin/base"
	"github.com/JohannesKaufmann/html-to-markdown/v2/plugin/commonmark"
	"github.com/JohannesKaufmann/html-to-markdown/v2/plugin/strikethrough"
	"github.com/JohannesKaufmann/html-to-markdown/v2/plugin/table"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
	"golang.org/x/net/html/charset"
	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"

	"lectern/store"
)

var errNoReadableText = errors.New("no readable text was found in the page")

// markdownConverter is safe for concurrent use once built. A link without text (an icon, a
// permalink whose symbol was removed) or without an address is left out, or kept as its text.
var markdownConverter = newMarkdownConverter()

func newMarkdownConverter() *converter.Converter {
	conv := converter.NewConverter(converter.WithPlugins(
		base.NewBasePlugin(),
		commonmark.NewCommonmarkPlugin(
			commonmark.WithLinkEmptyContentBehavior(commonmark.LinkBehaviorSkip),
			commonmark.WithLinkEmptyHrefBehavior(commonmark.LinkBehaviorSkip),
		),
		strikethrough.NewStrikethroughPlugin(),
		table.NewTablePlugin(),
	))
	conv.Register.Renderer(renderNestedList, converter.PriorityEarly)
	return conv
}

// nestedListMark is set on a nested list while the commonmark plugin renders it.
const nestedListMark = "data-lectern-nested"

// renderNestedList keeps a list nested in a list item's text tight: the commonmark plugin
// separates it from the text before it by a blank line, which makes the outer list loose
// (its items spaced like paragraphs) in CommonMark. One newline is enough, since a bullet
// list, or an ordered list starting at 1, may interrupt a paragraph.
func renderNestedList(ctx converter.Context, w converter.Writer, n *html.Node) converter.RenderStatus {
	if n.Type != html.ElementNode || (n.Data != "ul" && n.Data != "ol") || n.Parent == nil || n.Parent.Data != "li" {
		return converter.RenderTryNext
	}
	if attribute(n, nestedListMark) != "" {
		return converter.RenderTryNext
	}
	if n.Data == "ol" && strings.TrimSpace(attribute(n, "start")) != "" && strings.TrimSpace(attribute(n, "start")) != "1" {
		return converter.RenderTryNext
	}
	n.Attr = append(n.Attr, html.Attribute{Key: nestedListMark, Val: "1"})
	var buf bytes.Buffer
	ctx.RenderNodes(ctx, &buf, n)
	n.Attr = n.Attr[:len(n.Attr)-1]
	list := bytes.TrimLeft(buf.Bytes(), "\n")
	if len(list) == 0 {
		return converter.RenderSuccess
	}
	w.WriteString("\n")
	w.Write(list)
	return converter.RenderSuccess
}

// parseHTML extracts the readable article from a page. contentType is the HTTP header that
// came with a fetched page (it may name the charset). When name is the page's http(s) URL, it
// resolves relative links, gives the site's name when the page does not, and (unless the page
// names a canonical URL) becomes Source.
func parseHTML(data []byte, contentType, name string) (*store.Article, error) {
	text, err := decodeHTML(data, contentType)
	if err != nil {
		return nil, err
	}
	doc, err := html.Parse(strings.NewReader(text))
	if err != nil {
		return nil, fmt.Errorf("read the HTML: %w", err)
	}
	pageURL := webURL(name)
	canonical := canonicalURL(doc, pageURL)

	parser := readability.NewParser()
	page, err := parser.ParseAndMutate(doc, pageURL)
	if err != nil {
		return nil, fmt.Errorf("find the article in the page: %w", err)
	}
	if page.Node == nil {
		return nil, errNoReadableText
	}
	removeUnsafeMarkup(page.Node)
	// Body and Markdown are both derived from page.Node, so what tidyArticle changes
	// changes both alike (the reader finds each Markdown block's text in Body).
	tidyArticle(page.Node, pageURL)
	body := normalizeBody(render.InnerText(page.Node))
	if body == "" {
		return nil, errNoReadableText
	}
	md, err := markdownConverter.ConvertNode(page.Node)
	if err != nil {
		return nil, fmt.Errorf("convert the article to Markdown: %w", err)
	}

	a := &store.Article{
		Title:    page.Title(),
		Byline:   page.Byline(),
		Site:     page.SiteName(),
		Lang:     page.Language(),
		Excerpt:  page.Excerpt(),
		Body:     body,
		Markdown: strings.TrimSpace(string(md)),
	}
	if t, err := page.PublishedTime(); err == nil {
		a.Published = t
	}
	if pageURL != nil {
		a.Source = pageURL.String()
		if canonical != "" {
			a.Source = canonical
		}
		if a.Site == "" {
			a.Site = strings.TrimPrefix(pageURL.Hostname(), "www.")
		}
	}
	return a, nil
}

// decodeHTML turns a page into UTF-8. Like a browser, it follows a byte-order mark, then the
// Content-Type header, then a <meta> charset declaration (looked for well past the first
// 1024 bytes that x/net/html/charset examines, since many pages put scripts first), and
// otherwise takes UTF-8 when the whole page is valid UTF-8, Windows-1252 when it is not.
func decodeHTML(data []byte, contentType string) (string, error) {
	enc, _, certain := charset.DetermineEncoding(data, contentType)
	if !certain {
		enc = metaCharset(data)
		if enc == nil && utf8.Valid(data) {
			enc = encoding.Nop
		}
		if enc == nil {
			enc = charmap.Windows1252
		}
	}
	decoded, err := enc.NewDecoder().Bytes(data)
	if err != nil {
		return "", fmt.Errorf("decode the page's text: %w", err)
	}
	if bytes.IndexByte(decoded, 0) >= 0 || tooManyControls(string(decoded)) {
		return "", errBinary
	}
	return string(bytes.TrimPrefix(decoded, utf8BOM)), nil
}

var metaCharsetPattern = regexp.MustCompile(`<meta[^>]+charset\s*=\s*["']?\s*([a-z0-9_:.\-]+)`)

// metaCharset returns the encoding a <meta> tag in the first 64 KB declares, or nil. A page
// cannot really be UTF-16 if its ASCII meta tag could be read, so that reads as UTF-8.
func metaCharset(data []byte) encoding.Encoding {
	head := bytes.ToLower(data[:min(len(data), 64<<10)])
	m := metaCharsetPattern.FindSubmatch(head)
	if m == nil {
		return nil
	}
	enc, name := charset.Lookup(string(m[1]))
	if strings.HasPrefix(name, "utf-16") {
		return encoding.Nop
	}
	return enc
}

// webURL parses name as an http(s) URL, or returns nil for a file name.
func webURL(name string) *url.URL {
	if !isWebURL(name) {
		return nil
	}
	u, err := url.Parse(name)
	if err != nil {
		return nil
	}
	return u
}

func isWebURL(s string) bool {
	lower := strings.ToLower(s)
	return strings.HasPrefix(lower, "http://") || strings.HasPrefix(lower, "https://")
}

// canonicalURL returns the page's <link rel="canonical"> resolved against pageURL, when it is
// an http(s) URL; a file's canonical link is ignored (it may point anywhere).
func canonicalURL(doc *html.Node, pageURL *url.URL) string {
	if pageURL == nil {
		return ""
	}
	var found string
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if found != "" {
			return
		}
		if n.Type == html.ElementNode && n.Data == "link" {
			var rel, href string
			for _, attr := range n.Attr {
				switch attr.Key {
				case "rel":
					rel = strings.ToLower(attr.Val)
				case "href":
					href = strings.TrimSpace(attr.Val)
				}
			}
			if slices.Contains(strings.Fields(rel), "canonical") && href != "" {
				// Some sites name their home page as every page's canonical URL: ignore that.
				u, err := pageURL.Parse(href)
				if err == nil && isWebURL(u.String()) && u.Host != "" && (strings.Trim(u.Path, "/") != "" || strings.Trim(pageURL.Path, "/") == "") {
					found = u.String()
				}
			}
			return
		}
		if n.Type == html.ElementNode && n.Data == "body" {
			return
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	return found
}

// activeElements run code or take input; an article never needs them.
var activeElements = map[string]bool{
	"script": true, "style": true, "iframe": true, "frame": true, "frameset": true,
	"object": true, "embed": true, "applet": true, "form": true, "input": true,
	"button": true, "textarea": true, "select": true, "noscript": true, "template": true,
	"link": true, "meta": true, "base": true,
}

// urlAttributes are the attributes whose value a browser follows or loads.
var urlAttributes = map[string]bool{
	"href": true, "src": true, "srcset": true, "action": true, "formaction": true,
	"xlink:href": true, "poster": true, "background": true, "data": true, "cite": true,
}

// removeUnsafeMarkup removes what could run code in whatever later displays the article:
// script-like elements, event-handler attributes and javascript:/vbscript:/data: URLs.
// Readability already drops scripts; this also covers iframes it keeps for videos and links
// it does not recognise (such as "JavaScript:" with capitals or hidden whitespace).
func removeUnsafeMarkup(n *html.Node) {
	for c := n.FirstChild; c != nil; {
		next := c.NextSibling
		switch {
		case c.Type == html.ElementNode && activeElements[c.Data]:
			n.RemoveChild(c)
		case c.Type == html.ElementNode && c.Data == "a" && unsafeURL(attribute(c, "href")):
			// Keep the link's text, without the link; its children are cleaned next.
			if c.FirstChild != nil {
				next = c.FirstChild
			}
			for child := c.FirstChild; child != nil; child = c.FirstChild {
				c.RemoveChild(child)
				n.InsertBefore(child, c)
			}
			n.RemoveChild(c)
		default:
			removeUnsafeMarkup(c)
		}
		c = next
	}
	if n.Type != html.ElementNode {
		return
	}
	kept := n.Attr[:0]
	for _, attr := range n.Attr {
		key := strings.ToLower(attr.Key)
		if strings.HasPrefix(key, "on") || urlAttributes[key] && unsafeURL(attr.Val) {
			continue
		}
		kept = append(kept, attr)
	}
	n.Attr = kept
}

func attribute(n *html.Node, key string) string {
	for _, attr := range n.Attr {
		if strings.EqualFold(attr.Key, key) {
			return attr.Val
		}
	}
	return ""
}

// unsafeURL reports whether a URL runs code or embeds content when followed. Browsers ignore
// whitespace and control characters inside the scheme, so they are ignored here too.
func unsafeURL(v string) bool {
	v = strings.ToLower(strings.Map(func(r rune) rune {
		if r <= ' ' {
			return -1
		}
		return r
	}, v))
	for _, scheme := range []string{"javascript:", "vbscript:", "data:"} {
		if strings.HasPrefix(v, scheme) {
			return true
		}
	}
	return false
}

// tidyArticle fixes, in the extracted article, what reads badly once it is flattened to text
// and Markdown: permalink markers in headings ("Title#", "Title¶"), superscripts and
// subscripts glued to the word before them ("reference1"), tables that one paragraph in one
// cell would turn into a run of loose paragraphs, captions that read like the text around
// them (or, for a table's, that Markdown would move under it), and protocol-relative
// addresses in a local file, which has no scheme to lend them.
func tidyArticle(root *html.Node, pageURL *url.URL) {
	var headings, scripts, tables, captions []*html.Node
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			switch n.Data {
			case "h1", "h2", "h3", "h4", "h5", "h6":
				headings = append(headings, n)
			case "sup", "sub":
				// A script inside a script is handled with it.
				scripts = append(scripts, n)
				return
			case "table":
				tables = append(tables, n)
			case "figcaption":
				captions = append(captions, n)
			case "pre", "code", "kbd", "samp":
				return
			}
			if pageURL == nil {
				for i, attr := range n.Attr {
					if (attr.Key == "href" || attr.Key == "src") && strings.HasPrefix(strings.TrimSpace(attr.Val), "//") {
						n.Attr[i].Val = "https:" + strings.TrimSpace(attr.Val)
					}
				}
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(root)
	for _, h := range headings {
		removePermalinks(h, pageURL)
	}
	for _, s := range scripts {
		readableScript(s)
	}
	for _, t := range tables {
		if c := tableCaption(t); c != nil {
			captions = append(captions, c)
		}
		flattenTableCells(t)
	}
	for _, c := range captions {
		emphasizeInline(c)
	}
}

// tableCaption moves a table's <caption> out of it, into a paragraph just above it, and
// returns that paragraph. html-to-markdown writes a caption under its table, while the
// body has it above, where it is in the HTML: the reader would not find it in the body.
func tableCaption(t *html.Node) *html.Node {
	if t.Parent == nil {
		return nil
	}
	for c := t.FirstChild; c != nil; c = c.NextSibling {
		if c.Type != html.ElementNode || c.Data != "caption" {
			continue
		}
		p := &html.Node{Type: html.ElementNode, Data: "p", DataAtom: atom.P}
		for child := c.FirstChild; child != nil; child = c.FirstChild {
			c.RemoveChild(child)
			p.AppendChild(child)
		}
		t.RemoveChild(c)
		if strings.TrimSpace(nodeText(p)) == "" {
			return nil
		}
		t.Parent.InsertBefore(p, t)
		return p
	}
	return nil
}

// removePermalinks removes from a heading the links to itself that only show a symbol ("#",
// "¶", "§", "🔗", an icon), and keeps as plain text a heading's in-page link that has words.
func removePermalinks(h *html.Node, pageURL *url.URL) {
	var links []*html.Node
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			if c.Type == html.ElementNode && c.Data == "a" {
				links = append(links, c)
				continue
			}
			walk(c)
		}
	}
	walk(h)
	for _, a := range links {
		href := strings.TrimSpace(attribute(a, "href"))
		inPage := inPageLink(href, pageURL)
		if permalinkMark(nodeText(a)) && (inPage || href == "" || strings.Contains(href, "#")) {
			// A heading that is nothing but its mark keeps it.
			if text := nodeText(h); strings.TrimSpace(strings.Replace(text, nodeText(a), "", 1)) != "" {
				a.Parent.RemoveChild(a)
				continue
			}
		}
		if inPage {
			unwrap(a)
		}
	}
}

// inPageLink reports whether href points into the page itself.
func inPageLink(href string, pageURL *url.URL) bool {
	if strings.HasPrefix(href, "#") {
		return true
	}
	if pageURL == nil || href == "" {
		return false
	}
	u, err := pageURL.Parse(href)
	if err != nil || u.Fragment == "" {
		return false
	}
	page := *pageURL
	page.Fragment, page.RawFragment, u.Fragment, u.RawFragment = "", "", "", ""
	return u.String() == page.String()
}

// permalinkMark reports whether a link's text is only what sites show for a link to a
// heading: nothing (an icon), or a symbol such as "#", "¶", "§" or "🔗".
func permalinkMark(text string) bool {
	text = strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) || unicode.Is(unicode.Variation_Selector, r) || r == '\u200b' || r == '\u200d' {
			return -1
		}
		return r
	}, text)
	for _, r := range text {
		if !strings.ContainsRune("#¶§🔗⚓∞", r) {
			return false
		}
	}
	return true
}

// unwrap replaces n by its children.
func unwrap(n *html.Node) {
	for c := n.FirstChild; c != nil; c = n.FirstChild {
		n.RemoveChild(c)
		n.Parent.InsertBefore(c, n)
	}
	n.Parent.RemoveChild(n)
}

// nodeText is the text of n and its descendants, as it is in the HTML.
func nodeText(n *html.Node) string {
	if n.Type == html.TextNode {
		return n.Data
	}
	var b strings.Builder
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			if c.Type == html.TextNode {
				b.WriteString(c.Data)
			} else {
				walk(c)
			}
		}
	}
	walk(n)
	return b.String()
}

// superscripts and subscripts are the characters Unicode has for what a <sup> or a <sub>
// holds (capital superscript letters are left out: common fonts lack them).
var (
	superscripts = scriptTable("0123456789+-−=()abcdefghijklmnoprstuvwxyz",
		"⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁻⁼⁽⁾ᵃᵇᶜᵈᵉᶠᵍʰⁱʲᵏˡᵐⁿᵒᵖʳˢᵗᵘᵛʷˣʸᶻ")
	subscripts = scriptTable("0123456789+-−=()aehijklmnoprstuvx",
		"₀₁₂₃₄₅₆₇₈₉₊₋₋₌₍₎ₐₑₕᵢⱼₖₗₘₙₒₚᵣₛₜᵤᵥₓ")
	// wordSuperscripts have a character of their own.
	wordSuperscripts = map[string]string{"TM": "™", "SM": "℠"}
	// ordinalSuffixes follow a number in a <sup> ("19<sup>th</sup>"), and read (and are
	// searched for) as "19th".
	ordinalSuffixes = map[string]bool{
		"st": true, "nd": true, "rd": true, "th": true, "e": true, "er": true, "re": true, "ère": true,
		"ème": true, "eme": true, "es": true, "ers": true, "res": true, "o": true, "a": true, "os": true,
		"as": true, "º": true, "ª": true, "nd.": true, "d": true,
	}
)

func scriptTable(from, to string) map[rune]rune {
	f, t := []rune(from), []rune(to)
	if len(f) != len(t) {
		panic("scriptTable: lengths differ")
	}
	m := make(map[rune]rune, len(f))
	for i, r := range f {
		m[r] = t[i]
	}
	return m
}

// maxScriptRunes is the longest superscript or subscript written with Unicode's characters.
const maxScriptRunes = 10

// readableScript keeps a <sup> or <sub> readable once its text is flat: written with
// Unicode's superscript or subscript characters when they exist for all of it ("x²",
// "H₂O", "reference¹"), and otherwise in brackets when it would be glued to the text around
// it ("note[a, b]"). Its links and their addresses are kept. Ordinals stay as they are
// ("19th").
func readableScript(n *html.Node) {
	compact := strings.Join(strings.Fields(nodeText(n)), "")
	if compact == "" {
		return
	}
	before, after := runeBefore(n), runeAfter(n)
	if n.Data == "sup" && unicode.IsDigit(before) && ordinalSuffixes[strings.ToLower(compact)] {
		return
	}
	table := superscripts
	if n.Data == "sub" {
		table = subscripts
	}
	if word, ok := wordSuperscripts[compact]; ok && n.Data == "sup" {
		for c := n.FirstChild; c != nil; c = n.FirstChild {
			n.RemoveChild(c)
		}
		n.AppendChild(&html.Node{Type: html.TextNode, Data: word})
		return
	}
	if utf8.RuneCountInString(compact) <= maxScriptRunes && allMapped(compact, table) {
		mapText(n, table)
		return
	}
	glued := before != 0 && !unicode.IsSpace(before) || unicode.IsLetter(after) || unicode.IsDigit(after)
	bracketed := strings.IndexAny(compact, "[(") == 0 && strings.LastIndexAny(compact, "])") == len(compact)-1
	if glued && !bracketed {
		n.InsertBefore(&html.Node{Type: html.TextNode, Data: "["}, n.FirstChild)
		n.AppendChild(&html.Node{Type: html.TextNode, Data: "]"})
	}
}

func allMapped(s string, table map[rune]rune) bool {
	for _, r := range s {
		if _, ok := table[r]; !ok {
			return false
		}
	}
	return true
}

// mapText rewrites every text node under n with table, leaving out white space.
func mapText(n *html.Node, table map[rune]rune) {
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type != html.TextNode {
			mapText(c, table)
			continue
		}
		c.Data = strings.Map(func(r rune) rune {
			if unicode.IsSpace(r) {
				return -1
			}
			return table[r]
		}, c.Data)
	}
}

// inlineElements are the elements that flow inside a line of text.
var inlineElements = map[string]bool{
	"a": true, "abbr": true, "b": true, "bdi": true, "bdo": true, "big": true, "cite": true,
	"code": true, "data": true, "del": true, "dfn": true, "em": true, "font": true, "i": true,
	"ins": true, "kbd": true, "label": true, "mark": true, "q": true, "s": true, "samp": true,
	"small": true, "span": true, "strike": true, "strong": true, "sub": true, "sup": true,
	"time": true, "tt": true, "u": true, "var": true,
}

func isInline(n *html.Node) bool {
	return n.Type != html.ElementNode || inlineElements[n.Data]
}

// runeBefore is the character just before n in its line of text, or 0 at the line's start.
func runeBefore(n *html.Node) rune {
	for cur := n; cur != nil && isInline(cur); cur = cur.Parent {
		for s := cur.PrevSibling; s != nil; s = s.PrevSibling {
			if !isInline(s) || s.Data == "br" {
				return 0
			}
			if text := nodeText(s); text != "" {
				r, _ := utf8.DecodeLastRuneInString(text)
				return r
			}
		}
	}
	return 0
}

// runeAfter is the character just after n in its line of text, or 0 at the line's end.
func runeAfter(n *html.Node) rune {
	for cur := n; cur != nil && isInline(cur); cur = cur.Parent {
		for s := cur.NextSibling; s != nil; s = s.NextSibling {
			if !isInline(s) {
				return 0
			}
			if text := nodeText(s); text != "" {
				r, _ := utf8.DecodeRuneInString(text)
				return r
			}
		}
	}
	return 0
}

// maxFlatCellRunes is the longest table cell whose paragraphs are joined into one line; a
// table with longer cells is laid out as text (it is more likely a page's layout).
const maxFlatCellRunes = 800

// cellBlocks are the elements that break a table cell's text into lines.
var cellBlocks = map[string]bool{
	"p": true, "div": true, "section": true, "article": true, "header": true, "footer": true,
	"figure": true, "figcaption": true, "center": true, "dl": true, "dt": true, "dd": true,
	"address": true, "details": true, "summary": true, "main": true, "aside": true,
}

// flattenTableCells joins the paragraphs and line breaks inside a table's cells with spaces,
// so that the table can be a Markdown table: html-to-markdown writes any table with a line
// break in a cell as loose text, and one paragraph in one cell of a long table is enough.
// Tables with what cannot be joined (lists, nested tables, code, headings) or long cells
// are left to be written as text.
func flattenTableCells(t *html.Node) {
	if strings.EqualFold(attribute(t, "role"), "presentation") {
		return
	}
	var cells []*html.Node
	ok := true
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		for c := n.FirstChild; c != nil && ok; c = c.NextSibling {
			if c.Type != html.ElementNode {
				continue
			}
			switch c.Data {
			case "table", "ul", "ol", "hr", "blockquote", "pre", "h1", "h2", "h3", "h4", "h5", "h6":
				ok = false
				return
			case "td", "th":
				if utf8.RuneCountInString(strings.TrimSpace(nodeText(c))) > maxFlatCellRunes {
					ok = false
					return
				}
				cells = append(cells, c)
			}
			walk(c)
		}
	}
	walk(t)
	if !ok {
		return
	}
	for _, cell := range cells {
		joinLines(cell)
	}
}

// joinLines replaces the line breaks and block elements under n by spaces.
func joinLines(n *html.Node) {
	for c := n.FirstChild; c != nil; {
		next := c.NextSibling
		if c.Type == html.ElementNode {
			joinLines(c)
			switch {
			case c.Data == "br":
				n.InsertBefore(&html.Node{Type: html.TextNode, Data: " "}, c)
				n.RemoveChild(c)
			case cellBlocks[c.Data]:
				n.InsertBefore(&html.Node{Type: html.TextNode, Data: " "}, c)
				if next != nil {
					n.InsertBefore(&html.Node{Type: html.TextNode, Data: " "}, next)
				}
				unwrap(c)
			}
		}
		c = next
	}
}

// emphasizeInline puts the runs of text and inline elements under n in <em>, so that a
// caption reads as one: "*The caption*" under its image.
func emphasizeInline(n *html.Node) {
	var run []*html.Node
	flush := func() {
		defer func() { run = run[:0] }()
		text := ""
		for _, c := range run {
			text += nodeText(c)
		}
		if strings.TrimSpace(text) == "" {
			return
		}
		if len(run) == 1 && run[0].Type == html.ElementNode && (run[0].Data == "em" || run[0].Data == "i") {
			return
		}
		em := &html.Node{Type: html.ElementNode, Data: "em", DataAtom: atom.Em}
		n.InsertBefore(em, run[0])
		for _, c := range run {
			n.RemoveChild(c)
			em.AppendChild(c)
		}
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if isInline(c) && !(c.Type == html.ElementNode && c.Data == "br") {
			run = append(run, c)
			continue
		}
		flush()
		if c.Type == html.ElementNode {
			emphasizeInline(c)
		}
	}
	flush()
}
