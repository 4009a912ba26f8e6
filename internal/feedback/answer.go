package feedback

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/jackc/pgx/v5"

	"hnizdo.cz/hnizdo/internal/app"
	"hnizdo.cz/hnizdo/internal/audit"
	"hnizdo.cz/hnizdo/internal/auth"
	"hnizdo.cz/hnizdo/internal/db"
	"hnizdo.cz/hnizdo/internal/i18n"
	"hnizdo.cz/hnizdo/internal/pii"
)

// Reply is what a respondent posted: question id → the values of its field (several for a
// multiple choice; one for the others; empty or missing when not answered).
type Reply map[int64][]string

// Invitation is one person's invitation to a form, with what the answer page shows.
type Invitation struct {
	Form      *Form
	Questions []Question // the form's current version
	UserID    int64
	Answered  bool
}

// ByToken returns the invitation of a personal one-time link. It needs no session: the token
// is the credential.
func (s *Store) ByToken(ctx context.Context, token string) (*Invitation, error) {
	inv := &Invitation{}
	var formID int64
	err := s.pool.QueryRow(ctx, `SELECT form_id, user_id, answered FROM feedback_invites WHERE token_hash = $1`,
		hashToken(token)).Scan(&formID, &inv.UserID, &inv.Answered)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, ErrBadLink
	}
	if err != nil {
		return nil, fmt.Errorf("feedback: invitation by token: %w", err)
	}
	return s.invitation(ctx, inv, formID)
}

// ByUser returns u's own invitation to form formID.
func (s *Store) ByUser(ctx context.Context, u *auth.User, formID int64) (*Invitation, error) {
	inv := &Invitation{UserID: u.ID}
	err := s.pool.QueryRow(ctx, `SELECT answered FROM feedback_invites WHERE form_id = $1 AND user_id = $2`,
		formID, u.ID).Scan(&inv.Answered)
	switch {
	case errors.Is(err, pgx.ErrNoRows):
		// Whether the form exists at all is told before whether u is invited.
		if _, err := s.invitation(ctx, inv, formID); err != nil {
			return nil, err
		}
		return nil, ErrNotInvited
	case err != nil:
		return nil, fmt.Errorf("feedback: invitation of %d to %d: %w", u.ID, formID, err)
	}
	return s.invitation(ctx, inv, formID)
}

// invitation completes inv with form formID and its current questions.
func (s *Store) invitation(ctx context.Context, inv *Invitation, formID int64) (*Invitation, error) {
	f, err := loadForm(ctx, s.pool, formID, false)
	if err != nil {
		return nil, err
	}
	if f.IsTemplate {
		return nil, app.ErrNotFound
	}
	inv.Form = f
	if inv.Questions, err = questions(ctx, s.pool, f.ID, f.Version); err != nil {
		return nil, err
	}
	return inv, nil
}

// AnswerByToken stores the reply of the person whose one-time link token is.
func (s *Store) AnswerByToken(ctx context.Context, token string, r Reply) error {
	return db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		var formID, userID int64
		err := tx.QueryRow(ctx, `SELECT form_id, user_id FROM feedback_invites WHERE token_hash = $1`,
			hashToken(token)).Scan(&formID, &userID)
		if errors.Is(err, pgx.ErrNoRows) {
			return ErrBadLink
		}
		if err != nil {
			return fmt.Errorf("feedback: invitation by token: %w", err)
		}
		f, err := loadForm(ctx, tx, formID, true)
		if errors.Is(err, app.ErrNotFound) {
			return ErrBadLink // the form went away since the link was looked up
		}
		if err != nil {
			return err
		}
		return s.answer(ctx, tx, f, userID, r)
	})
}

// AnswerAs stores the reply of signed-in user u to form formID.
func (s *Store) AnswerAs(ctx context.Context, u *auth.User, formID int64, r Reply) error {
	return db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		f, err := loadForm(ctx, tx, formID, true)
		if err != nil {
			return err
		}
		if f.IsTemplate {
			return app.ErrNotFound
		}
		return s.answer(ctx, tx, f, u.ID, r)
	})
}

