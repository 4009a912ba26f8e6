package server_test

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	"hnizdo.cz/hnizdo/internal/i18n"
	"hnizdo.cz/hnizdo/internal/nest"
	"hnizdo.cz/hnizdo/internal/server/servertest"
)

// The change guides' tests add their own guide, topics and visits; the demo may hold a nest
// too, so every assertion is about the tests' own records.

// guidePAK is a change guide of the Pardubice region the tests add (see ngGuide).
const guidePAK = "pruvodce.test@hnizdo.test"

// ngGuide adds the test guide at the Pardubice regional authority with the demo password.
func ngGuide(t *testing.T, app *servertest.App) {
	t.Helper()
	_, err := app.Pool.Exec(context.Background(), `
		INSERT INTO users (email, name, office_id, roles, password_hash)
		SELECT $1, 'Gabriela Průvodcová', o.id, '{guide}', (SELECT password_hash FROM users WHERE email = $2)
		FROM offices o WHERE o.name = 'Krajský úřad Pardubického kraje'`, guidePAK, metPAK)
	if err != nil {
		t.Fatal(err)
	}
}

func ngPath(office int64, rest string) string {
	return "/nest/offices/" + strconv.FormatInt(office, 10) + rest
}

// ngVisitForm is a valid visit form for today; kv replace its values.
func ngVisitForm(kv ...string) url.Values {
	v := values("on", nest.Today(time.Now()).Format(time.DateOnly), "topic", "", "subject", "Porady týmu",
		"tried", "Porada ve stoje, patnáct minut.", "next_step", "Vyhodnotit za měsíc.")
	for i := 0; i+1 < len(kv); i += 2 {
		v.Set(kv[i], kv[i+1])
	}
	return v
}

func ngCount(t *testing.T, app *servertest.App, table string, office int64) int {
	t.Helper()
	return dbInt(t, app, `SELECT count(*) FROM `+table+` WHERE office_id = $1`, office)
}

// ngTool adds a tool of the Pardubice region made at office and returns its id.
func ngTool(t *testing.T, app *servertest.App, name string, office int64) int64 {
	t.Helper()
	id, err := nest.NewStore(app.Pool).Create(context.Background(), vtUser(t, app, metPAK),
		nest.ToolInput{Name: name, Kind: nest.KindRitual, Origins: []int64{office}})
	if err != nil {
		t.Fatalf("tool %s: %v", name, err)
	}
	return id
}

