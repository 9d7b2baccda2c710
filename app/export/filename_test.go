package export

import (
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestFileName(t *testing.T) {
	long := strings.Repeat("word ", 40)
	for _, c := range []struct{ title, want string }{
		{"The Caravan: what we know", "The Caravan - what we know.md"},
		{"Émigré — 移民 🎉", "Émigré — 移民 🎉.md"},
		{"E\u0301migre\u0301", "Émigré.md"}, // decomposed accents are stored composed
		{"שלום עולם", "שלום עולם.md"},
		{`a/b\c`, "a-b-c.md"},
		{`Why? "Because" <b>*</b>`, "Why 'Because' b -b.md"},
		{"C# [draft] ^1", "C draft 1.md"},
		{"multi\nline\ttitle", "multi line title.md"},
		{"../../etc/passwd", "-..-etc-passwd.md"},
		{"/absolute/path", "-absolute-path.md"},
		{"C:\\Windows\\system32", "C - -Windows-system32.md"},
		{"..", "Untitled.md"},
		{".", "Untitled.md"},
		{"", "Untitled.md"},
		{"   ", "Untitled.md"},
		{"///", "Untitled.md"},
		{".hidden", "hidden.md"},
		{"trailing dots...", "trailing dots.md"},
		{"trailing space. . ", "trailing space.md"},
		{"CON", "_CON.md"},
		{"nul.txt", "_nul.txt.md"},
		{"com1", "_com1.md"},
		{"Lpt9 . notes", "_Lpt9 . notes.md"},
		{"Console", "Console.md"},
		{"\u202Egnp.exe", "gnp.exe.md"},
		{"a\x00b\x1fc", "a b c.md"},
		{"bad \xff byte", "bad \uFFFD byte.md"},
		{long, strings.Repeat("word ", 16) + "word.md"}, // cut between words, room left for " (lectern)"
	} {
		if got := FileName(c.title); got != c.want {
			t.Errorf("FileName(%q) = %q, want %q", c.title, got, c.want)
		}
	}
}

func TestFileNameKeepsWholeGraphemes(t *testing.T) {
	family := "👩‍👩‍👧‍👦" // seven runes, one grapheme
	got := FileName(strings.Repeat(family, 30))
	stem := strings.TrimSuffix(got, ext)
	if strings.ReplaceAll(stem, family, "") != "" || utf8.RuneCountInString(got) > maxNameRunes {
		t.Errorf("FileName cut an emoji: %q", got)
	}
	if want := strings.Repeat(family, 9); stem != want { // 9×25 bytes fit in 255-13, 10 would not
		t.Errorf("stem = %d bytes, want %d", len(stem), len(want))
	}
}

func TestConflictAndCollisionNamesRespectLimits(t *testing.T) {
	stem := cleanStem(strings.Repeat("ü", 200))
	for _, suffix := range []string{"", " (2)", " (10000)"} {
		name := nameWithSuffix(stem, suffix)
		if !strings.HasSuffix(name, suffix+ext) || !safeName(name) || !safeName(conflictName(name)) {
			t.Errorf("nameWithSuffix(…, %q) = %q (%d runes, %d bytes)", suffix, name,
				utf8.RuneCountInString(name), len(name))
		}
	}
}

func FuzzFileName(f *testing.F) {
	for _, s := range append(trickyTexts, "..", "CON", "nul.txt", "a/../b", strings.Repeat("é", 300), "\u0301\u0301") {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, title string) {
		name := FileName(title)
		if name == "" || name == ext {
			t.Fatalf("FileName(%q) is empty", title)
		}
		if !utf8.ValidString(name) {
			t.Fatalf("FileName(%q) = %q is not UTF-8", title, name)
		}
		if n := utf8.RuneCountInString(name); n > maxNameRunes || len(name) > maxNameBytes {
			t.Fatalf("FileName(%q) = %q: %d runes, %d bytes", title, name, n, len(name))
		}
		if filepath.Base(name) != name || !filepath.IsLocal(name) || strings.ContainsAny(name, `/\`) {
			t.Fatalf("FileName(%q) = %q leaves the folder", title, name)
		}
		if !safeName(name) || !safeName(conflictName(name)) {
			t.Fatalf("FileName(%q) = %q is not a name Lectern would read back", title, name)
		}
		stem := strings.TrimSuffix(name, ext)
		if strings.HasSuffix(stem, ".") || strings.HasSuffix(stem, " ") || strings.HasPrefix(stem, " ") {
			t.Fatalf("FileName(%q) = %q has a leading space or a trailing dot or space", title, name)
		}
		if FileName(stem) != name {
			t.Fatalf("FileName is not stable: %q, then %q", name, FileName(stem))
		}
	})
}
