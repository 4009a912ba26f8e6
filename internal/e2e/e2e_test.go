// Package e2e drives the real application in headless Chromium: journeys through the pages as
// a user takes them, with axe-core checking accessibility on the way.
package e2e_test

import (
	"context"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"hnizdo.cz/hnizdo/internal/browser"
	"hnizdo.cz/hnizdo/internal/demo"
	"hnizdo.cz/hnizdo/internal/server/servertest"
)

var brw *browser.Browser

func TestMain(m *testing.M) {
	var err error
	if brw, err = browser.Start(); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1) // a missing browser fails the suite; it never skips
	}
	code := m.Run()
	brw.Close()
	os.Exit(code)
}

func css(s string) chromedp.CSS { return chromedp.CSS(s) }

// login goes through the real form.
func login(tab *browser.Tab, url, email string) {
	tab.Run(chromedp.Navigate(url+"/login"), chromedp.WaitVisible(css("#f-email")))
	tab.Fill("#f-email", email)
	tab.Fill("#f-password", demo.Password)
	tab.Run(chromedp.Click(css(`form[action="/login"] button[type=submit]`)), chromedp.WaitVisible(css(`[data-testid="user-bar"]`)))
}

// TestCaseworkerJourney: log in as a demo caseworker, see your office, change language, log out.
func TestCaseworkerJourney(t *testing.T) {
	t.Parallel()
	app := servertest.Start(t)
	tab := brw.Tab(t)

	tab.Run(chromedp.Navigate(app.URL+"/"), chromedp.WaitVisible(css("#f-email")))
	if loc := browser.Get(tab, chromedp.Location()); !strings.HasSuffix(loc, "/login") {
		t.Fatalf("anonymous home went to %s", loc)
	}
	tab.Screenshot("login")
	tab.Axe()

	// A wrong password shows the error and keeps the e-mail.
	tab.Fill("#f-email", "pracovnik.slapanice@hnizdo.test")
	tab.Fill("#f-password", "spatne")
	tab.Run(chromedp.Click(css(`form[action="/login"] button[type=submit]`)), chromedp.WaitVisible(css(`[data-testid="login-error"]`)))
	if v := browser.Get(tab, chromedp.Value(css("#f-email"))); v != "pracovnik.slapanice@hnizdo.test" {
		t.Fatalf("e-mail not kept: %q", v)
	}
	tab.Axe()

	login(tab, app.URL, "pracovnik.slapanice@hnizdo.test")
	if got := tab.Text(`[data-testid="user-office"]`); got != "Městský úřad Šlapanice" {
		t.Fatalf("office in header %q", got)
	}
	if got := tab.Text(`[data-testid="home-region"]`); got != "Jihomoravský kraj" {
		t.Fatalf("region %q", got)
	}
	tab.Screenshot("home")
	tab.Axe()

	// The office page from the header.
	tab.Run(chromedp.Click(css(`[data-testid="user-office"]`)), chromedp.WaitVisible(css(`[data-testid="office-name"]`)))
	if !strings.Contains(tab.Text(`[data-testid="people"]`), "Markéta Veselá") {
		t.Fatal("colleague missing on the office page")
	}
	tab.Axe()

	// Change the language to English.
	tab.Run(chromedp.Navigate(app.URL+"/account"), chromedp.WaitVisible(css("#f-lang")))
	tab.Axe()
	tab.Run(chromedp.SetValue(css("#f-lang"), "en"), chromedp.Click(css(`[data-testid="save-lang"]`)),
		chromedp.WaitVisible(css(`[data-testid="flash"]`)))
	if got := tab.Text(`[data-testid="flash"]`); got != "The language has been saved." {
		t.Fatalf("flash %q", got)
	}
	if got := tab.Text(`[data-testid="logout"]`); got != "Log out" {
		t.Fatalf("logout button %q", got)
	}
	tab.Screenshot("account-en")

	// Log out.
	tab.Run(chromedp.Click(css(`[data-testid="logout"]`)), chromedp.WaitVisible(css("#f-email")))
	if got := tab.Text(`[data-testid="flash"]`); got != "You have been logged out." {
		t.Fatalf("flash after logout %q", got)
	}
	if loc := browser.Get(tab, chromedp.Location()); !strings.HasSuffix(loc, "/login") {
		t.Fatalf("after logout at %s", loc)
	}
	tab.Run(chromedp.Navigate(app.URL+"/account"), chromedp.WaitVisible(css("#f-email")))
}

