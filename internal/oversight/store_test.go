package oversight_test

import (
	"errors"
	"maps"
	"sync"
	"testing"
	"time"

	"hnizdo.cz/hnizdo/internal/app"
	"hnizdo.cz/hnizdo/internal/audit"
	"hnizdo.cz/hnizdo/internal/auth"
	"hnizdo.cz/hnizdo/internal/i18n"
	"hnizdo.cz/hnizdo/internal/oversight"
)

// officeNamed looks an office up by name.
func (e env) officeNamed(t *testing.T, name string) int64 {
	t.Helper()
	var id int64
	if err := e.pool.QueryRow(ctx, `SELECT id FROM offices WHERE name = $1`, name).Scan(&id); err != nil {
		t.Fatalf("office %s: %v", name, err)
	}
	return id
}

// inspectionSnap is everything a refused step must leave as it was: the row as JSON (state,
// dates, version, updated_at), the team and the number of audit entries.
type inspectionSnap struct {
	row    string
	team   string
	audits int
}

func (e env) inspectionSnap(t *testing.T, id int64) inspectionSnap {
	t.Helper()
	var s inspectionSnap
	err := e.pool.QueryRow(ctx, `
		SELECT (SELECT row_to_json(i)::text FROM inspections i WHERE i.id = $1),
			(SELECT coalesce(string_agg(user_id::text, ',' ORDER BY user_id), '') FROM inspection_team WHERE inspection_id = $1),
			(SELECT count(*) FROM audit_log WHERE object_type = 'inspection' AND object_id = $1)`, id).
		Scan(&s.row, &s.team, &s.audits)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// untouched fails unless inspection id is still as before.
func (e env) untouched(t *testing.T, id int64, before inspectionSnap) {
	t.Helper()
	if after := e.inspectionSnap(t, id); after != before {
		t.Errorf("inspection changed:\nbefore %+v\nafter  %+v", before, after)
	}
}

// decidedAfterLapse takes an on-site inspection of office through the protocol and, once the
// objection period lapsed (the clock moves to Tuesday 17 March 2026), to decided.
func (e env) decidedAfterLapse(t *testing.T, office int64) int64 {
	t.Helper()
	id := e.onsite(t, office)
	e.delivered(t, id)
	e.clock.set(time.Date(2026, time.March, 17, 10, 0, 0, 0, i18n.Prague))
	e.step(t, id, oversight.Step{To: oversight.Decided})
	return id
}

func invalidExactly(t *testing.T, err error, want app.Invalid) {
	t.Helper()
	var got app.Invalid
	if !errors.As(err, &got) {
		t.Fatalf("error = %v, want app.Invalid %v", err, want)
	}
	if !maps.Equal(got, want) {
		t.Errorf("invalid = %v, want %v", got, want)
	}
}

func TestPlanRefusesBadInput(t *testing.T) {
	e := setup(t)
	var partner int64
	if err := e.pool.QueryRow(ctx, `INSERT INTO offices (region_id, kind, name, municipality)
		VALUES (11, 'partner', 'Spolek Pod střechou', 'Brno') RETURNING id`).Scan(&partner); err != nil {
		t.Fatal(err)
	}
	good := oversight.PlanInput{OfficeID: e.slap, Year: 2026, Quarter: 2, Kind: oversight.Standards,
		Team: []int64{e.p.metodik.ID, e.p.metodik2.ID}}
	with := func(f func(in *oversight.PlanInput)) oversight.PlanInput {
		in := good
		f(&in)
		return in
	}
	cases := []struct {
		name string
		in   oversight.PlanInput
		want app.Invalid
	}{
		{"no office", with(func(in *oversight.PlanInput) { in.OfficeID = 0 }), app.Invalid{"office": "err.choose"}},
		{"office of another region", with(func(in *oversight.PlanInput) { in.OfficeID = e.officeNamed(t, "Městský úřad Hlinsko") }),
			app.Invalid{"office": "err.choose"}},
		{"partner office", with(func(in *oversight.PlanInput) { in.OfficeID = partner }), app.Invalid{"office": "err.choose"}},
		{"the regional authority itself", with(func(in *oversight.PlanInput) { in.OfficeID = e.p.metodik.OfficeID }),
			app.Invalid{"office": "err.choose"}},
		{"quarter 0", with(func(in *oversight.PlanInput) { in.Quarter = 0 }), app.Invalid{"quarter": "err.choose"}},
		{"quarter 5", with(func(in *oversight.PlanInput) { in.Quarter = 5 }), app.Invalid{"quarter": "err.choose"}},
		{"year far ahead", with(func(in *oversight.PlanInput) { in.Year = 2030 }), app.Invalid{"year": "oversight.err.year"}},
		{"year long past", with(func(in *oversight.PlanInput) { in.Year = 2020 }), app.Invalid{"year": "oversight.err.year"}},
		{"unknown kind", with(func(in *oversight.PlanInput) { in.Kind = "audit" }), app.Invalid{"kind": "err.choose"}},
		{"thematic without subject", with(func(in *oversight.PlanInput) { in.Kind, in.Subject = oversight.Thematic, "   " }),
			app.Invalid{"subject": "oversight.err.subject"}},
		{"empty team", with(func(in *oversight.PlanInput) { in.Team = nil }), app.Invalid{"team": "oversight.err.team"}},
		{"coordinator on the team", with(func(in *oversight.PlanInput) { in.Team = []int64{e.p.metodik.ID, e.p.coord.ID} }),
			app.Invalid{"team": "oversight.err.team"}},
		{"methodologist of another region on the team", with(func(in *oversight.PlanInput) { in.Team = []int64{e.p.metodikPAK.ID} }),
			app.Invalid{"team": "oversight.err.team"}},
		{"everything wrong at once", oversight.PlanInput{Year: 1999, Kind: oversight.Thematic},
			app.Invalid{"office": "err.choose", "year": "oversight.err.year", "quarter": "err.choose",
				"subject": "oversight.err.subject", "team": "oversight.err.team"}},
	}
	for _, c := range cases {
		t.Run(c.name+" is invalid", func(t *testing.T) {
			_, err := e.s.Plan(ctx, e.p.metodik, c.in)
			invalidExactly(t, err, c.want)
		})
	}
	t.Run("coordinator and office head are forbidden", func(t *testing.T) {
		for _, u := range []*auth.User{e.p.coord, e.p.headSlap, e.p.admin} {
			if _, err := e.s.Plan(ctx, u, good); !errors.Is(err, app.ErrForbidden) {
				t.Errorf("%s: error = %v, want ErrForbidden", u.Name, err)
			}
		}
	})
	t.Run("nothing was stored", func(t *testing.T) {
		var n, a int
		if err := e.pool.QueryRow(ctx, `SELECT (SELECT count(*) FROM inspections), (SELECT count(*) FROM inspection_team),
			(SELECT count(*) FROM audit_log WHERE object_type = 'inspection')`).Scan(&n, new(int), &a); err != nil {
			t.Fatal(err)
		}
		if n != 0 || a != 0 {
			t.Errorf("inspections = %d, audit entries = %d, want none", n, a)
		}
	})
	t.Run("good input is planned with its team", func(t *testing.T) {
		id, err := e.s.Plan(ctx, e.p.metodik, with(func(in *oversight.PlanInput) {
			in.Kind, in.Subject = oversight.Thematic, "  Dohody o pěstounské péči "
			in.Team = []int64{e.p.metodik2.ID, e.p.metodik.ID, e.p.metodik2.ID}
		}))
		if err != nil {
			t.Fatal(err)
		}
		i, err := e.s.Inspection(ctx, e.p.metodik, id)
		if err != nil {
			t.Fatal(err)
		}
		if i.State != oversight.Planned || i.Subject != "Dohody o pěstounské péči" || i.Year != 2026 || i.Quarter != 2 ||
			i.RegionID != e.p.metodik.RegionID || i.OfficeName != "Městský úřad Šlapanice" || i.Version != 1 {
			t.Errorf("inspection = %+v", i)
		}
		if len(i.TeamIDs) != 2 || i.TeamIDs[0] != e.p.metodik.ID || i.TeamIDs[1] != e.p.metodik2.ID {
			t.Errorf("team = %v, want both methodologists once", i.TeamIDs)
		}
		rows, err := audit.For(ctx, e.pool, "inspection", id)
		if err != nil {
			t.Fatal(err)
		}
		if len(rows) != 1 || rows[0].Action != "inspection.plan" || rows[0].To != "planned" || *rows[0].ActorID != e.p.metodik.ID {
			t.Errorf("audit = %+v", rows)
		}
	})
}

func TestAdvanceFullPath(t *testing.T) {
	e := setup(t)
	id := e.plan(t, e.slap)
	e.step(t, id, oversight.Step{To: oversight.Notified, Date: date(2026, 2, 16), Team: []int64{e.p.metodik.ID, e.p.metodik2.ID}})
	e.step(t, id, oversight.Step{To: oversight.Onsite, From: date(2026, 2, 23), Until: date(2026, 2, 24)})
	e.delivered(t, id)

	t.Run("objections due on the Monday after the Saturday the period ends", func(t *testing.T) {
		i, err := e.s.Inspection(ctx, e.p.metodik, id)
		if err != nil {
			t.Fatal(err)
		}
		if i.ObjectionDays != 15 || i.ObjectionsDue == nil || !i.ObjectionsDue.Equal(date(2026, 3, 16)) {
			t.Errorf("objection days %d, due %v, want 15 and 2026-03-16", i.ObjectionDays, i.ObjectionsDue)
		}
	})
	t.Run("deciding while the period runs is refused", func(t *testing.T) {
		for _, now := range []time.Time{
			time.Date(2026, time.March, 2, 10, 0, 0, 0, i18n.Prague),
			time.Date(2026, time.March, 16, 23, 59, 0, 0, i18n.Prague), // the last day still counts
		} {
			e.clock.set(now)
			before := e.inspectionSnap(t, id)
			err := e.s.Advance(ctx, e.p.metodik, id, oversight.Step{To: oversight.Decided, Version: e.version(t, id)})
			if !errors.Is(err, oversight.ErrPeriodRunning) || !errors.Is(err, app.ErrConflict) {
				t.Errorf("at %v: error = %v, want ErrPeriodRunning", now, err)
			}
			e.untouched(t, id, before)
		}
	})
	t.Run("decided once the period lapsed, then closed", func(t *testing.T) {
		e.clock.set(time.Date(2026, time.March, 17, 0, 30, 0, 0, i18n.Prague))
		e.step(t, id, oversight.Step{To: oversight.Decided})
		e.clock.set(time.Date(2026, time.March, 20, 9, 0, 0, 0, i18n.Prague))
		e.step(t, id, oversight.Step{To: oversight.Closed})
	})
	t.Run("the dates are stored", func(t *testing.T) {
		i, err := e.s.Inspection(ctx, e.p.metodik, id)
		if err != nil {
			t.Fatal(err)
		}
		want := map[string]struct {
			got  *time.Time
			want time.Time
		}{
			"notice":    {i.NoticeDate, date(2026, 2, 16)},
			"from":      {i.OnsiteFrom, date(2026, 2, 23)},
			"to":        {i.OnsiteTo, date(2026, 2, 24)},
			"protocol":  {i.ProtocolDate, date(2026, 2, 26)},
			"delivered": {i.DeliveredDate, date(2026, 2, 27)},
			"due":       {i.ObjectionsDue, date(2026, 3, 16)},
			"decided":   {i.DecidedDate, date(2026, 3, 17)},
			"closed":    {i.ClosedDate, date(2026, 3, 20)},
		}
		for name, d := range want {
			if d.got == nil || !d.got.Equal(d.want) {
				t.Errorf("%s = %v, want %v", name, d.got, d.want.Format(time.DateOnly))
			}
		}
		if i.State != oversight.Closed || i.Version != 6 || len(i.TeamIDs) != 2 {
			t.Errorf("state %s, version %d, team %v", i.State, i.Version, i.TeamIDs)
		}
	})
	t.Run("one audit entry per step", func(t *testing.T) {
		rows, err := audit.For(ctx, e.pool, "inspection", id)
		if err != nil {
			t.Fatal(err)
		}
		want := [][3]string{
			{"inspection.plan", "", "planned"},
			{"inspection.notified", "planned", "notified"},
			{"inspection.onsite", "notified", "onsite"},
			{"inspection.protocol", "onsite", "protocol"},
			{"inspection.decided", "protocol", "decided"},
			{"inspection.closed", "decided", "closed"},
		}
		if len(rows) != len(want) {
			t.Fatalf("audit = %+v, want %d entries", rows, len(want))
		}
		for k, r := range rows {
			if [3]string{r.Action, r.From, r.To} != want[k] || r.ActorID == nil || *r.ActorID != e.p.metodik.ID {
				t.Errorf("entry %d = %s %s→%s by %v, want %v", k, r.Action, r.From, r.To, r.ActorID, want[k])
			}
		}
	})
}

func TestObjectionsDueSkipsChristmas(t *testing.T) {
	e := setup(t)
	e.clock.set(time.Date(2026, time.December, 10, 10, 0, 0, 0, i18n.Prague))
	id := e.plan(t, e.slap)
	e.step(t, id, oversight.Step{To: oversight.Notified, Date: date(2026, 12, 1)})
	e.step(t, id, oversight.Step{To: oversight.Onsite, From: date(2026, 12, 2), Until: date(2026, 12, 3)})
	// Wednesday 9 December + 15 days = Thursday 24 December; 24–26 December are holidays and
	// 27 December is a Sunday.
	e.step(t, id, oversight.Step{To: oversight.Protocol, Issued: date(2026, 12, 8), Delivered: date(2026, 12, 9)})
	i, err := e.s.Inspection(ctx, e.p.metodik, id)
	if err != nil {
		t.Fatal(err)
	}
	if i.ObjectionsDue == nil || !i.ObjectionsDue.Equal(date(2026, 12, 28)) {
		t.Errorf("objections due %v, want Monday 2026-12-28", i.ObjectionsDue)
	}
}

func TestAdvanceObjectionDays(t *testing.T) {
	e := setup(t)
	id := e.onsite(t, e.slap)
	// 30 days from Friday 27 February 2026 is Sunday 29 March: moved to Monday 30 March.
	e.step(t, id, oversight.Step{To: oversight.Protocol, Issued: date(2026, 2, 26), Delivered: date(2026, 2, 27), ObjectionDays: 30})
	i, err := e.s.Inspection(ctx, e.p.metodik, id)
	if err != nil {
		t.Fatal(err)
	}
	if i.ObjectionDays != 30 || i.ObjectionsDue == nil || !i.ObjectionsDue.Equal(date(2026, 3, 30)) {
		t.Errorf("objection days %d, due %v, want 30 and 2026-03-30", i.ObjectionDays, i.ObjectionsDue)
	}
}

func TestAdvanceRefusesStepsOutOfOrder(t *testing.T) {
	e := setup(t)
	planned := e.plan(t, e.slap)
	onsite := e.onsite(t, e.blan)
	closed := e.decidedAfterLapse(t, e.slap)
	e.step(t, closed, oversight.Step{To: oversight.Closed})
	cancelled := e.plan(t, e.blan)
	e.step(t, cancelled, oversight.Step{To: oversight.Cancelled, Reason: "Personální změny na úřadě"})

	// Each step carries everything it could need, so only the order can refuse it.
	full := oversight.Step{Date: date(2026, 2, 27), From: date(2026, 2, 27), Until: date(2026, 2, 27),
		Issued: date(2026, 2, 27), Delivered: date(2026, 2, 27), Reason: "Důvod"}
	cases := []struct {
		name string
		id   int64
		to   []oversight.State
	}{
		{"planned", planned, []oversight.State{oversight.Planned, oversight.Onsite, oversight.Protocol, oversight.Decided,
			oversight.Measures, oversight.Closed}},
		{"onsite", onsite, []oversight.State{oversight.Planned, oversight.Notified, oversight.Onsite, oversight.Decided,
			oversight.Measures, oversight.Closed, oversight.Cancelled}},
		{"closed", closed, oversight.States},
		{"cancelled", cancelled, oversight.States},
		{"unknown state", planned, []oversight.State{"archived", ""}},
	}
	for _, c := range cases {
		for _, to := range c.to {
			t.Run(c.name+" to "+string(to)+" is refused", func(t *testing.T) {
				before := e.inspectionSnap(t, c.id)
				st := full
				st.To, st.Version = to, e.version(t, c.id)
				err := e.s.Advance(ctx, e.p.metodik, c.id, st)
				if !errors.Is(err, oversight.ErrStep) || !errors.Is(err, app.ErrConflict) {
					t.Errorf("error = %v, want ErrStep", err)
				}
				e.untouched(t, c.id, before)
			})
		}
	}
	t.Run("next lists no step from closed and cancelled", func(t *testing.T) {
		if n := oversight.Next(oversight.Closed); len(n) != 0 {
			t.Errorf("Next(closed) = %v", n)
		}
		if n := oversight.Next(oversight.Cancelled); len(n) != 0 {
			t.Errorf("Next(cancelled) = %v", n)
		}
	})
}

func TestAdvanceRefusesImpossibleDates(t *testing.T) {
	e := setup(t)
	notified := e.plan(t, e.slap)
	e.step(t, notified, oversight.Step{To: oversight.Notified, Date: date(2026, 2, 16)})
	onsite := e.onsite(t, e.slap)
	planned := e.plan(t, e.blan)
	cases := []struct {
		name string
		id   int64
		st   oversight.Step
		want app.Invalid
	}{
		{"notice in the future", planned, oversight.Step{To: oversight.Notified, Date: date(2026, 3, 3)},
			app.Invalid{"notice_date": "oversight.err.future"}},
		{"no notice date", planned, oversight.Step{To: oversight.Notified}, app.Invalid{"notice_date": "err.required"}},
		{"coordinator on the team at the notice", planned, oversight.Step{To: oversight.Notified, Date: date(2026, 2, 16),
			Team: []int64{e.p.coord.ID}}, app.Invalid{"team": "oversight.err.team"}},
		{"empty team at the notice", planned, oversight.Step{To: oversight.Notified, Date: date(2026, 2, 16), Team: []int64{}},
			app.Invalid{"team": "oversight.err.team"}},
		{"on site before the notice", notified, oversight.Step{To: oversight.Onsite, From: date(2026, 2, 15), Until: date(2026, 2, 17)},
			app.Invalid{"onsite_from": "oversight.err.onsite_before_notice"}},
		{"until before from", notified, oversight.Step{To: oversight.Onsite, From: date(2026, 2, 23), Until: date(2026, 2, 22)},
			app.Invalid{"onsite_to": "oversight.err.until_before_from"}},
		{"on site in the future", notified, oversight.Step{To: oversight.Onsite, From: date(2026, 3, 5), Until: date(2026, 3, 6)},
			app.Invalid{"onsite_from": "oversight.err.future"}},
		{"no on-site dates", notified, oversight.Step{To: oversight.Onsite},
			app.Invalid{"onsite_from": "err.required", "onsite_to": "err.required"}},
		{"methodologist of another region on site", notified, oversight.Step{To: oversight.Onsite, From: date(2026, 2, 23),
			Until: date(2026, 2, 24), Team: []int64{e.p.metodik.ID, e.p.metodikPAK.ID}}, app.Invalid{"team": "oversight.err.team"}},
		{"protocol issued before the last day on site", onsite, oversight.Step{To: oversight.Protocol, Issued: date(2026, 2, 23),
			Delivered: date(2026, 2, 27)}, app.Invalid{"protocol_date": "oversight.err.protocol_before_onsite"}},
		{"delivered before issued", onsite, oversight.Step{To: oversight.Protocol, Issued: date(2026, 2, 26), Delivered: date(2026, 2, 25)},
			app.Invalid{"delivered_date": "oversight.err.delivered_before_issued"}},
		{"delivered in the future", onsite, oversight.Step{To: oversight.Protocol, Issued: date(2026, 2, 26), Delivered: date(2026, 3, 3)},
			app.Invalid{"delivered_date": "oversight.err.future"}},
		{"no protocol dates", onsite, oversight.Step{To: oversight.Protocol},
			app.Invalid{"protocol_date": "err.required", "delivered_date": "err.required"}},
		{"objection period too long", onsite, oversight.Step{To: oversight.Protocol, Issued: date(2026, 2, 26), Delivered: date(2026, 2, 27),
			ObjectionDays: 91}, app.Invalid{"objection_days": "oversight.err.objection_days"}},
		{"negative objection period", onsite, oversight.Step{To: oversight.Protocol, Issued: date(2026, 2, 26), Delivered: date(2026, 2, 27),
			ObjectionDays: -1}, app.Invalid{"objection_days": "oversight.err.objection_days"}},
		{"cancel without a reason", planned, oversight.Step{To: oversight.Cancelled, Reason: " \n "},
			app.Invalid{"reason": "oversight.err.reason"}},
	}
	for _, c := range cases {
		t.Run(c.name+" is invalid and changes nothing", func(t *testing.T) {
			before := e.inspectionSnap(t, c.id)
			st := c.st
			st.Version = e.version(t, c.id)
			invalidExactly(t, e.s.Advance(ctx, e.p.metodik, c.id, st), c.want)
			e.untouched(t, c.id, before)
		})
	}

	t.Run("decided before the delivery or in the future is invalid", func(t *testing.T) {
		e.delivered(t, onsite)
		e.clock.set(time.Date(2026, time.March, 17, 10, 0, 0, 0, i18n.Prague))
		for _, d := range []time.Time{date(2026, 2, 26), date(2026, 3, 18)} {
			before := e.inspectionSnap(t, onsite)
			err := e.s.Advance(ctx, e.p.metodik, onsite, oversight.Step{To: oversight.Decided, Date: d, Version: e.version(t, onsite)})
			invalidExactly(t, err, app.Invalid{"date": "oversight.err.date"})
			e.untouched(t, onsite, before)
		}
	})
	t.Run("closed before decided or in the future is invalid", func(t *testing.T) {
		e.step(t, onsite, oversight.Step{To: oversight.Decided, Date: date(2026, 3, 17)})
		for _, d := range []time.Time{date(2026, 3, 16), date(2026, 3, 18)} {
			before := e.inspectionSnap(t, onsite)
			err := e.s.Advance(ctx, e.p.metodik, onsite, oversight.Step{To: oversight.Closed, Date: d, Version: e.version(t, onsite)})
			invalidExactly(t, err, app.Invalid{"date": "oversight.err.date"})
			e.untouched(t, onsite, before)
		}
	})
}

func TestAdvanceCancel(t *testing.T) {
	e := setup(t)
	id := e.plan(t, e.slap)
	e.step(t, id, oversight.Step{To: oversight.Cancelled, Reason: "  Úřad se slučuje s jiným  "})
	var state, reason string
	if err := e.pool.QueryRow(ctx, `SELECT state, cancel_reason FROM inspections WHERE id = $1`, id).Scan(&state, &reason); err != nil {
		t.Fatal(err)
	}
	if state != "cancelled" || reason != "Úřad se slučuje s jiným" {
		t.Errorf("state %q, reason %q", state, reason)
	}
	rows, err := audit.For(ctx, e.pool, "inspection", id)
	if err != nil {
		t.Fatal(err)
	}
	if last := rows[len(rows)-1]; last.Action != "inspection.cancelled" || last.From != "planned" || last.To != "cancelled" {
		t.Errorf("last audit entry = %+v", last)
	}
}

func TestAdvanceRefusesStaleVersion(t *testing.T) {
	e := setup(t)
	id := e.plan(t, e.slap)
	e.step(t, id, oversight.Step{To: oversight.Notified, Date: date(2026, 2, 16)})
	t.Run("a form loaded before the notice is refused", func(t *testing.T) {
		before := e.inspectionSnap(t, id)
		err := e.s.Advance(ctx, e.p.metodik2, id, oversight.Step{To: oversight.Onsite, Version: 1,
			From: date(2026, 2, 23), Until: date(2026, 2, 24)})
		if !errors.Is(err, oversight.ErrChanged) || !errors.Is(err, app.ErrConflict) {
			t.Errorf("error = %v, want ErrChanged", err)
		}
		e.untouched(t, id, before)
	})
	t.Run("the same step again with the old version is refused as changed", func(t *testing.T) {
		before := e.inspectionSnap(t, id)
		err := e.s.Advance(ctx, e.p.metodik2, id, oversight.Step{To: oversight.Notified, Version: 1, Date: date(2026, 2, 16)})
		if !errors.Is(err, oversight.ErrChanged) {
			t.Errorf("error = %v, want ErrChanged", err)
		}
		e.untouched(t, id, before)
	})
}

func TestAdvanceConcurrentSameStep(t *testing.T) {
	e := setup(t)
	id := e.plan(t, e.slap)
	const n = 8
	start := make(chan struct{})
	errs := make([]error, n)
	var wg sync.WaitGroup
	for k := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			errs[k] = e.s.Advance(ctx, e.p.metodik, id, oversight.Step{To: oversight.Notified, Version: 1,
				Date: date(2026, 2, 10+k)})
		}()
	}
	close(start)
	wg.Wait()
	ok := 0
	for _, err := range errs {
		switch {
		case err == nil:
			ok++
		case !errors.Is(err, oversight.ErrChanged):
			t.Errorf("error = %v, want ErrChanged", err)
		}
	}
	if ok != 1 {
		t.Errorf("%d steps succeeded, want 1", ok)
	}
	var version, notified int
	if err := e.pool.QueryRow(ctx, `SELECT version, (SELECT count(*) FROM audit_log WHERE object_type = 'inspection'
		AND object_id = $1 AND action = 'inspection.notified') FROM inspections WHERE id = $1`, id).Scan(&version, &notified); err != nil {
		t.Fatal(err)
	}
	if version != 2 || notified != 1 {
		t.Errorf("version %d, audit entries %d, want 2 and 1", version, notified)
	}
}

