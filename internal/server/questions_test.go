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

	"hnizdo.cz/hnizdo/internal/i18n"
	"hnizdo.cz/hnizdo/internal/question"
	"hnizdo.cz/hnizdo/internal/server/servertest"
)

// The question tests ask through the pages as a caseworker of Šlapanice (JMK) and answer as the
// JMK methodologist; the demo has no questions, so every count and list is the tests' own.

var askLocation = regexp.MustCompile(`^/questions/(\d+)$`)

// askAsk posts the ask form as c and returns the new question's id.
func askAsk(t *testing.T, c *servertest.Client, title, body string) string {
	t.Helper()
	res := c.PostForm("/questions", values("title", title, "body", body, "area", "6"))
	m := askLocation.FindStringSubmatch(res.Header.Get("Location"))
	if res.StatusCode != http.StatusSeeOther || m == nil {
		t.Fatalf("ask %q: status %d;%s", title, res.StatusCode, diagnose(res))
	}
	return m[1]
}

// askForm reads the form testid from question id's page as c, as a browser would send it.
func askForm(t *testing.T, c *servertest.Client, id, testid string) url.Values {
	t.Helper()
	d := expect(t, "question page", c.Get("/questions/"+id), http.StatusOK)
	sel := `[data-testid="` + testid + `"]`
	if d.Find(sel).Length() == 0 {
		t.Fatalf("the question page has no %s", testid)
	}
	return formValues(d, sel)
}

// askStep fills in form testid of question id with kv and posts it to action.
func askStep(t *testing.T, c *servertest.Client, id, testid, action string, want int, kv ...string) *goquery.Document {
	t.Helper()
	v := askForm(t, c, id, testid)
	for i := 0; i+1 < len(kv); i += 2 {
		v.Set(kv[i], kv[i+1])
	}
	return expect(t, action, c.PostForm("/questions/"+id+"/"+action, v), want)
}

func askState(t *testing.T, app *servertest.App, id string) string {
	t.Helper()
	return dbString(t, app, `SELECT state FROM questions WHERE id = $1`, id)
}

// askPublished asks a question as asker and has met answer and publish it under faqTitle.
func askPublished(t *testing.T, asker, met *servertest.Client, title, faqTitle string) string {
	t.Helper()
	id := askAsk(t, asker, title, "Jak postupovat správně?")
	askStep(t, met, id, "answer-form", "answer", http.StatusSeeOther, "answer", "Postupujte podle **metodiky** kraje.")
	askStep(t, met, id, "publish-form", "publish", http.StatusSeeOther, "faq_title", faqTitle)
	return id
}

// askMain is the page's content without the header, which names the signed-in user and office.
func askMain(d *goquery.Document) string { return d.Find("main").Text() }

