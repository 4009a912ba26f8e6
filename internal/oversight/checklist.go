package oversight

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/jackc/pgx/v5"

	"hnizdo.cz/hnizdo/internal/app"
	"hnizdo.cz/hnizdo/internal/audit"
	"hnizdo.cz/hnizdo/internal/auth"
	"hnizdo.cz/hnizdo/internal/db"
	"hnizdo.cz/hnizdo/internal/pii"
)

// Limits on the texts of the checklist.
const (
	MaxCriterionText = 1000
	MaxFindingText   = 4000
)

// Criterion is one criterion of a quality standard, e.g. 8a.
type Criterion struct {
	ID         int16  `db:"id"`
	StandardID int16  `db:"standard_id"`
	Code       string `db:"code"`
	TextCS     string `db:"text_cs"`
	TextEN     string `db:"text_en"`
	Assessed   bool   `db:"assessed"` // false: a regional inspection does not assess it
	Position   int16  `db:"position"`
	Version    int32  `db:"version"`
}

// Text returns the criterion's text in lang, Czech when there is no translation.
func (c Criterion) Text(lang string) string {
	if lang == "en" && c.TextEN != "" {
		return c.TextEN
	}
	return c.TextCS
}

// Standard is a quality standard with its criteria.
type Standard struct {
	ID       int16  `db:"id"`
	NameCS   string `db:"name_cs"`
	NameEN   string `db:"name_en"`
	Criteria []Criterion
}

// Name returns the standard's name in lang.
func (s Standard) Name(lang string) string {
	if lang == "en" && s.NameEN != "" {
		return s.NameEN
	}
	return s.NameCS
}

func loadStandards(ctx context.Context, q audit.Querier) ([]Standard, error) {
	rows, err := q.Query(ctx, `SELECT id, name_cs, name_en FROM standards ORDER BY id`)
	if err != nil {
		return nil, fmt.Errorf("oversight: standards: %w", err)
	}
	list, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (Standard, error) {
		var s Standard
		return s, r.Scan(&s.ID, &s.NameCS, &s.NameEN)
	})
	if err != nil {
		return nil, fmt.Errorf("oversight: standards: %w", err)
	}
	rows, err = q.Query(ctx, `SELECT id, standard_id, code, text_cs, text_en, assessed, position, version
		FROM criteria ORDER BY standard_id, position, id`)
	if err != nil {
		return nil, fmt.Errorf("oversight: criteria: %w", err)
	}
	cs, err := pgx.CollectRows(rows, pgx.RowToStructByName[Criterion])
	if err != nil {
		return nil, fmt.Errorf("oversight: criteria: %w", err)
	}
	at := map[int16]int{}
	for k, s := range list {
		at[s.ID] = k
	}
	for _, c := range cs {
		if k, ok := at[c.StandardID]; ok {
			list[k].Criteria = append(list[k].Criteria, c)
		}
	}
	return list, nil
}

// Standards returns the quality standards with their criteria, in order.
func (s *Store) Standards(ctx context.Context) ([]Standard, error) {
	return loadStandards(ctx, s.pool)
}

// EditCriterion changes the texts of criterion id; only administrators may. The code stays: it
// is what findings across years are compared by.
func (s *Store) EditCriterion(ctx context.Context, u *auth.User, id int16, textCS, textEN string, version int32) error {
	if !u.Can(auth.EditStandards) {
		return app.ErrForbidden
	}
	textCS, textEN = strings.TrimSpace(textCS), strings.TrimSpace(textEN)
	bad := app.Invalid{}
	if textCS == "" {
		bad.Add("text_cs", "err.required")
	} else if utf8.RuneCountInString(textCS) > MaxCriterionText {
		bad.Add("text_cs", "err.too_long")
	}
	if utf8.RuneCountInString(textEN) > MaxCriterionText {
		bad.Add("text_en", "err.too_long")
	}
	if err := bad.Err(); err != nil {
		return err
	}
	return db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		var code, old string
		var v int32
		err := tx.QueryRow(ctx, `SELECT code, text_cs, version FROM criteria WHERE id = $1 FOR UPDATE`, id).Scan(&code, &old, &v)
		if errors.Is(err, pgx.ErrNoRows) {
			return app.ErrNotFound
		}
		if err != nil {
			return fmt.Errorf("oversight: criterion %d: %w", id, err)
		}
		if v != version {
			return ErrChanged
		}
		if _, err := tx.Exec(ctx, `UPDATE criteria SET text_cs = $2, text_en = $3, version = version + 1 WHERE id = $1`,
			id, textCS, textEN); err != nil {
			return fmt.Errorf("oversight: edit criterion %d: %w", id, err)
		}
		return audit.Record(ctx, tx, audit.Entry{ActorID: u.ID, Action: "criterion.edit", ObjectType: "criterion",
			ObjectID: int64(id), Detail: map[string]any{"code": code, "old": old}})
	})
}

