package feedback

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"hnizdo.cz/hnizdo/internal/app"
	"hnizdo.cz/hnizdo/internal/audit"
	"hnizdo.cz/hnizdo/internal/auth"
	"hnizdo.cz/hnizdo/internal/db"
)

// Store reads and writes feedback forms. Every change goes through a method that checks who may
// do it in which state and records it in the audit log (object type "feedback", the form's id)
// in the same transaction.
type Store struct {
	pool *pgxpool.Pool
	now  func() time.Time
}

// NewStore returns a store on pool.
func NewStore(pool *pgxpool.Pool) *Store { return &Store{pool: pool, now: time.Now} }

// SetClock replaces the store's clock, for tests and demo data that live at another time.
func (s *Store) SetClock(now func() time.Time) { s.now = now }

// Now is the store's clock, so pages judge deadlines by the same time as the store.
func (s *Store) Now() time.Time { return s.now() }

// formCols: frozen is a subquery with LIMIT 1, not EXISTS, because Postgres may run an EXISTS
// in a list of many forms as one hash of every response there is; this form it runs per form,
// from the index of the form's responses.
const formCols = `f.id, f.region_id, coalesce(r.name, '') AS region_name, f.is_template, f.meeting_id,
	coalesce(m.title, '') AS meeting_title, coalesce(m.status, '') AS meeting_status, m.series_id,
	f.office_id, coalesce(o.name, '') AS office_name, f.title, f.intro, f.anonymous, f.min_answers,
	f.status, f.closes_at, f.opened_at, f.version, f.lock_version, f.created_at,
	(SELECT count(*) FROM feedback_responses x WHERE x.form_id = f.id)::int AS responses,
	coalesce((SELECT true FROM feedback_responses x WHERE x.form_id = f.id AND x.version = f.version LIMIT 1), false) AS frozen,
	(SELECT count(*) FROM feedback_invites i WHERE i.form_id = f.id)::int AS invited`

const formFrom = ` FROM feedback_forms f LEFT JOIN regions r ON r.id = f.region_id
	LEFT JOIN meetings m ON m.id = f.meeting_id LEFT JOIN offices o ON o.id = f.office_id`

func loadForm(ctx context.Context, q audit.Querier, id int64, lock bool) (*Form, error) {
	if lock {
		// The form row is the lock that serialises edits, answers and carrying of one form. It
		// is taken by a statement of its own: a statement that waited for the lock keeps its
		// snapshot from before, and its counts (frozen, responses) would miss the answer that
		// held the lock. The next statement sees it.
		rows, err := q.Query(ctx, `SELECT id FROM feedback_forms WHERE id = $1 FOR UPDATE`, id)
		if err != nil {
			return nil, fmt.Errorf("feedback: lock %d: %w", id, err)
		}
		if _, err := pgx.CollectExactlyOneRow(rows, pgx.RowTo[int64]); errors.Is(err, pgx.ErrNoRows) {
			return nil, app.ErrNotFound
		} else if err != nil {
			return nil, fmt.Errorf("feedback: lock %d: %w", id, err)
		}
	}
	rows, err := q.Query(ctx, `SELECT `+formCols+formFrom+` WHERE f.id = $1`, id)
	if err != nil {
		return nil, fmt.Errorf("feedback: load %d: %w", id, err)
	}
	f, err := pgx.CollectExactlyOneRow(rows, pgx.RowToAddrOfStructByName[Form])
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, app.ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("feedback: load %d: %w", id, err)
	}
	return f, nil
}

// mayRead reports whether u may see f's builder and results: its region's organisers; a shared
// template every organiser.
func mayRead(u *auth.User, f *Form) bool {
	if f.IsTemplate && f.RegionID == nil {
		return CanManage(u, u.RegionID)
	}
	return CanManage(u, f.Region())
}

// mayChange reports whether u may change f.
func mayChange(u *auth.User, f *Form) bool { return CanManage(u, f.Region()) }

// Get returns form id if u manages it; otherwise ErrNotFound, so other regions' forms stay
// invisible.
func (s *Store) Get(ctx context.Context, u *auth.User, id int64) (*Form, error) {
	f, err := loadForm(ctx, s.pool, id, false)
	if err != nil {
		return nil, err
	}
	if !mayRead(u, f) {
		return nil, app.ErrNotFound
	}
	return f, nil
}

