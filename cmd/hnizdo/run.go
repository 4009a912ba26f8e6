package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"runtime/debug"
	"strings"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"hnizdo.cz/hnizdo/internal/app"
	"hnizdo.cz/hnizdo/internal/auth"
	"hnizdo.cz/hnizdo/internal/bench"
	"hnizdo.cz/hnizdo/internal/config"
	"hnizdo.cz/hnizdo/internal/db"
	"hnizdo.cz/hnizdo/internal/demo"
	"hnizdo.cz/hnizdo/internal/note"
	"hnizdo.cz/hnizdo/internal/scale"
	"hnizdo.cz/hnizdo/internal/server"
)

const usage = `usage: hnizdo <command> [flags]

commands:
  serve                 migrate the database, then serve the portal
  migrate up|down|status
  seed-demo             add the demo accounts (idempotent) and print the demo logins
  user add -email E -name N -role R[,R] -office "Office name"   (password on stdin)
  seed-scale [-notes N ...]  fill an empty, migrated database with national-scale data (hnizdo seed-scale -h)
  bench [flags]         load-benchmark a server on loopback against the static ceiling (hnizdo bench -h)
  version

settings (environment variable, or the flag that overrides it):
`

// run is the whole program; main only wires the process to it.
func run(ctx context.Context, args []string, getenv func(string) string, stdin io.Reader, stdout io.Writer) error {
	if len(args) == 0 || args[0] == "help" || args[0] == "-h" || args[0] == "--help" {
		fmt.Fprint(stdout, usage)
		config.Usage(stdout)
		if len(args) == 0 {
			return errors.New("no command given")
		}
		return nil
	}
	cmd, rest := args[0], args[1:]
	switch cmd {
	case "version":
		fmt.Fprintln(stdout, "hnizdo", version())
		return nil
	case "serve":
		return withDB(ctx, rest, getenv, func(cfg config.Config, log *slog.Logger, pool *pgxpool.Pool) error {
			if err := db.Migrate(ctx, pool); err != nil {
				return err
			}
			return serve(ctx, cfg, log, pool)
		})
	case "migrate":
		if len(rest) == 0 {
			return errors.New("migrate: say up, down or status")
		}
		dir, rest := rest[0], rest[1:]
		return withDB(ctx, rest, getenv, func(cfg config.Config, log *slog.Logger, pool *pgxpool.Pool) error {
			return migrate(ctx, pool, dir, stdout)
		})
	case "seed-demo":
		return withDB(ctx, rest, getenv, func(cfg config.Config, log *slog.Logger, pool *pgxpool.Pool) error {
			n, err := demo.Seed(ctx, pool, hasher(cfg))
			if err != nil {
				return err
			}
			log.Info("demo data", "accounts_created", n)
			demo.PrintLogins(stdout, cfg.BaseURL)
			return nil
		})
	case "seed-scale":
		return seedScale(ctx, rest, getenv, stdout)
	case "bench":
		return bench.Main(ctx, rest, getenv, stdout)
	case "user":
		if len(rest) == 0 || rest[0] != "add" {
			return errors.New("user: the only subcommand is add")
		}
		return userAdd(ctx, rest[1:], getenv, stdin, stdout)
	}
	return fmt.Errorf("unknown command %q (try hnizdo help)", cmd)
}

// buildVersion is set by the Makefile from git describe.
var buildVersion string

func version() string {
	if buildVersion != "" {
		return buildVersion
	}
	if bi, ok := debug.ReadBuildInfo(); ok {
		for _, s := range bi.Settings {
			if s.Key == "vcs.revision" {
				return s.Value
			}
		}
		return bi.Main.Version
	}
	return "unknown"
}

func newLogger(cfg config.Config, w io.Writer) *slog.Logger {
	var level slog.Level
	level.UnmarshalText([]byte(cfg.LogLevel))
	opts := &slog.HandlerOptions{Level: level}
	if cfg.LogFormat == "json" {
		return slog.New(slog.NewJSONHandler(w, opts))
	}
	return slog.New(slog.NewTextHandler(w, opts))
}

