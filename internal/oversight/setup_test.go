package oversight_test

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
	"hnizdo.cz/hnizdo/internal/oversight"
)

var ctx = context.Background()

// people are the users of one test database.
type people struct {
	metodik    *auth.User // methodologist of JMK: plans, inspects, verifies
	metodik2   *auth.User // a second JMK methodologist, for teams
	metodikPAK *auth.User // another region: sees nothing of JMK's
	headSlap   *auth.User // head of OSPOD at Šlapanice, the inspected office
	jana       *auth.User // caseworker at Šlapanice
	headBlan   *auth.User // head at Blansko, another JMK office
	coord      *auth.User // network coordinator of JMK: no oversight rights
	admin      *auth.User
}

// clock is a settable time for the stores, starting at Monday 2 March 2026, 10:00 in Prague.
type clock struct{ t atomic.Pointer[time.Time] }

func (c *clock) now() time.Time  { return *c.t.Load() }
func (c *clock) set(t time.Time) { c.t.Store(&t) }

// date is a calendar date as the store keeps it (midnight UTC).
func date(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

type env struct {
	s     *oversight.Store
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
	e := env{s: oversight.NewStore(pool), pool: pool, clock: c, n: &atomic.Int64{}}
	e.s.SetClock(c.now)
	e.p = people{
		metodik:    e.user(t, "Martina Metodická", "Krajský úřad Jihomoravského kraje", auth.Methodologist),
		metodik2:   e.user(t, "Karel Kontrolor", "Krajský úřad Jihomoravského kraje", auth.Methodologist),
		metodikPAK: e.user(t, "Pavel Pardubický", "Krajský úřad Pardubického kraje", auth.Methodologist),
		headSlap:   e.user(t, "Eva Vedoucí", "Městský úřad Šlapanice", auth.Head),
		jana:       e.user(t, "Jana Nováková", "Městský úřad Šlapanice", auth.Caseworker),
		headBlan:   e.user(t, "Bohumil Blanenský", "Městský úřad Blansko", auth.Head),
		coord:      e.user(t, "Gabriela Vybíralová", "Krajský úřad Jihomoravského kraje", auth.Coordinator),
		admin:      e.user(t, "Admin Správce", "Krajský úřad Jihomoravského kraje", auth.Admin),
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

// plan puts an inspection of office into the 2026 plan (Q1, quality standards) with the JMK
// methodologist on the team.
func (e env) plan(t *testing.T, office int64) int64 {
	t.Helper()
	id, err := e.s.Plan(ctx, e.p.metodik, oversight.PlanInput{OfficeID: office, Year: 2026, Quarter: 1,
		Kind: oversight.Standards, Team: []int64{e.p.metodik.ID}})
	if err != nil {
		t.Fatalf("plan: %v", err)
	}
	return id
}

// version reads the inspection's version, for the next step.
func (e env) version(t *testing.T, id int64) int32 {
	t.Helper()
	var v int32
	if err := e.pool.QueryRow(ctx, `SELECT version FROM inspections WHERE id = $1`, id).Scan(&v); err != nil {
		t.Fatal(err)
	}
	return v
}

// step takes st on inspection id as the JMK methodologist, with the current version.
func (e env) step(t *testing.T, id int64, st oversight.Step) {
	t.Helper()
	st.Version = e.version(t, id)
	if err := e.s.Advance(ctx, e.p.metodik, id, st); err != nil {
		t.Fatalf("step to %s: %v", st.To, err)
	}
}

// onsite plans an inspection of office and takes it on site: notice delivered 16 February 2026,
// on site 23–24 February.
func (e env) onsite(t *testing.T, office int64) int64 {
	t.Helper()
	id := e.plan(t, office)
	e.step(t, id, oversight.Step{To: oversight.Notified, Date: date(2026, 2, 16)})
	e.step(t, id, oversight.Step{To: oversight.Onsite, From: date(2026, 2, 23), Until: date(2026, 2, 24)})
	return id
}

// delivered takes an on-site inspection to the objection period: the protocol issued 26 February
// and delivered Friday 27 February 2026, so objections are due Monday 16 March (15 days end on
// Saturday 14 March, moved to the next working day).
func (e env) delivered(t *testing.T, id int64) {
	t.Helper()
	e.step(t, id, oversight.Step{To: oversight.Protocol, Issued: date(2026, 2, 26), Delivered: date(2026, 2, 27)})
}
