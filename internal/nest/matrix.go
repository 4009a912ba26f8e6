package nest

// How tools spread: the offices × tools matrix of a region, its CSV and one tool's timeline.

import (
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5"

	"hnizdo.cz/hnizdo/internal/app"
	"hnizdo.cz/hnizdo/internal/i18n"
	"hnizdo.cz/hnizdo/internal/sheet"
)

// StageCounts are adoptions per stage: of one office's tools, or of one tool's offices.
type StageCounts struct {
	Offered, Trialling, Adopted, Abandoned int
}

// Of returns the count of stage st; 0 for NotOffered, which StageCounts does not keep.
func (c StageCounts) Of(st Stage) int {
	switch st {
	case Offered:
		return c.Offered
	case Trialling:
		return c.Trialling
	case Adopted:
		return c.Adopted
	case Abandoned:
		return c.Abandoned
	}
	return 0
}

// Total is the number of adoption rows counted, whatever their stage.
func (c StageCounts) Total() int { return c.Offered + c.Trialling + c.Adopted + c.Abandoned }

func (c *StageCounts) add(st Stage) {
	switch st {
	case Offered:
		c.Offered++
	case Trialling:
		c.Trialling++
	case Adopted:
		c.Adopted++
	case Abandoned:
		c.Abandoned++
	}
}

// MatrixOffice is a row of the matrix: an ORP or city-district office of the region.
type MatrixOffice struct {
	ID    int64
	Name  string
	Pilot bool
	// Counts are the matrix's tools per stage at this office.
	Counts StageCounts
	// Reached is how many of the matrix's tools the office has an adoption row of.
	Reached int
}

// MatrixTool is a column of the matrix.
type MatrixTool struct {
	ID         int64
	Name       string
	Maturity   Maturity
	RegionID   int16 // where it was made; may be another region when it spread here
	RegionName string
	// Counts are the region's offices per stage of this tool.
	Counts StageCounts
	// NotOffered is the region's offices without an adoption row, NotOfferedOffices their names.
	NotOffered        int
	NotOfferedOffices []string
}

// Matrix is how the tools spread through one region's offices.
type Matrix struct {
	Region     int16
	RegionName string
	RegionSlug string // e.g. "PAK", for file names
	// Offices are the region's ORP and city-district offices, by name.
	Offices []MatrixOffice
	// Tools are the tools made in the region or adopted in any form by one of its offices,
	// ideas left out; the most mature first (recommended, validated, piloting, prototype,
	// retired), then by name.
	Tools []MatrixTool
	// Cells maps (office id, tool id) to the stage; a missing pair was not offered.
	Cells map[[2]int64]Stage
	// Origins holds the (office id, tool id) pairs where the office is an origin of the tool.
	Origins map[[2]int64]bool
}

// Cell is office's stage with tool; NotOffered without an adoption row.
func (m *Matrix) Cell(office, tool int64) Stage { return m.Cells[[2]int64{office, tool}] }

// Origin reports whether office is an origin of tool.
func (m *Matrix) Origin(office, tool int64) bool { return m.Origins[[2]int64{office, tool}] }

// Totals sums the cells of the whole matrix per stage.
func (m *Matrix) Totals() StageCounts {
	var c StageCounts
	for _, st := range m.Cells {
		c.add(st)
	}
	return c
}

// spreadSnapshot runs fn in one read-only transaction, so that counts read by several queries agree
// while offices report their steps.
func (s *Store) spreadSnapshot(ctx context.Context, fn func(tx pgx.Tx) error) error {
	opts := pgx.TxOptions{IsoLevel: pgx.RepeatableRead, AccessMode: pgx.ReadOnly}
	return pgx.BeginTxFunc(ctx, s.pool, opts, fn)
}

// Matrix returns the offices × tools matrix of region; app.ErrNotFound for an unknown region.
// Everyone signed in may read it: it holds practice, not clients.
func (s *Store) Matrix(ctx context.Context, region int16) (*Matrix, error) {
	m := &Matrix{Region: region, Cells: map[[2]int64]Stage{}, Origins: map[[2]int64]bool{}}
	err := s.spreadSnapshot(ctx, func(tx pgx.Tx) error {
		err := tx.QueryRow(ctx, `SELECT name, slug FROM regions WHERE id = $1`, region).Scan(&m.RegionName, &m.RegionSlug)
		if errors.Is(err, pgx.ErrNoRows) {
			return app.ErrNotFound
		} else if err != nil {
			return fmt.Errorf("nest: matrix region %d: %w", region, err)
		}
		if err := matrixOffices(ctx, tx, m); err != nil {
			return err
		}
		if err := matrixTools(ctx, tx, m); err != nil {
			return err
		}
		return matrixCells(ctx, tx, m)
	})
	if err != nil {
		return nil, err
	}
	m.count()
	return m, nil
}

