-- +goose NO TRANSACTION
-- +goose Up
-- A note's row keeps its text vector (~3.7 KB, MAIN since 00008), so it is always over the
-- 2 KB at which Postgres moves values out of line, and it moved out every other value it could:
-- the title, summary, tags and areas of every note lived in the TOAST table, and every list,
-- search page and related-notes query fetched each of them through the TOAST index (62 notes
-- read in 1.39 ms instead of 0.75 at 100,000 notes). MAIN keeps them in the row; the body and
-- its plain text remain the values that move out. VACUUM FULL rewrites the notes there are
-- the new way without firing the notes' triggers. It leaves the visibility map empty, so the
-- index-only counts (the home page's reminders) would visit every row until autovacuum came
-- by: VACUUM ANALYZE fills it. None of these can run in a transaction; all may simply run again.
ALTER TABLE notes ALTER COLUMN title SET STORAGE MAIN, ALTER COLUMN summary SET STORAGE MAIN,
    ALTER COLUMN tags SET STORAGE MAIN, ALTER COLUMN area_ids SET STORAGE MAIN,
    ALTER COLUMN return_comment SET STORAGE MAIN;
VACUUM FULL notes;
VACUUM ANALYZE notes;

-- +goose Down
ALTER TABLE notes ALTER COLUMN title SET STORAGE EXTENDED, ALTER COLUMN summary SET STORAGE EXTENDED,
    ALTER COLUMN tags SET STORAGE EXTENDED, ALTER COLUMN area_ids SET STORAGE EXTENDED,
    ALTER COLUMN return_comment SET STORAGE EXTENDED;
