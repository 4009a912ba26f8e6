-- +goose Up
-- Regions (kraje), offices and the people who work there; sessions; the shared audit log.

CREATE TABLE regions (
    id    smallint PRIMARY KEY,
    code  text NOT NULL UNIQUE,           -- NUTS 3 code, e.g. CZ064
    slug  text NOT NULL UNIQUE,           -- short official abbreviation, e.g. JHM
    name  text NOT NULL UNIQUE
);

CREATE TABLE offices (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    region_id    smallint NOT NULL REFERENCES regions (id),
    kind         text NOT NULL CHECK (kind IN ('regional', 'orp', 'district', 'partner')),
    name         text NOT NULL CHECK (btrim(name) <> ''),
    municipality text NOT NULL CHECK (btrim(municipality) <> ''),
    address      text NOT NULL DEFAULT '',
    email        text NOT NULL DEFAULT '',
    phone        text NOT NULL DEFAULT '',
    website      text NOT NULL DEFAULT '' CHECK (website = '' OR website ~* '^https?://'),
    pilot        boolean NOT NULL DEFAULT false, -- pilot office of the innovation nest
    version      integer NOT NULL DEFAULT 1,
    created_at   timestamptz NOT NULL DEFAULT now(),
    updated_at   timestamptz NOT NULL DEFAULT now(),
    UNIQUE (region_id, name)
);
CREATE INDEX offices_region_idx ON offices (region_id, kind);

CREATE TABLE users (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    email         text NOT NULL,
    name          text NOT NULL CHECK (btrim(name) <> ''),
    office_id     bigint NOT NULL REFERENCES offices (id),
    roles         text[] NOT NULL CHECK (cardinality(roles) > 0 AND roles <@ ARRAY['caseworker', 'head', 'methodologist', 'coordinator', 'admin']),
    password_hash text NOT NULL DEFAULT '', -- empty until the invitation is accepted
    -- Raised when the password changes; sessions from before no longer count.
    session_version integer NOT NULL DEFAULT 1,
    lang          text NOT NULL DEFAULT 'cs' CHECK (lang IN ('cs', 'en')),
    active        boolean NOT NULL DEFAULT true,
    created_at    timestamptz NOT NULL DEFAULT now(),
    updated_at    timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX users_email_key ON users (lower(email));
CREATE INDEX users_office_idx ON users (office_id);

-- One-time links with which a new user sets a password. Only the SHA-256 of the token is kept.
CREATE TABLE invitations (
    token_hash  bytea PRIMARY KEY,
    user_id     bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_by  bigint REFERENCES users (id),
    created_at  timestamptz NOT NULL DEFAULT now(),
    expires_at  timestamptz NOT NULL,
    used_at     timestamptz
);
CREATE INDEX invitations_user_idx ON invitations (user_id);

-- Failed logins, counted per account and per client address for throttling.
CREATE TABLE login_failures (
    id     bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    email  text NOT NULL,
    ip     text NOT NULL,
    at     timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX login_failures_email_idx ON login_failures (email, at);
CREATE INDEX login_failures_ip_idx ON login_failures (ip, at);

-- scs/pgxstore sessions.
CREATE TABLE sessions (
    token  text PRIMARY KEY,
    data   bytea NOT NULL,
    expiry timestamptz NOT NULL
);
CREATE INDEX sessions_expiry_idx ON sessions (expiry);

-- One audit log for every capability: who did what to which object, when, from which state to which.
CREATE TABLE audit_log (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at          timestamptz NOT NULL DEFAULT now(),
    actor_id    bigint REFERENCES users (id),
    action      text NOT NULL,
    object_type text NOT NULL,
    object_id   bigint NOT NULL,
    from_state  text NOT NULL DEFAULT '',
    to_state    text NOT NULL DEFAULT '',
    detail      jsonb NOT NULL DEFAULT '{}'
);
CREATE INDEX audit_log_object_idx ON audit_log (object_type, object_id, at);
CREATE INDEX audit_log_actor_idx ON audit_log (actor_id, at);

-- +goose Down
DROP TABLE audit_log;
DROP TABLE sessions;
DROP TABLE login_failures;
DROP TABLE invitations;
DROP TABLE users;
DROP TABLE offices;
DROP TABLE regions;
