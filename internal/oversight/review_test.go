package oversight_test

import (
	"errors"
	"testing"
	"time"

	"hnizdo.cz/hnizdo/internal/app"
	"hnizdo.cz/hnizdo/internal/auth"
	"hnizdo.cz/hnizdo/internal/oversight"
)

// TestDraftStaysWithTheInspectors: until the protocol is delivered, the office learns nothing of
// the ratings, neither from the history nor from the count of findings.
func TestDraftStaysWithTheInspectors(t *testing.T) {
	e := setup(t)
	id := e.onsite(t, e.slap)
	e.clRate(t, id, "8a", oversight.NotMet, "Chybí písemná pravidla pro přijímání oznámení.")
	assessActions := func(u *auth.User) int {
		hist, err := e.s.History(ctx, u, id)
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		for _, ev := range hist {
			if ev.Action == "inspection.assess" {
				n++
			}
		}
		return n
	}
	t.Run("the office sees neither the rating nor the count while on site", func(t *testing.T) {
		if n := assessActions(e.p.headSlap); n != 0 {
			t.Fatalf("the office sees %d assessments in the history", n)
		}
		i, err := e.s.Inspection(ctx, e.p.headSlap, id)
		if err != nil || i.Findings != 0 {
			t.Fatalf("office's inspection: %v, findings %d", err, i.Findings)
		}
		list, err := e.s.Inspections(ctx, e.p.headSlap, oversight.Filter{})
		if err != nil || len(list) != 1 || list[0].Findings != 0 {
			t.Fatalf("office's list: %v %+v", err, list)
		}
		if n := assessActions(e.p.metodik); n != 1 {
			t.Fatalf("the methodologist sees %d assessments", n)
		}
	})
	t.Run("after delivery the office sees both", func(t *testing.T) {
		e.delivered(t, id)
		if n := assessActions(e.p.headSlap); n != 1 {
			t.Fatalf("the office sees %d assessments after delivery", n)
		}
		i, err := e.s.Inspection(ctx, e.p.headSlap, id)
		if err != nil || i.Findings != 1 {
			t.Fatalf("office's inspection after delivery: %v, findings %d", err, i.Findings)
		}
	})
}

// TestNoOfficeInspectsItself: a methodologist who works at the inspected office neither sits on
// its team, nor assesses it, nor verifies its measures.
func TestNoOfficeInspectsItself(t *testing.T) {
	e := setup(t)
	insider := e.user(t, "Iva Insiderová", "Městský úřad Šlapanice", auth.Methodologist)
	_, finding := e.withFinding(t, e.slap)
	measure := e.newMeasure(t, finding, e.p.headSlap.ID)
	e.reportMeasure(t, e.p.headSlap, measure)

	if err := e.s.Verify(ctx, insider, measure, e.measureOf(t, measure).Version); !errors.Is(err, app.ErrForbidden) {
		t.Fatalf("an insider verified: %v", err)
	}
	if got := e.measureOf(t, measure).State; got != oversight.Reported {
		t.Fatalf("state after the insider's try: %s", got)
	}
	_, err := e.s.Plan(ctx, e.p.metodik, oversight.PlanInput{OfficeID: e.slap, Year: 2026, Quarter: 3,
		Kind: oversight.Standards, Team: []int64{insider.ID}})
	var inv app.Invalid
	if !errors.As(err, &inv) || inv["team"] != "oversight.err.team" {
		t.Fatalf("an insider on the team: %v", err)
	}
	id2 := e.onsite(t, e.slap)
	if _, err := e.s.Assess(ctx, insider, id2, 23, oversight.Met, "", 0); !errors.Is(err, app.ErrForbidden) {
		t.Fatalf("an insider assessed: %v", err)
	}
}

// TestImpossibleDatesLater: a far last day on site, and a closing before the last verification.
func TestImpossibleDatesLater(t *testing.T) {
	e := setup(t)
	id := e.plan(t, e.slap)
	e.step(t, id, oversight.Step{To: oversight.Notified, Date: date(2026, 2, 16)})
	before := e.inspectionSnap(t, id)
	err := e.s.Advance(ctx, e.p.metodik, id, oversight.Step{To: oversight.Onsite, Version: e.version(t, id),
		From: date(2026, 2, 23), Until: date(2062, 2, 24)})
	var inv app.Invalid
	if !errors.As(err, &inv) || inv["onsite_to"] != "oversight.err.onsite_far" {
		t.Fatalf("a far last day: %v", err)
	}
	e.untouched(t, id, before)

	_, finding := e.withFinding(t, e.blan)
	measure := e.newMeasure(t, finding, e.p.headBlan.ID)
	e.reportMeasure(t, e.p.headBlan, measure)
	e.clock.set(e.clock.now().AddDate(0, 0, 20)) // past the objection period
	if err := e.s.Verify(ctx, e.p.metodik, measure, e.measureOf(t, measure).Version); err != nil {
		t.Fatal(err)
	}
	var ins int64
	if err := e.pool.QueryRow(ctx, `SELECT inspection_id FROM measures WHERE id = $1`, measure).Scan(&ins); err != nil {
		t.Fatal(err)
	}
	e.step(t, ins, oversight.Step{To: oversight.Decided, Date: date(2026, 3, 17)})
	e.step(t, ins, oversight.Step{To: oversight.Measures})
	before = e.inspectionSnap(t, ins)
	err = e.s.Advance(ctx, e.p.metodik, ins, oversight.Step{To: oversight.Closed, Version: e.version(t, ins), Date: date(2026, 3, 18)})
	if !errors.As(err, &inv) || inv["date"] != "oversight.err.date" {
		t.Fatalf("closing before the last verification (%s): %v", oversight.Today(e.clock.now()).Format(time.DateOnly), err)
	}
	e.untouched(t, ins, before)
}
