package scale

import (
	"context"
	"fmt"
	"math"
	"sort"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgtype"

	"hnizdo.cz/hnizdo/internal/i18n"
)

// Feedback is planned in one goroutine, from the meetings as the database holds them: which
// meetings have a form and where it got, who is invited, and how many answer which questions,
// so that the answers add up to s.Answers exactly. Each region's invitations, responses and
// answers are then made and written by a goroutine of their own (stream feedbackStream+region).

const feedbackStream = 3000

// fbQuestion is a question of a generated form.
type fbQuestion struct {
	id                     int64
	key, kind, label, help string
	required               bool
	options                []string
	low, high              string
}

// The questions the organisers add to the standard template now and then, and those of a form
// after a methodological visit.
var (
	fbRecommend = fbQuestion{kind: "nps", label: "Doporučili byste setkání kolegům?", low: "určitě ne", high: "určitě ano"}
	fbFormats   = fbQuestion{kind: "multiple", label: "Co vám na setkání pomohlo nejvíc?", help: "Vyberte vše, co platí.",
		options: []string{"Sdílení zkušeností z praxe", "Výklad metodika", "Diskuse v malých skupinách", "Podklady a vzory"}}
	fbVisit = []fbQuestion{
		{kind: "rating", label: "Přínos metodické návštěvy pro náš úřad", required: true, low: "žádný", high: "velký"},
		{kind: "rating", label: "Srozumitelnost doporučení", required: true, low: "nesrozumitelná", high: "jasná"},
		{kind: "short", label: "Co bylo nejužitečnější?"},
		{kind: "nps", label: "Doporučili byste návštěvu jiným úřadům?", low: "určitě ne", high: "určitě ano"},
		{kind: "long", label: "Co by krajský úřad mohl příště udělat jinak?"},
	}
)

const (
	fbVisitTitle = "Hodnocení metodické návštěvy"
	fbVisitIntro = "Děkujeme za hodnocení metodické návštěvy krajského úřadu. Odpovědi pomohou návštěvy zlepšit."
	fbNamedIntro = "Děkujeme, že nám pomůžete setkání zlepšit. Dotazník není anonymní: organizátoři uvidí, kdo odpověděl."
)

// fbForm is a generated form.
type fbForm struct {
	id                 int64
	region             int16
	meeting, office    *int64
	title, intro       string
	anonymous          bool
	minAnswers         int
	status             string
	created, updated   time.Time
	opened, closes     *time.Time
	closedAt           time.Time
	createdBy          *int64
	lockVersion        int
	questions          []fbQuestion
	invited            []int64 // user ids
	agenda             []string
	responses, extra   int // how many answer; optional answers in all
	required, optional []int
}

// last is when answers could last come in.
func (f *fbForm) last(now time.Time) time.Time {
	t := timeMin(*f.closes, now)
	if !f.closedAt.IsZero() {
		t = timeMin(t, f.closedAt)
	}
	return t
}

// loadFeedback writes feedback forms for most held meetings (built from the standard template,
// some with a question or two more), ready or draft forms for some upcoming ones, forms after
// methodological visits to offices, their personal invitations, and responses whose answers
// number s.Answers; most forms are anonymous, as the template promises.
func (l *loader) loadFeedback(ctx context.Context) error {
	g := newGen(l.s.Seed, feedbackStream)
	forms, err := l.planForms(ctx, g)
	if err != nil {
		return err
	}
	if err := planAnswers(g, forms, l.s.Answers, l.now); err != nil {
		return fmt.Errorf("answers: %w", err)
	}
	byRegion := map[int16][]*fbForm{}
	var regions []int16
	for _, f := range forms {
		if len(byRegion[f.region]) == 0 {
			regions = append(regions, f.region)
		}
		byRegion[f.region] = append(byRegion[f.region], f)
	}
	sort.Slice(regions, func(a, b int) bool { return regions[a] < regions[b] })
	return l.bulk(ctx, []string{"feedback_forms", "feedback_questions"}, func(next map[string]int64) error {
		fid, qid := next["feedback_forms"], next["feedback_questions"]
		for _, r := range regions {
			for _, f := range byRegion[r] {
				f.id, fid = fid, fid+1
				for i := range f.questions {
					f.questions[i].id, qid = qid, qid+1
				}
			}
		}
		tables := []string{"feedback_forms", "feedback_questions", "feedback_invites", "feedback_responses", "feedback_answers"}
		return l.withoutForeignKeys(ctx, tables, func() error {
			if err := l.writeForms(ctx, regions, byRegion); err != nil {
				return err
			}
			return parallel(ctx, len(regions), func(ctx context.Context, b int) error {
				r := regions[b]
				w := &answerWriter{l: l, g: newGen(l.s.Seed, uint64(feedbackStream)+uint64(r)), pii: newPIIGuard()}
				return w.write(ctx, byRegion[r])
			})
		})
	})
}

