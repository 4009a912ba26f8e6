package feedback_test

import (
	"strings"
	"testing"
	"unicode/utf8"

	"hnizdo.cz/hnizdo/internal/feedback"
)

func TestOpenSendsInvitationsToAttendees(t *testing.T) {
	e := setup(t)
	people := e.attendees(t, 3)
	fid, tokens := e.heldWithForm(t, people...)
	if len(tokens) != 3 {
		t.Fatalf("invited %d, want 3", len(tokens))
	}
	f, err := e.s.Get(ctx, e.p.coordJMK, fid)
	if err != nil {
		t.Fatal(err)
	}
	if f.Status != "open" || f.Invited != 3 {
		t.Fatalf("form = %s with %d invited", f.Status, f.Invited)
	}
	qs, err := e.s.Questions(ctx, fid, f.Version)
	if err != nil || len(qs) != 6 || qs[0].Key != "benefit" || qs[5].Options[2] != "Možná" {
		t.Fatalf("questions = %+v, %v", qs, err)
	}
}

// An edit that waits for the first answer's lock must see that answer: the version it would
// change is frozen by then, so the edit goes to a new version and the answered question stays
// as it was asked.
func TestEditRacingFirstAnswerMakesNewVersion(t *testing.T) {
	for round := range 5 {
		e := setup(t)
		people := e.attendees(t, 1)
		fid, tokens := e.heldWithForm(t, people...)
		q, _ := e.keyed(t, fid)
		start := make(chan struct{})
		errs := make(chan error, 2)
		go func() {
			<-start
			errs <- e.s.AnswerByToken(ctx, tokens[people[0].ID], goodReply(q))
		}()
		go func() {
			<-start
			errs <- e.s.SaveQuestion(ctx, e.p.coordJMK, fid, q["benefit"].ID, feedback.QuestionInput{Label: "Změněná otázka", Required: true})
		}()
		close(start)
		for range 2 {
			if err := <-errs; err != nil {
				t.Fatalf("round %d: %v", round, err)
			}
		}
		// The audit log says which came first.
		var answerFirst bool
		if err := e.pool.QueryRow(ctx, `SELECT (SELECT min(id) FROM audit_log WHERE action = 'feedback.answer' AND object_id = $1)
			< (SELECT min(id) FROM audit_log WHERE action = 'feedback.question_save' AND object_id = $1)`, fid).Scan(&answerFirst); err != nil {
			t.Fatal(err)
		}
		var answeredLabel string
		var version int
		if err := e.pool.QueryRow(ctx, `SELECT q.label, (SELECT version FROM feedback_forms WHERE id = $1)
			FROM feedback_answers a JOIN feedback_questions q ON q.id = a.question_id
			WHERE q.key = 'benefit' AND q.form_id = $1`, fid).Scan(&answeredLabel, &version); err != nil {
			t.Fatal(err)
		}
		want, wantVersion := "Změněná otázka", 1 // the edit came first: the answer is to the new wording
		if answerFirst {
			want, wantVersion = "Přínos setkání pro mou praxi", 2
		}
		if answeredLabel != want || version != wantVersion {
			t.Fatalf("round %d (answer first: %v): the answered question reads %q, form version %d", round, answerFirst, answeredLabel, version)
		}
	}
}

// The same, made certain: the edit is held at the lock while the first answer commits.
func TestEditWaitingForFirstAnswerMakesNewVersion(t *testing.T) {
	e := setup(t)
	people := e.attendees(t, 1)
	fid, _ := e.heldWithForm(t, people...)
	q, _ := e.keyed(t, fid)
	tx, err := e.pool.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback(ctx)
	if _, err := tx.Exec(ctx, `SELECT 1 FROM feedback_forms WHERE id = $1 FOR UPDATE`, fid); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() {
		done <- e.s.SaveQuestion(ctx, e.p.coordJMK, fid, q["benefit"].ID, feedback.QuestionInput{Label: "Změněná otázka", Required: true})
	}()
	// Wait until the edit waits for the lock.
	for waiting := false; !waiting; {
		if err := e.pool.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM pg_stat_activity
			WHERE wait_event_type = 'Lock' AND query LIKE '%FOR UPDATE%' AND datname = current_database())`).Scan(&waiting); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := tx.Exec(ctx, `WITH r AS (INSERT INTO feedback_responses (form_id, version, anonymous) VALUES ($1, 1, true) RETURNING id)
		INSERT INTO feedback_answers (response_id, question_id, number) SELECT r.id, $2, 4 FROM r`, fid, q["benefit"].ID); err != nil {
		t.Fatal(err)
	}
	if err := tx.Commit(ctx); err != nil {
		t.Fatal(err)
	}
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	var label string
	var version int
	if err := e.pool.QueryRow(ctx, `SELECT q.label, f.version FROM feedback_questions q JOIN feedback_forms f ON f.id = q.form_id
		WHERE q.id = $1`, q["benefit"].ID).Scan(&label, &version); err != nil {
		t.Fatal(err)
	}
	if label != "Přínos setkání pro mou praxi" || version != 2 {
		t.Fatalf("the answered question reads %q, form version %d", label, version)
	}
}

func TestCreateEdges(t *testing.T) {
	e := setup(t)
	t.Run("an administrator's form naming no region is of their own", func(t *testing.T) {
		id, err := e.s.Create(ctx, e.p.admin, feedback.Input{Title: "Po metodické návštěvě", Anonymous: true})
		if err != nil {
			t.Fatal(err)
		}
		f, err := e.s.Get(ctx, e.p.admin, id)
		if err != nil || f.Region() != e.p.admin.RegionID {
			t.Fatalf("form region %d, %v", f.Region(), err)
		}
	})
	t.Run("a template of a form with the longest title keeps within the limit", func(t *testing.T) {
		long := strings.Repeat("ř", feedback.MaxTitle)
		id, err := e.s.Create(ctx, e.p.coordJMK, feedback.Input{Title: long, Anonymous: true, TemplateID: e.standard(t)})
		if err != nil {
			t.Fatal(err)
		}
		tid, err := e.s.SaveAsTemplate(ctx, e.p.coordJMK, id, "Šablona: "+long)
		if err != nil {
			t.Fatal(err)
		}
		tpl, err := e.s.Get(ctx, e.p.coordJMK, tid)
		if err != nil || !tpl.IsTemplate || utf8.RuneCountInString(tpl.Title) != feedback.MaxTitle {
			t.Fatalf("template %+v, %v", tpl, err)
		}
		if qs, _ := e.s.Questions(ctx, tid, 1); len(qs) != 6 {
			t.Fatalf("template has %d questions", len(qs))
		}
	})
}
