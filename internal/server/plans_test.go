package server_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"hnizdo.cz/hnizdo/internal/db/dbtest"
	"hnizdo.cz/hnizdo/internal/scale"
	"hnizdo.cz/hnizdo/internal/server/servertest"
)

// recorder keeps every statement the app sends, with its first arguments.
type recorder struct {
	mu   sync.Mutex
	on   bool
	seen map[string][]any
	keys []string
}

func (r *recorder) TraceQueryStart(ctx context.Context, _ *pgx.Conn, d pgx.TraceQueryStartData) context.Context {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.on {
		if _, ok := r.seen[d.SQL]; !ok {
			r.seen[d.SQL] = d.Args
			r.keys = append(r.keys, d.SQL)
		}
	}
	return ctx
}

func (r *recorder) TraceQueryEnd(context.Context, *pgx.Conn, pgx.TraceQueryEndData) {}

// TestMainPagesUseIndexes loads enough data that Postgres would rather read whole tables
// than use an index, requests the main pages as each role, and explains every statement the
// pages sent: none may read a large table from end to end.
func TestMainPagesUseIndexes(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	_, dsn := dbtest.NewWithURL(t)
	cfg, err := pgxpool.ParseConfig(dsn)
	if err != nil {
		t.Fatal(err)
	}
	cfg.ConnConfig.RuntimeParams["timezone"] = "Europe/Prague"
	rec := &recorder{seen: map[string][]any{}}
	cfg.ConnConfig.Tracer = rec
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(pool.Close)
	s := scale.Sizes{Offices: 220, Users: 1500, Notes: 12000, Meetings: 600, Topics: 6000, Votes: 20000,
		Answers: 20000, Inspections: 3000, Findings: 12000, Questions: 4000, Seed: 8}
	if err := scale.Load(ctx, pool, s, servertest.Cheap, slog.New(slog.NewTextHandler(io.Discard, nil))); err != nil {
		t.Fatal(err)
	}
	// A database in use is vacuumed by autovacuum, which marks its pages all-visible; a fresh
	// load is not, and the planner then costs an index-only scan as if it read the table too.
	// The oversight overview's index-only scan of findings then cost within one part in 600 of
	// reading findings whole, and which won changed from run to run.
	if _, err := pool.Exec(ctx, `VACUUM (ANALYZE)`); err != nil {
		t.Fatal(err)
	}
	app := servertest.StartOn(t, pool, dsn)

	plain, err := pgxpool.New(ctx, dsn) // the test's own questions, not recorded
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(plain.Close)
	one := func(sql string, args ...any) string {
		t.Helper()
		var v string
		if err := plain.QueryRow(ctx, sql, args...).Scan(&v); err != nil {
			t.Fatalf("%s: %v", sql, err)
		}
		return v
	}
	rec.mu.Lock()
	rec.on = true
	rec.mu.Unlock()
	for _, role := range []string{"methodologist", "head", "caseworker", "coordinator", "guide"} {
		// Someone of that role in Jihomoravský kraj, where the reference data has its offices.
		email := one(`SELECT u.email FROM users u JOIN offices o ON o.id = u.office_id
			WHERE $1 = ANY(u.roles) AND o.region_id = 11 AND u.email LIKE '%@' || $2 ORDER BY u.id LIMIT 1`, role, scale.Domain)
		c := app.Client(t)
		if res := c.PostForm("/login", url.Values{"email": {email}, "password": {scale.Password}}); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("login %s: %d", email, res.StatusCode)
		}
		pages := []string{"/", "/notes", "/notes?q=dítěte", "/notes?q=pestounska+pece&sort=newest", "/notes?sort=useful",
			"/notes?area=6&q=rodina", "/notes/mine", "/meetings", "/feedback", "/oversight", "/oversight/measures",
			"/oversight/measures?show=done", "/oversight/inspections", "/oversight/plan", "/oversight/overview", "/questions", "/faq", "/faq?q=rodina", "/faq?q=rodina&page=1",
			"/offices", "/nest?region=11", "/nest/matrix?region=11",
			"/notes/" + one(`SELECT id::text FROM notes WHERE status = 'published' ORDER BY id DESC LIMIT 1`),
			"/meetings/" + one(`SELECT id::text FROM meetings WHERE region_id = 11 ORDER BY id DESC LIMIT 1`),
			"/offices/" + one(`SELECT office_id::text FROM users WHERE email = $1`, email),
			"/oversight/inspections/" + one(`SELECT id::text FROM inspections WHERE region_id = 11 ORDER BY id DESC LIMIT 1`),
		}
		if form := one(`SELECT coalesce(min(f.id), 0)::text FROM feedback_forms f JOIN meetings m ON m.id = f.meeting_id WHERE m.region_id = 11`); form != "0" {
			pages = append(pages, "/feedback/"+form+"/results")
		}
		for _, p := range pages {
			if res := c.Get(p); res.StatusCode >= 500 {
				t.Errorf("%s as %s: %d", p, role, res.StatusCode)
			}
		}
	}
	rec.mu.Lock()
	rec.on = false
	keys := slices.Clone(rec.keys)
	rec.mu.Unlock()

	// Tables that grow with the country; a small table may be read whole.
	large := map[string]bool{}
	rows, err := pool.Query(ctx, `SELECT relname FROM pg_class WHERE relkind = 'r' AND relnamespace = 'public'::regnamespace AND reltuples >= 2000`)
	if err != nil {
		t.Fatal(err)
	}
	names, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		t.Fatal(err)
	}
	for _, n := range names {
		large[n] = true
	}
	if !large["notes"] || !large["topic_votes"] || !large["feedback_answers"] || !large["findings"] {
		t.Fatalf("the data is too small to tell: large tables %v", names)
	}
	explained := 0
	for _, sql := range keys {
		head := strings.ToUpper(strings.Fields(strings.TrimSpace(sql) + " x")[0])
		if !slices.Contains([]string{"SELECT", "WITH", "UPDATE", "DELETE", "INSERT"}, head) {
			continue
		}
		var plan string
		if err := pool.QueryRow(ctx, "EXPLAIN (FORMAT JSON) "+sql, rec.seen[sql]...).Scan(&plan); err != nil {
			t.Errorf("explain %s: %v", sql, err)
			continue
		}
		explained++
		if cached.MatchString(sql) {
			continue
		}
		for _, scan := range seqScans(t, plan) {
			if large[scan] {
				t.Errorf("reads all of %s:\n%s\nargs %v\n%s", scan, sql, rec.seen[sql], textPlan(t, pool, sql, rec.seen[sql]))
			}
		}
	}
	if explained < 50 {
		t.Fatalf("only %d statements explained", explained)
	}
	t.Logf("%d statements explained; large tables: %v", explained, names)
}

