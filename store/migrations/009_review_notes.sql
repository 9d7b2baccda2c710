-- Schema v9: notes marked for review (tagged "review") are cards too. A card is named by its
-- kind ('highlight' or 'note') and that item's id; the foreign keys to highlights become
-- triggers, which remove a card, its history and its places in days' lists when its highlight
-- or note is deleted for good (the trash keeps them).

CREATE TABLE review_cards_v9 (
    kind         TEXT    NOT NULL DEFAULT 'highlight' CHECK (kind IN ('highlight', 'note')),
    item_id      INTEGER NOT NULL,            -- the highlight's or the note's id
    stability    REAL    NOT NULL DEFAULT 0,
    difficulty   REAL    NOT NULL DEFAULT 0,
    reps         INTEGER NOT NULL DEFAULT 0,
    lapses       INTEGER NOT NULL DEFAULT 0,
    last_day     TEXT,
    due          TEXT,
    discarded    INTEGER,
    PRIMARY KEY (kind, item_id)
) WITHOUT ROWID;
INSERT INTO review_cards_v9 (kind, item_id, stability, difficulty, reps, lapses, last_day, due, discarded)
    SELECT 'highlight', highlight_id, stability, difficulty, reps, lapses, last_day, due, discarded
    FROM review_cards;
DROP TABLE review_cards;
ALTER TABLE review_cards_v9 RENAME TO review_cards;
CREATE INDEX review_cards_due ON review_cards(kind, due, item_id) WHERE discarded IS NULL;

CREATE TABLE review_log_v9 (
    id           INTEGER PRIMARY KEY,
    kind         TEXT    NOT NULL DEFAULT 'highlight' CHECK (kind IN ('highlight', 'note')),
    item_id      INTEGER NOT NULL,
    grade        INTEGER NOT NULL CHECK (grade BETWEEN 1 AND 4),
    day          TEXT    NOT NULL,
    reviewed     INTEGER NOT NULL,
    elapsed_days INTEGER NOT NULL,
    stability    REAL    NOT NULL,
    difficulty   REAL    NOT NULL,
    due          TEXT    NOT NULL
);
INSERT INTO review_log_v9 (id, kind, item_id, grade, day, reviewed, elapsed_days, stability, difficulty, due)
    SELECT id, 'highlight', highlight_id, grade, day, reviewed, elapsed_days, stability, difficulty, due
    FROM review_log;
DROP TABLE review_log;
ALTER TABLE review_log_v9 RENAME TO review_log;
CREATE INDEX review_log_item ON review_log(kind, item_id);
CREATE INDEX review_log_day ON review_log(day);

CREATE TABLE review_days_v9 (
    day          TEXT    NOT NULL,
    position     INTEGER NOT NULL,
    kind         TEXT    NOT NULL DEFAULT 'highlight' CHECK (kind IN ('highlight', 'note')),
    item_id      INTEGER NOT NULL,
    PRIMARY KEY (day, position)
) WITHOUT ROWID;
INSERT INTO review_days_v9 (day, position, kind, item_id)
    SELECT day, position, 'highlight', highlight_id FROM review_days;
DROP TABLE review_days;
ALTER TABLE review_days_v9 RENAME TO review_days;
CREATE INDEX review_days_item ON review_days(kind, item_id);

CREATE TRIGGER review_highlight_ad AFTER DELETE ON highlights BEGIN
    DELETE FROM review_cards WHERE kind = 'highlight' AND item_id = old.id;
    DELETE FROM review_log WHERE kind = 'highlight' AND item_id = old.id;
    DELETE FROM review_days WHERE kind = 'highlight' AND item_id = old.id;
END;
CREATE TRIGGER review_note_ad AFTER DELETE ON notes BEGIN
    DELETE FROM review_cards WHERE kind = 'note' AND item_id = old.id;
    DELETE FROM review_log WHERE kind = 'note' AND item_id = old.id;
    DELETE FROM review_days WHERE kind = 'note' AND item_id = old.id;
END;
