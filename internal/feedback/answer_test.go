package feedback_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"hnizdo.cz/hnizdo/internal/app"
	"hnizdo.cz/hnizdo/internal/auth"
	"hnizdo.cz/hnizdo/internal/feedback"
)

// keyed returns the current questions of form fid by template key, or by label for questions
// added in the builder.
func (e env) keyed(t *testing.T, fid int64) (map[string]feedback.Question, []feedback.Question) {
	t.Helper()
	f, err := e.s.Get(ctx, e.p.coordJMK, fid)
	if err != nil {
		t.Fatal(err)
	}
	qs, err := e.s.Questions(ctx, fid, f.Version)
	if err != nil {
		t.Fatal(err)
	}
	m := map[string]feedback.Question{}
	for _, q := range qs {
		k := q.Key
		if k == "" {
			k = q.Label
		}
		m[k] = q
	}
	return m, qs
}

// goodReply answers every question of the standard template.
func goodReply(q map[string]feedback.Question) feedback.Reply {
	return feedback.Reply{
		q["benefit"].ID:      {"4"},
		q["atmosphere"].ID:   {"5"},
		q["organisation"].ID: {"3"},
		q["useful_topic"].ID: {"Sanace rodiny"},
		q["next_topics"].ID:  {"Pěstounská péče\nSpolupráce se školou"},
		q["regular"].ID:      {"Ano"},
	}
}

// intOf runs a query returning one number.
func (e env) intOf(t *testing.T, sql string, args ...any) int {
	t.Helper()
	var n int
	if err := e.pool.QueryRow(ctx, sql, args...).Scan(&n); err != nil {
		t.Fatalf("%s: %v", sql, err)
	}
	return n
}

// nothingStored fails unless form fid has no response, no answer and no recorded answer, and
// u's invitation is still unspent.
func (e env) nothingStored(t *testing.T, fid int64, u *auth.User) {
	t.Helper()
	if n := e.intOf(t, `SELECT count(*) FROM feedback_responses WHERE form_id = $1`, fid); n != 0 {
		t.Errorf("%d responses stored", n)
	}
	if n := e.intOf(t, `SELECT count(*) FROM feedback_answers a JOIN feedback_questions q ON q.id = a.question_id WHERE q.form_id = $1`, fid); n != 0 {
		t.Errorf("%d answers stored", n)
	}
	if n := e.intOf(t, `SELECT count(*) FROM feedback_invites WHERE form_id = $1 AND user_id = $2 AND answered`, fid, u.ID); n != 0 {
		t.Errorf("the invitation was spent")
	}
	if n := e.intOf(t, `SELECT count(*) FROM audit_log WHERE action = 'feedback.answer' AND object_id = $1`, fid); n != 0 {
		t.Errorf("%d answers recorded in the audit log", n)
	}
}

