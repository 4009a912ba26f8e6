package server_test

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

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
	// The notes routes are tried on the demo's binding guidance of JMK (published, written by
	// metodik.jmk), one of its comments (by eva.kucerova) and its attachment.
	var noteID, commentID, fileID int64
	if err := app.Pool.QueryRow(context.Background(), `
		SELECT n.id, c.id, nf.file_id FROM notes n
		JOIN note_comments c ON c.note_id = n.id AND c.parent_id IS NULL
		JOIN users u ON u.id = c.author_id AND u.email = 'eva.kucerova@hnizdo.test'
		JOIN note_files nf ON nf.note_id = n.id
		WHERE n.title = 'Metodický pokyn: zápis z případové konference'`).Scan(&noteID, &commentID, &fileID); err != nil {
		t.Fatal(err)
	}
	note := "/notes/" + strconv.FormatInt(noteID, 10)
	comment := "/comments/" + strconv.FormatInt(commentID, 10)
	file := "/files/" + strconv.FormatInt(fileID, 10)
	renew := url.Values{"action": {"renew"}, "review_by": {time.Now().AddDate(2, 0, 0).Format(time.DateOnly)}}
	// The meetings routes are tried on meetings made here through the forms by metodik.jmk (see
	// newMeetingFixtures): an open JMK meeting with a proposed topic, and a held one with an
	// agenda item and its follow-up action.
	mf := newMeetingFixtures(t, app)
	meeting, held := "/meetings/"+mf.open, "/meetings/"+mf.held
	topic, item, followUp := "/topics/"+mf.topic, "/topics/"+mf.item, "/followups/"+mf.followUp
	form := func(kv ...string) url.Values {
		v := url.Values{}
		for i := 0; i+1 < len(kv); i += 2 {
			v.Add(kv[i], kv[i+1])
		}
		return v
	}

	const (
		anon = "anonymous"
		cw   = "pracovnik.slapanice@hnizdo.test"
		head = "vedouci.zamberk@hnizdo.test"
		met  = "metodik.jmk@hnizdo.test"
		net  = "sitar.jmk@hnizdo.test"
		adm  = "admin@hnizdo.test"
	)
	everyone := []string{cw, head, met, net, adm}
	jmk := []string{cw, met, net, adm} // the region of the binding guidance
	// The organisers of JMK meetings.
	organisers := []string{met, net, adm}
	public := append([]string{anon}, everyone...)
	routes := []struct {
		method, path string
		allowed      []string // signed-in users who get through; the others get 403
		form         url.Values
		anonOnly     bool // destructive for the allowed: only the redirect of anonymous users is tried here (see notes_test.go)
	}{
		{"GET", "/", everyone, nil, false},
		{"GET", "/account", everyone, nil, false},
		{"GET", "/offices", everyone, nil, false},
		{"GET", office, everyone, nil, false},
		{"GET", "/offices/new", []string{adm}, nil, false},
		{"GET", office + "/edit", []string{adm}, nil, false},
		{"POST", "/offices", []string{adm}, nil, false},
		{"POST", office, []string{adm}, nil, false},
		{"GET", "/users", []string{adm}, nil, false},
		{"POST", "/users", []string{adm}, nil, false},
		{"POST", "/users/1/invitation", []string{adm}, nil, false},
		{"POST", "/account/language", everyone, nil, false},
		{"POST", "/account/password", everyone, nil, false},
		{"POST", "/logout", everyone, nil, false},
		{"GET", "/licence", everyone, nil, false},
		// Practice notes. Every signed-in user reads the knowledge base and writes notes; who
		// may change a note is decided per object (drafts of others are 404: notes_test.go).
		{"GET", "/notes", everyone, nil, false},
		{"GET", "/notes?q=pestounska+pece&sort=newest", everyone, nil, false},
		{"GET", "/notes/mine", everyone, nil, false},
		{"GET", "/notes/new", everyone, nil, false},
		{"POST", "/notes", everyone, nil, false},
		{"GET", note, everyone, nil, false},
		{"GET", note + "/print", everyone, nil, false},
		{"GET", note + "/history", everyone, nil, false},
		{"GET", note + "/edit", []string{met, adm}, nil, false},
		{"POST", note, []string{met, adm}, nil, false},
		{"POST", note + "/status", []string{met, adm}, renew, false},
		{"POST", note + "/status", []string{met, adm}, form("action", "publish"), false}, // wrong state: 409
		{"POST", note + "/marks", []string{met}, form("kind", "name", "text", "Jana", "reason", "Není to klient."), false},
		{"POST", note + "/restore", []string{met, adm}, form("from", "1", "version", "0"), false},
		{"POST", note + "/useful", everyone, form("useful", "1"), false},
		{"POST", note + "/ack", jmk, form("version", "0"), false},
		{"GET", note + "/acks", []string{met, adm}, nil, false},
		{"POST", note + "/comments", everyone, nil, false},
		{"POST", note + "/files", []string{met, adm}, nil, false},
		{"POST", comment, nil, form("body", "Upravený text komentáře."), false},
		{"GET", file, everyone, nil, false},
		{"POST", file + "/delete", nil, nil, true},
		{"POST", comment + "/hide", []string{met, adm}, form("reason", "Mimo téma."), false},
		// Meetings. Everyone sees the calendar and takes part; organising needs the permission,
		// and which meeting one may run is decided per object (meetings_test.go: another region's
		// methodologist, drafts). Empty forms answer 422, steps the meeting's state does not
		// allow 409 — both mean the request got through.
		{"GET", "/meetings", everyone, nil, false},
		{"GET", "/meetings?region=" + mf.pak, everyone, nil, false},
		{"GET", "/meetings/new", organisers, nil, false},
		{"POST", "/meetings", organisers, nil, false},
		{"GET", meeting, everyone, nil, false},
		{"GET", meeting + "/edit", organisers, nil, false},
		{"POST", meeting, organisers, nil, false},
		{"POST", meeting + "/status", organisers, form("action", "hold"), false}, // not started: 409
		{"GET", meeting + "/meeting.ics", everyone, nil, false},
		{"POST", meeting + "/unregister", everyone, nil, false},
		{"POST", meeting + "/register", everyone, nil, false}, // the PAK head: 409, another region
		{"GET", meeting + "/participants", organisers, nil, false},
		{"GET", meeting + "/participants.csv", organisers, nil, false},
		{"POST", held + "/attendance", organisers, nil, false},
		{"GET", meeting + "/topics", everyone, nil, false},
		{"POST", meeting + "/topics", everyone, nil, false},
		{"POST", meeting + "/merge", organisers, nil, false},
		{"POST", topic + "/vote", everyone, nil, false}, // the PAK head is not registered: 409
		{"POST", topic + "/unvote", everyone, nil, false},
		{"POST", topic + "/decide", organisers, form("decision", "accept"), false},
		{"GET", meeting + "/agenda", everyone, nil, false},
		{"POST", meeting + "/schedule", organisers, nil, false},
		{"GET", meeting + "/minutes", everyone, nil, false},
		{"GET", held + "/minutes", everyone, nil, false},
		{"POST", item + "/minutes", organisers, nil, false}, // no version: 409
		{"POST", item + "/followups", organisers, nil, false},
		{"POST", followUp + "/done", organisers, form("done", "1"), false},
		{"POST", held + "/spontaneous", organisers, nil, false},
		{"POST", meeting + "/approve", organisers, nil, false}, // not held: 409
		// The region's feed is public: calendar apps cannot sign in.
		{"GET", "/regions/" + mf.jmk + "/meetings.ics", public, nil, false},
	}
	for _, rt := range routes {
		users := append([]string{anon}, everyone...)
		if rt.anonOnly {
			users = []string{anon}
		}
		for _, who := range users {
			t.Run(rt.method+" "+rt.path+" as "+who, func(t *testing.T) {
				c := app.Client(t)
				if who != anon {
					c = app.Login(t, who)
				}
				var res servertest.Response
				if rt.method == "GET" {
					res = c.Get(rt.path)
				} else {
					res = c.PostForm(rt.path, rt.form)
				}
				switch {
				case who == anon && contains(rt.allowed, anon):
					if res.StatusCode != http.StatusOK {
						t.Fatalf("anonymous on a public route: got %d, want 200", res.StatusCode)
					}
				case who == anon:
					loc := res.Header.Get("Location")
					if res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(loc, "/login") {
						t.Fatalf("anonymous: got %d Location %q, want 303 to /login", res.StatusCode, loc)
					}
				case contains(rt.allowed, who):
					// Pages answer 200; actions either redirect after doing their work, answer
					// 422 with the form's messages, or 409 when the object is in another state
					// (marking a published note, hiding a comment already hidden).
					ok := res.StatusCode == http.StatusOK
					if rt.method == "POST" {
						ok = res.StatusCode == http.StatusSeeOther || res.StatusCode == http.StatusUnprocessableEntity ||
							res.StatusCode == http.StatusConflict
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
