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
	"github.com/jackc/pgx/v5/pgxpool"

	"hnizdo.cz/hnizdo/internal/app"
	"hnizdo.cz/hnizdo/internal/audit"
	"hnizdo.cz/hnizdo/internal/auth"
	"hnizdo.cz/hnizdo/internal/db"
	"hnizdo.cz/hnizdo/internal/workday"
)

// Refusal is a step the inspection's state does not allow now; it carries the key of the
// message that tells the user why and counts as app.ErrConflict.
type Refusal string

func (r Refusal) Error() string { return "oversight: refused: " + string(r) }

// Is makes errors.Is(r, app.ErrConflict) true.
func (r Refusal) Is(target error) bool { return target == app.ErrConflict }

// Refusals, by message key.
const (
	ErrStep            Refusal = "oversight.err.step"             // no such step from this state
	ErrChanged         Refusal = "oversight.err.stale"            // someone else changed it first
	ErrObjectionsOpen  Refusal = "oversight.err.objections_open"  // an objection waits for a decision
	ErrPeriodRunning   Refusal = "oversight.err.period_running"   // the objection period has not lapsed
	ErrNoMeasures      Refusal = "oversight.err.no_measures"      // measures phase without a measure
	ErrMeasuresOpen    Refusal = "oversight.err.measures_open"    // closing with unverified measures
	ErrChecklistClosed Refusal = "oversight.err.checklist_closed" // the checklist is filled in on site only
)

// Store reads and writes inspections, findings, objections, measures and visits. Everything that
// happens to an inspection and its findings and objections is audited with object type
// "inspection" and the inspection's id, so its history is one query.
type Store struct {
	pool *pgxpool.Pool
	now  func() time.Time
}

// NewStore returns a store on pool.
func NewStore(pool *pgxpool.Pool) *Store { return &Store{pool: pool, now: time.Now} }

// SetClock replaces the store's clock, for tests and demo data that live at another time.
func (s *Store) SetClock(now func() time.Time) { s.now = now }

func (s *Store) today() time.Time { return Today(s.now()) }

const inspectionCols = `i.id, i.region_id, i.office_id, o.name AS office_name, i.year, i.quarter, i.kind, i.subject,
	i.state, i.notice_date, i.onsite_from, i.onsite_to, i.protocol_date, i.delivered_date, i.objection_days,
	i.objections_due, i.decided_date, i.closed_date, i.cancel_reason, i.version, i.created_by,
	array(SELECT t.user_id FROM inspection_team t WHERE t.inspection_id = i.id ORDER BY t.user_id) AS team_ids,
	array(SELECT u.name FROM inspection_team t JOIN users u ON u.id = t.user_id WHERE t.inspection_id = i.id ORDER BY t.user_id) AS team_names,
	(SELECT count(*) FROM findings f WHERE f.inspection_id = i.id AND f.rating IN ('partly', 'not_met'))::int AS findings,
	(SELECT count(*) FROM measures m WHERE m.inspection_id = i.id AND m.state <> 'verified')::int AS open_measures`

const inspectionFrom = ` FROM inspections i JOIN offices o ON o.id = i.office_id`

func loadInspection(ctx context.Context, q audit.Querier, id int64, lock bool) (*Inspection, error) {
	if lock {
		// The inspection row is the lock that serialises its steps, checklist, objections and
		// measures. It is taken by a statement of its own: a statement that waited for the lock
		// keeps its snapshot from before, and its counts (findings, open measures) and team would
		// miss what the holder of the lock committed. The next statement sees it.
		rows, err := q.Query(ctx, `SELECT id FROM inspections WHERE id = $1 FOR UPDATE`, id)
		if err != nil {
			return nil, fmt.Errorf("oversight: lock inspection %d: %w", id, err)
		}
		if _, err := pgx.CollectExactlyOneRow(rows, pgx.RowTo[int64]); errors.Is(err, pgx.ErrNoRows) {
			return nil, app.ErrNotFound
		} else if err != nil {
			return nil, fmt.Errorf("oversight: lock inspection %d: %w", id, err)
		}
	}
	rows, err := q.Query(ctx, `SELECT `+inspectionCols+inspectionFrom+` WHERE i.id = $1`, id)
	if err != nil {
		return nil, fmt.Errorf("oversight: load inspection %d: %w", id, err)
	}
	i, err := pgx.CollectExactlyOneRow(rows, pgx.RowToAddrOfStructByName[Inspection])
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, app.ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("oversight: load inspection %d: %w", id, err)
	}
	return i, nil
}

