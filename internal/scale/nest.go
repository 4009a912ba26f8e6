package scale

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"hnizdo.cz/hnizdo/internal/nest"
	"hnizdo.cz/hnizdo/internal/oversight"
)

const streamNest = 6000

// The first year of the nest: the pilot offices began then.
const nestFrom = 2019

var toolNames = []string{
	"Karty rodičovských kompetencí", "Plán bezpečí s rodinou", "Kompas pro rozcházející se rodiče", "Intervizní kruh",
	"Porada týmu za patnáct minut", "Mapa sítě rodiny", "Rozhovor s dítětem nad kresbou", "Kontrolní seznam prvního kontaktu",
	"Rodinná skupinová konference", "Tři domy", "Motivační rozhovor v terénu", "Časová osa rodiny", "Deník pěstouna",
	"Škála bezpečí dítěte", "Společný plán s rodiči", "Dopis dítěti", "Kartičky emocí", "Signály bezpečí",
	"Předávací protokol mezi kolegy", "Supervize ve dvojici", "Ranní porada u tabule", "Vizualizace případu",
	"Rodičovský plán krok za krokem", "Srozumitelný dopis rodině", "Návštěva bez spisu", "Mapa služeb v obvodu",
	"Reflexe po šetření v rodině", "Kruh bezpečí", "Dotazník pro dospívající", "Setkání rodiny na neutrální půdě",
	"Mentorská dvojice pro nováčky", "Ekomapa rodiny", "Rozhovor o silných stránkách", "Týdenní přehled ohrožených dětí",
}

var devTopicTitles = []string{
	"Rozvody a rozchody rodičů", "Bezpečí dítěte v rodině", "Participace dětí", "Spolupráce se školami",
	"Práce s dospívajícími", "Náhradní rodinná péče", "Podpora týmu a prevence vyhoření", "Srozumitelná komunikace s rodinou",
	"Domácí násilí", "Zapojení širší rodiny", "Nově příchozí pracovníci", "Síť služeb v obvodu",
}

// toolPlan is a tool with its rungs' dates, origins and how offices took it up.
type toolPlan struct {
	id          int64
	region      int16
	name, kind  string
	topic       int64 // topicRef, 0: none
	summary     string
	body        string
	maturity    nest.Maturity
	origins     []int // office indexes
	createdBy   int
	created     time.Time
	version     int
	updated     time.Time
	promotions  []promotionPlan
	adoptions   []*adoptionPlan
	notes       []int64
	offerableTo time.Time // the last day offices could take it up (retirement); zero: still
}

type promotionPlan struct {
	from, to nest.Maturity
	by       int
	at       time.Time
	reason   string
	evidence []nest.Evidence
}

// adoptionPlan is one office's way with one tool, as the steps nest.Store.Take records.
type adoptionPlan struct {
	id     int64
	tool   *toolPlan
	office int
	steps  []stepPlan
}

type stepPlan struct {
	action nest.Action
	on     time.Time
	at     time.Time
	report string
	rating int16
	by     int
	from   nest.Stage
	to     nest.Stage
}

// adoptionState is an adoption as its row holds it after some steps.
type adoptionState struct {
	stage                  nest.Stage
	on                     map[nest.Stage]time.Time
	report                 string
	rating                 int16
	version                int
	updated                time.Time
	since                  time.Time
	offered, trialling     time.Time
	adopted, abandoned     time.Time
	lastStepOn             time.Time
	successful, triesOrUse bool
}

// replay applies the first n steps of a as Take does, filling in each step's stages; it fails
// on a step Take would refuse.
func (a *adoptionPlan) replay(n int) (adoptionState, error) {
	s := adoptionState{on: map[nest.Stage]time.Time{}}
	for k := range a.steps[:n] {
		st := &a.steps[k]
		to, ok := st.action.To(s.stage)
		if !ok {
			return s, fmt.Errorf("nest: %s from %q is not a step", st.action, s.stage)
		}
		if st.on.Before(s.lastStepOn) {
			return s, fmt.Errorf("nest: step %s on %s before the last one", st.action, st.on.Format(time.DateOnly))
		}
		st.from, st.to = s.stage, to
		if to != s.stage {
			s.on[to] = st.on
		}
		if st.report != "" || st.rating != 0 {
			s.report, s.rating = st.report, st.rating
		}
		s.stage, s.version, s.updated, s.lastStepOn = to, s.version+1, st.at, st.on
	}
	s.offered, s.trialling, s.adopted, s.abandoned = s.on[nest.Offered], s.on[nest.Trialling], s.on[nest.Adopted], s.on[nest.Abandoned]
	s.since = s.on[s.stage]
	s.triesOrUse = s.stage == nest.Trialling || s.stage == nest.Adopted
	s.successful = s.triesOrUse && s.report != "" && s.rating >= nest.SuccessRating
	return s, nil
}

