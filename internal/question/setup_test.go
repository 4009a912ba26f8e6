package question_test

import (
	"context"
	"errors"
	"fmt"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"hnizdo.cz/hnizdo/internal/app"
	"hnizdo.cz/hnizdo/internal/audit"
	"hnizdo.cz/hnizdo/internal/auth"
	"hnizdo.cz/hnizdo/internal/db"
	"hnizdo.cz/hnizdo/internal/db/dbtest"
	"hnizdo.cz/hnizdo/internal/i18n"
	"hnizdo.cz/hnizdo/internal/question"
)

var ctx = context.Background()

// people are the users of one test database.
type people struct {
	metodik    *auth.User // methodologist of JMK: answers the region's questions
	metodik2   *auth.User // a second JMK methodologist, to assign to
	metodikPAK *auth.User // another region: sees nothing of JMK's unpublished questions
	headSlap   *auth.User // head of OSPOD at Šlapanice, the asker's colleague
	jana       *auth.User // caseworker at Šlapanice who asks
	headBlan   *auth.User // head at Blansko, another JMK office
	coord      *auth.User // network coordinator of JMK: no oversight rights
}

// clock is a settable time for the store, starting at Monday 2 March 2026, 10:00 in Prague.
type clock struct{ t atomic.Pointer[time.Time] }

func (c *clock) now() time.Time  { return *c.t.Load() }
func (c *clock) set(t time.Time) { c.t.Store(&t) }

