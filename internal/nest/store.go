package nest

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
	"hnizdo.cz/hnizdo/internal/pii"
)

// Store reads and writes the nest. Everything that happens to a tool — edits, promotions,
// adoptions, files and links — is audited with object type "tool" and the tool's id, so its
// history is one query; guide visits and development topics have their own object types.
type Store struct {
	pool *pgxpool.Pool
	now  func() time.Time
}

// NewStore returns a store on pool.
func NewStore(pool *pgxpool.Pool) *Store { return &Store{pool: pool, now: time.Now} }

// SetClock replaces the store's clock, for tests and demo data that live at another time.
func (s *Store) SetClock(now func() time.Time) { s.now = now }

func (s *Store) today() time.Time { return Today(s.now()) }

// querier is what both a pool and a transaction offer.
type querier interface {
	Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error)
	QueryRow(ctx context.Context, sql string, args ...any) pgx.Row
}

const toolCols = `t.id, t.region_id, r.name AS region_name, t.name, t.kind, t.topic_id,
	coalesce(dt.title, '') AS topic_title, t.summary, t.body, t.maturity, t.version, t.created_by,
	t.created_at, t.updated_at,
	array(SELECT o.id FROM tool_origins x JOIN offices o ON o.id = x.office_id WHERE x.tool_id = t.id ORDER BY o.name COLLATE "cs-CZ-x-icu", o.id) AS origin_ids,
	array(SELECT o.name FROM tool_origins x JOIN offices o ON o.id = x.office_id WHERE x.tool_id = t.id ORDER BY o.name COLLATE "cs-CZ-x-icu", o.id) AS origin_names,
	(SELECT count(*) FROM adoptions a WHERE a.tool_id = t.id AND a.stage = 'offered')::int AS offered,
	(SELECT count(*) FROM adoptions a WHERE a.tool_id = t.id AND a.stage = 'trialling')::int AS trialling,
	(SELECT count(*) FROM adoptions a WHERE a.tool_id = t.id AND a.stage = 'adopted')::int AS adopted,
	(SELECT count(*) FROM adoptions a WHERE a.tool_id = t.id AND a.stage = 'abandoned')::int AS abandoned`

const toolFrom = ` FROM tools t JOIN regions r ON r.id = t.region_id LEFT JOIN dev_topics dt ON dt.id = t.topic_id`

// loadTool reads tool id; with lock it first takes the tool's row lock, which serialises its
// edits, promotions and adoptions. The lock is a statement of its own so that the read after it
// sees what the previous holder committed.
func loadTool(ctx context.Context, q querier, id int64, lock bool) (*Tool, error) {
	if lock {
		var got int64
		err := q.QueryRow(ctx, `SELECT id FROM tools WHERE id = $1 FOR UPDATE`, id).Scan(&got)
		if errors.Is(err, pgx.ErrNoRows) {
			return nil, app.ErrNotFound
		} else if err != nil {
			return nil, fmt.Errorf("nest: lock tool %d: %w", id, err)
		}
	}
	rows, err := q.Query(ctx, `SELECT `+toolCols+toolFrom+` WHERE t.id = $1`, id)
	if err != nil {
		return nil, fmt.Errorf("nest: tool %d: %w", id, err)
	}
	t, err := pgx.CollectExactlyOneRow(rows, pgx.RowToAddrOfStructByName[Tool])
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, app.ErrNotFound
	} else if err != nil {
		return nil, fmt.Errorf("nest: tool %d: %w", id, err)
	}
	return t, nil
}

// Tool returns tool id. Every signed-in user may read every tool.
func (s *Store) Tool(ctx context.Context, id int64) (*Tool, error) {
	return loadTool(ctx, s.pool, id, false)
}

// Filter narrows the catalogue.
type Filter struct {
	Region   int16    // 0: every region
	Maturity Maturity // "": every rung
	Kind     Kind     // "": every kind
	Query    string   // words in the name or summary
}

