package nest_test

import (
	"bytes"
	"encoding/csv"
	"errors"
	"slices"
	"strings"
	"testing"

	"hnizdo.cz/hnizdo/internal/app"
	"hnizdo.cz/hnizdo/internal/auth"
	"hnizdo.cz/hnizdo/internal/nest"
)

// spreadWorld is the tools of the matrix tests:
//
//	cards   piloting, made at Žamberk: Žamberk tries it (2. 2.); offered to Lanškroun, Česká
//	        Třebová, Pardubice and Chrudim (10. 2.); Lanškroun tries (12. 2.) and adopts (20. 2.);
//	        Česká Třebová tries (15. 2.) and abandons (25. 2.), is offered again (27. 2.) and tries
//	        again (28. 2.); Chrudim adopts without trying (18. 2.); Lanškroun evaluates (27. 2.).
//	interv  prototype, made at Lanškroun: offered to Žamberk (11. 2.), which tries it (12. 2.).
//	idea    an idea of PAK: never a column.
//	plan    prototype of JMK (Šlapanice), offered by the PAK guide to Pardubice (16. 2.).
//	round   prototype of JMK (Šlapanice), tried at Šlapanice: no PAK adoption.
//	old     retired PAK tool, never offered.
type spreadWorld struct {
	cards, interv, idea, plan, round, old int64
}

func jmkTool(t *testing.T, e env, name string) int64 {
	t.Helper()
	id, err := e.s.Create(ctx, e.p.metodikJM, nest.ToolInput{Name: name, Kind: nest.KindRitual,
		Body: "Postup krok za krokem.", Origins: []int64{e.slap}})
	if err != nil {
		t.Fatalf("create %s: %v", name, err)
	}
	e.promote(t, e.p.metodikJM, id, nest.Prototype)
	return id
}

func offer(t *testing.T, e env, u *auth.User, tool int64, on int, offices ...int64) {
	t.Helper()
	if err := e.s.Offer(ctx, u, tool, offices, date(2026, 2, on)); err != nil {
		t.Fatalf("offer tool %d: %v", tool, err)
	}
}

func step(t *testing.T, e env, u *auth.User, tool, office int64, a nest.Action, on int) {
	t.Helper()
	st := nest.Step{Tool: tool, Office: office, Action: a, On: date(2026, 2, on)}
	if a == nest.Adopt || a == nest.Abandon || a == nest.Evaluate {
		st.Report, st.Rating = "Tým s nástrojem pracuje na poradách.", 4
	}
	e.take(t, u, st)
}

func buildSpread(t *testing.T, e env) spreadWorld {
	t.Helper()
	var w spreadWorld
	w.cards = e.piloting(t, "Karty rodičovských dovedností")
	offer(t, e, e.p.guide, w.cards, 10, e.lans, e.ct, e.pard, e.chrud)
	step(t, e, e.p.lans, w.cards, e.lans, nest.Trial, 12)
	step(t, e, e.p.headCT, w.cards, e.ct, nest.Trial, 15)
	step(t, e, e.p.chrud, w.cards, e.chrud, nest.Adopt, 18)
	step(t, e, e.p.lans, w.cards, e.lans, nest.Adopt, 20)
	step(t, e, e.p.headCT, w.cards, e.ct, nest.Abandon, 25)
	offer(t, e, e.p.metodik, w.cards, 27, e.ct)
	step(t, e, e.p.lans, w.cards, e.lans, nest.Evaluate, 27)
	step(t, e, e.p.headCT, w.cards, e.ct, nest.Trial, 28)

	id, err := e.s.Create(ctx, e.p.guide, nest.ToolInput{Name: "Intervize v týmu", Kind: nest.KindRitual,
		Body: "Jednou měsíčně společně probereme případ.", Origins: []int64{e.lans}})
	if err != nil {
		t.Fatal(err)
	}
	w.interv = id
	e.promote(t, e.p.guide, w.interv, nest.Prototype)
	offer(t, e, e.p.guide, w.interv, 11, e.zam)
	step(t, e, e.p.headZam, w.interv, e.zam, nest.Trial, 12)

	w.idea = e.tool(t, "Nápad na rituál")

	w.plan = jmkTool(t, e, "Rodičovský plán")
	offer(t, e, e.p.guide, w.plan, 16, e.pard)

	w.round = jmkTool(t, e, "Kulatý stůl")
	offer(t, e, e.p.metodikJM, w.round, 3, e.slap)
	step(t, e, e.p.slap, w.round, e.slap, nest.Trial, 4)

	w.old = e.tool(t, "Starý formulář")
	e.promote(t, e.p.guide, w.old, nest.Prototype)
	e.promote(t, e.p.metodik, w.old, nest.Retired)
	return w
}