// stepsUntil is how many of a's steps happened on or before d.
func (a *adoptionPlan) stepsUntil(d time.Time) int {
	n := 0
	for _, st := range a.steps {
		if !st.on.After(d) {
			n++
		}
	}
	return n
}

type nestCtx struct {
	g       *gen
	today   time.Time
	acc     map[int16][]int // guides first, then methodologists, by region
	meths   map[int16][]int
	offices map[int16][]int // municipal offices with staff, by region
	pilots  map[int16][]int
	staff   map[int][]int // users by office index
	topics  []topicPlan
	byOff   map[int][]int // topic indexes by office
	tools   []*toolPlan
	visits  []visitPlan
}

// topicRef refers to development topic n.topics[k] before ids are known; 0 is no topic.
func topicRef(k int) int64 { return -1 - int64(k) }

type topicPlan struct {
	id     int64
	office int
	title  string
	desc   string
	since  time.Time
	by     int
}

type visitPlan struct {
	office  int
	guide   int
	on      time.Time
	topic   int64 // topicRef
	subject string
	tools   []int64 // positions in nestCtx.tools
}

// loadNest makes each region's innovation nest: pilot offices (three per region unless the
// reference data names some) with their development topics, ten to twenty tools over every
// rung of the ladder with the promotions and the evidence the rules counted, their adoptions
// across the region's offices step by step as nest.Store.Take records them (recommended tools
// now and then in other regions too), and the change guides' visits.
func (l *loader) loadNest(ctx context.Context) error {
	n := &nestCtx{g: newGen(l.s.Seed, streamNest), today: oversight.Today(l.now), acc: map[int16][]int{}, meths: map[int16][]int{},
		offices: map[int16][]int{}, pilots: map[int16][]int{}, staff: map[int][]int{}, byOff: map[int][]int{}}
	if err := l.nestPeople(ctx, n); err != nil {
		return err
	}
	// A region's nest needs its methodologists (who recommend and retire) and pilot offices.
	for _, r := range l.regions {
		if len(n.meths[r]) == 0 || len(n.pilots[r]) == 0 {
			continue
		}
		l.nestTopics(n, r)
	}
	for _, r := range l.regions {
		if len(n.meths[r]) == 0 || len(n.pilots[r]) == 0 {
			continue
		}
		if err := l.nestTools(n, r); err != nil {
			return err
		}
	}
	if err := l.spreadAcross(n); err != nil {
		return err
	}
	for _, t := range n.tools {
		if err := l.evidence(t); err != nil {
			return err
		}
	}
	l.nestVisits(n)
	tables := []string{"dev_topics", "tools", "tool_promotions", "adoptions", "adoption_steps", "guide_visits"}
	return l.bulk(ctx, tables, func(next map[string]int64) error { return l.writeNest(ctx, n, next) })
}

