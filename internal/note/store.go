package note

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"hnizdo.cz/hnizdo/internal/app"
	"hnizdo.cz/hnizdo/internal/audit"
	"hnizdo.cz/hnizdo/internal/auth"
	"hnizdo.cz/hnizdo/internal/db"
	"hnizdo.cz/hnizdo/internal/markdown"
)

// ErrStale: the note was saved by someone else since the form was loaded.
var ErrStale = fmt.Errorf("%w: the note changed in the meantime", app.ErrConflict)

// Store reads and writes notes. Every change goes through a method that checks who may do it
// in which state and records it in the audit log in the same transaction.
type Store struct {
	pool *pgxpool.Pool
	now  func() time.Time
	tags struct { // the popular tags, see Tags
		sync.Mutex
		at    time.Time
		limit int
		list  []string
		wait  chan struct{} // a request is counting them anew; closed when it ends
	}
	words wordCache // the word statistics, see stats
	areas struct {
		sync.Mutex
		list []Area
	}
}

// NewStore returns a store on pool.
func NewStore(pool *pgxpool.Pool) *Store { return &Store{pool: pool, now: time.Now} }

// Areas lists the thematic areas in order. They are reference data that only a migration
// changes, and most note and meeting pages show them, so they are read once.
func (s *Store) Areas(ctx context.Context) ([]Area, error) {
	s.areas.Lock()
	defer s.areas.Unlock()
	if s.areas.list == nil {
		list, err := areasOf(ctx, s.pool)
		if err != nil {
			return nil, err
		}
		s.areas.list = list
	}
	return slices.Clone(s.areas.list), nil
}

func areasOf(ctx context.Context, q audit.Querier) ([]Area, error) {
	rows, err := q.Query(ctx, `SELECT id, slug, name_cs, name_en FROM areas ORDER BY position`)
	if err != nil {
		return nil, fmt.Errorf("note: areas: %w", err)
	}
	return pgx.CollectRows(rows, pgx.RowToStructByName[Area])
}

// listCols are a note's columns without its body: lists and search results never show it.
const listCols = `n.id, n.title, n.summary, n.tags, n.area_ids, n.author_id, u.name AS author_name,
	n.office_id, o.name AS office_name, n.region_id, r.name AS region_name, n.status, n.binding,
	n.review_by, n.return_comment, n.version, n.useful_count, n.created_at, n.updated_at, n.published_at`

const cols = listCols + `, n.body`

const from = ` FROM notes n JOIN users u ON u.id = n.author_id JOIN offices o ON o.id = n.office_id
	JOIN regions r ON r.id = n.region_id`

func load(ctx context.Context, q audit.Querier, id int64, lock bool) (*Note, error) {
	sql := `SELECT ` + cols + from + ` WHERE n.id = $1`
	if lock {
		sql += ` FOR UPDATE OF n`
	}
	rows, err := q.Query(ctx, sql, id)
	if err != nil {
		return nil, fmt.Errorf("note: load %d: %w", id, err)
	}
	n, err := pgx.CollectExactlyOneRow(rows, pgx.RowToAddrOfStructByName[Note])
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, app.ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("note: load %d: %w", id, err)
	}
	return n, nil
}

// Get returns note id if u may read it; otherwise ErrNotFound, so drafts stay invisible.
func (s *Store) Get(ctx context.Context, u *auth.User, id int64) (*Note, error) {
	n, err := load(ctx, s.pool, id, false)
	if err != nil {
		return nil, err
	}
	if !CanRead(u, n) {
		return nil, app.ErrNotFound
	}
	return n, nil
}

// edit runs fn on note id locked for update, after checking that u may read it.
func (s *Store) edit(ctx context.Context, u *auth.User, id int64, fn func(tx pgx.Tx, n *Note) error) error {
	return db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		n, err := load(ctx, tx, id, true)
		if err != nil {
			return err
		}
		if !CanRead(u, n) {
			return app.ErrNotFound
		}
		return fn(tx, n)
	})
}

// Create saves a new draft by u as version 1.
func (s *Store) Create(ctx context.Context, u *auth.User, in Input) (int64, error) {
	var id int64
	err := db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		var err error
		id, err = s.CreateIn(ctx, tx, u, in)
		return err
	})
	return id, err
}