// jsonOf returns to_jsonb of the rows a query selects, decoded.
func (e env) jsonOf(t *testing.T, sql string, args ...any) []map[string]any {
	t.Helper()
	rows, err := e.pool.Query(ctx, sql, args...)
	if err != nil {
		t.Fatalf("%s: %v", sql, err)
	}
	defer rows.Close()
	var out []map[string]any
	for rows.Next() {
		var raw []byte
		if err := rows.Scan(&raw); err != nil {
			t.Fatal(err)
		}
		var m map[string]any
		if err := json.Unmarshal(raw, &m); err != nil {
			t.Fatal(err)
		}
		out = append(out, m)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

var (
	reUUIDv4 = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`)
	reDate   = regexp.MustCompile(`\d{4}-\d{2}-\d{2}`)
)

func TestAnonymity(t *testing.T) {
	e := setup(t)
	people := e.attendees(t, 6)
	fid, tokens := e.heldWithForm(t, people...)
	q, _ := e.keyed(t, fid)
	for i, u := range people {
		var err error
		if i%2 == 0 {
			err = e.s.AnswerByToken(ctx, tokens[u.ID], goodReply(q))
		} else {
			err = e.s.AnswerAs(ctx, u, fid, goodReply(q))
		}
		if err != nil {
			t.Fatalf("answer of %s: %v", u.Name, err)
		}
	}

	t.Run("no column links answers to people or invitations", func(t *testing.T) {
		rows, err := e.pool.Query(ctx, `
			SELECT c.conrelid::regclass::text || '.' || a.attname || ' -> ' || c.confrelid::regclass::text
			FROM pg_constraint c JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = ANY (c.conkey)
			WHERE c.contype = 'f' AND c.conrelid IN ('feedback_responses'::regclass, 'feedback_answers'::regclass, 'feedback_invites'::regclass)
			ORDER BY 1`)
		if err != nil {
			t.Fatal(err)
		}
		var fks []string
		for rows.Next() {
			var s string
			if err := rows.Scan(&s); err != nil {
				t.Fatal(err)
			}
			fks = append(fks, s)
		}
		if err := rows.Err(); err != nil {
			t.Fatal(err)
		}
		want := []string{
			"feedback_answers.question_id -> feedback_questions",
			"feedback_answers.response_id -> feedback_responses",
			"feedback_invites.form_id -> feedback_forms",
			"feedback_invites.user_id -> users",
			"feedback_responses.form_id -> feedback_forms",
			"feedback_responses.user_id -> users",
		}
		if !slices.Equal(fks, want) {
			t.Fatalf("foreign keys = %q, want %q", fks, want)
		}
	})

	t.Run("only a named response has a time and invitations have none", func(t *testing.T) {
		rows, err := e.pool.Query(ctx, `
			SELECT table_name || '.' || column_name FROM information_schema.columns
			WHERE table_schema = current_schema()
			AND table_name IN ('feedback_responses', 'feedback_answers', 'feedback_invites')
			AND (data_type LIKE 'time%' OR data_type IN ('date', 'interval'))
			ORDER BY 1`)
		if err != nil {
			t.Fatal(err)
		}
		var cols []string
		for rows.Next() {
			var s string
			if err := rows.Scan(&s); err != nil {
				t.Fatal(err)
			}
			cols = append(cols, s)
		}
		if err := rows.Err(); err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(cols, []string{"feedback_responses.submitted_at"}) {
			t.Fatalf("time columns = %q", cols)
		}
	})

	t.Run("anonymous responses hold neither person nor time", func(t *testing.T) {
		rs := e.jsonOf(t, `SELECT to_jsonb(r) FROM feedback_responses r WHERE form_id = $1`, fid)
		if len(rs) != len(people) {
			t.Fatalf("%d responses, want %d", len(rs), len(people))
		}
		var words []string
		for _, u := range people {
			words = append(words, u.Email, u.Name)
		}
		for _, r := range rs {
			keys := slices.Sorted(maps.Keys(r))
			if !slices.Equal(keys, []string{"anonymous", "form_id", "id", "submitted_at", "user_id", "version"}) {
				t.Fatalf("response columns = %q", keys)
			}
			if r["user_id"] != nil || r["submitted_at"] != nil || r["anonymous"] != true || r["form_id"] != float64(fid) || r["version"] != float64(1) {
				t.Fatalf("response = %v", r)
			}
			if id, _ := r["id"].(string); !reUUIDv4.MatchString(id) {
				t.Fatalf("response id %q is not a random uuid", id)
			}
			raw, _ := json.Marshal(r)
			for _, w := range words {
				if strings.Contains(string(raw), w) {
					t.Fatalf("response %s holds %q", raw, w)
				}
			}
			if reDate.Match(raw) {
				t.Fatalf("response %s holds a date", raw)
			}
		}
		as := e.jsonOf(t, `SELECT to_jsonb(a) FROM feedback_answers a JOIN feedback_responses r ON r.id = a.response_id WHERE r.form_id = $1`, fid)
		if len(as) != 6*len(people) {
			t.Fatalf("%d answers, want %d", len(as), 6*len(people))
		}
		for _, a := range as {
			keys := slices.Sorted(maps.Keys(a))
			if !slices.Equal(keys, []string{"carried", "choices", "number", "question_id", "response_id", "text"}) {
				t.Fatalf("answer columns = %q", keys)
			}
			raw, _ := json.Marshal(a)
			for _, w := range words {
				if strings.Contains(string(raw), w) {
					t.Fatalf("answer %s holds %q", raw, w)
				}
			}
			if reDate.Match(raw) {
				t.Fatalf("answer %s holds a date", raw)
			}
		}
	})

	t.Run("invitations say only whether someone answered", func(t *testing.T) {
		for _, i := range e.jsonOf(t, `SELECT to_jsonb(i) FROM feedback_invites i WHERE form_id = $1`, fid) {
			keys := slices.Sorted(maps.Keys(i))
			if !slices.Equal(keys, []string{"answered", "form_id", "token_hash", "user_id"}) || i["answered"] != true {
				t.Fatalf("invitation = %v", i)
			}
		}
	})

	t.Run("responses and invitations join on nothing", func(t *testing.T) {
		// The columns the two tables share are the only join there could be.
		shared := e.intOf(t, `
			SELECT count(*) FROM information_schema.columns r JOIN information_schema.columns i
				ON i.column_name = r.column_name AND i.table_schema = r.table_schema AND i.table_name = 'feedback_invites'
			WHERE r.table_schema = current_schema() AND r.table_name = 'feedback_responses'
			AND r.column_name NOT IN ('form_id', 'user_id')`)
		if shared != 0 {
			t.Fatalf("responses share %d more columns with invitations", shared)
		}
		n := e.intOf(t, `SELECT count(*) FROM feedback_responses r JOIN feedback_invites i
			ON i.form_id = r.form_id AND i.user_id = r.user_id WHERE r.form_id = $1`, fid)
		if n != 0 {
			t.Fatalf("%d responses join their invitation", n)
		}
	})

	t.Run("the audit log names who answered but never the response", func(t *testing.T) {
		rows, err := e.pool.Query(ctx, `SELECT id::text FROM feedback_responses WHERE form_id = $1`, fid)
		if err != nil {
			t.Fatal(err)
		}
		var ids []string
		for rows.Next() {
			var id string
			if err := rows.Scan(&id); err != nil {
				t.Fatal(err)
			}
			ids = append(ids, id)
		}
		if err := rows.Err(); err != nil {
			t.Fatal(err)
		}
		for _, id := range ids {
			if n := e.intOf(t, `SELECT count(*) FROM audit_log a WHERE strpos(to_jsonb(a)::text, $1) > 0`, id); n != 0 {
				t.Fatalf("response %s appears in %d audit entries", id, n)
			}
		}
		// Each answer is recorded, but anonymously: no actor, and nothing but the flag.
		n := e.intOf(t, `SELECT count(*) FROM audit_log WHERE action = 'feedback.answer'
			AND object_type = 'feedback' AND object_id = $1 AND actor_id IS NULL AND detail = '{"anonymous": true}'`, fid)
		if n != len(people) || e.intOf(t, `SELECT count(*) FROM audit_log WHERE action = 'feedback.answer'`) != len(people) {
			t.Fatalf("%d anonymous answer entries, want %d", n, len(people))
		}
		// Who answered is only the invitations' flag, which has no time.
		if n := e.intOf(t, `SELECT count(*) FROM feedback_invites WHERE form_id = $1 AND answered AND user_id = ANY ($2)`,
			fid, userIDs(people)); n != len(people) {
			t.Fatalf("%d invitations spent, want %d", n, len(people))
		}
	})

	t.Run("the rows' system columns do not tie an answer to its invitation", func(t *testing.T) {
		e := setup(t)
		people := e.attendees(t, 6)
		fid, tokens := e.heldWithForm(t, people...)
		q, _ := e.keyed(t, fid)
		for _, u := range people[:4] {
			if err := e.s.AnswerByToken(ctx, tokens[u.ID], goodReply(q)); err != nil {
				t.Fatal(err)
			}
		}
		// Every answer rewrites all the form's invitations, so they share one writing
		// transaction and no invitation alone matches a response's.
		if n := e.intOf(t, `SELECT count(DISTINCT xmin::text) FROM feedback_invites WHERE form_id = $1`, fid); n != 1 {
			t.Fatalf("invitations written by %d transactions", n)
		}
		n := e.intOf(t, `SELECT count(*) FROM feedback_responses r
			WHERE r.form_id = $1 AND (SELECT count(*) FROM feedback_invites i WHERE i.form_id = $1 AND i.xmin = r.xmin) NOT IN (0, 6)`, fid)
		if n != 0 {
			t.Fatalf("%d responses share their transaction with some invitations only", n)
		}
		// The audit entries of the answers are dated by the day alone.
		if n := e.intOf(t, `SELECT count(*) FROM audit_log WHERE object_id = $1 AND action = 'feedback.answer'
			AND at <> date_trunc('day', at AT TIME ZONE 'Europe/Prague') AT TIME ZONE 'Europe/Prague'`, fid); n != 0 {
			t.Fatalf("%d answer entries carry a time of day", n)
		}
	})

	t.Run("a named form keeps the person and the time", func(t *testing.T) {
		e := setup(t)
		people := e.attendees(t, 2)
		fid, tokens := e.heldForm(t, false, people...)
		// The promise made on the page people answer stays: no switching once the form is open.
		err := e.s.Save(ctx, e.p.coordJMK, fid, feedback.Input{Title: "Hodnocení setkání", Anonymous: true,
			ClosesAt: "2026-12-29T13:00"})
		if !errors.Is(err, feedback.ErrPromised) {
			t.Fatalf("anonymity switched on an open form: %v", err)
		}
		q, _ := e.keyed(t, fid)
		if err := e.s.AnswerByToken(ctx, tokens[people[0].ID], goodReply(q)); err != nil {
			t.Fatal(err)
		}
		if err := e.s.AnswerAs(ctx, people[1], fid, goodReply(q)); err != nil {
			t.Fatal(err)
		}
		for _, u := range people {
			var id string
			var anonymous bool
			var at time.Time
			err := e.pool.QueryRow(ctx, `SELECT id::text, anonymous, submitted_at FROM feedback_responses WHERE form_id = $1 AND user_id = $2`,
				fid, u.ID).Scan(&id, &anonymous, &at)
			if err != nil {
				t.Fatalf("response of %s: %v", u.Name, err)
			}
			if anonymous || !at.Equal(at2026(14)) {
				t.Fatalf("response of %s: anonymous %v at %v", u.Name, anonymous, at)
			}
			if n := e.intOf(t, `SELECT count(*) FROM audit_log WHERE action = 'feedback.answer' AND actor_id = $1
				AND object_id = $2 AND detail->>'response' = $3`, u.ID, fid, id); n != 1 {
				t.Fatalf("answer of %s recorded %d times", u.Name, n)
			}
		}
	})
}

// at2026 is 15 December 2026 at hour h in Prague, the day heldWithForm holds its meeting.
func at2026(h int) time.Time { return at(2026, time.December, 15, h, 0) }

func userIDs(us []*auth.User) []int64 {
	ids := make([]int64, len(us))
	for i, u := range us {
		ids[i] = u.ID
	}
	return ids
}

func TestOneAnswerPerPerson(t *testing.T) {
	t.Run("a second submit is refused and stores nothing more", func(t *testing.T) {
		e := setup(t)
		people := e.attendees(t, 1)
		fid, tokens := e.heldWithForm(t, people...)
		q, _ := e.keyed(t, fid)
		tok := tokens[people[0].ID]
		if err := e.s.AnswerByToken(ctx, tok, goodReply(q)); err != nil {
			t.Fatal(err)
		}
		if err := e.s.AnswerByToken(ctx, tok, goodReply(q)); !errors.Is(err, feedback.ErrAnswered) {
			t.Fatalf("second submit: %v, want ErrAnswered", err)
		}
		if err := e.s.AnswerAs(ctx, people[0], fid, goodReply(q)); !errors.Is(err, feedback.ErrAnswered) || !errors.Is(err, app.ErrConflict) {
			t.Fatalf("submit while signed in: %v, want ErrAnswered", err)
		}
		if n := e.intOf(t, `SELECT count(*) FROM feedback_responses WHERE form_id = $1`, fid); n != 1 {
			t.Fatalf("%d responses, want 1", n)
		}
		if n := e.intOf(t, `SELECT count(*) FROM audit_log WHERE action = 'feedback.answer'`); n != 1 {
			t.Fatalf("%d answers recorded, want 1", n)
		}
	})

	t.Run("parallel submits of one link store one response", func(t *testing.T) {
		e := setup(t)
		people := e.attendees(t, 1)
		fid, tokens := e.heldWithForm(t, people...)
		q, _ := e.keyed(t, fid)
		start := make(chan struct{})
		errs := make([]error, 10)
		var wg sync.WaitGroup
		for i := range errs {
			wg.Go(func() {
				<-start
				errs[i] = e.s.AnswerByToken(ctx, tokens[people[0].ID], goodReply(q))
			})
		}
		close(start)
		wg.Wait()
		ok := 0
		for _, err := range errs {
			switch {
			case err == nil:
				ok++
			case !errors.Is(err, feedback.ErrAnswered):
				t.Fatalf("submit: %v", err)
			}
		}
		if ok != 1 {
			t.Fatalf("%d submits accepted, want 1", ok)
		}
		if n := e.intOf(t, `SELECT count(*) FROM feedback_responses WHERE form_id = $1`, fid); n != 1 {
			t.Fatalf("%d responses, want 1", n)
		}
		if n := e.intOf(t, `SELECT count(*) FROM feedback_answers`); n != 6 {
			t.Fatalf("%d answers, want 6", n)
		}
		if n := e.intOf(t, `SELECT count(*) FROM feedback_invites WHERE form_id = $1 AND answered`, fid); n != 1 {
			t.Fatalf("%d answered invitations, want 1", n)
		}
	})

	t.Run("parallel attendees store a response each", func(t *testing.T) {
		e := setup(t)
		people := e.attendees(t, 15)
		fid, tokens := e.heldWithForm(t, people...)
		q, _ := e.keyed(t, fid)
		e.answerAtOnce(t, people, tokens, goodReply(q))
		if n := e.intOf(t, `SELECT count(*) FROM feedback_responses WHERE form_id = $1`, fid); n != 15 {
			t.Fatalf("%d responses, want 15", n)
		}
		if n := e.intOf(t, `SELECT count(*) FROM feedback_invites WHERE form_id = $1 AND answered`, fid); n != 15 {
			t.Fatalf("%d answered invitations, want 15", n)
		}
		if n := e.intOf(t, `SELECT count(*) FROM feedback_answers`); n != 15*6 {
			t.Fatalf("%d answers, want %d", n, 15*6)
		}
	})
}

// answerAtOnce has every one of people answer with r through their invitation links, all at
// the same moment.
func (e env) answerAtOnce(t *testing.T, people []*auth.User, tokens map[int64]string, r feedback.Reply) {
	t.Helper()
	start := make(chan struct{})
	errs := make([]error, len(people))
	var wg sync.WaitGroup
	for i, u := range people {
		wg.Go(func() {
			<-start
			errs[i] = e.s.AnswerByToken(ctx, tokens[u.ID], r)
		})
	}
	close(start)
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		t.Fatal(err)
	}
}

// withExtras adds a 0–10 and a multiple-choice question to the open form fid before anyone
// answered, so they join its current version.
func (e env) withExtras(t *testing.T, fid int64) {
	t.Helper()
	for _, in := range []feedback.QuestionInput{
		{Kind: feedback.NPS, Label: "Doporučili byste setkání kolegům?"},
		{Kind: feedback.Multiple, Label: "Co chcete příště?", Options: "Kazuistiky\nSupervize\nLegislativa"},
	} {
		if _, err := e.s.AddQuestion(ctx, e.p.coordJMK, fid, in); err != nil {
			t.Fatalf("add %s: %v", in.Label, err)
		}
	}
}

func TestBadAnswersStoreNothing(t *testing.T) {
	e := setup(t)
	people := e.attendees(t, 2)
	fid, tokens := e.heldWithForm(t, people...)
	e.withExtras(t, fid)
	q, qs := e.keyed(t, fid)
	tok := tokens[people[0].ID]
	nps, multi := q["Doporučili byste setkání kolegům?"], q["Co chcete příště?"]

	cases := []struct {
		name   string
		change func(feedback.Reply)
		q      feedback.Question
		want   string
	}{
		{"a missing required rating is refused", func(r feedback.Reply) { delete(r, q["benefit"].ID) }, q["benefit"], "err.required"},
		{"a blank required choice is refused", func(r feedback.Reply) { r[q["regular"].ID] = []string{" "} }, q["regular"], "err.required"},
		{"rating 6 is out of range", func(r feedback.Reply) { r[q["benefit"].ID] = []string{"6"} }, q["benefit"], "feedback.err.range"},
		{"rating 0 is out of range", func(r feedback.Reply) { r[q["atmosphere"].ID] = []string{"0"} }, q["atmosphere"], "feedback.err.range"},
		{"a rating that is no number is refused", func(r feedback.Reply) { r[q["organisation"].ID] = []string{"x"} }, q["organisation"], "feedback.err.range"},
		{"two ratings are refused", func(r feedback.Reply) { r[q["benefit"].ID] = []string{"3", "4"} }, q["benefit"], "feedback.err.range"},
		{"recommendation 11 is out of range", func(r feedback.Reply) { r[nps.ID] = []string{"11"} }, nps, "feedback.err.range"},
		{"a choice not offered is refused", func(r feedback.Reply) { r[q["regular"].ID] = []string{"Snad"} }, q["regular"], "feedback.err.choice"},
		{"two values of a single choice are refused", func(r feedback.Reply) { r[q["regular"].ID] = []string{"Ano", "Ne"} }, q["regular"], "feedback.err.choice"},
		{"a multiple choice not offered is refused", func(r feedback.Reply) { r[multi.ID] = []string{"Supervize", "Golf"} }, multi, "feedback.err.choice"},
		{"a birth number in a text is refused", func(r feedback.Reply) { r[q["next_topics"].ID] = []string{"Dítě s RČ 850101/1234"} }, q["next_topics"], "feedback.err.personal_data"},
		{"a too long short text is refused", func(r feedback.Reply) { r[q["useful_topic"].ID] = []string{strings.Repeat("ž", feedback.MaxShort+1)} }, q["useful_topic"], "err.too_long"},
		{"a too long long text is refused", func(r feedback.Reply) { r[q["next_topics"].ID] = []string{strings.Repeat("a", feedback.MaxLong+1)} }, q["next_topics"], "err.too_long"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := goodReply(q)
			c.change(r)
			field := fmt.Sprintf("q%d", c.q.ID)
			want := app.Invalid{field: c.want}
			if got := feedback.Check(qs, r); !maps.Equal(got, want) {
				t.Errorf("Check = %v, want %v", got, want)
			}
			err := e.s.AnswerByToken(ctx, tok, r)
			var inv app.Invalid
			if !errors.As(err, &inv) || !maps.Equal(inv, want) {
				t.Fatalf("answer: %v, want %v", err, want)
			}
			e.nothingStored(t, fid, people[0])
		})
	}

	t.Run("an answer at the deadline is refused", func(t *testing.T) {
		now := e.clock.now()
		e.clock.set(at(2026, time.December, 29, 13, 0)) // the meeting ended at 13:00 on the 15th
		defer e.clock.set(now)
		if err := e.s.AnswerByToken(ctx, tok, goodReply(q)); !errors.Is(err, feedback.ErrClosed) {
			t.Fatalf("answer: %v, want ErrClosed", err)
		}
		if err := e.s.AnswerAs(ctx, people[0], fid, goodReply(q)); !errors.Is(err, feedback.ErrClosed) {
			t.Fatalf("answer: %v, want ErrClosed", err)
		}
		e.nothingStored(t, fid, people[0])
	})

	t.Run("an unknown link is refused", func(t *testing.T) {
		if err := e.s.AnswerByToken(ctx, tok+"x", goodReply(q)); !errors.Is(err, feedback.ErrBadLink) {
			t.Fatalf("answer: %v, want ErrBadLink", err)
		}
		if err := e.s.AnswerByToken(ctx, "", goodReply(q)); !errors.Is(err, feedback.ErrBadLink) {
			t.Fatalf("answer: %v, want ErrBadLink", err)
		}
		e.nothingStored(t, fid, people[0])
	})

	t.Run("the link still works after the refusals", func(t *testing.T) {
		if err := e.s.AnswerByToken(ctx, tok, goodReply(q)); err != nil {
			t.Fatal(err)
		}
	})

	t.Run("an answer after closing early is refused", func(t *testing.T) {
		if _, err := e.s.Transition(ctx, e.p.coordJMK, fid, feedback.Close); err != nil {
			t.Fatal(err)
		}
		if err := e.s.AnswerByToken(ctx, tokens[people[1].ID], goodReply(q)); !errors.Is(err, feedback.ErrClosed) {
			t.Fatalf("answer: %v, want ErrClosed", err)
		}
		if n := e.intOf(t, `SELECT count(*) FROM feedback_responses WHERE form_id = $1`, fid); n != 1 {
			t.Fatalf("%d responses, want 1", n)
		}
		if n := e.intOf(t, `SELECT count(*) FROM feedback_invites WHERE form_id = $1 AND user_id = $2 AND answered`, fid, people[1].ID); n != 0 {
			t.Fatal("the invitation was spent")
		}
	})
}

func TestInvitationLookup(t *testing.T) {
	e := setup(t)
	people := e.attendees(t, 1)
	fid, tokens := e.heldWithForm(t, people...)
	tok := tokens[people[0].ID]

	t.Run("a link finds the form and its questions", func(t *testing.T) {
		inv, err := e.s.ByToken(ctx, tok)
		if err != nil {
			t.Fatal(err)
		}
		if inv.Form.ID != fid || inv.UserID != people[0].ID || inv.Answered || len(inv.Questions) != 6 || inv.Questions[0].Key != "benefit" {
			t.Fatalf("invitation = %+v", inv)
		}
	})

	t.Run("an invited user finds their invitation", func(t *testing.T) {
		inv, err := e.s.ByUser(ctx, people[0], fid)
		if err != nil || inv.Form.ID != fid || inv.UserID != people[0].ID || len(inv.Questions) != 6 {
			t.Fatalf("invitation = %+v, %v", inv, err)
		}
	})

	t.Run("an unknown link is refused", func(t *testing.T) {
		if _, err := e.s.ByToken(ctx, "nonsense"); !errors.Is(err, feedback.ErrBadLink) {
			t.Fatalf("ByToken: %v, want ErrBadLink", err)
		}
	})

	t.Run("a user not invited is refused", func(t *testing.T) {
		if _, err := e.s.ByUser(ctx, e.p.petr, fid); !errors.Is(err, feedback.ErrNotInvited) {
			t.Fatalf("ByUser: %v, want ErrNotInvited", err)
		}
		q, _ := e.keyed(t, fid)
		if err := e.s.AnswerAs(ctx, e.p.petr, fid, goodReply(q)); !errors.Is(err, feedback.ErrNotInvited) {
			t.Fatalf("AnswerAs: %v, want ErrNotInvited", err)
		}
		e.nothingStored(t, fid, people[0])
	})

	t.Run("a template or a missing form is not found", func(t *testing.T) {
		if _, err := e.s.ByUser(ctx, people[0], e.standard(t)); !errors.Is(err, app.ErrNotFound) {
			t.Fatalf("template: %v, want ErrNotFound", err)
		}
		if err := e.s.AnswerAs(ctx, people[0], e.standard(t), feedback.Reply{}); !errors.Is(err, app.ErrNotFound) {
			t.Fatalf("answer a template: %v, want ErrNotFound", err)
		}
		if _, err := e.s.ByUser(ctx, people[0], fid+1000); !errors.Is(err, app.ErrNotFound) {
			t.Fatalf("missing form: %v, want ErrNotFound", err)
		}
	})

	t.Run("a form not open yet is refused", func(t *testing.T) {
		did, err := e.s.Create(ctx, e.p.coordJMK, feedback.Input{Title: "Po metodické návštěvě", Anonymous: true,
			OfficeID: people[0].OfficeID, TemplateID: e.standard(t)})
		if err != nil {
			t.Fatal(err)
		}
		// Drafts have no invitations; one made by hand shows the state is checked anyway.
		if _, err := e.pool.Exec(ctx, `INSERT INTO feedback_invites (form_id, user_id, token_hash) VALUES ($1, $2, 'x')`,
			did, people[0].ID); err != nil {
			t.Fatal(err)
		}
		q, _ := e.keyed(t, did)
		if err := e.s.AnswerAs(ctx, people[0], did, goodReply(q)); !errors.Is(err, feedback.ErrNotOpen) {
			t.Fatalf("answer: %v, want ErrNotOpen", err)
		}
		e.nothingStored(t, did, people[0])
	})

	t.Run("an answered link says so", func(t *testing.T) {
		q, _ := e.keyed(t, fid)
		if err := e.s.AnswerByToken(ctx, tok, goodReply(q)); err != nil {
			t.Fatal(err)
		}
		inv, err := e.s.ByToken(ctx, tok)
		if err != nil || !inv.Answered {
			t.Fatalf("invitation = %+v, %v", inv, err)
		}
	})
}

func TestPending(t *testing.T) {
	e := setup(t)
	people := e.attendees(t, 2)
	fid, tokens := e.heldWithForm(t, people...)
	// A stand-alone form for the attendees' office that closes sooner.
	oid, err := e.s.Create(ctx, e.p.coordJMK, feedback.Input{Title: "Po metodické návštěvě", Anonymous: true,
		OfficeID: people[0].OfficeID, TemplateID: e.standard(t), ClosesAt: "2026-12-20T18:00"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.s.Transition(ctx, e.p.coordJMK, oid, feedback.Open); err != nil {
		t.Fatal(err)
	}
	titles := func(t *testing.T, u *auth.User) []string {
		t.Helper()
		ps, err := e.s.Pending(ctx, u)
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, p := range ps {
			out = append(out, p.Title)
		}
		return out
	}

	t.Run("an invited attendee is asked, soonest deadline first", func(t *testing.T) {
		ps, err := e.s.Pending(ctx, people[0])
		if err != nil {
			t.Fatal(err)
		}
		if len(ps) != 2 {
			t.Fatalf("pending = %+v", ps)
		}
		o, m := ps[0], ps[1]
		if o.FormID != oid || o.MeetingID != nil || o.MeetingTitle != "" || !o.ClosesAt.Equal(at(2026, time.December, 20, 18, 0)) {
			t.Fatalf("first = %+v", o)
		}
		if m.FormID != fid || m.Title != "Hodnocení setkání" || m.MeetingID == nil || m.MeetingTitle != "OSPOD sobě" ||
			!m.ClosesAt.Equal(at(2026, time.December, 29, 13, 0)) {
			t.Fatalf("second = %+v", m)
		}
	})

	t.Run("someone not invited is not asked", func(t *testing.T) {
		if got := titles(t, e.p.metodikJMK); len(got) != 0 {
			t.Fatalf("pending = %q", got)
		}
	})

	t.Run("an answered form is no longer asked", func(t *testing.T) {
		q, _ := e.keyed(t, fid)
		if err := e.s.AnswerByToken(ctx, tokens[people[0].ID], goodReply(q)); err != nil {
			t.Fatal(err)
		}
		if got := titles(t, people[0]); !slices.Equal(got, []string{"Po metodické návštěvě"}) {
			t.Fatalf("pending = %q", got)
		}
		if got := titles(t, people[1]); len(got) != 2 {
			t.Fatalf("pending of the other attendee = %q", got)
		}
	})

	t.Run("a passed deadline is no longer asked", func(t *testing.T) {
		e.clock.set(at(2026, time.December, 20, 18, 0))
		if got := titles(t, people[1]); !slices.Equal(got, []string{"Hodnocení setkání"}) {
			t.Fatalf("pending = %q", got)
		}
		e.clock.set(at(2026, time.December, 29, 13, 0))
		if got := titles(t, people[1]); len(got) != 0 {
			t.Fatalf("pending = %q", got)
		}
	})
}

// stored is one answer as read back.
type stored struct {
	number  *int16
	choices []string
	text    *string
}

// answersOf returns the answers of response id by question.
func (e env) answersOf(t *testing.T, id string) map[int64]stored {
	t.Helper()
	rows, err := e.pool.Query(ctx, `SELECT question_id, number, choices, text FROM feedback_answers WHERE response_id = $1`, id)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	out := map[int64]stored{}
	for rows.Next() {
		var q int64
		var s stored
		if err := rows.Scan(&q, &s.number, &s.choices, &s.text); err != nil {
			t.Fatal(err)
		}
		out[q] = s
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

func TestAnswersStoreWhatWasPosted(t *testing.T) {
	e := setup(t)
	people := e.attendees(t, 2)
	fid, tokens := e.heldWithForm(t, people...)
	e.withExtras(t, fid)
	q, _ := e.keyed(t, fid)
	nps, multi := q["Doporučili byste setkání kolegům?"], q["Co chcete příště?"]
	num := func(s stored, want int16) bool {
		return s.number != nil && *s.number == want && s.choices == nil && s.text == nil
	}
	txt := func(s stored, want string) bool {
		return s.text != nil && *s.text == want && s.number == nil && s.choices == nil
	}
	chosen := func(s stored, want ...string) bool {
		return slices.Equal(s.choices, want) && s.number == nil && s.text == nil
	}

	t.Run("a link stores every answer as posted", func(t *testing.T) {
		short := strings.Repeat("ž", feedback.MaxShort)
		r := feedback.Reply{
			q["benefit"].ID:      {"4"},
			q["atmosphere"].ID:   {" 5 "},
			q["organisation"].ID: {"1"},
			q["useful_topic"].ID: {short},
			q["next_topics"].ID:  {"  Pěstounská péče\r\nSpolupráce se školou \r\n"},
			q["regular"].ID:      {"Možná"},
			nps.ID:               {"0"},
			multi.ID:             {"Legislativa", "Kazuistiky", "Legislativa"},
			999999999:            {"ignored"},
		}
		if err := e.s.AnswerByToken(ctx, tokens[people[0].ID], r); err != nil {
			t.Fatal(err)
		}
		var id string
		var version int32
		if err := e.pool.QueryRow(ctx, `SELECT id::text, version FROM feedback_responses WHERE form_id = $1`, fid).Scan(&id, &version); err != nil {
			t.Fatal(err)
		}
		if version != q["benefit"].Version {
			t.Fatalf("version %d, want %d", version, q["benefit"].Version)
		}
		a := e.answersOf(t, id)
		switch {
		case len(a) != 8:
			t.Fatalf("%d answers, want 8: %+v", len(a), a)
		case !num(a[q["benefit"].ID], 4), !num(a[q["atmosphere"].ID], 5), !num(a[q["organisation"].ID], 1), !num(a[nps.ID], 0):
			t.Fatalf("numbers = %+v", a)
		case !txt(a[q["useful_topic"].ID], short), !txt(a[q["next_topics"].ID], "Pěstounská péče\nSpolupráce se školou"):
			t.Fatalf("texts = %q, %q", *a[q["useful_topic"].ID].text, *a[q["next_topics"].ID].text)
		case !chosen(a[q["regular"].ID], "Možná"), !chosen(a[multi.ID], "Kazuistiky", "Legislativa"):
			t.Fatalf("choices = %q, %q", a[q["regular"].ID].choices, a[multi.ID].choices)
		}
	})

	t.Run("a signed-in user stores the required answers and no empty ones", func(t *testing.T) {
		r := feedback.Reply{
			q["benefit"].ID:      {"2"},
			q["atmosphere"].ID:   {"3"},
			q["organisation"].ID: {"5"},
			q["useful_topic"].ID: {"  "},
			q["regular"].ID:      {"Ne"},
			multi.ID:             {},
		}
		if err := e.s.AnswerAs(ctx, people[1], fid, r); err != nil {
			t.Fatal(err)
		}
		var id string
		err := e.pool.QueryRow(ctx, `SELECT r.id::text FROM feedback_responses r WHERE form_id = $1
			AND NOT EXISTS (SELECT 1 FROM feedback_answers a WHERE a.response_id = r.id AND a.number = 4)`, fid).Scan(&id)
		if err != nil {
			t.Fatal(err)
		}
		a := e.answersOf(t, id)
		if len(a) != 4 || !num(a[q["benefit"].ID], 2) || !num(a[q["atmosphere"].ID], 3) || !num(a[q["organisation"].ID], 5) ||
			!chosen(a[q["regular"].ID], "Ne") {
			t.Fatalf("answers = %+v", a)
		}
		if n := e.intOf(t, `SELECT count(*) FROM feedback_invites WHERE form_id = $1 AND answered`, fid); n != 2 {
			t.Fatalf("%d answered invitations, want 2", n)
		}
	})
}
