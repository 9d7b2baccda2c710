-- Schema v3: word indexes over the long texts (article bodies, notes), beside the trigram
-- indexes of v1. Looking up a word, or the words that start with a prefix, costs a tenth of
-- what a trigram phrase does, whose every trigram is in most long texts; search uses them for
-- terms of letters and digits (which lie inside one word of a text) and keeps the trigram
-- indexes for the rest. The tokenizer folds case and accents as the trigram one does.

CREATE VIRTUAL TABLE articles_words USING fts5(
    body, content='articles', content_rowid='id',
    tokenize='unicode61 remove_diacritics 2', detail=column
);
INSERT INTO articles_words(articles_words) VALUES ('rebuild');

CREATE VIRTUAL TABLE notes_words USING fts5(
    body, content='notes', content_rowid='id',
    tokenize='unicode61 remove_diacritics 2', detail=column
);
INSERT INTO notes_words(notes_words) VALUES ('rebuild');

-- The distinct words of each index, which search reads to find the words that contain a term
-- (the word indexes find only words that start with one).
CREATE VIRTUAL TABLE articles_words_vocab USING fts5vocab(articles_words, row);
CREATE VIRTUAL TABLE notes_words_vocab USING fts5vocab(notes_words, row);

-- long_text_version counts the changes to long texts, so that search knows when the words it
-- read from the vocabularies are out of date.
CREATE TABLE long_text_version (version INTEGER NOT NULL);
INSERT INTO long_text_version VALUES (0);

CREATE TRIGGER articles_words_ai AFTER INSERT ON articles BEGIN
    INSERT INTO articles_words(rowid, body) VALUES (new.id, new.body);
    UPDATE long_text_version SET version = version + 1;
END;
CREATE TRIGGER articles_words_ad AFTER DELETE ON articles BEGIN
    INSERT INTO articles_words(articles_words, rowid, body) VALUES ('delete', old.id, old.body);
    UPDATE long_text_version SET version = version + 1;
END;
CREATE TRIGGER articles_words_au AFTER UPDATE OF body ON articles BEGIN
    INSERT INTO articles_words(articles_words, rowid, body) VALUES ('delete', old.id, old.body);
    INSERT INTO articles_words(rowid, body) VALUES (new.id, new.body);
    UPDATE long_text_version SET version = version + 1;
END;

CREATE TRIGGER notes_words_ai AFTER INSERT ON notes BEGIN
    INSERT INTO notes_words(rowid, body) VALUES (new.id, new.body);
    UPDATE long_text_version SET version = version + 1;
END;
CREATE TRIGGER notes_words_ad AFTER DELETE ON notes BEGIN
    INSERT INTO notes_words(notes_words, rowid, body) VALUES ('delete', old.id, old.body);
    UPDATE long_text_version SET version = version + 1;
END;
CREATE TRIGGER notes_words_au AFTER UPDATE OF body ON notes BEGIN
    INSERT INTO notes_words(notes_words, rowid, body) VALUES ('delete', old.id, old.body);
    INSERT INTO notes_words(rowid, body) VALUES (new.id, new.body);
    UPDATE long_text_version SET version = version + 1;
END;
