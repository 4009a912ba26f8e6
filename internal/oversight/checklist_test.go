package oversight_test

import (
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"hnizdo.cz/hnizdo/internal/app"
	"hnizdo.cz/hnizdo/internal/auth"
	"hnizdo.cz/hnizdo/internal/i18n"
	"hnizdo.cz/hnizdo/internal/oversight"
)

// clCriterion returns the id of the criterion with code.
func (e env) clCriterion(t *testing.T, code string) int16 {
	t.Helper()
	var id int16
	if err := e.pool.QueryRow(ctx, `SELECT id FROM criteria WHERE code = $1`, code).Scan(&id); err != nil {
		t.Fatalf("criterion %s: %v", code, err)
	}
	return id
}

// clRate assesses criterion code of inspection id as the JMK methodologist, with the assessment's
// current version, and returns the assessment's id.
func (e env) clRate(t *testing.T, id int64, code string, r oversight.Rating, text string) int64 {
	t.Helper()
	c := e.clCriterion(t, code)
	var v int32
	_ = e.pool.QueryRow(ctx, `SELECT version FROM findings WHERE inspection_id = $1 AND criterion_id = $2`, id, c).Scan(&v)
	fid, err := e.s.Assess(ctx, e.p.metodik, id, c, r, text, v)
	if err != nil {
		t.Fatalf("assess %s: %v", code, err)
	}
	return fid
}

