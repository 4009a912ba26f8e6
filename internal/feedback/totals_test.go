package feedback_test

import "testing"

// totalsAgree fails unless every question's kept totals equal its answers counted anew.
func (e env) totalsAgree(t *testing.T, what string) {
	t.Helper()
	if n := e.intOf(t, `
		SELECT count(*) FROM (
			(SELECT question_id, answers, total FROM feedback_totals WHERE answers <> 0 OR total <> 0
			 EXCEPT SELECT question_id, count(*)::int, sum(number)::int FROM feedback_answers WHERE number IS NOT NULL GROUP BY 1)
			UNION ALL
			(SELECT question_id, count(*)::int, sum(number)::int FROM feedback_answers WHERE number IS NOT NULL GROUP BY 1
			 EXCEPT SELECT question_id, answers, total FROM feedback_totals)) x`); n != 0 {
		t.Fatalf("%s: %d questions' totals differ from their answers", what, n)
	}
}

// TestTotalsFollowAnswers: the totals the trends read stay equal to the answers through
// parallel submissions (which the form's lock orders), deleted responses, changed numbers and
// a deleted form.
func TestTotalsFollowAnswers(t *testing.T) {
	e := setup(t)
	people := e.attendees(t, 12)
	fid, tokens := e.heldWithForm(t, people...)
	q, _ := e.keyed(t, fid)
	e.answerAtOnce(t, people, tokens, goodReply(q))
	numbered := e.intOf(t, `SELECT count(*) FROM feedback_answers WHERE number IS NOT NULL`)
	if kept := e.intOf(t, `SELECT coalesce(sum(answers), 0) FROM feedback_totals`); numbered == 0 || kept != numbered {
		t.Fatalf("%d numbered answers kept, want %d", kept, numbered)
	}
	e.totalsAgree(t, "after parallel submissions")

	if _, err := e.pool.Exec(ctx, `DELETE FROM feedback_responses WHERE id IN (SELECT id FROM feedback_responses LIMIT 5)`); err != nil {
		t.Fatal(err)
	}
	e.totalsAgree(t, "after deleting responses")
	if _, err := e.pool.Exec(ctx, `
		UPDATE feedback_answers SET number = 10 - number
		WHERE number IS NOT NULL AND response_id IN (SELECT id FROM feedback_responses LIMIT 3)`); err != nil {
		t.Fatal(err)
	}
	e.totalsAgree(t, "after changing numbers")
	if _, err := e.pool.Exec(ctx, `UPDATE feedback_answers SET carried = true WHERE text IS NOT NULL`); err != nil {
		t.Fatal(err)
	}
	e.totalsAgree(t, "after carrying topics")
	if _, err := e.pool.Exec(ctx, `DELETE FROM feedback_forms WHERE id = $1`, fid); err != nil {
		t.Fatal(err)
	}
	e.totalsAgree(t, "after deleting the form")
	if n := e.intOf(t, `SELECT count(*) FROM feedback_totals`); n != 0 {
		t.Fatalf("%d totals left of a deleted form", n)
	}
}
