package nest_test

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"hnizdo.cz/hnizdo/internal/app"
	"hnizdo.cz/hnizdo/internal/auth"
	"hnizdo.cz/hnizdo/internal/nest"
)

// prototype makes a tool at Žamberk and takes it to prototype, where it may be offered.
func prototype(t *testing.T, e env, name string) int64 {
	t.Helper()
	id := e.tool(t, name)
	e.promote(t, e.p.guide, id, nest.Prototype)
	return id
}

// refusedStep fails unless st as u (with the adoption's current version unless st has one) is
// refused with want, leaving everything as it was.
func refusedStep(t *testing.T, e env, u *auth.User, st nest.Step, want error) {
	t.Helper()
	if st.Version == 0 {
		st.Version = e.adoptionVersion(t, st.Tool, st.Office)
	}
	before := takeSnap(t, e)
	err := e.s.Take(ctx, u, st)
	if wantBad, ok := want.(app.Invalid); ok {
		var bad app.Invalid
		if !errors.As(err, &bad) || len(bad) != len(wantBad) {
			t.Fatalf("%s at %d: want %v, got %v", st.Action, st.Office, want, err)
		}
		for f, k := range wantBad {
			if bad[f] != k {
				t.Fatalf("%s at %d: want %v, got %v", st.Action, st.Office, want, err)
			}
		}
	} else if !errors.Is(err, want) {
		t.Fatalf("%s at %d: want %v, got %v", st.Action, st.Office, want, err)
	}
	sameSnap(t, e, before)
}

// adoption reads office's adoption of tool.
func adoption(t *testing.T, e env, tool, office int64) *nest.Adoption {
	t.Helper()
	a, err := e.s.Adoption(ctx, tool, office)
	if err != nil {
		t.Fatal(err)
	}
	if a == nil {
		t.Fatalf("no adoption of %d at %d", tool, office)
	}
	return a
}

func ymd(d *time.Time) string {
	if d == nil {
		return "-"
	}
	return d.Format(time.DateOnly)
}

func ratingOf(r *int16) int16 {
	if r == nil {
		return 0
	}
	return *r
}

func TestOfferWho(t *testing.T) {
	e := setup(t)
	id := prototype(t, e, "Karty")
	on := date(2026, 2, 20)
	// Guides and methodologists of the office's region offer.
	if err := e.s.Offer(ctx, e.p.guide, id, []int64{e.pard}, on); err != nil {
		t.Fatal(err)
	}
	if err := e.s.Take(ctx, e.p.metodik, nest.Step{Tool: id, Office: e.chrud, Action: nest.Offer, On: on}); err != nil {
		t.Fatal(err)
	}
	// A JMK methodologist offers to JMK offices, not to PAK ones; the PAK guide the other way round.
	refusedStep(t, e, e.p.metodikJM, nest.Step{Tool: id, Office: e.lans, Action: nest.Offer, On: on}, app.Invalid{"office": "nest.err.offer_region"})
	refusedStep(t, e, e.p.guide, nest.Step{Tool: id, Office: e.slap, Action: nest.Offer, On: on}, app.Invalid{"office": "nest.err.offer_region"})
	if err := e.s.Take(ctx, e.p.metodikJM, nest.Step{Tool: id, Office: e.slap, Action: nest.Offer, On: on}); err != nil {
		t.Fatalf("JMK offers to Šlapanice: %v", err)
	}
	// Staff, heads and coordinators do not offer, not even to their own office.
	for _, u := range []*auth.User{e.p.headZam, e.p.lans, e.p.coord} {
		refusedStep(t, e, u, nest.Step{Tool: id, Office: e.lans, Action: nest.Offer, On: on}, app.Invalid{"office": "nest.err.offer_region"})
	}
	before := takeSnap(t, e)
	if err := e.s.Offer(ctx, e.p.metodikJM, id, []int64{e.lans}, on); !errors.As(err, new(app.Invalid)) {
		t.Fatalf("JMK offers through Offer: %v", err)
	}
	// Not to a regional office, nor to one that is not there.
	refusedStep(t, e, e.p.guide, nest.Step{Tool: id, Office: e.kuPAK, Action: nest.Offer, On: on}, app.Invalid{"office": "nest.err.office"})
	refusedStep(t, e, e.p.guide, nest.Step{Tool: id, Office: 999999, Action: nest.Offer, On: on}, app.Invalid{"office": "nest.err.office"})
	// An offer carries no evaluation.
	refusedStep(t, e, e.p.guide, nest.Step{Tool: id, Office: e.lans, Action: nest.Offer, On: on, Report: "Mělo by se vám hodit."},
		app.Invalid{"report": "nest.err.offer_report"})
	if err := e.s.Offer(ctx, e.p.guide, id, nil, on); !errors.As(err, new(app.Invalid)) {
		t.Fatalf("no offices: %v", err)
	}
	if err := e.s.Offer(ctx, nil, id, []int64{e.lans}, on); !errors.Is(err, app.ErrForbidden) {
		t.Fatalf("nobody: %v", err)
	}
	if err := e.s.Offer(ctx, e.p.guide, 999999, []int64{e.lans}, on); !errors.Is(err, app.ErrNotFound) {
		t.Fatalf("missing tool: %v", err)
	}
	sameSnap(t, e, before)
	a := adoption(t, e, id, e.pard)
	if a.Stage != nest.Offered || ymd(a.OfferedOn) != "2026-02-20" || a.Version != 1 || a.OfficeName != "Magistrát města Pardubic" ||
		a.ToolName != "Karty" || a.Maturity != nest.Prototype || a.RegionID != e.p.pard.RegionID {
		t.Fatalf("offered: %+v", a)
	}
}

