package scale

import (
	"context"
	"fmt"
	"math"
	"sort"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgtype"

	"hnizdo.cz/hnizdo/internal/i18n"
	"hnizdo.cz/hnizdo/internal/pii"
)

// Meetings are planned first, in one goroutine: when each takes place, where it got in its
// lifecycle, how many people registered, how many topics and votes it has. That is where the
// sizes are met exactly. Then each region's meetings are written out by a goroutine of their own
// (stream meetingStream+region), in the order they took place, so that the unresolved items of
// one meeting of a series can be carried into the next as the app does.

const meetingStream = 2000

// meetingSeriesNames are the series a region may run; the first is every region's.
var meetingSeriesNames = []string{"OSPOD sobě", "Porada vedoucích OSPOD", "Setkání pracovníků náhradní rodinné péče",
	"Kulatý stůl k ochraně dětí"}

var czechMonths = strings.Fields("leden únor březen duben květen červen červenec srpen září říjen listopad prosinec")

var meetingCancelReasons = []string{
	"Ze zdravotních důvodů se setkání ruší, náhradní termín oznámíme.",
	"Kvůli nízkému počtu přihlášených se setkání nekoná.",
	"Zasedací místnost není v tomto termínu k dispozici, setkání přesouváme.",
	"Termín se kryje s poradou krajského úřadu, setkání se ruší.",
	"Přednášející onemocněla, setkání proběhne v náhradním termínu.",
}

// plannedMeeting is one meeting as planned: everything the sizes decide, and its dates.
type plannedMeeting struct {
	id      int64
	region  int16
	series  int    // index into meetingPlan.series; -1 for none
	status  string // as it is now
	reached string // cancelled: how far it got before ("open" or "agenda")

	starts, ends, registerBy, topicsBy                                   time.Time
	created, opened, published, held, feedback, approved, closed, cancel time.Time // zero when it did not happen

	capacity, base  int // places; the votes each participant had at least
	allowance       int
	openToAll       bool
	demand, voters  int // current registrations; those made before the topics deadline
	topics, spont   int // all topics; spontaneous agenda items among them
	merged, votes   int // topics merged into others; votes
	attendance      bool
	next, carryCap  int // plan index of the meeting its unresolved items go to (-1); their most (-1: any)
	firstTopic      int64
	reachedAgenda   bool
	minutesApproved bool
	organisers      int // how many are named: 1 or 2
}

func (m *plannedMeeting) votable() int { return m.topics - m.spont - m.merged }

// voteEnd is when topics could last be proposed and voted on.
func (m *plannedMeeting) voteEnd(now time.Time) time.Time {
	t := timeMin(m.topicsBy, now)
	if !m.cancel.IsZero() {
		t = timeMin(t, m.cancel)
	}
	return t
}

// regEnd is when people could last register.
func (m *plannedMeeting) regEnd(now time.Time) time.Time {
	t := timeMin(m.registerBy, now)
	if !m.cancel.IsZero() {
		t = timeMin(t, m.cancel)
	}
	return t
}

// updated is when the meeting was last changed.
func (m *plannedMeeting) updated() time.Time {
	t := m.created
	for _, x := range []time.Time{m.opened, m.published, m.held, m.feedback, m.approved, m.closed, m.cancel} {
		if x.After(t) {
			t = x
		}
	}
	return t
}

type meetingSeries struct {
	id     int64
	region int16
	name   string
}

type meetingPlan struct {
	ms         []*plannedMeeting // in the order they start
	byRegion   map[int16][]int   // indexes into ms, in the order they start
	regions    []int16           // regions that have meetings
	series     []meetingSeries
	people     map[int16][]int // users of each region
	organisers map[int16][]int // methodologists and coordinators of each region
	offices    map[int16][]int // offices of each region
	heads      map[int]int     // office index → its head's user index
}

func timeMin(a, b time.Time) time.Time {
	if a.Before(b) {
		return a
	}
	return b
}

