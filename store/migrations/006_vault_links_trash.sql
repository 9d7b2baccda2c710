-- Schema v6: notes kept as a vault has them (title, folder path, front matter verbatim, tags,
-- aliases, attachments), [[wikilinks]] indexed for backlinks, and articles in the Trash.

-- An article in the Trash: its notes and highlights are trashed with it, with the same time,
-- so that restoring it brings back exactly those.
ALTER TABLE articles ADD COLUMN deleted INTEGER;
CREATE INDEX articles_deleted ON articles(deleted) WHERE deleted IS NOT NULL;
-- Links resolve to articles by title, whatever the case.
CREATE INDEX articles_title_nocase ON articles(title COLLATE NOCASE);

-- A note imported from a folder of Markdown files (an Obsidian vault) keeps its file name as
-- its title, its path inside the folder ('/'-separated, with .md), the file it came from
-- (absolute; a re-import updates the note found by it) and its front matter block exactly as
-- written, delimiters included. Notes written in Lectern have none of these.
ALTER TABLE notes ADD COLUMN title TEXT NOT NULL DEFAULT '';
ALTER TABLE notes ADD COLUMN path TEXT NOT NULL DEFAULT '';
ALTER TABLE notes ADD COLUMN source TEXT NOT NULL DEFAULT '';
ALTER TABLE notes ADD COLUMN front_matter TEXT NOT NULL DEFAULT '';
CREATE INDEX notes_source ON notes(source) WHERE source <> '';

-- A note's tags: its front matter's tags and the #tags of its text (derived, see links_pending).
CREATE TABLE note_tags (
    note_id INTEGER NOT NULL REFERENCES notes(id) ON DELETE CASCADE,
    tag_id  INTEGER NOT NULL REFERENCES tags(id) ON DELETE CASCADE,
    PRIMARY KEY (note_id, tag_id)
) WITHOUT ROWID;
CREATE INDEX note_tags_tag ON note_tags(tag_id);

-- The names a note is linked by: its title (for a note written in Lectern, its first line),
-- its aliases and its path without .md. key is the name folded (Unicode lower case, NFC,
-- spaces collapsed), as a link's target_key is (derived, see links_pending).
CREATE TABLE note_keys (
    note_id INTEGER NOT NULL REFERENCES notes(id) ON DELETE CASCADE,
    kind    TEXT    NOT NULL CHECK (kind IN ('title', 'alias', 'path')),
    name    TEXT    NOT NULL,
    key     TEXT    NOT NULL,
    PRIMARY KEY (note_id, kind, name)
) WITHOUT ROWID;
CREATE INDEX note_keys_key ON note_keys(key);

-- The files a note's text embeds or links to (![[image.png]], ![](x.png), [[paper.pdf]]),
-- stored once by the SHA-256 of their bytes; path is the file's place in the vault.
CREATE TABLE attachments (
    hash TEXT PRIMARY KEY,
    mime TEXT NOT NULL DEFAULT '',
    data BLOB NOT NULL
);
CREATE TABLE note_attachments (
    note_id INTEGER NOT NULL REFERENCES notes(id) ON DELETE CASCADE,
    path    TEXT    NOT NULL,
    hash    TEXT    NOT NULL REFERENCES attachments(hash),
    PRIMARY KEY (note_id, path)
) WITHOUT ROWID;
CREATE INDEX note_attachments_hash ON note_attachments(hash);
CREATE TRIGGER note_attachments_ad AFTER DELETE ON note_attachments
WHEN NOT EXISTS (SELECT 1 FROM note_attachments WHERE hash = old.hash) BEGIN
    DELETE FROM attachments WHERE hash = old.hash;
END;
CREATE TRIGGER note_attachments_au AFTER UPDATE OF hash ON note_attachments
WHEN old.hash <> new.hash AND NOT EXISTS (SELECT 1 FROM note_attachments WHERE hash = old.hash) BEGIN
    DELETE FROM attachments WHERE hash = old.hash;
END;

-- Every [[wikilink]] of a note or of a highlight's comment. target_key is the page as
-- written, folded; block_highlight is N of #^lectern-hN. context is the sentence around it.
CREATE TABLE links (
    id              INTEGER PRIMARY KEY,
    note_id         INTEGER REFERENCES notes(id) ON DELETE CASCADE,
    highlight_id    INTEGER REFERENCES highlights(id) ON DELETE CASCADE,
    target          TEXT    NOT NULL,
    target_key      TEXT    NOT NULL,
    heading         TEXT    NOT NULL DEFAULT '',
    block           TEXT    NOT NULL DEFAULT '',
    block_highlight INTEGER,
    shown           TEXT    NOT NULL DEFAULT '',
    start           INTEGER NOT NULL,             -- byte offsets of [[...]] in the text
    end             INTEGER NOT NULL,
    context         TEXT    NOT NULL DEFAULT ''
);
CREATE INDEX links_key ON links(target_key);
CREATE INDEX links_block ON links(block_highlight) WHERE block_highlight IS NOT NULL;
CREATE INDEX links_note ON links(note_id) WHERE note_id IS NOT NULL;
CREATE INDEX links_highlight ON links(highlight_id) WHERE highlight_id IS NOT NULL;

-- The notes and comments whose links, tags and names are to be derived again. Triggers fill
-- it whatever program writes (the store derives a note it saves at once; the rest, such as
-- bulk writes, before the next read of links, tags or names).
CREATE TABLE links_pending (
    kind TEXT    NOT NULL CHECK (kind IN ('note', 'highlight')),
    id   INTEGER NOT NULL,
    PRIMARY KEY (kind, id)
) WITHOUT ROWID;
CREATE TRIGGER notes_links_ai AFTER INSERT ON notes BEGIN
    INSERT OR IGNORE INTO links_pending(kind, id) VALUES ('note', new.id);
END;
CREATE TRIGGER notes_links_au AFTER UPDATE OF body, title, path, front_matter ON notes BEGIN
    INSERT OR IGNORE INTO links_pending(kind, id) VALUES ('note', new.id);
END;
CREATE TRIGGER highlights_links_ai AFTER INSERT ON highlights WHEN instr(new.comment, '[[') > 0 BEGIN
    INSERT OR IGNORE INTO links_pending(kind, id) VALUES ('highlight', new.id);
END;
CREATE TRIGGER highlights_links_au AFTER UPDATE OF comment ON highlights
WHEN instr(new.comment, '[[') > 0 OR instr(old.comment, '[[') > 0 BEGIN
    INSERT OR IGNORE INTO links_pending(kind, id) VALUES ('highlight', new.id);
END;
INSERT INTO links_pending(kind, id) SELECT 'note', id FROM notes;
INSERT INTO links_pending(kind, id) SELECT 'highlight', id FROM highlights WHERE instr(comment, '[[') > 0;