func TestTakeOwnOffice(t *testing.T) {
	e := setup(t)
	id := prototype(t, e, "Karty")
	// Lanškroun does not report for Česká Třebová, nor a guide for an office.
	refusedStep(t, e, e.p.lans, nest.Step{Tool: id, Office: e.ct, Action: nest.Trial, On: date(2026, 2, 20)}, app.Invalid{"office": "nest.err.other_office"})
	refusedStep(t, e, e.p.guide, nest.Step{Tool: id, Office: e.ct, Action: nest.Trial, On: date(2026, 2, 20)}, app.Invalid{"office": "nest.err.other_office"})
	e.take(t, e.p.headCT, nest.Step{Tool: id, Office: e.ct, Action: nest.Trial, On: date(2026, 2, 20)})
	refusedStep(t, e, e.p.lans, nest.Step{Tool: id, Office: e.ct, Action: nest.Adopt, On: date(2026, 2, 25), Report: "Funguje.", Rating: 5},
		app.Invalid{"office": "nest.err.other_office"})
	refusedStep(t, e, e.p.metodik, nest.Step{Tool: id, Office: e.ct, Action: nest.Evaluate, Report: "Funguje.", Rating: 5},
		app.Invalid{"office": "nest.err.other_office"})
	if err := e.s.Take(ctx, nil, nest.Step{Tool: id, Office: e.ct, Action: nest.Evaluate, Report: "Funguje.", Rating: 5, Version: 1}); !errors.Is(err, app.ErrForbidden) {
		t.Fatalf("nobody: %v", err)
	}
	if a := adoption(t, e, id, e.ct); a.Stage != nest.Trialling || a.Version != 1 || a.Report != "" {
		t.Fatalf("Česká Třebová: %+v", a)
	}
}

