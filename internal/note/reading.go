package note

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"hnizdo.cz/hnizdo/internal/app"
	"hnizdo.cz/hnizdo/internal/audit"
	"hnizdo.cz/hnizdo/internal/auth"
)

// Useful marks or unmarks note id as useful for u (one mark per person) and returns the new
// count. Parallel clicks cannot count twice: the mark is a primary key.
func (s *Store) Useful(ctx context.Context, u *auth.User, id int64, useful bool) (int32, error) {
	var count int32
	err := s.edit(ctx, u, id, func(tx pgx.Tx, n *Note) error {
		if n.Status != Published {
			return app.ErrConflict
		}
		sql := `INSERT INTO note_useful (note_id, user_id) VALUES ($1, $2) ON CONFLICT DO NOTHING`
		delta, action := 1, "note.useful"
		if !useful {
			sql, delta, action = `DELETE FROM note_useful WHERE note_id = $1 AND user_id = $2`, -1, "note.not_useful"
		}
		tag, err := tx.Exec(ctx, sql, id, u.ID)
		if err != nil {
			return fmt.Errorf("note: useful %d: %w", id, err)
		}
		count = n.UsefulCount
		if tag.RowsAffected() == 0 {
			return nil // already so: a double click changes nothing
		}
		if err := tx.QueryRow(ctx, `UPDATE notes SET useful_count = useful_count + $2 WHERE id = $1 RETURNING useful_count`,
			id, delta).Scan(&count); err != nil {
			return fmt.Errorf("note: useful %d: %w", id, err)
		}
		return audit.Record(ctx, tx, audit.Entry{ActorID: u.ID, Action: action, ObjectType: "note", ObjectID: id})
	})
	return count, err
}

// Reader is what the note page needs to know about the reader's own marks.
type Reader struct {
	Useful       bool
	Acknowledged bool // of the current version
	MustAck      bool // binding guidance of the reader's region, not yet acknowledged in this version
}

// ReaderOf returns u's marks on n.
func (s *Store) ReaderOf(ctx context.Context, u *auth.User, n *Note) (Reader, error) {
	var r Reader
	var acked *int32
	err := s.pool.QueryRow(ctx, `
		SELECT EXISTS (SELECT 1 FROM note_useful WHERE note_id = $1 AND user_id = $2),
			(SELECT version FROM note_acks WHERE note_id = $1 AND user_id = $2)`, n.ID, u.ID).Scan(&r.Useful, &acked)
	if err != nil {
		return r, fmt.Errorf("note: reader of %d: %w", n.ID, err)
	}
	r.Acknowledged = acked != nil && *acked == n.Version
	r.MustAck = n.Binding && n.Status == Published && u.RegionID == n.RegionID && !r.Acknowledged
	return r, nil
}

// Acknowledge records that u has read the current version of binding guidance n. Staff of the
// note's region acknowledge; a new version asks them again.
func (s *Store) Acknowledge(ctx context.Context, u *auth.User, id int64, version int32) error {
	return s.edit(ctx, u, id, func(tx pgx.Tx, n *Note) error {
		if !n.Binding || n.Status != Published || u.RegionID != n.RegionID {
			return app.ErrForbidden
		}
		if version != n.Version {
			return ErrStale // a newer version appeared while the reader was reading
		}
		tag, err := tx.Exec(ctx, `
			INSERT INTO note_acks (note_id, user_id, version) VALUES ($1, $2, $3)
			ON CONFLICT (note_id, user_id) DO UPDATE SET version = EXCLUDED.version, at = now()
			WHERE note_acks.version <> EXCLUDED.version`, id, u.ID, n.Version)
		if err != nil {
			return fmt.Errorf("note: acknowledge %d: %w", id, err)
		}
		if tag.RowsAffected() == 0 {
			return nil
		}
		return audit.Record(ctx, tx, audit.Entry{ActorID: u.ID, Action: "note.acknowledge", ObjectType: "note", ObjectID: id,
			Detail: map[string]any{"version": n.Version}})
	})
}

// Ack is one staff member's acknowledgement state for binding guidance.
type Ack struct {
	UserID     int64      `db:"user_id"`
	Name       string     `db:"name"`
	OfficeName string     `db:"office_name"`
	At         *time.Time `db:"at"`      // nil: not acknowledged in the current version
	Earlier    bool       `db:"earlier"` // acknowledged an older version only
}

// Acks lists every active staff member of the note's region with their acknowledgement,
// by office. Reviewers and office heads of the region see it.
func (s *Store) Acks(ctx context.Context, u *auth.User, n *Note) ([]Ack, error) {
	if !CanSeeAcks(u, n) {
		return nil, app.ErrForbidden
	}
	rows, err := s.pool.Query(ctx, `
		SELECT us.id AS user_id, us.name, o.name AS office_name,
			CASE WHEN a.version = $2 THEN a.at END AS at, coalesce(a.version <> $2, false) AS earlier
		FROM users us JOIN offices o ON o.id = us.office_id
		LEFT JOIN note_acks a ON a.note_id = $1 AND a.user_id = us.id
		WHERE o.region_id = $3 AND us.active AND us.password_hash <> ''
		ORDER BY o.kind = 'regional' DESC, o.name COLLATE "cs-CZ-x-icu", us.name COLLATE "cs-CZ-x-icu"`,
		n.ID, n.Version, n.RegionID)
	if err != nil {
		return nil, fmt.Errorf("note: acks of %d: %w", n.ID, err)
	}
	return pgx.CollectRows(rows, pgx.RowToStructByName[Ack])
}

// CanSeeAcks: who has acknowledged binding guidance is for the region's reviewers and heads.
func CanSeeAcks(u *auth.User, n *Note) bool {
	return n.Binding && (IsReviewer(u, n) || (u.Has(auth.Head) && u.RegionID == n.RegionID))
}

// Pending lists the binding guidance u has not acknowledged in its current version.
func (s *Store) Pending(ctx context.Context, u *auth.User) ([]Note, error) {
	return s.list(ctx, `
		WHERE n.binding AND n.status = 'published' AND n.region_id = $1
		  AND NOT EXISTS (SELECT 1 FROM note_acks a WHERE a.note_id = n.id AND a.user_id = $2 AND a.version = n.version)
		ORDER BY n.published_at DESC LIMIT 20`, u.RegionID, u.ID)
}
