package bench_test

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"hnizdo.cz/hnizdo/internal/bench"
	"hnizdo.cz/hnizdo/internal/db/dbtest"
	"hnizdo.cz/hnizdo/internal/scale"
	"hnizdo.cz/hnizdo/internal/server/servertest"
)

// TestSmoke is the benchmark in seconds on tiny data, so that it cannot rot: every page of the
// mix is requested without an error, the numbers are sane, and the results are written.
func TestSmoke(t *testing.T) {
	ctx := context.Background()
	pool, dsn := dbtest.NewWithURL(t)
	if err := scale.Load(ctx, pool, scale.Tiny(), servertest.Cheap, slog.New(slog.NewTextHandler(io.Discard, nil))); err != nil {
		t.Fatal(err)
	}
	app := servertest.StartOn(t, pool, dsn)
	out := t.TempDir()
	o := bench.Defaults()
	o.URL, o.DatabaseURL, o.Out = app.URL, dsn, out
	o.Users, o.Duration, o.Warmup, o.PageDuration = 6, time.Second, 100*time.Millisecond, 150*time.Millisecond
	rep, err := bench.Run(ctx, o)
	if err != nil {
		t.Fatal(err)
	}

	want := []string{"home/methodologist", "home/caseworker", "home/head", "home/coordinator", "home/guide",
		"notes", "search", "note", "meeting", "feedback results", "oversight", "office"}
	var got []string
	for _, p := range rep.Pages {
		got = append(got, p.Page)
	}
	if !slices.Equal(got, want) {
		t.Fatalf("pages %q, want %q (skipped: %q)", got, want, rep.Skipped)
	}
	if rep.Check.Requests == 0 || rep.Check.Errors != 0 {
		t.Errorf("check: %+v; errors: %q", rep.Check, rep.Errors)
	}
	for _, p := range rep.Pages {
		m := p.Mix
		if m.Requests == 0 || m.Errors != 0 {
			t.Errorf("%s: %d requests, %d errors; first errors %q", p.Page, m.Requests, m.Errors, rep.Errors)
		}
		if !(0 < m.P50 && m.P50 <= m.P95 && m.P95 <= m.P99 && m.P99 <= m.Max) || m.RPS <= 0 || m.Bytes <= 0 {
			t.Errorf("%s: numbers out of order: %+v", p.Page, m)
		}
		if p.Alone == nil || p.Static == nil || p.Alone.Errors != 0 || p.Static.Errors != 0 {
			t.Errorf("%s: ceiling not measured cleanly: alone %+v static %+v", p.Page, p.Alone, p.Static)
			continue
		}
		if p.Static.Bytes <= 0 || p.Static.RPS <= 0 {
			t.Errorf("%s: static %+v", p.Page, p.Static)
		}
		if !(p.Ratio > 0) || p.Ratio > 1e6 {
			t.Errorf("%s: ratio %v", p.Page, p.Ratio)
		}
	}
	if len(rep.Search) != 10 || rep.Search[8].Page != "first time asked" || rep.Search[9].Page != "asked before" {
		t.Errorf("search classes: %+v", rep.Search)
	}
	// A quarter of the searches ask the tail's queries, each for the first time while they last.
	if first, again := rep.Search[8].Mix.Requests, rep.Search[9].Mix.Requests; first == 0 || again == 0 {
		t.Errorf("searches first asked %d, asked before %d", first, again)
	}
	for _, c := range rep.Search {
		if c.Mix.Errors != 0 {
			t.Errorf("search %s: %d errors", c.Page, c.Mix.Errors)
		}
	}
	if rep.Login.Users != 6 || rep.Counts["notes"] == 0 || rep.Postgres == "" || rep.Memory != nil {
		t.Errorf("login %+v, counts %v, postgres %q, memory %+v", rep.Login, rep.Counts, rep.Postgres, rep.Memory)
	}
	if len(rep.Targets) != 7 {
		t.Errorf("targets: %+v", rep.Targets)
	}

	entries, err := os.ReadDir(out)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	if len(names) != 4 || !slices.Contains(names, "latest.json") || !slices.Contains(names, "latest.md") {
		t.Fatalf("files written: %q", names)
	}
	b, err := os.ReadFile(filepath.Join(out, "latest.json"))
	if err != nil {
		t.Fatal(err)
	}
	var back bench.Report
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	var backPages []string
	for _, p := range back.Pages {
		backPages = append(backPages, p.Page)
	}
	if !slices.Equal(backPages, want) || back.Pages[0].Mix != rep.Pages[0].Mix {
		t.Errorf("JSON pages %q, want %q", backPages, want)
	}
	md, err := os.ReadFile(filepath.Join(out, "latest.md"))
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%s", md) // shown with -v or on failure
	for _, s := range []string{"| note |", "| search |", "## Targets", "note page: share of the static ceiling"} {
		if !strings.Contains(string(md), s) {
			t.Errorf("Markdown lacks %q:\n%s", s, md)
		}
	}
}

// TestRefusesNonLoopback: the benchmark sends traffic to loopback only.
func TestRefusesNonLoopback(t *testing.T) {
	for _, u := range []string{"http://127.0.0.1:8080", "http://localhost:8080/", "http://[::1]:9000", "http://127.0.0.2"} {
		if _, err := bench.CheckLoopback(u); err != nil {
			t.Errorf("%s refused: %v", u, err)
		}
	}
	for _, u := range []string{"http://10.0.0.1:8080", "http://192.168.1.5", "http://example.org", "http://hnizdo.test",
		"ftp://127.0.0.1", "http://127.0.0.1.example.org", "http://0.0.0.0:8080"} {
		if _, err := bench.CheckLoopback(u); err == nil {
			t.Errorf("%s accepted", u)
		}
	}
	o := bench.Defaults()
	o.URL, o.DatabaseURL = "http://192.168.1.5:8080", "postgres://nobody@/none"
	if _, err := bench.Run(context.Background(), o); err == nil || !strings.Contains(err.Error(), "loopback") {
		t.Errorf("Run with a non-loopback URL: %v", err)
	}
}
