// Package bench is Hnízdo's load benchmark: virtual users of several roles log in through the
// real login form and request a realistic mix of pages, and a static server serving the same
// bytes from memory measures the ceiling in the same run.
//
// The run, in order: discovery (accounts and ids read from the database), the server (started
// as a child process unless -url names a running one), logins, one checked request of every URL
// (whose bytes the static server serves later), a warm-up, the measured mix, and for each page
// a phase of that page alone against a phase of the static server serving its saved bytes.
// Everything stays on loopback and every loop is bounded in time and in count.
package bench

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strings"
	"time"

	"hnizdo.cz/hnizdo/internal/scale"
)

// Options configure one run. The zero value is not usable: start from Defaults.
type Options struct {
	// URL is a running server (loopback only); empty starts one with Command.
	URL string
	// PID is the server process whose memory is sampled when URL is given; 0 = no RSS.
	PID int
	// DatabaseURL is the server's database: accounts and ids are picked from it (read only),
	// and a server started by the benchmark is given it.
	DatabaseURL string
	// Command starts the server when URL is empty; nil = this executable with "serve".
	Command []string

	Users         int           // virtual users, logged in at the same time
	LoginParallel int           // logins at once (argon2id costs memory and CPU on the server)
	Duration      time.Duration // the measured mix
	Warmup        time.Duration // an unrecorded mix before it
	PageDuration  time.Duration // each page alone, and the static server alone; 0 = no ceiling
	Think         time.Duration // pause between a user's requests; 0 = closed loop
	MaxRequests   int64         // cap on the requests of each phase
	Gzip          bool          // ask for gzip like a browser (the saved bytes are then gzip too)
	NewSearches   float64       // the share of the mix's searches that ask the tail's next query

	Domain   string // accounts whose e-mail ends in "@" + Domain
	Password string // their shared password
	Seed     int64  // picks accounts, ids and queries; the same seed, the same choices

	Out string // folder for the JSON and Markdown results; "" = write nothing

	// Only keeps these pages of the mix (e.g. "notes", "search"); empty = all.
	Only []string

	Log *slog.Logger
}

// Defaults are the settings of `hnizdo bench` without flags: the 32 users on the scale
// data.
func Defaults() Options {
	return Options{Users: 32, LoginParallel: 2, Duration: 30 * time.Second, Warmup: 3 * time.Second,
		PageDuration: 3 * time.Second, MaxRequests: 500_000, Gzip: true, NewSearches: 0.25, Domain: scale.Domain,
		Password: scale.Password, Seed: 1, Out: "bench/results"}
}

// Main is `hnizdo bench`.
func Main(ctx context.Context, args []string, getenv func(string) string, stdout io.Writer) error {
	o := Defaults()
	fs := flag.NewFlagSet("bench", flag.ContinueOnError)
	fs.SetOutput(stdout)
	fs.Usage = func() {
		fmt.Fprint(stdout, `usage: hnizdo bench [flags]

Logs in virtual users of several roles through the real login form, requests a realistic mix of
pages, then each page alone against a static server serving the same bytes (the ceiling).
Loopback only. Without -url it starts "hnizdo serve" itself on a free loopback port.
Results: a Markdown table on stdout, and <out>/<UTC time>.{json,md} plus <out>/latest.{json,md}.

flags:
`)
		fs.PrintDefaults()
	}
	fs.StringVar(&o.URL, "url", "", "a running server to measure (127.0.0.1, ::1 or localhost only); empty: start one")
	fs.IntVar(&o.PID, "pid", 0, "with -url: the server's process id, for its memory (RSS)")
	dbURL := fs.String("database-url", "", "the server's database (default $DATABASE_URL); read to pick accounts and ids")
	fs.IntVar(&o.Users, "users", o.Users, "virtual users")
	fs.IntVar(&o.LoginParallel, "login-parallel", o.LoginParallel, "logins at once")
	fs.DurationVar(&o.Duration, "duration", o.Duration, "the measured mix")
	fs.DurationVar(&o.Warmup, "warmup", o.Warmup, "unrecorded mix before it")
	fs.DurationVar(&o.PageDuration, "page-duration", o.PageDuration, "each page alone and its static ceiling; 0 = no ceiling")
	fs.DurationVar(&o.Think, "think", o.Think, "pause between a user's requests (0 = closed loop)")
	fs.Int64Var(&o.MaxRequests, "max-requests", o.MaxRequests, "cap on the requests of each phase")
	fs.BoolVar(&o.Gzip, "gzip", o.Gzip, "accept gzip like a browser")
	fs.Float64Var(&o.NewSearches, "new-searches", o.NewSearches, "share of the searches that ask a query not asked before (while the long tail lasts)")
	fs.StringVar(&o.Domain, "domain", o.Domain, "log in as the accounts of this e-mail domain")
	fs.StringVar(&o.Password, "password", o.Password, "their password")
	fs.Int64Var(&o.Seed, "seed", o.Seed, "picks accounts, ids and queries")
	fs.StringVar(&o.Out, "out", o.Out, "folder for the results (empty: write none)")
	strict := fs.Bool("strict", false, "exit non-zero when a target is missed")
	scaling := fs.String("scaling", "", `label=DATABASE_URL,… : the notes list and search on each database in turn, as one table (e.g. "10k=…,100k=…,1M=…")`)
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil
		}
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("bench: unexpected arguments %q", fs.Args())
	}
	o.DatabaseURL = *dbURL
	if o.DatabaseURL == "" {
		o.DatabaseURL = getenv("DATABASE_URL")
	}
	o.Log = slog.New(slog.NewTextHandler(os.Stderr, nil))
	if *scaling != "" {
		return Scaling(ctx, o, *scaling, stdout)
	}
	rep, err := Run(ctx, o)
	if err != nil {
		return err
	}
	if err := rep.WriteMarkdown(stdout); err != nil {
		return err
	}
	if o.Out != "" {
		fmt.Fprintf(stdout, "\nWritten: %s\n", strings.Join(rep.Files, ", "))
	}
	if *strict {
		if missed := rep.Missed(); len(missed) > 0 {
			return fmt.Errorf("bench: targets missed: %v", missed)
		}
	}
	return nil
}
