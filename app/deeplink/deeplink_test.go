package deeplink

import (
	"errors"
	"strings"
	"testing"
)

func TestFormat(t *testing.T) {
	if got := Article(12); got != "lectern://article/12" {
		t.Errorf("Article(12) = %q", got)
	}
	if got := Highlight(34); got != "lectern://highlight/34" {
		t.Errorf("Highlight(34) = %q", got)
	}
}

func TestParse(t *testing.T) {
	good := map[string]struct {
		kind string
		id   int64
	}{
		"lectern://article/12":                  {KindArticle, 12},
		"lectern://highlight/34":                {KindHighlight, 34},
		"LECTERN://Highlight/34/":               {KindHighlight, 34},
		"lectern://article/9223372036854775807": {KindArticle, 9223372036854775807},
	}
	for s, want := range good {
		kind, id, err := Parse(s)
		if err != nil || kind != want.kind || id != want.id {
			t.Errorf("Parse(%q) = %q, %d, %v; want %q, %d", s, kind, id, err, want.kind, want.id)
		}
	}
	for _, s := range []string{
		"", "lectern:", "lectern://", "lectern://article", "lectern://article/", "lectern://article//12",
		"lectern://note/3", "lectern:article/12", "lectern:/article/12", "http://article/12",
		"lectern://article/0", "lectern://article/-1", "lectern://article/+1", "lectern://article/012",
		"lectern://article/1.0", "lectern://article/1e3", "lectern://article/12?x=1", "lectern://article/12#h",
		"lectern://article/12 ", " lectern://article/12", "lectern://article/12\n", "lectern://article:80/12",
		"lectern://user@article/12", "lectern://article/12/34", "lectern://article/9223372036854775808",
		"lectern://article/99999999999999999999", "lectern://article/１２", "lectern://article/12%00",
		"lectern://artic%6Ce/12", "lectern://article/12//", "lectern://" + strings.Repeat("a", 100) + "/1",
		"javascript:alert(1)//lectern://article/1", "lectern://highlight/1\u212a", "lectern://ᴀrticle/1",
	} {
		if kind, id, err := Parse(s); err == nil || !errors.Is(err, ErrInvalid) || kind != "" || id != 0 {
			t.Errorf("Parse(%q) = %q, %d, %v; want an error", s, kind, id, err)
		}
	}
}

func FuzzParse(f *testing.F) {
	for _, s := range []string{"lectern://article/12", "lectern://highlight/34/", "lectern://note/1",
		"LeCtErN://ARTICLE/1", "lectern://article/012", "lectern://article/1?x", "\xff"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		kind, id, err := Parse(s)
		if err != nil {
			if kind != "" || id != 0 || !errors.Is(err, ErrInvalid) {
				t.Fatalf("Parse(%q) = %q, %d, %v", s, kind, id, err)
			}
			return
		}
		if id <= 0 || (kind != KindArticle && kind != KindHighlight) {
			t.Fatalf("Parse(%q) = %q, %d", s, kind, id)
		}
		// What it accepts is a canonical link up to case and one trailing slash.
		canon := Format(kind, id)
		if strings.ToLower(strings.TrimSuffix(s, "/")) != canon {
			t.Fatalf("Parse(%q) accepted a link that is not %q", s, canon)
		}
		if k2, id2, err := Parse(canon); err != nil || k2 != kind || id2 != id {
			t.Fatalf("Parse(Format(%q, %d)) = %q, %d, %v", kind, id, k2, id2, err)
		}
	})
}
