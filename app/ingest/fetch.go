package ingest

import (
	"context"
	"errors"
	"fmt"
	"io"
	"mime"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"

	"golang.org/x/net/html/charset"

	"lectern/store"
)

// FetchTimeout bounds one page fetch, redirects included.
const FetchTimeout = 20 * time.Second

// defaultHTTPClient refuses to be led to private addresses (netguard.go).
var defaultHTTPClient = newGuardedClient()

// Fetch downloads one http(s) page and parses it. Redirects are followed; the page's
// canonical URL (else the final URL) becomes Source, and rawURL normalised is SourceKey. It
// is also the way to retry an article stored with a FetchError.
func Fetch(ctx context.Context, rawURL string, opt Options) (*store.Article, error) {
	opt = opt.withDefaults()
	a, err := fetch(ctx, rawURL, opt)
	if err != nil {
		return nil, fmt.Errorf("fetch %s: %w", rawURL, err)
	}
	return a, nil
}

func fetch(ctx context.Context, rawURL string, opt Options) (*store.Article, error) {
	u, err := url.Parse(strings.TrimSpace(rawURL))
	if err != nil || !isWebURL(u.String()) || u.Host == "" {
		return nil, errors.New("it is not an http(s) URL")
	}
	ctx, cancel := context.WithTimeout(allowHost(ctx, u.Hostname()), FetchTimeout)
	defer cancel()
	resp, err := httpGet(ctx, opt.HTTPClient, u.String(),
		"text/html,application/xhtml+xml;q=0.9,text/plain;q=0.8,text/markdown;q=0.8,*/*;q=0.1")
	if err != nil {
		return nil, describeFetchError(ctx, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return nil, fmt.Errorf("the server answered %s", resp.Status)
	}
	if resp.ContentLength > opt.MaxBytes {
		return nil, tooLarge(resp.ContentLength, opt.MaxBytes)
	}
	data, err := io.ReadAll(io.LimitReader(resp.Body, opt.MaxBytes+1))
	if err != nil {
		return nil, describeFetchError(ctx, err)
	}
	if int64(len(data)) > opt.MaxBytes {
		return nil, tooLarge(int64(len(data)), opt.MaxBytes)
	}

	final := resp.Request.URL.String()
	contentType := resp.Header.Get("Content-Type")
	f, err := formatOfResponse(contentType, data)
	if err != nil {
		return nil, err
	}
	if f == formatText || f == formatMarkdown {
		if data, err = toUTF8(data, contentType); err != nil {
			return nil, err
		}
	}
	a, err := parseAs(f, final, data, contentType)
	if err != nil {
		return nil, err
	}
	if a.Source == "" {
		a.Source = final
	}
	// The key is the URL asked for, not the canonical one, so that importing the same list
	// again finds what is already stored without fetching it (and a placeholder stored for an
	// unreachable URL has the same key as the article fetched later).
	a.SourceKey = NormalizeURL(u.String())
	return a, nil
}

// httpGet sends a GET for u with client (pages and their images go through the same client,
// with its timeout and redirect policy), saying what it accepts.
func httpGet(ctx context.Context, client *http.Client, u, accept string) (*http.Response, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return nil, err
	}
	req.Header.Set("User-Agent", "Mozilla/5.0 (compatible; Lectern reader)")
	req.Header.Set("Accept", accept)
	return client.Do(req)
}

// formatOfResponse picks the parser from the Content-Type, sniffing when there is none.
func formatOfResponse(contentType string, data []byte) (format, error) {
	if contentType == "" {
		contentType = http.DetectContentType(data)
	}
	mediaType, _, err := mime.ParseMediaType(contentType)
	if err != nil {
		mediaType = strings.ToLower(strings.TrimSpace(strings.Split(contentType, ";")[0]))
	}
	switch mediaType {
	case "text/html", "application/xhtml+xml":
		return formatHTML, nil
	case "text/markdown", "text/x-markdown":
		return formatMarkdown, nil
	case "application/epub+zip":
		return formatEPUB, nil
	case "text/plain":
		if looksLikeHTML(data) {
			return formatHTML, nil
		}
		return formatText, nil
	}
	return formatUnknown, fmt.Errorf("it is not a web page or text (the server says it is %s)", mediaType)
}

// toUTF8 decodes a text response in the charset its Content-Type names, if any.
func toUTF8(data []byte, contentType string) ([]byte, error) {
	_, params, err := mime.ParseMediaType(contentType)
	if err != nil || params["charset"] == "" {
		return data, nil
	}
	enc, name := charset.Lookup(params["charset"])
	if enc == nil || name == "utf-8" {
		return data, nil
	}
	decoded, err := enc.NewDecoder().Bytes(data)
	if err != nil {
		return nil, fmt.Errorf("decode the text as %s: %w", name, err)
	}
	return decoded, nil
}

// describeFetchError says in words why a request failed.
func describeFetchError(ctx context.Context, err error) error {
	var netErr net.Error
	var dnsErr *net.DNSError
	switch {
	case privateAddress(err) != nil:
		return fmt.Errorf("it led elsewhere: %w", privateAddress(err))
	case errors.Is(ctx.Err(), context.Canceled):
		return fmt.Errorf("cancelled: %w", ctx.Err())
	case errors.Is(err, context.DeadlineExceeded) || errors.As(err, &netErr) && netErr.Timeout():
		return fmt.Errorf("the site did not answer in time: %w", err)
	case errors.As(err, &dnsErr):
		return fmt.Errorf("the site's name could not be found: %w", err)
	}
	return fmt.Errorf("the site could not be reached: %w", err)
}