// nestPeople finds who looks after each region's nest and its offices, and makes pilot offices
// where the region has none.
func (l *loader) nestPeople(ctx context.Context, n *nestCtx) error {
	for _, r := range l.regions {
		n.meths[r] = l.usersWith("methodologist", r)
		n.acc[r] = append(l.usersWith("guide", r), n.meths[r]...)
	}
	for i, o := range l.offices {
		if o.kind != "orp" && o.kind != "district" {
			continue
		}
		n.staff[i] = l.byOffice[o.id]
		if len(n.staff[i]) > 0 {
			n.offices[o.region] = append(n.offices[o.region], i)
		}
	}
	rows, err := l.pool.Query(ctx, `SELECT id FROM offices WHERE pilot`)
	if err != nil {
		return fmt.Errorf("pilot offices: %w", err)
	}
	pilot, err := pgx.CollectRows(rows, pgx.RowTo[int64])
	if err != nil {
		return fmt.Errorf("pilot offices: %w", err)
	}
	var made []int64
	for _, r := range l.regions {
		for _, i := range n.offices[r] {
			if slices.Contains(pilot, l.offices[i].id) {
				n.pilots[r] = append(n.pilots[r], i)
			}
		}
		if len(n.pilots[r]) > 0 || len(n.offices[r]) == 0 || len(n.acc[r]) == 0 {
			continue
		}
		for _, k := range n.g.sample(len(n.offices[r]), min(3, max(1, len(n.offices[r])/4))) {
			i := n.offices[r][k]
			n.pilots[r] = append(n.pilots[r], i)
			made = append(made, l.offices[i].id)
		}
	}
	if len(made) > 0 {
		if _, err := l.pool.Exec(ctx, `UPDATE offices SET pilot = true WHERE id = ANY($1)`, made); err != nil {
			return fmt.Errorf("pilot offices: %w", err)
		}
	}
	return nil
}

// nestTopics gives each pilot office of region r one to three development topics.
func (l *loader) nestTopics(n *nestCtx, r int16) {
	g := n.g
	for _, o := range n.pilots[r] {
		for _, k := range g.sample(len(devTopicTitles), 1+g.rnd.IntN(3)) {
			t := topicPlan{office: o, title: devTopicTitles[k], desc: g.cleanParagraph(1 + g.rnd.IntN(2)),
				since: g.dateIn(civil(nestFrom, 2, 1), shiftDays(n.today, -500)), by: n.acc[r][g.rnd.IntN(len(n.acc[r]))]}
			n.byOff[o] = append(n.byOff[o], len(n.topics))
			n.topics = append(n.topics, t)
		}
	}
}

// rungs is the ladder up to m, idea first; a retired tool's rungs end with the one it was
// retired from and Retired.
func (g *gen) rungs(m nest.Maturity) []nest.Maturity {
	ladder := []nest.Maturity{nest.Idea, nest.Prototype, nest.Piloting, nest.Validated, nest.Recommended}
	if m != nest.Retired {
		return ladder[:slices.Index(ladder, m)+1]
	}
	return append(slices.Clone(ladder[:1+g.rnd.IntN(4)]), nest.Retired)
}

