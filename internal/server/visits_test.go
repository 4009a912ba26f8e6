package server_test

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	"hnizdo.cz/hnizdo/internal/auth"
	"hnizdo.cz/hnizdo/internal/oversight"
	"hnizdo.cz/hnizdo/internal/server/servertest"
)

// The visit tests record their own visits to Šlapanice (JMK); the demo may hold visits too, so
// every assertion is about the tests' own.

// headBlansko heads Blansko, another JMK office; the tests add this login (see vtBlansko).
const headBlansko = "vedouci.blansko@hnizdo.test"

// vtBlansko adds the head of Blansko with the demo password.
func vtBlansko(t *testing.T, app *servertest.App) {
	t.Helper()
	_, err := app.Pool.Exec(context.Background(), `
		INSERT INTO users (email, name, office_id, roles, password_hash)
		SELECT $1, 'Bohumil Blanenský', o.id, '{head}', (SELECT password_hash FROM users WHERE email = $2)
		FROM offices o WHERE o.name = 'Městský úřad Blansko'`, headBlansko, headJMK)
	if err != nil {
		t.Fatal(err)
	}
}

func vtUser(t *testing.T, app *servertest.App, email string) *auth.User {
	t.Helper()
	u, err := auth.NewStore(app.Pool, servertest.Cheap).User(context.Background(), int64(dbInt(t, app, `SELECT id FROM users WHERE email = $1`, email)))
	if err != nil {
		t.Fatalf("user %s: %v", email, err)
	}
	return u
}

func vtOffice(t *testing.T, app *servertest.App, name string) int64 {
	t.Helper()
	return int64(dbInt(t, app, `SELECT id FROM offices WHERE name = $1`, name))
}

// vtVisit records a visit to office through the store as u and returns its id.
func vtVisit(t *testing.T, app *servertest.App, u *auth.User, office int64, topics string) int64 {
	t.Helper()
	id, err := oversight.NewStore(app.Pool).AddVisit(context.Background(), u, oversight.VisitInput{OfficeID: office, Kind: "visit",
		Date: oversight.Today(time.Now()).AddDate(0, 0, -7), Topics: topics, Recommendations: "Sjednotit postup."})
	if err != nil {
		t.Fatalf("visit: %v", err)
	}
	return id
}

// vtFollowup adds a follow-up due days from today to visit id.
func vtFollowup(t *testing.T, app *servertest.App, u *auth.User, id int64, text string, days int) int64 {
	t.Helper()
	fid, err := oversight.NewStore(app.Pool).AddFollowup(context.Background(), u, id, text, oversight.Today(time.Now()).AddDate(0, 0, days))
	if err != nil {
		t.Fatalf("follow-up: %v", err)
	}
	return fid
}

// vtError checks that the page shows key's message at field.
func vtError(t *testing.T, d *goquery.Document, field, key string) {
	t.Helper()
	if got := testid(d, "error-"+field); !strings.Contains(got, czech(key)) {
		t.Fatalf("error at %s: %q, want %q", field, got, czech(key))
	}
}

func vtField(d *goquery.Document, field string) string {
	s := d.Find("#f-" + field)
	if goquery.NodeName(s) == "textarea" {
		return s.Text()
	}
	if goquery.NodeName(s) == "select" {
		return s.Find("option[selected]").AttrOr("value", "")
	}
	return s.AttrOr("value", "")
}

var visitLocation = regexp.MustCompile(`^/oversight/visits/(\d+)$`)

func vtVisitForm(office int64, kv ...string) url.Values {
	v := values("office", strconv.FormatInt(office, 10), "kind", "visit", "date", oversight.Today(time.Now()).Format(time.DateOnly),
		"topics", "Posuzování naléhavosti oznámení.\n\nVedení spisové dokumentace.", "recommendations", "Zavést jednotný formulář.\n\nProškolit nové pracovníky.")
	for i := 0; i+1 < len(kv); i += 2 {
		v.Set(kv[i], kv[i+1])
	}
	return v
}

