package oversight_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"hnizdo.cz/hnizdo/internal/app"
	"hnizdo.cz/hnizdo/internal/auth"
	"hnizdo.cz/hnizdo/internal/oversight"
)

// obDelivered takes an inspection of Šlapanice through the visit with two findings (8a partly,
// 9b not met) and one criterion met (2a) to the objection period: delivered Friday 27 February
// 2026, objections due Monday 16 March. It returns the inspection and the findings' ids.
func (e env) obDelivered(t *testing.T) (id, f8a, f9b, met int64) {
	t.Helper()
	id = e.onsite(t, e.slap)
	f8a = e.clRate(t, id, "8a", oversight.Partly, "Chybí písemná pravidla pro přijímání oznámení.")
	f9b = e.clRate(t, id, "9b", oversight.NotMet, "Individuální plány ochrany dítěte nejsou pravidelně hodnoceny.")
	met = e.clRate(t, id, "2a", oversight.Met, "")
	e.delivered(t, id)
	return id, f8a, f9b, met
}

// obCount counts the objections against inspection id.
func (e env) obCount(t *testing.T, id int64) int {
	t.Helper()
	var n int
	if err := e.pool.QueryRow(ctx, `SELECT count(*) FROM objections WHERE inspection_id = $1`, id).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func TestObject(t *testing.T) {
	e := setup(t)
	p := e.p
	id, f8a, _, met := e.obDelivered(t)
	text := "Pravidla pro přijímání oznámení máme, byla předložena při kontrole."

	t.Run("the inspected office's head files an objection against a finding", func(t *testing.T) {
		oid, err := e.s.Object(ctx, p.headSlap, id, oversight.ObjectionInput{FindingID: f8a, Filed: date(2026, 3, 2), Text: text})
		if err != nil {
			t.Fatal(err)
		}
		list, err := e.s.Objections(ctx, p.jana, id)
		if err != nil {
			t.Fatal(err)
		}
		if len(list) != 1 {
			t.Fatalf("%d objections", len(list))
		}
		o := list[0]
		if o.ID != oid || o.FindingID == nil || *o.FindingID != f8a || o.FindingCode != "8a" || !o.Filed.Equal(date(2026, 3, 2)) ||
			o.Text != text || o.RecordedBy != p.headSlap.Name || o.Decision != "" || o.DecidedDate != nil {
			t.Fatalf("objection = %+v", o)
		}
		if n := e.clAudit(t, "inspection", id, "inspection.objection"); n != 1 {
			t.Fatalf("%d audit rows", n)
		}
	})
	t.Run("a methodologist records a paper objection against the whole protocol", func(t *testing.T) {
		if _, err := e.s.Object(ctx, p.metodik2, id, oversight.ObjectionInput{Filed: date(2026, 2, 27), Text: "Nesouhlasíme s protokolem."}); err != nil {
			t.Fatal(err)
		}
		list, err := e.s.Objections(ctx, p.metodik, id)
		if err != nil || len(list) != 2 || list[0].FindingID != nil || list[0].FindingCode != "" || list[0].RecordedBy != p.metodik2.Name {
			t.Fatalf("objections = %+v, %v", list, err)
		}
	})
	t.Run("a caseworker of the office may not file one", func(t *testing.T) {
		_, err := e.s.Object(ctx, p.jana, id, oversight.ObjectionInput{Filed: date(2026, 3, 2), Text: text})
		if !errors.Is(err, app.ErrForbidden) {
			t.Fatalf("err = %v", err)
		}
	})
	t.Run("other offices and regions do not find the inspection", func(t *testing.T) {
		for _, u := range []*auth.User{p.headBlan, p.metodikPAK} {
			if _, err := e.s.Object(ctx, u, id, oversight.ObjectionInput{Filed: date(2026, 3, 2), Text: text}); !errors.Is(err, app.ErrNotFound) {
				t.Fatalf("%s: %v", u.Name, err)
			}
			if _, err := e.s.Objections(ctx, u, id); !errors.Is(err, app.ErrNotFound) {
				t.Fatalf("%s list: %v", u.Name, err)
			}
		}
	})
	t.Run("bad input is refused and nothing stored", func(t *testing.T) {
		other := e.onsite(t, e.blan)
		otherFinding := e.clRate(t, other, "8a", oversight.NotMet, "Jiný úřad.")
		cases := []struct {
			name, field, key string
			in               oversight.ObjectionInput
		}{
			{"no date", "filed", "err.required", oversight.ObjectionInput{Text: text}},
			{"before delivery", "filed", "oversight.err.filed_early", oversight.ObjectionInput{Filed: date(2026, 2, 26), Text: text}},
			{"in the future", "filed", "oversight.err.future", oversight.ObjectionInput{Filed: date(2026, 3, 3), Text: text}},
			{"no text", "text", "err.required", oversight.ObjectionInput{Filed: date(2026, 3, 2), Text: " "}},
			{"overlong text", "text", "err.too_long", oversight.ObjectionInput{Filed: date(2026, 3, 2), Text: strings.Repeat("a", 4001)}},
			{"birth number", "text", "oversight.err.personal_data", oversight.ObjectionInput{Filed: date(2026, 3, 2), Text: "Dítě 850101/1234 má plán."}},
			{"another inspection's finding", "finding", "err.choose", oversight.ObjectionInput{FindingID: otherFinding, Filed: date(2026, 3, 2), Text: text}},
			{"a criterion that was met", "finding", "err.choose", oversight.ObjectionInput{FindingID: met, Filed: date(2026, 3, 2), Text: text}},
		}
		for _, c := range cases {
			if _, err := e.s.Object(ctx, p.headSlap, id, c.in); !clInvalid(err, c.field, c.key) {
				t.Errorf("%s: %v", c.name, err)
			}
		}
		if n := e.obCount(t, id); n != 2 {
			t.Fatalf("%d objections", n)
		}
	})
	t.Run("an objection filed after the period is refused", func(t *testing.T) {
		e.clock.set(clAt(2026, time.March, 20))
		defer e.clock.set(clAt(2026, time.March, 2))
		_, err := e.s.Object(ctx, p.headSlap, id, oversight.ObjectionInput{Filed: date(2026, 3, 17), Text: text})
		if !clInvalid(err, "filed", "oversight.err.filed_late") {
			t.Fatalf("err = %v", err)
		}
		// The last day of the period still counts.
		if _, err := e.s.Object(ctx, p.headSlap, id, oversight.ObjectionInput{Filed: date(2026, 3, 16), Text: text}); err != nil {
			t.Fatalf("last day: %v", err)
		}
	})
	t.Run("objections are filed only in the objection period", func(t *testing.T) {
		onsite := e.onsite(t, e.slap)
		_, err := e.s.Object(ctx, p.headSlap, onsite, oversight.ObjectionInput{Filed: date(2026, 3, 2), Text: text})
		if !errors.Is(err, oversight.ErrNotProtocol) || !errors.Is(err, app.ErrConflict) {
			t.Fatalf("err = %v", err)
		}
		if e.obCount(t, onsite) != 0 {
			t.Fatal("stored")
		}
	})
}

func TestDecide(t *testing.T) {
	e := setup(t)
	p := e.p
	id, f8a, _, _ := e.obDelivered(t)
	oid, err := e.s.Object(ctx, p.headSlap, id, oversight.ObjectionInput{FindingID: f8a, Filed: date(2026, 3, 2), Text: "Nesouhlasíme."})
	if err != nil {
		t.Fatal(err)
	}
	decision := func() (d *string) {
		t.Helper()
		if err := e.pool.QueryRow(ctx, `SELECT decision FROM objections WHERE id = $1`, oid).Scan(&d); err != nil {
			t.Fatal(err)
		}
		return d
	}

	t.Run("the office cannot decide its own objection", func(t *testing.T) {
		if err := e.s.Decide(ctx, p.headSlap, oid, "upheld", "Ano."); !errors.Is(err, app.ErrForbidden) {
			t.Fatalf("err = %v", err)
		}
	})
	t.Run("another region does not find it", func(t *testing.T) {
		if err := e.s.Decide(ctx, p.metodikPAK, oid, "upheld", "Ano."); !errors.Is(err, app.ErrNotFound) {
			t.Fatalf("err = %v", err)
		}
		if err := e.s.Decide(ctx, p.metodik, 0, "upheld", "Ano."); !errors.Is(err, app.ErrNotFound) {
			t.Fatalf("unknown: %v", err)
		}
	})
	t.Run("a decision needs a known outcome and its reasoning", func(t *testing.T) {
		if err := e.s.Decide(ctx, p.metodik, oid, "maybe", "Důvod."); !clInvalid(err, "decision", "err.choose") {
			t.Fatalf("decision: %v", err)
		}
		if err := e.s.Decide(ctx, p.metodik, oid, "rejected", "  "); !clInvalid(err, "reasoning", "oversight.err.reasoning") {
			t.Fatalf("reasoning: %v", err)
		}
		if d := decision(); d != nil {
			t.Fatalf("decided %q", *d)
		}
	})
	t.Run("the methodologist decides it and it is dated and audited", func(t *testing.T) {
		if err := e.s.Decide(ctx, p.metodik, oid, "partly", "Pravidla existují, ale nejsou úplná."); err != nil {
			t.Fatal(err)
		}
		list, err := e.s.Objections(ctx, p.headSlap, id)
		if err != nil {
			t.Fatal(err)
		}
		o := list[0]
		if o.Decision != "partly" || o.Reasoning != "Pravidla existují, ale nejsou úplná." || o.DecidedBy != p.metodik.Name ||
			o.DecidedDate == nil || !o.DecidedDate.Equal(date(2026, 3, 2)) {
			t.Fatalf("objection = %+v", o)
		}
		var from, to string
		if err := e.pool.QueryRow(ctx, `SELECT from_state, to_state FROM audit_log WHERE object_type = 'inspection' AND object_id = $1
			AND action = 'inspection.objection_decided'`, id).Scan(&from, &to); err != nil || from != "" || to != "partly" {
			t.Fatalf("audit %q → %q, %v", from, to, err)
		}
	})
	t.Run("a decided objection is not decided again", func(t *testing.T) {
		if err := e.s.Decide(ctx, p.metodik2, oid, "upheld", "Jinak."); !errors.Is(err, oversight.ErrChanged) {
			t.Fatalf("err = %v", err)
		}
		if d := decision(); d == nil || *d != "partly" {
			t.Fatalf("decision %v", d)
		}
	})
}

// TestObjectionsThenDecided follows the Control Code's path: objections filed, the inspection
// cannot end while one waits, both decided, the inspection ends, and nothing more is filed.
func TestObjectionsThenDecided(t *testing.T) {
	e := setup(t)
	p := e.p
	id, f8a, f9b, _ := e.obDelivered(t)
	first, err := e.s.Object(ctx, p.headSlap, id, oversight.ObjectionInput{FindingID: f8a, Filed: date(2026, 2, 27), Text: "Pravidla máme."})
	if err != nil {
		t.Fatal(err)
	}
	second, err := e.s.Object(ctx, p.metodik, id, oversight.ObjectionInput{FindingID: f9b, Filed: date(2026, 3, 2), Text: "Plány hodnotíme."})
	if err != nil {
		t.Fatal(err)
	}
	decide := func() error {
		return e.s.Advance(ctx, p.metodik, id, oversight.Step{To: oversight.Decided, Version: e.version(t, id)})
	}

	t.Run("the inspection cannot end while an objection waits", func(t *testing.T) {
		if err := decide(); !errors.Is(err, oversight.ErrObjectionsOpen) {
			t.Fatalf("none decided: %v", err)
		}
		if err := e.s.Decide(ctx, p.metodik, first, "upheld", "Pravidla byla doložena."); err != nil {
			t.Fatal(err)
		}
		if err := decide(); !errors.Is(err, oversight.ErrObjectionsOpen) {
			t.Fatalf("one decided: %v", err)
		}
	})
	t.Run("once every objection is decided the inspection ends", func(t *testing.T) {
		if err := e.s.Decide(ctx, p.metodik2, second, "rejected", "Ve spisech nebylo hodnocení doloženo."); err != nil {
			t.Fatal(err)
		}
		if err := decide(); err != nil {
			t.Fatal(err)
		}
		i, err := e.s.Inspection(ctx, p.headSlap, id)
		if err != nil || i.State != oversight.Decided || i.DecidedDate == nil || !i.DecidedDate.Equal(date(2026, 3, 2)) {
			t.Fatalf("inspection = %+v, %v", i, err)
		}
	})
	t.Run("after the end nothing is filed or decided", func(t *testing.T) {
		_, err := e.s.Object(ctx, p.headSlap, id, oversight.ObjectionInput{Filed: date(2026, 3, 2), Text: "Pozdě."})
		if !errors.Is(err, oversight.ErrNotProtocol) {
			t.Fatalf("object: %v", err)
		}
		if err := e.s.Decide(ctx, p.metodik, first, "rejected", "Jinak."); !errors.Is(err, oversight.ErrNotProtocol) {
			t.Fatalf("decide: %v", err)
		}
		if n := e.obCount(t, id); n != 2 {
			t.Fatalf("%d objections", n)
		}
	})
	t.Run("the head of another office does not find them", func(t *testing.T) {
		if _, err := e.s.Objections(ctx, p.headBlan, id); !errors.Is(err, app.ErrNotFound) {
			t.Fatalf("err = %v", err)
		}
		if err := e.s.Decide(ctx, p.headBlan, first, "upheld", "x"); !errors.Is(err, app.ErrNotFound) {
			t.Fatalf("decide: %v", err)
		}
	})
}
