package scale

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/jackc/pgx/v5"

	"hnizdo.cz/hnizdo/internal/oversight"
	"hnizdo.cz/hnizdo/internal/pii"
	"hnizdo.cz/hnizdo/internal/workday"
)

// inspectionBatch is how many inspections one goroutine writes, with their team, checklist,
// objections and measures.
const inspectionBatch = 500

// Streams of random choices: the plan of every inspection comes from one stream, so that the
// finding counts add up exactly whatever the batches; the texts of batch b from 4001+b; the
// visits are planned from 3998 and written from 3999.
const (
	streamOversight = 4000
	streamVisits    = 3998
)

// The first year of generated oversight: the regions took over the standards' inspections
// in their present form around then.
const oversightFrom = 2016

var thematicSubjects = []string{
	"Dohody o výkonu pěstounské péče a kontrola jejich plnění",
	"Kurátor pro děti a mládež: účast při úkonech policie a spolupráce s Probační a mediační službou",
	"Vyřizování stížností a jejich evidence",
	"Kontakt dítěte v pěstounské péči s rodiči a asistovaný kontakt",
	"Individuální plány ochrany dítěte a jejich vyhodnocování",
	"Případové konference: kdy se svolávají a jak se zapisují",
	"Zaškolování nových pracovníků a mentoring",
	"Posuzování naléhavosti oznámení a první kontakt s rodinou",
	"Spisová dokumentace a elektronická evidence",
	"Spolupráce se školami a poskytovateli sociálních služeb",
	"Děti umístěné v zařízeních: pravidelné návštěvy a kontakt s rodinou",
	"Předběžná opatření a rychlá reakce na ohrožení dítěte",
	"Práce s rodinou při rozvodu a rozchodu rodičů",
	"Vedení a kontrola případů vedoucím OSPOD",
}

var inspectionCancels = []string{
	"Dlouhodobá pracovní neschopnost vedoucí OSPOD; kontrola se přesouvá do dalšího roku.",
	"Úřad prochází reorganizací odboru; kontrola proběhne po jejím dokončení.",
	"Nahrazeno mimořádnou kontrolou na základě podnětu.",
	"Kapacita kontrolní skupiny: přednost dostaly kontroly s opakovanými zjištěními.",
	"Metodická návštěva ukázala, že kontrola v plánovaném rozsahu není nyní účelná.",
}

var measureVerbs = []string{"Zpracovat", "Doplnit", "Upravit", "Zajistit", "Zavést", "Projednat", "Aktualizovat", "Proškolit"}

type checkCriterion struct {
	id       int16
	assessed bool
}

// genInspection is an inspection with everything but its texts, which each batch makes.
type genInspection struct {
	region                                                         int16
	office                                                         int // index into l.offices
	year, quarter                                                  int
	kind, subject, state                                           string
	notice, from, to, protocol, delivered, objDue, decided, closed time.Time // zero: NULL
	objDays                                                        int
	team                                                           []int // user indexes
	created, updated                                               time.Time
	version                                                        int
	findings                                                       []genFinding
	objections                                                     []genObjection
	measures                                                       []genMeasure
	// The days the procedure reaches its later steps; used while planning.
	enterMeasures, closeDay time.Time
}

type genFinding struct {
	criterion int16
	rating    string
	by        int // user index
	at        time.Time
}

type genObjection struct {
	finding    int // index into the inspection's findings; -1: the whole protocol
	filed      time.Time
	recordedBy int
	decided    time.Time // zero: not yet decided
	decision   string
	decidedBy  int
}

type genMeasure struct {
	finding     int // index into the inspection's findings
	responsible int
	createdBy   int
	createdDay  time.Time
	created     time.Time
	due         time.Time
	state       string
	reportedAt  time.Time
	reportedBy  int
	returned    bool
	verifiedAt  time.Time
	verifiedBy  int
	version     int
}

// oversightCtx is what planning inspections needs to know about the offices and people.
type oversightCtx struct {
	today    time.Time
	offices  []int            // municipal offices with staff and a region with methodologists
	meths    map[int16][]int  // methodologists by region
	staff    map[int][]int    // users by office index
	heads    map[int][]int    // heads by office index
	criteria []checkCriterion // in the checklist's order
	years    []int            // the years inspections fall in
	yearCum  []int            // cumulative weights of years
	notesFor func(g *gen) any // published notes to cite
}

