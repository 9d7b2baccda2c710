package ingest

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"net/url"
	"path"
	"slices"
	"strings"

	"codeberg.org/readeck/go-readability/v2/render"
	"golang.org/x/net/html"

	"lectern/store"
)

// maxEPUBText bounds how much a book may unpack to, against zip bombs.
const maxEPUBText = 4 * DefaultMaxBytes

var errNotEPUB = errors.New("it is not an EPUB book (no META-INF/container.xml naming its package)")

// opfPackage is the part of an EPUB's package document (the .opf file) Lectern reads. Tags
// without a namespace match the Dublin Core (dc:) elements too.
type opfPackage struct {
	Metadata struct {
		Titles       []string `xml:"title"`
		Creators     []string `xml:"creator"`
		Languages    []string `xml:"language"`
		Dates        []string `xml:"date"`
		Descriptions []string `xml:"description"`
		Subjects     []string `xml:"subject"`
		Publishers   []string `xml:"publisher"`
	} `xml:"metadata"`
	Manifest []struct {
		ID        string `xml:"id,attr"`
		Href      string `xml:"href,attr"`
		MediaType string `xml:"media-type,attr"`
	} `xml:"manifest>item"`
	Spine []struct {
		IDRef  string `xml:"idref,attr"`
		Linear string `xml:"linear,attr"`
	} `xml:"spine>itemref"`
}

// parseEPUB reads a book as one article: its chapters in spine (reading) order, with title,
// authors, language, date and subjects from the package metadata. Images stay in the
// Markdown, their addresses made paths inside the book (resolved against their chapter), for
// the import to read them from the book and store them.
func parseEPUB(data []byte) (*store.Article, error) {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, fmt.Errorf("open the EPUB: %w", err)
	}
	book := epubReader{zip: zr, budget: maxEPUBText}
	var container struct {
		Rootfiles []struct {
			FullPath string `xml:"full-path,attr"`
		} `xml:"rootfiles>rootfile"`
	}
	raw, err := book.read("META-INF/container.xml")
	if err != nil {
		return nil, errNotEPUB
	}
	if err := xml.Unmarshal(raw, &container); err != nil || len(container.Rootfiles) == 0 {
		return nil, errNotEPUB
	}
	opfPath := container.Rootfiles[0].FullPath
	raw, err = book.read(opfPath)
	if err != nil {
		return nil, fmt.Errorf("read the EPUB's package %s: %w", opfPath, err)
	}
	var pkg opfPackage
	if err := xml.Unmarshal(raw, &pkg); err != nil {
		return nil, fmt.Errorf("read the EPUB's package %s: %w", opfPath, err)
	}

	hrefs := map[string]string{}
	for _, item := range pkg.Manifest {
		hrefs[item.ID] = item.Href
	}
	var bodies, markdowns []string
	for _, ref := range pkg.Spine {
		href, ok := hrefs[ref.IDRef]
		if !ok || ref.Linear == "no" {
			continue
		}
		if unescaped, err := url.PathUnescape(href); err == nil {
			href = unescaped
		}
		name := path.Join(path.Dir(opfPath), strings.SplitN(href, "#", 2)[0])
		chapter, err := book.read(name)
		if err != nil {
			return nil, fmt.Errorf("read chapter %s: %w", name, err)
		}
		body, md, err := epubChapter(chapter, name)
		if err != nil {
			return nil, fmt.Errorf("read chapter %s: %w", name, err)
		}
		if body != "" {
			bodies, markdowns = append(bodies, body), append(markdowns, md)
		}
	}
	body := strings.Join(bodies, "\n\n")
	if body == "" {
		return nil, errors.New("the book has no text")
	}
	meta := pkg.Metadata
	a := &store.Article{
		Title:     first(meta.Titles),
		Byline:    strings.Join(meta.Creators, ", "),
		Site:      first(meta.Publishers),
		Lang:      first(meta.Languages),
		Excerpt:   stripTags(first(meta.Descriptions)),
		Published: parseDate(first(meta.Dates)),
		Body:      body,
		Markdown:  strings.Join(markdowns, "\n\n"),
		Tags:      meta.Subjects,
	}
	if a.Excerpt == "" {
		a.Excerpt = excerptOf(body)
	}
	return a, nil
}

// epubReader reads a book's files within a budget of unpacked bytes.
type epubReader struct {
	zip    *zip.Reader
	budget int64
}

