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
	"hnizdo.cz/hnizdo/internal/i18n"
	"hnizdo.cz/hnizdo/internal/oversight"
)

// assessAs rates criterion in inspection id (on site) as u and returns the assessment's id.
func assessAs(t *testing.T, e env, u *auth.User, id int64, criterion int16, r oversight.Rating) int64 {
	t.Helper()
	text := ""
	if r.IsFinding() {
		text = "Postup není písemně upraven."
	}
	fid, err := e.s.Assess(ctx, u, id, criterion, r, text, 0)
	if err != nil {
		t.Fatalf("assess %d: %v", criterion, err)
	}
	return fid
}

// Criteria used in the tests, by code.
const (
	id8a  int16 = 23
	id8b  int16 = 24
	id12a int16 = 33
	id2a  int16 = 3
)

// withFinding takes an inspection of office to the objection period with criterion 8a partly met
// and 2a met; it returns the inspection and the 8a finding.
func (e env) withFinding(t *testing.T, office int64) (int64, int64) {
	t.Helper()
	id := e.onsite(t, office)
	f := assessAs(t, e, e.p.metodik, id, id8a, oversight.Partly)
	assessAs(t, e, e.p.metodik, id, id2a, oversight.Met)
	e.delivered(t, id)
	return id, f
}

// newMeasure adds a measure from finding as the JMK methodologist, due 30 April 2026.
func (e env) newMeasure(t *testing.T, finding, responsible int64) int64 {
	t.Helper()
	return e.addMeasure(t, finding, responsible, date(2026, 4, 30))
}

// addMeasure adds a measure from finding as the JMK methodologist, due on due.
func (e env) addMeasure(t *testing.T, finding, responsible int64, due time.Time) int64 {
	t.Helper()
	id, err := e.s.AddMeasure(ctx, e.p.metodik, oversight.MeasureInput{FindingID: finding, ResponsibleID: responsible,
		Due: due, Description: "Vydat vnitřní předpis k přijímání oznámení."})
	if err != nil {
		t.Fatalf("add measure: %v", err)
	}
	return id
}

// measureOf reads measure id as the JMK methodologist.
func (e env) measureOf(t *testing.T, id int64) *oversight.Measure {
	t.Helper()
	m, err := e.s.Measure(ctx, e.p.metodik, id)
	if err != nil {
		t.Fatalf("measure %d: %v", id, err)
	}
	return m
}

// reportMeasure reports measure id as u with its current version.
func (e env) reportMeasure(t *testing.T, u *auth.User, id int64) {
	t.Helper()
	if err := e.s.Report(ctx, u, id, "Předpis vydán 15. 3. 2026, zaměstnanci proškoleni.", e.measureOf(t, id).Version); err != nil {
		t.Fatalf("report: %v", err)
	}
}

// checkMeasures checks the ids, in order, of the measures u lists with f.
func (e env) checkMeasures(t *testing.T, u *auth.User, f oversight.MeasureFilter, want ...int64) {
	t.Helper()
	list, err := e.s.Measures(ctx, u, f)
	if err != nil {
		t.Fatal(err)
	}
	got := []int64{}
	for _, m := range list {
		got = append(got, m.ID)
	}
	if want == nil {
		want = []int64{}
	}
	if !slices.Equal(got, want) {
		t.Fatalf("%+v: got %v, want %v", f, got, want)
	}
}

// measureAudit lists measure id's audit rows as "action from→to".
func (e env) measureAudit(t *testing.T, id int64) []string {
	t.Helper()
	rows, err := audit.For(ctx, e.pool, "measure", id)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, r := range rows {
		out = append(out, r.Action+" "+r.From+"→"+r.To)
	}
	return out
}

func wantField(t *testing.T, err error, field, key string) {
	t.Helper()
	var inv app.Invalid
	if !errors.As(err, &inv) || inv[field] != key {
		t.Fatalf("got %v, want %s: %s", err, field, key)
	}
}