// cached marks a statement allowed to read a whole table because its answer is kept for
// minutes, not asked per request: a comment inside its SQL that says what it reads and names
// what keeps the answer, e.g. "-- reads every published note: cached, see tagsFor". Nothing
// else is exempt.
var cached = regexp.MustCompile(`(?m)^\s*-- reads every [^\n]+: cached, see \w+`)

// textPlan is the plan of sql as text, to show with a failure.
func textPlan(t *testing.T, pool *pgxpool.Pool, sql string, args []any) string {
	rows, err := pool.Query(context.Background(), "EXPLAIN "+sql, args...)
	if err != nil {
		return err.Error()
	}
	lines, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		return err.Error()
	}
	return strings.Join(lines, "\n")
}

// seqScans lists the tables a JSON plan reads from end to end.
func seqScans(t *testing.T, plan string) []string {
	var doc []struct{ Plan map[string]any }
	if err := json.Unmarshal([]byte(plan), &doc); err != nil {
		t.Fatal(err)
	}
	var out []string
	var walk func(n map[string]any)
	walk = func(n map[string]any) {
		if n["Node Type"] == "Seq Scan" {
			out = append(out, fmt.Sprint(n["Relation Name"]))
		}
		if kids, ok := n["Plans"].([]any); ok {
			for _, k := range kids {
				walk(k.(map[string]any))
			}
		}
	}
	for _, d := range doc {
		walk(d.Plan)
	}
	return out
}