// answer stores user's reply r to f, which tx holds locked: the lock serialises the answers of
// one form with each other and with edits of its questions, so the state, the invitation and
// the version checked here are the ones written.
func (s *Store) answer(ctx context.Context, tx pgx.Tx, f *Form, user int64, r Reply) error {
	var answered bool
	err := tx.QueryRow(ctx, `SELECT answered FROM feedback_invites WHERE form_id = $1 AND user_id = $2`,
		f.ID, user).Scan(&answered)
	if errors.Is(err, pgx.ErrNoRows) {
		return ErrNotInvited
	}
	if err != nil {
		return fmt.Errorf("feedback: invitation of %d to %d: %w", user, f.ID, err)
	}
	now := s.now()
	switch {
	case f.Status == Draft || f.Status == Ready:
		return ErrNotOpen
	case f.Over(now) || !f.Taking(now):
		return ErrClosed
	case answered:
		return ErrAnswered
	}
	qs, err := questions(ctx, tx, f.ID, f.Version)
	if err != nil {
		return err
	}
	vals, v := clean(qs, r)
	if err := v.Err(); err != nil {
		return err
	}
	tag, err := tx.Exec(ctx, `UPDATE feedback_invites SET answered = true WHERE form_id = $1 AND user_id = $2 AND NOT answered`,
		f.ID, user)
	if err != nil {
		return fmt.Errorf("feedback: spend invitation of %d to %d: %w", user, f.ID, err)
	}
	if tag.RowsAffected() == 0 {
		return ErrAnswered
	}
	if f.Anonymous {
		// Rewrite every invitation of the form in this transaction, so that the rows' system
		// columns (the writing transaction, the place in the table) are shared by all of them
		// and do not point at the one that answered together with the response.
		if _, err := tx.Exec(ctx, `UPDATE feedback_invites SET answered = answered WHERE form_id = $1`, f.ID); err != nil {
			return fmt.Errorf("feedback: invitations of %d: %w", f.ID, err)
		}
	}
	// An anonymous response keeps neither the person nor the time: the CHECK constraint
	// refuses one without the other.
	var who *int64
	var when *time.Time
	if !f.Anonymous {
		who, when = &user, &now
	}
	var id string
	err = tx.QueryRow(ctx, `INSERT INTO feedback_responses (form_id, version, anonymous, user_id, submitted_at)
		VALUES ($1, $2, $3, $4, $5) RETURNING id::text`, f.ID, f.Version, f.Anonymous, who, when).Scan(&id)
	if err != nil {
		return fmt.Errorf("feedback: store response to %d: %w", f.ID, err)
	}
	b := &pgx.Batch{}
	for _, x := range vals {
		b.Queue(`INSERT INTO feedback_answers (response_id, question_id, number, choices, text) VALUES ($1, $2, $3, $4, $5)`,
			id, x.question, x.number, x.choices, x.text)
	}
	if err := tx.SendBatch(ctx, b).Close(); err != nil {
		return fmt.Errorf("feedback: store answers to %d: %w", f.ID, err)
	}
	// For an anonymous form the entry names no one: its time, next to the order of versions
	// and the answer counts, could otherwise single out a response (e.g. the only answer before
	// the questions changed). Who answered is the invitation's answered flag, which has no time.
	if f.Anonymous {
		// Dated by the day only: the entry shares its transaction with the response.
		day := s.now().In(i18n.Prague)
		return audit.Record(ctx, tx, audit.Entry{Action: "feedback.answer", ObjectType: "feedback", ObjectID: f.ID,
			Detail: map[string]any{"anonymous": true}, At: time.Date(day.Year(), day.Month(), day.Day(), 0, 0, 0, 0, i18n.Prague)})
	}
	return record(ctx, tx, user, "feedback.answer", f.ID, "", "", map[string]any{"response": id})
}