func TestAddMeasure(t *testing.T) {
	e := setup(t)
	id, finding := e.withFinding(t, e.slap)
	var met int64
	if err := e.pool.QueryRow(ctx, `SELECT id FROM findings WHERE inspection_id = $1 AND criterion_id = $2`, id, id2a).Scan(&met); err != nil {
		t.Fatal(err)
	}
	count := func() int {
		var n int
		if err := e.pool.QueryRow(ctx, `SELECT count(*) FROM measures`).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	good := oversight.MeasureInput{FindingID: finding, ResponsibleID: e.p.jana.ID, Due: date(2026, 4, 30),
		Description: "  Vydat vnitřní předpis.\r\n"}

	t.Run("methodologist adds an open measure binding the inspected office", func(t *testing.T) {
		mid, err := e.s.AddMeasure(ctx, e.p.metodik, good)
		if err != nil {
			t.Fatal(err)
		}
		m := e.measureOf(t, mid)
		if m.State != oversight.Open || m.OfficeID != e.slap || m.InspectionID != id || m.ResponsibleName != "Jana Nováková" ||
			m.CriterionCode != "8a" || m.Description != "Vydat vnitřní předpis." || !m.Due.Equal(date(2026, 4, 30)) || m.Version != 1 {
			t.Fatalf("measure = %+v", m)
		}
		if got := e.measureAudit(t, mid); !slices.Equal(got, []string{"measure.add →open"}) {
			t.Fatalf("audit = %v", got)
		}
	})
	t.Run("due today is accepted", func(t *testing.T) {
		in := good
		in.Due = date(2026, 3, 2)
		if _, err := e.s.AddMeasure(ctx, e.p.metodik, in); err != nil {
			t.Fatal(err)
		}
	})

	before := count()
	t.Run("office head is forbidden", func(t *testing.T) {
		if _, err := e.s.AddMeasure(ctx, e.p.headSlap, good); !errors.Is(err, app.ErrForbidden) {
			t.Fatalf("err = %v", err)
		}
	})
	t.Run("another region's methodologist does not find the finding", func(t *testing.T) {
		if _, err := e.s.AddMeasure(ctx, e.p.metodikPAK, good); !errors.Is(err, app.ErrNotFound) {
			t.Fatalf("err = %v", err)
		}
	})
	t.Run("met criterion is not a finding", func(t *testing.T) {
		in := good
		in.FindingID = met
		_, err := e.s.AddMeasure(ctx, e.p.metodik, in)
		wantField(t, err, "finding", "oversight.err.not_finding")
	})
	t.Run("responsible from another office is refused", func(t *testing.T) {
		in := good
		in.ResponsibleID = e.p.headBlan.ID
		_, err := e.s.AddMeasure(ctx, e.p.metodik, in)
		wantField(t, err, "responsible", "err.choose")
	})
	t.Run("inactive responsible is refused", func(t *testing.T) {
		gone := e.user(t, "Odešlá Pracovnice", "Městský úřad Šlapanice")
		if _, err := e.pool.Exec(ctx, `UPDATE users SET active = false WHERE id = $1`, gone.ID); err != nil {
			t.Fatal(err)
		}
		in := good
		in.ResponsibleID = gone.ID
		_, err := e.s.AddMeasure(ctx, e.p.metodik, in)
		wantField(t, err, "responsible", "err.choose")
	})
	t.Run("due in the past is refused", func(t *testing.T) {
		in := good
		in.Due = date(2026, 3, 1)
		_, err := e.s.AddMeasure(ctx, e.p.metodik, in)
		wantField(t, err, "due", "oversight.err.due_past")
	})
	t.Run("missing due is refused", func(t *testing.T) {
		in := good
		in.Due = time.Time{}
		_, err := e.s.AddMeasure(ctx, e.p.metodik, in)
		wantField(t, err, "due", "err.required")
	})
	t.Run("empty description is refused", func(t *testing.T) {
		in := good
		in.Description = " \n "
		_, err := e.s.AddMeasure(ctx, e.p.metodik, in)
		wantField(t, err, "description", "err.required")
	})
	t.Run("birth number in the description is refused", func(t *testing.T) {
		in := good
		in.Description = "Doplnit spis dítěte 780123/3540."
		_, err := e.s.AddMeasure(ctx, e.p.metodik, in)
		wantField(t, err, "description", "oversight.err.personal_data")
	})
	t.Run("too long description is refused", func(t *testing.T) {
		in := good
		in.Description = strings.Repeat("á", oversight.MaxMeasureDescription+1)
		_, err := e.s.AddMeasure(ctx, e.p.metodik, in)
		wantField(t, err, "description", "err.too_long")
	})
	t.Run("finding of an inspection still on site is refused", func(t *testing.T) {
		onsite := e.onsite(t, e.blan)
		f := assessAs(t, e, e.p.metodik, onsite, id8b, oversight.NotMet)
		in := good
		in.FindingID, in.ResponsibleID = f, e.p.headBlan.ID
		if _, err := e.s.AddMeasure(ctx, e.p.metodik, in); !errors.Is(err, oversight.ErrMeasureState) || !errors.Is(err, app.ErrConflict) {
			t.Fatalf("err = %v", err)
		}
	})
	t.Run("unknown finding is not found", func(t *testing.T) {
		in := good
		in.FindingID = -1
		if _, err := e.s.AddMeasure(ctx, e.p.metodik, in); !errors.Is(err, app.ErrNotFound) {
			t.Fatalf("err = %v", err)
		}
	})
	t.Run("refused attempts added nothing", func(t *testing.T) {
		if n := count(); n != before {
			t.Fatalf("measures = %d, want %d", n, before)
		}
	})
}

func TestMeasureTwoPartyClosure(t *testing.T) {
	e := setup(t)
	_, finding := e.withFinding(t, e.slap)
	id := e.newMeasure(t, finding, e.p.jana.ID)

	e.reportMeasure(t, e.p.headSlap, id)
	m := e.measureOf(t, id)
	if m.State != oversight.Reported || m.ReportedBy == nil || *m.ReportedBy != e.p.headSlap.ID || m.ReportedAt == nil {
		t.Fatalf("after report: %+v", m)
	}
	if err := e.s.Return(ctx, e.p.metodik, id, " ", m.Version); err != nil {
		wantField(t, err, "reason", "oversight.err.reason")
	} else {
		t.Fatal("return without a reason accepted")
	}
	if err := e.s.Return(ctx, e.p.metodik, id, "Chybí doklad o proškolení.", m.Version); err != nil {
		t.Fatalf("return: %v", err)
	}
	m = e.measureOf(t, id)
	if m.State != oversight.Returned || m.ReturnReason != "Chybí doklad o proškolení." {
		t.Fatalf("after return: %+v", m)
	}
	e.reportMeasure(t, e.p.headSlap, id)
	m = e.measureOf(t, id)
	if err := e.s.Verify(ctx, e.p.metodik, id, m.Version); err != nil {
		t.Fatalf("verify: %v", err)
	}
	m = e.measureOf(t, id)
	if m.State != oversight.Verified || m.VerifiedBy == nil || *m.VerifiedBy != e.p.metodik.ID || m.VerifiedAt == nil {
		t.Fatalf("after verify: %+v", m)
	}
	want := []string{"measure.add →open", "measure.report open→reported", "measure.return reported→returned",
		"measure.report returned→reported", "measure.verify reported→verified"}
	if got := e.measureAudit(t, id); !slices.Equal(got, want) {
		t.Fatalf("audit = %v, want %v", got, want)
	}

	t.Run("report on a verified measure is refused", func(t *testing.T) {
		err := e.s.Report(ctx, e.p.headSlap, id, "Znovu.", m.Version)
		if !errors.Is(err, oversight.ErrMeasureState) {
			t.Fatalf("err = %v", err)
		}
		if got := e.measureOf(t, id); got.State != oversight.Verified || got.Version != m.Version {
			t.Fatalf("measure changed: %+v", got)
		}
	})
}

func TestMeasureWho(t *testing.T) {
	e := setup(t)
	_, finding := e.withFinding(t, e.slap)
	id := e.newMeasure(t, finding, e.p.headSlap.ID)
	text := "Hotovo."

	t.Run("caseworker who is not responsible cannot report", func(t *testing.T) {
		if err := e.s.Report(ctx, e.p.jana, id, text, 1); !errors.Is(err, app.ErrForbidden) {
			t.Fatalf("err = %v", err)
		}
	})
	t.Run("methodologist cannot report for the office", func(t *testing.T) {
		if err := e.s.Report(ctx, e.p.metodik, id, text, 1); !errors.Is(err, app.ErrForbidden) {
			t.Fatalf("err = %v", err)
		}
	})
	t.Run("another office does not find it", func(t *testing.T) {
		if _, err := e.s.Measure(ctx, e.p.headBlan, id); !errors.Is(err, app.ErrNotFound) {
			t.Fatalf("measure: %v", err)
		}
		if err := e.s.Report(ctx, e.p.headBlan, id, text, 1); !errors.Is(err, app.ErrNotFound) {
			t.Fatalf("report: %v", err)
		}
	})
	t.Run("another region's methodologist does not find it", func(t *testing.T) {
		if _, err := e.s.Measure(ctx, e.p.metodikPAK, id); !errors.Is(err, app.ErrNotFound) {
			t.Fatalf("measure: %v", err)
		}
		if _, err := e.s.MeasureFiles(ctx, e.p.metodikPAK, id); !errors.Is(err, app.ErrNotFound) {
			t.Fatalf("files: %v", err)
		}
		if err := e.s.Verify(ctx, e.p.metodikPAK, id, 1); !errors.Is(err, app.ErrNotFound) {
			t.Fatalf("verify: %v", err)
		}
		list, err := e.s.Measures(ctx, e.p.metodikPAK, oversight.MeasureFilter{OfficeID: e.slap})
		if err != nil || len(list) != 0 {
			t.Fatalf("list = %v, %v", list, err)
		}
	})
	t.Run("stale version is refused", func(t *testing.T) {
		if _, err := e.pool.Exec(ctx, `UPDATE measures SET version = 2 WHERE id = $1`, id); err != nil {
			t.Fatal(err)
		}
		if err := e.s.Report(ctx, e.p.headSlap, id, text, 1); !errors.Is(err, oversight.ErrChanged) {
			t.Fatalf("err = %v", err)
		}
	})
	t.Run("empty report is refused", func(t *testing.T) {
		err := e.s.Report(ctx, e.p.headSlap, id, "  ", 2)
		wantField(t, err, "report", "oversight.err.report")
	})
	t.Run("report naming a child's file is refused", func(t *testing.T) {
		err := e.s.Report(ctx, e.p.headSlap, id, "Doplněno ve spisu Om 123/2025.", 2)
		wantField(t, err, "report", "oversight.err.personal_data")
	})
	t.Run("verifying an open measure is refused", func(t *testing.T) {
		if err := e.s.Verify(ctx, e.p.metodik, id, 2); !errors.Is(err, oversight.ErrMeasureState) {
			t.Fatalf("err = %v", err)
		}
	})
	t.Run("office head reports", func(t *testing.T) {
		if err := e.s.Report(ctx, e.p.headSlap, id, text, 2); err != nil {
			t.Fatal(err)
		}
	})
	t.Run("office head cannot verify their own office's measure", func(t *testing.T) {
		if err := e.s.Verify(ctx, e.p.headSlap, id, 3); !errors.Is(err, app.ErrForbidden) {
			t.Fatalf("err = %v", err)
		}
		if err := e.s.Return(ctx, e.p.headSlap, id, "Ne.", 3); !errors.Is(err, app.ErrForbidden) {
			t.Fatalf("return: %v", err)
		}
		if m := e.measureOf(t, id); m.State != oversight.Reported || m.Version != 3 {
			t.Fatalf("measure changed: %+v", m)
		}
	})
	t.Run("responsible caseworker reports", func(t *testing.T) {
		mid := e.newMeasure(t, finding, e.p.jana.ID)
		if err := e.s.Report(ctx, e.p.jana, mid, text, 1); err != nil {
			t.Fatal(err)
		}
	})
}

func TestAttachToMeasure(t *testing.T) {
	e := setup(t)
	_, finding := e.withFinding(t, e.slap)
	id := e.newMeasure(t, finding, e.p.jana.ID)
	pdf := []byte("%PDF-1.4\n%%EOF\n")

	fid, err := e.s.AttachToMeasure(ctx, e.p.jana, id, "předpis.pdf", pdf, 1<<20)
	if err != nil {
		t.Fatalf("attach: %v", err)
	}
	t.Run("evidence is listed for the office and the region", func(t *testing.T) {
		for _, u := range []*auth.User{e.p.jana, e.p.headSlap, e.p.metodik} {
			files, err := e.s.MeasureFiles(ctx, u, id)
			if err != nil || len(files) != 1 || files[0].ID != fid || files[0].Name != "předpis.pdf" || files[0].Size != int32(len(pdf)) {
				t.Fatalf("%s: files = %+v, %v", u.Name, files, err)
			}
		}
		if got := e.measureAudit(t, id); !slices.Equal(got, []string{"measure.add →open", "measure.attach →"}) {
			t.Fatalf("audit = %v", got)
		}
	})
	t.Run("another region cannot download it", func(t *testing.T) {
		if _, err := e.s.File(ctx, e.p.metodikPAK, fid); !errors.Is(err, app.ErrNotFound) {
			t.Fatalf("err = %v", err)
		}
	})
	t.Run("methodologist cannot attach for the office", func(t *testing.T) {
		if _, err := e.s.AttachToMeasure(ctx, e.p.metodik, id, "x.pdf", pdf, 1<<20); !errors.Is(err, app.ErrForbidden) {
			t.Fatalf("err = %v", err)
		}
	})
	t.Run("nothing is attached once reported", func(t *testing.T) {
		e.reportMeasure(t, e.p.jana, id)
		if _, err := e.s.AttachToMeasure(ctx, e.p.jana, id, "x.pdf", pdf, 1<<20); !errors.Is(err, oversight.ErrMeasureState) {
			t.Fatalf("err = %v", err)
		}
		if files, _ := e.s.MeasureFiles(ctx, e.p.jana, id); len(files) != 1 {
			t.Fatalf("files = %+v", files)
		}
	})
}

func TestMeasuresFilter(t *testing.T) {
	e := setup(t)
	_, fs := e.withFinding(t, e.slap)
	_, fb := e.withFinding(t, e.blan)
	early := e.addMeasure(t, fs, e.p.jana.ID, date(2026, 3, 10))
	late := e.addMeasure(t, fs, e.p.jana.ID, date(2026, 4, 30))
	reported := e.addMeasure(t, fs, e.p.jana.ID, date(2026, 3, 5))
	e.reportMeasure(t, e.p.jana, reported)
	blan := e.addMeasure(t, fb, e.p.headBlan.ID, date(2026, 3, 20))

	check := e.checkMeasures

	t.Run("methodologist sees the region by due date", func(t *testing.T) {
		check(t, e.p.metodik, oversight.MeasureFilter{}, reported, early, blan, late)
		check(t, e.p.metodik, oversight.MeasureFilter{OfficeID: e.blan}, blan)
		check(t, e.p.metodik, oversight.MeasureFilter{States: []oversight.MeasureState{oversight.Reported}}, reported)
		check(t, e.p.metodik, oversight.MeasureFilter{Waiting: true}, reported)
		check(t, e.p.metodik, oversight.MeasureFilter{Due: true}, early, blan, late)
	})
	t.Run("office sees its own whatever office it asks for", func(t *testing.T) {
		check(t, e.p.jana, oversight.MeasureFilter{}, reported, early, late)
		check(t, e.p.headBlan, oversight.MeasureFilter{OfficeID: e.slap}, blan)
	})
	t.Run("nothing is overdue before the due dates", func(t *testing.T) {
		check(t, e.p.metodik, oversight.MeasureFilter{Overdue: true})
	})
	t.Run("overdue after the due date, not on it, and never once reported", func(t *testing.T) {
		e.clock.set(time.Date(2026, time.March, 10, 23, 30, 0, 0, i18n.Prague))
		check(t, e.p.metodik, oversight.MeasureFilter{Overdue: true})
		e.clock.set(time.Date(2026, time.March, 11, 0, 30, 0, 0, i18n.Prague))
		check(t, e.p.metodik, oversight.MeasureFilter{Overdue: true}, early)
		if m := e.measureOf(t, early); !m.Overdue(oversight.Today(e.clock.now())) {
			t.Fatal("Measure.Overdue disagrees with the filter")
		}
		e.clock.set(time.Date(2026, time.May, 1, 9, 0, 0, 0, i18n.Prague))
		check(t, e.p.metodik, oversight.MeasureFilter{Overdue: true}, early, blan, late)
		check(t, e.p.jana, oversight.MeasureFilter{Overdue: true}, early, late)
	})
	t.Run("a returned measure past due is overdue again", func(t *testing.T) {
		m := e.measureOf(t, reported)
		if err := e.s.Return(ctx, e.p.metodik, reported, "Doložte zápis z porady.", m.Version); err != nil {
			t.Fatal(err)
		}
		check(t, e.p.metodik, oversight.MeasureFilter{Overdue: true}, reported, early, blan, late)
	})
}

// TestMeasuresPendingAndDone: the register's default lists what is still to be dealt with, and
// of the measures done only the newest DoneShown+1, newest due date first, from every office
// in scope.
func TestMeasuresPendingAndDone(t *testing.T) {
	e := setup(t)
	inspS, fs := e.withFinding(t, e.slap)
	inspB, fb := e.withFinding(t, e.blan)
	open := e.addMeasure(t, fs, e.p.jana.ID, date(2026, 4, 10))
	reported := e.addMeasure(t, fs, e.p.jana.ID, date(2026, 4, 5))
	e.reportMeasure(t, e.p.jana, reported)
	returned := e.addMeasure(t, fb, e.p.headBlan.ID, date(2026, 4, 20))
	e.reportMeasure(t, e.p.headBlan, returned)
	if err := e.s.Return(ctx, e.p.metodik, returned, "Doložte zápis z porady.", e.measureOf(t, returned).Version); err != nil {
		t.Fatal(err)
	}
	verified := e.addMeasure(t, fs, e.p.jana.ID, date(2026, 4, 1))
	e.reportMeasure(t, e.p.jana, verified)
	if err := e.s.Verify(ctx, e.p.metodik, verified, e.measureOf(t, verified).Version); err != nil {
		t.Fatal(err)
	}

	check := e.checkMeasures
	t.Run("pending: open, reported and returned, by due date", func(t *testing.T) {
		check(t, e.p.metodik, oversight.MeasureFilter{Pending: true}, reported, open, returned)
		check(t, e.p.metodik, oversight.MeasureFilter{Pending: true, OfficeID: e.blan}, returned)
		check(t, e.p.jana, oversight.MeasureFilter{Pending: true}, reported, open)
		check(t, e.p.metodikPAK, oversight.MeasureFilter{Pending: true})
	})
	t.Run("done: the verified ones", func(t *testing.T) {
		check(t, e.p.metodik, oversight.MeasureFilter{Done: true}, verified)
		check(t, e.p.jana, oversight.MeasureFilter{Done: true}, verified)
		check(t, e.p.headBlan, oversight.MeasureFilter{Done: true})
		check(t, e.p.metodik, oversight.MeasureFilter{Done: true, OfficeID: e.blan})
		check(t, e.p.metodikPAK, oversight.MeasureFilter{Done: true})
	})
	t.Run("done: only the newest, across the offices", func(t *testing.T) {
		// Years of verified measures, the two offices' due dates interleaved.
		if _, err := e.pool.Exec(ctx, `
			INSERT INTO measures (inspection_id, finding_id, office_id, responsible_id, due, description, state,
				report, reported_at, reported_by, verified_at, verified_by, created_by)
			SELECT CASE WHEN k % 2 = 0 THEN $1::bigint ELSE $2::bigint END, CASE WHEN k % 2 = 0 THEN $3::bigint ELSE $4::bigint END,
				CASE WHEN k % 2 = 0 THEN $5::bigint ELSE $6::bigint END, CASE WHEN k % 2 = 0 THEN $7::bigint ELSE $8::bigint END,
				'2020-01-01'::date + k * 7, 'Starší opatření.', 'verified', 'Splněno.', now(),
				CASE WHEN k % 2 = 0 THEN $7::bigint ELSE $8::bigint END, now(), $9, $9
			FROM generate_series(1, $10::int) k`,
			inspS, inspB, fs, fb, e.slap, e.blan, e.p.jana.ID, e.p.headBlan.ID, e.p.metodik.ID, oversight.DoneShown+10); err != nil {
			t.Fatal(err)
		}
		want := func(office int64) []int64 {
			t.Helper()
			return e.spIDs(t, `SELECT m.id FROM measures m WHERE m.state = 'verified' AND ($1 = 0 OR m.office_id = $1)
				ORDER BY m.due DESC, m.id DESC LIMIT $2`, office, oversight.DoneShown+1)
		}
		all := want(0)
		if len(all) != oversight.DoneShown+1 || !slices.Contains(all, verified) {
			t.Fatalf("the fixture: %d measures, %d among them: %v", len(all), verified, all)
		}
		check(t, e.p.metodik, oversight.MeasureFilter{Done: true}, all...)
		check(t, e.p.metodik, oversight.MeasureFilter{Done: true, OfficeID: e.blan}, want(e.blan)...)
		check(t, e.p.headBlan, oversight.MeasureFilter{Done: true}, want(e.blan)...)
		check(t, e.p.jana, oversight.MeasureFilter{Done: true}, want(e.slap)...)
		// What is still to be dealt with is all there, however many are done.
		check(t, e.p.metodik, oversight.MeasureFilter{Pending: true}, reported, open, returned)
	})
}

func TestMeasureParallelVerifyReturn(t *testing.T) {
	e := setup(t)
	_, finding := e.withFinding(t, e.slap)
	for round := range 10 {
		id := e.newMeasure(t, finding, e.p.jana.ID)
		e.reportMeasure(t, e.p.jana, id)
		v := e.measureOf(t, id).Version
		start := make(chan struct{})
		var wg sync.WaitGroup
		errs := make([]error, 2)
		for k, act := range []func() error{
			func() error { return e.s.Verify(ctx, e.p.metodik, id, v) },
			func() error { return e.s.Return(ctx, e.p.metodik2, id, "Nedoloženo.", v) },
		} {
			wg.Go(func() {
				<-start
				errs[k] = act()
			})
		}
		close(start)
		wg.Wait()

		won := 0
		for _, err := range errs {
			switch {
			case err == nil:
				won++
			case errors.Is(err, oversight.ErrChanged), errors.Is(err, oversight.ErrMeasureState):
			default:
				t.Fatalf("round %d: unexpected error %v", round, err)
			}
		}
		if won != 1 {
			t.Fatalf("round %d: %d winners (%v)", round, won, errs)
		}
		m := e.measureOf(t, id)
		var want string
		switch {
		case errs[0] == nil && m.State == oversight.Verified && m.ReturnReason == "" && m.Version == v+1:
			want = "measure.verify reported→verified"
		case errs[1] == nil && m.State == oversight.Returned && m.VerifiedBy == nil && m.Version == v+1:
			want = "measure.return reported→returned"
		default:
			t.Fatalf("round %d: inconsistent measure %+v after %v", round, m, errs)
		}
		got := e.measureAudit(t, id)
		if !slices.Equal(got, []string{"measure.add →open", "measure.report open→reported", want}) {
			t.Fatalf("round %d: audit = %v", round, got)
		}
	}
}

func TestCloseNeedsVerifiedMeasures(t *testing.T) {
	e := setup(t)
	ins, finding := e.withFinding(t, e.slap)
	id := e.newMeasure(t, finding, e.p.jana.ID)
	e.clock.set(time.Date(2026, time.March, 17, 9, 0, 0, 0, i18n.Prague)) // objections were due 16 March
	e.step(t, ins, oversight.Step{To: oversight.Decided})
	e.step(t, ins, oversight.Step{To: oversight.Measures})
	closeIt := func() error {
		return e.s.Advance(ctx, e.p.metodik, ins, oversight.Step{To: oversight.Closed, Version: e.version(t, ins)})
	}

	t.Run("closing fails while a measure is open", func(t *testing.T) {
		if err := closeIt(); !errors.Is(err, oversight.ErrMeasuresOpen) {
			t.Fatalf("err = %v", err)
		}
	})
	t.Run("closing fails while a measure waits for verification", func(t *testing.T) {
		e.reportMeasure(t, e.p.jana, id)
		if err := closeIt(); !errors.Is(err, oversight.ErrMeasuresOpen) {
			t.Fatalf("err = %v", err)
		}
	})
	t.Run("a measure can still be added in the measures phase", func(t *testing.T) {
		extra := e.newMeasure(t, finding, e.p.headSlap.ID)
		e.reportMeasure(t, e.p.headSlap, extra)
		if err := e.s.Verify(ctx, e.p.metodik, extra, e.measureOf(t, extra).Version); err != nil {
			t.Fatal(err)
		}
	})
	t.Run("closing succeeds once every measure is verified", func(t *testing.T) {
		if err := e.s.Verify(ctx, e.p.metodik2, id, e.measureOf(t, id).Version); err != nil {
			t.Fatal(err)
		}
		if err := closeIt(); err != nil {
			t.Fatal(err)
		}
		i, err := e.s.Inspection(ctx, e.p.metodik, ins)
		if err != nil || i.State != oversight.Closed {
			t.Fatalf("inspection = %+v, %v", i, err)
		}
	})
	t.Run("no measure is added to a closed inspection", func(t *testing.T) {
		_, err := e.s.AddMeasure(ctx, e.p.metodik, oversight.MeasureInput{FindingID: finding, ResponsibleID: e.p.jana.ID,
			Due: date(2026, 4, 30), Description: "Další."})
		if !errors.Is(err, oversight.ErrMeasureState) {
			t.Fatalf("err = %v", err)
		}
	})
}

// TestMeasureRegion: a measure's region is always its inspection's, whatever a writer says.
func TestMeasureRegion(t *testing.T) {
	e := setup(t)
	id, finding := e.withFinding(t, e.slap)
	m := e.newMeasure(t, finding, e.p.headSlap.ID)
	check := func(when string) {
		t.Helper()
		var got, want int16
		if err := e.pool.QueryRow(ctx, `SELECT m.region_id, i.region_id FROM measures m JOIN inspections i ON i.id = m.inspection_id
			WHERE m.id = $1`, m).Scan(&got, &want); err != nil {
			t.Fatal(err)
		}
		if got != want || got == 0 {
			t.Errorf("%s: measure of inspection %d in region %d, the inspection's is %d", when, id, got, want)
		}
	}
	check("added")
	if _, err := e.pool.Exec(ctx, `UPDATE measures SET region_id = region_id % 14 + 1 WHERE id = $1`, m); err != nil {
		t.Fatal(err)
	}
	check("set to another region")
}
