-- +goose Up
-- A note's text vector (~3.5 KB for a 2 KB note) was stored out of line, in the TOAST table,
-- so every search that tested a note's words (walking the newest notes, or rechecking an
-- index's candidates) first fetched and joined its chunks: measured on 100,000 notes this was
-- most of a search's time. MAIN keeps it in the row; the long body and its plain text still
-- move out, so a row stays well within a page. Rewriting the vectors of the notes there are
-- (|| '' makes a new value, stored the new way) is cheap at today's volume.
ALTER TABLE notes ALTER COLUMN search SET STORAGE MAIN;
UPDATE notes SET search = search || ''::tsvector;
ALTER TABLE questions ALTER COLUMN search SET STORAGE MAIN;
UPDATE questions SET search = search || ''::tsvector;

-- +goose Down
ALTER TABLE questions ALTER COLUMN search SET STORAGE EXTENDED;
ALTER TABLE notes ALTER COLUMN search SET STORAGE EXTENDED;