func TestAskFlowHTTP(t *testing.T) {
	t.Parallel()
	app := servertest.Start(t)
	cw, met, pak, other := app.Login(t, cwJMK), app.Login(t, metJMK), app.Login(t, metPAK), app.Login(t, headPAK)
	const title = "Kurátor a výchovné opatření u nezletilého"
	var id string

	t.Run("a caseworker asks and finds the question in her list", func(t *testing.T) {
		id = askAsk(t, cw, title, "Kdy může kurátor navrhnout výchovné opatření?")
		if st := askState(t, app, id); st != "new" {
			t.Fatalf("state %s", st)
		}
		if n := dbInt(t, app, `SELECT count(*) FROM audit_log WHERE object_type = 'question' AND object_id = $1 AND action = 'question.ask'`, id); n != 1 {
			t.Fatalf("%d ask audits", n)
		}
		d := expect(t, "list", cw.Get("/questions"), http.StatusOK)
		if d.Find(`a[href="/questions/`+id+`"]`).Text() != title {
			t.Fatal("the question is not in the asker's list")
		}
		d = expect(t, "page", cw.Get("/questions/"+id), http.StatusOK)
		if got := testid(d, "question-state"); got != czech("question.state.new") {
			t.Fatalf("state badge %q", got)
		}
		if d.Find(`[data-testid="answer-form"], [data-testid="assign-form"]`).Length() != 0 {
			t.Fatal("the asker is offered the methodologists' forms")
		}
	})

	t.Run("the JMK methodologist finds it in the queue", func(t *testing.T) {
		d := expect(t, "queue", met.Get("/questions?show=unanswered"), http.StatusOK)
		row := d.Find(`a[href="/questions/` + id + `"]`).Closest("tr")
		if row.Length() == 0 || !strings.Contains(row.Text(), "Šlapanice") || !strings.Contains(row.Text(), "Jana Nováková") {
			t.Fatalf("queue row %q", row.Text())
		}
	})

	t.Run("the PAK methodologist is told it does not exist", func(t *testing.T) {
		expect(t, "other region", pak.Get("/questions/"+id), http.StatusNotFound)
		expect(t, "other region assigns", pak.PostForm("/questions/"+id+"/assign", values("version", "1")), http.StatusNotFound)
		if d := expect(t, "other queue", pak.Get("/questions"), http.StatusOK); d.Find(`a[href="/questions/`+id+`"]`).Length() != 0 {
			t.Fatal("the question is in another region's queue")
		}
	})

	t.Run("a birth number is refused at the field, the text kept and nothing stored", func(t *testing.T) {
		body := "RČ dítěte 780123/3540 – jak postupovat?"
		res := cw.PostForm("/questions", values("title", "Dotaz s rodným číslem", "body", body, "area", "6"))
		d := expect(t, "birth number", res, http.StatusUnprocessableEntity)
		if !strings.Contains(testid(d, "error-body"), czech("question.err.personal_data")) {
			t.Fatalf("body error %q", testid(d, "error-body"))
		}
		if got := d.Find("#f-body").Text(); got != body {
			t.Fatalf("body kept as %q", got)
		}
		if got := d.Find("#f-title").AttrOr("value", ""); got != "Dotaz s rodným číslem" {
			t.Fatalf("title kept as %q", got)
		}
		if n := dbInt(t, app, `SELECT count(*) FROM questions WHERE title = 'Dotaz s rodným číslem'`); n != 0 {
			t.Fatalf("%d questions stored", n)
		}
	})

	t.Run("the methodologist assigns it to herself", func(t *testing.T) {
		askStep(t, met, id, "assign-form", "assign", http.StatusSeeOther)
		if st := askState(t, app, id); st != "assigned" {
			t.Fatalf("state %s", st)
		}
		if got, want := dbString(t, app, `SELECT assignee_id::text FROM questions WHERE id = $1`, id), userID(t, app, metJMK); got != want {
			t.Fatalf("assignee %s, want %s", got, want)
		}
	})

	note := noteByTitle(t, app, bindingTitle) // published
	t.Run("a citation that is not a note is refused at the field with the input kept", func(t *testing.T) {
		d := askStep(t, met, id, "answer-form", "answer", http.StatusUnprocessableEntity, "answer", "Návrh odpovědi.", "notes", "pokyn kraje")
		if !strings.Contains(testid(d, "error-notes"), czech("ask.err.note_ref")) {
			t.Fatalf("notes error %q", testid(d, "error-notes"))
		}
		if d.Find("#f-answer").Text() != "Návrh odpovědi." || d.Find("#f-notes").AttrOr("value", "") != "pokyn kraje" {
			t.Fatal("the input was not kept")
		}
		if st := askState(t, app, id); st != "assigned" {
			t.Fatalf("state %s", st)
		}
	})

	var stale url.Values
	answer := "**Postup**: kurátor nejprve posoudí situaci dítěte.\n\n<script>alert(1)</script>\n\n- první krok\n- druhý krok"
	t.Run("the methodologist answers in Markdown and script is not rendered", func(t *testing.T) {
		stale = askForm(t, met, id, "answer-form")
		askStep(t, met, id, "answer-form", "answer", http.StatusSeeOther, "answer", answer, "laws", "§ 13 zákona č. 359/1999 Sb.",
			"notes", app.URL+"/notes/"+note)
		v := askForm(t, met, id, "answer-form")
		v.Set("answer", answer)
		v.Add("standards", "8")
		expect(t, "answer with a standard", met.PostForm("/questions/"+id+"/answer", v), http.StatusSeeOther)
		if st := askState(t, app, id); st != "answered" {
			t.Fatalf("state %s", st)
		}
		res := cw.Get("/questions/" + id)
		d := expect(t, "asker reads the answer", res, http.StatusOK)
		html, _ := d.Find(`[data-testid="answer"]`).Html()
		if !strings.Contains(html, "<strong>Postup</strong>") || !strings.Contains(html, "<li>první krok</li>") {
			t.Fatalf("answer not rendered: %s", html)
		}
		if strings.Contains(res.Body, "<script>alert") || strings.Contains(html, "script") {
			t.Fatalf("script reached the page: %s", html)
		}
		if d.Find(`[data-testid="notes"] a[href="/notes/`+note+`"]`).Length() != 1 {
			t.Fatal("the cited note is not linked")
		}
		if !strings.Contains(testid(d, "laws"), "§ 13 zákona č. 359/1999 Sb.") || !strings.HasPrefix(testid(d, "standards"), "8 ") {
			t.Fatalf("laws %q, standards %q", testid(d, "laws"), testid(d, "standards"))
		}
	})

	t.Run("the methodologist's page with all its forms has unique ids and a label for every field", func(t *testing.T) {
		d := expect(t, "page", met.Get("/questions/"+id), http.StatusOK)
		for _, form := range []string{"answer-form", "publish-form", "private-form"} {
			if d.Find(`[data-testid="`+form+`"]`).Length() != 1 {
				t.Errorf("no %s", form)
			}
		}
		seen := map[string]bool{}
		d.Find("[id]").Each(func(_ int, s *goquery.Selection) {
			id := s.AttrOr("id", "")
			if seen[id] {
				t.Errorf("id %q twice", id)
			}
			seen[id] = true
		})
		d.Find("input:not([type=hidden]), textarea, select").Each(func(_ int, s *goquery.Selection) {
			if id := s.AttrOr("id", ""); id == "" || d.Find(`label[for="`+id+`"]`).Length() != 1 {
				t.Errorf("field %q has no label", s.AttrOr("name", ""))
			}
		})
		if d.Find("h1").Length() != 1 {
			t.Error("not one h1")
		}
	})

	t.Run("a form loaded before someone else's change is refused with 409, the input kept", func(t *testing.T) {
		stale.Set("answer", "Starší verze odpovědi.")
		d := expect(t, "stale answer", met.PostForm("/questions/"+id+"/answer", stale), http.StatusConflict)
		if !strings.Contains(testid(d, "alert"), czech("question.err.stale")) {
			t.Fatalf("alert %q", testid(d, "alert"))
		}
		if d.Find("#f-answer").Text() != "Starší verze odpovědi." {
			t.Fatal("the typed answer was not kept")
		}
		if got := dbString(t, app, `SELECT answer FROM questions WHERE id = $1`, id); got != answer {
			t.Fatalf("answer changed to %q", got)
		}
	})

	t.Run("an FAQ wording that names the office is refused at the field", func(t *testing.T) {
		d := askStep(t, met, id, "publish-form", "publish", http.StatusUnprocessableEntity, "faq_title", "Dotaz ze Šlapanic o kurátorovi")
		if !strings.Contains(testid(d, "error-faq_title"), czech("question.err.identifies")) {
			t.Fatalf("faq_title error %q", testid(d, "error-faq_title"))
		}
		if d.Find("#f-faq_title").AttrOr("value", "") != "Dotaz ze Šlapanic o kurátorovi" {
			t.Fatal("the input was not kept")
		}
	})

	const faqTitle = "Kdy kurátor navrhuje výchovné opatření"
	t.Run("the methodologist publishes it under an anonymised title", func(t *testing.T) {
		v := askForm(t, met, id, "publish-form")
		if v.Get("faq_title") != title {
			t.Fatalf("the FAQ title starts as %q, want the question's", v.Get("faq_title"))
		}
		askStep(t, met, id, "publish-form", "publish", http.StatusSeeOther, "faq_title", faqTitle,
			"faq_body", "Může kurátor navrhnout výchovné opatření bez souhlasu rodičů?")
		if st := askState(t, app, id); st != "published" {
			t.Fatalf("state %s", st)
		}
		d := expect(t, "asker", cw.Get("/questions/"+id), http.StatusOK)
		if d.Find(`[data-testid="faq-link"]`).AttrOr("href", "") != "/faq/"+id {
			t.Fatal("the question does not link its FAQ entry")
		}
	})

	t.Run("the FAQ finds it by Czech words typed without diacritics", func(t *testing.T) {
		d := expect(t, "search", other.Get("/faq?q=vychovne+opatreni"), http.StatusOK)
		hit := d.Find(`[data-testid="faq-hits"] a[href="/faq/` + id + `"]`)
		if hit.Text() != faqTitle {
			t.Fatalf("hit %q", hit.Text())
		}
		if hit.Closest("li").Find("mark").Length() == 0 {
			t.Fatal("the snippet marks no match")
		}
		if d := expect(t, "no match", other.Get("/faq?q=zzzxq"), http.StatusOK); d.Find(`a[href="/faq/`+id+`"]`).Length() != 0 {
			t.Fatal("a search for nothing found the entry")
		}
		d = expect(t, "browse", other.Get("/faq"), http.StatusOK)
		m := regexp.MustCompile(`\((\d+)\)$`).FindStringSubmatch(d.Find(`[data-testid="faq-areas"] a[href="/faq?area=6"]`).Text())
		if m == nil {
			t.Fatalf("browse by area: %q", testid(d, "faq-areas"))
		}
		d = expect(t, "area", other.Get("/faq?area=6"), http.StatusOK)
		hits := d.Find(`[data-testid="faq-hits"] > li`)
		if n, _ := strconv.Atoi(m[1]); n <= question.PageSize && hits.Length() != n {
			t.Fatalf("the area says %d entries, lists %d", n, hits.Length())
		}
		if hits.Find(`a[href="/faq/`+id+`"]`).Length() != 1 && hits.Length() < question.PageSize {
			t.Fatal("the entry is not listed under its area")
		}
	})

	t.Run("the FAQ entry shows neither the asker nor the office", func(t *testing.T) {
		d := expect(t, "entry", other.Get("/faq/"+id), http.StatusOK)
		text := askMain(d)
		for _, leak := range []string{"Nováková", "Šlapanice", title, "Kdy může kurátor navrhnout"} {
			if strings.Contains(text, leak) {
				t.Errorf("the FAQ entry shows %q", leak)
			}
		}
		if !strings.Contains(text, faqTitle) || !strings.Contains(text, "Jihomoravský") {
			t.Fatal("the entry lacks its title or region")
		}
		if html, _ := d.Find(`[data-testid="answer"]`).Html(); !strings.Contains(html, "<strong>Postup</strong>") || strings.Contains(html, "script") {
			t.Fatalf("answer %s", html)
		}
	})

	t.Run("someone not involved who opens the question is sent to the FAQ", func(t *testing.T) {
		res := other.Get("/questions/" + id)
		if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/faq/"+id {
			t.Fatalf("got %d Location %q", res.StatusCode, res.Header.Get("Location"))
		}
	})

	t.Run("keeping it private takes it out of the FAQ", func(t *testing.T) {
		askStep(t, met, id, "private-form", "private", http.StatusSeeOther)
		expect(t, "entry", other.Get("/faq/"+id), http.StatusNotFound)
		expect(t, "not involved", other.Get("/questions/"+id), http.StatusNotFound)
		expect(t, "asker", cw.Get("/questions/"+id), http.StatusOK)
	})
}

