-- Schema v5: the daily review of highlights (spaced repetition, FSRS: app/review) and what
-- reading stats need. Days are local calendar dates written YYYY-MM-DD, so that they sort and
-- compare as text; times are Unix milliseconds as elsewhere.

-- A highlight's memory state, once it was graded, snoozed or discarded; a highlight without a
-- row is a new card.
CREATE TABLE review_cards (
    highlight_id INTEGER PRIMARY KEY REFERENCES highlights(id) ON DELETE CASCADE,
    stability    REAL    NOT NULL DEFAULT 0,  -- FSRS: days until recall falls to 90%; 0: never graded
    difficulty   REAL    NOT NULL DEFAULT 0,  -- FSRS: 1..10
    reps         INTEGER NOT NULL DEFAULT 0,  -- grades given
    lapses       INTEGER NOT NULL DEFAULT 0,  -- "again" on a card learnt on an earlier day
    last_day     TEXT,                        -- the day of the last grade; NULL: never graded
    due          TEXT,                        -- the day it is due; NULL: new
    discarded    INTEGER                      -- set: left the review for good
);
CREATE INDEX review_cards_due ON review_cards(due, highlight_id) WHERE discarded IS NULL;

-- The history: one row per grade, never changed.
CREATE TABLE review_log (
    id           INTEGER PRIMARY KEY,
    highlight_id INTEGER NOT NULL REFERENCES highlights(id) ON DELETE CASCADE,
    grade        INTEGER NOT NULL CHECK (grade BETWEEN 1 AND 4),  -- again, hard, good, easy
    day          TEXT    NOT NULL,            -- the review day the grade counts for
    reviewed     INTEGER NOT NULL,            -- when it was given
    elapsed_days INTEGER NOT NULL,            -- since the grade before (0 for the first)
    stability    REAL    NOT NULL,            -- the state it left
    difficulty   REAL    NOT NULL,
    due          TEXT    NOT NULL
);
CREATE INDEX review_log_highlight ON review_log(highlight_id);
CREATE INDEX review_log_day ON review_log(day);

-- Each day's list of cards, fixed when it is first asked for, so that the same day gives the
-- same cards in the same order however often the review is opened.
CREATE TABLE review_days (
    day          TEXT    NOT NULL,
    position     INTEGER NOT NULL,
    highlight_id INTEGER NOT NULL REFERENCES highlights(id) ON DELETE CASCADE,
    PRIMARY KEY (day, position)
) WITHOUT ROWID;
CREATE INDEX review_days_highlight ON review_days(highlight_id);

-- When articles were finished (marked done from unread or reading; taking one back out of
-- archived is not finishing it, and undoing "done" forgets the finish), for "articles finished
-- per week". Articles done before this version count as finished when last opened (or
-- imported).
CREATE TABLE articles_finished (
    article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    finished   INTEGER NOT NULL
);
CREATE INDEX articles_finished_article ON articles_finished(article_id);
INSERT INTO articles_finished (article_id, finished)
    SELECT id, coalesce(opened, imported) FROM articles WHERE status = 'done';
CREATE TRIGGER articles_finished_au AFTER UPDATE OF status ON articles
WHEN new.status = 'done' AND old.status IN ('unread', 'reading') BEGIN
    INSERT INTO articles_finished (article_id, finished)
        VALUES (new.id, CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER));
END;
CREATE TRIGGER articles_unfinished_au AFTER UPDATE OF status ON articles
WHEN old.status = 'done' AND new.status IN ('unread', 'reading') BEGIN
    DELETE FROM articles_finished WHERE rowid = (SELECT max(rowid) FROM articles_finished
        WHERE article_id = new.id);
END;
