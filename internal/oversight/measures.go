package oversight

import (
	"context"
	"errors"
	"fmt"
	"strconv"
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

// ErrMeasureState: the measure (or its inspection, when adding one) is not in a state that
// allows the step.
const ErrMeasureState Refusal = "oversight.err.measure_state"

// Limits on a measure's texts.
const (
	MaxMeasureDescription = 2000
	MaxMeasureReport      = 4000
	MaxReturnReason       = 2000
)

// MeasureInput is a new remedial measure as typed in the form.
type MeasureInput struct {
	FindingID     int64
	ResponsibleID int64
	Due           time.Time
	Description   string
}

const measureCols = `m.id, m.inspection_id, m.finding_id, m.region_id, m.office_id, o.name AS office_name,
	c.code AS criterion_code, f.text AS finding_text, m.responsible_id, r.name AS responsible_name,
	m.due, m.description, m.state, m.report, m.reported_at, m.reported_by, m.return_reason,
	m.verified_at, m.verified_by, m.version`

const measureFrom = ` FROM measures m JOIN offices o ON o.id = m.office_id
	JOIN findings f ON f.id = m.finding_id JOIN criteria c ON c.id = f.criterion_id
	JOIN users r ON r.id = m.responsible_id`

func loadMeasure(ctx context.Context, q audit.Querier, id int64) (*Measure, error) {
	rows, err := q.Query(ctx, `SELECT `+measureCols+measureFrom+` WHERE m.id = $1`, id)
	if err != nil {
		return nil, fmt.Errorf("oversight: load measure %d: %w", id, err)
	}
	m, err := pgx.CollectExactlyOneRow(rows, pgx.RowToAddrOfStructByName[Measure])
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, app.ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("oversight: load measure %d: %w", id, err)
	}
	return m, nil
}

func recordMeasure(ctx context.Context, tx pgx.Tx, actor int64, action string, id int64, from, to MeasureState, detail map[string]any) error {
	return audit.Record(ctx, tx, audit.Entry{ActorID: actor, Action: action, ObjectType: "measure", ObjectID: id,
		From: string(from), To: string(to), Detail: detail})
}

// tidyText trims s and turns Windows line ends into plain ones, as forms send them.
func tidyText(s string) string {
	return strings.TrimSpace(strings.ReplaceAll(s, "\r\n", "\n"))
}

// checkMeasureText adds field's first problem to bad: empty (empty key), too long, personal data.
func checkMeasureText(bad app.Invalid, field, s string, limit int, empty string) {
	switch {
	case s == "":
		bad.Add(field, empty)
	case utf8.RuneCountInString(s) > limit:
		bad.Add(field, "err.too_long")
	case len(pii.Scan(s)) > 0:
		// Measures are about how an office works, never about a family.
		bad.Add(field, "oversight.err.personal_data")
	}
}

// AddMeasure creates a remedial measure from a finding and returns its id. Only the region's
// methodologists add measures, from the protocol until the measures phase ends.
func (s *Store) AddMeasure(ctx context.Context, u *auth.User, in MeasureInput) (int64, error) {
	in.Description = tidyText(in.Description)
	today := s.today()
	var id int64
	err := db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		var inspection int64
		err := tx.QueryRow(ctx, `SELECT inspection_id FROM findings WHERE id = $1`, in.FindingID).Scan(&inspection)
		if errors.Is(err, pgx.ErrNoRows) {
			return app.ErrNotFound
		}
		if err != nil {
			return fmt.Errorf("oversight: finding %d: %w", in.FindingID, err)
		}
		i, err := loadInspection(ctx, tx, inspection, true)
		if err != nil {
			return err
		}
		if !CanSee(u, i) {
			return app.ErrNotFound
		}
		if !Inspects(u, i) {
			return app.ErrForbidden
		}
		if i.State != Protocol && i.State != Decided && i.State != Measures {
			return ErrMeasureState
		}
		// The rating is read under the inspection's lock: the checklist may change until then.
		var rating Rating
		if err := tx.QueryRow(ctx, `SELECT rating FROM findings WHERE id = $1`, in.FindingID).Scan(&rating); err != nil {
			return fmt.Errorf("oversight: finding %d: %w", in.FindingID, err)
		}
		bad := app.Invalid{}
		if !rating.IsFinding() {
			bad.Add("finding", "oversight.err.not_finding")
		}
		var ok bool
		if err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM users WHERE id = $1 AND office_id = $2 AND active)`,
			in.ResponsibleID, i.OfficeID).Scan(&ok); err != nil {
			return fmt.Errorf("oversight: responsible %d: %w", in.ResponsibleID, err)
		}
		if !ok {
			bad.Add("responsible", "err.choose")
		}
		switch {
		case in.Due.IsZero():
			bad.Add("due", "err.required")
		case in.Due.Before(today):
			bad.Add("due", "oversight.err.due_past")
		}
		checkMeasureText(bad, "description", in.Description, MaxMeasureDescription, "err.required")
		if err := bad.Err(); err != nil {
			return err
		}
		err = tx.QueryRow(ctx, `
			INSERT INTO measures (inspection_id, finding_id, office_id, responsible_id, due, description, created_by)
			VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
			i.ID, in.FindingID, i.OfficeID, in.ResponsibleID, in.Due, in.Description, u.ID).Scan(&id)
		if err != nil {
			return fmt.Errorf("oversight: add measure: %w", err)
		}
		return recordMeasure(ctx, tx, u.ID, "measure.add", id, "", Open, map[string]any{
			"inspection": i.ID, "finding": in.FindingID, "responsible": in.ResponsibleID, "due": day(in.Due)})
	})
	return id, err
}