// TestAskAccessHTTP is the role × route matrix of the questions, the FAQ and the settings.
func TestAskAccessHTTP(t *testing.T) {
	t.Parallel()
	app := servertest.Start(t)
	who := []string{anonymous, cwJMK, headJMK, metJMK, coordJMK, admin, headPAK, metPAK}
	clients := map[string]*servertest.Client{anonymous: app.Client(t)}
	for _, w := range who[1:] {
		clients[w] = app.Login(t, w)
	}
	open := askAsk(t, clients[cwJMK], "Otevřený dotaz pro matici přístupů", "Jak postupovat?")
	pub := askPublished(t, clients[cwJMK], clients[metJMK], "Zveřejněný dotaz pro matici", "Obecný dotaz ve FAQ")
	before := dbInt(t, app, `SELECT count(*) FROM questions`)

	// all gives everyone signed in the same status; except changes it for some.
	all := func(status int, except ...any) map[string]int {
		m := map[string]int{}
		for _, w := range who[1:] {
			m[w] = status
		}
		for i := 0; i+1 < len(except); i += 2 {
			m[except[i].(string)] = except[i+1].(int)
		}
		return m
	}
	const ok, see, forbidden, missing, conflict, bad = http.StatusOK, http.StatusSeeOther, http.StatusForbidden,
		http.StatusNotFound, http.StatusConflict, http.StatusUnprocessableEntity
	q, p := "/questions/"+open, "/questions/"+pub
	// Without a version every step of the open question is stale or in the wrong state: 409 for
	// its methodologist, so the matrix changes nothing.
	step := all(forbidden, metJMK, conflict, metPAK, missing)
	routes := []struct {
		method, path string
		want         map[string]int
	}{
		{"GET", "/questions", all(ok)},
		{"GET", "/questions?show=overdue", all(ok)},
		{"GET", "/questions?show=answered&state=published", all(ok)},
		{"GET", "/questions/new", all(ok)},
		{"POST", "/questions", all(bad)}, // empty
		{"GET", q, all(missing, cwJMK, ok, headJMK, ok, metJMK, ok)},
		{"GET", p, all(see, cwJMK, ok, headJMK, ok, metJMK, ok)}, // the others read it in the FAQ
		{"POST", q + "/assign", step},
		{"POST", q + "/answer", step},
		{"POST", q + "/publish", step},
		{"POST", q + "/private", step},
		// Everyone may know a published question exists: another region's methodologist is
		// refused (403), not told it is missing.
		{"POST", p + "/private", all(forbidden, metJMK, conflict)},
		{"GET", "/faq", all(ok)},
		{"GET", "/faq?q=obecny+dotaz&area=6&region=0", all(ok)},
		{"GET", "/faq/" + pub, all(ok)},
		{"GET", "/faq/" + open, all(missing)}, // not published: not even its asker reads it there
		{"GET", "/oversight/settings", all(forbidden, metJMK, ok, metPAK, ok)},
		{"POST", "/oversight/settings", all(forbidden, metJMK, bad, metPAK, bad)}, // empty
	}
	for _, rt := range routes {
		for _, w := range who {
			t.Run(rt.method+" "+rt.path+" as "+w, func(t *testing.T) {
				c := clients[w]
				var res servertest.Response
				if rt.method == "GET" {
					res = c.Get(rt.path)
				} else {
					res = c.PostForm(rt.path, nil)
				}
				if w == anonymous {
					if res.StatusCode != see || !strings.HasPrefix(res.Header.Get("Location"), "/login") {
						t.Fatalf("got %d Location %q, want 303 to /login", res.StatusCode, res.Header.Get("Location"))
					}
					return
				}
				want := rt.want[w]
				if res.StatusCode != want {
					t.Fatalf("got %d, want %d;%s", res.StatusCode, want, diagnose(res))
				}
				switch want {
				case forbidden:
					if !strings.Contains(res.Body, "Přístup odepřen") {
						t.Fatal("403 page is not the Czech one")
					}
				case missing:
					if !strings.Contains(res.Body, czech("err.not_found.title")) {
						t.Fatal("404 page is not the Czech one")
					}
				case see:
					if loc := res.Header.Get("Location"); loc != "/faq/"+pub {
						t.Fatalf("Location %q", loc)
					}
				}
			})
		}
	}
	if n := dbInt(t, app, `SELECT count(*) FROM questions`); n != before {
		t.Errorf("the matrix stored %d questions", n-before)
	}
	if st := askState(t, app, open); st != "new" {
		t.Errorf("the open question is %s", st)
	}
	if st := askState(t, app, pub); st != "published" {
		t.Errorf("the published question is %s", st)
	}
}

