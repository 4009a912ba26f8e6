-- +goose Up
-- The oversight page counts the region's inspections planned or notified, and lists its visits'
-- open follow-ups. Without these the first read every inspection of the region (2,400 at ten
-- times the national volume, 1 ms) and the second every follow-up of its visits.
CREATE INDEX inspections_state_idx ON inspections (region_id, state);
CREATE INDEX visit_followups_open_idx ON visit_followups (due) WHERE done_at IS NULL;

-- +goose Down
DROP INDEX visit_followups_open_idx;
DROP INDEX inspections_state_idx;
