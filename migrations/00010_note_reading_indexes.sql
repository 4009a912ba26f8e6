-- +goose Up
-- Every home page lists the binding guidance of the user's region still to acknowledge; without
-- an index of its own that walked all of the region's notes (64 ms a page at 100,000 notes).
CREATE INDEX notes_binding_idx ON notes (region_id, published_at DESC) WHERE binding AND status = 'published';

-- +goose Down
DROP INDEX notes_binding_idx;