// ForMeeting returns the id of meeting's form, 0 when it has none.
func (s *Store) ForMeeting(ctx context.Context, meetingID int64) (int64, error) {
	var id int64
	err := s.pool.QueryRow(ctx, `SELECT id FROM feedback_forms WHERE meeting_id = $1`, meetingID).Scan(&id)
	if errors.Is(err, pgx.ErrNoRows) {
		return 0, nil
	}
	if err != nil {
		return 0, fmt.Errorf("feedback: form of meeting %d: %w", meetingID, err)
	}
	return id, nil
}

// edit runs fn on form id locked for update, after checking that u may change it.
func (s *Store) edit(ctx context.Context, u *auth.User, id int64, fn func(tx pgx.Tx, f *Form) error) error {
	return db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		f, err := loadForm(ctx, tx, id, true)
		if err != nil {
			return err
		}
		if !mayRead(u, f) {
			return app.ErrNotFound
		}
		if !mayChange(u, f) {
			return app.ErrForbidden
		}
		return fn(tx, f)
	})
}

// record writes one entry of form id's history.
func record(ctx context.Context, tx pgx.Tx, actor int64, action string, id int64, from, to string, detail map[string]any) error {
	return audit.Record(ctx, tx, audit.Entry{ActorID: actor, Action: action, ObjectType: "feedback", ObjectID: id,
		From: from, To: to, Detail: detail})
}

// List returns the forms (or the templates) u manages: their region's and, for templates, the
// shared ones; newest first.
func (s *Store) List(ctx context.Context, u *auth.User, templates bool) ([]Form, error) {
	// The condition is written for the case, not switched by values: a statement's one generic
	// plan (db.Config) cannot use the region's index for "region = $2 OR $3".
	where, args := ` WHERE f.is_template = $1 AND (f.region_id = $2 OR ($1 AND f.region_id IS NULL))`, []any{templates, u.RegionID}
	if u.Has(auth.Admin) {
		where, args = ` WHERE f.is_template = $1`, []any{templates}
	}
	rows, err := s.pool.Query(ctx, `SELECT `+formCols+formFrom+where+` ORDER BY f.created_at DESC, f.id DESC`, args...)
	if err != nil {
		return nil, fmt.Errorf("feedback: list: %w", err)
	}
	return pgx.CollectRows(rows, pgx.RowToStructByName[Form])
}

// Questions lists the questions of form id's version, in order.
func (s *Store) Questions(ctx context.Context, id int64, version int32) ([]Question, error) {
	return questions(ctx, s.pool, id, version)
}

const questionCols = `id, form_id, version, coalesce(origin_id, id) AS origin_id, key, position, kind, label,
	help, required, options, low_label, high_label`

func questions(ctx context.Context, q audit.Querier, id int64, version int32) ([]Question, error) {
	rows, err := q.Query(ctx, `SELECT `+questionCols+` FROM feedback_questions
		WHERE form_id = $1 AND version = $2 ORDER BY position, id`, id, version)
	if err != nil {
		return nil, fmt.Errorf("feedback: questions of %d: %w", id, err)
	}
	return pgx.CollectRows(rows, pgx.RowToStructByName[Question])
}

// Create makes a form (or a template) from in, with the questions of in.TemplateID when set,
// and returns its id. A meeting's form belongs to the meeting's region and closes by default
// two weeks after the meeting ends.
func (s *Store) Create(ctx context.Context, u *auth.User, in Input) (int64, error) {
	var id int64
	err := db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		var err error
		id, err = s.create(ctx, tx, u, in)
		return err
	})
	return id, err
}

