-- +goose Up
-- The newest published notes' text vectors, with a words index of their own. A search for a
-- word in one note of a hundred takes the newest 101 matches: from the whole words index that
-- means visiting every match to sort it by date (12,800 notes, 15 ms, at a million notes),
-- from the window's index at most the window's matches (650, 0.6 ms) — the same work at any
-- size of the knowledge base. When the window holds fewer than 101 matches, the search goes
-- on to the whole index (see note.searchSQL).
--
-- The invariants a search relies on: every published note published at or after since is in
-- note_recent, and no other note is (the update trigger takes out a note no longer published;
-- the search reads no status). Published rows older than since may linger (a search ignores
-- them), so the window only
-- ever moves forward and no write has to wait for it. note_window_rebuild sets it anew with
-- the notes' writes held (the migration and the data generator); note_window_move moves it
-- forward when new notes have made it larger than it should be (the server, hourly).
LOCK TABLE notes IN SHARE ROW EXCLUSIVE MODE;

CREATE TABLE note_window (
    one   boolean PRIMARY KEY DEFAULT true CHECK (one),
    since timestamptz NOT NULL
);
INSERT INTO note_window (since) VALUES ('-infinity');

CREATE TABLE note_recent (
    id           bigint PRIMARY KEY REFERENCES notes (id) ON DELETE CASCADE,
    published_at timestamptz NOT NULL,
    search       tsvector NOT NULL
);
CREATE INDEX note_recent_search_idx ON note_recent USING gin (search);
CREATE INDEX note_recent_published_idx ON note_recent (published_at);

-- +goose StatementBegin
CREATE FUNCTION note_recent_keep() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.status = 'published' AND NEW.published_at >= (SELECT since FROM note_window) THEN
        INSERT INTO note_recent (id, published_at, search) VALUES (NEW.id, NEW.published_at, NEW.search)
        ON CONFLICT (id) DO UPDATE SET published_at = EXCLUDED.published_at, search = EXCLUDED.search;
    ELSIF TG_OP = 'UPDATE' THEN
        DELETE FROM note_recent WHERE id = NEW.id;
    END IF;
    RETURN NULL;
END $$;
-- +goose StatementEnd

CREATE TRIGGER note_recent_insert AFTER INSERT ON notes
    FOR EACH ROW EXECUTE FUNCTION note_recent_keep();
CREATE TRIGGER note_recent_update AFTER UPDATE ON notes
    FOR EACH ROW WHEN (OLD.status IS DISTINCT FROM NEW.status OR OLD.published_at IS DISTINCT FROM NEW.published_at
        OR OLD.search IS DISTINCT FROM NEW.search)
    EXECUTE FUNCTION note_recent_keep();

-- note_window_cut is the publication time of the size-th newest published note, or -infinity
-- when fewer are published (the window then holds them all).
-- +goose StatementBegin
CREATE FUNCTION note_window_cut(size int) RETURNS timestamptz LANGUAGE sql STABLE AS $$
    SELECT coalesce((SELECT published_at FROM notes WHERE status = 'published'
        ORDER BY published_at DESC, id DESC OFFSET size - 1 LIMIT 1), '-infinity')
$$;
-- +goose StatementEnd

-- note_window_rebuild fills the window anew for its size; the notes' writes wait meanwhile.
-- +goose StatementBegin
CREATE FUNCTION note_window_rebuild(size int) RETURNS timestamptz LANGUAGE plpgsql AS $$
DECLARE
    cut timestamptz;
BEGIN
    LOCK TABLE notes IN SHARE ROW EXCLUSIVE MODE;
    cut := note_window_cut(size);
    UPDATE note_window SET since = cut;
    DELETE FROM note_recent;
    INSERT INTO note_recent (id, published_at, search)
    SELECT id, published_at, search FROM notes WHERE status = 'published' AND published_at >= cut;
    RETURN cut;
END $$;
-- +goose StatementEnd

-- note_window_move moves the window forward to its size, never back: the notes published
-- meanwhile are in it already, and rows older than the new since may be dropped at leisure.
-- +goose StatementBegin
CREATE FUNCTION note_window_move(size int) RETURNS timestamptz LANGUAGE plpgsql AS $$
DECLARE
    cut timestamptz := note_window_cut(size);
BEGIN
    UPDATE note_window SET since = cut WHERE since < cut;
    DELETE FROM note_recent WHERE published_at < (SELECT since FROM note_window);
    RETURN (SELECT since FROM note_window);
END $$;
-- +goose StatementEnd

SELECT note_window_rebuild(50000);
ANALYZE note_recent;

-- +goose Down
DROP FUNCTION note_window_move(int);
DROP FUNCTION note_window_rebuild(int);
DROP FUNCTION note_window_cut(int);
DROP TRIGGER note_recent_update ON notes;
DROP TRIGGER note_recent_insert ON notes;
DROP FUNCTION note_recent_keep();
DROP TABLE note_recent;
DROP TABLE note_window;
