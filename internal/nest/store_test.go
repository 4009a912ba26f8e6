package nest_test

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"

	"hnizdo.cz/hnizdo/internal/app"
	"hnizdo.cz/hnizdo/internal/auth"
	"hnizdo.cz/hnizdo/internal/nest"
)

// mustInvalid fails unless err is app.Invalid with key at field.
func mustInvalid(t *testing.T, err error, field, key string) {
	t.Helper()
	var bad app.Invalid
	if !errors.As(err, &bad) {
		t.Fatalf("want invalid %s=%s, got %v", field, key, err)
	}
	if bad[field] != key {
		t.Fatalf("want invalid %s=%s, got %v", field, key, bad)
	}
}

// tableSnap is the row count of every table the nest's tools write, with the tools' maturities
// and versions, so a refused change can be shown to have left nothing behind.
type tableSnap map[string]string

func takeSnap(t *testing.T, e env) tableSnap {
	t.Helper()
	s := tableSnap{}
	for _, table := range []string{"tools", "tool_origins", "tool_promotions", "adoptions", "adoption_steps", "audit_log"} {
		var n string
		if err := e.pool.QueryRow(ctx, `SELECT count(*)::text FROM `+table).Scan(&n); err != nil {
			t.Fatal(err)
		}
		s[table] = n
	}
	// Everything a row of tools, tool_origins and adoptions holds, so an update shows too.
	for name, sql := range map[string]string{
		"tools.rows":        `SELECT coalesce(string_agg(t::text, ';' ORDER BY id), '') FROM tools t`,
		"tool_origins.rows": `SELECT coalesce(string_agg(o::text, ';' ORDER BY tool_id, office_id), '') FROM tool_origins o`,
		"adoptions.rows":    `SELECT coalesce(string_agg(a::text, ';' ORDER BY id), '') FROM adoptions a`,
	} {
		var v string
		if err := e.pool.QueryRow(ctx, sql).Scan(&v); err != nil {
			t.Fatal(err)
		}
		s[name] = v
	}
	return s
}

// sameSnap fails when anything changed since before.
func sameSnap(t *testing.T, e env, before tableSnap) {
	t.Helper()
	after := takeSnap(t, e)
	for k, v := range before {
		if after[k] != v {
			t.Errorf("%s changed: %s → %s", k, v, after[k])
		}
	}
}

// addTopic adds a development topic of office directly and returns its id.
func addTopic(t *testing.T, e env, office int64, title string) int64 {
	t.Helper()
	var id int64
	if err := e.pool.QueryRow(ctx, `INSERT INTO dev_topics (office_id, title, since) VALUES ($1, $2, '2024-09-01') RETURNING id`,
		office, title).Scan(&id); err != nil {
		t.Fatal(err)
	}
	return id
}

// officeID finds an office by name.
func officeID(t *testing.T, e env, name string) int64 {
	t.Helper()
	var id int64
	if err := e.pool.QueryRow(ctx, `SELECT id FROM offices WHERE name = $1`, name).Scan(&id); err != nil {
		t.Fatalf("office %s: %v", name, err)
	}
	return id
}

