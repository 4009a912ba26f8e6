package nest_test

import (
	"errors"
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"hnizdo.cz/hnizdo/internal/app"
	"hnizdo.cz/hnizdo/internal/auth"
	"hnizdo.cz/hnizdo/internal/nest"
)

// evaluated has u's office try tool from 10 February and evaluate it on 20 February with rating.
func evaluated(t *testing.T, e env, u *auth.User, tool int64, rating int16) {
	t.Helper()
	e.take(t, u, nest.Step{Tool: tool, Office: u.OfficeID, Action: nest.Trial, On: date(2026, 2, 10)})
	e.take(t, u, nest.Step{Tool: tool, Office: u.OfficeID, Action: nest.Evaluate, On: date(2026, 2, 20),
		Report: fmt.Sprintf("Zkušenost úřadu %d.", u.OfficeID), Rating: rating})
}

// maturity reads tool id's rung.
func maturity(t *testing.T, e env, id int64) nest.Maturity {
	t.Helper()
	tl, err := e.s.Tool(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	return tl.Maturity
}

// lastPromotion reads tool id's latest promotion back through the store.
func lastPromotion(t *testing.T, e env, id int64) nest.Promotion {
	t.Helper()
	ps, err := e.s.Promotions(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	if len(ps) == 0 {
		t.Fatal("no promotions")
	}
	return ps[len(ps)-1]
}

// refusedPromotion fails unless promoting id to rung to as u is refused with want and leaves
// everything as it was.
func refusedPromotion(t *testing.T, e env, u *auth.User, id int64, to nest.Maturity, reason string, want error) {
	t.Helper()
	before := takeSnap(t, e)
	err := e.s.Promote(ctx, u, id, to, reason, e.version(t, id))
	var bad app.Invalid
	if wantBad, ok := want.(app.Invalid); ok {
		if !errors.As(err, &bad) || fmt.Sprint(bad) != fmt.Sprint(wantBad) {
			t.Fatalf("promote to %s: want %v, got %v", to, want, err)
		}
	} else if !errors.Is(err, want) {
		t.Fatalf("promote to %s: want %v, got %v", to, want, err)
	}
	sameSnap(t, e, before)
}

func TestPromotePrototypeNeedsBody(t *testing.T) {
	e := setup(t)
	id, err := e.s.Create(ctx, e.p.headZam, nest.ToolInput{Name: "Karty", Kind: nest.KindTool, Origins: []int64{e.zam}})
	if err != nil {
		t.Fatal(err)
	}
	refusedPromotion(t, e, e.p.headZam, id, nest.Prototype, "Máme první verzi.", app.Invalid{"evidence": "nest.err.rule.prototype"})
	tl, _ := e.s.Tool(ctx, id)
	c, ok, err := e.s.Rule(ctx, tl)
	if err != nil || !ok || c.To != nest.Prototype || c.Met || c.Have != 0 || c.Need != 1 || c.Key != "nest.rule.prototype" {
		t.Fatalf("rule: %+v %v %v", c, ok, err)
	}
	if err := e.s.Update(ctx, e.p.headZam, id, nest.ToolInput{Name: "Karty", Kind: nest.KindTool, Body: "Sada karet.",
		Origins: []int64{e.zam}, Version: 1}); err != nil {
		t.Fatal(err)
	}
	// The origin's staff mark their own prototype; another office's caseworker may not.
	refusedPromotion(t, e, e.p.chrud, id, nest.Prototype, "Máme první verzi.", app.ErrForbidden)
	refusedPromotion(t, e, e.p.slap, id, nest.Prototype, "Máme první verzi.", app.ErrForbidden)
	if err := e.s.Promote(ctx, e.p.headZam, id, nest.Prototype, " Máme první verzi. ", e.version(t, id)); err != nil {
		t.Fatal(err)
	}
	p := lastPromotion(t, e, id)
	if p.From != nest.Idea || p.To != nest.Prototype || p.ByID != e.p.headZam.ID || p.ByName != "Petra Svobodová" ||
		p.Reason != "Máme první verzi." || len(p.Evidence) != 0 || !p.At.Equal(e.clock.now()) {
		t.Fatalf("promotion: %+v", p)
	}
	tl, _ = e.s.Tool(ctx, id)
	if tl.Maturity != nest.Prototype || tl.Version != 3 {
		t.Fatalf("tool after: %s v%d", tl.Maturity, tl.Version)
	}
	if got := auditActions(t, e, id); !slices.Equal(got, []string{"tool.create", "tool.edit", "tool.promote"}) {
		t.Fatalf("audit: %v", got)
	}
	h, _ := e.s.History(ctx, id)
	if last := h[len(h)-1]; last.From != "idea" || last.To != "prototype" || last.ActorID == nil || *last.ActorID != e.p.headZam.ID {
		t.Fatalf("audit row: %+v", last)
	}
}

func TestPromotePilotingNeedsOriginInUse(t *testing.T) {
	e := setup(t)
	id := e.tool(t, "Karty")
	e.promote(t, e.p.guide, id, nest.Prototype)
	refused := app.Invalid{"evidence": "nest.err.rule.piloting"}
	refusedPromotion(t, e, e.p.guide, id, nest.Piloting, "Zkoušíme.", refused)
	// Another office's successful use is not the origin's pilot.
	evaluated(t, e, e.p.pard, id, 5)
	refusedPromotion(t, e, e.p.guide, id, nest.Piloting, "Zkoušíme.", refused)
	// Offered to the origin is not in use there.
	if err := e.s.Offer(ctx, e.p.guide, id, []int64{e.zam}, date(2026, 2, 1)); err != nil {
		t.Fatal(err)
	}
	refusedPromotion(t, e, e.p.guide, id, nest.Piloting, "Zkoušíme.", refused)
	e.take(t, e.p.headZam, nest.Step{Tool: id, Office: e.zam, Action: nest.Trial, On: date(2026, 2, 3)})
	// Only those who may edit it mark the pilot.
	refusedPromotion(t, e, e.p.chrud, id, nest.Piloting, "Zkoušíme.", app.ErrForbidden)
	e.promote(t, e.p.headZam, id, nest.Piloting)
	p := lastPromotion(t, e, id)
	want := []nest.Evidence{{OfficeID: e.zam, Office: "Městský úřad Žamberk", Stage: nest.Trialling, Since: "2026-02-03"}}
	if p.From != nest.Prototype || p.To != nest.Piloting || !slices.Equal(p.Evidence, want) {
		t.Fatalf("promotion: %+v", p)
	}
}

func TestPromoteValidatedNeedsTwoOtherOffices(t *testing.T) {
	e := setup(t)
	id := e.piloting(t, "Karty rodičovských dovedností")
	svit := e.user(t, "Svatava Svitavská", "Městský úřad Svitavy")
	holice := e.user(t, "Hana Holická", "Městský úřad Holice")
	lit := e.user(t, "Libor Litomyšlský", "Městský úřad Litomyšl")
	refused := app.Invalid{"evidence": "nest.err.rule.validated"}
	have := func(n int) {
		t.Helper()
		refusedPromotion(t, e, e.p.guide, id, nest.Validated, "Ověřeno.", refused)
		tl, _ := e.s.Tool(ctx, id)
		c, ok, err := e.s.Rule(ctx, tl)
		if err != nil || !ok || c.To != nest.Validated || c.Met || c.Have != n || c.Need != nest.ValidatingOffices {
			t.Fatalf("rule: %+v %v %v, want have %d", c, ok, err, n)
		}
	}
	have(0)
	// One office is not enough.
	evaluated(t, e, e.p.pard, id, 5)
	have(1)
	// A rating of 3 does not count.
	evaluated(t, e, e.p.chrud, id, 3)
	have(1)
	// The origin's own success does not count.
	e.take(t, e.p.headZam, nest.Step{Tool: id, Office: e.zam, Action: nest.Adopt, On: date(2026, 2, 25), Report: "U nás to funguje.", Rating: 5})
	have(1)
	// An office that abandoned it does not count, even with a good rating before.
	evaluated(t, e, e.p.slap, id, 5)
	e.take(t, e.p.slap, nest.Step{Tool: id, Office: e.slap, Action: nest.Abandon, On: date(2026, 2, 26), Report: "Nestíháme."})
	have(1)
	// Nor does an office it was only offered to.
	if err := e.s.Offer(ctx, e.p.guide, id, []int64{holice.OfficeID}, date(2026, 2, 20)); err != nil {
		t.Fatal(err)
	}
	have(1)
	// Nor a rating without a report.
	e.take(t, lit, nest.Step{Tool: id, Office: lit.OfficeID, Action: nest.Trial, On: date(2026, 2, 20), Rating: 5})
	have(1)
	// Svitavy adopts it: two offices now. Only the region's guides and methodologists validate.
	e.take(t, svit, nest.Step{Tool: id, Office: svit.OfficeID, Action: nest.Trial, On: date(2026, 2, 11)})
	e.take(t, svit, nest.Step{Tool: id, Office: svit.OfficeID, Action: nest.Adopt, On: date(2026, 2, 27), Report: "Používáme na poradách.", Rating: 4})
	refusedPromotion(t, e, e.p.headZam, id, nest.Validated, "Ověřeno.", app.ErrForbidden)
	refusedPromotion(t, e, e.p.metodikJM, id, nest.Validated, "Ověřeno.", app.ErrForbidden)
	refusedPromotion(t, e, e.p.coord, id, nest.Validated, "Ověřeno.", app.ErrForbidden)
	e.promote(t, e.p.guide, id, nest.Validated)
	if m := maturity(t, e, id); m != nest.Validated {
		t.Fatalf("maturity %s", m)
	}
	p := lastPromotion(t, e, id)
	want := []nest.Evidence{
		{OfficeID: e.pard, Office: "Magistrát města Pardubic", Stage: nest.Trialling, Rating: 5,
			Report: fmt.Sprintf("Zkušenost úřadu %d.", e.pard), Since: "2026-02-10"},
		{OfficeID: svit.OfficeID, Office: "Městský úřad Svitavy", Stage: nest.Adopted, Rating: 4,
			Report: "Používáme na poradách.", Since: "2026-02-27"},
	}
	if p.From != nest.Piloting || p.To != nest.Validated || p.ByName != "Gabriela Průvodcová" || p.Reason != "Ověřeno v praxi." ||
		!slices.Equal(p.Evidence, want) {
		t.Fatalf("promotion: %+v\nwant evidence %+v", p, want)
	}
	// The evidence as stored: the JSON column itself.
	var n int
	var names string
	if err := e.pool.QueryRow(ctx, `SELECT jsonb_array_length(evidence), (SELECT string_agg(x->>'office' || ':' || (x->>'rating'), ',') FROM jsonb_array_elements(evidence) x)
		FROM tool_promotions WHERE tool_id = $1 AND to_level = 'validated'`, id).Scan(&n, &names); err != nil {
		t.Fatal(err)
	}
	if n != 2 || names != "Magistrát města Pardubic:5,Městský úřad Svitavy:4" {
		t.Fatalf("stored evidence: %d %s", n, names)
	}
}

// An office that gave a tool up and starts trying it again has not evaluated the new trial: its
// evaluation from before does not count as successful use.
func TestPromoteRetrialNeedsNewEvaluation(t *testing.T) {
	e := setup(t)
	id := e.piloting(t, "Karty")
	evaluated(t, e, e.p.pard, id, 5)
	evaluated(t, e, e.p.chrud, id, 5)
	e.take(t, e.p.chrud, nest.Step{Tool: id, Office: e.chrud, Action: nest.Abandon, On: date(2026, 2, 21), Report: "Nestíháme, chybí lidi."})
	e.take(t, e.p.chrud, nest.Step{Tool: id, Office: e.chrud, Action: nest.Trial, On: date(2026, 2, 25)})
	a, err := e.s.Adoption(ctx, id, e.chrud)
	if err != nil {
		t.Fatal(err)
	}
	if a.Stage != nest.Trialling || a.Successful() {
		t.Fatalf("re-trial counts as success: %+v rating %v", a, a.Rating)
	}
	refusedPromotion(t, e, e.p.guide, id, nest.Validated, "Ověřeno.", app.Invalid{"evidence": "nest.err.rule.validated"})
	e.take(t, e.p.chrud, nest.Step{Tool: id, Office: e.chrud, Action: nest.Evaluate, On: date(2026, 3, 1), Report: "Podruhé to jde.", Rating: 4})
	e.promote(t, e.p.guide, id, nest.Validated)
	p := lastPromotion(t, e, id)
	if len(p.Evidence) != 2 || p.Evidence[1].Office != "Městský úřad Chrudim" || p.Evidence[1].Report != "Podruhé to jde." || p.Evidence[1].Rating != 4 {
		t.Fatalf("evidence: %+v", p.Evidence)
	}
}

// validated makes a piloting tool and has Pardubice (5) and Chrudim (4) use it successfully,
// then the guide validates it.
func validated(t *testing.T, e env, name string) int64 {
	t.Helper()
	id := e.piloting(t, name)
	evaluated(t, e, e.p.pard, id, 5)
	evaluated(t, e, e.p.chrud, id, 4)
	e.promote(t, e.p.guide, id, nest.Validated)
	return id
}

func TestPromoteRecommended(t *testing.T) {
	e := setup(t)
	id := validated(t, e, "Intervize")
	// Only a methodologist of the region recommends.
	for _, u := range []*auth.User{e.p.guide, e.p.metodikJM, e.p.headZam, e.p.coord, e.p.pard} {
		refusedPromotion(t, e, u, id, nest.Recommended, "Doporučujeme.", app.ErrForbidden)
	}
	// The evidence is checked again: Chrudim gave up after the validation.
	e.take(t, e.p.chrud, nest.Step{Tool: id, Office: e.chrud, Action: nest.Abandon, On: date(2026, 2, 28), Report: "Nehodí se nám."})
	refusedPromotion(t, e, e.p.metodik, id, nest.Recommended, "Doporučujeme.", app.Invalid{"evidence": "nest.err.rule.recommended"})
	// Another office's success restores it.
	svit := e.user(t, "Svatava Svitavská", "Městský úřad Svitavy")
	evaluated(t, e, svit, id, 5)
	e.promote(t, e.p.metodik, id, nest.Recommended)
	p := lastPromotion(t, e, id)
	if p.From != nest.Validated || p.To != nest.Recommended || p.ByID != e.p.metodik.ID || len(p.Evidence) != 2 ||
		p.Evidence[0].Office != "Magistrát města Pardubic" || p.Evidence[1].Office != "Městský úřad Svitavy" {
		t.Fatalf("promotion: %+v", p)
	}
	tl, _ := e.s.Tool(ctx, id)
	if _, ok, _ := e.s.Rule(ctx, tl); ok {
		t.Fatal("a rule above recommended")
	}
	ps, _ := e.s.Promotions(ctx, id)
	var path []string
	for _, p := range ps {
		path = append(path, string(p.From)+">"+string(p.To))
	}
	if want := []string{"idea>prototype", "prototype>piloting", "piloting>validated", "validated>recommended"}; !slices.Equal(path, want) {
		t.Fatalf("promotions %v", path)
	}
}

func TestPromoteRetire(t *testing.T) {
	e := setup(t)
	rungs := map[nest.Maturity]int64{}
	rungs[nest.Idea] = e.tool(t, "Nápad")
	rungs[nest.Prototype] = e.tool(t, "Prototyp")
	e.promote(t, e.p.guide, rungs[nest.Prototype], nest.Prototype)
	rungs[nest.Piloting] = e.piloting(t, "Pilot")
	rungs[nest.Validated] = validated(t, e, "Ověřený")
	rungs[nest.Recommended] = validated(t, e, "Doporučený")
	e.promote(t, e.p.metodik, rungs[nest.Recommended], nest.Recommended)
	for from, id := range rungs {
		if m := maturity(t, e, id); m != from {
			t.Fatalf("%d at %s, want %s", id, m, from)
		}
		for _, u := range []*auth.User{e.p.guide, e.p.headZam, e.p.metodikJM} {
			refusedPromotion(t, e, u, id, nest.Retired, "Už se nepoužívá.", app.ErrForbidden)
		}
		refusedPromotion(t, e, e.p.metodik, id, nest.Retired, "   ", app.Invalid{"reason": "err.required"})
		refusedPromotion(t, e, e.p.metodik, id, nest.Retired, "Dítě nar. 3. 5. 2015", app.Invalid{"reason": "nest.err.pii"})
		if err := e.s.Promote(ctx, e.p.metodik, id, nest.Retired, "Nahrazeno novým postupem.", e.version(t, id)); err != nil {
			t.Fatalf("retire from %s: %v", from, err)
		}
		p := lastPromotion(t, e, id)
		if p.From != from || p.To != nest.Retired || p.Reason != "Nahrazeno novým postupem." || len(p.Evidence) != 0 {
			t.Fatalf("retirement from %s: %+v", from, p)
		}
		if m := maturity(t, e, id); m != nest.Retired {
			t.Fatalf("retired from %s: %s", from, m)
		}
		// Retired is the end.
		refusedPromotion(t, e, e.p.metodik, id, nest.Retired, "Znovu.", nest.ErrStep)
		refusedPromotion(t, e, e.p.guide, id, nest.Prototype, "Znovu.", nest.ErrStep)
	}
}

func TestPromoteSteps(t *testing.T) {
	e := setup(t)
	id := e.tool(t, "Karty")
	// Skipping a rung.
	refusedPromotion(t, e, e.p.guide, id, nest.Piloting, "Zkoušíme.", nest.ErrStep)
	refusedPromotion(t, e, e.p.guide, id, nest.Validated, "Ověřeno.", nest.ErrStep)
	refusedPromotion(t, e, e.p.metodik, id, nest.Recommended, "Doporučujeme.", nest.ErrStep)
	// Down, to where it is, or nowhere.
	e.promote(t, e.p.guide, id, nest.Prototype)
	refusedPromotion(t, e, e.p.guide, id, nest.Prototype, "Znovu.", nest.ErrStep)
	for _, to := range []nest.Maturity{nest.Idea, "gold", ""} {
		before := takeSnap(t, e)
		if err := e.s.Promote(ctx, e.p.metodik, id, to, "Zpět.", e.version(t, id)); err == nil {
			t.Fatalf("promote to %q went through", to)
		}
		sameSnap(t, e, before)
	}
	// An empty reason; a stale form; a tool that is not there.
	refusedPromotion(t, e, e.p.metodik, id, nest.Retired, "", app.Invalid{"reason": "err.required"})
	before := takeSnap(t, e)
	if err := e.s.Promote(ctx, e.p.guide, id, nest.Retired, "Konec.", 1); !errors.Is(err, app.ErrForbidden) {
		t.Fatalf("guide retires: %v", err)
	}
	if err := e.s.Promote(ctx, e.p.metodik, id, nest.Retired, "Konec.", 1); !errors.Is(err, nest.ErrStale) || !errors.Is(err, app.ErrConflict) {
		t.Fatalf("stale: %v", err)
	}
	if err := e.s.Promote(ctx, e.p.metodik, 999999, nest.Retired, "Konec.", 1); !errors.Is(err, app.ErrNotFound) {
		t.Fatalf("missing tool: %v", err)
	}
	if err := e.s.Promote(ctx, nil, id, nest.Retired, "Konec.", 2); !errors.Is(err, app.ErrForbidden) {
		t.Fatalf("nobody: %v", err)
	}
	sameSnap(t, e, before)
}

// Parallel identical promotions: one goes through, the others find the form stale.
func TestPromoteConcurrent(t *testing.T) {
	e := setup(t)
	id := e.tool(t, "Karty")
	const n = 8
	errs := make([]error, n)
	start := make(chan struct{})
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			errs[i] = e.s.Promote(ctx, e.p.guide, id, nest.Prototype, "Máme prototyp.", 1)
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
	if ok != 1 {
		t.Fatalf("%d promotions went through", ok)
	}
	var rows, audits int
	if err := e.pool.QueryRow(ctx, `SELECT (SELECT count(*) FROM tool_promotions WHERE tool_id = $1),
		(SELECT count(*) FROM audit_log WHERE object_type = 'tool' AND object_id = $1 AND action = 'tool.promote')`, id).Scan(&rows, &audits); err != nil {
		t.Fatal(err)
	}
	if rows != 1 || audits != 1 || e.version(t, id) != 2 || maturity(t, e, id) != nest.Prototype {
		t.Fatalf("rows %d audits %d version %d", rows, audits, e.version(t, id))
	}
}

// A promotion to validated racing the abandonment of one of its two evidence offices: either
// the promotion came first and counted the office while it still used the tool, or the
// abandonment came first and the promotion is refused. Never a validation whose evidence names
// an office that had already given up.
func TestPromoteRacesAbandon(t *testing.T) {
	e := setup(t)
	outcomes := map[string]int{}
	for i := range 10 {
		id := e.piloting(t, fmt.Sprintf("Nástroj %d", i))
		evaluated(t, e, e.p.pard, id, 5)
		evaluated(t, e, e.p.chrud, id, 5)
		toolV, adoptV := e.version(t, id), e.adoptionVersion(t, id, e.chrud)
		var promoteErr, abandonErr error
		start := make(chan struct{})
		var wg sync.WaitGroup
		wg.Add(2)
		go func() {
			defer wg.Done()
			<-start
			promoteErr = e.s.Promote(ctx, e.p.guide, id, nest.Validated, "Ověřeno.", toolV)
		}()
		go func() {
			defer wg.Done()
			<-start
			// A skew that grows with the run, so that both orders happen.
			time.Sleep(time.Duration(i) * 300 * time.Microsecond)
			abandonErr = e.s.Take(ctx, e.p.chrud, nest.Step{Tool: id, Office: e.chrud, Action: nest.Abandon,
				Report: "Nestíháme.", Version: adoptV})
		}()
		close(start)
		wg.Wait()
		if abandonErr != nil {
			t.Fatalf("abandon: %v", abandonErr)
		}
		// Which came first, by the order of their audit entries (the tool's lock serialises them).
		var promoteAt, abandonAt int64
		if err := e.pool.QueryRow(ctx, `SELECT coalesce((SELECT id FROM audit_log WHERE object_type = 'tool' AND object_id = $1 AND action = 'tool.promote' AND to_state = 'validated'), 0),
			(SELECT id FROM audit_log WHERE object_type = 'tool' AND object_id = $1 AND action = 'tool.adoption.abandon')`, id).Scan(&promoteAt, &abandonAt); err != nil {
			t.Fatal(err)
		}
		var validations int
		if err := e.pool.QueryRow(ctx, `SELECT count(*) FROM tool_promotions WHERE tool_id = $1 AND to_level = 'validated'`, id).Scan(&validations); err != nil {
			t.Fatal(err)
		}
		m := maturity(t, e, id)
		if promoteErr == nil {
			p := lastPromotion(t, e, id)
			if m != nest.Validated || validations != 1 || len(p.Evidence) != 2 || p.Evidence[1].Office != "Městský úřad Chrudim" ||
				p.Evidence[1].Stage != nest.Trialling || promoteAt == 0 || promoteAt > abandonAt {
				t.Fatalf("run %d: validated inconsistently: %s, %d validations, evidence %+v, promoted at %d, abandoned at %d",
					i, m, validations, p.Evidence, promoteAt, abandonAt)
			}
			outcomes["validated, then abandoned"]++
		} else {
			var bad app.Invalid
			if !errors.As(promoteErr, &bad) || bad["evidence"] != "nest.err.rule.validated" || m != nest.Piloting || validations != 0 || promoteAt != 0 {
				t.Fatalf("run %d: refused inconsistently: %v, %s, %d validations", i, promoteErr, m, validations)
			}
			outcomes["abandoned, validation refused"]++
		}
	}
	t.Logf("outcomes: %v", outcomes)
}