func hasher(cfg config.Config) auth.Hasher {
	return auth.Hasher{MemoryKiB: cfg.ArgonMemoryKiB, Time: cfg.ArgonTime, Threads: 2}
}

// withDB loads the configuration, opens the pool and runs fn.
func withDB(ctx context.Context, args []string, getenv func(string) string, fn func(config.Config, *slog.Logger, *pgxpool.Pool) error) error {
	cfg, err := config.Load(args, getenv, true)
	if err != nil {
		return err
	}
	log := newLogger(cfg, os.Stderr)
	pool, err := db.Open(ctx, cfg.DatabaseURL, cfg.PoolSize)
	if err != nil {
		return err
	}
	defer pool.Close()
	return fn(cfg, log, pool)
}

func migrate(ctx context.Context, pool *pgxpool.Pool, dir string, stdout io.Writer) error {
	switch dir {
	case "up":
		return db.Migrate(ctx, pool)
	case "down":
		p, closeDB, err := db.Provider(pool, nil)
		if err != nil {
			return err
		}
		defer closeDB()
		res, err := p.Down(ctx)
		if err != nil {
			return fmt.Errorf("migrate down: %w", err)
		}
		fmt.Fprintln(stdout, "rolled back", res.Source.Path)
		return nil
	case "status":
		return db.Status(ctx, pool, stdout)
	}
	return fmt.Errorf("migrate: unknown direction %q (up, down or status)", dir)
}

// serve runs the HTTP server until ctx ends, then lets requests in flight finish.
func serve(ctx context.Context, cfg config.Config, log *slog.Logger, pool *pgxpool.Pool) error {
	if cfg.MemoryLimitMiB > 0 {
		debug.SetMemoryLimit(cfg.MemoryLimitMiB << 20)
	}
	srv := server.New(log, pool, server.Config{BaseURL: cfg.BaseURL, SecureCookies: cfg.SecureCookies,
		Hasher: hasher(cfg), TrustedProxies: cfg.TrustedProxies, MaxUpload: cfg.MaxUpload, MailDir: cfg.MailDir})
	defer srv.Close()
	// The search window follows the newest notes (note.Window); it stops with the server.
	wctx, stopWindow := context.WithCancel(ctx)
	defer stopWindow()
	go note.NewStore(pool).KeepWindow(wctx, log, time.Hour)
	hs := &http.Server{
		Addr:              cfg.Addr,
		Handler:           srv.Handler(),
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       120 * time.Second,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}
	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return fmt.Errorf("listen on %s (HNIZDO_ADDR): %w", cfg.Addr, err)
	}
	log.Info("Hnízdo is serving", "url", cfg.BaseURL, "addr", ln.Addr().String())
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()
	select {
	case err := <-errc:
		return fmt.Errorf("serve: %w", err)
	case <-ctx.Done():
	}
	log.Info("shutting down: letting requests in flight finish", "grace", cfg.ShutdownGrace)
	sctx, cancel := context.WithTimeout(context.Background(), cfg.ShutdownGrace)
	defer cancel()
	if err := hs.Shutdown(sctx); err != nil {
		return fmt.Errorf("shutdown: %w", err)
	}
	log.Info("stopped")
	return nil
}

