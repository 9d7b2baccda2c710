-- Schema v8: time spent reading, per day and article. The window counts active reading only
-- (focused, the reader scrolled or a selection made within the last two minutes) and adds
-- what it counted every minute or so, and when it closes. Days are local dates, YYYY-MM-DD.
CREATE TABLE reading_time (
    day        TEXT    NOT NULL,
    article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    seconds    REAL    NOT NULL,
    PRIMARY KEY (day, article_id)
) WITHOUT ROWID;
CREATE INDEX reading_time_article ON reading_time(article_id);
