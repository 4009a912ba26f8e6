package note

import (
	"context"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
	"golang.org/x/sync/errgroup"

	"hnizdo.cz/hnizdo/internal/db/dbtest"
)

// windowMisses counts the published notes at or after the window's start that the window lacks
// or holds with an old text vector or date: a search relies on there being none.
func windowMisses(t *testing.T, pool *pgxpool.Pool) int {
	t.Helper()
	var n int
	if err := pool.QueryRow(context.Background(), `
		SELECT count(*) FROM notes n
		WHERE n.status = 'published' AND n.published_at >= (SELECT since FROM note_window)
			AND NOT EXISTS (SELECT 1 FROM note_recent r
				WHERE r.id = n.id AND r.published_at = n.published_at AND r.search = n.search)`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// TestWindow: the window of the newest notes follows every write, answers a search when it
// holds enough matches, and moves only forward.
func TestWindow(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	pool := dbtest.New(t)
	oneAuthor(t, pool)
	// 300 notes about a family, a minute apart; the newest is the last.
	if _, err := pool.Exec(ctx, `
		INSERT INTO notes (title, body_text, author_id, office_id, region_id, status, review_by, published_at)
		SELECT 'Poznámka ' || i, 'Práce s rodinou', u.id, u.office_id, 11, 'published', current_date + 100,
			now() - interval '1 day' + i * interval '1 minute'
		FROM generate_series(1, 300) i, users u`); err != nil {
		t.Fatal(err)
	}
	count := func(sql string, args ...any) int {
		t.Helper()
		var n int
		if err := pool.QueryRow(ctx, sql, args...).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	var since time.Time
	if err := pool.QueryRow(ctx, `SELECT note_window_rebuild(150)`).Scan(&since); err != nil {
		t.Fatal(err)
	}
	if n := count(`SELECT count(*) FROM note_recent`); n != 150 {
		t.Errorf("window of 150 holds %d notes", n)
	}
	if n := count(`SELECT count(*) FROM notes WHERE published_at >= $1`, since); n != 150 {
		t.Errorf("window starts at %v, where %d notes begin", since, n)
	}

	// The window answers: with the newest note taken out of it, the search no longer has it.
	s := NewStore(pool)
	newest := int64(count(`SELECT max(id) FROM notes`))
	first := func() int64 {
		t.Helper()
		res, err := s.search(ctx, Search{Text: "rodina", Sort: ByNewest}, lookup)
		if err != nil || len(res.Hits) == 0 {
			t.Fatalf("search: %v, %d hits", err, len(res.Hits))
		}
		return res.Hits[0].ID
	}
	if got := first(); got != newest {
		t.Fatalf("newest found %d, want %d", got, newest)
	}
	if _, err := pool.Exec(ctx, `DELETE FROM note_recent WHERE id = $1`, newest); err != nil {
		t.Fatal(err)
	}
	if got := first(); got == newest {
		t.Error("the search did not read the window")
	}
	if _, err := pool.Exec(ctx, `SELECT note_window_rebuild(150)`); err != nil {
		t.Fatal(err)
	}

	// Every write keeps it: a new note, a changed text, an archived note, a draft published,
	// a note published with an old date (outside the window's span, so it may be left out).
	added, err := addNote(ctx, pool, "Nová zkušenost s pěstouny")
	if err != nil {
		t.Fatal(err)
	}
	for _, sql := range []string{
		`UPDATE notes SET body_text = 'Jiná zkušenost s babičkou' WHERE id = $1`,
		`UPDATE notes SET status = 'archived' WHERE id = $1 - 5`,
		`INSERT INTO notes (title, body_text, author_id, office_id, region_id, status, review_by)
			SELECT 'Koncept ' || $1::bigint, 'Rozepsáno', u.id, u.office_id, 11, 'draft', current_date + 100 FROM users u`,
		`UPDATE notes SET status = 'published', published_at = now() WHERE status = 'draft' AND id > $1`,
		`INSERT INTO notes (title, body_text, author_id, office_id, region_id, status, review_by, published_at)
			SELECT 'Stará ' || $1::bigint, 'Dávná praxe', u.id, u.office_id, 11, 'published', current_date + 100,
				now() - interval '3 years' FROM users u`,
	} {
		if _, err := pool.Exec(ctx, sql, added); err != nil {
			t.Fatalf("%s: %v", sql, err)
		}
		if n := windowMisses(t, pool); n != 0 {
			t.Errorf("after %s: the window lacks %d notes", sql, n)
		}
	}
	if n := count(`SELECT count(*) FROM note_recent r JOIN notes n USING (id) WHERE n.status <> 'published'`); n != 0 {
		t.Errorf("the window holds %d notes no longer published", n)
	}

	// It moves forward to its size, dropping what fell out, and never back.
	before := since
	if err := pool.QueryRow(ctx, `SELECT note_window_move(100)`).Scan(&since); err != nil {
		t.Fatal(err)
	}
	if !since.After(before) || count(`SELECT count(*) FROM note_recent WHERE published_at < $1`, since) != 0 ||
		count(`SELECT count(*) FROM note_recent`) != 100 {
		t.Errorf("moved from %v to %v, holding %d notes", before, since, count(`SELECT count(*) FROM note_recent`))
	}
	if n := windowMisses(t, pool); n != 0 {
		t.Errorf("after the move the window lacks %d notes", n)
	}
	got, err := s.MoveWindow(ctx) // Window is larger than all the notes: it would start at -infinity
	if err != nil || !got.Equal(since) {
		t.Errorf("MoveWindow moved back: %v (%v), was %v", got, err, since)
	}
	if got := first(); got == 0 {
		t.Error("no search after the move")
	}
}

// TestWindowInParallel: notes published, changed and archived while the window moves leave
// none of the window's notes out.
func TestWindowInParallel(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	pool := dbtest.New(t)
	oneAuthor(t, pool)
	for range 60 {
		if _, err := addNote(ctx, pool, "Práce s rodinou"); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := pool.Exec(ctx, `SELECT note_window_rebuild(40)`); err != nil {
		t.Fatal(err)
	}
	var g errgroup.Group
	for i := range 12 {
		g.Go(func() error {
			for k := range 10 {
				tx, err := pool.Begin(ctx)
				if err != nil {
					return err
				}
				id, err := addNote(ctx, tx, "Nová praxe s rodinou")
				if err == nil && (i+k)%3 == 0 {
					_, err = tx.Exec(ctx, `UPDATE notes SET body_text = 'Změněná praxe' WHERE id = $1`, id)
				}
				if err == nil && (i+k)%4 == 0 {
					_, err = tx.Exec(ctx, `UPDATE notes SET status = 'archived' WHERE id = $1 - 7`, id)
				}
				if err != nil {
					tx.Rollback(ctx)
					return err
				}
				if err := tx.Commit(ctx); err != nil {
					return err
				}
			}
			return nil
		})
	}
	g.Go(func() error {
		for range 30 {
			if _, err := pool.Exec(ctx, `SELECT note_window_move(40)`); err != nil {
				return err
			}
		}
		return nil
	})
	if err := g.Wait(); err != nil {
		t.Fatal(err)
	}
	if n := windowMisses(t, pool); n != 0 {
		t.Errorf("the window lacks %d notes", n)
	}
}
