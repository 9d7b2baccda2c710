-- Schema v7: what a search with nothing in memory (`lectern search`, search.Once) needs to ask
-- SQLite which notes and highlights may match, instead of reading them all.
--
-- short_words: the words of the part of each note and highlight that search keeps in memory
-- (a note's first 240 characters, as notes_search and store.SearchNotesBetween cut it; a
-- highlight's quote and comment), folded as the word indexes of v3 fold them; rowid is a
-- note's id * 2 or a highlight's id * 2 + 1, trashed ones too. Its vocabulary lists the
-- distinct words, and a range of it (the words that start with a letter) is cheap to read.
CREATE VIRTUAL TABLE short_words USING fts5(
    text, content='', contentless_delete=1, detail=none,
    tokenize='unicode61 remove_diacritics 2'
);
CREATE VIRTUAL TABLE short_words_vocab USING fts5vocab(short_words, row);
INSERT INTO short_words(rowid, text) SELECT id * 2, substr(body, 1, 240) FROM notes;
INSERT INTO short_words(rowid, text) SELECT id * 2 + 1, quote || ' ' || comment FROM highlights;

CREATE TRIGGER notes_short_words_ai AFTER INSERT ON notes BEGIN
    INSERT INTO short_words(rowid, text) VALUES (new.id * 2, substr(new.body, 1, 240));
END;
CREATE TRIGGER notes_short_words_ad AFTER DELETE ON notes BEGIN
    DELETE FROM short_words WHERE rowid = old.id * 2;
END;
CREATE TRIGGER notes_short_words_au AFTER UPDATE OF body ON notes
WHEN substr(old.body, 1, 240) IS NOT substr(new.body, 1, 240) BEGIN
    DELETE FROM short_words WHERE rowid = old.id * 2;
    INSERT INTO short_words(rowid, text) VALUES (new.id * 2, substr(new.body, 1, 240));
END;
CREATE TRIGGER highlights_short_words_ai AFTER INSERT ON highlights BEGIN
    INSERT INTO short_words(rowid, text) VALUES (new.id * 2 + 1, new.quote || ' ' || new.comment);
END;
CREATE TRIGGER highlights_short_words_ad AFTER DELETE ON highlights BEGIN
    DELETE FROM short_words WHERE rowid = old.id * 2 + 1;
END;
CREATE TRIGGER highlights_short_words_au AFTER UPDATE OF quote, comment ON highlights BEGIN
    DELETE FROM short_words WHERE rowid = old.id * 2 + 1;
    INSERT INTO short_words(rowid, text) VALUES (new.id * 2 + 1, new.quote || ' ' || new.comment);
END;

-- highlights_fts: the highlights by trigram, as notes_fts has the notes: the highlights that
-- hold a term inside a word.
CREATE VIRTUAL TABLE highlights_fts USING fts5(
    quote, comment, content='highlights', content_rowid='id', tokenize='trigram remove_diacritics 1'
);
INSERT INTO highlights_fts(highlights_fts) VALUES ('rebuild');
CREATE TRIGGER highlights_fts_ai AFTER INSERT ON highlights BEGIN
    INSERT INTO highlights_fts(rowid, quote, comment) VALUES (new.id, new.quote, new.comment);
END;
CREATE TRIGGER highlights_fts_ad AFTER DELETE ON highlights BEGIN
    INSERT INTO highlights_fts(highlights_fts, rowid, quote, comment) VALUES ('delete', old.id, old.quote, old.comment);
END;
CREATE TRIGGER highlights_fts_au AFTER UPDATE OF quote, comment ON highlights BEGIN
    INSERT INTO highlights_fts(highlights_fts, rowid, quote, comment) VALUES ('delete', old.id, old.quote, old.comment);
    INSERT INTO highlights_fts(rowid, quote, comment) VALUES (new.id, new.quote, new.comment);
END;

-- The notes whose text goes on past what search keeps in memory, which the text indexes may
-- name: a search lists them without reading the notes' beginnings. The expressions must stay
-- as store.LongNotes writes them; the columns of its WHERE are in the index too, or SQLite
-- reads each row of the table to check them.
CREATE INDEX notes_long ON notes(id, article_id, updated, deleted, length(body) > 240)
WHERE deleted IS NULL AND length(body) > 240;
