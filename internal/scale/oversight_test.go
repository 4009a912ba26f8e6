package scale_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"hnizdo.cz/hnizdo/internal/auth"
	"hnizdo.cz/hnizdo/internal/db/dbtest"
	"hnizdo.cz/hnizdo/internal/oversight"
	"hnizdo.cz/hnizdo/internal/scale"
	"hnizdo.cz/hnizdo/internal/workday"
)

// oversightSizes is Tiny with enough inspections for every phase of the procedure to be there
// whatever today's date.
func oversightSizes() scale.Sizes {
	s := scale.Tiny()
	s.Inspections, s.Findings = 400, 4000
	return s
}

// userByID loads a user as the app sees them once logged in.
func userByID(t *testing.T, pool *pgxpool.Pool, id int64) *auth.User {
	t.Helper()
	u, err := auth.NewStore(pool, cheap).User(context.Background(), id)
	if err != nil {
		t.Fatalf("user %d: %v", id, err)
	}
	return u
}

// none fails with what sql finds: rows that break an invariant, described by what.
func none(t *testing.T, pool *pgxpool.Pool, what, sql string, args ...any) {
	t.Helper()
	if n := count(t, pool, `SELECT count(*) FROM (`+sql+`) x`, args...); n != 0 {
		t.Errorf("%d %s", n, what)
	}
}

// TestOversightAtScale loads once and reads the data as the app does; the last subtest changes it.
func TestOversightAtScale(t *testing.T) {
	s := oversightSizes()
	pool := load(t, s)
	t.Run("sizes", func(t *testing.T) { oversightSizesHold(t, pool, s) })
	t.Run("schema", func(t *testing.T) { schemaIsTheMigrations(t, pool) })
	t.Run("invariants", func(t *testing.T) { oversightInvariantsHold(t, pool) })
	t.Run("pages", func(t *testing.T) { oversightPagesShowIt(t, pool) })
	t.Run("continues", func(t *testing.T) { oversightContinues(t, pool) })
}

func oversightSizesHold(t *testing.T, pool *pgxpool.Pool, s scale.Sizes) {
	if n := count(t, pool, `SELECT count(*) FROM inspections`); n != s.Inspections {
		t.Errorf("inspections %d, want %d", n, s.Inspections)
	}
	if n := count(t, pool, `SELECT count(*) FROM findings`); n != s.Findings {
		t.Errorf("findings %d, want %d", n, s.Findings)
	}
	// Measures come from a good share of the shortcomings of concluded inspections.
	short := count(t, pool, `SELECT count(*) FROM findings f JOIN inspections i ON i.id = f.inspection_id
		WHERE f.rating IN ('partly', 'not_met') AND i.state IN ('decided', 'measures', 'closed')`)
	measures := count(t, pool, `SELECT count(*) FROM measures`)
	if measures < short/2 || measures > short {
		t.Errorf("%d measures from %d shortcomings of concluded inspections", measures, short)
	}
	// Years from 2016 to next year's plan, most inspections closed, this year's plan there.
	year := oversight.Today(time.Now()).Year()
	if n := count(t, pool, `SELECT count(*) FROM inspections WHERE year < 2016 OR year > $1`, year+1); n != 0 {
		t.Errorf("%d inspections outside 2016–%d", n, year+1)
	}
	if n := count(t, pool, `SELECT count(*) FROM inspections WHERE state = 'closed'`); n < s.Inspections*3/4 {
		t.Errorf("only %d of %d inspections closed", n, s.Inspections)
	}
	for _, st := range []string{"planned", "measures", "closed", "cancelled"} {
		if n := count(t, pool, `SELECT count(*) FROM inspections WHERE state = $1`, st); n == 0 {
			t.Errorf("no inspection in state %s", st)
		}
	}
	if n := count(t, pool, `SELECT count(*) FROM inspections WHERE year = $1`, year); n == 0 {
		t.Errorf("no plan for %d", year)
	}
	if n := count(t, pool, `SELECT count(DISTINCT region_id) FROM inspections`); n != 14 {
		t.Errorf("inspections in %d regions, want 14", n)
	}
	if n := count(t, pool, `SELECT count(*) FROM visits`); n != s.Inspections/5 {
		t.Errorf("%d visits, want %d", n, s.Inspections/5)
	}
}

