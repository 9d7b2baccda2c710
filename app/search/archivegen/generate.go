package archivegen

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"time"

	"lectern/store"
)

// Sizes says how much to generate.
type Sizes struct {
	Articles   int // of about 1,000 words
	Notes      int // of 1 to 200 words, a third of them standalone
	Highlights int // one or two sentences of an article, some with a comment
}

var (
	firstNames = strings.Fields(`Maria James Aiko Olu Chen Fatima Lars Sofia Diego Amara Noah Ingrid
		Ravi Zoe Kwame Elena Tomás Hana Omar Claire Mateo Leila Sven Nadia Arjun Grace Pablo Yuki Ada Felix`)
	lastNames = strings.Fields(`Verza Okafor Tanaka Lindqvist Haddad Moreau Santos Novak Brennan Kowalski
		Nakamura Osei Fischer Duarte Petrov Ibarra Müller Sørensen Kaplan Achebe Rossi Wright Jansen Ortega`)
	sites = strings.Fields(`apnews.com nytimes.com theguardian.com lemonde.fr quantamagazine.org
		arstechnica.com economist.com newyorker.com atlasobscura.com seattletimes.com wired.com
		aeon.co lwn.net nature.com bbc.co.uk spiegel.de elpais.com theatlantic.com vox.com medium.com`)
	tags = strings.Fields(`politics science history climate migration economy technology health
		programming databases design music books philosophy travel food sport education privacy
		security mathematics physics biology law energy cities culture film art languages`)
)

// Fill adds a generated archive to db. When textDir is not empty it also writes the archive
// there as plain text files, one per article, note and highlight (what grep-like tools see).
// The same seed makes the same archive.
func Fill(ctx context.Context, db *store.DB, c *Corpus, sizes Sizes, seed uint64, textDir string) error {
	r := rand.New(rand.NewPCG(seed, seed^0x5eed))
	files := textFiles{dir: textDir}
	now := time.Now()
	var articleIDs []int64
	bodies := map[int64]string{}
	err := inBatches(ctx, db, sizes.Articles, func(b *store.Batch, i int) error {
		a := &store.Article{
			Title:    c.Title(r),
			Byline:   firstNames[r.IntN(len(firstNames))] + " " + lastNames[r.IntN(len(lastNames))],
			Site:     sites[r.IntN(len(sites))],
			Body:     c.Text(r, 700+r.IntN(600)),
			Imported: now.Add(-time.Duration(r.Int64N(int64(3 * 365 * 24 * time.Hour)))),
			Status:   []store.Status{store.Unread, store.Unread, store.Reading, store.Done, store.Archived}[r.IntN(5)],
		}
		for range r.IntN(4) {
			a.Tags = append(a.Tags, tags[r.IntN(len(tags))])
		}
		id, err := b.AddArticle(a)
		if err != nil {
			return fmt.Errorf("article %d: %w", i, err)
		}
		for range opens(r) {
			if err := b.MarkOpened(id); err != nil {
				return err
			}
		}
		articleIDs = append(articleIDs, id)
		bodies[id] = a.Body
		files.write("articles", id, a.Title, a.Byline, a.Site, strings.Join(a.Tags, " "), a.Body)
		return nil
	})
	if err != nil {
		return err
	}
	err = inBatches(ctx, db, sizes.Notes, func(b *store.Batch, _ int) error {
		var articleID int64
		text := c.Text(r, 1+r.IntN(200))
		if len(articleIDs) > 0 && r.IntN(3) > 0 {
			articleID = articleIDs[r.IntN(len(articleIDs))]
		} else {
			text = "# " + c.Title(r) + "\n\n" + text
		}
		n, err := b.AddNote(articleID, text)
		if err != nil {
			return err
		}
		files.write("notes", n.ID, text)
		return nil
	})
	if err != nil {
		return err
	}
	if len(articleIDs) == 0 {
		return files.err
	}
	err = inBatches(ctx, db, sizes.Highlights, func(b *store.Batch, _ int) error {
		id := articleIDs[r.IntN(len(articleIDs))]
		h := store.Highlight{ArticleID: id, Quote: quoteFrom(r, bodies[id]), Start: -1, End: -1}
		if r.IntN(3) == 0 {
			h.Comment = c.Sentence(r, 25)
		}
		h, err := b.AddHighlight(h)
		if err != nil {
			return err
		}
		files.write("highlights", h.ID, h.Quote, h.Comment)
		return nil
	})
	if err != nil {
		return err
	}
	return files.err
}

// batchSize is how many items Fill adds per transaction.
const batchSize = 1000

// inBatches calls add for 0 to n-1, batchSize calls per transaction.
func inBatches(ctx context.Context, db *store.DB, n int, add func(b *store.Batch, i int) error) error {
	for from := 0; from < n; from += batchSize {
		err := db.Bulk(ctx, func(b *store.Batch) error {
			for i := from; i < min(n, from+batchSize); i++ {
				if err := add(b, i); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			return err
		}
	}
	return nil
}

// opens is how often the user opened an article: most never, a few often.
func opens(r *rand.Rand) int {
	if r.IntN(3) > 0 {
		return 0
	}
	return 1 + r.IntN(8)
}

// quoteFrom picks one or two consecutive sentences of body.
func quoteFrom(r *rand.Rand, body string) string {
	sentences := strings.SplitAfter(strings.ReplaceAll(body, "\n\n", " "), ". ")
	i := r.IntN(len(sentences))
	quote := sentences[i]
	if r.IntN(2) == 0 && i+1 < len(sentences) {
		quote += sentences[i+1]
	}
	return strings.TrimSpace(quote)
}

// textFiles writes items as text files under dir/KIND/ID.txt; it remembers the first error.
type textFiles struct {
	dir string
	err error
}

func (t *textFiles) write(kind string, id int64, lines ...string) {
	if t.dir == "" || t.err != nil {
		return
	}
	folder := filepath.Join(t.dir, kind)
	if t.err = os.MkdirAll(folder, 0o755); t.err != nil {
		return
	}
	t.err = os.WriteFile(filepath.Join(folder, fmt.Sprintf("%d.txt", id)), []byte(strings.Join(lines, "\n")+"\n"), 0o644)
}
