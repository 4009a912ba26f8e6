package question

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"hnizdo.cz/hnizdo/internal/app"
	"hnizdo.cz/hnizdo/internal/audit"
	"hnizdo.cz/hnizdo/internal/auth"
	"hnizdo.cz/hnizdo/internal/db"
	"hnizdo.cz/hnizdo/internal/note"
	"hnizdo.cz/hnizdo/internal/pii"
	"hnizdo.cz/hnizdo/internal/workday"
)

// Store reads and writes questions. Every change is audited with object type "question" and
// the question's id, from state to state, in the transaction that makes it.
type Store struct {
	pool *pgxpool.Pool
	now  func() time.Time
}

// NewStore returns a store on pool.
func NewStore(pool *pgxpool.Pool) *Store { return &Store{pool: pool, now: time.Now} }

// SetClock replaces the store's clock, for tests and demo data that live at another time.
func (s *Store) SetClock(now func() time.Time) { s.now = now }

func (s *Store) today() time.Time { return Today(s.now()) }

const cols = `q.id, q.region_id, q.office_id, o.name AS office_name, q.asker_id, ua.name AS asker_name,
	q.title, q.body, q.area_id, coalesce(a.name_cs, '') AS area_name, q.state, q.assignee_id,
	coalesce(us.name, '') AS assignee_name, q.due, q.answer, q.answered_at, coalesce(ub.name, '') AS answered_by,
	q.laws, q.standard_ids, q.faq_title, q.faq_body, q.published_at, q.topic_id,
	coalesce(t.meeting_id, 0) AS meeting_id, coalesce(m.title, '') AS meeting_title,
	array(SELECT qn.note_id FROM question_notes qn WHERE qn.question_id = q.id ORDER BY qn.note_id) AS note_ids,
	array(SELECT qf.finding_id FROM question_findings qf WHERE qf.question_id = q.id ORDER BY qf.finding_id) AS finding_ids,
	q.version`

// joins are what cols read besides the question q.
const joins = ` JOIN offices o ON o.id = q.office_id JOIN users ua ON ua.id = q.asker_id
	LEFT JOIN areas a ON a.id = q.area_id LEFT JOIN users us ON us.id = q.assignee_id
	LEFT JOIN users ub ON ub.id = q.answered_by LEFT JOIN topics t ON t.id = q.topic_id
	LEFT JOIN meetings m ON m.id = t.meeting_id`

const from = ` FROM questions q` + joins

func load(ctx context.Context, qr audit.Querier, id int64, lock bool) (*Question, error) {
	sql := `SELECT ` + cols + from + ` WHERE q.id = $1`
	if lock {
		sql += ` FOR UPDATE OF q`
	}
	rows, err := qr.Query(ctx, sql, id)
	if err != nil {
		return nil, fmt.Errorf("question: load %d: %w", id, err)
	}
	q, err := pgx.CollectExactlyOneRow(rows, pgx.RowToAddrOfStructByName[Question])
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, app.ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("question: load %d: %w", id, err)
	}
	return q, nil
}

// Get returns question id if u may see it; otherwise ErrNotFound. Someone who sees it only
// because it is published gets what the FAQ shows: no asker, no office, the FAQ wording.
func (s *Store) Get(ctx context.Context, u *auth.User, id int64) (*Question, error) {
	q, err := load(ctx, s.pool, id, false)
	if err != nil {
		return nil, err
	}
	if !CanSee(u, q) {
		return nil, app.ErrNotFound
	}
	if !Involved(u, q) {
		q.anonymise()
	}
	return q, nil
}

func record(ctx context.Context, tx pgx.Tx, actor int64, action string, id int64, from, to State, detail map[string]any) error {
	return audit.Record(ctx, tx, audit.Entry{ActorID: actor, Action: action, ObjectType: "question", ObjectID: id,
		From: string(from), To: string(to), Detail: detail})
}

// tidyLine normalises a one-line field; tidyText a multi-line one as browsers send it.
func tidyLine(s string) string { return strings.Join(strings.Fields(s), " ") }
func tidyText(s string) string { return strings.TrimSpace(strings.ReplaceAll(s, "\r\n", "\n")) }

