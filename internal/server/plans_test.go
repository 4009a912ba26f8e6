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

	"hnizdo.cz/hnizdo/internal/db"
	"hnizdo.cz/hnizdo/internal/db/dbtest"
	"hnizdo.cz/hnizdo/internal/scale"
	"hnizdo.cz/hnizdo/internal/server/servertest"
)

// recorder keeps every statement the app sends, with its first arguments. Statements sent in
// a batch are those planned for their own values (db.Planned); the others run on one generic
// plan each.
type recorder struct {
	mu      sync.Mutex
	on      bool
	seen    map[string][]any
	batched map[string]bool
	keys    []string
}

func (r *recorder) add(sql string, args []any, batched bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.on {
		if _, ok := r.seen[sql]; !ok {
			r.seen[sql] = args
			r.batched[sql] = batched
			r.keys = append(r.keys, sql)
		}
	}
}

func (r *recorder) TraceQueryStart(ctx context.Context, _ *pgx.Conn, d pgx.TraceQueryStartData) context.Context {
	r.add(d.SQL, d.Args, false)
	return ctx
}

func (r *recorder) TraceQueryEnd(context.Context, *pgx.Conn, pgx.TraceQueryEndData) {}

func (r *recorder) TraceBatchStart(ctx context.Context, _ *pgx.Conn, _ pgx.TraceBatchStartData) context.Context {
	return ctx
}

func (r *recorder) TraceBatchQuery(_ context.Context, _ *pgx.Conn, d pgx.TraceBatchQueryData) {
	r.add(d.SQL, d.Args, true)
}

func (r *recorder) TraceBatchEnd(context.Context, *pgx.Conn, pgx.TraceBatchEndData) {}

// TestMainPagesUseIndexes loads enough data that Postgres would rather read whole tables
// than use an index, requests the main pages as each role, and explains every statement the
// pages sent: none may read a large table from end to end.
func TestMainPagesUseIndexes(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	_, dsn := dbtest.NewWithURL(t)
	cfg, err := db.Config(dsn, 0)
	if err != nil {
		t.Fatal(err)
	}
	rec := &recorder{seen: map[string][]any{}, batched: map[string]bool{}}
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
	// The plans are explained as the app's connections run them: one generic plan per
	// statement (db.Config), made without the values, unless the statement was planned for its
	// values (db.Planned).
	conn, err := plain.Acquire(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Release()
	explained := 0
	for i, sql := range keys {
		head := strings.ToUpper(strings.Fields(strings.TrimSpace(sql) + " x")[0])
		if !slices.Contains([]string{"SELECT", "WITH", "UPDATE", "DELETE", "INSERT"}, head) {
			continue
		}
		plan, err := explain(ctx, conn.Conn(), i, sql, rec.seen[sql], rec.batched[sql])
		if err != nil {
			t.Errorf("explain %s: %v", sql, err)
			continue
		}
		explained++
		if cached.MatchString(sql) {
			continue
		}
		for _, scan := range seqScans(t, plan) {
			if large[scan] {
				t.Errorf("reads all of %s:\n%s\nargs %v (batched %t)\n%s", scan, sql, rec.seen[sql], rec.batched[sql], plan)
			}
		}
	}
	if explained < 50 {
		t.Fatalf("only %d statements explained", explained)
	}
	batched := 0
	for _, b := range rec.batched {
		if b {
			batched++
		}
	}
	if batched == 0 {
		t.Fatal("no statement planned for its values: the searches by area and the FAQ search should be")
	}
	t.Logf("%d statements explained, %d of them batched; large tables: %v", explained, batched, names)
}

// cached marks a statement allowed to read a whole table because its answer is kept for
// minutes, not asked per request: a comment inside its SQL that says what it reads and names
// what keeps the answer, e.g. "-- reads every published note: cached, see tagsFor". Nothing
// else is exempt.
var cached = regexp.MustCompile(`(?m)^\s*-- reads every [^\n]+: cached, see \w+`)

// explain returns the JSON plan of sql as the app runs it: for its values when planned
// (EXPLAIN with the arguments), otherwise the generic plan, which the values do not change
// (the statement prepared, then explained with nulls).
func explain(ctx context.Context, conn *pgx.Conn, i int, sql string, args []any, planned bool) (string, error) {
	var plan string
	if planned {
		err := conn.QueryRow(ctx, "EXPLAIN (FORMAT JSON) "+sql, args...).Scan(&plan)
		return plan, err
	}
	if _, err := conn.Exec(ctx, "SET plan_cache_mode = force_generic_plan"); err != nil {
		return "", err
	}
	name := fmt.Sprintf("plans_test_%d", i)
	if _, err := conn.Exec(ctx, "PREPARE "+name+" AS "+sql); err != nil {
		return "", err
	}
	defer conn.Exec(ctx, "DEALLOCATE "+name)
	nulls := strings.TrimSuffix(strings.Repeat("NULL, ", len(args)), ", ")
	run := "EXECUTE " + name
	if len(args) > 0 {
		run += "(" + nulls + ")"
	}
	err := conn.QueryRow(ctx, "EXPLAIN (FORMAT JSON) "+run).Scan(&plan)
	return plan, err
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
