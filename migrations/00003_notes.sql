-- +goose Up
-- Practice notes: the shared thematic areas, notes with versions, review, search, reading marks,
-- acknowledgements of binding guidance, comments and attachments.

-- Czech search without a Czech stemmer: unaccent folds diacritics inside the configuration, the
-- query side adds prefixes (see internal/note/query.go). Both extensions are trusted, so a
-- database owner without superuser rights may create them.
CREATE EXTENSION IF NOT EXISTS unaccent;
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE TEXT SEARCH CONFIGURATION hn_cs (COPY = simple);
ALTER TEXT SEARCH CONFIGURATION hn_cs ALTER MAPPING FOR hword, hword_part, word, asciiword, asciihword, hword_asciipart WITH unaccent, simple;

-- The one taxonomy of thematic areas, shared by notes, meeting topics and questions.
CREATE TABLE areas (
    id       smallint PRIMARY KEY,
    slug     text NOT NULL UNIQUE,
    name_cs  text NOT NULL,
    name_en  text NOT NULL,
    position smallint NOT NULL
);
INSERT INTO areas (id, slug, position, name_cs, name_en) VALUES
 (1,  'field-work',          1,  'Terénní práce a ohrožené děti', 'Field work and children at risk'),
 (2,  'assessment',          2,  'Vyhodnocování a individuální plán ochrany dítěte', 'Assessment and the child protection plan'),
 (3,  'case-conferences',    3,  'Případové konference', 'Case conferences'),
 (4,  'divorce',             4,  'Rozvod, péče a styk s dítětem', 'Divorce, care and contact'),
 (5,  'protective-measures', 5,  'Ochranná a výchovná opatření', 'Protective and educational measures'),
 (6,  'foster-care',         6,  'Náhradní rodinná péče', 'Substitute family care'),
 (7,  'youth-probation',     7,  'Kurátor pro děti a mládež', 'Youth probation'),
 (8,  'abuse',               8,  'Týrané a zanedbávané děti, domácí násilí', 'Abused and neglected children, domestic violence'),
 (9,  'cooperation',         9,  'Spolupráce a síť služeb', 'Cooperation and the service network'),
 (10, 'support',             10, 'Systém podpory práce OSPOD', 'Support system for OSPOD work'),
 (11, 'gdpr',                11, 'GDPR v práci s klientem', 'GDPR in client work'),
 (12, 'files',               12, 'Spisová dokumentace', 'File documentation'),
 (13, 'misdemeanours',       13, 'Přestupky', 'Misdemeanours'),
 (14, 'administration',      14, 'Administrativa a stížnosti', 'Administration and complaints'),
 (15, 'tools',               15, 'Nástroje pro práci s klientem', 'Tools for client work'),
 (16, 'team',                16, 'Podpora týmu', 'Team support'),
 (17, 'regional-role',       17, 'Metodická role kraje', 'The region''s methodological role'),
 (18, 'meetings',            18, 'Setkávání pracovníků OSPOD', 'Meetings of OSPOD staff');

CREATE TABLE notes (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    title          text NOT NULL CHECK (btrim(title) <> ''),
    summary        text NOT NULL DEFAULT '',
    body           text NOT NULL DEFAULT '',   -- Markdown
    body_text      text NOT NULL DEFAULT '',   -- the body as plain text, for search and snippets
    tags           text[] NOT NULL DEFAULT '{}',
    area_ids       smallint[] NOT NULL DEFAULT '{}',
    author_id      bigint NOT NULL REFERENCES users (id),
    office_id      bigint NOT NULL REFERENCES offices (id),
    -- The region whose methodologists review the note: the author's region when written.
    region_id      smallint NOT NULL REFERENCES regions (id),
    status         text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'submitted', 'published', 'archived')),
    binding        boolean NOT NULL DEFAULT false, -- binding methodological guidance: staff acknowledge it
    review_by      date NOT NULL,
    return_comment text NOT NULL DEFAULT '',     -- why a reviewer returned it, shown to the author
    source_type    text CHECK (source_type IN ('agenda_item', 'tool')),
    source_id      bigint,
    version        integer NOT NULL DEFAULT 1,   -- the latest version; also the optimistic lock
    useful_count   integer NOT NULL DEFAULT 0 CHECK (useful_count >= 0),
    created_at     timestamptz NOT NULL DEFAULT now(),
    updated_at     timestamptz NOT NULL DEFAULT now(),
    published_at   timestamptz,
    search         tsvector NOT NULL DEFAULT ''
);
CREATE INDEX notes_search_idx ON notes USING gin (search) WHERE status = 'published';
CREATE INDEX notes_published_idx ON notes (published_at DESC, id DESC) WHERE status = 'published';
CREATE INDEX notes_useful_idx ON notes (useful_count DESC, id DESC) WHERE status = 'published';
CREATE INDEX notes_areas_idx ON notes USING gin (area_ids) WHERE status = 'published';
CREATE INDEX notes_tags_idx ON notes USING gin (tags) WHERE status = 'published';
CREATE INDEX notes_author_idx ON notes (author_id, updated_at DESC);
CREATE INDEX notes_review_idx ON notes (region_id, status, review_by);
CREATE INDEX notes_title_trgm_idx ON notes USING gin (title gin_trgm_ops);