// Inspection returns inspection id if u may see it; otherwise ErrNotFound.
func (s *Store) Inspection(ctx context.Context, u *auth.User, id int64) (*Inspection, error) {
	i, err := loadInspection(ctx, s.pool, id, false)
	if err != nil {
		return nil, err
	}
	if !CanSee(u, i) {
		return nil, app.ErrNotFound
	}
	hideDraft(u, i)
	return i, nil
}

// hideDraft blanks the count of findings for those who may not read them yet.
func hideDraft(u *auth.User, i *Inspection) {
	if !CanSeeFindings(u, i) {
		i.Findings = 0
	}
}

// edit runs fn on inspection id locked for update, after checking that u may see it.
func (s *Store) edit(ctx context.Context, u *auth.User, id int64, fn func(tx pgx.Tx, i *Inspection) error) error {
	return db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		i, err := loadInspection(ctx, tx, id, true)
		if err != nil {
			return err
		}
		if !CanSee(u, i) {
			return app.ErrNotFound
		}
		return fn(tx, i)
	})
}

func recordInspection(ctx context.Context, tx pgx.Tx, actor int64, action string, id int64, from, to string, detail map[string]any) error {
	return audit.Record(ctx, tx, audit.Entry{ActorID: actor, Action: action, ObjectType: "inspection", ObjectID: id,
		From: from, To: to, Detail: detail})
}

// Filter narrows a list of inspections. Zero values do not narrow.
type Filter struct {
	Year     int16
	OfficeID int64
	States   []State
	// Running: the objection period runs (state protocol).
	Running bool
	// Upcoming: planned or notified, not yet on site.
	Upcoming bool
}

// Inspections lists what u may see: a methodologist the region's inspections, office staff their
// office's notified ones. Ordered by year, quarter and office.
func (s *Store) Inspections(ctx context.Context, u *auth.User, f Filter) ([]Inspection, error) {
	where, args := inspectionWhere(u, f)
	return s.inspections(ctx, u, where+` ORDER BY i.year, i.quarter, o.name, i.id`, args)
}

// inspections reads the inspections of where (with its order) for u.
func (s *Store) inspections(ctx context.Context, u *auth.User, where string, args []any) ([]Inspection, error) {
	rows, err := s.pool.Query(ctx, `SELECT `+inspectionCols+inspectionFrom+` WHERE `+where, args...)
	if err != nil {
		return nil, fmt.Errorf("oversight: inspections: %w", err)
	}
	list, err := pgx.CollectRows(rows, pgx.RowToStructByName[Inspection])
	if err != nil {
		return nil, fmt.Errorf("oversight: inspections: %w", err)
	}
	for k := range list {
		hideDraft(u, &list[k])
	}
	return list, nil
}

// countInspections counts what Inspections lists, without reading it.
func (s *Store) countInspections(ctx context.Context, u *auth.User, f Filter) (int, error) {
	where, args := inspectionWhere(u, f)
	var n int
	if err := s.pool.QueryRow(ctx, `SELECT count(*) FROM inspections i WHERE `+where, args...).Scan(&n); err != nil {
		return 0, fmt.Errorf("oversight: count inspections: %w", err)
	}
	return n, nil
}

