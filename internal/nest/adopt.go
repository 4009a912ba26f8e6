package nest

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"hnizdo.cz/hnizdo/internal/app"
	"hnizdo.cz/hnizdo/internal/auth"
	"hnizdo.cz/hnizdo/internal/db"
)

const adoptionCols = `a.id, a.tool_id, t.name AS tool_name, t.maturity, a.office_id, o.name AS office_name,
	o.region_id, a.stage, a.offered_on, a.trialling_on, a.adopted_on, a.abandoned_on, a.report, a.rating,
	a.version, a.updated_at`

const adoptionFrom = ` FROM adoptions a JOIN tools t ON t.id = a.tool_id JOIN offices o ON o.id = a.office_id`

func collectAdoptions(rows pgx.Rows, err error) ([]Adoption, error) {
	if err != nil {
		return nil, fmt.Errorf("nest: adoptions: %w", err)
	}
	as, err := pgx.CollectRows(rows, pgx.RowToStructByName[Adoption])
	if err != nil {
		return nil, fmt.Errorf("nest: adoptions: %w", err)
	}
	return as, nil
}

// Adoptions returns every office's adoption of tool, by office name.
func (s *Store) Adoptions(ctx context.Context, tool int64) ([]Adoption, error) {
	return collectAdoptions(s.pool.Query(ctx, `SELECT `+adoptionCols+adoptionFrom+` WHERE a.tool_id = $1 ORDER BY o.name COLLATE "cs-CZ-x-icu"`, tool))
}

// OfficeAdoptions returns the tools office was offered, tries, uses or gave up, by tool name.
func (s *Store) OfficeAdoptions(ctx context.Context, office int64) ([]Adoption, error) {
	return collectAdoptions(s.pool.Query(ctx, `SELECT `+adoptionCols+adoptionFrom+` WHERE a.office_id = $1 ORDER BY t.name COLLATE "cs-CZ-x-icu"`, office))
}

// Adoption returns office's adoption of tool, or nil when the office was not offered it.
func (s *Store) Adoption(ctx context.Context, tool, office int64) (*Adoption, error) {
	return adoptionOf(ctx, s.pool, tool, office)
}

func adoptionOf(ctx context.Context, q querier, tool, office int64) (*Adoption, error) {
	as, err := collectAdoptions(q.Query(ctx, `SELECT `+adoptionCols+adoptionFrom+` WHERE a.tool_id = $1 AND a.office_id = $2`, tool, office))
	if err != nil || len(as) == 0 {
		return nil, err
	}
	return &as[0], nil
}

// StepRow is one step of an adoption as its history shows it.
type StepRow struct {
	FromStage Stage     `db:"from_stage"`
	Stage     Stage     `db:"stage"`
	On        time.Time `db:"on_date"`
	Report    string    `db:"report"`
	Rating    *int16    `db:"rating"`
	ByName    string    `db:"by_name"`
	At        time.Time `db:"at"`
}

// Steps returns the steps of adoption id, oldest first.
func (s *Store) Steps(ctx context.Context, adoption int64) ([]StepRow, error) {
	rows, err := s.pool.Query(ctx, `
		SELECT st.from_stage, st.stage, st.on_date, st.report, st.rating, u.name AS by_name, st.at
		FROM adoption_steps st JOIN users u ON u.id = st.by_id WHERE st.adoption_id = $1 ORDER BY st.id`, adoption)
	if err != nil {
		return nil, fmt.Errorf("nest: adoption steps: %w", err)
	}
	return pgx.CollectRows(rows, pgx.RowToStructByName[StepRow])
}

// Step is one change of an office's adoption of a tool.
type Step struct {
	Tool    int64
	Office  int64
	Action  Action
	On      time.Time // the day it happened; zero: today
	Report  string    // the experience report; required to adopt, abandon and evaluate
	Rating  int16     // usefulness 1–5; 0: none; required to adopt and evaluate
	Version int32     // the adoption's version the form showed; 0 when there was none
}

// Take records st: a guide or methodologist of the office's region offers the tool; the
// office's own staff try, adopt, abandon and evaluate it. The day may not be in the future nor
// before the adoption's previous step.
func (s *Store) Take(ctx context.Context, u *auth.User, st Step) error {
	if u == nil {
		return app.ErrForbidden
	}
	return db.InTx(ctx, s.pool, func(tx pgx.Tx) error { return s.take(ctx, tx, u, st) })
}

// Offer offers tool to every office of offices on day on, all or none. An office
// that has it offered, tries or uses it already is refused (ErrStep).
func (s *Store) Offer(ctx context.Context, u *auth.User, tool int64, offices []int64, on time.Time) error {
	if u == nil {
		return app.ErrForbidden
	}
	if len(offices) == 0 {
		return app.Invalid{"offices": "nest.err.offices_required"}
	}
	offices = slices.Compact(slices.Sorted(slices.Values(offices)))
	return db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		for _, o := range offices {
			cur, err := adoptionOf(ctx, tx, tool, o)
			if err != nil {
				return err
			}
			var v int32
			if cur != nil {
				v = cur.Version
			}
			if err := s.take(ctx, tx, u, Step{Tool: tool, Office: o, Action: Offer, On: on, Version: v}); err != nil {
				return err
			}
		}
		return nil
	})
}

