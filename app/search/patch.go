package search

import (
	"cmp"
	"maps"
	"slices"
	"time"

	"lectern/store"
)

// After Invalidate, most writes leave the text the index holds as it was: an article's status,
// progress or opening, a long note edited past its first characters, a highlight's colour. A
// search then reads the rows again (through the covering indexes, a tenth of a second on a
// large archive) and, when no text changed, patches the index's dates and counts instead of
// rebuilding it. The next most common write, a note or a comment being typed, changes the
// text of a few docs: the patch then also replaces those docs and their words. Anything else
// (an item added or removed, an article's title or tags) is a one-shot search from the rows
// read, and the whole index loads in the background.

// maxPatchedDocs bounds the docs whose text a patch replaces; beyond, a rebuild costs less.
const maxPatchedDocs = 64

// patched returns a copy of idx with the dates, open counts and texts of rows, or nil when
// rows differ from the rows idx was built from in anything else (an item added or removed, an
// article's fields, more than maxPatchedDocs texts). The copy shares the fields, and the
// vocabulary but for the words of the changed docs; the long-text lookups and the statuses
// are asked again.
func (idx *index) patched(r *archiveRows) *index {
	if idx == nil || idx.rows == nil {
		return nil
	}
	changed, ok := changedTexts(idx.rows, r)
	if !ok {
		return nil
	}
	p := &index{
		docs: slices.Clone(idx.docs), facts: slices.Clone(idx.facts), articles: idx.articles, notes: idx.notes, ids: idx.ids,
		longNotes: idx.longNotes, vocabulary: idx.vocabulary, textVersion: r.textVersion, short: idx.short,
		rows: r,
	}
	i := 0
	for _, a := range r.articles {
		d := &p.docs[i]
		d.when, d.opens = a.Imported, a.OpenCount
		if a.Opened.After(d.when) {
			d.when = a.Opened
		}
		i++
	}
	for _, n := range r.notes {
		p.docs[i].when = n.Updated
		i++
	}
	for _, h := range r.highlights {
		p.docs[i].when = h.Updated
		i++
	}
	if len(changed) > 0 {
		p.replaceTexts(r, changed)
	}
	now := time.Now()
	for i := range p.docs {
		p.facts[i].prior = prior(now, p.docs[i].when, p.docs[i].opens)
	}
	return p
}

// replaceTexts rebuilds the docs at the positions changed (notes and highlights) from r, and
// moves their words in the vocabulary, copying what it changes of what idx shares.
func (idx *index) replaceTexts(r *archiveRows, changed []int32) {
	v := &idx.vocabulary
	v.words, v.masks, v.postings = slices.Clip(v.words), slices.Clip(v.masks), slices.Clone(v.postings)
	idsCopied := false
	touched := map[int32]bool{} // words whose postings are already a copy
	idx.short = slices.Clip(idx.short)
	notes := len(r.articles)
	for _, di := range changed {
		old := idx.docs[di]
		var d doc
		long := false
		if int(di) < notes+len(r.notes) {
			n := r.notes[int(di)-notes]
			d, long = idx.noteDoc(n, false), n.Long
			if long != idx.facts[di].longText {
				idx.longNotes += map[bool]int{true: 1, false: -1}[long]
			}
		} else {
			d = idx.highlightDoc(r.highlights[int(di)-notes-len(r.notes)])
		}
		d.when, d.opens = old.when, old.opens
		// The doc's old words lose it, its new words gain it, in doc order.
		for _, f := range old.fields {
			eachWord(f.folded, func(w string, _ int) {
				id := v.ids[w]
				if !touched[id] {
					v.postings[id], touched[id] = slices.Clone(v.postings[id]), true
				}
				v.postings[id] = slices.DeleteFunc(v.postings[id], func(p posting) bool { return p.doc() == di })
			})
		}
		for fi := range d.fields[:min(len(d.fields), maxPostingField+1)] {
			f := &d.fields[fi]
			p := newPosting(di, fi, f)
			eachWord(f.folded, func(w string, _ int) {
				id, ok := v.ids[w]
				if !ok {
					if !idsCopied {
						v.ids, idsCopied = maps.Clone(v.ids), true
					}
					id = int32(len(v.words))
					v.ids[w] = id
					v.words, v.masks, v.postings = append(v.words, w), append(v.masks, maskOf(w)), append(v.postings, nil)
				}
				if !touched[id] {
					v.postings[id], touched[id] = slices.Clone(v.postings[id]), true
				}
				at, found := slices.BinarySearchFunc(v.postings[id], p, func(a, b posting) int { return cmp.Compare(a, b) })
				if !found {
					v.postings[id] = slices.Insert(v.postings[id], at, p)
				}
			})
		}
		idx.addShortFields(&d)
		idx.docs[di] = d
		idx.facts[di] = idx.factsOf(&d, time.Now(), long)
	}
}

// changedTexts compares two reads: ok when they hold the same items, with the same articles,
// and the positions in docs of the notes and highlights whose text differs (at most
// maxPatchedDocs).
func changedTexts(a, b *archiveRows) (changed []int32, ok bool) {
	if a == nil || b == nil || len(a.articles) != len(b.articles) || len(a.notes) != len(b.notes) ||
		len(a.highlights) != len(b.highlights) {
		return nil, false
	}
	for i := range a.articles {
		x, y := &a.articles[i], &b.articles[i]
		if x.ID != y.ID || x.Title != y.Title || x.Byline != y.Byline || x.Site != y.Site || !slices.Equal(x.Tags, y.Tags) {
			return nil, false
		}
	}
	changed, ok = changedRows(a.notes, b.notes, len(a.articles), nil, func(x, y *store.SearchNote) (bool, bool) {
		return x.ID == y.ID && x.ArticleID == y.ArticleID, x.Head == y.Head && x.Long == y.Long
	})
	if !ok {
		return nil, false
	}
	changed, ok = changedRows(a.highlights, b.highlights, len(a.articles)+len(a.notes), changed, func(x, y *store.SearchHighlight) (bool, bool) {
		return x.ID == y.ID && x.ArticleID == y.ArticleID, x.Quote == y.Quote && x.Comment == y.Comment
	})
	return changed, ok && len(changed) <= maxPatchedDocs
}

// changedRows appends to changed the positions (rows a and b at i are at doc at+i) of the rows
// whose text differs; ok is false when two rows are not the same item (same reports whether
// they are, and whether their texts are the same).
func changedRows[T any](a, b []T, at int, changed []int32, same func(x, y *T) (item, text bool)) ([]int32, bool) {
	for i := range a {
		item, text := same(&a[i], &b[i])
		if !item {
			return nil, false
		}
		if !text {
			changed = append(changed, int32(at+i))
		}
	}
	return changed, true
}