// nestTools makes region r's tools, each with its promotions and the adoptions they counted.
func (l *loader) nestTools(n *nestCtx, r int16) error {
	g := n.g
	offices := n.offices[r]
	count := 10 + g.rnd.IntN(11)
	names := g.sample(len(toolNames), min(count, len(toolNames)))
	for k := range count {
		t := &toolPlan{region: r, kind: string(nest.Kinds[g.rnd.IntN(len(nest.Kinds))])}
		if k < len(names) {
			t.name = toolNames[names[k]]
		} else {
			t.name = fmt.Sprintf("%s %d", toolNames[g.rnd.IntN(len(toolNames))], k)
		}
		pilots := n.pilots[r]
		for _, x := range g.sample(len(pilots), 1+min(len(pilots)-1, g.rnd.IntN(4)/3)) {
			t.origins = append(t.origins, pilots[x])
		}
		switch x := g.rnd.IntN(100); {
		case x < 15:
			t.maturity = nest.Idea
		case x < 33:
			t.maturity = nest.Prototype
		case x < 58:
			t.maturity = nest.Piloting
		case x < 76:
			t.maturity = nest.Validated
		case x < 90:
			t.maturity = nest.Recommended
		default:
			t.maturity = nest.Retired
		}
		rungs := g.rungs(t.maturity)
		// Validation needs offices other than the origin that use it successfully.
		others := len(offices) - len(t.origins)
		if others < nest.ValidatingOffices {
			for len(rungs) > 0 && (rungs[len(rungs)-1] == nest.Validated || rungs[len(rungs)-1] == nest.Recommended ||
				(rungs[len(rungs)-1] == nest.Retired && slices.Contains(rungs, nest.Validated))) {
				rungs = rungs[:len(rungs)-1]
			}
			t.maturity = rungs[len(rungs)-1]
		}
		lb := civil(nestFrom, 3, 1)
		var topics []int
		for _, o := range t.origins {
			topics = append(topics, n.byOff[o]...)
		}
		if len(topics) > 0 && g.pct(60) {
			x := topics[g.rnd.IntN(len(topics))]
			t.topic = topicRef(x)
			lb = latest(lb, shiftDays(n.topics[x].since, 10))
		}
		// The days of the promotions: some weeks to months apart, the last one before today.
		gaps := make([]int, len(rungs)-1)
		total := 0
		for k := range gaps {
			gaps[k] = 30 + g.rnd.IntN(170)
			total += gaps[k]
		}
		room := int(shiftDays(n.today, -5).Sub(lb).Hours() / 24)
		if total > room {
			for k := range gaps {
				gaps[k] = max(1, gaps[k]*room/total)
			}
			total = 0
			for _, x := range gaps {
				total += x
			}
		}
		created := g.dateIn(lb, shiftDays(n.today, -5-total))
		if t.maturity == nest.Idea {
			created = g.dateIn(latest(lb, shiftDays(n.today, -500)), shiftDays(n.today, -1))
		}
		origin := n.staff[t.origins[0]]
		t.createdBy = n.acc[r][g.rnd.IntN(len(n.acc[r]))]
		if g.pct(50) {
			t.createdBy = origin[g.rnd.IntN(len(origin))]
		}
		t.created = l.officeHours(g, created)
		t.updated, t.version = t.created, 1+g.rnd.IntN(3)
		t.summary = g.cleanParagraph(1)
		if t.maturity != nest.Idea || g.pct(50) {
			t.body = nameless(func() string { return g.text.doc(600 + g.rnd.IntN(900)).markdown })
		}
		days := []time.Time{created}
		for _, x := range gaps {
			d := shiftDays(days[len(days)-1], x)
			if d.After(n.today) {
				d = n.today
			}
			days = append(days, d)
		}
		if err := l.climb(n, t, rungs, days, offices); err != nil {
			return err
		}
		if len(l.notes) > 0 && g.pct(30) {
			for range 1 + g.rnd.IntN(2) {
				if x := l.notes[g.rnd.IntN(len(l.notes))]; !slices.Contains(t.notes, x) {
					t.notes = append(t.notes, x)
				}
			}
		}
		n.tools = append(n.tools, t)
	}
	return nil
}