// inspectionWhere is the condition (and its arguments) of the inspections of f that u may see.
func inspectionWhere(u *auth.User, f Filter) (string, []any) {
	var where []string
	var args []any
	arg := func(v any) string {
		args = append(args, v)
		return fmt.Sprintf("$%d", len(args))
	}
	if u.Can(auth.Oversee) {
		where = append(where, "i.region_id = "+arg(u.RegionID))
	} else {
		where = append(where, "i.office_id = "+arg(u.OfficeID), "i.state NOT IN ('planned', 'cancelled')")
	}
	if f.Year != 0 {
		where = append(where, "i.year = "+arg(f.Year))
	}
	if f.OfficeID != 0 {
		where = append(where, "i.office_id = "+arg(f.OfficeID))
	}
	if len(f.States) > 0 {
		ss := make([]string, len(f.States))
		for k, st := range f.States {
			ss[k] = string(st)
		}
		where = append(where, "i.state = ANY("+arg(ss)+")")
	}
	if f.Running {
		where = append(where, "i.state = 'protocol'")
	}
	if f.Upcoming {
		where = append(where, "i.state IN ('planned', 'notified')")
	}
	return strings.Join(where, " AND "), args
}

// PlanInput is an entry of the annual plan.
type PlanInput struct {
	OfficeID int64
	Year     int16
	Quarter  int16
	Kind     Kind
	Subject  string
	Team     []int64
}

const maxSubject = 300

// Plan adds an inspection to the annual plan of u's region and returns its id.
func (s *Store) Plan(ctx context.Context, u *auth.User, in PlanInput) (int64, error) {
	if !u.Can(auth.Oversee) {
		return 0, app.ErrForbidden
	}
	in.Subject = strings.TrimSpace(in.Subject)
	bad := app.Invalid{}
	if in.OfficeID == 0 {
		bad.Add("office", "err.choose")
	}
	if y := int16(s.today().Year()); in.Year < y-1 || in.Year > y+2 {
		bad.Add("year", "oversight.err.year")
	}
	if in.Quarter < 1 || in.Quarter > 4 {
		bad.Add("quarter", "err.choose")
	}
	if !in.Kind.Valid() {
		bad.Add("kind", "err.choose")
	}
	if in.Kind == Thematic && in.Subject == "" {
		bad.Add("subject", "oversight.err.subject")
	}
	if utf8.RuneCountInString(in.Subject) > maxSubject {
		bad.Add("subject", "err.too_long")
	}
	if len(in.Team) == 0 {
		bad.Add("team", "oversight.err.team")
	}
	var id int64
	err := db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		if in.OfficeID != 0 {
			var ok bool
			if err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM offices WHERE id = $1 AND region_id = $2 AND kind IN ('orp', 'district'))`,
				in.OfficeID, u.RegionID).Scan(&ok); err != nil {
				return fmt.Errorf("oversight: office %d: %w", in.OfficeID, err)
			}
			if !ok {
				bad.Add("office", "err.choose")
			}
		}
		if len(in.Team) > 0 && bad["office"] == "" {
			if err := checkTeam(ctx, tx, u.RegionID, in.OfficeID, in.Team); err != nil {
				bad.Add("team", "oversight.err.team")
			}
		}
		if err := bad.Err(); err != nil {
			return err
		}
		err := tx.QueryRow(ctx, `
			INSERT INTO inspections (region_id, office_id, year, quarter, kind, subject, created_by)
			VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
			u.RegionID, in.OfficeID, in.Year, in.Quarter, in.Kind, in.Subject, u.ID).Scan(&id)
		if err != nil {
			return fmt.Errorf("oversight: plan: %w", err)
		}
		if err := setTeam(ctx, tx, id, in.Team); err != nil {
			return err
		}
		return recordInspection(ctx, tx, u.ID, "inspection.plan", id, "", string(Planned),
			map[string]any{"office": in.OfficeID, "year": in.Year, "quarter": in.Quarter, "kind": in.Kind})
	})
	return id, err
}

// errBadTeam: someone on the team is not an active methodologist of the region.
var errBadTeam = errors.New("oversight: team member is not a methodologist of the region")

func checkTeam(ctx context.Context, tx pgx.Tx, region int16, office int64, team []int64) error {
	var n int
	err := tx.QueryRow(ctx, `
		SELECT count(*) FROM users u JOIN offices o ON o.id = u.office_id
		WHERE u.id = ANY($1) AND o.region_id = $2 AND u.office_id <> $3 AND u.active AND 'methodologist' = ANY(u.roles)`,
		uniq(team), region, office).Scan(&n)
	if err != nil {
		return fmt.Errorf("oversight: check team: %w", err)
	}
	if n != len(uniq(team)) {
		return errBadTeam
	}
	return nil
}