func (s *Store) create(ctx context.Context, tx pgx.Tx, u *auth.User, in Input) (int64, error) {
	closes, v := in.clean()
	if !u.Has(auth.Admin) || (in.RegionID == 0 && !in.Template) {
		// Administrators choose a region; a form that names none is of their own region (only
		// a template may be shared by every region).
		in.RegionID = u.RegionID
	}
	var id int64
	err := func() error {
		var region *int16
		if in.RegionID != 0 {
			region = &in.RegionID
		}
		var meetingID, officeID *int64
		switch {
		case in.Template:
			in.MeetingID, in.OfficeID = 0, 0
		case in.MeetingID != 0:
			var mr int16
			var ends time.Time
			var has bool
			err := tx.QueryRow(ctx, `SELECT region_id, ends_at, EXISTS (SELECT 1 FROM feedback_forms WHERE meeting_id = m.id)
				FROM meetings m WHERE id = $1 AND status <> 'cancelled'`, in.MeetingID).Scan(&mr, &ends, &has)
			if errors.Is(err, pgx.ErrNoRows) {
				v.Add("meeting", "feedback.err.meeting")
				break
			}
			if err != nil {
				return fmt.Errorf("feedback: meeting %d: %w", in.MeetingID, err)
			}
			if has {
				return ErrHasForm
			}
			region, meetingID = &mr, &in.MeetingID
			if closes == nil {
				t := ends.Add(14 * 24 * time.Hour)
				closes = &t
			}
		case in.OfficeID != 0:
			var or int16
			err := tx.QueryRow(ctx, `SELECT region_id FROM offices WHERE id = $1`, in.OfficeID).Scan(&or)
			if errors.Is(err, pgx.ErrNoRows) {
				v.Add("office", "feedback.err.office")
				break
			}
			if err != nil {
				return fmt.Errorf("feedback: office %d: %w", in.OfficeID, err)
			}
			region, officeID = &or, &in.OfficeID
		}
		if err := v.Err(); err != nil {
			return err
		}
		r := int16(0)
		if region != nil {
			r = *region
		}
		if !CanManage(u, r) {
			return app.ErrForbidden
		}
		err := tx.QueryRow(ctx, `
			INSERT INTO feedback_forms (region_id, is_template, meeting_id, office_id, title, intro, anonymous,
				min_answers, closes_at, created_by)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`,
			region, in.Template, meetingID, officeID, in.Title, in.Intro, in.Anonymous, in.MinAnswers,
			closes, u.ID).Scan(&id)
		if err != nil {
			return fmt.Errorf("feedback: create: %w", err)
		}
		if in.TemplateID != 0 {
			if err := s.copyTemplate(ctx, tx, u, in.TemplateID, id); err != nil {
				return err
			}
		}
		return record(ctx, tx, u.ID, "feedback.create", id, "", string(Draft),
			map[string]any{"title": in.Title, "template": in.TemplateID})
	}()
	return id, err
}

// copyTemplate copies the questions of template tpl into version 1 of form id.
func (s *Store) copyTemplate(ctx context.Context, tx pgx.Tx, u *auth.User, tpl, id int64) error {
	t, err := loadForm(ctx, tx, tpl, false)
	if errors.Is(err, app.ErrNotFound) {
		return app.Invalid{"template": "feedback.err.template_missing"}
	}
	if err != nil {
		return err
	}
	if !t.IsTemplate || !mayRead(u, t) {
		return app.Invalid{"template": "feedback.err.template_missing"}
	}
	_, err = tx.Exec(ctx, `
		INSERT INTO feedback_questions (form_id, version, key, position, kind, label, help, required, options, low_label, high_label)
		SELECT $1, 1, key, position, kind, label, help, required, options, low_label, high_label
		FROM feedback_questions WHERE form_id = $2 AND version = $3 ORDER BY position`, id, tpl, t.Version)
	if err != nil {
		return fmt.Errorf("feedback: copy template %d: %w", tpl, err)
	}
	return nil
}

// Save changes a form's settings. Anonymity is a promise: it cannot change once answers exist.
func (s *Store) Save(ctx context.Context, u *auth.User, id int64, in Input) error {
	closes, v := in.clean()
	return s.edit(ctx, u, id, func(tx pgx.Tx, f *Form) error {
		if f.Status != Draft && f.Status != Ready && closes == nil {
			v.Add("closes_at", "err.required")
		}
		if err := v.Err(); err != nil {
			return err
		}
		if in.Version != 0 && in.Version != f.LockVersion {
			return ErrStale
		}
		// Anonymity is promised on the page people answer: it cannot change once they may.
		if in.Anonymous != f.Anonymous && (f.Responses > 0 || f.OpenedAt != nil) {
			return ErrPromised
		}
		// Lowering k once answers come in would show what a higher k hid.
		if in.MinAnswers < int(f.MinAnswers) && f.OpenedAt != nil {
			return app.Invalid{"min_answers": "feedback.err.k_lower"}
		}
		_, err := tx.Exec(ctx, `
			UPDATE feedback_forms SET title = $2, intro = $3, anonymous = $4, min_answers = $5, closes_at = $6,
				lock_version = lock_version + 1, updated_at = now()
			WHERE id = $1`, id, in.Title, in.Intro, in.Anonymous, in.MinAnswers, closes)
		if err != nil {
			return fmt.Errorf("feedback: save %d: %w", id, err)
		}
		return record(ctx, tx, u.ID, "feedback.save", id, "", "", map[string]any{"title": in.Title})
	})
}