// auditActions lists the actions audited about tool id with object type "tool", oldest first.
func auditActions(t *testing.T, e env, id int64) []string {
	t.Helper()
	rows, err := e.s.History(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, r := range rows {
		if r.ObjectType != "tool" || r.ObjectID != id {
			t.Fatalf("history row of another object: %+v", r)
		}
		out = append(out, r.Action)
	}
	return out
}

func TestCreate(t *testing.T) {
	e := setup(t)
	topic := addTopic(t, e, e.zam, "Rozvody")
	id, err := e.s.Create(ctx, e.p.guide, nest.ToolInput{Name: "  Karty rodičovských dovedností ", Kind: nest.KindTool,
		TopicID: topic, Summary: " Karty pro rozhovor. ", Body: "Sada karet.", Origins: []int64{e.zam, e.ct, e.zam}})
	if err != nil {
		t.Fatal(err)
	}
	tl, err := e.s.Tool(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	if tl.Name != "Karty rodičovských dovedností" || tl.Summary != "Karty pro rozhovor." || tl.Kind != nest.KindTool ||
		tl.Maturity != nest.Idea || tl.Version != 1 || tl.RegionID != e.p.guide.RegionID || tl.CreatedBy != e.p.guide.ID ||
		tl.TopicID == nil || *tl.TopicID != topic || tl.TopicTitle != "Rozvody" {
		t.Fatalf("stored tool: %+v", tl)
	}
	if !slices.Equal(tl.OriginNames, []string{"Městský úřad Česká Třebová", "Městský úřad Žamberk"}) || !tl.IsOrigin(e.ct) || !tl.IsOrigin(e.zam) {
		t.Fatalf("origins: %v %v", tl.OriginIDs, tl.OriginNames)
	}
	if got := auditActions(t, e, id); !slices.Equal(got, []string{"tool.create"}) {
		t.Fatalf("audit: %v", got)
	}

	// A caseworker names their own office.
	own, err := e.s.Create(ctx, e.p.lans, nest.ToolInput{Name: "Intervize v týmu", Kind: nest.KindRitual, Origins: []int64{e.lans}})
	if err != nil {
		t.Fatal(err)
	}
	if tl, _ := e.s.Tool(ctx, own); !slices.Equal(tl.OriginIDs, []int64{e.lans}) {
		t.Fatalf("own origin: %v", tl.OriginIDs)
	}
	// The same name in another region is another tool.
	if _, err := e.s.Create(ctx, e.p.metodikJM, nest.ToolInput{Name: "Karty rodičovských dovedností", Kind: nest.KindTool,
		Origins: []int64{e.slap}}); err != nil {
		t.Fatalf("same name in JMK: %v", err)
	}
}

func TestCreateInvalid(t *testing.T) {
	e := setup(t)
	e.tool(t, "Karty rodičovských dovedností")
	zamTopic := addTopic(t, e, e.zam, "Rozvody")
	lansTopic := addTopic(t, e, e.lans, "Já, OSPOĎák")
	var partner int64
	if err := e.pool.QueryRow(ctx, `INSERT INTO offices (region_id, kind, name, municipality) VALUES (9, 'partner', 'Centrum pro rodinu', 'Pardubice') RETURNING id`).
		Scan(&partner); err != nil {
		t.Fatal(err)
	}
	good := func() nest.ToolInput {
		return nest.ToolInput{Name: "Formát porady", Kind: nest.KindRitual, Summary: "Porada za 30 minut.", Body: "Postup.", Origins: []int64{e.zam}}
	}
	cases := []struct {
		name       string
		u          *auth.User
		edit       func(*nest.ToolInput)
		field, key string
	}{
		{"empty name", e.p.guide, func(in *nest.ToolInput) { in.Name = "   " }, "name", "err.required"},
		{"long name", e.p.guide, func(in *nest.ToolInput) { in.Name = strings.Repeat("a", 201) }, "name", "nest.err.too_long"},
		{"bad kind", e.p.guide, func(in *nest.ToolInput) { in.Kind = "gadget" }, "kind", "nest.err.kind"},
		{"empty kind", e.p.guide, func(in *nest.ToolInput) { in.Kind = "" }, "kind", "nest.err.kind"},
		{"no origins", e.p.guide, func(in *nest.ToolInput) { in.Origins = nil }, "origins", "nest.err.origins_required"},
		{"origin in another region", e.p.guide, func(in *nest.ToolInput) { in.Origins = []int64{e.zam, e.slap} }, "origins", "nest.err.origins_region"},
		{"regional office", e.p.guide, func(in *nest.ToolInput) { in.Origins = []int64{e.kuPAK} }, "origins", "nest.err.origins_region"},
		{"partner office", e.p.guide, func(in *nest.ToolInput) { in.Origins = []int64{partner} }, "origins", "nest.err.origins_region"},
		{"no such office", e.p.guide, func(in *nest.ToolInput) { in.Origins = []int64{999999} }, "origins", "nest.err.origins_region"},
		{"caseworker names another office", e.p.lans, func(in *nest.ToolInput) { in.Origins = []int64{e.zam} }, "origins", "nest.err.origins_own"},
		{"caseworker names own and another", e.p.lans, func(in *nest.ToolInput) { in.Origins = []int64{e.lans, e.zam} }, "origins", "nest.err.origins_own"},
		{"JMK methodologist names PAK office", e.p.metodikJM, func(in *nest.ToolInput) { in.Origins = []int64{e.zam} }, "origins", "nest.err.origins_region"},
		{"birth number in body", e.p.guide, func(in *nest.ToolInput) { in.Body = "Vyzkoušeno s rodinou, dítě 855612/1234." }, "body", "nest.err.pii"},
		{"birth date in body", e.p.guide, func(in *nest.ToolInput) { in.Body = "Chlapec nar. 3. 5. 2015 reagoval dobře." }, "body", "nest.err.pii"},
		{"birth number in summary", e.p.guide, func(in *nest.ToolInput) { in.Summary = "RČ 855612/1234" }, "summary", "nest.err.pii"},
		{"birth number in name", e.p.guide, func(in *nest.ToolInput) { in.Name = "Karta 855612/1234" }, "name", "nest.err.pii"},
		{"long body", e.p.guide, func(in *nest.ToolInput) { in.Body = strings.Repeat("slovo ", 7000) }, "body", "nest.err.too_long"},
		{"duplicate name", e.p.guide, func(in *nest.ToolInput) { in.Name = "  KARTY RODIČOVSKÝCH DOVEDNOSTÍ " }, "name", "nest.err.name_taken"},
		{"duplicate name by a caseworker", e.p.lans, func(in *nest.ToolInput) {
			in.Name, in.Origins = "karty rodičovských dovedností", []int64{e.lans}
		}, "name", "nest.err.name_taken"},
		{"topic of no origin", e.p.guide, func(in *nest.ToolInput) { in.TopicID = lansTopic }, "topic", "nest.err.topic"},
		{"no such topic", e.p.guide, func(in *nest.ToolInput) { in.TopicID = 999999 }, "topic", "nest.err.topic"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			before := takeSnap(t, e)
			in := good()
			c.edit(&in)
			id, err := e.s.Create(ctx, c.u, in)
			mustInvalid(t, err, c.field, c.key)
			if id != 0 {
				t.Errorf("id %d returned with an error", id)
			}
			sameSnap(t, e, before)
		})
	}
	// The good input is good, with the topic of its origin.
	in := good()
	in.TopicID = zamTopic
	if _, err := e.s.Create(ctx, e.p.guide, in); err != nil {
		t.Fatal(err)
	}
	// Without a region nobody creates.
	if _, err := e.s.Create(ctx, &auth.User{ID: e.p.guide.ID, Roles: []auth.Role{auth.Guide}}, good()); !errors.Is(err, app.ErrForbidden) {
		t.Fatalf("no region: %v", err)
	}
	if _, err := e.s.Create(ctx, nil, good()); !errors.Is(err, app.ErrForbidden) {
		t.Fatalf("nil user: %v", err)
	}
}

func TestUpdate(t *testing.T) {
	e := setup(t)
	id := e.tool(t, "Karty rodičovských dovedností")
	other := e.tool(t, "Intervize")
	topic := addTopic(t, e, e.zam, "Rozvody")

	// The staff of the origin office edit.
	in := nest.ToolInput{Name: "Karty dovedností", Kind: nest.KindTechnique, TopicID: topic, Summary: "Nové shrnutí.",
		Body: "Nový popis.", Origins: []int64{e.zam}, Version: 1}
	if err := e.s.Update(ctx, e.p.headZam, id, in); err != nil {
		t.Fatal(err)
	}
	tl, _ := e.s.Tool(ctx, id)
	if tl.Name != "Karty dovedností" || tl.Kind != nest.KindTechnique || tl.Body != "Nový popis." || tl.Version != 2 ||
		tl.TopicID == nil || *tl.TopicID != topic || !slices.Equal(tl.OriginIDs, []int64{e.zam}) {
		t.Fatalf("updated: %+v", tl)
	}
	if got := auditActions(t, e, id); !slices.Equal(got, []string{"tool.create", "tool.edit"}) {
		t.Fatalf("audit: %v", got)
	}

	// Another office's caseworker, a JMK methodologist and a coordinator may not; a stale form is refused.
	in.Version = 2
	for _, u := range []*auth.User{e.p.lans, e.p.pard, e.p.slap, e.p.metodikJM, e.p.coord, nil} {
		before := takeSnap(t, e)
		if err := e.s.Update(ctx, u, id, in); !errors.Is(err, app.ErrForbidden) {
			t.Errorf("user %v: want forbidden, got %v", u, err)
		}
		sameSnap(t, e, before)
	}
	before := takeSnap(t, e)
	stale := in
	stale.Version = 1
	stale.Name = "Jiný název"
	if err := e.s.Update(ctx, e.p.guide, id, stale); !errors.Is(err, nest.ErrStale) {
		t.Fatalf("stale: %v", err)
	}
	sameSnap(t, e, before)
	if err := e.s.Update(ctx, e.p.guide, 999999, in); !errors.Is(err, app.ErrNotFound) {
		t.Fatalf("missing tool: %v", err)
	}

	// Invalid edits store nothing.
	for _, c := range []struct {
		edit       func(*nest.ToolInput)
		field, key string
	}{
		{func(in *nest.ToolInput) { in.Name = "INTERVIZE" }, "name", "nest.err.name_taken"},
		{func(in *nest.ToolInput) { in.Name = "" }, "name", "err.required"},
		{func(in *nest.ToolInput) { in.Body = "Matka nar. 3. 5. 2015" }, "body", "nest.err.pii"},
		{func(in *nest.ToolInput) { in.Kind = "gadget" }, "kind", "nest.err.kind"},
		{func(in *nest.ToolInput) { in.Origins = []int64{e.slap} }, "origins", "nest.err.origins_region"},
		{func(in *nest.ToolInput) { in.Origins = []int64{e.lans}; in.TopicID = topic }, "topic", "nest.err.topic"},
	} {
		before := takeSnap(t, e)
		bad := in
		c.edit(&bad)
		mustInvalid(t, e.s.Update(ctx, e.p.guide, id, bad), c.field, c.key)
		sameSnap(t, e, before)
	}

	// A guide changes the origins; an origin office's caseworker naming another office only is refused.
	in.Origins = []int64{e.zam, e.lans}
	if err := e.s.Update(ctx, e.p.guide, id, in); err != nil {
		t.Fatal(err)
	}
	before = takeSnap(t, e)
	bad := in
	bad.Version = 3
	bad.Origins = []int64{e.pard}
	mustInvalid(t, e.s.Update(ctx, e.p.lans, id, bad), "origins", "nest.err.origins_own")
	sameSnap(t, e, before)
	if got := auditActions(t, e, other); !slices.Equal(got, []string{"tool.create"}) {
		t.Fatalf("other tool's audit: %v", got)
	}
	if got := auditActions(t, e, id); !slices.Equal(got, []string{"tool.create", "tool.edit", "tool.edit"}) {
		t.Fatalf("audit: %v", got)
	}
}

// The staff of one origin office name only their own office (the form sends just that): the
// tool keeps its other origins when they edit it.
func TestUpdateKeepsOtherOrigins(t *testing.T) {
	e := setup(t)
	ctTopic := addTopic(t, e, e.ct, "Vyhodnocení bezpečí dítěte")
	id, err := e.s.Create(ctx, e.p.guide, nest.ToolInput{Name: "Mapa bezpečí", Kind: nest.KindProcess, TopicID: ctTopic,
		Body: "Postup.", Origins: []int64{e.zam, e.ct}})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"Městský úřad Česká Třebová", "Městský úřad Žamberk"}
	// As the web form sends it for staff: their own office only.
	in := nest.ToolInput{Name: "Mapa bezpečí dítěte", Kind: nest.KindProcess, TopicID: ctTopic, Body: "Postup 2.",
		Origins: []int64{e.zam}, Version: 1}
	if err := e.s.Update(ctx, e.p.headZam, id, in); err != nil {
		t.Fatal(err)
	}
	tl, _ := e.s.Tool(ctx, id)
	if tl.Name != "Mapa bezpečí dítěte" || !slices.Equal(tl.OriginNames, want) {
		t.Fatalf("after an edit by Žamberk: %q, origins %v", tl.Name, tl.OriginNames)
	}
	// Sending every origin as it is also keeps them.
	in.Origins, in.Version = []int64{e.ct, e.zam}, tl.Version
	if err := e.s.Update(ctx, e.p.headCT, id, in); err != nil {
		t.Fatal(err)
	}
	if tl, _ = e.s.Tool(ctx, id); !slices.Equal(tl.OriginNames, want) || tl.Version != 3 {
		t.Fatalf("after an edit by Česká Třebová: %v v%d", tl.OriginNames, tl.Version)
	}
}

