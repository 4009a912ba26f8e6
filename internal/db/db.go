// Package db opens the PostgreSQL pool, runs the embedded migrations and owns transactions.
package db

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/jackc/pgx/v5/stdlib"
	"github.com/pressly/goose/v3"
	"github.com/pressly/goose/v3/lock"

	"hnizdo.cz/hnizdo/migrations"
)

// Config parses url into the pool configuration every connection of Hnízdo uses.
func Config(url string, maxConns int32) (*pgxpool.Config, error) {
	cfg, err := pgxpool.ParseConfig(url)
	if err != nil {
		return nil, fmt.Errorf("db: parse DATABASE_URL: %w", err)
	}
	if maxConns > 0 {
		cfg.MaxConns = maxConns
	}
	cfg.ConnConfig.RuntimeParams["timezone"] = "Europe/Prague"
	// One plan per statement, made once per connection. pgx prepares every statement, and
	// Postgres then plans it again for each run's values whenever it guesses that pays; for
	// the statements of the home and meeting pages it did each time, and planning was 17 % of
	// Postgres's time under load and half of a home page's (README, Performance). The few
	// queries that need a plan for their own values say so (Planned).
	cfg.ConnConfig.RuntimeParams["plan_cache_mode"] = "force_generic_plan"
	cfg.ConnConfig.ConnectTimeout = 5 * time.Second
	return cfg, nil
}

// Open connects a pool and checks that the database answers.
func Open(ctx context.Context, url string, maxConns int32) (*pgxpool.Pool, error) {
	cfg, err := Config(url, maxConns)
	if err != nil {
		return nil, err
	}
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("db: open pool: %w", err)
	}
	pctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	if err := pool.Ping(pctx); err != nil {
		pool.Close()
		return nil, fmt.Errorf("db: connect: %w", err)
	}
	return pool, nil
}

// Provider returns a goose provider over the embedded migrations. A Postgres advisory
// session lock makes concurrent starts of several instances safe.
func Provider(pool *pgxpool.Pool, log *slog.Logger) (*goose.Provider, func() error, error) {
	// Retry every second (default 5 s) so a second instance starts soon after the first has migrated.
	locker, err := lock.NewPostgresSessionLocker(lock.WithLockTimeout(1, 300))
	if err != nil {
		return nil, nil, fmt.Errorf("db: migration locker: %w", err)
	}
	sqlDB := stdlib.OpenDBFromPool(pool)
	opts := []goose.ProviderOption{goose.WithSessionLocker(locker)}
	if log != nil {
		opts = append(opts, goose.WithSlog(log))
	}
	p, err := goose.NewProvider(goose.DialectPostgres, sqlDB, migrations.FS, opts...)
	if err != nil {
		sqlDB.Close()
		return nil, nil, fmt.Errorf("db: migration provider: %w", err)
	}
	return p, sqlDB.Close, nil
}

// Migrate applies every pending migration.
func Migrate(ctx context.Context, pool *pgxpool.Pool) error {
	p, closeDB, err := Provider(pool, nil)
	if err != nil {
		return err
	}
	defer closeDB()
	if _, err := p.Up(ctx); err != nil {
		return fmt.Errorf("db: migrate up: %w", err)
	}
	return nil
}

// Status writes one line per migration.
func Status(ctx context.Context, pool *pgxpool.Pool, w io.Writer) error {
	p, closeDB, err := Provider(pool, nil)
	if err != nil {
		return err
	}
	defer closeDB()
	st, err := p.Status(ctx)
	if err != nil {
		return fmt.Errorf("db: migration status: %w", err)
	}
	for _, s := range st {
		at := ""
		if !s.AppliedAt.IsZero() {
			at = s.AppliedAt.Format(time.RFC3339)
		}
		fmt.Fprintf(w, "%-8s %-40s %s\n", s.State, s.Source.Path, at)
	}
	return nil
}

// InTx runs fn in a transaction, committing when fn returns nil.
func InTx(ctx context.Context, pool *pgxpool.Pool, fn func(tx pgx.Tx) error) error {
	return pgx.BeginFunc(ctx, pool, fn)
}

// Batcher is a pool or a connection. (In a transaction, Planned's setting would last until the
// transaction ends.)
type Batcher interface {
	SendBatch(ctx context.Context, b *pgx.Batch) pgx.BatchResults
}

// Planned runs one query planned for its own values, and collects its rows with fn.
//
// The pool's connections keep one generic plan per statement (see Config). A search needs the
// plan of its own words: the plan that suits a rare word reads every note for a common one. So
// the query is sent in one pipeline after a setting that asks for a custom plan; the setting is
// local to the pipeline's implicit transaction and ends with it, error or not.
func Planned[T any](ctx context.Context, q Batcher, fn pgx.RowToFunc[T], sql string, args ...any) ([]T, error) {
	b := &pgx.Batch{}
	b.Queue(`SELECT set_config('plan_cache_mode', 'force_custom_plan', true)`)
	b.Queue(sql, args...)
	br := q.SendBatch(ctx, b)
	out, err := collectPlanned(br, fn)
	if cerr := br.Close(); err == nil {
		err = cerr
	}
	return out, err
}

func collectPlanned[T any](br pgx.BatchResults, fn pgx.RowToFunc[T]) ([]T, error) {
	if _, err := br.Exec(); err != nil {
		return nil, fmt.Errorf("db: custom plan: %w", err)
	}
	rows, err := br.Query()
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, fn)
}

// IsUnavailable reports whether err means the database cannot be reached (as opposed to a
// query that failed), so the web layer can answer 503 instead of 500.
func IsUnavailable(err error) bool {
	if err == nil {
		return false
	}
	var ce *pgconn.ConnectError
	var ne net.Error
	var pe *pgconn.PgError
	switch {
	case errors.As(err, &ce), errors.As(err, &ne):
		return true
	case errors.As(err, &pe):
		// 57P01..57P03: admin shutdown, crash shutdown, cannot connect now; 08xxx: connection.
		return pe.Code == "57P01" || pe.Code == "57P02" || pe.Code == "57P03" || pe.Code[:2] == "08"
	}
	return pgconn.SafeToRetry(err)
}

// UniqueViolation reports whether err is a unique-constraint violation of the named constraint
// (any unique constraint when name is empty).
func UniqueViolation(err error, name string) bool {
	var pe *pgconn.PgError
	return errors.As(err, &pe) && pe.Code == "23505" && (name == "" || pe.ConstraintName == name)
}