func TestTakeValidation(t *testing.T) {
	e := setup(t)
	id := prototype(t, e, "Karty")
	e.take(t, e.p.pard, nest.Step{Tool: id, Office: e.pard, Action: nest.Trial, On: date(2026, 2, 10)})
	st := func(a nest.Action, on time.Time, report string, rating int16) nest.Step {
		return nest.Step{Tool: id, Office: e.pard, Action: a, On: on, Report: report, Rating: rating}
	}
	ok := date(2026, 2, 20)
	for _, c := range []struct {
		name string
		st   nest.Step
		want app.Invalid
	}{
		{"adopt without rating", st(nest.Adopt, ok, "Funguje.", 0), app.Invalid{"rating": "nest.err.rating_required"}},
		{"evaluate without rating", st(nest.Evaluate, ok, "Funguje.", 0), app.Invalid{"rating": "nest.err.rating_required"}},
		{"rating 6", st(nest.Adopt, ok, "Funguje.", 6), app.Invalid{"rating": "nest.err.rating"}},
		{"rating -1", st(nest.Adopt, ok, "Funguje.", -1), app.Invalid{"rating": "nest.err.rating"}},
		{"rating 6 when abandoning", st(nest.Abandon, ok, "Nejde to.", 6), app.Invalid{"rating": "nest.err.rating"}},
		{"adopt without report", st(nest.Adopt, ok, "  ", 5), app.Invalid{"report": "err.required"}},
		{"abandon without report", st(nest.Abandon, ok, "", 0), app.Invalid{"report": "err.required"}},
		{"evaluate without report", st(nest.Evaluate, ok, "", 4), app.Invalid{"report": "err.required"}},
		{"personal data in report", st(nest.Evaluate, ok, "Pomohlo u chlapce nar. 3. 5. 2015.", 4), app.Invalid{"report": "nest.err.pii"}},
		{"birth number in report", st(nest.Evaluate, ok, "Dítě 855612/1234 reagovalo.", 4), app.Invalid{"report": "nest.err.pii"}},
		{"long report", st(nest.Evaluate, ok, strings.Repeat("a", 4001), 4), app.Invalid{"report": "nest.err.too_long"}},
		{"tomorrow", st(nest.Adopt, date(2026, 3, 3), "Funguje.", 5), app.Invalid{"on": "nest.err.future"}},
		{"before the trial", st(nest.Adopt, date(2026, 2, 9), "Funguje.", 5), app.Invalid{"on": "nest.err.before_last"}},
		{"everything at once", st(nest.Adopt, date(2026, 4, 1), "", 0),
			app.Invalid{"on": "nest.err.future", "report": "err.required", "rating": "nest.err.rating_required"}},
	} {
		t.Run(c.name, func(t *testing.T) { refusedStep(t, e, e.p.pard, c.st, c.want) })
	}
	// The day of the previous step and today are fine; no day is today.
	e.take(t, e.p.pard, st(nest.Evaluate, date(2026, 2, 10), "První dojmy.", 3))
	e.take(t, e.p.pard, st(nest.Adopt, date(2026, 3, 2), "Používáme.", 5))
	e.take(t, e.p.pard, st(nest.Evaluate, time.Time{}, "Stále.", 4))
	a := adoption(t, e, id, e.pard)
	if a.Stage != nest.Adopted || ymd(a.AdoptedOn) != "2026-03-02" || a.Report != "Stále." || ratingOf(a.Rating) != 4 {
		t.Fatalf("adoption: %+v", a)
	}
	// Evaluating before the adoption day is refused, even though it keeps the stage.
	refusedStep(t, e, e.p.pard, st(nest.Evaluate, date(2026, 2, 28), "Zpětně.", 4), app.Invalid{"on": "nest.err.before_last"})
	// The clock moves on: yesterday's future is today.
	e.clock.set(time.Date(2026, time.March, 3, 23, 30, 0, 0, time.UTC)) // already 4 March in Prague
	e.take(t, e.p.pard, st(nest.Evaluate, date(2026, 3, 4), "Po měsíci.", 5))
}