// schemaIsTheMigrations checks that the keys and indexes the load drops for speed are back as
// the migrations made them.
func schemaIsTheMigrations(t *testing.T, pool *pgxpool.Pool) {
	const sql = `SELECT conrelid::regclass::text || ' ' || conname || ' ' || pg_get_constraintdef(oid) FROM pg_constraint
		WHERE connamespace = 'public'::regnamespace
		UNION ALL SELECT indexdef FROM pg_indexes WHERE schemaname = 'public' ORDER BY 1`
	read := func(p *pgxpool.Pool) []string {
		rows, err := p.Query(context.Background(), sql)
		if err != nil {
			t.Fatal(err)
		}
		defs, err := pgx.CollectRows(rows, pgx.RowTo[string])
		if err != nil {
			t.Fatal(err)
		}
		return defs
	}
	got, want := read(pool), read(dbtest.New(t))
	for _, d := range want {
		if !slices.Contains(got, d) {
			t.Errorf("missing after the load: %s", d)
		}
	}
	for _, d := range got {
		if !slices.Contains(want, d) {
			t.Errorf("not in the migrations: %s", d)
		}
	}
}

// oversightInvariantsHold checks what each state needs and what the forms would accept.
func oversightInvariantsHold(t *testing.T, pool *pgxpool.Pool) {
	ctx := context.Background()
	none(t, pool, "inspections with dates their state has not reached", `
		SELECT id FROM inspections WHERE
			(state = 'planned' AND (notice_date IS NOT NULL OR onsite_from IS NOT NULL OR cancel_reason <> ''))
			OR (state = 'notified' AND (notice_date IS NULL OR onsite_from IS NOT NULL))
			OR (state = 'onsite' AND (onsite_from IS NULL OR onsite_to IS NULL OR protocol_date IS NOT NULL))
			OR (state = 'protocol' AND (delivered_date IS NULL OR objections_due IS NULL OR decided_date IS NOT NULL))
			OR (state = 'decided' AND (decided_date IS NULL OR closed_date IS NOT NULL))
			OR (state = 'measures' AND (decided_date IS NULL OR closed_date IS NOT NULL))
			OR (state = 'closed' AND (closed_date IS NULL OR closed_date < decided_date))
			OR (state = 'cancelled' AND (btrim(cancel_reason) = '' OR onsite_from IS NOT NULL))
			OR (state <> 'cancelled' AND cancel_reason <> '')
			OR notice_date > current_date OR onsite_from > current_date OR delivered_date > current_date
			OR decided_date < objections_due OR closed_date > current_date`)
	none(t, pool, "checklists of inspections never on site", `
		SELECT f.id FROM findings f JOIN inspections i ON i.id = f.inspection_id
		WHERE i.state IN ('planned', 'notified', 'cancelled') OR f.assessed_at::date < i.onsite_from - 1`)
	none(t, pool, "team members who are not methodologists of the region", `
		SELECT 1 FROM inspection_team t JOIN inspections i ON i.id = t.inspection_id JOIN users u ON u.id = t.user_id
			JOIN offices o ON o.id = u.office_id
		WHERE NOT 'methodologist' = ANY (u.roles) OR o.region_id <> i.region_id OR u.office_id = i.office_id
		UNION ALL SELECT 1 FROM inspections i WHERE NOT EXISTS (
			SELECT 1 FROM inspection_team t WHERE t.inspection_id = i.id AND t.user_id = i.created_by)`)
	none(t, pool, "inspected offices that are not municipal offices of the region", `
		SELECT 1 FROM inspections i JOIN offices o ON o.id = i.office_id
		WHERE o.region_id <> i.region_id OR o.kind NOT IN ('orp', 'district')`)
	none(t, pool, "measures in the wrong phase, from a criterion met, or of someone outside the office", `
		SELECT m.id FROM measures m JOIN inspections i ON i.id = m.inspection_id JOIN findings f ON f.id = m.finding_id
			JOIN users r ON r.id = m.responsible_id
		WHERE i.state NOT IN ('protocol', 'decided', 'measures', 'closed') OR f.inspection_id <> i.id
			OR f.rating NOT IN ('partly', 'not_met') OR r.office_id <> i.office_id OR m.office_id <> i.office_id
			OR m.created_at::date < i.delivered_date OR m.due <= m.created_at::date OR m.created_at > now()`)
	none(t, pool, "measures without what their state needs", `
		SELECT id FROM measures WHERE
			(state = 'open' AND (report <> '' OR reported_at IS NOT NULL OR verified_at IS NOT NULL))
			OR (state IN ('reported', 'returned', 'verified') AND (btrim(report) = '' OR reported_at IS NULL OR reported_by IS NULL))
			OR (state = 'returned' AND btrim(return_reason) = '')
			OR (state = 'verified' AND (verified_at IS NULL OR verified_at < reported_at OR reported_at < created_at))
			OR (state <> 'verified' AND verified_at IS NOT NULL)`)
	none(t, pool, "measures verified by someone not of the region's methodologists", `
		SELECT m.id FROM measures m JOIN inspections i ON i.id = m.inspection_id JOIN users v ON v.id = m.verified_by
			JOIN offices o ON o.id = v.office_id
		WHERE NOT 'methodologist' = ANY (v.roles) OR o.region_id <> i.region_id`)
	none(t, pool, "inspections whose state does not fit their measures", `
		SELECT i.id FROM inspections i WHERE
			(i.state = 'measures' AND NOT EXISTS (SELECT 1 FROM measures m WHERE m.inspection_id = i.id))
			OR (i.state = 'closed' AND EXISTS (SELECT 1 FROM measures m WHERE m.inspection_id = i.id
				AND (m.state <> 'verified' OR m.verified_at::date > i.closed_date)))`)
	none(t, pool, "objections outside the period or undecided after it", `
		SELECT ob.id FROM objections ob JOIN inspections i ON i.id = ob.inspection_id
			LEFT JOIN findings f ON f.id = ob.finding_id
		WHERE ob.filed_date < i.delivered_date OR ob.filed_date > i.objections_due OR ob.filed_date > current_date
			OR (ob.decision IS NULL AND i.state <> 'protocol') OR ob.decided_date > i.decided_date
			OR (ob.finding_id IS NOT NULL AND (f.inspection_id <> i.id OR f.rating NOT IN ('partly', 'not_met')))`)
	none(t, pool, "open follow-ups long overdue", `
		SELECT id FROM visit_followups WHERE done_at IS NULL AND due < current_date - 730`)
	// The protocol is issued within the law's period from the last day on site, and the
	// objection period is the law's count from its delivery.
	rows, err := pool.Query(ctx, `SELECT onsite_to, protocol_date, delivered_date, objection_days, objections_due
		FROM inspections WHERE delivered_date IS NOT NULL`)
	if err != nil {
		t.Fatal(err)
	}
	var onsite, issued, delivered, due time.Time
	var days int
	if _, err := pgx.ForEachRow(rows, []any{&onsite, &issued, &delivered, &days, &due}, func() error {
		if want := (workday.Rule{Days: days, Move: true}).Due(delivered); !want.Equal(due) {
			t.Errorf("delivered %s, %d days: due %s, want %s", delivered.Format(time.DateOnly), days, due.Format(time.DateOnly), want.Format(time.DateOnly))
		}
		if issued.After(workday.Protocol().Due(onsite)) {
			t.Errorf("on site until %s, protocol issued late on %s", onsite.Format(time.DateOnly), issued.Format(time.DateOnly))
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	// The texts pass the personal-data guard the forms apply.
	noPersonalData(t, pool, `SELECT text FROM findings WHERE text <> '' UNION ALL SELECT description FROM measures
		UNION ALL SELECT report FROM measures WHERE report <> '' UNION ALL SELECT text FROM objections
		UNION ALL SELECT topics FROM visits`)
}

// oversightPagesShowIt checks that the methodologist's dashboard, the lists it links to and
// the office's dashboard count what was made.
func oversightPagesShowIt(t *testing.T, pool *pgxpool.Pool) {
	ctx := context.Background()
	st := oversight.NewStore(pool)
	meths := methodologists(t, pool)
	if len(meths) != 14 {
		t.Fatalf("methodologists in %d regions", len(meths))
	}
	var content int
	for _, id := range meths {
		u := userByID(t, pool, id)
		d, err := st.Dashboard(ctx, u)
		if err != nil {
			t.Fatal(err)
		}
		r := u.RegionID
		want := struct{ upcoming, running, overdue, waiting int }{
			count(t, pool, `SELECT count(*) FROM inspections WHERE region_id = $1 AND state IN ('planned', 'notified')`, r),
			count(t, pool, `SELECT count(*) FROM inspections WHERE region_id = $1 AND state = 'protocol'`, r),
			count(t, pool, `SELECT count(*) FROM measures m JOIN inspections i ON i.id = m.inspection_id
				WHERE i.region_id = $1 AND m.state IN ('open', 'returned') AND m.due < $2`, r, oversight.Today(time.Now())),
			count(t, pool, `SELECT count(*) FROM measures m JOIN inspections i ON i.id = m.inspection_id
				WHERE i.region_id = $1 AND m.state = 'reported'`, r),
		}
		if !d.Methodologist || d.Upcoming != want.upcoming || d.Running != want.running || d.Overdue != want.overdue || d.Waiting != want.waiting {
			t.Errorf("region %d: dashboard %+v, want %+v", r, *d, want)
		}
		content += d.Upcoming + d.Running + d.Overdue + d.Waiting
		all, err := st.Inspections(ctx, u, oversight.Filter{})
		if err != nil {
			t.Fatal(err)
		}
		if n := count(t, pool, `SELECT count(*) FROM inspections WHERE region_id = $1`, r); len(all) != n {
			t.Errorf("region %d: %d inspections listed, %d made", r, len(all), n)
		}
		ms, err := st.Measures(ctx, u, oversight.MeasureFilter{})
		if err != nil {
			t.Fatal(err)
		}
		if n := count(t, pool, `SELECT count(*) FROM measures m JOIN inspections i ON i.id = m.inspection_id WHERE i.region_id = $1`, r); len(ms) != n {
			t.Errorf("region %d: register of %d measures, %d made", r, len(ms), n)
		}
		ov, err := st.Overview(ctx, u, 0)
		if err != nil {
			t.Fatal(err)
		}
		if ov.Inspections != len(all) {
			t.Errorf("region %d: overview of %d inspections, %d listed", r, ov.Inspections, len(all))
		}
		vs, err := st.Visits(ctx, u, 0)
		if err != nil {
			t.Fatal(err)
		}
		if n := count(t, pool, `SELECT count(*) FROM visits WHERE region_id = $1`, r); len(vs) != n {
			t.Errorf("region %d: %d visits listed, %d made", r, len(vs), n)
		}
		// The protocols of concluded inspections count their shortcomings.
		protocols := 0
		for _, i := range all {
			if (i.State != oversight.Closed && i.State != oversight.Measures) || protocols == 10 {
				continue
			}
			protocols++
			p, err := st.Protocol(ctx, u, i.ID)
			if err != nil {
				t.Fatalf("protocol of %d: %v", i.ID, err)
			}
			if p.Findings != int(i.Findings) || p.ProtocolDate == nil || p.ObjectionsDue == nil {
				t.Errorf("protocol of %d: %d shortcomings, listed with %d", i.ID, p.Findings, i.Findings)
			}
		}
	}
	if content == 0 {
		t.Error("every methodologist's dashboard is empty")
	}
	// An office's dashboard: its measures waiting on it.
	var head, office int64
	if err := pool.QueryRow(ctx, `SELECT u.id, u.office_id FROM measures m JOIN users u ON u.office_id = m.office_id
		WHERE 'head' = ANY (u.roles) AND m.state IN ('open', 'returned') ORDER BY m.id LIMIT 1`).Scan(&head, &office); err != nil {
		t.Fatal(err)
	}
	d, err := st.Dashboard(ctx, userByID(t, pool, head))
	if err != nil {
		t.Fatal(err)
	}
	if n := count(t, pool, `SELECT count(*) FROM measures WHERE office_id = $1 AND state IN ('open', 'returned')`, office); d.Methodologist || d.Due != n {
		t.Errorf("office dashboard: %d measures due, want %d", d.Due, n)
	}
}

// oversightContinues takes the procedure on from where the data left it: the office reports
// a measure, the region verifies it.
func oversightContinues(t *testing.T, pool *pgxpool.Pool) {
	ctx := context.Background()
	st := oversight.NewStore(pool)
	var id, responsible int64
	if err := pool.QueryRow(ctx, `SELECT id, responsible_id FROM measures WHERE state IN ('open', 'returned') ORDER BY id LIMIT 1`).
		Scan(&id, &responsible); err != nil {
		t.Fatal(err)
	}
	m, err := st.Measure(ctx, userByID(t, pool, responsible), id)
	if err != nil {
		t.Fatal(err)
	}
	if err := st.Report(ctx, userByID(t, pool, responsible), id, "Postup byl upraven a projednán v týmu.", m.Version); err != nil {
		t.Fatalf("report: %v", err)
	}
	var verifier int64
	if err := pool.QueryRow(ctx, `SELECT t.user_id FROM measures m JOIN inspection_team t ON t.inspection_id = m.inspection_id
		WHERE m.id = $1 ORDER BY t.user_id LIMIT 1`, id).Scan(&verifier); err != nil {
		t.Fatal(err)
	}
	if err := st.Verify(ctx, userByID(t, pool, verifier), id, m.Version+1); err != nil {
		t.Fatalf("verify: %v", err)
	}
}
