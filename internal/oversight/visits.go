package oversight

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/jackc/pgx/v5"

	"hnizdo.cz/hnizdo/internal/app"
	"hnizdo.cz/hnizdo/internal/audit"
	"hnizdo.cz/hnizdo/internal/auth"
	"hnizdo.cz/hnizdo/internal/db"
	"hnizdo.cz/hnizdo/internal/pii"
)

// VisitKinds lists the kinds of methodological help, in display order: a visit at the office or
// a consultation (by phone, online or at the regional authority).
var VisitKinds = []string{"visit", "consultation"}

// Limits on a visit's texts.
const (
	MaxVisitText = 4000
	MaxFollowup  = 1000
)

// Visit is a methodological visit or consultation: help given to an office, not an inspection.
type Visit struct {
	ID              int64           `db:"id"`
	RegionID        int16           `db:"region_id"`
	OfficeID        int64           `db:"office_id"`
	OfficeName      string          `db:"office_name"`
	Kind            string          `db:"kind"`
	Date            time.Time       `db:"date"`
	Topics          string          `db:"topics"`
	Recommendations string          `db:"recommendations"`
	CreatedBy       int64           `db:"created_by"`
	CreatedByName   string          `db:"created_by_name"`
	Version         int32           `db:"version"`
	Followups       []VisitFollowup `db:"-"`
	Notes           []VisitNote     `db:"-"`
}

// VisitFollowup is a step agreed at a visit, with its due date. (Followup names the follow-up
// inspection kind.)
type VisitFollowup struct {
	ID      int64      `db:"id"`
	VisitID int64      `db:"visit_id"`
	Text    string     `db:"text"`
	Due     time.Time  `db:"due"`
	DoneAt  *time.Time `db:"done_at"`
	DoneBy  string     `db:"done_by"` // the name of who marked it done
}

// Overdue reports whether f is still to be done past its due date on day today.
func (f *VisitFollowup) Overdue(today time.Time) bool { return f.DoneAt == nil && f.Due.Before(today) }

// VisitNote is a published practice note linked to a visit.
type VisitNote struct {
	ID    int64  `db:"id"`
	Title string `db:"title"`
}

// VisitInput is a visit as typed in the form.
type VisitInput struct {
	OfficeID        int64
	Kind            string
	Date            time.Time
	Topics          string
	Recommendations string
	Version         int32 // the version the form was loaded at (edits only)
}

// CanSeeVisit reports whether u may know visit v exists: the region's methodologists and the
// staff of the visited office.
func CanSeeVisit(u *auth.User, v *Visit) bool {
	return IsMethodologist(u, v.RegionID) || (u != nil && u.OfficeID == v.OfficeID)
}

const visitCols = `v.id, v.region_id, v.office_id, o.name AS office_name, v.kind, v.date, v.topics,
	v.recommendations, v.created_by, coalesce(cu.name, '') AS created_by_name, v.version`

const visitFrom = ` FROM visits v JOIN offices o ON o.id = v.office_id LEFT JOIN users cu ON cu.id = v.created_by`

func loadVisit(ctx context.Context, q audit.Querier, id int64, lock bool) (*Visit, error) {
	if lock {
		// The visit row serialises edits of the visit and its follow-ups and links. Locked by a
		// statement of its own so that the next one reads what the previous holder committed.
		rows, err := q.Query(ctx, `SELECT id FROM visits WHERE id = $1 FOR UPDATE`, id)
		if err != nil {
			return nil, fmt.Errorf("oversight: lock visit %d: %w", id, err)
		}
		if _, err := pgx.CollectExactlyOneRow(rows, pgx.RowTo[int64]); errors.Is(err, pgx.ErrNoRows) {
			return nil, app.ErrNotFound
		} else if err != nil {
			return nil, fmt.Errorf("oversight: lock visit %d: %w", id, err)
		}
	}
	rows, err := q.Query(ctx, `SELECT `+visitCols+visitFrom+` WHERE v.id = $1`, id)
	if err != nil {
		return nil, fmt.Errorf("oversight: load visit %d: %w", id, err)
	}
	v, err := pgx.CollectExactlyOneRow(rows, pgx.RowToAddrOfStructByName[Visit])
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, app.ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("oversight: load visit %d: %w", id, err)
	}
	return v, nil
}