// Tools returns the tools that match f, the most mature first, then by name.
func (s *Store) Tools(ctx context.Context, f Filter) ([]Tool, error) {
	var where []string
	var args []any
	arg := func(v any) string { args = append(args, v); return fmt.Sprintf("$%d", len(args)) }
	if f.Region != 0 {
		where = append(where, "t.region_id = "+arg(f.Region))
	}
	if f.Maturity != "" {
		where = append(where, "t.maturity = "+arg(f.Maturity))
	}
	if f.Kind != "" {
		where = append(where, "t.kind = "+arg(f.Kind))
	}
	if q := strings.TrimSpace(f.Query); q != "" {
		p := arg("%" + q + "%")
		where = append(where, "(unaccent(t.name) ILIKE unaccent("+p+") OR unaccent(t.summary) ILIKE unaccent("+p+"))")
	}
	sql := `SELECT ` + toolCols + toolFrom
	if len(where) > 0 {
		sql += " WHERE " + strings.Join(where, " AND ")
	}
	sql += ` ORDER BY array_position(ARRAY['recommended', 'validated', 'piloting', 'prototype', 'idea', 'retired'], t.maturity), t.name COLLATE "cs-CZ-x-icu", t.id`
	rows, err := s.pool.Query(ctx, sql, args...)
	if err != nil {
		return nil, fmt.Errorf("nest: tools: %w", err)
	}
	ts, err := pgx.CollectRows(rows, pgx.RowToStructByName[Tool])
	if err != nil {
		return nil, fmt.Errorf("nest: tools: %w", err)
	}
	return ts, nil
}

// ToolInput is a tool's description as its form sends it.
type ToolInput struct {
	Name    string
	Kind    Kind
	TopicID int64 // 0: none
	Summary string
	Body    string
	Origins []int64
	Version int32 // for updates
}

// Limits of the texts.
const (
	maxName    = 200
	maxSummary = 600
	maxBody    = 40000
	maxReport  = 4000
	maxReason  = 4000
)

// guardText adds field's problem to bad: required and empty, too long, or personal data.
func guardText(bad app.Invalid, field, text string, required bool, max int) {
	switch {
	case required && strings.TrimSpace(text) == "":
		bad.Add(field, "err.required")
	case utf8.RuneCountInString(text) > max:
		bad.Add(field, "nest.err.too_long")
	case len(pii.Scan(text)) > 0:
		bad.Add(field, "nest.err.pii")
	}
}

