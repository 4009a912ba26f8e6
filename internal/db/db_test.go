package db_test

import (
	"context"
	"sync"
	"testing"

	"github.com/jackc/pgx/v5"

	"hnizdo.cz/hnizdo/internal/auth"
	"hnizdo.cz/hnizdo/internal/db"
	"hnizdo.cz/hnizdo/internal/db/dbtest"
	"hnizdo.cz/hnizdo/internal/demo"
)

// TestMigrationsUpDownUp: every migration can be rolled back and applied again cleanly.
func TestMigrationsUpDownUp(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	pool, err := db.Open(ctx, dbtest.Empty(t), 4)
	if err != nil {
		t.Fatal(err)
	}
	defer pool.Close()
	p, closeDB, err := db.Provider(pool, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer closeDB()
	if _, err := p.Up(ctx); err != nil {
		t.Fatalf("up: %v", err)
	}
	// Down must work on a database in use, not only on an empty one.
	if _, err := demo.Seed(ctx, pool, auth.Hasher{MemoryKiB: 64, Time: 1, Threads: 1}); err != nil {
		t.Fatal(err)
	}
	if _, err := p.DownTo(ctx, 0); err != nil {
		t.Fatalf("down: %v", err)
	}
	var tables int
	pool.QueryRow(ctx, `SELECT count(*) FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'goose_db_version'`).Scan(&tables)
	if tables != 0 {
		t.Fatalf("%d tables left after down", tables)
	}
	if _, err := p.Up(ctx); err != nil {
		t.Fatalf("up again: %v", err)
	}
	var orp int
	pool.QueryRow(ctx, `SELECT count(*) FROM offices WHERE kind = 'orp'`).Scan(&orp)
	if orp != 36 {
		t.Fatalf("ORP offices after up-down-up: %d", orp)
	}
	if n, err := demo.Seed(ctx, pool, auth.Hasher{MemoryKiB: 64, Time: 1, Threads: 1}); err != nil || n != len(demo.People) {
		t.Fatalf("seed after up-down-up: %d %v", n, err)
	}
}

// TestConcurrentMigrate: several instances starting at once migrate exactly once.
func TestConcurrentMigrate(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	url := dbtest.Empty(t)
	var wg sync.WaitGroup
	errs := make([]error, 4)
	for i := range errs {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			pool, err := db.Open(ctx, url, 2)
			if err != nil {
				errs[i] = err
				return
			}
			defer pool.Close()
			errs[i] = db.Migrate(ctx, pool)
		}(i)
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	pool, err := db.Open(ctx, url, 1)
	if err != nil {
		t.Fatal(err)
	}
	defer pool.Close()
	var regions int
	pool.QueryRow(ctx, `SELECT count(*) FROM regions`).Scan(&regions)
	if regions != 14 {
		t.Fatalf("regions %d (reference data applied more or less than once)", regions)
	}
}

// TestPlanned: connections keep one generic plan per statement; Planned asks for a plan of the
// query's own values, and only for that query, also when it fails.
func TestPlanned(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	_, url := dbtest.NewWithURL(t)
	pool, err := db.Open(ctx, url, 1) // one connection: every query below runs on it
	if err != nil {
		t.Fatal(err)
	}
	defer pool.Close()
	const mode = `SELECT current_setting('plan_cache_mode')`
	plain := func(when string) {
		t.Helper()
		var m string
		if err := pool.QueryRow(ctx, mode).Scan(&m); err != nil || m != "force_generic_plan" {
			t.Fatalf("%s: plan_cache_mode %q, %v; want force_generic_plan", when, m, err)
		}
	}
	plain("before")
	got, err := db.Planned(ctx, pool, pgx.RowTo[string], mode)
	if err != nil || len(got) != 1 || got[0] != "force_custom_plan" {
		t.Fatalf("planned: %v, %v; want [force_custom_plan]", got, err)
	}
	plain("after")
	if _, err := db.Planned(ctx, pool, pgx.RowTo[int], `SELECT 1 / (random() * 0)::int`); err == nil {
		t.Fatal("division by zero did not fail")
	}
	plain("after a failed query")
	// A query with arguments, as the searches send them.
	n, err := db.Planned(ctx, pool, pgx.RowTo[int64], `SELECT count(*) FROM generate_series(1, $1::int) i WHERE i % $2 = 0`, 100, 7)
	if err != nil || len(n) != 1 || n[0] != 14 {
		t.Fatalf("count: %v, %v; want [14]", n, err)
	}
}