// Visits lists the visits u may see, newest first: a methodologist the region's, anyone else
// their own office's. officeID narrows the list to one office (0 = all).
func (s *Store) Visits(ctx context.Context, u *auth.User, officeID int64) ([]Visit, error) {
	where, args := "v.office_id = $1", []any{u.OfficeID}
	switch {
	case u.Can(auth.Oversee):
		where, args = "v.region_id = $1", []any{u.RegionID}
		if officeID != 0 {
			where += " AND v.office_id = $2"
			args = append(args, officeID)
		}
	case officeID != 0 && officeID != u.OfficeID:
		return nil, nil
	}
	rows, err := s.pool.Query(ctx, `SELECT `+visitCols+visitFrom+` WHERE `+where+` ORDER BY v.date DESC, v.id DESC`, args...)
	if err != nil {
		return nil, fmt.Errorf("oversight: visits: %w", err)
	}
	list, err := pgx.CollectRows(rows, pgx.RowToStructByName[Visit])
	if err != nil {
		return nil, fmt.Errorf("oversight: visits: %w", err)
	}
	if err := s.fillVisits(ctx, list); err != nil {
		return nil, err
	}
	return list, nil
}

// Visit returns visit id with its follow-ups and notes if u may see it; otherwise ErrNotFound.
func (s *Store) Visit(ctx context.Context, u *auth.User, id int64) (*Visit, error) {
	v, err := loadVisit(ctx, s.pool, id, false)
	if err != nil {
		return nil, err
	}
	if !CanSeeVisit(u, v) {
		return nil, app.ErrNotFound
	}
	list := []Visit{*v}
	if err := s.fillVisits(ctx, list); err != nil {
		return nil, err
	}
	return &list[0], nil
}

// fillVisits adds the follow-ups and linked notes to list, one query each for the whole list.
func (s *Store) fillVisits(ctx context.Context, list []Visit) error {
	if len(list) == 0 {
		return nil
	}
	ids := make([]int64, len(list))
	at := make(map[int64]int, len(list))
	for k, v := range list {
		ids[k], at[v.ID] = v.ID, k
	}
	rows, err := s.pool.Query(ctx, `
		SELECT f.id, f.visit_id, f.text, f.due, f.done_at, coalesce(u.name, '') AS done_by
		FROM visit_followups f LEFT JOIN users u ON u.id = f.done_by
		WHERE f.visit_id = ANY($1) ORDER BY f.due, f.id`, ids)
	if err != nil {
		return fmt.Errorf("oversight: follow-ups: %w", err)
	}
	fs, err := pgx.CollectRows(rows, pgx.RowToStructByName[VisitFollowup])
	if err != nil {
		return fmt.Errorf("oversight: follow-ups: %w", err)
	}
	for _, f := range fs {
		list[at[f.VisitID]].Followups = append(list[at[f.VisitID]].Followups, f)
	}
	// A note archived since it was linked is no longer guidance: it drops out of the visit.
	rows, err = s.pool.Query(ctx, `
		SELECT vn.visit_id, n.id, n.title FROM visit_notes vn JOIN notes n ON n.id = vn.note_id
		WHERE vn.visit_id = ANY($1) AND n.status = 'published' ORDER BY n.title, n.id`, ids)
	if err != nil {
		return fmt.Errorf("oversight: visit notes: %w", err)
	}
	var visit int64
	var n VisitNote
	_, err = pgx.ForEachRow(rows, []any{&visit, &n.ID, &n.Title}, func() error {
		list[at[visit]].Notes = append(list[at[visit]].Notes, n)
		return nil
	})
	if err != nil {
		return fmt.Errorf("oversight: visit notes: %w", err)
	}
	return nil
}