func matrixOffices(ctx context.Context, tx pgx.Tx, m *Matrix) error {
	rows, err := tx.Query(ctx, `
		SELECT id, name, pilot FROM offices WHERE region_id = $1 AND kind IN ('orp', 'district') ORDER BY name COLLATE "cs-CZ-x-icu", id`, m.Region)
	if err != nil {
		return fmt.Errorf("nest: matrix offices: %w", err)
	}
	m.Offices, err = pgx.CollectRows(rows, func(r pgx.CollectableRow) (MatrixOffice, error) {
		var o MatrixOffice
		return o, r.Scan(&o.ID, &o.Name, &o.Pilot)
	})
	if err != nil {
		return fmt.Errorf("nest: matrix offices: %w", err)
	}
	return nil
}

func matrixTools(ctx context.Context, tx pgx.Tx, m *Matrix) error {
	rows, err := tx.Query(ctx, `
		SELECT t.id, t.name, t.maturity, t.region_id, r.name
		FROM tools t JOIN regions r ON r.id = t.region_id
		WHERE t.maturity <> 'idea' AND (t.region_id = $1 OR EXISTS (
			SELECT 1 FROM adoptions a JOIN offices o ON o.id = a.office_id
			WHERE a.tool_id = t.id AND o.region_id = $1 AND o.kind IN ('orp', 'district')))
		ORDER BY array_position(ARRAY['recommended', 'validated', 'piloting', 'prototype', 'retired'], t.maturity), t.name COLLATE "cs-CZ-x-icu", t.id`,
		m.Region)
	if err != nil {
		return fmt.Errorf("nest: matrix tools: %w", err)
	}
	m.Tools, err = pgx.CollectRows(rows, func(r pgx.CollectableRow) (MatrixTool, error) {
		var t MatrixTool
		return t, r.Scan(&t.ID, &t.Name, &t.Maturity, &t.RegionID, &t.RegionName)
	})
	if err != nil {
		return fmt.Errorf("nest: matrix tools: %w", err)
	}
	return nil
}

