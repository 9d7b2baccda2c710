package ingest

import (
	"bytes"
	"errors"
	"fmt"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"unicode/utf8"

	readability "codeberg.org/readeck/go-readability/v2"
	"codeberg.org/readeck/go-readability/v2/render"
	"github.com/JohannesKaufmann/html-to-markdown/v2/converter"
	"github.com/JohannesKaufmann/html-to-markdown/v2/plugin/base"
	"github.com/JohannesKaufmann/html-to-markdown/v2/plugin/commonmark"
	"github.com/JohannesKaufmann/html-to-markdown/v2/plugin/strikethrough"
	"github.com/JohannesKaufmann/html-to-markdown/v2/plugin/table"
	"golang.org/x/net/html"
	"golang.org/x/net/html/charset"
	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"

	"lectern/store"
)

var errNoReadableText = errors.New("no readable text was found in the page")

// markdownConverter is safe for concurrent use once built.
var markdownConverter = converter.NewConverter(converter.WithPlugins(
	base.NewBasePlugin(),
	commonmark.NewCommonmarkPlugin(),
	strikethrough.NewStrikethroughPlugin(),
	table.NewTablePlugin(),
))

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
