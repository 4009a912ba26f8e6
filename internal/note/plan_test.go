package note

import (
	"context"
	"strings"
	"testing"

	"hnizdo.cz/hnizdo/internal/db/dbtest"
)

// TestSearchUsesIndexes fills enough published notes that Postgres would rather scan the table
// without an index, then checks the plans of the main note queries.
func TestSearchUsesIndexes(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	pool := dbtest.New(t)
	_, err := pool.Exec(ctx, `
		INSERT INTO users (email, name, office_id, roles) SELECT 'a@x.cz', 'A', id, '{caseworker}' FROM offices LIMIT 1;
		INSERT INTO notes (title, summary, body_text, tags, area_ids, author_id, office_id, region_id, status, review_by, published_at)
		SELECT 'Poznámka ' || i, 'Shrnutí číslo ' || i,
			repeat('Práce s rodinou a spolupráce se školou, sociální služby, porady týmu. ', 8) ||
				CASE WHEN i % 500 = 0 THEN 'Pěstounská péče a návštěvy v pěstounských rodinách.' ELSE '' END,
			ARRAY['tag' || (i % 50)], ARRAY[(i % 18 + 1)::smallint], u.id, u.office_id, 11,
			CASE WHEN i % 10 = 0 THEN 'draft' ELSE 'published' END, current_date + 100, now() - i * interval '1 hour'
		FROM generate_series(1, 20000) i, users u;
		ANALYZE notes;`)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name  string
		f     Search
		index string
	}{
		{"text", Search{Text: "pestounska pece"}, "notes_search_idx"},
		{"text and area", Search{Text: "pěstoun", AreaID: 6}, "notes_search_idx"},
		{"newest", Search{}, "notes_published_idx"},
		{"most useful", Search{Sort: ByUseful}, "notes_useful_idx"},
		{"tag", Search{Tag: "tag7"}, "notes_tags_idx|notes_published_idx"}, // either is fine: no scan of the table
	} {
		sql, args := searchSQL(tc.f)
		rows, err := pool.Query(ctx, "EXPLAIN "+sql, args...)
		if err != nil {
			t.Fatal(err)
		}
		var plan []string
		for rows.Next() {
			var line string
			rows.Scan(&line)
			plan = append(plan, line)
		}
		text := strings.Join(plan, "\n")
		uses := false
		for _, idx := range strings.Split(tc.index, "|") {
			uses = uses || strings.Contains(text, idx)
		}
		if !uses || strings.Contains(text, "Seq Scan on notes") {
			t.Errorf("%s: plan does not use %s:\n%s", tc.name, tc.index, text)
		}
	}
}