// TestAskCountsMatchListsHTTP: each count of the dashboards lists as many rows as it says, and
// grows by the questions the test adds (the demo may have questions of its own).
func TestAskCountsMatchListsHTTP(t *testing.T) {
	t.Parallel()
	app := servertest.Start(t)
	cw, colleague, met := app.Login(t, cwJMK), app.Login(t, headJMK), app.Login(t, metJMK)
	count := func(c *servertest.Client, testid string) int {
		t.Helper()
		d := expect(t, "dashboard", c.Get("/oversight"), http.StatusOK)
		n, err := strconv.Atoi(strings.TrimSpace(d.Find(`[data-testid="` + testid + `"] .count__n`).Text()))
		if err != nil {
			t.Fatalf("count %s: %v", testid, err)
		}
		return n
	}
	rows := func(c *servertest.Client, path string) int {
		t.Helper()
		return expect(t, path, c.Get(path), http.StatusOK).Find(`[data-testid="question-row"]`).Length()
	}
	cases := []struct {
		name   string
		c      *servertest.Client
		testid string
		path   string
		added  int // by the questions below
		before int
	}{
		{"the methodologist's overdue questions", met, "count-questions-overdue", "/questions?show=overdue", 1, 0},
		{"the methodologist's unanswered questions", met, "count-unanswered", "/questions?show=unanswered", 3, 0},
		{"the caseworker's questions waiting for an answer", cw, "count-my-questions", "/questions?show=mine", 2, 0},
		{"the office's answered questions", colleague, "count-answered", "/questions?show=answered", 1, 0},
	}
	for k := range cases {
		cases[k].before = count(cases[k].c, cases[k].testid)
	}
	late := askAsk(t, cw, "Dotaz položený před dvěma měsíci", "Jak postupovat?")
	askAsk(t, cw, "Dotaz položený dnes", "Jak postupovat?")
	askAsk(t, colleague, "Dotaz kolegyně", "Jak postupovat?")
	askPublished(t, cw, met, "Zodpovězený dotaz", "Obecný zodpovězený dotaz")
	// A question asked long ago is past its target date.
	if _, err := app.Pool.Exec(t.Context(), `UPDATE questions SET due = current_date - 20 WHERE id = $1`, late); err != nil {
		t.Fatal(err)
	}
	for _, tc := range cases {
		t.Run(tc.name+" list as many rows as counted", func(t *testing.T) {
			n, listed := count(tc.c, tc.testid), rows(tc.c, tc.path)
			if n != tc.before+tc.added || listed != n {
				t.Fatalf("count %d, list %d rows, want %d", n, listed, tc.before+tc.added)
			}
		})
	}
	t.Run("the overdue question stands out in the list", func(t *testing.T) {
		d := expect(t, "overdue", met.Get("/questions?show=overdue"), http.StatusOK)
		row := d.Find(`a[href="/questions/` + late + `"]`).Closest("tr")
		if _, ok := row.Attr("data-overdue"); !ok || !strings.Contains(row.Text(), czech("oversight.overdue")) {
			t.Fatalf("row %q", row.Text())
		}
	})
	t.Run("a state outside the quick filter lists nothing", func(t *testing.T) {
		if n := rows(met, "/questions?show=unanswered&state=published"); n != 0 {
			t.Fatalf("%d rows", n)
		}
		want := dbInt(t, app, `SELECT count(*) FROM questions WHERE state = 'published' AND region_id = $1`, regionID(t, app, "JHM"))
		if n := rows(met, "/questions?state=published"); n != want || want == 0 {
			t.Fatalf("%d published rows, want %d", n, want)
		}
	})
}