func (b *epubReader) read(name string) ([]byte, error) {
	f, err := b.zip.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, b.budget+1))
	if err != nil {
		return nil, err
	}
	b.budget -= int64(len(data))
	if b.budget < 0 {
		return nil, fmt.Errorf("the book unpacks to more than %s", humanBytes(maxEPUBText))
	}
	return data, nil
}

// epubChapter turns one XHTML chapter (the book's file name) into plain text and Markdown.
// Chapters are whole, so they are not run through readability (which would drop short ones).
func epubChapter(data []byte, name string) (body, md string, err error) {
	text, err := decodeHTML(data, "")
	if err != nil {
		return "", "", err
	}
	doc, err := html.Parse(strings.NewReader(text))
	if err != nil {
		return "", "", err
	}
	removeUnsafeMarkup(doc)
	bookImages(doc, name)
	removeElements(doc, "image", "svg", "head", "title")
	out, err := markdownConverter.ConvertNode(doc)
	if err != nil {
		return "", "", err
	}
	return normalizeBody(render.InnerText(doc)), strings.TrimSpace(string(out)), nil
}

// bookImages prepares a chapter's images for the Markdown: an <svg> that only wraps an
// <image> (as covers often do) becomes an <img>, and each <img>'s relative address becomes
// the path of its file inside the book, so that the images of every chapter can be found
// from the one Markdown text. An <img> without an address is removed.
func bookImages(n *html.Node, chapter string) {
	for c := n.FirstChild; c != nil; {
		next := c.NextSibling
		if c.Type == html.ElementNode && c.Data == "svg" {
			if href := svgImageHref(c); href != "" {
				img := &html.Node{Type: html.ElementNode, Data: "img", Attr: []html.Attribute{{Key: "src", Val: href}}}
				n.InsertBefore(img, c)
				n.RemoveChild(c)
				c = img
			}
		}
		if c.Type == html.ElementNode && c.Data == "img" {
			src := strings.TrimSpace(attribute(c, "src"))
			if src == "" {
				n.RemoveChild(c)
				c = next
				continue
			}
			setAttribute(c, "src", bookPath(chapter, src))
		} else {
			bookImages(c, chapter)
		}
		c = next
	}
}

// svgImageHref is the address of the <image> an <svg> holds, or "".
func svgImageHref(svg *html.Node) string {
	var href string
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		for c := n.FirstChild; c != nil && href == ""; c = c.NextSibling {
			if c.Type == html.ElementNode && c.Data == "image" {
				for _, a := range c.Attr {
					if a.Key == "href" || a.Key == "xlink:href" || a.Key == "src" {
						href = strings.TrimSpace(a.Val)
					}
				}
			}
			walk(c)
		}
	}
	walk(svg)
	return href
}

// bookPath resolves a relative image address of a chapter to its path inside the book
// (percent-escaped, as an address). An address with a scheme or a host is kept as written.
func bookPath(chapter, src string) string {
	u, err := url.Parse(src)
	if err != nil || u.Scheme != "" || u.Host != "" || u.Path == "" {
		return src
	}
	p := u.Path
	if !strings.HasPrefix(p, "/") {
		p = path.Join(path.Dir(chapter), p)
	}
	p = strings.TrimPrefix(path.Clean(p), "/")
	return (&url.URL{Path: p}).EscapedPath()
}

func setAttribute(n *html.Node, key, val string) {
	for i := range n.Attr {
		if strings.EqualFold(n.Attr[i].Key, key) {
			n.Attr[i].Val = val
			return
		}
	}
	n.Attr = append(n.Attr, html.Attribute{Key: key, Val: val})
}

// removeElements removes every element with one of the names.
func removeElements(n *html.Node, names ...string) {
	for c := n.FirstChild; c != nil; {
		next := c.NextSibling
		if c.Type == html.ElementNode && slices.Contains(names, c.Data) {
			n.RemoveChild(c)
		} else {
			removeElements(c, names...)
		}
		c = next
	}
}

func first(list []string) string {
	for _, s := range list {
		if s = strings.TrimSpace(s); s != "" {
			return s
		}
	}
	return ""
}

// stripTags turns the HTML some books put in their description into text.
func stripTags(s string) string {
	if !strings.Contains(s, "<") {
		return s
	}
	doc, err := html.Parse(strings.NewReader(s))
	if err != nil {
		return s
	}
	return render.InnerText(doc)
}