// clean trims in and checks what it can without the database.
func (in *VisitInput) clean() app.Invalid {
	bad := app.Invalid{}
	in.Topics = strings.TrimSpace(strings.ReplaceAll(in.Topics, "\r\n", "\n"))
	in.Recommendations = strings.TrimSpace(strings.ReplaceAll(in.Recommendations, "\r\n", "\n"))
	if in.OfficeID == 0 {
		bad.Add("office", "err.choose")
	}
	if !slices.Contains(VisitKinds, in.Kind) {
		bad.Add("kind", "err.choose")
	}
	if in.Date.IsZero() {
		bad.Add("date", "err.required")
	}
	switch {
	case in.Topics == "":
		bad.Add("topics", "oversight.err.topics")
	case utf8.RuneCountInString(in.Topics) > MaxVisitText:
		bad.Add("topics", "err.too_long")
	}
	if utf8.RuneCountInString(in.Recommendations) > MaxVisitText {
		bad.Add("recommendations", "err.too_long")
	}
	// The office's staff and every methodologist of the region read these: no client may be
	// recognisable in them.
	if len(pii.Scan(in.Topics)) > 0 {
		bad.Add("topics", "oversight.err.personal_data")
	}
	if len(pii.Scan(in.Recommendations)) > 0 {
		bad.Add("recommendations", "oversight.err.personal_data")
	}
	return bad
}

// checkVisitOffice adds a field error unless office is a municipal office (orp or district) of region.
func checkVisitOffice(ctx context.Context, tx pgx.Tx, region int16, office int64, bad app.Invalid) error {
	if office == 0 {
		return nil
	}
	var ok bool
	if err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM offices WHERE id = $1 AND region_id = $2 AND kind IN ('orp', 'district'))`,
		office, region).Scan(&ok); err != nil {
		return fmt.Errorf("oversight: office %d: %w", office, err)
	}
	if !ok {
		bad.Add("office", "err.choose")
	}
	return nil
}

func recordVisit(ctx context.Context, tx pgx.Tx, actor int64, action string, id int64, detail map[string]any) error {
	return audit.Record(ctx, tx, audit.Entry{ActorID: actor, Action: action, ObjectType: "visit", ObjectID: id, Detail: detail})
}

// AddVisit records a visit of u's region and returns its id. Only the region's methodologists
// record visits.
func (s *Store) AddVisit(ctx context.Context, u *auth.User, in VisitInput) (int64, error) {
	if !u.Can(auth.Oversee) {
		return 0, app.ErrForbidden
	}
	bad := in.clean()
	var id int64
	err := db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		if err := checkVisitOffice(ctx, tx, u.RegionID, in.OfficeID, bad); err != nil {
			return err
		}
		if err := bad.Err(); err != nil {
			return err
		}
		err := tx.QueryRow(ctx, `
			INSERT INTO visits (region_id, office_id, kind, date, topics, recommendations, created_by)
			VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
			u.RegionID, in.OfficeID, in.Kind, in.Date, in.Topics, in.Recommendations, u.ID).Scan(&id)
		if err != nil {
			return fmt.Errorf("oversight: add visit: %w", err)
		}
		return recordVisit(ctx, tx, u.ID, "visit.add", id, map[string]any{"office": in.OfficeID, "kind": in.Kind, "date": day(in.Date)})
	})
	return id, err
}

// editVisit runs fn on visit id locked for update, after checking that u is a methodologist of
// its region (others who may see it get ErrForbidden, the rest ErrNotFound).
func (s *Store) editVisit(ctx context.Context, u *auth.User, id int64, fn func(tx pgx.Tx, v *Visit) error) error {
	return db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		v, err := loadVisit(ctx, tx, id, true)
		if err != nil {
			return err
		}
		if !CanSeeVisit(u, v) {
			return app.ErrNotFound
		}
		if !IsMethodologist(u, v.RegionID) {
			return app.ErrForbidden
		}
		return fn(tx, v)
	})
}