func timeMax(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

func dayspan(n float64) time.Duration { return time.Duration(n * 24 * float64(time.Hour)) }

// loadMeetings writes s.Meetings meetings with s.Topics topics and s.Votes votes: series in every
// region, registrations and waiting lists, organisers, agendas with time slots, minutes with
// follow-up actions, unresolved items carried to the next meeting, and the timeline entries of
// each step. Spread from 2018 to a few months ahead: most held, some open for registration and
// topics, a few planned and a few cancelled.
func (l *loader) loadMeetings(ctx context.Context) error {
	if l.s.Meetings == 0 || len(l.users) == 0 {
		if l.s.Topics+l.s.Votes > 0 {
			return fmt.Errorf("%d topics and %d votes need meetings and people", l.s.Topics, l.s.Votes)
		}
		return nil
	}
	p, err := l.planMeetings(ctx)
	if err != nil {
		return err
	}
	return l.bulk(ctx, []string{"meetings", "topics"}, func(next map[string]int64) error {
		for i, m := range p.ms {
			m.id = next["meetings"] + int64(i)
		}
		first := next["topics"]
		for _, r := range p.regions {
			for _, i := range p.byRegion[r] {
				p.ms[i].firstTopic = first
				first += int64(p.ms[i].topics)
			}
		}
		tables := []string{"meetings", "meeting_organisers", "topics", "registrations", "topic_votes", "topic_actions"}
		return l.withoutForeignKeys(ctx, tables, func() error {
			return parallel(ctx, len(p.regions), func(ctx context.Context, b int) error {
				r := p.regions[b]
				w := &meetingWriter{l: l, p: p, g: newGen(l.s.Seed, uint64(meetingStream)+uint64(r)), region: r,
					carried: map[int][]carriedItem{}, pii: newPIIGuard()}
				return w.write(ctx)
			})
		})
	})
}

// planMeetings decides everything the sizes say, and makes the series.
func (l *loader) planMeetings(ctx context.Context) (*meetingPlan, error) {
	g := newGen(l.s.Seed, meetingStream)
	p := &meetingPlan{byRegion: map[int16][]int{}, people: map[int16][]int{}, organisers: map[int16][]int{},
		offices: map[int16][]int{}, heads: map[int]int{}}
	for i, o := range l.offices {
		p.offices[o.region] = append(p.offices[o.region], i)
	}
	for i, u := range l.users {
		r := l.offices[u.office].region
		p.people[r] = append(p.people[r], i)
		for _, role := range u.roles {
			switch role {
			case "methodologist", "coordinator":
				p.organisers[r] = append(p.organisers[r], i)
			case "head":
				if _, ok := p.heads[u.office]; !ok {
					p.heads[u.office] = i
				}
			}
		}
	}
	var regions []int16
	var weights []float64
	for _, r := range l.regions {
		if n := len(p.people[r]); n > 0 {
			regions = append(regions, r)
			weights = append(weights, math.Sqrt(float64(n))) // bigger regions meet more, not proportionally
		}
	}
	if len(regions) == 0 {
		return nil, fmt.Errorf("no region has people")
	}
	perRegion, err := shareOut(l.s.Meetings, weights, nil)
	if err != nil {
		return nil, err
	}

	// Series: every region runs "OSPOD sobě" and one or two more.
	for _, r := range regions {
		for k := range 2 + g.rnd.IntN(2) {
			p.series = append(p.series, meetingSeries{region: r, name: meetingSeriesNames[k]})
		}
	}
	if _, err := l.copyRows(ctx, "meeting_series", []string{"region_id", "name", "created_at"}, len(p.series), func(i int) []any {
		return []any{p.series[i].region, p.series[i].name, time.Date(2017, 11, 1, 9, 0, 0, 0, time.UTC)}
	}); err != nil {
		return nil, err
	}
	rows, err := l.pool.Query(ctx, `SELECT id, region_id, name FROM meeting_series`)
	if err != nil {
		return nil, fmt.Errorf("series: %w", err)
	}
	ids := map[[2]string]int64{}
	var id int64
	var region int16
	var name string
	if _, err := pgx.ForEachRow(rows, []any{&id, &region, &name}, func() error {
		ids[[2]string{fmt.Sprint(region), name}] = id
		return nil
	}); err != nil {
		return nil, fmt.Errorf("series: %w", err)
	}
	seriesOf := map[int16][]int{}
	for i := range p.series {
		s := &p.series[i]
		s.id = ids[[2]string{fmt.Sprint(s.region), s.name}]
		seriesOf[s.region] = append(seriesOf[s.region], i)
	}

	// When: a few ahead and a few in the last five weeks, evenly, so that every status exists
	// (the nearest ahead has its agenda out, the farthest are still planned; the latest held
	// ones have their minutes written, the earlier ones ask for feedback); the rest since 2018.
	n := l.s.Meetings
	future := max(min(3, n), int(math.Round(float64(n)*0.04)))
	recent := min(n-future, max(2, int(math.Round(float64(n)*0.02))))
	var ms []*plannedMeeting
	for ri, r := range regions {
		for range perRegion[ri] {
			m := &plannedMeeting{region: r, series: -1, next: -1, carryCap: -1}
			if g.rnd.IntN(4) > 0 {
				ss := seriesOf[r]
				m.series = ss[min(len(ss)-1, int(float64(len(ss))*g.rnd.Float64()*g.rnd.Float64()*1.3))]
			}
			ms = append(ms, m)
		}
	}
	// Regions take turns for the future and recent places, so they spread over the country.
	order := g.rnd.Perm(len(ms))
	now := l.now
	start := time.Date(2018, 1, 8, 0, 0, 0, 0, i18n.Prague)
	for k, i := range order {
		m := ms[i]
		switch {
		case k < future:
			step := 147.0 / float64(future)
			d := 3 + float64(k)*step + g.rnd.Float64()*min(step/2, 1)
			m.starts = meetingStart(g, now.Add(dayspan(d)), true)
		case k < future+recent:
			step := 33.0 / float64(recent)
			d := 1 + float64(k-future)*step + g.rnd.Float64()*min(step/2, 1)
			m.starts = meetingStart(g, now.Add(-dayspan(d)), false)
		default:
			m.starts = meetingStart(g, g.between(start, now.Add(-dayspan(36))), false)
		}
	}
	sort.SliceStable(ms, func(a, b int) bool { return ms[a].starts.Before(ms[b].starts) })
	p.ms = ms
	// A series meets at most about monthly: one within a week of the last is a meeting of its own.
	last := map[int]time.Time{}
	for _, m := range ms {
		if m.series < 0 {
			continue
		}
		if t, ok := last[m.series]; ok && m.starts.Sub(t) < dayspan(7) {
			m.series = -1
			continue
		}
		last[m.series] = m.starts
	}
	var past []int
	for i, m := range ms {
		planMeetingDates(g, m, now)
		if m.starts.Before(now.Add(-dayspan(40))) {
			past = append(past, i)
		}
	}
	// A few were called off.
	if n >= 10 && len(past) > 0 {
		for _, k := range g.sample(len(past), min(len(past), max(1, int(math.Round(float64(n)*0.03))))) {
			cancelMeeting(g, ms[past[k]])
		}
	}
	for i, m := range ms {
		p.byRegion[m.region] = append(p.byRegion[m.region], i)
	}
	for _, r := range regions {
		if len(p.byRegion[r]) > 0 {
			p.regions = append(p.regions, r)
		}
	}

	// Registrations: places, and how many came; the open ones are still filling.
	outside := len(l.users)
	for _, m := range ms {
		m.capacity = []int{15, 20, 25, 30, 40, 40, 50, 60, 80, 100}[g.rnd.IntN(10)]
		m.base = []int{3, 3, 3, 4, 5, 5}[g.rnd.IntN(6)]
		if m.status == "draft" {
			continue
		}
		m.openToAll = g.rnd.IntN(10) == 0
		pool := max(0, len(p.people[m.region])-2) // organisers do not register
		if m.openToAll {
			pool += outside - len(p.people[m.region])
		}
		want := float64(m.capacity) * (0.6 + 0.7*g.rnd.Float64())
		if m.status == "open" {
			span := m.registerBy.Sub(m.opened)
			want *= min(1, max(0.2, float64(now.Sub(m.opened))/float64(max(span, time.Hour))))
		}
		m.demand = min(pool, int(math.Round(want)))
		m.voters = m.demand
		if m.voteEnd(now).Before(m.regEnd(now)) {
			m.voters = m.demand - m.demand*15/100 // the last ones came after the topics deadline
		}
	}

	// Topics: about as many for each meeting that collected them; one at least where an agenda
	// was published.
	tw := make([]float64, len(ms))
	mins := make([]int, len(ms))
	for i, m := range ms {
		if m.status == "draft" {
			continue
		}
		tw[i] = 0.6 + 0.8*g.rnd.Float64()
		if m.status == "open" || (m.status == "cancelled" && !m.reachedAgenda) {
			tw[i] *= 0.6
		}
		if m.reachedAgenda {
			mins[i] = 1
		}
	}
	tc, err := shareOutMin(l.s.Topics, tw, mins)
	if err != nil {
		return nil, fmt.Errorf("topics: %w", err)
	}
	for i, m := range ms {
		m.topics = tc[i]
		if !m.held.IsZero() && m.topics >= 3 && g.rnd.IntN(4) == 0 {
			m.spont = 1
		}
		if m.topics >= 4 && g.rnd.IntN(5) == 0 {
			m.merged = 1
		}
	}

	// Votes: each participant spends most of the allowance; a meeting takes at most one vote of
	// each voter per topic and 20 (the most the app allows) per voter.
	vw := make([]float64, len(ms))
	caps := make([]int, len(ms))
	for i, m := range ms {
		caps[i] = min(m.votable()*m.voters, 20*m.voters)
		vw[i] = float64(m.voters*m.base) * (0.5 + 0.45*g.rnd.Float64())
	}
	vc, err := shareOut(l.s.Votes, vw, caps)
	if err != nil {
		return nil, fmt.Errorf("votes: %w", err)
	}
	for i, m := range ms {
		m.votes = vc[i]
		m.allowance = m.base
		if m.voters > 0 {
			m.allowance = min(20, max(m.base, (m.votes+m.voters-1)/m.voters))
		}
	}

	// Carrying: the unresolved items of a meeting whose minutes were approved go to the next
	// meeting of its series that is not cancelled, if it was not held yet; they must fit among
	// its topics, and none may be left unresolved when they would arrive too late for its votes.
	bySeries := map[int][]int{}
	for i, m := range ms {
		if m.series >= 0 {
			bySeries[m.series] = append(bySeries[m.series], i)
		}
	}
	for _, list := range bySeries {
		for k, i := range list {
			m := ms[i]
			if !m.minutesApproved {
				continue
			}
			for _, j := range list[k+1:] {
				t := ms[j]
				if t.status == "cancelled" {
					continue
				}
				switch {
				case !t.starts.After(m.approved):
					// held before the minutes were approved: nothing goes there
				case t.status == "draft" || !m.approved.Before(t.voteEnd(now)) || !timeMax(t.created, m.approved).Before(t.voteEnd(now)):
					m.carryCap = 0
				default:
					m.next, m.carryCap = j, t.votable()
				}
				break
			}
		}
	}
	return p, nil
}

// meetingStart is a morning or afternoon of a working day near day, in Prague; future days move
// forward to a working day, past ones back.
func meetingStart(g *gen, day time.Time, future bool) time.Time {
	d := day.In(i18n.Prague)
	step := -1
	if future {
		step = 1
	}
	for d.Weekday() == time.Saturday || d.Weekday() == time.Sunday {
		d = d.AddDate(0, 0, step)
	}
	h, mi := 9, 0
	switch g.rnd.IntN(10) {
	case 0, 1:
		h = 13
	case 2:
		h, mi = 8, 30
	}
	return time.Date(d.Year(), d.Month(), d.Day(), h, mi, 0, 0, i18n.Prague)
}

// planMeetingDates sets a meeting's deadlines, its status and when each step of its life happened.
func planMeetingDates(g *gen, m *plannedMeeting, now time.Time) {
	local := func(t time.Time, h int) time.Time {
		d := t.In(i18n.Prague)
		return time.Date(d.Year(), d.Month(), d.Day(), h, 0, 0, 0, i18n.Prague)
	}
	m.ends = m.starts.Add(time.Duration(150+30*g.rnd.IntN(7)) * time.Minute)
	m.topicsBy = local(m.starts.Add(-dayspan(float64(7+g.rnd.IntN(8)))), 12)
	m.registerBy = local(m.starts.Add(-dayspan(float64(2+g.rnd.IntN(5)))), 12)
	m.created = m.starts.Add(-dayspan(45 + 55*g.rnd.Float64())).Truncate(time.Minute)
	if !m.created.Before(now) {
		m.created = now.Add(-dayspan(1 + 9*g.rnd.Float64())).Truncate(time.Minute)
	}
	m.opened = timeMin(m.created.Add(dayspan(1+4*g.rnd.Float64())), now).Truncate(time.Minute)
	m.organisers = 1 + g.rnd.IntN(3)/2
	if m.starts.After(now) {
		switch ahead := m.starts.Sub(now); {
		case ahead <= dayspan(21) && m.topicsBy.Before(now.Add(-time.Hour)):
			m.status = "agenda"
		case ahead <= dayspan(80):
			m.status = "open"
		default:
			m.status, m.opened = "draft", time.Time{}
		}
		if m.status == "agenda" {
			m.published = g.between(m.topicsBy, now)
			m.reachedAgenda = true
		}
		return
	}
	// It took place.
	m.reachedAgenda = true
	m.published = m.topicsBy.Add(dayspan(1 + 2*g.rnd.Float64())).Truncate(time.Minute)
	m.held = m.starts.Add(time.Duration(2+g.rnd.IntN(20)) * time.Minute)
	age := now.Sub(m.ends)
	m.attendance = true
	switch {
	case age < dayspan(10):
		m.status = "held"
		m.attendance = g.rnd.IntN(2) == 0
	case age < dayspan(40):
		m.status = "feedback"
		m.minutesApproved = g.rnd.IntN(10) < 6
	default:
		switch x := g.rnd.IntN(100); {
		case x < 85:
			m.status, m.minutesApproved = "closed", true
		case x < 95:
			m.status, m.minutesApproved = "feedback", g.rnd.IntN(10) < 7
		default:
			m.status, m.minutesApproved = "held", g.rnd.IntN(10) < 3
		}
	}
	if m.status != "held" {
		m.feedback = timeMin(m.ends.Add(dayspan(1+3*g.rnd.Float64())), now).Truncate(time.Minute)
	}
	if m.minutesApproved {
		from := timeMax(m.feedback, m.ends.Add(dayspan(1)))
		m.approved = g.between(from, timeMin(from.Add(dayspan(12)), now))
	}
	if m.status == "closed" {
		m.closed = g.between(m.approved, timeMin(m.approved.Add(dayspan(20)), now))
	}
}

// cancelMeeting makes m one that was called off after it opened, some after the agenda was out.
func cancelMeeting(g *gen, m *plannedMeeting) {
	m.reachedAgenda = g.rnd.IntN(10) < 3
	from := m.opened.Add(dayspan(2))
	if m.reachedAgenda {
		from = m.published
	} else {
		m.published = time.Time{}
	}
	m.cancel = g.between(from, m.starts.Add(-time.Hour))
	m.status, m.reached = "cancelled", "open"
	if m.reachedAgenda {
		m.reached = "agenda"
	}
	m.held, m.feedback, m.approved, m.closed = time.Time{}, time.Time{}, time.Time{}, time.Time{}
	m.attendance, m.minutesApproved = false, false
}

// shareOut splits total into whole parts in proportion to weights, each at most caps[i] (nil:
// no caps). It fails when the caps do not add up to total.
func shareOut(total int, weights []float64, caps []int) ([]int, error) {
	out := make([]int, len(weights))
	room := func(i int) int {
		if caps == nil {
			return math.MaxInt
		}
		return caps[i] - out[i]
	}
	if caps != nil {
		sum := 0
		for _, c := range caps {
			sum += c
		}
		if sum < total {
			return nil, fmt.Errorf("room for %d at most, %d asked", sum, total)
		}
	}
	left := total
	for left > 0 {
		var active []int
		w := 0.0
		for i := range out {
			if room(i) > 0 && weights[i] > 0 {
				active = append(active, i)
				w += weights[i]
			}
		}
		if len(active) == 0 { // only weightless ones have room: they share equally
			for i := range out {
				if room(i) > 0 {
					active = append(active, i)
				}
			}
			if len(active) == 0 {
				return nil, fmt.Errorf("no room for %d more", left)
			}
			for _, i := range active {
				weights[i] = 1
			}
			continue
		}
		given := 0
		type frac struct {
			i int
			f float64
		}
		var fr []frac
		for _, i := range active {
			share := float64(left) * weights[i] / w
			n := min(int(share), room(i))
			out[i] += n
			given += n
			fr = append(fr, frac{i, share - math.Floor(share)})
		}
		left -= given
		if given == 0 { // the remainders: largest fractions first
			sort.SliceStable(fr, func(a, b int) bool { return fr[a].f > fr[b].f })
			for _, x := range fr {
				if left == 0 {
					break
				}
				if room(x.i) > 0 {
					out[x.i]++
					left--
				}
			}
		}
	}
	return out, nil
}

// shareOutMin is shareOut with a least part for each.
func shareOutMin(total int, weights []float64, mins []int) ([]int, error) {
	sum := 0
	for _, m := range mins {
		sum += m
	}
	if sum > total {
		return nil, fmt.Errorf("%d asked, %d needed at least", total, sum)
	}
	out, err := shareOut(total-sum, weights, nil)
	if err != nil {
		return nil, err
	}
	for i := range out {
		out[i] += mins[i]
	}
	return out, nil
}

// carriedItem is an unresolved agenda item waiting for the next meeting of its series.
type carriedItem struct {
	from               int64
	title, description string
	area               *int16
	proposedBy         *int64
	votes              int // its own and the carried ones
	forRegion          bool
	approved           time.Time
}

type mtgTopic struct {
	id, meeting               int64
	title, description        string
	area                      *int16
	proposedBy                *int64
	status                    string
	mergedInto, carriedFrom   *int64
	spontaneous, forRegion    bool
	carriedVotes              int
	position                  *int
	slotStart                 pgtype.Time
	slotMinutes               *int
	presenter                 string
	outcome, decisions, resol string
	minutesVersion            int
	created, updated          time.Time
	votes                     int
}

type mtgReg struct {
	meeting, user int64
	status        string
	queued        time.Time
	by            *int64
	attended      *bool
	updated       time.Time
}

type mtgVote struct {
	topic, user, meeting int64
	at                   time.Time
}

type timelineEntry struct {
	at       time.Time
	when     time.Time // when it happened, if not at (zero: at)
	actor    *int64
	action   string
	object   int64
	from, to string
	detail   map[string]any
}

func (e *timelineEntry) moment() time.Time {
	if e.when.IsZero() {
		return e.at
	}
	return e.when
}

// meetingWriter writes the meetings of one region.
type meetingWriter struct {
	l       *loader
	p       *meetingPlan
	g       *gen
	region  int16
	carried map[int][]carriedItem // by plan index of the meeting they go to
	pii     *piiGuard

	meetings   [][]any
	organisers [][]any
	topics     []mtgTopic
	regs       []mtgReg
	votes      []mtgVote
	actions    [][]any
	audit      []timelineEntry
}

func (w *meetingWriter) write(ctx context.Context) error {
	for _, i := range w.p.byRegion[w.region] {
		if err := w.meeting(i); err != nil {
			return err
		}
	}
	l := w.l
	if _, err := l.copyRows(ctx, "meetings", []string{"id", "region_id", "series_id", "title", "description", "venue",
		"address", "online_url", "starts_at", "ends_at", "capacity", "register_by", "topics_by", "vote_allowance",
		"open_to_all", "status", "cancel_reason", "minutes_approved_at", "minutes_approved_by", "version", "created_by",
		"created_at", "updated_at"}, len(w.meetings), func(i int) []any { return w.meetings[i] }); err != nil {
		return err
	}
	if _, err := l.copyRows(ctx, "meeting_organisers", []string{"meeting_id", "user_id"}, len(w.organisers),
		func(i int) []any { return w.organisers[i] }); err != nil {
		return err
	}
	if _, err := l.copyRows(ctx, "topics", []string{"id", "meeting_id", "title", "description", "area_id", "proposed_by",
		"status", "merged_into", "spontaneous", "carried_from", "carried_votes", "position", "slot_start", "slot_minutes",
		"presenter", "outcome", "decisions", "resolution", "for_region", "minutes_version", "created_at", "updated_at"},
		len(w.topics), func(i int) []any {
			t := &w.topics[i]
			return []any{t.id, t.meeting, t.title, t.description, t.area, t.proposedBy, t.status, t.mergedInto,
				t.spontaneous, t.carriedFrom, t.carriedVotes, t.position, t.slotStart, t.slotMinutes, t.presenter,
				t.outcome, t.decisions, t.resol, t.forRegion, t.minutesVersion, t.created, t.updated}
		}); err != nil {
		return err
	}
	if _, err := l.copyRows(ctx, "registrations", []string{"meeting_id", "user_id", "status", "queued_at", "registered_by",
		"attended", "updated_at"}, len(w.regs), func(i int) []any {
		r := &w.regs[i]
		return []any{r.meeting, r.user, r.status, r.queued, r.by, r.attended, r.updated}
	}); err != nil {
		return err
	}
	if _, err := l.copyRows(ctx, "topic_votes", []string{"topic_id", "user_id", "meeting_id", "created_at"}, len(w.votes),
		func(i int) []any {
			v := &w.votes[i]
			return []any{v.topic, v.user, v.meeting, v.at}
		}); err != nil {
		return err
	}
	if _, err := l.copyRows(ctx, "topic_actions", []string{"topic_id", "text", "owner", "due", "done", "created_at"},
		len(w.actions), func(i int) []any { return w.actions[i] }); err != nil {
		return err
	}
	return l.copyTimeline(ctx, "meeting", w.audit)
}

// copyTimeline writes timeline entries of objects of kind; each object's entries in the order they
// happened, since timelines are read in the order of the entries.
func (l *loader) copyTimeline(ctx context.Context, kind string, rows []timelineEntry) error {
	sort.SliceStable(rows, func(a, b int) bool {
		if rows[a].object != rows[b].object {
			return rows[a].object < rows[b].object
		}
		return rows[a].moment().Before(rows[b].moment())
	})
	_, err := l.copyRows(ctx, "audit_log", []string{"at", "actor_id", "action", "object_type", "object_id", "from_state",
		"to_state", "detail"}, len(rows), func(i int) []any {
		r := &rows[i]
		d := r.detail
		if d == nil {
			d = map[string]any{}
		}
		return []any{r.at, r.actor, r.action, kind, r.object, r.from, r.to, d}
	})
	return err
}

func (w *meetingWriter) log(at time.Time, actor int64, action string, m *plannedMeeting, from, to string, detail map[string]any) {
	var a *int64
	if actor != 0 {
		a = &actor
	}
	w.audit = append(w.audit, timelineEntry{at: at, actor: a, action: action, object: m.id, from: from, to: to, detail: detail})
}

// piiGuard tells whether generated text passes the app's personal-data guard (pii.Scan), as
// the app would refuse a topic or an answer that does not. Scanning every text is most of the
// cost of the meetings, so it scans only texts with a digit, "@" or "§", which every pattern
// but the one for names needs; names are capitalised first names near a word about a person,
// so for the rest it is enough that no capitalised word is a name, which it asks pii.Scan once
// per word.
type piiGuard struct{ names map[string]bool }

func newPIIGuard() *piiGuard { return &piiGuard{names: map[string]bool{}} }

func (p *piiGuard) ok(s string) bool {
	if strings.ContainsAny(s, "0123456789@§") {
		return len(pii.Scan(s)) == 0
	}
	for _, w := range strings.FieldsFunc(s, func(r rune) bool { return !unicode.IsLetter(r) }) {
		if r, _ := utf8.DecodeRuneInString(w); !unicode.IsUpper(r) {
			continue
		}
		name, seen := p.names[w]
		if !seen {
			name = len(pii.Scan("dítě "+w)) > 0
			p.names[w] = name
		}
		if name {
			return false
		}
	}
	return true
}

// free returns text made by fn that the guard lets through.
func (p *piiGuard) free(fn func() string) string {
	for range 20 {
		if s := fn(); p.ok(s) {
			return s
		}
	}
	return "Sdílení zkušeností z praxe"
}

func (w *meetingWriter) topicTitle() string {
	g := w.g
	return w.pii.free(func() string {
		if g.rnd.IntN(2) == 0 {
			return title(tags[g.rnd.IntN(len(tags))]) + ": " + strings.ToLower(g.text.phrase(2+g.rnd.IntN(4)))
		}
		return g.text.phrase(3 + g.rnd.IntN(5))
	})
}

func (w *meetingWriter) meeting(i int) error {
	g, l, m, now := w.g, w.l, w.p.ms[i], w.l.now
	r := m.region

	// The meeting and its organisers.
	var orgs []int64
	if list := w.p.organisers[r]; len(list) > 0 {
		for _, k := range g.sample(len(list), min(len(list), m.organisers)) {
			orgs = append(orgs, l.users[list[k]].id)
		}
	}
	organiser := func() int64 {
		if len(orgs) == 0 {
			return 0
		}
		return orgs[g.rnd.IntN(len(orgs))]
	}
	var createdBy, approvedBy *int64
	if len(orgs) > 0 {
		createdBy = &orgs[0]
	}
	var approvedAt *time.Time
	if m.minutesApproved {
		approvedAt = &m.approved
		if len(orgs) > 0 {
			approvedBy = &orgs[len(orgs)-1]
		}
	}
	for _, o := range orgs {
		w.organisers = append(w.organisers, []any{m.id, o})
	}
	var seriesID *int64
	var mtitle string
	local := m.starts.In(i18n.Prague)
	if m.series >= 0 {
		seriesID = &w.p.series[m.series].id
		mtitle = fmt.Sprintf("%s – %s %d", w.p.series[m.series].name, czechMonths[local.Month()-1], local.Year())
	} else {
		mtitle = []string{"Setkání k tématu: ", "Workshop: ", "Seminář: "}[g.rnd.IntN(3)] +
			strings.ToLower(tags[g.rnd.IntN(len(tags))])
	}
	venue, online := "", ""
	if offs := w.p.offices[r]; len(offs) > 0 {
		venue = l.offices[offs[g.rnd.IntN(len(offs))]].name + ", zasedací místnost"
	}
	if venue == "" || g.rnd.IntN(5) == 0 {
		online = fmt.Sprintf("https://meet.hnizdo.test/setkani-%d", m.id)
		if g.rnd.IntN(2) == 0 {
			venue = ""
		}
	}
	reason := ""
	if m.status == "cancelled" {
		reason = meetingCancelReasons[g.rnd.IntN(len(meetingCancelReasons))]
	}
	w.meetings = append(w.meetings, []any{m.id, r, seriesID, mtitle, g.text.paragraph(2 + g.rnd.IntN(3)), venue, "",
		online, m.starts, m.ends, max(1, m.capacity), m.registerBy, m.topicsBy, m.allowance, m.openToAll, m.status,
		reason, approvedAt, approvedBy, 1 + g.rnd.IntN(3), createdBy, m.created, m.updated()})

	// The timeline of its steps.
	w.log(m.created, organiser(), "meeting.create", m, "", "draft", map[string]any{"title": mtitle})
	if !m.opened.IsZero() {
		w.log(m.opened, organiser(), "meeting.open", m, "draft", "open", nil)
	}
	if !m.published.IsZero() {
		w.log(m.published, organiser(), "meeting.publish", m, "open", "agenda", nil)
	}
	if !m.held.IsZero() {
		w.log(m.held, organiser(), "meeting.hold", m, "agenda", "held", nil)
	}
	if !m.feedback.IsZero() {
		w.log(m.feedback, organiser(), "meeting.feedback", m, "held", "feedback", nil)
	}
	if approvedBy != nil {
		st := "held"
		if !m.feedback.IsZero() && m.feedback.Before(m.approved) {
			st = "feedback"
		}
		w.log(m.approved, *approvedBy, "meeting.approve_minutes", m, st, st, nil)
	}
	if !m.closed.IsZero() {
		w.log(m.closed, organiser(), "meeting.close", m, "feedback", "closed", nil)
	}
	if !m.cancel.IsZero() {
		w.log(m.cancel, organiser(), "meeting.cancel", m, m.reached, "cancelled", map[string]any{"reason": reason})
	}
	if m.status == "draft" {
		return nil
	}

	// Registrations: the queue in order; the first places registered, the rest waiting; a few
	// cancelled along the way.
	people, err := w.participants(m, orgs)
	if err != nil {
		return err
	}
	voteEnd, regEnd := m.voteEnd(now), m.regEnd(now)
	queued := make([]time.Time, len(people))
	for k := range people {
		if k < m.voters {
			queued[k] = g.between(m.opened, voteEnd)
		} else {
			queued[k] = g.between(voteEnd, regEnd)
		}
	}
	sort.Slice(queued[:m.voters], func(a, b int) bool { return queued[a].Before(queued[b]) })
	sort.Slice(queued[m.voters:], func(a, b int) bool { return queued[m.voters+a].Before(queued[m.voters+b]) })
	// Places go in the order of the queue: the late ones are on the waiting list when full.
	registered := min(len(people), m.capacity)
	for k, u := range people {
		st := "registered"
		if k >= registered {
			st = "waiting"
		}
		var by *int64
		if h, ok := w.p.heads[l.users[u].office]; ok && h != u && g.rnd.IntN(10) == 0 {
			by = &l.users[h].id
		}
		var attended *bool
		updated := queued[k]
		if st == "registered" && m.attendance {
			a := g.rnd.IntN(100) < 88
			attended, updated = &a, timeMin(m.ends.Add(30*time.Minute), now)
		}
		w.regs = append(w.regs, mtgReg{meeting: m.id, user: l.users[u].id, status: st, queued: queued[k], by: by,
			attended: attended, updated: updated})
	}
	// Some who registered and left: their rows stay, cancelled.
	if extra := w.candidates(m, orgs, people); len(extra) > 0 {
		for _, k := range g.sample(len(extra), min(len(extra), len(people)/15)) {
			at := g.between(m.opened, regEnd)
			w.regs = append(w.regs, mtgReg{meeting: m.id, user: l.users[extra[k]].id, status: "cancelled", queued: at,
				updated: g.between(at, regEnd)})
		}
	}

	// Topics: carried ones, then the proposals (some merged later), then spontaneous items.
	voters := people[:m.voters]
	tid := m.firstTopic
	var votable []int // indexes into w.topics
	for _, c := range w.carried[i] {
		from := c.from
		at := timeMax(m.created, c.approved)
		w.topics = append(w.topics, mtgTopic{id: tid, meeting: m.id, title: c.title, description: c.description,
			area: c.area, proposedBy: c.proposedBy, status: "proposed", carriedFrom: &from, carriedVotes: c.votes,
			forRegion: c.forRegion, created: at, updated: at, minutesVersion: 1})
		w.log(at, organiser(), "meeting.carry", m, "", "proposed", map[string]any{"topic": tid, "from_topic": from})
		votable = append(votable, len(w.topics)-1)
		tid++
	}
	proposals := m.topics - m.spont - len(w.carried[i])
	if proposals < m.merged {
		return fmt.Errorf("meeting %d: %d proposals cannot hold %d merged", m.id, proposals, m.merged)
	}
	var merged []int
	for k := range proposals {
		var by int64
		at := g.between(m.opened, voteEnd)
		if len(voters) > 0 && (len(orgs) == 0 || g.rnd.IntN(5) > 0) {
			v := g.rnd.IntN(len(voters))
			by = l.users[voters[v]].id
			at = g.between(queued[v], voteEnd)
		} else {
			by = organiser()
		}
		var pb *int64
		if by != 0 {
			pb = &by
		}
		var area *int16
		if g.rnd.IntN(5) > 0 {
			a := int16(1 + g.rnd.IntN(18))
			area = &a
		}
		t := mtgTopic{id: tid, meeting: m.id, title: w.topicTitle(), area: area, proposedBy: pb, status: "proposed",
			created: at, updated: at, minutesVersion: 1}
		t.description = w.pii.free(func() string { return g.text.paragraph(1 + g.rnd.IntN(3)) })
		w.topics = append(w.topics, t)
		w.log(at, by, "meeting.propose", m, "", "proposed", map[string]any{"topic": tid, "title": t.title})
		if k < m.merged {
			merged = append(merged, len(w.topics)-1)
		} else {
			votable = append(votable, len(w.topics)-1)
		}
		tid++
	}
	if len(votable) == 0 && m.votes > 0 {
		return fmt.Errorf("meeting %d: %d votes and no topic to vote for", m.id, m.votes)
	}

	// Votes: a skewed spread over the topics, each voter at most once per topic and within the
	// allowance (taken in turn around a shuffled list, so nobody gets more than their share).
	if m.votes > 0 {
		wts := make([]float64, len(votable))
		caps := make([]int, len(votable))
		for k := range votable {
			x := 0.15 + g.rnd.Float64()
			wts[k], caps[k] = x*x*x, len(voters)
		}
		counts, err := shareOut(m.votes, wts, caps)
		if err != nil {
			return fmt.Errorf("meeting %d: votes: %w", m.id, err)
		}
		order := g.rnd.Perm(len(voters))
		at := 0
		for k, ti := range votable {
			t := &w.topics[ti]
			t.votes = counts[k]
			for range counts[k] {
				v := order[at%len(order)]
				at++
				w.votes = append(w.votes, mtgVote{topic: t.id, user: l.users[voters[v]].id, meeting: m.id,
					at: g.between(timeMax(t.created, queued[v]), voteEnd)})
			}
		}
	}

	// What the organisers decided: by rank, the top ones on the agenda.
	sort.SliceStable(votable, func(a, b int) bool {
		ta, tb := &w.topics[votable[a]], &w.topics[votable[b]]
		if x, y := ta.votes+ta.carriedVotes, tb.votes+tb.carriedVotes; x != y {
			return x > y
		}
		return ta.id < tb.id
	})
	decided := m.published
	if decided.IsZero() {
		decided = timeMax(voteEnd, m.opened)
	}
	accepted := 0
	switch {
	case m.reachedAgenda:
		accepted = max(1, min(len(votable), int(math.Round(float64(len(votable))*(0.4+0.3*g.rnd.Float64())))))
	case g.rnd.IntN(5) == 0 && len(votable) > 1:
		accepted = 1 + g.rnd.IntN(min(3, len(votable)-1))
	}
	declineRest := m.reachedAgenda && g.rnd.IntN(10) < 6
	var agenda []int
	for k, ti := range votable {
		t := &w.topics[ti]
		switch {
		case k < accepted:
			t.status = "accepted"
			agenda = append(agenda, ti)
		case declineRest || (k == len(votable)-1 && k > 0 && g.rnd.IntN(10) == 0):
			t.status = "declined"
		}
		if t.status != "proposed" {
			t.updated = timeMax(t.updated, decided)
		}
	}
	for _, ti := range merged {
		t := &w.topics[ti]
		into := votable[g.rnd.IntN(len(votable))]
		if len(agenda) > 0 {
			into = agenda[g.rnd.IntN(len(agenda))]
		}
		id := w.topics[into].id
		t.status, t.mergedInto = "merged", &id
		t.updated = g.between(t.created, timeMax(t.created, decided))
		w.log(t.updated, organiser(), "meeting.merge", m, t.title, w.topics[into].title,
			map[string]any{"topic": t.id, "into": id, "votes_moved": 0})
	}
	for range m.spont {
		by := organiser()
		var pb *int64
		if by != 0 {
			pb = &by
		}
		at := g.between(m.starts, m.ends)
		w.topics = append(w.topics, mtgTopic{id: tid, meeting: m.id, title: w.topicTitle(), proposedBy: pb,
			status: "accepted", spontaneous: true, created: at, updated: at, minutesVersion: 1,
			description: w.pii.free(func() string { return g.text.paragraph(1) })})
		w.log(at, by, "meeting.spontaneous", m, "", "accepted", map[string]any{"topic": tid})
		agenda = append(agenda, len(w.topics)-1)
		tid++
	}
	if tid != m.firstTopic+int64(m.topics) {
		return fmt.Errorf("meeting %d: made %d topics, planned %d", m.id, tid-m.firstTopic, m.topics)
	}

	// The agenda: numbered in order, with time slots and presenters where the organisers gave them.
	slots := m.reachedAgenda && g.rnd.IntN(10) < 7
	clock := local.Hour()*60 + local.Minute() + 15
	for k, ti := range agenda {
		t := &w.topics[ti]
		pos := k + 1
		t.position = &pos
		if slots && !t.spontaneous {
			mins := []int{15, 20, 30, 30, 40, 45, 60}[g.rnd.IntN(7)]
			t.slotStart = pgtype.Time{Microseconds: int64(clock) * 60_000_000, Valid: true}
			t.slotMinutes = &mins
			clock = min(clock+mins, 23*60)
			if g.rnd.IntN(2) == 0 {
				t.presenter = g.text.person()
			}
		}
	}

	// Minutes: every item resolved one way or the other once approved; some written while not.
	if m.held.IsZero() {
		return nil
	}
	var unresolved []int
	for _, ti := range agenda {
		t := &w.topics[ti]
		write := m.minutesApproved || g.rnd.IntN(10) < 6
		if !write {
			continue
		}
		t.outcome = w.pii.free(func() string { return g.text.paragraph(2 + g.rnd.IntN(3)) })
		if g.rnd.IntN(2) == 0 {
			var lines []string
			for range 1 + g.rnd.IntN(3) {
				lines = append(lines, "- "+g.text.phrase(4+g.rnd.IntN(6)))
			}
			t.decisions = w.pii.free(func() string { return strings.Join(lines, "\n") })
		}
		t.minutesVersion = 2 + g.rnd.IntN(2)
		if m.minutesApproved || g.rnd.IntN(3) > 0 {
			t.resol = "resolved"
			if !t.spontaneous && g.rnd.IntN(100) < 15 {
				t.resol = "unresolved"
				unresolved = append(unresolved, ti)
			}
		}
		t.forRegion = m.minutesApproved && g.rnd.IntN(100) < 4
		end := now
		if m.minutesApproved {
			end = m.approved
		}
		t.updated = g.between(m.ends, timeMax(m.ends, end))
		if g.rnd.IntN(4) == 0 {
			for range 1 + g.rnd.IntN(2) {
				due := m.ends.AddDate(0, 0, 14+g.rnd.IntN(60)).In(i18n.Prague)
				day := time.Date(due.Year(), due.Month(), due.Day(), 0, 0, 0, 0, time.UTC)
				done := due.Before(now) && g.rnd.IntN(10) < 7
				w.actions = append(w.actions, []any{t.id, w.pii.free(func() string { return g.text.phrase(4 + g.rnd.IntN(6)) }),
					g.text.person(), day, done, t.updated})
			}
		}
	}
	// Only as many unresolved items as the next meeting can take in.
	if m.carryCap >= 0 && len(unresolved) > m.carryCap {
		for _, ti := range unresolved[m.carryCap:] {
			w.topics[ti].resol = "resolved"
		}
		unresolved = unresolved[:m.carryCap]
	}
	if m.next >= 0 {
		for _, ti := range unresolved {
			t := &w.topics[ti]
			w.carried[m.next] = append(w.carried[m.next], carriedItem{from: t.id, title: t.title,
				description: t.description, area: t.area, proposedBy: t.proposedBy, votes: t.votes + t.carriedVotes,
				forRegion: t.forRegion, approved: m.approved})
		}
	}
	return nil
}

// participants picks m.demand people to register for m: its region's, and some of other
// regions when it is open to all; never its organisers.
func (w *meetingWriter) participants(m *plannedMeeting, orgs []int64) ([]int, error) {
	g, l := w.g, w.l
	own := w.candidates(m, orgs, nil)
	outside := 0
	if m.openToAll {
		outside = min(m.demand*15/100, len(l.users)-len(w.p.people[m.region]))
	}
	fromOwn := min(len(own), m.demand-outside)
	outside = m.demand - fromOwn
	if outside > len(l.users)-len(w.p.people[m.region]) {
		return nil, fmt.Errorf("meeting %d: %d people wanted, too few to register", m.id, m.demand)
	}
	var out []int
	for _, k := range g.sample(len(own), fromOwn) {
		out = append(out, own[k])
	}
	seen := map[int]bool{}
	for outside > 0 {
		u := g.rnd.IntN(len(l.users))
		if l.offices[l.users[u].office].region == m.region || seen[u] {
			continue
		}
		seen[u] = true
		out = append(out, u)
		outside--
	}
	g.rnd.Shuffle(len(out), func(a, b int) { out[a], out[b] = out[b], out[a] })
	return out, nil
}

// candidates are the people of m's region who may register, less orgs and those in not.
func (w *meetingWriter) candidates(m *plannedMeeting, orgs []int64, not []int) []int {
	skip := map[int64]bool{}
	for _, o := range orgs {
		skip[o] = true
	}
	for _, u := range not {
		skip[w.l.users[u].id] = true
	}
	var out []int
	for _, u := range w.p.people[m.region] {
		if !skip[w.l.users[u].id] {
			out = append(out, u)
		}
	}
	return out
}