func TestNestGuidesAccessHTTP(t *testing.T) {
	t.Parallel()
	app := servertest.Start(t)
	ngGuide(t, app)
	zam := vtOffice(t, app, "Městský úřad Žamberk")
	topicsBefore, visitsBefore := ngCount(t, app, "dev_topics", zam), ngCount(t, app, "guide_visits", zam)

	// Those without the permission are refused by the route; the JMK methodologist has it
	// but not for a Pardubice office, which the nest package refuses.
	for _, who := range []string{cwPAK, headPAK, metJMK, coordJMK} {
		c := app.Login(t, who)
		expect(t, who+" adds a topic", c.PostForm(ngPath(zam, "/topics"), values("title", "Téma navíc")), http.StatusForbidden)
		expect(t, who+" records a visit", c.PostForm(ngPath(zam, "/visits"), ngVisitForm()), http.StatusForbidden)
		// Bad input changes nothing: the refusal comes before the form is looked at.
		expect(t, who+" posts an empty visit", c.PostForm(ngPath(zam, "/visits"), ngVisitForm("tried", "", "on", "x")), http.StatusForbidden)
	}
	if n := ngCount(t, app, "dev_topics", zam); n != topicsBefore {
		t.Fatalf("topics %d, want %d", n, topicsBefore)
	}
	if n := ngCount(t, app, "guide_visits", zam); n != visitsBefore {
		t.Fatalf("visits %d, want %d", n, visitsBefore)
	}
	for _, who := range []string{cwPAK, headPAK} {
		expect(t, who+" reads the visit log", app.Login(t, who).Get("/nest/visits"), http.StatusForbidden)
	}

	t.Run("a guide and a methodologist of the region add topics and visits", func(t *testing.T) {
		for i, who := range []string{guidePAK, metPAK} {
			c := app.Login(t, who)
			res := c.PostForm(ngPath(zam, "/topics"), values("title", "Téma číslo "+strconv.Itoa(i+1), "description", "Popis tématu."))
			expect(t, who+" adds a topic", res, http.StatusSeeOther)
			if loc := res.Header.Get("Location"); loc != ngPath(zam, "#topics") {
				t.Fatalf("topic redirect %q", loc)
			}
			res = c.PostForm(ngPath(zam, "/visits"), ngVisitForm("tried", "Zkouška číslo "+strconv.Itoa(i+1)))
			expect(t, who+" records a visit", res, http.StatusSeeOther)
			if loc := res.Header.Get("Location"); loc != ngPath(zam, "#visits") {
				t.Fatalf("visit redirect %q", loc)
			}
			d := expect(t, "office page", c.Get(ngPath(zam, "")), http.StatusOK)
			if got := testid(d, "flash"); got != czech("nest.guides.visit_added") {
				t.Fatalf("flash %q", got)
			}
			if n := dbInt(t, app, `SELECT count(*) FROM guide_visits v JOIN users u ON u.id = v.guide_id
				WHERE u.email = $1 AND v.office_id = $2 AND v.tried = $3`, who, zam, "Zkouška číslo "+strconv.Itoa(i+1)); n != 1 {
				t.Fatalf("%s: %d visits stored", who, n)
			}
			if n := dbInt(t, app, `SELECT count(*) FROM audit_log a JOIN guide_visits v ON v.id = a.object_id
				WHERE a.object_type = 'guide_visit' AND v.tried = $1`, "Zkouška číslo "+strconv.Itoa(i+1)); n != 1 {
				t.Fatalf("%s: %d audit entries", who, n)
			}
			expect(t, who+" reads the visit log", c.Get("/nest/visits"), http.StatusOK)
		}
		if n := ngCount(t, app, "dev_topics", zam); n != topicsBefore+2 {
			t.Fatalf("topics %d, want %d", n, topicsBefore+2)
		}
	})

	t.Run("everyone reads the pilots and office pages; only guides get the forms", func(t *testing.T) {
		for who, forms := range map[string]bool{cwPAK: false, headPAK: false, metJMK: false, guidePAK: true, metPAK: true} {
			c := app.Login(t, who)
			d := expect(t, who+" pilots", c.Get("/nest/pilots?region="+regionID(t, app, "PAK")), http.StatusOK)
			if d.Find(`[data-testid="pilot-`+strconv.FormatInt(zam, 10)+`"]`).Length() != 1 || d.Find(`[data-testid^="pilot-"]`).Length() != 3 {
				t.Fatalf("%s: pilots %q", who, testid(d, "pilots"))
			}
			if got := d.Find(`[data-testid^="topic-form-"]`).Length(); (got == 3) != forms || (got != 0 && got != 3) {
				t.Fatalf("%s: %d topic forms", who, got)
			}
			d = expect(t, who+" office", c.Get(ngPath(zam, "")), http.StatusOK)
			if got := d.Find(`[data-testid="visit-form"]`).Length() + d.Find(`[data-testid^="topic-form-"]`).Length(); (got == 2) != forms {
				t.Fatalf("%s: %d forms on the office page", who, got)
			}
			if testid(d, "pilot-badge") == "" {
				t.Fatalf("%s: no pilot badge", who)
			}
		}
		expect(t, "unknown office", app.Login(t, cwPAK).Get("/nest/offices/999999"), http.StatusNotFound)
		expect(t, "unknown region", app.Login(t, cwPAK).Get("/nest/pilots?region=99"), http.StatusNotFound)
	})
}