// matrixCells reads the stages and origins of the region's offices with the matrix's tools.
func matrixCells(ctx context.Context, tx pgx.Tx, m *Matrix) error {
	offices := make([]int64, len(m.Offices))
	for i, o := range m.Offices {
		offices[i] = o.ID
	}
	tools := make([]int64, len(m.Tools))
	for i, t := range m.Tools {
		tools[i] = t.ID
	}
	rows, err := tx.Query(ctx, `
		SELECT office_id, tool_id, stage, false FROM adoptions WHERE office_id = ANY($1) AND tool_id = ANY($2)
		UNION ALL
		SELECT office_id, tool_id, '', true FROM tool_origins WHERE office_id = ANY($1) AND tool_id = ANY($2)`,
		offices, tools)
	if err != nil {
		return fmt.Errorf("nest: matrix cells: %w", err)
	}
	var office, tool int64
	var stage string
	var origin bool
	_, err = pgx.ForEachRow(rows, []any{&office, &tool, &stage, &origin}, func() error {
		if origin {
			m.Origins[[2]int64{office, tool}] = true
		} else {
			m.Cells[[2]int64{office, tool}] = Stage(stage)
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("nest: matrix cells: %w", err)
	}
	return nil
}

// count fills the rows' and columns' counts from the cells.
func (m *Matrix) count() {
	for i := range m.Offices {
		o := &m.Offices[i]
		for j := range m.Tools {
			t := &m.Tools[j]
			st, ok := m.Cells[[2]int64{o.ID, t.ID}]
			if !ok {
				t.NotOffered++
				t.NotOfferedOffices = append(t.NotOfferedOffices, o.Name)
				continue
			}
			o.Counts.add(st)
			o.Reached++
			t.Counts.add(st)
		}
	}
}

// WriteMatrixCSV writes m for a spreadsheet in language lang: one row per office with its
// name, whether it is a pilot office, its stage with each tool (empty: not offered) and its
// counts per stage.
func WriteMatrixCSV(w io.Writer, m *Matrix, lang string) error {
	l := i18n.For(lang)
	c, err := sheet.NewCSV(w)
	if err != nil {
		return err
	}
	head := []string{l.T("nest.matrix.csv.office"), l.T("nest.matrix.csv.pilot")}
	for _, t := range m.Tools {
		head = append(head, t.Name)
	}
	for _, st := range matrixOrder {
		head = append(head, l.T("nest.matrix.csv."+string(st)))
	}
	head = append(head, l.T("nest.matrix.csv.reached"))
	if err := c.Write(head); err != nil {
		return err
	}
	for _, o := range m.Offices {
		pilot := l.T("nest.matrix.csv.no")
		if o.Pilot {
			pilot = l.T("nest.matrix.csv.yes")
		}
		row := []string{o.Name, pilot}
		for _, t := range m.Tools {
			cell := ""
			if st := m.Cell(o.ID, t.ID); st != NotOffered {
				cell = l.T("nest.stage." + string(st))
			}
			row = append(row, cell)
		}
		for _, st := range matrixOrder {
			row = append(row, strconv.Itoa(o.Counts.Of(st)))
		}
		row = append(row, strconv.Itoa(o.Reached))
		if err := c.Write(row); err != nil {
			return err
		}
	}
	return c.Flush()
}

// matrixOrder is the order the matrix shows counts in: the furthest stage first.
var matrixOrder = []Stage{Adopted, Trialling, Offered, Abandoned}

// MatrixOrder lists the stages in the order the matrix shows their counts.
func MatrixOrder() []Stage { return slices.Clone(matrixOrder) }

// SpreadPoint is a day of a tool's spread: how many offices had reached each stage by then.
// An office counts once per series and stays counted: Trialling counts the offices that tried
// the tool, or adopted it, even if they later moved on or gave it up; Offered counts every
// office with any step (an office may try a tool it was never formally offered); Adopted the
// offices that ever adopted it; Abandoned those that ever gave it up.
type SpreadPoint struct {
	Day                                    time.Time
	Offered, Trialling, Adopted, Abandoned int
}

// Spread returns tool's spread over time from its adoption steps, over offices of every
// region: one point per day on which a count changed, the first being the day of the first
// step, and a last point today holding the counts flat up to now. It is empty when no office
// has taken a step; app.ErrNotFound for an unknown tool.
func (s *Store) Spread(ctx context.Context, tool int64) ([]SpreadPoint, error) {
	// The first day each office reached each series.
	type firsts struct{ offered, trialling, adopted, abandoned time.Time }
	byOffice := map[int64]*firsts{}
	err := s.spreadSnapshot(ctx, func(tx pgx.Tx) error {
		if _, err := loadTool(ctx, tx, tool, false); err != nil {
			return err
		}
		rows, err := tx.Query(ctx, `
			SELECT a.office_id, st.stage, st.on_date FROM adoption_steps st JOIN adoptions a ON a.id = st.adoption_id
			WHERE a.tool_id = $1 ORDER BY st.on_date, st.id`, tool)
		if err != nil {
			return fmt.Errorf("nest: spread of tool %d: %w", tool, err)
		}
		var office int64
		var stage Stage
		var on time.Time
		first := func(d *time.Time) {
			if d.IsZero() || on.Before(*d) {
				*d = on
			}
		}
		_, err = pgx.ForEachRow(rows, []any{&office, &stage, &on}, func() error {
			f := byOffice[office]
			if f == nil {
				f = &firsts{}
				byOffice[office] = f
			}
			first(&f.offered)
			switch stage {
			case Trialling:
				first(&f.trialling)
			case Adopted:
				first(&f.trialling)
				first(&f.adopted)
			case Abandoned:
				first(&f.abandoned)
			}
			return nil
		})
		if err != nil {
			return fmt.Errorf("nest: spread of tool %d: %w", tool, err)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	// Each office adds one to a series on its first day there.
	type delta struct{ offered, trialling, adopted, abandoned int }
	deltas := map[time.Time]*delta{}
	bump := func(d time.Time, field func(*delta) *int) {
		if d.IsZero() {
			return
		}
		x := deltas[d]
		if x == nil {
			x = &delta{}
			deltas[d] = x
		}
		*field(x)++
	}
	for _, f := range byOffice {
		bump(f.offered, func(x *delta) *int { return &x.offered })
		bump(f.trialling, func(x *delta) *int { return &x.trialling })
		bump(f.adopted, func(x *delta) *int { return &x.adopted })
		bump(f.abandoned, func(x *delta) *int { return &x.abandoned })
	}
	days := make([]time.Time, 0, len(deltas))
	for d := range deltas {
		days = append(days, d)
	}
	slices.SortFunc(days, func(a, b time.Time) int { return a.Compare(b) })
	var out []SpreadPoint
	var cur SpreadPoint
	for _, d := range days {
		x := deltas[d]
		cur.Day = d
		cur.Offered += x.offered
		cur.Trialling += x.trialling
		cur.Adopted += x.adopted
		cur.Abandoned += x.abandoned
		out = append(out, cur)
	}
	if today := s.today(); len(out) > 0 && out[len(out)-1].Day.Before(today) {
		cur.Day = today
		out = append(out, cur)
	}
	return out, nil
}
