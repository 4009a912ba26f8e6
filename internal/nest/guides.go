package nest

// Change guides: the pilot offices' development topics and the guides' visits to offices.

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"hnizdo.cz/hnizdo/internal/app"
	"hnizdo.cz/hnizdo/internal/audit"
	"hnizdo.cz/hnizdo/internal/auth"
	"hnizdo.cz/hnizdo/internal/db"
)

// DevTopic is a pilot office's development topic (rozvojové téma), e.g. divorces.
type DevTopic struct {
	ID          int64     `db:"id"`
	OfficeID    int64     `db:"office_id"`
	OfficeName  string    `db:"office_name"`
	Title       string    `db:"title"`
	Description string    `db:"description"`
	Since       time.Time `db:"since"`
}

// TopicInput is a development topic as its form sends it.
type TopicInput struct {
	Office      int64
	Title       string
	Description string
	Since       time.Time // zero: today
}

// Limits of the guides' texts.
const (
	maxDescription = 4000
	maxSubject     = 300
	maxVisitText   = 4000
)

// require adds field's "fill this in" when text is empty. It is checked here rather than by
// guardText so that the message key is the catalogue's err.required.
func require(bad app.Invalid, field, text string) {
	if strings.TrimSpace(text) == "" {
		bad.Add(field, "err.required")
	}
}

// officeOf is what the rules need to know about an office.
type officeOf struct {
	region int16
	kind   string
	pilot  bool
}

// lookOffice reads office id; an unknown office is not found.
func lookOffice(ctx context.Context, q querier, id int64) (officeOf, error) {
	var o officeOf
	err := q.QueryRow(ctx, `SELECT region_id, kind, pilot FROM offices WHERE id = $1`, id).Scan(&o.region, &o.kind, &o.pilot)
	if errors.Is(err, pgx.ErrNoRows) {
		return o, app.ErrNotFound
	} else if err != nil {
		return o, fmt.Errorf("nest: office %d: %w", id, err)
	}
	return o, nil
}

// AddTopic adds a development topic to a pilot office and returns its id. The guides and
// methodologists of the office's region add topics; the day it was taken up may not be in
// the future; titles are unique within the office.
func (s *Store) AddTopic(ctx context.Context, u *auth.User, in TopicInput) (int64, error) {
	if u == nil {
		return 0, app.ErrForbidden
	}
	in.Title, in.Description = strings.TrimSpace(in.Title), strings.TrimSpace(in.Description)
	var id int64
	err := db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		o, err := lookOffice(ctx, tx, in.Office)
		if err != nil {
			return err
		}
		if !Accompanies(u, o.region) {
			return app.ErrForbidden
		}
		bad := app.Invalid{}
		if !o.pilot {
			bad.Add("office", "nest.err.not_pilot")
		}
		require(bad, "title", in.Title)
		guardText(bad, "title", in.Title, false, maxName)
		guardText(bad, "description", in.Description, false, maxDescription)
		if in.Since.IsZero() {
			in.Since = s.today()
		} else if in.Since.After(s.today()) {
			bad.Add("since", "nest.err.future")
		}
		if _, ok := bad["title"]; !ok && in.Title != "" {
			var taken bool
			if err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM dev_topics WHERE office_id = $1 AND lower(title) = lower($2))`,
				in.Office, in.Title).Scan(&taken); err != nil {
				return fmt.Errorf("nest: check topic title: %w", err)
			}
			if taken {
				bad.Add("title", "nest.err.topic_taken")
			}
		}
		if err := bad.Err(); err != nil {
			return err
		}
		err = tx.QueryRow(ctx, `
			INSERT INTO dev_topics (office_id, title, description, since, created_by, created_at)
			VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
			in.Office, in.Title, in.Description, in.Since, u.ID, s.now()).Scan(&id)
		if db.UniqueViolation(err, "dev_topics_title_key") {
			// Someone added the same title at the same moment.
			return app.Invalid{"title": "nest.err.topic_taken"}
		} else if err != nil {
			return fmt.Errorf("nest: add topic: %w", err)
		}
		return audit.Record(ctx, tx, audit.Entry{ActorID: u.ID, Action: "dev_topic.create", ObjectType: "dev_topic", ObjectID: id,
			Detail: map[string]any{"office_id": in.Office, "title": in.Title, "since": in.Since.Format(time.DateOnly)}})
	})
	return id, err
}

const topicSelect = `SELECT dt.id, dt.office_id, o.name AS office_name, dt.title, dt.description, dt.since
	FROM dev_topics dt JOIN offices o ON o.id = dt.office_id`

func (s *Store) topics(ctx context.Context, where string, arg any) ([]DevTopic, error) {
	rows, err := s.pool.Query(ctx, topicSelect+` WHERE `+where+` ORDER BY o.name COLLATE "cs-CZ-x-icu", dt.since, dt.title COLLATE "cs-CZ-x-icu"`, arg)
	if err != nil {
		return nil, fmt.Errorf("nest: topics: %w", err)
	}
	ts, err := pgx.CollectRows(rows, pgx.RowToStructByName[DevTopic])
	if err != nil {
		return nil, fmt.Errorf("nest: topics: %w", err)
	}
	return ts, nil
}