// Measure returns measure id if u may see it; otherwise ErrNotFound.
func (s *Store) Measure(ctx context.Context, u *auth.User, id int64) (*Measure, error) {
	m, err := loadMeasure(ctx, s.pool, id)
	if err != nil {
		return nil, err
	}
	if !CanSeeMeasure(u, m) {
		return nil, app.ErrNotFound
	}
	return m, nil
}

// MeasureFiles lists the evidence attached to measure id, oldest first.
func (s *Store) MeasureFiles(ctx context.Context, u *auth.User, id int64) ([]File, error) {
	if _, err := s.Measure(ctx, u, id); err != nil {
		return nil, err
	}
	rows, err := s.pool.Query(ctx, `
		SELECT fl.id, fl.name, fl.mime, fl.size FROM measure_files mf JOIN files fl ON fl.id = mf.file_id
		WHERE mf.measure_id = $1 ORDER BY fl.uploaded_at, fl.id`, id)
	if err != nil {
		return nil, fmt.Errorf("oversight: files of measure %d: %w", id, err)
	}
	list, err := pgx.CollectRows(rows, pgx.RowToStructByName[File])
	if err != nil {
		return nil, fmt.Errorf("oversight: files of measure %d: %w", id, err)
	}
	return list, nil
}

// editMeasure runs fn on measure id under its inspection's lock, after checking that u may see
// it. Every step of a measure goes through here, so parallel steps on one measure (or on one
// inspection's measures while it advances) take turns and each sees what the one before did.
func (s *Store) editMeasure(ctx context.Context, u *auth.User, id int64, fn func(tx pgx.Tx, m *Measure) error) error {
	return db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		var inspection int64
		err := tx.QueryRow(ctx, `SELECT inspection_id FROM measures WHERE id = $1`, id).Scan(&inspection)
		if errors.Is(err, pgx.ErrNoRows) {
			return app.ErrNotFound
		}
		if err != nil {
			return fmt.Errorf("oversight: measure %d: %w", id, err)
		}
		if _, err := loadInspection(ctx, tx, inspection, true); err != nil {
			return err
		}
		// Loaded by a statement after the lock, so it shows what the previous holder committed.
		m, err := loadMeasure(ctx, tx, id)
		if err != nil {
			return err
		}
		if !CanSeeMeasure(u, m) {
			return app.ErrNotFound
		}
		return fn(tx, m)
	})
}

// mayReport reports whether u reports and documents m for the office: its responsible person
// or the office's head. The region does not report for the office, even a methodologist.
func mayReport(u *auth.User, m *Measure) bool {
	return u.OfficeID == m.OfficeID && (u.ID == m.ResponsibleID || u.Has(auth.Head))
}