// climb promotes t along rungs on days (days[0] is its creation), making the adoptions each
// rule counts before its promotion and then the spread through the region's other offices.
func (l *loader) climb(n *nestCtx, t *toolPlan, rungs []nest.Maturity, days []time.Time, offices []int) error {
	g := n.g
	r := t.region
	var originAd, validators []*adoptionPlan
	promoted := map[nest.Maturity]time.Time{}
	for k := 1; k < len(rungs); k++ {
		to, on := rungs[k], days[k]
		promoted[to] = on
		p := promotionPlan{from: rungs[k-1], to: to, at: l.officeHours(g, on), reason: g.cleanParagraph(1)}
		switch to {
		case nest.Prototype, nest.Piloting:
			p.by = n.acc[r][g.rnd.IntN(len(n.acc[r]))]
			if g.pct(50) {
				s := n.staff[t.origins[0]]
				p.by = s[g.rnd.IntN(len(s))]
			}
		case nest.Validated:
			p.by = n.acc[r][g.rnd.IntN(len(n.acc[r]))]
		default:
			p.by = n.meths[r][g.rnd.IntN(len(n.meths[r]))]
		}
		switch to {
		case nest.Piloting:
			// The origin tries the tool between its prototype and its pilot.
			for _, o := range t.origins {
				a := &adoptionPlan{tool: t, office: o}
				l.step(n, a, nest.Trial, g.dateIn(days[k-1], on), g.pct(40))
				originAd = append(originAd, a)
				t.adoptions = append(t.adoptions, a)
			}
		case nest.Validated:
			// Offices other than the origin were offered it and report it works.
			var rest []int
			for _, o := range offices {
				if !slices.Contains(t.origins, o) {
					rest = append(rest, o)
				}
			}
			for _, x := range g.sample(len(rest), min(len(rest), nest.ValidatingOffices+g.rnd.IntN(2))) {
				a := &adoptionPlan{tool: t, office: rest[x]}
				offer := g.dateIn(promoted[nest.Prototype], shiftDays(on, -10))
				l.step(n, a, nest.Offer, offer, false)
				trial := g.dateIn(offer, shiftDays(on, -1))
				a.steps = append(a.steps, l.stepOf(n, a, nest.Trial, trial, g.cleanParagraph(1+g.rnd.IntN(2)), int16(4+g.rnd.IntN(2))))
				validators = append(validators, a)
				t.adoptions = append(t.adoptions, a)
			}
		}
		if to == nest.Retired {
			t.offerableTo = shiftDays(on, -1)
		}
		t.promotions = append(t.promotions, p)
		t.updated = latest(t.updated, p.at)
		t.version++
	}
	t.maturity = rungs[len(rungs)-1]
	if t.maturity == nest.Idea {
		return nil
	}
	if promoted[nest.Prototype].IsZero() {
		return nil // retired as an idea: never offered
	}
	// What happened next at the origin and the validating offices: most use the tool for good,
	// the validating ones still rating it well, as the recommendation later counts.
	end := n.today
	if !t.offerableTo.IsZero() {
		end = t.offerableTo
	}
	for _, a := range originAd {
		if g.pct(70) {
			l.step(n, a, nest.Adopt, g.dateIn(latest(a.steps[len(a.steps)-1].on, promoted[nest.Piloting]), end), true)
		}
	}
	for _, a := range validators {
		if g.pct(60) {
			l.step(n, a, nest.Adopt, g.dateIn(latest(a.steps[len(a.steps)-1].on, promoted[nest.Validated]), end), true)
			a.steps[len(a.steps)-1].rating = max(nest.SuccessRating, a.steps[len(a.steps)-1].rating)
		}
	}
	// The spread: offers to a share of the region's other offices while the tool could be
	// taken up, and how each went.
	share := map[nest.Maturity]int{nest.Prototype: 15, nest.Piloting: 30, nest.Validated: 45, nest.Recommended: 65, nest.Retired: 30}[t.maturity]
	for _, o := range offices {
		if slices.ContainsFunc(t.adoptions, func(a *adoptionPlan) bool { return a.office == o }) || !g.pct(share) {
			continue
		}
		t.adoptions = append(t.adoptions, l.takeUp(n, t, o, promoted[nest.Prototype], end))
	}
	for _, a := range t.adoptions {
		if _, err := a.replay(len(a.steps)); err != nil {
			return err
		}
	}
	return nil
}

// takeUp is office o's way with tool t offered between from and end: it stays offered, or the
// office tries it, then adopts it, or gives up; an office may also decline the offer.
func (l *loader) takeUp(n *nestCtx, t *toolPlan, o int, from, end time.Time) *adoptionPlan {
	g := n.g
	a := &adoptionPlan{tool: t, office: o}
	offer := g.dateIn(from, end)
	l.step(n, a, nest.Offer, offer, false)
	last := func() time.Time { return a.steps[len(a.steps)-1].on }
	switch x := g.rnd.IntN(100); {
	case x < 35:
	case x < 45:
		l.step(n, a, nest.Abandon, g.dateIn(offer, n.today), true)
	default:
		l.step(n, a, nest.Trial, g.dateIn(offer, end), g.pct(50))
		switch y := g.rnd.IntN(100); {
		case y < 40:
			if g.pct(30) {
				l.step(n, a, nest.Evaluate, g.dateIn(last(), end), true)
			}
		case y < 75:
			l.step(n, a, nest.Adopt, g.dateIn(last(), end), true)
			if g.pct(25) {
				l.step(n, a, nest.Evaluate, g.dateIn(last(), n.today), true)
			}
		default:
			l.step(n, a, nest.Abandon, g.dateIn(last(), n.today), true)
		}
	}
	return a
}