// CreateIn saves a new draft by u inside tx, for capabilities that make a note as part of their
// own change (a guidance note spawned from a repeated inspection finding).
func (s *Store) CreateIn(ctx context.Context, tx pgx.Tx, u *auth.User, in Input) (int64, error) {
	// Read through tx: the caller may hold locks while a pool connection is scarce.
	areas, err := areasOf(ctx, tx)
	if err != nil {
		return 0, err
	}
	tags, review, err := in.Clean(areas, s.now())
	if err != nil {
		return 0, err
	}
	binding := in.Binding && (u.Has(auth.Admin) || u.Has(auth.Methodologist))
	var id int64
	err = tx.QueryRow(ctx, `
		INSERT INTO notes (title, summary, body, body_text, tags, area_ids, author_id, office_id, region_id, binding, review_by)
		SELECT $1, $2, $3, $4, $5, $6, u.id, u.office_id, o.region_id, $8, $9
		FROM users u JOIN offices o ON o.id = u.office_id WHERE u.id = $7
		RETURNING id`,
		in.Title, in.Summary, in.Body, markdown.Render(in.Body).Text, tags, in.AreaIDs, u.ID, binding, review).Scan(&id)
	if err != nil {
		return 0, fmt.Errorf("note: create: %w", err)
	}
	if err := addVersion(ctx, tx, id, 1, u.ID, 0); err != nil {
		return 0, err
	}
	return id, audit.Record(ctx, tx, audit.Entry{ActorID: u.ID, Action: "note.create", ObjectType: "note", ObjectID: id, To: string(Draft)})
}

// addVersion copies the note's current content into its history.
func addVersion(ctx context.Context, tx pgx.Tx, id int64, version int32, by int64, restoredFrom int32) error {
	var rf *int32
	if restoredFrom > 0 {
		rf = &restoredFrom
	}
	_, err := tx.Exec(ctx, `
		INSERT INTO note_versions (note_id, version, title, summary, body, tags, area_ids, saved_by, restored_from)
		SELECT id, $2, title, summary, body, tags, area_ids, $3, $4 FROM notes WHERE id = $1`, id, version, by, rf)
	if err != nil {
		return fmt.Errorf("note: version %d of %d: %w", version, id, err)
	}
	return nil
}

// Save stores u's edit of note id as a new version. in.Version must be the version the form
// was loaded at; otherwise ErrStale and nothing changes.
func (s *Store) Save(ctx context.Context, u *auth.User, id int64, in Input) error {
	areas, err := s.Areas(ctx)
	if err != nil {
		return err
	}
	tags, review, err := in.Clean(areas, s.now())
	if err != nil {
		return err
	}
	return s.edit(ctx, u, id, func(tx pgx.Tx, n *Note) error {
		if !CanEdit(u, n) {
			return app.ErrForbidden
		}
		if in.Version != n.Version {
			return ErrStale
		}
		binding := n.Binding
		if IsReviewer(u, n) {
			binding = in.Binding
		}
		if in.Title == n.Title && in.Summary == n.Summary && in.Body == n.Body && slices.Equal(tags, n.Tags) &&
			slices.Equal(in.AreaIDs, n.AreaIDs) && review.Equal(dateOf(n.ReviewBy)) && binding == n.Binding {
			return nil // nothing changed: no new version, nothing to record
		}
		next := n.Version + 1
		_, err := tx.Exec(ctx, `
			UPDATE notes SET title = $2, summary = $3, body = $4, body_text = $5, tags = $6, area_ids = $7,
				review_by = $8, binding = $9, version = $10, updated_at = now()
			WHERE id = $1`,
			id, in.Title, in.Summary, in.Body, markdown.Render(in.Body).Text, tags, in.AreaIDs, review, binding, next)
		if err != nil {
			return fmt.Errorf("note: save %d: %w", id, err)
		}
		if err := addVersion(ctx, tx, id, next, u.ID, 0); err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Entry{ActorID: u.ID, Action: "note.save", ObjectType: "note", ObjectID: id,
			From: string(n.Status), To: string(n.Status), Detail: map[string]any{"version": next}})
	})
}

// Change carries what some actions need.
type Change struct {
	Comment  string    // Return: why the note goes back to its author
	ReviewBy time.Time // Renew: the new review-by date
}