// EditVisit changes visit id; the rules are AddVisit's. A form loaded before someone else's
// change gets ErrChanged.
func (s *Store) EditVisit(ctx context.Context, u *auth.User, id int64, in VisitInput) error {
	bad := in.clean()
	return s.editVisit(ctx, u, id, func(tx pgx.Tx, v *Visit) error {
		if in.Version != v.Version {
			return ErrChanged
		}
		if err := checkVisitOffice(ctx, tx, v.RegionID, in.OfficeID, bad); err != nil {
			return err
		}
		if err := bad.Err(); err != nil {
			return err
		}
		_, err := tx.Exec(ctx, `
			UPDATE visits SET office_id = $2, kind = $3, date = $4, topics = $5, recommendations = $6,
				version = version + 1, updated_at = now()
			WHERE id = $1`, id, in.OfficeID, in.Kind, in.Date, in.Topics, in.Recommendations)
		if err != nil {
			return fmt.Errorf("oversight: edit visit %d: %w", id, err)
		}
		detail := map[string]any{"office": in.OfficeID, "kind": in.Kind, "date": day(in.Date)}
		if in.OfficeID != v.OfficeID {
			detail["from_office"] = v.OfficeID
		}
		return recordVisit(ctx, tx, u.ID, "visit.edit", id, detail)
	})
}

// AddFollowup adds a step agreed at visit id, due on due, and returns its id. The region's
// methodologists record them.
func (s *Store) AddFollowup(ctx context.Context, u *auth.User, visitID int64, text string, due time.Time) (int64, error) {
	text = strings.TrimSpace(strings.ReplaceAll(text, "\r\n", "\n"))
	bad := app.Invalid{}
	switch {
	case text == "":
		bad.Add("text", "oversight.err.followup")
	case utf8.RuneCountInString(text) > MaxFollowup:
		bad.Add("text", "err.too_long")
	case len(pii.Scan(text)) > 0:
		bad.Add("text", "oversight.err.personal_data")
	}
	if due.IsZero() {
		bad.Add("due", "err.required")
	}
	var id int64
	err := s.editVisit(ctx, u, visitID, func(tx pgx.Tx, v *Visit) error {
		// Compared as calendar days: a step may be due on the day of the visit itself.
		if !due.IsZero() && day(due) < day(v.Date) {
			bad.Add("due", "oversight.err.due_before_visit")
		}
		if err := bad.Err(); err != nil {
			return err
		}
		if err := tx.QueryRow(ctx, `INSERT INTO visit_followups (visit_id, text, due) VALUES ($1, $2, $3) RETURNING id`,
			visitID, text, due).Scan(&id); err != nil {
			return fmt.Errorf("oversight: follow-up of visit %d: %w", visitID, err)
		}
		return recordVisit(ctx, tx, u.ID, "visit.followup", visitID, map[string]any{"followup": id, "due": day(due)})
	})
	return id, err
}

// FollowupVisit returns the id of the visit follow-up id belongs to if u may see that visit;
// otherwise ErrNotFound.
func (s *Store) FollowupVisit(ctx context.Context, u *auth.User, followupID int64) (int64, error) {
	var visitID int64
	err := s.pool.QueryRow(ctx, `SELECT visit_id FROM visit_followups WHERE id = $1`, followupID).Scan(&visitID)
	if errors.Is(err, pgx.ErrNoRows) {
		return 0, app.ErrNotFound
	}
	if err != nil {
		return 0, fmt.Errorf("oversight: follow-up %d: %w", followupID, err)
	}
	v, err := loadVisit(ctx, s.pool, visitID, false)
	if err != nil {
		return 0, err
	}
	if !CanSeeVisit(u, v) {
		return 0, app.ErrNotFound
	}
	return visitID, nil
}

// DoneFollowup marks follow-up id done. The region's methodologists and the head of the visited
// office may; a follow-up already done gives ErrChanged.
func (s *Store) DoneFollowup(ctx context.Context, u *auth.User, followupID int64) error {
	return db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		var visitID int64
		err := tx.QueryRow(ctx, `SELECT visit_id FROM visit_followups WHERE id = $1`, followupID).Scan(&visitID)
		if errors.Is(err, pgx.ErrNoRows) {
			return app.ErrNotFound
		}
		if err != nil {
			return fmt.Errorf("oversight: follow-up %d: %w", followupID, err)
		}
		v, err := loadVisit(ctx, tx, visitID, true)
		if err != nil {
			return err
		}
		if !CanSeeVisit(u, v) {
			return app.ErrNotFound
		}
		if !IsMethodologist(u, v.RegionID) && !(u.Has(auth.Head) && u.OfficeID == v.OfficeID) {
			return app.ErrForbidden
		}
		tag, err := tx.Exec(ctx, `UPDATE visit_followups SET done_at = $2, done_by = $3 WHERE id = $1 AND done_at IS NULL`,
			followupID, s.now(), u.ID)
		if err != nil {
			return fmt.Errorf("oversight: follow-up %d done: %w", followupID, err)
		}
		if tag.RowsAffected() == 0 {
			return ErrChanged
		}
		return recordVisit(ctx, tx, u.ID, "visit.followup_done", visitID, map[string]any{"followup": followupID})
	})
}