func uniq(ids []int64) []int64 {
	out := slices.Clone(ids)
	slices.Sort(out)
	return slices.Compact(out)
}

func setTeam(ctx context.Context, tx pgx.Tx, id int64, team []int64) error {
	if _, err := tx.Exec(ctx, `DELETE FROM inspection_team WHERE inspection_id = $1`, id); err != nil {
		return fmt.Errorf("oversight: clear team of %d: %w", id, err)
	}
	if _, err := tx.Exec(ctx, `INSERT INTO inspection_team (inspection_id, user_id) SELECT $1, unnest($2::bigint[])`, id, uniq(team)); err != nil {
		return fmt.Errorf("oversight: team of %d: %w", id, err)
	}
	return nil
}

// Step moves an inspection to its next state. Which fields count depends on To.
type Step struct {
	To      State
	Version int32 // the version the form was loaded at
	// Notified: the day the notice was delivered. Decided, Closed: the day (zero = today).
	Date time.Time
	// Onsite: first and last day on site.
	From, Until time.Time
	// Protocol: issued and delivered; the objection period in days (0 = the law's 15).
	Issued, Delivered time.Time
	ObjectionDays     int16
	// Notified, Onsite: the team, when it changes (nil = unchanged).
	Team []int64
	// Cancelled: why.
	Reason string
}

// next is the state machine: the steps allowed from each state.
var next = map[State][]State{
	Planned:  {Notified, Cancelled},
	Notified: {Onsite, Cancelled},
	Onsite:   {Protocol},
	Protocol: {Decided},
	Decided:  {Measures, Closed},
	Measures: {Closed},
}

// Next lists the steps allowed from st, for the page to offer.
func Next(st State) []State { return next[st] }

