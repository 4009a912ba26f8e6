package oversight_test

import (
	"errors"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"hnizdo.cz/hnizdo/internal/app"
	"hnizdo.cz/hnizdo/internal/audit"
	"hnizdo.cz/hnizdo/internal/auth"
	"hnizdo.cz/hnizdo/internal/oversight"
)

// visitInput is a good visit of office on day.
func visitInput(office int64, day time.Time) oversight.VisitInput {
	return oversight.VisitInput{OfficeID: office, Kind: "visit", Date: day,
		Topics:          "Posuzování naléhavosti oznámení, vedení IPOD.",
		Recommendations: "Zavést písemný záznam o posouzení naléhavosti."}
}

// addVisit records a visit of office on day as the JMK methodologist.
func (e env) addVisit(t *testing.T, office int64, day time.Time) int64 {
	t.Helper()
	id, err := e.s.AddVisit(ctx, e.p.metodik, visitInput(office, day))
	if err != nil {
		t.Fatalf("add visit: %v", err)
	}
	return id
}

// visitSnap is everything a refused change must leave as it was.
type visitSnap struct {
	visits, followups, notes, audits string
}

func (e env) visitSnap(t *testing.T) visitSnap {
	t.Helper()
	var s visitSnap
	err := e.pool.QueryRow(ctx, `SELECT
		(SELECT coalesce(json_agg(v ORDER BY v.id)::text, '') FROM visits v),
		(SELECT coalesce(json_agg(f ORDER BY f.id)::text, '') FROM visit_followups f),
		(SELECT coalesce(json_agg(n ORDER BY n.visit_id, n.note_id)::text, '') FROM visit_notes n),
		(SELECT coalesce(json_agg(a ORDER BY a.id)::text, '') FROM audit_log a WHERE a.object_type = 'visit')`).
		Scan(&s.visits, &s.followups, &s.notes, &s.audits)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func (e env) visitsUntouched(t *testing.T, before visitSnap) {
	t.Helper()
	if after := e.visitSnap(t); after != before {
		t.Errorf("visits changed:\nbefore %+v\nafter  %+v", before, after)
	}
}

// visitActions lists the audited actions of visit id, oldest first.
func (e env) visitActions(t *testing.T, id int64) []string {
	t.Helper()
	rows, err := audit.For(ctx, e.pool, "visit", id)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, r := range rows {
		out = append(out, r.Action)
	}
	return out
}

// note adds a note of the JMK methodologist in status.
func (e env) note(t *testing.T, title, status string) int64 {
	t.Helper()
	var id int64
	err := e.pool.QueryRow(ctx, `
		INSERT INTO notes (title, author_id, office_id, region_id, status, review_by, published_at)
		VALUES ($1, $2, $3, $4, $5, '2027-03-01', CASE WHEN $5 = 'published' THEN now() END) RETURNING id`,
		title, e.p.metodik.ID, e.p.metodik.OfficeID, e.p.metodik.RegionID, status).Scan(&id)
	if err != nil {
		t.Fatalf("note: %v", err)
	}
	return id
}

func TestVisitAddAndEdit(t *testing.T) {
	e := setup(t)
	in := visitInput(e.slap, date(2026, 2, 20))
	in.Topics = "  Posuzování naléhavosti oznámení.\r\nVedení IPOD.  "
	id, err := e.s.AddVisit(ctx, e.p.metodik, in)
	if err != nil {
		t.Fatal(err)
	}
	t.Run("the visit is stored as typed, trimmed", func(t *testing.T) {
		v, err := e.s.Visit(ctx, e.p.metodik, id)
		if err != nil {
			t.Fatal(err)
		}
		if v.OfficeID != e.slap || v.OfficeName != "Městský úřad Šlapanice" || v.RegionID != e.p.metodik.RegionID ||
			v.Kind != "visit" || !v.Date.Equal(date(2026, 2, 20)) || v.Topics != "Posuzování naléhavosti oznámení.\nVedení IPOD." ||
			v.Recommendations != in.Recommendations || v.CreatedBy != e.p.metodik.ID || v.CreatedByName != "Martina Metodická" ||
			v.Version != 1 || len(v.Followups) != 0 || len(v.Notes) != 0 {
			t.Errorf("visit = %+v", v)
		}
	})
	t.Run("a methodologist edits it", func(t *testing.T) {
		err := e.s.EditVisit(ctx, e.p.metodik2, id, oversight.VisitInput{OfficeID: e.blan, Kind: "consultation",
			Date: date(2026, 2, 25), Topics: "Supervize týmu.", Version: 1})
		if err != nil {
			t.Fatal(err)
		}
		v, err := e.s.Visit(ctx, e.p.metodik, id)
		if err != nil {
			t.Fatal(err)
		}
		if v.OfficeID != e.blan || v.Kind != "consultation" || !v.Date.Equal(date(2026, 2, 25)) || v.Topics != "Supervize týmu." ||
			v.Recommendations != "" || v.Version != 2 || v.CreatedBy != e.p.metodik.ID {
			t.Errorf("visit = %+v", v)
		}
	})
	t.Run("a stale edit is refused", func(t *testing.T) {
		before := e.visitSnap(t)
		err := e.s.EditVisit(ctx, e.p.metodik, id, visitInput(e.slap, date(2026, 2, 20)))
		if !errors.Is(err, oversight.ErrChanged) || !errors.Is(err, app.ErrConflict) {
			t.Errorf("error = %v, want ErrChanged", err)
		}
		e.visitsUntouched(t, before)
	})
	t.Run("each change is audited", func(t *testing.T) {
		if got := e.visitActions(t, id); strings.Join(got, " ") != "visit.add visit.edit" {
			t.Errorf("audit = %v", got)
		}
	})
}

func TestVisitRefusesBadInput(t *testing.T) {
	e := setup(t)
	var partner int64
	if err := e.pool.QueryRow(ctx, `INSERT INTO offices (region_id, kind, name, municipality)
		VALUES (11, 'partner', 'Spolek Pod střechou', 'Brno') RETURNING id`).Scan(&partner); err != nil {
		t.Fatal(err)
	}
	existing := e.addVisit(t, e.slap, date(2026, 2, 20))
	good := visitInput(e.slap, date(2026, 2, 20))
	good.Version = 1
	with := func(f func(in *oversight.VisitInput)) oversight.VisitInput {
		in := good
		f(&in)
		return in
	}
	cases := []struct {
		name string
		in   oversight.VisitInput
		want app.Invalid
	}{
		{"no office", with(func(in *oversight.VisitInput) { in.OfficeID = 0 }), app.Invalid{"office": "err.choose"}},
		{"office of another region", with(func(in *oversight.VisitInput) { in.OfficeID = e.officeNamed(t, "Městský úřad Hlinsko") }),
			app.Invalid{"office": "err.choose"}},
		{"partner office", with(func(in *oversight.VisitInput) { in.OfficeID = partner }), app.Invalid{"office": "err.choose"}},
		{"unknown office", with(func(in *oversight.VisitInput) { in.OfficeID = 999999 }), app.Invalid{"office": "err.choose"}},
		{"unknown kind", with(func(in *oversight.VisitInput) { in.Kind = "inspection" }), app.Invalid{"kind": "err.choose"}},
		{"no date", with(func(in *oversight.VisitInput) { in.Date = time.Time{} }), app.Invalid{"date": "err.required"}},
		{"no topics", with(func(in *oversight.VisitInput) { in.Topics = " \n\t " }), app.Invalid{"topics": "oversight.err.topics"}},
		{"topics too long", with(func(in *oversight.VisitInput) { in.Topics = strings.Repeat("ž", oversight.MaxVisitText+1) }),
			app.Invalid{"topics": "err.too_long"}},
		{"recommendations too long", with(func(in *oversight.VisitInput) {
			in.Recommendations = strings.Repeat("a", oversight.MaxVisitText+1)
		}), app.Invalid{"recommendations": "err.too_long"}},
		{"birth number in the topics", with(func(in *oversight.VisitInput) { in.Topics = "Případ dítěte RČ 120315/1234." }),
			app.Invalid{"topics": "oversight.err.personal_data"}},
		{"file reference in the recommendations", with(func(in *oversight.VisitInput) {
			in.Recommendations = "Doplnit záznam ve spisu sp. zn. OSPOD/123/2025."
		}), app.Invalid{"recommendations": "oversight.err.personal_data"}},
		{"everything wrong at once", oversight.VisitInput{Kind: "x", Version: 1},
			app.Invalid{"office": "err.choose", "kind": "err.choose", "date": "err.required", "topics": "oversight.err.topics"}},
	}
	for _, c := range cases {
		t.Run(c.name+" is invalid when added and keeps nothing", func(t *testing.T) {
			before := e.visitSnap(t)
			_, err := e.s.AddVisit(ctx, e.p.metodik, c.in)
			invalidExactly(t, err, c.want)
			e.visitsUntouched(t, before)
		})
		t.Run(c.name+" is invalid when edited and changes nothing", func(t *testing.T) {
			before := e.visitSnap(t)
			invalidExactly(t, e.s.EditVisit(ctx, e.p.metodik, existing, c.in), c.want)
			e.visitsUntouched(t, before)
		})
	}
	t.Run("only methodologists add visits", func(t *testing.T) {
		before := e.visitSnap(t)
		for _, u := range []*auth.User{e.p.headSlap, e.p.jana, e.p.coord, e.p.admin} {
			if _, err := e.s.AddVisit(ctx, u, good); !errors.Is(err, app.ErrForbidden) {
				t.Errorf("%s: error = %v, want ErrForbidden", u.Name, err)
			}
		}
		e.visitsUntouched(t, before)
	})
	t.Run("a methodologist of another region cannot visit a JMK office", func(t *testing.T) {
		before := e.visitSnap(t)
		_, err := e.s.AddVisit(ctx, e.p.metodikPAK, good)
		invalidExactly(t, err, app.Invalid{"office": "err.choose"})
		e.visitsUntouched(t, before)
	})
}

func TestVisitVisibility(t *testing.T) {
	e := setup(t)
	slap := e.addVisit(t, e.slap, date(2026, 2, 10))
	blan := e.addVisit(t, e.blan, date(2026, 2, 12))
	slap2 := e.addVisit(t, e.slap, date(2026, 2, 26))

	t.Run("visit detail", func(t *testing.T) {
		for _, c := range []struct {
			u    *auth.User
			sees bool
		}{
			{e.p.metodik, true}, {e.p.metodik2, true}, {e.p.headSlap, true}, {e.p.jana, true},
			{e.p.headBlan, false}, {e.p.metodikPAK, false}, {e.p.coord, false}, {e.p.admin, false},
		} {
			_, err := e.s.Visit(ctx, c.u, slap)
			if c.sees && err != nil || !c.sees && !errors.Is(err, app.ErrNotFound) {
				t.Errorf("%s: error = %v, want visible %v", c.u.Name, err, c.sees)
			}
		}
		if _, err := e.s.Visit(ctx, e.p.metodik, slap2+1000); !errors.Is(err, app.ErrNotFound) {
			t.Errorf("missing visit: error = %v, want ErrNotFound", err)
		}
	})
	t.Run("visit lists, newest first", func(t *testing.T) {
		for _, c := range []struct {
			name   string
			u      *auth.User
			office int64
			want   []int64
		}{
			{"methodologist: the region", e.p.metodik, 0, []int64{slap2, blan, slap}},
			{"methodologist: one office", e.p.metodik2, e.slap, []int64{slap2, slap}},
			{"caseworker: own office", e.p.jana, 0, []int64{slap2, slap}},
			{"caseworker asking for another office", e.p.jana, e.blan, nil},
			{"head of another office", e.p.headBlan, 0, []int64{blan}},
			{"another region", e.p.metodikPAK, 0, nil},
			{"another region asking for a JMK office", e.p.metodikPAK, e.slap, nil},
			{"coordinator", e.p.coord, 0, nil},
		} {
			list, err := e.s.Visits(ctx, c.u, c.office)
			if err != nil {
				t.Fatal(err)
			}
			var got []int64
			for _, v := range list {
				got = append(got, v.ID)
			}
			if !slices.Equal(got, c.want) {
				t.Errorf("%s: visits = %v, want %v", c.name, got, c.want)
			}
		}
	})
	t.Run("only the region's methodologists edit", func(t *testing.T) {
		before := e.visitSnap(t)
		in := visitInput(e.slap, date(2026, 2, 10))
		in.Version = 1
		for _, c := range []struct {
			u    *auth.User
			want error
		}{
			{e.p.headSlap, app.ErrForbidden}, {e.p.jana, app.ErrForbidden},
			{e.p.headBlan, app.ErrNotFound}, {e.p.metodikPAK, app.ErrNotFound}, {e.p.coord, app.ErrNotFound},
		} {
			if err := e.s.EditVisit(ctx, c.u, slap, in); !errors.Is(err, c.want) {
				t.Errorf("%s: error = %v, want %v", c.u.Name, err, c.want)
			}
		}
		e.visitsUntouched(t, before)
	})
}

func TestVisitFollowups(t *testing.T) {
	e := setup(t)
	id := e.addVisit(t, e.slap, date(2026, 2, 20))
	other := e.addVisit(t, e.blan, date(2026, 2, 21))

	t.Run("bad follow-ups are invalid and keep nothing", func(t *testing.T) {
		for _, c := range []struct {
			name string
			text string
			due  time.Time
			want app.Invalid
		}{
			{"no text", "  ", date(2026, 4, 30), app.Invalid{"text": "oversight.err.followup"}},
			{"no due date", "Doplnit metodiku.", time.Time{}, app.Invalid{"due": "err.required"}},
			{"too long", strings.Repeat("x", oversight.MaxFollowup+1), date(2026, 4, 30), app.Invalid{"text": "err.too_long"}},
			{"personal data", "Zavolat matce na 603 123 456.", date(2026, 4, 30), app.Invalid{"text": "oversight.err.personal_data"}},
			{"due before the visit", "Doplnit metodiku.", date(2026, 2, 19), app.Invalid{"due": "oversight.err.due_before_visit"}},
		} {
			before := e.visitSnap(t)
			_, err := e.s.AddFollowup(ctx, e.p.metodik, id, c.text, c.due)
			invalidExactly(t, err, c.want)
			e.visitsUntouched(t, before)
		}
	})
	t.Run("only the region's methodologists add follow-ups", func(t *testing.T) {
		before := e.visitSnap(t)
		for _, c := range []struct {
			u    *auth.User
			want error
		}{
			{e.p.headSlap, app.ErrForbidden}, {e.p.headBlan, app.ErrNotFound}, {e.p.metodikPAK, app.ErrNotFound},
		} {
			if _, err := e.s.AddFollowup(ctx, c.u, id, "Doplnit metodiku.", date(2026, 4, 30)); !errors.Is(err, c.want) {
				t.Errorf("%s: error = %v, want %v", c.u.Name, err, c.want)
			}
		}
		e.visitsUntouched(t, before)
	})

	late, err := e.s.AddFollowup(ctx, e.p.metodik, id, "  Zaslat upravený vnitřní předpis. ", date(2026, 5, 31))
	if err != nil {
		t.Fatal(err)
	}
	soon, err := e.s.AddFollowup(ctx, e.p.metodik2, id, "Proškolit nové pracovnice.", date(2026, 3, 31))
	if err != nil {
		t.Fatal(err)
	}
	blanko, err := e.s.AddFollowup(ctx, e.p.metodik, other, "Doplnit plán vzdělávání.", date(2026, 2, 27))
	if err != nil {
		t.Fatal(err)
	}
	t.Run("follow-ups come with the visit, soonest due first", func(t *testing.T) {
		v, err := e.s.Visit(ctx, e.p.jana, id)
		if err != nil {
			t.Fatal(err)
		}
		if len(v.Followups) != 2 || v.Followups[0].ID != soon || v.Followups[1].ID != late ||
			v.Followups[1].Text != "Zaslat upravený vnitřní předpis." || !v.Followups[1].Due.Equal(date(2026, 5, 31)) ||
			v.Followups[0].DoneAt != nil {
			t.Errorf("follow-ups = %+v", v.Followups)
		}
		list, err := e.s.Visits(ctx, e.p.metodik, 0)
		if err != nil {
			t.Fatal(err)
		}
		if len(list) != 2 || len(list[0].Followups) != 1 || list[0].Followups[0].ID != blanko || len(list[1].Followups) != 2 {
			t.Errorf("visit list = %+v", list)
		}
	})
	t.Run("open follow-ups for the dashboards", func(t *testing.T) {
		for _, c := range []struct {
			name string
			u    *auth.User
			want []int64
		}{
			{"methodologist", e.p.metodik, []int64{blanko, soon, late}},
			{"head", e.p.headSlap, []int64{soon, late}},
			{"head of another office", e.p.headBlan, []int64{blanko}},
			{"another region", e.p.metodikPAK, nil},
		} {
			list, err := e.s.OpenFollowups(ctx, c.u)
			if err != nil {
				t.Fatal(err)
			}
			var got []int64
			for _, f := range list {
				got = append(got, f.ID)
			}
			if !slices.Equal(got, c.want) {
				t.Errorf("%s: open follow-ups = %v, want %v", c.name, got, c.want)
			}
		}
		list, err := e.s.OpenFollowups(ctx, e.p.metodik)
		if err != nil {
			t.Fatal(err)
		}
		if f := list[0]; f.VisitID != other || f.OfficeName != "Městský úřad Blansko" || !f.VisitDate.Equal(date(2026, 2, 21)) ||
			!f.Overdue(date(2026, 3, 2)) || list[1].Overdue(date(2026, 3, 2)) {
			t.Errorf("first open follow-up = %+v", f)
		}
	})
	t.Run("who may mark a follow-up done", func(t *testing.T) {
		before := e.visitSnap(t)
		for _, c := range []struct {
			u    *auth.User
			want error
		}{
			{e.p.jana, app.ErrForbidden}, {e.p.headBlan, app.ErrNotFound}, {e.p.metodikPAK, app.ErrNotFound},
			{e.p.coord, app.ErrNotFound},
		} {
			if err := e.s.DoneFollowup(ctx, c.u, soon); !errors.Is(err, c.want) {
				t.Errorf("%s: error = %v, want %v", c.u.Name, err, c.want)
			}
		}
		if err := e.s.DoneFollowup(ctx, e.p.metodik, late+1000); !errors.Is(err, app.ErrNotFound) {
			t.Errorf("missing follow-up: error = %v, want ErrNotFound", err)
		}
		e.visitsUntouched(t, before)
	})
	t.Run("the visited office's head marks one done", func(t *testing.T) {
		if err := e.s.DoneFollowup(ctx, e.p.headSlap, soon); err != nil {
			t.Fatal(err)
		}
		v, err := e.s.Visit(ctx, e.p.metodik, id)
		if err != nil {
			t.Fatal(err)
		}
		f := v.Followups[0]
		if f.DoneAt == nil || !f.DoneAt.Equal(e.clock.now()) || f.DoneBy != "Eva Vedoucí" || v.Followups[1].DoneAt != nil {
			t.Errorf("follow-ups = %+v", v.Followups)
		}
	})
	t.Run("done twice is refused", func(t *testing.T) {
		before := e.visitSnap(t)
		if err := e.s.DoneFollowup(ctx, e.p.metodik, soon); !errors.Is(err, oversight.ErrChanged) {
			t.Errorf("error = %v, want ErrChanged", err)
		}
		e.visitsUntouched(t, before)
	})
	t.Run("a methodologist marks one done", func(t *testing.T) {
		if err := e.s.DoneFollowup(ctx, e.p.metodik2, late); err != nil {
			t.Fatal(err)
		}
		list, err := e.s.OpenFollowups(ctx, e.p.headSlap)
		if err != nil {
			t.Fatal(err)
		}
		if len(list) != 0 {
			t.Errorf("open follow-ups = %+v, want none", list)
		}
	})
	t.Run("each change is audited", func(t *testing.T) {
		want := "visit.add visit.followup visit.followup visit.followup_done visit.followup_done"
		if got := e.visitActions(t, id); strings.Join(got, " ") != want {
			t.Errorf("audit = %v, want %s", got, want)
		}
	})
}

func TestVisitFollowupDueOnVisitDay(t *testing.T) {
	e := setup(t)
	id := e.addVisit(t, e.slap, date(2026, 2, 20))
	f, err := e.s.AddFollowup(ctx, e.p.metodik, id, "Předat zápis vedoucí.", date(2026, 2, 20))
	if err != nil {
		t.Fatal(err)
	}
	v, err := e.s.Visit(ctx, e.p.metodik, id)
	if err != nil {
		t.Fatal(err)
	}
	if len(v.Followups) != 1 || v.Followups[0].ID != f || !v.Followups[0].Due.Equal(date(2026, 2, 20)) {
		t.Errorf("follow-ups = %+v", v.Followups)
	}
}

func TestVisitFollowupVisit(t *testing.T) {
	e := setup(t)
	id := e.addVisit(t, e.slap, date(2026, 2, 20))
	f, err := e.s.AddFollowup(ctx, e.p.metodik, id, "Předat zápis vedoucí.", date(2026, 3, 20))
	if err != nil {
		t.Fatal(err)
	}
	t.Run("who may see the visit gets its id", func(t *testing.T) {
		for _, u := range []*auth.User{e.p.metodik, e.p.headSlap, e.p.jana} {
			if got, err := e.s.FollowupVisit(ctx, u, f); err != nil || got != id {
				t.Errorf("%s: %d, %v", u.Name, got, err)
			}
		}
	})
	t.Run("others and a missing follow-up are not found", func(t *testing.T) {
		for _, c := range []struct {
			u  *auth.User
			id int64
		}{{e.p.headBlan, f}, {e.p.metodikPAK, f}, {e.p.metodik, f + 1000}} {
			if _, err := e.s.FollowupVisit(ctx, c.u, c.id); !errors.Is(err, app.ErrNotFound) {
				t.Errorf("%s, %d: %v", c.u.Name, c.id, err)
			}
		}
	})
}

func TestVisitFollowupDoneConcurrently(t *testing.T) {
	e := setup(t)
	id := e.addVisit(t, e.slap, date(2026, 2, 20))
	f, err := e.s.AddFollowup(ctx, e.p.metodik, id, "Zaslat upravený vnitřní předpis.", date(2026, 5, 31))
	if err != nil {
		t.Fatal(err)
	}
	const n = 8
	users := []*auth.User{e.p.metodik, e.p.metodik2, e.p.headSlap}
	start := make(chan struct{})
	errs := make([]error, n)
	var wg sync.WaitGroup
	for k := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			errs[k] = e.s.DoneFollowup(ctx, users[k%len(users)], f)
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
	var done int
	if err := e.pool.QueryRow(ctx, `SELECT count(*) FROM audit_log WHERE object_type = 'visit' AND object_id = $1
		AND action = 'visit.followup_done'`, id).Scan(&done); err != nil {
		t.Fatal(err)
	}
	if ok != 1 || done != 1 {
		t.Errorf("%d succeeded, %d audit entries, want 1 and 1", ok, done)
	}
}

func TestVisitNotes(t *testing.T) {
	e := setup(t)
	id := e.addVisit(t, e.slap, date(2026, 2, 20))
	published := e.note(t, "Posouzení naléhavosti oznámení", "published")
	second := e.note(t, "Individuální plán ochrany dítěte", "published")
	draft := e.note(t, "Rozpracovaná metodika", "draft")

	t.Run("only a published note can be linked", func(t *testing.T) {
		before := e.visitSnap(t)
		for _, note := range []int64{draft, second + 1000} {
			invalidExactly(t, e.s.LinkNote(ctx, e.p.metodik, id, note), app.Invalid{"note": "oversight.err.note"})
		}
		e.visitsUntouched(t, before)
	})
	t.Run("only the region's methodologists link", func(t *testing.T) {
		before := e.visitSnap(t)
		for _, c := range []struct {
			u    *auth.User
			want error
		}{
			{e.p.headSlap, app.ErrForbidden}, {e.p.headBlan, app.ErrNotFound}, {e.p.metodikPAK, app.ErrNotFound},
		} {
			if err := e.s.LinkNote(ctx, c.u, id, published); !errors.Is(err, c.want) {
				t.Errorf("%s: link error = %v, want %v", c.u.Name, err, c.want)
			}
		}
		e.visitsUntouched(t, before)
	})
	t.Run("linking twice links once", func(t *testing.T) {
		for range 2 {
			if err := e.s.LinkNote(ctx, e.p.metodik, id, published); err != nil {
				t.Fatal(err)
			}
		}
		if err := e.s.LinkNote(ctx, e.p.metodik2, id, second); err != nil {
			t.Fatal(err)
		}
		v, err := e.s.Visit(ctx, e.p.jana, id)
		if err != nil {
			t.Fatal(err)
		}
		// By title: "Individuální…" before "Posouzení…".
		if len(v.Notes) != 2 || v.Notes[0].ID != second || v.Notes[1].ID != published || v.Notes[1].Title != "Posouzení naléhavosti oznámení" {
			t.Errorf("notes = %+v", v.Notes)
		}
	})
	t.Run("an archived note drops out of the visit", func(t *testing.T) {
		if _, err := e.pool.Exec(ctx, `UPDATE notes SET status = 'archived' WHERE id = $1`, second); err != nil {
			t.Fatal(err)
		}
		list, err := e.s.Visits(ctx, e.p.metodik, e.slap)
		if err != nil {
			t.Fatal(err)
		}
		if len(list) != 1 || len(list[0].Notes) != 1 || list[0].Notes[0].ID != published {
			t.Errorf("visits = %+v", list)
		}
	})
	t.Run("unlinking removes the link; twice changes nothing", func(t *testing.T) {
		if err := e.s.UnlinkNote(ctx, e.p.headSlap, id, published); !errors.Is(err, app.ErrForbidden) {
			t.Errorf("head: error = %v, want ErrForbidden", err)
		}
		for range 2 {
			if err := e.s.UnlinkNote(ctx, e.p.metodik, id, published); err != nil {
				t.Fatal(err)
			}
		}
		var n int
		if err := e.pool.QueryRow(ctx, `SELECT count(*) FROM visit_notes WHERE visit_id = $1 AND note_id = $2`, id, published).Scan(&n); err != nil {
			t.Fatal(err)
		}
		if n != 0 {
			t.Errorf("links = %d, want 0", n)
		}
	})
	t.Run("each change is audited once", func(t *testing.T) {
		want := "visit.add visit.link_note visit.link_note visit.unlink_note"
		if got := e.visitActions(t, id); strings.Join(got, " ") != want {
			t.Errorf("audit = %v, want %s", got, want)
		}
	})
}