-- +goose StatementBegin
CREATE FUNCTION notes_search_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.search :=
        setweight(to_tsvector('public.hn_cs', NEW.title), 'A') ||
        setweight(to_tsvector('public.hn_cs', array_to_string(NEW.tags, ' ')), 'A') ||
        setweight(to_tsvector('public.hn_cs', NEW.summary), 'B') ||
        setweight(to_tsvector('public.hn_cs', NEW.body_text), 'C');
    RETURN NEW;
END $$;
-- +goose StatementEnd
CREATE TRIGGER notes_search BEFORE INSERT OR UPDATE OF title, tags, summary, body_text ON notes
    FOR EACH ROW EXECUTE FUNCTION notes_search_update();

-- Every save makes a version; the note row holds the latest.
CREATE TABLE note_versions (
    note_id   bigint NOT NULL REFERENCES notes (id) ON DELETE CASCADE,
    version   integer NOT NULL,
    title     text NOT NULL,
    summary   text NOT NULL,
    body      text NOT NULL,
    tags      text[] NOT NULL,
    area_ids  smallint[] NOT NULL,
    saved_by  bigint NOT NULL REFERENCES users (id),
    saved_at  timestamptz NOT NULL DEFAULT now(),
    restored_from integer,
    PRIMARY KEY (note_id, version)
);

-- The author's "not personal data" marks on findings of the personal-data guard, with a reason
-- the reviewer sees. A mark covers the same text of the same kind in later versions.
CREATE TABLE note_pii_marks (
    note_id    bigint NOT NULL REFERENCES notes (id) ON DELETE CASCADE,
    kind       text NOT NULL,
    text       text NOT NULL,
    reason     text NOT NULL CHECK (btrim(reason) <> ''),
    marked_by  bigint NOT NULL REFERENCES users (id),
    marked_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (note_id, kind, text)
);

CREATE TABLE note_useful (
    note_id  bigint NOT NULL REFERENCES notes (id) ON DELETE CASCADE,
    user_id  bigint NOT NULL REFERENCES users (id),
    at       timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (note_id, user_id)
);

-- Acknowledgements of binding guidance; an acknowledgement counts for the version it names.
CREATE TABLE note_acks (
    note_id  bigint NOT NULL REFERENCES notes (id) ON DELETE CASCADE,
    user_id  bigint NOT NULL REFERENCES users (id),
    version  integer NOT NULL,
    at       timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (note_id, user_id)
);

CREATE TABLE note_comments (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    note_id       bigint NOT NULL REFERENCES notes (id) ON DELETE CASCADE,
    parent_id     bigint REFERENCES note_comments (id),
    author_id     bigint NOT NULL REFERENCES users (id),
    body          text NOT NULL CHECK (btrim(body) <> ''),
    created_at    timestamptz NOT NULL DEFAULT now(),
    edited_at     timestamptz,
    hidden_at     timestamptz,
    hidden_by     bigint REFERENCES users (id),
    hidden_reason text NOT NULL DEFAULT ''
);
CREATE INDEX note_comments_note_idx ON note_comments (note_id, created_at);

-- Uploaded files, kept in Postgres (the only store). Other capabilities link files the same way.
CREATE TABLE files (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name        text NOT NULL,
    mime        text NOT NULL,
    size        integer NOT NULL,
    sha256      bytea NOT NULL,
    data        bytea NOT NULL,
    uploaded_by bigint NOT NULL REFERENCES users (id),
    uploaded_at timestamptz NOT NULL DEFAULT now(),
    downloads   integer NOT NULL DEFAULT 0
);

CREATE TABLE note_files (
    note_id bigint NOT NULL REFERENCES notes (id) ON DELETE CASCADE,
    file_id bigint NOT NULL REFERENCES files (id) ON DELETE CASCADE,
    PRIMARY KEY (note_id, file_id)
);
CREATE UNIQUE INDEX note_files_file_key ON note_files (file_id);

-- +goose Down
DROP TABLE note_files;
DROP TABLE files;
DROP TABLE note_comments;
DROP TABLE note_acks;
DROP TABLE note_useful;
DROP TABLE note_pii_marks;
DROP TABLE note_versions;
DROP TABLE notes;
DROP FUNCTION notes_search_update();
DROP TABLE areas;
DROP TEXT SEARCH CONFIGURATION hn_cs;
