package server_test

import (
	"compress/gzip"
	"context"
	"io"
	"net/http"
	"net/url"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"hnizdo.cz/hnizdo/internal/db/dbtest"
	"hnizdo.cz/hnizdo/internal/server"
	"hnizdo.cz/hnizdo/internal/server/servertest"
)

func TestNotFoundIsCzech(t *testing.T) {
	t.Parallel()
	app := servertest.Start(t)
	res := app.Client(t).Get("/neexistuje")
	if res.StatusCode != http.StatusNotFound || !strings.Contains(res.Body, "Stránka nenalezena") {
		t.Fatalf("%d %s", res.StatusCode, res.Body)
	}
}

func TestSecurityHeaders(t *testing.T) {
	t.Parallel()
	app := servertest.Start(t)
	c := app.Client(t)
	for _, path := range []string{"/login", "/healthz", "/neexistuje"} {
		h := c.Get(path).Header
		csp := h.Get("Content-Security-Policy")
		if !strings.Contains(csp, "script-src 'self'") || strings.Contains(csp, "unsafe-inline") || !strings.Contains(csp, "frame-ancestors 'none'") {
			t.Errorf("%s: CSP %q", path, csp)
		}
		if h.Get("X-Content-Type-Options") != "nosniff" || h.Get("Referrer-Policy") == "" {
			t.Errorf("%s: headers %v", path, h)
		}
	}
}

func TestNoInlineScriptOrStyle(t *testing.T) {
	t.Parallel()
	app := servertest.Start(t)
	c := app.Login(t, "admin@hnizdo.test")
	inline := regexp.MustCompile(`<script[^>]*>[^<]|\sstyle="|\son[a-z]+="`)
	for _, path := range []string{"/", "/offices", "/users", "/account", "/offices/new"} {
		if m := inline.FindString(c.Get(path).Body); m != "" {
			t.Errorf("%s has inline script or style: %q", path, m)
		}
	}
}

func TestOversizedBodyRefused(t *testing.T) {
	t.Parallel()
	app := servertest.Start(t)
	big := url.Values{"email": {strings.Repeat("a", 2<<20)}, "password": {"x"}}
	res := app.Client(t).PostForm("/login", big)
	if res.StatusCode != http.StatusRequestEntityTooLarge {
		t.Fatalf("status %d", res.StatusCode)
	}
	var n int
	app.Pool.QueryRow(context.Background(), `SELECT count(*) FROM login_failures`).Scan(&n)
	if n != 0 {
		t.Fatal("the oversized request was processed")
	}
}