// loadOversight writes s.Inspections inspections of the municipal offices from 2016 to next
// year's plan, each in the state its dates put it in today, with exactly s.Findings
// assessments (findings) in their checklists, objections, remedial measures from most of the
// shortcomings, and methodological visits with follow-ups.
func (l *loader) loadOversight(ctx context.Context) error {
	o, err := l.oversightCtx(ctx)
	if err != nil {
		return err
	}
	if len(o.offices) == 0 {
		if l.s.Inspections > 0 || l.s.Findings > 0 {
			return fmt.Errorf("no municipal office with staff in a region with methodologists")
		}
		return nil
	}
	g := newGen(l.s.Seed, streamOversight)
	ins := make([]genInspection, l.s.Inspections)
	for i := range ins {
		ins[i] = l.planInspection(g, o)
	}
	if err := allocateFindings(g, o, ins, l.s.Findings); err != nil {
		return err
	}
	for i := range ins {
		l.planChecklist(g, o, &ins[i])
	}
	visits := l.planVisits(newGen(l.s.Seed, streamVisits), o)
	tables := []string{"inspections", "findings", "objections", "measures", "visits", "visit_followups"}
	others := []string{"inspection_team", "visit_notes"}
	return l.withoutForeignKeys(ctx, append(others, tables...), func() error {
		return l.bulk(ctx, tables, func(next map[string]int64) error { return l.writeOversight(ctx, o, ins, visits, next) })
	})
}

// writeOversight writes the planned inspections and visits with ids from next on.
func (l *loader) writeOversight(ctx context.Context, o *oversightCtx, ins []genInspection, visits []genVisit, next map[string]int64) error {
	{
		// Every row's id is known before any is written, so batches write in parallel.
		firstFinding := make([]int64, len(ins)+1)
		firstObjection := make([]int64, len(ins)+1)
		firstMeasure := make([]int64, len(ins)+1)
		firstFinding[0], firstObjection[0], firstMeasure[0] = next["findings"], next["objections"], next["measures"]
		for i := range ins {
			firstFinding[i+1] = firstFinding[i] + int64(len(ins[i].findings))
			firstObjection[i+1] = firstObjection[i] + int64(len(ins[i].objections))
			firstMeasure[i+1] = firstMeasure[i] + int64(len(ins[i].measures))
		}
		ids := inspectionIDs{inspection: next["inspections"], finding: firstFinding, objection: firstObjection, measure: firstMeasure}
		batches := (len(ins) + inspectionBatch - 1) / inspectionBatch
		err := parallel(ctx, batches+1, func(ctx context.Context, b int) error {
			if b == batches {
				return l.writeVisits(ctx, newGen(l.s.Seed, streamVisits+1), o, visits, next["visits"], next["visit_followups"])
			}
			lo, hi := b*inspectionBatch, min(len(ins), (b+1)*inspectionBatch)
			return l.writeInspections(ctx, newGen(l.s.Seed, uint64(streamOversight+1+b)), ins, lo, hi, ids)
		})
		return err
	}
}

// oversightCtx reads the criteria and sorts the offices and people inspections need.
func (l *loader) oversightCtx(ctx context.Context) (*oversightCtx, error) {
	o := &oversightCtx{today: oversight.Today(l.now), meths: map[int16][]int{}, staff: map[int][]int{}, heads: map[int][]int{}}
	rows, err := l.pool.Query(ctx, `SELECT id, assessed FROM criteria ORDER BY standard_id, position, id`)
	if err != nil {
		return nil, fmt.Errorf("criteria: %w", err)
	}
	o.criteria, err = pgx.CollectRows(rows, func(r pgx.CollectableRow) (checkCriterion, error) {
		var c checkCriterion
		return c, r.Scan(&c.id, &c.assessed)
	})
	if err != nil {
		return nil, fmt.Errorf("criteria: %w", err)
	}
	for _, r := range l.regions {
		o.meths[r] = l.usersWith("methodologist", r)
	}
	for i, off := range l.offices {
		if off.kind != "orp" && off.kind != "district" {
			continue
		}
		for _, u := range l.byOffice[off.id] {
			o.staff[i] = append(o.staff[i], u)
			if userHas(l.users[u], "head") {
				o.heads[i] = append(o.heads[i], u)
			}
		}
		if len(o.staff[i]) > 0 && len(o.meths[off.region]) > 0 {
			o.offices = append(o.offices, i)
		}
	}
	// Most inspections are history; this year's plan is a little fuller and next year's has
	// only begun.
	cy := o.today.Year()
	total := 0
	for y := oversightFrom; y <= cy+1; y++ {
		w := 10
		switch y {
		case cy:
			w = 14
		case cy + 1:
			w = 3
		}
		total += w
		o.years, o.yearCum = append(o.years, y), append(o.yearCum, total)
	}
	o.notesFor = func(g *gen) any {
		if len(l.notes) == 0 {
			return nil
		}
		return l.notes[g.rnd.IntN(len(l.notes))]
	}
	return o, nil
}