func TestTakeNotOfferable(t *testing.T) {
	e := setup(t)
	idea := e.tool(t, "Nápad")
	notOfferable := nest.Refusal("nest.err.not_offerable")
	refusedStep(t, e, e.p.pard, nest.Step{Tool: idea, Office: e.pard, Action: nest.Trial}, notOfferable)
	refusedStep(t, e, e.p.guide, nest.Step{Tool: idea, Office: e.pard, Action: nest.Offer}, app.ErrConflict)
	before := takeSnap(t, e)
	if err := e.s.Offer(ctx, e.p.guide, idea, []int64{e.pard, e.chrud}, time.Time{}); !errors.Is(err, notOfferable) {
		t.Fatalf("offer an idea: %v", err)
	}
	sameSnap(t, e, before)

	retired := prototype(t, e, "Starý postup")
	e.take(t, e.p.pard, nest.Step{Tool: retired, Office: e.pard, Action: nest.Trial, On: date(2026, 2, 20)})
	e.promote(t, e.p.metodik, retired, nest.Retired)
	refusedStep(t, e, e.p.chrud, nest.Step{Tool: retired, Office: e.chrud, Action: nest.Trial}, notOfferable)
	refusedStep(t, e, e.p.guide, nest.Step{Tool: retired, Office: e.chrud, Action: nest.Offer}, notOfferable)
	refusedStep(t, e, e.p.pard, nest.Step{Tool: retired, Office: e.pard, Action: nest.Adopt, Report: "Funguje.", Rating: 5}, notOfferable)
	if err := e.s.Take(ctx, e.p.pard, nest.Step{Tool: 999999, Office: e.pard, Action: nest.Trial}); !errors.Is(err, app.ErrNotFound) {
		t.Fatalf("missing tool: %v", err)
	}
}

func TestTakeSequence(t *testing.T) {
	e := setup(t)
	id := prototype(t, e, "Karty")
	step := func(a nest.Action, report string, rating int16) nest.Step {
		return nest.Step{Tool: id, Office: e.pard, Action: a, Report: report, Rating: rating}
	}
	// Nothing but an offer or a trial without an adoption.
	refusedStep(t, e, e.p.pard, step(nest.Adopt, "Funguje.", 5), nest.ErrStep)
	refusedStep(t, e, e.p.pard, step(nest.Abandon, "Nejde to.", 0), nest.ErrStep)
	refusedStep(t, e, e.p.pard, step(nest.Evaluate, "Funguje.", 5), nest.ErrStep)
	e.take(t, e.p.guide, step(nest.Offer, "", 0))
	refusedStep(t, e, e.p.guide, step(nest.Offer, "", 0), nest.ErrStep)
	refusedStep(t, e, e.p.pard, step(nest.Evaluate, "Funguje.", 5), nest.ErrStep)
	e.take(t, e.p.pard, step(nest.Trial, "", 0))
	refusedStep(t, e, e.p.guide, step(nest.Offer, "", 0), nest.ErrStep)
	refusedStep(t, e, e.p.pard, step(nest.Trial, "", 0), nest.ErrStep)
	before := takeSnap(t, e)
	if err := e.s.Offer(ctx, e.p.guide, id, []int64{e.pard}, time.Time{}); !errors.Is(err, nest.ErrStep) {
		t.Fatalf("offer when trialling: %v", err)
	}
	sameSnap(t, e, before)
	// A form that showed an older version, or none, is stale.
	stale := step(nest.Adopt, "Funguje.", 5)
	stale.Version = 1
	refusedStep(t, e, e.p.pard, stale, nest.ErrStale)
	stale.Version = 3
	refusedStep(t, e, e.p.pard, stale, nest.ErrStale)
	before = takeSnap(t, e)
	stale.Version = 0
	if err := e.s.Take(ctx, e.p.pard, stale); !errors.Is(err, nest.ErrStale) || !errors.Is(err, app.ErrConflict) {
		t.Fatalf("no version: %v", err)
	}
	sameSnap(t, e, before)
	e.take(t, e.p.pard, step(nest.Adopt, "Funguje.", 5))
	refusedStep(t, e, e.p.pard, step(nest.Adopt, "Funguje.", 5), nest.ErrStep)
	refusedStep(t, e, e.p.pard, step(nest.Trial, "", 0), nest.ErrStep)
	e.take(t, e.p.pard, step(nest.Abandon, "Nehodí se.", 0))
	refusedStep(t, e, e.p.pard, step(nest.Abandon, "Nehodí se.", 0), nest.ErrStep)
	refusedStep(t, e, e.p.pard, step(nest.Adopt, "Funguje.", 5), nest.ErrStep)
	refusedStep(t, e, e.p.pard, step(nest.Evaluate, "Funguje.", 5), nest.ErrStep)
	// Abandoned: it may be offered or tried again.
	e.take(t, e.p.guide, step(nest.Offer, "", 0))
	e.take(t, e.p.pard, step(nest.Abandon, "Odmítáme.", 0))
	e.take(t, e.p.pard, step(nest.Trial, "", 0))
	if a := adoption(t, e, id, e.pard); a.Stage != nest.Trialling || a.Version != 7 {
		t.Fatalf("after all: %+v", a)
	}
}