// regionOffices lists the names of a region's ORP and district offices as the database sorts them.
func regionOffices(t *testing.T, e env, region int16) []string {
	t.Helper()
	rows, err := e.pool.Query(ctx, `SELECT name FROM offices WHERE region_id = $1 AND kind IN ('orp', 'district') ORDER BY name COLLATE "cs-CZ-x-icu", id`, region)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var names []string
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			t.Fatal(err)
		}
		names = append(names, n)
	}
	return names
}

func TestMatrixCounts(t *testing.T) {
	t.Parallel()
	e := setup(t)
	w := buildSpread(t, e)
	pak := e.p.guide.RegionID

	m, err := e.s.Matrix(ctx, pak)
	if err != nil {
		t.Fatal(err)
	}
	if m.RegionName != "Pardubický kraj" || m.RegionSlug != "PAK" {
		t.Errorf("region %q %q", m.RegionName, m.RegionSlug)
	}

	// Rows: the 15 ORP offices of PAK, by name; the pilots marked.
	var names, pilots []string
	for _, o := range m.Offices {
		names = append(names, o.Name)
		if o.Pilot {
			pilots = append(pilots, o.Name)
		}
	}
	if want := regionOffices(t, e, pak); len(names) != 15 || !slices.Equal(names, want) {
		t.Fatalf("offices %v, want the 15 of %v", names, want)
	}
	// Czech order: Č after C, Ch after H.
	if c, h, ch := slices.Index(names, "Městský úřad Česká Třebová"), slices.Index(names, "Městský úřad Hlinsko"),
		slices.Index(names, "Městský úřad Chrudim"); c > h || h > ch {
		t.Errorf("offices not in Czech order: %v", names)
	}
	want := []string{"Městský úřad Česká Třebová", "Městský úřad Lanškroun", "Městský úřad Žamberk"}
	slices.Sort(pilots)
	slices.Sort(want)
	if !slices.Equal(pilots, want) {
		t.Errorf("pilots %v, want %v", pilots, want)
	}

	// Columns: piloting, then the prototypes by name (the JMK tool adopted in PAK among them),
	// then the retired tool; no idea, no JMK tool without a PAK adoption.
	var cols []int64
	for _, c := range m.Tools {
		cols = append(cols, c.ID)
	}
	if want := []int64{w.cards, w.interv, w.plan, w.old}; !slices.Equal(cols, want) {
		t.Fatalf("columns %v, want %v (cards, interv, plan, old)", cols, want)
	}
	if m.Tools[2].RegionName != "Jihomoravský kraj" || m.Tools[3].Maturity != nest.Retired {
		t.Errorf("columns %+v", m.Tools)
	}

	// Cells.
	cells := map[[2]int64]nest.Stage{
		{e.zam, w.cards}: nest.Trialling, {e.lans, w.cards}: nest.Adopted, {e.ct, w.cards}: nest.Trialling,
		{e.pard, w.cards}: nest.Offered, {e.chrud, w.cards}: nest.Adopted,
		{e.zam, w.interv}: nest.Trialling, {e.pard, w.plan}: nest.Offered,
	}
	if len(m.Cells) != len(cells) {
		t.Errorf("%d cells, want %d: %v", len(m.Cells), len(cells), m.Cells)
	}
	for k, st := range cells {
		if got := m.Cell(k[0], k[1]); got != st {
			t.Errorf("cell office %d tool %d: %q, want %q", k[0], k[1], got, st)
		}
	}
	if m.Cell(e.lans, w.interv) != nest.NotOffered || m.Cell(e.slap, w.round) != nest.NotOffered {
		t.Error("a cell without an adoption row (or out of the matrix) is not NotOffered")
	}
	if !m.Origin(e.zam, w.cards) || !m.Origin(e.lans, w.interv) || m.Origin(e.lans, w.cards) || len(m.Origins) != 3 {
		// cards and old at Žamberk, interv at Lanškroun.
		t.Errorf("origins %v", m.Origins)
	}

	// Column counts: offices per stage; not offered = 15 − offices with a row.
	cols2 := map[int64]struct {
		c   nest.StageCounts
		not int
	}{
		w.cards:  {nest.StageCounts{Offered: 1, Trialling: 2, Adopted: 2}, 10},
		w.interv: {nest.StageCounts{Trialling: 1}, 14},
		w.plan:   {nest.StageCounts{Offered: 1}, 14},
		w.old:    {nest.StageCounts{}, 15},
	}
	for _, c := range m.Tools {
		want := cols2[c.ID]
		if c.Counts != want.c || c.NotOffered != want.not || len(c.NotOfferedOffices) != want.not {
			t.Errorf("tool %s: %+v, not offered %d %v; want %+v, %d", c.Name, c.Counts, c.NotOffered, c.NotOfferedOffices, want.c, want.not)
		}
	}
	if got := m.Tools[3].NotOfferedOffices; !slices.Equal(got, names) {
		t.Errorf("the retired tool was offered to none, got not offered %v", got)
	}
	if got := m.Tools[0].NotOfferedOffices; slices.Contains(got, "Městský úřad Chrudim") || !slices.Contains(got, "Městský úřad Holice") {
		t.Errorf("cards not offered to %v", got)
	}

	// Row counts: tools per stage at the office, and the tools reached.
	rows := map[int64]struct {
		c       nest.StageCounts
		reached int
	}{
		e.zam:   {nest.StageCounts{Trialling: 2}, 2},
		e.lans:  {nest.StageCounts{Adopted: 1}, 1},
		e.ct:    {nest.StageCounts{Trialling: 1}, 1},
		e.pard:  {nest.StageCounts{Offered: 2}, 2},
		e.chrud: {nest.StageCounts{Adopted: 1}, 1},
	}
	sumReached, sumCols := 0, 0
	for _, o := range m.Offices {
		want := rows[o.ID]
		if o.Counts != want.c || o.Reached != want.reached {
			t.Errorf("office %s: %+v reached %d; want %+v reached %d", o.Name, o.Counts, o.Reached, want.c, want.reached)
		}
		sumReached += o.Reached
	}
	for _, c := range m.Tools {
		sumCols += c.Counts.Total()
		if c.Counts.Total()+c.NotOffered != len(m.Offices) {
			t.Errorf("tool %s: counts do not add up to the offices", c.Name)
		}
	}
	if sumReached != sumCols || sumReached != len(m.Cells) {
		t.Errorf("rows reach %d, columns %d, cells %d", sumReached, sumCols, len(m.Cells))
	}
	if got := m.Totals(); got != (nest.StageCounts{Offered: 2, Trialling: 3, Adopted: 2}) {
		t.Errorf("totals %+v", got)
	}
}