func (s *Store) take(ctx context.Context, tx pgx.Tx, u *auth.User, st Step) error {
	st.Report = strings.TrimSpace(st.Report)
	t, err := loadTool(ctx, tx, st.Tool, true)
	if err != nil {
		return err
	}
	var region int16
	var kind string
	err = tx.QueryRow(ctx, `SELECT region_id, kind FROM offices WHERE id = $1`, st.Office).Scan(&region, &kind)
	if errors.Is(err, pgx.ErrNoRows) || (err == nil && kind != "orp" && kind != "district") {
		return app.Invalid{"office": "nest.err.office"}
	} else if err != nil {
		return fmt.Errorf("nest: adoption office: %w", err)
	}
	// Who: offers come from the office's region's guides and methodologists; everything
	// else from the office itself. Reporting for another office is refused at the field.
	// A tool spreads beyond its region too: each region's guides and methodologists offer it
	// to their own offices.
	if st.Action == Offer {
		if !Accompanies(u, region) {
			return app.Invalid{"office": "nest.err.offer_region"}
		}
	} else if u.OfficeID != st.Office {
		return app.Invalid{"office": "nest.err.other_office"}
	}
	// An idea or a retired tool is not taken up; an office may still say it stopped using a
	// retired one, or how it went.
	if !t.Maturity.Offerable() && !(t.Maturity == Retired && (st.Action == Abandon || st.Action == Evaluate)) {
		return Refusal("nest.err.not_offerable")
	}
	cur, err := adoptionOf(ctx, tx, st.Tool, st.Office)
	if err != nil {
		return err
	}
	from, version, last := NotOffered, int32(0), time.Time{}
	if cur != nil {
		from, version = cur.Stage, cur.Version
		for _, d := range []*time.Time{cur.OfferedOn, cur.TriallingOn, cur.AdoptedOn, cur.AbandonedOn} {
			if d != nil && d.After(last) {
				last = *d
			}
		}
	}
	if st.Version != version {
		return ErrStale
	}
	to, ok := st.Action.To(from)
	if !ok {
		return ErrStep
	}
	bad := app.Invalid{}
	today := s.today()
	if st.On.IsZero() {
		st.On = today
	}
	switch {
	case st.On.After(today):
		bad.Add("on", "nest.err.future")
	case st.On.Before(last):
		bad.Add("on", "nest.err.before_last")
	case st.On.Year() < 2000:
		// A typo in the year (0202, 1926) would stretch the tool's spread over centuries.
		bad.Add("on", "nest.err.too_old")
	}
	needReport := st.Action == Adopt || st.Action == Abandon || st.Action == Evaluate
	guardText(bad, "report", st.Report, needReport, maxReport)
	switch {
	case st.Rating < 0 || st.Rating > 5:
		bad.Add("rating", "nest.err.rating")
	case st.Rating == 0 && (st.Action == Adopt || st.Action == Evaluate):
		bad.Add("rating", "nest.err.rating_required")
	}
	if st.Action == Offer && (st.Report != "" || st.Rating != 0) {
		bad.Add("report", "nest.err.offer_report")
	}
	if err := bad.Err(); err != nil {
		return err
	}
	var rating *int16
	if st.Rating != 0 {
		rating = &st.Rating
	}
	col := map[Stage]string{Offered: "offered_on", Trialling: "trialling_on", Adopted: "adopted_on", Abandoned: "abandoned_on"}[to]
	var id int64
	if cur == nil {
		err = tx.QueryRow(ctx, `
			INSERT INTO adoptions (tool_id, office_id, stage, `+col+`, report, rating, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
			st.Tool, st.Office, to, st.On, st.Report, rating, s.now()).Scan(&id)
	} else {
		id = cur.ID
		// A step with a report or a rating is a new evaluation and replaces the latest one whole,
		// so a report never pairs with another step's rating (an abandonment's report with the
		// rating from before it would count as success once the office tries again); a step
		// without either keeps it.
		_, err = tx.Exec(ctx, `
			UPDATE adoptions SET stage = $2, `+col+` = CASE WHEN stage = $2 THEN `+col+` ELSE $3 END,
				report = CASE WHEN $4 = '' AND $5::smallint IS NULL THEN report ELSE $4 END,
				rating = CASE WHEN $4 = '' AND $5::smallint IS NULL THEN rating ELSE $5 END,
				version = version + 1, updated_at = $6
			WHERE id = $1`, id, to, st.On, st.Report, rating, s.now())
	}
	if err != nil {
		return fmt.Errorf("nest: adoption of tool %d by office %d: %w", st.Tool, st.Office, err)
	}
	if _, err := tx.Exec(ctx, `
		INSERT INTO adoption_steps (adoption_id, from_stage, stage, on_date, report, rating, by_id, at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`, id, from, to, st.On, st.Report, rating, u.ID, s.now()); err != nil {
		return fmt.Errorf("nest: adoption step: %w", err)
	}
	return record(ctx, tx, u.ID, "tool.adoption."+string(st.Action), st.Tool, string(from), string(to),
		map[string]any{"office_id": st.Office, "on": st.On.Format(time.DateOnly), "rating": st.Rating})
}