// planForms decides which forms there are, their questions and who they ask.
func (l *loader) planForms(ctx context.Context, g *gen) ([]*fbForm, error) {
	now := l.now
	// The standard template, as the migration seeded it.
	var tplID int64
	var tplTitle, tplIntro string
	err := l.pool.QueryRow(ctx, `SELECT id, title, intro FROM feedback_forms WHERE is_template AND region_id IS NULL
		ORDER BY id LIMIT 1`).Scan(&tplID, &tplTitle, &tplIntro)
	if err != nil {
		return nil, fmt.Errorf("the standard template: %w", err)
	}
	rows, err := l.pool.Query(ctx, `SELECT key, kind, label, help, required, options, low_label, high_label
		FROM feedback_questions WHERE form_id = $1 AND version = 1 ORDER BY position, id`, tplID)
	if err != nil {
		return nil, fmt.Errorf("the standard template: %w", err)
	}
	var tpl []fbQuestion
	var q fbQuestion
	if _, err := pgx.ForEachRow(rows, []any{&q.key, &q.kind, &q.label, &q.help, &q.required, &q.options, &q.low, &q.high},
		func() error {
			tpl = append(tpl, q)
			return nil
		}); err != nil {
		return nil, fmt.Errorf("the standard template: %w", err)
	}

	// The meetings, who attended them and what was on their agendas.
	type mtg struct {
		id                    int64
		region                int16
		status                string
		starts, ends, created time.Time
		createdBy             *int64
		attendees             []int64
		agenda                []string
	}
	rows, err = l.pool.Query(ctx, `SELECT id, region_id, status, starts_at, ends_at, created_at, created_by
		FROM meetings ORDER BY id`)
	if err != nil {
		return nil, fmt.Errorf("meetings: %w", err)
	}
	var ms []*mtg
	byID := map[int64]*mtg{}
	var m mtg
	if _, err := pgx.ForEachRow(rows, []any{&m.id, &m.region, &m.status, &m.starts, &m.ends, &m.created, &m.createdBy},
		func() error {
			x := m
			ms = append(ms, &x)
			byID[x.id] = &x
			return nil
		}); err != nil {
		return nil, fmt.Errorf("meetings: %w", err)
	}
	var mid, uid int64
	var title string
	rows, err = l.pool.Query(ctx, `SELECT meeting_id, user_id FROM registrations
		WHERE status = 'registered' AND attended IS NOT false ORDER BY meeting_id, user_id`)
	if err != nil {
		return nil, fmt.Errorf("attendees: %w", err)
	}
	if _, err := pgx.ForEachRow(rows, []any{&mid, &uid}, func() error {
		byID[mid].attendees = append(byID[mid].attendees, uid)
		return nil
	}); err != nil {
		return nil, fmt.Errorf("attendees: %w", err)
	}
	rows, err = l.pool.Query(ctx, `SELECT meeting_id, title FROM topics WHERE status = 'accepted' ORDER BY meeting_id, position`)
	if err != nil {
		return nil, fmt.Errorf("agendas: %w", err)
	}
	if _, err := pgx.ForEachRow(rows, []any{&mid, &title}, func() error {
		byID[mid].agenda = append(byID[mid].agenda, title)
		return nil
	}); err != nil {
		return nil, fmt.Errorf("agendas: %w", err)
	}

	// A meeting's form: the template's questions, now and then one or two more.
	meetingForm := func(m *mtg) *fbForm {
		region := m.region
		id := m.id
		f := &fbForm{region: region, meeting: &id, title: tplTitle, intro: tplIntro, anonymous: g.rnd.IntN(100) < 85,
			minAnswers: []int{5, 5, 5, 5, 5, 5, 5, 5, 3, 8}[g.rnd.IntN(10)], createdBy: m.createdBy, agenda: m.agenda,
			lockVersion: 1}
		if !f.anonymous {
			f.intro = fbNamedIntro
		}
		f.questions = append(f.questions, tpl...)
		if g.rnd.IntN(10) < 3 {
			f.questions = append(f.questions, fbRecommend)
		}
		if g.rnd.IntN(10) < 3 {
			f.questions = append(f.questions, fbFormats)
		}
		closes := m.ends.Add(14 * 24 * time.Hour)
		f.closes = &closes
		f.created = g.between(m.created, timeMin(m.starts.Add(-24*time.Hour), now))
		f.updated = f.created
		return f
	}
	var forms, held []*fbForm
	for _, m := range ms {
		switch m.status {
		case "held", "feedback", "closed":
			f := meetingForm(m)
			opened := timeMin(m.ends.Add(time.Duration(10+g.rnd.IntN(80))*time.Minute), now)
			f.opened, f.status, f.updated = &opened, "open", opened
			f.lockVersion++
			if m.status != "held" && g.rnd.IntN(100) < 15 {
				f.status = "closed"
				f.closedAt = g.between(opened.Add(2*24*time.Hour), timeMin(*f.closes, now))
				f.updated = f.closedAt
				f.lockVersion++
			}
			f.invited = m.attendees
			held = append(held, f)
		case "agenda":
			if g.rnd.IntN(10) < 6 {
				f := meetingForm(m)
				f.status = "ready"
				f.updated = g.between(f.created, now)
				f.lockVersion++
				forms = append(forms, f)
			}
		case "open":
			if g.rnd.IntN(10) < 3 {
				f := meetingForm(m)
				f.status = "draft"
				forms = append(forms, f)
			}
		}
	}
	// Most held meetings have a form, every one asking for feedback now or lately; all of them
	// when the answers need the room.
	room := func(fs []*fbForm) int {
		n := 0
		for _, f := range fs {
			n += len(f.invited) * len(f.questions)
		}
		return n
	}
	var some []*fbForm
	for _, f := range held {
		if g.rnd.IntN(10) < 8 || byID[*f.meeting].status == "feedback" || f.closes.After(now) {
			some = append(some, f)
		}
	}
	if room(some) < l.s.Answers*13/10 {
		some = held
	}
	forms = append(forms, some...)

	// Forms after methodological visits: the staff of a municipal office asked.
	methodologists := map[int16][]int64{}
	for _, u := range l.users {
		for _, r := range u.roles {
			if r == "methodologist" {
				reg := l.offices[u.office].region
				methodologists[reg] = append(methodologists[reg], u.id)
			}
		}
	}
	var visited []int
	for i, o := range l.offices {
		if o.kind != "regional" && len(l.byOffice[o.id]) >= 3 {
			visited = append(visited, i)
		}
	}
	if len(visited) > 0 {
		n := max(1, l.s.Answers/2000)
		for range n {
			o := l.offices[visited[g.rnd.IntN(len(visited))]]
			oid := o.id
			f := &fbForm{region: o.region, office: &oid, title: fbVisitTitle, intro: fbVisitIntro, anonymous: g.rnd.IntN(10) < 7,
				minAnswers: 3, lockVersion: 2, status: "open"}
			if list := methodologists[o.region]; len(list) > 0 {
				f.createdBy = &list[g.rnd.IntN(len(list))]
			}
			f.questions = append(f.questions, fbVisit...)
			f.created = g.between(time.Date(2018, 2, 1, 8, 0, 0, 0, time.UTC), now.Add(-5*24*time.Hour))
			opened := g.between(f.created, f.created.Add(3*24*time.Hour))
			closes := opened.Add(14 * 24 * time.Hour)
			f.opened, f.closes, f.updated = &opened, &closes, opened
			if g.rnd.IntN(10) < 2 {
				f.status = "closed"
				f.closedAt = g.between(opened.Add(24*time.Hour), timeMin(closes, now))
				f.updated = f.closedAt
				f.lockVersion++
			}
			for _, u := range l.byOffice[o.id] {
				f.invited = append(f.invited, l.users[u].id)
			}
			forms = append(forms, f)
		}
	}
	sort.SliceStable(forms, func(a, b int) bool { return forms[a].created.Before(forms[b].created) })
	for _, f := range forms {
		f.required, f.optional = nil, nil
		for i, q := range f.questions {
			if q.required {
				f.required = append(f.required, i)
			} else {
				f.optional = append(f.optional, i)
			}
		}
	}
	return forms, nil
}

