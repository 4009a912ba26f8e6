package meeting

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"golang.org/x/sync/errgroup"

	"hnizdo.cz/hnizdo/internal/app"
	"hnizdo.cz/hnizdo/internal/audit"
	"hnizdo.cz/hnizdo/internal/auth"
	"hnizdo.cz/hnizdo/internal/db"
)

// Store reads and writes meetings. Every change goes through a method that checks who may do
// it in which state and records it in the audit log in the same transaction. Everything that
// happens to a meeting, its registrations and its topics is recorded with object type
// "meeting" and the meeting's id, so the meeting's timeline is one query.
type Store struct {
	pool *pgxpool.Pool
	now  func() time.Time
	// forRegion receives an agenda item the minutes mark as a question for the region, inside
	// the minutes' transaction (methodological questions put it in the region's queue).
	forRegion func(ctx context.Context, tx pgx.Tx, actor, topicID int64) (int64, error)
}

// NewStore returns a store on pool.
func NewStore(pool *pgxpool.Pool) *Store { return &Store{pool: pool, now: time.Now} }

// OnForRegion sets what happens to an agenda item marked as a question for the region.
func (s *Store) OnForRegion(fn func(ctx context.Context, tx pgx.Tx, actor, topicID int64) (int64, error)) {
	s.forRegion = fn
}

// SetClock replaces the store's clock, for tests and demo data that live at another time.
func (s *Store) SetClock(now func() time.Time) { s.now = now }

const cols = `m.id, m.region_id, r.name AS region_name, m.series_id, coalesce(se.name, '') AS series_name,
	m.title, m.description, m.venue, m.address, m.online_url, m.starts_at, m.ends_at, m.capacity,
	m.register_by, m.topics_by, m.vote_allowance, m.open_to_all, m.status, m.cancel_reason,
	m.minutes_approved_at, m.version, m.created_at, m.updated_at,
	array(SELECT o.user_id FROM meeting_organisers o WHERE o.meeting_id = m.id ORDER BY o.user_id) AS organiser_ids,
	(SELECT count(*) FROM registrations g WHERE g.meeting_id = m.id AND g.status = 'registered')::int AS registered,
	(SELECT count(*) FROM registrations g WHERE g.meeting_id = m.id AND g.status = 'waiting')::int AS waiting`

const from = ` FROM meetings m JOIN regions r ON r.id = m.region_id LEFT JOIN meeting_series se ON se.id = m.series_id`

func load(ctx context.Context, q audit.Querier, id int64, lock bool) (*Meeting, error) {
	sql := `SELECT ` + cols + from + ` WHERE m.id = $1`
	if lock {
		// The meeting row is the lock that serialises registrations, votes and edits of one meeting.
		// The counts in cols come from the statement's snapshot, taken before the lock was
		// granted: decisions under the lock must count again.
		sql += ` FOR UPDATE OF m`
	}
	rows, err := q.Query(ctx, sql, id)
	if err != nil {
		return nil, fmt.Errorf("meeting: load %d: %w", id, err)
	}
	m, err := pgx.CollectExactlyOneRow(rows, pgx.RowToAddrOfStructByName[Meeting])
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, app.ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("meeting: load %d: %w", id, err)
	}
	return m, nil
}

// Get returns meeting id if u may see it; otherwise ErrNotFound, so drafts stay invisible.
func (s *Store) Get(ctx context.Context, u *auth.User, id int64) (*Meeting, error) {
	m, err := load(ctx, s.pool, id, false)
	if err != nil {
		return nil, err
	}
	if !CanSee(u, m) {
		return nil, app.ErrNotFound
	}
	return m, nil
}

// edit runs fn on meeting id locked for update, after checking that u may see it.
func (s *Store) edit(ctx context.Context, u *auth.User, id int64, fn func(tx pgx.Tx, m *Meeting) error) error {
	return db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		m, err := load(ctx, tx, id, true)
		if err != nil {
			return err
		}
		if !CanSee(u, m) {
			return app.ErrNotFound
		}
		return fn(tx, m)
	})
}

