package oversight

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"

	"hnizdo.cz/hnizdo/internal/app"
	"hnizdo.cz/hnizdo/internal/auth"
)

// CriterionCount is how often one criterion was found wanting in the region.
type CriterionCount struct {
	StandardID   int16  `db:"standard_id"`
	StandardName string `db:"standard_name"`
	CriterionID  int16  `db:"criterion_id"`
	Code         string `db:"code"`
	Text         string `db:"text"`
	Partly       int    `db:"partly"`
	NotMet       int    `db:"not_met"`
	Offices      int    `db:"offices"` // distinct offices
}

// Repeat is a criterion found wanting again and again: in two or more offices of the region, or
// in one office in two or more inspection years. Such a finding calls for guidance rather than
// one office's measure, so it can spawn an FAQ entry or a guidance note.
type Repeat struct {
	CriterionID int16    `db:"criterion_id"`
	Code        string   `db:"code"`
	Text        string   `db:"text"`
	Offices     int      `db:"offices"`
	Years       []int16  `db:"years"`
	OfficeNames []string `db:"office_names"`
	FindingIDs  []int64  `db:"finding_ids"`
	QuestionID  int64    `db:"question_id"` // FAQ entry spawned from the findings, 0 if none
	NoteID      int64    `db:"note_id"`     // guidance note spawned from the findings, 0 if none
}

// Overview is the region-wide picture of inspections and findings.
type Overview struct {
	Year        int16 // 0: all years
	Inspections int
	ByState     map[State]int
	Criteria    []CriterionCount // only criteria with findings, by standard then position
	// Repeated spans all years whatever Year is: a repeat across years is the point, and the
	// findings it lists are the ones a spawned FAQ entry or note links to.
	Repeated []Repeat
}

// counted: only concluded assessments count; a checklist still filled in on site is a draft.
const counted = `i.state IN ('protocol', 'decided', 'measures', 'closed') AND f.rating IN ('partly', 'not_met')`

// Overview returns the overview of u's region for year (0 = all years). Methodologists only.
func (s *Store) Overview(ctx context.Context, u *auth.User, year int16) (*Overview, error) {
	if !u.Can(auth.Oversee) {
		return nil, app.ErrForbidden
	}
	o := &Overview{Year: year, ByState: map[State]int{}}
	rows, err := s.pool.Query(ctx, `SELECT state, count(*)::int FROM inspections
		WHERE region_id = $1 AND ($2::smallint = 0 OR year = $2) GROUP BY state`, u.RegionID, year)
	if err != nil {
		return nil, fmt.Errorf("oversight: overview states: %w", err)
	}
	var st State
	var n int
	if _, err := pgx.ForEachRow(rows, []any{&st, &n}, func() error {
		o.ByState[st] = n
		o.Inspections += n
		return nil
	}); err != nil {
		return nil, fmt.Errorf("oversight: overview states: %w", err)
	}
	// Counted first, named after: the findings are read from the index of findings (only what
	// it holds), and the texts join the few counts, not every finding.
	rows, err = s.pool.Query(ctx, `
		WITH n AS (
			SELECT f.criterion_id,
				count(*) FILTER (WHERE f.rating = 'partly')::int AS partly,
				count(*) FILTER (WHERE f.rating = 'not_met')::int AS not_met,
				count(DISTINCT i.office_id)::int AS offices
			FROM findings f JOIN inspections i ON i.id = f.inspection_id
			WHERE i.region_id = $1 AND ($2::smallint = 0 OR i.year = $2) AND `+counted+`
			GROUP BY f.criterion_id)
		SELECT c.standard_id, `+localised("s.name", 3)+` AS standard_name, c.id AS criterion_id, c.code,
			`+localised("c.text", 3)+` AS text, n.partly, n.not_met, n.offices
		FROM n JOIN criteria c ON c.id = n.criterion_id JOIN standards s ON s.id = c.standard_id
		ORDER BY c.standard_id, c.position`, u.RegionID, year, u.Lang)
	if err != nil {
		return nil, fmt.Errorf("oversight: overview criteria: %w", err)
	}
	if o.Criteria, err = pgx.CollectRows(rows, pgx.RowToStructByName[CriterionCount]); err != nil {
		return nil, fmt.Errorf("oversight: overview criteria: %w", err)
	}
	if o.Repeated, err = s.repeats(ctx, u, 0); err != nil {
		return nil, err
	}
	return o, nil
}

