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
	mail := newOutbox(t)
	app := servertest.Start(t, mail.option)
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
		anon = anonymous
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
				tryRoute(t, app, who, rt.method, rt.path, rt.form, rt.allowed, nil)
			})
		}
	}

	// Participant feedback. Building forms and reading results needs the permission, and which
	// form one may see is decided per object: the PAK methodologist is told the JMK forms do not
	// exist (404, not 403). Answering is for the invited: signed in, anyone else is told in
	// Czech that there is no invitation (404); the personal link needs no session. The forms are
	// made here through the pages (see newFeedbackFixtures in feedback_test.go).
	ff := newFeedbackFixtures(t, app, mail)
	fb, closed := ff.open, ff.closed
	cq := closed + "/questions/" + ff.question
	link, bogus := "/f/"+ff.token, "/f/neplatny-odkaz"
	feedbackUsers := append([]string{anon, metPAK}, everyone...)
	fbManagers := []string{met, net, adm}
	fbOthers := []string{head, met, net, adm, metPAK} // not invited to the form
	feedbackRoutes := []struct {
		method, path string
		form         url.Values
		allowed      []string // get through; signed-in users neither here nor in missing get 403
		missing      []string // get a Czech 404
	}{
		{"GET", "/feedback", nil, append([]string{metPAK}, everyone...), nil},
		{"GET", "/feedback/new", nil, append([]string{metPAK}, fbManagers...), nil},
		{"GET", "/feedback/new?template=1", nil, append([]string{metPAK}, fbManagers...), nil},
		{"POST", "/feedback", nil, append([]string{metPAK}, fbManagers...), nil}, // empty: 422
		{"GET", fb, nil, fbManagers, []string{metPAK}},
		{"GET", closed, nil, fbManagers, []string{metPAK}},
		{"POST", fb, nil, fbManagers, []string{metPAK}},                                 // empty: 422
		{"POST", fb + "/status", form("action", "ready"), fbManagers, []string{metPAK}}, // open already: 409
		{"POST", fb + "/status", form("action", "invite"), fbManagers, []string{metPAK}},
		{"POST", fb + "/questions", nil, fbManagers, []string{metPAK}},                          // empty: 422
		{"POST", cq, form("q"+ff.question+"-label", "Nový text"), fbManagers, []string{metPAK}}, // closed: 409
		{"POST", cq + "/move", form("delta", "1"), fbManagers, []string{metPAK}},
		{"POST", cq + "/delete", nil, fbManagers, []string{metPAK}},
		{"POST", fb + "/template", nil, fbManagers, []string{metPAK}},
		{"GET", fb + "/results", nil, fbManagers, []string{metPAK}},
		{"GET", fb + "/report", nil, fbManagers, []string{metPAK}},
		{"GET", fb + "/answers.csv", nil, fbManagers, []string{metPAK}},
		{"GET", fb + "/summary.csv", nil, fbManagers, []string{metPAK}},
		{"GET", fb + "/results.xlsx", nil, fbManagers, []string{metPAK}},
		{"POST", fb + "/carry", nil, fbManagers, []string{metPAK}}, // no next meeting: 409
		{"GET", fb + "/answer", nil, []string{cw}, fbOthers},
		{"POST", fb + "/answer", nil, []string{cw}, fbOthers}, // empty: 422
		{"GET", link, nil, feedbackUsers, nil},
		{"POST", link, nil, feedbackUsers, nil}, // empty: 422
		{"GET", bogus, nil, nil, feedbackUsers},
		{"POST", bogus, nil, nil, feedbackUsers},
	}
	for _, rt := range feedbackRoutes {
		for _, who := range feedbackUsers {
			t.Run(rt.method+" "+rt.path+" as "+who, func(t *testing.T) {
				tryRoute(t, app, who, rt.method, rt.path, rt.form, rt.allowed, rt.missing)
			})
		}
	}
	// Nothing the matrix posted was an answer, and the closed form's questions did not change.
	if n := dbInt(t, app, `SELECT count(*) FROM feedback_responses WHERE form_id = $1`, strings.TrimPrefix(fb, "/feedback/")); n != 3 {
		t.Errorf("the matrix's form has %d responses, want the fixtures' 3", n)
	}
	if n := dbInt(t, app, `SELECT count(*) FROM feedback_questions WHERE form_id = $1 AND version = 1`, strings.TrimPrefix(closed, "/feedback/")); n != 6 {
		t.Errorf("the closed form has %d questions, want the template's 6", n)
	}
}

// anonymous names the user without a session in the matrix.
const anonymous = "anonymous"

// tryRoute sends the request as who (anonymous or a demo login) and checks the answer: users in
// missing get a Czech 404; users in allowed get through — pages answer 200, actions redirect
// after doing their work, answer 422 with the form's messages, or 409 when the object is in
// another state (marking a published note, hiding a comment already hidden); other signed-in
// users get the Czech 403, and anonymous users are sent to the login page.
func tryRoute(t *testing.T, app *servertest.App, who, method, path string, form url.Values, allowed, missing []string) {
	t.Helper()
	c := app.Client(t)
	if who != anonymous {
		c = app.Login(t, who)
	}
	var res servertest.Response
	if method == "GET" {
		res = c.Get(path)
	} else {
		res = c.PostForm(path, form)
	}
	switch {
	case contains(missing, who):
		if res.StatusCode != http.StatusNotFound {
			t.Fatalf("per object: got %d, want 404;%s", res.StatusCode, diagnose(res))
		}
		if !strings.Contains(res.Body, czech("err.not_found.title")) && !strings.Contains(res.Body, czech("feedback.err.not_invited")) &&
			!strings.Contains(res.Body, czech("feedback.err.bad_link")) {
			t.Fatal("404 page is not a Czech one")
		}
	case contains(allowed, who):
		ok := res.StatusCode == http.StatusOK
		if method == "POST" {
			ok = res.StatusCode == http.StatusSeeOther || res.StatusCode == http.StatusUnprocessableEntity ||
				res.StatusCode == http.StatusConflict
		}
		if !ok || strings.HasPrefix(res.Header.Get("Location"), "/login") && path != "/logout" {
			t.Fatalf("allowed: got %d (Location %q);%s", res.StatusCode, res.Header.Get("Location"), diagnose(res))
		}
	case who == anonymous:
		loc := res.Header.Get("Location")
		if res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(loc, "/login") {
			t.Fatalf("anonymous: got %d Location %q, want 303 to /login", res.StatusCode, loc)
		}
	default:
		if res.StatusCode != http.StatusForbidden {
			t.Fatalf("not allowed: got %d, want 403;%s", res.StatusCode, diagnose(res))
		}
		if !strings.Contains(res.Body, "Přístup odepřen") {
			t.Fatalf("403 page is not the Czech one")
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