// ngError checks that the page shows key's message at field.
func ngError(t *testing.T, d *goquery.Document, field, key string) {
	t.Helper()
	if got := testid(d, "error-"+field); !strings.Contains(got, czech(key)) {
		t.Fatalf("error at %s: %q, want %q", field, got, czech(key))
	}
}

func TestNestGuidesFormsHTTP(t *testing.T) {
	t.Parallel()
	app := servertest.Start(t)
	ngGuide(t, app)
	guide := app.Login(t, guidePAK)
	zam := vtOffice(t, app, "Městský úřad Žamberk")
	pard := vtOffice(t, app, "Magistrát města Pardubic")
	tool := ngTool(t, app, "Ranní kolečko týmu (test)", zam)
	topicsBefore, visitsBefore := dbInt(t, app, `SELECT count(*) FROM dev_topics`), dbInt(t, app, `SELECT count(*) FROM guide_visits`)
	ts := strconv.FormatInt(tool, 10)

	t.Run("a bad date is refused with the input kept", func(t *testing.T) {
		v := ngVisitForm("on", "31. 2. 2026", "tried", "Zůstane tady.")
		v["tools"] = []string{ts}
		d := expect(t, "bad date", guide.PostForm(ngPath(zam, "/visits"), v), http.StatusUnprocessableEntity)
		ngError(t, d, "on", "err.date")
		if vtField(d, "on") != "31. 2. 2026" || vtField(d, "tried") != "Zůstane tady." || vtField(d, "subject") != "Porady týmu" {
			t.Fatalf("input not kept: %q %q %q", vtField(d, "on"), vtField(d, "tried"), vtField(d, "subject"))
		}
		if !checked(d.Find(`input[name="tools"][value="` + ts + `"]`)) {
			t.Fatal("tool not kept")
		}
		if testid(d, "error-summary") == "" {
			t.Fatal("no error summary")
		}
	})
	t.Run("no topic, no subject and nothing tried are refused at their fields", func(t *testing.T) {
		d := expect(t, "empty visit", guide.PostForm(ngPath(zam, "/visits"), ngVisitForm("subject", " ", "tried", "", "next_step", "Krok zůstane.")),
			http.StatusUnprocessableEntity)
		ngError(t, d, "subject", "nest.err.subject_required")
		ngError(t, d, "tried", "err.required")
		if vtField(d, "next_step") != "Krok zůstane." {
			t.Fatalf("next step %q", vtField(d, "next_step"))
		}
	})
	t.Run("personal data and a future date are refused", func(t *testing.T) {
		tried := "Rozhovor s matkou, RČ 780123/3540."
		tomorrow := nest.Today(time.Now()).AddDate(0, 0, 1).Format(time.DateOnly)
		d := expect(t, "pii", guide.PostForm(ngPath(zam, "/visits"), ngVisitForm("tried", tried, "on", tomorrow)), http.StatusUnprocessableEntity)
		ngError(t, d, "tried", "nest.err.pii")
		ngError(t, d, "on", "nest.err.future")
		if vtField(d, "tried") != tried {
			t.Fatalf("tried %q", vtField(d, "tried"))
		}
	})
	t.Run("a topic of another office is refused", func(t *testing.T) {
		lans := vtOffice(t, app, "Městský úřad Lanškroun")
		id, err := nest.NewStore(app.Pool).AddTopic(context.Background(), vtUser(t, app, metPAK), nest.TopicInput{Office: lans, Title: "Téma Lanškrouna (test)"})
		if err != nil {
			t.Fatal(err)
		}
		topicsBefore++
		d := expect(t, "other topic", guide.PostForm(ngPath(zam, "/visits"), ngVisitForm("topic", strconv.FormatInt(id, 10))), http.StatusUnprocessableEntity)
		ngError(t, d, "topic", "nest.err.visit_topic")
	})
	t.Run("a topic needs a title, unique in the office", func(t *testing.T) {
		d := expect(t, "no title", guide.PostForm(ngPath(zam, "/topics"), values("title", " ", "description", "Popis zůstane.")),
			http.StatusUnprocessableEntity)
		ngError(t, d, "title", "err.required")
		if vtField(d, "description") != "Popis zůstane." {
			t.Fatalf("description %q", vtField(d, "description"))
		}
		expect(t, "first", guide.PostForm(ngPath(zam, "/topics"), values("title", "Rozvody (test)")), http.StatusSeeOther)
		topicsBefore++
		d = expect(t, "again", guide.PostForm(ngPath(zam, "/topics"), values("title", "rozvody (TEST)")), http.StatusUnprocessableEntity)
		ngError(t, d, "title", "nest.err.topic_taken")
		if vtField(d, "title") != "rozvody (TEST)" {
			t.Fatalf("title %q", vtField(d, "title"))
		}
	})
	t.Run("the pilots page keeps each office's form apart", func(t *testing.T) {
		p := "o" + strconv.FormatInt(zam, 10) + "-"
		d := expect(t, "from pilots", guide.PostForm(ngPath(zam, "/topics"), values("from", "pilots", p+"title", "", p+"description", "Zůstane.")),
			http.StatusUnprocessableEntity)
		ngError(t, d, p+"title", "err.required")
		if vtField(d, p+"description") != "Zůstane." {
			t.Fatalf("description %q", vtField(d, p+"description"))
		}
		if !hasAttr(d.Find(`[data-testid="topic-form-`+strconv.FormatInt(zam, 10)+`"]`).Closest("details"), "open") {
			t.Fatal("the form with errors is folded")
		}
		res := guide.PostForm(ngPath(zam, "/topics"), values("from", "pilots", p+"title", "Bezpečí dítěte (test)", p+"since", "2024-09-01"))
		expect(t, "from pilots", res, http.StatusSeeOther)
		topicsBefore++
		if loc := res.Header.Get("Location"); !strings.HasPrefix(loc, "/nest/pilots?region=") {
			t.Fatalf("redirect %q", loc)
		}
		if got := dbString(t, app, `SELECT since::text FROM dev_topics WHERE title = 'Bezpečí dítěte (test)'`); got != "2024-09-01" {
			t.Fatalf("since %q", got)
		}
	})
	t.Run("an office that is not a pilot has no topics", func(t *testing.T) {
		d := expect(t, "not pilot", guide.PostForm(ngPath(pard, "/topics"), values("title", "Rozvody")), http.StatusUnprocessableEntity)
		if got := testid(d, "alert"); got != czech("nest.err.not_pilot") {
			t.Fatalf("alert %q", got)
		}
	})
	if n := dbInt(t, app, `SELECT count(*) FROM dev_topics`); n != topicsBefore {
		t.Fatalf("topics %d, want %d", n, topicsBefore)
	}
	if n := dbInt(t, app, `SELECT count(*) FROM guide_visits`); n != visitsBefore {
		t.Fatalf("visits %d, want %d", n, visitsBefore)
	}
}

