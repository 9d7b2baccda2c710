package archivegen

import (
	"math/rand/v2"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Corpus is a word-level Markov chain: each word knows the words that followed it in the
// training text, as often as they did, so sampling reproduces English word frequencies.
type Corpus struct {
	next   map[string][]string
	starts []string // words that began sentences
}

// NewCorpus trains a chain on the texts and titles of the fixtures.
func NewCorpus(fixtures []Fixture) *Corpus {
	c := &Corpus{next: map[string][]string{}}
	for _, f := range fixtures {
		for _, text := range []string{f.Title + ".", f.Text} {
			prev := ""
			for word := range strings.FieldsSeq(text) {
				if prev == "" || endsSentence(prev) {
					if r, _ := utf8.DecodeRuneInString(word); unicode.IsUpper(r) {
						c.starts = append(c.starts, word)
					}
				} else {
					c.next[prev] = append(c.next[prev], word)
				}
				prev = word
			}
		}
	}
	return c
}

func endsSentence(word string) bool {
	return strings.HasSuffix(word, ".") || strings.HasSuffix(word, "?") || strings.HasSuffix(word, "!")
}

// sentence walks the chain from a sentence start to a full stop, within maxWords.
func (c *Corpus) sentence(r *rand.Rand, maxWords int) []string {
	word := c.starts[r.IntN(len(c.starts))]
	out := []string{word}
	for len(out) < maxWords && !endsSentence(word) {
		followers := c.next[word]
		if len(followers) == 0 {
			break
		}
		word = followers[r.IntN(len(followers))]
		out = append(out, word)
	}
	return out
}

// Text is prose of about n words in paragraphs of a few sentences.
func (c *Corpus) Text(r *rand.Rand, n int) string {
	var b strings.Builder
	words, inParagraph := 0, 0
	paragraphLen := 3 + r.IntN(5)
	for words < n {
		s := c.sentence(r, min(40, n-words+3))
		if inParagraph == paragraphLen {
			b.WriteString("\n\n")
			inParagraph, paragraphLen = 0, 3+r.IntN(5)
		} else if b.Len() > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(strings.Join(s, " "))
		if !endsSentence(s[len(s)-1]) {
			b.WriteByte('.')
		}
		words += len(s)
		inParagraph++
	}
	return b.String()
}

// Title is a headline-like run of 3 to 10 words, without the final stop.
func (c *Corpus) Title(r *rand.Rand) string {
	for {
		s := c.sentence(r, 3+r.IntN(8))
		title := strings.TrimRight(strings.Join(s, " "), ".?!,;:")
		if len(s) >= 3 && utf8.RuneCountInString(title) <= 120 {
			return title
		}
	}
}

// Sentence is one sentence of at most maxWords words.
func (c *Corpus) Sentence(r *rand.Rand, maxWords int) string {
	return strings.Join(c.sentence(r, maxWords), " ")
}