// planAnswers decides how many people answer each form that took answers, and how many
// optional questions they answer, so that the answers add up to total: every response answers
// the required questions, and the optional answers make up the rest.
func planAnswers(g *gen, forms []*fbForm, total int, now time.Time) error {
	// A form still taking answers has not heard from everyone yet, if the total allows.
	if err := shareAnswers(g, forms, total, now, true); err == nil {
		return nil
	}
	return shareAnswers(g, forms, total, now, false)
}

func shareAnswers(g *gen, forms []*fbForm, total int, now time.Time, partial bool) error {
	var taking []*fbForm
	room, invited, perResponse := 0, 0, 0.0
	for _, f := range forms {
		if f.opened == nil {
			continue
		}
		taking = append(taking, f)
		n := len(f.invited)
		room += n * len(f.questions)
		invited += n
		perResponse += float64(n) * (float64(len(f.required)) + 0.45*float64(len(f.optional)))
	}
	if total == 0 {
		return nil
	}
	if room < total {
		return fmt.Errorf("%d invitations can give %d answers at most, %d asked", invited, room, total)
	}
	want := min(invited, int(math.Round(float64(total)*float64(invited)/perResponse)))
	if partial {
		want = min(want, invited*7/10)
	}
	weights := make([]float64, len(taking))
	caps := make([]int, len(taking))
	for i, f := range taking {
		weights[i] = float64(len(f.invited)) * (0.25 + 0.65*g.rnd.Float64())
		caps[i] = len(f.invited)
		if partial && f.status == "open" && f.closes.After(now) {
			caps[i] = len(f.invited) * 7 / 10
		}
	}
	n, err := shareOut(want, weights, caps)
	if err != nil {
		return err
	}
	base, extra := 0, 0
	for i, f := range taking {
		base += n[i] * len(f.required)
		extra += n[i] * len(f.optional)
	}
	// Too many answer even with the required questions alone: fewer people, from the forms
	// most answered.
	for base > total {
		k := -1
		for i := range taking {
			if n[i] > 0 && (k < 0 || n[i] > n[k]) {
				k = i
			}
		}
		n[k]--
		base -= len(taking[k].required)
		extra -= len(taking[k].optional)
	}
	// Too few even with every optional question answered: more people.
	for total > base+extra {
		k := -1
		for i, f := range taking {
			if n[i] < caps[i] && base+len(f.required) <= total &&
				(k < 0 || len(f.questions) > len(taking[k].questions)) {
				k = i
			}
		}
		if k < 0 {
			return fmt.Errorf("no way to make %d answers of these forms", total)
		}
		n[k]++
		base += len(taking[k].required)
		extra += len(taking[k].optional)
	}
	weights = weights[:0]
	caps = caps[:0]
	for i, f := range taking {
		weights = append(weights, float64(n[i]*len(f.optional)))
		caps = append(caps, n[i]*len(f.optional))
	}
	extras, err := shareOut(total-base, weights, caps)
	if err != nil {
		return err
	}
	for i, f := range taking {
		f.responses, f.extra = n[i], extras[i]
	}
	return nil
}