// An office's whole way with a tool: the stage's dates, the latest evaluation, the steps and
// the audit.
func TestTakeHistory(t *testing.T) {
	e := setup(t)
	id := prototype(t, e, "Karty")
	st := func(a nest.Action, on time.Time, report string, rating int16) nest.Step {
		return nest.Step{Tool: id, Office: e.pard, Action: a, On: on, Report: report, Rating: rating}
	}
	if err := e.s.Offer(ctx, e.p.guide, id, []int64{e.pard}, date(2026, 2, 1)); err != nil {
		t.Fatal(err)
	}
	e.take(t, e.p.pard, st(nest.Trial, date(2026, 2, 5), "Začínáme.", 0))
	e.take(t, e.p.pard, st(nest.Evaluate, date(2026, 2, 10), "Dobré.", 4))
	a := adoption(t, e, id, e.pard)
	if a.Stage != nest.Trialling || ymd(a.TriallingOn) != "2026-02-05" || a.Report != "Dobré." || ratingOf(a.Rating) != 4 || ymd(a.Since()) != "2026-02-05" {
		t.Fatalf("evaluated while trialling: %+v", a)
	}
	e.take(t, e.p.pard, st(nest.Adopt, date(2026, 2, 15), "Používáme.", 5))
	e.take(t, e.p.pard, st(nest.Evaluate, date(2026, 2, 20), "Stále dobré.", 3))
	a = adoption(t, e, id, e.pard)
	if a.Stage != nest.Adopted || ymd(a.AdoptedOn) != "2026-02-15" || ymd(a.Since()) != "2026-02-15" || a.Report != "Stále dobré." || ratingOf(a.Rating) != 3 {
		t.Fatalf("evaluated while adopted: %+v", a)
	}
	e.take(t, e.p.pard, st(nest.Abandon, date(2026, 2, 25), "Končíme.", 0))
	a = adoption(t, e, id, e.pard)
	if a.Stage != nest.Abandoned || a.Report != "Končíme." || a.Rating != nil || a.Successful() {
		t.Fatalf("abandoned: %+v (rating %d)", a, ratingOf(a.Rating))
	}
	e.take(t, e.p.pard, st(nest.Trial, date(2026, 3, 1), "", 0))
	a = adoption(t, e, id, e.pard)
	got := []string{string(a.Stage), ymd(a.OfferedOn), ymd(a.TriallingOn), ymd(a.AdoptedOn), ymd(a.AbandonedOn), a.Report}
	want := []string{"trialling", "2026-02-01", "2026-03-01", "2026-02-15", "2026-02-25", "Končíme."}
	if !slices.Equal(got, want) || a.Rating != nil || a.Version != 7 || a.Successful() {
		t.Fatalf("tried again: %v, rating %d, v%d; want %v", got, ratingOf(a.Rating), a.Version, want)
	}

	steps, err := e.s.Steps(ctx, a.ID)
	if err != nil {
		t.Fatal(err)
	}
	var rows []string
	for _, s := range steps {
		rows = append(rows, strings.Join([]string{string(s.FromStage), string(s.Stage), s.On.Format(time.DateOnly), s.Report,
			string(rune('0' + ratingOf(s.Rating))), s.ByName}, "|"))
		if !s.At.Equal(e.clock.now()) {
			t.Errorf("step at %v", s.At)
		}
	}
	wantRows := []string{
		"|offered|2026-02-01||0|Gabriela Průvodcová",
		"offered|trialling|2026-02-05|Začínáme.|0|Veronika Jelínková",
		"trialling|trialling|2026-02-10|Dobré.|4|Veronika Jelínková",
		"trialling|adopted|2026-02-15|Používáme.|5|Veronika Jelínková",
		"adopted|adopted|2026-02-20|Stále dobré.|3|Veronika Jelínková",
		"adopted|abandoned|2026-02-25|Končíme.|0|Veronika Jelínková",
		"abandoned|trialling|2026-03-01||0|Veronika Jelínková",
	}
	if !slices.Equal(rows, wantRows) {
		t.Fatalf("steps:\n%s\nwant\n%s", strings.Join(rows, "\n"), strings.Join(wantRows, "\n"))
	}
	wantAudit := []string{"tool.create", "tool.promote", "tool.adoption.offer", "tool.adoption.trial", "tool.adoption.evaluate",
		"tool.adoption.adopt", "tool.adoption.evaluate", "tool.adoption.abandon", "tool.adoption.trial"}
	if got := auditActions(t, e, id); !slices.Equal(got, wantAudit) {
		t.Fatalf("audit: %v", got)
	}
	h, _ := e.s.History(ctx, id)
	if last := h[len(h)-1]; last.From != "abandoned" || last.To != "trialling" || *last.ActorID != e.p.pard.ID {
		t.Fatalf("last audit: %+v", last)
	}

	// The lists and the tool's counts.
	e.take(t, e.p.chrud, nest.Step{Tool: id, Office: e.chrud, Action: nest.Trial, On: date(2026, 2, 1)})
	e.take(t, e.p.chrud, nest.Step{Tool: id, Office: e.chrud, Action: nest.Adopt, On: date(2026, 2, 2), Report: "Ano.", Rating: 5})
	if err := e.s.Offer(ctx, e.p.guide, id, []int64{e.lans}, time.Time{}); err != nil {
		t.Fatal(err)
	}
	as, err := e.s.Adoptions(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, a := range as {
		names = append(names, a.OfficeName+":"+string(a.Stage))
	}
	if want := []string{"Magistrát města Pardubic:trialling", "Městský úřad Chrudim:adopted", "Městský úřad Lanškroun:offered"}; !slices.Equal(names, want) {
		t.Fatalf("adoptions: %v", names)
	}
	if as, err := e.s.OfficeAdoptions(ctx, e.chrud); err != nil || len(as) != 1 || as[0].ToolID != id || as[0].Stage != nest.Adopted {
		t.Fatalf("Chrudim's adoptions: %+v %v", as, err)
	}
	if a, err := e.s.Adoption(ctx, id, e.ct); a != nil || err != nil {
		t.Fatalf("not offered: %+v %v", a, err)
	}
	tl, _ := e.s.Tool(ctx, id)
	if tl.Offered != 1 || tl.Trialling != 1 || tl.Adopted != 1 || tl.Abandoned != 0 {
		t.Fatalf("counts: %+v", tl)
	}
}

// Offering to several offices is all or none.
func TestOfferAllOrNone(t *testing.T) {
	e := setup(t)
	id := prototype(t, e, "Karty")
	e.take(t, e.p.chrud, nest.Step{Tool: id, Office: e.chrud, Action: nest.Trial, On: date(2026, 2, 20)})
	for _, c := range []struct {
		offices []int64
		want    error
	}{
		{[]int64{e.pard, e.lans, e.chrud}, nest.ErrStep},                          // Chrudim tries it already
		{[]int64{e.pard, e.slap}, app.Invalid{"office": "nest.err.offer_region"}}, // Šlapanice is JMK's
		{[]int64{e.pard, e.kuPAK}, app.Invalid{"office": "nest.err.office"}},      // not an ORP
		{[]int64{e.pard}, app.Invalid{"on": "nest.err.future"}},                   // see the day below
	} {
		on := date(2026, 2, 25)
		if len(c.offices) == 1 {
			on = date(2026, 3, 5)
		}
		before := takeSnap(t, e)
		err := e.s.Offer(ctx, e.p.guide, id, c.offices, on)
		if want, ok := c.want.(app.Invalid); ok {
			var bad app.Invalid
			if !errors.As(err, &bad) || fmt.Sprint(bad) != fmt.Sprint(want) {
				t.Fatalf("offer to %v: want %v, got %v", c.offices, c.want, err)
			}
		} else if !errors.Is(err, c.want) {
			t.Fatalf("offer to %v: want %v, got %v", c.offices, c.want, err)
		}
		sameSnap(t, e, before)
	}
	// An office named twice in one go is offered it once.
	if err := e.s.Offer(ctx, e.p.guide, id, []int64{e.pard, e.lans, e.pard}, date(2026, 2, 25)); err != nil {
		t.Fatal(err)
	}
	for _, o := range []int64{e.pard, e.lans} {
		a := adoption(t, e, id, o)
		steps, _ := e.s.Steps(ctx, a.ID)
		if a.Stage != nest.Offered || ymd(a.OfferedOn) != "2026-02-25" || len(steps) != 1 {
			t.Fatalf("offered to %d: %+v, %d steps", o, a, len(steps))
		}
	}
	var n int
	if err := e.pool.QueryRow(ctx, `SELECT count(*) FROM audit_log WHERE object_type = 'tool' AND object_id = $1 AND action = 'tool.adoption.offer'`, id).Scan(&n); err != nil || n != 2 {
		t.Fatalf("offer audit: %d %v", n, err)
	}
	// An office that gave up may be offered it again, with the others.
	e.take(t, e.p.chrud, nest.Step{Tool: id, Office: e.chrud, Action: nest.Abandon, On: date(2026, 2, 26), Report: "Nestíháme."})
	if err := e.s.Offer(ctx, e.p.guide, id, []int64{e.chrud, e.ct}, date(2026, 2, 27)); err != nil {
		t.Fatal(err)
	}
	if a := adoption(t, e, id, e.chrud); a.Stage != nest.Offered || ymd(a.OfferedOn) != "2026-02-27" || ymd(a.AbandonedOn) != "2026-02-26" {
		t.Fatalf("offered again: %+v", a)
	}
}

// Parallel first steps for one office: one adoption, one step; the others are stale.
func TestTakeConcurrent(t *testing.T) {
	e := setup(t)
	id := prototype(t, e, "Karty")
	const n = 8
	errs := make([]error, n)
	start := make(chan struct{})
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			errs[i] = e.s.Take(ctx, e.p.pard, nest.Step{Tool: id, Office: e.pard, Action: nest.Trial, On: date(2026, 2, 20)})
		}()
	}
	close(start)
	wg.Wait()
	ok := 0
	for _, err := range errs {
		switch {
		case err == nil:
			ok++
		case !errors.Is(err, nest.ErrStale):
			t.Errorf("unexpected error: %v", err)
		}
	}
	var adoptions, steps, audits int
	if err := e.pool.QueryRow(ctx, `SELECT (SELECT count(*) FROM adoptions WHERE tool_id = $1),
		(SELECT count(*) FROM adoption_steps st JOIN adoptions a ON a.id = st.adoption_id WHERE a.tool_id = $1),
		(SELECT count(*) FROM audit_log WHERE object_type = 'tool' AND object_id = $1 AND action LIKE 'tool.adoption.%')`, id).
		Scan(&adoptions, &steps, &audits); err != nil {
		t.Fatal(err)
	}
	if ok != 1 || adoptions != 1 || steps != 1 || audits != 1 {
		t.Fatalf("%d went through; %d adoptions, %d steps, %d audit entries", ok, adoptions, steps, audits)
	}

	// Parallel offers of the same offices: one goes through, each office is offered once.
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs[i] = e.s.Offer(ctx, e.p.guide, id, []int64{e.lans, e.chrud}, date(2026, 2, 20))
		}()
	}
	wg.Wait()
	ok = 0
	for _, err := range errs {
		switch {
		case err == nil:
			ok++
		case !errors.Is(err, nest.ErrStale) && !errors.Is(err, nest.ErrStep):
			t.Errorf("unexpected error: %v", err)
		}
	}
	if err := e.pool.QueryRow(ctx, `SELECT count(*) FROM adoption_steps st JOIN adoptions a ON a.id = st.adoption_id
		WHERE a.tool_id = $1 AND st.stage = 'offered'`, id).Scan(&steps); err != nil {
		t.Fatal(err)
	}
	if ok != 1 || steps != 2 {
		t.Fatalf("%d offers went through, %d offer steps", ok, steps)
	}
}
