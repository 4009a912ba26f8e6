package demo

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"hnizdo.cz/hnizdo/internal/auth"
	"hnizdo.cz/hnizdo/internal/db"
	"hnizdo.cz/hnizdo/internal/i18n"
	"hnizdo.cz/hnizdo/internal/oversight"
	"hnizdo.cz/hnizdo/internal/question"
	"hnizdo.cz/hnizdo/internal/workday"
)

// The demo oversight gives each demo region a year of methodological oversight: the annual plan
// of inspections with plan against reality, an inspection closed last year with its measures
// verified (one of them returned once), one in the objection period, one whose measures are
// overdue, a criterion found wanting in two offices, two methodological visits, and the queue of
// methodological questions with a FAQ.
//
// Everything goes through the oversight and question stores, so the demo obeys their rules and
// leaves their audit trail. The stores' clocks are set to when each step happened, relative to
// the real today (the seed runs on whatever day `make run` is started); the clock never runs
// ahead of the real now. The store stamps its audit entries and a few timestamps now(), so those
// are moved to the clock's time afterwards, as the other demo seeds do.

// oversightLock serialises demo seeders of oversight: two instances starting at once must not
// both find a region without oversight and both seed it.
const oversightLock = "demo.oversight"

// findingSeed is an assessment rated partly or not met.
type findingSeed struct {
	Code   string
	Rating oversight.Rating
	Text   string
}

// measureSeed is a remedial measure and what became of it. Days count from the day the
// inspection was decided.
type measureSeed struct {
	Code        string // the finding it remedies
	Responsible string // e-mail; also who reports
	Description string
	Due         int
	Reported    int    // 0: never reported
	Report      string // the evidence
	Returned    string // the region's reason for returning the first report; "" if accepted at once
	Again       string // the report after the return
	Verified    bool
}

// objectionSeed is the office's objection to a finding (Code) or to the whole protocol ("").
type objectionSeed struct {
	By, Code, Text string
}

// inspectionSeed is one inspection; how far it got is the schedule's business.
type inspectionSeed struct {
	Office   string
	Kind     oversight.Kind
	Subject  string
	Team     []string // e-mails of methodologists
	Full     bool     // the whole checklist assessed: every criterion met but the findings
	Met      []string // otherwise the criteria assessed as met
	Findings []findingSeed
	Object   *objectionSeed
	Measures []measureSeed
	Reason   string // why it was cancelled
}

// schedule is when each step of an inspection happened. Dates are calendar days (UTC midnight,
// as pgx reads dates); a zero date means the inspection did not get that far.
type schedule struct {
	year, quarter                                   int
	planned                                         time.Time // the moment it entered the plan
	cancelled                                       time.Time
	notice, from, until, issued, delivered, decided time.Time
	filed                                           time.Time // the objection
	close                                           bool      // closed a week after the last verification
}

// visitSeed is a methodological visit or consultation.
type visitSeed struct {
	Office, Kind, By  string
	Ago               int // days before today
	Topics, Recommend string
	Followups         []followupSeed
	Note              string // title of a published note to link; any of the region's if missing
}

// followupSeed is a step agreed at a visit. Due counts from the visit; Done > 0 is the day after
// the visit when it was marked done, by DoneBy (the region's methodologist if empty).
type followupSeed struct {
	Text      string
	Due, Done int
	DoneBy    string
}

// questionSeed is a methodological question and how far it got. Ago is when it was asked, in
// days before today; the answer comes Answer days after that (12 if 0), publishing or keeping
// it private two days later.
type questionSeed struct {
	Asker, Title, Body, Area string
	State                    question.State
	Ago, Answer              int
	Assignee                 string // the methodologist who answers; the region's lead if empty
	Reply, Laws              string
	Standards                []int16
	Notes                    []string // titles of published notes the answer cites
	FAQTitle, FAQBody        string
}

// topicAnswer answers the questions that came from the meeting agenda items titled Title: the
// first item's question is published, the items carried from it are answered by a pointer to
// the FAQ and kept private.
type topicAnswer struct {
	Title                string
	Reply, Laws, Pointer string
	Notes                []string
	FAQTitle, FAQBody    string
	Standards            []int16
}

// spawnSeed is the answer to the FAQ question spawned from the repeated finding of Code.
type spawnSeed struct {
	Code, Reply, Laws string
	FAQTitle, FAQBody string
	Standards         []int16
}

// regionOversight is the demo oversight of one region.
type regionOversight struct {
	Slug string
	Lead string // the methodologist who plans, records and answers

	Closed    inspectionSeed // last year's, closed
	Overdue   inspectionSeed // measures overdue
	Objection inspectionSeed // in the objection period
	Done      inspectionSeed // last quarter's, finished without findings
	Notified  inspectionSeed // this quarter's, notice delivered
	Thematic  inspectionSeed // next quarter's
	Followup  inspectionSeed // the fourth quarter's follow-up of last year's inspection
	Late      inspectionSeed // last quarter's, not on site yet
	Cancelled inspectionSeed

	Spawn     spawnSeed
	Visits    []visitSeed
	Questions []questionSeed
	Topics    []topicAnswer
}

// overseer carries what the steps of SeedOversight share.
type overseer struct {
	pool     *pgxpool.Pool
	os       *oversight.Store
	qs       *question.Store
	clock    time.Time // the stores' time
	today    time.Time // the real today
	users    map[string]*auth.User
	areas    map[string]int16
	criteria map[string]int16 // code → id
	assessed []string         // codes of the criteria an inspection assesses
	notes    map[string]int64 // published notes by title

	region int16
	lead   *auth.User
	made   struct{ inspections, measures, visits, questions []int64 }
}

// SeedOversight adds the demo oversight to each demo region that has no inspections, visits or
// questions of its own yet, and returns how many regions it seeded. A region whose seeding fails
// is left as it was. The demo people, notes and meetings must exist (see Seed): measures bind
// colleagues, visits and answers cite notes, and agenda items become questions.
func SeedOversight(ctx context.Context, pool *pgxpool.Pool) (int, error) {
	conn, err := pool.Acquire(ctx)
	if err != nil {
		return 0, fmt.Errorf("demo: oversight: %w", err)
	}
	defer conn.Release()
	if _, err := conn.Exec(ctx, `SELECT pg_advisory_lock(hashtextextended($1, 0))`, oversightLock); err != nil {
		return 0, fmt.Errorf("demo: oversight lock: %w", err)
	}
	defer func() {
		_, _ = conn.Exec(context.WithoutCancel(ctx), `SELECT pg_advisory_unlock(hashtextextended($1, 0))`, oversightLock)
	}()

	// The regions share nothing but the reference data, so they are seeded side by side, each
	// with stores of its own whose clocks it sets.
	base := &overseer{pool: pool, today: oversight.Today(time.Now())}
	if err := base.load(ctx); err != nil {
		return 0, err
	}
	seeds := []regionOversight{jmkOversight(), pakOversight()}
	type result struct {
		done bool
		err  error
	}
	results := make([]chan result, len(seeds))
	for k, r := range seeds {
		results[k] = make(chan result, 1)
		o := base.fork()
		go func() {
			done, err := o.seedRegion(ctx, r)
			if err != nil {
				err = fmt.Errorf("demo: oversight of %s: %w", r.Slug, err)
			}
			results[k] <- result{done, err}
		}()
	}
	seeded := 0
	var errs []error
	for _, ch := range results {
		res := <-ch
		if res.done {
			seeded++
		}
		errs = append(errs, res.err)
	}
	return seeded, errors.Join(errs...)
}

// fork returns an overseer for one region: the reference data shared, the stores and their
// clock its own.
func (o *overseer) fork() *overseer {
	f := &overseer{pool: o.pool, today: o.today, users: o.users, areas: o.areas, criteria: o.criteria,
		assessed: o.assessed, notes: o.notes, os: oversight.NewStore(o.pool), qs: question.NewStore(o.pool)}
	f.os.SetClock(func() time.Time { return f.clock })
	f.qs.SetClock(func() time.Time { return f.clock })
	return f
}

// load reads the people, areas, criteria and published notes the seeds refer to.
func (o *overseer) load(ctx context.Context) error {
	rows, err := o.pool.Query(ctx, `
		SELECT u.id, u.email, u.name, u.office_id, o.name AS office_name, o.region_id, u.roles
		FROM users u JOIN offices o ON o.id = u.office_id WHERE u.active`)
	if err != nil {
		return fmt.Errorf("demo: users: %w", err)
	}
	list, err := pgx.CollectRows(rows, pgx.RowToAddrOfStructByNameLax[auth.User])
	if err != nil {
		return fmt.Errorf("demo: users: %w", err)
	}
	o.users = map[string]*auth.User{}
	for _, u := range list {
		o.users[strings.ToLower(u.Email)] = u
	}
	if o.areas, err = areaIDs(ctx, o.pool); err != nil {
		return err
	}
	rows, err = o.pool.Query(ctx, `SELECT code, id, assessed FROM criteria ORDER BY standard_id, position`)
	if err != nil {
		return fmt.Errorf("demo: criteria: %w", err)
	}
	o.criteria = map[string]int16{}
	var code string
	var id int16
	var assessed bool
	if _, err := pgx.ForEachRow(rows, []any{&code, &id, &assessed}, func() error {
		o.criteria[code] = id
		if assessed {
			o.assessed = append(o.assessed, code)
		}
		return nil
	}); err != nil {
		return fmt.Errorf("demo: criteria: %w", err)
	}
	rows, err = o.pool.Query(ctx, `SELECT title, id FROM notes WHERE status = 'published'`)
	if err != nil {
		return fmt.Errorf("demo: notes: %w", err)
	}
	o.notes = map[string]int64{}
	var title string
	var nid int64
	if _, err := pgx.ForEachRow(rows, []any{&title, &nid}, func() error { o.notes[title] = nid; return nil }); err != nil {
		return fmt.Errorf("demo: notes: %w", err)
	}
	return nil
}

func (o *overseer) user(email string) (*auth.User, error) {
	u, ok := o.users[strings.ToLower(email)]
	if !ok {
		return nil, fmt.Errorf("no active user %s", email)
	}
	return u, nil
}

// seedRegion seeds region r unless it has oversight of its own already; it reports whether it
// did. On failure it removes what it made, so the next start seeds the region whole.
func (o *overseer) seedRegion(ctx context.Context, r regionOversight) (bool, error) {
	var taken bool
	err := o.pool.QueryRow(ctx, `
		SELECT g.id, EXISTS (SELECT 1 FROM inspections WHERE region_id = g.id)
			OR EXISTS (SELECT 1 FROM visits WHERE region_id = g.id)
			OR EXISTS (SELECT 1 FROM questions WHERE region_id = g.id AND topic_id IS NULL)
		FROM regions g WHERE g.slug = $1`, r.Slug).Scan(&o.region, &taken)
	if err != nil {
		return false, fmt.Errorf("region: %w", err)
	}
	if taken {
		return false, nil
	}
	if o.lead, err = o.user(r.Lead); err != nil {
		return false, err
	}
	o.made.inspections, o.made.measures, o.made.visits, o.made.questions = nil, nil, nil, nil
	if err := o.seedAll(ctx, r); err != nil {
		o.drop(ctx)
		return false, err
	}
	return true, nil
}

func (o *overseer) seedAll(ctx context.Context, r regionOversight) error {
	for _, x := range []struct {
		in inspectionSeed
		s  schedule
	}{
		{r.Closed, o.closedSchedule()},
		{r.Overdue, o.overdueSchedule()},
		{r.Objection, o.objectionSchedule()},
		{r.Done, o.doneSchedule()},
		{r.Notified, o.notifiedSchedule()},
		{r.Thematic, o.plannedSchedule(o.thisYear(), min(o.thisQuarter()+1, 4))},
		{r.Followup, o.plannedSchedule(o.thisYear(), 4)},
		{r.Late, o.plannedSchedule(o.lastQuarter())},
		{r.Cancelled, o.cancelledSchedule()},
	} {
		if err := o.inspection(ctx, x.in, x.s); err != nil {
			return fmt.Errorf("inspection of %s: %w", x.in.Office, err)
		}
	}
	if err := o.spawn(ctx, r.Spawn); err != nil {
		return fmt.Errorf("FAQ from the repeated %s: %w", r.Spawn.Code, err)
	}
	for _, v := range r.Visits {
		if err := o.visit(ctx, v); err != nil {
			return fmt.Errorf("visit of %s: %w", v.Office, err)
		}
	}
	for _, q := range r.Questions {
		if err := o.question(ctx, q); err != nil {
			return fmt.Errorf("question %q: %w", q.Title, err)
		}
	}
	if err := o.topics(ctx, r.Topics); err != nil {
		return err
	}
	return o.backdate(ctx)
}

// Dates.

// day is today plus n days.
func (o *overseer) day(n int) time.Time { return o.today.AddDate(0, 0, n) }

func (o *overseer) thisYear() int    { return o.today.Year() }
func (o *overseer) thisQuarter() int { return quarterOf(o.today) }

// lastQuarter is the quarter before this one, in last year's plan in the first quarter.
func (o *overseer) lastQuarter() (int, int) {
	if q := o.thisQuarter(); q > 1 {
		return o.thisYear(), q - 1
	}
	return o.thisYear() - 1, 4
}

func quarterOf(d time.Time) int { return (int(d.Month())-1)/3 + 1 }

