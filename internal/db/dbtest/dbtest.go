// Package dbtest gives each test its own real PostgreSQL database, cloned from a template that
// is migrated once per migration set. The cluster comes from HNIZDO_TEST_DATABASE_URL, which
// `make test` sets after starting a private test cluster.
package dbtest

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"io/fs"
	"net/url"
	"os"
	"sort"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"hnizdo.cz/hnizdo/internal/db"
	"hnizdo.cz/hnizdo/migrations"
)

// EnvVar names the admin connection URL of the test cluster.
const EnvVar = "HNIZDO_TEST_DATABASE_URL"

// New returns a pool on a fresh, migrated database dropped when the test ends.
func New(tb testing.TB) *pgxpool.Pool {
	tb.Helper()
	pool, _ := NewWithURL(tb)
	return pool
}

// NewWithURL is New that also returns the database's URL (for tests that start the binary's code
// paths which open their own pool).
func NewWithURL(tb testing.TB) (*pgxpool.Pool, string) {
	tb.Helper()
	u := create(tb, func(ctx context.Context, conn *pgx.Conn, admin string) string {
		return ensureTemplate(tb, ctx, conn, admin)
	})
	pool, err := db.Open(context.Background(), u, 8)
	if err != nil {
		tb.Fatalf("dbtest: %v", err)
	}
	tb.Cleanup(pool.Close)
	return pool, u
}

// Empty returns the URL of a fresh database with no migrations applied.
func Empty(tb testing.TB) string {
	tb.Helper()
	return create(tb, func(context.Context, *pgx.Conn, string) string { return "template0" })
}

// create makes a database from the template that tmpl names, dropped when the test ends,
// and returns its URL.
func create(tb testing.TB, tmpl func(ctx context.Context, conn *pgx.Conn, admin string) string) string {
	tb.Helper()
	ctx := context.Background()
	admin := adminURL(tb)
	conn, err := pgx.Connect(ctx, admin)
	if err != nil {
		tb.Fatalf("dbtest: connect to test cluster: %v", err)
	}
	defer conn.Close(ctx)
	name := "t_" + randHex(6)
	if _, err := conn.Exec(ctx, "CREATE DATABASE "+name+" TEMPLATE "+tmpl(ctx, conn, admin)); err != nil {
		tb.Fatalf("dbtest: create database: %v", err)
	}
	tb.Cleanup(func() {
		c, err := pgx.Connect(context.Background(), admin)
		if err != nil {
			tb.Logf("dbtest: cleanup connect: %v", err)
			return
		}
		defer c.Close(context.Background())
		if _, err := c.Exec(context.Background(), "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)"); err != nil {
			tb.Logf("dbtest: drop %s: %v", name, err)
		}
	})
	return withDB(tb, admin, name)
}

func adminURL(tb testing.TB) string {
	tb.Helper()
	u := os.Getenv(EnvVar)
	if u == "" {
		// A failure, not a skip: a suite that silently skips its database tests proves nothing.
		tb.Fatalf("dbtest: %s is not set; run the tests with `make test`, which starts a private test cluster", EnvVar)
	}
	return u
}

// ensureTemplate creates the migrated template database once per migration set. An advisory
// lock serialises test packages that start at the same moment.
func ensureTemplate(tb testing.TB, ctx context.Context, conn *pgx.Conn, admin string) string {
	tb.Helper()
	name := "tmpl_" + migrationsHash(tb)
	if _, err := conn.Exec(ctx, "SELECT pg_advisory_lock(727274)"); err != nil {
		tb.Fatalf("dbtest: lock: %v", err)
	}
	defer conn.Exec(ctx, "SELECT pg_advisory_unlock(727274)")
	var exists bool
	if err := conn.QueryRow(ctx, "SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1)", name).Scan(&exists); err != nil {
		tb.Fatalf("dbtest: %v", err)
	}
	if exists {
		return name
	}
	build := name + "_build"
	conn.Exec(ctx, "DROP DATABASE IF EXISTS "+build+" WITH (FORCE)")
	if _, err := conn.Exec(ctx, "CREATE DATABASE "+build+" TEMPLATE template0"); err != nil {
		tb.Fatalf("dbtest: create template: %v", err)
	}
	mctx, cancel := context.WithTimeout(ctx, 2*time.Minute)
	defer cancel()
	pool, err := db.Open(mctx, withDB(tb, admin, build), 2)
	if err != nil {
		tb.Fatalf("dbtest: %v", err)
	}
	err = db.Migrate(mctx, pool)
	pool.Close()
	if err != nil {
		tb.Fatalf("dbtest: migrate template: %v", err)
	}
	for _, q := range []string{
		"ALTER DATABASE " + build + " RENAME TO " + name,
		"ALTER DATABASE " + name + " IS_TEMPLATE true ALLOW_CONNECTIONS false",
	} {
		if _, err := conn.Exec(ctx, q); err != nil {
			tb.Fatalf("dbtest: %s: %v", q, err)
		}
	}
	return name
}

func migrationsHash(tb testing.TB) string {
	names, err := fs.Glob(migrations.FS, "*.sql")
	if err != nil {
		tb.Fatalf("dbtest: %v", err)
	}
	sort.Strings(names)
	h := sha256.New()
	for _, n := range names {
		b, _ := fs.ReadFile(migrations.FS, n)
		h.Write([]byte(n))
		h.Write(b)
	}
	return hex.EncodeToString(h.Sum(nil))[:12]
}

func withDB(tb testing.TB, admin, name string) string {
	u, err := url.Parse(admin)
	if err != nil {
		tb.Fatalf("dbtest: bad %s: %v", EnvVar, err)
	}
	u.Path = "/" + name
	return u.String()
}

func randHex(n int) string {
	b := make([]byte, n)
	rand.Read(b)
	return hex.EncodeToString(b)
}