func TestMatrixRegions(t *testing.T) {
	t.Parallel()
	e := setup(t)
	w := buildSpread(t, e)

	// JMK: its own tools, whether or not PAK took them up; not PAK's.
	m, err := e.s.Matrix(ctx, e.p.metodikJM.RegionID)
	if err != nil {
		t.Fatal(err)
	}
	var cols []int64
	for _, c := range m.Tools {
		cols = append(cols, c.ID)
	}
	if want := []int64{w.round, w.plan}; !slices.Equal(cols, want) {
		t.Errorf("JMK columns %v, want %v (round, plan)", cols, want)
	}
	if want := regionOffices(t, e, e.p.metodikJM.RegionID); len(m.Offices) != len(want) || len(want) < 20 {
		t.Errorf("JMK: %d offices, want %d", len(m.Offices), len(want))
	}
	if m.Cell(e.slap, w.round) != nest.Trialling || m.Cell(e.pard, w.plan) != nest.NotOffered {
		t.Errorf("JMK cells %v", m.Cells)
	}
	// plan's Pardubice adoption is not JMK's: no JMK office has a row.
	if c := m.Tools[1]; c.Counts.Total() != 0 || c.NotOffered != len(m.Offices) {
		t.Errorf("plan in JMK: %+v not offered %d", c.Counts, c.NotOffered)
	}

	// A region without offices has an empty matrix; an unknown one is not found.
	m, err = e.s.Matrix(ctx, 1)
	if err != nil || len(m.Offices) != 0 || len(m.Tools) != 0 || m.RegionName != "Hlavní město Praha" {
		t.Errorf("Praha: %+v, %v", m, err)
	}
	if _, err := e.s.Matrix(ctx, 99); !errors.Is(err, app.ErrNotFound) {
		t.Errorf("region 99: %v, want ErrNotFound", err)
	}
}