// writeForms writes the forms and their questions.
func (l *loader) writeForms(ctx context.Context, regions []int16, byRegion map[int16][]*fbForm) error {
	var forms []*fbForm
	for _, r := range regions {
		forms = append(forms, byRegion[r]...)
	}
	if _, err := l.copyRows(ctx, "feedback_forms", []string{"id", "region_id", "meeting_id", "office_id", "title", "intro",
		"anonymous", "min_answers", "status", "closes_at", "opened_at", "version", "lock_version", "created_by",
		"created_at", "updated_at"}, len(forms), func(i int) []any {
		f := forms[i]
		return []any{f.id, f.region, f.meeting, f.office, f.title, f.intro, f.anonymous, f.minAnswers, f.status, f.closes,
			f.opened, 1, f.lockVersion, f.createdBy, f.created, f.updated}
	}); err != nil {
		return err
	}
	type fq struct {
		f *fbForm
		k int
	}
	var qs []fq
	for _, f := range forms {
		for k := range f.questions {
			qs = append(qs, fq{f, k})
		}
	}
	if _, err := l.copyRows(ctx, "feedback_questions", []string{"id", "form_id", "version", "key", "position", "kind",
		"label", "help", "required", "options", "low_label", "high_label"}, len(qs), func(i int) []any {
		f, k := qs[i].f, qs[i].k
		q := &f.questions[k]
		opts := q.options
		if opts == nil {
			opts = []string{}
		}
		return []any{q.id, f.id, 1, q.key, k + 1, q.kind, q.label, q.help, q.required, opts, q.low, q.high}
	}); err != nil {
		return err
	}
	return nil
}

