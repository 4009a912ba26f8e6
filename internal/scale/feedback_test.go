package scale_test

import (
	"bytes"
	"context"
	"math"
	"strconv"
	"strings"
	"testing"

	"hnizdo.cz/hnizdo/internal/auth"
	"hnizdo.cz/hnizdo/internal/feedback"
	"hnizdo.cz/hnizdo/internal/scale"
)

// feedbackRules are what the feedback store makes sure of, and the results rely on.
var feedbackRules = []check{
	{"answered invitations other than the responses", `SELECT count(*) FROM feedback_forms f
		WHERE (SELECT count(*) FROM feedback_invites i WHERE i.form_id = f.id AND i.answered)
			<> (SELECT count(*) FROM feedback_responses r WHERE r.form_id = f.id)`},
	{"anonymity other than the form's", `SELECT count(*) FROM feedback_responses r JOIN feedback_forms f ON f.id = r.form_id
		WHERE r.anonymous <> f.anonymous`},
	{"named responses without a spent invitation", `SELECT count(*) FROM feedback_responses r WHERE r.user_id IS NOT NULL
		AND NOT EXISTS (SELECT 1 FROM feedback_invites i WHERE i.form_id = r.form_id AND i.user_id = r.user_id AND i.answered)`},
	{"answers to another form's questions", `SELECT count(*) FROM feedback_answers a JOIN feedback_responses r ON r.id = a.response_id
		JOIN feedback_questions q ON q.id = a.question_id WHERE q.form_id <> r.form_id OR q.version <> r.version`},
	{"required questions unanswered", `SELECT count(*) FROM feedback_responses r
		JOIN feedback_questions q ON q.form_id = r.form_id AND q.version = r.version AND q.required
		WHERE NOT EXISTS (SELECT 1 FROM feedback_answers a WHERE a.response_id = r.id AND a.question_id = q.id)`},
	{"answers the answer page would refuse", `SELECT count(*) FROM feedback_answers a JOIN feedback_questions q ON q.id = a.question_id WHERE
		(q.kind = 'rating' AND (a.number IS NULL OR a.number NOT BETWEEN 1 AND 5)) OR (q.kind = 'nps' AND a.number IS NULL)
		OR (q.kind = 'single' AND (cardinality(a.choices) IS DISTINCT FROM 1 OR NOT a.choices <@ q.options))
		OR (q.kind = 'multiple' AND (coalesce(cardinality(a.choices), 0) = 0 OR NOT a.choices <@ q.options))
		OR (q.kind IN ('short', 'long') AND (a.text IS NULL OR btrim(a.text) = ''))
		OR (q.kind = 'short' AND char_length(a.text) > 300) OR a.text ~ '[0-9@§]'`},
	{"invitations or responses of forms never opened", `SELECT count(*) FROM feedback_forms f WHERE (f.opened_at IS NULL
		OR f.status NOT IN ('open', 'closed')) AND (EXISTS (SELECT 1 FROM feedback_invites i WHERE i.form_id = f.id)
		OR EXISTS (SELECT 1 FROM feedback_responses r WHERE r.form_id = f.id))`},
	{"meeting invitations to others than attendees", `SELECT count(*) FROM feedback_invites i JOIN feedback_forms f ON f.id = i.form_id
		WHERE f.meeting_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM registrations g WHERE g.meeting_id = f.meeting_id
			AND g.user_id = i.user_id AND g.status = 'registered' AND g.attended IS NOT false)`},
	{"visit invitations to other offices' staff", `SELECT count(*) FROM feedback_invites i JOIN feedback_forms f ON f.id = i.form_id
		JOIN users u ON u.id = i.user_id WHERE f.office_id IS NOT NULL AND u.office_id <> f.office_id`},
	{"forms in a meeting state that does not allow them", `SELECT count(*) FROM feedback_forms f JOIN meetings m ON m.id = f.meeting_id
		WHERE (f.status IN ('open', 'closed') AND m.status NOT IN ('held', 'feedback', 'closed'))
		OR (f.status = 'ready' AND m.status NOT IN ('draft', 'open', 'agenda')) OR m.status = 'cancelled' OR f.region_id <> m.region_id`},
	{"answers out of the form's time", `SELECT count(*) FROM feedback_responses r JOIN feedback_forms f ON f.id = r.form_id
		WHERE r.submitted_at < f.opened_at OR r.submitted_at > f.closes_at OR r.submitted_at > now()`},
	{"forms' times out of order", `SELECT count(*) FROM feedback_forms WHERE NOT is_template
		AND (created_at > updated_at OR updated_at > now() OR opened_at < created_at OR opened_at > now())`},
	{"meetings asking for feedback without a form", `SELECT count(*) FROM meetings m WHERE m.status = 'feedback'
		AND NOT EXISTS (SELECT 1 FROM feedback_forms f WHERE f.meeting_id = m.id)`},
}

