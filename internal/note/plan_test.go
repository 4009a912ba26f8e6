package note

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

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
	s := NewStore(pool)
	st, err := s.stats(ctx)
	if err != nil || st == nil {
		t.Fatalf("no word statistics after ANALYZE: %v", err)
	}
	// A search for words alone runs on a generic plan (see shape), so its plan is checked as
	// Postgres keeps it, for the shape chosen for the words.
	conn, err := pool.Acquire(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Release()
	if _, err := conn.Exec(ctx, `SET plan_cache_mode = force_generic_plan`); err != nil {
		t.Fatal(err)
	}
	for i, tc := range []struct {
		name  string
		f     Search
		shape shape
		index string
	}{
		{"rare words", Search{Text: "pestounska pece"}, lookup, "Bitmap Index Scan on notes_search_idx"},
		{"rare word, newest", Search{Text: "pěstoun", Sort: ByNewest, After: "1700000000000000.5"}, lookup, "Bitmap Index Scan on notes_search_idx"},
		{"common words", Search{Text: "práce s rodinou"}, walk, "Index Scan using notes_published_idx"},
		{"common word, newest", Search{Text: "porady", Sort: ByNewest, After: "1700000000000000.5"}, walk, "Index Scan using notes_published_idx"},
		{"text and area", Search{Text: "pěstoun", AreaID: 6}, planned, "notes_search_idx"},
		{"newest", Search{}, planned, "notes_published_idx"},
		{"most useful", Search{Sort: ByUseful}, planned, "notes_useful_idx"},
		{"tag", Search{Tag: "tag7"}, planned, "notes_tags_idx|notes_published_idx"}, // either is fine: no scan of the table
	} {
		how := planned
		if tc.f.onlyWords() {
			how = st.shapeFor(snippetTerms(tc.f.Text))
		}
		if how != tc.shape {
			t.Errorf("%s: shape %d, want %d (share %.4f)", tc.name, how, tc.shape, st.share(snippetTerms(tc.f.Text)))
			continue
		}
		sql, args, prepared := searchSQL(tc.f, how)
		explain := "EXPLAIN " + sql
		if prepared {
			name := fmt.Sprintf("plan_test_%d", i)
			if _, err := conn.Conn().Prepare(ctx, name, sql); err != nil {
				t.Fatal(err)
			}
			// EXECUTE takes its values written out, not as parameters.
			var params []string
			for _, a := range args {
				switch v := a.(type) {
				case string:
					params = append(params, "'"+strings.ReplaceAll(v, "'", "''")+"'")
				case []string: // the lookup's stems: letters only
					params = append(params, "'{"+strings.Join(v, ",")+"}'")
				case time.Time:
					params = append(params, "'"+v.Format(time.RFC3339Nano)+"'")
				default:
					params = append(params, fmt.Sprint(v))
				}
			}
			explain, args = "EXPLAIN EXECUTE "+name+"("+strings.Join(params, ", ")+")", nil
		}
		rows, err := conn.Query(ctx, explain, args...)
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