// thaw makes sure the current version of f may change: when answers froze it, its questions
// are copied into the next version, which becomes current. It returns the version to change.
func thaw(ctx context.Context, tx pgx.Tx, u *auth.User, f *Form) (int32, error) {
	if !f.Frozen {
		return f.Version, nil
	}
	next := f.Version + 1
	_, err := tx.Exec(ctx, `
		INSERT INTO feedback_questions (form_id, version, origin_id, key, position, kind, label, help, required, options, low_label, high_label)
		SELECT form_id, $3, coalesce(origin_id, id), key, position, kind, label, help, required, options, low_label, high_label
		FROM feedback_questions WHERE form_id = $1 AND version = $2 ORDER BY position`, f.ID, f.Version, next)
	if err != nil {
		return 0, fmt.Errorf("feedback: new version of %d: %w", f.ID, err)
	}
	if _, err := tx.Exec(ctx, `UPDATE feedback_forms SET version = $2, updated_at = now() WHERE id = $1`, f.ID, next); err != nil {
		return 0, fmt.Errorf("feedback: new version of %d: %w", f.ID, err)
	}
	f.Version, f.Frozen = next, false
	return next, record(ctx, tx, u.ID, "feedback.version", f.ID, fmt.Sprint(next-1), fmt.Sprint(next), nil)
}

// sameQuestion finds question qid in form f's current version, following a question of a
// frozen version to its copy in the version thaw made.
func sameQuestion(ctx context.Context, tx pgx.Tx, f *Form, qid int64) (*Question, error) {
	rows, err := tx.Query(ctx, `SELECT `+questionCols+` FROM feedback_questions
		WHERE form_id = $1 AND version = $2 AND (id = $3 OR origin_id = (SELECT coalesce(origin_id, id) FROM feedback_questions WHERE id = $3))
		ORDER BY id DESC LIMIT 1`, f.ID, f.Version, qid)
	if err != nil {
		return nil, fmt.Errorf("feedback: question %d: %w", qid, err)
	}
	q, err := pgx.CollectExactlyOneRow(rows, pgx.RowToAddrOfStructByName[Question])
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, app.ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("feedback: question %d: %w", qid, err)
	}
	return q, nil
}

// changeable refuses changes to questions of a closed form.
func changeable(f *Form) error {
	if f.Status == Closed {
		return ErrWrongState
	}
	return nil
}

// AddQuestion appends a question to form id and returns its id.
func (s *Store) AddQuestion(ctx context.Context, u *auth.User, id int64, in QuestionInput) (int64, error) {
	opts, v := in.clean()
	var qid int64
	err := s.edit(ctx, u, id, func(tx pgx.Tx, f *Form) error {
		if err := v.Err(); err != nil {
			return err
		}
		if err := changeable(f); err != nil {
			return err
		}
		ver, err := thaw(ctx, tx, u, f)
		if err != nil {
			return err
		}
		var n int
		if err := tx.QueryRow(ctx, `SELECT count(*) FROM feedback_questions WHERE form_id = $1 AND version = $2`, id, ver).Scan(&n); err != nil {
			return fmt.Errorf("feedback: count questions of %d: %w", id, err)
		}
		if n >= MaxQuestions {
			return app.Invalid{"label": "feedback.err.questions_many"}
		}
		err = tx.QueryRow(ctx, `
			INSERT INTO feedback_questions (form_id, version, key, position, kind, label, help, required, options, low_label, high_label)
			VALUES ($1, $2, $3, coalesce((SELECT max(position) FROM feedback_questions WHERE form_id = $1 AND version = $2), 0) + 1,
				$4, $5, $6, $7, $8, $9, $10) RETURNING id`,
			id, ver, in.Key, in.Kind, in.Label, in.Help, in.Required, opts, in.LowLabel, in.HighLabel).Scan(&qid)
		if err != nil {
			return fmt.Errorf("feedback: add question to %d: %w", id, err)
		}
		return record(ctx, tx, u.ID, "feedback.question_add", id, "", "", map[string]any{"question": qid, "label": in.Label})
	})
	return qid, err
}