// TestAskSettingsHTTP: the region's target answer time is checked, saved, and counts for new
// questions.
func TestAskSettingsHTTP(t *testing.T) {
	t.Parallel()
	app := servertest.Start(t)
	met, cw := app.Login(t, metJMK), app.Login(t, cwJMK)
	jmk := regionID(t, app, "JHM")
	d := expect(t, "settings", met.Get("/oversight/settings"), http.StatusOK)
	if got := d.Find("#f-days").AttrOr("value", ""); got != "30" {
		t.Fatalf("days shown as %q", got)
	}
	for _, days := range []string{"0", "366", "deset"} {
		t.Run(days+" days is refused at the field with the input kept", func(t *testing.T) {
			d := expect(t, "save", met.PostForm("/oversight/settings", values("days", days)), http.StatusUnprocessableEntity)
			if !strings.Contains(testid(d, "error-days"), czech("question.err.days")) {
				t.Fatalf("error %q", testid(d, "error-days"))
			}
			if got := d.Find("#f-days").AttrOr("value", ""); got != days {
				t.Fatalf("input kept as %q", got)
			}
			if n := dbInt(t, app, `SELECT answer_days FROM regions WHERE id = $1`, jmk); n != 30 {
				t.Fatalf("answer days %d", n)
			}
		})
	}
	t.Run("10 days is saved and a new question is due 10 days out", func(t *testing.T) {
		expect(t, "save", met.PostForm("/oversight/settings", values("days", "10")), http.StatusSeeOther)
		if n := dbInt(t, app, `SELECT answer_days FROM regions WHERE id = $1`, jmk); n != 10 {
			t.Fatalf("answer days %d", n)
		}
		if n := dbInt(t, app, `SELECT count(*) FROM audit_log WHERE action = 'region.answer_days' AND object_id = $1 AND from_state = '30' AND to_state = '10'`, jmk); n != 1 {
			t.Fatalf("%d audits", n)
		}
		d := expect(t, "settings", met.Get("/oversight/settings"), http.StatusOK)
		if d.Find("#f-days").AttrOr("value", "") != "10" || testid(d, "flash") != czech("settings.saved") {
			t.Fatalf("after saving: %q, flash %q", d.Find("#f-days").AttrOr("value", ""), testid(d, "flash"))
		}
		id := askAsk(t, cw, "Dotaz po změně lhůty", "Jak postupovat?")
		due := question.Today(time.Now()).AddDate(0, 0, 10)
		if got := dbString(t, app, `SELECT due::text FROM questions WHERE id = $1`, id); got != due.Format(time.DateOnly) {
			t.Fatalf("due %s, want %s", got, due.Format(time.DateOnly))
		}
		d = expect(t, "question", cw.Get("/questions/"+id), http.StatusOK)
		if got := fact(d, czech("ask.col.due")); got != i18n.For("cs").Date(due) {
			t.Fatalf("due shown as %q", got)
		}
	})
}

