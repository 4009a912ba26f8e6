package scale

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"
	"unicode"

	"github.com/jackc/pgx/v5"

	"hnizdo.cz/hnizdo/internal/note"
	"hnizdo.cz/hnizdo/internal/oversight"
	"hnizdo.cz/hnizdo/internal/question"
	"hnizdo.cz/hnizdo/internal/workday"
)

// questionBatch is how many questions one goroutine makes and writes; Postgres' text-search
// trigger is most of the cost.
const questionBatch = 2500

const streamQuestions = 5000

// The laws answers cite most, one per line as the answer form takes them.
var lawLines = []string{
	"zákon č. 359/1999 Sb., o sociálně-právní ochraně dětí",
	"§ 9a zákona č. 359/1999 Sb. a vyhláška č. 473/2012 Sb., příloha 1 (standardy kvality)",
	"§ 10 zákona č. 359/1999 Sb.",
	"§ 47b zákona č. 359/1999 Sb. (dohoda o výkonu pěstounské péče)",
	"zákon č. 89/2012 Sb., občanský zákoník, § 858 a násl.",
	"zákon č. 292/2013 Sb., o zvláštních řízeních soudních",
	"zákon č. 500/2004 Sb., správní řád",
	"zákon č. 218/2003 Sb., o soudnictví ve věcech mládeže",
	"zákon č. 255/2012 Sb., kontrolní řád",
	"nařízení (EU) 2016/679 (GDPR)",
	"zákon č. 108/2006 Sb., o sociálních službách",
}

// genQuestion is a question with everything but the texts a batch makes; title and body are
// set already for the questions that come from an agenda item or repeated findings.
type genQuestion struct {
	region                       int16
	office                       int64
	asker                        int
	state                        string
	assignee                     int // -1: none
	created, answered, published time.Time
	due                          time.Time
	version                      int
	area                         int16 // 0: none
	wasPublished                 bool  // a private question that was in the FAQ before
	topic                        int64 // 0: none
	title, body                  string
	findings                     []int64
	forbid                       [][]string // stems the FAQ wording may not contain: office, town, asker
	forbidAnswer                 [][]string // nor the answer: office and asker (the town as a court's seat only)
	town                         []string
	spawned                      bool // raised by its assignee from repeated findings
}

// askCtx is what planning questions needs to know about the regions, offices and people.
type askCtx struct {
	today      time.Time
	askers     []int // staff of municipal offices in regions with methodologists
	meths      map[int16][]int
	answerDays map[int16]int
	towns      map[int64]string
	areas      []int16
	byID       map[int64]int // user id → index
	// The stems of the names a published question may not contain, made once per office and
	// person while planning.
	officeStems, townStems map[int64][]string
	personStems            map[int][]string
}

// loadQuestions writes exactly s.Questions methodological questions: one for every agenda item
// the minutes marked as a question for the region, one FAQ entry per region from each of its
// two most repeated findings, and the rest asked by office staff since 2016 in every state —
// most answered, many of those published in the FAQ, the newest still waiting for an answer.
func (l *loader) loadQuestions(ctx context.Context) error {
	if l.s.Questions == 0 {
		return nil
	}
	a, err := l.askCtx(ctx)
	if err != nil {
		return err
	}
	g := newGen(l.s.Seed, streamQuestions)
	qs, err := l.topicQuestions(ctx, g, a, l.s.Questions)
	if err != nil {
		return err
	}
	spawned, err := l.spawnedQuestions(ctx, g, a, l.s.Questions-len(qs))
	if err != nil {
		return err
	}
	qs = append(qs, spawned...)
	if len(qs) < l.s.Questions && len(a.askers) == 0 {
		return fmt.Errorf("no office staff in a region with methodologists to ask %d questions", l.s.Questions)
	}
	for len(qs) < l.s.Questions {
		qs = append(qs, l.planQuestion(g, a))
	}
	return l.withoutForeignKeys(ctx, []string{"questions", "question_notes", "question_findings"}, func() error {
		return l.bulk(ctx, []string{"questions"}, func(next map[string]int64) error {
			batches := (len(qs) + questionBatch - 1) / questionBatch
			return parallel(ctx, batches, func(ctx context.Context, b int) error {
				lo, hi := b*questionBatch, min(len(qs), (b+1)*questionBatch)
				return l.writeQuestions(ctx, newGen(l.s.Seed, uint64(streamQuestions+1+b)), qs, lo, hi, next["questions"])
			})
		})
	})
}

