package oversight

import (
	"context"
	"crypto/sha256"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"

	"hnizdo.cz/hnizdo/internal/app"
	"hnizdo.cz/hnizdo/internal/audit"
	"hnizdo.cz/hnizdo/internal/auth"
	"hnizdo.cz/hnizdo/internal/upload"
)

// File is evidence attached to a finding or a measure, without its bytes.
type File struct {
	ID   int64  `db:"id"`
	Name string `db:"name"`
	Mime string `db:"mime"`
	Size int32  `db:"size"`
}

// Download is a file with its bytes.
type Download struct {
	Name, Mime string
	Data       []byte
}

// TooLarge is returned for a file over the configured limit.
type TooLarge struct{ Limit int64 }

func (t *TooLarge) Error() string { return fmt.Sprintf("oversight: file over %d bytes", t.Limit) }

// attachFile stores a file in the shared files table and returns its id; the caller links it
// and audits. The type is decided by the content (see package upload).
func attachFile(ctx context.Context, tx pgx.Tx, u *auth.User, name string, data []byte, limit int64) (int64, error) {
	name = upload.CleanName(name)
	if int64(len(data)) > limit {
		return 0, &TooLarge{Limit: limit}
	}
	t, err := upload.Detect(name, data)
	if err != nil {
		return 0, err
	}
	sum := sha256.Sum256(data)
	var id int64
	if err := tx.QueryRow(ctx, `
		INSERT INTO files (name, mime, size, sha256, data, uploaded_by) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
		name, t.MIME, len(data), sum[:], data, u.ID).Scan(&id); err != nil {
		return 0, fmt.Errorf("oversight: store file: %w", err)
	}
	return id, nil
}

// AttachToFinding stores evidence for assessment finding and returns the file's id. The region's
// methodologists attach, on site and until the objections are decided, when evidence may still
// be needed to answer them.
func (s *Store) AttachToFinding(ctx context.Context, u *auth.User, finding int64, name string, data []byte, limit int64) (int64, error) {
	inspection, err := findingInspection(ctx, s.pool, finding)
	if err != nil {
		return 0, err
	}
	var fid int64
	err = s.edit(ctx, u, inspection, func(tx pgx.Tx, i *Inspection) error {
		if !Inspects(u, i) {
			return app.ErrForbidden
		}
		if i.State != Onsite && i.State != Protocol {
			return ErrChecklistClosed
		}
		var err error
		if fid, err = attachFile(ctx, tx, u, name, data, limit); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `INSERT INTO finding_files (finding_id, file_id) VALUES ($1, $2)`, finding, fid); err != nil {
			return fmt.Errorf("oversight: attach to finding %d: %w", finding, err)
		}
		return recordInspection(ctx, tx, u.ID, "inspection.file", i.ID, "", "",
			map[string]any{"finding": finding, "file": fid, "name": upload.CleanName(name), "size": len(data)})
	})
	return fid, err
}

func findingInspection(ctx context.Context, q audit.Querier, finding int64) (int64, error) {
	rows, err := q.Query(ctx, `SELECT inspection_id FROM findings WHERE id = $1`, finding)
	if err != nil {
		return 0, fmt.Errorf("oversight: finding %d: %w", finding, err)
	}
	id, err := pgx.CollectExactlyOneRow(rows, pgx.RowTo[int64])
	if errors.Is(err, pgx.ErrNoRows) {
		return 0, app.ErrNotFound
	}
	if err != nil {
		return 0, fmt.Errorf("oversight: finding %d: %w", finding, err)
	}
	return id, nil
}

// InspectionFiles returns the evidence of every assessment of inspection id, by assessment, to
// whoever may read its findings: one query for a whole page.
func (s *Store) InspectionFiles(ctx context.Context, u *auth.User, id int64) (map[int64][]File, error) {
	if _, err := s.assessed(ctx, u, id); err != nil {
		return nil, err
	}
	return inspectionFiles(ctx, s.pool, id)
}

// inspectionFiles returns the evidence of every assessment of inspection id, by assessment.
func inspectionFiles(ctx context.Context, q audit.Querier, id int64) (map[int64][]File, error) {
	rows, err := q.Query(ctx, `
		SELECT ff.finding_id, f.id, f.name, f.mime, f.size
		FROM files f JOIN finding_files ff ON ff.file_id = f.id JOIN findings fi ON fi.id = ff.finding_id
		WHERE fi.inspection_id = $1 ORDER BY f.uploaded_at, f.id`, id)
	if err != nil {
		return nil, fmt.Errorf("oversight: files of inspection %d: %w", id, err)
	}
	defer rows.Close()
	out := map[int64][]File{}
	for rows.Next() {
		var finding int64
		var f File
		if err := rows.Scan(&finding, &f.ID, &f.Name, &f.Mime, &f.Size); err != nil {
			return nil, fmt.Errorf("oversight: files of inspection %d: %w", id, err)
		}
		out[finding] = append(out[finding], f)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("oversight: files of inspection %d: %w", id, err)
	}
	return out, nil
}

// File returns evidence file id for u, counting the download. Who may read it follows what it
// is evidence of: a finding's file whoever may see the inspection, a measure's file whoever may
// see the measure. Files of anything else (a note's, say) are not served here.
func (s *Store) File(ctx context.Context, u *auth.User, id int64) (*Download, error) {
	var finding, measure *int64
	err := s.pool.QueryRow(ctx, `
		SELECT (SELECT ff.finding_id FROM finding_files ff WHERE ff.file_id = f.id),
			(SELECT mf.measure_id FROM measure_files mf WHERE mf.file_id = f.id)
		FROM files f WHERE f.id = $1`, id).Scan(&finding, &measure)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, app.ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("oversight: file %d: %w", id, err)
	}
	switch {
	case finding != nil:
		if _, err := s.Finding(ctx, u, *finding); err != nil {
			return nil, err
		}
	case measure != nil:
		m := Measure{ID: *measure}
		err := s.pool.QueryRow(ctx, `SELECT office_id, region_id FROM measures WHERE id = $1`, *measure).Scan(&m.OfficeID, &m.RegionID)
		if err != nil {
			return nil, fmt.Errorf("oversight: measure %d of file %d: %w", *measure, id, err)
		}
		if !CanSeeMeasure(u, &m) {
			return nil, app.ErrNotFound
		}
	default:
		return nil, app.ErrNotFound
	}
	// A counter, not a state change: it is not audited.
	var d Download
	err = s.pool.QueryRow(ctx, `UPDATE files SET downloads = downloads + 1 WHERE id = $1 RETURNING name, mime, data`, id).
		Scan(&d.Name, &d.Mime, &d.Data)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, app.ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("oversight: download %d: %w", id, err)
	}
	return &d, nil
}