// Assessment is one row of an inspection's checklist: a criterion and how it was assessed.
type Assessment struct {
	FindingID  int64 // 0: not yet assessed
	Criterion  Criterion
	Rating     Rating // for a criterion not yet assessed: NotAssessed if the inspection skips it, else ""
	Text       string
	Version    int32 // 0 until assessed: what Assess expects back
	AssessedBy string
	Files      []File
}

// ChecklistStandard is a standard with its rows of the checklist.
type ChecklistStandard struct {
	Standard
	Rows []Assessment
}

// Checklist is an inspection's assessment of every criterion, by standard.
type Checklist struct {
	Standards []ChecklistStandard
}

// Checklist returns the checklist of inspection id to whoever may see the inspection.
func (s *Store) Checklist(ctx context.Context, u *auth.User, id int64) (*Checklist, error) {
	if _, err := s.assessed(ctx, u, id); err != nil {
		return nil, err
	}
	return loadChecklist(ctx, s.pool, id)
}

func loadChecklist(ctx context.Context, q audit.Querier, id int64) (*Checklist, error) {
	stds, err := loadStandards(ctx, q)
	if err != nil {
		return nil, err
	}
	type row struct {
		Criterion int16  `db:"criterion_id"`
		ID        int64  `db:"id"`
		Rating    Rating `db:"rating"`
		Text      string `db:"text"`
		Version   int32  `db:"version"`
		By        string `db:"assessed_by"`
	}
	rows, err := q.Query(ctx, `
		SELECT f.criterion_id, f.id, f.rating, f.text, f.version, u.name AS assessed_by
		FROM findings f JOIN users u ON u.id = f.assessed_by WHERE f.inspection_id = $1`, id)
	if err != nil {
		return nil, fmt.Errorf("oversight: checklist of %d: %w", id, err)
	}
	done, err := pgx.CollectRows(rows, pgx.RowToStructByName[row])
	if err != nil {
		return nil, fmt.Errorf("oversight: checklist of %d: %w", id, err)
	}
	files, err := inspectionFiles(ctx, q, id)
	if err != nil {
		return nil, err
	}
	byCriterion := map[int16]row{}
	for _, r := range done {
		byCriterion[r.Criterion] = r
	}
	c := &Checklist{}
	for _, st := range stds {
		cs := ChecklistStandard{Standard: st}
		for _, cr := range st.Criteria {
			a := Assessment{Criterion: cr}
			if r, ok := byCriterion[cr.ID]; ok {
				a.FindingID, a.Rating, a.Text, a.Version, a.AssessedBy = r.ID, r.Rating, r.Text, r.Version, r.By
				a.Files = files[r.ID]
			} else if !cr.Assessed {
				a.Rating = NotAssessed
			}
			cs.Rows = append(cs.Rows, a)
		}
		c.Standards = append(c.Standards, cs)
	}
	return c, nil
}

// Assess records how criterion was assessed in inspection id and returns the assessment's id.
// Only the region's methodologists assess, and only while the inspection is on site. version
// is 0 for a criterion not yet assessed, else the version the form was loaded at, so that two
// inspectors filling in the same criterion do not overwrite each other unseen.
func (s *Store) Assess(ctx context.Context, u *auth.User, id int64, criterion int16, r Rating, text string, version int32) (int64, error) {
	text = strings.TrimSpace(strings.ReplaceAll(text, "\r\n", "\n"))
	var fid int64
	err := s.edit(ctx, u, id, func(tx pgx.Tx, i *Inspection) error {
		if !Inspects(u, i) {
			return app.ErrForbidden
		}
		if i.State != Onsite {
			return ErrChecklistClosed
		}
		bad := app.Invalid{}
		if !r.Valid() {
			bad.Add("rating", "err.choose")
		}
		switch {
		case r.IsFinding() && text == "":
			bad.Add("text", "oversight.err.finding_text")
		case utf8.RuneCountInString(text) > MaxFindingText:
			bad.Add("text", "err.too_long")
		case len(pii.Scan(text)) > 0:
			// Findings go to the office and, anonymised, into the region's overview.
			bad.Add("text", "oversight.err.personal_data")
		}
		if err := bad.Err(); err != nil {
			return err
		}
		var code string
		err := tx.QueryRow(ctx, `SELECT code FROM criteria WHERE id = $1`, criterion).Scan(&code)
		if errors.Is(err, pgx.ErrNoRows) {
			return app.ErrNotFound
		}
		if err != nil {
			return fmt.Errorf("oversight: criterion %d: %w", criterion, err)
		}
		// The inspection's lock makes this read and the write below one step.
		var old Rating
		var v int32
		err = tx.QueryRow(ctx, `SELECT rating, version FROM findings WHERE inspection_id = $1 AND criterion_id = $2`,
			id, criterion).Scan(&old, &v)
		if err != nil && !errors.Is(err, pgx.ErrNoRows) {
			return fmt.Errorf("oversight: assessment of %s in %d: %w", code, id, err)
		}
		if v != version {
			return ErrChanged
		}
		if err := tx.QueryRow(ctx, `
			INSERT INTO findings (inspection_id, criterion_id, rating, text, assessed_by) VALUES ($1, $2, $3, $4, $5)
			ON CONFLICT (inspection_id, criterion_id) DO UPDATE SET rating = excluded.rating, text = excluded.text,
				assessed_by = excluded.assessed_by, assessed_at = now(), version = findings.version + 1
			RETURNING id`, id, criterion, r, text, u.ID).Scan(&fid); err != nil {
			return fmt.Errorf("oversight: assess %s in %d: %w", code, id, err)
		}
		return recordInspection(ctx, tx, u.ID, "inspection.assess", id, string(old), string(r),
			map[string]any{"criterion": code, "finding": fid})
	})
	return fid, err
}

