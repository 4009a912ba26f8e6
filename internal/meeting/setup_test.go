package meeting_test

import (
	"context"
	"fmt"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"hnizdo.cz/hnizdo/internal/auth"
	"hnizdo.cz/hnizdo/internal/db/dbtest"
	"hnizdo.cz/hnizdo/internal/i18n"
	"hnizdo.cz/hnizdo/internal/meeting"
)

var ctx = context.Background()

// people are the users of one test database.
type people struct {
	coordJMK   *auth.User // network coordinator of JMK: organises JMK meetings
	metodikJMK *auth.User
	metodikPAK *auth.User
	jana, petr *auth.User // caseworkers at Šlapanice (JMK)
	headSlap   *auth.User // head of OSPOD at Šlapanice
	zamberk    *auth.User // caseworker at Žamberk (PAK)
	admin      *auth.User
}

// clock is a settable time for the store, starting at 1 December 2026, 10:00 in Prague.
type clock struct{ t atomic.Pointer[time.Time] }

func (c *clock) now() time.Time  { return *c.t.Load() }
func (c *clock) set(t time.Time) { c.t.Store(&t) }

// at is a local Prague time.
func at(y int, mo time.Month, d, h, mi int) time.Time {
	return time.Date(y, mo, d, h, mi, 0, 0, i18n.Prague)
}

type env struct {
	s     *meeting.Store
	pool  *pgxpool.Pool
	p     people
	clock *clock
}

func setup(t *testing.T) env {
	t.Helper()
	pool := dbtest.New(t)
	n := 0
	mk := func(name, office string, roles ...auth.Role) *auth.User {
		n++
		u := &auth.User{Name: name, Email: fmt.Sprintf("u%d@x.cz", n), Roles: roles}
		err := pool.QueryRow(ctx, `
			INSERT INTO users (email, name, office_id, roles, password_hash)
			SELECT $1, $2, o.id, $4, 'x' FROM offices o WHERE o.name = $3
			RETURNING id, office_id, (SELECT region_id FROM offices WHERE name = $3)`, u.Email, name, office, roles).
			Scan(&u.ID, &u.OfficeID, &u.RegionID)
		if err != nil {
			t.Fatalf("user %s: %v", name, err)
		}
		return u
	}
	c := &clock{}
	c.set(at(2026, time.December, 1, 10, 0))
	s := meeting.NewStore(pool)
	s.SetClock(c.now)
	return env{s: s, pool: pool, clock: c, p: people{
		coordJMK:   mk("Gabriela Vybíralová", "Krajský úřad Jihomoravského kraje", auth.Coordinator),
		metodikJMK: mk("Martina Metodická", "Krajský úřad Jihomoravského kraje", auth.Methodologist),
		metodikPAK: mk("Pavel Pardubický", "Krajský úřad Pardubického kraje", auth.Methodologist),
		jana:       mk("Jana Nováková", "Městský úřad Šlapanice", auth.Caseworker),
		petr:       mk("Petr Svoboda", "Městský úřad Šlapanice", auth.Caseworker),
		headSlap:   mk("Eva Vedoucí", "Městský úřad Šlapanice", auth.Head),
		zamberk:    mk("Petra Žamberská", "Městský úřad Žamberk", auth.Caseworker),
		admin:      mk("Admin Správce", "Krajský úřad Jihomoravského kraje", auth.Admin),
	}}
}

// user adds one more caseworker at office, for capacity and voting tests.
func (e env) user(t *testing.T, name, office string) *auth.User {
	t.Helper()
	u := &auth.User{Name: name, Email: name + "@x.cz", Roles: []auth.Role{auth.Caseworker}}
	err := e.pool.QueryRow(ctx, `
		INSERT INTO users (email, name, office_id, roles, password_hash)
		SELECT $1, $2, o.id, $4, 'x' FROM offices o WHERE o.name = $3
		RETURNING id, office_id, (SELECT region_id FROM offices WHERE name = $3)`, u.Email, name, office, []auth.Role{auth.Caseworker}).
		Scan(&u.ID, &u.OfficeID, &u.RegionID)
	if err != nil {
		t.Fatalf("user %s: %v", name, err)
	}
	return u
}

// input is a valid meeting on 15 December 2026, 9:00–13:00, with deadlines on the 10th.
func input(title string) meeting.Input {
	return meeting.Input{
		Title: title, Description: "Sdílení dobré praxe.", Venue: "Městský úřad Šlapanice", Address: "Masarykovo nám. 100/7, Šlapanice",
		StartsAt: "2026-12-15T09:00", EndsAt: "2026-12-15T13:00", RegisterBy: "2026-12-10T23:59", TopicsBy: "2026-12-10T23:59",
		Capacity: "40", VoteAllowance: "3",
	}
}

// create makes a draft meeting by the JMK coordinator.
func (e env) create(t *testing.T, in meeting.Input) int64 {
	t.Helper()
	id, err := e.s.Create(ctx, e.p.coordJMK, in)
	if err != nil {
		t.Fatalf("create: %v", err)
	}
	return id
}

// open makes a meeting open for registration and topics.
func (e env) open(t *testing.T, in meeting.Input) int64 {
	t.Helper()
	id := e.create(t, in)
	if err := e.s.Transition(ctx, e.p.coordJMK, id, meeting.OpenUp, meeting.Change{}); err != nil {
		t.Fatalf("open: %v", err)
	}
	return id
}

// status reads a meeting's status straight from the database.
func (e env) status(t *testing.T, id int64) meeting.Status {
	t.Helper()
	var s meeting.Status
	if err := e.pool.QueryRow(ctx, `SELECT status FROM meetings WHERE id = $1`, id).Scan(&s); err != nil {
		t.Fatal(err)
	}
	return s
}
