package note

import (
	"context"
	"slices"
	"testing"
	"time"

	"golang.org/x/sync/errgroup"

	"hnizdo.cz/hnizdo/internal/db/dbtest"
)

// TestPopularTags: the popular tags are counted over published notes only, kept for tagsFor,
// and while one request counts them anew the others get the kept list.
func TestPopularTags(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	pool := dbtest.New(t)
	add := func(status string, tags string, n int) {
		t.Helper()
		if _, err := pool.Exec(ctx, `
			INSERT INTO notes (title, body_text, author_id, office_id, region_id, status, review_by, published_at, tags)
			SELECT 'Poznámka', 'Text', u.id, u.office_id, 11, $1, current_date + 100,
				CASE WHEN $1 = 'published' THEN now() END, $2::text[]
			FROM generate_series(1, $3) i, users u`, status, tags, n); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := pool.Exec(ctx, `INSERT INTO users (email, name, office_id, roles) SELECT 'a@x.cz', 'A', id, '{caseworker}' FROM offices LIMIT 1`); err != nil {
		t.Fatal(err)
	}
	s := NewStore(pool)
	now := time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)
	s.now = func() time.Time { return now }
	check := func(what string, want ...string) {
		t.Helper()
		got, err := s.Tags(ctx, 2)
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(got, want) {
			t.Fatalf("%s: tags %q, want %q", what, got, want)
		}
	}
	check("none yet")
	add("published", "{porady,intervize}", 3)
	add("published", "{intervize}", 2)
	add("draft", "{koncept}", 9) // drafts' tags are nobody's popular tags
	check("none kept")           // an empty answer is kept like any other
	now = now.Add(tagsFor + time.Second)
	check("first", "intervize", "porady")
	add("published", "{spis}", 8)
	check("kept", "intervize", "porady")
	now = now.Add(tagsFor + time.Second)
	check("counted anew", "spis", "intervize")
	add("published", "{zápis}", 20)
	now = now.Add(tagsFor + time.Second)
	s.tags.wait = make(chan struct{}) // as if another request were counting them
	check("while another counts", "spis", "intervize")
	s.tags.wait = nil
	check("after", "zápis", "spis")
}

// TestTagsCountedOnce: requests that find no list yet wait for the one count under way
// instead of each counting the tags (at a start they all come at once).
func TestTagsCountedOnce(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	pool := dbtest.New(t)
	// The count is held up by a lock, so every request comes while it is under way.
	tx, err := pool.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback(ctx)
	if _, err := tx.Exec(ctx, `LOCK TABLE note_tags IN ACCESS EXCLUSIVE MODE`); err != nil {
		t.Fatal(err)
	}
	s := NewStore(pool)
	var g errgroup.Group
	for range 12 {
		g.Go(func() error { _, err := s.Tags(ctx, 5); return err })
	}
	counting := func() (n int) {
		t.Helper()
		// A transaction keeps its first view of the server's activity unless told to drop it.
		if _, err := tx.Exec(ctx, `SELECT pg_stat_clear_snapshot()`); err != nil {
			t.Fatal(err)
		}
		if err := tx.QueryRow(ctx, `SELECT count(*) FROM pg_stat_activity
			WHERE datname = current_database() AND wait_event_type = 'Lock' AND query LIKE '%FROM note_tags GROUP BY%'`).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	deadline := time.Now().Add(5 * time.Second)
	for counting() == 0 && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	time.Sleep(200 * time.Millisecond) // time for any second count to start
	n := counting()
	if err := tx.Rollback(ctx); err != nil {
		t.Fatal(err)
	}
	if err := g.Wait(); err != nil {
		t.Fatal(err)
	}
	if n != 1 {
		t.Errorf("%d counts of the tags at once, want 1", n)
	}
}