// Report records that the office fulfilled measure id, with text as the evidence; the region
// then verifies or returns it.
func (s *Store) Report(ctx context.Context, u *auth.User, id int64, text string, version int32) error {
	text = tidyText(text)
	return s.editMeasure(ctx, u, id, func(tx pgx.Tx, m *Measure) error {
		if !mayReport(u, m) {
			return app.ErrForbidden
		}
		if m.State != Open && m.State != Returned {
			return ErrMeasureState
		}
		if m.Version != version {
			return ErrChanged
		}
		bad := app.Invalid{}
		checkMeasureText(bad, "report", text, MaxMeasureReport, "oversight.err.report")
		if err := bad.Err(); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `
			UPDATE measures SET state = 'reported', report = $2, reported_at = $3, reported_by = $4, version = version + 1
			WHERE id = $1`, id, text, s.now(), u.ID); err != nil {
			return fmt.Errorf("oversight: report measure %d: %w", id, err)
		}
		return recordMeasure(ctx, tx, u.ID, "measure.report", id, m.State, Reported, nil)
	})
}

// AttachToMeasure adds a file of evidence to measure id and returns the file's id. The people
// who report attach, while the measure waits on the office.
func (s *Store) AttachToMeasure(ctx context.Context, u *auth.User, id int64, name string, data []byte, limit int64) (int64, error) {
	var file int64
	err := s.editMeasure(ctx, u, id, func(tx pgx.Tx, m *Measure) error {
		if !mayReport(u, m) {
			return app.ErrForbidden
		}
		if m.State != Open && m.State != Returned {
			return ErrMeasureState
		}
		var err error
		if file, err = attachFile(ctx, tx, u, name, data, limit); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `INSERT INTO measure_files (measure_id, file_id) VALUES ($1, $2)`, id, file); err != nil {
			return fmt.Errorf("oversight: attach to measure %d: %w", id, err)
		}
		return recordMeasure(ctx, tx, u.ID, "measure.attach", id, "", "", map[string]any{"file": file, "name": name})
	})
	return file, err
}

// mayVerify refuses u unless u closes measures of m's region. Two-party closure: the office
// never closes its own measure, and nobody verifies a report they made themselves.
func mayVerify(u *auth.User, m *Measure) error {
	// Two parties: never someone of the office the measure binds, whatever their roles.
	if !IsMethodologist(u, m.RegionID) || u.OfficeID == m.OfficeID || (m.ReportedBy != nil && *m.ReportedBy == u.ID) {
		return app.ErrForbidden
	}
	return nil
}

// Verify accepts the office's report of measure id: the measure is closed.
func (s *Store) Verify(ctx context.Context, u *auth.User, id int64, version int32) error {
	return s.editMeasure(ctx, u, id, func(tx pgx.Tx, m *Measure) error {
		if err := mayVerify(u, m); err != nil {
			return err
		}
		if m.State != Reported {
			return ErrMeasureState
		}
		if m.Version != version {
			return ErrChanged
		}
		if _, err := tx.Exec(ctx, `UPDATE measures SET state = 'verified', verified_at = $2, verified_by = $3, version = version + 1
			WHERE id = $1`, id, s.now(), u.ID); err != nil {
			return fmt.Errorf("oversight: verify measure %d: %w", id, err)
		}
		return recordMeasure(ctx, tx, u.ID, "measure.verify", id, m.State, Verified, nil)
	})
}

// Return sends the office's report of measure id back with reason: the office reports again.
func (s *Store) Return(ctx context.Context, u *auth.User, id int64, reason string, version int32) error {
	reason = tidyText(reason)
	return s.editMeasure(ctx, u, id, func(tx pgx.Tx, m *Measure) error {
		if err := mayVerify(u, m); err != nil {
			return err
		}
		if m.State != Reported {
			return ErrMeasureState
		}
		if m.Version != version {
			return ErrChanged
		}
		bad := app.Invalid{}
		checkMeasureText(bad, "reason", reason, MaxReturnReason, "oversight.err.reason")
		if err := bad.Err(); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `UPDATE measures SET state = 'returned', return_reason = $2, version = version + 1
			WHERE id = $1`, id, reason); err != nil {
			return fmt.Errorf("oversight: return measure %d: %w", id, err)
		}
		return recordMeasure(ctx, tx, u.ID, "measure.return", id, m.State, Returned, map[string]any{"reason": reason})
	})
}

// MeasureFilter narrows a list of measures. Zero values do not narrow; the flags are the
// dashboard's counts, so a count and its list are the same query.
type MeasureFilter struct {
	OfficeID     int64 // methodologists only: an office does not see others' measures
	InspectionID int64
	States       []MeasureState
	Overdue      bool // open or returned, past due
	Waiting      bool // reported, waiting for the region
	Due          bool // open or returned: waiting on the office
	Pending      bool // open, returned or reported: still to be dealt with by the office or the region
	// Done: verified, only the newest DoneShown+1 by due date, newest first. Measures are
	// verified year after year and the register never needs them all; the one row more than
	// DoneShown tells the register that older ones exist.
	Done bool
}

