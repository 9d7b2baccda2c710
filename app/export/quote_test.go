package export

import "testing"

func TestQuote(t *testing.T) {
	for _, c := range []struct {
		h    Highlight
		want string
	}{
		{Highlight{Quote: "One.\n\n  Two\nthree  ", Color: "pink", BlockID: "lectern-h7", Link: "lectern://highlight/7"},
			"> One.\n>\n> Two\n> three [↗](lectern://highlight/7 \"pink\") ^lectern-h7"},
		// A colour that is not a plain name is left out of the title rather than escaped.
		{Highlight{Quote: "x", Color: `red" onclick="`, BlockID: "lectern-h1", Link: "lectern://highlight/1"},
			"> x [↗](lectern://highlight/1) ^lectern-h1"},
		{Highlight{Quote: "# not a heading", BlockID: "b"}, `> \# not a heading ^b`},
	} {
		if got := quote(c.h); got != c.want {
			t.Errorf("quote(%+v) =\n%s\nwant\n%s", c.h, got, c.want)
		}
	}
	if got, want := blockquote("a\n\nb", "lectern-h2"), "> a\n>\n> b ^lectern-h2"; got != want {
		t.Errorf("blockquote = %q, want %q", got, want)
	}
}
