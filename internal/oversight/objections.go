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

	"hnizdo.cz/hnizdo/internal/app"
	"hnizdo.cz/hnizdo/internal/audit"
	"hnizdo.cz/hnizdo/internal/auth"
	"hnizdo.cz/hnizdo/internal/pii"
)

// ErrNotProtocol: objections are filed and decided only while the objection period runs (state
// protocol).
const ErrNotProtocol Refusal = "oversight.err.not_protocol"

// MaxObjectionText limits an objection and the reasoning of its decision.
const MaxObjectionText = 4000

// Objection is the inspected office's objection against the protocol, or against one finding
// of it (Control Code § 13), with the region's decision (§ 14).
type Objection struct {
	ID           int64      `db:"id"`
	InspectionID int64      `db:"inspection_id"`
	FindingID    *int64     `db:"finding_id"` // nil: against the whole protocol
	FindingCode  string     `db:"finding_code"`
	Filed        time.Time  `db:"filed_date"`
	Text         string     `db:"text"`
	RecordedBy   string     `db:"recorded_by"`
	Decision     string     `db:"decision"` // "" while undecided, else one of Decisions
	Reasoning    string     `db:"reasoning"`
	DecidedBy    string     `db:"decided_by"`
	DecidedDate  *time.Time `db:"decided_date"`
}

// Decisions are the ways an objection is decided: upheld, partly upheld, rejected.
var Decisions = []string{"upheld", "partly", "rejected"}

// ObjectionInput is an objection as typed in the form.
type ObjectionInput struct {
	FindingID int64     // 0: against the whole protocol
	Filed     time.Time // the day it reached the region
	Text      string
}

const objectionSelect = `SELECT ob.id, ob.inspection_id, ob.finding_id, coalesce(c.code, '') AS finding_code,
	ob.filed_date, ob.text, r.name AS recorded_by, coalesce(ob.decision, '') AS decision, ob.reasoning,
	coalesce(d.name, '') AS decided_by, ob.decided_date
	FROM objections ob JOIN users r ON r.id = ob.recorded_by
	LEFT JOIN findings f ON f.id = ob.finding_id LEFT JOIN criteria c ON c.id = f.criterion_id
	LEFT JOIN users d ON d.id = ob.decided_by`

// Objections lists the objections against inspection id in the order they were filed.
func (s *Store) Objections(ctx context.Context, u *auth.User, id int64) ([]Objection, error) {
	if _, err := s.Inspection(ctx, u, id); err != nil {
		return nil, err
	}
	return loadObjections(ctx, s.pool, id)
}

func loadObjections(ctx context.Context, q audit.Querier, id int64) ([]Objection, error) {
	rows, err := q.Query(ctx, objectionSelect+` WHERE ob.inspection_id = $1 ORDER BY ob.filed_date, ob.id`, id)
	if err != nil {
		return nil, fmt.Errorf("oversight: objections of %d: %w", id, err)
	}
	list, err := pgx.CollectRows(rows, pgx.RowToStructByName[Objection])
	if err != nil {
		return nil, fmt.Errorf("oversight: objections of %d: %w", id, err)
	}
	return list, nil
}

