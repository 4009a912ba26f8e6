package nest

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"hnizdo.cz/hnizdo/internal/app"
	"hnizdo.cz/hnizdo/internal/auth"
	"hnizdo.cz/hnizdo/internal/db"
)

// Check is the state of one promotion rule for one tool: whether it holds and what it counted.
type Check struct {
	To       Maturity
	Key      string     // the message key that states the rule
	Met      bool       // the evidence the rule needs is there
	Have     int        // what it counted, e.g. offices with successful use
	Need     int        // how many it needs
	Evidence []Evidence // what it counted, kept with the promotion
}

// rule checks the evidence the ladder's rung to needs for tool t, reading the adoptions in q:
//   - prototype: a description and at least one origin office;
//   - piloting: an origin office tries or uses the tool;
//   - validated: ValidatingOffices offices other than the origin report successful use with an
//     evaluation (trialling or adopted, a report and a rating of at least SuccessRating);
//   - recommended: the same evidence still holds; a methodologist decides;
//   - retired: a reason is enough.
func rule(ctx context.Context, q querier, t *Tool, to Maturity) (Check, error) {
	c := Check{To: to, Key: "nest.rule." + string(to)}
	switch to {
	case Prototype:
		c.Need, c.Met = 1, strings.TrimSpace(t.Body) != "" && len(t.OriginIDs) > 0
		if c.Met {
			c.Have = 1
		}
		return c, nil
	case Retired:
		c.Met = true
		return c, nil
	case Piloting, Validated, Recommended:
	default:
		return c, fmt.Errorf("nest: no rule for %q", to)
	}
	rows, err := q.Query(ctx, `SELECT `+adoptionCols+adoptionFrom+` WHERE a.tool_id = $1 ORDER BY o.name COLLATE "cs-CZ-x-icu"`, t.ID)
	as, err := collectAdoptions(rows, err)
	if err != nil {
		return c, err
	}
	c.Need = ValidatingOffices
	if to == Piloting {
		c.Need = 1
	}
	for _, a := range as {
		origin := t.IsOrigin(a.OfficeID)
		counts := false
		if to == Piloting {
			counts = origin && (a.Stage == Trialling || a.Stage == Adopted)
		} else {
			counts = !origin && a.Successful()
		}
		if !counts {
			continue
		}
		e := Evidence{OfficeID: a.OfficeID, Office: a.OfficeName, Stage: a.Stage, Report: a.Report}
		if a.Rating != nil {
			e.Rating = *a.Rating
		}
		if d := a.Since(); d != nil {
			e.Since = d.Format(time.DateOnly)
		}
		c.Evidence = append(c.Evidence, e)
	}
	c.Have = len(c.Evidence)
	c.Met = c.Have >= c.Need
	return c, nil
}

// Rule returns the state of the rule for tool t's next rung, for the tool page; ok is false at
// the top of the ladder.
func (s *Store) Rule(ctx context.Context, t *Tool) (c Check, ok bool, err error) {
	next := t.Maturity.Next()
	if next == "" {
		return Check{}, false, nil
	}
	c, err = rule(ctx, s.pool, t, next)
	return c, err == nil, err
}

// Promote moves tool id to rung to with reason, when the rule of that rung holds: up one rung,
// or to retired from any other. version must be the one the form showed. The promotion is kept
// with the evidence the rule counted.
func (s *Store) Promote(ctx context.Context, u *auth.User, id int64, to Maturity, reason string, version int32) error {
	reason = strings.TrimSpace(reason)
	return db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		t, err := loadTool(ctx, tx, id, true)
		if err != nil {
			return err
		}
		if !to.Valid() || !MayPromote(u, t, to) {
			return app.ErrForbidden
		}
		if version != t.Version {
			return ErrStale
		}
		if to != t.Maturity.Next() && (to != Retired || t.Maturity == Retired) {
			return ErrStep
		}
		bad := app.Invalid{}
		guardText(bad, "reason", reason, true, maxReason)
		c, err := rule(ctx, tx, t, to)
		if err != nil {
			return err
		}
		if !c.Met {
			bad.Add("evidence", "nest.err.rule."+string(to))
		}
		if err := bad.Err(); err != nil {
			return err
		}
		evidence, err := json.Marshal(c.Evidence)
		if err != nil {
			return fmt.Errorf("nest: encode evidence: %w", err)
		}
		if c.Evidence == nil {
			evidence = []byte("[]")
		}
		if _, err := tx.Exec(ctx, `
			INSERT INTO tool_promotions (tool_id, from_level, to_level, by_id, at, reason, evidence)
			VALUES ($1, $2, $3, $4, $5, $6, $7)`, id, t.Maturity, to, u.ID, s.now(), reason, evidence); err != nil {
			return fmt.Errorf("nest: promote tool %d: %w", id, err)
		}
		if _, err := tx.Exec(ctx, `UPDATE tools SET maturity = $2, version = version + 1, updated_at = $3 WHERE id = $1`,
			id, to, s.now()); err != nil {
			return fmt.Errorf("nest: promote tool %d: %w", id, err)
		}
		return record(ctx, tx, u.ID, "tool.promote", id, string(t.Maturity), string(to),
			map[string]any{"evidence": len(c.Evidence)})
	})
}

// Promotions returns tool id's promotions, oldest first.
func (s *Store) Promotions(ctx context.Context, id int64) ([]Promotion, error) {
	rows, err := s.pool.Query(ctx, `
		SELECT p.id, p.from_level, p.to_level, p.by_id, u.name AS by_name, p.at, p.reason, p.evidence
		FROM tool_promotions p JOIN users u ON u.id = p.by_id WHERE p.tool_id = $1 ORDER BY p.at, p.id`, id)
	if err != nil {
		return nil, fmt.Errorf("nest: promotions of %d: %w", id, err)
	}
	return pgx.CollectRows(rows, pgx.RowToStructByName[Promotion])
}