// clCount counts the stored assessments of inspection id.
func (e env) clCount(t *testing.T, id int64) int {
	t.Helper()
	var n int
	if err := e.pool.QueryRow(ctx, `SELECT count(*) FROM findings WHERE inspection_id = $1`, id).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// clAudit counts the audit rows of action on object typ/id.
func (e env) clAudit(t *testing.T, typ string, id int64, action string) int {
	t.Helper()
	var n int
	if err := e.pool.QueryRow(ctx, `SELECT count(*) FROM audit_log WHERE object_type = $1 AND object_id = $2 AND action = $3`,
		typ, id, action).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// clAt is 10:00 in Prague on a day, for the clock.
func clAt(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 10, 0, 0, 0, i18n.Prague) }

// clInvalid reports whether err is app.Invalid with key on field.
func clInvalid(err error, field, key string) bool {
	var bad app.Invalid
	return errors.As(err, &bad) && bad[field] == key
}

func TestStandards(t *testing.T) {
	e := setup(t)
	list, err := e.s.Standards(ctx)
	if err != nil {
		t.Fatal(err)
	}
	t.Run("all fourteen standards come with their criteria in order", func(t *testing.T) {
		if len(list) != 14 {
			t.Fatalf("%d standards", len(list))
		}
		n := 0
		for k, st := range list {
			if st.ID != int16(k+1) || len(st.Criteria) == 0 {
				t.Fatalf("standard %d: id %d, %d criteria", k, st.ID, len(st.Criteria))
			}
			for j, c := range st.Criteria {
				if c.StandardID != st.ID || c.Position != int16(j+1) {
					t.Fatalf("criterion %s out of place", c.Code)
				}
			}
			n += len(st.Criteria)
		}
		if n != 38 {
			t.Fatalf("%d criteria", n)
		}
		if c := list[7].Criteria[0]; c.Code != "8a" || !c.Assessed || c.TextEN == "" {
			t.Fatalf("8a = %+v", c)
		}
		if c := list[0].Criteria[0]; c.Code != "1a" || c.Assessed {
			t.Fatalf("1a = %+v", c)
		}
	})
}

func TestEditCriterion(t *testing.T) {
	e := setup(t)
	id := e.clCriterion(t, "8a")
	text := func() (cs string, v int32) {
		t.Helper()
		if err := e.pool.QueryRow(ctx, `SELECT text_cs, version FROM criteria WHERE id = $1`, id).Scan(&cs, &v); err != nil {
			t.Fatal(err)
		}
		return cs, v
	}
	t.Run("an administrator changes the texts and it is audited", func(t *testing.T) {
		if err := e.s.EditCriterion(ctx, e.p.admin, id, "  Oznámení jsou přijímána jednotně. ", "Reports are received uniformly.", 1); err != nil {
			t.Fatal(err)
		}
		if cs, v := text(); cs != "Oznámení jsou přijímána jednotně." || v != 2 {
			t.Fatalf("text %q, version %d", cs, v)
		}
		if n := e.clAudit(t, "criterion", int64(id), "criterion.edit"); n != 1 {
			t.Fatalf("%d audit rows", n)
		}
	})
	t.Run("a stale version is refused", func(t *testing.T) {
		err := e.s.EditCriterion(ctx, e.p.admin, id, "Jiný text.", "", 1)
		if !errors.Is(err, oversight.ErrChanged) || !errors.Is(err, app.ErrConflict) {
			t.Fatalf("err = %v", err)
		}
	})
	t.Run("a methodologist may not edit the standards", func(t *testing.T) {
		if err := e.s.EditCriterion(ctx, e.p.metodik, id, "Jiný text.", "", 2); !errors.Is(err, app.ErrForbidden) {
			t.Fatalf("err = %v", err)
		}
	})
	t.Run("an empty or overlong Czech text is refused", func(t *testing.T) {
		if err := e.s.EditCriterion(ctx, e.p.admin, id, "  ", "x", 2); !clInvalid(err, "text_cs", "err.required") {
			t.Fatalf("empty: %v", err)
		}
		if err := e.s.EditCriterion(ctx, e.p.admin, id, strings.Repeat("a", 1001), "", 2); !clInvalid(err, "text_cs", "err.too_long") {
			t.Fatalf("long: %v", err)
		}
		if cs, v := text(); cs != "Oznámení jsou přijímána jednotně." || v != 2 {
			t.Fatalf("changed: %q, %d", cs, v)
		}
	})
	t.Run("an unknown criterion is not found", func(t *testing.T) {
		if err := e.s.EditCriterion(ctx, e.p.admin, 999, "Text.", "", 1); !errors.Is(err, app.ErrNotFound) {
			t.Fatalf("err = %v", err)
		}
	})
}

func TestAssess(t *testing.T) {
	e := setup(t)
	p := e.p
	id := e.onsite(t, e.slap)
	c8a := e.clCriterion(t, "8a")

	t.Run("a partly met criterion is stored with its text and audited", func(t *testing.T) {
		fid, err := e.s.Assess(ctx, p.metodik, id, c8a, oversight.Partly, " Chybí písemná pravidla. ", 0)
		if err != nil || fid == 0 {
			t.Fatalf("Assess = %d, %v", fid, err)
		}
		var r, text string
		var v int32
		var by int64
		if err := e.pool.QueryRow(ctx, `SELECT rating, text, version, assessed_by FROM findings WHERE id = $1`, fid).
			Scan(&r, &text, &v, &by); err != nil {
			t.Fatal(err)
		}
		if r != "partly" || text != "Chybí písemná pravidla." || v != 1 || by != p.metodik.ID {
			t.Fatalf("row = %s %q v%d by %d", r, text, v, by)
		}
		var from, to, code string
		if err := e.pool.QueryRow(ctx, `SELECT from_state, to_state, detail->>'criterion' FROM audit_log
			WHERE object_type = 'inspection' AND object_id = $1 AND action = 'inspection.assess'`, id).Scan(&from, &to, &code); err != nil {
			t.Fatal(err)
		}
		if from != "" || to != "partly" || code != "8a" {
			t.Fatalf("audit %q → %q, %q", from, to, code)
		}
	})
	t.Run("assessing again with the current version updates the same row", func(t *testing.T) {
		fid, err := e.s.Assess(ctx, p.metodik2, id, c8a, oversight.Met, "", 1)
		if err != nil {
			t.Fatal(err)
		}
		var r string
		var v int32
		if err := e.pool.QueryRow(ctx, `SELECT rating, version FROM findings WHERE id = $1`, fid).Scan(&r, &v); err != nil {
			t.Fatal(err)
		}
		if r != "met" || v != 2 || e.clCount(t, id) != 1 {
			t.Fatalf("rating %s, version %d, %d rows", r, v, e.clCount(t, id))
		}
		var from string
		if err := e.pool.QueryRow(ctx, `SELECT from_state FROM audit_log WHERE object_type = 'inspection' AND object_id = $1
			AND action = 'inspection.assess' ORDER BY id DESC LIMIT 1`, id).Scan(&from); err != nil || from != "partly" {
			t.Fatalf("audit from %q, %v", from, err)
		}
	})
	t.Run("a stale version is refused", func(t *testing.T) {
		for _, v := range []int32{0, 1, 3} {
			if _, err := e.s.Assess(ctx, p.metodik, id, c8a, oversight.NotMet, "Nic.", v); !errors.Is(err, oversight.ErrChanged) {
				t.Fatalf("version %d: %v", v, err)
			}
		}
	})
	t.Run("the office cannot assess itself", func(t *testing.T) {
		for _, u := range []*auth.User{p.headSlap, p.jana} {
			if _, err := e.s.Assess(ctx, u, id, e.clCriterion(t, "2a"), oversight.Met, "", 0); !errors.Is(err, app.ErrForbidden) {
				t.Fatalf("%s: %v", u.Name, err)
			}
		}
	})
	t.Run("another region's methodologist does not find the inspection", func(t *testing.T) {
		if _, err := e.s.Assess(ctx, p.metodikPAK, id, e.clCriterion(t, "2a"), oversight.Met, "", 0); !errors.Is(err, app.ErrNotFound) {
			t.Fatalf("err = %v", err)
		}
	})
	t.Run("bad input is refused and nothing stored", func(t *testing.T) {
		c := e.clCriterion(t, "2b")
		cases := []struct {
			name, field, key string
			r                oversight.Rating
			text             string
		}{
			{"unknown rating", "rating", "err.choose", "good", ""},
			{"shortcoming without text", "text", "oversight.err.finding_text", oversight.NotMet, "  "},
			{"overlong text", "text", "err.too_long", oversight.Partly, strings.Repeat("á", 4001)},
			{"birth number", "text", "oversight.err.personal_data", oversight.Partly, "Ve spisu dítěte 850101/1234 chybí plán."},
		}
		for _, c2 := range cases {
			_, err := e.s.Assess(ctx, p.metodik, id, c, c2.r, c2.text, 0)
			if !clInvalid(err, c2.field, c2.key) {
				t.Errorf("%s: %v", c2.name, err)
			}
		}
		if n := e.clCount(t, id); n != 1 {
			t.Fatalf("%d rows", n)
		}
	})
	t.Run("an unknown criterion is not found", func(t *testing.T) {
		if _, err := e.s.Assess(ctx, p.metodik, id, 999, oversight.Met, "", 0); !errors.Is(err, app.ErrNotFound) {
			t.Fatalf("err = %v", err)
		}
	})
	t.Run("the checklist is closed before and after the visit", func(t *testing.T) {
		notified := e.plan(t, e.slap)
		e.step(t, notified, oversight.Step{To: oversight.Notified, Date: date(2026, 2, 16)})
		if _, err := e.s.Assess(ctx, p.metodik, notified, c8a, oversight.Met, "", 0); !errors.Is(err, oversight.ErrChecklistClosed) {
			t.Fatalf("notified: %v", err)
		}
		e.delivered(t, id)
		if _, err := e.s.Assess(ctx, p.metodik, id, e.clCriterion(t, "2c"), oversight.Met, "", 0); !errors.Is(err, oversight.ErrChecklistClosed) {
			t.Fatalf("protocol: %v", err)
		}
		if e.clCount(t, notified) != 0 || e.clCount(t, id) != 1 {
			t.Fatal("something was stored")
		}
	})
}

// TestAssessConcurrently: two inspectors filling in the same criterion at once both start from
// version 0; the inspection's lock lets one through and the other learns it was overtaken.
func TestAssessConcurrently(t *testing.T) {
	e := setup(t)
	id := e.onsite(t, e.slap)
	for _, code := range []string{"2a", "5b", "8a", "9b", "12a"} {
		c := e.clCriterion(t, code)
		start := make(chan struct{})
		errs := make([]error, 2)
		var wg sync.WaitGroup
		for k, u := range []*auth.User{e.p.metodik, e.p.metodik2} {
			wg.Add(1)
			go func() {
				defer wg.Done()
				<-start
				_, errs[k] = e.s.Assess(ctx, u, id, c, oversight.NotMet, "Zjištění "+u.Name+".", 0)
			}()
		}
		close(start)
		wg.Wait()
		ok, changed := 0, 0
		for _, err := range errs {
			switch {
			case err == nil:
				ok++
			case errors.Is(err, oversight.ErrChanged):
				changed++
			default:
				t.Fatalf("%s: %v", code, err)
			}
		}
		if ok != 1 || changed != 1 {
			t.Fatalf("%s: %d succeeded, %d refused", code, ok, changed)
		}
		var n int
		var v int32
		if err := e.pool.QueryRow(ctx, `SELECT count(*), max(version) FROM findings WHERE inspection_id = $1 AND criterion_id = $2`, id, c).
			Scan(&n, &v); err != nil || n != 1 || v != 1 {
			t.Fatalf("%s: %d rows, version %d, %v", code, n, v, err)
		}
	}
	if n := e.clAudit(t, "inspection", id, "inspection.assess"); n != 5 {
		t.Fatalf("%d audit rows", n)
	}
}

func TestChecklist(t *testing.T) {
	e := setup(t)
	p := e.p
	id := e.onsite(t, e.slap)
	e.clRate(t, id, "8a", oversight.Partly, "Chybí písemná pravidla pro přijímání oznámení.")
	e.clRate(t, id, "2a", oversight.Met, "")

	t.Run("the office reads the checklist only from the delivery of the protocol", func(t *testing.T) {
		for _, u := range []*auth.User{p.headSlap, p.jana} {
			if _, err := e.s.Checklist(ctx, u, id); !errors.Is(err, app.ErrNotFound) {
				t.Fatalf("%s while on site: %v", u.Name, err)
			}
			if _, err := e.s.Findings(ctx, u, id); !errors.Is(err, app.ErrNotFound) {
				t.Fatalf("%s findings while on site: %v", u.Name, err)
			}
		}
	})
	t.Run("every criterion has a row and the assessed ones say how", func(t *testing.T) {
		c, err := e.s.Checklist(ctx, p.metodik, id)
		if err != nil {
			t.Fatal(err)
		}
		if len(c.Standards) != 14 {
			t.Fatalf("%d standards", len(c.Standards))
		}
		rows := map[string]oversight.Assessment{}
		n := 0
		for _, st := range c.Standards {
			for _, a := range st.Rows {
				rows[a.Criterion.Code] = a
				n++
			}
		}
		if n != 38 {
			t.Fatalf("%d rows", n)
		}
		if a := rows["8a"]; a.FindingID == 0 || a.Rating != oversight.Partly || a.Version != 1 || a.AssessedBy != p.metodik.Name ||
			a.Text != "Chybí písemná pravidla pro přijímání oznámení." {
			t.Fatalf("8a = %+v", a)
		}
		if a := rows["1a"]; a.FindingID != 0 || a.Rating != oversight.NotAssessed {
			t.Fatalf("1a = %+v", a)
		}
		if a := rows["2b"]; a.FindingID != 0 || a.Rating != "" || a.Version != 0 {
			t.Fatalf("2b = %+v", a)
		}
	})
	t.Run("nobody outside the office and the region sees it", func(t *testing.T) {
		for _, u := range []*auth.User{p.headBlan, p.metodikPAK, p.coord} {
			if _, err := e.s.Checklist(ctx, u, id); !errors.Is(err, app.ErrNotFound) {
				t.Fatalf("%s: %v", u.Name, err)
			}
		}
	})
}

func TestFindings(t *testing.T) {
	e := setup(t)
	p := e.p
	id := e.onsite(t, e.slap)
	f9b := e.clRate(t, id, "9b", oversight.NotMet, "Individuální plány ochrany dítěte nejsou pravidelně hodnoceny.")
	f8a := e.clRate(t, id, "8a", oversight.Partly, "Chybí písemná pravidla pro přijímání oznámení.")
	e.clRate(t, id, "2a", oversight.Met, "")

	t.Run("only shortcomings are listed, in criterion order", func(t *testing.T) {
		list, err := e.s.Findings(ctx, p.metodik, id)
		if err != nil {
			t.Fatal(err)
		}
		if len(list) != 2 || list[0].ID != f8a || list[1].ID != f9b {
			t.Fatalf("findings = %+v", list)
		}
		f := list[0]
		if f.Code != "8a" || f.StandardID != 8 || f.StandardName == "" || f.CriterionText == "" || f.OfficeID != e.slap ||
			f.OfficeName != "Městský úřad Šlapanice" || f.RegionID != p.metodik.RegionID || f.Year != 2026 || f.Measures != 0 {
			t.Fatalf("8a = %+v", f)
		}
	})
	t.Run("one finding is shown to whoever sees the inspection", func(t *testing.T) {
		f, err := e.s.Finding(ctx, p.metodik2, f9b)
		if err != nil || f.Rating != oversight.NotMet || f.InspectionID != id {
			t.Fatalf("Finding = %+v, %v", f, err)
		}
	})
	t.Run("nobody else finds it", func(t *testing.T) {
		for _, u := range []*auth.User{p.headBlan, p.metodikPAK} {
			if _, err := e.s.Finding(ctx, u, f9b); !errors.Is(err, app.ErrNotFound) {
				t.Fatalf("%s: %v", u.Name, err)
			}
			if _, err := e.s.Findings(ctx, u, id); !errors.Is(err, app.ErrNotFound) {
				t.Fatalf("%s list: %v", u.Name, err)
			}
		}
		if _, err := e.s.Finding(ctx, p.metodik, 0); !errors.Is(err, app.ErrNotFound) {
			t.Fatalf("unknown: %v", err)
		}
	})
}