// askCtx reads the regions' answer days, the offices' towns and the areas, and sorts the people.
func (l *loader) askCtx(ctx context.Context) (*askCtx, error) {
	a := &askCtx{today: oversight.Today(l.now), meths: map[int16][]int{}, answerDays: map[int16]int{},
		towns: map[int64]string{}, byID: map[int64]int{}, officeStems: map[int64][]string{}, townStems: map[int64][]string{},
		personStems: map[int][]string{}}
	rows, err := l.pool.Query(ctx, `SELECT id, answer_days FROM regions`)
	if err != nil {
		return nil, fmt.Errorf("answer days: %w", err)
	}
	var r int16
	var days int
	if _, err := pgx.ForEachRow(rows, []any{&r, &days}, func() error { a.answerDays[r] = days; return nil }); err != nil {
		return nil, fmt.Errorf("answer days: %w", err)
	}
	rows, err = l.pool.Query(ctx, `SELECT id, municipality FROM offices`)
	if err != nil {
		return nil, fmt.Errorf("towns: %w", err)
	}
	var id int64
	var town string
	if _, err := pgx.ForEachRow(rows, []any{&id, &town}, func() error { a.towns[id] = town; return nil }); err != nil {
		return nil, fmt.Errorf("towns: %w", err)
	}
	rows, err = l.pool.Query(ctx, `SELECT id FROM areas ORDER BY position`)
	if err != nil {
		return nil, fmt.Errorf("areas: %w", err)
	}
	if a.areas, err = pgx.CollectRows(rows, pgx.RowTo[int16]); err != nil {
		return nil, fmt.Errorf("areas: %w", err)
	}
	for _, r := range l.regions {
		a.meths[r] = l.usersWith("methodologist", r)
	}
	for i, u := range l.users {
		a.byID[u.id] = i
		o := l.offices[u.office]
		if (o.kind == "orp" || o.kind == "district") && len(a.meths[o.region]) > 0 {
			a.askers = append(a.askers, i)
		}
	}
	return a, nil
}