// SaveQuestion changes question qid of form id. Its kind stays: the answers of earlier
// versions are added up with the new ones.
func (s *Store) SaveQuestion(ctx context.Context, u *auth.User, id, qid int64, in QuestionInput) error {
	return s.edit(ctx, u, id, func(tx pgx.Tx, f *Form) error {
		if err := changeable(f); err != nil {
			return err
		}
		old, err := sameQuestion(ctx, tx, f, qid)
		if err != nil {
			return err
		}
		in.Kind = old.Kind
		opts, v := in.clean()
		if err := v.Err(); err != nil {
			return err
		}
		if _, err := thaw(ctx, tx, u, f); err != nil {
			return err
		}
		if old, err = sameQuestion(ctx, tx, f, qid); err != nil {
			return err
		}
		_, err = tx.Exec(ctx, `
			UPDATE feedback_questions SET label = $2, help = $3, required = $4, options = $5, low_label = $6, high_label = $7
			WHERE id = $1`, old.ID, in.Label, in.Help, in.Required, opts, in.LowLabel, in.HighLabel)
		if err != nil {
			return fmt.Errorf("feedback: save question %d: %w", qid, err)
		}
		return record(ctx, tx, u.ID, "feedback.question_save", id, "", "", map[string]any{"question": old.ID, "label": in.Label})
	})
}

// DeleteQuestion removes question qid from the current version of form id; answers already
// given to it stay with the version they were given to.
func (s *Store) DeleteQuestion(ctx context.Context, u *auth.User, id, qid int64) error {
	return s.edit(ctx, u, id, func(tx pgx.Tx, f *Form) error {
		if err := changeable(f); err != nil {
			return err
		}
		if _, err := sameQuestion(ctx, tx, f, qid); err != nil {
			return err
		}
		if _, err := thaw(ctx, tx, u, f); err != nil {
			return err
		}
		q, err := sameQuestion(ctx, tx, f, qid)
		if err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `DELETE FROM feedback_questions WHERE id = $1`, q.ID); err != nil {
			return fmt.Errorf("feedback: delete question %d: %w", q.ID, err)
		}
		return record(ctx, tx, u.ID, "feedback.question_delete", id, "", "", map[string]any{"question": q.ID, "label": q.Label})
	})
}

// MoveQuestion moves question qid one place up (delta -1) or down (+1).
func (s *Store) MoveQuestion(ctx context.Context, u *auth.User, id, qid int64, delta int) error {
	if delta != -1 && delta != 1 {
		return app.ErrConflict
	}
	return s.edit(ctx, u, id, func(tx pgx.Tx, f *Form) error {
		if err := changeable(f); err != nil {
			return err
		}
		if _, err := sameQuestion(ctx, tx, f, qid); err != nil {
			return err
		}
		ver, err := thaw(ctx, tx, u, f)
		if err != nil {
			return err
		}
		q, err := sameQuestion(ctx, tx, f, qid)
		if err != nil {
			return err
		}
		qs, err := questions(ctx, tx, id, ver)
		if err != nil {
			return err
		}
		i := 0
		for i < len(qs) && qs[i].ID != q.ID {
			i++
		}
		j := i + delta
		if j < 0 || j >= len(qs) {
			return nil // already first or last
		}
		qs[i], qs[j] = qs[j], qs[i]
		for k, x := range qs {
			if _, err := tx.Exec(ctx, `UPDATE feedback_questions SET position = $2 WHERE id = $1`, x.ID, k+1); err != nil {
				return fmt.Errorf("feedback: move question %d: %w", x.ID, err)
			}
		}
		return record(ctx, tx, u.ID, "feedback.question_move", id, fmt.Sprint(i+1), fmt.Sprint(j+1), map[string]any{"question": q.ID})
	})
}

// Action is a step of a form's lifecycle.
type Action string

