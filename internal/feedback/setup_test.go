package feedback_test

import (
	"context"
	"fmt"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"hnizdo.cz/hnizdo/internal/auth"
	"hnizdo.cz/hnizdo/internal/db/dbtest"
	"hnizdo.cz/hnizdo/internal/feedback"
	"hnizdo.cz/hnizdo/internal/i18n"
	"hnizdo.cz/hnizdo/internal/meeting"
)

var ctx = context.Background()

// people are the users of one test database.
type people struct {
	coordJMK   *auth.User // network coordinator of JMK: builds forms, reads results
	metodikJMK *auth.User
	metodikPAK *auth.User // another region: sees nothing of JMK's forms
	jana, petr *auth.User // caseworkers at Šlapanice (JMK)
	headSlap   *auth.User // head of OSPOD at Šlapanice
	admin      *auth.User
}

// clock is a settable time for the stores, starting at 1 December 2026, 10:00 in Prague.
type clock struct{ t atomic.Pointer[time.Time] }

func (c *clock) now() time.Time  { return *c.t.Load() }
func (c *clock) set(t time.Time) { c.t.Store(&t) }

// at is a local Prague time.
func at(y int, mo time.Month, d, h, mi int) time.Time {
	return time.Date(y, mo, d, h, mi, 0, 0, i18n.Prague)
}

type env struct {
	s     *feedback.Store
	m     *meeting.Store
	pool  *pgxpool.Pool
	p     people
	clock *clock
	n     *atomic.Int64
}

func setup(t *testing.T) env {
	t.Helper()
	pool := dbtest.New(t)
	c := &clock{}
	c.set(at(2026, time.December, 1, 10, 0))
	e := env{s: feedback.NewStore(pool), m: meeting.NewStore(pool), pool: pool, clock: c, n: &atomic.Int64{}}
	e.s.SetClock(c.now)
	e.m.SetClock(c.now)
	e.p = people{
		coordJMK:   e.user(t, "Gabriela Vybíralová", "Krajský úřad Jihomoravského kraje", auth.Coordinator),
		metodikJMK: e.user(t, "Martina Metodická", "Krajský úřad Jihomoravského kraje", auth.Methodologist),
		metodikPAK: e.user(t, "Pavel Pardubický", "Krajský úřad Pardubického kraje", auth.Methodologist),
		jana:       e.user(t, "Jana Nováková", "Městský úřad Šlapanice", auth.Caseworker),
		petr:       e.user(t, "Petr Svoboda", "Městský úřad Šlapanice", auth.Caseworker),
		headSlap:   e.user(t, "Eva Vedoucí", "Městský úřad Šlapanice", auth.Head),
		admin:      e.user(t, "Admin Správce", "Krajský úřad Jihomoravského kraje", auth.Admin),
	}
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

// attendees adds n caseworkers at Šlapanice.
func (e env) attendees(t *testing.T, n int) []*auth.User {
	t.Helper()
	out := make([]*auth.User, n)
	for i := range out {
		out[i] = e.user(t, fmt.Sprintf("Účastník %d", i+1), "Městský úřad Šlapanice")
	}
	return out
}

// meetingInput is a valid meeting on 15 December 2026, 9:00–13:00, in series.
func meetingInput(title, series string) meeting.Input {
	return meeting.Input{
		Title: title, Description: "Sdílení dobré praxe.", Venue: "Městský úřad Šlapanice", Address: "Masarykovo nám. 100/7, Šlapanice",
		StartsAt: "2026-12-15T09:00", EndsAt: "2026-12-15T13:00", RegisterBy: "2026-12-10T23:59", TopicsBy: "2026-12-10T23:59",
		Capacity: "100", VoteAllowance: "3", SeriesName: series,
	}
}

// meetingFor makes a meeting of in with people registered and its agenda published; the clock
// stays before the meeting.
func (e env) meetingFor(t *testing.T, in meeting.Input, people ...*auth.User) int64 {
	t.Helper()
	coord := e.p.coordJMK
	id, err := e.m.Create(ctx, coord, in)
	if err != nil {
		t.Fatalf("create meeting: %v", err)
	}
	if err := e.m.Transition(ctx, coord, id, meeting.OpenUp, meeting.Change{}); err != nil {
		t.Fatalf("open meeting: %v", err)
	}
	for _, u := range people {
		if _, err := e.m.Register(ctx, u, id, u.ID); err != nil {
			t.Fatalf("register %s: %v", u.Name, err)
		}
	}
	tid, err := e.m.Propose(ctx, coord, id, meeting.TopicInput{Title: "Pěstounská péče"})
	if err != nil {
		t.Fatalf("propose: %v", err)
	}
	if err := e.m.Decide(ctx, coord, tid, true); err != nil {
		t.Fatalf("accept: %v", err)
	}
	if err := e.m.Transition(ctx, coord, id, meeting.Publish, meeting.Change{}); err != nil {
		t.Fatalf("publish: %v", err)
	}
	return id
}

// hold moves the clock to the afternoon of 15 December 2026 and marks meeting id held.
func (e env) hold(t *testing.T, id int64) {
	t.Helper()
	e.clock.set(at(2026, time.December, 15, 14, 0))
	if err := e.m.Transition(ctx, e.p.coordJMK, id, meeting.Hold, meeting.Change{}); err != nil {
		t.Fatalf("hold: %v", err)
	}
}

// standard returns the id of the seeded "meeting evaluation" template.
func (e env) standard(t *testing.T) int64 {
	t.Helper()
	var id int64
	if err := e.pool.QueryRow(ctx, `SELECT id FROM feedback_forms WHERE is_template AND region_id IS NULL AND title = 'Hodnocení setkání'`).Scan(&id); err != nil {
		t.Fatalf("standard template: %v", err)
	}
	return id
}

// heldWithForm makes a held meeting attended by people, with an anonymous form from the
// standard template, opened; it returns the form id and each person's token.
func (e env) heldWithForm(t *testing.T, people ...*auth.User) (int64, map[int64]string) {
	t.Helper()
	return e.heldForm(t, true, people...)
}

// heldForm is heldWithForm with the anonymity chosen.
func (e env) heldForm(t *testing.T, anonymous bool, people ...*auth.User) (int64, map[int64]string) {
	t.Helper()
	mid := e.meetingFor(t, meetingInput("OSPOD sobě", "OSPOD sobě"), people...)
	fid, err := e.s.Create(ctx, e.p.coordJMK, feedback.Input{Title: "Hodnocení setkání", Anonymous: anonymous,
		MeetingID: mid, TemplateID: e.standard(t)})
	if err != nil {
		t.Fatalf("create form: %v", err)
	}
	e.hold(t, mid)
	sent, err := e.s.Transition(ctx, e.p.coordJMK, fid, feedback.Open)
	if err != nil {
		t.Fatalf("open form: %v", err)
	}
	tokens := map[int64]string{}
	for _, x := range sent {
		tokens[x.UserID] = x.Token
	}
	return fid, tokens
}