func userAdd(ctx context.Context, args []string, getenv func(string) string, stdin io.Reader, stdout io.Writer) error {
	var email, name, roles, officeName string
	var rest []string
	for i := 0; i < len(args); i++ {
		a := strings.TrimLeft(args[i], "-")
		val := func() string {
			if i+1 < len(args) {
				i++
				return args[i]
			}
			return ""
		}
		switch a {
		case "email":
			email = val()
		case "name":
			name = val()
		case "role", "roles":
			roles = val()
		case "office":
			officeName = val()
		default:
			rest = append(rest, args[i])
		}
	}
	n := auth.NewUser{Email: email, Name: name}
	for _, r := range strings.Split(roles, ",") {
		if r = strings.TrimSpace(r); r != "" {
			n.Roles = append(n.Roles, auth.Role(r))
		}
	}
	line, err := bufio.NewReader(stdin).ReadString('\n')
	if err != nil && !errors.Is(err, io.EOF) {
		return fmt.Errorf("user add: read password from stdin: %w", err)
	}
	password := strings.TrimRight(line, "\r\n")
	return withDB(ctx, rest, getenv, func(cfg config.Config, log *slog.Logger, pool *pgxpool.Pool) error {
		id, err := auth.NewStore(pool, hasher(cfg)).AddByOperator(ctx, n, officeName, password)
		var inv app.Invalid
		if errors.As(err, &inv) {
			var parts []string
			for field, msg := range inv {
				parts = append(parts, field+": "+cliMessage(msg))
			}
			return fmt.Errorf("user add: %s", strings.Join(parts, "; "))
		}
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "created user %d <%s>\n", id, n.Email)
		return nil
	})
}

// cliMessage explains validation keys to an operator, in English like the rest of the CLI.
func cliMessage(key string) string {
	switch key {
	case "err.required":
		return "is required"
	case "err.email":
		return "is not an e-mail address"
	case "err.email_taken":
		return "is taken by another user"
	case "err.choose_office":
		return "no office of that exact name (see the offices page)"
	case "err.choose_role":
		return "give one or more of caseworker, head, methodologist, coordinator, admin"
	case "err.password_short":
		return fmt.Sprintf("the password on stdin must have at least %d characters", auth.MinPasswordLen)
	}
	return key
}

// seedScale is `hnizdo seed-scale`: its own flags for the sizes, the usual settings after them.
func seedScale(ctx context.Context, args []string, getenv func(string) string, stdout io.Writer) error {
	s := scale.National()
	fs := flag.NewFlagSet("seed-scale", flag.ContinueOnError)
	fs.SetOutput(stdout)
	fs.IntVar(&s.Offices, "offices", s.Offices, "offices in all, the reference data's included")
	fs.IntVar(&s.Users, "users", s.Users, "users")
	fs.IntVar(&s.Notes, "notes", s.Notes, "practice notes (each with two or three versions)")
	fs.IntVar(&s.Meetings, "meetings", s.Meetings, "meetings")
	fs.IntVar(&s.Topics, "topics", s.Topics, "meeting topics")
	fs.IntVar(&s.Votes, "votes", s.Votes, "votes on topics")
	fs.IntVar(&s.Answers, "answers", s.Answers, "feedback answers")
	fs.IntVar(&s.Inspections, "inspections", s.Inspections, "inspections")
	fs.IntVar(&s.Findings, "findings", s.Findings, "inspection findings (measures are made from some)")
	fs.IntVar(&s.Questions, "questions", s.Questions, "methodological questions")
	fs.Int64Var(&s.Seed, "seed", s.Seed, "random seed: the same seed makes the same data")
	tiny := fs.Bool("tiny", false, "a few of everything, for a quick look")
	once := fs.Bool("once", false, "do nothing when the database has been filled already")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *tiny {
		s = scale.Tiny()
	}
	return withDB(ctx, fs.Args(), getenv, func(cfg config.Config, log *slog.Logger, pool *pgxpool.Pool) error {
		if err := db.Migrate(ctx, pool); err != nil {
			return err
		}
		if *once {
			var n int
			if err := pool.QueryRow(ctx, `SELECT count(*) FROM users`).Scan(&n); err != nil {
				return fmt.Errorf("seed-scale: %w", err)
			}
			if n > 0 {
				fmt.Fprintf(stdout, "seed-scale: the database has its data already (%d users)\n", n)
				return nil
			}
		}
		start := time.Now()
		if err := scale.Load(ctx, pool, s, hasher(cfg), log); err != nil {
			return err
		}
		fmt.Fprintf(stdout, "seed-scale: loaded in %s; log in as any @%s account with the password %q\n",
			time.Since(start).Round(time.Second), scale.Domain, scale.Password)
		return nil
	})
}