// TestAskAreaOutOfRangeHTTP: an area number too big for an id is a wrong choice, not the area it
// would wrap round to (65539 is 3 in 16 bits).
func TestAskAreaOutOfRangeHTTP(t *testing.T) {
	t.Parallel()
	app := servertest.Start(t)
	cw := app.Login(t, cwJMK)
	if n := dbInt(t, app, `SELECT count(*) FROM areas WHERE id = 3`); n != 1 {
		t.Fatal("the demo has no area 3 to wrap round to")
	}

	t.Run("asking with area 65539 refused at the field, the text kept and nothing stored", func(t *testing.T) {
		res := cw.PostForm("/questions", values("title", "Dotaz mimo oblasti", "body", "Jak postupovat?", "area", "65539"))
		d := expect(t, "ask", res, http.StatusUnprocessableEntity)
		if !strings.Contains(testid(d, "error-area"), czech("err.choose")) {
			t.Fatalf("area error %q", testid(d, "error-area"))
		}
		if got := d.Find("#f-title").AttrOr("value", ""); got != "Dotaz mimo oblasti" {
			t.Fatalf("title kept as %q", got)
		}
		if n := dbInt(t, app, `SELECT count(*) FROM questions WHERE title = 'Dotaz mimo oblasti'`); n != 0 {
			t.Fatalf("%d questions stored", n)
		}
	})
	for _, field := range []string{"area", "region"} {
		t.Run("the FAQ filtered by "+field+" 65539 refused at the field", func(t *testing.T) {
			d := expect(t, "faq", cw.Get("/faq?"+field+"=65539"), http.StatusUnprocessableEntity)
			if !strings.Contains(testid(d, "error-"+field), czech("err.choose")) {
				t.Fatalf("%s error %q", field, testid(d, "error-"+field))
			}
		})
	}
}

