-- Schema v2: covering indexes for what search keeps in memory, so that loading it (and a
-- one-shot `lectern search`) reads a few compact index pages, in id order, instead of every
-- table row, whose text spreads over pages. The expressions must stay exactly as
-- store/search.go writes them (SearchNotes) for SQLite to read the index alone.

CREATE INDEX articles_search ON articles(id, title, byline, site, imported, opened, open_count);

CREATE INDEX notes_search ON notes(deleted, id, article_id, updated, substr(body, 1, 240), length(body) > 240);

CREATE INDEX highlights_search ON highlights(deleted, id, article_id, quote, comment, updated);