// step appends action on day on to a; with evaluation the office writes how it went and rates
// it (the rating is required to adopt and evaluate, the report to adopt, abandon and evaluate).
func (l *loader) step(n *nestCtx, a *adoptionPlan, action nest.Action, on time.Time, evaluation bool) {
	g := n.g
	report, rating := "", int16(0)
	if evaluation || action == nest.Adopt || action == nest.Abandon || action == nest.Evaluate {
		report = g.cleanParagraph(1 + g.rnd.IntN(2))
	}
	if (evaluation && action != nest.Abandon) || action == nest.Adopt || action == nest.Evaluate {
		rating = int16(2 + g.rnd.IntN(4))
		if action == nest.Adopt {
			rating = int16(3 + g.rnd.IntN(3))
		}
	}
	if action == nest.Offer {
		report, rating = "", 0
	}
	a.steps = append(a.steps, l.stepOf(n, a, action, on, report, rating))
}

// stepOf is a step of a by whoever takes it: a guide or methodologist of the office's region
// offers, the office's own staff do the rest. A step is never dated before the one before it.
func (l *loader) stepOf(n *nestCtx, a *adoptionPlan, action nest.Action, on time.Time, report string, rating int16) stepPlan {
	g := n.g
	st := stepPlan{action: action, on: on, at: l.officeHours(g, on), report: report, rating: rating}
	if k := len(a.steps); k > 0 && st.on.Before(a.steps[k-1].on) {
		st.on, st.at = a.steps[k-1].on, a.steps[k-1].at
	}
	if action == nest.Offer {
		acc := n.acc[l.offices[a.office].region]
		st.by = acc[g.rnd.IntN(len(acc))]
	} else {
		staff := n.staff[a.office]
		st.by = staff[g.rnd.IntN(len(staff))]
	}
	return st
}

// spreadAcross offers some recommended tools to offices of other regions, as those regions'
// guides do with good practice from elsewhere.
func (l *loader) spreadAcross(n *nestCtx) error {
	g := n.g
	for _, t := range n.tools {
		if t.maturity != nest.Recommended || !g.pct(35) {
			continue
		}
		var rs []int16
		for _, r := range l.regions {
			if r != t.region && len(n.acc[r]) > 0 && len(n.offices[r]) > 0 {
				rs = append(rs, r)
			}
		}
		if len(rs) == 0 {
			continue
		}
		r := rs[g.rnd.IntN(len(rs))]
		from := t.promotions[len(t.promotions)-1].at
		from = civil(from.Year(), from.Month(), from.Day())
		for _, k := range g.sample(len(n.offices[r]), 1+g.rnd.IntN(min(3, len(n.offices[r])))) {
			a := l.takeUp(n, t, n.offices[r][k], from, n.today)
			if _, err := a.replay(len(a.steps)); err != nil {
				return err
			}
			t.adoptions = append(t.adoptions, a)
		}
	}
	return nil
}

// evidence fills in each promotion of t the adoptions its rule counted on the day it was made:
// for the pilot the origin offices trying or using the tool, for validation and recommendation
// the other offices using it successfully; it fails when a promotion lacks what its rule needs.
func (l *loader) evidence(t *toolPlan) error {
	for k := range t.promotions {
		p := &t.promotions[k]
		if p.to != nest.Piloting && p.to != nest.Validated && p.to != nest.Recommended {
			continue
		}
		on := oversight.Today(p.at)
		for _, a := range t.adoptions {
			origin := slices.Contains(t.origins, a.office)
			if origin != (p.to == nest.Piloting) {
				continue
			}
			s, err := a.replay(a.stepsUntil(on))
			if err != nil {
				return err
			}
			if (origin && !s.triesOrUse) || (!origin && !s.successful) {
				continue
			}
			p.evidence = append(p.evidence, nest.Evidence{OfficeID: l.offices[a.office].id, Office: l.offices[a.office].name,
				Stage: s.stage, Rating: s.rating, Report: s.report, Since: s.since.Format(time.DateOnly)})
		}
		need := nest.ValidatingOffices
		if p.to == nest.Piloting {
			need = 1
		}
		if len(p.evidence) < need {
			return fmt.Errorf("nest: %s of %q with %d of the %d adoptions its rule needs", p.to, t.name, len(p.evidence), need)
		}
		slices.SortFunc(p.evidence, func(a, b nest.Evidence) int { return strings.Compare(a.Office, b.Office) })
	}
	return nil
}

