package note

import (
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"hnizdo.cz/hnizdo/internal/app"
	"hnizdo.cz/hnizdo/internal/audit"
	"hnizdo.cz/hnizdo/internal/auth"
	"hnizdo.cz/hnizdo/internal/db"
	"hnizdo.cz/hnizdo/internal/upload"
)

// File is an attachment of a note, without its bytes.
type File struct {
	ID         int64     `db:"id"`
	Name       string    `db:"name"`
	MIME       string    `db:"mime"`
	Size       int32     `db:"size"`
	UploadedAt time.Time `db:"uploaded_at"`
	Downloads  int32     `db:"downloads"`
}

// TooLarge is returned for a file over the configured limit.
type TooLarge struct{ Limit int64 }

func (t *TooLarge) Error() string { return fmt.Sprintf("note: file over %d bytes", t.Limit) }

// Files lists the attachments of note n.
func (s *Store) Files(ctx context.Context, n *Note) ([]File, error) {
	rows, err := s.pool.Query(ctx, `
		SELECT f.id, f.name, f.mime, f.size, f.uploaded_at, f.downloads
		FROM files f JOIN note_files nf ON nf.file_id = f.id WHERE nf.note_id = $1 ORDER BY f.uploaded_at, f.id`, n.ID)
	if err != nil {
		return nil, fmt.Errorf("note: files of %d: %w", n.ID, err)
	}
	return pgx.CollectRows(rows, pgx.RowToStructByName[File])
}

// Attach stores a file on note id. The type is decided by the content (see package upload);
// only someone who may edit the note may attach.
func (s *Store) Attach(ctx context.Context, u *auth.User, id int64, name string, data []byte, limit int64) (int64, error) {
	name = upload.CleanName(name)
	if int64(len(data)) > limit {
		return 0, &TooLarge{Limit: limit}
	}
	t, err := upload.Detect(name, data)
	if err != nil {
		return 0, err
	}
	sum := sha256.Sum256(data)
	var fid int64
	err = s.edit(ctx, u, id, func(tx pgx.Tx, n *Note) error {
		if !CanEdit(u, n) {
			return app.ErrForbidden
		}
		if err := tx.QueryRow(ctx, `
			INSERT INTO files (name, mime, size, sha256, data, uploaded_by) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
			name, t.MIME, len(data), sum[:], data, u.ID).Scan(&fid); err != nil {
			return fmt.Errorf("note: attach to %d: %w", id, err)
		}
		if _, err := tx.Exec(ctx, `INSERT INTO note_files (note_id, file_id) VALUES ($1, $2)`, id, fid); err != nil {
			return fmt.Errorf("note: attach to %d: %w", id, err)
		}
		return audit.Record(ctx, tx, audit.Entry{ActorID: u.ID, Action: "file.attach", ObjectType: "file", ObjectID: fid,
			To: "attached", Detail: map[string]any{"note": id, "name": name, "size": len(data), "type": t.Name}})
	})
	return fid, err
}

// Download is a file with its bytes.
type Download struct {
	File
	Data []byte
}

// Open returns file fid for u, counting the download, if u may read its note.
func (s *Store) Open(ctx context.Context, u *auth.User, fid int64) (*Download, error) {
	var d Download
	var noteID int64
	err := s.pool.QueryRow(ctx, `
		SELECT f.id, f.name, f.mime, f.size, f.uploaded_at, f.downloads, f.data, nf.note_id
		FROM files f JOIN note_files nf ON nf.file_id = f.id WHERE f.id = $1`, fid).
		Scan(&d.ID, &d.Name, &d.MIME, &d.Size, &d.UploadedAt, &d.Downloads, &d.Data, &noteID)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, app.ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("note: open file %d: %w", fid, err)
	}
	if _, err := s.Get(ctx, u, noteID); err != nil {
		return nil, err
	}
	// A counter, not a state change: it is not audited.
	if _, err := s.pool.Exec(ctx, `UPDATE files SET downloads = downloads + 1 WHERE id = $1`, fid); err != nil {
		return nil, fmt.Errorf("note: count download %d: %w", fid, err)
	}
	d.Downloads++
	return &d, nil
}

// Detach removes file fid from its note; whoever may edit the note may.
func (s *Store) Detach(ctx context.Context, u *auth.User, fid int64) (int64, error) {
	var noteID int64
	err := db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		var name string
		err := tx.QueryRow(ctx, `SELECT nf.note_id, f.name FROM note_files nf JOIN files f ON f.id = nf.file_id WHERE nf.file_id = $1`, fid).
			Scan(&noteID, &name)
		if errors.Is(err, pgx.ErrNoRows) {
			return app.ErrNotFound
		}
		if err != nil {
			return fmt.Errorf("note: detach %d: %w", fid, err)
		}
		n, err := load(ctx, tx, noteID, true)
		if err != nil {
			return err
		}
		if !CanRead(u, n) {
			return app.ErrNotFound
		}
		if !CanEdit(u, n) {
			return app.ErrForbidden
		}
		if _, err := tx.Exec(ctx, `DELETE FROM files WHERE id = $1`, fid); err != nil {
			return fmt.Errorf("note: detach %d: %w", fid, err)
		}
		return audit.Record(ctx, tx, audit.Entry{ActorID: u.ID, Action: "file.detach", ObjectType: "file", ObjectID: fid,
			From: "attached", To: "removed", Detail: map[string]any{"note": noteID, "name": name}})
	})
	return noteID, err
}
