package note

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"golang.org/x/sync/errgroup"

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
	// 100,000 notes, read through the window of 50,000: √(101/50,000) ≈ 4.5 %.
	for stems, want := range map[string]shape{"rodin": walk, "pestoun": walk, "zanedb": lookup, "pestoun zanedb": lookup, "zanedb xyz": lookup} {
		if got := st.shapeFor(snippetTerms(stems)); got != want {
			t.Errorf("shapeFor(%q) = %d, want %d", stems, got, want)
		}
	}
	// Fewer notes than the window holds: √(101/10,000) ≈ 10 %; a million: as for 100,000.
	for notes, want := range map[float64]shape{10_000: lookup, 1_000_000: walk} {
		st.notes = notes
		if got := st.shapeFor([]string{"pestoun"}); got != want {
			t.Errorf("%v notes: shapeFor(pestoun) = %d, want %d", notes, got, want)
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
	pages := func(q string, sort Sort, how shape) string {
		t.Helper()
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
		return got
	}
	// The lookup reads the window of the newest notes first: one larger than all the notes
	// (it starts at -infinity and answers alone), one with enough matches of the common words
	// but not of the rare ones, one too small for any.
	for _, window := range []int{1000, 150, 30} {
		if _, err := pool.Exec(ctx, `SELECT note_window_rebuild($1)`, window); err != nil {
			t.Fatal(err)
		}
		for _, q := range []string{"rodina", "škola rodina", "pěstoun", "pestounske skoly", "nic takového"} {
			for _, sort := range []Sort{ByRelevance, ByNewest} {
				want := pages(q, sort, planned)
				for _, how := range []shape{walk, lookup} {
					if got := pages(q, sort, how); got != want {
						t.Errorf("window %d, %q by %s: shape %d found\n%s\nthe planner's way\n%s", window, q, sort, how, got, want)
					}
				}
			}
		}
	}
}

// TestWordForms: the lookup names the forms each stem stands for, taken from note_words, so the
// list must follow every note written, changed or added at once, and a search by the forms
// must find what the prefixes find.
func TestWordForms(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	pool := dbtest.New(t)
	oneAuthor(t, pool)
	note := func(body string) int64 {
		t.Helper()
		id, err := addNote(ctx, pool, body)
		if err != nil {
			t.Fatal(err)
		}
		return id
	}
	family := note("Práce s rodinou a se školou.")
	meeting := note("Setkání týmu.")
	// A changed text brings its new forms along.
	if _, err := pool.Exec(ctx, `UPDATE notes SET body_text = 'Setkání týmu o obviňování rodičů.' WHERE id = $1`, meeting); err != nil {
		t.Fatal(err)
	}
	// Several notes at once (one statement) bring theirs; 70 forms of one stem stay a prefix.
	var many []string
	for a := 'a'; a <= 'g'; a++ {
		for b := 'a'; b <= 'j'; b++ {
			many = append(many, "zkouskov"+string(a)+string(b))
		}
	}
	var tests []int64
	rows, err := pool.Query(ctx, `
		INSERT INTO notes (title, body_text, author_id, office_id, region_id, status, review_by, published_at)
		SELECT 'Zkouška ' || i, $1 || ' obviněného rodiče', u.id, u.office_id, 11, 'published', current_date + 100, now()
		FROM generate_series(1, 2) i, users u RETURNING id`, strings.Join(many, " "))
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var id int64
		rows.Scan(&id)
		tests = append(tests, id)
	}
	if rows.Err() != nil || len(tests) != 2 {
		t.Fatalf("inserted %v: %v", tests, rows.Err())
	}

	var forms string
	if err := pool.QueryRow(ctx, `SELECT note_words_query('{obvin,rodic,setkan}')::text`).Scan(&forms); err != nil {
		t.Fatal(err)
	}
	if want := `( 'obvineneho' | 'obvinovani' ) & ( 'rodice' | 'rodicu' ) & 'setkani'`; forms != want {
		t.Errorf("forms of obvin, rodic, setkan: %s, want %s", forms, want)
	}
	if err := pool.QueryRow(ctx, `SELECT note_words_query('{zkouskov}')::text`).Scan(&forms); err != nil || forms != `'zkouskov':*` {
		t.Errorf("70 forms: %q (%v), want the prefix 'zkouskov':*", forms, err)
	}
	var none bool
	if err := pool.QueryRow(ctx, `SELECT note_words_query('{rodin,xyzzy}') IS NULL`).Scan(&none); err != nil || !none {
		t.Errorf("a stem no note has: NULL %v (%v), want NULL", none, err)
	}

	s := NewStore(pool)
	for q, want := range map[string][]int64{
		"obviňování":        {meeting},
		"obvinění rodičů":   {tests[1], tests[0]}, // "obvinen", not "obvinovani"
		"obvin":             {tests[1], tests[0], meeting},
		"rodinou":           {family},
		"setkání obviňován": {meeting},
		"zkouškovaj":        {tests[1], tests[0]}, // the prefix
		"rodinou xyzzy":     nil,
	} {
		for _, how := range []shape{walk, lookup} {
			res, err := s.search(ctx, Search{Text: q, Sort: ByNewest}, how)
			if err != nil {
				t.Fatal(err)
			}
			var got []int64
			for _, h := range res.Hits {
				got = append(got, h.ID)
			}
			if !slices.Equal(got, want) {
				t.Errorf("%q, shape %d: notes %v, want %v", q, how, got, want)
			}
		}
	}
}