// Transition takes action a on note id for u. Submitting and publishing need every finding of
// the personal-data guard fixed or marked; otherwise a *Blocked error lists them.
func (s *Store) Transition(ctx context.Context, u *auth.User, id int64, a Action, c Change) error {
	return s.edit(ctx, u, id, func(tx pgx.Tx, n *Note) error {
		to, err := Check(u, n, a)
		if err != nil {
			return err
		}
		detail := map[string]any{}
		switch a {
		case Submit, Publish:
			marks, err := marksOf(ctx, tx, id)
			if err != nil {
				return err
			}
			if open := Unresolved(Flag(n, marks)); len(open) > 0 {
				return &Blocked{Findings: open}
			}
		case Return:
			c.Comment = strings.TrimSpace(c.Comment)
			if c.Comment == "" {
				return app.Invalid{"comment": "err.required"}
			}
			if utf8.RuneCountInString(c.Comment) > 2000 {
				return app.Invalid{"comment": "err.too_long"}
			}
			detail["comment"] = c.Comment
		case Renew:
			today := dateOf(s.now())
			if !c.ReviewBy.After(today) {
				return app.Invalid{"review_by": "err.date_future"}
			}
			if c.ReviewBy.After(today.AddDate(5, 0, 0)) {
				return app.Invalid{"review_by": "err.date_too_far"}
			}
			detail["review_by"] = c.ReviewBy.Format(time.DateOnly)
		}
		_, err = tx.Exec(ctx, `
			UPDATE notes SET status = $2, updated_at = now(),
				return_comment = CASE WHEN $3 = 'return' THEN $4 WHEN $2 = 'submitted' THEN '' ELSE return_comment END,
				published_at = CASE WHEN $2 = 'published' AND status <> 'published' THEN now() ELSE published_at END,
				review_by = CASE WHEN $3 = 'renew' THEN $5::date ELSE review_by END
			WHERE id = $1`, id, string(to), string(a), c.Comment, c.ReviewBy)
		if err != nil {
			return fmt.Errorf("note: %s %d: %w", a, id, err)
		}
		return audit.Record(ctx, tx, audit.Entry{ActorID: u.ID, Action: "note." + string(a), ObjectType: "note", ObjectID: id,
			From: string(n.Status), To: string(to), Detail: detail})
	})
}

// Version is one saved version of a note.
type Version struct {
	Version      int32     `db:"version"`
	Title        string    `db:"title"`
	Summary      string    `db:"summary"`
	Body         string    `db:"body"`
	Tags         []string  `db:"tags"`
	AreaIDs      []int16   `db:"area_ids"`
	SavedBy      string    `db:"saved_by"`
	SavedAt      time.Time `db:"saved_at"`
	RestoredFrom *int32    `db:"restored_from"`
}

// Versions lists the versions of note id, newest first, if u may read the note.
func (s *Store) Versions(ctx context.Context, u *auth.User, id int64) ([]Version, error) {
	if _, err := s.Get(ctx, u, id); err != nil {
		return nil, err
	}
	rows, err := s.pool.Query(ctx, `
		SELECT v.version, v.title, v.summary, v.body, v.tags, v.area_ids, u.name AS saved_by, v.saved_at, v.restored_from
		FROM note_versions v JOIN users u ON u.id = v.saved_by
		WHERE v.note_id = $1 ORDER BY v.version DESC`, id)
	if err != nil {
		return nil, fmt.Errorf("note: versions of %d: %w", id, err)
	}
	return pgx.CollectRows(rows, pgx.RowToStructByName[Version])
}

// Restore makes an old version the newest one (a new version with the old content), so the
// history stays complete.
func (s *Store) Restore(ctx context.Context, u *auth.User, id int64, version, loaded int32) error {
	return s.edit(ctx, u, id, func(tx pgx.Tx, n *Note) error {
		if !CanEdit(u, n) {
			return app.ErrForbidden
		}
		if loaded != n.Version {
			return ErrStale
		}
		next := n.Version + 1
		tag, err := tx.Exec(ctx, `
			UPDATE notes n SET title = v.title, summary = v.summary, body = v.body, tags = v.tags,
				area_ids = v.area_ids, version = $3, updated_at = now()
			FROM note_versions v WHERE n.id = $1 AND v.note_id = n.id AND v.version = $2`, id, version, next)
		if err != nil {
			return fmt.Errorf("note: restore %d v%d: %w", id, version, err)
		}
		if tag.RowsAffected() == 0 {
			return app.ErrNotFound
		}
		var body string
		if err := tx.QueryRow(ctx, `SELECT body FROM notes WHERE id = $1`, id).Scan(&body); err != nil {
			return fmt.Errorf("note: restore %d: %w", id, err)
		}
		if _, err := tx.Exec(ctx, `UPDATE notes SET body_text = $2 WHERE id = $1`, id, markdown.Render(body).Text); err != nil {
			return fmt.Errorf("note: restore %d: %w", id, err)
		}
		if err := addVersion(ctx, tx, id, next, u.ID, version); err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Entry{ActorID: u.ID, Action: "note.restore", ObjectType: "note", ObjectID: id,
			From: string(n.Status), To: string(n.Status), Detail: map[string]any{"version": next, "restored_from": version}})
	})
}