// TestAdministratorPages: the admin's pages and forms, with errors shown, pass axe too.
func TestAdministratorPages(t *testing.T) {
	t.Parallel()
	app := servertest.Start(t)
	tab := brw.Tab(t)
	login(tab, app.URL, "admin@hnizdo.test")
	tab.Axe()
	tab.Run(chromedp.Navigate(app.URL+"/offices"), chromedp.WaitVisible(css(`[data-testid="offices"]`)))
	tab.Axe()
	tab.Run(chromedp.Navigate(app.URL+"/offices/new"), chromedp.WaitVisible(css("#f-name")))
	tab.Fill("#f-municipality", "Čejč")
	tab.Run(chromedp.Click(css(`form[action="/offices"] button[type=submit]`)), chromedp.WaitVisible(css(`[data-testid="error-summary"]`)))
	if v := browser.Get(tab, chromedp.Value(css("#f-municipality"))); v != "Čejč" {
		t.Fatalf("input not kept: %q", v)
	}
	tab.Screenshot("office-errors")
	tab.Axe()
	// Invite a colleague; the one-time link is shown, then used in a fresh tab.
	tab.Run(chromedp.Navigate(app.URL+"/users"), chromedp.WaitVisible(css("#f-email")))
	tab.Axe()
	tab.Fill("#f-email", "cenek.durovic@hnizdo.test")
	tab.Fill("#f-name", "Čeněk Ďurovič")
	tab.Run(chromedp.SetValue(css("#f-office"), officeID(t, app, "Městský úřad Kyjov")),
		chromedp.Click(css(`label[for="f-roles-0"]`)),
		chromedp.Click(css(`form[action="/users"] button[type=submit]`)),
		chromedp.WaitVisible(css(`[data-testid="invite-link"]`)))
	if !strings.Contains(tab.Text(`[data-testid="pending"]`), "Čeněk Ďurovič") {
		t.Fatal("the invited user is not listed with the exact name")
	}
	tab.Screenshot("invited")
	tab.Axe()
	link := tab.Text(`[data-testid="invite-link"] code`)

	guest := brw.Tab(t)
	guest.Run(chromedp.Navigate(strings.Replace(link, "http://hnizdo.test", app.URL, 1)), chromedp.WaitVisible(css("#f-password")))
	guest.Axe()
	guest.Fill("#f-password", "moje-nove-heslo")
	guest.Fill("#f-confirm", "moje-nove-heslo")
	guest.Run(chromedp.Click(css(`button[type=submit]`)), chromedp.WaitVisible(css("#f-email")))
	guest.Fill("#f-email", "cenek.durovic@hnizdo.test")
	guest.Fill("#f-password", "moje-nove-heslo")
	guest.Run(chromedp.Click(css(`form[action="/login"] button[type=submit]`)), chromedp.WaitVisible(css(`[data-testid="user-office"]`)))
	if got := guest.Text(`[data-testid="user-office"]`); got != "Městský úřad Kyjov" {
		t.Fatalf("new user's office %q", got)
	}
}

func officeID(t *testing.T, app *servertest.App, name string) string {
	t.Helper()
	var id string
	if err := app.Pool.QueryRow(context.Background(), `SELECT id::text FROM offices WHERE name = $1`, name).Scan(&id); err != nil {
		t.Fatal(err)
	}
	return id
}