func TestLoadFeedback(t *testing.T) {
	s := scale.Tiny()
	pool := load(t, s)
	ctx := context.Background()
	if n := count(t, pool, `SELECT count(*) FROM feedback_answers`); n != s.Answers {
		t.Errorf("answers: %d, want %d", n, s.Answers)
	}
	if n := count(t, pool, `SELECT count(*) FROM feedback_forms WHERE meeting_id IS NOT NULL`); n < s.Meetings/2 {
		t.Errorf("only %d of %d meetings have a form", n, s.Meetings)
	}
	if n := count(t, pool, `SELECT count(*) FROM feedback_forms WHERE office_id IS NOT NULL AND opened_at IS NOT NULL`); n == 0 {
		t.Error("no form after a methodological visit")
	}
	if n := count(t, pool, `SELECT count(*) FROM feedback_responses WHERE anonymous`); n == 0 || n == count(t, pool, `SELECT count(*) FROM feedback_responses`) {
		t.Errorf("%d anonymous responses: want most, not all", n)
	}
	checkAll(t, pool, feedbackRules)

	people := auth.NewStore(pool, cheap)
	store := feedback.NewStore(pool)
	manager := func(form int64) *auth.User {
		t.Helper()
		var id int64
		err := pool.QueryRow(ctx, `SELECT u.id FROM users u JOIN offices o ON o.id = u.office_id
			JOIN feedback_forms f ON f.region_id = o.region_id
			WHERE f.id = $1 AND 'methodologist' = ANY (u.roles) ORDER BY u.id LIMIT 1`, form).Scan(&id)
		if err != nil {
			t.Fatalf("a methodologist for form %d: %v", form, err)
		}
		u, err := people.User(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		return u
	}

	// The results of the meeting form most answered show what was generated.
	var id int64
	if err := pool.QueryRow(ctx, `SELECT f.id FROM feedback_forms f WHERE f.meeting_id IS NOT NULL
		ORDER BY (SELECT count(*) FROM feedback_responses r WHERE r.form_id = f.id) DESC, f.id LIMIT 1`).Scan(&id); err != nil {
		t.Fatal(err)
	}
	u := manager(id)
	r, err := store.Results(ctx, u, id)
	if err != nil {
		t.Fatal(err)
	}
	responses := count(t, pool, `SELECT count(*) FROM feedback_responses WHERE form_id = $1`, id)
	if r.Responses != responses || r.Hidden || responses < int(r.Form.MinAnswers) {
		t.Fatalf("results: %d responses (hidden %v), want %d of k=%d", r.Responses, r.Hidden, responses, r.Form.MinAnswers)
	}
	if want := count(t, pool, `SELECT count(*) FROM feedback_invites WHERE form_id = $1`, id); r.Invited != want || r.Attended != want {
		t.Errorf("results: %d invited, %d attended; want %d (the attendees)", r.Invited, r.Attended, want)
	}
	if want := count(t, pool, `SELECT count(*) FROM feedback_questions WHERE form_id = $1`, id); len(r.Stats) != want {
		t.Fatalf("results: %d questions, want %d", len(r.Stats), want)
	}
	for _, st := range r.Stats {
		want := count(t, pool, `SELECT count(*) FROM feedback_answers WHERE question_id = $1`, st.Question.ID)
		if st.Count != want {
			t.Errorf("question %q: %d answers, want %d", st.Question.Label, st.Count, want)
		}
		switch {
		case st.Question.Kind.Scaled():
			sum := 0
			for _, b := range st.Bars {
				sum += b.Count
			}
			var mean float64
			if err := pool.QueryRow(ctx, `SELECT avg(number)::float8 FROM feedback_answers WHERE question_id = $1`,
				st.Question.ID).Scan(&mean); err != nil {
				t.Fatal(err)
			}
			if sum != want || math.Abs(st.Mean-mean) > 1e-9 {
				t.Errorf("question %q: bars add up to %d, mean %.3f; want %d, %.3f", st.Question.Label, sum, st.Mean, want, mean)
			}
		case st.Question.Kind.Textual():
			if len(st.Texts) != want {
				t.Errorf("question %q: %d texts, want %d", st.Question.Label, len(st.Texts), want)
			}
		case st.Question.Kind == feedback.Single:
			sum := 0
			for _, b := range st.Bars {
				sum += b.Count
			}
			if sum != want || len(st.Bars) != len(st.Question.Options) {
				t.Errorf("question %q: bars %+v for %d answers", st.Question.Label, st.Bars, want)
			}
		}
	}
	table, err := store.Table(ctx, u, id)
	if err != nil {
		t.Fatal(err)
	}
	var csv bytes.Buffer
	if err := feedback.WriteAnswersCSV(&csv, table, "cs"); err != nil {
		t.Fatal(err)
	}
	if lines := strings.Count(csv.String(), "\r\n"); len(table.Rows) != responses || lines < responses+1 {
		t.Errorf("export: %d rows, %d lines for %d responses", len(table.Rows), lines, responses)
	}
	csv.Reset()
	if err := feedback.WriteSummaryCSV(&csv, r, "cs"); err != nil {
		t.Fatal(err)
	}

	// The trend of a series follows its keyed ratings across the meetings that asked them.
	var series int64
	if err := pool.QueryRow(ctx, `SELECT f.id FROM feedback_forms f JOIN meetings m ON m.id = f.meeting_id
		WHERE m.series_id IS NOT NULL AND f.opened_at IS NOT NULL ORDER BY f.id LIMIT 1`).Scan(&series); err != nil {
		t.Fatal(err)
	}
	trends, err := store.Trend(ctx, manager(series), series)
	if err != nil {
		t.Fatal(err)
	}
	if len(trends) != 3 { // benefit, atmosphere, organisation
		t.Fatalf("trend of form %d: %d questions, want 3", series, len(trends))
	}
	for _, p := range trends[0].Points {
		want := count(t, pool, `SELECT count(*) FROM feedback_answers a JOIN feedback_questions q ON q.id = a.question_id
			JOIN feedback_forms f ON f.id = q.form_id WHERE f.meeting_id = $1 AND q.key = $2`, p.MeetingID, trends[0].Key)
		if p.Count != want {
			t.Errorf("trend at meeting %d: %d answers, want %d", p.MeetingID, p.Count, want)
		}
	}

	// Someone invited to a form still taking answers finds it waiting and answers it.
	var form, who int64
	if err := pool.QueryRow(ctx, `SELECT f.id, i.user_id FROM feedback_forms f JOIN feedback_invites i ON i.form_id = f.id
		WHERE f.status = 'open' AND f.closes_at > now() AND NOT i.answered ORDER BY 1, 2 LIMIT 1`).Scan(&form, &who); err != nil {
		t.Fatal(err)
	}
	p, err := people.User(ctx, who)
	if err != nil {
		t.Fatal(err)
	}
	pending, err := store.Pending(ctx, p)
	if err != nil {
		t.Fatal(err)
	}
	if len(pending) == 0 || pending[0].FormID != form {
		t.Errorf("pending for %d: %+v, want form %d", who, pending, form)
	}
	inv, err := store.ByUser(ctx, p, form)
	if err != nil {
		t.Fatal(err)
	}
	reply := feedback.Reply{}
	for _, q := range inv.Questions {
		switch {
		case q.Kind.Scaled():
			reply[q.ID] = []string{strconv.Itoa(4)}
		case q.Kind.Choice():
			reply[q.ID] = []string{q.Options[0]}
		default:
			reply[q.ID] = []string{"Více času na diskusi."}
		}
	}
	before := count(t, pool, `SELECT count(*) FROM feedback_responses WHERE form_id = $1`, form)
	if err := store.AnswerAs(ctx, p, form, reply); err != nil {
		t.Fatalf("answer of %d to %d: %v", who, form, err)
	}
	if n := count(t, pool, `SELECT count(*) FROM feedback_responses WHERE form_id = $1`, form); n != before+1 {
		t.Errorf("responses to %d: %d, want %d", form, n, before+1)
	}
	checkAll(t, pool, feedbackRules[:1])
}