// DoneShown is how many verified measures the register lists.
const DoneShown = 100

// measureWhere is the WHERE clause and its arguments of the measures u may see that match f.
func measureWhere(u *auth.User, f MeasureFilter, today time.Time) (string, []any) {
	var where []string
	var args []any
	arg := func(v any) string {
		args = append(args, v)
		return fmt.Sprintf("$%d", len(args))
	}
	if u.Can(auth.Oversee) {
		where = append(where, "m.region_id = "+arg(u.RegionID))
		if f.OfficeID != 0 {
			where = append(where, "m.office_id = "+arg(f.OfficeID))
		}
	} else {
		where = append(where, "m.office_id = "+arg(u.OfficeID))
	}
	if f.InspectionID != 0 {
		where = append(where, "m.inspection_id = "+arg(f.InspectionID))
	}
	if len(f.States) > 0 {
		ss := make([]string, len(f.States))
		for k, st := range f.States {
			ss[k] = string(st)
		}
		where = append(where, "m.state = ANY("+arg(ss)+")")
	}
	if f.Overdue {
		where = append(where, "m.state IN ('open', 'returned') AND m.due < "+arg(today))
	}
	if f.Waiting {
		where = append(where, "m.state = 'reported'")
	}
	if f.Due {
		where = append(where, "m.state IN ('open', 'returned')")
	}
	if f.Pending {
		// Written as the predicates of the two partial indexes of measures still in progress,
		// so both are read instead of every measure.
		where = append(where, "(m.state IN ('open', 'returned') OR m.state = 'reported')")
	}
	if f.Done {
		// The newest verified measures of each office in scope, from the office's index in
		// due order, then the newest of those: at most DoneShown+1 per office are read,
		// however many years of measures the offices have.
		var scope string
		switch {
		case !u.Can(auth.Oversee):
			scope = "o.id = " + arg(u.OfficeID)
		case f.OfficeID != 0:
			scope = "o.id = " + arg(f.OfficeID)
		default:
			scope = "o.region_id = " + arg(u.RegionID)
		}
		n := strconv.Itoa(DoneShown + 1) // written out: a generic plan would not know a passed limit
		// An array, not IN: the planner would join the few ids found to every verified
		// measure read whole rather than look each of them up.
		where = append(where, "m.state = 'verified'", `m.id = ANY(ARRAY(
			SELECT d.id FROM offices o CROSS JOIN LATERAL (
				SELECT v.id, v.due FROM measures v WHERE v.office_id = o.id AND v.state = 'verified'
				ORDER BY v.due DESC, v.id DESC LIMIT `+n+`) d
			WHERE `+scope+`
			ORDER BY d.due DESC, d.id DESC LIMIT `+n+`))`)
	}
	return " WHERE " + strings.Join(where, " AND "), args
}

// Measures lists the measures u may see that match f: a methodologist the region's, everyone
// else their own office's. Ordered by due date; the measures done (f.Done) newest first.
func (s *Store) Measures(ctx context.Context, u *auth.User, f MeasureFilter) ([]Measure, error) {
	where, args := measureWhere(u, f, s.today())
	order := ` ORDER BY m.due, o.name, m.id`
	if f.Done {
		order = ` ORDER BY m.due DESC, m.id DESC`
	}
	rows, err := s.pool.Query(ctx, `SELECT `+measureCols+measureFrom+where+order, args...)
	if err != nil {
		return nil, fmt.Errorf("oversight: measures: %w", err)
	}
	list, err := pgx.CollectRows(rows, pgx.RowToStructByName[Measure])
	if err != nil {
		return nil, fmt.Errorf("oversight: measures: %w", err)
	}
	return list, nil
}

// countMeasures is len(Measures(ctx, u, f)) without loading them. It joins nothing: every join
// of measureFrom follows a foreign key of a NOT NULL column, so it finds exactly one row and
// leaves the count as it is, and the conditions read only the measure.
func (s *Store) countMeasures(ctx context.Context, u *auth.User, f MeasureFilter) (int, error) {
	where, args := measureWhere(u, f, s.today())
	var n int
	if err := s.pool.QueryRow(ctx, `SELECT count(*) FROM measures m`+where,
		args...).Scan(&n); err != nil {
		return 0, fmt.Errorf("oversight: count measures: %w", err)
	}
	return n, nil
}