func TestAdvanceDecidedAndMeasures(t *testing.T) {
	e := setup(t)
	id := e.onsite(t, e.slap)
	e.delivered(t, id)
	var finding int64
	if err := e.pool.QueryRow(ctx, `INSERT INTO findings (inspection_id, criterion_id, rating, text, assessed_by)
		VALUES ($1, 24, 'not_met', 'Naléhavost se neposuzuje.', $2) RETURNING id`, id, e.p.metodik.ID).Scan(&finding); err != nil {
		t.Fatal(err)
	}
	var objection int64
	if err := e.pool.QueryRow(ctx, `INSERT INTO objections (inspection_id, finding_id, filed_date, text, recorded_by)
		VALUES ($1, $2, '2026-03-02', 'Naléhavost posuzujeme ústně.', $3) RETURNING id`, id, finding, e.p.metodik.ID).Scan(&objection); err != nil {
		t.Fatal(err)
	}
	t.Run("an undecided objection blocks the decision", func(t *testing.T) {
		before := e.inspectionSnap(t, id)
		err := e.s.Advance(ctx, e.p.metodik, id, oversight.Step{To: oversight.Decided, Version: e.version(t, id)})
		if !errors.Is(err, oversight.ErrObjectionsOpen) {
			t.Errorf("error = %v, want ErrObjectionsOpen", err)
		}
		e.untouched(t, id, before)
	})
	t.Run("decided objections end the inspection before the period lapses", func(t *testing.T) {
		if _, err := e.pool.Exec(ctx, `UPDATE objections SET decision = 'rejected', reasoning = 'Musí být písemně.',
			decided_by = $2, decided_date = '2026-03-02' WHERE id = $1`, objection, e.p.metodik.ID); err != nil {
			t.Fatal(err)
		}
		e.step(t, id, oversight.Step{To: oversight.Decided})
	})
	t.Run("measures phase without a measure is refused", func(t *testing.T) {
		before := e.inspectionSnap(t, id)
		err := e.s.Advance(ctx, e.p.metodik, id, oversight.Step{To: oversight.Measures, Version: e.version(t, id)})
		if !errors.Is(err, oversight.ErrNoMeasures) {
			t.Errorf("error = %v, want ErrNoMeasures", err)
		}
		e.untouched(t, id, before)
	})
	var measure int64
	if err := e.pool.QueryRow(ctx, `INSERT INTO measures (inspection_id, finding_id, office_id, responsible_id, due, description, created_by)
		VALUES ($1, $2, $3, $4, '2026-06-30', 'Zavést písemné posouzení naléhavosti.', $5) RETURNING id`,
		id, finding, e.slap, e.p.headSlap.ID, e.p.metodik.ID).Scan(&measure); err != nil {
		t.Fatal(err)
	}
	t.Run("closing with an open measure is refused", func(t *testing.T) {
		before := e.inspectionSnap(t, id)
		err := e.s.Advance(ctx, e.p.metodik, id, oversight.Step{To: oversight.Closed, Version: e.version(t, id)})
		if !errors.Is(err, oversight.ErrMeasuresOpen) {
			t.Errorf("error = %v, want ErrMeasuresOpen", err)
		}
		e.untouched(t, id, before)
	})
	t.Run("measures, then closed once every measure is verified", func(t *testing.T) {
		e.step(t, id, oversight.Step{To: oversight.Measures})
		if _, err := e.pool.Exec(ctx, `UPDATE measures SET state = 'verified', report = 'Hotovo.', reported_at = $4,
			reported_by = $2, verified_at = $4, verified_by = $3 WHERE id = $1`, measure, e.p.headSlap.ID, e.p.metodik.ID, e.clock.now()); err != nil {
			t.Fatal(err)
		}
		e.step(t, id, oversight.Step{To: oversight.Closed})
		var state string
		if err := e.pool.QueryRow(ctx, `SELECT state FROM inspections WHERE id = $1`, id).Scan(&state); err != nil {
			t.Fatal(err)
		}
		if state != "closed" {
			t.Errorf("state = %s, want closed", state)
		}
	})
}

