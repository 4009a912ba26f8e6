package server_test

import (
	"context"
	"fmt"
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

// The overview tests make their own inspections through the oversight store, rating criteria
// that nothing else has rated yet (the demo may hold findings of its own), and compare the
// overview's counts with the database.

// owInspected takes an inspection of office through the store as met, rates the criteria and
// delivers the protocol; it returns the findings by criterion.
func owInspected(t *testing.T, app *servertest.App, met *auth.User, office int64, ratings map[int16]oversight.Rating) map[int16]int64 {
	t.Helper()
	ctx := context.Background()
	st := oversight.NewStore(app.Pool)
	today := oversight.Today(time.Now())
	day := func(n int) time.Time { return today.AddDate(0, 0, n) }
	id, err := st.Plan(ctx, met, oversight.PlanInput{OfficeID: office, Year: int16(today.Year()), Quarter: int16((int(today.Month())-1)/3 + 1),
		Kind: oversight.Standards, Team: []int64{met.ID}})
	if err != nil {
		t.Fatalf("plan: %v", err)
	}
	step := func(s oversight.Step) {
		t.Helper()
		s.Version = int32(dbInt(t, app, `SELECT version FROM inspections WHERE id = $1`, id))
		if err := st.Advance(ctx, met, id, s); err != nil {
			t.Fatalf("to %s: %v", s.To, err)
		}
	}
	step(oversight.Step{To: oversight.Notified, Date: day(-20)})
	step(oversight.Step{To: oversight.Onsite, From: day(-15), Until: day(-14)})
	found := map[int16]int64{}
	for c, r := range ratings {
		if found[c], err = st.Assess(ctx, met, id, c, r, "Postup není písemně upraven.", 0); err != nil {
			t.Fatalf("assess %d: %v", c, err)
		}
	}
	step(oversight.Step{To: oversight.Protocol, Issued: day(-12), Delivered: day(-11)})
	return found
}

// owUnrated returns n assessed criteria nobody has found wanting yet, in order.
func owUnrated(t *testing.T, app *servertest.App, n int) []int16 {
	t.Helper()
	rows, err := app.Pool.Query(context.Background(), `SELECT id FROM criteria c WHERE assessed
		AND NOT EXISTS (SELECT 1 FROM findings f WHERE f.criterion_id = c.id AND f.rating IN ('partly', 'not_met'))
		ORDER BY standard_id, position LIMIT $1`, n)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []int16
	for rows.Next() {
		var id int16
		if err := rows.Scan(&id); err != nil {
			t.Fatal(err)
		}
		out = append(out, id)
	}
	if len(out) != n {
		t.Fatalf("only %d criteria without findings", len(out))
	}
	return out
}

func owCode(t *testing.T, app *servertest.App, id int16) string {
	t.Helper()
	return dbString(t, app, `SELECT code FROM criteria WHERE id = $1`, id)
}

// owRepeat makes one criterion repeat in JMK (Šlapanice and Blansko, not met and partly met)
// and another found once (Šlapanice); it returns both and the repeat's findings.
func owRepeat(t *testing.T, app *servertest.App) (repeat, once int16, findings []int64) {
	t.Helper()
	met := vtUser(t, app, metJMK)
	cs := owUnrated(t, app, 2)
	repeat, once = cs[0], cs[1]
	a := owInspected(t, app, met, vtOffice(t, app, "Městský úřad Šlapanice"), map[int16]oversight.Rating{repeat: oversight.NotMet, once: oversight.Partly})
	b := owInspected(t, app, met, vtOffice(t, app, "Městský úřad Blansko"), map[int16]oversight.Rating{repeat: oversight.Partly})
	return repeat, once, []int64{a[repeat], b[repeat]}
}

// owCell is the text of a table cell of the row for code.
func owCell(d *goquery.Document, table, code, col string) string {
	return strings.TrimSpace(d.Find(`[data-testid="` + table + `"] tr[data-code="` + code + `"] [data-col="` + col + `"]`).Text())
}

func TestOverviewCountsHTTP(t *testing.T) {
	t.Parallel()
	app := servertest.Start(t)
	repeat, once, _ := owRepeat(t, app)
	met := app.Login(t, metJMK)
	jmk := regionID(t, app, "JHM")
	year := time.Now().Year()

	for _, q := range []string{"", "?year=" + strconv.Itoa(year), "?year=" + strconv.Itoa(year-1)} {
		t.Run("the counts of "+q+" are the database's", func(t *testing.T) {
			d := expect(t, "overview", met.Get("/oversight/overview"+q), http.StatusOK)
			y := 0
			if q != "" {
				y = int(owAtoi(strings.TrimPrefix(q, "?year=")))
			}
			// Inspections by state.
			rows, err := app.Pool.Query(context.Background(), `SELECT state, count(*)::int FROM inspections
				WHERE region_id = $1 AND ($2 = 0 OR year = $2) GROUP BY state`, jmk, y)
			if err != nil {
				t.Fatal(err)
			}
			want := map[string]string{}
			for rows.Next() {
				var st string
				var n int
				if err := rows.Scan(&st, &n); err != nil {
					t.Fatal(err)
				}
				want[st] = strconv.Itoa(n)
			}
			rows.Close()
			got := map[string]string{}
			d.Find(`[data-testid="ov-states"] tbody tr`).Each(func(_ int, s *goquery.Selection) {
				got[s.AttrOr("data-state", "")] = strings.TrimSpace(s.Find("td").Text())
			})
			if fmt.Sprint(got) != fmt.Sprint(want) {
				t.Fatalf("states %v, want %v", got, want)
			}
			// Findings by criterion: concluded inspections only.
			rows, err = app.Pool.Query(context.Background(), `
				SELECT c.code, count(*) FILTER (WHERE f.rating = 'partly')::int, count(*) FILTER (WHERE f.rating = 'not_met')::int,
					count(DISTINCT i.office_id)::int
				FROM findings f JOIN inspections i ON i.id = f.inspection_id JOIN criteria c ON c.id = f.criterion_id
				WHERE i.region_id = $1 AND ($2 = 0 OR i.year = $2) AND i.state IN ('protocol', 'decided', 'measures', 'closed')
					AND f.rating IN ('partly', 'not_met')
				GROUP BY c.code, c.standard_id, c.position ORDER BY c.standard_id, c.position`, jmk, y)
			if err != nil {
				t.Fatal(err)
			}
			var wantRows, gotRows []string
			for rows.Next() {
				var code string
				var partly, notMet, offices int
				if err := rows.Scan(&code, &partly, &notMet, &offices); err != nil {
					t.Fatal(err)
				}
				wantRows = append(wantRows, fmt.Sprintf("%s %d %d %d", code, partly, notMet, offices))
			}
			rows.Close()
			d.Find(`[data-testid="ov-criteria"] tbody tr`).Each(func(_ int, s *goquery.Selection) {
				code := s.AttrOr("data-code", "")
				gotRows = append(gotRows, fmt.Sprintf("%s %s %s %s", code, owCell(d, "ov-criteria", code, "partly"),
					owCell(d, "ov-criteria", code, "not_met"), owCell(d, "ov-criteria", code, "offices")))
			})
			if strings.Join(gotRows, "; ") != strings.Join(wantRows, "; ") {
				t.Fatalf("criteria\n got %v\nwant %v", gotRows, wantRows)
			}
			if y != year-1 && !strings.Contains(strings.Join(gotRows, ";"), owCode(t, app, repeat)+" 1 1 2") {
				t.Fatalf("the test's criterion is missing: %v", gotRows)
			}
		})
	}
	t.Run("the repeat lists its offices and years and offers both buttons", func(t *testing.T) {
		d := expect(t, "overview", met.Get("/oversight/overview?year="+strconv.Itoa(year-1)), http.StatusOK)
		code := owCode(t, app, repeat)
		if owCell(d, "ov-repeats", code, "offices") != "2" || owCell(d, "ov-repeats", code, "years") != strconv.Itoa(year) ||
			owCell(d, "ov-repeats", code, "names") != "Městský úřad Blansko, Městský úřad Šlapanice" {
			t.Fatalf("repeat row: %q %q %q", owCell(d, "ov-repeats", code, "offices"), owCell(d, "ov-repeats", code, "years"),
				owCell(d, "ov-repeats", code, "names"))
		}
		if testid(d, "spawn-faq-"+code) == "" || testid(d, "spawn-note-"+code) == "" {
			t.Fatal("no spawn buttons")
		}
		if d.Find(`[data-testid="ov-repeats"] tr[data-code="`+owCode(t, app, once)+`"]`).Length() != 0 {
			t.Fatal("a finding of one office in one year is listed as repeated")
		}
		if d.Find("h1").Length() != 1 || d.Find(`th[scope]`).Length() == 0 {
			t.Fatal("one h1 and scoped headers")
		}
	})
	t.Run("another region's methodologist sees none of it", func(t *testing.T) {
		d := expect(t, "PAK overview", app.Login(t, metPAK).Get("/oversight/overview"), http.StatusOK)
		if strings.Contains(d.Find("main").Text(), "Šlapanice") || d.Find(`tr[data-code="`+owCode(t, app, repeat)+`"]`).Length() != 0 {
			t.Fatal("JMK's findings shown to Pardubice")
		}
	})
}

var (
	owQuestionLocation = regexp.MustCompile(`^/questions/(\d+)$`)
	owNoteEditLocation = regexp.MustCompile(`^/notes/(\d+)/edit$`)
)

func TestOverviewSpawnHTTP(t *testing.T) {
	t.Parallel()
	app := servertest.Start(t)
	repeat, once, findings := owRepeat(t, app)
	code := owCode(t, app, repeat)
	met := app.Login(t, metJMK)
	faq := "/oversight/criteria/" + strconv.Itoa(int(repeat)) + "/faq"
	noteAction := "/oversight/criteria/" + strconv.Itoa(int(repeat)) + "/note"
	ids := fmt.Sprint(findings[0]) + "," + fmt.Sprint(findings[1])
	var qid, nid string

	t.Run("one click makes a question linked to the findings, shown on the overview", func(t *testing.T) {
		res := met.PostForm(faq, nil)
		m := owQuestionLocation.FindStringSubmatch(res.Header.Get("Location"))
		if res.StatusCode != http.StatusSeeOther || m == nil {
			t.Fatalf("spawn: %d;%s", res.StatusCode, diagnose(res))
		}
		qid = m[1]
		if got := dbString(t, app, `SELECT string_agg(finding_id::text, ',' ORDER BY finding_id) FROM question_findings WHERE question_id = $1`, qid); got != ids {
			t.Fatalf("findings %q, want %q", got, ids)
		}
		if got := dbString(t, app, `SELECT state || ':' || (assignee_id = asker_id)::text FROM questions WHERE id = $1`, qid); got != "assigned:true" {
			t.Fatalf("question %q", got)
		}
		title := dbString(t, app, `SELECT title || ' ' || body FROM questions WHERE id = $1`, qid)
		if !strings.Contains(title, "kritériu "+code) || strings.Contains(title, "Šlapanice") || strings.Contains(title, "Blansko") {
			t.Fatalf("text %q", title)
		}
		expect(t, "question page", met.Get(m[0]), http.StatusOK)
		d := expect(t, "overview", met.Get("/oversight/overview"), http.StatusOK)
		if d.Find(`[data-testid="faq-`+code+`"]`).AttrOr("href", "") != m[0] || testid(d, "spawn-faq-"+code) != "" {
			t.Fatal("the overview does not link the spawned question")
		}
	})
	t.Run("a second click makes nothing new", func(t *testing.T) {
		before := dbInt(t, app, `SELECT count(*) FROM questions`)
		res := met.PostForm(faq, nil)
		if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/questions/"+qid {
			t.Fatalf("again: %d;%s", res.StatusCode, diagnose(res))
		}
		if n := dbInt(t, app, `SELECT count(*) FROM questions`); n != before {
			t.Fatalf("questions %d → %d", before, n)
		}
	})
	t.Run("the note is a binding draft linked to the findings, and says where it came from", func(t *testing.T) {
		res := met.PostForm(noteAction, nil)
		m := owNoteEditLocation.FindStringSubmatch(res.Header.Get("Location"))
		if res.StatusCode != http.StatusSeeOther || m == nil {
			t.Fatalf("spawn note: %d;%s", res.StatusCode, diagnose(res))
		}
		nid = m[1]
		if got := dbString(t, app, `SELECT status || ':' || binding::text || ':' || area_ids::text FROM notes WHERE id = $1`, nid); got != "draft:true:{17}" {
			t.Fatalf("note %q", got)
		}
		if got := dbString(t, app, `SELECT string_agg(finding_id::text, ',' ORDER BY finding_id) FROM note_findings WHERE note_id = $1`, nid); got != ids {
			t.Fatalf("findings %q", got)
		}
		expect(t, "note editor", met.Get(m[0]), http.StatusOK)
		d := expect(t, "note page", met.Get("/notes/"+nid), http.StatusOK)
		if got := testid(d, "note-source"); !strings.Contains(got, code) {
			t.Fatalf("note source %q", got)
		}
		d = expect(t, "overview", met.Get("/oversight/overview"), http.StatusOK)
		if d.Find(`[data-testid="note-`+code+`"]`).AttrOr("href", "") != "/notes/"+nid || testid(d, "spawn-note-"+code) != "" {
			t.Fatal("the overview does not link the spawned note")
		}
		res = met.PostForm(noteAction, nil)
		if res.Header.Get("Location") != "/notes/"+nid+"/edit" || dbInt(t, app, `SELECT count(*) FROM note_findings WHERE note_id = $1`, nid) != 2 {
			t.Fatalf("second click: %q", res.Header.Get("Location"))
		}
	})
	t.Run("a note made otherwise names no source", func(t *testing.T) {
		d := expect(t, "binding note", met.Get("/notes/"+noteByTitle(t, app, bindingTitle)), http.StatusOK)
		if testid(d, "note-source") != "" {
			t.Fatal("a source on a note not spawned")
		}
	})
	t.Run("refused to others, nothing made", func(t *testing.T) {
		before := dbString(t, app, `SELECT (SELECT count(*) FROM questions) || ':' || (SELECT count(*) FROM notes)`)
		for _, who := range []string{headJMK, cwJMK, coordJMK, admin} {
			c := app.Login(t, who)
			expect(t, who+" faq", c.PostForm("/oversight/criteria/"+strconv.Itoa(int(once))+"/faq", nil), http.StatusForbidden)
			expect(t, who+" note", c.PostForm(noteAction, nil), http.StatusForbidden)
		}
		pak := app.Login(t, metPAK)
		expect(t, "PAK faq", pak.PostForm(faq, nil), http.StatusNotFound)
		expect(t, "PAK note", pak.PostForm(noteAction, nil), http.StatusNotFound)
		for _, path := range []string{"/oversight/criteria/" + strconv.Itoa(int(once)) + "/faq", "/oversight/criteria/" + strconv.Itoa(int(once)) + "/note",
			"/oversight/criteria/99999/faq", "/oversight/criteria/65559/note"} {
			expect(t, "not repeated "+path, met.PostForm(path, nil), http.StatusNotFound)
		}
		if after := dbString(t, app, `SELECT (SELECT count(*) FROM questions) || ':' || (SELECT count(*) FROM notes)`); after != before {
			t.Fatalf("made something: %s → %s", before, after)
		}
	})
}