// Advance takes step st on inspection id: the one way an inspection changes state. Only the
// region's methodologists take steps; each checks its dates against the earlier ones, and the
// step is refused when someone else moved the inspection since the form was loaded.
func (s *Store) Advance(ctx context.Context, u *auth.User, id int64, st Step) error {
	today := s.today()
	return s.edit(ctx, u, id, func(tx pgx.Tx, i *Inspection) error {
		if !Inspects(u, i) {
			return app.ErrForbidden
		}
		// A stale form first: whoever lost a race is told that someone else was quicker, not
		// that the step they saw offered does not exist.
		if st.Version != i.Version {
			return ErrChanged
		}
		if !slices.Contains(next[i.State], st.To) {
			return ErrStep
		}
		bad := app.Invalid{}
		date := func(field string, d time.Time) {
			switch {
			case d.IsZero():
				bad.Add(field, "err.required")
			case d.After(today):
				bad.Add(field, "oversight.err.future")
			}
		}
		detail := map[string]any{}
		var set string
		var args []any
		switch st.To {
		case Notified:
			date("notice_date", st.Date)
			if !st.Date.IsZero() && st.Date.Year() < int(i.Year)-1 {
				bad.Add("notice_date", "oversight.err.date")
			}
			set, args = "notice_date = $2", []any{st.Date}
			detail["notice_date"] = day(st.Date)
		case Onsite:
			date("onsite_from", st.From)
			if st.Until.IsZero() {
				bad.Add("onsite_to", "err.required")
			}
			if !st.From.IsZero() && i.NoticeDate != nil && st.From.Before(*i.NoticeDate) {
				bad.Add("onsite_from", "oversight.err.onsite_before_notice")
			}
			if !st.From.IsZero() && !st.Until.IsZero() && st.Until.Before(st.From) {
				bad.Add("onsite_to", "oversight.err.until_before_from")
			}
			// A visit may still be going on, but a far date is a typo that would block the protocol.
			if st.Until.After(today.AddDate(0, 0, 14)) {
				bad.Add("onsite_to", "oversight.err.onsite_far")
			}
			set, args = "onsite_from = $2, onsite_to = $3", []any{st.From, st.Until}
			detail["onsite_from"], detail["onsite_to"] = day(st.From), day(st.Until)
		case Protocol:
			date("delivered_date", st.Delivered)
			if st.Issued.IsZero() {
				bad.Add("protocol_date", "err.required")
			} else if i.OnsiteTo != nil && st.Issued.Before(*i.OnsiteTo) {
				bad.Add("protocol_date", "oversight.err.protocol_before_onsite")
			}
			if !st.Issued.IsZero() && !st.Delivered.IsZero() && st.Delivered.Before(st.Issued) {
				bad.Add("delivered_date", "oversight.err.delivered_before_issued")
			}
			days := st.ObjectionDays
			if days == 0 {
				days = int16(workday.Objections().Days)
			}
			if days < 1 || days > 90 {
				bad.Add("objection_days", "oversight.err.objection_days")
			}
			var due time.Time
			if !st.Delivered.IsZero() {
				due = workday.Rule{Days: int(days), Move: true}.Due(st.Delivered)
			}
			set, args = "protocol_date = $2, delivered_date = $3, objection_days = $4, objections_due = $5",
				[]any{st.Issued, st.Delivered, days, due}
			detail["delivered_date"], detail["objections_due"] = day(st.Delivered), day(due)
		case Decided:
			var open, all int
			if err := tx.QueryRow(ctx, `SELECT count(*) FILTER (WHERE decision IS NULL), count(*) FROM objections WHERE inspection_id = $1`,
				id).Scan(&open, &all); err != nil {
				return fmt.Errorf("oversight: objections of %d: %w", id, err)
			}
			if open > 0 {
				return ErrObjectionsOpen
			}
			if all == 0 && !today.After(*i.ObjectionsDue) {
				return ErrPeriodRunning
			}
			var lastDecision *time.Time
			if err := tx.QueryRow(ctx, `SELECT max(decided_date) FROM objections WHERE inspection_id = $1`, id).Scan(&lastDecision); err != nil {
				return fmt.Errorf("oversight: decisions of %d: %w", id, err)
			}
			d := orToday(st.Date, today)
			if d.After(today) || d.Before(*i.DeliveredDate) || (lastDecision != nil && d.Before(*lastDecision)) {
				bad.Add("date", "oversight.err.date")
			}
			set, args = "decided_date = $2", []any{d}
			detail["objections"] = all
		case Measures:
			var n int
			if err := tx.QueryRow(ctx, `SELECT count(*) FROM measures WHERE inspection_id = $1`, id).Scan(&n); err != nil {
				return fmt.Errorf("oversight: measures of %d: %w", id, err)
			}
			if n == 0 {
				return ErrNoMeasures
			}
		case Closed:
			if i.OpenMeasures > 0 {
				return ErrMeasuresOpen
			}
			var lastVerified *time.Time
			if err := tx.QueryRow(ctx, `SELECT max(verified_at) FROM measures WHERE inspection_id = $1`, id).Scan(&lastVerified); err != nil {
				return fmt.Errorf("oversight: verifications of %d: %w", id, err)
			}
			d := orToday(st.Date, today)
			if d.After(today) || (i.DecidedDate != nil && d.Before(*i.DecidedDate)) ||
				(lastVerified != nil && d.Before(Today(*lastVerified))) {
				bad.Add("date", "oversight.err.date")
			}
			set, args = "closed_date = $2", []any{d}
		case Cancelled:
			st.Reason = strings.TrimSpace(st.Reason)
			if st.Reason == "" {
				bad.Add("reason", "oversight.err.reason")
			}
			set, args = "cancel_reason = $2", []any{st.Reason}
		}
		if st.Team != nil && (st.To == Notified || st.To == Onsite) {
			if len(st.Team) == 0 || checkTeam(ctx, tx, i.RegionID, i.OfficeID, st.Team) != nil {
				bad.Add("team", "oversight.err.team")
			}
		}
		if err := bad.Err(); err != nil {
			return err
		}
		if st.Team != nil && (st.To == Notified || st.To == Onsite) {
			if err := setTeam(ctx, tx, id, st.Team); err != nil {
				return err
			}
			detail["team"] = uniq(st.Team)
		}
		if set != "" {
			set += ", "
		}
		_, err := tx.Exec(ctx, `UPDATE inspections SET state = $1, `+set+`version = version + 1, updated_at = now()
			WHERE id = `+fmt.Sprintf("$%d", len(args)+2), append(append([]any{st.To}, args...), id)...)
		if err != nil {
			return fmt.Errorf("oversight: step %s of %d: %w", st.To, id, err)
		}
		return recordInspection(ctx, tx, u.ID, "inspection."+string(st.To), id, string(i.State), string(st.To), detail)
	})
}