func TestVisitCreateHTTP(t *testing.T) {
	t.Parallel()
	app := servertest.Start(t)
	met := app.Login(t, metJMK)
	slap := vtOffice(t, app, "Městský úřad Šlapanice")
	count := func() int { return dbInt(t, app, `SELECT count(*) FROM visits`) }
	before := count()

	t.Run("a bad date is refused with the input kept", func(t *testing.T) {
		d := expect(t, "bad date", met.PostForm("/oversight/visits", vtVisitForm(slap, "date", "31. 2. 2026", "topics", "Téma k projednání")),
			http.StatusUnprocessableEntity)
		vtError(t, d, "date", "err.date")
		if vtField(d, "date") != "31. 2. 2026" || vtField(d, "topics") != "Téma k projednání" || vtField(d, "office") != strconv.FormatInt(slap, 10) {
			t.Fatalf("input not kept: %q %q %q", vtField(d, "date"), vtField(d, "topics"), vtField(d, "office"))
		}
		if testid(d, "error-summary") == "" {
			t.Fatal("no error summary")
		}
	})
	t.Run("missing topics and office are refused with the input kept", func(t *testing.T) {
		d := expect(t, "no topics", met.PostForm("/oversight/visits", vtVisitForm(0, "topics", " ", "recommendations", "Doporučení zůstane.")),
			http.StatusUnprocessableEntity)
		vtError(t, d, "topics", "oversight.err.topics")
		vtError(t, d, "office", "err.choose")
		if vtField(d, "recommendations") != "Doporučení zůstane." {
			t.Fatalf("recommendations %q", vtField(d, "recommendations"))
		}
	})
	t.Run("a birth number in the topics is refused", func(t *testing.T) {
		topics := "Případ dítěte RČ 780123/3540 a jeho sourozenců."
		d := expect(t, "birth number", met.PostForm("/oversight/visits", vtVisitForm(slap, "topics", topics)), http.StatusUnprocessableEntity)
		vtError(t, d, "topics", "oversight.err.personal_data")
		if vtField(d, "topics") != topics {
			t.Fatalf("topics %q", vtField(d, "topics"))
		}
	})
	t.Run("an office of another region is refused", func(t *testing.T) {
		d := expect(t, "PAK office", met.PostForm("/oversight/visits", vtVisitForm(vtOffice(t, app, "Městský úřad Žamberk"))),
			http.StatusUnprocessableEntity)
		vtError(t, d, "office", "err.choose")
	})
	if n := count(); n != before {
		t.Fatalf("refused posts made %d visits", n-before)
	}

	t.Run("a good visit is recorded and shown in paragraphs", func(t *testing.T) {
		res := met.PostForm("/oversight/visits", vtVisitForm(slap))
		m := visitLocation.FindStringSubmatch(res.Header.Get("Location"))
		if res.StatusCode != http.StatusSeeOther || m == nil {
			t.Fatalf("create: %d;%s", res.StatusCode, diagnose(res))
		}
		if got := dbString(t, app, `SELECT office_id || ' ' || kind || ' ' || date || ' ' || created_by FROM visits WHERE id = $1`, m[1]); got !=
			strconv.FormatInt(slap, 10)+" visit "+oversight.Today(time.Now()).Format(time.DateOnly)+" "+userID(t, app, metJMK) {
			t.Fatalf("stored %q", got)
		}
		d := expect(t, "visit page", met.Get(m[0]), http.StatusOK)
		if n := d.Find(`[data-testid="topics"] p`).Length(); n != 2 {
			t.Fatalf("%d topic paragraphs", n)
		}
		if n := d.Find(`[data-testid="recommendations"] p`).Length(); n != 2 {
			t.Fatalf("%d recommendation paragraphs", n)
		}
		if testid(d, "flash") == "" || d.Find("h1").Length() != 1 {
			t.Fatal("no flash or not one h1")
		}
		list := expect(t, "list", met.Get("/oversight/visits"), http.StatusOK)
		if list.Find(`a[href="`+m[0]+`"]`).Length() != 1 {
			t.Fatal("the list does not link the visit")
		}
		blan := strconv.FormatInt(vtOffice(t, app, "Městský úřad Blansko"), 10)
		if expect(t, "list of Blansko", met.Get("/oversight/visits?office="+blan), http.StatusOK).Find(`a[href="`+m[0]+`"]`).Length() != 0 {
			t.Fatal("the office filter lets Šlapanice's visit through")
		}
	})
}