// checkText adds to bad what is wrong with text: too long, or personal data in it. Questions
// and answers are read across offices, so no finding of the guard may pass.
func checkText(bad app.Invalid, field, text string, limit int) {
	if utf8.RuneCountInString(text) > limit {
		bad.Add(field, "err.too_long")
	}
	if len(pii.Scan(text)) > 0 {
		bad.Add(field, "question.err.personal_data")
	}
}

// checkQuestion cleans and checks a question's title and body.
func checkQuestion(title, body *string) app.Invalid {
	bad := app.Invalid{}
	*title, *body = tidyLine(*title), tidyText(*body)
	if *title == "" {
		bad.Add("title", "err.required")
	}
	checkText(bad, "title", *title, MaxTitle)
	checkText(bad, "body", *body, MaxBody)
	return bad
}

func checkArea(ctx context.Context, tx pgx.Tx, bad app.Invalid, area int16) error {
	if area == 0 {
		return nil
	}
	var ok bool
	if err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM areas WHERE id = $1)`, area).Scan(&ok); err != nil {
		return fmt.Errorf("question: area %d: %w", area, err)
	}
	if !ok {
		bad.Add("area", "err.choose")
	}
	return nil
}

// draft is a question about to be stored; zero ids are NULL.
type draft struct {
	region          int16
	office, asker   int64
	title, body     string
	area            int16
	state           State
	assignee, topic int64
}

// insert stores d with its target date counted from today by the region's answer days, and
// returns its id; inserted is false when a question for d's topic exists already.
func insert(ctx context.Context, tx pgx.Tx, d draft, today time.Time) (id int64, inserted bool, err error) {
	var days int
	if err := tx.QueryRow(ctx, `SELECT answer_days FROM regions WHERE id = $1`, d.region).Scan(&days); err != nil {
		return 0, false, fmt.Errorf("question: answer days of region %d: %w", d.region, err)
	}
	// A target, not a legal deadline: calendar days, never moved off a weekend.
	due := workday.Rule{Days: days}.Due(today)
	err = tx.QueryRow(ctx, `
		INSERT INTO questions (region_id, office_id, asker_id, title, body, area_id, state, assignee_id, due, topic_id)
		VALUES ($1, $2, $3, $4, $5, NULLIF($6::smallint, 0), $7, NULLIF($8::bigint, 0), $9, NULLIF($10::bigint, 0))
		ON CONFLICT (topic_id) DO NOTHING
		RETURNING id`,
		d.region, d.office, d.asker, d.title, d.body, d.area, d.state, d.assignee, due, d.topic).Scan(&id)
	if errors.Is(err, pgx.ErrNoRows) {
		return 0, false, nil
	}
	if err != nil {
		return 0, false, fmt.Errorf("question: insert: %w", err)
	}
	return id, true, nil
}

// AskInput is a question as the asker typed it.
type AskInput struct {
	Title, Body string
	AreaID      int16 // 0 = none
}

// Ask stores u's question to u's region and returns its id. Title and body pass the
// personal-data guard or nothing is stored.
func (s *Store) Ask(ctx context.Context, u *auth.User, in AskInput) (int64, error) {
	if u == nil || u.ID == 0 {
		return 0, app.ErrForbidden
	}
	bad := checkQuestion(&in.Title, &in.Body)
	var id int64
	err := db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		if err := checkArea(ctx, tx, bad, in.AreaID); err != nil {
			return err
		}
		if err := bad.Err(); err != nil {
			return err
		}
		d := draft{asker: u.ID, title: in.Title, body: in.Body, area: in.AreaID, state: New}
		// The office and region as they are now, not as the session remembers them.
		err := tx.QueryRow(ctx, `SELECT u.office_id, o.region_id FROM users u JOIN offices o ON o.id = u.office_id
			WHERE u.id = $1 AND u.active`, u.ID).Scan(&d.office, &d.region)
		if errors.Is(err, pgx.ErrNoRows) {
			return app.ErrForbidden
		}
		if err != nil {
			return fmt.Errorf("question: asker %d: %w", u.ID, err)
		}
		if id, _, err = insert(ctx, tx, d, s.today()); err != nil {
			return err
		}
		return record(ctx, tx, u.ID, "question.ask", id, "", New, nil)
	})
	return id, err
}

// Filter narrows the queue. Zero values do not narrow.
type Filter struct {
	States   []State
	Overdue  bool  // still unanswered past the target date
	Mine     bool  // asked by u
	Office   bool  // asked at u's office (or by u wherever)
	Assignee int64 // assigned to this methodologist
	Page     int   // 0-based
}

// QueueSize is how many questions a page of the queue holds.
const QueueSize = 100

// maxPage bounds how deep OFFSET goes; nobody reads past it and it keeps every query cheap.
const maxPage = 25

// scope is the condition for the questions u is involved in (see Involved), with its arguments
// appended through arg.
func scope(u *auth.User, arg func(any) string) string {
	own := "q.asker_id = " + arg(u.ID) + " OR q.office_id = " + arg(u.OfficeID)
	if u.Can(auth.Oversee) {
		return "(q.region_id = " + arg(u.RegionID) + " OR " + own + ")"
	}
	return "(" + own + ")"
}

func openStates() []string { return []string{string(New), string(Assigned)} }
func doneStates() []string { return []string{string(Answered), string(Published), string(Private)} }

// Queue lists the questions u is involved in: for a methodologist the region's queue, for
// anyone else their own and their office's. Unanswered ones come first by target date, then the
// rest, latest change first. A page holds at most QueueSize questions.
func (s *Store) Queue(ctx context.Context, u *auth.User, f Filter) ([]Question, error) {
	if u == nil || u.ID == 0 {
		return nil, app.ErrForbidden
	}
	var args []any
	arg := func(v any) string {
		args = append(args, v)
		return fmt.Sprintf("$%d", len(args))
	}
	// The filters, each after " AND "; the scope joins them in one of two ways below.
	var filter string
	if len(f.States) > 0 {
		ss := make([]string, len(f.States))
		for i, st := range f.States {
			ss[i] = string(st)
		}
		filter += " AND q.state = ANY(" + arg(ss) + "::text[])"
	}
	if f.Overdue {
		filter += " AND q.state = ANY(" + arg(openStates()) + "::text[]) AND q.due < " + arg(s.today())
	}
	if f.Mine {
		filter += " AND q.asker_id = " + arg(u.ID)
	}
	if f.Office {
		filter += " AND (q.office_id = " + arg(u.OfficeID) + " OR q.asker_id = " + arg(u.ID) + ")"
	}
	if f.Assignee != 0 {
		filter += " AND q.assignee_id = " + arg(f.Assignee)
	}
	if f.Page < 0 || f.Page >= maxPage {
		f.Page = 0
	}
	// Limits are written into the query, not passed as values: a statement's one generic plan
	// (db.Config) would not know them and would plan for reading a tenth of the rows.
	limit := strconv.Itoa(QueueSize) + ` OFFSET ` + strconv.Itoa(f.Page*QueueSize)
	var sql string
	if !u.Can(auth.Oversee) || f.Mine || f.Office {
		// Only u's own and u's office's questions: a few, from the indexes of the two.
		sql = `SELECT ` + cols + from + ` WHERE ` + scope(u, arg) + filter + `
			ORDER BY ` + queueOrder("q") + ` LIMIT ` + limit
	} else {
		// A region's queue holds its questions of all years, and sorting them all for one page
		// read the whole table. The page is taken from three disjoint parts: the region's
		// unanswered questions (few: all of them), its answered ones (only the latest, as many
		// as the pages up to this one hold, read from an index in that order), and u's own
		// questions to another region (a handful). Sorted, they give the page the whole queue
		// sorted would give. The page comes first in FROM: Postgres keeps the written order of
		// this many joins, and would otherwise join every question to its people before
		// looking at the page.
		region := arg(u.RegionID)
		const part = `SELECT q.id, q.state, q.due, q.updated_at FROM questions q WHERE `
		var parts []string
		if wants(f, openStates()) {
			parts = append(parts, part+`q.region_id = `+region+` AND q.state IN ('new', 'assigned')`+filter)
		}
		if wants(f, doneStates()) && !f.Overdue {
			parts = append(parts, `(`+part+`q.region_id = `+region+` AND q.state IN ('answered', 'published', 'private')`+filter+`
				ORDER BY q.updated_at DESC, q.id DESC LIMIT `+strconv.Itoa((f.Page+1)*QueueSize)+`)`)
		}
		parts = append(parts, part+`q.region_id <> `+region+` AND (q.asker_id = `+arg(u.ID)+` OR q.office_id = `+arg(u.OfficeID)+`)`+filter)
		sql = `SELECT ` + cols + ` FROM (
				SELECT p.id FROM (` + strings.Join(parts, ` UNION ALL `) + `) AS p
				ORDER BY ` + queueOrder("p") + ` LIMIT ` + limit + `
			) AS page JOIN questions q ON q.id = page.id` + joins + `
			ORDER BY ` + queueOrder("q")
	}
	rows, err := s.pool.Query(ctx, sql, args...)
	if err != nil {
		return nil, fmt.Errorf("question: queue: %w", err)
	}
	list, err := pgx.CollectRows(rows, pgx.RowToStructByName[Question])
	if err != nil {
		return nil, fmt.Errorf("question: queue: %w", err)
	}
	return list, nil
}

// queueOrder is the queue's order of the questions named t: unanswered first by target date,
// then the latest change first.
func queueOrder(t string) string {
	return fmt.Sprintf(`%[1]s.state IN ('new', 'assigned') DESC,
		CASE WHEN %[1]s.state IN ('new', 'assigned') THEN %[1]s.due END, %[1]s.updated_at DESC, %[1]s.id DESC`, t)
}

// wants reports whether f's states leave any of states in the queue.
func wants(f Filter, states []string) bool {
	if len(f.States) == 0 {
		return true
	}
	for _, st := range f.States {
		if slices.Contains(states, string(st)) {
			return true
		}
	}
	return false
}

// Counts are the numbers a dashboard shows. Each equals the length of the queue under the
// filter named with it, so the page links the number to that list.
type Counts struct {
	Unanswered int // Filter{States: {New, Assigned}}
	Overdue    int // Filter{Overdue: true}
	Mine       int // Filter{Mine: true, States: {New, Assigned}}: asked by u, not yet answered
	MyAnswered int // Filter{Office: true, States: {Answered, Published, Private}}
}

// Counts counts the questions u is involved in, as Queue would list them.
func (s *Store) Counts(ctx context.Context, u *auth.User) (*Counts, error) {
	if u == nil || u.ID == 0 {
		return nil, app.ErrForbidden
	}
	var args []any
	arg := func(v any) string {
		args = append(args, v)
		return fmt.Sprintf("$%d", len(args))
	}
	open, done, me := arg(openStates()), arg(doneStates()), arg(u.ID)
	sql := `SELECT
			count(*) FILTER (WHERE q.state = ANY(` + open + `::text[])),
			count(*) FILTER (WHERE q.state = ANY(` + open + `::text[]) AND q.due < ` + arg(s.today()) + `),
			count(*) FILTER (WHERE q.state = ANY(` + open + `::text[]) AND q.asker_id = ` + me + `),
			count(*) FILTER (WHERE q.state = ANY(` + done + `::text[]) AND (q.office_id = ` + arg(u.OfficeID) + ` OR q.asker_id = ` + me + `))
		FROM questions q WHERE `
	if u.Can(auth.Oversee) {
		// The scope (see scope), less the region's answered questions that are not u's own:
		// they count nowhere, and leaving them out keeps to three indexes instead of every
		// question of the region.
		sql += `((q.region_id = ` + arg(u.RegionID) + ` AND q.state = ANY(` + open + `::text[]))
			OR q.asker_id = ` + me + ` OR q.office_id = ` + arg(u.OfficeID) + `)`
	} else {
		sql += scope(u, arg)
	}
	var c Counts
	if err := s.pool.QueryRow(ctx, sql, args...).Scan(&c.Unanswered, &c.Overdue, &c.Mine, &c.MyAnswered); err != nil {
		return nil, fmt.Errorf("question: counts: %w", err)
	}
	return &c, nil
}

// step runs fn on question id locked for update, after checking that u manages it, that it is in
// one of the states from, and that version is the one the form was loaded at. The row lock
// serialises concurrent steps, so of two with the same version only the first succeeds.
func (s *Store) step(ctx context.Context, u *auth.User, id int64, version int32, from []State, fn func(tx pgx.Tx, q *Question) error) error {
	return db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		q, err := load(ctx, tx, id, true)
		if err != nil {
			return err
		}
		if !CanSee(u, q) {
			return app.ErrNotFound
		}
		if !CanManage(u, q) {
			return app.ErrForbidden
		}
		if !slices.Contains(from, q.State) {
			return ErrState
		}
		if version != q.Version {
			return ErrChanged
		}
		return fn(tx, q)
	})
}

// Assign gives question id to methodologist assignee, an active methodologist of its region.
func (s *Store) Assign(ctx context.Context, u *auth.User, id, assignee int64, version int32) error {
	return s.step(ctx, u, id, version, []State{New, Assigned}, func(tx pgx.Tx, q *Question) error {
		var ok bool
		err := tx.QueryRow(ctx, `
			SELECT EXISTS (SELECT 1 FROM users u JOIN offices o ON o.id = u.office_id
				WHERE u.id = $1 AND o.region_id = $2 AND u.active AND 'methodologist' = ANY(u.roles))`,
			assignee, q.RegionID).Scan(&ok)
		if err != nil {
			return fmt.Errorf("question: assignee %d: %w", assignee, err)
		}
		if !ok {
			return app.Invalid{"assignee": "err.choose"}
		}
		if _, err := tx.Exec(ctx, `UPDATE questions SET state = 'assigned', assignee_id = $2, version = version + 1,
			updated_at = now() WHERE id = $1`, id, assignee); err != nil {
			return fmt.Errorf("question: assign %d: %w", id, err)
		}
		return record(ctx, tx, u.ID, "question.assign", id, q.State, Assigned, map[string]any{"assignee": assignee})
	})
}

// AnswerInput is a methodologist's answer with what it cites.
type AnswerInput struct {
	Answer      string // Markdown
	Laws        string // one per line
	StandardIDs []int16
	NoteIDs     []int64 // published notes
	Version     int32
}

// Answer stores u's answer to question id. The answer may be edited until it is published or
// kept private; it passes the personal-data guard, and the notes it cites must be published.
func (s *Store) Answer(ctx context.Context, u *auth.User, id int64, in AnswerInput) error {
	in.Answer, in.Laws = tidyText(in.Answer), tidyText(in.Laws)
	bad := app.Invalid{}
	if in.Answer == "" {
		bad.Add("answer", "question.err.answer")
	}
	checkText(bad, "answer", in.Answer, MaxAnswer)
	checkText(bad, "laws", in.Laws, MaxLaws)
	standards := slices.Compact(slices.Sorted(slices.Values(in.StandardIDs)))
	notes := slices.Compact(slices.Sorted(slices.Values(in.NoteIDs)))
	for _, st := range standards {
		if st < 1 || st > 14 {
			bad.Add("standards", "err.choose")
		}
	}
	if standards == nil {
		standards = []int16{}
	}
	if notes == nil {
		notes = []int64{}
	}
	return s.step(ctx, u, id, in.Version, []State{New, Assigned, Answered}, func(tx pgx.Tx, q *Question) error {
		var nStandards, nNotes int
		err := tx.QueryRow(ctx, `SELECT (SELECT count(*) FROM standards WHERE id = ANY($1)),
			(SELECT count(*) FROM notes WHERE id = ANY($2) AND status = 'published')`, standards, notes).
			Scan(&nStandards, &nNotes)
		if err != nil {
			return fmt.Errorf("question: answer %d: citations: %w", id, err)
		}
		if nStandards != len(standards) {
			bad.Add("standards", "err.choose")
		}
		if nNotes != len(notes) {
			bad.Add("notes", "question.err.note")
		}
		if err := bad.Err(); err != nil {
			return err
		}
		_, err = tx.Exec(ctx, `
			UPDATE questions SET state = 'answered', answer = $2, laws = $3, standard_ids = $4, answered_at = $5,
				answered_by = $6, assignee_id = coalesce(assignee_id, $6), version = version + 1, updated_at = now()
			WHERE id = $1`, id, in.Answer, in.Laws, standards, s.now(), u.ID)
		if err != nil {
			return fmt.Errorf("question: answer %d: %w", id, err)
		}
		if _, err := tx.Exec(ctx, `DELETE FROM question_notes WHERE question_id = $1`, id); err != nil {
			return fmt.Errorf("question: answer %d: notes: %w", id, err)
		}
		if _, err := tx.Exec(ctx, `INSERT INTO question_notes (question_id, note_id) SELECT $1, unnest($2::bigint[])`, id, notes); err != nil {
			return fmt.Errorf("question: answer %d: notes: %w", id, err)
		}
		return record(ctx, tx, u.ID, "question.answer", id, q.State, Answered,
			map[string]any{"standards": standards, "notes": notes})
	})
}

// PublishInput is the question as the FAQ shows it: edited and anonymised.
type PublishInput struct {
	FAQTitle, FAQBody string
	Version           int32
}

// Publish puts answered question id into the FAQ under the edited wording in. The wording and
// the answer pass the personal-data guard and may not name the asker, the asker's office or its
// municipality (the answer and laws may name it as a court's seat).
func (s *Store) Publish(ctx context.Context, u *auth.User, id int64, in PublishInput) error {
	bad := app.Invalid{}
	// The form's fields are faq_title and faq_body.
	for field, key := range checkQuestion(&in.FAQTitle, &in.FAQBody) {
		bad["faq_"+field] = key
	}
	return s.step(ctx, u, id, in.Version, []State{Answered, Private}, func(tx pgx.Tx, q *Question) error {
		var office, town string
		err := tx.QueryRow(ctx, `SELECT name, municipality FROM offices WHERE id = $1`, q.OfficeID).Scan(&office, &town)
		if err != nil {
			return fmt.Errorf("question: publish %d: office: %w", id, err)
		}
		for field, text := range map[string]string{"faq_title": in.FAQTitle, "faq_body": in.FAQBody} {
			if names(text, office, town, q.AskerName) {
				bad.Add(field, "question.err.identifies")
			}
		}
		for field, text := range map[string]string{"answer": q.Answer, "laws": q.Laws} {
			if names(text, office, q.AskerName) || namesTown(text, town) {
				bad.Add(field, "question.err.identifies")
			}
		}
		if err := bad.Err(); err != nil {
			return err
		}
		_, err = tx.Exec(ctx, `UPDATE questions SET state = 'published', faq_title = $2, faq_body = $3, published_at = $4,
			version = version + 1, updated_at = now() WHERE id = $1`, id, in.FAQTitle, in.FAQBody, s.now())
		if err != nil {
			return fmt.Errorf("question: publish %d: %w", id, err)
		}
		return record(ctx, tx, u.ID, "question.publish", id, q.State, Published, nil)
	})
}

// names reports whether text mentions any of the phrases, comparing words without diacritics
// and case endings, so "ve Šlapanicích" names "Šlapanice".
func names(text string, phrases ...string) bool {
	words := stems(text)
	for _, p := range phrases {
		ps := stems(p)
		if len(ps) == 0 {
			continue
		}
		for i := 0; i+len(ps) <= len(words); i++ {
			if slices.Equal(words[i:i+len(ps)], ps) {
				return true
			}
		}
	}
	return false
}

// namesTown reports whether text names town other than as the seat of a court ("Krajský soud
// v Brně", "Okresní soud Blansko"): answers often must say which court decides, and a court
// serves a whole district, so it does not point at the asking office.
func namesTown(text, town string) bool { return NamesTownIn(stems(text), stems(town)) }

// NamesTownIn is namesTown on words and a town already cut to stems (note.Stem of note.Fold),
// for callers that stem many texts their own faster way (the scale data's generator).
func NamesTownIn(words, town []string) bool {
	if len(town) == 0 {
		return false
	}
	court := note.Stem("soud")
	for i := 0; i+len(town) <= len(words); i++ {
		if !slices.Equal(words[i:i+len(town)], town) {
			continue
		}
		j := i
		if j > 0 && (words[j-1] == "v" || words[j-1] == "ve") {
			j--
		}
		if j == 0 || words[j-1] != court {
			return true
		}
	}
	return false
}

func stems(s string) []string {
	words := strings.FieldsFunc(note.Fold(s), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
	for i, w := range words {
		words[i] = note.Stem(w)
	}
	return words
}

// KeepPrivate keeps answered question id for the asker's office only; a published question
// leaves the FAQ the same way.
func (s *Store) KeepPrivate(ctx context.Context, u *auth.User, id int64, version int32) error {
	return s.step(ctx, u, id, version, []State{Answered, Published}, func(tx pgx.Tx, q *Question) error {
		if _, err := tx.Exec(ctx, `UPDATE questions SET state = 'private', published_at = NULL, version = version + 1,
			updated_at = now() WHERE id = $1`, id); err != nil {
			return fmt.Errorf("question: keep %d private: %w", id, err)
		}
		return record(ctx, tx, u.ID, "question.private", id, q.State, Private, nil)
	})
}

// SetAnswerDays sets how many calendar days u's region aims to answer questions in. It counts
// for questions asked from now on; those asked before keep their target date.
func (s *Store) SetAnswerDays(ctx context.Context, u *auth.User, days int) error {
	if !u.Can(auth.Oversee) {
		return app.ErrForbidden
	}
	if days < 1 || days > 365 {
		return app.Invalid{"days": "question.err.days"}
	}
	return db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		var old int
		err := tx.QueryRow(ctx, `SELECT answer_days FROM regions WHERE id = $1 FOR UPDATE`, u.RegionID).Scan(&old)
		if err != nil {
			return fmt.Errorf("question: answer days of region %d: %w", u.RegionID, err)
		}
		if old == days {
			return nil // nothing changed, nothing to record
		}
		if _, err := tx.Exec(ctx, `UPDATE regions SET answer_days = $2 WHERE id = $1`, u.RegionID, days); err != nil {
			return fmt.Errorf("question: answer days of region %d: %w", u.RegionID, err)
		}
		return audit.Record(ctx, tx, audit.Entry{ActorID: u.ID, Action: "region.answer_days", ObjectType: "region",
			ObjectID: int64(u.RegionID), From: strconv.Itoa(old), To: strconv.Itoa(days)})
	})
}

// AnswerDays returns how many days region aims to answer questions in.
func (s *Store) AnswerDays(ctx context.Context, region int16) (int, error) {
	var days int
	err := s.pool.QueryRow(ctx, `SELECT answer_days FROM regions WHERE id = $1`, region).Scan(&days)
	if errors.Is(err, pgx.ErrNoRows) {
		return 0, app.ErrNotFound
	}
	if err != nil {
		return 0, fmt.Errorf("question: answer days of region %d: %w", region, err)
	}
	return days, nil
}

// FromTopic puts agenda item topicID, marked in the minutes as a question for the region, into
// the queue of the meeting's region, inside the meeting store's transaction tx, and returns the
// question's id. A topic becomes one question: a second call returns the same id. The proposer
// of the topic is the asker (actor when nobody proposed it); the body is the topic's description
// followed by the outcome and decisions of the minutes.
func FromTopic(ctx context.Context, tx pgx.Tx, actor int64, topicID int64) (int64, error) {
	var id int64
	err := tx.QueryRow(ctx, `SELECT id FROM questions WHERE topic_id = $1`, topicID).Scan(&id)
	if err == nil {
		return id, nil
	}
	if !errors.Is(err, pgx.ErrNoRows) {
		return 0, fmt.Errorf("question: from topic %d: %w", topicID, err)
	}
	var t struct {
		title, description, outcome, decisions string
		area                                   *int16
		proposer                               *int64
		region                                 int16
	}
	err = tx.QueryRow(ctx, `
		SELECT t.title, t.description, t.outcome, t.decisions, t.area_id, t.proposed_by, m.region_id
		FROM topics t JOIN meetings m ON m.id = t.meeting_id WHERE t.id = $1`, topicID).
		Scan(&t.title, &t.description, &t.outcome, &t.decisions, &t.area, &t.proposer, &t.region)
	if errors.Is(err, pgx.ErrNoRows) {
		return 0, app.ErrNotFound
	}
	if err != nil {
		return 0, fmt.Errorf("question: from topic %d: %w", topicID, err)
	}
	d := draft{region: t.region, asker: actor, title: tidyLine(t.title), state: New, topic: topicID}
	if t.proposer != nil {
		d.asker = *t.proposer
	}
	if t.area != nil {
		d.area = *t.area
	}
	var parts []string
	for _, p := range []string{t.description, t.outcome, t.decisions} {
		if p = tidyText(p); p != "" {
			parts = append(parts, p)
		}
	}
	d.body = strings.Join(parts, "\n\n")
	if err := tx.QueryRow(ctx, `SELECT office_id FROM users WHERE id = $1`, d.asker).Scan(&d.office); err != nil {
		return 0, fmt.Errorf("question: from topic %d: asker %d: %w", topicID, d.asker, err)
	}
	id, inserted, err := insert(ctx, tx, d, Today(time.Now()))
	if err != nil {
		return 0, err
	}
	if !inserted {
		// Another transaction made it in the meantime.
		if err := tx.QueryRow(ctx, `SELECT id FROM questions WHERE topic_id = $1`, topicID).Scan(&id); err != nil {
			return 0, fmt.Errorf("question: from topic %d: %w", topicID, err)
		}
		return id, nil
	}
	return id, record(ctx, tx, actor, "question.from_topic", id, "", New, map[string]any{"topic": topicID})
}

// Seed is a question a methodologist raises from findings that repeat across offices.
type Seed struct {
	Title, Body string
	AreaID      int16
	FindingIDs  []int64
}

// Spawn creates, inside the oversight store's transaction tx, a question from findings of u's
// region: asked by u, assigned to u, linked to the findings, so its FAQ entry shows where it
// came from.
func Spawn(ctx context.Context, tx pgx.Tx, u *auth.User, in Seed) (int64, error) {
	if !u.Can(auth.Oversee) {
		return 0, app.ErrForbidden
	}
	bad := checkQuestion(&in.Title, &in.Body)
	if err := checkArea(ctx, tx, bad, in.AreaID); err != nil {
		return 0, err
	}
	findings := slices.Compact(slices.Sorted(slices.Values(in.FindingIDs)))
	var n int
	err := tx.QueryRow(ctx, `SELECT count(*) FROM findings f JOIN inspections i ON i.id = f.inspection_id
		WHERE f.id = ANY($1) AND i.region_id = $2`, findings, u.RegionID).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("question: spawn: findings: %w", err)
	}
	if len(findings) == 0 || n != len(findings) {
		bad.Add("findings", "err.choose")
	}
	if err := bad.Err(); err != nil {
		return 0, err
	}
	d := draft{region: u.RegionID, office: u.OfficeID, asker: u.ID, title: in.Title, body: in.Body, area: in.AreaID,
		state: Assigned, assignee: u.ID}
	id, _, err := insert(ctx, tx, d, Today(time.Now()))
	if err != nil {
		return 0, err
	}
	if _, err := tx.Exec(ctx, `INSERT INTO question_findings (question_id, finding_id) SELECT $1, unnest($2::bigint[])`,
		id, findings); err != nil {
		return 0, fmt.Errorf("question: spawn %d: findings: %w", id, err)
	}
	return id, record(ctx, tx, u.ID, "question.spawn", id, "", Assigned, map[string]any{"findings": findings})
}
