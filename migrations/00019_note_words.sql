-- +goose Up
-- Every word form the notes' text vectors hold, so that a search can name the forms a stem
-- stands for. A prefix ("pouzivat:*") makes the words index gather every note with any form
-- of the stem into a bitmap before the words are combined: two words each in a few percent of
-- the notes cost 20–30 ms at a million notes. Named forms ("pouzivat | pouzivate") are read
-- from their posting trees, and the rarer word steps through the others (2–5 ms).
-- The list only grows: a form no note holds any more matches nothing, which costs nothing.
-- Writes to the notes wait while the list is first filled, so no form committed meanwhile is
-- missed; "C" orders the forms by their bytes, as the words index compares a prefix.
LOCK TABLE notes IN SHARE ROW EXCLUSIVE MODE;
CREATE TABLE note_words (word text COLLATE "C" PRIMARY KEY);

-- +goose StatementBegin
CREATE FUNCTION note_words_add() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    -- In the forms' order, so that saves adding the same new forms wait for each other
    -- rather than deadlock.
    IF TG_OP = 'INSERT' THEN
        INSERT INTO note_words (word)
        SELECT DISTINCT unnest(tsvector_to_array(search)) AS w FROM added_notes ORDER BY w
        ON CONFLICT DO NOTHING;
    ELSE
        INSERT INTO note_words (word)
        SELECT w FROM unnest(tsvector_to_array(NEW.search)) w
        EXCEPT SELECT unnest(tsvector_to_array(OLD.search))
        ORDER BY 1
        ON CONFLICT DO NOTHING;
    END IF;
    RETURN NULL;
END $$;
-- +goose StatementEnd

CREATE TRIGGER note_words_insert AFTER INSERT ON notes
    REFERENCING NEW TABLE AS added_notes FOR EACH STATEMENT EXECUTE FUNCTION note_words_add();
CREATE TRIGGER note_words_update AFTER UPDATE ON notes
    FOR EACH ROW WHEN (OLD.search IS DISTINCT FROM NEW.search) EXECUTE FUNCTION note_words_add();

INSERT INTO note_words (word) SELECT DISTINCT unnest(tsvector_to_array(search)) FROM notes;

-- note_words_query turns stems into a tsquery that names every form starting with each stem:
-- "bojuj", "obvin" → ('bojuje' | 'bojuji') & ('obvineni' | 'obvinovani'). A stem with more
-- than 64 forms stays a prefix (the bitmap is then the cheaper way); a stem no note has makes
-- NULL, which the words index answers with no notes at once. The forms are read in the
-- statement's own snapshot, so a note it sees has its forms in the list.
-- +goose StatementBegin
CREATE FUNCTION note_words_query(stems text[]) RETURNS tsquery
LANGUAGE plpgsql STABLE STRICT PARALLEL SAFE AS $$
DECLARE
    stem  text;
    forms text[];
    q     text := '';
BEGIN
    FOREACH stem IN ARRAY stems LOOP
        forms := ARRAY(SELECT '''' || replace(replace(w.word, '\', '\\'), '''', '''''') || ''''
            FROM note_words w WHERE w.word >= stem AND w.word < stem || chr(1114111)
            ORDER BY w.word LIMIT 65);
        IF cardinality(forms) = 0 THEN
            RETURN NULL;
        END IF;
        IF q <> '' THEN
            q := q || ' & ';
        END IF;
        IF cardinality(forms) > 64 THEN
            q := q || '''' || replace(replace(stem, '\', '\\'), '''', '''''') || ''':*';
        ELSE
            q := q || '(' || array_to_string(forms, ' | ') || ')';
        END IF;
    END LOOP;
    IF q = '' THEN
        RETURN NULL;
    END IF;
    RETURN q::tsquery;
END $$;
-- +goose StatementEnd

-- +goose Down
DROP FUNCTION note_words_query(text[]);
DROP TRIGGER note_words_update ON notes;
DROP TRIGGER note_words_insert ON notes;
DROP FUNCTION note_words_add();
DROP TABLE note_words;
