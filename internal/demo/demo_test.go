package demo_test

import (
	"context"
	"testing"

	"hnizdo.cz/hnizdo/internal/auth"
	"hnizdo.cz/hnizdo/internal/db/dbtest"
	"hnizdo.cz/hnizdo/internal/demo"
)

func TestSeedIsIdempotent(t *testing.T) {
	t.Parallel()
	pool := dbtest.New(t)
	ctx := context.Background()
	h := auth.Hasher{MemoryKiB: 64, Time: 1, Threads: 1}
	n, err := demo.Seed(ctx, pool, h)
	if err != nil {
		t.Fatal(err)
	}
	if n != len(demo.People) {
		t.Fatalf("created %d of %d (an office name in demo.People does not exist?)", n, len(demo.People))
	}
	if n, err = demo.Seed(ctx, pool, h); err != nil || n != 0 {
		t.Fatalf("second run created %d: %v", n, err)
	}
	s := auth.NewStore(pool, h)
	for _, p := range demo.People {
		u, err := s.Login(ctx, p.Email, demo.Password, "127.0.0.1")
		if err != nil {
			t.Fatalf("%s: %v", p.Email, err)
		}
		if u.OfficeName != p.Office {
			t.Fatalf("%s works at %s", p.Email, u.OfficeName)
		}
	}
}