// TestWordFormsInParallel: notes saved at once with the same new forms all keep them, and no
// save fails (the forms are added in one order, so two saves wait rather than deadlock).
func TestWordFormsInParallel(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	pool := dbtest.New(t)
	oneAuthor(t, pool)
	var words []string
	for a := 'a'; a <= 'z'; a++ {
		for b := 'a'; b <= 'h'; b++ {
			words = append(words, "novetvar"+string(a)+string(b))
		}
	}
	var g errgroup.Group
	for i := range 16 {
		// Each save adds most of the forms, each its own share, inserting or changing a note.
		w := slices.Clone(words)
		rand.New(rand.NewPCG(uint64(i), 1)).Shuffle(len(w), func(a, b int) { w[a], w[b] = w[b], w[a] })
		w = w[:len(w)-i*4]
		if i == 0 {
			w = words // every form is in some save
		}
		g.Go(func() error {
			tx, err := pool.Begin(ctx)
			if err != nil {
				return err
			}
			defer tx.Rollback(ctx)
			id, err := addNote(ctx, tx, "text")
			if err != nil {
				return err
			}
			if i%2 == 0 {
				_, err = tx.Exec(ctx, `UPDATE notes SET body_text = $2 WHERE id = $1`, id, strings.Join(w, " "))
			} else {
				_, err = addNote(ctx, tx, strings.Join(w, " "))
			}
			if err != nil {
				return err
			}
			time.Sleep(10 * time.Millisecond) // hold the new forms while the others add theirs
			return tx.Commit(ctx)
		})
	}
	if err := g.Wait(); err != nil {
		t.Fatalf("a save failed: %v", err)
	}
	var n int
	if err := pool.QueryRow(ctx, `SELECT count(*) FROM note_words WHERE word LIKE 'novetvar%'`).Scan(&n); err != nil || n != len(words) {
		t.Errorf("forms kept: %d (%v), want %d", n, err, len(words))
	}
}

// oneAuthor adds the one user the notes of a test are written by.
func oneAuthor(t *testing.T, pool *pgxpool.Pool) {
	t.Helper()
	if _, err := pool.Exec(context.Background(), `
		INSERT INTO users (email, name, office_id, roles) SELECT 'a@x.cz', 'A', id, '{caseworker}' FROM offices LIMIT 1`); err != nil {
		t.Fatal(err)
	}
}

// addNote publishes a note with body as its text, by the one author.
func addNote(ctx context.Context, q interface {
	QueryRow(context.Context, string, ...any) pgx.Row
}, body string) (id int64, err error) {
	err = q.QueryRow(ctx, `
		INSERT INTO notes (title, body_text, author_id, office_id, region_id, status, review_by, published_at)
		SELECT 'Poznámka', $1, u.id, u.office_id, 11, 'published', current_date + 100, now() FROM users u
		RETURNING id`, body).Scan(&id)
	return id, err
}
