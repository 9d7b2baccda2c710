-- Schema v4: the images of articles, fetched or read once at import and kept in the archive
-- so that they show offline. An image is stored once, under the SHA-256 of its bytes, however
-- many articles show it; article_images maps each image address written in an article's
-- Markdown to the image. An image no article refers to any more is deleted by the triggers.

CREATE TABLE images (
    hash   TEXT    PRIMARY KEY,               -- hex SHA-256 of data
    mime   TEXT    NOT NULL,                  -- image/png, image/jpeg, image/gif, image/webp
    width  INTEGER NOT NULL,
    height INTEGER NOT NULL,
    data   BLOB    NOT NULL                   -- the original bytes, not re-encoded
);

CREATE TABLE article_images (
    article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    src        TEXT    NOT NULL,              -- the address exactly as the Markdown writes it
    hash       TEXT    NOT NULL REFERENCES images(hash),
    PRIMARY KEY (article_id, src)
) WITHOUT ROWID;
CREATE INDEX article_images_hash ON article_images(hash);

CREATE TRIGGER article_images_ad AFTER DELETE ON article_images
WHEN NOT EXISTS (SELECT 1 FROM article_images WHERE hash = old.hash) BEGIN
    DELETE FROM images WHERE hash = old.hash;
END;
CREATE TRIGGER article_images_au AFTER UPDATE OF hash ON article_images
WHEN old.hash <> new.hash AND NOT EXISTS (SELECT 1 FROM article_images WHERE hash = old.hash) BEGIN
    DELETE FROM images WHERE hash = old.hash;
END;