func TestStandardsHTTP(t *testing.T) {
	t.Parallel()
	app := servertest.Start(t)
	adm := app.Login(t, admin)
	id := strconv.Itoa(int(owCriterion8a(t, app)))
	prefix := "c" + id + "-"
	path := "/standards/criteria/" + id
	state := func() string {
		return dbString(t, app, `SELECT text_cs || '|' || text_en || '|' || version FROM criteria WHERE id = $1`, id)
	}
	version := func() string { return strconv.Itoa(dbInt(t, app, `SELECT version FROM criteria WHERE id = $1`, id)) }

	t.Run("the administrator sees every standard with a form per criterion", func(t *testing.T) {
		d := expect(t, "standards", adm.Get("/standards"), http.StatusOK)
		if n := d.Find("main section.standard").Length(); n != dbInt(t, app, `SELECT count(*) FROM standards`) || n != 14 {
			t.Fatalf("%d standards", n)
		}
		if n := d.Find(`main form[action^="/standards/criteria/"]`).Length(); n != dbInt(t, app, `SELECT count(*) FROM criteria`) {
			t.Fatalf("%d criterion forms", n)
		}
		seen := map[string]bool{}
		d.Find("[id]").Each(func(_ int, s *goquery.Selection) {
			if id := s.AttrOr("id", ""); seen[id] {
				t.Fatalf("id %q twice", id)
			} else {
				seen[id] = true
			}
		})
		if d.Find("#f-"+prefix+"text_cs").Length() != 1 || d.Find(`label[for="f-`+prefix+`text_en"]`).Length() != 1 {
			t.Fatal("the criterion's fields are not labelled")
		}
	})
	t.Run("a methodologist and others may not edit", func(t *testing.T) {
		before := state()
		for _, who := range []string{metJMK, cwJMK, coordJMK} {
			c := app.Login(t, who)
			expect(t, who+" page", c.Get("/standards"), http.StatusForbidden)
			expect(t, who+" save", c.PostForm(path, values(prefix+"text_cs", "Jiný text.", "version", version())), http.StatusForbidden)
		}
		if state() != before {
			t.Fatal("changed")
		}
	})
	t.Run("bad input is refused with the input kept", func(t *testing.T) {
		before := state()
		d := expect(t, "empty", adm.PostForm(path, values(prefix+"text_cs", " ", prefix+"text_en", "English stays.", "version", version())),
			http.StatusUnprocessableEntity)
		vtError(t, d, prefix+"text_cs", "err.required")
		if vtField(d, prefix+"text_en") != "English stays." {
			t.Fatal("input not kept")
		}
		if state() != before {
			t.Fatal("changed")
		}
	})
	t.Run("a stale version is a conflict", func(t *testing.T) {
		before := state()
		d := expect(t, "stale", adm.PostForm(path, values(prefix+"text_cs", "Zastaralý návrh.", prefix+"text_en", "", "version", "0")), http.StatusConflict)
		if !strings.Contains(testid(d, "alert"), czech("oversight.err.stale")) || vtField(d, prefix+"text_cs") != "Zastaralý návrh." {
			t.Fatalf("alert %q", testid(d, "alert"))
		}
		if state() != before {
			t.Fatal("changed")
		}
	})
	t.Run("the administrator saves a text", func(t *testing.T) {
		v := version()
		res := adm.PostForm(path, values(prefix+"text_cs", "Oznámení přijímá OSPOD jednotným postupem.", prefix+"text_en", "Reports are received uniformly.", "version", v))
		if res.StatusCode != http.StatusSeeOther {
			t.Fatalf("save: %d;%s", res.StatusCode, diagnose(res))
		}
		want := "Oznámení přijímá OSPOD jednotným postupem.|Reports are received uniformly.|" + strconv.Itoa(int(owAtoi(v))+1)
		if got := state(); got != want {
			t.Fatalf("stored %q, want %q", got, want)
		}
		if n := dbInt(t, app, `SELECT count(*) FROM audit_log WHERE action = 'criterion.edit' AND object_id = $1`, id); n != 1 {
			t.Fatalf("%d audit entries", n)
		}
		expect(t, "missing criterion", adm.PostForm("/standards/criteria/9999", values("c9999-text_cs", "Text.", "version", "1")), http.StatusNotFound)
	})
}

