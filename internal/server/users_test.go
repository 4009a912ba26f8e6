package server_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"hnizdo.cz/hnizdo/internal/server/servertest"
)

// TestInvitation: an administrator invites a user, who sets a password through the one-time
// link and logs in; the link then stops working.
func TestInvitation(t *testing.T) {
	t.Parallel()
	app := servertest.Start(t)
	admin := app.Login(t, "admin@hnizdo.test")
	office := officeID(t, app, "Městský úřad Hodonín")

	res := admin.PostForm("/users", url.Values{"email": {"neplatny"}, "name": {"Božena Šťastná"}, "office": {office}})
	if res.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("invalid invite: %d", res.StatusCode)
	}
	d := doc(t, res.Body)
	if testid(d, "error-email") == "" || testid(d, "error-roles") == "" {
		t.Fatal("missing field messages")
	}
	if v, _ := d.Find("#f-name").Attr("value"); v != "Božena Šťastná" {
		t.Fatalf("name not kept: %q", v)
	}

	res = admin.PostForm("/users", url.Values{"email": {"bozena.stastna@hodonin.example"}, "name": {"Božena Šťastná"},
		"office": {office}, "roles": {"caseworker", "head"}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("invite: %d", res.StatusCode)
	}
	d = doc(t, admin.Get("/users").Body)
	link := strings.TrimSpace(d.Find(`[data-testid="invite-link"] code`).Text())
	if !strings.HasPrefix(link, "http://hnizdo.test/invite/") {
		t.Fatalf("invite link %q", link)
	}
	if !strings.Contains(d.Find(`[data-testid="pending"]`).Text(), "Božena Šťastná") {
		t.Error("the invited user is not among pending invitations")
	}
	path := strings.TrimPrefix(link, "http://hnizdo.test")

	guest := app.Client(t)
	if r := guest.Get(path); r.StatusCode != http.StatusOK || !strings.Contains(r.Body, "Božena Šťastná") {
		t.Fatalf("invitation page: %d", r.StatusCode)
	}
	if r := guest.PostForm(path, url.Values{"password": {"dlouhe-heslo-1"}, "confirm": {"jine-heslo-11"}}); r.StatusCode != http.StatusUnprocessableEntity ||
		testid(doc(t, r.Body), "error-confirm") == "" {
		t.Fatalf("mismatched passwords: %d", r.StatusCode)
	}
	if r := guest.PostForm(path, url.Values{"password": {"dlouhe-heslo-1"}, "confirm": {"dlouhe-heslo-1"}}); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("accept: %d", r.StatusCode)
	}
	if r := guest.PostForm("/login", url.Values{"email": {"Bozena.Stastna@hodonin.example"}, "password": {"dlouhe-heslo-1"}}); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("login of the new user: %d", r.StatusCode)
	}
	if r := app.Client(t).Get(path); r.StatusCode != http.StatusNotFound || testid(doc(t, r.Body), "invite-invalid") == "" {
		t.Fatalf("spent link still works: %d", r.StatusCode)
	}
	var trail []string
	rows, _ := app.Pool.Query(context.Background(), `SELECT action FROM audit_log a JOIN users u ON u.id = a.object_id
		WHERE a.object_type = 'user' AND u.email = 'bozena.stastna@hodonin.example' ORDER BY a.id`)
	for rows.Next() {
		var s string
		rows.Scan(&s)
		trail = append(trail, s)
	}
	if strings.Join(trail, ",") != "user.invite,user.accept_invitation" {
		t.Fatalf("audit trail %v", trail)
	}
}

// TestReinvite: a lost link is replaced by a new one; the old one stops working.
func TestReinvite(t *testing.T) {
	t.Parallel()
	app := servertest.Start(t)
	admin := app.Login(t, "admin@hnizdo.test")
	admin.PostForm("/users", url.Values{"email": {"ctibor@hnizdo.test"}, "name": {"Ctibor Řehoř"},
		"office": {officeID(t, app, "Městský úřad Vyškov")}, "roles": {"caseworker"}})
	d := doc(t, admin.Get("/users").Body)
	first := strings.TrimPrefix(strings.TrimSpace(d.Find(`[data-testid="invite-link"] code`).Text()), "http://hnizdo.test")

	var id string
	app.Pool.QueryRow(context.Background(), `SELECT id::text FROM users WHERE email = 'ctibor@hnizdo.test'`).Scan(&id)
	d = doc(t, admin.Get("/users").Body)
	if d.Find(`[data-testid="pending"] form[action="/users/`+id+`/invitation"]`).Length() != 1 {
		t.Fatal("no button for a new link")
	}
	if res := admin.PostForm("/users/"+id+"/invitation", nil); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("reinvite: %d", res.StatusCode)
	}
	second := strings.TrimPrefix(strings.TrimSpace(doc(t, admin.Get("/users").Body).Find(`[data-testid="invite-link"] code`).Text()), "http://hnizdo.test")
	if second == "" || second == first {
		t.Fatalf("no new link: %q", second)
	}
	guest := app.Client(t)
	if guest.Get(first).StatusCode != http.StatusNotFound {
		t.Fatal("the replaced link still works")
	}
	if guest.Get(second).StatusCode != http.StatusOK {
		t.Fatal("the new link does not work")
	}
	// An active user gets no link.
	var active string
	app.Pool.QueryRow(context.Background(), `SELECT id::text FROM users WHERE email = 'jiri.kral@hnizdo.test'`).Scan(&active)
	admin.PostForm("/users/"+active+"/invitation", nil)
	d = doc(t, admin.Get("/users").Body)
	if d.Find(`[data-testid="invite-link"]`).Length() != 0 || !strings.Contains(testid(d, "flash"), "už heslo nastavil") {
		t.Fatal("an active user was re-invited")
	}
}