// Object records an objection against inspection id and returns its id. The head of the
// inspected office files it; a methodologist of the region records one that came on paper.
// It must have been filed within the objection period.
func (s *Store) Object(ctx context.Context, u *auth.User, id int64, in ObjectionInput) (int64, error) {
	in.Text = strings.TrimSpace(strings.ReplaceAll(in.Text, "\r\n", "\n"))
	today := s.today()
	var oid int64
	err := s.edit(ctx, u, id, func(tx pgx.Tx, i *Inspection) error {
		if !IsMethodologist(u, i.RegionID) && !(u.Has(auth.Head) && IsInspected(u, i)) {
			return app.ErrForbidden
		}
		if i.State != Protocol {
			return ErrNotProtocol
		}
		bad := app.Invalid{}
		switch {
		case in.Filed.IsZero():
			bad.Add("filed", "err.required")
		case in.Filed.After(today):
			bad.Add("filed", "oversight.err.future")
		case i.DeliveredDate != nil && in.Filed.Before(*i.DeliveredDate):
			bad.Add("filed", "oversight.err.filed_early")
		case i.ObjectionsDue != nil && in.Filed.After(*i.ObjectionsDue):
			bad.Add("filed", "oversight.err.filed_late")
		}
		checkText(bad, "text", in.Text)
		var code string
		if in.FindingID != 0 {
			err := tx.QueryRow(ctx, `SELECT c.code FROM findings f JOIN criteria c ON c.id = f.criterion_id
				WHERE f.id = $1 AND f.inspection_id = $2 AND f.rating IN ('partly', 'not_met')`, in.FindingID, id).Scan(&code)
			if errors.Is(err, pgx.ErrNoRows) {
				bad.Add("finding", "err.choose")
			} else if err != nil {
				return fmt.Errorf("oversight: finding %d of %d: %w", in.FindingID, id, err)
			}
		}
		if err := bad.Err(); err != nil {
			return err
		}
		var finding *int64
		if in.FindingID != 0 {
			finding = &in.FindingID
		}
		if err := tx.QueryRow(ctx, `INSERT INTO objections (inspection_id, finding_id, filed_date, text, recorded_by)
			VALUES ($1, $2, $3, $4, $5) RETURNING id`, id, finding, in.Filed, in.Text, u.ID).Scan(&oid); err != nil {
			return fmt.Errorf("oversight: objection to %d: %w", id, err)
		}
		return recordInspection(ctx, tx, u.ID, "inspection.objection", id, "", "",
			map[string]any{"objection": oid, "criterion": code, "filed": day(in.Filed)})
	})
	return oid, err
}

// checkText validates a required free text the office will read: present, not too long, no
// personal data.
func checkText(bad app.Invalid, field, text string) {
	switch {
	case text == "":
		bad.Add(field, "err.required")
	case utf8.RuneCountInString(text) > MaxObjectionText:
		bad.Add(field, "err.too_long")
	case len(pii.Scan(text)) > 0:
		bad.Add(field, "oversight.err.personal_data")
	}
}

// Decide records the region's decision on objection id, dated today. Only the region's
// methodologists decide, each objection once, while the objection period's state lasts.
func (s *Store) Decide(ctx context.Context, u *auth.User, id int64, decision, reasoning string) error {
	reasoning = strings.TrimSpace(strings.ReplaceAll(reasoning, "\r\n", "\n"))
	var inspection int64
	err := s.pool.QueryRow(ctx, `SELECT inspection_id FROM objections WHERE id = $1`, id).Scan(&inspection)
	if errors.Is(err, pgx.ErrNoRows) {
		return app.ErrNotFound
	}
	if err != nil {
		return fmt.Errorf("oversight: objection %d: %w", id, err)
	}
	today := s.today()
	return s.edit(ctx, u, inspection, func(tx pgx.Tx, i *Inspection) error {
		if !Inspects(u, i) {
			return app.ErrForbidden
		}
		if i.State != Protocol {
			return ErrNotProtocol
		}
		// Read under the inspection's lock, so two decisions on one objection cannot both pass.
		var decided bool
		if err := tx.QueryRow(ctx, `SELECT decision IS NOT NULL FROM objections WHERE id = $1`, id).Scan(&decided); err != nil {
			return fmt.Errorf("oversight: objection %d: %w", id, err)
		}
		if decided {
			return ErrChanged
		}
		bad := app.Invalid{}
		if !slices.Contains(Decisions, decision) {
			bad.Add("decision", "err.choose")
		}
		if reasoning == "" {
			bad.Add("reasoning", "oversight.err.reasoning")
		} else {
			checkText(bad, "reasoning", reasoning)
		}
		if err := bad.Err(); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `UPDATE objections SET decision = $2, reasoning = $3, decided_by = $4, decided_date = $5
			WHERE id = $1`, id, decision, reasoning, u.ID, today); err != nil {
			return fmt.Errorf("oversight: decide objection %d: %w", id, err)
		}
		return recordInspection(ctx, tx, u.ID, "inspection.objection_decided", i.ID, "", decision,
			map[string]any{"objection": id})
	})
}
