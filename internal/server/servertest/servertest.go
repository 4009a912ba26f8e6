// Package servertest starts the real application on a fresh database for tests, with clients
// that log in through the real login form.
package servertest

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5/pgxpool"

	"hnizdo.cz/hnizdo/internal/auth"
	"hnizdo.cz/hnizdo/internal/db/dbtest"
	"hnizdo.cz/hnizdo/internal/demo"
	"hnizdo.cz/hnizdo/internal/server"
)

// Cheap is the argon2id cost for tests: real algorithm, tiny memory.
var Cheap = auth.Hasher{MemoryKiB: 64, Time: 1, Threads: 1}

// App is a running application with its database.
type App struct {
	URL  string
	Pool *pgxpool.Pool
	DSN  string
	Srv  *server.Server
	HTTP *httptest.Server
}

// Start runs the app on a fresh, migrated database with the demo people seeded; opts adjust
// the server configuration.
func Start(tb testing.TB, opts ...func(*server.Config)) *App {
	tb.Helper()
	pool, dsn := dbtest.NewWithURL(tb)
	if _, err := demo.Seed(context.Background(), pool, Cheap); err != nil {
		tb.Fatalf("servertest: seed: %v", err)
	}
	return StartOn(tb, pool, dsn, opts...)
}

// StartOn runs the app on an existing pool; opts adjust the server configuration.
func StartOn(tb testing.TB, pool *pgxpool.Pool, dsn string, opts ...func(*server.Config)) *App {
	tb.Helper()
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	if testing.Verbose() {
		log = slog.New(slog.NewTextHandler(tWriter{tb}, nil))
	}
	cfg := server.Config{BaseURL: "http://hnizdo.test", Hasher: Cheap}
	for _, o := range opts {
		o(&cfg)
	}
	srv := server.New(log, pool, cfg)
	hs := httptest.NewServer(srv.Handler())
	tb.Cleanup(func() { hs.Close(); srv.Close() })
	return &App{URL: hs.URL, Pool: pool, DSN: dsn, Srv: srv, HTTP: hs}
}

type tWriter struct{ tb testing.TB }

func (w tWriter) Write(p []byte) (int, error) {
	w.tb.Log(strings.TrimSpace(string(p)))
	return len(p), nil
}

// Client is a browser-like HTTP client with a cookie jar that does not follow redirects.
type Client struct {
	*http.Client
	app *App
	tb  testing.TB
}

// Client returns a fresh anonymous client.
func (a *App) Client(tb testing.TB) *Client {
	jar, _ := cookiejar.New(nil)
	return &Client{Client: &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error {
		return http.ErrUseLastResponse
	}}, app: a, tb: tb}
}

// Login returns a client logged in as email with the demo password, through the real form.
func (a *App) Login(tb testing.TB, email string) *Client {
	tb.Helper()
	c := a.Client(tb)
	res := c.PostForm("/login", url.Values{"email": {email}, "password": {demo.Password}})
	if res.StatusCode != http.StatusSeeOther {
		tb.Fatalf("servertest: login %s: status %d", email, res.StatusCode)
	}
	return c
}

// Response is a read response.
type Response struct {
	StatusCode int
	Header     http.Header
	Body       string
}

// Get requests a path.
func (c *Client) Get(path string) Response {
	c.tb.Helper()
	req, _ := http.NewRequest("GET", c.app.URL+path, nil)
	return c.Do(req)
}

// PostForm posts a form as a same-origin browser would (Origin and Sec-Fetch-Site set).
func (c *Client) PostForm(path string, v url.Values) Response {
	c.tb.Helper()
	req, _ := http.NewRequest("POST", c.app.URL+path, strings.NewReader(v.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Origin", c.app.URL)
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	return c.Do(req)
}

// Do sends req and reads the whole body.
func (c *Client) Do(req *http.Request) Response {
	c.tb.Helper()
	res, err := c.Client.Do(req)
	if err != nil {
		c.tb.Fatalf("servertest: %s %s: %v", req.Method, req.URL, err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		c.tb.Fatalf("servertest: read body: %v", err)
	}
	return Response{StatusCode: res.StatusCode, Header: res.Header, Body: string(b)}
}

// Cookie returns the value of the session cookie the jar holds.
func (c *Client) Cookie(name string) string {
	u, _ := url.Parse(c.app.URL)
	for _, ck := range c.Jar.Cookies(u) {
		if ck.Name == name {
			return ck.Value
		}
	}
	return ""
}
