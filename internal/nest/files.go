package nest

import (
	"context"
	"crypto/sha256"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"

	"hnizdo.cz/hnizdo/internal/app"
	"hnizdo.cz/hnizdo/internal/auth"
	"hnizdo.cz/hnizdo/internal/db"
	"hnizdo.cz/hnizdo/internal/upload"
)

// File is a tool's material (a printable card set, a guide), without its bytes.
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

func (t *TooLarge) Error() string { return fmt.Sprintf("nest: file over %d bytes", t.Limit) }

// Attach stores a material of tool id and returns the file's id. Those who edit the tool attach;
// the type is decided by the content (see package upload).
func (s *Store) Attach(ctx context.Context, u *auth.User, id int64, name string, data []byte, limit int64) (int64, error) {
	name = upload.CleanName(name)
	if int64(len(data)) > limit {
		return 0, &TooLarge{Limit: limit}
	}
	t, err := upload.Detect(name, data)
	if err != nil {
		return 0, err
	}
	var fid int64
	err = db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		tool, err := loadTool(ctx, tx, id, true)
		if err != nil {
			return err
		}
		if !Edits(u, tool) {
			return app.ErrForbidden
		}
		sum := sha256.Sum256(data)
		if err := tx.QueryRow(ctx, `
			INSERT INTO files (name, mime, size, sha256, data, uploaded_by) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
			name, t.MIME, len(data), sum[:], data, u.ID).Scan(&fid); err != nil {
			return fmt.Errorf("nest: store file: %w", err)
		}
		if _, err := tx.Exec(ctx, `INSERT INTO tool_files (tool_id, file_id) VALUES ($1, $2)`, id, fid); err != nil {
			return fmt.Errorf("nest: attach to tool %d: %w", id, err)
		}
		return record(ctx, tx, u.ID, "tool.file", id, "", "", map[string]any{"file_id": fid, "name": name})
	})
	return fid, err
}

// Files lists tool id's materials by name.
func (s *Store) Files(ctx context.Context, id int64) ([]File, error) {
	rows, err := s.pool.Query(ctx, `
		SELECT f.id, f.name, f.mime, f.size FROM tool_files tf JOIN files f ON f.id = tf.file_id
		WHERE tf.tool_id = $1 ORDER BY f.name COLLATE "cs-CZ-x-icu", f.id`, id)
	if err != nil {
		return nil, fmt.Errorf("nest: files of tool %d: %w", id, err)
	}
	return pgx.CollectRows(rows, pgx.RowToStructByName[File])
}

// File returns a tool's material for download; any signed-in user may read materials. Files
// that belong to something else are not found here.
func (s *Store) File(ctx context.Context, id int64) (*Download, error) {
	var d Download
	err := s.pool.QueryRow(ctx, `
		UPDATE files f SET downloads = downloads + 1 FROM tool_files tf
		WHERE tf.file_id = f.id AND f.id = $1 RETURNING f.name, f.mime, f.data`, id).Scan(&d.Name, &d.Mime, &d.Data)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, app.ErrNotFound
	} else if err != nil {
		return nil, fmt.Errorf("nest: file %d: %w", id, err)
	}
	return &d, nil
}