// record writes one entry of meeting id's timeline.
func record(ctx context.Context, tx pgx.Tx, actor int64, action string, id int64, from, to string, detail map[string]any) error {
	return audit.Record(ctx, tx, audit.Entry{ActorID: actor, Action: action, ObjectType: "meeting", ObjectID: id,
		From: from, To: to, Detail: detail})
}

// series returns the id of the series the input names, creating a new one in region.
func series(ctx context.Context, tx pgx.Tx, region int16, in Input) (*int64, error) {
	if in.SeriesName != "" {
		var id int64
		err := tx.QueryRow(ctx, `
			INSERT INTO meeting_series (region_id, name) VALUES ($1, $2)
			ON CONFLICT (region_id, name) DO UPDATE SET name = excluded.name RETURNING id`, region, in.SeriesName).Scan(&id)
		if err != nil {
			return nil, fmt.Errorf("meeting: series %q: %w", in.SeriesName, err)
		}
		return &id, nil
	}
	if in.SeriesID == 0 {
		return nil, nil
	}
	var ok bool
	if err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM meeting_series WHERE id = $1 AND region_id = $2)`,
		in.SeriesID, region).Scan(&ok); err != nil {
		return nil, fmt.Errorf("meeting: series %d: %w", in.SeriesID, err)
	}
	if !ok {
		return nil, app.Invalid{"series": "meeting.err.series"}
	}
	return &in.SeriesID, nil
}

// Create saves a new draft meeting organised by u and returns its id. Unresolved items of the
// previous meeting of its series are carried over into it.
func (s *Store) Create(ctx context.Context, u *auth.User, in Input) (int64, error) {
	if !u.Has(auth.Admin) {
		in.RegionID = u.RegionID
	}
	if !CanOrganise(u, in.RegionID) {
		if u.Has(auth.Admin) {
			return 0, app.Invalid{"region": "err.choose"}
		}
		return 0, app.ErrForbidden
	}
	c, err := in.Clean(s.now(), true)
	if err != nil {
		return 0, err
	}
	var id int64
	err = db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		sid, err := series(ctx, tx, in.RegionID, in)
		if err != nil {
			return err
		}
		err = tx.QueryRow(ctx, `
			INSERT INTO meetings (region_id, series_id, title, description, venue, address, online_url, starts_at, ends_at,
				capacity, register_by, topics_by, vote_allowance, open_to_all, created_by)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15) RETURNING id`,
			in.RegionID, sid, in.Title, in.Description, in.Venue, in.Address, in.OnlineURL, c.StartsAt, c.EndsAt,
			c.Capacity, c.RegisterBy, c.TopicsBy, c.VoteAllowance, in.OpenToAll, u.ID).Scan(&id)
		if err != nil {
			return fmt.Errorf("meeting: create: %w", err)
		}
		organisers := in.Organisers
		if len(organisers) == 0 {
			organisers = []int64{u.ID}
		}
		if err := setOrganisers(ctx, tx, id, in.RegionID, organisers); err != nil {
			return err
		}
		if err := record(ctx, tx, u.ID, "meeting.create", id, "", string(Draft), map[string]any{"title": in.Title}); err != nil {
			return err
		}
		m, err := load(ctx, tx, id, false)
		if err != nil {
			return err
		}
		return carryInto(ctx, tx, u.ID, m)
	})
	return id, err
}

// Save stores u's edit of meeting id. in.Version must be the version the form was loaded at;
// otherwise ErrStale and nothing changes. Raising the capacity promotes people from the
// waiting list; it cannot drop below the people already registered.
func (s *Store) Save(ctx context.Context, u *auth.User, id int64, in Input) error {
	c, err := in.Clean(s.now(), false)
	if err != nil {
		return err
	}
	return s.edit(ctx, u, id, func(tx pgx.Tx, m *Meeting) error {
		if !IsOrganiser(u, m) {
			return app.ErrForbidden
		}
		if !m.Editable() {
			return ErrWrongState
		}
		if in.Version != m.Version {
			return ErrStale
		}
		// Counted afresh: the counts loaded with the lock come from the snapshot taken before it.
		var registered int32
		if err := tx.QueryRow(ctx, `SELECT count(*) FROM registrations WHERE meeting_id = $1 AND status = 'registered'`, id).Scan(&registered); err != nil {
			return fmt.Errorf("meeting: count registrations of %d: %w", id, err)
		}
		if c.Capacity < registered {
			return app.Invalid{"capacity": "meeting.err.capacity_below"}
		}
		sid, err := series(ctx, tx, m.RegionID, in)
		if err != nil {
			return err
		}
		_, err = tx.Exec(ctx, `
			UPDATE meetings SET series_id = $2, title = $3, description = $4, venue = $5, address = $6, online_url = $7,
				starts_at = $8, ends_at = $9, capacity = $10, register_by = $11, topics_by = $12, vote_allowance = $13,
				open_to_all = $14, version = version + 1, updated_at = now()
			WHERE id = $1`,
			id, sid, in.Title, in.Description, in.Venue, in.Address, in.OnlineURL, c.StartsAt, c.EndsAt,
			c.Capacity, c.RegisterBy, c.TopicsBy, c.VoteAllowance, in.OpenToAll)
		if err != nil {
			return fmt.Errorf("meeting: save %d: %w", id, err)
		}
		if len(in.Organisers) > 0 {
			if err := setOrganisers(ctx, tx, id, m.RegionID, in.Organisers); err != nil {
				return err
			}
		}
		if err := record(ctx, tx, u.ID, "meeting.save", id, string(m.Status), string(m.Status),
			map[string]any{"version": m.Version + 1}); err != nil {
			return err
		}
		if c.Capacity > m.Capacity {
			return promote(ctx, tx, u.ID, id, c.Capacity)
		}
		return nil
	})
}

// mayOrganise is CanOrganise in SQL, for user u (joined with their office o) and the region in
// the query parameter named by param ("$2").
func mayOrganise(param string) string {
	return `('admin' = ANY (u.roles) OR (o.region_id = ` + param + ` AND u.roles && ARRAY['methodologist', 'coordinator']))`
}

// setOrganisers names the organisers of meeting id; each must be able to organise meetings of
// region.
func setOrganisers(ctx context.Context, tx pgx.Tx, id int64, region int16, users []int64) error {
	var ok int
	err := tx.QueryRow(ctx, `
		SELECT count(*) FROM users u JOIN offices o ON o.id = u.office_id
		WHERE u.id = ANY ($1) AND u.active AND `+mayOrganise("$2"), users, region).Scan(&ok)
	if err != nil {
		return fmt.Errorf("meeting: check organisers of %d: %w", id, err)
	}
	if ok != len(users) {
		return app.Invalid{"organisers": "meeting.err.organisers"}
	}
	if _, err := tx.Exec(ctx, `DELETE FROM meeting_organisers WHERE meeting_id = $1`, id); err != nil {
		return fmt.Errorf("meeting: organisers of %d: %w", id, err)
	}
	_, err = tx.Exec(ctx, `INSERT INTO meeting_organisers (meeting_id, user_id) SELECT $1, unnest($2::bigint[])`, id, users)
	if err != nil {
		return fmt.Errorf("meeting: organisers of %d: %w", id, err)
	}
	return nil
}

// Candidate is a person who may be named an organiser.
type Candidate struct {
	ID   int64  `db:"id"`
	Name string `db:"name"`
}

// Candidates lists who may organise meetings of region: its methodologists and network
// coordinators, by name.
func (s *Store) Candidates(ctx context.Context, region int16) ([]Candidate, error) {
	rows, err := s.pool.Query(ctx, `
		SELECT u.id, u.name FROM users u JOIN offices o ON o.id = u.office_id
		WHERE u.active AND o.region_id = $1 AND u.roles && ARRAY['methodologist', 'coordinator']
		ORDER BY u.name COLLATE "cs-CZ-x-icu", u.id`, region)
	if err != nil {
		return nil, fmt.Errorf("meeting: candidates of %d: %w", region, err)
	}
	return pgx.CollectRows(rows, pgx.RowToStructByName[Candidate])
}

// promote moves people from the waiting list to the free places of meeting id, first come
// first served. The caller holds the meeting's lock.
func promote(ctx context.Context, tx pgx.Tx, actor, id int64, capacity int32) error {
	rows, err := tx.Query(ctx, `
		UPDATE registrations SET status = 'registered', updated_at = now()
		WHERE meeting_id = $1 AND user_id IN (
			SELECT user_id FROM registrations WHERE meeting_id = $1 AND status = 'waiting'
			ORDER BY queued_at, user_id
			LIMIT greatest(0, $2 - (SELECT count(*) FROM registrations WHERE meeting_id = $1 AND status = 'registered')))
		RETURNING user_id`, id, capacity)
	if err != nil {
		return fmt.Errorf("meeting: promote in %d: %w", id, err)
	}
	users, err := pgx.CollectRows(rows, pgx.RowTo[int64])
	if err != nil {
		return fmt.Errorf("meeting: promote in %d: %w", id, err)
	}
	for _, uid := range users {
		if err := record(ctx, tx, actor, "meeting.promote", id, "waiting", "registered", map[string]any{"user": uid}); err != nil {
			return err
		}
	}
	return nil
}

// Change carries what some actions need.
type Change struct {
	Reason string // Cancel: why, shown to registrants
}

// Transition takes action a on meeting id for u.
func (s *Store) Transition(ctx context.Context, u *auth.User, id int64, a Action, c Change) error {
	return s.edit(ctx, u, id, func(tx pgx.Tx, m *Meeting) error {
		to, err := Check(u, m, a)
		if err != nil {
			return err
		}
		detail := map[string]any{}
		switch a {
		case Publish:
			var n int
			if err := tx.QueryRow(ctx, `SELECT count(*) FROM topics WHERE meeting_id = $1 AND status = 'accepted'`, id).Scan(&n); err != nil {
				return fmt.Errorf("meeting: agenda of %d: %w", id, err)
			}
			if n == 0 {
				return ErrNoAgenda
			}
		case Hold:
			if s.now().Before(m.StartsAt) {
				return ErrNotStarted
			}
		case Close:
			if !m.MinutesLocked() {
				return ErrMinutesOpen
			}
		case Cancel:
			c.Reason = strings.TrimSpace(c.Reason)
			if c.Reason == "" {
				return app.Invalid{"reason": "err.required"}
			}
			if utf8.RuneCountInString(c.Reason) > 1000 {
				return app.Invalid{"reason": "err.too_long"}
			}
			detail["reason"] = c.Reason
		}
		_, err = tx.Exec(ctx, `
			UPDATE meetings SET status = $2, updated_at = now(),
				cancel_reason = CASE WHEN $2 = 'cancelled' THEN $3 ELSE cancel_reason END
			WHERE id = $1`, id, string(to), c.Reason)
		if err != nil {
			return fmt.Errorf("meeting: %s %d: %w", a, id, err)
		}
		return record(ctx, tx, u.ID, "meeting."+string(a), id, string(m.Status), string(to), detail)
	})
}

// Brief is a meeting in a list.
type Brief struct {
	ID         int64     `db:"id"`
	Title      string    `db:"title"`
	RegionID   int16     `db:"region_id"`
	RegionName string    `db:"region_name"`
	SeriesName string    `db:"series_name"`
	Venue      string    `db:"venue"`
	OnlineURL  string    `db:"online_url"`
	StartsAt   time.Time `db:"starts_at"`
	EndsAt     time.Time `db:"ends_at"`
	Status     Status    `db:"status"`
	Capacity   int32     `db:"capacity"`
	Registered int32     `db:"registered"`
	// CancelReason tells registrants why a cancelled meeting will not take place.
	CancelReason string `db:"cancel_reason"`
	// Mine is the user's registration status ("" when not registered).
	Mine string `db:"mine"`
}

const briefCols = `m.id, m.title, m.region_id, r.name AS region_name, coalesce(se.name, '') AS series_name, m.venue,
	m.online_url, m.starts_at, m.ends_at, m.status, m.capacity, m.cancel_reason,
	(SELECT count(*) FROM registrations g WHERE g.meeting_id = m.id AND g.status = 'registered')::int AS registered,
	coalesce((SELECT g.status FROM registrations g WHERE g.meeting_id = m.id AND g.user_id = $1 AND g.status <> 'cancelled'), '') AS mine`

func (s *Store) briefs(ctx context.Context, where string, args ...any) ([]Brief, error) {
	rows, err := s.pool.Query(ctx, `SELECT `+briefCols+from+` `+where, args...)
	if err != nil {
		return nil, fmt.Errorf("meeting: list: %w", err)
	}
	return pgx.CollectRows(rows, pgx.RowToStructByName[Brief])
}

// Calendar lists the meetings of region that u may see: upcoming ones (not yet ended) soonest
// first, and past ones newest first.
func (s *Store) Calendar(ctx context.Context, u *auth.User, region int16) (upcoming, past []Brief, err error) {
	drafts := CanOrganise(u, region)
	upcoming, err = s.briefs(ctx, `WHERE m.region_id = $2 AND m.ends_at >= $3 AND (m.status <> 'draft' OR $4)
		ORDER BY m.starts_at, m.id LIMIT 200`, u.ID, region, s.now(), drafts)
	if err != nil {
		return nil, nil, err
	}
	past, err = s.briefs(ctx, `WHERE m.region_id = $2 AND m.ends_at < $3 AND (m.status <> 'draft' OR $4)
		ORDER BY m.starts_at DESC, m.id LIMIT 200`, u.ID, region, s.now(), drafts)
	return upcoming, past, err
}

// Mine lists u's upcoming meetings for the home page: those u is registered for or waiting
// for, those u organises, and those of u's region (or open to all) u may still register for.
// Each of the three comes from its own index; "registered OR organiser OR open here" as one
// condition read every meeting for every home page.
func (s *Store) Mine(ctx context.Context, u *auth.User) ([]Brief, error) {
	return s.briefs(ctx, `WHERE m.id IN (
			SELECT g.meeting_id FROM registrations g WHERE g.user_id = $1 AND g.status <> 'cancelled'
			UNION SELECT o.meeting_id FROM meeting_organisers o WHERE o.user_id = $1
			UNION SELECT x.id FROM meetings x WHERE x.status IN ('open', 'agenda') AND x.register_by >= $2
				AND (x.region_id = $3 OR x.open_to_all))
		AND m.ends_at >= $2 AND m.status NOT IN ('draft', 'cancelled')
		ORDER BY m.starts_at, m.id LIMIT 20`, u.ID, s.now(), u.RegionID)
}

// Cancelled lists u's cancelled upcoming meetings that u was registered for, so the home page
// can tell them why.
func (s *Store) CancelledFor(ctx context.Context, u *auth.User) ([]Brief, error) {
	return s.briefs(ctx, `WHERE m.status = 'cancelled' AND m.starts_at >= $2 AND EXISTS (
			SELECT 1 FROM registrations g WHERE g.meeting_id = m.id AND g.user_id = $1 AND g.status <> 'cancelled')
		ORDER BY m.starts_at LIMIT 20`, u.ID, s.now())
}

// Neighbours returns the previous and next meeting of m's series (nil when there is none),
// skipping cancelled meetings and drafts u may not see.
func (s *Store) Neighbours(ctx context.Context, u *auth.User, m *Meeting) (prev, next *Brief, err error) {
	if m.SeriesID == nil {
		return nil, nil, nil
	}
	drafts := IsOrganiser(u, m)
	one := func(ctx context.Context, where string) (*Brief, error) {
		list, err := s.briefs(ctx, `WHERE m.series_id = $2 AND m.id <> $3 AND m.status <> 'cancelled'
			AND (m.status <> 'draft' OR $5) AND `+where, u.ID, *m.SeriesID, m.ID, m.StartsAt, drafts)
		if err != nil || len(list) == 0 {
			return nil, err
		}
		return &list[0], nil
	}
	// At once: one after the other, the second waited for the server again when it was busy.
	g, ctx := errgroup.WithContext(ctx)
	g.Go(func() (err error) { prev, err = one(ctx, `m.starts_at < $4 ORDER BY m.starts_at DESC LIMIT 1`); return })
	g.Go(func() (err error) { next, err = one(ctx, `m.starts_at > $4 ORDER BY m.starts_at LIMIT 1`); return })
	if err := g.Wait(); err != nil {
		return nil, nil, err
	}
	return prev, next, nil
}

// OrganiserNames lists the names of m's named organisers.
func (s *Store) OrganiserNames(ctx context.Context, m *Meeting) ([]string, error) {
	rows, err := s.pool.Query(ctx, `SELECT name FROM users WHERE id = ANY ($1) ORDER BY name COLLATE "cs-CZ-x-icu"`, m.OrganiserIDs)
	if err != nil {
		return nil, fmt.Errorf("meeting: organisers of %d: %w", m.ID, err)
	}
	return pgx.CollectRows(rows, pgx.RowTo[string])
}

// Series is a series of meetings in a region.
type Series struct {
	ID   int64  `db:"id"`
	Name string `db:"name"`
}

// SeriesOf lists the series of region by name.
func (s *Store) SeriesOf(ctx context.Context, region int16) ([]Series, error) {
	rows, err := s.pool.Query(ctx, `SELECT id, name FROM meeting_series WHERE region_id = $1 ORDER BY name COLLATE "cs-CZ-x-icu"`, region)
	if err != nil {
		return nil, fmt.Errorf("meeting: series of %d: %w", region, err)
	}
	return pgx.CollectRows(rows, pgx.RowToStructByName[Series])
}

// Event is one entry of a meeting's timeline.
type Event struct {
	At     time.Time      `db:"at"`
	Actor  string         `db:"actor"`
	Action string         `db:"action"`
	From   string         `db:"from_state"`
	To     string         `db:"to_state"`
	Detail map[string]any `db:"detail"`
}

// quiet are the actions the timeline leaves out: single votes and registrations are many and
// say nothing about how the meeting was run.
var quiet = []string{"meeting.vote", "meeting.unvote", "meeting.register", "meeting.unregister", "meeting.promote", "meeting.attendance"}

// Timeline lists what happened to meeting m, oldest first. m is as Get gave it, so the user may
// see it: the meeting page reads it once, not once more for its timeline.
func (s *Store) Timeline(ctx context.Context, m *Meeting) ([]Event, error) {
	id := m.ID
	rows, err := s.pool.Query(ctx, `
		SELECT a.at, coalesce(u.name, '') AS actor, a.action, a.from_state, a.to_state, a.detail
		FROM audit_log a LEFT JOIN users u ON u.id = a.actor_id
		WHERE a.object_type = 'meeting' AND a.object_id = $1 AND NOT (a.action = ANY ($2))
		ORDER BY a.id`, id, quiet)
	if err != nil {
		return nil, fmt.Errorf("meeting: timeline of %d: %w", id, err)
	}
	return pgx.CollectRows(rows, pgx.RowToStructByName[Event])
}

// MeetingOfTopic returns the id of the meeting topic id belongs to: changes lock the meeting's
// row before they read the topic, and pages that act on a topic go back to its meeting.
func (s *Store) MeetingOfTopic(ctx context.Context, id int64) (int64, error) {
	return s.parent(ctx, `SELECT meeting_id FROM topics WHERE id = $1`, id)
}

// MeetingOfFollowUp returns the id of the meeting follow-up action id belongs to.
func (s *Store) MeetingOfFollowUp(ctx context.Context, id int64) (int64, error) {
	return s.parent(ctx, `SELECT t.meeting_id FROM topic_actions a JOIN topics t ON t.id = a.topic_id WHERE a.id = $1`, id)
}

func (s *Store) parent(ctx context.Context, sql string, id int64) (int64, error) {
	var m int64
	err := s.pool.QueryRow(ctx, sql, id).Scan(&m)
	if errors.Is(err, pgx.ErrNoRows) {
		return 0, app.ErrNotFound
	}
	if err != nil {
		return 0, fmt.Errorf("meeting: parent of %d: %w", id, err)
	}
	return m, nil
}