func orToday(d, today time.Time) time.Time {
	if d.IsZero() {
		return today
	}
	return d
}

func day(d time.Time) string {
	if d.IsZero() {
		return ""
	}
	return d.Format(time.DateOnly)
}

// Event is one entry of an inspection's or a measure's history.
type Event struct {
	At     time.Time      `db:"at"`
	Actor  string         `db:"actor"`
	Action string         `db:"action"`
	From   string         `db:"from_state"`
	To     string         `db:"to_state"`
	Detail map[string]any `db:"detail"`
}

// History lists what happened to inspection id, oldest first.
func (s *Store) History(ctx context.Context, u *auth.User, id int64) ([]Event, error) {
	i, err := s.Inspection(ctx, u, id)
	if err != nil {
		return nil, err
	}
	list, err := s.events(ctx, "inspection", id)
	if err != nil || CanSeeFindings(u, i) {
		return list, err
	}
	// Until the protocol is delivered the ratings and evidence are the inspectors' draft.
	return slices.DeleteFunc(list, func(e Event) bool {
		return e.Action == "inspection.assess" || e.Action == "inspection.file"
	}), nil
}

func (s *Store) events(ctx context.Context, objectType string, id int64) ([]Event, error) {
	rows, err := s.pool.Query(ctx, `
		SELECT a.at, coalesce(u.name, '') AS actor, a.action, a.from_state, a.to_state, a.detail
		FROM audit_log a LEFT JOIN users u ON u.id = a.actor_id
		WHERE a.object_type = $1 AND a.object_id = $2 ORDER BY a.id`, objectType, id)
	if err != nil {
		return nil, fmt.Errorf("oversight: history of %s %d: %w", objectType, id, err)
	}
	list, err := pgx.CollectRows(rows, pgx.RowToStructByName[Event])
	if err != nil {
		return nil, fmt.Errorf("oversight: history of %s %d: %w", objectType, id, err)
	}
	return list, nil
}

// Staff lists the active users of office id, for choosing a measure's responsible person; only
// the office's region's methodologists ask.
func (s *Store) Staff(ctx context.Context, u *auth.User, officeID int64) ([]Person, error) {
	rows, err := s.pool.Query(ctx, `
		SELECT u.id, u.name FROM users u JOIN offices o ON o.id = u.office_id
		WHERE u.office_id = $1 AND o.region_id = $2 AND u.active ORDER BY u.name, u.id`, officeID, u.RegionID)
	if err != nil {
		return nil, fmt.Errorf("oversight: staff of %d: %w", officeID, err)
	}
	return pgx.CollectRows(rows, pgx.RowToStructByName[Person])
}

// Methodologists lists the active methodologists of u's region, for inspection teams.
func (s *Store) Methodologists(ctx context.Context, u *auth.User) ([]Person, error) {
	rows, err := s.pool.Query(ctx, `
		SELECT u.id, u.name FROM users u JOIN offices o ON o.id = u.office_id
		WHERE o.region_id = $1 AND u.active AND 'methodologist' = ANY(u.roles) ORDER BY u.name, u.id`, u.RegionID)
	if err != nil {
		return nil, fmt.Errorf("oversight: methodologists: %w", err)
	}
	return pgx.CollectRows(rows, pgx.RowToStructByName[Person])
}

// Person is someone to choose in a form.
type Person struct {
	ID   int64  `db:"id"`
	Name string `db:"name"`
}

// MeasureHistory lists what happened to measure id, oldest first.
func (s *Store) MeasureHistory(ctx context.Context, u *auth.User, id int64) ([]Event, error) {
	if _, err := s.Measure(ctx, u, id); err != nil {
		return nil, err
	}
	return s.events(ctx, "measure", id)
}
