-- +goose Up
-- Participant feedback: forms built from questions (or from templates), attached to a meeting
-- or standing alone (e.g. after a methodological visit); personal one-time invitations; answers,
-- anonymous where promised.

CREATE TABLE feedback_forms (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    -- NULL only for templates shared by every region (the seeded standard template).
    region_id    smallint REFERENCES regions (id),
    is_template  boolean NOT NULL DEFAULT false,
    meeting_id   bigint REFERENCES meetings (id) ON DELETE CASCADE,
    -- A stand-alone form asks the staff of one office, e.g. after a methodological visit.
    office_id    bigint REFERENCES offices (id),
    title        text NOT NULL CHECK (btrim(title) <> ''),
    intro        text NOT NULL DEFAULT '',
    -- Anonymous: answers keep no reference to the person and no submit time.
    anonymous    boolean NOT NULL DEFAULT true,
    -- Small-group protection: results stay hidden while fewer answers exist.
    min_answers  smallint NOT NULL DEFAULT 5 CHECK (min_answers BETWEEN 3 AND 50),
    -- draft: being built; ready: waits for its meeting to be held; open: answers are taken
    -- until closes_at; closed: closed early by the organisers (a passed deadline closes too).
    status       text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'ready', 'open', 'closed')),
    closes_at    timestamptz,
    opened_at    timestamptz,
    -- The version of the questions; answers freeze a version, a change then starts the next.
    version      integer NOT NULL DEFAULT 1,
    -- Bumped by every edit, for optimistic locking of the settings form.
    lock_version integer NOT NULL DEFAULT 1,
    created_by   bigint REFERENCES users (id),
    created_at   timestamptz NOT NULL DEFAULT now(),
    updated_at   timestamptz NOT NULL DEFAULT now(),
    CHECK (is_template OR region_id IS NOT NULL),
    CHECK (NOT is_template OR (meeting_id IS NULL AND office_id IS NULL AND status = 'draft')),
    CHECK (meeting_id IS NULL OR office_id IS NULL),
    CHECK (status IN ('draft', 'ready') OR closes_at IS NOT NULL)
);
-- One form per meeting.
CREATE UNIQUE INDEX feedback_forms_meeting_idx ON feedback_forms (meeting_id) WHERE meeting_id IS NOT NULL;
CREATE INDEX feedback_forms_region_idx ON feedback_forms (region_id, created_at);

CREATE TABLE feedback_questions (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    form_id    bigint NOT NULL REFERENCES feedback_forms (id) ON DELETE CASCADE,
    version    integer NOT NULL,
    -- The first question of a lineage: a question copied into the next version keeps its
    -- origin, so results add up the answers of every version.
    origin_id  bigint REFERENCES feedback_questions (id),
    -- A stable key shared with the template the question came from ("benefit", "next_topics"),
    -- so a series' trend can match questions across meetings.
    key        text NOT NULL DEFAULT '',
    position   integer NOT NULL,
    kind       text NOT NULL CHECK (kind IN ('rating', 'nps', 'single', 'multiple', 'short', 'long')),
    label      text NOT NULL CHECK (btrim(label) <> ''),
    help       text NOT NULL DEFAULT '',
    required   boolean NOT NULL DEFAULT false,
    options    text[] NOT NULL DEFAULT '{}',          -- choices of single and multiple
    low_label  text NOT NULL DEFAULT '',              -- what the lowest point of a scale means
    high_label text NOT NULL DEFAULT '',
    CHECK (kind NOT IN ('single', 'multiple') OR cardinality(options) >= 2)
);
CREATE INDEX feedback_questions_form_idx ON feedback_questions (form_id, version, position);
CREATE INDEX feedback_questions_key_idx ON feedback_questions (key) WHERE key <> '';

