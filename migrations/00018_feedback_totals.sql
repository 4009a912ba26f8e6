-- +goose Up
-- The trend of a series (feedback results) shows, for each scale question, the number and mean
-- of its answers at every meeting of the series: read from the answers, that was an index scan
-- per question and meeting, 3–5 ms for a series of 96 meetings under load. The totals are kept
-- here instead, by triggers on the answers: statement triggers add and take away whole
-- statements at once (a COPY of 200,000 answers is one upsert per question), a row trigger
-- follows a changed number. Parallel answers to one form already wait for each other (the
-- form's row lock), so they meet no other's totals rows. The answers are locked against writes
-- while the totals are first counted, so no answer committed meanwhile goes uncounted.
LOCK TABLE feedback_answers IN SHARE ROW EXCLUSIVE MODE;
CREATE TABLE feedback_totals (
    question_id bigint  PRIMARY KEY REFERENCES feedback_questions (id) ON DELETE CASCADE,
    answers     integer NOT NULL, -- with a number
    total       integer NOT NULL  -- the sum of their numbers
);
INSERT INTO feedback_totals (question_id, answers, total)
SELECT question_id, count(*), sum(number) FROM feedback_answers WHERE number IS NOT NULL GROUP BY question_id;

-- +goose StatementBegin
CREATE FUNCTION feedback_totals_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        INSERT INTO feedback_totals AS t (question_id, answers, total)
        SELECT question_id, count(*), sum(number) FROM new_answers WHERE number IS NOT NULL
        GROUP BY question_id ORDER BY question_id
        ON CONFLICT (question_id) DO UPDATE SET answers = t.answers + excluded.answers, total = t.total + excluded.total;
    ELSIF TG_OP = 'DELETE' THEN
        UPDATE feedback_totals t SET answers = t.answers - o.answers, total = t.total - o.total
        FROM (SELECT question_id, count(*) AS answers, sum(number) AS total FROM old_answers
            WHERE number IS NOT NULL GROUP BY question_id) o
        WHERE t.question_id = o.question_id;
    ELSE -- a row's number or question changed: nothing does so today, but totals must not drift
        UPDATE feedback_totals t
        SET answers = t.answers - (OLD.number IS NOT NULL)::int, total = t.total - coalesce(OLD.number, 0)
        WHERE t.question_id = OLD.question_id;
        INSERT INTO feedback_totals AS t (question_id, answers, total)
        VALUES (NEW.question_id, (NEW.number IS NOT NULL)::int, coalesce(NEW.number, 0))
        ON CONFLICT (question_id) DO UPDATE SET answers = t.answers + excluded.answers, total = t.total + excluded.total;
    END IF;
    RETURN NULL;
END $$;
-- +goose StatementEnd

CREATE TRIGGER feedback_totals_insert AFTER INSERT ON feedback_answers
    REFERENCING NEW TABLE AS new_answers FOR EACH STATEMENT EXECUTE FUNCTION feedback_totals_change();
CREATE TRIGGER feedback_totals_delete AFTER DELETE ON feedback_answers
    REFERENCING OLD TABLE AS old_answers FOR EACH STATEMENT EXECUTE FUNCTION feedback_totals_change();
CREATE TRIGGER feedback_totals_update AFTER UPDATE OF number, question_id ON feedback_answers
    FOR EACH ROW WHEN (OLD.number IS DISTINCT FROM NEW.number OR OLD.question_id <> NEW.question_id)
    EXECUTE FUNCTION feedback_totals_change();

-- +goose Down
DROP TRIGGER feedback_totals_update ON feedback_answers;
DROP TRIGGER feedback_totals_delete ON feedback_answers;
DROP TRIGGER feedback_totals_insert ON feedback_answers;
DROP FUNCTION feedback_totals_change();
DROP TABLE feedback_totals;