// Topics returns the development topics of region's offices, by office name, then since.
// Everyone signed in may read them.
func (s *Store) Topics(ctx context.Context, region int16) ([]DevTopic, error) {
	return s.topics(ctx, `o.region_id = $1`, region)
}

// OfficeTopics returns office's development topics, oldest first.
func (s *Store) OfficeTopics(ctx context.Context, office int64) ([]DevTopic, error) {
	return s.topics(ctx, `dt.office_id = $1`, office)
}

// VisitInput is a guide's visit as its form sends it.
type VisitInput struct {
	Office   int64
	On       time.Time
	TopicID  int64 // a development topic of the office; 0: none, then Subject says what it was about
	Subject  string
	Tried    string // what was tried or worked on
	NextStep string
	Tools    []int64 // the tools the visit was about
}

// GuideVisit is a change guide's visit to an office.
type GuideVisit struct {
	ID         int64     `db:"id"`
	OfficeID   int64     `db:"office_id"`
	OfficeName string    `db:"office_name"`
	RegionID   int16     `db:"region_id"`
	GuideID    int64     `db:"guide_id"`
	GuideName  string    `db:"guide_name"`
	On         time.Time `db:"visited_on"`
	TopicID    *int64    `db:"topic_id"`
	TopicTitle string    `db:"topic_title"`
	Subject    string    `db:"subject"`
	Tried      string    `db:"tried"`
	NextStep   string    `db:"next_step"`
	ToolIDs    []int64   `db:"tool_ids"` // by tool name
	ToolNames  []string  `db:"tool_names"`
}

// AddVisit records u's visit to an ORP or district office of u's region, pilot or not (guides
// also visit the offices that took up a tool), and returns its id. The guides and
// methodologists of the office's region record visits, each as the guide who came.
func (s *Store) AddVisit(ctx context.Context, u *auth.User, in VisitInput) (int64, error) {
	if u == nil {
		return 0, app.ErrForbidden
	}
	in.Subject, in.Tried, in.NextStep = strings.TrimSpace(in.Subject), strings.TrimSpace(in.Tried), strings.TrimSpace(in.NextStep)
	slices.Sort(in.Tools)
	in.Tools = slices.Compact(in.Tools)
	var id int64
	err := db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		o, err := lookOffice(ctx, tx, in.Office)
		if err != nil {
			return err
		}
		if !Accompanies(u, o.region) {
			return app.ErrForbidden
		}
		if err := s.checkVisit(ctx, tx, o, &in); err != nil {
			return err
		}
		var topic *int64
		if in.TopicID != 0 {
			topic = &in.TopicID
		}
		if err := tx.QueryRow(ctx, `
			INSERT INTO guide_visits (office_id, guide_id, visited_on, topic_id, subject, tried, next_step, created_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
			in.Office, u.ID, in.On, topic, in.Subject, in.Tried, in.NextStep, s.now()).Scan(&id); err != nil {
			return fmt.Errorf("nest: add visit: %w", err)
		}
		if len(in.Tools) > 0 {
			if _, err := tx.Exec(ctx, `INSERT INTO guide_visit_tools (visit_id, tool_id) SELECT $1, unnest($2::bigint[])`, id, in.Tools); err != nil {
				return fmt.Errorf("nest: visit tools: %w", err)
			}
		}
		return audit.Record(ctx, tx, audit.Entry{ActorID: u.ID, Action: "guide_visit.create", ObjectType: "guide_visit", ObjectID: id,
			Detail: map[string]any{"office_id": in.Office, "on": in.On.Format(time.DateOnly), "topic_id": in.TopicID, "tools": in.Tools}})
	})
	return id, err
}

// checkVisit validates a visit to office o.
func (s *Store) checkVisit(ctx context.Context, q querier, o officeOf, in *VisitInput) error {
	bad := app.Invalid{}
	if o.kind != "orp" && o.kind != "district" {
		bad.Add("office", "nest.err.office")
	}
	switch {
	case in.On.IsZero():
		bad.Add("on", "err.required")
	case in.On.After(s.today()):
		bad.Add("on", "nest.err.future")
	}
	if in.TopicID != 0 {
		var ok bool
		if err := q.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM dev_topics WHERE id = $1 AND office_id = $2)`,
			in.TopicID, in.Office).Scan(&ok); err != nil {
			return fmt.Errorf("nest: check visit topic: %w", err)
		}
		if !ok {
			bad.Add("topic", "nest.err.visit_topic")
		}
	} else if in.Subject == "" {
		bad.Add("subject", "nest.err.subject_required")
	}
	guardText(bad, "subject", in.Subject, false, maxSubject)
	require(bad, "tried", in.Tried)
	guardText(bad, "tried", in.Tried, false, maxVisitText)
	guardText(bad, "next_step", in.NextStep, false, maxVisitText)
	if len(in.Tools) > 0 {
		var n int
		if err := q.QueryRow(ctx, `SELECT count(*) FROM tools WHERE id = ANY($1)`, in.Tools).Scan(&n); err != nil {
			return fmt.Errorf("nest: check visit tools: %w", err)
		}
		if n != len(in.Tools) {
			bad.Add("tools", "nest.err.visit_tools")
		}
	}
	return bad.Err()
}