// Repeated returns the repeat of criterion in u's region, for the actions that spawn an FAQ
// entry or a guidance note from it; ErrNotFound if the criterion does not repeat.
func (s *Store) Repeated(ctx context.Context, u *auth.User, criterion int16) (*Repeat, error) {
	if !u.Can(auth.Oversee) {
		return nil, app.ErrForbidden
	}
	if criterion == 0 {
		return nil, app.ErrNotFound
	}
	list, err := s.repeats(ctx, u, criterion)
	if err != nil {
		return nil, err
	}
	if len(list) == 0 {
		return nil, app.ErrNotFound
	}
	return &list[0], nil
}

// repeats lists the repeated findings of u's region, of one criterion or (0) all, by standard
// then position.
func (s *Store) repeats(ctx context.Context, u *auth.User, criterion int16) ([]Repeat, error) {
	// One office in two years shows as more distinct (office, year) pairs than offices. The
	// FAQ entry and note spawned from a repeat are found by joining its findings once (q, n):
	// a max() per repeat over "finding_id = ANY (its findings)" walked the whole link table
	// backwards for every repeat, testing each row against the array.
	rows, err := s.pool.Query(ctx, `
		WITH f AS MATERIALIZED (
			SELECT f.id, f.criterion_id, i.office_id, o.name AS office_name, i.year
			FROM findings f JOIN inspections i ON i.id = f.inspection_id JOIN offices o ON o.id = i.office_id
			WHERE i.region_id = $1 AND ($2::smallint = 0 OR f.criterion_id = $2) AND `+counted+`
		), r AS (
			SELECT criterion_id, count(DISTINCT office_id)::int AS offices,
				array_agg(DISTINCT year ORDER BY year) AS years,
				array_agg(DISTINCT office_name ORDER BY office_name) AS office_names,
				array_agg(id ORDER BY id) AS finding_ids
			FROM f GROUP BY criterion_id
			HAVING count(DISTINCT office_id) >= 2 OR count(DISTINCT (office_id, year)) > count(DISTINCT office_id)
		), q AS (
			SELECT f.criterion_id, max(qf.question_id) AS id
			FROM f JOIN question_findings qf ON qf.finding_id = f.id GROUP BY f.criterion_id
		), n AS (
			SELECT f.criterion_id, max(nf.note_id) AS id
			FROM f JOIN note_findings nf ON nf.finding_id = f.id GROUP BY f.criterion_id
		)
		SELECT c.id AS criterion_id, c.code, `+localised("c.text", 3)+` AS text, r.offices, r.years, r.office_names, r.finding_ids,
			coalesce(q.id, 0) AS question_id, coalesce(n.id, 0) AS note_id
		FROM r JOIN criteria c ON c.id = r.criterion_id
			LEFT JOIN q ON q.criterion_id = r.criterion_id LEFT JOIN n ON n.criterion_id = r.criterion_id
		ORDER BY c.standard_id, c.position`, u.RegionID, criterion, u.Lang)
	if err != nil {
		return nil, fmt.Errorf("oversight: repeated findings: %w", err)
	}
	list, err := pgx.CollectRows(rows, pgx.RowToStructByName[Repeat])
	if err != nil {
		return nil, fmt.Errorf("oversight: repeated findings: %w", err)
	}
	return list, nil
}

// localised is the SQL for column prefix's text in the language of parameter n: English where
// there is an English text, Czech otherwise.
func localised(prefix string, n int) string {
	return fmt.Sprintf(`CASE WHEN $%d::text = 'en' AND %s_en <> '' THEN %s_en ELSE %s_cs END`, n, prefix, prefix, prefix)
}