// Parallel creates of one name and parallel edits of one version: one of each goes through.
func TestToolConcurrent(t *testing.T) {
	e := setup(t)
	const n = 8
	errs := make([]error, n)
	run := func(f func(i int) error) (ok int) {
		start := make(chan struct{})
		var wg sync.WaitGroup
		for i := range n {
			wg.Add(1)
			go func() {
				defer wg.Done()
				<-start
				errs[i] = f(i)
			}()
		}
		close(start)
		wg.Wait()
		for _, err := range errs {
			if err == nil {
				ok++
			}
		}
		return ok
	}
	ok := run(func(i int) error {
		_, err := e.s.Create(ctx, e.p.guide, nest.ToolInput{Name: []string{"Intervize", "INTERVIZE"}[i%2], Kind: nest.KindRitual,
			Origins: []int64{e.zam}})
		return err
	})
	for _, err := range errs {
		if err != nil {
			mustInvalid(t, err, "name", "nest.err.name_taken")
		}
	}
	var tools, audits int
	if err := e.pool.QueryRow(ctx, `SELECT (SELECT count(*) FROM tools), (SELECT count(*) FROM audit_log WHERE action = 'tool.create')`).
		Scan(&tools, &audits); err != nil {
		t.Fatal(err)
	}
	if ok != 1 || tools != 1 || audits != 1 {
		t.Fatalf("creates: %d went through, %d tools, %d audit entries", ok, tools, audits)
	}
	var id int64
	if err := e.pool.QueryRow(ctx, `SELECT id FROM tools`).Scan(&id); err != nil {
		t.Fatal(err)
	}
	ok = run(func(i int) error {
		return e.s.Update(ctx, e.p.headZam, id, nest.ToolInput{Name: fmt.Sprintf("Intervize %d", i), Kind: nest.KindRitual,
			Origins: []int64{e.zam}, Version: 1})
	})
	for _, err := range errs {
		if err != nil && !errors.Is(err, nest.ErrStale) {
			t.Errorf("unexpected error: %v", err)
		}
	}
	if ok != 1 || e.version(t, id) != 2 || len(auditActions(t, e, id)) != 2 {
		t.Fatalf("updates: %d went through, version %d", ok, e.version(t, id))
	}
}