func owCriterion8a(t *testing.T, app *servertest.App) int16 {
	t.Helper()
	return int16(dbInt(t, app, `SELECT id FROM criteria WHERE code = '8a'`))
}

func owAtoi(s string) int64 {
	n, _ := strconv.ParseInt(s, 10, 64)
	return n
}

// TestVisitOverviewRouteAccess is the role × route matrix of the visits, the overview and the
// standards: anonymous users go to the login page, users without the permission get 403, and
// those who may not know the object (Blansko, the other region, JMK's staff without oversight)
// get 404.
func TestVisitOverviewRouteAccess(t *testing.T) {
	t.Parallel()
	app := servertest.Start(t)
	vtBlansko(t, app)
	metU := vtUser(t, app, metJMK)
	visit := vtVisit(t, app, metU, vtOffice(t, app, "Městský úřad Šlapanice"), "Spolupráce se školami.")
	followup := vtFollowup(t, app, metU, visit, "Předložit vnitřní předpis.", 10)
	repeat, _, _ := owRepeat(t, app)
	v := "/oversight/visits/" + strconv.FormatInt(visit, 10)
	note := noteByTitle(t, app, bindingTitle)
	crit := "/oversight/criteria/" + strconv.Itoa(int(repeat))
	std := "/standards/criteria/" + strconv.Itoa(int(owCriterion8a(t, app)))

	const head = "vedouci.zamberk@hnizdo.test" // head of a PAK office
	everyone := []string{cwJMK, headJMK, headBlansko, head, metJMK, metPAK, coordJMK, admin}
	methods := []string{metJMK, metPAK}
	office := []string{metJMK, headJMK, cwJMK}                        // see the visit
	strangers := []string{headBlansko, head, metPAK, coordJMK, admin} // may not know it
	routes := []struct {
		method, path     string
		allowed, missing []string
		form             url.Values
	}{
		{"GET", "/oversight/visits", everyone, nil, nil},
		{"GET", "/oversight/visits?office=1", everyone, nil, nil},
		{"GET", "/oversight/visits/new", methods, nil, nil},
		{"POST", "/oversight/visits", methods, nil, nil}, // empty: 422
		{"GET", v, office, strangers, nil},
		{"POST", v, []string{metJMK}, []string{metPAK}, nil},                // version 0: 409
		{"POST", v + "/followups", []string{metJMK}, []string{metPAK}, nil}, // empty: 422
		{"POST", "/oversight/followups/" + strconv.FormatInt(followup, 10) + "/done", []string{metJMK, headJMK}, strangers,
			values("visit", strconv.FormatInt(visit, 10))}, // done once, then 409
		{"POST", v + "/notes", []string{metJMK}, []string{metPAK}, nil}, // empty: 422
		{"POST", v + "/notes/" + note + "/delete", []string{metJMK}, []string{metPAK}, nil},
		{"GET", "/oversight/overview", methods, nil, nil},
		{"GET", "/oversight/overview?year=2025", methods, nil, nil},
		{"POST", crit + "/faq", []string{metJMK}, []string{metPAK}, nil},
		{"POST", crit + "/note", []string{metJMK}, []string{metPAK}, nil},
		{"GET", "/standards", []string{admin}, nil, nil},
		{"POST", std, []string{admin}, nil, nil}, // empty: 422
	}
	for _, rt := range routes {
		for _, who := range append([]string{anonymous}, everyone...) {
			t.Run(rt.method+" "+rt.path+" as "+who, func(t *testing.T) {
				tryRoute(t, app, who, rt.method, rt.path, rt.form, rt.allowed, rt.missing)
			})
		}
	}
	// The office head came first in the matrix; the caseworker's and the strangers' posts did nothing.
	if got := dbString(t, app, `SELECT coalesce(done_by::text, '') FROM visit_followups WHERE id = $1`, followup); got != userID(t, app, headJMK) {
		t.Fatalf("done by %q, want the office head", got)
	}
}
