package meeting

import (
	"context"

	"github.com/jackc/pgx/v5"
)

// carryInto carries the unresolved items of the previous meeting of m's series into m.
// (Stub: the minutes change replaces it.)
func carryInto(ctx context.Context, tx pgx.Tx, actor int64, m *Meeting) error { return nil }