// Finding is an assessment with what lists of findings show about its criterion and
// inspection. Findings lists only shortcomings (partly or not met); Finding returns any
// assessment, since evidence may be attached to a criterion that was met.
type Finding struct {
	ID            int64  `db:"id"`
	InspectionID  int64  `db:"inspection_id"`
	CriterionID   int16  `db:"criterion_id"`
	Code          string `db:"code"`
	CriterionText string `db:"criterion_text"` // Czech
	StandardID    int16  `db:"standard_id"`
	StandardName  string `db:"standard_name"` // Czech
	Rating        Rating `db:"rating"`
	Text          string `db:"text"`
	OfficeID      int64  `db:"office_id"`
	OfficeName    string `db:"office_name"`
	RegionID      int16  `db:"region_id"`
	Year          int16  `db:"year"`
	Measures      int32  `db:"measures"` // remedial measures created from it
}

const findingSelect = `SELECT f.id, f.inspection_id, f.criterion_id, c.code, c.text_cs AS criterion_text, c.standard_id,
	s.name_cs AS standard_name, f.rating, f.text, i.office_id, o.name AS office_name, i.region_id, i.year,
	(SELECT count(*) FROM measures m WHERE m.finding_id = f.id)::int AS measures
	FROM findings f JOIN criteria c ON c.id = f.criterion_id JOIN standards s ON s.id = c.standard_id
	JOIN inspections i ON i.id = f.inspection_id JOIN offices o ON o.id = i.office_id`

// Findings lists the shortcomings found in inspection id, in criterion order.
func (s *Store) Findings(ctx context.Context, u *auth.User, id int64) ([]Finding, error) {
	if _, err := s.assessed(ctx, u, id); err != nil {
		return nil, err
	}
	rows, err := s.pool.Query(ctx, findingSelect+` WHERE f.inspection_id = $1 AND f.rating IN ('partly', 'not_met')
		ORDER BY c.standard_id, c.position, c.id`, id)
	if err != nil {
		return nil, fmt.Errorf("oversight: findings of %d: %w", id, err)
	}
	list, err := pgx.CollectRows(rows, pgx.RowToStructByName[Finding])
	if err != nil {
		return nil, fmt.Errorf("oversight: findings of %d: %w", id, err)
	}
	return list, nil
}

// Finding returns assessment id if u may see its inspection; otherwise ErrNotFound.
func (s *Store) Finding(ctx context.Context, u *auth.User, id int64) (*Finding, error) {
	f, err := loadFinding(ctx, s.pool, id)
	if err != nil {
		return nil, err
	}
	if _, err := s.assessed(ctx, u, f.InspectionID); err != nil {
		return nil, err
	}
	return f, nil
}

func loadFinding(ctx context.Context, q audit.Querier, id int64) (*Finding, error) {
	rows, err := q.Query(ctx, findingSelect+` WHERE f.id = $1`, id)
	if err != nil {
		return nil, fmt.Errorf("oversight: finding %d: %w", id, err)
	}
	f, err := pgx.CollectExactlyOneRow(rows, pgx.RowToAddrOfStructByName[Finding])
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, app.ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("oversight: finding %d: %w", id, err)
	}
	return f, nil
}

// assessed returns inspection id if u may read its assessments: the region's methodologists
// always; the inspected office once the protocol is delivered, since until then the ratings
// are the inspectors' working draft.
func (s *Store) assessed(ctx context.Context, u *auth.User, id int64) (*Inspection, error) {
	i, err := s.Inspection(ctx, u, id)
	if err != nil {
		return nil, err
	}
	if !CanSeeFindings(u, i) {
		return nil, app.ErrNotFound
	}
	return i, nil
}
