package note

import (
	"context"
	"maps"
	"slices"
	"testing"

	"hnizdo.cz/hnizdo/internal/db/dbtest"
)

// TestPaging walks every page of each order: keyset pages meet every published note once, in
// order, even where publication times and usefulness repeat; relevance pages rank the newest
// Candidates matches and say when more matched.
func TestPaging(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	pool := dbtest.New(t)
	// 130 published notes with "rodina" (10 share one publication time, useful counts repeat),
	// 5 drafts.
	if _, err := pool.Exec(ctx, `
		INSERT INTO users (email, name, office_id, roles) SELECT 'a@x.cz', 'A', id, '{caseworker}' FROM offices LIMIT 1;
		INSERT INTO notes (title, body_text, author_id, office_id, region_id, status, review_by, published_at, useful_count)
		SELECT 'Poznámka ' || i, 'Práce s rodinou číslo ' || i, u.id, u.office_id, 11,
			CASE WHEN i > 130 THEN 'draft' ELSE 'published' END, current_date + 100,
			CASE WHEN i <= 10 THEN timestamptz '2026-01-01 10:00' ELSE timestamptz '2026-01-01 10:00' + i * interval '1 minute' END,
			i % 7
		FROM generate_series(1, 135) i, users u;`); err != nil {
		t.Fatal(err)
	}
	s := NewStore(pool)
	for _, sort := range []Sort{ByNewest, ByUseful, ByRelevance} {
		f := Search{Sort: sort}
		seen := map[int64]bool{}
		var last *Hit
		for pages := 0; ; pages++ {
			if pages > 10 {
				t.Fatalf("%s: more than 10 pages", sort)
			}
			res, err := s.Search(ctx, f)
			if err != nil {
				t.Fatal(err)
			}
			for i := range res.Hits {
				h := &res.Hits[i]
				if seen[h.ID] {
					t.Fatalf("%s: note %d twice", sort, h.ID)
				}
				seen[h.ID] = true
				if last != nil {
					inOrder := h.PublishedAt.Before(*last.PublishedAt) || h.PublishedAt.Equal(*last.PublishedAt) && h.ID < last.ID
					if sort == ByUseful {
						inOrder = h.UsefulCount < last.UsefulCount || h.UsefulCount == last.UsefulCount && h.ID < last.ID
					}
					if !inOrder {
						t.Fatalf("%s: note %d after %d", sort, h.ID, last.ID)
					}
				}
				last = h
			}
			if !res.More {
				break
			}
			if res.Next == "" {
				t.Fatalf("%s: another page but no cursor", sort)
			}
			f.After = res.Next
		}
		if len(seen) != 130 {
			t.Errorf("%s: %d notes over all pages, want 130", sort, len(seen))
		}
	}

	// Words: the newest 100 of 130 matches are ranked over five pages, and the result says so.
	seen := map[int64]bool{}
	for page := 0; ; page++ {
		res, err := s.Search(ctx, Search{Text: "rodina", Page: page})
		if err != nil {
			t.Fatal(err)
		}
		if !res.Capped || res.Next != "" {
			t.Fatalf("page %d: capped %v, next %q", page, res.Capped, res.Next)
		}
		for _, h := range res.Hits {
			seen[h.ID] = true
			if h.Snippet == "" {
				t.Fatalf("note %d without a snippet", h.ID)
			}
		}
		if !res.More {
			if page != Candidates/PageSize-1 {
				t.Fatalf("last page %d", page)
			}
			break
		}
	}
	if len(seen) != Candidates {
		t.Errorf("%d ranked notes, want %d", len(seen), Candidates)
	}
	// Exactly the newest Candidates: none older than the hundredth newest match.
	var older int
	if err := pool.QueryRow(ctx, `SELECT count(*) FROM notes WHERE id = ANY($1) AND (published_at, id) <
		(SELECT published_at, id FROM notes WHERE status = 'published' ORDER BY published_at DESC, id DESC OFFSET $2 - 1 LIMIT 1)`,
		slices.Collect(maps.Keys(seen)), Candidates).Scan(&older); err != nil || older != 0 {
		t.Errorf("%d ranked notes older than the newest %d (%v)", older, Candidates, err)
	}
	// Numbers are not indexed, so they do not narrow (nor empty) a search.
	res, err := s.Search(ctx, Search{Text: "rodina 11"})
	if err != nil || len(res.Hits) != PageSize || !res.Capped {
		t.Fatalf("words and a number: %d hits, capped %v, %v", len(res.Hits), res.Capped, err)
	}
	res, err = s.Search(ctx, Search{Text: "Poznámka", Sort: ByRelevance, Page: 99})
	if err != nil || len(res.Hits) != PageSize {
		t.Fatalf("a page past the candidates starts again: %d hits, %v", len(res.Hits), err)
	}
	// A cursor somebody edited is no cursor.
	res, err = s.Search(ctx, Search{Sort: ByNewest, After: "x.y"})
	if err != nil || len(res.Hits) != PageSize || res.Hits[0].Title != "Poznámka 130" {
		t.Fatalf("bad cursor: %v %v", len(res.Hits), err)
	}
}
