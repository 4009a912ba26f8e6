-- +goose Up
-- The innovation nest: tools, processes and team rituals prototyped in pilot offices, promoted
-- along an explicit maturity ladder with evidence, offered to and adopted by other offices;
-- change guides (průvodci změnou) with their visits and the pilot offices' development topics.

-- The change guide is a new role, scoped like the others to the region of the person's office.
ALTER TABLE users DROP CONSTRAINT users_roles_check;
ALTER TABLE users ADD CONSTRAINT users_roles_check CHECK (cardinality(roles) > 0 AND
    roles <@ ARRAY['caseworker', 'head', 'methodologist', 'coordinator', 'admin', 'guide']);

-- A pilot office's development topic (rozvojové téma), e.g. divorces.
CREATE TABLE dev_topics (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    office_id   bigint NOT NULL REFERENCES offices (id),
    title       text NOT NULL CHECK (btrim(title) <> ''),
    description text NOT NULL DEFAULT '',
    since       date NOT NULL,
    created_by  bigint REFERENCES users (id),
    created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX dev_topics_title_key ON dev_topics (office_id, lower(title));

CREATE TABLE tools (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    -- The region where it was made; its guides and methodologists look after it.
    region_id   smallint NOT NULL REFERENCES regions (id),
    name        text NOT NULL CHECK (btrim(name) <> ''),
    kind        text NOT NULL CHECK (kind IN ('tool', 'process', 'ritual', 'technique')),
    topic_id    bigint REFERENCES dev_topics (id),   -- the development topic it came from
    summary     text NOT NULL DEFAULT '',
    body        text NOT NULL DEFAULT '',            -- Markdown
    maturity    text NOT NULL DEFAULT 'idea'
                CHECK (maturity IN ('idea', 'prototype', 'piloting', 'validated', 'recommended', 'retired')),
    version     integer NOT NULL DEFAULT 1,
    created_by  bigint NOT NULL REFERENCES users (id),
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX tools_name_key ON tools (region_id, lower(name));

-- The office(s) where a tool was made.
CREATE TABLE tool_origins (
    tool_id   bigint NOT NULL REFERENCES tools (id) ON DELETE CASCADE,
    office_id bigint NOT NULL REFERENCES offices (id),
    PRIMARY KEY (tool_id, office_id)
);
CREATE INDEX tool_origins_office_idx ON tool_origins (office_id);

-- Every promotion along the ladder, with the evidence the rule counted.
CREATE TABLE tool_promotions (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    tool_id    bigint NOT NULL REFERENCES tools (id) ON DELETE CASCADE,
    from_level text NOT NULL,
    to_level   text NOT NULL,
    by_id      bigint NOT NULL REFERENCES users (id),
    at         timestamptz NOT NULL DEFAULT now(),
    reason     text NOT NULL CHECK (btrim(reason) <> ''),
    -- The adoptions that met the rule, as they were: [{office, stage, rating, report, date}].
    evidence   jsonb NOT NULL DEFAULT '[]'
);
CREATE INDEX tool_promotions_tool_idx ON tool_promotions (tool_id, at);

CREATE TABLE tool_files (
    tool_id bigint NOT NULL REFERENCES tools (id) ON DELETE CASCADE,
    file_id bigint NOT NULL REFERENCES files (id) ON DELETE CASCADE,
    PRIMARY KEY (tool_id, file_id)
);
CREATE UNIQUE INDEX tool_files_file_key ON tool_files (file_id);

-- One office's way with one tool. No row: not offered.
CREATE TABLE adoptions (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    tool_id      bigint NOT NULL REFERENCES tools (id) ON DELETE CASCADE,
    office_id    bigint NOT NULL REFERENCES offices (id),
    stage        text NOT NULL CHECK (stage IN ('offered', 'trialling', 'adopted', 'abandoned')),
    -- The day each stage was (last) reached.
    offered_on   date,
    trialling_on date,
    adopted_on   date,
    abandoned_on date,
    -- The office's latest evaluation: a short experience report and usefulness 1–5.
    report       text NOT NULL DEFAULT '',
    rating       smallint CHECK (rating BETWEEN 1 AND 5),
    version      integer NOT NULL DEFAULT 1,
    updated_at   timestamptz NOT NULL DEFAULT now(),
    UNIQUE (tool_id, office_id)
);
CREATE INDEX adoptions_office_idx ON adoptions (office_id);

-- Every step of an adoption, with the report and rating given at it: the tool's spread over time.
CREATE TABLE adoption_steps (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    adoption_id bigint NOT NULL REFERENCES adoptions (id) ON DELETE CASCADE,
    from_stage  text NOT NULL DEFAULT '',
    stage       text NOT NULL,
    on_date     date NOT NULL,
    report      text NOT NULL DEFAULT '',
    rating      smallint CHECK (rating BETWEEN 1 AND 5),
    by_id       bigint NOT NULL REFERENCES users (id),
    at          timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX adoption_steps_adoption_idx ON adoption_steps (adoption_id, id);

-- A change guide's visit to an office.
CREATE TABLE guide_visits (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    office_id  bigint NOT NULL REFERENCES offices (id),
    guide_id   bigint NOT NULL REFERENCES users (id),
    visited_on date NOT NULL,
    topic_id   bigint REFERENCES dev_topics (id),
    subject    text NOT NULL DEFAULT '',     -- what the visit was about when no development topic fits
    tried      text NOT NULL CHECK (btrim(tried) <> ''),
    next_step  text NOT NULL DEFAULT '',
    created_at timestamptz NOT NULL DEFAULT now(),
    CHECK (topic_id IS NOT NULL OR btrim(subject) <> '')
);
CREATE INDEX guide_visits_office_idx ON guide_visits (office_id, visited_on DESC);

CREATE TABLE guide_visit_tools (
    visit_id bigint NOT NULL REFERENCES guide_visits (id) ON DELETE CASCADE,
    tool_id  bigint NOT NULL REFERENCES tools (id) ON DELETE CASCADE,
    PRIMARY KEY (visit_id, tool_id)
);
CREATE INDEX guide_visit_tools_tool_idx ON guide_visit_tools (tool_id);

-- Links: the practice notes about a tool, the agenda items where it was presented and the
-- feedback forms that asked about it.
CREATE TABLE tool_notes (
    tool_id bigint NOT NULL REFERENCES tools (id) ON DELETE CASCADE,
    note_id bigint NOT NULL REFERENCES notes (id) ON DELETE CASCADE,
    PRIMARY KEY (tool_id, note_id)
);
CREATE TABLE tool_topics (
    tool_id  bigint NOT NULL REFERENCES tools (id) ON DELETE CASCADE,
    topic_id bigint NOT NULL REFERENCES topics (id) ON DELETE CASCADE,
    PRIMARY KEY (tool_id, topic_id)
);
CREATE TABLE tool_forms (
    tool_id bigint NOT NULL REFERENCES tools (id) ON DELETE CASCADE,
    form_id bigint NOT NULL REFERENCES feedback_forms (id) ON DELETE CASCADE,
    PRIMARY KEY (tool_id, form_id)
);

-- +goose Down
DROP TABLE tool_forms;
DROP TABLE tool_topics;
DROP TABLE tool_notes;
DROP TABLE guide_visit_tools;
DROP TABLE guide_visits;
DROP TABLE adoption_steps;
DROP TABLE adoptions;
DROP TABLE tool_files;
DROP TABLE tool_promotions;
DROP TABLE tool_origins;
DROP TABLE tools;
DROP TABLE dev_topics;
-- A guide-only account becomes a caseworker of the same office rather than lose its history.
UPDATE users SET roles = CASE WHEN roles = ARRAY['guide'] THEN ARRAY['caseworker'] ELSE array_remove(roles, 'guide') END
    WHERE 'guide' = ANY (roles);
ALTER TABLE users DROP CONSTRAINT users_roles_check;
ALTER TABLE users ADD CONSTRAINT users_roles_check CHECK (cardinality(roles) > 0 AND
    roles <@ ARRAY['caseworker', 'head', 'methodologist', 'coordinator', 'admin']);