// VisitFilter narrows the visit log; zero values mean any.
type VisitFilter struct {
	Region int16
	Office int64
	Tool   int64
}

// Visits returns the guide visits that match f and that u may see, newest first: the guides
// and methodologists of a region see all of its visits; the staff of an office see the visits
// to their own office; nobody else sees any.
func (s *Store) Visits(ctx context.Context, u *auth.User, f VisitFilter) ([]GuideVisit, error) {
	if u == nil {
		return nil, nil
	}
	args := []any{u.Can(auth.Accompany), u.RegionID, u.OfficeID}
	arg := func(v any) string { args = append(args, v); return fmt.Sprintf("$%d", len(args)) }
	// The same rule as Accompanies, in SQL: a guide or methodologist of the office's region.
	where := []string{`(($1 AND o.region_id = $2) OR v.office_id = $3)`}
	if f.Region != 0 {
		where = append(where, "o.region_id = "+arg(f.Region))
	}
	if f.Office != 0 {
		where = append(where, "v.office_id = "+arg(f.Office))
	}
	if f.Tool != 0 {
		where = append(where, "EXISTS (SELECT 1 FROM guide_visit_tools x WHERE x.visit_id = v.id AND x.tool_id = "+arg(f.Tool)+")")
	}
	rows, err := s.pool.Query(ctx, `
		SELECT v.id, v.office_id, o.name AS office_name, o.region_id, v.guide_id, g.name AS guide_name,
			v.visited_on, v.topic_id, coalesce(dt.title, '') AS topic_title, v.subject, v.tried, v.next_step,
			array(SELECT t.id FROM guide_visit_tools x JOIN tools t ON t.id = x.tool_id WHERE x.visit_id = v.id ORDER BY t.name COLLATE "cs-CZ-x-icu", t.id) AS tool_ids,
			array(SELECT t.name FROM guide_visit_tools x JOIN tools t ON t.id = x.tool_id WHERE x.visit_id = v.id ORDER BY t.name COLLATE "cs-CZ-x-icu", t.id) AS tool_names
		FROM guide_visits v JOIN offices o ON o.id = v.office_id JOIN users g ON g.id = v.guide_id
			LEFT JOIN dev_topics dt ON dt.id = v.topic_id
		WHERE `+strings.Join(where, " AND ")+`
		ORDER BY v.visited_on DESC, v.id DESC`, args...)
	if err != nil {
		return nil, fmt.Errorf("nest: visits: %w", err)
	}
	vs, err := pgx.CollectRows(rows, pgx.RowToStructByName[GuideVisit])
	if err != nil {
		return nil, fmt.Errorf("nest: visits: %w", err)
	}
	return vs, nil
}

// PilotOffice is a pilot office of the nest with how much it has been accompanied.
type PilotOffice struct {
	ID        int64      `db:"id"`
	Name      string     `db:"name"`
	Topics    int32      `db:"topics"`
	Visits    int32      `db:"visits"`
	LastVisit *time.Time `db:"last_visit"` // nil before the first visit
}

// PilotOffices returns region's pilot offices by name. The counts are public within the
// portal; what a visit was about is not (see Visits).
func (s *Store) PilotOffices(ctx context.Context, region int16) ([]PilotOffice, error) {
	rows, err := s.pool.Query(ctx, `
		SELECT o.id, o.name,
			(SELECT count(*) FROM dev_topics dt WHERE dt.office_id = o.id)::int AS topics,
			(SELECT count(*) FROM guide_visits v WHERE v.office_id = o.id)::int AS visits,
			(SELECT max(v.visited_on) FROM guide_visits v WHERE v.office_id = o.id) AS last_visit
		FROM offices o WHERE o.pilot AND o.region_id = $1 ORDER BY o.name COLLATE "cs-CZ-x-icu"`, region)
	if err != nil {
		return nil, fmt.Errorf("nest: pilot offices: %w", err)
	}
	ps, err := pgx.CollectRows(rows, pgx.RowToStructByName[PilotOffice])
	if err != nil {
		return nil, fmt.Errorf("nest: pilot offices: %w", err)
	}
	return ps, nil
}

// OfficeTools returns the tools that originated at office, by name.
func (s *Store) OfficeTools(ctx context.Context, office int64) ([]Tool, error) {
	rows, err := s.pool.Query(ctx, `SELECT `+toolCols+toolFrom+`
		WHERE t.id IN (SELECT tool_id FROM tool_origins WHERE office_id = $1) ORDER BY t.name COLLATE "cs-CZ-x-icu", t.id`, office)
	if err != nil {
		return nil, fmt.Errorf("nest: tools of office %d: %w", office, err)
	}
	ts, err := pgx.CollectRows(rows, pgx.RowToStructByName[Tool])
	if err != nil {
		return nil, fmt.Errorf("nest: tools of office %d: %w", office, err)
	}
	return ts, nil
}
