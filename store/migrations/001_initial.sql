-- Schema v1: articles, notes, highlights, tags, and trigram full-text indexes.
-- Times are Unix milliseconds (UTC); NULL means "not known" or "never".

CREATE TABLE articles (
    id          INTEGER PRIMARY KEY,
    title       TEXT    NOT NULL DEFAULT '',
    byline      TEXT    NOT NULL DEFAULT '',
    site        TEXT    NOT NULL DEFAULT '',
    source      TEXT    NOT NULL DEFAULT '',   -- URL or file path as given by the user
    source_key  TEXT    NOT NULL DEFAULT '',   -- normalised URL, for duplicate detection
    lang        TEXT    NOT NULL DEFAULT '',
    excerpt     TEXT    NOT NULL DEFAULT '',
    published   INTEGER,
    imported    INTEGER NOT NULL,
    opened      INTEGER,
    open_count  INTEGER NOT NULL DEFAULT 0,
    body        TEXT    NOT NULL DEFAULT '',   -- plain text; highlights anchor to it
    markdown    TEXT    NOT NULL DEFAULT '',   -- rendition for display
    words       INTEGER NOT NULL DEFAULT 0,
    progress    REAL    NOT NULL DEFAULT 0,    -- 0..1, how far the user has scrolled
    status      TEXT    NOT NULL DEFAULT 'unread'
                CHECK (status IN ('unread', 'reading', 'done', 'archived')),
    fetch_error TEXT    NOT NULL DEFAULT '',   -- set when a URL could not be fetched (retry later)
    hash        TEXT    NOT NULL UNIQUE        -- content hash, refuses duplicates
);
CREATE INDEX articles_imported ON articles(imported);
CREATE INDEX articles_source_key ON articles(source_key) WHERE source_key <> '';

CREATE TABLE notes (
    id         INTEGER PRIMARY KEY,
    article_id INTEGER REFERENCES articles(id) ON DELETE CASCADE,  -- NULL: a standalone note
    body       TEXT    NOT NULL DEFAULT '',
    created    INTEGER NOT NULL,
    updated    INTEGER NOT NULL,
    deleted    INTEGER                         -- set when moved to the trash
);
CREATE INDEX notes_article ON notes(article_id);

CREATE TABLE highlights (
    id         INTEGER PRIMARY KEY,
    article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    quote      TEXT    NOT NULL,               -- W3C TextQuoteSelector: exact, prefix, suffix
    prefix     TEXT    NOT NULL DEFAULT '',
    suffix     TEXT    NOT NULL DEFAULT '',
    start      INTEGER NOT NULL DEFAULT -1,    -- W3C TextPositionSelector, in runes of body; -1: unplaced
    end        INTEGER NOT NULL DEFAULT -1,
    comment    TEXT    NOT NULL DEFAULT '',
    color      TEXT    NOT NULL DEFAULT 'yellow',
    created    INTEGER NOT NULL,
    updated    INTEGER NOT NULL,
    deleted    INTEGER
);
CREATE INDEX highlights_article ON highlights(article_id);

CREATE TABLE tags (
    id   INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE COLLATE NOCASE
);
CREATE TABLE article_tags (
    article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    tag_id     INTEGER NOT NULL REFERENCES tags(id) ON DELETE CASCADE,
    PRIMARY KEY (article_id, tag_id)
) WITHOUT ROWID;
CREATE INDEX article_tags_tag ON article_tags(tag_id);

-- Trigram indexes find candidates for substring and fuzzy search in long text.
CREATE VIRTUAL TABLE articles_fts USING fts5(
    title, body, content='articles', content_rowid='id', tokenize='trigram remove_diacritics 1'
);
CREATE TRIGGER articles_ai AFTER INSERT ON articles BEGIN
    INSERT INTO articles_fts(rowid, title, body) VALUES (new.id, new.title, new.body);
END;
CREATE TRIGGER articles_ad AFTER DELETE ON articles BEGIN
    INSERT INTO articles_fts(articles_fts, rowid, title, body) VALUES ('delete', old.id, old.title, old.body);
END;
CREATE TRIGGER articles_au AFTER UPDATE OF title, body ON articles BEGIN
    INSERT INTO articles_fts(articles_fts, rowid, title, body) VALUES ('delete', old.id, old.title, old.body);
    INSERT INTO articles_fts(rowid, title, body) VALUES (new.id, new.title, new.body);
END;

CREATE VIRTUAL TABLE notes_fts USING fts5(
    body, content='notes', content_rowid='id', tokenize='trigram remove_diacritics 1'
);
CREATE TRIGGER notes_ai AFTER INSERT ON notes BEGIN
    INSERT INTO notes_fts(rowid, body) VALUES (new.id, new.body);
END;
CREATE TRIGGER notes_ad AFTER DELETE ON notes BEGIN
    INSERT INTO notes_fts(notes_fts, rowid, body) VALUES ('delete', old.id, old.body);
END;
CREATE TRIGGER notes_au AFTER UPDATE OF body ON notes BEGIN
    INSERT INTO notes_fts(notes_fts, rowid, body) VALUES ('delete', old.id, old.body);
    INSERT INTO notes_fts(rowid, body) VALUES (new.id, new.body);
END;