// TestOriginsFrozenFromPilot: from piloting on the origin decides whose use is evidence from
// elsewhere, so a guide cannot move it to make the origin's own use count.
func TestOriginsFrozenFromPilot(t *testing.T) {
	e := setup(t)
	id := e.piloting(t, "Karty pro zamrzlý původ")
	tl, _ := e.s.Tool(ctx, id)
	in := nest.ToolInput{Name: tl.Name, Kind: tl.Kind, Summary: tl.Summary, Body: tl.Body, Origins: []int64{e.ct}, Version: tl.Version}
	err := e.s.Update(ctx, e.p.guide, id, in)
	var bad app.Invalid
	if !errors.As(err, &bad) || bad["origins"] != "nest.err.origins_frozen" {
		t.Fatalf("moving the origin of a piloted tool: %v", err)
	}
	if got, _ := e.s.Tool(ctx, id); len(got.OriginIDs) != 1 || got.OriginIDs[0] != e.zam || got.Version != tl.Version {
		t.Fatalf("origins changed: %+v", got)
	}
	// A prototype's origin can still be corrected, and the audit says from what to what.
	proto := e.tool(t, "Karty s opraveným původem")
	e.promote(t, e.p.guide, proto, nest.Prototype)
	tp, _ := e.s.Tool(ctx, proto)
	in = nest.ToolInput{Name: tp.Name, Kind: tp.Kind, Summary: tp.Summary, Body: tp.Body, Origins: []int64{e.ct}, Version: tp.Version}
	if err := e.s.Update(ctx, e.p.guide, proto, in); err != nil {
		t.Fatal(err)
	}
	var detail string
	if err := e.pool.QueryRow(ctx, `SELECT detail::text FROM audit_log WHERE object_type = 'tool' AND object_id = $1 AND action = 'tool.edit'`, proto).Scan(&detail); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(detail, "origins_from") || !strings.Contains(detail, "origins_to") {
		t.Fatalf("audit detail %s", detail)
	}
}