// userHas reports whether u has role.
func userHas(u user, role string) bool {
	for _, r := range u.roles {
		if r == role {
			return true
		}
	}
	return false
}

// civil is midnight UTC of a calendar date, the form dates have in the app.
func civil(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

// shiftDays is t moved by n calendar days.
func shiftDays(t time.Time, n int) time.Time { return t.AddDate(0, 0, n) }

// dateIn is a random date in [from, to] (from when to is earlier).
func (g *gen) dateIn(from, to time.Time) time.Time {
	n := int(to.Sub(from).Hours() / 24)
	if n <= 0 {
		return from
	}
	return shiftDays(from, g.rnd.IntN(n+1))
}

// onWorkingDay is d or the next working day.
func onWorkingDay(d time.Time) time.Time {
	for !workday.IsWorkingDay(d) {
		d = shiftDays(d, 1)
	}
	return d
}

// officeHours is a moment in the office hours of day d, never after now.
func (l *loader) officeHours(g *gen, d time.Time) time.Time {
	t := d.Add(7*time.Hour + time.Duration(g.rnd.IntN(9*3600))*time.Second)
	if t.After(l.now) {
		return l.now
	}
	return t
}

// latest is the later of a and b.
func latest(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

// pct is true percent times in a hundred.
func (g *gen) pct(percent int) bool { return g.rnd.IntN(100) < percent }

// nameLike holds the vocabulary's words that the personal-data guard takes for a first name
// when capitalised (the vocabulary comes from texts about people: Lucie, Martina…), lower case.
var nameLike = sync.OnceValue(func() map[string]bool {
	m := map[string]bool{}
	for _, w := range Words() {
		for _, t := range strings.FieldsFunc(w.Form, func(r rune) bool { return !unicode.IsLetter(r) }) {
			t = strings.ToLower(t)
			if _, done := m[t]; !done {
				m[t] = len(pii.Scan(title(t)+" dítě")) > 0
			}
		}
	}
	return m
})

// nameless makes text with mk until no capitalised word of it looks like a first name, which
// the forms' personal-data guard would refuse next to a word such as "dítě" or "rodiče".
func nameless(mk func() string) string {
	names := nameLike()
	var s string
	for range 20 {
		s = mk()
		clean := true
		for _, t := range strings.FieldsFunc(s, func(r rune) bool { return !unicode.IsLetter(r) }) {
			if r, _ := utf8.DecodeRuneInString(t); unicode.IsUpper(r) && names[strings.ToLower(t)] {
				clean = false
				break
			}
		}
		if clean {
			return s
		}
	}
	return s
}

// cleanParagraph is g's paragraph of n sentences without anything that looks like a name.
func (g *gen) cleanParagraph(n int) string {
	return nameless(func() string { return g.text.paragraph(n) })
}

// cleanPhrase is g's phrase of n words without anything that looks like a name.
func (g *gen) cleanPhrase(n int) string { return nameless(func() string { return g.text.phrase(n) }) }

// planInspection makes one inspection's dates from its plan quarter and puts it in the state
// those dates reach by today.
func (l *loader) planInspection(g *gen, o *oversightCtx) genInspection {
	oi := o.offices[g.rnd.IntN(len(o.offices))]
	in := genInspection{office: oi, region: l.offices[oi].region, year: o.years[pick(g.rnd, o.yearCum)], quarter: 1 + g.rnd.IntN(4)}
	switch x := g.rnd.IntN(100); {
	case x < 30:
		in.kind = string(oversight.Standards)
	case x < 80:
		in.kind = string(oversight.Thematic)
		in.subject = thematicSubjects[g.rnd.IntN(len(thematicSubjects))]
	default:
		in.kind = string(oversight.Followup)
		in.subject = fmt.Sprintf("Plnění opatření k nápravě z kontroly v roce %d", in.year-1-g.rnd.IntN(2))
	}
	meths := o.meths[in.region]
	for _, k := range g.sample(len(meths), 1+g.rnd.IntN(min(3, len(meths)))) {
		in.team = append(in.team, meths[k])
	}
	today := o.today
	qStart := civil(in.year, time.Month(3*in.quarter-2), 1)
	qEnd := shiftDays(civil(in.year, time.Month(3*in.quarter+1), 1), -1)
	in.from = onWorkingDay(g.dateIn(shiftDays(qStart, 5), shiftDays(qEnd, -12)))
	in.notice = shiftDays(in.from, -(7 + g.rnd.IntN(20)))
	in.to = in.from
	for k := g.rnd.IntN(3); k > 0; k-- {
		in.to = onWorkingDay(shiftDays(in.to, 1))
	}
	in.protocol = shiftDays(in.to, 5+g.rnd.IntN(24))
	in.delivered = shiftDays(in.protocol, 1+g.rnd.IntN(7))
	in.objDays = 15
	if g.pct(10) {
		in.objDays = 30
	}
	in.objDue = workday.Rule{Days: in.objDays, Move: true}.Due(in.delivered)
	in.decided = shiftDays(in.objDue, 1+g.rnd.IntN(10))
	created := g.dateIn(civil(in.year-1, 11, 1), civil(in.year, 1, 20))
	if created.After(shiftDays(in.notice, -7)) {
		created = shiftDays(in.notice, -7)
	}
	in.created = l.officeHours(g, created)
	in.updated = in.created
	in.version = 1
	switch {
	case in.notice.After(today):
		in.state = string(oversight.Planned)
	case g.pct(3):
		// Dropped from the plan, before or after the notice went out.
		in.state, in.version = string(oversight.Cancelled), 2
		if g.pct(50) && !in.from.After(today) {
			in.version = 3
			in.updated = l.officeHours(g, g.dateIn(in.notice, in.from))
		} else {
			in.updated = latest(in.created, l.officeHours(g, g.dateIn(shiftDays(in.notice, -30), in.notice)))
			in.notice = time.Time{}
		}
	case in.year == today.Year() && qEnd.Before(today) && g.pct(5):
		// Not done in its quarter: the plan shows it late.
		in.state = string(oversight.Planned)
	case in.from.After(today):
		in.state, in.version, in.updated = string(oversight.Notified), 2, l.officeHours(g, in.notice)
	case in.delivered.After(today):
		in.state, in.version, in.updated = string(oversight.Onsite), 3, l.officeHours(g, in.from)
	default:
		// Protocol or beyond: decided after planChecklist knows the objections and measures.
		in.state, in.version, in.updated = string(oversight.Protocol), 4, l.officeHours(g, in.delivered)
	}
	if in.state == string(oversight.Planned) {
		in.notice, in.from, in.to = time.Time{}, time.Time{}, time.Time{}
	}
	if in.state != string(oversight.Protocol) {
		in.protocol, in.delivered, in.objDue, in.decided = time.Time{}, time.Time{}, time.Time{}, time.Time{}
		in.objDays = 15 // the law's period, what a new protocol starts from
	}
	if in.state == string(oversight.Notified) || in.state == string(oversight.Cancelled) {
		in.from, in.to = time.Time{}, time.Time{}
	}
	return in
}

// hasChecklist reports whether an inspection in state st has been on site.
func hasChecklist(st string) bool {
	switch oversight.State(st) {
	case oversight.Onsite, oversight.Protocol, oversight.Decided, oversight.Measures, oversight.Closed:
		return true
	}
	return false
}

// allocateFindings spreads exactly total assessments over the inspections that have been on
// site: a standards inspection assesses most criteria, a thematic or follow-up one a few.
func allocateFindings(g *gen, o *oversightCtx, ins []genInspection, total int) error {
	var on []int
	want := make([]int, len(ins))
	sum := 0
	for i := range ins {
		if !hasChecklist(ins[i].state) {
			continue
		}
		on = append(on, i)
		if ins[i].kind == string(oversight.Standards) {
			want[i] = 20 + g.rnd.IntN(12)
		} else {
			want[i] = 2 + g.rnd.IntN(5)
		}
		sum += want[i]
	}
	most := len(o.criteria)
	if total > most*len(on) {
		return fmt.Errorf("%d findings do not fit %d inspections that have been on site (at most %d each)", total, len(on), most)
	}
	if total == 0 {
		return nil
	}
	least := 1
	if total < len(on) {
		least = 0
	}
	got := 0
	for _, i := range on {
		n := want[i] * total / sum
		n = max(least, min(most, n))
		want[i] = n
		got += n
	}
	// Even out the rounding one assessment at a time, round robin over a shuffled order.
	order := append([]int(nil), on...)
	g.rnd.Shuffle(len(order), func(a, b int) { order[a], order[b] = order[b], order[a] })
	for k := 0; got != total; k++ {
		i := order[k%len(order)]
		switch {
		case got < total && want[i] < most:
			want[i]++
			got++
		case got > total && want[i] > 0:
			want[i]--
			got--
		}
	}
	for _, i := range on {
		ins[i].findings = make([]genFinding, want[i])
	}
	return nil
}

// planChecklist fills in the inspection's assessments, then its objections and measures, and
// moves it as far as their dates reach by today.
func (l *loader) planChecklist(g *gen, o *oversightCtx, in *genInspection) {
	if len(in.findings) == 0 && !hasChecklist(in.state) {
		return
	}
	// The criteria the inspection looked at: assessed ones first, in random order, then the
	// ones regional inspections leave out.
	var assessed, skipped []int16
	for _, c := range o.criteria {
		if c.assessed {
			assessed = append(assessed, c.id)
		} else {
			skipped = append(skipped, c.id)
		}
	}
	g.rnd.Shuffle(len(assessed), func(a, b int) { assessed[a], assessed[b] = assessed[b], assessed[a] })
	chosen := append(assessed, skipped...)
	partly, notMet := 24, 12
	if in.kind != string(oversight.Standards) {
		partly, notMet = 33, 18 // a thematic inspection looks where problems are expected
	}
	var shortcomings []int
	for k := range in.findings {
		f := &in.findings[k]
		f.criterion = chosen[k]
		f.by = in.team[g.rnd.IntN(len(in.team))]
		f.at = l.officeHours(g, g.dateIn(in.from, in.to))
		switch x := g.rnd.IntN(100); {
		case k >= len(assessed) || x >= 96:
			f.rating = string(oversight.NotAssessed)
		case x < partly:
			f.rating = string(oversight.Partly)
		case x < partly+notMet:
			f.rating = string(oversight.NotMet)
		default:
			f.rating = string(oversight.Met)
		}
		if oversight.Rating(f.rating).IsFinding() {
			shortcomings = append(shortcomings, k)
		}
	}
	if in.state != string(oversight.Protocol) {
		return
	}
	today := o.today
	// Objections: filed within the period, decided some days later.
	lastDecision := time.Time{}
	if g.pct(12) {
		for range 1 + g.rnd.IntN(2) {
			ob := genObjection{finding: -1, filed: g.dateIn(in.delivered, in.objDue)}
			if ob.filed.After(today) {
				continue
			}
			if len(shortcomings) > 0 && g.pct(70) {
				ob.finding = shortcomings[g.rnd.IntN(len(shortcomings))]
			}
			ob.recordedBy = in.team[0]
			if h := o.heads[in.office]; len(h) > 0 && g.pct(70) {
				ob.recordedBy = h[0]
			}
			if d := shiftDays(ob.filed, 3+g.rnd.IntN(18)); !d.After(today) {
				ob.decided = d
				ob.decision = []string{"upheld", "partly", "rejected", "rejected"}[g.rnd.IntN(4)]
				ob.decidedBy = in.team[g.rnd.IntN(len(in.team))]
				lastDecision = latest(lastDecision, d)
			} else {
				lastDecision = latest(lastDecision, shiftDays(today, 1)) // waits for a decision
			}
			in.objections = append(in.objections, ob)
		}
	}
	if !lastDecision.IsZero() {
		in.decided = shiftDays(latest(in.decided, lastDecision), g.rnd.IntN(4))
	}
	// Measures: from most shortcomings of most inspections, added between the delivery of
	// the protocol and a few days after the decision.
	if len(shortcomings) > 0 && g.pct(90) {
		staff := o.staff[in.office]
		for n, k := range shortcomings {
			if !g.pct(80) && !(n == len(shortcomings)-1 && len(in.measures) == 0) {
				continue
			}
			m := genMeasure{finding: k, createdBy: in.team[g.rnd.IntN(len(in.team))]}
			m.responsible = staff[g.rnd.IntN(len(staff))]
			if h := o.heads[in.office]; len(h) > 0 && g.pct(40) {
				m.responsible = h[0]
			}
			cday := g.dateIn(in.delivered, shiftDays(in.decided, 3))
			m.createdDay, m.created = cday, l.officeHours(g, cday)
			m.due = shiftDays(cday, []int{30, 45, 60, 90, 90, 120, 180}[g.rnd.IntN(7)])
			in.measures = append(in.measures, m)
			if in.enterMeasures.IsZero() || cday.Before(in.enterMeasures) {
				in.enterMeasures = cday
			}
		}
		in.enterMeasures = shiftDays(latest(in.enterMeasures, in.decided), g.rnd.IntN(6))
	}
	in.closeDay = shiftDays(in.decided, g.rnd.IntN(11))
	for k := range in.measures {
		in.closeDay = latest(in.closeDay, l.planMeasure(g, o, in, &in.measures[k]))
	}
	if len(in.measures) > 0 {
		in.closeDay = latest(shiftDays(in.closeDay, g.rnd.IntN(15)), in.enterMeasures)
	}
	// Measures not yet made by today do not exist.
	kept := in.measures[:0]
	for _, m := range in.measures {
		if !m.createdDay.After(today) {
			kept = append(kept, m)
		}
	}
	in.measures = kept
	switch {
	case in.decided.After(today):
		in.decided = time.Time{}
	case len(in.measures) == 0 || in.enterMeasures.After(today):
		in.state, in.version, in.updated = string(oversight.Decided), 5, l.officeHours(g, in.decided)
		if len(in.measures) == 0 && !in.closeDay.After(today) {
			in.state, in.version, in.closed, in.updated = string(oversight.Closed), 6, in.closeDay, l.officeHours(g, in.closeDay)
		}
	case in.closeDay.After(today):
		in.state, in.version, in.updated = string(oversight.Measures), 6, l.officeHours(g, in.enterMeasures)
	default:
		in.state, in.version, in.closed, in.updated = string(oversight.Closed), 7, in.closeDay, l.officeHours(g, in.closeDay)
	}
}

// planMeasure lives measure m's life up to today: the office reports (on time mostly, late
// now and then), the region returns a report now and then and verifies the rest. It returns
// the day the measure was (or will be) verified.
func (l *loader) planMeasure(g *gen, o *oversightCtx, in *genInspection, m *genMeasure) time.Time {
	today := o.today
	cday := m.createdDay
	var report time.Time
	if g.pct(18) {
		report = shiftDays(m.due, 1+g.rnd.IntN(150))
	} else {
		report = shiftDays(m.due, -g.rnd.IntN(max(1, min(40, int(m.due.Sub(cday).Hours()/24)-3))))
	}
	report = latest(report, shiftDays(cday, 3))
	var returned, report2 time.Time
	if g.pct(12) {
		returned = shiftDays(report, 3+g.rnd.IntN(15))
		report2 = shiftDays(returned, 5+g.rnd.IntN(30))
	}
	last := report
	if !report2.IsZero() {
		last = report2
	}
	verify := shiftDays(last, 2+g.rnd.IntN(20))
	staff := o.staff[in.office]
	reporter := m.responsible
	if !g.pct(70) {
		reporter = staff[g.rnd.IntN(len(staff))]
		if h := o.heads[in.office]; len(h) > 0 {
			reporter = h[0]
		}
	}
	m.state, m.version = string(oversight.Open), 1
	switch {
	case report.After(today):
	case !returned.IsZero() && returned.After(today):
		m.state, m.version, m.reportedAt = string(oversight.Reported), 2, l.officeHours(g, report)
	case !returned.IsZero() && report2.After(today):
		m.state, m.version, m.reportedAt, m.returned = string(oversight.Returned), 3, l.officeHours(g, report), true
	case verify.After(today):
		m.state, m.version, m.reportedAt = string(oversight.Reported), 2, l.officeHours(g, last)
		if !returned.IsZero() {
			m.version, m.returned = 4, true
		}
	default:
		m.state, m.version, m.reportedAt, m.verifiedAt = string(oversight.Verified), 3, l.officeHours(g, last), l.officeHours(g, verify)
		m.verifiedBy = in.team[g.rnd.IntN(len(in.team))]
		if !returned.IsZero() {
			m.version, m.returned = 5, true
		}
	}
	if m.reportedAt.Before(m.created) && !m.reportedAt.IsZero() {
		m.reportedAt = m.created
	}
	if !m.verifiedAt.IsZero() && m.verifiedAt.Before(m.reportedAt) {
		m.verifiedAt = m.reportedAt
	}
	if !m.reportedAt.IsZero() {
		m.reportedBy = reporter
	}
	return verify
}

type inspectionIDs struct {
	inspection                  int64   // of the first inspection
	finding, objection, measure []int64 // of each inspection's first, by inspection
}

// dateOrNil is t for COPY, NULL when zero.
func dateOrNil(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t
}

// userOrNil is the id of user i for COPY, NULL when i is negative.
func (l *loader) userOrNil(i int) any {
	if i < 0 {
		return nil
	}
	return l.users[i].id
}

// writeInspections writes inspections lo…hi-1 with their team, checklist, objections and
// measures, making their texts with g.
func (l *loader) writeInspections(ctx context.Context, g *gen, ins []genInspection, lo, hi int, ids inspectionIDs) error {
	part := ins[lo:hi]
	_, err := l.copyRows(ctx, "inspections", []string{"id", "region_id", "office_id", "year", "quarter", "kind", "subject",
		"state", "notice_date", "onsite_from", "onsite_to", "protocol_date", "delivered_date", "objection_days",
		"objections_due", "decided_date", "closed_date", "cancel_reason", "version", "created_by", "created_at", "updated_at"},
		len(part), func(k int) []any {
			in := &part[k]
			reason := ""
			if in.state == string(oversight.Cancelled) {
				reason = inspectionCancels[g.rnd.IntN(len(inspectionCancels))]
			}
			return []any{ids.inspection + int64(lo+k), in.region, l.offices[in.office].id, in.year, in.quarter, in.kind, in.subject,
				in.state, dateOrNil(in.notice), dateOrNil(in.from), dateOrNil(in.to), dateOrNil(in.protocol), dateOrNil(in.delivered),
				in.objDays, dateOrNil(in.objDue), dateOrNil(in.decided), dateOrNil(in.closed), reason, in.version,
				l.users[in.team[0]].id, in.created, in.updated}
		})
	if err != nil {
		return err
	}
	type pair struct{ i, k int }
	var team, finds, objs, meas []pair
	for i := lo; i < hi; i++ {
		for k := range ins[i].team {
			team = append(team, pair{i, k})
		}
		for k := range ins[i].findings {
			finds = append(finds, pair{i, k})
		}
		for k := range ins[i].objections {
			objs = append(objs, pair{i, k})
		}
		for k := range ins[i].measures {
			meas = append(meas, pair{i, k})
		}
	}
	if _, err := l.copyRows(ctx, "inspection_team", []string{"inspection_id", "user_id"}, len(team), func(k int) []any {
		p := team[k]
		return []any{ids.inspection + int64(p.i), l.users[ins[p.i].team[p.k]].id}
	}); err != nil {
		return err
	}
	if _, err := l.copyRows(ctx, "findings", []string{"id", "inspection_id", "criterion_id", "rating", "text",
		"assessed_by", "assessed_at", "version"}, len(finds), func(k int) []any {
		p := finds[k]
		f := &ins[p.i].findings[p.k]
		text := ""
		switch {
		case oversight.Rating(f.rating).IsFinding():
			text = g.cleanParagraph(1 + g.rnd.IntN(3))
		case f.rating == string(oversight.Met) && g.pct(25):
			text = g.cleanParagraph(1)
		}
		version := 1
		if g.pct(10) {
			version = 2
		}
		return []any{ids.finding[p.i] + int64(p.k), ids.inspection + int64(p.i), f.criterion, f.rating, text,
			l.users[f.by].id, f.at, version}
	}); err != nil {
		return err
	}
	if _, err := l.copyRows(ctx, "objections", []string{"id", "inspection_id", "finding_id", "filed_date", "text",
		"recorded_by", "decision", "reasoning", "decided_by", "decided_date"}, len(objs), func(k int) []any {
		p := objs[k]
		ob := &ins[p.i].objections[p.k]
		var finding, decision, decidedBy any
		if ob.finding >= 0 {
			finding = ids.finding[p.i] + int64(ob.finding)
		}
		reasoning := ""
		if !ob.decided.IsZero() {
			decision, decidedBy, reasoning = ob.decision, l.users[ob.decidedBy].id, g.cleanParagraph(1+g.rnd.IntN(2))
		}
		return []any{ids.objection[p.i] + int64(p.k), ids.inspection + int64(p.i), finding, ob.filed,
			g.cleanParagraph(1 + g.rnd.IntN(2)), l.users[ob.recordedBy].id, decision, reasoning, decidedBy, dateOrNil(ob.decided)}
	}); err != nil {
		return err
	}
	_, err = l.copyRows(ctx, "measures", []string{"id", "inspection_id", "finding_id", "office_id", "responsible_id", "due",
		"description", "state", "report", "reported_at", "reported_by", "return_reason", "verified_at", "verified_by",
		"version", "created_by", "created_at"}, len(meas), func(k int) []any {
		p := meas[k]
		in := &ins[p.i]
		m := &in.measures[p.k]
		desc := measureVerbs[g.rnd.IntN(len(measureVerbs))] + " " + strings.ToLower(g.cleanPhrase(3+g.rnd.IntN(6))) + ". " + g.cleanParagraph(1)
		report, reason := "", ""
		var reportedAt, reportedBy, verifiedAt, verifiedBy any
		if !m.reportedAt.IsZero() {
			report, reportedAt, reportedBy = g.cleanParagraph(1+g.rnd.IntN(3)), m.reportedAt, l.users[m.reportedBy].id
		}
		if m.returned {
			reason = g.cleanParagraph(1)
		}
		if !m.verifiedAt.IsZero() {
			verifiedAt, verifiedBy = m.verifiedAt, l.users[m.verifiedBy].id
		}
		return []any{ids.measure[p.i] + int64(p.k), ids.inspection + int64(p.i), ids.finding[p.i] + int64(m.finding),
			l.offices[in.office].id, l.users[m.responsible].id, m.due, desc, m.state, report, reportedAt, reportedBy,
			reason, verifiedAt, verifiedBy, m.version, l.users[m.createdBy].id, m.created}
	})
	return err
}

// genVisit is a methodological visit or consultation with its follow-ups.
type genVisit struct {
	office    int
	kind      string
	date      time.Time
	by        int
	followups []genFollowup
}

type genFollowup struct {
	due    time.Time
	doneAt time.Time
	doneBy int
}

// planVisits makes one methodological visit or consultation for every five inspections:
// each with a few follow-ups, almost all done once their day has long passed.
func (l *loader) planVisits(g *gen, o *oversightCtx) []genVisit {
	n := l.s.Inspections / 5
	if n == 0 && l.s.Inspections > 0 {
		n = 1
	}
	out := make([]genVisit, n)
	for k := range out {
		v := &out[k]
		v.office = o.offices[g.rnd.IntN(len(o.offices))]
		meths := o.meths[l.offices[v.office].region]
		v.by = meths[g.rnd.IntN(len(meths))]
		v.kind = "visit"
		if g.pct(40) {
			v.kind = "consultation"
		}
		v.date = g.dateIn(civil(oversightFrom, 1, 1), o.today)
		for range g.rnd.IntN(4) {
			f := genFollowup{due: shiftDays(v.date, 14+g.rnd.IntN(107)), doneBy: -1}
			age := int(o.today.Sub(f.due).Hours() / 24)
			done := 20
			switch {
			case age > 365:
				done = 100
			case age > 180:
				done = 90
			case age > 0:
				done = 70
			}
			if g.pct(done) {
				f.doneAt = l.officeHours(g, g.dateIn(v.date, shiftDays(f.due, 20)))
				if f.doneAt.After(l.now) {
					f.doneAt = l.now
				}
				f.doneBy = v.by
				if h := o.heads[v.office]; len(h) > 0 && g.pct(50) {
					f.doneBy = h[0]
				}
			}
			v.followups = append(v.followups, f)
		}
	}
	return out
}

// writeVisits writes the visits with ids from first on, their follow-ups from firstFollowup on,
// and the notes they point to.
func (l *loader) writeVisits(ctx context.Context, g *gen, o *oversightCtx, vs []genVisit, first, firstFollowup int64) error {
	if _, err := l.copyRows(ctx, "visits", []string{"id", "region_id", "office_id", "kind", "date", "topics",
		"recommendations", "created_by", "created_at", "updated_at", "version"}, len(vs), func(k int) []any {
		v := &vs[k]
		at := l.officeHours(g, v.date)
		rec := ""
		if g.pct(70) {
			rec = g.cleanParagraph(1 + g.rnd.IntN(3))
		}
		return []any{first + int64(k), l.offices[v.office].region, l.offices[v.office].id, v.kind, v.date,
			g.cleanParagraph(1 + g.rnd.IntN(2)), rec, l.users[v.by].id, at, at, 1}
	}); err != nil {
		return err
	}
	type pair struct{ v, k int }
	var fs []pair
	for v := range vs {
		for k := range vs[v].followups {
			fs = append(fs, pair{v, k})
		}
	}
	if _, err := l.copyRows(ctx, "visit_followups", []string{"id", "visit_id", "text", "due", "done_at", "done_by"},
		len(fs), func(k int) []any {
			f := &vs[fs[k].v].followups[fs[k].k]
			var doneAt any
			if !f.doneAt.IsZero() {
				doneAt = f.doneAt
			}
			return []any{firstFollowup + int64(k), first + int64(fs[k].v), g.cleanPhrase(4 + g.rnd.IntN(8)), f.due, doneAt, l.userOrNil(f.doneBy)}
		}); err != nil {
		return err
	}
	// Now and then a visit points the office to published notes.
	type link struct {
		visit int64
		note  any
	}
	var links []link
	seen := map[[2]int64]bool{}
	for k := range vs {
		if !g.pct(30) {
			continue
		}
		for range 1 + g.rnd.IntN(2) {
			n := o.notesFor(g)
			if n == nil {
				break
			}
			key := [2]int64{first + int64(k), n.(int64)}
			if seen[key] {
				continue
			}
			seen[key] = true
			links = append(links, link{first + int64(k), n})
		}
	}
	_, err := l.copyRows(ctx, "visit_notes", []string{"visit_id", "note_id"}, len(links), func(k int) []any {
		return []any{links[k].visit, links[k].note}
	})
	return err
}
