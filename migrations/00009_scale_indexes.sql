-- +goose Up
-- Indexes for the main pages at national scale, so the dashboards' counts, the queues and the
-- overviews read what they show through an index instead of a whole table.

-- Measures waiting on the office (open or returned) and waiting for the region (reported):
-- a small share of all measures, which the dashboards count and the register filters by.
CREATE INDEX measures_open_due_idx ON measures (due) WHERE state IN ('open', 'returned');
CREATE INDEX measures_reported_due_idx ON measures (due) WHERE state = 'reported';

-- Findings as the oversight overview counts them (partly met or not met), with what it counts,
-- so an inspection's findings are read from the index alone.
CREATE INDEX findings_wanting_idx ON findings (inspection_id) INCLUDE (criterion_id, rating, id)
    WHERE rating IN ('partly', 'not_met');

-- The questions someone asked: their queue and dashboard.
CREATE INDEX questions_asker_idx ON questions (asker_id);
-- A region's answered questions, latest change first: the queue after its unanswered ones.
CREATE INDEX questions_answered_idx ON questions (region_id, updated_at DESC, id DESC)
    WHERE state IN ('answered', 'published', 'private');
-- The FAQ's entries by area, counted for browsing.
CREATE INDEX questions_faq_area_idx ON questions (area_id) WHERE state = 'published';

-- +goose Down
DROP INDEX questions_faq_area_idx;
DROP INDEX questions_answered_idx;
DROP INDEX questions_asker_idx;
DROP INDEX findings_wanting_idx;
DROP INDEX measures_reported_due_idx;
DROP INDEX measures_open_due_idx;
