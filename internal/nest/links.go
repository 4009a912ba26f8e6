package nest

import (
	"context"

	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"hnizdo.cz/hnizdo/internal/app"
	"hnizdo.cz/hnizdo/internal/auth"
	"hnizdo.cz/hnizdo/internal/db"
)

// LinkKind is what a tool links to.
type LinkKind string

const (
	LinkNote LinkKind = "note" // a published practice note about the tool
	LinkItem LinkKind = "item" // a meeting's agenda item where it was presented
	LinkForm LinkKind = "form" // a feedback form that asked about it
)

// Linked is one linked object as the tool page lists it.
type Linked struct {
	ID    int64  `db:"id"`
	Title string `db:"title"`
	// For agenda items: their meeting.
	MeetingID    int64     `db:"meeting_id"`
	MeetingTitle string    `db:"meeting_title"`
	When         time.Time `db:"starts_at"`
	// For notes: true when the note names the tool as its source rather than being linked.
	Source bool `db:"source"`
}

// Links are what a tool links to.
type Links struct {
	Notes, Items, Forms []Linked
}

// Links returns tool id's links: published notes (linked, or naming the tool as their source),
// agenda items with their meetings, and feedback forms.
func (s *Store) Links(ctx context.Context, id int64) (*Links, error) {
	var l Links
	var err error
	if l.Notes, err = linked(ctx, s.pool, `
		SELECT n.id, n.title, 0::bigint AS meeting_id, '' AS meeting_title, n.published_at AS starts_at,
			NOT EXISTS (SELECT 1 FROM tool_notes x WHERE x.tool_id = $1 AND x.note_id = n.id) AS source
		FROM notes n WHERE n.status = 'published' AND (n.id IN (SELECT note_id FROM tool_notes WHERE tool_id = $1)
			OR (n.source_type = 'tool' AND n.source_id = $1))
		ORDER BY n.published_at DESC, n.id`, id); err != nil {
		return nil, err
	}
	if l.Items, err = linked(ctx, s.pool, `
		SELECT t.id, t.title, m.id AS meeting_id, m.title AS meeting_title, m.starts_at, false AS source
		FROM tool_topics x JOIN topics t ON t.id = x.topic_id JOIN meetings m ON m.id = t.meeting_id
		WHERE x.tool_id = $1 ORDER BY m.starts_at DESC, t.position, t.id`, id); err != nil {
		return nil, err
	}
	if l.Forms, err = linked(ctx, s.pool, `
		SELECT f.id, f.title, coalesce(m.id, 0) AS meeting_id, coalesce(m.title, '') AS meeting_title,
			coalesce(m.starts_at, f.created_at) AS starts_at, false AS source
		FROM tool_forms x JOIN feedback_forms f ON f.id = x.form_id LEFT JOIN meetings m ON m.id = f.meeting_id
		WHERE x.tool_id = $1 ORDER BY starts_at DESC, f.id`, id); err != nil {
		return nil, err
	}
	return &l, nil
}

func linked(ctx context.Context, q querier, sql string, args ...any) ([]Linked, error) {
	rows, err := q.Query(ctx, sql, args...)
	if err != nil {
		return nil, fmt.Errorf("nest: links: %w", err)
	}
	ls, err := pgx.CollectRows(rows, pgx.RowToStructByName[Linked])
	if err != nil {
		return nil, fmt.Errorf("nest: links: %w", err)
	}
	return ls, nil
}

// Choices are what a tool of region may link to besides notes (which are named by number):
// the accepted agenda items of the region's meetings and the region's feedback forms, newest
// first.
func (s *Store) Choices(ctx context.Context, region int16) (items, forms []Linked, err error) {
	if items, err = linked(ctx, s.pool, `
		SELECT t.id, t.title, m.id AS meeting_id, m.title AS meeting_title, m.starts_at, false AS source
		FROM topics t JOIN meetings m ON m.id = t.meeting_id
		WHERE m.region_id = $1 AND t.status = 'accepted' AND m.status <> 'cancelled'
		ORDER BY m.starts_at DESC, t.position, t.id LIMIT 300`, region); err != nil {
		return nil, nil, err
	}
	forms, err = linked(ctx, s.pool, `
		SELECT f.id, f.title, coalesce(m.id, 0) AS meeting_id, coalesce(m.title, '') AS meeting_title,
			coalesce(m.starts_at, f.created_at) AS starts_at, false AS source
		FROM feedback_forms f LEFT JOIN meetings m ON m.id = f.meeting_id
		WHERE f.region_id = $1 AND NOT f.is_template AND f.status <> 'draft' ORDER BY starts_at DESC, f.id LIMIT 300`, region)
	return items, forms, err
}

// Link links tool id to target, of kind: a published note, an accepted agenda item of a
// meeting of the tool's region, or a feedback form of that region. Those who edit the tool link.
// Linking twice changes nothing.
func (s *Store) Link(ctx context.Context, u *auth.User, id int64, kind LinkKind, target int64) error {
	return s.link(ctx, u, id, kind, target, true)
}

// Unlink removes a link of tool id.
func (s *Store) Unlink(ctx context.Context, u *auth.User, id int64, kind LinkKind, target int64) error {
	return s.link(ctx, u, id, kind, target, false)
}

var linkTables = map[LinkKind]struct{ table, col, check string }{
	LinkNote: {"tool_notes", "note_id", `SELECT EXISTS (SELECT 1 FROM notes WHERE id = $1 AND status = 'published')`},
	LinkItem: {"tool_topics", "topic_id", `SELECT EXISTS (SELECT 1 FROM topics t JOIN meetings m ON m.id = t.meeting_id
		WHERE t.id = $1 AND t.status = 'accepted' AND m.region_id = $2)`},
	LinkForm: {"tool_forms", "form_id", `SELECT EXISTS (SELECT 1 FROM feedback_forms WHERE id = $1 AND region_id = $2 AND NOT is_template AND status <> 'draft')`},
}

func (s *Store) link(ctx context.Context, u *auth.User, id int64, kind LinkKind, target int64, add bool) error {
	lt, ok := linkTables[kind]
	if !ok {
		return app.Invalid{"kind": "nest.err.link_kind"}
	}
	return db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		t, err := loadTool(ctx, tx, id, true)
		if err != nil {
			return err
		}
		if !Edits(u, t) {
			return app.ErrForbidden
		}
		var sql string
		if add {
			var exists bool
			args := []any{target}
			if kind != LinkNote {
				args = append(args, t.RegionID)
			}
			if err := tx.QueryRow(ctx, lt.check, args...).Scan(&exists); err != nil {
				return fmt.Errorf("nest: check link target: %w", err)
			}
			if !exists {
				return app.Invalid{string(kind): "nest.err.link_" + string(kind)}
			}
			sql = `INSERT INTO ` + lt.table + ` (tool_id, ` + lt.col + `) VALUES ($1, $2) ON CONFLICT DO NOTHING`
		} else {
			sql = `DELETE FROM ` + lt.table + ` WHERE tool_id = $1 AND ` + lt.col + ` = $2`
		}
		tag, err := tx.Exec(ctx, sql, id, target)
		if err != nil {
			return fmt.Errorf("nest: link tool %d: %w", id, err)
		}
		if tag.RowsAffected() == 0 {
			if add {
				return nil
			}
			return app.ErrNotFound
		}
		action := "tool.link"
		if !add {
			action = "tool.unlink"
		}
		return record(ctx, tx, u.ID, action, id, "", "", map[string]any{"kind": kind, "target": target})
	})
}