// Mine lists the notes u wrote, newest change first.
func (s *Store) Mine(ctx context.Context, u *auth.User) ([]Note, error) {
	return s.list(ctx, `WHERE n.author_id = $1 ORDER BY n.updated_at DESC LIMIT 200`, u.ID)
}

// ForReview lists the notes waiting for u's review: submitted notes of u's region (all regions
// for administrators).
func (s *Store) ForReview(ctx context.Context, u *auth.User) ([]Note, error) {
	switch {
	case u.Has(auth.Admin):
		return s.list(ctx, `WHERE n.status = 'submitted' ORDER BY n.updated_at LIMIT 200`)
	case u.Has(auth.Methodologist):
		return s.list(ctx, `WHERE n.status = 'submitted' AND n.region_id = $1 ORDER BY n.updated_at LIMIT 200`, u.RegionID)
	}
	return nil, nil
}

// Outdated lists published notes past their review-by date that u should renew or archive:
// u's own, and for methodologists those of their region.
func (s *Store) Outdated(ctx context.Context, u *auth.User) ([]Note, error) {
	region := int16(-1)
	if u.Has(auth.Methodologist) {
		region = u.RegionID
	}
	// Two index-backed halves instead of "author OR region", which no index answers.
	return s.list(ctx, `WHERE n.id IN (
		(SELECT id FROM notes WHERE status = 'published' AND review_by < $3 AND author_id = $1 ORDER BY review_by LIMIT 200)
		UNION ALL
		(SELECT id FROM notes WHERE status = 'published' AND review_by < $3 AND region_id = $2 ORDER BY review_by LIMIT 200))
		ORDER BY n.review_by, n.id LIMIT 200`, u.ID, region, dateOf(s.now()))
}

// Reminders is what the home page points to in the knowledge base.
type Reminders struct {
	Review   int    // notes waiting for u's review, up to ListLimit
	Outdated int    // notes past their review date u should look at, up to ListLimit
	Returned []Note // u's drafts a reviewer returned with a comment
}

// ListLimit caps the lists of ForReview and Outdated, and so the counts of Reminders.
const ListLimit = 200

// Reminders counts what ForReview and Outdated list, from the indexes alone where it can,
// and lists u's returned drafts.
func (s *Store) Reminders(ctx context.Context, u *auth.User) (Reminders, error) {
	var r Reminders
	// The same scopes as ForReview and Outdated.
	review := "0"
	switch {
	case u.Has(auth.Admin):
		review = `(SELECT count(*) FROM (SELECT 1 FROM notes WHERE status = 'submitted' LIMIT $4) x)`
	case u.Has(auth.Methodologist):
		review = `(SELECT count(*) FROM (SELECT 1 FROM notes WHERE status = 'submitted' AND region_id = $2 LIMIT $4) x)`
	}
	region := int16(-1)
	if u.Has(auth.Methodologist) {
		region = u.RegionID
	}
	err := s.pool.QueryRow(ctx, `
		SELECT `+review+`::int,
			-- The region's from its review index alone, then u's own elsewhere: together the
			-- notes of Outdated, each counted once.
			(SELECT count(*) FROM (SELECT 1 FROM notes WHERE status = 'published' AND review_by < $3 AND region_id = $2
				LIMIT $4) y)::int
			+ (SELECT count(*) FROM (SELECT 1 FROM notes WHERE status = 'published' AND review_by < $3 AND author_id = $1
				AND region_id <> $2 LIMIT $4) z)::int`,
		u.ID, region, dateOf(s.now()), ListLimit).Scan(&r.Review, &r.Outdated)
	if err != nil {
		return r, fmt.Errorf("note: reminders: %w", err)
	}
	r.Outdated = min(r.Outdated, ListLimit)
	r.Returned, err = s.list(ctx, `WHERE n.author_id = $1 AND n.status = 'draft' AND n.return_comment <> ''
		ORDER BY n.updated_at DESC LIMIT 20`, u.ID)
	return r, err
}

func (s *Store) list(ctx context.Context, where string, args ...any) ([]Note, error) {
	rows, err := s.pool.Query(ctx, `SELECT `+listCols+from+` `+where, args...)
	if err != nil {
		return nil, fmt.Errorf("note: list: %w", err)
	}
	return pgx.CollectRows(rows, pgx.RowToStructByNameLax[Note])
}
