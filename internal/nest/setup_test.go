package nest_test

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
	"hnizdo.cz/hnizdo/internal/nest"
)

var ctx = context.Background()

// people are the users of one test database.
type people struct {
	guide     *auth.User // change guide of PAK (works at the regional authority)
	metodik   *auth.User // methodologist of PAK
	metodikJM *auth.User // methodologist of JMK: another region
	headZam   *auth.User // head of OSPOD at Žamberk, a pilot office
	lans      *auth.User // caseworker at Lanškroun
	headCT    *auth.User // head at Česká Třebová
	pard      *auth.User // caseworker at Pardubice
	chrud     *auth.User // caseworker at Chrudim
	slap      *auth.User // caseworker at Šlapanice (JMK)
	coord     *auth.User // network coordinator of PAK: no nest rights beyond staff's
}

// clock is a settable time for the store, starting at Monday 2 March 2026, 10:00 in Prague.
type clock struct{ t atomic.Pointer[time.Time] }

func (c *clock) now() time.Time  { return *c.t.Load() }
func (c *clock) set(t time.Time) { c.t.Store(&t) }

// date is a calendar date as the store keeps it (midnight UTC).
func date(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

type env struct {
	s     *nest.Store
	pool  *pgxpool.Pool
	p     people
	clock *clock
	n     *atomic.Int64
	// office ids
	zam, lans, ct, pard, chrud, slap, kuPAK int64
}

func setup(t *testing.T) env {
	t.Helper()
	pool := dbtest.New(t)
	c := &clock{}
	c.set(time.Date(2026, time.March, 2, 10, 0, 0, 0, i18n.Prague))
	e := env{s: nest.NewStore(pool), pool: pool, clock: c, n: &atomic.Int64{}}
	e.s.SetClock(c.now)
	e.p = people{
		guide:     e.user(t, "Gabriela Průvodcová", "Krajský úřad Pardubického kraje", auth.Guide),
		metodik:   e.user(t, "Pavel Pardubický", "Krajský úřad Pardubického kraje", auth.Methodologist),
		metodikJM: e.user(t, "Martina Metodická", "Krajský úřad Jihomoravského kraje", auth.Methodologist),
		headZam:   e.user(t, "Petra Svobodová", "Městský úřad Žamberk", auth.Head),
		lans:      e.user(t, "Tomáš Procházka", "Městský úřad Lanškroun", auth.Caseworker),
		headCT:    e.user(t, "Lenka Benešová", "Městský úřad Česká Třebová", auth.Head),
		pard:      e.user(t, "Veronika Jelínková", "Magistrát města Pardubic", auth.Caseworker),
		chrud:     e.user(t, "Karel Chrudimský", "Městský úřad Chrudim", auth.Caseworker),
		slap:      e.user(t, "Jana Nováková", "Městský úřad Šlapanice", auth.Caseworker),
		coord:     e.user(t, "Michaela Růžičková", "Krajský úřad Pardubického kraje", auth.Coordinator),
	}
	e.zam, e.lans, e.ct = e.p.headZam.OfficeID, e.p.lans.OfficeID, e.p.headCT.OfficeID
	e.pard, e.chrud, e.slap, e.kuPAK = e.p.pard.OfficeID, e.p.chrud.OfficeID, e.p.slap.OfficeID, e.p.metodik.OfficeID
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

// tool adds a tool made at Žamberk by the guide, with a description, and returns its id.
func (e env) tool(t *testing.T, name string) int64 {
	t.Helper()
	id, err := e.s.Create(ctx, e.p.guide, nest.ToolInput{Name: name, Kind: nest.KindTool,
		Summary: "Karty pro rozhovor s rodiči.", Body: "Sada karet s větami o péči o dítě.", Origins: []int64{e.zam}})
	if err != nil {
		t.Fatalf("create tool: %v", err)
	}
	return id
}

// version reads the tool's version.
func (e env) version(t *testing.T, id int64) int32 {
	t.Helper()
	var v int32
	if err := e.pool.QueryRow(ctx, `SELECT version FROM tools WHERE id = $1`, id).Scan(&v); err != nil {
		t.Fatal(err)
	}
	return v
}

// adoptionVersion reads office's adoption version of tool, 0 when none.
func (e env) adoptionVersion(t *testing.T, tool, office int64) int32 {
	t.Helper()
	var v int32
	if err := e.pool.QueryRow(ctx, `SELECT coalesce((SELECT version FROM adoptions WHERE tool_id = $1 AND office_id = $2), 0)`,
		tool, office).Scan(&v); err != nil {
		t.Fatal(err)
	}
	return v
}

// promote moves tool id to rung to as u, with the current version.
func (e env) promote(t *testing.T, u *auth.User, id int64, to nest.Maturity) {
	t.Helper()
	if err := e.s.Promote(ctx, u, id, to, "Ověřeno v praxi.", e.version(t, id)); err != nil {
		t.Fatalf("promote to %s: %v", to, err)
	}
}

// take records step st as u with the adoption's current version.
func (e env) take(t *testing.T, u *auth.User, st nest.Step) {
	t.Helper()
	st.Version = e.adoptionVersion(t, st.Tool, st.Office)
	if err := e.s.Take(ctx, u, st); err != nil {
		t.Fatalf("%s at office %d: %v", st.Action, st.Office, err)
	}
}

// piloting makes a tool at Žamberk and takes it to piloting: prototype, then Žamberk tries it.
func (e env) piloting(t *testing.T, name string) int64 {
	t.Helper()
	id := e.tool(t, name)
	e.promote(t, e.p.guide, id, nest.Prototype)
	e.take(t, e.p.headZam, nest.Step{Tool: id, Office: e.zam, Action: nest.Trial, On: date(2026, 2, 2)})
	e.promote(t, e.p.guide, id, nest.Piloting)
	return id
}