func date(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

// back moves d to the nearest working day on or before it: offices act on working days.
func back(d time.Time) time.Time {
	for !workday.IsWorkingDay(d) {
		d = d.AddDate(0, 0, -1)
	}
	return d
}

// fwd moves d to the nearest working day on or after it.
func fwd(d time.Time) time.Time {
	for !workday.IsWorkingDay(d) {
		d = d.AddDate(0, 0, 1)
	}
	return d
}

// after is the working day nearest before target that is still after prev: a step of a measure
// never comes before the one it answers.
func after(prev, target time.Time) time.Time {
	if d := back(target); d.After(prev) {
		return d
	}
	return fwd(prev.AddDate(0, 0, 1))
}

// planDay is when the plan of year was approved: in December before it.
func planDay(year int) time.Time {
	return time.Date(year-1, time.December, 12, 10, 0, 0, 0, i18n.Prague)
}

// set puts the stores' clock at hour:minute of day d in Prague, or at the real now if that is
// earlier: the stores must never live in the future.
func (o *overseer) set(d time.Time, hour, minute int) {
	o.setAt(time.Date(d.Year(), d.Month(), d.Day(), hour, minute, 0, 0, i18n.Prague))
}

func (o *overseer) setAt(t time.Time) {
	if now := time.Now(); t.After(now) {
		t = now
	}
	o.clock = t
}

// closedSchedule: planned for the second quarter of last year, on site in May, closed in the
// autumn once the office's measures were verified.
func (o *overseer) closedSchedule() schedule {
	y := o.thisYear() - 1
	s := schedule{year: y, quarter: 2, planned: planDay(y), close: true}
	s.notice = back(date(y, time.April, 20))
	s.from = back(date(y, time.May, 12))
	s.until = fwd(s.from.AddDate(0, 0, 1))
	s.issued = back(date(y, time.June, 2))
	s.delivered = fwd(s.issued.AddDate(0, 0, 2))
	s.decided = fwd(workday.Objections().Due(s.delivered).AddDate(0, 0, 3))
	return s
}

// overdueSchedule: on site four months ago, decided about eighty days ago; its measures fell due
// since.
func (o *overseer) overdueSchedule() schedule {
	s := schedule{}
	s.notice = back(o.day(-140))
	s.from = back(o.day(-122))
	s.until = fwd(s.from.AddDate(0, 0, 2))
	s.issued = back(o.day(-104))
	s.delivered = fwd(s.issued.AddDate(0, 0, 3))
	s.decided = fwd(workday.Objections().Due(s.delivered).AddDate(0, 0, 3))
	s.year, s.quarter = s.from.Year(), quarterOf(s.from)
	s.planned = planDay(s.year)
	return s
}

// objectionSchedule: the protocol was delivered three to five days ago, so the fifteen days for
// objections run; the office objected yesterday.
func (o *overseer) objectionSchedule() schedule {
	s := schedule{}
	s.notice = back(o.day(-45))
	s.from = back(o.day(-26))
	s.until = fwd(s.from.AddDate(0, 0, 2))
	s.issued = back(o.day(-9))
	s.delivered = back(o.day(-3))
	if s.delivered.Before(s.issued) {
		s.delivered = s.issued
	}
	s.filed = back(o.day(-1))
	if s.filed.Before(s.delivered) {
		s.filed = s.delivered
	}
	s.year, s.quarter = s.from.Year(), quarterOf(s.from)
	s.planned = planDay(s.year)
	return s
}

// doneSchedule: last quarter's thematic inspection, concluded without findings and closed.
func (o *overseer) doneSchedule() schedule {
	y, q := o.lastQuarter()
	start := date(y, time.Month(3*q-2), 1)
	s := schedule{year: y, quarter: q, planned: planDay(y), close: true}
	s.notice = back(start.AddDate(0, 0, 14))
	s.from = back(start.AddDate(0, 0, 35))
	s.until = s.from
	s.issued = back(s.from.AddDate(0, 0, 12))
	s.delivered = fwd(s.issued.AddDate(0, 0, 2))
	s.decided = fwd(workday.Objections().Due(s.delivered).AddDate(0, 0, 2))
	return s
}

// notifiedSchedule: this quarter's inspection whose notice was delivered a week ago.
func (o *overseer) notifiedSchedule() schedule {
	s := o.plannedSchedule(o.thisYear(), o.thisQuarter())
	s.notice = back(o.day(-7))
	return s
}

func (o *overseer) plannedSchedule(year, quarter int) schedule {
	return schedule{year: year, quarter: quarter, planned: planDay(year)}
}

// cancelledSchedule: this quarter's inspection, dropped three weeks ago.
func (o *overseer) cancelledSchedule() schedule {
	s := o.plannedSchedule(o.thisYear(), o.thisQuarter())
	s.cancelled = back(o.day(-20))
	if !s.cancelled.After(s.planned) {
		s.cancelled = fwd(s.planned.AddDate(0, 0, 1))
	}
	return s
}

// Steps.

// stamp dates the audit entries the store has just written about object typ id (dated now) at
// the clock; the entries of earlier steps are older than the clock already.
func (o *overseer) stamp(ctx context.Context, typ string, id int64) error {
	if _, err := o.pool.Exec(ctx, `UPDATE audit_log SET at = $3 WHERE object_type = $1 AND object_id = $2 AND at > $3`,
		typ, id, o.clock); err != nil {
		return fmt.Errorf("timeline of %s %d: %w", typ, id, err)
	}
	return nil
}

func (o *overseer) office(ctx context.Context, name string) (int64, error) {
	var id int64
	if err := o.pool.QueryRow(ctx, `SELECT id FROM offices WHERE name = $1 AND region_id = $2`, name, o.region).Scan(&id); err != nil {
		return 0, fmt.Errorf("office %s: %w", name, err)
	}
	return id, nil
}

func (o *overseer) team(emails []string) ([]int64, error) {
	var ids []int64
	for _, e := range emails {
		u, err := o.user(e)
		if err != nil {
			return nil, err
		}
		ids = append(ids, u.ID)
	}
	return ids, nil
}

// inspection plans in and takes it as far as s goes.
func (o *overseer) inspection(ctx context.Context, in inspectionSeed, s schedule) error {
	office, err := o.office(ctx, in.Office)
	if err != nil {
		return err
	}
	team, err := o.team(in.Team)
	if err != nil {
		return err
	}
	o.setAt(s.planned)
	id, err := o.os.Plan(ctx, o.lead, oversight.PlanInput{OfficeID: office, Year: int16(s.year), Quarter: int16(s.quarter),
		Kind: in.Kind, Subject: in.Subject, Team: team})
	if err != nil {
		return fmt.Errorf("plan: %w", err)
	}
	o.made.inspections = append(o.made.inspections, id)
	if err := o.stamp(ctx, "inspection", id); err != nil {
		return err
	}
	step := func(d time.Time, hour int, st oversight.Step) error {
		o.set(d, hour, 0)
		i, err := o.os.Inspection(ctx, o.lead, id)
		if err != nil {
			return err
		}
		st.Version = i.Version
		if err := o.os.Advance(ctx, o.lead, id, st); err != nil {
			return fmt.Errorf("%s: %w", st.To, err)
		}
		return o.stamp(ctx, "inspection", id)
	}
	if !s.cancelled.IsZero() {
		return step(s.cancelled, 14, oversight.Step{To: oversight.Cancelled, Reason: in.Reason})
	}
	if s.notice.IsZero() {
		return nil
	}
	if err := step(s.notice, 10, oversight.Step{To: oversight.Notified, Date: s.notice}); err != nil {
		return err
	}
	if s.from.IsZero() {
		return nil
	}
	if err := step(s.from, 8, oversight.Step{To: oversight.Onsite, From: s.from, Until: s.until}); err != nil {
		return err
	}
	findings, err := o.assess(ctx, id, in, s.until)
	if err != nil {
		return err
	}
	if s.issued.IsZero() {
		return nil
	}
	if err := step(s.delivered, 9, oversight.Step{To: oversight.Protocol, Issued: s.issued, Delivered: s.delivered}); err != nil {
		return err
	}
	if in.Object != nil {
		by, err := o.user(in.Object.By)
		if err != nil {
			return err
		}
		o.set(s.filed, 11, 20)
		if _, err := o.os.Object(ctx, by, id, oversight.ObjectionInput{FindingID: findings[in.Object.Code], Filed: s.filed,
			Text: in.Object.Text}); err != nil {
			return fmt.Errorf("objection: %w", err)
		}
		if err := o.stamp(ctx, "inspection", id); err != nil {
			return err
		}
	}
	if s.decided.IsZero() {
		return nil
	}
	if err := step(s.decided, 10, oversight.Step{To: oversight.Decided, Date: s.decided}); err != nil {
		return err
	}
	last := s.decided
	for _, m := range in.Measures {
		end, err := o.measure(ctx, findings[m.Code], m, s.decided)
		if err != nil {
			return fmt.Errorf("measure for %s: %w", m.Code, err)
		}
		if end.After(last) {
			last = end
		}
	}
	if len(in.Measures) > 0 {
		// The measures were set on the day of the decision; their later steps are their own.
		if err := step(s.decided, 12, oversight.Step{To: oversight.Measures}); err != nil {
			return err
		}
	}
	if s.close {
		closed := last
		if len(in.Measures) > 0 {
			closed = fwd(last.AddDate(0, 0, 7))
		}
		return step(closed, 15, oversight.Step{To: oversight.Closed, Date: closed})
	}
	return nil
}

// assess fills in the checklist of inspection id on its last day on site and returns the
// findings' ids by criterion code.
func (o *overseer) assess(ctx context.Context, id int64, in inspectionSeed, day time.Time) (map[string]int64, error) {
	found := map[string]findingSeed{}
	for _, f := range in.Findings {
		found[f.Code] = f
	}
	codes := in.Met
	if in.Full {
		codes = o.assessed
	}
	for _, f := range in.Findings {
		if !in.Full {
			codes = append(codes, f.Code)
		}
	}
	ids := map[string]int64{}
	for _, code := range codes {
		cid, ok := o.criteria[code]
		if !ok {
			return nil, fmt.Errorf("no criterion %s", code)
		}
		r, text := oversight.Met, ""
		if f, ok := found[code]; ok {
			r, text = f.Rating, f.Text
		}
		fid, err := o.os.Assess(ctx, o.lead, id, cid, r, text, 0)
		if err != nil {
			return nil, fmt.Errorf("assess %s: %w", code, err)
		}
		ids[code] = fid
	}
	// The team went through the checklist over the afternoon, a few minutes a criterion.
	o.set(day, 12, 0)
	if _, err := o.pool.Exec(ctx, `
		UPDATE audit_log a SET at = $2 + (x.n - 1) * interval '4 minutes'
		FROM (SELECT id, row_number() OVER (ORDER BY id) AS n FROM audit_log
			WHERE object_type = 'inspection' AND object_id = $1 AND action = 'inspection.assess' AND at > $2) x
		WHERE a.id = x.id`, id, o.clock); err != nil {
		return nil, fmt.Errorf("timeline of the checklist of %d: %w", id, err)
	}
	return ids, nil
}

// measure adds m to the finding on the day decided and takes it through the office's reports
// and the region's answers; it returns the day of its last step.
func (o *overseer) measure(ctx context.Context, finding int64, m measureSeed, decided time.Time) (time.Time, error) {
	if finding == 0 {
		return time.Time{}, errors.New("no such finding")
	}
	who, err := o.user(m.Responsible)
	if err != nil {
		return time.Time{}, err
	}
	o.set(decided, 11, 0)
	id, err := o.os.AddMeasure(ctx, o.lead, oversight.MeasureInput{FindingID: finding, ResponsibleID: who.ID,
		Due: decided.AddDate(0, 0, m.Due), Description: m.Description})
	if err != nil {
		return time.Time{}, fmt.Errorf("add: %w", err)
	}
	o.made.measures = append(o.made.measures, id)
	if err := o.stamp(ctx, "measure", id); err != nil {
		return time.Time{}, err
	}
	last := decided
	do := func(d time.Time, hour int, fn func(version int32) error) error {
		o.set(d, hour, 30)
		cur, err := o.os.Measure(ctx, o.lead, id)
		if err != nil {
			return err
		}
		if err := fn(cur.Version); err != nil {
			return err
		}
		last = d
		return o.stamp(ctx, "measure", id)
	}
	if m.Reported == 0 {
		return last, nil
	}
	report := func(text string) func(int32) error {
		return func(v int32) error { return o.os.Report(ctx, who, id, text, v) }
	}
	if err := do(after(last, decided.AddDate(0, 0, m.Reported)), 13, report(m.Report)); err != nil {
		return last, fmt.Errorf("report: %w", err)
	}
	if m.Returned != "" {
		if err := do(after(last, last.AddDate(0, 0, 3)), 10, func(v int32) error {
			return o.os.Return(ctx, o.lead, id, m.Returned, v)
		}); err != nil {
			return last, fmt.Errorf("return: %w", err)
		}
		if err := do(after(last, last.AddDate(0, 0, 8)), 14, report(m.Again)); err != nil {
			return last, fmt.Errorf("report again: %w", err)
		}
	}
	if m.Verified {
		if err := do(after(last, last.AddDate(0, 0, 4)), 9, func(v int32) error {
			return o.os.Verify(ctx, o.lead, id, v)
		}); err != nil {
			return last, fmt.Errorf("verify: %w", err)
		}
	}
	return last, nil
}

// spawn makes the FAQ question from the repeated finding of sp.Code, as a methodologist does with
// one click on the region's overview, and answers and publishes it today.
func (o *overseer) spawn(ctx context.Context, sp spawnSeed) error {
	o.setAt(time.Now())
	id, err := o.os.SpawnFAQ(ctx, o.lead, o.criteria[sp.Code])
	if err != nil {
		return err
	}
	o.made.questions = append(o.made.questions, id)
	return o.answer(ctx, id, o.lead, question.AnswerInput{Answer: sp.Reply, Laws: sp.Laws, StandardIDs: sp.Standards},
		question.Published, sp.FAQTitle, sp.FAQBody, time.Now(), time.Now())
}

// visit records v with its follow-ups and a linked note.
func (o *overseer) visit(ctx context.Context, v visitSeed) error {
	office, err := o.office(ctx, v.Office)
	if err != nil {
		return err
	}
	by := o.lead
	if v.By != "" {
		if by, err = o.user(v.By); err != nil {
			return err
		}
	}
	on := back(o.day(-v.Ago))
	o.set(on, 15, 10)
	id, err := o.os.AddVisit(ctx, by, oversight.VisitInput{OfficeID: office, Kind: v.Kind, Date: on, Topics: v.Topics,
		Recommendations: v.Recommend})
	if err != nil {
		return fmt.Errorf("add: %w", err)
	}
	o.made.visits = append(o.made.visits, id)
	if err := o.stamp(ctx, "visit", id); err != nil {
		return err
	}
	note, err := o.visitNote(ctx, v.Note)
	if err != nil {
		return err
	}
	if note != 0 {
		o.set(on, 15, 40)
		if err := o.os.LinkNote(ctx, by, id, note); err != nil {
			return fmt.Errorf("link note: %w", err)
		}
		if err := o.stamp(ctx, "visit", id); err != nil {
			return err
		}
	}
	for k, f := range v.Followups {
		o.set(on, 15, 20+k)
		fid, err := o.os.AddFollowup(ctx, by, id, f.Text, on.AddDate(0, 0, f.Due))
		if err != nil {
			return fmt.Errorf("follow-up: %w", err)
		}
		if err := o.stamp(ctx, "visit", id); err != nil {
			return err
		}
		if f.Done == 0 {
			continue
		}
		who := by
		if f.DoneBy != "" {
			if who, err = o.user(f.DoneBy); err != nil {
				return err
			}
		}
		o.set(on.AddDate(0, 0, f.Done), 11, 0)
		if err := o.os.DoneFollowup(ctx, who, fid); err != nil {
			return fmt.Errorf("follow-up done: %w", err)
		}
		if err := o.stamp(ctx, "visit", id); err != nil {
			return err
		}
	}
	return nil
}

// visitNote is the published note titled title, or when there is none such the region's most
// useful published note, or 0 when the region has none.
func (o *overseer) visitNote(ctx context.Context, title string) (int64, error) {
	if id, ok := o.notes[title]; ok {
		return id, nil
	}
	var id int64
	err := o.pool.QueryRow(ctx, `SELECT id FROM notes WHERE status = 'published' AND region_id = $1
		ORDER BY useful_count DESC, id LIMIT 1`, o.region).Scan(&id)
	if errors.Is(err, pgx.ErrNoRows) {
		return 0, nil
	}
	if err != nil {
		return 0, fmt.Errorf("notes of the region: %w", err)
	}
	return id, nil
}

// noteIDs are the published notes of titles; a note missing from the database is left out.
func (o *overseer) noteIDs(titles []string) []int64 {
	var ids []int64
	for _, t := range titles {
		if id, ok := o.notes[t]; ok {
			ids = append(ids, id)
		}
	}
	return ids
}

// question asks q and takes it to its state.
func (o *overseer) question(ctx context.Context, q questionSeed) error {
	asker, err := o.user(q.Asker)
	if err != nil {
		return err
	}
	who := o.lead
	if q.Assignee != "" {
		if who, err = o.user(q.Assignee); err != nil {
			return err
		}
	}
	area, ok := o.areas[q.Area]
	if !ok {
		return fmt.Errorf("unknown area %q", q.Area)
	}
	asked := o.day(-q.Ago)
	o.set(asked, 8+q.Ago%9, q.Ago*7%60)
	id, err := o.qs.Ask(ctx, asker, question.AskInput{Title: q.Title, Body: q.Body, AreaID: area})
	if err != nil {
		return fmt.Errorf("ask: %w", err)
	}
	o.made.questions = append(o.made.questions, id)
	if err := o.stamp(ctx, "question", id); err != nil {
		return err
	}
	if q.State == question.New {
		return nil
	}
	// Assigned the next working day (the queue is read in the morning).
	assigned := after(asked, asked.AddDate(0, 0, 1))
	o.set(assigned, 8, 40)
	cur, err := o.qs.Get(ctx, o.lead, id)
	if err != nil {
		return err
	}
	if err := o.qs.Assign(ctx, o.lead, id, who.ID, cur.Version); err != nil {
		return fmt.Errorf("assign: %w", err)
	}
	if err := o.stamp(ctx, "question", id); err != nil {
		return err
	}
	if q.State == question.Assigned {
		return nil
	}
	days := q.Answer
	if days == 0 {
		days = 12
	}
	answered := after(assigned, asked.AddDate(0, 0, days))
	o.set(answered, 14, 15)
	answeredAt := o.clock
	o.set(after(answered, answered.AddDate(0, 0, 2)), 9, 5)
	return o.answer(ctx, id, who, question.AnswerInput{Answer: q.Reply, Laws: q.Laws, StandardIDs: q.Standards,
		NoteIDs: o.noteIDs(q.Notes)}, q.State, q.FAQTitle, q.FAQBody, answeredAt, o.clock)
}

// answer answers question id at answeredAt and, at then, publishes it with the FAQ wording or
// keeps it private, as state says.
func (o *overseer) answer(ctx context.Context, id int64, who *auth.User, in question.AnswerInput, state question.State,
	faqTitle, faqBody string, answeredAt, then time.Time) error {
	o.setAt(answeredAt)
	cur, err := o.qs.Get(ctx, who, id)
	if err != nil {
		return err
	}
	in.Version = cur.Version
	if err := o.qs.Answer(ctx, who, id, in); err != nil {
		return fmt.Errorf("answer: %w", err)
	}
	if err := o.stamp(ctx, "question", id); err != nil {
		return err
	}
	if state == question.Answered {
		return nil
	}
	o.setAt(then)
	if cur, err = o.qs.Get(ctx, who, id); err != nil {
		return err
	}
	switch state {
	case question.Published:
		err = o.qs.Publish(ctx, who, id, question.PublishInput{FAQTitle: faqTitle, FAQBody: faqBody, Version: cur.Version})
	case question.Private:
		err = o.qs.KeepPrivate(ctx, who, id, cur.Version)
	default:
		err = fmt.Errorf("unknown state %q", state)
	}
	if err != nil {
		return fmt.Errorf("%s: %w", state, err)
	}
	return o.stamp(ctx, "question", id)
}

// topics brings the region's agenda items marked "question for the region" into the queue, as
// approving the minutes does, and answers those the seed has an answer for.
func (o *overseer) topics(ctx context.Context, answers []topicAnswer) error {
	rows, err := o.pool.Query(ctx, `SELECT t.id, t.title FROM topics t JOIN meetings m ON m.id = t.meeting_id
		WHERE t.for_region AND m.region_id = $1 ORDER BY m.starts_at, t.id`, o.region)
	if err != nil {
		return fmt.Errorf("agenda items for the region: %w", err)
	}
	type item struct {
		id    int64
		title string
	}
	items, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (item, error) {
		var it item
		return it, r.Scan(&it.id, &it.title)
	})
	if err != nil {
		return fmt.Errorf("agenda items for the region: %w", err)
	}
	seen := map[string]bool{}
	o.setAt(time.Now())
	for _, it := range items {
		var id int64
		var existed bool
		err := db.InTx(ctx, o.pool, func(tx pgx.Tx) error {
			if err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM questions WHERE topic_id = $1)`, it.id).Scan(&existed); err != nil {
				return err
			}
			var err error
			id, err = question.FromTopic(ctx, tx, o.lead.ID, it.id)
			return err
		})
		if err != nil {
			return fmt.Errorf("agenda item %q: %w", it.title, err)
		}
		if existed {
			// Brought in when the minutes were approved, and the region's to answer.
			continue
		}
		o.made.questions = append(o.made.questions, id)
		for _, a := range answers {
			if a.Title != it.title {
				continue
			}
			in := question.AnswerInput{Answer: a.Reply, Laws: a.Laws, StandardIDs: a.Standards, NoteIDs: o.noteIDs(a.Notes)}
			state := question.Published
			if seen[a.Title] {
				// A carried item asks what its first appearance asked: answered by a pointer.
				in = question.AnswerInput{Answer: a.Pointer}
				state = question.Private
			}
			seen[a.Title] = true
			if err := o.answer(ctx, id, o.lead, in, state, a.FAQTitle, a.FAQBody, time.Now(), time.Now()); err != nil {
				return fmt.Errorf("agenda item %q: %w", it.title, err)
			}
		}
	}
	return nil
}

// backdate gives the rows the stores stamped now() the time of their first and last audit
// entries, in one transaction.
func (o *overseer) backdate(ctx context.Context) error {
	m := o.made
	return db.InTx(ctx, o.pool, func(tx pgx.Tx) error {
		for _, q := range []struct {
			sql  string
			args []any
		}{
			{`UPDATE inspections i SET created_at = a.first, updated_at = a.last
				FROM (SELECT object_id, min(at) AS first, max(at) AS last FROM audit_log
					WHERE object_type = 'inspection' AND object_id = ANY($1) GROUP BY object_id) a
				WHERE i.id = a.object_id`, []any{m.inspections}},
			{`UPDATE findings f SET assessed_at = a.at FROM audit_log a
				WHERE f.inspection_id = ANY($1) AND a.object_type = 'inspection' AND a.object_id = f.inspection_id
					AND a.action = 'inspection.assess' AND (a.detail->>'finding')::bigint = f.id`, []any{m.inspections}},
			{`UPDATE measures x SET created_at = a.at FROM audit_log a
				WHERE x.id = ANY($1) AND a.object_type = 'measure' AND a.object_id = x.id AND a.action = 'measure.add'`,
				[]any{m.measures}},
			{`UPDATE visits v SET created_at = a.first, updated_at = a.last
				FROM (SELECT object_id, min(at) AS first, max(at) AS last FROM audit_log
					WHERE object_type = 'visit' AND object_id = ANY($1) GROUP BY object_id) a
				WHERE v.id = a.object_id`, []any{m.visits}},
			{`UPDATE questions q SET created_at = a.first, updated_at = a.last
				FROM (SELECT object_id, min(at) AS first, max(at) AS last FROM audit_log
					WHERE object_type = 'question' AND object_id = ANY($1) GROUP BY object_id) a
				WHERE q.id = a.object_id`, []any{m.questions}},
		} {
			if _, err := tx.Exec(ctx, q.sql, q.args...); err != nil {
				return fmt.Errorf("backdate oversight: %w", err)
			}
		}
		return nil
	})
}

// drop removes what a failed run made, so the next run seeds the region whole. It is best
// effort: the error that made it necessary is the one to report. The measures go first, as
// they keep their findings from the inspections' cascade.
func (o *overseer) drop(ctx context.Context) {
	ctx = context.WithoutCancel(ctx)
	m := o.made
	_ = db.InTx(ctx, o.pool, func(tx pgx.Tx) error {
		for _, q := range []struct {
			sql string
			ids []int64
		}{
			{`DELETE FROM measures WHERE id = ANY($1) OR inspection_id = ANY($2)`, m.measures},
			{`DELETE FROM questions WHERE id = ANY($1)`, m.questions},
			{`DELETE FROM inspections WHERE id = ANY($1)`, m.inspections},
			{`DELETE FROM visits WHERE id = ANY($1)`, m.visits},
		} {
			args := []any{q.ids}
			if strings.Contains(q.sql, "$2") {
				args = append(args, m.inspections)
			}
			if _, err := tx.Exec(ctx, q.sql, args...); err != nil {
				return err
			}
		}
		_, err := tx.Exec(ctx, `DELETE FROM audit_log WHERE (object_type = 'inspection' AND object_id = ANY($1))
			OR (object_type = 'measure' AND object_id = ANY($2)) OR (object_type = 'visit' AND object_id = ANY($3))
			OR (object_type = 'question' AND object_id = ANY($4))`, m.inspections, m.measures, m.visits, m.questions)
		return err
	})
}

// The laws the answers cite most, one per line as the answer form takes them.
const (
	lawSPOD      = "zákon č. 359/1999 Sb., o sociálně-právní ochraně dětí"
	lawStandards = "§ 9a zákona č. 359/1999 Sb. a vyhláška č. 473/2012 Sb., příloha 1 (standardy kvality)"
)

func jmkOversight() regionOversight {
	const lead = methodologistJMK
	team := []string{lead}
	return regionOversight{
		Slug: "JHM",
		Lead: lead,
		Closed: inspectionSeed{
			Office: "Městský úřad Vyškov", Kind: oversight.Standards, Team: team, Full: true,
			Findings: []findingSeed{
				{"5b", oversight.Partly, "Písemný plán zaškolení má úřad zpracovaný jen jako obecný vzor. U dvou ze tří pracovníků " +
					"přijatých v posledních dvou letech není plán přizpůsoben jejich pozici a chybí záznam o tom, které části " +
					"zaškolení absolvovali a kdy."},
				{"6c", oversight.Partly, "Akreditované vzdělávání v rozsahu nejméně 6 pracovních dnů ročně splnili v loňském roce " +
					"jen čtyři ze šesti pracovníků. U dvou pracovnic doložené vzdělávání odpovídá třem a čtyřem dnům; jejich plány " +
					"vzdělávání nebyly po návratu z dlouhodobé nepřítomnosti upraveny."},
				{"12a", oversight.NotMet, "Elektronická evidence neodpovídá listinným spisům: u 7 z 20 kontrolovaných spisů v ní " +
					"chybějí záznamy o jednáních s dítětem a rodinou za poslední půlrok a ve 3 spisech nejsou založeny doručenky " +
					"k odeslaným písemnostem."},
			},
			Measures: []measureSeed{
				{Code: "5b", Responsible: guestEmail("Monika Kratochvílová"), Due: 75, Reported: 58, Verified: true,
					Description: "Zpracovat individuální plány zaškolení pro pracovníky přijaté v posledních dvou letech a vést " +
						"v nich záznam o absolvovaných částech zaškolení.",
					Report: "Individuální plány zaškolení jsou zpracovány pro oba pracovníky přijaté od loňského roku; obsahují " +
						"oblasti práce, určeného mentora a termíny. Záznam o absolvovaných částech vede vedoucí oddělení. " +
						"Kopie plánů jsou založeny na oddělení k nahlédnutí."},
				{Code: "6c", Responsible: guestEmail("Monika Kratochvílová"), Due: 120, Reported: 110, Verified: true,
					Description: "Upravit individuální plány vzdělávání tak, aby každý pracovník absolvoval nejméně 6 dnů " +
						"akreditovaného vzdělávání ročně, a doložit jejich plnění.",
					Report: "Plány vzdělávání jsou upraveny. Obě pracovnice absolvovaly ve druhém pololetí akreditované kurzy " +
						"v rozsahu chybějících dnů (celkem 5 dnů); přehled účasti a osvědčení jsou založeny u vedoucí oddělení."},
				{Code: "12a", Responsible: guestEmail("Pavla Urbanová"), Due: 90, Reported: 62, Verified: true,
					Description: "Doplnit elektronickou evidenci u kontrolovaných spisů a zavést pravidlo, podle kterého se " +
						"záznamy o jednáních vkládají do evidence průběžně.",
					Report: "Elektronickou evidenci jsme doplnili u všech spisů vybraných při kontrole a chybějící doručenky " +
						"dohledali a založili.",
					Returned: "Zpráva popisuje doplnění jen u spisů vybraných při kontrole. Doložte prosím, jak zajišťujete " +
						"soulad listinné a elektronické části u všech spisů, například pravidlo a jeho kontrolu vedoucí.",
					Again: "Zavedli jsme pravidlo: záznam o jednání se vkládá do elektronické evidence nejpozději do tří " +
						"pracovních dnů. Vedoucí oddělení kontroluje soulad jednou měsíčně na vzorku pěti spisů; první dvě " +
						"kontroly proběhly bez závad a zápisy z nich jsou založeny na oddělení."},
			},
		},
		Overdue: inspectionSeed{
			Office: "Městský úřad Šlapanice", Kind: oversight.Standards, Team: team, Full: true,
			Findings: []findingSeed{
				{"6c", oversight.Partly, "Tři z pěti pracovníků absolvovali v loňském roce méně než 6 dnů akreditovaného " +
					"vzdělávání (dva, tři a čtyři dny). Individuální plány vzdělávání rozsah vzdělávání nezajišťují; pracovníci " +
					"se hlásí na kurzy podle aktuální nabídky."},
				{"9b", oversight.NotMet, "Individuální plány ochrany dítěte nejsou pravidelně hodnoceny: u 9 z 18 kontrolovaných " +
					"spisů je poslední hodnocení starší než šest měsíců a ve 2 spisech plán chybí, přestože je dítě v evidenci " +
					"déle než rok."},
				{"13b", oversight.Partly, "Stížnosti úřad eviduje, ale nevyhodnocuje je; ze záznamů není patrné, zda a jak se " +
					"z nich oddělení poučilo."},
			},
			Measures: []measureSeed{
				{Code: "6c", Responsible: "eva.kucerova@hnizdo.test", Due: 60,
					Description: "Upravit individuální plány vzdělávání tak, aby každý pracovník absolvoval nejméně 6 dnů " +
						"akreditovaného vzdělávání ročně, a předložit přehled přihlášených kurzů."},
				{Code: "9b", Responsible: "eva.kucerova@hnizdo.test", Due: 50, Reported: 70,
					Description: "Zhodnotit individuální plány ochrany dítěte ve všech spisech, kde je poslední hodnocení " +
						"starší než šest měsíců, a zavést přehled termínů hodnocení.",
					Report: "Plány ve všech 11 spisech z kontroly jsou zhodnoceny, ve dvou spisech byl plán nově zpracován. " +
						"Termíny dalších hodnocení vede vedoucí v přehledu, který tým prochází na poradě jednou měsíčně."},
				{Code: "13b", Responsible: "marketa.vesela@hnizdo.test", Due: 115,
					Description: "Jednou za pololetí vyhodnotit přijaté stížnosti a závěry projednat na poradě oddělení."},
			},
		},
		Objection: inspectionSeed{
			Office: "Magistrát města Brna", Kind: oversight.Standards, Team: team, Full: true,
			Findings: []findingSeed{
				{"5b", oversight.Partly, "Písemný plán zaškolení u dvou posledních nově přijatých pracovníků neobsahuje práci " +
					"se spisovou službou ani výkon pohotovosti; zaškolení v těchto oblastech probíhalo jen ústně a není nijak " +
					"zaznamenáno."},
				{"10a", oversight.Partly, "Vedoucí kontroluje vedení případů nahodile. Z kontrolovaných spisů nevyplývá, kdy " +
					"a s jakým závěrem kontrolu provedla; záznam o kontrole chybí u 12 z 25 spisů."},
			},
			Object: &objectionSeed{By: "radek.cermak@hnizdo.test", Code: "10a",
				Text: "Vedení případů vedoucí kontroluje pravidelně na týdenních poradách týmu, kde prochází případy se všemi " +
					"pracovníky. Záznamy o tom vedeme v zápisech z porad, které kontrolní skupina při kontrole neviděla. " +
					"Navrhujeme zjištění přehodnotit na splněno."},
		},
		Done: inspectionSeed{
			Office: "Městský úřad Kuřim", Kind: oversight.Thematic, Team: team,
			Subject: "Kurátor pro děti a mládež: účast při úkonech policie a spolupráce s Probační a mediační službou",
			Met:     []string{"4c", "11a", "14a"},
		},
		Notified: inspectionSeed{Office: "Městský úřad Tišnov", Kind: oversight.Standards, Team: team},
		Thematic: inspectionSeed{Office: "Městský úřad Hodonín", Kind: oversight.Thematic, Team: team,
			Subject: "Dohody o výkonu pěstounské péče a kontrola jejich plnění"},
		Followup: inspectionSeed{Office: "Městský úřad Vyškov", Kind: oversight.Followup, Team: team,
			Subject: "Plnění opatření k nápravě z loňské kontroly standardů kvality"},
		Late: inspectionSeed{Office: "Městský úřad Břeclav", Kind: oversight.Standards, Team: team},
		Cancelled: inspectionSeed{Office: "Městský úřad Znojmo", Kind: oversight.Standards, Team: team,
			Reason: "Na oddělení nastoupila nová vedoucí a tři ze sedmi pracovníků jsou ve zkušební době. Kontrola se přesouvá " +
				"do plánu na příští rok; kraj místo ní nabídl metodickou návštěvu zaměřenou na zaškolování."},
		Spawn: spawnSeed{Code: "6c", Standards: []int16{6},
			FAQTitle: "Opakované zjištění: méně než 6 dnů akreditovaného vzdělávání ročně (kritérium 6c)",
			FAQBody: "Kontroly opakovaně zjišťují, že pracovníci OSPOD neabsolvují 6 pracovních dnů akreditovaného vzdělávání " +
				"ročně. Jak má OSPOD postupovat, aby kritérium 6c splňoval?",
			Laws: lawStandards,
			Reply: "Kritérium 6c se při kontrolách neplní nejčastěji ze stejných důvodů: vzdělávání se neplánuje na celý rok, " +
				"pracovníci se hlásí na kurzy podle aktuální nabídky a po dlouhodobé nepřítomnosti se plán neupraví.\n\n" +
				"Doporučený postup:\n\n" +
				"1. Na začátku roku zpracujte s každým pracovníkem **individuální plán vzdělávání** (kritérium 6b) s konkrétními " +
				"kurzy v rozsahu nejméně 6 dnů.\n" +
				"2. V polovině roku plnění zkontrolujte a chybějící dny doplňte; nabídku akreditovaných kurzů v kraji rozesílá " +
				"krajský úřad.\n" +
				"3. Do 6 dnů počítejte jen akreditované vzdělávání doložené osvědčením; supervize a intervize se nepočítají.\n" +
				"4. Při nástupu nebo návratu z dlouhodobé nepřítomnosti upravte plán poměrně a důvod do něj zapište.\n\n" +
				"Pokud vzdělávání brání nedostatek peněz nebo zástupu, řešte to s vedením úřadu včas: kontrola posuzuje, zda " +
				"bylo vzdělávání zajištěno."},
		Visits: []visitSeed{
			{Office: "Městský úřad Šlapanice", Kind: "visit", Ago: 45,
				Topics: "Zaškolování nových pracovníků a plán zaškolení\nHodnocení individuálních plánů ochrany dítěte: " +
					"přehled termínů pro celý tým\nPříprava na plnění opatření k nápravě z kontroly",
				Recommend: "Vést přehled termínů hodnocení IPOD pro celý tým a procházet ho na poradě jednou měsíčně. Pro nové " +
					"pracovníky používat plán zaškolení na první tři měsíce podle sdílené praxe v Hnízdě. Domluvit supervizi " +
					"pro tým na druhé pololetí.",
				Note: "Zaškolení nového pracovníka OSPOD: plán na první tři měsíce",
				Followups: []followupSeed{
					{Text: "Úřad pošle kraji vzor přehledu termínů hodnocení IPOD, aby ho kraj mohl nabídnout dalším úřadům.",
						Due: 14, Done: 11, DoneBy: "eva.kucerova@hnizdo.test"},
					{Text: "Úřad doplní plán vzdělávání týmu na příští rok o akreditované kurzy v rozsahu 6 dnů na pracovníka.",
						Due: 65},
				}},
			{Office: "Magistrát města Brna", Kind: "consultation", Ago: 70,
				Topics: "Případové konference: kdy je svolat, kdo je vede a jak psát zápis\nSpolupráce se školami při " +
					"přípravě konference",
				Recommend: "Při svolávání a zápisu postupovat podle metodického pokynu kraje. Rodinu na konferenci připravit " +
					"předem; škole sdělit jen to, co ke spolupráci potřebuje.",
				Note: "Metodický pokyn: zápis z případové konference",
				Followups: []followupSeed{
					{Text: "Krajský úřad pošle vzor pozvánky na případovou konferenci.", Due: 10, Done: 8},
					{Text: "Úřad vyhodnotí první tři konference vedené podle pokynu a pošle kraji poznatky.", Due: 60},
				}},
		},
		Questions: jmkQuestions(),
		Topics: []topicAnswer{{
			Title:    "Vyřizování přestupků na úseku OSPOD",
			FAQTitle: "Kdo na úřadě projednává přestupky na úseku sociálně-právní ochrany dětí",
			FAQBody: "Jak sjednotit postup při vyřizování přestupků na úseku sociálně-právní ochrany dětí a oddělit " +
				"projednání přestupku od sociální práce s rodinou?",
			Laws:  "§ 59 zákona č. 359/1999 Sb., o sociálně-právní ochraně dětí\nzákon č. 250/2016 Sb., o odpovědnosti za přestupky a řízení o nich",
			Notes: []string{"Přestupky na úseku sociálně-právní ochrany dětí: od oznámení po rozhodnutí"},
			Reply: "Přestupky na úseku sociálně-právní ochrany dětí vymezuje § 59 zákona o sociálně-právní ochraně dětí; řízení " +
				"o nich se vede podle zákona o odpovědnosti za přestupky a řízení o nich.\n\n" +
				"Stanovisko kraje, představené na setkání OSPOD v říjnu 2018:\n\n" +
				"- Přestupek projednává obecní úřad obce s rozšířenou působností; kdo na úřadě, určí jeho vnitřní předpisy. " +
				"Doporučujeme, aby řízení vedlo **přestupkové oddělení** nebo pracovník OSPOD, který s rodinou nepracuje.\n" +
				"- Pracovník, který rodinu vede, přestupek oznámí a poskytne podklady, ale řízení sám nevede; jinak se ze " +
				"sociální práce stává sankční vztah.\n" +
				"- Na menších úřadech, kde se pracovníci nemohou zastoupit, dohodněte projednání s přestupkovým oddělením úřadu.\n\n" +
				"Oznámení přestupku zakládejte do spisu dítěte; rozhodnutí o přestupku patří do spisu přestupkového řízení.",
			Pointer: "Na tuto otázku kraj odpověděl na setkání v říjnu 2018; odpověď je zveřejněna v častých dotazech pod názvem " +
				"„Kdo na úřadě projednává přestupky na úseku sociálně-právní ochrany dětí“.",
		}},
	}
}

func jmkQuestions() []questionSeed {
	return []questionSeed{
		{Asker: "katerina.stastna@hnizdo.test", Area: "team", State: question.Published, Ago: 300, Standards: []int16{6},
			Title: "Co všechno se započítává do 6 dnů akreditovaného vzdělávání?",
			Body: "Na poradě jsme se neshodli, zda se do 6 pracovních dnů vzdělávání podle standardu 6c počítají i půldenní " +
				"kurzy, konference a e-learning. Jak to posuzuje krajský úřad při kontrole?",
			FAQTitle: "Co se započítává do 6 dnů akreditovaného vzdělávání ročně",
			FAQBody:  "Počítají se do 6 pracovních dnů vzdělávání podle standardu 6c i půldenní kurzy, konference a e-learning?",
			Laws:     lawStandards + "\n§ 111 zákona č. 108/2006 Sb., o sociálních službách",
			Reply: "Standard 6c požaduje, aby každý zaměstnanec vykonávající sociálně-právní ochranu absolvoval **nejméně 6 " +
				"pracovních dnů akreditovaného vzdělávání v kalendářním roce**.\n\n" +
				"Při kontrole postupujeme takto:\n\n" +
				"- **Započítáváme** kurzy akreditované ministerstvem, i půldenní; dva půldenní kurzy tvoří jeden den.\n" +
				"- **Započítáváme** e-learning, pokud je akreditovaný a zaměstnanec doloží osvědčení o absolvování.\n" +
				"- **Nezapočítáváme** konference a semináře bez akreditace, porady, intervize ani supervizi; supervize je " +
				"samostatný požadavek kritéria 6d.\n" +
				"- Vzdělávání má být v individuálním plánu vzdělávání (kritérium 6b) a doloženo osvědčením.\n\n" +
				"U zaměstnance, který nastoupil v průběhu roku nebo byl dlouhodobě nepřítomen, posuzujeme rozsah poměrně; důvod " +
				"uveďte v plánu vzdělávání."},
		{Asker: guestEmail("Renata Sedláčková"), Area: "files", State: question.Published, Ago: 270, Standards: []int16{12},
			Title: "Můžeme vést spisovou dokumentaci jen elektronicky?",
			Body: "Úřad zavedl elektronickou spisovou službu a vedení by rádo přestalo tisknout. Můžeme spisy Om a NOm vést jen " +
				"v elektronické podobě, nebo musí zůstat listinný spis?",
			FAQTitle: "Lze vést spisovou dokumentaci OSPOD jen v elektronické podobě?",
			FAQBody: "Úřad používá elektronickou spisovou službu. Musí OSPOD dál vést listinné spisy, nebo stačí elektronická " +
				"podoba?",
			Laws:  "§ 55 zákona č. 359/1999 Sb., o sociálně-právní ochraně dětí\nzákon č. 499/2004 Sb., o archivnictví a spisové službě",
			Notes: []string{"Spisová dokumentace: kdy založit spis Om a kdy NOm"},
			Reply: "Spisovou dokumentaci vede OSPOD podle § 55 zákona o sociálně-právní ochraně dětí a podle pravidel spisové " +
				"služby úřadu. Zákon elektronickou podobu nevylučuje, ale spis musí být **úplný v jedné podobě**: nesmí se stát, " +
				"že část písemností je jen v listinném spisu a část jen v elektronickém systému.\n\n" +
				"Doporučujeme:\n\n" +
				"- Vede-li úřad spis v listinné podobě, písemnosti doručené elektronicky převádějte do listinné podoby a zakládejte " +
				"do spisu; elektronická evidence slouží jako přehled.\n" +
				"- Na čistě elektronický spis přejděte jen tehdy, když to umožňuje spisový a skartační řád úřadu a systém splňuje " +
				"požadavky na elektronickou spisovou službu; postup upravte písemně pro celé oddělení.\n" +
				"- Záznamy o jednáních vkládejte do evidence průběžně, nejpozději do několika pracovních dnů. Při kontrole " +
				"porovnáváme listinnou a elektronickou část (kritérium 12a).\n\n" +
				"Přístup do spisů upravte tak, aby do nich nahlížel jen ten, kdo to k výkonu potřebuje (kritérium 12b)."},
		{Asker: "marketa.vesela@hnizdo.test", Area: "case-conferences", State: question.Published, Ago: 240, Standards: []int16{9},
			Title: "Kdy musíme svolat případovou konferenci?",
			Body: "Je případová konference povinná, nebo je na úvaze pracovníka? Potřebujeme to vědět hlavně u rodin, kde " +
				"uvažujeme o návrhu soudu.",
			FAQTitle: "Kdy je případová konference povinná a kdy doporučená",
			FAQBody:  "Je svolání případové konference na úvaze pracovníka OSPOD, nebo ji zákon v některých situacích vyžaduje?",
			Laws:     "§ 10 odst. 3 písm. c) zákona č. 359/1999 Sb.\n§ 14 odst. 2 zákona č. 359/1999 Sb.",
			Notes: []string{"Metodický pokyn: zápis z případové konference",
				"Případová konference: jak připravit rodinu, aby nepřišla na tribunál"},
			Reply: "Pořádání případových konferencí patří k nástrojům OSPOD podle § 10 odst. 3 písm. c) zákona o sociálně-právní " +
				"ochraně dětí; o svolání zpravidla rozhoduje OSPOD podle situace dítěte.\n\n" +
				"Před podáním návrhu soudu na nařízení ústavní výchovy má OSPOD situaci dítěte projednat na případové konferenci " +
				"(§ 14 odst. 2 téhož zákona). Jinak doporučujeme konferenci svolat zejména:\n\n" +
				"- když se situace dítěte přes spolupráci s rodinou nelepší a je třeba sjednotit postup více odborníků,\n" +
				"- před zásadní změnou, například před návratem dítěte z náhradní péče,\n" +
				"- když si rodina a instituce navzájem odporují v tom, co se děje.\n\n" +
				"Konferenci připravte s rodinou předem, aby věděla, kdo přijde a o čem se bude mluvit. Pro zápis používejte " +
				"metodický pokyn kraje."},
		{Asker: "eva.kucerova@hnizdo.test", Area: "assessment", State: question.Published, Ago: 200, Standards: []int16{9, 10},
			Title: "Jak často hodnotit individuální plán ochrany dítěte?",
			Body: "V týmu máme různou praxi: někdo hodnotí IPOD po třech měsících, někdo jednou za rok. Jaký interval kraj " +
				"očekává?",
			FAQTitle: "Jak často hodnotit individuální plán ochrany dítěte (IPOD)",
			FAQBody:  "Jaký interval hodnocení IPOD krajský úřad při kontrole očekává?",
			Laws:     "§ 10 odst. 3 písm. c) zákona č. 359/1999 Sb.\n" + lawStandards,
			Notes:    []string{"Individuální plán ochrany dítěte, kterému rodina rozumí"},
			Reply: "Individuální plán ochrany dítěte se zpracovává na základě vyhodnocení situace dítěte a rodiny a **průběžně se " +
				"hodnotí a aktualizuje** (kritérium 9b).\n\n" +
				"Kraj doporučuje a při kontrole ověřuje:\n\n" +
				"- hodnocení plánu **nejméně jednou za šest měsíců** u každého dítěte, u kterého je plán zpracován,\n" +
				"- častější hodnocení, zpravidla po třech měsících, u dětí v akutním ohrožení, po umístění dítěte mimo rodinu " +
				"a v prvních měsících spolupráce,\n" +
				"- mimořádné hodnocení po každé podstatné změně situace (nové oznámení, rozhodnutí soudu, změna služby).\n\n" +
				"Z hodnocení má být patrné, co se splnilo, co ne a proč a kdo se na hodnocení podílel. Termíny hodnocení si tým " +
				"vede v přehledu; vedoucí je ověřuje při kontrole případů (kritérium 10a)."},
		{Asker: guestEmail("Věra Hájková"), Area: "gdpr", State: question.Published, Ago: 180, Standards: []int16{14},
			Title: "Co smíme sdělit škole o rodině, se kterou pracujeme?",
			Body: "Škola se ptá, proč je rodina v evidenci OSPOD a jaká opatření plánujeme. Co jí můžeme říct s ohledem na GDPR " +
				"a mlčenlivost?",
			FAQTitle: "GDPR a škola: jaké informace o rodině smí OSPOD škole sdělit",
			FAQBody: "Škola žádá informace o rodině v evidenci OSPOD. Co jí OSPOD smí sdělit s ohledem na ochranu osobních údajů " +
				"a povinnost mlčenlivosti?",
			Laws: "čl. 6 odst. 1 písm. c) a e) nařízení (EU) 2016/679 (GDPR)\n§ 53 odst. 1 zákona č. 359/1999 Sb.\n" +
				"§ 57 zákona č. 359/1999 Sb.",
			Notes: []string{"GDPR v práci s klientem: co vysvětlit rodině při prvním kontaktu",
				"Zpráva ze školy, která odpoví na naše otázky"},
			Reply: "OSPOD zpracovává osobní údaje proto, že mu to ukládá zákon; souhlas rodičů ke zpracování nepotřebuje. Tím se " +
				"ale **nemění povinnost mlčenlivosti** podle § 57 zákona o sociálně-právní ochraně dětí.\n\n" +
				"V praxi:\n\n" +
				"- Škola je povinna sdělit OSPOD na jeho žádost údaje o dítěti (§ 53 odst. 1 zákona); opačným směrem taková " +
				"povinnost není.\n" +
				"- Škole sdělte jen to, co potřebuje ke spolupráci v zájmu dítěte: že OSPOD s rodinou pracuje, co se od školy " +
				"očekává a koho kontaktovat. Důvody evidence a zdravotní a rodinné údaje nesdělujte.\n" +
				"- Nejlépe se osvědčuje domluvit rozsah sdílení s rodiči předem a zapsat to do spisu.\n\n" +
				"Každou žádost školy posuďte jednotlivě a sdělení zaznamenejte do spisu."},
		{Asker: guestEmail("Jitka Kopecká"), Area: "youth-probation", State: question.Published, Ago: 150, Standards: []int16{14},
			Title: "Musí být kurátor u výslechu mladistvého na policii?",
			Body: "Policie nás volá k podání vysvětlení mladistvého často jen několik hodin předem. Jsme povinni se dostavit " +
				"a jakou tam máme roli?",
			FAQTitle: "Účast kurátora pro děti a mládež u výslechu mladistvého na policii",
			FAQBody: "Musí se kurátor pro děti a mládež účastnit výslechu nebo podání vysvětlení mladistvého na policii a jakou " +
				"tam má roli?",
			Laws:  "zákon č. 218/2003 Sb., o soudnictví ve věcech mládeže\n" + lawSPOD,
			Notes: []string{"Kurátor pro děti a mládež: první rozhovor s dospívajícím po oznámení policie"},
			Reply: "OSPOD se v řízení ve věcech mladistvých podílí na ochraně jejich zájmů podle zákona o soudnictví ve věcech " +
				"mládeže. Policie OSPOD o úkonu vyrozumívá a OSPOD má právo se ho účastnit; **účast je namístě vždy, když " +
				"mladistvý nemá u úkonu zákonného zástupce nebo když jeho zájmy mohou být v rozporu se zájmy rodičů**.\n\n" +
				"Role kurátora u úkonu:\n\n" +
				"- dbá, aby byl úkon veden způsobem přiměřeným věku a vyspělosti mladistvého,\n" +
				"- není obhájcem ani vyšetřovatelem: neklade otázky k věci a výpověď nehodnotí,\n" +
				"- po úkonu mluví s mladistvým a rodiči o dalším postupu a nabídne pomoc.\n\n" +
				"Nemůže-li se kurátor ze závažných důvodů dostavit, dohodněte s policií jiný termín nebo zástup z oddělení " +
				"a důvod zapište do spisu. Doporučujeme mít s místním oddělením policie domluvená pravidla vyrozumívání, ideálně " +
				"alespoň den předem."},
		{Asker: guestEmail("Blanka Konečná"), Area: "administration", State: question.Published, Ago: 120, Standards: []int16{13},
			Title: "Jak dlouho máme na vyřízení stížnosti na pracovnici?",
			Body: "Rodič podal stížnost na postup naší pracovnice. Jakou máme lhůtu, kdo ji má vyřizovat a musíme ji někam " +
				"hlásit?",
			FAQTitle: "Stížnost na postup pracovníka OSPOD: lhůta a kdo ji vyřizuje",
			FAQBody:  "V jaké lhůtě a kým má být vyřízena stížnost na postup pracovníka OSPOD? Hlásí se krajskému úřadu?",
			Laws:     "§ 175 zákona č. 500/2004 Sb., správní řád\n" + lawStandards,
			Notes:    []string{"Stížnost na postup pracovníka OSPOD: jak ji vyřídit srozumitelně"},
			Reply: "Stížnost na postup pracovníka OSPOD se vyřizuje podle § 175 správního řádu **do 60 dnů ode dne, kdy úřadu " +
				"došla**. Vyřizuje ji ten, koho určují vnitřní pravidla úřadu, zpravidla vedoucí oddělení nebo odboru; nikdy ne " +
				"pracovník, proti kterému stížnost směřuje.\n\n" +
				"Podle standardu 13:\n\n" +
				"- stěžovatel má předem vědět, jak a komu může stížnost podat (kritérium 13a),\n" +
				"- každou stížnost evidujte, i ústní, a alespoň jednou ročně je vyhodnoťte: co se z nich oddělení naučilo a co " +
				"změnilo (kritérium 13b),\n" +
				"- odpověď pište srozumitelně a uveďte, co bylo prošetřeno a s jakým výsledkem.\n\n" +
				"Krajskému úřadu se stížnost nehlásí. Stěžovatel, který s vyřízením nesouhlasí, může požádat nadřízený správní " +
				"orgán o prošetření způsobu vyřízení; tím je krajský úřad."},
		{Asker: guestEmail("Andrea Machová"), Area: "team", State: question.Published, Ago: 90, Standards: []int16{5},
			Title:    "Jak dlouho má mít nová kolegyně mentora?",
			Body:     "Přijímáme dvě nové kolegyně. Jak dlouho má trvat zaškolení a kdo může být mentorem, když je nás v týmu málo?",
			FAQTitle: "Zaškolení nového pracovníka: jak dlouho a s jakým mentorem",
			FAQBody:  "Jak dlouho má trvat zaškolení nového pracovníka OSPOD a kdo může být jeho mentorem v malém týmu?",
			Laws:     lawStandards,
			Notes:    []string{"Zaškolení nového pracovníka OSPOD: plán na první tři měsíce"},
			Reply: "Standard 5 požaduje zaškolení podle **písemného plánu** (kritérium 5b), určeného zkušeného kolegu (5c), " +
				"podporu v náročných situacích (5d) a vyhodnocení zaškolení (5e). Délku zaškolení předpisy nestanoví.\n\n" +
				"Kraj doporučuje:\n\n" +
				"- plán zaškolení nejméně na **tři měsíce**, s oblastmi práce, odpovědným kolegou a termíny,\n" +
				"- za mentora pracovníka s praxí alespoň dva roky; v malém týmu může mentorem být i vedoucí, ale pak je třeba " +
				"upravit jeho vlastní agendu,\n" +
				"- první šetření v rodině, výjezdy a úkony v pohotovosti nevykonává nový pracovník sám,\n" +
				"- na konci zaškolení písemné vyhodnocení s vedoucím.\n\n" +
				"Při kontrolách se opakovaně setkáváme s obecným plánem bez záznamu o průběhu; takový plán splňuje kritérium 5b " +
				"jen částečně."},
		{Asker: guestEmail("Kristýna Vávrová"), Area: "protective-measures", State: question.Published, Ago: 60, Standards: []int16{9},
			Title: "Dohled nad výchovou: na jak dlouho a jak ho vyhodnocovat?",
			Body: "Poprvé ukládáme dohled podle § 13. Na jak dlouho ho uložit, jak často vyhodnocovat a co když rodiče " +
				"nespolupracují?",
			FAQTitle: "Dohled nad výchovou dítěte podle § 13: délka a vyhodnocování",
			FAQBody:  "Na jak dlouho se ukládá dohled nad výchovou dítěte, jak často se vyhodnocuje a co když rodiče nespolupracují?",
			Laws:     "§ 13 odst. 1 písm. b) zákona č. 359/1999 Sb., o sociálně-právní ochraně dětí",
			Notes:    []string{"Výchovná opatření podle § 13: napomenutí a dohled v praxi"},
			Reply: "Dohled nad výchovou dítěte ukládá OSPOD rozhodnutím podle § 13 odst. 1 písm. b) zákona o sociálně-právní " +
				"ochraně dětí, vyžaduje-li to zájem dítěte a mírnější postup nestačil. Zákon délku nestanoví; kraj doporučuje:\n\n" +
				"- v rozhodnutí uvést, **co má dohled změnit** a podle čeho se to pozná, a dobu přiměřenou tomuto cíli, zpravidla " +
				"šest až dvanáct měsíců,\n" +
				"- vyhodnocovat průběh nejméně jednou za tři měsíce s rodiči i s dítětem a závěr zapsat do spisu,\n" +
				"- opatření zrušit, jakmile pominou jeho důvody.\n\n" +
				"Pokud rodiče dohled soustavně nerespektují, vyhodnoťte, zda je třeba jiné opatření nebo návrh soudu. Rozhodující " +
				"je situace dítěte, ne samotná nespolupráce."},
		{Asker: guestEmail("Olga Jandová"), Area: "divorce", State: question.Published, Ago: 40, Answer: 9, Standards: []int16{9},
			Title: "Může být kolizním opatrovníkem pracovnice, která rodinu vede?",
			Body: "Rodinu u nás vede jedna pracovnice a soud jmenoval OSPOD opatrovníkem dítěte v řízení o péči. Je v pořádku, " +
				"aby dítě u soudu zastupovala tatáž pracovnice?",
			FAQTitle: "Kolizní opatrovník: smí dítě u soudu zastupovat pracovník, který rodinu vede?",
			FAQBody: "Soud jmenoval OSPOD opatrovníkem dítěte v řízení o péči. Může za OSPOD jednat pracovník, který s rodinou " +
				"dlouhodobě pracuje?",
			Laws:  "§ 469 zákona č. 292/2013 Sb., o zvláštních řízeních soudních\n§ 17 zákona č. 359/1999 Sb.",
			Notes: []string{"Kolizní opatrovník v řízení o péči: jak psát zprávu pro soud"},
			Reply: "Soud jmenuje opatrovníkem dítěte zpravidla orgán sociálně-právní ochrany dětí; kdo za úřad jedná, určí " +
				"vedoucí. Předpisy nevylučují, aby to byl pracovník, který rodinu vede, a v praxi je to běžné: zná dítě i rodinu.\n\n" +
				"Kraj doporučuje zvážit jiného pracovníka, pokud:\n\n" +
				"- je vztah pracovníka s jedním z rodičů natolik napjatý, že by mohla být zpochybněna jeho nestrannost,\n" +
				"- pracovník sám podal návrh, o kterém soud rozhoduje,\n" +
				"- dítě si samo přeje mluvit s někým jiným.\n\n" +
				"Ve zprávě pro soud oddělte zjištěná fakta od hodnocení a uveďte názor dítěte tak, jak ho sdělilo."},
		{Asker: "pracovnik.slapanice@hnizdo.test", Area: "cooperation", State: question.Answered, Ago: 25, Answer: 10,
			Standards: []int16{14},
			Title:     "Smíme předat zprávu o rodině sociálně aktivizační službě bez souhlasu rodičů?",
			Body: "Sociálně aktivizační služba, se kterou rodina spolupracuje, žádá o naši poslední zprávu o situaci dítěte. " +
				"Rodiče s předáním nesouhlasí. Smíme ji předat?",
			Laws:  "§ 57 zákona č. 359/1999 Sb., o sociálně-právní ochraně dětí",
			Notes: []string{"Spolupráce OSPOD a sociálně aktivizačních služeb: jeden plán místo dvou"},
			Reply: "Bez souhlasu rodičů zprávu ze spisové dokumentace službě nepředávejte: povinnost mlčenlivosti podle § 57 " +
				"zákona o sociálně-právní ochraně dětí platí i vůči poskytovatelům sociálních služeb. Službě můžete sdělit, co " +
				"ke spolupráci potřebuje: cíle, na kterých se s rodinou shodnete, a dohodnuté kroky. Nejlépe to vyřeší společná " +
				"schůzka s rodinou, kde se rozsah sdílení domluví přímo."},
		{Asker: "katerina.stastna@hnizdo.test", Area: "team", State: question.Answered, Ago: 16, Answer: 6,
			Standards: []int16{6, 12},
			Title:     "Patří zápisy z intervize do spisu?",
			Body: "Na intervizi si zapisujeme závěry k jednotlivým případům. Patří tyto zápisy do spisu a jak dlouho je máme " +
				"uchovávat?",
			Reply: "Závěr intervize, který ovlivní postup v případu, zapište do spisu dítěte jako záznam pracovníka, bez jmen " +
				"kolegů, kteří případ neznají. Samotné pracovní zápisy z intervize součástí spisu nejsou; pokud je vedete, " +
				"neuvádějte v nich nic, podle čeho lze rodinu poznat, a po přenesení závěru do spisu je zlikvidujte."},
		{Asker: "eva.kucerova@hnizdo.test", Area: "administration", State: question.Private, Ago: 95,
			Title: "Zástup vedoucí při podpisu rozhodnutí o výchovném opatření",
			Body: "Během mé dlouhodobé nepřítomnosti povede oddělení zástupkyně. Může podepisovat rozhodnutí o výchovných " +
				"opatřeních, nebo k tomu potřebuje zvláštní pověření?",
			Laws: "§ 15 zákona č. 500/2004 Sb., správní řád\n§ 49a zákona č. 359/1999 Sb.",
			Reply: "Rozhodnutí podepisuje oprávněná úřední osoba podle vnitřních předpisů úřadu. Zástupkyně proto potřebuje " +
				"oprávnění podle podpisového řádu vašeho úřadu, nejlépe písemné na dobu vaší nepřítomnosti; ověřte také, že " +
				"splňuje odbornou způsobilost. Pověření založte na oddělení a informujte o něm tým."},
		{Asker: "radek.cermak@hnizdo.test", Area: "youth-probation", State: question.Private, Ago: 75, Standards: []int16{4},
			Title: "Agenda kurátora rozdělená mezi dva pracovníky na částečný úvazek",
			Body: "Od září budeme mít agendu kurátora pro děti a mládež rozdělenou mezi dva kolegy na poloviční úvazek. Jak to " +
				"popsat v organizačním řádu a v popisu pracovních míst, aby to vyhovělo kritériu 4c?",
			Reply: "Kritérium 4c vyžaduje, aby pravomoci a odpovědnost jednotlivých pozic včetně specializace kurátora byly " +
				"písemně stanoveny. Rozdělení agendy mezi dva pracovníky je možné: v popisu pracovních míst uveďte u obou " +
				"specializaci kurátora, rozdělení případů (například podle obcí správního obvodu) a vzájemné zastupování. Dbejte, " +
				"aby oba absolvovali vzdělávání zaměřené na práci kurátora."},
		{Asker: guestEmail("Šárka Pospíšilová"), Area: "field-work", State: question.Assigned, Ago: 46,
			Title: "Můžeme dělat šetření v rodině společně s pracovnicí sociálně aktivizační služby?",
			Body: "Rodina spolupracuje se službou a navrhuje, aby na šetření v domácnosti přišla i její pracovnice. Je to možné " +
				"a jak to zapsat do spisu?"},
		{Asker: "marketa.vesela@hnizdo.test", Area: "divorce", State: question.Assigned, Ago: 5,
			Title: "Jak postupovat, když rodič nepřebírá pozvánky k jednání?",
			Body: "Jeden z rodičů opakovaně nepřebírá pozvánky k jednání o úpravě péče a neodpovídá na telefon. Jak postupovat, " +
				"aby byl řádně informován a spis byl v pořádku?"},
		{Asker: guestEmail("Pavla Urbanová"), Area: "files", State: question.New, Ago: 52,
			Title: "Potřebujeme souhlas rodičů k předání spisu jinému OSPOD?",
			Body: "Rodina se přestěhovala do jiného správního obvodu. Můžeme spisovou dokumentaci předat příslušnému OSPOD bez " +
				"souhlasu rodičů a co si máme ponechat?"},
		{Asker: "pracovnik.slapanice@hnizdo.test", Area: "case-conferences", State: question.New, Ago: 2,
			Title: "Mohou se účastníci případové konference připojit online?",
			Body: "Škola a lékař se nemohou dostavit osobně. Můžeme je připojit videohovorem a jak potom postupovat se zápisem " +
				"a s mlčenlivostí?"},
	}
}

// The methodologists of the Pardubice region.
const (
	methodologistPAK = "metodik.pak@hnizdo.test"
	colleaguePAK     = "ivana.dolezalova@hnizdo.test"
)

func pakOversight() regionOversight {
	both := []string{methodologistPAK, colleaguePAK}
	pavel, ivana := []string{methodologistPAK}, []string{colleaguePAK}
	return regionOversight{
		Slug: "PAK",
		Lead: methodologistPAK,
		Closed: inspectionSeed{
			Office: "Městský úřad Česká Třebová", Kind: oversight.Standards, Team: both, Full: true,
			Findings: []findingSeed{
				{"5b", oversight.Partly, "Plán zaškolení nového pracovníka je zpracován, ale nestanoví, kdy a jak bude zaškolení " +
					"vyhodnoceno, a u pracovnice přijaté na začátku roku chybí záznam o jeho průběhu."},
				{"6c", oversight.Partly, "Akreditované vzdělávání v rozsahu 6 dnů ročně nesplnil kurátor pro děti a mládež " +
					"(doloženy 3 dny); jeho vzdělávání se omezilo na povinná témata a chybělo zaměření na specializaci."},
				{"13b", oversight.NotMet, "Úřad nevede evidenci stížností na výkon sociálně-právní ochrany; dvě stížnosti " +
					"z loňského roku jsou založeny jen ve spisech a nebyly vyhodnoceny."},
			},
			Measures: []measureSeed{
				{Code: "5b", Responsible: "lenka.benesova@hnizdo.test", Due: 80, Reported: 70, Verified: true,
					Description: "Doplnit plán zaškolení o způsob a termín vyhodnocení a vést záznam o průběhu zaškolení " +
						"u každého nového pracovníka.",
					Report: "Plán zaškolení je doplněn o vyhodnocení po třech měsících; záznam o průběhu vedeme u obou " +
						"pracovnic přijatých od kontroly. Vyhodnocení zaškolení pracovnice přijaté na začátku roku proběhlo " +
						"v září a zápis je založen v její osobní složce."},
				{Code: "6c", Responsible: "ondrej.fiala@hnizdo.test", Due: 120, Reported: 95, Verified: true,
					Description: "Doplnit akreditované vzdělávání kurátora pro děti a mládež do rozsahu 6 dnů ročně " +
						"a zaměřit je na specializaci.",
					Report: "Absolvoval jsem akreditované kurzy o práci s dospívajícími po trestné činnosti (2 dny) " +
						"a o motivačních rozhovorech (1 den); další jednodenní kurz je naplánován na listopad.",
					Returned: "Za tento rok jsou doloženy 3 dny a čtvrtý je teprve plánovaný. Doložte prosím osvědčení " +
						"v rozsahu nejméně 6 dnů nebo upravený plán vzdělávání, ze kterého bude splnění zřejmé.",
					Again: "Doplňuji osvědčení ze dvou dalších akreditovaných kurzů (spolupráce s probační a mediační službou, " +
						"krizová intervence u dospívajících); za rok je tak doloženo 6 dnů. Plán vzdělávání na příští rok je " +
						"zpracovaný a schválený vedoucí."},
				{Code: "13b", Responsible: "lenka.benesova@hnizdo.test", Due: 60, Reported: 41, Verified: true,
					Description: "Zavést evidenci stížností a jednou ročně stížnosti vyhodnotit na poradě oddělení.",
					Report: "Evidence stížností je zavedena (datum přijetí, předmět, kdo vyřizoval, způsob a datum vyřízení); " +
						"zpětně jsme do ní zapsali obě stížnosti z loňského roku. Vyhodnocení proběhne vždy na lednové " +
						"poradě; pravidlo je součástí vnitřního postupu oddělení."},
			},
		},
		Overdue: inspectionSeed{
			Office: "Městský úřad Žamberk", Kind: oversight.Standards, Team: both, Full: true,
			Findings: []findingSeed{
				{"6c", oversight.Partly, "Dva ze čtyř pracovníků nesplnili 6 dnů akreditovaného vzdělávání ročně; úřad vzdělávání " +
					"neplánuje a pracovníci se hlásí na kurzy podle aktuální nabídky."},
				{"9b", oversight.Partly, "Individuální plány ochrany dítěte se hodnotí nepravidelně; v 6 z 15 kontrolovaných spisů " +
					"uplynulo od posledního hodnocení více než šest měsíců."},
				{"11a", oversight.NotMet, "Úřad nemá písemně stanovený postup pro rizikové a nouzové situace (agresivní jednání " +
					"při jednání na úřadě, výjezd mimo pracovní dobu); pracovníci postupují podle ústní dohody."},
			},
			Measures: []measureSeed{
				{Code: "6c", Responsible: "vedouci.zamberk@hnizdo.test", Due: 58,
					Description: "Zpracovat plán vzdělávání týmu na celý rok tak, aby každý pracovník absolvoval nejméně " +
						"6 dnů akreditovaného vzdělávání, a předložit přehled přihlášených kurzů."},
				{Code: "9b", Responsible: "jiri.kral@hnizdo.test", Due: 50, Reported: 68,
					Description: "Zhodnotit individuální plány ochrany dítěte ve spisech, kde od posledního hodnocení uplynulo " +
						"více než šest měsíců, a zavést přehled termínů hodnocení.",
					Report: "Plány v 6 spisech z kontroly jsou zhodnoceny s rodiči, ve dvou případech i s dětmi. Přehled " +
						"termínů hodnocení vedeme ve sdílené tabulce oddělení a vedoucí ho prochází na poradě každý měsíc."},
				{Code: "11a", Responsible: "vedouci.zamberk@hnizdo.test", Due: 112,
					Description: "Písemně stanovit postup pro rizikové a nouzové situace (agresivní jednání, výjezd mimo " +
						"pracovní dobu, umístění dítěte v noci) a seznámit s ním celý tým."},
			},
		},
		Objection: inspectionSeed{
			Office: "Městský úřad Lanškroun", Kind: oversight.Standards, Team: []string{colleaguePAK, methodologistPAK}, Full: true,
			Findings: []findingSeed{
				{"9b", oversight.Partly, "Individuální plány ochrany dítěte se hodnotí, ale hodnocení se opakuje beze změny " +
					"a není z něj patrné, zda a jak se na něm podílely děti a rodiče."},
				{"12a", oversight.Partly, "Spisová dokumentace neobsahuje záznamy o telefonických konzultacích, které pracovníci " +
					"vedou jen v pracovních poznámkách mimo spis; u části spisů tak chybějí informace, podle kterých se " +
					"v případu postupovalo."},
			},
			Object: &objectionSeed{By: "zdenka.pokorna@hnizdo.test", Code: "12a",
				Text: "Telefonické konzultace, které nemají vliv na postup v případu, do spisu nezakládáme, protože jde o obecné " +
					"dotazy bez vztahu ke konkrétnímu dítěti. Záznamy o hovorech, které se případu týkají, ve spisech jsou. " +
					"Žádáme, aby kontrolní skupina zjištění přehodnotila."},
		},
		Done: inspectionSeed{
			Office: "Městský úřad Vysoké Mýto", Kind: oversight.Thematic, Team: ivana,
			Subject: "Vyřizování stížností a jejich evidence",
			Met:     []string{"13a", "13b"},
		},
		Notified: inspectionSeed{Office: "Městský úřad Chrudim", Kind: oversight.Standards, Team: both},
		Thematic: inspectionSeed{Office: "Městský úřad Svitavy", Kind: oversight.Thematic, Team: ivana,
			Subject: "Kontakt dítěte v pěstounské péči s rodiči a asistovaný kontakt"},
		Followup: inspectionSeed{Office: "Městský úřad Česká Třebová", Kind: oversight.Followup, Team: pavel,
			Subject: "Plnění opatření k nápravě z loňské kontroly standardů kvality"},
		Late: inspectionSeed{Office: "Městský úřad Polička", Kind: oversight.Standards, Team: both},
		Cancelled: inspectionSeed{Office: "Městský úřad Králíky", Kind: oversight.Standards, Team: pavel,
			Reason: "Úřad oznámil dlouhodobou nepřítomnost dvou ze tří pracovnic OSPOD; kontrola by v tomto stavu neukázala " +
				"běžné fungování oddělení. Přesunuto do plánu na příští rok, do té doby kraj poskytuje metodickou podporu " +
				"na dálku."},
		Spawn: spawnSeed{Code: "6c", Standards: []int16{6},
			FAQTitle: "Jak v malém týmu zajistit 6 dnů akreditovaného vzdělávání ročně (kritérium 6c)",
			FAQBody: "Kritérium 6c bývá při kontrolách nesplněno hlavně v malých týmech, kde není kdo by pracovníka během kurzu " +
				"zastoupil. Jak vzdělávání naplánovat, aby kritérium bylo splněno?",
			Laws: lawStandards,
			Reply: "V malých týmech se vzdělávání nejčastěji odkládá kvůli zástupu a pak se na konci roku nestihne. " +
				"Osvědčuje se:\n\n" +
				"- plánovat vzdělávání **na celý rok dopředu** a termíny kurzů zapsat do individuálních plánů vzdělávání " +
				"(kritérium 6b) i do plánu zástupů,\n" +
				"- využívat akreditované kurzy pořádané v kraji a akreditovaný e-learning, který nevyžaduje cestu,\n" +
				"- domluvit se se sousedním úřadem na zástupu u neodkladných úkonů v den kurzu,\n" +
				"- v polovině roku plnění zkontrolovat a chybějící dny doplnit.\n\n" +
				"Do 6 dnů se počítá jen akreditované vzdělávání doložené osvědčením. Supervize je samostatný požadavek " +
				"kritéria 6d a do vzdělávání se nepočítá."},
		Visits: []visitSeed{
			{Office: "Městský úřad Žamberk", Kind: "visit", Ago: 50,
				Topics: "Plánování vzdělávání pracovníků na celý rok\nPostup v rizikových a nouzových situacích\nHodnocení " +
					"individuálních plánů ochrany dítěte",
				Recommend: "Zpracovat roční plán vzdělávání týmu s konkrétními kurzy a zástupy. Písemný postup pro rizikové " +
					"situace připravit s ohledem na malý tým a domluvit zástup se sousedním úřadem. Při hodnocení IPOD " +
					"používat tři otázky vyhodnocení bezpečí, které oddělení už zná.",
				Note: "Vyhodnocení a plánování bezpečí dítěte: tři otázky, se kterými začínáme",
				Followups: []followupSeed{
					{Text: "Krajský úřad pošle přehled akreditovaných kurzů pořádaných v kraji ve druhém pololetí.", Due: 10, Done: 7},
					{Text: "Úřad zpracuje písemný postup pro rizikové a nouzové situace a pošle ho kraji k připomínkám.", Due: 60},
				}},
			{Office: "Městský úřad Česká Třebová", Kind: "consultation", By: colleaguePAK, Ago: 30,
				Topics: "Asistovaný kontakt dítěte s rodičem: kdy ho doporučit soudu a kdo ho zajišťuje\nDohody o výkonu " +
					"pěstounské péče: kontrola jejich plnění",
				Recommend: "Ve zprávě pro soud uvádět, proč je asistence potřeba a podle čeho se pozná, že už potřeba není. " +
					"Plnění dohod kontrolovat ze záznamů doprovázející organizace i při vlastní návštěvě rodiny.",
				Note: "Asistovaný styk: kdy ho doporučit a jak ho vyhodnocovat",
				Followups: []followupSeed{
					{Text: "Krajský úřad pošle seznam poskytovatelů asistovaného kontaktu v kraji.", Due: 7, Done: 5,
						DoneBy: colleaguePAK},
					{Text: "Úřad projedná s doprovázející organizací společný postup při kontrole plnění dohod.", Due: 45},
				}},
		},
		Questions: pakQuestions(),
	}
}

func pakQuestions() []questionSeed {
	return []questionSeed{
		{Asker: "jiri.kral@hnizdo.test", Area: "foster-care", State: question.Published, Ago: 310, Assignee: colleaguePAK,
			Title: "Jak často musí doprovázející organizace navštěvovat pěstouny?",
			Body: "Kontrolujeme plnění dohod o výkonu pěstounské péče. Jak často musí doprovázející organizace pěstounskou " +
				"rodinu navštěvovat a co když návštěvy neprobíhají?",
			FAQTitle: "Dohoda o výkonu pěstounské péče: jak často navštěvovat pěstounskou rodinu",
			FAQBody: "Jak často musí ten, kdo s pěstounem uzavřel dohodu o výkonu pěstounské péče, rodinu navštěvovat a co dělat, " +
				"když návštěvy neprobíhají?",
			Laws: "§ 47a a § 47b zákona č. 359/1999 Sb., o sociálně-právní ochraně dětí",
			Notes: []string{"Dohoda o výkonu pěstounské péče: na co nezapomenout při uzavírání",
				"Návštěvy v pěstounských rodinách: jak z povinné kontroly udělat užitečný rozhovor"},
			Reply: "Kdo s pěstounem uzavřel dohodu o výkonu pěstounské péče, je povinen sledovat její naplňování a **nejméně " +
				"jednou za 2 měsíce** navštívit pěstouna v místě, kde dítě žije (§ 47b zákona o sociálně-právní ochraně dětí). " +
				"Ze záznamu o návštěvě má být patrné, s kým pracovník mluvil, jak se dítěti daří a co se dohodlo.\n\n" +
				"Při kontrole plnění dohody:\n\n" +
				"- ověřte četnost návštěv ze záznamů doprovázející organizace a při vlastní návštěvě rodiny,\n" +
				"- pokud návštěvy neprobíhají, projednejte to nejdříve s organizací a s pěstounem; dohodu musí plnit obě strany,\n" +
				"- opakované neplnění je důvodem dohodu přehodnotit; jde-li o pověřenou osobu, informujte krajský úřad, který " +
				"pověření vydal.\n\n" +
				"Pěstoun má zároveň povinnost zvyšovat si znalosti a dovednosti v rozsahu 24 hodin během 12 po sobě jdoucích " +
				"kalendářních měsíců (§ 47a zákona)."},
		{Asker: "ondrej.fiala@hnizdo.test", Area: "divorce", State: question.Published, Ago: 280, Standards: []int16{14},
			Title: "Kdo zajišťuje a platí asistovaný kontakt?",
			Body: "Soud se nás ptá, zda doporučujeme asistovaný kontakt jednoho z rodičů s dítětem. Kdo ho v praxi zajišťuje, " +
				"kdo ho platí a co máme soudu doporučit?",
			FAQTitle: "Asistovaný kontakt dítěte s rodičem: kdo ho zajišťuje a co doporučit soudu",
			FAQBody:  "Kdo asistovaný kontakt zajišťuje a hradí a co má OSPOD soudu doporučit?",
			Laws:     "§ 891 zákona č. 89/2012 Sb., občanský zákoník",
			Notes:    []string{"Asistovaný styk: kdy ho doporučit a jak ho vyhodnocovat"},
			Reply: "O styku rodiče s dítětem rozhoduje soud; může ho omezit nebo stanovit, že se uskuteční jen za přítomnosti " +
				"třetí osoby (§ 891 občanského zákoníku). OSPOD soudu doporučuje, ale asistenci sám zpravidla nezajišťuje.\n\n" +
				"- Asistovaný kontakt poskytují organizace s pověřením k výkonu sociálně-právní ochrany nebo poskytovatelé " +
				"sociálních služeb. Zda a kolik rodiče platí, záleží na poskytovateli; přehled poskytovatelů v kraji vede " +
				"krajský úřad.\n" +
				"- Ve zprávě pro soud uveďte, **proč** je asistence potřeba, jak dlouho by měla trvat a podle čeho se pozná, že " +
				"už potřeba není.\n" +
				"- Doporučte podobu kontaktu (místo, četnost, délku), ne konkrétní organizaci.\n\n" +
				"Průběh kontaktu si od poskytovatele vyžádejte písemně a vyhodnocujte ho v individuálním plánu ochrany dítěte."},
		{Asker: "hana.markova@hnizdo.test", Area: "misdemeanours", State: question.Published, Ago: 250, Assignee: colleaguePAK,
			Standards: []int16{7},
			Title:     "Co s oznámením o přestupku dvanáctiletého?",
			Body: "Policie nám poslala oznámení, že dvanáctiletý žák poškodil autobusovou zastávku. Máme věc projednat jako " +
				"přestupek?",
			FAQTitle: "Přestupek dítěte mladšího 15 let: co dělá OSPOD s oznámením policie",
			FAQBody: "Policie oznámí OSPOD jednání dítěte mladšího 15 let, které by jinak bylo přestupkem. Projednává se jako " +
				"přestupek a co má OSPOD udělat?",
			Laws:  "§ 5 zákona č. 250/2016 Sb., o odpovědnosti za přestupky a řízení o nich\n§ 6 a § 13 zákona č. 359/1999 Sb.",
			Notes: []string{"Kurátor pro děti a mládež: první rozhovor s dospívajícím po oznámení policie"},
			Reply: "Dítě mladší 15 let za přestupek **neodpovídá** (§ 5 zákona o odpovědnosti za přestupky); přestupek se " +
				"neprojednává. OSPOD proto neřeší přestupek, ale **situaci dítěte**:\n\n" +
				"- posuďte, zda jde o dítě uvedené v § 6 zákona o sociálně-právní ochraně dětí, například dítě, které opakovaně " +
				"páchá přestupky,\n" +
				"- u jednorázového méně závažného jednání často postačí rozhovor s dítětem a rodiči, případně napomenutí podle " +
				"§ 13 zákona,\n" +
				"- při opakovaném jednání zvažte vyhodnocení situace, spolupráci se školou a službami a zapojení kurátora pro " +
				"děti a mládež.\n\n" +
				"U mladistvých od 15 do 18 let se přestupek projednává; OSPOD se řízení může účastnit a hájit zájmy mladistvého."},
		{Asker: "pracovnik.lanskroun@hnizdo.test", Area: "files", State: question.Published, Ago: 220, Standards: []int16{12},
			Title: "Musíme každý telefonát zapisovat do spisu?",
			Body: "Často nám volají rodiče nebo škola s krátkým dotazem k dítěti v evidenci. Musíme o každém hovoru dělat " +
				"záznam do spisu?",
			FAQTitle: "Záznam o telefonickém hovoru: kdy patří do spisu",
			FAQBody:  "Musí OSPOD zapisovat do spisu každý telefonický hovor, který se týká dítěte v evidenci?",
			Laws:     "§ 55 zákona č. 359/1999 Sb., o sociálně-právní ochraně dětí",
			Notes:    []string{"Spisová dokumentace: kdy založit spis Om a kdy NOm"},
			Reply: "Do spisové dokumentace dítěte patří všechno, co se týká výkonu sociálně-právní ochrany v jeho případu. " +
				"**Hovor, ve kterém jde o konkrétní dítě, zapisujte do spisu vždy**: stačí stručný záznam, kdo volal, čeho se " +
				"hovor týkal a co bylo dohodnuto.\n\n" +
				"Obecné dotazy bez vztahu ke konkrétnímu dítěti do spisu nepatří.\n\n" +
				"Pracovní poznámky vedené mimo spis záznam nenahrazují: při kontrole posuzujeme úplnost spisu (kritérium 12a) " +
				"a informace, které jsou jen v poznámkách pracovníka, kolegové při zástupu nenajdou."},
		{Asker: "veronika.jelinkova@hnizdo.test", Area: "gdpr", State: question.Published, Ago: 200, Assignee: colleaguePAK,
			Standards: []int16{3},
			Title:     "Musíme rodině dávat písemnou informaci o zpracování osobních údajů?",
			Body: "Máme rodině při prvním kontaktu předávat písemný dokument o zpracování osobních údajů a potřebujeme její " +
				"souhlas?",
			FAQTitle: "Informace o zpracování osobních údajů pro rodinu: kdy a v jaké podobě",
			FAQBody:  "Potřebuje OSPOD souhlas rodiny se zpracováním osobních údajů a jak ji má o zpracování informovat?",
			Laws:     "čl. 13 a 14 nařízení (EU) 2016/679 (GDPR)\n§ 55 zákona č. 359/1999 Sb.",
			Notes:    []string{"GDPR v práci s klientem: co vysvětlit rodině při prvním kontaktu"},
			Reply: "Souhlas rodiny se zpracováním osobních údajů OSPOD nepotřebuje: zpracovává je, protože mu to ukládá zákon. " +
				"Má ale **povinnost rodinu informovat**, kdo údaje zpracovává, k jakému účelu, na jakém základě, jak dlouho se " +
				"uchovávají a jaká práva rodina má.\n\n" +
				"- Informaci předejte při prvním osobním kontaktu, písemně a srozumitelně; vzor připravuje pověřenec pro ochranu " +
				"osobních údajů úřadu.\n" +
				"- Předání zaznamenejte do spisu.\n" +
				"- Vysvětlete také, co OSPOD smí a nesmí sdělit škole nebo službám; na to se rodiny ptají nejčastěji.\n\n" +
				"Nahlížení do spisu a pořizování kopií se řídí § 55 zákona o sociálně-právní ochraně dětí."},
		{Asker: "zdenka.pokorna@hnizdo.test", Area: "administration", State: question.Published, Ago: 170, Standards: []int16{13},
			Title: "Jak vést evidenci stížností, aby vyhověla standardu 13?",
			Body: "Chceme zavést evidenci stížností. Co v ní má být a jak často stížnosti vyhodnocovat, aby to při kontrole " +
				"obstálo?",
			FAQTitle: "Evidence a vyhodnocování stížností podle standardu 13",
			FAQBody:  "Co má obsahovat evidence stížností na výkon sociálně-právní ochrany a jak často se mají stížnosti vyhodnocovat?",
			Laws:     "§ 175 zákona č. 500/2004 Sb., správní řád\n" + lawStandards,
			Notes:    []string{"Stížnost na postup pracovníka OSPOD: jak ji vyřídit srozumitelně"},
			Reply: "Kritérium 13b vyžaduje stížnosti **evidovat a vyhodnocovat**. Evidence nemusí být složitá; osvědčuje se " +
				"tabulka s těmito údaji:\n\n" +
				"- datum přijetí a forma (písemně, ústně, elektronicky),\n" +
				"- předmět stížnosti bez osobních údajů,\n" +
				"- kdo ji vyřizoval, jak a kdy (lhůta je 60 dnů podle § 175 správního řádu),\n" +
				"- zda byla důvodná a co se změnilo.\n\n" +
				"Evidujte i ústní stížnosti a stížnosti, které se ukázaly jako nedůvodné. Alespoň jednou ročně je s týmem " +
				"vyhodnoťte a závěr zapište do zápisu z porady; při kontrole se ptáme právě na to, co se ze stížností změnilo."},
		{Asker: "lenka.benesova@hnizdo.test", Area: "team", State: question.Published, Ago: 140, Standards: []int16{6},
			Title:    "Počítá se supervize do vzdělávání?",
			Body:     "Tým má pravidelnou supervizi a jednou měsíčně intervizi. Můžeme je započítat do 6 dnů vzdělávání?",
			FAQTitle: "Supervize a intervize: počítají se do 6 dnů vzdělávání?",
			FAQBody:  "Započítává se supervize nebo intervize do 6 dnů akreditovaného vzdělávání ročně?",
			Laws:     lawStandards,
			Notes:    []string{"Intervize v malém týmu: formát na šedesát minut"},
			Reply: "Ne. Standard 6 rozlišuje vzdělávání (kritérium 6c: nejméně 6 pracovních dnů akreditovaného vzdělávání " +
				"ročně) a podporu nezávislého kvalifikovaného odborníka, tedy supervizi (kritérium 6d). Supervize je samostatný " +
				"požadavek a do vzdělávání se nepočítá; intervize není ani jedno z toho, je to dobrá praxe týmu.\n\n" +
				"Při kontrole posuzujeme u supervize, zda je dostupná všem pracovníkům, zda ji vede nezávislý odborník a zda " +
				"probíhá pravidelně; doporučujeme alespoň čtyřikrát ročně."},
		{Asker: "hana.markova@hnizdo.test", Area: "case-conferences", State: question.Published, Ago: 110, Standards: []int16{9, 14},
			Title:    "Kdo svolává případovou konferenci, když ji navrhne škola?",
			Body:     "Škola chce kvůli dítěti svolat případovou konferenci a zve nás. Má ji svolat a vést škola, nebo OSPOD?",
			FAQTitle: "Případová konference na podnět školy: kdo ji svolává a vede",
			FAQBody:  "Škola navrhuje případovou konferenci k dítěti. Kdo ji má svolat a vést?",
			Laws:     "§ 10 odst. 3 písm. c) zákona č. 359/1999 Sb., o sociálně-právní ochraně dětí",
			Notes:    []string{"Případová konference: jak připravit rodinu, aby nepřišla na tribunál"},
			Reply: "Případovou konferenci ve smyslu zákona o sociálně-právní ochraně dětí pořádá OSPOD (§ 10 odst. 3 písm. c)). " +
				"Škola může svolat vlastní jednání, například výchovnou komisi; to ale případovou konferencí není.\n\n" +
				"- Navrhne-li škola konferenci, posuďte, zda je v zájmu dítěte; pokud ano, svolejte ji a veďte sami, nebo ji " +
				"veďte s nezávislým facilitátorem.\n" +
				"- Jde-li o jednání školy, můžete se ho účastnit; zápis píše škola a do spisu založte jeho kopii a vlastní záznam.\n" +
				"- V obou případech připravte rodinu předem, aby věděla, proč a s kým se jedná."},
		{Asker: "pracovnik.lanskroun@hnizdo.test", Area: "assessment", State: question.Published, Ago: 80, Standards: []int16{9},
			Title: "Musí mít individuální plán ochrany každé dítě v evidenci?",
			Body: "Máme v evidenci i děti, u kterých jen sledujeme situaci po jednorázovém oznámení. Musíme u nich zpracovat " +
				"IPOD?",
			FAQTitle: "U kterých dětí se zpracovává individuální plán ochrany dítěte",
			FAQBody:  "Zpracovává se individuální plán ochrany dítěte u každého dítěte v evidenci OSPOD?",
			Laws:     "§ 10 odst. 3 písm. c) zákona č. 359/1999 Sb.\n" + lawStandards,
			Notes:    []string{"Individuální plán ochrany dítěte, kterému rodina rozumí"},
			Reply: "Individuální plán ochrany dítěte se zpracovává u dítěte, u kterého vyhodnocení situace ukázalo, že jde " +
				"o dítě ohrožené ve smyslu § 6 zákona o sociálně-právní ochraně dětí a že s rodinou bude OSPOD pracovat.\n\n" +
				"- U dítěte, kde po oznámení vyhodnocení ohrožení nepotvrdilo, plán nezpracováváte; závěr vyhodnocení zapište do " +
				"spisu.\n" +
				"- Plán má být konkrétní a srozumitelný rodině: co se má změnit, kdo co udělá a do kdy.\n" +
				"- Hodnoťte ho pravidelně, nejméně jednou za šest měsíců (kritérium 9b)."},
		{Asker: "veronika.jelinkova@hnizdo.test", Area: "abuse", State: question.Published, Ago: 45, Answer: 8,
			Assignee: colleaguePAK, Standards: []int16{11},
			Title:    "Co máme udělat po oznámení policie o vykázání?",
			Body:     "Policie nás informovala o vykázání z domácnosti, kde žijí děti. Co má OSPOD udělat a v jakých lhůtách?",
			FAQTitle: "Vykázání z domácnosti, kde žijí děti: první kroky OSPOD",
			FAQBody:  "Co má OSPOD udělat, když ho policie informuje o vykázání z domácnosti, ve které žijí děti?",
			Laws:     "§ 44 zákona č. 273/2008 Sb., o Policii České republiky\n" + lawSPOD,
			Notes:    []string{"Domácí násilí v rodině s dětmi: první kroky po vykázání"},
			Reply: "Vykázání trvá 10 dnů ode dne, kdy k němu došlo (§ 44 zákona o Policii České republiky). Děti v takové " +
				"domácnosti jsou ohrožené a OSPOD má jednat **bez zbytečného odkladu**:\n\n" +
				"- kontaktujte ohroženou osobu a děti ještě během vykázání a vyhodnoťte jejich bezpečí,\n" +
				"- spolupracujte s intervenčním centrem, které policie o vykázání rovněž informuje,\n" +
				"- zvažte, zda je třeba návrh na předběžné opatření, a proberte s ohroženou osobou další kroky,\n" +
				"- vše zaznamenejte do spisu a stanovte termín dalšího kontaktu.\n\n" +
				"Dítě má být vyslechnuto přiměřeně svému věku; rozhovor s ním neveďte v přítomnosti násilné osoby."},
		{Asker: "hana.markova@hnizdo.test", Area: "foster-care", State: question.Answered, Ago: 22, Answer: 9,
			Title: "Může pěstoun na přechodnou dobu omezit kontakt dítěte s rodiči?",
			Body: "Pěstounka na přechodnou dobu nechce, aby rodiče dítě navštěvovali u ní doma, a navrhuje kontakt omezit. " +
				"Může o tom rozhodnout sama?",
			Laws:  "§ 47a zákona č. 359/1999 Sb.\n§ 891 zákona č. 89/2012 Sb., občanský zákoník",
			Notes: []string{"Přechodná pěstounská péče: prvních 72 hodin po umístění dítěte"},
			Reply: "Nemůže. Pěstoun je povinen umožnit kontakt dítěte s rodiči, pokud soud nerozhodl jinak; kontakt může omezit " +
				"jen soud. Pěstounka ale nemusí kontakt hostit u sebe doma: dohodněte s ní a s doprovázející organizací jiné " +
				"místo, například prostory organizace. Pokud má pěstounka obavy o bezpečí dítěte, vyhodnoťte je a případně " +
				"navrhněte soudu úpravu kontaktu."},
		{Asker: "ondrej.fiala@hnizdo.test", Area: "files", State: question.Answered, Ago: 14, Answer: 7, Assignee: colleaguePAK,
			Title: "Jak dlouho uchovávat uzavřené spisy?",
			Body:  "Kdy můžeme po uzavření případu spis zařadit ke skartaci a podle čeho se lhůta řídí?",
			Laws:  "zákon č. 499/2004 Sb., o archivnictví a spisové službě\n§ 55 zákona č. 359/1999 Sb.",
			Reply: "Skartační lhůty určuje spisový a skartační plán vašeho úřadu; pro spisovou dokumentaci OSPOD počítá lhůta " +
				"zpravidla od zletilosti dítěte nebo od uzavření spisu podle druhu spisu. Před skartací spis projde skartačním " +
				"řízením. Pokud plán úřadu lhůty pro spisy OSPOD nerozlišuje, obraťte se na spisovnu úřadu; kraj vám pošle vzor, " +
				"který používají jiné úřady."},
		{Asker: "vedouci.zamberk@hnizdo.test", Area: "team", State: question.Private, Ago: 100, Standards: []int16{4, 5},
			Title: "Převzetí agendy náhradní rodinné péče kolegou z jiné specializace",
			Body: "Kolegyně odchází do důchodu a agendu náhradní rodinné péče převezme kolega, který dosud dělal kurátora. Jak " +
				"zajistit, aby splnil požadavky na zaškolení a specializaci?",
			Reply: "Změnu specializace zapište do popisu pracovního místa (kritérium 4c) a připravte pro kolegu plán zaškolení " +
				"v agendě náhradní rodinné péče jako pro nového pracovníka (kritérium 5b), s mentorem z jiného úřadu, pokud ve " +
				"vašem týmu nikdo jiný tuto agendu nezná. Do plánu vzdělávání zařaďte akreditované kurzy k náhradní rodinné péči. " +
				"Kraj nabízí konzultace k prvním dohodám o výkonu pěstounské péče."},
		{Asker: "zdenka.pokorna@hnizdo.test", Area: "misdemeanours", State: question.Private, Ago: 75,
			Title: "Může o přestupku rozhodovat pracovnice, která s rodinou pracuje?",
			Body: "Na oddělení jsme jen tři. Může o přestupku na úseku OSPOD rozhodovat pracovnice, která rodinu vede, když nikdo " +
				"jiný není?",
			Notes: []string{"Přestupky na úseku sociálně-právní ochrany dětí: od oznámení po rozhodnutí"},
			Reply: "Doporučujeme, aby řízení o přestupku nevedla pracovnice, která s rodinou pracuje: projednání přestupku " +
				"a sociální práce se pak těžko oddělují. Ve vašem případě navrhujeme domluvit projednání s přestupkovým " +
				"oddělením úřadu, které má pro tyto účely oprávněnou úřední osobu; pracovnice OSPOD přestupek oznámí a poskytne " +
				"podklady."},
		{Asker: "lenka.benesova@hnizdo.test", Area: "team", State: question.Assigned, Ago: 48, Assignee: colleaguePAK,
			Title: "Hodnocení pracovníků na zkrácený úvazek podle kritéria 6a",
			Body: "Dvě kolegyně pracují na poloviční úvazek. Platí pro ně hodnocení jednou ročně stejně jako pro ostatní a mají " +
				"stejný rozsah vzdělávání?"},
		{Asker: "jiri.kral@hnizdo.test", Area: "field-work", State: question.Assigned, Ago: 4,
			Title: "Rodina se během řízení přestěhovala do jiného kraje",
			Body: "Rodina, se kterou pracujeme, se přestěhovala do obvodu jiného OSPOD v jiném kraji. Kdy přechází příslušnost " +
				"a co máme předat?"},
		{Asker: "ondrej.fiala@hnizdo.test", Area: "field-work", State: question.New, Ago: 43,
			Title: "Smíme při šetření v domácnosti fotografovat?",
			Body: "Při šetření jsme zjistili nevyhovující podmínky v bytě. Smíme je vyfotit do spisu a potřebujeme k tomu " +
				"souhlas rodičů?"},
		{Asker: "veronika.jelinkova@hnizdo.test", Area: "case-conferences", State: question.New, Ago: 1,
			Title: "Lze svolat případovou konferenci bez rodičů?",
			Body:  "Rodiče účast na případové konferenci odmítají. Můžeme ji uskutečnit bez nich a jak je pak informovat?"},
	}
}
