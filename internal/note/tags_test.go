package note

import (
	"context"
	"slices"
	"testing"
	"time"

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
	s.tags.loading = true // as if another request were counting them
	check("while another counts", "spis", "intervize")
	s.tags.loading = false
	check("after", "zápis", "spis")
}
