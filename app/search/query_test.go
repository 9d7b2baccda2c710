package search

import (
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"

	"lectern/store"
)

func TestParseQuery(t *testing.T) {
	tests := []struct {
		in   string
		want Query
	}{
		{"Crvn  GTML", Query{Words: []string{"crvn", "gtml"}}},
		{"café (Montmartre),", Query{Words: []string{"cafe", "montmartre"}}},
		{`"Seeks  Asylum" border`, Query{Words: []string{"border"}, Phrases: []string{"seeks asylum"}}},
		{`"unterminated phrase`, Query{Phrases: []string{"unterminated phrase"}}},
		{"tag:News tag:\"Machine Learning\" x", Query{Words: []string{"x"}, Tags: []string{"news", "machine learning"}}},
		{"in:notes IN:Highlights is:unread site:NYTimes", Query{Kinds: []Kind{KindNote, KindHighlight},
			Statuses: []store.Status{store.Unread}, Sites: []string{"nytimes"}}},
		{"foo:bar in:nowhere is:lost", Query{Words: []string{"foo", "bar", "in", "nowhere", "is", "lost"}}},
		{"node.js don’t", Query{Words: []string{"node", "js", "don", "t"}}},
		{"tag: - * NEAR(", Query{Words: []string{"near"}}},
		{"", Query{}},
	}
	for _, tt := range tests {
		if got := ParseQuery(tt.in); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("ParseQuery(%q) = %+v, want %+v", tt.in, got, tt.want)
		}
	}
}

func TestParseQueryBoundsHugeInput(t *testing.T) {
	q := ParseQuery(strings.Repeat("word ", 5000) + strings.Repeat("x", 5000))
	if len(q.Words) != maxTerms {
		t.Errorf("%d words, want %d", len(q.Words), maxTerms)
	}
}

func FuzzParseQuery(f *testing.F) {
	for _, seed := range []string{"crvn gtml", `"exact phrase" tag:x`, `tag:"a b`, "in:notes is:done site:x", "\xff\x00:", `NEAR(" -*`} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, s string) {
		q := ParseQuery(s)
		if q.terms() > maxTerms {
			t.Errorf("%d terms", q.terms())
		}
		for _, term := range slicesOf(q.Words, q.Phrases, q.Tags, q.Sites) {
			if term == "" || !utf8.ValidString(term) || utf8.RuneCountInString(term) > maxTermRunes {
				t.Errorf("bad term %q from %q", term, s)
			}
			if fold(term) != term {
				t.Errorf("term %q not folded", term)
			}
		}
	})
}

func slicesOf(lists ...[]string) []string {
	var out []string
	for _, l := range lists {
		out = append(out, l...)
	}
	return out
}