// date is a calendar date as the store keeps it (midnight UTC).
func date(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

type env struct {
	s     *question.Store
	pool  *pgxpool.Pool
	p     people
	clock *clock
	n     *atomic.Int64
	slap  int64 // office ids
	blan  int64
}

func setup(t *testing.T) env {
	t.Helper()
	pool := dbtest.New(t)
	c := &clock{}
	c.set(time.Date(2026, time.March, 2, 10, 0, 0, 0, i18n.Prague))
	e := env{s: question.NewStore(pool), pool: pool, clock: c, n: &atomic.Int64{}}
	e.s.SetClock(c.now)
	e.p = people{
		metodik:    e.user(t, "Martina Metodická", "Krajský úřad Jihomoravského kraje", auth.Methodologist),
		metodik2:   e.user(t, "Karel Kontrolor", "Krajský úřad Jihomoravského kraje", auth.Methodologist),
		metodikPAK: e.user(t, "Pavel Pardubický", "Krajský úřad Pardubického kraje", auth.Methodologist),
		headSlap:   e.user(t, "Eva Vedoucí", "Městský úřad Šlapanice", auth.Head),
		jana:       e.user(t, "Jana Nováková", "Městský úřad Šlapanice", auth.Caseworker),
		headBlan:   e.user(t, "Bohumil Blanenský", "Městský úřad Blansko", auth.Head),
		coord:      e.user(t, "Gabriela Vybíralová", "Krajský úřad Jihomoravského kraje", auth.Coordinator),
	}
	e.slap, e.blan = e.p.headSlap.OfficeID, e.p.headBlan.OfficeID
	return e
}

// user adds a user at office.
func (e env) user(t *testing.T, name, office string, roles ...auth.Role) *auth.User {
	t.Helper()
	if len(roles) == 0 {
		roles = []auth.Role{auth.Caseworker}
	}
	u := &auth.User{Name: name, Email: fmt.Sprintf("u%d@x.cz", e.n.Add(1)), Roles: roles}
	err := e.pool.QueryRow(ctx, `
		INSERT INTO users (email, name, office_id, roles, password_hash)
		SELECT $1, $2, o.id, $4, 'x' FROM offices o WHERE o.name = $3
		RETURNING id, office_id, (SELECT region_id FROM offices WHERE name = $3)`, u.Email, name, office, roles).
		Scan(&u.ID, &u.OfficeID, &u.RegionID)
	if err != nil {
		t.Fatalf("user %s: %v", name, err)
	}
	return u
}

// ask stores a question by u.
func (e env) ask(t *testing.T, u *auth.User, title string) int64 {
	t.Helper()
	id, err := e.s.Ask(ctx, u, question.AskInput{Title: title, Body: "Jak postupovat správně?", AreaID: 6})
	if err != nil {
		t.Fatalf("ask %q: %v", title, err)
	}
	return id
}

// version reads the question's version, for the next step.
func (e env) version(t *testing.T, id int64) int32 {
	t.Helper()
	var v int32
	if err := e.pool.QueryRow(ctx, `SELECT version FROM questions WHERE id = $1`, id).Scan(&v); err != nil {
		t.Fatal(err)
	}
	return v
}

// state reads the question's state straight from the table.
func (e env) state(t *testing.T, id int64) question.State {
	t.Helper()
	var st question.State
	if err := e.pool.QueryRow(ctx, `SELECT state FROM questions WHERE id = $1`, id).Scan(&st); err != nil {
		t.Fatal(err)
	}
	return st
}

// answer answers question id as the JMK methodologist.
func (e env) answer(t *testing.T, id int64, text string) {
	t.Helper()
	if err := e.s.Answer(ctx, e.p.metodik, id, question.AnswerInput{Answer: text, Version: e.version(t, id)}); err != nil {
		t.Fatalf("answer %d: %v", id, err)
	}
}

// publish publishes answered question id under the FAQ wording title and body.
func (e env) publish(t *testing.T, id int64, title, body string) {
	t.Helper()
	if err := e.s.Publish(ctx, e.p.metodik, id, question.PublishInput{FAQTitle: title, FAQBody: body, Version: e.version(t, id)}); err != nil {
		t.Fatalf("publish %d: %v", id, err)
	}
}

// trail lists the question's audit entries as "action from→to".
func (e env) trail(t *testing.T, kind string, id int64) []string {
	t.Helper()
	rows, err := audit.For(ctx, e.pool, kind, id)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, r := range rows {
		out = append(out, r.Action+" "+r.From+"→"+r.To)
	}
	return out
}

// note inserts a note by the JMK methodologist in status, returning its id.
func (e env) note(t *testing.T, title, status string) int64 {
	t.Helper()
	var id int64
	err := e.pool.QueryRow(ctx, `
		INSERT INTO notes (title, author_id, office_id, region_id, status, review_by, published_at)
		VALUES ($1, $2, $3, $4, $5, '2027-01-01', CASE WHEN $5 = 'published' THEN now() END) RETURNING id`,
		title, e.p.metodik.ID, e.p.metodik.OfficeID, e.p.metodik.RegionID, status).Scan(&id)
	if err != nil {
		t.Fatalf("note: %v", err)
	}
	return id
}

// finding inserts an inspection of office in 2026 by methodologist m with a "not met" finding
// on criterion 8a, returning the finding's id.
func (e env) finding(t *testing.T, m *auth.User, office int64) int64 {
	t.Helper()
	var id int64
	err := e.pool.QueryRow(ctx, `
		WITH i AS (INSERT INTO inspections (region_id, office_id, year, quarter, kind, created_by)
			VALUES ($1, $2, 2026, 1, 'standards', $3) RETURNING id)
		INSERT INTO findings (inspection_id, criterion_id, rating, text, assessed_by)
		SELECT i.id, c.id, 'not_met', 'Oznámení se nepřijímají jednotně.', $3 FROM i, criteria c WHERE c.code = '8a'
		RETURNING id`, m.RegionID, office, m.ID).Scan(&id)
	if err != nil {
		t.Fatalf("finding: %v", err)
	}
	return id
}

// topic inserts a held meeting of region with one accepted agenda item proposed by proposer (nil
// for none) and marked as a question for the region, returning the meeting and topic ids.
func (e env) topic(t *testing.T, region int16, proposer *int64) (meetingID, topicID int64) {
	t.Helper()
	err := e.pool.QueryRow(ctx, `
		INSERT INTO meetings (region_id, title, venue, starts_at, ends_at, capacity, register_by, topics_by, status)
		VALUES ($1, 'OSPOD sobě – jaro 2026', 'Krajský úřad', '2026-02-20 09:00+01', '2026-02-20 13:00+01', 40,
			'2026-02-15 00:00+01', '2026-02-15 00:00+01', 'held') RETURNING id`, region).Scan(&meetingID)
	if err != nil {
		t.Fatalf("meeting: %v", err)
	}
	err = e.pool.QueryRow(ctx, `
		INSERT INTO topics (meeting_id, title, description, area_id, proposed_by, status, outcome, decisions, for_region)
		VALUES ($1, 'Styk pěstounů s rodiči', 'Jak často má probíhat styk?', 6, $2, 'accepted',
			'Praxe úřadů se liší.', 'Obrátit se na kraj.', true) RETURNING id`, meetingID, proposer).Scan(&topicID)
	if err != nil {
		t.Fatalf("topic: %v", err)
	}
	return meetingID, topicID
}

// fromTopic calls question.FromTopic in a transaction of its own, as the meeting store would.
func (e env) fromTopic(actor, topicID int64) (int64, error) {
	var id int64
	err := db.InTx(ctx, e.pool, func(tx pgx.Tx) error {
		var err error
		id, err = question.FromTopic(ctx, tx, actor, topicID)
		return err
	})
	return id, err
}

// invalid returns the field errors of err, failing the test when err is not app.Invalid.
func invalid(t *testing.T, err error) app.Invalid {
	t.Helper()
	var inv app.Invalid
	if !errors.As(err, &inv) {
		t.Fatalf("want app.Invalid, got %v", err)
	}
	return inv
}