// formSteps is the timeline of f's steps.
func formSteps(f *fbForm) []timelineEntry {
	log := []timelineEntry{{at: f.created, actor: f.createdBy, action: "feedback.create", object: f.id, to: "draft",
		detail: map[string]any{"title": f.title}}}
	if f.status == "ready" {
		log = append(log, timelineEntry{at: f.updated, actor: f.createdBy, action: "feedback.ready", object: f.id,
			from: "draft", to: "ready", detail: map[string]any{"invited": 0}})
	}
	if f.opened != nil {
		log = append(log, timelineEntry{at: *f.opened, actor: f.createdBy, action: "feedback.open", object: f.id,
			from: "draft", to: "open", detail: map[string]any{"invited": len(f.invited)}})
	}
	if !f.closedAt.IsZero() {
		log = append(log, timelineEntry{at: f.closedAt, actor: f.createdBy, action: "feedback.close", object: f.id,
			from: "open", to: "closed", detail: map[string]any{"invited": 0}})
	}
	return log
}

type fbInvite struct {
	form, user int64
	hash       []byte
	answered   bool
}

type fbResponse struct {
	id        pgtype.UUID
	form      int64
	anonymous bool
	user      *int64
	at        *time.Time
}

type fbAnswer struct {
	response pgtype.UUID
	question int64
	number   *int
	choices  []string
	text     *string
}

// answerWriter makes and writes the invitations, responses and answers of one region's forms.
type answerWriter struct {
	l   *loader
	g   *gen
	pii *piiGuard

	invites   []fbInvite
	responses []fbResponse
	answers   []fbAnswer
	log       []timelineEntry
}

func (w *answerWriter) write(ctx context.Context, forms []*fbForm) error {
	for _, f := range forms {
		if err := w.form(f); err != nil {
			return err
		}
	}
	l := w.l
	if _, err := l.copyRows(ctx, "feedback_invites", []string{"form_id", "user_id", "token_hash", "answered"},
		len(w.invites), func(i int) []any {
			x := &w.invites[i]
			return []any{x.form, x.user, x.hash, x.answered}
		}); err != nil {
		return err
	}
	if _, err := l.copyRows(ctx, "feedback_responses", []string{"id", "form_id", "version", "anonymous", "user_id",
		"submitted_at"}, len(w.responses), func(i int) []any {
		x := &w.responses[i]
		return []any{x.id, x.form, 1, x.anonymous, x.user, x.at}
	}); err != nil {
		return err
	}
	if _, err := l.copyRows(ctx, "feedback_answers", []string{"response_id", "question_id", "number", "choices", "text"},
		len(w.answers), func(i int) []any {
			x := &w.answers[i]
			return []any{x.response, x.question, x.number, x.choices, x.text}
		}); err != nil {
		return err
	}
	return l.copyTimeline(ctx, "feedback", w.log)
}

func (w *answerWriter) uuid() pgtype.UUID {
	var b [16]byte
	for i := 0; i < 16; i += 8 {
		x := w.g.rnd.Uint64()
		for k := range 8 {
			b[i+k] = byte(x >> (8 * k))
		}
	}
	b[6] = b[6]&0x0f | 0x40 // version 4
	b[8] = b[8]&0x3f | 0x80 // RFC 4122 variant
	return pgtype.UUID{Bytes: b, Valid: true}
}

