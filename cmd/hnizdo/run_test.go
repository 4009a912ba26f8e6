package main

import (
	"bytes"
	"context"
	"io"
	"io/fs"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"hnizdo.cz/hnizdo/internal/auth"
	"hnizdo.cz/hnizdo/internal/db"
	"hnizdo.cz/hnizdo/internal/db/dbtest"
	"hnizdo.cz/hnizdo/internal/demo"
	"hnizdo.cz/hnizdo/migrations"
)

func envOf(m map[string]string) func(string) string { return func(k string) string { return m[k] } }

func TestVersion(t *testing.T) {
	var out bytes.Buffer
	if err := run(context.Background(), []string{"version"}, envOf(nil), nil, &out); err != nil || !strings.HasPrefix(out.String(), "hnizdo ") {
		t.Fatalf("%v %q", err, out.String())
	}
}

func TestBadConfigStopsStart(t *testing.T) {
	err := run(context.Background(), []string{"serve"}, envOf(map[string]string{"DATABASE_URL": "postgres://x/y", "HNIZDO_ADDR": "nope"}), nil, &bytes.Buffer{})
	if err == nil || !strings.Contains(err.Error(), "HNIZDO_ADDR") {
		t.Fatalf("%v", err)
	}
}

// TestCommands: migrate, seed-demo twice, user add with the password on stdin, migrate status.
func TestCommands(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	env := envOf(map[string]string{"DATABASE_URL": dbtest.Empty(t), "HNIZDO_ARGON_MEMORY_KIB": "64", "HNIZDO_LOG_LEVEL": "warn"})
	var out bytes.Buffer
	must := func(stdin string, args ...string) string {
		t.Helper()
		out.Reset()
		if err := run(ctx, args, env, strings.NewReader(stdin), &out); err != nil {
			t.Fatalf("%v: %v", args, err)
		}
		return out.String()
	}
	must("", "migrate", "up")
	files, err := fs.Glob(migrations.FS, "*.sql")
	if err != nil || len(files) < 3 {
		t.Fatalf("migrations %v %v", files, err)
	}
	if s := must("", "migrate", "status"); strings.Count(s, "applied") != len(files) {
		t.Fatalf("status:\n%s", s)
	}
	if s := must("", "seed-demo"); !strings.Contains(s, "pracovnik.slapanice@hnizdo.test") || !strings.Contains(s, "hnizdo-demo") {
		t.Fatalf("seed-demo did not print the logins:\n%s", s)
	}
	must("", "seed-demo")
	must("prvni-administrator\n", "user", "add", "-email", "spravce@kr-jihomoravsky.cz", "-name", "Karel Správce",
		"-role", "admin,methodologist", "-office", "Krajský úřad Jihomoravského kraje")

	err = run(ctx, []string{"user", "add", "-email", "x@y.cz", "-name", "X", "-role", "admin", "-office", "Neexistující úřad"}, env, strings.NewReader("dlouhe-heslo\n"), &out)
	if err == nil || !strings.Contains(err.Error(), "office") {
		t.Fatalf("unknown office accepted: %v", err)
	}
	err = run(ctx, []string{"user", "add", "-email", "x@y.cz", "-name", "X", "-role", "admin", "-office", "Městský úřad Kyjov"}, env, strings.NewReader("kratke\n"), &out)
	if err == nil || !strings.Contains(err.Error(), "at least 10") {
		t.Fatalf("short password accepted: %v", err)
	}

	pool, err := db.Open(ctx, env("DATABASE_URL"), 2)
	if err != nil {
		t.Fatal(err)
	}
	defer pool.Close()
	u, err := auth.NewStore(pool, auth.DefaultHasher).Login(ctx, "spravce@kr-jihomoravsky.cz", "prvni-administrator", "127.0.0.1")
	if err != nil || !u.Has(auth.Admin) || !u.Has(auth.Methodologist) {
		t.Fatalf("the new administrator cannot log in: %v %+v", err, u)
	}
	var users int
	// Meeting participants of the demo (no login, @demo.hnizdo.test) are not counted.
	pool.QueryRow(ctx, `SELECT count(*) FROM users WHERE email NOT LIKE '%@demo.hnizdo.test'`).Scan(&users)
	if want := len(demo.People) + 1; users != want {
		t.Fatalf("%d users, want the %d demo people and the administrator", users, want)
	}
}

// TestServeMigratesAndStopsGracefully: serve migrates an empty database, answers, and returns
// cleanly when told to stop.
func TestServeMigratesAndStopsGracefully(t *testing.T) {
	t.Parallel()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	ctx, cancel := context.WithCancel(context.Background())
	env := envOf(map[string]string{"DATABASE_URL": dbtest.Empty(t), "HNIZDO_ADDR": addr, "HNIZDO_LOG_LEVEL": "warn"})
	done := make(chan error, 1)
	go func() { done <- run(ctx, []string{"serve"}, env, nil, &bytes.Buffer{}) }()

	deadline := time.Now().Add(20 * time.Second)
	for {
		res, err := http.Get("http://" + addr + "/readyz")
		if err == nil {
			res.Body.Close()
			if res.StatusCode == 200 {
				break
			}
		}
		if time.Now().After(deadline) {
			t.Fatal("server did not become ready")
		}
		time.Sleep(50 * time.Millisecond)
	}
	res, err := http.Get("http://" + addr + "/login")
	if err != nil || res.StatusCode != 200 {
		t.Fatalf("login page: %v", err)
	}
	res.Body.Close()

	// A request in flight when the stop comes: its body is still arriving.
	pr, pw := io.Pipe()
	answered := make(chan int, 1)
	go func() {
		req, _ := http.NewRequest("POST", "http://"+addr+"/login", pr)
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		res, err := http.DefaultTransport.RoundTrip(req)
		if err != nil {
			answered <- -1
			return
		}
		res.Body.Close()
		answered <- res.StatusCode
	}()
	pw.Write([]byte("email=admin%40hnizdo.test&"))
	time.Sleep(200 * time.Millisecond) // the server is now reading the body
	cancel()
	time.Sleep(300 * time.Millisecond) // the shutdown has begun and waits for the request
	select {
	case err := <-done:
		t.Fatalf("serve stopped with a request in flight: %v", err)
	default:
	}
	pw.Write([]byte("password=x"))
	pw.Close()
	if status := <-answered; status != http.StatusUnprocessableEntity {
		t.Fatalf("the request in flight got %d, want its real answer (422)", status)
	}
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("serve returned %v", err)
		}
	case <-time.After(15 * time.Second):
		t.Fatal("serve did not stop")
	}
	if _, err := http.Get("http://" + addr + "/healthz"); err == nil {
		t.Fatal("still serving after the stop")
	}
}
