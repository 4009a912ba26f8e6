package db_test

import (
	"context"
	"sync"
	"testing"

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
