-- +goose Up
-- The home page's upcoming meetings: those a person organises, and those still open for
-- registration (a handful at any time, however many meetings the years have held).
CREATE INDEX meeting_organisers_user_idx ON meeting_organisers (user_id);
CREATE INDEX meetings_registering_idx ON meetings (register_by) WHERE status IN ('open', 'agenda');

-- +goose Down
DROP INDEX meetings_registering_idx;
DROP INDEX meeting_organisers_user_idx;
