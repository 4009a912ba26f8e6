package server_test

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"hnizdo.cz/hnizdo/internal/server"
	"hnizdo.cz/hnizdo/internal/server/servertest"
)

func doc(t *testing.T, body string) *goquery.Document {
	t.Helper()
	d, err := goquery.NewDocumentFromReader(strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func testid(d *goquery.Document, id string) string {
	return strings.TrimSpace(d.Find(`[data-testid="` + id + `"]`).First().Text())
}

func TestLogin(t *testing.T) {
	t.Parallel()
	app := servertest.Start(t)

	t.Run("success shows who I am, my office and region", func(t *testing.T) {
		c := app.Login(t, "pracovnik.slapanice@hnizdo.test")
		res := c.Get("/")
		if res.StatusCode != http.StatusOK {
			t.Fatalf("home: %d", res.StatusCode)
		}
		d := doc(t, res.Body)
		if got := testid(d, "user-name"); got != "Jana Nováková" {
			t.Errorf("user name %q", got)
		}
		if got := testid(d, "user-office"); got != "Městský úřad Šlapanice" {
			t.Errorf("office %q", got)
		}
		if got := testid(d, "user-region"); got != "Jihomoravský kraj" {
			t.Errorf("region %q", got)
		}
	})

	t.Run("wrong password keeps the e-mail, never the password", func(t *testing.T) {
		c := app.Client(t)
		res := c.PostForm("/login", url.Values{"email": {"pracovnik.lanskroun@hnizdo.test"}, "password": {"spatne-heslo"}})
		if res.StatusCode != http.StatusUnprocessableEntity {
			t.Fatalf("status %d", res.StatusCode)
		}
		d := doc(t, res.Body)
		if got := testid(d, "login-error"); got != "E-mail nebo heslo nesouhlasí." {
			t.Errorf("message %q", got)
		}
		if v, _ := d.Find("#f-email").Attr("value"); v != "pracovnik.lanskroun@hnizdo.test" {
			t.Errorf("e-mail not kept: %q", v)
		}
		if strings.Contains(res.Body, "spatne-heslo") {
			t.Error("the password was echoed back")
		}
		if c.Get("/").StatusCode != http.StatusSeeOther {
			t.Error("a failed login gave a session")
		}
	})

	t.Run("empty fields get a message at each field", func(t *testing.T) {
		res := app.Client(t).PostForm("/login", url.Values{})
		d := doc(t, res.Body)
		if testid(d, "error-email") == "" || testid(d, "error-password") == "" {
			t.Fatalf("missing field errors: %s", res.Body)
		}
		link := d.Find(`[data-testid="error-summary"] a[href="#f-email"]`)
		if link.Length() != 1 || link.Text() != "E-mail: Vyplňte toto pole." {
			t.Errorf("the error summary does not name and link the field: %q", link.Text())
		}
	})

	t.Run("throttled after five failures, even with the right password", func(t *testing.T) {
		c := app.Client(t)
		for i := 0; i < 5; i++ {
			c.PostForm("/login", url.Values{"email": {"vedouci.zamberk@hnizdo.test"}, "password": {"x"}})
		}
		res := c.PostForm("/login", url.Values{"email": {"vedouci.zamberk@hnizdo.test"}, "password": {"hnizdo-demo"}})
		if res.StatusCode != http.StatusTooManyRequests {
			t.Fatalf("status %d, want 429", res.StatusCode)
		}
		if !strings.Contains(res.Body, "Příliš mnoho neúspěšných pokusů") {
			t.Error("no Czech throttling message")
		}
		// Another account from the same address is not locked by this one.
		if app.Client(t).PostForm("/login", url.Values{"email": {"jiri.kral@hnizdo.test"}, "password": {"hnizdo-demo"}}).StatusCode != http.StatusSeeOther {
			t.Error("an unrelated account was throttled")
		}
	})
}

// TestSessionRenewedAtLogin: the token held before login is worthless after it (no fixation).
func TestSessionRenewedAtLogin(t *testing.T) {
	t.Parallel()
	app := servertest.Start(t)
	c := app.Login(t, "metodik.jmk@hnizdo.test")
	c.PostForm("/logout", nil) // leaves an anonymous session holding the "logged out" message
	before := c.Cookie("hnizdo_session")
	if before == "" {
		t.Fatal("no session cookie before login")
	}
	res := c.PostForm("/login", url.Values{"email": {"metodik.jmk@hnizdo.test"}, "password": {"hnizdo-demo"}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("login %d", res.StatusCode)
	}
	after := c.Cookie("hnizdo_session")
	if after == "" || after == before {
		t.Fatalf("token not renewed: before %q after %q", before, after)
	}
	old := app.Client(t)
	req, _ := http.NewRequest("GET", app.URL+"/", nil)
	req.AddCookie(&http.Cookie{Name: "hnizdo_session", Value: before})
	if r := old.Do(req); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("the pre-login token still works: %d", r.StatusCode)
	}
	var n int
	app.Pool.QueryRow(context.Background(), `SELECT count(*) FROM sessions WHERE token = $1`, after).Scan(&n)
	if n != 1 {
		t.Fatal("session not stored in Postgres")
	}
}

func TestLogout(t *testing.T) {
	t.Parallel()
	app := servertest.Start(t)
	c := app.Login(t, "sitar.jmk@hnizdo.test")
	if c.Get("/account").StatusCode != http.StatusOK { // the session and the user are now kept
		t.Fatal("not logged in")
	}
	old := c.Cookie("hnizdo_session")
	res := c.PostForm("/logout", nil)
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/login" {
		t.Fatalf("logout: %d %q", res.StatusCode, res.Header.Get("Location"))
	}
	if got := testid(doc(t, c.Get("/login").Body), "flash"); got != "Byli jste odhlášeni." {
		t.Errorf("flash %q", got)
	}
	if c.Get("/").StatusCode != http.StatusSeeOther {
		t.Error("still logged in")
	}
	// A copy of the cookie taken before the logout no longer opens the session.
	req, _ := http.NewRequest("GET", app.URL+"/account", nil)
	req.AddCookie(&http.Cookie{Name: "hnizdo_session", Value: old})
	if res := app.Client(t).Do(req); res.StatusCode != http.StatusSeeOther {
		t.Errorf("the cookie of a logged-out session: %d", res.StatusCode)
	}
}

// TestCSRF: a state change sent from another site is refused and changes nothing.
func TestCSRF(t *testing.T) {
	t.Parallel()
	app := servertest.Start(t)
	c := app.Login(t, "pracovnik.slapanice@hnizdo.test")
	for name, set := range map[string]func(*http.Request){
		"cross-site fetch metadata": func(r *http.Request) { r.Header.Set("Sec-Fetch-Site", "cross-site") },
		"foreign origin":            func(r *http.Request) { r.Header.Set("Origin", "https://evil.example") },
	} {
		t.Run(name, func(t *testing.T) {
			req, _ := http.NewRequest("POST", app.URL+"/account/language", strings.NewReader("lang=en"))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			set(req)
			res := c.Do(req)
			if res.StatusCode != http.StatusForbidden {
				t.Fatalf("status %d, want 403", res.StatusCode)
			}
			var lang string
			app.Pool.QueryRow(context.Background(), `SELECT lang FROM users WHERE email = 'pracovnik.slapanice@hnizdo.test'`).Scan(&lang)
			if lang != "cs" {
				t.Fatalf("language changed to %q", lang)
			}
		})
	}
	// The same request from our own pages works.
	if res := c.PostForm("/account/language", url.Values{"lang": {"en"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("same-origin post: %d", res.StatusCode)
	}
}

func TestLanguageSwitch(t *testing.T) {
	t.Parallel()
	app := servertest.Start(t)
	c := app.Login(t, "vedouci.zamberk@hnizdo.test")
	c.PostForm("/account/language", url.Values{"lang": {"en"}})
	d := doc(t, c.Get("/").Body)
	if got := testid(d, "greeting"); got != "Hello, Petra Svobodová" {
		t.Fatalf("greeting %q", got)
	}
	if lang, _ := d.Find("html").Attr("lang"); lang != "en" {
		t.Fatalf("html lang %q", lang)
	}
	res := c.PostForm("/account/language", url.Values{"lang": {"de"}})
	if res.StatusCode != http.StatusUnprocessableEntity || testid(doc(t, res.Body), "error-lang") == "" {
		t.Fatalf("bad language accepted: %d", res.StatusCode)
	}
	var n int
	app.Pool.QueryRow(context.Background(), `SELECT count(*) FROM audit_log WHERE action = 'user.set_lang' AND from_state = 'cs' AND to_state = 'en'`).Scan(&n)
	if n != 1 {
		t.Fatalf("audit entries %d", n)
	}
}

func TestChangePassword(t *testing.T) {
	t.Parallel()
	app := servertest.Start(t)
	c := app.Login(t, "jiri.kral@hnizdo.test")
	other := app.Login(t, "jiri.kral@hnizdo.test") // e.g. a forgotten session on another computer
	res := c.PostForm("/account/password", url.Values{"current": {"hnizdo-demo"}, "password": {"kratke"}, "confirm": {"kratke"}})
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.HasSuffix(testid(doc(t, res.Body), "error-password"), "Heslo musí mít alespoň 10 znaků.") {
		t.Fatalf("short password: %d", res.StatusCode)
	}
	res = c.PostForm("/account/password", url.Values{"current": {"spatne"}, "password": {"nove-heslo-123"}, "confirm": {"nove-heslo-123"}})
	if testid(doc(t, res.Body), "error-current") == "" {
		t.Fatal("wrong current password accepted")
	}
	res = c.PostForm("/account/password", url.Values{"current": {"hnizdo-demo"}, "password": {"nove-heslo-123"}, "confirm": {"nove-heslo-123"}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("change: %d", res.StatusCode)
	}
	if app.Client(t).PostForm("/login", url.Values{"email": {"jiri.kral@hnizdo.test"}, "password": {"nove-heslo-123"}}).StatusCode != http.StatusSeeOther {
		t.Fatal("cannot log in with the new password")
	}
	if c.Get("/account").StatusCode != http.StatusOK {
		t.Fatal("the session that changed the password was signed out")
	}
	if other.Get("/account").StatusCode != http.StatusSeeOther {
		t.Fatal("another session survived the password change")
	}
}

// TestThrottlingBehindProxy: behind a trusted reverse proxy, failures count per real client
// (X-Forwarded-For), so one noisy client does not lock out the whole office.
func TestThrottlingBehindProxy(t *testing.T) {
	t.Parallel()
	app := servertest.Start(t, func(c *server.Config) { c.TrustedProxies = []string{"127.0.0.1/32"} })
	post := func(xff, email, pw string) int {
		req, _ := http.NewRequest("POST", app.URL+"/login", strings.NewReader(url.Values{"email": {email}, "password": {pw}}.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("X-Forwarded-For", xff)
		return app.Client(t).Do(req).StatusCode
	}
	for i := 0; i < 30; i++ {
		post("203.0.113.7", "nikdo"+strconv.Itoa(i)+"@hnizdo.test", "x")
	}
	if s := post("203.0.113.7", "admin@hnizdo.test", "hnizdo-demo"); s != http.StatusTooManyRequests {
		t.Fatalf("the noisy client is not throttled: %d", s)
	}
	if s := post("198.51.100.2", "admin@hnizdo.test", "hnizdo-demo"); s != http.StatusSeeOther {
		t.Fatalf("another client behind the same proxy is throttled: %d", s)
	}
	var ips int
	app.Pool.QueryRow(context.Background(), `SELECT count(DISTINCT ip) FROM login_failures`).Scan(&ips)
	if ips != 1 {
		t.Fatalf("failures recorded for %d addresses", ips)
	}
}
