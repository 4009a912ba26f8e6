package note

import (
	"context"
	"fmt"
	"math"
	"testing"

	"hnizdo.cz/hnizdo/internal/db/dbtest"
)

func TestShare(t *testing.T) {
	// pg_stats' layout: a share per word, then the least and greatest share and the empty share.
	st := newWordStats([]string{"rodin", "pestoun", "rodic", "skol"}, []float32{0.5, 0.08, 0.2, 0.3, 0.08, 0.5, 0}, 100_000)
	for _, tc := range []struct {
		stems []string
		want  float64
	}{
		{[]string{"rodin"}, 0.5},
		{[]string{"rod"}, 0.7},            // a prefix: every listed word it starts
		{[]string{"zanedb"}, 0.04},        // unlisted: half the least common
		{[]string{"rodin", "skol"}, 0.15}, // both: independent
		{[]string{"pestoun", "zanedb"}, 0.0032},
		{[]string{"r"}, 0.7},
	} {
		if got := st.share(tc.stems); math.Abs(got-tc.want) > 1e-6 {
			t.Errorf("share(%v) = %v, want %v", tc.stems, got, tc.want)
		}
	}
	// √(101/100,000) ≈ 3.2 %.
	for stems, want := range map[string]shape{"rodin": walk, "pestoun": walk, "zanedb": walk, "pestoun zanedb": lookup, "zanedb xyz": lookup} {
		if got := st.shapeFor(snippetTerms(stems)); got != want {
			t.Errorf("shapeFor(%q) = %d, want %d", stems, got, want)
		}
	}
	if st := newWordStats(nil, nil, 0); st.shapeFor([]string{"rodin"}) != planned {
		t.Error("without statistics the planner must choose")
	}
}

// TestShapesAgree: whichever way a search finds its notes, it finds the same ones in the same
// order, page after page.
func TestShapesAgree(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	pool := dbtest.New(t)
	// 400 published notes: "rodina" in all, "škola" in every third, "pěstoun" in every
	// fortieth; ten share each publication time.
	if _, err := pool.Exec(ctx, `
		INSERT INTO users (email, name, office_id, roles) SELECT 'a@x.cz', 'A', id, '{caseworker}' FROM offices LIMIT 1;
		INSERT INTO notes (title, body_text, author_id, office_id, region_id, status, review_by, published_at)
		SELECT 'Poznámka ' || i, 'Práce s rodinou ' || repeat('a rodinou ', i % 5)
				|| CASE WHEN i % 3 = 0 THEN ' a se školou' ELSE '' END
				|| CASE WHEN i % 40 = 0 THEN ' v pěstounské péči' ELSE '' END,
			u.id, u.office_id, 11, 'published', current_date + 100,
			timestamptz '2026-01-01 10:00' + (i / 10) * interval '1 minute'
		FROM generate_series(1, 400) i, users u;
		ANALYZE notes;`); err != nil {
		t.Fatal(err)
	}
	s := NewStore(pool)
	for _, q := range []string{"rodina", "škola rodina", "pěstoun", "pestounske skoly", "nic takového"} {
		for _, sort := range []Sort{ByRelevance, ByNewest} {
			var want string
			for _, how := range []shape{planned, walk, lookup} {
				got := ""
				f := Search{Text: q, Sort: sort}
				for pages := 0; pages < 25; pages++ {
					res, err := s.search(ctx, f, how)
					if err != nil {
						t.Fatal(err)
					}
					for _, h := range res.Hits {
						got += fmt.Sprintf("%d %.3s|", h.ID, h.Snippet)
					}
					got += fmt.Sprintf("more %v capped %v\n", res.More, res.Capped)
					if !res.More {
						break
					}
					f.After, f.Page = res.Next, f.Page+1
				}
				if how == planned {
					want = got
				} else if got != want {
					t.Errorf("%q by %s: shape %d found\n%s\nthe planner's way\n%s", q, sort, how, got, want)
				}
			}
		}
	}
}