// A step that waited for the inspection's lock must see what the holder of the lock committed:
// a measure added meanwhile keeps the inspection open.
func TestAdvanceSeesMeasureAddedWhileWaiting(t *testing.T) {
	e := setup(t)
	id := e.decidedAfterLapse(t, e.slap)
	v := e.version(t, id)
	tx, err := e.pool.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback(ctx)
	var finding int64
	if _, err := tx.Exec(ctx, `SELECT 1 FROM inspections WHERE id = $1 FOR UPDATE`, id); err != nil {
		t.Fatal(err)
	}
	if err := tx.QueryRow(ctx, `INSERT INTO findings (inspection_id, criterion_id, rating, text, assessed_by)
		VALUES ($1, 24, 'not_met', 'Naléhavost se neposuzuje.', $2) RETURNING id`, id, e.p.metodik.ID).Scan(&finding); err != nil {
		t.Fatal(err)
	}
	if _, err := tx.Exec(ctx, `INSERT INTO measures (inspection_id, finding_id, office_id, responsible_id, due, description, created_by)
		VALUES ($1, $2, $3, $4, '2026-06-30', 'Zavést písemné posouzení naléhavosti.', $5)`,
		id, finding, e.slap, e.p.headSlap.ID, e.p.metodik.ID); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- e.s.Advance(ctx, e.p.metodik, id, oversight.Step{To: oversight.Closed, Version: v}) }()
	// Commit only once the step waits for the lock.
	deadline := time.Now().Add(10 * time.Second)
	for waiting := false; !waiting; {
		if time.Now().After(deadline) {
			t.Fatal("the step never waited for the lock")
		}
		if err := e.pool.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM pg_stat_activity
			WHERE datname = current_database() AND wait_event_type = 'Lock')`).Scan(&waiting); err != nil {
			t.Fatal(err)
		}
	}
	if err := tx.Commit(ctx); err != nil {
		t.Fatal(err)
	}
	if err := <-done; !errors.Is(err, oversight.ErrMeasuresOpen) {
		t.Errorf("error = %v, want ErrMeasuresOpen", err)
	}
	var state string
	if err := e.pool.QueryRow(ctx, `SELECT state FROM inspections WHERE id = $1`, id).Scan(&state); err != nil {
		t.Fatal(err)
	}
	if state != "decided" {
		t.Errorf("state = %s, want decided", state)
	}
}

func TestInspectionVisibility(t *testing.T) {
	e := setup(t)
	id := e.plan(t, e.slap)
	listed := func(t *testing.T, u *auth.User) bool {
		t.Helper()
		list, err := e.s.Inspections(ctx, u, oversight.Filter{})
		if err != nil {
			t.Fatal(err)
		}
		for _, i := range list {
			if i.ID == id {
				return true
			}
		}
		return false
	}
	sees := func(t *testing.T, u *auth.User, want bool) {
		t.Helper()
		_, err := e.s.Inspection(ctx, u, id)
		switch {
		case want && err != nil:
			t.Errorf("%s: Inspection error = %v, want it visible", u.Name, err)
		case !want && !errors.Is(err, app.ErrNotFound):
			t.Errorf("%s: Inspection error = %v, want ErrNotFound", u.Name, err)
		}
		if got := listed(t, u); got != want {
			t.Errorf("%s: listed = %v, want %v", u.Name, got, want)
		}
	}

	t.Run("a planned inspection is the region's only", func(t *testing.T) {
		sees(t, e.p.metodik, true)
		sees(t, e.p.metodik2, true)
		for _, u := range []*auth.User{e.p.headSlap, e.p.jana, e.p.headBlan, e.p.metodikPAK, e.p.coord, e.p.admin} {
			sees(t, u, false)
		}
	})
	t.Run("the inspected office cannot step an inspection it does not know of", func(t *testing.T) {
		before := e.inspectionSnap(t, id)
		err := e.s.Advance(ctx, e.p.headSlap, id, oversight.Step{To: oversight.Notified, Version: 1, Date: date(2026, 2, 16)})
		if !errors.Is(err, app.ErrNotFound) {
			t.Errorf("error = %v, want ErrNotFound", err)
		}
		e.untouched(t, id, before)
	})
	e.step(t, id, oversight.Step{To: oversight.Notified, Date: date(2026, 2, 16)})
	t.Run("after the notice the inspected office sees it", func(t *testing.T) {
		sees(t, e.p.headSlap, true)
		sees(t, e.p.jana, true)
	})
	t.Run("other offices and regions never see it", func(t *testing.T) {
		for _, u := range []*auth.User{e.p.headBlan, e.p.metodikPAK, e.p.coord, e.p.admin} {
			sees(t, u, false)
		}
	})
	t.Run("only the region's methodologists step it", func(t *testing.T) {
		st := oversight.Step{To: oversight.Onsite, Version: 2, From: date(2026, 2, 23), Until: date(2026, 2, 24)}
		for _, c := range []struct {
			u    *auth.User
			want error
		}{
			{e.p.headSlap, app.ErrForbidden},
			{e.p.jana, app.ErrForbidden},
			{e.p.metodikPAK, app.ErrNotFound},
			{e.p.headBlan, app.ErrNotFound},
			{e.p.coord, app.ErrNotFound},
		} {
			before := e.inspectionSnap(t, id)
			if err := e.s.Advance(ctx, c.u, id, st); !errors.Is(err, c.want) {
				t.Errorf("%s: error = %v, want %v", c.u.Name, err, c.want)
			}
			e.untouched(t, id, before)
		}
		if err := e.s.Advance(ctx, e.p.metodik2, id, st); err != nil {
			t.Errorf("second JMK methodologist: %v", err)
		}
	})
	t.Run("a missing inspection is not found", func(t *testing.T) {
		if _, err := e.s.Inspection(ctx, e.p.metodik, id+1000); !errors.Is(err, app.ErrNotFound) {
			t.Errorf("error = %v, want ErrNotFound", err)
		}
		err := e.s.Advance(ctx, e.p.metodik, id+1000, oversight.Step{To: oversight.Notified, Version: 1, Date: date(2026, 2, 16)})
		if !errors.Is(err, app.ErrNotFound) {
			t.Errorf("Advance error = %v, want ErrNotFound", err)
		}
	})
}

func TestInspectionsFilter(t *testing.T) {
	e := setup(t)
	planned := e.plan(t, e.blan)
	onsite := e.onsite(t, e.slap)
	running := e.onsite(t, e.blan)
	e.delivered(t, running)
	next, err := e.s.Plan(ctx, e.p.metodik, oversight.PlanInput{OfficeID: e.slap, Year: 2027, Quarter: 1,
		Kind: oversight.Followup, Team: []int64{e.p.metodik.ID}})
	if err != nil {
		t.Fatal(err)
	}
	ids := func(t *testing.T, u *auth.User, f oversight.Filter) []int64 {
		t.Helper()
		list, err := e.s.Inspections(ctx, u, f)
		if err != nil {
			t.Fatal(err)
		}
		var out []int64
		for _, i := range list {
			out = append(out, i.ID)
		}
		return out
	}
	for _, c := range []struct {
		name string
		u    *auth.User
		f    oversight.Filter
		want []int64
	}{
		// Ordered by year, quarter, office name: Blansko before Šlapanice.
		{"all of the region", e.p.metodik, oversight.Filter{}, []int64{planned, running, onsite, next}},
		{"one year", e.p.metodik, oversight.Filter{Year: 2027}, []int64{next}},
		{"one office", e.p.metodik, oversight.Filter{OfficeID: e.slap}, []int64{onsite, next}},
		{"states", e.p.metodik, oversight.Filter{States: []oversight.State{oversight.Onsite, oversight.Protocol}}, []int64{running, onsite}},
		{"objection period running", e.p.metodik, oversight.Filter{Running: true}, []int64{running}},
		{"upcoming", e.p.metodik, oversight.Filter{Upcoming: true}, []int64{planned, next}},
		{"the inspected office sees its notified ones", e.p.headSlap, oversight.Filter{}, []int64{onsite}},
		{"an office filtering for another sees nothing", e.p.headSlap, oversight.Filter{OfficeID: e.blan}, nil},
		{"another region sees nothing", e.p.metodikPAK, oversight.Filter{}, nil},
	} {
		t.Run(c.name, func(t *testing.T) {
			got := ids(t, c.u, c.f)
			if len(got) != len(c.want) {
				t.Fatalf("ids = %v, want %v", got, c.want)
			}
			for k := range got {
				if got[k] != c.want[k] {
					t.Fatalf("ids = %v, want %v", got, c.want)
				}
			}
		})
	}
}
