-- +goose Up
-- Meetings such as "OSPOD sobě": registration with a waiting list, topics proposed and voted on
-- in advance, the agenda, minutes, and open items carried to the next meeting of a series.

-- A series of meetings that follow one another, e.g. "OSPOD sobě" in one region.
CREATE TABLE meeting_series (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    region_id  smallint NOT NULL REFERENCES regions (id),
    name       text NOT NULL CHECK (btrim(name) <> ''),
    created_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (region_id, name)
);

CREATE TABLE meetings (
    id                bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    region_id         smallint NOT NULL REFERENCES regions (id),
    series_id         bigint REFERENCES meeting_series (id),
    title             text NOT NULL CHECK (btrim(title) <> ''),
    description       text NOT NULL DEFAULT '',
    venue             text NOT NULL DEFAULT '',   -- e.g. "Městský úřad Šlapanice, zasedací místnost"
    address           text NOT NULL DEFAULT '',
    online_url        text NOT NULL DEFAULT '' CHECK (online_url = '' OR online_url ~* '^https?://'),
    starts_at         timestamptz NOT NULL,
    ends_at           timestamptz NOT NULL,
    capacity          integer NOT NULL CHECK (capacity BETWEEN 1 AND 10000),
    register_by       timestamptz NOT NULL,       -- registration deadline
    topics_by         timestamptz NOT NULL,       -- topic proposals and votes deadline
    vote_allowance    smallint NOT NULL DEFAULT 3 CHECK (vote_allowance BETWEEN 1 AND 20),
    open_to_all       boolean NOT NULL DEFAULT false, -- staff of other regions may register
    status            text NOT NULL DEFAULT 'draft'
                      CHECK (status IN ('draft', 'open', 'agenda', 'held', 'feedback', 'closed', 'cancelled')),
    cancel_reason     text NOT NULL DEFAULT '',
    minutes_approved_at timestamptz,
    minutes_approved_by bigint REFERENCES users (id),
    version           integer NOT NULL DEFAULT 1,
    created_by        bigint REFERENCES users (id),
    created_at        timestamptz NOT NULL DEFAULT now(),
    updated_at        timestamptz NOT NULL DEFAULT now(),
    CHECK (ends_at > starts_at),
    CHECK (register_by <= starts_at AND topics_by <= starts_at),
    CHECK (venue <> '' OR online_url <> ''),
    CHECK (status <> 'cancelled' OR btrim(cancel_reason) <> '')
);
CREATE INDEX meetings_region_idx ON meetings (region_id, starts_at);
CREATE INDEX meetings_series_idx ON meetings (series_id, starts_at) WHERE series_id IS NOT NULL;

-- The people named as organisers; region methodologists, coordinators and administrators may
-- organise any meeting of their region whether named or not.
CREATE TABLE meeting_organisers (
    meeting_id bigint NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
    user_id    bigint NOT NULL REFERENCES users (id),
    PRIMARY KEY (meeting_id, user_id)
);

-- One row per person and meeting. A cancelled registration keeps its row (and history);
-- registering again makes it current again at the end of the queue.
CREATE TABLE registrations (
    meeting_id    bigint NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
    user_id       bigint NOT NULL REFERENCES users (id),
    status        text NOT NULL CHECK (status IN ('registered', 'waiting', 'cancelled')),
    queued_at     timestamptz NOT NULL DEFAULT clock_timestamp(), -- order of the waiting list
    registered_by bigint REFERENCES users (id),  -- an office head registering a colleague
    attended      boolean,                       -- marked by organisers after the meeting
    updated_at    timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (meeting_id, user_id)
);
CREATE INDEX registrations_user_idx ON registrations (user_id) WHERE status <> 'cancelled';
CREATE INDEX registrations_queue_idx ON registrations (meeting_id, status, queued_at);

-- Topics proposed for a meeting; accepted topics are its agenda items and carry the minutes.
CREATE TABLE topics (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    meeting_id     bigint NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
    title          text NOT NULL CHECK (btrim(title) <> ''),
    description    text NOT NULL DEFAULT '',
    area_id        smallint REFERENCES areas (id),
    proposed_by    bigint REFERENCES users (id),
    status         text NOT NULL DEFAULT 'proposed'
                   CHECK (status IN ('proposed', 'accepted', 'declined', 'merged')),
    merged_into    bigint REFERENCES topics (id),
    spontaneous    boolean NOT NULL DEFAULT false, -- raised during the meeting
    -- Carried over from an unresolved item of the previous meeting of the series.
    carried_from   bigint REFERENCES topics (id),
    carried_votes  integer NOT NULL DEFAULT 0,     -- the votes it had there
    position       integer,                        -- order in the agenda
    slot_start     time,                           -- local time (Europe/Prague) of the time slot
    slot_minutes   integer CHECK (slot_minutes BETWEEN 1 AND 600),
    presenter      text NOT NULL DEFAULT '',
    -- Minutes of the item.
    outcome        text NOT NULL DEFAULT '',
    decisions      text NOT NULL DEFAULT '',
    resolution     text NOT NULL DEFAULT '' CHECK (resolution IN ('', 'resolved', 'unresolved')),
    for_region     boolean NOT NULL DEFAULT false, -- a question for the region (methodological questions pick it up)
    minutes_version integer NOT NULL DEFAULT 1,
    created_at     timestamptz NOT NULL DEFAULT now(),
    updated_at     timestamptz NOT NULL DEFAULT now(),
    CHECK ((status = 'merged') = (merged_into IS NOT NULL)),
    UNIQUE (meeting_id, carried_from)
);
CREATE INDEX topics_meeting_idx ON topics (meeting_id, status);
CREATE INDEX topics_for_region_idx ON topics (for_region) WHERE for_region;

CREATE TABLE topic_votes (
    topic_id   bigint NOT NULL REFERENCES topics (id) ON DELETE CASCADE,
    user_id    bigint NOT NULL REFERENCES users (id),
    meeting_id bigint NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (topic_id, user_id)
);
CREATE INDEX topic_votes_user_idx ON topic_votes (meeting_id, user_id);

-- Follow-up actions agreed under an agenda item.
CREATE TABLE topic_actions (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    topic_id   bigint NOT NULL REFERENCES topics (id) ON DELETE CASCADE,
    text       text NOT NULL CHECK (btrim(text) <> ''),
    owner      text NOT NULL DEFAULT '',
    due        date,
    done       boolean NOT NULL DEFAULT false,
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX topic_actions_topic_idx ON topic_actions (topic_id);

-- +goose Down
DROP TABLE topic_actions;
DROP TABLE topic_votes;
DROP TABLE topics;
DROP TABLE registrations;
DROP TABLE meeting_organisers;
DROP TABLE meetings;
DROP TABLE meeting_series;
