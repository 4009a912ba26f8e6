package note

import (
	"context"
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

// Mark is the author's statement that a finding of the personal-data guard is not personal
// data, with the reason the reviewer reads.
type Mark struct {
	Kind   pii.Kind  `db:"kind"`
	Text   string    `db:"text"`
	Reason string    `db:"reason"`
	By     string    `db:"marked_by"`
	At     time.Time `db:"marked_at"`
}

// Flagged is a finding in one field of a note, with the author's mark when there is one.
type Flagged struct {
	Field string // title, summary, body or tags
	pii.Finding
	Mark *Mark
}

// Blocked is returned when a note cannot be submitted or published because of findings that
// are neither fixed nor marked.
type Blocked struct{ Findings []Flagged }

func (b *Blocked) Error() string {
	return fmt.Sprintf("note: %d possible personal data findings", len(b.Findings))
}

// Content is the text of a note that the guard reads, field by field.
type Content struct {
	Title, Summary, Body string
	Tags                 []string
}

// ContentOf returns n's content.
func ContentOf(n *Note) Content { return Content{n.Title, n.Summary, n.Body, n.Tags} }

func (c Content) fields() [][2]string {
	return [][2]string{{"title", c.Title}, {"summary", c.Summary}, {"body", c.Body}, {"tags", strings.Join(c.Tags, ", ")}}
}

// Flag scans every field of c and attaches the matching marks.
func (c Content) Flag(marks []Mark) []Flagged { return Marked(c.Scan(), marks) }

// Scan finds possible personal data in every field of c, without marks.
func (c Content) Scan() []Flagged {
	var out []Flagged
	for _, f := range c.fields() {
		for _, fd := range pii.Scan(f[1]) {
			out = append(out, Flagged{Field: f[0], Finding: fd})
		}
	}
	return out
}

// Equal says whether c and o are the same text, field by field.
func (c Content) Equal(o Content) bool {
	return c.Title == o.Title && c.Summary == o.Summary && c.Body == o.Body && slices.Equal(c.Tags, o.Tags)
}

// Marked returns a copy of fs with the matching marks attached; fs itself is not changed, so
// a scan may be kept and shared.
func Marked(fs []Flagged, marks []Mark) []Flagged {
	if len(fs) == 0 {
		return nil
	}
	out := make([]Flagged, len(fs))
	for j, fl := range fs {
		fl.Mark = nil
		for i := range marks {
			if marks[i].Kind == fl.Kind && marks[i].Text == fl.Text {
				fl.Mark = &marks[i]
			}
		}
		out[j] = fl
	}
	return out
}

// Flag scans n's content.
func Flag(n *Note, marks []Mark) []Flagged { return ContentOf(n).Flag(marks) }

// Unresolved keeps the findings nobody marked.
func Unresolved(fs []Flagged) []Flagged {
	var out []Flagged
	for _, f := range fs {
		if f.Mark == nil {
			out = append(out, f)
		}
	}
	return out
}

// Pseudonymise replaces every unmarked finding in c with its placeholder ([JMÉNO], [RČ], …)
// and says how many it replaced.
func (c Content) Pseudonymise(marks []Mark) (Content, int) {
	count := 0
	fix := func(field, text string) string {
		var open []pii.Finding
		for _, f := range c.Flag(marks) {
			if f.Field == field && f.Mark == nil {
				open = append(open, f.Finding)
			}
		}
		count += len(open)
		return pii.Pseudonymise(text, open)
	}
	out := Content{Title: fix("title", c.Title), Summary: fix("summary", c.Summary), Body: fix("body", c.Body)}
	out.Tags = SplitTags(fix("tags", strings.Join(c.Tags, ", ")))
	return out, count
}

// Marks returns the marks on note id, if u may read it.
func (s *Store) Marks(ctx context.Context, u *auth.User, id int64) ([]Mark, error) {
	if _, err := s.Get(ctx, u, id); err != nil {
		return nil, err
	}
	return marksOf(ctx, s.pool, id)
}

func marksOf(ctx context.Context, q audit.Querier, id int64) ([]Mark, error) {
	rows, err := q.Query(ctx, `
		SELECT m.kind, m.text, m.reason, u.name AS marked_by, m.marked_at
		FROM note_pii_marks m JOIN users u ON u.id = m.marked_by WHERE m.note_id = $1 ORDER BY m.marked_at`, id)
	if err != nil {
		return nil, fmt.Errorf("note: marks of %d: %w", id, err)
	}
	return pgx.CollectRows(rows, pgx.RowToStructByName[Mark])
}

// MarkNotPersonal records the author's statement that text (a current finding of kind) is not
// personal data. Only the author of a draft may say so.
func (s *Store) MarkNotPersonal(ctx context.Context, u *auth.User, id int64, kind pii.Kind, text, reason string) error {
	reason = strings.TrimSpace(reason)
	return s.edit(ctx, u, id, func(tx pgx.Tx, n *Note) error {
		if n.AuthorID != u.ID {
			return app.ErrForbidden
		}
		if n.Status != Draft {
			return app.ErrConflict
		}
		switch {
		case reason == "":
			return app.Invalid{"reason": "err.required"}
		case utf8.RuneCountInString(reason) > 500:
			return app.Invalid{"reason": "err.too_long"}
		}
		found := false
		for _, f := range Flag(n, nil) {
			found = found || (f.Kind == kind && f.Text == text)
		}
		if !found {
			return app.ErrNotFound // fixed in the meantime, or never there
		}
		_, err := tx.Exec(ctx, `
			INSERT INTO note_pii_marks (note_id, kind, text, reason, marked_by) VALUES ($1, $2, $3, $4, $5)
			ON CONFLICT (note_id, kind, text) DO UPDATE SET reason = EXCLUDED.reason, marked_by = EXCLUDED.marked_by, marked_at = now()`,
			id, string(kind), text, reason, u.ID)
		if err != nil {
			return fmt.Errorf("note: mark %d: %w", id, err)
		}
		return audit.Record(ctx, tx, audit.Entry{ActorID: u.ID, Action: "note.mark_not_personal", ObjectType: "note", ObjectID: id,
			From: string(n.Status), To: string(n.Status), Detail: map[string]any{"kind": kind, "reason": reason}})
	})
}
