package server_test

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"hnizdo.cz/hnizdo/internal/server/servertest"
)

// TestRouteAccess is the role × route matrix: anonymous users are sent to the login page,
// signed-in users without the permission get 403, the rest get through.
func TestRouteAccess(t *testing.T) {
	t.Parallel()
	app := servertest.Start(t)
	var officeID int64
	if err := app.Pool.QueryRow(context.Background(), `SELECT id FROM offices WHERE name = 'Městský úřad Žamberk'`).Scan(&officeID); err != nil {
		t.Fatal(err)
	}
	office := "/offices/" + strconv.FormatInt(officeID, 10)

	const (
		anon = "anonymous"
		cw   = "pracovnik.slapanice@hnizdo.test"
		head = "vedouci.zamberk@hnizdo.test"
		met  = "metodik.jmk@hnizdo.test"
		net  = "sitar.jmk@hnizdo.test"
		adm  = "admin@hnizdo.test"
	)
	everyone := []string{cw, head, met, net, adm}
	routes := []struct {
		method, path string
		allowed      []string // signed-in users who get through; the others get 403
	}{
		{"GET", "/", everyone},
		{"GET", "/account", everyone},
		{"GET", "/offices", everyone},
		{"GET", office, everyone},
		{"GET", "/offices/new", []string{adm}},
		{"GET", office + "/edit", []string{adm}},
		{"POST", "/offices", []string{adm}},
		{"POST", office, []string{adm}},
		{"GET", "/users", []string{adm}},
		{"POST", "/users", []string{adm}},
		{"POST", "/users/1/invitation", []string{adm}},
		{"POST", "/account/language", everyone},
		{"POST", "/account/password", everyone},
		{"POST", "/logout", everyone},
		{"GET", "/licence", everyone},
	}
	for _, rt := range routes {
		for _, who := range append([]string{anon}, everyone...) {
			t.Run(rt.method+" "+rt.path+" as "+who, func(t *testing.T) {
				c := app.Client(t)
				if who != anon {
					c = app.Login(t, who)
				}
				var res servertest.Response
				if rt.method == "GET" {
					res = c.Get(rt.path)
				} else {
					res = c.PostForm(rt.path, url.Values{})
				}
				switch {
				case who == anon:
					loc := res.Header.Get("Location")
					if res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(loc, "/login") {
						t.Fatalf("anonymous: got %d Location %q, want 303 to /login", res.StatusCode, loc)
					}
				case contains(rt.allowed, who):
					// Pages answer 200; actions with an empty form either redirect after doing
					// their work or answer 422 with the form's messages.
					ok := res.StatusCode == http.StatusOK
					if rt.method == "POST" {
						ok = res.StatusCode == http.StatusSeeOther || res.StatusCode == http.StatusUnprocessableEntity
					}
					if !ok || strings.HasPrefix(res.Header.Get("Location"), "/login") && rt.path != "/logout" {
						t.Fatalf("allowed: got %d (Location %q)", res.StatusCode, res.Header.Get("Location"))
					}
				default:
					if res.StatusCode != http.StatusForbidden {
						t.Fatalf("not allowed: got %d, want 403", res.StatusCode)
					}
					if !strings.Contains(res.Body, "Přístup odepřen") {
						t.Fatalf("403 page is not the Czech one")
					}
				}
			})
		}
	}
}

// TestLoginReturnsToWantedPage: a page asked for without a session comes back after login.
func TestLoginReturnsToWantedPage(t *testing.T) {
	t.Parallel()
	app := servertest.Start(t)
	c := app.Client(t)
	res := c.Get("/offices?region=9")
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/login?next="+url.QueryEscape("/offices?region=9") {
		t.Fatalf("got %d %q", res.StatusCode, res.Header.Get("Location"))
	}
	res = c.PostForm("/login", url.Values{"email": {"metodik.pak@hnizdo.test"}, "password": {"hnizdo-demo"}, "next": {"/offices?region=9"}})
	if res.Header.Get("Location") != "/offices?region=9" {
		t.Fatalf("after login: Location %q", res.Header.Get("Location"))
	}
	// An address on another site is never followed, however it is dressed up.
	for _, next := range []string{"//evil.example/x", "/\\evil.example", "/a/../\\evil.example", "/a/..//evil.example",
		"https://evil.example", "/%0d%0aSet-Cookie:x", "/\x00/", "javascript:alert(1)"} {
		c2 := app.Client(t)
		res = c2.PostForm("/login", url.Values{"email": {"metodik.pak@hnizdo.test"}, "password": {"hnizdo-demo"}, "next": {next}})
		loc := res.Header.Get("Location")
		// Browsers treat a backslash like a slash; resolve the address as they would.
		target, err := url.Parse(strings.ReplaceAll(loc, "\\", "/"))
		base, _ := url.Parse(app.URL + "/login")
		if err != nil || base.ResolveReference(target).Host != base.Host {
			t.Fatalf("open redirect for %q: Location %q", next, loc)
		}
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