func TestVisitPageHTTP(t *testing.T) {
	t.Parallel()
	app := servertest.Start(t)
	vtBlansko(t, app)
	metU := vtUser(t, app, metJMK)
	slap := vtOffice(t, app, "Městský úřad Šlapanice")
	id := vtVisit(t, app, metU, slap, "Spolupráce se školami.")
	href := "/oversight/visits/" + strconv.FormatInt(id, 10)
	late := vtFollowup(t, app, metU, id, "Předložit vnitřní předpis.", -3)
	soon := vtFollowup(t, app, metU, id, "Proškolit pracovníky.", 20)
	met, head, cw := app.Login(t, metJMK), app.Login(t, headJMK), app.Login(t, cwJMK)

	t.Run("the office sees its visit, an overdue follow-up stands out", func(t *testing.T) {
		for _, c := range []*servertest.Client{met, head, cw} {
			d := expect(t, "visit", c.Get(href), http.StatusOK)
			lateRow := d.Find(`[data-testid="followup-` + strconv.FormatInt(late, 10) + `"]`)
			if !hasAttr(lateRow, "data-overdue") || !strings.Contains(lateRow.Text(), czech("oversight.overdue")) {
				t.Fatalf("overdue follow-up not highlighted: %q", lateRow.Text())
			}
			if hasAttr(d.Find(`[data-testid="followup-`+strconv.FormatInt(soon, 10)+`"]`), "data-overdue") {
				t.Fatal("a follow-up not yet due is marked overdue")
			}
		}
		list := expect(t, "head's list", head.Get("/oversight/visits"), http.StatusOK)
		if list.Find(`a[href="`+href+`"]`).Length() != 1 || !hasAttr(list.Find(`a[href="`+href+`"]`).Closest("tr"), "data-overdue") {
			t.Fatal("the head's list does not show the visit with its overdue follow-up")
		}
	})
	t.Run("only methodologists get the forms, the head and methodologists the done button", func(t *testing.T) {
		dm := expect(t, "met", met.Get(href), http.StatusOK)
		dh := expect(t, "head", head.Get(href), http.StatusOK)
		dc := expect(t, "cw", cw.Get(href), http.StatusOK)
		done := `[data-testid="done-` + strconv.FormatInt(late, 10) + `"]`
		if dm.Find(done).Length() != 1 || dh.Find(done).Length() != 1 || dc.Find(done).Length() != 0 {
			t.Fatal("done buttons")
		}
		for _, f := range []string{"#f-topics", "#f-fu-text", "#f-note"} {
			if dm.Find(f).Length() != 1 || dh.Find(f).Length() != 0 || dc.Find(f).Length() != 0 {
				t.Fatalf("form field %s", f)
			}
		}
	})
	t.Run("a caseworker may not mark a follow-up done", func(t *testing.T) {
		expect(t, "cw done", cw.PostForm("/oversight/followups/"+strconv.FormatInt(late, 10)+"/done", values("visit", strconv.FormatInt(id, 10))),
			http.StatusForbidden)
	})
	t.Run("the office head marks a follow-up done", func(t *testing.T) {
		res := head.PostForm("/oversight/followups/"+strconv.FormatInt(late, 10)+"/done", values("visit", strconv.FormatInt(id, 10)))
		if res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(res.Header.Get("Location"), href) {
			t.Fatalf("done: %d;%s", res.StatusCode, diagnose(res))
		}
		if got := dbString(t, app, `SELECT coalesce(done_by::text, '') FROM visit_followups WHERE id = $1`, late); got != userID(t, app, headJMK) {
			t.Fatalf("done by %q", got)
		}
		d := expect(t, "after done", head.Get(href), http.StatusOK)
		row := d.Find(`[data-testid="followup-` + strconv.FormatInt(late, 10) + `"]`)
		if hasAttr(row, "data-overdue") || row.Find("button").Length() != 0 {
			t.Fatal("a done follow-up still looks open")
		}
	})
	t.Run("done twice is a conflict shown on the page", func(t *testing.T) {
		d := expect(t, "done again", met.PostForm("/oversight/followups/"+strconv.FormatInt(late, 10)+"/done", values("visit", strconv.FormatInt(id, 10))),
			http.StatusConflict)
		if !strings.Contains(testid(d, "alert"), czech("oversight.err.stale")) {
			t.Fatalf("alert %q", testid(d, "alert"))
		}
	})
	t.Run("Blansko and the other region do not know the visit", func(t *testing.T) {
		for _, who := range []string{headBlansko, metPAK, headPAK} {
			c := app.Login(t, who)
			expect(t, who+" visit", c.Get(href), http.StatusNotFound)
			expect(t, who+" done", c.PostForm("/oversight/followups/"+strconv.FormatInt(soon, 10)+"/done", values("visit", strconv.FormatInt(id, 10))),
				http.StatusNotFound)
			if expect(t, who+" list", c.Get("/oversight/visits"), http.StatusOK).Find(`a[href="`+href+`"]`).Length() != 0 {
				t.Fatalf("%s's list shows the visit", who)
			}
		}
		pak := app.Login(t, metPAK)
		for _, path := range []string{href, href + "/followups", href + "/notes"} {
			expect(t, "PAK post "+path, pak.PostForm(path, vtVisitForm(slap, "version", "1", "fu-text", "Krok", "fu-due", "2030-01-01", "note", "1")),
				http.StatusNotFound)
		}
		if got := dbString(t, app, `SELECT (done_at IS NULL)::text FROM visit_followups WHERE id = $1`, soon); got != "true" {
			t.Fatal("an outsider marked the follow-up done")
		}
	})
	t.Run("a follow-up with bad input keeps it", func(t *testing.T) {
		d := expect(t, "bad follow-up", met.PostForm(href+"/followups", values("fu-text", "Doplnit plán.", "fu-due", "zítra")), http.StatusUnprocessableEntity)
		vtError(t, d, "fu-due", "err.date")
		if vtField(d, "fu-text") != "Doplnit plán." || vtField(d, "fu-due") != "zítra" {
			t.Fatal("input not kept")
		}
		d = expect(t, "empty follow-up", met.PostForm(href+"/followups", values("fu-text", "", "fu-due", "2030-01-01")), http.StatusUnprocessableEntity)
		vtError(t, d, "fu-text", "oversight.err.followup")
		res := met.PostForm(href+"/followups", values("fu-text", "Doplnit plán.", "fu-due", oversight.Today(time.Now()).AddDate(0, 1, 0).Format(time.DateOnly)))
		if res.StatusCode != http.StatusSeeOther {
			t.Fatalf("follow-up: %d;%s", res.StatusCode, diagnose(res))
		}
		if n := dbInt(t, app, `SELECT count(*) FROM visit_followups WHERE visit_id = $1`, id); n != 3 {
			t.Fatalf("%d follow-ups", n)
		}
	})
	t.Run("editing: bad input kept, a stale form refused, a good one saved", func(t *testing.T) {
		version := strconv.Itoa(dbInt(t, app, `SELECT version FROM visits WHERE id = $1`, id))
		d := expect(t, "edit with birth number", met.PostForm(href, vtVisitForm(slap, "version", version, "recommendations", "Rodné číslo 7801233540.")),
			http.StatusUnprocessableEntity)
		vtError(t, d, "recommendations", "oversight.err.personal_data")
		if vtField(d, "recommendations") != "Rodné číslo 7801233540." {
			t.Fatal("input not kept")
		}
		d = expect(t, "stale edit", met.PostForm(href, vtVisitForm(slap, "version", "0", "topics", "Nová témata.")), http.StatusConflict)
		if !strings.Contains(testid(d, "alert"), czech("oversight.err.stale")) || vtField(d, "topics") != "Nová témata." {
			t.Fatalf("stale: alert %q, topics %q", testid(d, "alert"), vtField(d, "topics"))
		}
		res := met.PostForm(href, vtVisitForm(slap, "version", version, "kind", "consultation", "topics", "Nová témata."))
		if res.StatusCode != http.StatusSeeOther {
			t.Fatalf("edit: %d;%s", res.StatusCode, diagnose(res))
		}
		if got := dbString(t, app, `SELECT kind || ':' || topics FROM visits WHERE id = $1`, id); got != "consultation:Nová témata." {
			t.Fatalf("stored %q", got)
		}
	})
	t.Run("notes are linked by number or address and unlinked", func(t *testing.T) {
		note := noteByTitle(t, app, bindingTitle)
		for _, ref := range []string{note, "http://hnizdo.test/notes/" + note + "?x=1", "/notes/" + note} {
			res := met.PostForm(href+"/notes", values("note", ref))
			if res.StatusCode != http.StatusSeeOther {
				t.Fatalf("link %q: %d;%s", ref, res.StatusCode, diagnose(res))
			}
		}
		if n := dbInt(t, app, `SELECT count(*) FROM visit_notes WHERE visit_id = $1`, id); n != 1 {
			t.Fatalf("%d links", n)
		}
		d := expect(t, "visit with note", head.Get(href), http.StatusOK)
		if d.Find(`[data-testid="visit-notes"] a[href="/notes/`+note+`"]`).Length() != 1 {
			t.Fatal("the note is not linked on the page")
		}
		draft := dbInt(t, app, `INSERT INTO notes (title, author_id, office_id, region_id, review_by)
			SELECT 'Rozpracovaný záznam', u.id, u.office_id, o.region_id, now() + interval '1 year'
			FROM users u JOIN offices o ON o.id = u.office_id WHERE u.email = $1 RETURNING id`, metJMK)
		for _, ref := range []string{"poznámka", strconv.Itoa(draft), "999999999"} {
			d := expect(t, "bad note "+ref, met.PostForm(href+"/notes", values("note", ref)), http.StatusUnprocessableEntity)
			vtError(t, d, "note", "oversight.err.note")
			if vtField(d, "note") != ref {
				t.Fatal("input not kept")
			}
		}
		expect(t, "head unlink", head.PostForm(href+"/notes/"+note+"/delete", nil), http.StatusForbidden)
		res := met.PostForm(href+"/notes/"+note+"/delete", nil)
		if res.StatusCode != http.StatusSeeOther {
			t.Fatalf("unlink: %d;%s", res.StatusCode, diagnose(res))
		}
		if n := dbInt(t, app, `SELECT count(*) FROM visit_notes WHERE visit_id = $1`, id); n != 0 {
			t.Fatalf("%d links after unlink", n)
		}
	})
}

