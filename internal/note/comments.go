package note

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/jackc/pgx/v5"

	"hnizdo.cz/hnizdo/internal/app"
	"hnizdo.cz/hnizdo/internal/audit"
	"hnizdo.cz/hnizdo/internal/auth"
	"hnizdo.cz/hnizdo/internal/db"
	"hnizdo.cz/hnizdo/internal/pii"
)

// Comment is a comment on a note; replies have a ParentID (one level only).
type Comment struct {
	ID           int64      `db:"id"`
	NoteID       int64      `db:"note_id"`
	ParentID     *int64     `db:"parent_id"`
	AuthorID     int64      `db:"author_id"`
	AuthorName   string     `db:"author_name"`
	OfficeName   string     `db:"office_name"`
	Body         string     `db:"body"`
	CreatedAt    time.Time  `db:"created_at"`
	EditedAt     *time.Time `db:"edited_at"`
	HiddenAt     *time.Time `db:"hidden_at"`
	HiddenReason string     `db:"hidden_reason"`
}

// MaxComment is the longest comment, in characters.
const MaxComment = 4000

// PersonalData is returned when a comment contains what looks like personal data; comments
// have no "not personal data" mark, the writer rephrases.
type PersonalData struct{ Findings []pii.Finding }

func (p *PersonalData) Error() string {
	return fmt.Sprintf("note: comment has %d possible personal data findings", len(p.Findings))
}

func checkComment(body string) (string, error) {
	body = strings.TrimSpace(strings.ReplaceAll(body, "\r\n", "\n"))
	switch {
	case body == "":
		return "", app.Invalid{"body": "err.required"}
	case utf8.RuneCountInString(body) > MaxComment:
		return "", app.Invalid{"body": "err.too_long"}
	}
	if fs := pii.Scan(body); len(fs) > 0 {
		return "", &PersonalData{Findings: fs}
	}
	return body, nil
}

// Comments lists the comments on n in thread order: each comment followed by its replies.
func (s *Store) Comments(ctx context.Context, n *Note) ([]Comment, error) {
	rows, err := s.pool.Query(ctx, `
		SELECT c.id, c.note_id, c.parent_id, c.author_id, u.name AS author_name, o.name AS office_name, c.body,
			c.created_at, c.edited_at, c.hidden_at, c.hidden_reason
		FROM note_comments c JOIN users u ON u.id = c.author_id JOIN offices o ON o.id = u.office_id
		WHERE c.note_id = $1
		ORDER BY coalesce(c.parent_id, c.id), c.parent_id IS NOT NULL, c.created_at, c.id`, n.ID)
	if err != nil {
		return nil, fmt.Errorf("note: comments of %d: %w", n.ID, err)
	}
	return pgx.CollectRows(rows, pgx.RowToStructByName[Comment])
}

// Comment adds u's comment to note id; parent > 0 makes it a reply to a top-level comment.
func (s *Store) Comment(ctx context.Context, u *auth.User, id, parent int64, body string) (int64, error) {
	body, err := checkComment(body)
	if err != nil {
		return 0, err
	}
	var cid int64
	err = s.edit(ctx, u, id, func(tx pgx.Tx, n *Note) error {
		if n.Status != Published {
			return app.ErrConflict
		}
		var p *int64
		if parent > 0 {
			var grand *int64
			err := tx.QueryRow(ctx, `SELECT parent_id FROM note_comments WHERE id = $1 AND note_id = $2`, parent, id).Scan(&grand)
			if errors.Is(err, pgx.ErrNoRows) {
				return app.ErrNotFound
			}
			if err != nil {
				return fmt.Errorf("note: reply to %d: %w", parent, err)
			}
			if grand != nil {
				parent = *grand // a reply to a reply joins the same thread: one level only
			}
			p = &parent
		}
		if err := tx.QueryRow(ctx, `INSERT INTO note_comments (note_id, parent_id, author_id, body) VALUES ($1, $2, $3, $4) RETURNING id`,
			id, p, u.ID, body).Scan(&cid); err != nil {
			return fmt.Errorf("note: comment on %d: %w", id, err)
		}
		return audit.Record(ctx, tx, audit.Entry{ActorID: u.ID, Action: "comment.add", ObjectType: "comment", ObjectID: cid,
			To: "visible", Detail: map[string]any{"note": id}})
	})
	return cid, err
}

// lockComment loads comment cid for update with its note, checking that u may read the note.
func (s *Store) lockComment(ctx context.Context, tx pgx.Tx, u *auth.User, cid int64) (*Comment, *Note, error) {
	var c Comment
	err := tx.QueryRow(ctx, `SELECT id, note_id, author_id, body, hidden_at FROM note_comments WHERE id = $1 FOR UPDATE`, cid).
		Scan(&c.ID, &c.NoteID, &c.AuthorID, &c.Body, &c.HiddenAt)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, nil, app.ErrNotFound
	}
	if err != nil {
		return nil, nil, fmt.Errorf("note: comment %d: %w", cid, err)
	}
	n, err := load(ctx, tx, c.NoteID, false)
	if err != nil {
		return nil, nil, err
	}
	if !CanRead(u, n) {
		return nil, nil, app.ErrNotFound
	}
	return &c, n, nil
}

// EditComment changes the text of u's own visible comment. It returns the note's id also when
// the new text is refused, so the form can be shown again on the note's page.
func (s *Store) EditComment(ctx context.Context, u *auth.User, cid int64, body string) (int64, error) {
	var noteID int64
	err := db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		c, _, err := s.lockComment(ctx, tx, u, cid)
		if err != nil {
			return err
		}
		noteID = c.NoteID
		if c.AuthorID != u.ID {
			return app.ErrForbidden
		}
		if c.HiddenAt != nil {
			return app.ErrConflict
		}
		if body, err = checkComment(body); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `UPDATE note_comments SET body = $2, edited_at = now() WHERE id = $1`, cid, body); err != nil {
			return fmt.Errorf("note: edit comment %d: %w", cid, err)
		}
		return audit.Record(ctx, tx, audit.Entry{ActorID: u.ID, Action: "comment.edit", ObjectType: "comment", ObjectID: cid,
			From: "visible", To: "visible", Detail: map[string]any{"note": c.NoteID}})
	})
	return noteID, err
}

// HideComment hides a comment with a reason; only reviewers of the note's region may. Like
// EditComment it returns the note's id also when the reason is refused.
func (s *Store) HideComment(ctx context.Context, u *auth.User, cid int64, reason string) (int64, error) {
	reason = strings.TrimSpace(reason)
	var noteID int64
	err := db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		c, n, err := s.lockComment(ctx, tx, u, cid)
		if err != nil {
			return err
		}
		noteID = c.NoteID
		if !IsReviewer(u, n) {
			return app.ErrForbidden
		}
		if c.HiddenAt != nil {
			return app.ErrConflict
		}
		switch {
		case reason == "":
			return app.Invalid{"reason": "err.required"}
		case utf8.RuneCountInString(reason) > 500:
			return app.Invalid{"reason": "err.too_long"}
		}
		if _, err := tx.Exec(ctx, `UPDATE note_comments SET hidden_at = now(), hidden_by = $2, hidden_reason = $3 WHERE id = $1`,
			cid, u.ID, reason); err != nil {
			return fmt.Errorf("note: hide comment %d: %w", cid, err)
		}
		return audit.Record(ctx, tx, audit.Entry{ActorID: u.ID, Action: "comment.hide", ObjectType: "comment", ObjectID: cid,
			From: "visible", To: "hidden", Detail: map[string]any{"note": c.NoteID, "reason": reason}})
	})
	return noteID, err
}