// nameStems are the folded, stemmed words of s, as the app compares names (question.names).
// Folding is slow, and the generated texts are made of the vocabulary's forms, so those are
// folded once; any other word is folded when met.
func nameStems(s string) []string {
	known := vocabularyStems()
	words := strings.FieldsFunc(s, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
	for i, w := range words {
		if st, ok := known[w]; ok {
			words[i] = st
		} else if st, ok := known[strings.ToLower(w)]; ok {
			words[i] = st
		} else {
			words[i] = note.Stem(note.Fold(w))
		}
	}
	return words
}

// vocabularyStems maps each word form of the vocabulary to its folded stem (read only).
var vocabularyStems = sync.OnceValue(func() map[string]string {
	ws := Words()
	m := make(map[string]string, len(ws))
	for _, w := range ws {
		m[w.Form] = note.Stem(note.Fold(w.Form))
	}
	return m
})

// holdsPhrase reports whether words hold phrase's words in a row.
func holdsPhrase(words, phrase []string) bool {
	if len(phrase) == 0 {
		return false
	}
	for i := 0; i+len(phrase) <= len(words); i++ {
		if slices.Equal(words[i:i+len(phrase)], phrase) {
			return true
		}
	}
	return false
}

// askedBy fills what every question needs from its asker: office, region, and the names its FAQ
// wording may not contain.
func (l *loader) askedBy(a *askCtx, q *genQuestion, asker int) {
	u := l.users[asker]
	o := l.offices[u.office]
	q.asker, q.office = asker, o.id
	if q.region == 0 {
		q.region = o.region
	}
	if _, ok := a.officeStems[o.id]; !ok {
		a.officeStems[o.id], a.townStems[o.id] = nameStems(o.name), nameStems(a.towns[o.id])
	}
	if _, ok := a.personStems[asker]; !ok {
		a.personStems[asker] = nameStems(u.name)
	}
	office, town, person := a.officeStems[o.id], a.townStems[o.id], a.personStems[asker]
	q.forbid = [][]string{office, town, person}
	q.forbidAnswer = [][]string{office, person}
	q.town = town
}

// questionLife moves question q from its creation on: assigned, answered, published or kept
// private, each step some days after the one before and never after today. want is the
// state it would reach with time enough.
func (l *loader) questionLife(g *gen, a *askCtx, q *genQuestion, want string) {
	q.due = workday.Rule{Days: a.answerDays[q.region]}.Due(oversight.Today(q.created))
	q.state, q.version = string(question.New), 1
	if !q.spawned {
		q.assignee = -1
	}
	meths := a.meths[q.region]
	if want == string(question.New) || len(meths) == 0 {
		return
	}
	if !q.spawned {
		q.assignee = meths[g.rnd.IntN(len(meths))]
	}
	q.state, q.version = string(question.Assigned), 2
	if want == string(question.Assigned) {
		return
	}
	cday := oversight.Today(q.created)
	aday := shiftDays(cday, 1+g.rnd.IntN(max(2, a.answerDays[q.region]*3/2)))
	if aday.After(a.today) {
		aday = g.dateIn(cday, a.today)
	}
	q.answered = latest(l.officeHours(g, aday), q.created)
	q.state, q.version = string(question.Answered), 3
	switch want {
	case string(question.Published), string(question.Private):
		pday := shiftDays(aday, 1+g.rnd.IntN(20))
		if pday.After(a.today) {
			return // not yet
		}
		q.state, q.version = want, 4
		if want == string(question.Published) {
			q.published = latest(l.officeHours(g, pday), q.answered)
		} else if g.pct(30) {
			q.wasPublished, q.version = true, 5
		}
	}
}

// planQuestion is a question asked by someone of a municipal office.
func (l *loader) planQuestion(g *gen, a *askCtx) genQuestion {
	var q genQuestion
	l.askedBy(a, &q, a.askers[g.rnd.IntN(len(a.askers))])
	// The newest wait for an answer; of the last months' a few are past their target date;
	// everything older was answered.
	recent, months := shiftDays(a.today, -45), shiftDays(a.today, -120)
	var want []int // cumulative percentages of new, assigned, answered, published, private
	switch x := g.rnd.IntN(100); {
	case x < 8:
		q.created = l.officeHours(g, g.dateIn(recent, a.today))
		want = []int{35, 65, 85, 95, 100}
	case x < 12:
		q.created = l.officeHours(g, g.dateIn(months, shiftDays(recent, -1)))
		want = []int{5, 25, 60, 90, 100}
	default:
		q.created = l.officeHours(g, g.dateIn(civil(oversightFrom, 1, 1), shiftDays(months, -1)))
		want = []int{0, 0, 25, 83, 100}
	}
	states := []question.State{question.New, question.Assigned, question.Answered, question.Published, question.Private}
	x := g.rnd.IntN(100)
	st := states[len(states)-1]
	for k, c := range want {
		if x < c {
			st = states[k]
			break
		}
	}
	if g.pct(85) {
		q.area = a.areas[g.rnd.IntN(len(a.areas))]
	}
	l.questionLife(g, a, &q, string(st))
	return q
}

// topicQuestions are the questions of the agenda items the minutes marked as questions for
// the region, as the meetings' minutes make them: asked by the proposer (an organiser of the
// region when nobody proposed it), at most limit.
func (l *loader) topicQuestions(ctx context.Context, g *gen, a *askCtx, limit int) ([]genQuestion, error) {
	rows, err := l.pool.Query(ctx, `
		SELECT t.id, t.title, t.description, t.outcome, t.decisions, coalesce(t.area_id, 0), coalesce(t.proposed_by, 0),
			m.region_id, m.ends_at
		FROM topics t JOIN meetings m ON m.id = t.meeting_id
		WHERE t.for_region AND NOT EXISTS (SELECT 1 FROM questions q WHERE q.topic_id = t.id)
		ORDER BY t.id LIMIT $1`, limit)
	if err != nil {
		return nil, fmt.Errorf("topics for the region: %w", err)
	}
	type topic struct {
		id                                     int64
		title, description, outcome, decisions string
		area                                   int16
		proposer                               int64
		region                                 int16
		at                                     time.Time
	}
	ts, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (topic, error) {
		var t topic
		return t, r.Scan(&t.id, &t.title, &t.description, &t.outcome, &t.decisions, &t.area, &t.proposer, &t.region, &t.at)
	})
	if err != nil {
		return nil, fmt.Errorf("topics for the region: %w", err)
	}
	var out []genQuestion
	for _, t := range ts {
		asker, ok := a.byID[t.proposer]
		if !ok {
			meths := a.meths[t.region]
			if len(meths) == 0 {
				continue
			}
			asker = meths[g.rnd.IntN(len(meths))]
		}
		q := genQuestion{region: t.region, topic: t.id, area: t.area, title: strings.Join(strings.Fields(t.title), " ")}
		var parts []string
		for _, p := range []string{t.description, t.outcome, t.decisions} {
			if p = strings.TrimSpace(strings.ReplaceAll(p, "\r\n", "\n")); p != "" {
				parts = append(parts, p)
			}
		}
		q.body = strings.Join(parts, "\n\n")
		l.askedBy(a, &q, asker)
		q.created = t.at.Add(time.Duration(g.rnd.IntN(3*24*3600)) * time.Second)
		if q.created.After(l.now) {
			q.created = l.now
		}
		want := question.Published
		if oversight.Today(q.created).After(shiftDays(a.today, -30)) {
			want = question.Assigned
		}
		l.questionLife(g, a, &q, string(want))
		out = append(out, q)
	}
	return out, nil
}