-- A personal one-time invitation. The token is stored hashed. For an anonymous form the row
-- says only whether the person answered, never when, so it cannot be matched to an answer.
CREATE TABLE feedback_invites (
    form_id    bigint NOT NULL REFERENCES feedback_forms (id) ON DELETE CASCADE,
    user_id    bigint NOT NULL REFERENCES users (id),
    token_hash bytea NOT NULL UNIQUE,
    answered   boolean NOT NULL DEFAULT false,
    PRIMARY KEY (form_id, user_id)
);
CREATE INDEX feedback_invites_user_idx ON feedback_invites (user_id) WHERE NOT answered;

-- A response. Its id is random, so the order of anonymous responses says nothing either; an
-- anonymous response has neither a person nor a time.
CREATE TABLE feedback_responses (
    id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    form_id      bigint NOT NULL REFERENCES feedback_forms (id) ON DELETE CASCADE,
    version      integer NOT NULL,
    anonymous    boolean NOT NULL,
    user_id      bigint REFERENCES users (id),
    submitted_at timestamptz,
    CHECK (anonymous = (user_id IS NULL) AND anonymous = (submitted_at IS NULL)),
    UNIQUE (form_id, user_id)
);
CREATE INDEX feedback_responses_form_idx ON feedback_responses (form_id);

CREATE TABLE feedback_answers (
    response_id uuid NOT NULL REFERENCES feedback_responses (id) ON DELETE CASCADE,
    -- Deferred: deleting a form cascades to its questions and its answers in one statement.
    question_id bigint NOT NULL REFERENCES feedback_questions (id) DEFERRABLE INITIALLY DEFERRED,
    number      smallint CHECK (number BETWEEN 0 AND 10),  -- rating 1–5, nps 0–10
    choices     text[],                                    -- the labels chosen
    text        text,
    -- A "topics for next time" answer already proposed to the next meeting, so it goes once.
    carried     boolean NOT NULL DEFAULT false,
    PRIMARY KEY (response_id, question_id),
    CHECK (num_nonnulls(number, choices, text) = 1)
);
CREATE INDEX feedback_answers_question_idx ON feedback_answers (question_id);

-- The standard "meeting evaluation" template every region starts from.
WITH t AS (
    INSERT INTO feedback_forms (region_id, is_template, title, intro, anonymous)
    VALUES (NULL, true, 'Hodnocení setkání',
        'Děkujeme, že nám pomůžete setkání zlepšit. Dotazník je anonymní: odpovědi nelze spojit s vaším jménem.', true)
    RETURNING id
)
INSERT INTO feedback_questions (form_id, version, key, position, kind, label, help, required, options, low_label, high_label)
SELECT t.id, 1, q.key, q.position, q.kind, q.label, q.help, q.required, q.options, q.low_label, q.high_label
FROM t, (VALUES
    ('benefit', 1, 'rating', 'Přínos setkání pro mou praxi', '', true, '{}'::text[], 'žádný', 'velký'),
    ('atmosphere', 2, 'rating', 'Atmosféra a otevřenost sdílení', '', true, '{}'::text[], 'uzavřená', 'otevřená'),
    ('organisation', 3, 'rating', 'Organizace setkání', 'Místo, čas, program a jeho dodržení.', true, '{}'::text[], 'špatná', 'výborná'),
    ('useful_topic', 4, 'short', 'Které téma pro vás bylo nejužitečnější?', '', false, '{}'::text[], '', ''),
    ('next_topics', 5, 'long', 'Témata pro příští setkání',
        'Každé téma napište na samostatný řádek. Neuvádějte jména ani jiné údaje o klientech.', false, '{}'::text[], '', ''),
    ('regular', 6, 'single', 'Máte zájem o pravidelná setkání?', '', true, '{Ano,Ne,Možná}'::text[], '', '')
) AS q (key, position, kind, label, help, required, options, low_label, high_label);

-- +goose Down
DROP TABLE feedback_answers;
DROP TABLE feedback_responses;
DROP TABLE feedback_invites;
DROP TABLE feedback_questions;
DROP TABLE feedback_forms;
