// Package deeplink formats and parses Lectern's deep links, the addresses an exported note
// uses to point back at the exact place in the archive:
//
//	lectern://article/12     the article
//	lectern://highlight/34   the highlight's passage in its article
//
// Parse is what the window and the command line hand an address from outside (the desktop's
// URL handler, a link clicked in Obsidian), so it accepts these two forms and nothing else.
// The package uses nothing of Lectern's, so every other package may use it.
package deeplink

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// Scheme is the URL scheme the desktop file registers.
const Scheme = "lectern"

// Kinds of deep link.
const (
	KindArticle   = "article"
	KindHighlight = "highlight"
)

// maxLen bounds what Parse reads: the longest valid link is far shorter.
const maxLen = 64

// ErrInvalid is wrapped by every error Parse returns.
var ErrInvalid = errors.New("not a Lectern link")

// Article is the link to an article.
func Article(id int64) string { return Format(KindArticle, id) }

// Highlight is the link to a highlight.
func Highlight(id int64) string { return Format(KindHighlight, id) }

// Format is the link to the article or highlight id (kind KindArticle or KindHighlight).
func Format(kind string, id int64) string {
	return Scheme + "://" + kind + "/" + strconv.FormatInt(id, 10)
}

// Parse reads a link made by Article or Highlight. The scheme and the kind may be in any
// case, and one trailing slash is allowed (some launchers add one); anything else (another
// scheme or kind, a query, a fragment, a port, spaces, a sign, leading zeros, an id that is
// not a positive 63-bit number) is refused with an error wrapping ErrInvalid.
func Parse(s string) (kind string, id int64, err error) {
	fail := func(why string) (string, int64, error) {
		return "", 0, fmt.Errorf("%w: %s", ErrInvalid, why)
	}
	if len(s) > maxLen {
		return fail("too long")
	}
	scheme, rest, ok := strings.Cut(s, "://")
	if !ok || !equalFold(scheme, Scheme) {
		return fail(fmt.Sprintf("want %s://article/ID or %s://highlight/ID", Scheme, Scheme))
	}
	rest = strings.TrimSuffix(rest, "/")
	kind, digits, ok := strings.Cut(rest, "/")
	switch {
	case !ok:
		return fail("no id")
	case equalFold(kind, KindArticle):
		kind = KindArticle
	case equalFold(kind, KindHighlight):
		kind = KindHighlight
	default:
		return fail("unknown kind")
	}
	if digits == "" || len(digits) > 19 || digits[0] == '0' {
		return fail("bad id")
	}
	for i := 0; i < len(digits); i++ {
		if digits[i] < '0' || digits[i] > '9' {
			return fail("bad id")
		}
	}
	id, err = strconv.ParseInt(digits, 10, 64)
	if err != nil || id <= 0 {
		return fail("bad id")
	}
	return kind, id, nil
}

// equalFold compares ASCII letters regardless of case, and nothing else loosely (Unicode
// folding would take the Kelvin sign for a "k").
func equalFold(s, ascii string) bool {
	if len(s) != len(ascii) {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		if c != ascii[i] {
			return false
		}
	}
	return true
}