// spawnedQuestions are FAQ entries the regions' methodologists raised from findings that
// repeat in their region (as oversight's "make an FAQ entry" does): the two most frequent
// repeated criteria of each region, at most limit in all.
func (l *loader) spawnedQuestions(ctx context.Context, g *gen, a *askCtx, limit int) ([]genQuestion, error) {
	if limit <= 0 {
		return nil, nil
	}
	rows, err := l.pool.Query(ctx, `
		WITH f AS (
			SELECT i.region_id, f.criterion_id, f.id, i.office_id, i.year
			FROM findings f JOIN inspections i ON i.id = f.inspection_id
			WHERE i.state IN ('protocol', 'decided', 'measures', 'closed') AND f.rating IN ('partly', 'not_met')
		), r AS (
			SELECT region_id, criterion_id, array_agg(id ORDER BY id) AS ids, count(DISTINCT office_id) AS offices,
				array_agg(DISTINCT year ORDER BY year) AS years,
				row_number() OVER (PARTITION BY region_id ORDER BY count(*) DESC, criterion_id) AS n
			FROM f GROUP BY region_id, criterion_id HAVING count(DISTINCT office_id) >= 2
		)
		SELECT r.region_id, c.code, c.text_cs, r.ids, r.offices, r.years FROM r JOIN criteria c ON c.id = r.criterion_id
		WHERE r.n <= 2 ORDER BY r.region_id, r.n LIMIT $1`, limit)
	if err != nil {
		return nil, fmt.Errorf("repeated findings: %w", err)
	}
	var out []genQuestion
	var region int16
	var code, text string
	var ids []int64
	var offices int
	var years []int16
	_, err = pgx.ForEachRow(rows, []any{&region, &code, &text, &ids, &offices, &years}, func() error {
		meths := a.meths[region]
		if len(meths) == 0 {
			return nil
		}
		m := meths[g.rnd.IntN(len(meths))]
		q := genQuestion{region: region, area: 17, findings: slices.Clone(ids), spawned: true}
		l.askedBy(a, &q, m)
		q.assignee = m
		q.title = clipRunes("Opakované zjištění ke kritériu "+code+": "+text, question.MaxTitle)
		ys := make([]string, len(years))
		for k, y := range years {
			ys[k] = fmt.Sprint(y)
		}
		q.body = fmt.Sprintf("Kritérium %s standardů kvality sociálně-právní ochrany: „%s“\n\n"+
			"Při kontrolách krajského úřadu bylo kritérium %s shledáno nesplněným nebo splněným jen částečně opakovaně: "+
			"u %d úřadů v letech %s.\n\nJak má OSPOD postupovat, aby kritérium splňoval?", code, text, code, offices, strings.Join(ys, ", "))
		q.created = l.officeHours(g, g.dateIn(shiftDays(a.today, -400), shiftDays(a.today, -30)))
		l.questionLife(g, a, &q, string(question.Published))
		out = append(out, q)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("repeated findings: %w", err)
	}
	return out, nil
}

// clipRunes shortens s to at most n runes, ending with an ellipsis when cut.
func clipRunes(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return strings.TrimSpace(string(r[:n-1])) + "…"
}

// publishable makes text with mk until it names none of the phrases (nor the town, unless court is
// set and the town is a court's seat), as the app requires before it publishes; ten tries.
func publishable(mk func() string, phrases [][]string, town []string, court bool) string {
	var s string
	for range 10 {
		s = mk()
		words := nameStems(s)
		bad := holdsPhrase(words, town) && !court
		for _, p := range phrases {
			bad = bad || holdsPhrase(words, p)
		}
		if court && len(town) > 0 {
			bad = bad || question.NamesTownIn(words, town) // the rule Publish applies
		}
		if !bad {
			return s
		}
	}
	return s
}

// answerText is a methodologist's answer in Markdown: paragraphs, now and then a list of steps.
func (g *gen) answerText() string {
	var parts []string
	for k := range 2 + g.rnd.IntN(3) {
		if k > 0 && g.pct(25) {
			var items []string
			for range 2 + g.rnd.IntN(3) {
				items = append(items, g.cleanPhrase(3+g.rnd.IntN(6)))
			}
			parts = append(parts, "- "+strings.Join(items, "\n- "))
			continue
		}
		parts = append(parts, g.cleanParagraph(2+g.rnd.IntN(3)))
	}
	return strings.Join(parts, "\n\n")
}

// questionTitle is a question as its asker would title it.
func (g *gen) questionTitle() string {
	return clipRunes(g.cleanPhrase(5+g.rnd.IntN(7))+"?", question.MaxTitle)
}

// writeQuestions writes questions lo…hi-1 with ids from first+lo on, and their citations.
func (l *loader) writeQuestions(ctx context.Context, g *gen, qs []genQuestion, lo, hi int, first int64) error {
	part := qs[lo:hi]
	cites := make([][]int64, len(part))
	_, err := l.copyRows(ctx, "questions", []string{"id", "region_id", "office_id", "asker_id", "title", "body", "area_id",
		"state", "assignee_id", "due", "answer", "answered_at", "answered_by", "laws", "standard_ids", "faq_title", "faq_body",
		"published_at", "topic_id", "version", "created_at", "updated_at"}, len(part), func(k int) []any {
		q := &part[k]
		title, body := q.title, q.body
		if title == "" {
			title, body = g.questionTitle(), g.cleanParagraph(2+g.rnd.IntN(3))
		}
		var area, assignee, answeredAt, answeredBy, publishedAt, topic any
		if q.area != 0 {
			area = q.area
		}
		if q.assignee >= 0 {
			assignee = l.users[q.assignee].id
		}
		if q.topic != 0 {
			topic = q.topic
		}
		answer, laws, faqTitle, faqBody := "", "", "", ""
		standards := []int16{}
		updated := q.created
		if !q.answered.IsZero() {
			answeredAt, answeredBy, updated = q.answered, assignee, q.answered
			answer = publishable(g.answerText, q.forbidAnswer, q.town, true)
			var ls []string
			for _, i := range g.sample(len(lawLines), 1+g.rnd.IntN(3)) {
				ls = append(ls, lawLines[i])
			}
			laws = strings.Join(ls, "\n")
			for _, i := range g.sample(14, g.rnd.IntN(3)) {
				standards = append(standards, int16(i+1))
			}
			slices.Sort(standards)
			if len(l.notes) > 0 && g.pct(35) {
				seen := map[int64]bool{}
				for range 1 + g.rnd.IntN(2) {
					n := l.notes[g.rnd.IntN(len(l.notes))]
					if !seen[n] {
						seen[n] = true
						cites[k] = append(cites[k], n)
					}
				}
			}
		}
		if q.state == string(question.Published) || q.wasPublished {
			faqTitle = publishable(g.questionTitle, q.forbid, q.town, false)
			if q.spawned {
				faqTitle = title
			}
			faqBody = publishable(func() string { return g.cleanParagraph(1 + g.rnd.IntN(3)) }, q.forbid, q.town, false)
		}
		if !q.published.IsZero() {
			publishedAt, updated = q.published, q.published
		}
		return []any{first + int64(lo+k), q.region, q.office, l.users[q.asker].id, title, body, area, q.state, assignee,
			q.due, answer, answeredAt, answeredBy, laws, standards, faqTitle, faqBody, publishedAt, topic, q.version,
			q.created, updated}
	})
	if err != nil {
		return err
	}
	type link struct{ q, x int64 }
	var notes, findings []link
	for k := range part {
		for _, n := range cites[k] {
			notes = append(notes, link{first + int64(lo+k), n})
		}
		for _, f := range part[k].findings {
			findings = append(findings, link{first + int64(lo+k), f})
		}
	}
	if _, err := l.copyRows(ctx, "question_notes", []string{"question_id", "note_id"}, len(notes), func(k int) []any {
		return []any{notes[k].q, notes[k].x}
	}); err != nil {
		return err
	}
	_, err = l.copyRows(ctx, "question_findings", []string{"question_id", "finding_id"}, len(findings), func(k int) []any {
		return []any{findings[k].q, findings[k].x}
	})
	return err
}