const (
	MakeReady Action = "ready" // draft → ready: waits for the meeting to be held
	Open      Action = "open"  // draft or ready → open: invitations go out
	Close     Action = "close" // open → closed, before the deadline
)

// AllActions lists the lifecycle actions in the order the page offers them.
var AllActions = []Action{MakeReady, Open, Close}

var rules = map[Action]struct {
	from []Status
	to   Status
}{
	MakeReady: {[]Status{Draft}, Ready},
	Open:      {[]Status{Draft, Ready}, OpenStatus},
	Close:     {[]Status{OpenStatus}, Closed},
}

// Actions lists what u may do with f now, for the page's buttons.
func Actions(u *auth.User, f *Form) []Action {
	var out []Action
	if f.IsTemplate || !mayChange(u, f) {
		return nil
	}
	for _, a := range AllActions {
		r := rules[a]
		if !containsStatus(r.from, f.Status) {
			continue
		}
		if a == MakeReady && !awaitsMeeting(f) {
			continue
		}
		out = append(out, a)
	}
	return out
}

// awaitsMeeting reports whether f belongs to a meeting that has not been held yet, so a ready
// form will open when it is.
func awaitsMeeting(f *Form) bool {
	return f.MeetingID != nil && (f.MeetingState == "draft" || f.MeetingState == "open" || f.MeetingState == "agenda")
}

func containsStatus(list []Status, s Status) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// Sent is an invitation made when a form opens: the token exists only here, to be mailed.
type Sent struct {
	UserID int64
	Email  string
	Name   string
	Token  string
}

// Transition takes action a on form id for u. Opening sends the invitations, which it returns.
func (s *Store) Transition(ctx context.Context, u *auth.User, id int64, a Action) ([]Sent, error) {
	var sent []Sent
	err := s.edit(ctx, u, id, func(tx pgx.Tx, f *Form) error {
		var err error
		sent, err = s.transition(ctx, tx, u, f, a)
		return err
	})
	return sent, err
}

func (s *Store) transition(ctx context.Context, tx pgx.Tx, u *auth.User, f *Form, a Action) ([]Sent, error) {
	r, ok := rules[a]
	if !ok || f.IsTemplate {
		return nil, ErrWrongState
	}
	if !containsStatus(r.from, f.Status) || (a == MakeReady && !awaitsMeeting(f)) {
		return nil, ErrWrongState
	}
	var sent []Sent
	if a == MakeReady || a == Open {
		var n int
		if err := tx.QueryRow(ctx, `SELECT count(*) FROM feedback_questions WHERE form_id = $1 AND version = $2`, f.ID, f.Version).Scan(&n); err != nil {
			return nil, fmt.Errorf("feedback: questions of %d: %w", f.ID, err)
		}
		if n == 0 {
			return nil, ErrNoQuestions
		}
	}
	if a == Open {
		if f.MeetingID != nil && f.MeetingState != "held" && f.MeetingState != "feedback" && f.MeetingState != "closed" {
			return nil, ErrNotHeld
		}
		if f.ClosesAt == nil {
			return nil, app.Invalid{"closes_at": "err.required"}
		}
		if !s.now().Before(*f.ClosesAt) {
			return nil, ErrDeadlinePast
		}
		var err error
		if sent, err = s.invite(ctx, tx, f); err != nil {
			return nil, err
		}
	}
	_, err := tx.Exec(ctx, `
		UPDATE feedback_forms SET status = $2, opened_at = CASE WHEN $2 = 'open' THEN $3 ELSE opened_at END,
			lock_version = lock_version + 1, updated_at = now()
		WHERE id = $1`, f.ID, string(r.to), s.now())
	if err != nil {
		return nil, fmt.Errorf("feedback: %s %d: %w", a, f.ID, err)
	}
	return sent, record(ctx, tx, u.ID, "feedback."+string(a), f.ID, string(f.Status), string(r.to),
		map[string]any{"invited": len(sent)})
}

// OpenForMeeting opens meeting's form once the meeting is held, if the form is ready; it
// returns the invitations it sent (none when there is no ready form).
func (s *Store) OpenForMeeting(ctx context.Context, u *auth.User, meetingID int64) ([]Sent, error) {
	var id int64
	err := s.pool.QueryRow(ctx, `SELECT id FROM feedback_forms WHERE meeting_id = $1 AND status = 'ready'`, meetingID).Scan(&id)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("feedback: ready form of meeting %d: %w", meetingID, err)
	}
	return s.Transition(ctx, u, id, Open)
}