// TestAskPublishNamingTownHTTP: laws naming the asker's town stop publishing, and the page says
// so at the laws field, where they can be fixed.
func TestAskPublishNamingTownHTTP(t *testing.T) {
	t.Parallel()
	app := servertest.Start(t)
	cw, met := app.Login(t, cwJMK), app.Login(t, metJMK)
	id := askAsk(t, cw, "Obecní vyhláška a styk", "Jak postupovat správně?")
	askStep(t, met, id, "answer-form", "answer", http.StatusSeeOther, "answer", "Postupujte podle metodiky kraje.",
		"laws", "Obecně závazná vyhláška města Šlapanice")

	t.Run("publishing refused at the laws field, nothing published", func(t *testing.T) {
		d := askStep(t, met, id, "publish-form", "publish", http.StatusUnprocessableEntity, "faq_title", "Vyhláška a styk")
		if !strings.Contains(testid(d, "error-laws"), czech("question.err.identifies")) {
			t.Fatalf("laws error %q", testid(d, "error-laws"))
		}
		if st := askState(t, app, id); st != "answered" {
			t.Fatalf("state %s", st)
		}
	})
}

// TestFAQCappedHTTP: a search that matches more entries than are ranked says so on the page,
// and its pages hold the ranked ones, each once.
func TestFAQCappedHTTP(t *testing.T) {
	t.Parallel()
	app := servertest.Start(t)
	cw := app.Login(t, cwJMK)
	asker := dbInt(t, app, `SELECT id FROM users WHERE email = $1`, cwJMK)
	if _, err := app.Pool.Exec(context.Background(), `
		INSERT INTO questions (region_id, office_id, asker_id, title, state, due, answer, answered_at, faq_title, published_at)
		SELECT o.region_id, o.id, u.id, 'Otázka', 'published', current_date, 'Odpověď o květináčové péči' || CASE WHEN k <= 3 THEN ' a sedmikráskách' ELSE '' END || '.', now(),
			'Květináčová péče ' || k, now() - make_interval(hours => k)
		FROM users u JOIN offices o ON o.id = u.office_id, generate_series(1, $2::int) k
		WHERE u.id = $1`, asker, question.Candidates+5); err != nil {
		t.Fatal(err)
	}

	want := czech("faq.capped", strconv.Itoa(question.Candidates))
	seen := map[string]bool{}
	href := "/faq?q=" + url.QueryEscape("květináčová")
	for page := 0; href != ""; page++ {
		if page > question.Candidates/question.PageSize {
			t.Fatalf("the pages do not end at %s", href)
		}
		d := expect(t, href, cw.Get(href), http.StatusOK)
		if got := testid(d, "capped"); got != want {
			t.Errorf("%s: notice %q, want %q", href, got, want)
		}
		d.Find(`[data-testid="faq-hits"] a[href^="/faq/"]`).Each(func(_ int, s *goquery.Selection) {
			if h := s.AttrOr("href", ""); seen[h] {
				t.Errorf("%s shows %s again", href, h)
			} else {
				seen[h] = true
			}
		})
		href = d.Find(`a[rel="next"]`).AttrOr("href", "")
	}
	if len(seen) != question.Candidates {
		t.Errorf("the pages showed %d entries, want %d", len(seen), question.Candidates)
	}

	d := expect(t, "a narrower search", cw.Get("/faq?q="+url.QueryEscape("sedmikrásky")), http.StatusOK)
	if d.Find(`[data-testid="capped"]`).Length() != 0 {
		t.Errorf("a search ranking all its matches says it is capped: %q", testid(d, "capped"))
	}
	if n := d.Find(`[data-testid="faq-hits"] a[href^="/faq/"]`).Length(); n != 3 {
		t.Errorf("the narrower search shows %d entries, want 3", n)
	}
}