func TestStaticAssets(t *testing.T) {
	t.Parallel()
	app := servertest.Start(t)
	c := app.Client(t)
	href := regexp.MustCompile(`href="(/static/css/app\.[0-9a-f]{10}\.css)"`).FindStringSubmatch(c.Get("/login").Body)
	if href == nil {
		t.Fatal("no hashed stylesheet link on the login page")
	}
	req, _ := http.NewRequest("GET", app.URL+href[1], nil)
	req.Header.Set("Accept-Encoding", "gzip")
	res, err := http.DefaultTransport.RoundTrip(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	if res.StatusCode != 200 || !strings.Contains(res.Header.Get("Cache-Control"), "immutable") || res.Header.Get("Content-Encoding") != "gzip" {
		t.Fatalf("status %d cache %q encoding %q", res.StatusCode, res.Header.Get("Cache-Control"), res.Header.Get("Content-Encoding"))
	}
	// The compressed bytes are a gzip stream any client reads back to the very file.
	z, err := gzip.NewReader(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	unzipped, err := io.ReadAll(z)
	if err != nil {
		t.Fatal(err)
	}
	if plain := c.Get(href[1]).Body; len(plain) < 1000 || string(unzipped) != plain {
		t.Fatalf("gunzipped %d bytes, plain %d: they differ", len(unzipped), len(plain))
	}
	if c.Get("/static/nic.css").StatusCode != http.StatusNotFound {
		t.Fatal("missing asset is not 404")
	}
}

func TestHealth(t *testing.T) {
	t.Parallel()
	app := servertest.Start(t)
	c := app.Client(t)
	if r := c.Get("/healthz"); r.StatusCode != 200 {
		t.Fatalf("healthz %d", r.StatusCode)
	}
	if r := c.Get("/readyz"); r.StatusCode != 200 {
		t.Fatalf("readyz %d", r.StatusCode)
	}
}

// TestDatabaseOutage: while the database refuses connections, pages answer a Czech 503 and
// /readyz fails; when it is back, the same server recovers by itself.
func TestDatabaseOutage(t *testing.T) {
	t.Parallel()
	app := servertest.Start(t)
	c := app.Login(t, "pracovnik.slapanice@hnizdo.test")
	name := strings.TrimPrefix(mustParse(t, app.DSN).Path, "/")
	admin, err := pgx.Connect(context.Background(), os.Getenv(dbtest.EnvVar))
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close(context.Background())
	exec := func(sql string) {
		if _, err := admin.Exec(context.Background(), sql); err != nil {
			t.Fatalf("%s: %v", sql, err)
		}
	}
	exec("ALTER DATABASE " + name + " ALLOW_CONNECTIONS false")
	exec("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" + name + "'")

	res := c.Get("/")
	if res.StatusCode != http.StatusServiceUnavailable || !strings.Contains(res.Body, "Služba je dočasně nedostupná") {
		t.Fatalf("during outage: %d", res.StatusCode)
	}
	if strings.Contains(res.Body, "pgconn") || strings.Contains(res.Body, "SQLSTATE") {
		t.Fatal("the error page leaks internals")
	}
	if c.Get("/readyz").StatusCode != http.StatusServiceUnavailable {
		t.Fatal("readyz passes during outage")
	}
	if c.Get("/healthz").StatusCode != http.StatusOK {
		t.Fatal("healthz fails during outage")
	}

	exec("ALTER DATABASE " + name + " ALLOW_CONNECTIONS true")
	deadline := time.Now().Add(10 * time.Second)
	for c.Get("/readyz").StatusCode != http.StatusOK {
		if time.Now().After(deadline) {
			t.Fatal("did not recover")
		}
		time.Sleep(100 * time.Millisecond)
	}
	if r := c.Get("/"); r.StatusCode != http.StatusOK || !strings.Contains(r.Body, "Jana Nováková") {
		t.Fatalf("after recovery: %d", r.StatusCode)
	}
}

func mustParse(t *testing.T, s string) *url.URL {
	u, err := url.Parse(s)
	if err != nil {
		t.Fatal(err)
	}
	return u
}

// TestMalformedInputIsABadRequest: garbage that no form produces gets a Czech 400, not a 500.
func TestMalformedInputIsABadRequest(t *testing.T) {
	t.Parallel()
	app := servertest.Start(t)
	c := app.Login(t, "admin@hnizdo.test")
	raw := func(path, body string) int {
		req, _ := http.NewRequest("POST", app.URL+path, strings.NewReader(body))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("Sec-Fetch-Site", "same-origin")
		return c.Do(req).StatusCode
	}
	for name, status := range map[string]int{
		"malformed escape":  raw("/offices", "name=%zz"),
		"NUL in a field":    raw("/offices", "name=a%00b&region=11&kind=orp&municipality=X"),
		"invalid UTF-8":     raw("/users", "name=%ff%fe&email=a@b.cz"),
		"NUL in the search": c.Get("/offices?q=%00").StatusCode,
		"bad UTF-8 search":  c.Get("/offices?q=%C3").StatusCode,
	} {
		if status != http.StatusBadRequest {
			t.Errorf("%s: %d, want 400", name, status)
		}
	}
	if res := app.Client(t).PostForm("/login", url.Values{"email": {"a\x00@b.cz"}, "password": {"x"}}); res.StatusCode != http.StatusBadRequest ||
		!strings.Contains(res.Body, "Neplatný požadavek") {
		t.Errorf("NUL in the login e-mail: %d", res.StatusCode)
	}
}

func TestChunkedOversizedBodyRefused(t *testing.T) {
	t.Parallel()
	app := servertest.Start(t)
	pr, pw := io.Pipe()
	go func() {
		pw.Write([]byte("email=" + strings.Repeat("a", 2<<20)))
		pw.Close()
	}()
	req, _ := http.NewRequest("POST", app.URL+"/login", pr) // no Content-Length: chunked
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	if res := app.Client(t).Do(req); res.StatusCode != http.StatusRequestEntityTooLarge {
		t.Fatalf("status %d", res.StatusCode)
	}
}

func TestHeadRequests(t *testing.T) {
	t.Parallel()
	app := servertest.Start(t)
	for _, path := range []string{"/healthz", "/login"} {
		req, _ := http.NewRequest("HEAD", app.URL+path, nil)
		if res := app.Client(t).Do(req); res.StatusCode != http.StatusOK {
			t.Errorf("HEAD %s: %d", path, res.StatusCode)
		}
	}
}

// TestSessionCookieAndTimeouts: Secure when configured; the stored session ends after the
// idle timeout (2 h) unless used.
func TestSessionCookieAndTimeouts(t *testing.T) {
	t.Parallel()
	app := servertest.Start(t, func(c *server.Config) { c.SecureCookies = true })
	req, _ := http.NewRequest("POST", app.URL+"/login", strings.NewReader(url.Values{"email": {"admin@hnizdo.test"}, "password": {"hnizdo-demo"}}.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	res, err := http.DefaultTransport.RoundTrip(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	var session *http.Cookie
	for _, ck := range res.Cookies() {
		if ck.Name == "hnizdo_session" {
			session = ck
		}
	}
	if session == nil || !session.Secure || !session.HttpOnly || session.SameSite != http.SameSiteLaxMode {
		t.Fatalf("cookie %+v", session)
	}
	var left time.Duration
	var expiry time.Time
	app.Pool.QueryRow(context.Background(), `SELECT expiry FROM sessions WHERE token = $1`, session.Value).Scan(&expiry)
	left = time.Until(expiry)
	if left > 2*time.Hour+time.Minute || left < 2*time.Hour-time.Minute {
		t.Fatalf("session expires in %v, want the 2 h idle timeout", left)
	}
}

// TestSessionIdleDeadline: a page pushes the stored session's idle deadline only when it was
// last pushed more than SessionTouch ago, so browsing does not write the session on every page.
func TestSessionIdleDeadline(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name   string
		touch  time.Duration
		pushed bool
	}{{"within a minute", 0, false}, {"after SessionTouch", time.Nanosecond, true}} {
		t.Run(tc.name, func(t *testing.T) {
			app := servertest.Start(t, func(c *server.Config) { c.SessionTouch = tc.touch })
			c := app.Login(t, "admin@hnizdo.test")
			token := c.Cookie("hnizdo_session")
			ctx := context.Background()
			// As if the last push was an hour ago: one idle hour is left.
			if _, err := app.Pool.Exec(ctx, `UPDATE sessions SET expiry = now() + interval '1 hour' WHERE token = $1`, token); err != nil {
				t.Fatal(err)
			}
			if res := c.Get("/"); res.StatusCode != http.StatusOK {
				t.Fatalf("home: %d", res.StatusCode)
			}
			var left time.Duration
			if err := app.Pool.QueryRow(ctx, `SELECT expiry - now() FROM sessions WHERE token = $1`, token).Scan(&left); err != nil {
				t.Fatal(err)
			}
			pushed := left > time.Hour+time.Minute
			if pushed != tc.pushed || (pushed && left < 2*time.Hour-time.Minute) {
				t.Fatalf("idle time left after a page: %v (pushed %v, want %v)", left, pushed, tc.pushed)
			}
		})
	}
}