// invite makes a personal invitation for everyone asked who has none yet: a meeting's
// attendees (registered, and not marked absent), a stand-alone form's office staff.
func (s *Store) invite(ctx context.Context, tx pgx.Tx, f *Form) ([]Sent, error) {
	var sql string
	var arg int64
	switch {
	case f.MeetingID != nil:
		sql, arg = `SELECT u.id, u.email, u.name FROM registrations g JOIN users u ON u.id = g.user_id
			WHERE g.meeting_id = $1 AND g.status = 'registered' AND g.attended IS NOT false
			AND NOT EXISTS (SELECT 1 FROM feedback_invites i WHERE i.form_id = $2 AND i.user_id = u.id)
			ORDER BY u.id`, *f.MeetingID
	case f.OfficeID != nil:
		sql, arg = `SELECT u.id, u.email, u.name FROM users u
			WHERE u.office_id = $1 AND u.active
			AND NOT EXISTS (SELECT 1 FROM feedback_invites i WHERE i.form_id = $2 AND i.user_id = u.id)
			ORDER BY u.id`, *f.OfficeID
	default:
		return nil, nil
	}
	rows, err := tx.Query(ctx, sql, arg, f.ID)
	if err != nil {
		return nil, fmt.Errorf("feedback: who to invite to %d: %w", f.ID, err)
	}
	people, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (Sent, error) {
		var x Sent
		return x, r.Scan(&x.UserID, &x.Email, &x.Name)
	})
	if err != nil {
		return nil, fmt.Errorf("feedback: who to invite to %d: %w", f.ID, err)
	}
	for i := range people {
		people[i].Token = newToken()
		if _, err := tx.Exec(ctx, `INSERT INTO feedback_invites (form_id, user_id, token_hash) VALUES ($1, $2, $3)`,
			f.ID, people[i].UserID, hashToken(people[i].Token)); err != nil {
			return nil, fmt.Errorf("feedback: invite %d to %d: %w", people[i].UserID, f.ID, err)
		}
	}
	return people, nil
}

// InviteMissing sends invitations to those asked since the form opened (e.g. attendance marked
// later) and returns them.
func (s *Store) InviteMissing(ctx context.Context, u *auth.User, id int64) ([]Sent, error) {
	var sent []Sent
	err := s.edit(ctx, u, id, func(tx pgx.Tx, f *Form) error {
		if !f.Taking(s.now()) {
			return ErrWrongState
		}
		var err error
		if sent, err = s.invite(ctx, tx, f); err != nil {
			return err
		}
		return record(ctx, tx, u.ID, "feedback.invite", id, "", "", map[string]any{"invited": len(sent)})
	})
	return sent, err
}

// SaveAsTemplate copies the current questions of form id into a new template of u's region and
// returns its id.
func (s *Store) SaveAsTemplate(ctx context.Context, u *auth.User, id int64, title string) (int64, error) {
	f, err := s.Get(ctx, u, id)
	if err != nil {
		return 0, err
	}
	var tid int64
	err = db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		var err error
		if r := []rune(title); len(r) > MaxTitle {
			title = string(r[:MaxTitle-1]) + "…"
		}
		tid, err = s.create(ctx, tx, u, Input{Title: title, Intro: f.Intro, Anonymous: f.Anonymous,
			MinAnswers: int(f.MinAnswers), Template: true, RegionID: u.RegionID})
		if err != nil {
			return err
		}
		_, err = tx.Exec(ctx, `
			INSERT INTO feedback_questions (form_id, version, key, position, kind, label, help, required, options, low_label, high_label)
			SELECT $1, 1, key, position, kind, label, help, required, options, low_label, high_label
			FROM feedback_questions WHERE form_id = $2 AND version = $3 ORDER BY position`, tid, id, f.Version)
		if err != nil {
			return fmt.Errorf("feedback: template from %d: %w", id, err)
		}
		return nil
	})
	return tid, err
}

func newToken() string {
	b := make([]byte, 32)
	rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}

func hashToken(t string) []byte {
	h := sha256.Sum256([]byte(t))
	return h[:]
}