func (w *answerWriter) form(f *fbForm) error {
	g, now := w.g, w.l.now
	w.log = append(w.log, formSteps(f)...)
	if f.opened == nil {
		return nil
	}
	if f.responses > len(f.invited) || f.extra > f.responses*len(f.optional) {
		return fmt.Errorf("form %d: %d responses of %d invited, %d optional answers", f.id, f.responses, len(f.invited), f.extra)
	}
	answering := map[int]bool{}
	for _, k := range g.sample(len(f.invited), f.responses) {
		answering[k] = true
	}
	for k, u := range f.invited {
		hash := make([]byte, 32)
		for i := 0; i < 32; i += 8 {
			x := g.rnd.Uint64()
			for j := range 8 {
				hash[i+j] = byte(x >> (8 * j))
			}
		}
		w.invites = append(w.invites, fbInvite{form: f.id, user: u, hash: hash, answered: answering[k]})
	}
	// Which of the responses answer which optional questions.
	slots := map[int]bool{}
	for _, s := range g.sample(f.responses*len(f.optional), f.extra) {
		slots[s] = true
	}
	mood := 3.3 + 1.3*g.rnd.Float64() // how the meeting went, on the 1–5 scale
	var who []int
	for k := range f.invited {
		if answering[k] {
			who = append(who, k)
		}
	}
	g.rnd.Shuffle(len(who), func(a, b int) { who[a], who[b] = who[b], who[a] })
	for r, k := range who {
		resp := fbResponse{id: w.uuid(), form: f.id, anonymous: f.anonymous}
		at := g.between(*f.opened, f.last(now))
		if !f.anonymous {
			u := f.invited[k]
			resp.user, resp.at = &u, &at
			w.log = append(w.log, timelineEntry{at: at, actor: &u, action: "feedback.answer", object: f.id,
				detail: map[string]any{"response": uuidText(resp.id)}})
		} else {
			// The app dates an anonymous answer's entry by the day only and names no one.
			d := at.In(i18n.Prague)
			day := time.Date(d.Year(), d.Month(), d.Day(), 0, 0, 0, 0, i18n.Prague)
			w.log = append(w.log, timelineEntry{at: day, when: at, action: "feedback.answer", object: f.id,
				detail: map[string]any{"anonymous": true}})
		}
		w.responses = append(w.responses, resp)
		for _, qi := range f.required {
			w.answers = append(w.answers, w.answer(f, &f.questions[qi], resp.id, mood))
		}
		for j, qi := range f.optional {
			if slots[r*len(f.optional)+j] {
				w.answers = append(w.answers, w.answer(f, &f.questions[qi], resp.id, mood))
			}
		}
	}
	return nil
}

func uuidText(u pgtype.UUID) string {
	b := u.Bytes
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16])
}

// answer is one person's answer to q, as the answer page would store it.
func (w *answerWriter) answer(f *fbForm, q *fbQuestion, resp pgtype.UUID, mood float64) fbAnswer {
	g := w.g
	a := fbAnswer{response: resp, question: q.id}
	num := func(v int) *int { return &v }
	text := func(s string) *string { return &s }
	switch q.kind {
	case "rating":
		a.number = num(min(5, max(1, int(math.Round(mood+0.9*g.rnd.NormFloat64())))))
	case "nps":
		a.number = num(min(10, max(0, int(math.Round(2*mood+1.8*g.rnd.NormFloat64())))))
	case "single":
		k := g.rnd.IntN(len(q.options))
		if len(q.options) == 3 { // Ano, Ne, Možná: most want to go on meeting
			k = []int{0, 0, 0, 0, 0, 0, 0, 2, 2, 1}[g.rnd.IntN(10)]
		}
		a.choices = []string{q.options[k]}
	case "multiple":
		a.choices = []string{}
		for _, o := range q.options {
			if g.rnd.IntN(10) < 4 {
				a.choices = append(a.choices, o)
			}
		}
		if len(a.choices) == 0 {
			a.choices = append(a.choices, q.options[g.rnd.IntN(len(q.options))])
		}
	case "short":
		if len(f.agenda) > 0 && g.rnd.IntN(10) < 7 {
			a.text = text(f.agenda[g.rnd.IntN(len(f.agenda))])
		} else {
			a.text = text(w.pii.free(func() string { return g.text.phrase(2 + g.rnd.IntN(5)) }))
		}
	default: // long: topics for next time, one a line, or a few sentences
		a.text = text(w.pii.free(func() string {
			if q.key == "next_topics" {
				var lines []string
				for range 1 + g.rnd.IntN(3) {
					lines = append(lines, g.text.phrase(2+g.rnd.IntN(5)))
				}
				return strings.Join(lines, "\n")
			}
			return g.text.paragraph(1 + g.rnd.IntN(2))
		}))
	}
	return a
}