// value is one answer as stored: exactly one of number, choices and text is set.
type value struct {
	question int64
	number   *int16
	choices  []string
	text     *string
}

// Check validates r against the questions qs; problems come back keyed "q<ID>" with a message
// key, and the result is empty when r may be stored.
func Check(qs []Question, r Reply) app.Invalid {
	_, v := clean(qs, r)
	return v
}

// clean validates r against qs and returns the answers to store. Values for questions not in
// qs are ignored: they come from an older version of the page or from tampering.
func clean(qs []Question, r Reply) ([]value, app.Invalid) {
	v := app.Invalid{}
	var out []value
	for _, q := range qs {
		field := "q" + strconv.FormatInt(q.ID, 10)
		var given []string
		for _, s := range r[q.ID] {
			s = strings.TrimSpace(strings.ReplaceAll(s, "\r\n", "\n"))
			if s != "" {
				given = append(given, s)
			}
		}
		if len(given) == 0 {
			if q.Required {
				v.Add(field, "err.required")
			}
			continue
		}
		x := value{question: q.ID}
		switch {
		case q.Kind.Scaled():
			lo, hi := q.Kind.Scale()
			n, err := strconv.Atoi(given[0])
			if len(given) > 1 || err != nil || n < lo || n > hi {
				v.Add(field, "feedback.err.range")
				continue
			}
			num := int16(n)
			x.number = &num
		case q.Kind.Choice():
			if q.Kind == Single && len(given) > 1 {
				v.Add(field, "feedback.err.choice")
				continue
			}
			bad := false
			for _, g := range given {
				bad = bad || !slices.Contains(q.Options, g)
			}
			if bad {
				v.Add(field, "feedback.err.choice")
				continue
			}
			// In the order of the options, once each, so equal choices compare equal.
			x.choices = []string{}
			for _, o := range q.Options {
				if slices.Contains(given, o) {
					x.choices = append(x.choices, o)
				}
			}
		default:
			// A text field posts one value; a second one can only be forged and is dropped.
			text := given[0]
			limit := MaxShort
			if q.Kind == Long {
				limit = MaxLong
			}
			switch {
			case utf8.RuneCountInString(text) > limit:
				v.Add(field, "err.too_long")
				continue
			case len(pii.Scan(text)) > 0:
				v.Add(field, "feedback.err.personal_data")
				continue
			}
			x.text = &text
		}
		out = append(out, x)
	}
	return out, v
}

// Pending is a form u is invited to answer now, for the prompt on the home page.
type Pending struct {
	FormID       int64
	Title        string
	MeetingID    *int64
	MeetingTitle string
	ClosesAt     time.Time
}

// Pending lists the forms taking answers now in which u has an unanswered invitation, soonest
// deadline first.
func (s *Store) Pending(ctx context.Context, u *auth.User) ([]Pending, error) {
	rows, err := s.pool.Query(ctx, `
		SELECT f.id, f.title, f.meeting_id, coalesce(m.title, ''), f.closes_at
		FROM feedback_invites i JOIN feedback_forms f ON f.id = i.form_id LEFT JOIN meetings m ON m.id = f.meeting_id
		WHERE i.user_id = $1 AND NOT i.answered AND f.status = 'open' AND f.closes_at > $2
		ORDER BY f.closes_at, f.id`, u.ID, s.now())
	if err != nil {
		return nil, fmt.Errorf("feedback: pending of %d: %w", u.ID, err)
	}
	out, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (Pending, error) {
		var p Pending
		return p, r.Scan(&p.FormID, &p.Title, &p.MeetingID, &p.MeetingTitle, &p.ClosesAt)
	})
	if err != nil {
		return nil, fmt.Errorf("feedback: pending of %d: %w", u.ID, err)
	}
	return out, nil
}