// LinkNote links published note noteID to visit id. Linking a linked note again changes
// nothing.
func (s *Store) LinkNote(ctx context.Context, u *auth.User, visitID, noteID int64) error {
	return s.editVisit(ctx, u, visitID, func(tx pgx.Tx, v *Visit) error {
		var ok bool
		if err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM notes WHERE id = $1 AND status = 'published')`,
			noteID).Scan(&ok); err != nil {
			return fmt.Errorf("oversight: note %d: %w", noteID, err)
		}
		if !ok {
			return app.Invalid{"note": "oversight.err.note"}
		}
		tag, err := tx.Exec(ctx, `INSERT INTO visit_notes (visit_id, note_id) VALUES ($1, $2) ON CONFLICT DO NOTHING`, visitID, noteID)
		if err != nil {
			return fmt.Errorf("oversight: link note %d to visit %d: %w", noteID, visitID, err)
		}
		if tag.RowsAffected() == 0 {
			return nil
		}
		return recordVisit(ctx, tx, u.ID, "visit.link_note", visitID, map[string]any{"note": noteID})
	})
}

// UnlinkNote removes the link of note noteID from visit id; an absent link changes nothing.
func (s *Store) UnlinkNote(ctx context.Context, u *auth.User, visitID, noteID int64) error {
	return s.editVisit(ctx, u, visitID, func(tx pgx.Tx, v *Visit) error {
		tag, err := tx.Exec(ctx, `DELETE FROM visit_notes WHERE visit_id = $1 AND note_id = $2`, visitID, noteID)
		if err != nil {
			return fmt.Errorf("oversight: unlink note %d from visit %d: %w", noteID, visitID, err)
		}
		if tag.RowsAffected() == 0 {
			return nil
		}
		return recordVisit(ctx, tx, u.ID, "visit.unlink_note", visitID, map[string]any{"note": noteID})
	})
}

// OpenFollowup is a follow-up still to be done, with its visit, for the dashboards.
type OpenFollowup struct {
	VisitFollowup
	OfficeID   int64     `db:"office_id"`
	OfficeName string    `db:"office_name"`
	VisitDate  time.Time `db:"visit_date"`
}

// OpenFollowups lists the follow-ups not yet done that u may see, soonest due first: a
// methodologist the region's, anyone else their own office's.
func (s *Store) OpenFollowups(ctx context.Context, u *auth.User) ([]OpenFollowup, error) {
	where, arg := "v.office_id = $1", any(u.OfficeID)
	if u.Can(auth.Oversee) {
		where, arg = "v.region_id = $1", any(u.RegionID)
	}
	rows, err := s.pool.Query(ctx, `
		SELECT f.id, f.visit_id, f.text, f.due, f.done_at, '' AS done_by, v.office_id, o.name AS office_name, v.date AS visit_date
		FROM visit_followups f JOIN visits v ON v.id = f.visit_id JOIN offices o ON o.id = v.office_id
		WHERE f.done_at IS NULL AND `+where+` ORDER BY f.due, o.name, f.id`, arg)
	if err != nil {
		return nil, fmt.Errorf("oversight: open follow-ups: %w", err)
	}
	list, err := pgx.CollectRows(rows, pgx.RowToStructByName[OpenFollowup])
	if err != nil {
		return nil, fmt.Errorf("oversight: open follow-ups: %w", err)
	}
	return list, nil
}