// nestVisits records the guides' visits: a few a year at each pilot office, about its
// development topics and tools, and one at some offices trying a tool.
func (l *loader) nestVisits(n *nestCtx) {
	g := n.g
	toolsAt := map[int][]int64{} // office index → tool plans' positions (ids come when written)
	for k, t := range n.tools {
		for _, o := range t.origins {
			toolsAt[o] = append(toolsAt[o], int64(k))
		}
	}
	for _, r := range l.regions {
		if len(n.acc[r]) == 0 {
			continue
		}
		guides := n.acc[r]
		for _, o := range n.pilots[r] {
			first := n.today
			for _, tp := range n.byOff[o] {
				if n.topics[tp].since.Before(first) {
					first = n.topics[tp].since
				}
			}
			if len(n.byOff[o]) == 0 {
				first = civil(nestFrom, 3, 1)
			}
			for range 2 + g.rnd.IntN(7) {
				v := visitPlan{office: o, guide: guides[g.rnd.IntN(len(guides))], on: g.dateIn(first, n.today)}
				var fits []int
				for _, tp := range n.byOff[o] {
					if !n.topics[tp].since.After(v.on) {
						fits = append(fits, tp)
					}
				}
				if len(fits) > 0 && g.pct(70) {
					v.topic = topicRef(fits[g.rnd.IntN(len(fits))])
				} else {
					v.subject = g.cleanPhrase(3 + g.rnd.IntN(5))
				}
				if ts := toolsAt[o]; len(ts) > 0 && g.pct(60) {
					for _, x := range g.sample(len(ts), 1+g.rnd.IntN(min(2, len(ts)))) {
						v.tools = append(v.tools, ts[x])
					}
				}
				n.visits = append(n.visits, v)
			}
		}
	}
	for k, t := range n.tools {
		for _, a := range t.adoptions {
			if slices.Contains(t.origins, a.office) || !g.pct(25) {
				continue
			}
			s, _ := a.replay(len(a.steps))
			if s.trialling.IsZero() {
				continue
			}
			guides := n.acc[l.offices[a.office].region]
			n.visits = append(n.visits, visitPlan{office: a.office, guide: guides[g.rnd.IntN(len(guides))],
				on: g.dateIn(s.trialling, n.today), subject: "Zkoušení: " + t.name, tools: []int64{int64(k)}})
		}
	}
}