func TestMatrixSpread(t *testing.T) {
	t.Parallel()
	e := setup(t)
	w := buildSpread(t, e)

	pts, err := e.s.Spread(ctx, w.cards)
	if err != nil {
		t.Fatal(err)
	}
	// Every office once per series: Česká Třebová's second offer and trial, and Lanškroun's
	// evaluation, change nothing; Chrudim adopted without trying, which counts as tried.
	want := []nest.SpreadPoint{
		{Day: date(2026, 2, 2), Offered: 1, Trialling: 1},
		{Day: date(2026, 2, 10), Offered: 5, Trialling: 1},
		{Day: date(2026, 2, 12), Offered: 5, Trialling: 2},
		{Day: date(2026, 2, 15), Offered: 5, Trialling: 3},
		{Day: date(2026, 2, 18), Offered: 5, Trialling: 4, Adopted: 1},
		{Day: date(2026, 2, 20), Offered: 5, Trialling: 4, Adopted: 2},
		{Day: date(2026, 2, 25), Offered: 5, Trialling: 4, Adopted: 2, Abandoned: 1},
		{Day: date(2026, 3, 2), Offered: 5, Trialling: 4, Adopted: 2, Abandoned: 1}, // today
	}
	if !slices.EqualFunc(pts, want, func(a, b nest.SpreadPoint) bool {
		return a.Day.Equal(b.Day) && a.Offered == b.Offered && a.Trialling == b.Trialling && a.Adopted == b.Adopted && a.Abandoned == b.Abandoned
	}) {
		t.Errorf("spread\n got %+v\nwant %+v", pts, want)
	}

	// A tool whose last change is today gets no extra point; a tool never offered has none.
	if err := e.s.Offer(ctx, e.p.guide, w.interv, []int64{e.pard}, date(2026, 3, 2)); err != nil {
		t.Fatal(err)
	}
	pts, err = e.s.Spread(ctx, w.interv)
	if err != nil {
		t.Fatal(err)
	}
	if len(pts) != 3 || !pts[2].Day.Equal(date(2026, 3, 2)) || pts[2].Offered != 2 || pts[0].Offered != 1 || pts[1].Trialling != 1 {
		t.Errorf("interv spread %+v", pts)
	}
	if pts, err := e.s.Spread(ctx, w.old); err != nil || len(pts) != 0 {
		t.Errorf("old spread %+v, %v", pts, err)
	}
	if _, err := e.s.Spread(ctx, 987654); !errors.Is(err, app.ErrNotFound) {
		t.Errorf("unknown tool: %v", err)
	}
}

func TestMatrixCSV(t *testing.T) {
	t.Parallel()
	e := setup(t)
	buildSpread(t, e)
	m, err := e.s.Matrix(ctx, e.p.guide.RegionID)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := nest.WriteMatrixCSV(&buf, m, "cs"); err != nil {
		t.Fatal(err)
	}
	body, ok := strings.CutPrefix(buf.String(), "\uFEFF")
	if !ok || !strings.Contains(body, "\r\n") {
		t.Fatal("no byte order mark or no CRLF")
	}
	r := csv.NewReader(strings.NewReader(body))
	r.Comma = ';'
	recs, err := r.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) != 1+len(m.Offices) {
		t.Fatalf("%d records", len(recs))
	}
	head := recs[0]
	if want := []string{"Úřad", "Pilotní úřad", "Karty rodičovských dovedností", "Intervize v týmu", "Rodičovský plán", "Starý formulář",
		"Používá", "Zkouší", "Nabídnuto", "Opuštěno", "Nástrojů celkem"}; !slices.Equal(head, want) {
		t.Fatalf("head %q", head)
	}
	byOffice := map[string][]string{}
	for _, rec := range recs[1:] {
		byOffice[rec[0]] = rec
	}
	for office, want := range map[string][]string{
		"Městský úřad Žamberk":     {"Městský úřad Žamberk", "ano", "zkouší", "zkouší", "", "", "0", "2", "0", "0", "2"},
		"Městský úřad Lanškroun":   {"Městský úřad Lanškroun", "ano", "používá", "", "", "", "1", "0", "0", "0", "1"},
		"Magistrát města Pardubic": {"Magistrát města Pardubic", "ne", "nabídnuto", "", "nabídnuto", "", "0", "0", "2", "0", "2"},
		"Městský úřad Holice":      {"Městský úřad Holice", "ne", "", "", "", "", "0", "0", "0", "0", "0"},
	} {
		if got := byOffice[office]; !slices.Equal(got, want) {
			t.Errorf("%s: %q, want %q", office, got, want)
		}
	}
}