// checkInput validates in for a tool of region made or edited by u: origins are ORP or city
// district offices of the region (the staff of an office name only their own office, guides
// and methodologists any), and the development topic belongs to one of them.
func (s *Store) checkInput(ctx context.Context, q querier, u *auth.User, region int16, in *ToolInput) error {
	in.Name, in.Summary, in.Body = strings.TrimSpace(in.Name), strings.TrimSpace(in.Summary), strings.TrimSpace(in.Body)
	bad := app.Invalid{}
	guardText(bad, "name", in.Name, true, maxName)
	guardText(bad, "summary", in.Summary, false, maxSummary)
	guardText(bad, "body", in.Body, false, maxBody)
	if !in.Kind.Valid() {
		bad.Add("kind", "nest.err.kind")
	}
	slices.Sort(in.Origins)
	in.Origins = slices.Compact(in.Origins)
	switch {
	case len(in.Origins) == 0:
		bad.Add("origins", "nest.err.origins_required")
	case !Accompanies(u, region) && !slices.Equal(in.Origins, []int64{u.OfficeID}):
		bad.Add("origins", "nest.err.origins_own")
	default:
		var n int
		if err := q.QueryRow(ctx, `SELECT count(*) FROM offices WHERE id = ANY($1) AND region_id = $2 AND kind IN ('orp', 'district')`,
			in.Origins, region).Scan(&n); err != nil {
			return fmt.Errorf("nest: check origins: %w", err)
		}
		if n != len(in.Origins) {
			bad.Add("origins", "nest.err.origins_region")
		}
	}
	if in.TopicID != 0 {
		var ok bool
		if err := q.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM dev_topics WHERE id = $1 AND office_id = ANY($2))`,
			in.TopicID, in.Origins).Scan(&ok); err != nil {
			return fmt.Errorf("nest: check topic: %w", err)
		}
		if !ok {
			bad.Add("topic", "nest.err.topic")
		}
	}
	return bad.Err()
}

// nameTaken maps the unique name of a region's tools to the name field's message.
func nameTaken(err error) error {
	if db.UniqueViolation(err, "tools_name_key") {
		return app.Invalid{"name": "nest.err.name_taken"}
	}
	return err
}

// Create adds a tool of u's region at the rung "idea" and returns its id. Guides and
// methodologists name any offices of the region as its origin; anyone else their own office.
func (s *Store) Create(ctx context.Context, u *auth.User, in ToolInput) (int64, error) {
	if u == nil || u.RegionID == 0 {
		return 0, app.ErrForbidden
	}
	var id int64
	err := db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		if err := s.checkInput(ctx, tx, u, u.RegionID, &in); err != nil {
			return err
		}
		var topic *int64
		if in.TopicID != 0 {
			topic = &in.TopicID
		}
		if err := tx.QueryRow(ctx, `
			INSERT INTO tools (region_id, name, kind, topic_id, summary, body, created_by, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8) RETURNING id`,
			u.RegionID, in.Name, in.Kind, topic, in.Summary, in.Body, u.ID, s.now()).Scan(&id); err != nil {
			return nameTaken(fmt.Errorf("nest: create tool: %w", err))
		}
		if _, err := tx.Exec(ctx, `INSERT INTO tool_origins (tool_id, office_id) SELECT $1, unnest($2::bigint[])`, id, in.Origins); err != nil {
			return fmt.Errorf("nest: tool origins: %w", err)
		}
		return record(ctx, tx, u.ID, "tool.create", id, "", string(Idea), map[string]any{"name": in.Name})
	})
	return id, err
}

// Update changes tool id's description and origins; version must be the one the form showed.
func (s *Store) Update(ctx context.Context, u *auth.User, id int64, in ToolInput) error {
	return db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		t, err := loadTool(ctx, tx, id, true)
		if err != nil {
			return err
		}
		if !Edits(u, t) {
			return app.ErrForbidden
		}
		// The staff of an origin office name only their own office (the form sends just that):
		// the tool keeps the origins it has, the others included, and its topic is checked
		// against them.
		staff := !Accompanies(u, t.RegionID) && slices.Contains(in.Origins, u.OfficeID)
		if staff {
			in.Origins = slices.Sorted(slices.Values(t.OriginIDs))
		}
		if err := s.checkInput(ctx, tx, u, t.RegionID, &in); err != nil {
			var bad app.Invalid
			if !staff || !errors.As(err, &bad) || bad["origins"] != "nest.err.origins_own" {
				return err
			}
			delete(bad, "origins")
			if err := bad.Err(); err != nil {
				return err
			}
		}
		if in.Version != t.Version {
			return ErrStale
		}
		// From the pilot on, the origin decides whose use counts as evidence from elsewhere, so
		// it can no longer change.
		before := slices.Sorted(slices.Values(t.OriginIDs))
		changed := !slices.Equal(in.Origins, before)
		if changed && t.Maturity != Idea && t.Maturity != Prototype {
			return app.Invalid{"origins": "nest.err.origins_frozen"}
		}
		var topic *int64
		if in.TopicID != 0 {
			topic = &in.TopicID
		}
		if _, err := tx.Exec(ctx, `
			UPDATE tools SET name = $2, kind = $3, topic_id = $4, summary = $5, body = $6,
				version = version + 1, updated_at = $7 WHERE id = $1`,
			id, in.Name, in.Kind, topic, in.Summary, in.Body, s.now()); err != nil {
			return nameTaken(fmt.Errorf("nest: update tool %d: %w", id, err))
		}
		detail := map[string]any{"version": t.Version + 1}
		if changed {
			detail["origins_from"], detail["origins_to"] = before, in.Origins
			if _, err := tx.Exec(ctx, `DELETE FROM tool_origins WHERE tool_id = $1`, id); err != nil {
				return fmt.Errorf("nest: tool origins: %w", err)
			}
			if _, err := tx.Exec(ctx, `INSERT INTO tool_origins (tool_id, office_id) SELECT $1, unnest($2::bigint[])`, id, in.Origins); err != nil {
				return fmt.Errorf("nest: tool origins: %w", err)
			}
		}
		return record(ctx, tx, u.ID, "tool.edit", id, "", "", detail)
	})
}

// record writes an audit entry about tool id.
func record(ctx context.Context, tx pgx.Tx, actor int64, action string, id int64, from, to string, detail map[string]any) error {
	return audit.Record(ctx, tx, audit.Entry{ActorID: actor, Action: action, ObjectType: "tool", ObjectID: id,
		From: from, To: to, Detail: detail})
}

// History returns what happened to tool id, oldest first.
func (s *Store) History(ctx context.Context, id int64) ([]audit.Row, error) {
	return audit.For(ctx, s.pool, "tool", id)
}