// TestVisitFollowupDoneReturnsToItsVisitHTTP: the done form's visit field is only a browser's
// say; the page returned to is the follow-up's own visit.
func TestVisitFollowupDoneReturnsToItsVisitHTTP(t *testing.T) {
	t.Parallel()
	app := servertest.Start(t)
	metU := vtUser(t, app, metJMK)
	slap := vtOffice(t, app, "Městský úřad Šlapanice")
	id := vtVisit(t, app, metU, slap, "Spolupráce se školami.")
	wrong := vtVisit(t, app, metU, slap, "Spisová dokumentace.")
	fu := strconv.FormatInt(vtFollowup(t, app, metU, id, "Předložit vnitřní předpis.", 10), 10)
	href := "/oversight/visits/" + strconv.FormatInt(id, 10)
	met := app.Login(t, metJMK)

	t.Run("done with another visit in the form redirects to the follow-up's visit", func(t *testing.T) {
		res := met.PostForm("/oversight/followups/"+fu+"/done", values("visit", strconv.FormatInt(wrong, 10)))
		if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != href+"#followups" {
			t.Fatalf("got %d Location %q;%s", res.StatusCode, res.Header.Get("Location"), diagnose(res))
		}
		if got := dbString(t, app, `SELECT (done_at IS NOT NULL)::text FROM visit_followups WHERE id = $1`, fu); got != "true" {
			t.Fatal("the follow-up is not done")
		}
	})
	t.Run("done again with another visit in the form shows the conflict on the follow-up's visit", func(t *testing.T) {
		d := expect(t, "done again", met.PostForm("/oversight/followups/"+fu+"/done", values("visit", strconv.FormatInt(wrong, 10))),
			http.StatusConflict)
		if d.Find(`[data-testid="followup-`+fu+`"]`).Length() != 1 || !strings.Contains(d.Find("main").Text(), "Spolupráce se školami.") {
			t.Fatal("the conflict is not shown on the follow-up's visit")
		}
	})
}