// writeNest writes the nest with ids from next on.
func (l *loader) writeNest(ctx context.Context, n *nestCtx, next map[string]int64) error {
	g := n.g
	topicID := func(ref int64) any {
		if ref == 0 {
			return nil
		}
		return next["dev_topics"] + (-1 - ref) // see topicRef
	}
	if _, err := l.copyRows(ctx, "dev_topics", []string{"id", "office_id", "title", "description", "since", "created_by", "created_at"},
		len(n.topics), func(k int) []any {
			t := &n.topics[k]
			return []any{next["dev_topics"] + int64(k), l.offices[t.office].id, t.title, t.desc, t.since, l.users[t.by].id, l.officeHours(g, t.since)}
		}); err != nil {
		return err
	}
	for k, t := range n.tools {
		t.id = next["tools"] + int64(k)
	}
	if _, err := l.copyRows(ctx, "tools", []string{"id", "region_id", "name", "kind", "topic_id", "summary", "body", "maturity",
		"version", "created_by", "created_at", "updated_at"}, len(n.tools), func(k int) []any {
		t := n.tools[k]
		return []any{t.id, t.region, t.name, t.kind, topicID(t.topic), t.summary, t.body, string(t.maturity), t.version,
			l.users[t.createdBy].id, t.created, t.updated}
	}); err != nil {
		return err
	}
	type pair struct{ a, b int64 }
	var origins, notes []pair
	var promos []*promotionPlan
	var promoTool []int64
	var ads []*adoptionPlan
	for _, t := range n.tools {
		for _, o := range t.origins {
			origins = append(origins, pair{t.id, l.offices[o].id})
		}
		for _, x := range t.notes {
			notes = append(notes, pair{t.id, x})
		}
		for k := range t.promotions {
			promos = append(promos, &t.promotions[k])
			promoTool = append(promoTool, t.id)
		}
		ads = append(ads, t.adoptions...)
	}
	if _, err := l.copyRows(ctx, "tool_origins", []string{"tool_id", "office_id"}, len(origins), func(k int) []any {
		return []any{origins[k].a, origins[k].b}
	}); err != nil {
		return err
	}
	var encodeErr error
	if _, err := l.copyRows(ctx, "tool_promotions", []string{"id", "tool_id", "from_level", "to_level", "by_id", "at", "reason", "evidence"},
		len(promos), func(k int) []any {
			p := promos[k]
			ev := []byte("[]")
			if len(p.evidence) > 0 {
				var err error
				if ev, err = json.Marshal(p.evidence); err != nil {
					encodeErr = err
				}
			}
			return []any{next["tool_promotions"] + int64(k), promoTool[k], string(p.from), string(p.to), l.users[p.by].id, p.at, p.reason, string(ev)}
		}); err != nil {
		return err
	}
	if encodeErr != nil {
		return fmt.Errorf("evidence: %w", encodeErr)
	}
	type stepRow struct {
		adoption int64
		st       *stepPlan
	}
	var steps []stepRow
	states := make([]adoptionState, len(ads))
	for k, a := range ads {
		a.id = next["adoptions"] + int64(k)
		s, err := a.replay(len(a.steps))
		if err != nil {
			return err
		}
		states[k] = s
		for j := range a.steps {
			steps = append(steps, stepRow{a.id, &a.steps[j]})
		}
	}
	if _, err := l.copyRows(ctx, "adoptions", []string{"id", "tool_id", "office_id", "stage", "offered_on", "trialling_on", "adopted_on",
		"abandoned_on", "report", "rating", "version", "updated_at"}, len(ads), func(k int) []any {
		a, s := ads[k], &states[k]
		var rating any
		if s.rating != 0 {
			rating = s.rating
		}
		return []any{a.id, a.tool.id, l.offices[a.office].id, string(s.stage), dateOrNil(s.offered), dateOrNil(s.trialling),
			dateOrNil(s.adopted), dateOrNil(s.abandoned), s.report, rating, s.version, s.updated}
	}); err != nil {
		return err
	}
	if _, err := l.copyRows(ctx, "adoption_steps", []string{"id", "adoption_id", "from_stage", "stage", "on_date", "report", "rating",
		"by_id", "at"}, len(steps), func(k int) []any {
		st := steps[k].st
		var rating any
		if st.rating != 0 {
			rating = st.rating
		}
		return []any{next["adoption_steps"] + int64(k), steps[k].adoption, string(st.from), string(st.to), st.on, st.report, rating,
			l.users[st.by].id, st.at}
	}); err != nil {
		return err
	}
	first := next["guide_visits"]
	if _, err := l.copyRows(ctx, "guide_visits", []string{"id", "office_id", "guide_id", "visited_on", "topic_id", "subject", "tried",
		"next_step", "created_at"}, len(n.visits), func(k int) []any {
		v := &n.visits[k]
		step := ""
		if g.pct(70) {
			step = g.cleanParagraph(1)
		}
		return []any{first + int64(k), l.offices[v.office].id, l.users[v.guide].id, v.on, topicID(v.topic), v.subject,
			g.cleanParagraph(1 + g.rnd.IntN(3)), step, l.officeHours(g, v.on)}
	}); err != nil {
		return err
	}
	var visitTools []pair
	for k, v := range n.visits {
		for _, t := range v.tools {
			visitTools = append(visitTools, pair{first + int64(k), n.tools[t].id})
		}
	}
	if _, err := l.copyRows(ctx, "guide_visit_tools", []string{"visit_id", "tool_id"}, len(visitTools), func(k int) []any {
		return []any{visitTools[k].a, visitTools[k].b}
	}); err != nil {
		return err
	}
	_, err := l.copyRows(ctx, "tool_notes", []string{"tool_id", "note_id"}, len(notes), func(k int) []any {
		return []any{notes[k].a, notes[k].b}
	})
	return err
}
