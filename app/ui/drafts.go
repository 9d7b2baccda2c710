package ui

import (
	"context"
	"strings"
	"sync"
)

// drafts are the notes begun in this window. A new note has no id until the store gives it
// one, which may take seconds (another program holding the database's write lock) or fail (a
// full disk): meanwhile the user keeps typing. So each new note gets a key of its own
// (negative), the autosaver keeps its text under that key like any edit, and the first write
// of a key adds the note, the later ones update it. Its text is retried after a failure and is
// part of the last save, exactly as an edit's is, and added once.
type drafts struct {
	mu      sync.Mutex
	last    int64           // the last key handed out
	article map[int64]int64 // key → the article it belongs to (0: a standalone note)
	stored  map[int64]int64 // key → note id, once stored
	dropped map[int64]bool  // deleted before or while it was stored
	hidden  map[int64]bool  // keys of notes deleted in this window, not shown again until restored
}

func newDrafts() *drafts {
	return &drafts{article: map[int64]int64{}, stored: map[int64]int64{}, dropped: map[int64]bool{}, hidden: map[int64]bool{}}
}

// add starts a new note of article articleID and returns its key.
func (d *drafts) add(articleID int64) int64 {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.last--
	d.article[d.last] = articleID
	return d.last
}

// noteID is the store's id of the note key stands for, 0 while it has none.
func (d *drafts) noteID(key int64) int64 {
	if key > 0 {
		return key
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.stored[key]
}

// keyOf is the key the autosaver knows note id by: the draft's key for a note begun in this
// window, else its id.
func (d *drafts) keyOf(id int64) int64 {
	d.mu.Lock()
	defer d.mu.Unlock()
	for key, stored := range d.stored {
		if stored == id {
			return key
		}
	}
	return id
}

// unstored are the keys of article articleID's notes not stored yet (nor deleted), oldest first.
func (d *drafts) unstored(articleID int64) []int64 {
	d.mu.Lock()
	defer d.mu.Unlock()
	var keys []int64
	for key := d.last; key < 0; key++ {
		if a, ok := d.article[key]; ok && a == articleID && d.stored[key] == 0 && !d.dropped[key] {
			keys = append(keys, key)
		}
	}
	return keys
}

// unstoredKey reports whether key is a draft not stored yet nor deleted.
func (d *drafts) unstoredKey(key int64) bool {
	if key > 0 {
		return false
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	_, known := d.article[key]
	return known && d.stored[key] == 0 && !d.dropped[key]
}

// hide keeps the note of key out of the panel: it is being deleted, and a read of the store
// that raced with the deletion must not bring it back.
func (d *drafts) hide(key int64) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.hidden[key] = true
}

// isHidden reports whether the note of key was deleted in this window.
func (d *drafts) isHidden(key int64) bool {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.hidden[key]
}

// restored is told that note id is back from the trash.
func (d *drafts) restored(id int64) {
	d.mu.Lock()
	defer d.mu.Unlock()
	delete(d.hidden, id)
	for key, stored := range d.stored {
		if stored == id {
			delete(d.hidden, key)
			delete(d.dropped, key)
		}
	}
}

// drop marks the note of key deleted, so that it is not stored; it returns the note's id
// when it is stored already (the caller moves it to the trash).
func (d *drafts) drop(key int64) int64 {
	if key > 0 {
		return key
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	d.dropped[key] = true
	return d.stored[key]
}

// saveNote writes a note's text; it runs on the autosaver's goroutine, one write at a time.
// A draft's first write adds the note (unless it is still blank), the later ones update it.
func (ui *window) saveNote(key int64, text string) error {
	ctx := context.Background()
	d := ui.drafts
	if key < 0 {
		d.mu.Lock()
		id, stored := d.stored[key]
		dropped, articleID := d.dropped[key], d.article[key]
		d.mu.Unlock()
		switch {
		case dropped:
			return nil
		case stored:
			key = id
		case strings.TrimSpace(text) == "":
			return nil // an editor opened and left empty leaves nothing behind
		default:
			return ui.addNote(key, articleID, text)
		}
	}
	err := ui.db.UpdateNote(ctx, key, text)
	if err == nil {
		ui.engine.Invalidate()
		ui.namesChanged() // its first line may be its title
	}
	return err
}

// addNote stores draft key as a new note of article articleID and tells the window its id.
func (ui *window) addNote(key, articleID int64, text string) error {
	ctx := context.Background()
	n, err := ui.db.AddNote(ctx, articleID, text)
	if err != nil {
		return err
	}
	d := ui.drafts
	d.mu.Lock()
	d.stored[key] = n.ID
	dropped := d.dropped[key]
	d.mu.Unlock()
	if dropped { // deleted while it was being added
		return ui.db.TrashNote(ctx, n.ID)
	}
	ui.engine.Invalidate()
	ui.namesChanged()
	if ui.ctx.Err() == nil { // not after the event loop (the last save)
		ui.do(func() {
			ui.notes.stored(key, n.ID)
			ui.library.refreshCounts()
		})
	}
	return nil
}
