package nest_test

import (
	"errors"
	"maps"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"hnizdo.cz/hnizdo/internal/app"
	"hnizdo.cz/hnizdo/internal/auth"
	"hnizdo.cz/hnizdo/internal/nest"
)

// count runs a counting query.
func (e env) count(t *testing.T, sql string, args ...any) int {
	t.Helper()
	var n int
	if err := e.pool.QueryRow(ctx, sql, args...).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// invalidAs checks that err is exactly the validation failure want.
func invalidAs(t *testing.T, err error, want app.Invalid) {
	t.Helper()
	var got app.Invalid
	if !errors.As(err, &got) {
		t.Fatalf("err %v, want invalid %v", err, want)
	}
	if !maps.Equal(got, want) {
		t.Fatalf("invalid %v, want %v", got, want)
	}
}

// topic adds a development topic as the guide and returns its id.
func (e env) topic(t *testing.T, office int64, title string) int64 {
	t.Helper()
	id, err := e.s.AddTopic(ctx, e.p.guide, nest.TopicInput{Office: office, Title: title, Since: date(2024, 9, 1)})
	if err != nil {
		t.Fatalf("add topic %q: %v", title, err)
	}
	return id
}

// visit records a visit as u and returns its id.
func (e env) visit(t *testing.T, u *auth.User, in nest.VisitInput) int64 {
	t.Helper()
	if in.Tried == "" {
		in.Tried = "Zkusili jsme poradu ve stoje."
	}
	id, err := e.s.AddVisit(ctx, u, in)
	if err != nil {
		t.Fatalf("add visit: %v", err)
	}
	return id
}

func TestAddTopic(t *testing.T) {
	e := setup(t)
	topics := func() int { return e.count(t, `SELECT count(*) FROM dev_topics`) }

	t.Run("a guide and a methodologist of the region add topics to pilot offices", func(t *testing.T) {
		id, err := e.s.AddTopic(ctx, e.p.guide, nest.TopicInput{Office: e.zam, Title: "  Rozvody  ",
			Description: "Jak pracovat s rodiči v rozvodu.", Since: date(2024, 9, 1)})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := e.s.AddTopic(ctx, e.p.metodik, nest.TopicInput{Office: e.ct, Title: "Já, OSPOĎák"}); err != nil {
			t.Fatal(err)
		}
		got, err := e.s.OfficeTopics(ctx, e.zam)
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != 1 || got[0].ID != id || got[0].Title != "Rozvody" || got[0].Description != "Jak pracovat s rodiči v rozvodu." ||
			!got[0].Since.Equal(date(2024, 9, 1)) || got[0].OfficeName != "Městský úřad Žamberk" {
			t.Fatalf("topics of Žamberk: %+v", got)
		}
		ct, err := e.s.OfficeTopics(ctx, e.ct)
		if err != nil {
			t.Fatal(err)
		}
		// No day given: the topic is taken up today.
		if len(ct) != 1 || !ct[0].Since.Equal(date(2026, 3, 2)) {
			t.Fatalf("topics of Česká Třebová: %+v", ct)
		}
		if n := e.count(t, `SELECT count(*) FROM audit_log WHERE object_type = 'dev_topic' AND object_id = $1
			AND action = 'dev_topic.create' AND actor_id = $2`, id, e.p.guide.ID); n != 1 {
			t.Fatalf("audit entries %d", n)
		}
	})

	t.Run("others are refused and nothing is stored", func(t *testing.T) {
		before := topics()
		for name, u := range map[string]*auth.User{"JMK methodologist": e.p.metodikJM, "head of the office": e.p.headZam,
			"caseworker": e.p.lans, "coordinator": e.p.coord} {
			if _, err := e.s.AddTopic(ctx, u, nest.TopicInput{Office: e.zam, Title: "Metodická role kraje"}); !errors.Is(err, app.ErrForbidden) {
				t.Errorf("%s: %v, want forbidden", name, err)
			}
		}
		if _, err := e.s.AddTopic(ctx, nil, nest.TopicInput{Office: e.zam, Title: "X"}); !errors.Is(err, app.ErrForbidden) {
			t.Errorf("nobody: %v", err)
		}
		if _, err := e.s.AddTopic(ctx, e.p.guide, nest.TopicInput{Office: 999999, Title: "X"}); !errors.Is(err, app.ErrNotFound) {
			t.Errorf("unknown office: %v", err)
		}
		if n := topics(); n != before {
			t.Fatalf("topics %d, want %d", n, before)
		}
	})

	t.Run("bad input is refused at its field", func(t *testing.T) {
		before := topics()
		cases := []struct {
			name string
			in   nest.TopicInput
			want app.Invalid
		}{
			{"not a pilot office", nest.TopicInput{Office: e.pard, Title: "Rozvody"}, app.Invalid{"office": "nest.err.not_pilot"}},
			{"no title", nest.TopicInput{Office: e.zam, Title: "  "}, app.Invalid{"title": "err.required"}},
			{"long title", nest.TopicInput{Office: e.zam, Title: strings.Repeat("ř", 201)}, app.Invalid{"title": "nest.err.too_long"}},
			{"future", nest.TopicInput{Office: e.zam, Title: "Nové", Since: date(2026, 3, 3)}, app.Invalid{"since": "nest.err.future"}},
			{"personal data", nest.TopicInput{Office: e.zam, Title: "Případ", Description: "Rodina, RČ 045612/1236."},
				app.Invalid{"description": "nest.err.pii"}},
			{"taken title", nest.TopicInput{Office: e.zam, Title: "ROZVODY"}, app.Invalid{"title": "nest.err.topic_taken"}},
		}
		for _, c := range cases {
			_, err := e.s.AddTopic(ctx, e.p.guide, c.in)
			invalidAs(t, err, c.want)
		}
		if n := topics(); n != before {
			t.Fatalf("topics %d, want %d", n, before)
		}
		// The same title at another office is fine.
		e.topic(t, e.lans, "Rozvody")
	})

	t.Run("a title added twice at once is stored once", func(t *testing.T) {
		var wg sync.WaitGroup
		errs := make([]error, 6)
		for i := range errs {
			wg.Go(func() {
				_, errs[i] = e.s.AddTopic(ctx, e.p.guide, nest.TopicInput{Office: e.ct, Title: "Metodická role kraje"})
			})
		}
		wg.Wait()
		ok := 0
		for _, err := range errs {
			if err == nil {
				ok++
			} else {
				invalidAs(t, err, app.Invalid{"title": "nest.err.topic_taken"})
			}
		}
		if ok != 1 || e.count(t, `SELECT count(*) FROM dev_topics WHERE office_id = $1 AND title = 'Metodická role kraje'`, e.ct) != 1 {
			t.Fatalf("%d succeeded", ok)
		}
	})

	t.Run("the region's topics are listed by office, then since", func(t *testing.T) {
		if _, err := e.s.AddTopic(ctx, e.p.guide, nest.TopicInput{Office: e.zam, Title: "Bezpečí dítěte", Since: date(2023, 1, 10)}); err != nil {
			t.Fatal(err)
		}
		got, err := e.s.Topics(ctx, e.p.guide.RegionID)
		if err != nil {
			t.Fatal(err)
		}
		var titles []string
		for _, tp := range got {
			titles = append(titles, tp.OfficeName+": "+tp.Title)
		}
		want := "Městský úřad Česká Třebová: Já, OSPOĎák|Městský úřad Česká Třebová: Metodická role kraje|" +
			"Městský úřad Lanškroun: Rozvody|Městský úřad Žamberk: Bezpečí dítěte|Městský úřad Žamberk: Rozvody"
		if strings.Join(titles, "|") != want {
			t.Fatalf("topics\n%s\nwant\n%s", strings.Join(titles, "|"), want)
		}
		jm, err := e.s.Topics(ctx, e.p.metodikJM.RegionID)
		if err != nil || len(jm) != 0 {
			t.Fatalf("JMK topics %v, %v", jm, err)
		}
	})
}

func TestAddVisit(t *testing.T) {
	e := setup(t)
	topic := e.topic(t, e.zam, "Rozvody")
	other := e.topic(t, e.lans, "Bezpečí dítěte")
	cards := e.tool(t, "Karty rodičovských dovedností")
	visits := func() int { return e.count(t, `SELECT count(*) FROM guide_visits`) }

	t.Run("a guide records a visit with a topic and tools", func(t *testing.T) {
		meetings := e.tool(t, "Porada ve stoje")
		id := e.visit(t, e.p.guide, nest.VisitInput{Office: e.zam, On: date(2026, 2, 20), TopicID: topic,
			Tried: " Karty při rozhovoru s rodiči. ", NextStep: "Vyhodnotit po měsíci.", Tools: []int64{meetings, cards, cards}})
		got, err := e.s.Visits(ctx, e.p.guide, nest.VisitFilter{Office: e.zam})
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != 1 {
			t.Fatalf("visits %+v", got)
		}
		v := got[0]
		if v.ID != id || v.GuideID != e.p.guide.ID || v.GuideName != "Gabriela Průvodcová" || !v.On.Equal(date(2026, 2, 20)) ||
			v.TopicID == nil || *v.TopicID != topic || v.TopicTitle != "Rozvody" || v.Tried != "Karty při rozhovoru s rodiči." ||
			v.NextStep != "Vyhodnotit po měsíci." || v.OfficeName != "Městský úřad Žamberk" || v.RegionID != e.p.guide.RegionID {
			t.Fatalf("visit %+v", v)
		}
		if strings.Join(v.ToolNames, "|") != "Karty rodičovských dovedností|Porada ve stoje" || len(v.ToolIDs) != 2 || v.ToolIDs[0] != cards {
			t.Fatalf("tools %v %v", v.ToolIDs, v.ToolNames)
		}
		if n := e.count(t, `SELECT count(*) FROM audit_log WHERE object_type = 'guide_visit' AND object_id = $1 AND actor_id = $2`,
			id, e.p.guide.ID); n != 1 {
			t.Fatalf("audit entries %d", n)
		}
	})

	t.Run("a methodologist records a visit to an office that is not a pilot, with a subject", func(t *testing.T) {
		id := e.visit(t, e.p.metodik, nest.VisitInput{Office: e.pard, On: date(2026, 3, 2), Subject: "Zavádění karet", Tools: []int64{cards}})
		got, err := e.s.Visits(ctx, e.p.metodik, nest.VisitFilter{Office: e.pard})
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != 1 || got[0].ID != id || got[0].TopicID != nil || got[0].Subject != "Zavádění karet" || got[0].GuideID != e.p.metodik.ID {
			t.Fatalf("visits %+v", got)
		}
	})

	t.Run("others are refused and nothing is stored", func(t *testing.T) {
		before := visits()
		in := nest.VisitInput{Office: e.zam, On: date(2026, 2, 20), Subject: "Porady", Tried: "Porada ve stoje."}
		for name, u := range map[string]*auth.User{"JMK methodologist": e.p.metodikJM, "head of the office": e.p.headZam,
			"caseworker": e.p.lans, "coordinator": e.p.coord} {
			if _, err := e.s.AddVisit(ctx, u, in); !errors.Is(err, app.ErrForbidden) {
				t.Errorf("%s: %v, want forbidden", name, err)
			}
		}
		slap := in
		slap.Office = e.slap
		if _, err := e.s.AddVisit(ctx, e.p.guide, slap); !errors.Is(err, app.ErrForbidden) {
			t.Errorf("guide at a JMK office: %v", err)
		}
		missing := in
		missing.Office = 999999
		if _, err := e.s.AddVisit(ctx, e.p.guide, missing); !errors.Is(err, app.ErrNotFound) {
			t.Errorf("unknown office: %v", err)
		}
		if n := visits(); n != before {
			t.Fatalf("visits %d, want %d", n, before)
		}
	})

	t.Run("bad input is refused at its field", func(t *testing.T) {
		before := visits()
		ok := nest.VisitInput{Office: e.zam, On: date(2026, 2, 20), TopicID: topic, Tried: "Porada ve stoje."}
		with := func(f func(*nest.VisitInput)) nest.VisitInput { in := ok; f(&in); return in }
		cases := []struct {
			name string
			in   nest.VisitInput
			want app.Invalid
		}{
			{"no date", with(func(in *nest.VisitInput) { in.On = time.Time{} }), app.Invalid{"on": "err.required"}},
			{"future", with(func(in *nest.VisitInput) { in.On = date(2026, 3, 3) }), app.Invalid{"on": "nest.err.future"}},
			{"topic of another office", with(func(in *nest.VisitInput) { in.TopicID = other }), app.Invalid{"topic": "nest.err.visit_topic"}},
			{"neither topic nor subject", with(func(in *nest.VisitInput) { in.TopicID = 0; in.Subject = " " }),
				app.Invalid{"subject": "nest.err.subject_required"}},
			{"nothing tried", with(func(in *nest.VisitInput) { in.Tried = "  " }), app.Invalid{"tried": "err.required"}},
			{"personal data", with(func(in *nest.VisitInput) { in.NextStep = "Zavolat matce na 603 123 456." }),
				app.Invalid{"next_step": "nest.err.pii"}},
			{"personal data in the subject", with(func(in *nest.VisitInput) { in.TopicID = 0; in.Subject = "Rodina, nar. 12. 3. 2015" }),
				app.Invalid{"subject": "nest.err.pii"}},
			{"unknown tool", with(func(in *nest.VisitInput) { in.Tools = []int64{cards, 999999} }), app.Invalid{"tools": "nest.err.visit_tools"}},
			{"regional authority", with(func(in *nest.VisitInput) { in.Office = e.kuPAK; in.TopicID = 0; in.Subject = "Porady" }),
				app.Invalid{"office": "nest.err.office"}},
		}
		for _, c := range cases {
			_, err := e.s.AddVisit(ctx, e.p.guide, c.in)
			if err == nil {
				t.Fatalf("%s: stored", c.name)
			}
			invalidAs(t, err, c.want)
		}
		if n := visits(); n != before {
			t.Fatalf("visits %d, want %d", n, before)
		}
	})
}

func TestVisitsSeenBy(t *testing.T) {
	e := setup(t)
	cards := e.tool(t, "Karty rodičovských dovedností")
	zam1 := e.visit(t, e.p.guide, nest.VisitInput{Office: e.zam, On: date(2026, 1, 5), Subject: "Porady"})
	lans := e.visit(t, e.p.metodik, nest.VisitInput{Office: e.lans, On: date(2026, 2, 1), Subject: "Karty", Tools: []int64{cards}})
	zam2 := e.visit(t, e.p.guide, nest.VisitInput{Office: e.zam, On: date(2026, 2, 10), Subject: "Karty", Tools: []int64{cards}})
	ids := func(u *auth.User, f nest.VisitFilter) []int64 {
		t.Helper()
		vs, err := e.s.Visits(ctx, u, f)
		if err != nil {
			t.Fatal(err)
		}
		out := []int64{}
		for _, v := range vs {
			out = append(out, v.ID)
		}
		return out
	}
	eq := func(what string, got []int64, want ...int64) {
		t.Helper()
		if want == nil {
			want = []int64{}
		}
		if !slices.Equal(got, want) {
			t.Errorf("%s: %v, want %v", what, got, want)
		}
	}
	eq("guide", ids(e.p.guide, nest.VisitFilter{}), zam2, lans, zam1)
	eq("methodologist", ids(e.p.metodik, nest.VisitFilter{}), zam2, lans, zam1)
	eq("head of Žamberk", ids(e.p.headZam, nest.VisitFilter{}), zam2, zam1)
	eq("Lanškroun", ids(e.p.lans, nest.VisitFilter{}), lans)
	eq("Lanškroun asking for Žamberk", ids(e.p.lans, nest.VisitFilter{Office: e.zam}))
	eq("Pardubice", ids(e.p.pard, nest.VisitFilter{}))
	eq("coordinator", ids(e.p.coord, nest.VisitFilter{}))
	eq("JMK methodologist", ids(e.p.metodikJM, nest.VisitFilter{}))
	eq("JMK methodologist asking for Žamberk", ids(e.p.metodikJM, nest.VisitFilter{Office: e.zam}))
	eq("nobody", ids(nil, nest.VisitFilter{}))
	eq("by office", ids(e.p.guide, nest.VisitFilter{Office: e.zam}), zam2, zam1)
	eq("by tool", ids(e.p.guide, nest.VisitFilter{Tool: cards}), zam2, lans)
	eq("by office and tool", ids(e.p.guide, nest.VisitFilter{Office: e.zam, Tool: cards}), zam2)
	eq("by region", ids(e.p.guide, nest.VisitFilter{Region: e.p.guide.RegionID}), zam2, lans, zam1)
	eq("by another region", ids(e.p.guide, nest.VisitFilter{Region: e.p.metodikJM.RegionID}))
}

func TestPilotOffices(t *testing.T) {
	e := setup(t)
	e.topic(t, e.zam, "Rozvody")
	e.topic(t, e.zam, "Bezpečí dítěte")
	e.visit(t, e.p.guide, nest.VisitInput{Office: e.zam, On: date(2026, 1, 5), Subject: "Porady"})
	e.visit(t, e.p.guide, nest.VisitInput{Office: e.zam, On: date(2026, 2, 10), Subject: "Porady"})
	e.visit(t, e.p.guide, nest.VisitInput{Office: e.pard, On: date(2026, 2, 11), Subject: "Karty"})
	got, err := e.s.PilotOffices(ctx, e.p.guide.RegionID)
	if err != nil {
		t.Fatal(err)
	}
	var lines []string
	for _, p := range got {
		line := p.Name
		if p.LastVisit != nil {
			line += " " + p.LastVisit.Format("2006-01-02")
		}
		lines = append(lines, line)
		switch p.ID {
		case e.zam:
			if p.Topics != 2 || p.Visits != 2 {
				t.Errorf("Žamberk: %+v", p)
			}
		case e.ct, e.lans:
			if p.Topics != 0 || p.Visits != 0 {
				t.Errorf("%s: %+v", p.Name, p)
			}
		default:
			t.Errorf("not a pilot: %+v", p)
		}
	}
	want := "Městský úřad Česká Třebová|Městský úřad Lanškroun|Městský úřad Žamberk 2026-02-10"
	if strings.Join(lines, "|") != want {
		t.Fatalf("pilots %q, want %q", strings.Join(lines, "|"), want)
	}
	jm, err := e.s.PilotOffices(ctx, e.p.metodikJM.RegionID)
	if err != nil || len(jm) != 0 {
		t.Fatalf("JMK pilots %v, %v", jm, err)
	}
}

func TestOfficeTools(t *testing.T) {
	e := setup(t)
	b := e.tool(t, "Porada ve stoje")
	a := e.tool(t, "Karty rodičovských dovedností")
	id, err := e.s.Create(ctx, e.p.guide, nest.ToolInput{Name: "Intervize", Kind: nest.KindRitual, Origins: []int64{e.lans, e.ct}})
	if err != nil {
		t.Fatal(err)
	}
	got, err := e.s.OfficeTools(ctx, e.zam)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got[0].ID != a || got[1].ID != b {
		t.Fatalf("tools of Žamberk: %+v", got)
	}
	got, err = e.s.OfficeTools(ctx, e.lans)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || got[0].ID != id || !slices.Contains(got[0].OriginIDs, e.ct) || len(got[0].OriginIDs) != 2 {
		t.Fatalf("tools of Lanškroun: %+v", got)
	}
	if got, err := e.s.OfficeTools(ctx, e.pard); err != nil || len(got) != 0 {
		t.Fatalf("tools of Pardubice: %v, %v", got, err)
	}
}