func TestNestGuideVisitsSeenHTTP(t *testing.T) {
	t.Parallel()
	app := servertest.Start(t)
	ngGuide(t, app)
	guide := app.Login(t, guidePAK)
	zam := vtOffice(t, app, "Městský úřad Žamberk")
	lans := vtOffice(t, app, "Městský úřad Lanškroun")
	tool := ngTool(t, app, "Intervize ve dvojicích (test)", zam)
	tried := "Intervize ve dvojicích nad jedním případem (test)."
	v := ngVisitForm("tried", tried, "subject", "Intervize")
	v["tools"] = []string{strconv.FormatInt(tool, 10)}
	expect(t, "visit", guide.PostForm(ngPath(zam, "/visits"), v), http.StatusSeeOther)
	id := dbInt(t, app, `SELECT id FROM guide_visits WHERE tried = $1`, tried)
	other := "Porada u sousedů (test)."
	expect(t, "visit Lanškroun", guide.PostForm(ngPath(lans, "/visits"), ngVisitForm("tried", other)), http.StatusSeeOther)
	visit := `[data-testid="guide-visit-` + strconv.Itoa(id) + `"]`

	t.Run("the visited office's head sees it", func(t *testing.T) {
		d := expect(t, "head", app.Login(t, headPAK).Get(ngPath(zam, "")), http.StatusOK)
		s := d.Find(visit)
		if !strings.Contains(s.Text(), tried) || !strings.Contains(s.Text(), "Gabriela Průvodcová") || !strings.Contains(s.Text(), "Intervize ve dvojicích (test)") {
			t.Fatalf("visit %q", s.Text())
		}
		if s.Find(`a[href="/nest/tools/`+strconv.FormatInt(tool, 10)+`"]`).Length() != 1 {
			t.Fatal("no link to the tool")
		}
	})
	t.Run("Lanškroun's caseworker does not see Žamberk's visits", func(t *testing.T) {
		c := app.Login(t, cwPAK)
		d := expect(t, "caseworker", c.Get(ngPath(zam, "")), http.StatusOK)
		if d.Find(visit).Length() != 0 || strings.Contains(d.Text(), tried) {
			t.Fatal("the caseworker sees Žamberk's visit")
		}
		if got := testid(d, "guide-visits"); got != czech("nest.guides.visits_private") {
			t.Fatalf("visits section %q", got)
		}
		// Their own office's visit they do see.
		d = expect(t, "own office", c.Get(ngPath(lans, "")), http.StatusOK)
		if !strings.Contains(testid(d, "guide-visits"), other) {
			t.Fatalf("own office's visits %q", testid(d, "guide-visits"))
		}
	})
	t.Run("the JMK methodologist sees no Pardubice visit", func(t *testing.T) {
		d := expect(t, "JMK", app.Login(t, metJMK).Get(ngPath(zam, "")), http.StatusOK)
		if strings.Contains(d.Text(), tried) {
			t.Fatal("JMK sees a PAK visit")
		}
		d = expect(t, "JMK log", app.Login(t, metJMK).Get("/nest/visits?office="+strconv.FormatInt(zam, 10)), http.StatusOK)
		if strings.Contains(d.Text(), tried) {
			t.Fatal("JMK log shows a PAK visit")
		}
	})
	t.Run("the region's log filters by office and tool", func(t *testing.T) {
		met := app.Login(t, metPAK)
		d := expect(t, "log", met.Get("/nest/visits"), http.StatusOK)
		if d.Find(`[data-testid="log-visit-`+strconv.Itoa(id)+`"]`).Length() != 1 || !strings.Contains(testid(d, "visit-log"), other) {
			t.Fatalf("log %q", testid(d, "visit-log"))
		}
		if d.Find("table caption").Length() != 1 {
			t.Fatal("no caption")
		}
		d = expect(t, "by tool", met.Get("/nest/visits?tool="+strconv.FormatInt(tool, 10)), http.StatusOK)
		if !strings.Contains(testid(d, "visit-log"), tried) || strings.Contains(testid(d, "visit-log"), other) {
			t.Fatalf("by tool %q", testid(d, "visit-log"))
		}
		d = expect(t, "by office", met.Get("/nest/visits?office="+strconv.FormatInt(lans, 10)), http.StatusOK)
		if strings.Contains(testid(d, "visit-log"), tried) || !strings.Contains(testid(d, "visit-log"), other) {
			t.Fatalf("by office %q", testid(d, "visit-log"))
		}
	})
	t.Run("the pilots page counts the visits", func(t *testing.T) {
		d := expect(t, "pilots", app.Login(t, cwPAK).Get("/nest/pilots"), http.StatusOK)
		n := dbInt(t, app, `SELECT count(*) FROM guide_visits WHERE office_id = $1`, zam)
		want := i18n.For("cs").N("nest.guides.visits_count", n)
		if got := d.Find(`[data-testid="pilot-` + strconv.FormatInt(zam, 10) + `"] .nest-pilot__visits`).Text(); !strings.Contains(got, want) {
			t.Fatalf("visits %q, want %q", got, want)
		}
	})
}
