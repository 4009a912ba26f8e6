// Package audit writes the one audit log shared by every capability. Entries are written in
// the same transaction as the change they describe, so the log never disagrees with the data.
package audit

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
)

// Entry is one recorded change: who did what to which object, from which state to which.
type Entry struct {
	ActorID    int64 // 0 for the system (seeding, command line)
	Action     string
	ObjectType string
	ObjectID   int64
	From, To   string
	Detail     map[string]any
	// At is when it happened; zero means now. Only an anonymous answer sets it (to the day),
	// so that its entry cannot date the response.
	At time.Time
}

// Record appends e inside tx.
func Record(ctx context.Context, tx pgx.Tx, e Entry) error {
	detail := []byte("{}")
	if len(e.Detail) > 0 {
		var err error
		if detail, err = json.Marshal(e.Detail); err != nil {
			return fmt.Errorf("audit: encode detail: %w", err)
		}
	}
	var actor *int64
	if e.ActorID != 0 {
		actor = &e.ActorID
	}
	var at *time.Time
	if !e.At.IsZero() {
		at = &e.At
	}
	_, err := tx.Exec(ctx, `
		INSERT INTO audit_log (actor_id, action, object_type, object_id, from_state, to_state, detail, at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, coalesce($8, now()))`,
		actor, e.Action, e.ObjectType, e.ObjectID, e.From, e.To, detail, at)
	if err != nil {
		return fmt.Errorf("audit: record %s %s %d: %w", e.Action, e.ObjectType, e.ObjectID, err)
	}
	return nil
}

// Row is an entry as read back, for history pages and tests.
type Row struct {
	At         time.Time `db:"at"`
	ActorID    *int64    `db:"actor_id"`
	Action     string    `db:"action"`
	ObjectType string    `db:"object_type"`
	ObjectID   int64     `db:"object_id"`
	From       string    `db:"from_state"`
	To         string    `db:"to_state"`
}

// Querier is what both a pool and a transaction offer.
type Querier interface {
	Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error)
}

// For lists the entries of one object, oldest first.
func For(ctx context.Context, q Querier, objectType string, objectID int64) ([]Row, error) {
	rows, err := q.Query(ctx, `
		SELECT at, actor_id, action, object_type, object_id, from_state, to_state
		FROM audit_log WHERE object_type = $1 AND object_id = $2 ORDER BY id`, objectType, objectID)
	if err != nil {
		return nil, fmt.Errorf("audit: list %s %d: %w", objectType, objectID, err)
	}
	return pgx.CollectRows(rows, pgx.RowToStructByName[Row])
}
