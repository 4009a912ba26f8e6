package server_test

import (
	"bytes"
	"context"
	"mime/multipart"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	"hnizdo.cz/hnizdo/internal/auth"
	"hnizdo.cz/hnizdo/internal/oversight"
	"hnizdo.cz/hnizdo/internal/pdf/pdftext"
	"hnizdo.cz/hnizdo/internal/server/servertest"
)

// The oversight tests make their own inspections of Šlapanice (JMK) through the oversight store,
// as the JMK methodologist, and then use the pages. The demo may hold oversight data of its own,
// so assertions are about the tests' own inspections and measures, and counts are compared with
// the lists they link to rather than with fixed numbers.

var ovCtx = context.Background()

// Texts of the fixture's findings and measures; the protocol must carry the findings.
const (
	ovTextA    = "Postup přijímání oznámení není písemně upraven."
	ovTextB    = "Naléhavost oznámení se neposuzuje bez zbytečného odkladu."
	ovMeasureA = "Vydat vnitřní předpis k přijímání oznámení."
	ovMeasureB = "Proškolit pracovníky v posuzování naléhavosti."
	ovOffice   = "Městský úřad Šlapanice"
)

// ovLogins are the demo logins of the oversight matrix.
var ovLogins = []string{metJMK, headJMK, cwJMK, metPAK, headPAK, coordJMK, admin}

// ovOutsiders may not know that anything of Šlapanice's oversight exists: the other region's
// methodologist and head, and JMK's coordinator and administrator, who neither work at the
// office nor oversee the region.
var ovOutsiders = []string{metPAK, headPAK, coordJMK, admin}

func ovUser(t *testing.T, app *servertest.App, email string) *auth.User {
	t.Helper()
	u, err := auth.NewStore(app.Pool, servertest.Cheap).User(ovCtx, int64(dbInt(t, app, `SELECT id FROM users WHERE email = $1`, email)))
	if err != nil {
		t.Fatalf("user %s: %v", email, err)
	}
	return u
}

func ovCriterion(t *testing.T, app *servertest.App, code string) int16 {
	t.Helper()
	return int16(dbInt(t, app, `SELECT id FROM criteria WHERE code = $1`, code))
}

func ovDate(d time.Time) string { return d.Format(time.DateOnly) }

func ovID(id int64) string { return strconv.FormatInt(id, 10) }

func ovInspection(id int64, rest string) string { return "/oversight/inspections/" + ovID(id) + rest }

func ovMeasure(id int64, rest string) string { return "/oversight/measures/" + ovID(id) + rest }

// ovFlow takes inspections of one office through the store as the JMK methodologist, on the
// store's clock.
type ovFlow struct {
	t      *testing.T
	app    *servertest.App
	st     *oversight.Store
	met    *auth.User
	office int64
	today  time.Time
}

func (w ovFlow) day(n int) time.Time { return w.today.AddDate(0, 0, n) }

// plan puts an inspection of the office into this quarter's plan.
func (w ovFlow) plan() int64 {
	w.t.Helper()
	id, err := w.st.Plan(ovCtx, w.met, oversight.PlanInput{OfficeID: w.office, Year: int16(w.today.Year()),
		Quarter: int16((int(w.today.Month())-1)/3 + 1), Kind: oversight.Standards, Team: []int64{w.met.ID}})
	if err != nil {
		w.t.Fatalf("plan: %v", err)
	}
	return id
}

func (w ovFlow) step(id int64, s oversight.Step) {
	w.t.Helper()
	s.Version = int32(dbInt(w.t, w.app, `SELECT version FROM inspections WHERE id = $1`, id))
	if err := w.st.Advance(ovCtx, w.met, id, s); err != nil {
		w.t.Fatalf("inspection %d to %s: %v", id, s.To, err)
	}
}

// notified plans an inspection whose notice was delivered days ago.
func (w ovFlow) notified(days int) int64 {
	w.t.Helper()
	id := w.plan()
	w.step(id, oversight.Step{To: oversight.Notified, Date: w.day(-days)})
	return id
}

// onsite is an inspection notified 20 days ago and on site 15 and 14 days ago.
func (w ovFlow) onsite() int64 {
	w.t.Helper()
	id := w.notified(20)
	w.step(id, oversight.Step{To: oversight.Onsite, From: w.day(-15), Until: w.day(-14)})
	return id
}

func (w ovFlow) assess(id int64, code string, r oversight.Rating, text string) int64 {
	w.t.Helper()
	fid, err := w.st.Assess(ovCtx, w.met, id, ovCriterion(w.t, w.app, code), r, text, 0)
	if err != nil {
		w.t.Fatalf("assess %s: %v", code, err)
	}
	return fid
}

// deliver issues the protocol 12 days ago, delivered 11 days ago: the objection period runs.
func (w ovFlow) deliver(id int64) {
	w.t.Helper()
	w.step(id, oversight.Step{To: oversight.Protocol, Issued: w.day(-12), Delivered: w.day(-11)})
}

func (w ovFlow) measure(finding, responsible int64, due time.Time, text string) int64 {
	w.t.Helper()
	id, err := w.st.AddMeasure(ovCtx, w.met, oversight.MeasureInput{FindingID: finding, ResponsibleID: responsible, Due: due, Description: text})
	if err != nil {
		w.t.Fatalf("measure: %v", err)
	}
	return id
}

// ovFixture is one of each stage of an inspection of Šlapanice, made through the store.
type ovFixture struct {
	app           *servertest.App
	met, head, cw *auth.User
	today         time.Time
	// planned: only in the plan; notified: notice delivered; onsite: inspectors were there, 12a
	// not yet assessed; delivered: protocol delivered with findings 8a (partly met, with an
	// evidence file) and 8b (not met), 2a met, and an objection of the head against 8b.
	planned, notified, onsite, delivered int64
	findA, findB, objection              int64
	findFile, measureFile                int64
	// open: from 8a, the caseworker responsible, with a file; reported: from 8b, reported by
	// the head and waiting for the region.
	open, reported int64
	// late is an inspection of a hundred days ago whose measure lateMeasure is overdue.
	late, lateMeasure int64
}

func newOvFixture(t *testing.T, app *servertest.App) *ovFixture {
	t.Helper()
	f := &ovFixture{app: app, met: ovUser(t, app, metJMK), head: ovUser(t, app, headJMK), cw: ovUser(t, app, cwJMK)}
	office, err := strconv.ParseInt(officeID(t, app, ovOffice), 10, 64)
	if err != nil {
		t.Fatal(err)
	}
	st := oversight.NewStore(app.Pool)
	f.today = oversight.Today(time.Now())
	w := ovFlow{t: t, app: app, st: st, met: f.met, office: office, today: f.today}

	f.planned = w.plan()
	f.notified = w.notified(5)
	f.onsite = w.onsite()
	f.delivered = w.onsite()
	f.findA = w.assess(f.delivered, "8a", oversight.Partly, ovTextA)
	f.findB = w.assess(f.delivered, "8b", oversight.NotMet, ovTextB)
	w.assess(f.delivered, "2a", oversight.Met, "")
	w.deliver(f.delivered)
	if f.findFile, err = st.AttachToFinding(ovCtx, f.met, f.findA, "zaznam-z-kontroly.pdf", smallPDF, 1<<20); err != nil {
		t.Fatalf("finding file: %v", err)
	}
	if f.objection, err = st.Object(ovCtx, f.head, f.delivered, oversight.ObjectionInput{FindingID: f.findB, Filed: w.day(-10),
		Text: "Naléhavost posuzujeme vždy týž den, záznam je ve spisové službě."}); err != nil {
		t.Fatalf("objection: %v", err)
	}
	f.open = w.measure(f.findA, f.cw.ID, w.day(30), ovMeasureA)
	if f.measureFile, err = st.AttachToMeasure(ovCtx, f.cw, f.open, "predpis.pdf", smallPDF, 1<<20); err != nil {
		t.Fatalf("measure file: %v", err)
	}
	f.reported = w.measure(f.findB, f.cw.ID, w.day(40), ovMeasureB)
	if err := st.Report(ovCtx, f.head, f.reported, "Školení proběhlo, prezenční listina je přiložena.", 1); err != nil {
		t.Fatalf("report: %v", err)
	}

	// A hundred days ago the region inspected the office and set a measure due ten days later.
	past := oversight.NewStore(app.Pool)
	past.SetClock(func() time.Time { return time.Now().AddDate(0, 0, -100) })
	pw := ovFlow{t: t, app: app, st: past, met: f.met, office: office, today: oversight.Today(time.Now().AddDate(0, 0, -100))}
	f.late = pw.onsite()
	lateFinding := pw.assess(f.late, "8a", oversight.Partly, ovTextA)
	pw.deliver(f.late)
	f.lateMeasure = pw.measure(lateFinding, f.cw.ID, pw.day(10), ovMeasureA)
	return f
}

func (f *ovFixture) day(n int) string { return ovDate(f.today.AddDate(0, 0, n)) }

func (f *ovFixture) version(t *testing.T, table string, id int64) string {
	t.Helper()
	return strconv.Itoa(dbInt(t, f.app, `SELECT version FROM `+table+` WHERE id = $1`, id))
}

// snapshot is everything a refused request must leave as it was: the fixture's inspections,
// assessments, objections and measures, the oversight history and the stored files.
func (f *ovFixture) snapshot(t *testing.T) string {
	t.Helper()
	ids := []int64{f.planned, f.notified, f.onsite, f.delivered, f.late}
	return dbString(t, f.app, `SELECT concat_ws(' | ',
		(SELECT string_agg(id || ':' || state || ':' || version, ',' ORDER BY id) FROM inspections WHERE id = ANY($1)),
		(SELECT string_agg(id || ':' || rating || ':' || version, ',' ORDER BY id) FROM findings WHERE inspection_id = ANY($1)),
		(SELECT string_agg(id || ':' || coalesce(decision, '-'), ',' ORDER BY id) FROM objections WHERE inspection_id = ANY($1)),
		(SELECT string_agg(id || ':' || state || ':' || version, ',' ORDER BY id) FROM measures WHERE inspection_id = ANY($1)),
		(SELECT count(*) FROM inspections),
		(SELECT count(*) FROM audit_log WHERE object_type IN ('inspection', 'measure')),
		(SELECT count(*) FROM files))`, ids)
}

// refused posts v to path as c, expects status want and checks that nothing changed.
func (f *ovFixture) refused(t *testing.T, what string, c *servertest.Client, path string, v url.Values, want int) *goquery.Document {
	t.Helper()
	before := f.snapshot(t)
	d := expect(t, what, c.PostForm(path, v), want)
	if after := f.snapshot(t); after != before {
		t.Fatalf("%s changed the database:\nbefore %s\nafter  %s", what, before, after)
	}
	return d
}

// ovUpload posts a file as multipart, with the same-origin headers a browser sends.
func ovUpload(t *testing.T, app *servertest.App, c *servertest.Client, path, name string, data []byte) servertest.Response {
	t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	part, err := mw.CreateFormFile("file", name)
	if err != nil {
		t.Fatal(err)
	}
	part.Write(data)
	mw.Close()
	req, _ := http.NewRequest("POST", app.URL+path, &body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.Header.Set("Origin", app.URL)
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	return c.Do(req)
}

// fieldError checks that the page shows key's Czech message next to field.
func ovFieldError(t *testing.T, d *goquery.Document, field, key string) {
	t.Helper()
	want := czech(key)
	if want == key {
		t.Fatalf("message %s has no Czech text", key)
	}
	if got := testid(d, "error-"+field); !strings.Contains(got, want) {
		t.Fatalf("error at %s: %q, want %q", field, got, want)
	}
}

// alert checks that the page's alert is key's Czech message.
func ovAlert(t *testing.T, d *goquery.Document, key string) {
	t.Helper()
	want := czech(key)
	if want == key {
		t.Fatalf("message %s has no Czech text", key)
	}
	if got := testid(d, "alert"); !strings.Contains(got, want) {
		t.Fatalf("alert %q, want %q", got, want)
	}
}

func ovInputValue(d *goquery.Document, field string) string {
	return d.Find("#f-"+field).AttrOr("value", "")
}

func ovSelected(d *goquery.Document, field string) string {
	return d.Find("#f-"+field+" option[selected]").AttrOr("value", "")
}

func ovSquash(s string) string { return strings.Join(strings.Fields(s), "") }

// listRows counts the rows of the table a list page shows, over all its pages.
func ovListRows(t *testing.T, c *servertest.Client, href string) int {
	t.Helper()
	n := 0
	for page := 0; href != ""; page++ {
		if page > 50 {
			t.Fatalf("list %s does not end", href)
		}
		d := expect(t, "list "+href, c.Get(href), http.StatusOK)
		n += d.Find("main table tbody tr").Length()
		href = d.Find(`main a[rel="next"]`).AttrOr("href", "")
	}
	return n
}

// links lists the targets of the links in a page's main part.
func ovLinks(d *goquery.Document) []string {
	var out []string
	d.Find("main a[href]").Each(func(_ int, s *goquery.Selection) { out = append(out, s.AttrOr("href", "")) })
	return out
}

// TestOversightVisibilityHTTP: who sees an inspection of Šlapanice, its checklist, protocol,
// measures and evidence files, at each stage, by direct address; who may act on it; and that a
// refused action changes nothing.
func TestOversightVisibilityHTTP(t *testing.T) {
	t.Parallel()
	app := servertest.Start(t)
	f := newOvFixture(t, app)
	cs := map[string]*servertest.Client{}
	for _, who := range ovLogins {
		cs[who] = app.Login(t, who)
	}
	// get checks the answer of path for each login in want; everyone else of ovLogins gets 404.
	get := func(t *testing.T, path string, want map[string]int) {
		t.Helper()
		for _, who := range ovLogins {
			code, ok := want[who]
			if !ok {
				code = http.StatusNotFound
			}
			res := cs[who].Get(path)
			if res.StatusCode != code {
				t.Errorf("%s GET %s: %d, want %d;%s", who, path, res.StatusCode, code, diagnose(res))
				continue
			}
			if code == http.StatusNotFound && !strings.Contains(res.Body, czech("err.not_found.title")) {
				t.Errorf("%s GET %s: the 404 page is not the Czech one", who, path)
			}
		}
	}
	ok := http.StatusOK
	t.Run("a planned inspection is known to the region's methodologists only", func(t *testing.T) {
		get(t, ovInspection(f.planned, ""), map[string]int{metJMK: ok})
		get(t, ovInspection(f.planned, "/checklist"), map[string]int{metJMK: ok})
		// Before the visit there is no protocol: the methodologist is told so, the rest get 404.
		get(t, ovInspection(f.planned, "/protocol"), map[string]int{metJMK: http.StatusConflict})
		get(t, ovInspection(f.planned, "/protocol.pdf"), map[string]int{metJMK: http.StatusConflict})
	})
	t.Run("a notified inspection shows to the office, its protocol does not", func(t *testing.T) {
		all := map[string]int{metJMK: ok, headJMK: ok, cwJMK: ok}
		get(t, ovInspection(f.notified, ""), all)
		get(t, ovInspection(f.notified, "/checklist"), map[string]int{metJMK: ok})
		get(t, ovInspection(f.notified, "/protocol"), map[string]int{metJMK: http.StatusConflict})
		get(t, ovInspection(f.notified, "/protocol.pdf"), map[string]int{metJMK: http.StatusConflict})
	})
	t.Run("the protocol and the checklist are the region's draft until the protocol is delivered", func(t *testing.T) {
		all := map[string]int{metJMK: ok, headJMK: ok, cwJMK: ok}
		get(t, ovInspection(f.onsite, ""), all)
		get(t, ovInspection(f.onsite, "/checklist"), map[string]int{metJMK: ok})
		get(t, ovInspection(f.onsite, "/protocol"), map[string]int{metJMK: ok})
		get(t, ovInspection(f.onsite, "/protocol.pdf"), map[string]int{metJMK: ok})
		d := expect(t, "draft protocol", cs[metJMK].Get(ovInspection(f.onsite, "/protocol")), ok)
		if testid(d, "draft") == "" {
			t.Error("the protocol of an inspection on site is not marked as a draft")
		}
	})
	t.Run("a delivered inspection, its measures and files show to the office and the region, nobody else", func(t *testing.T) {
		all := map[string]int{metJMK: ok, headJMK: ok, cwJMK: ok}
		for _, path := range []string{ovInspection(f.delivered, ""), ovInspection(f.delivered, "/checklist"),
			ovInspection(f.delivered, "/protocol"), ovInspection(f.delivered, "/protocol.pdf"), ovMeasure(f.open, ""),
			ovMeasure(f.reported, ""), "/oversight/files/" + ovID(f.findFile), "/oversight/files/" + ovID(f.measureFile)} {
			get(t, path, all)
		}
		for _, who := range []string{metJMK, headJMK, cwJMK} {
			for _, file := range []int64{f.findFile, f.measureFile} {
				if res := cs[who].Get("/oversight/files/" + ovID(file)); res.Body != string(smallPDF) {
					t.Errorf("%s downloaded file %d as %d bytes, not the evidence", who, file, len(res.Body))
				}
			}
		}
		d := expect(t, "inspection", cs[headJMK].Get(ovInspection(f.delivered, "")), ok)
		if !strings.Contains(d.Find("main").Text(), ovTextA) || !strings.Contains(d.Find("main").Text(), ovTextB) {
			t.Error("the office's inspection page does not show both findings")
		}
	})
	t.Run("the lists of outsiders do not mention the inspection or its measures", func(t *testing.T) {
		for _, who := range ovOutsiders {
			for _, list := range []string{"/oversight/inspections", "/oversight/measures", "/oversight/plan"} {
				res := cs[who].Get(list)
				if res.StatusCode == http.StatusForbidden {
					continue // the plan is the methodologists' page
				}
				d := expect(t, who+" "+list, res, ok)
				for _, href := range ovLinks(d) {
					for _, mine := range []string{ovInspection(f.delivered, ""), ovInspection(f.notified, ""), ovMeasure(f.open, ""), ovMeasure(f.reported, "")} {
						if href == mine {
							t.Errorf("%s sees %s in %s", who, href, list)
						}
					}
				}
			}
		}
	})

	// The forms of the actions, each filled in so that it would go through for the region's
	// methodologist (who tries them last).
	cid := strconv.Itoa(int(ovCriterion(t, app, "12a")))
	fb := ovID(f.findB)
	ob := ovID(f.objection)
	actions := []struct {
		name, path string
		form       func() url.Values
		oversee    bool // the route asks for the Oversee permission
	}{
		{"step", ovInspection(f.notified, "/step"), func() url.Values {
			return values("to", "onsite", "version", f.version(t, "inspections", f.notified), "onsite_from", f.day(-3), "onsite_to", f.day(-2))
		}, true},
		{"assess", ovInspection(f.onsite, "/checklist/"+cid), func() url.Values {
			return values("c"+cid+"-rating", "met", "c"+cid+"-text", "", "version", "0")
		}, true},
		{"decide", ovInspection(f.delivered, "/objections/"+ob+"/decide"), func() url.Values {
			return values("o"+ob+"-decision", "rejected", "o"+ob+"-reasoning", "Zjištění je doloženo spisovou dokumentací.")
		}, true},
		{"measure", ovInspection(f.delivered, "/findings/"+fb+"/measures"), func() url.Values {
			return values("m"+fb+"-responsible", ovID(f.cw.ID), "m"+fb+"-due", f.day(20), "m"+fb+"-description", "Upravit směrnici o oznámeních.")
		}, true},
		{"return", ovMeasure(f.reported, "/return"), func() url.Values {
			return values("reason", "Chybí doklad o proškolení.", "version", f.version(t, "measures", f.reported))
		}, true},
		{"verify", ovMeasure(f.reported, "/verify"), func() url.Values {
			return values("version", f.version(t, "measures", f.reported))
		}, true},
		{"objection", ovInspection(f.delivered, "/objections"), func() url.Values {
			return values("finding", ovID(f.findA), "filed", f.day(0), "text", "Předpis existuje, jen nebyl předložen.")
		}, false},
		{"report", ovMeasure(f.open, "/report"), func() url.Values {
			return values("report", "Předpis vydán, zaměstnanci proškoleni.", "version", f.version(t, "measures", f.open))
		}, false},
	}
	t.Run("only the region's methodologists act; refused actions change nothing", func(t *testing.T) {
		for _, a := range actions {
			for _, who := range []string{headJMK, cwJMK, coordJMK, admin, headPAK, metPAK} {
				want := http.StatusForbidden
				switch {
				case who == metPAK, !a.oversee && who != headJMK && who != cwJMK:
					// Object-level: nothing of another region's (or office's) exists for them.
					want = http.StatusNotFound
				case !a.oversee:
					continue // the office's own actions are tried below
				}
				d := f.refused(t, who+" "+a.name, cs[who], a.path, a.form(), want)
				if want == http.StatusForbidden && !strings.Contains(d.Text(), "Přístup odepřen") {
					t.Errorf("%s %s: the 403 page is not the Czech one", who, a.name)
				}
			}
		}
		// A caseworker of the office files no objections: the head does.
		f.refused(t, "caseworker objection", cs[cwJMK], actions[6].path, actions[6].form(), http.StatusForbidden)
		// The region does not report for the office, nor attach its evidence.
		f.refused(t, "methodologist report", cs[metJMK], actions[7].path, actions[7].form(), http.StatusForbidden)
		if res := ovUpload(t, app, cs[metJMK], ovMeasure(f.open, "/files"), "dukaz.pdf", smallPDF); res.StatusCode != http.StatusForbidden {
			t.Errorf("methodologist attaching to a measure: %d, want 403", res.StatusCode)
		}
		for _, who := range []string{headJMK, cwJMK, coordJMK, admin, headPAK, metPAK} {
			before := f.snapshot(t)
			want := http.StatusForbidden
			if who == metPAK {
				want = http.StatusNotFound
			}
			if res := ovUpload(t, app, cs[who], "/oversight/findings/"+ovID(f.findA)+"/files", "dukaz.pdf", smallPDF); res.StatusCode != want {
				t.Errorf("%s attaching evidence to a finding: %d, want %d", who, res.StatusCode, want)
			}
			if who != headJMK && who != cwJMK {
				if res := ovUpload(t, app, cs[who], ovMeasure(f.open, "/files"), "dukaz.pdf", smallPDF); res.StatusCode != http.StatusNotFound {
					t.Errorf("%s attaching to a measure: %d, want 404", who, res.StatusCode)
				}
			}
			if after := f.snapshot(t); after != before {
				t.Fatalf("%s's refused upload changed the database:\nbefore %s\nafter  %s", who, before, after)
			}
		}
	})
	t.Run("the region's methodologist takes each step", func(t *testing.T) {
		for _, a := range actions[:5] { // step, assess, decide, measure, return
			expect(t, "methodologist "+a.name, cs[metJMK].PostForm(a.path, a.form()), http.StatusSeeOther)
		}
		got := dbString(t, app, `SELECT concat_ws(',',
			(SELECT state FROM inspections WHERE id = $1),
			(SELECT rating FROM findings WHERE inspection_id = $2 AND criterion_id = $3),
			(SELECT decision FROM objections WHERE id = $4),
			(SELECT count(*) FROM measures WHERE finding_id = $5),
			(SELECT state FROM measures WHERE id = $6))`, f.notified, f.onsite, cid, f.objection, f.findB, f.reported)
		if got != "onsite,met,rejected,2,returned" {
			t.Fatalf("after the methodologist's steps: %s", got)
		}
	})
	t.Run("the office head reports a measure but cannot verify it", func(t *testing.T) {
		expect(t, "head reports", cs[headJMK].PostForm(actions[7].path, actions[7].form()), http.StatusSeeOther)
		if got := dbString(t, app, `SELECT state || ':' || reported_by FROM measures WHERE id = $1`, f.open); got != "reported:"+ovID(f.head.ID) {
			t.Fatalf("after the head's report: %s", got)
		}
		f.refused(t, "head verifies", cs[headJMK], ovMeasure(f.open, "/verify"), values("version", f.version(t, "measures", f.open)), http.StatusForbidden)
		if got := dbString(t, app, `SELECT state FROM measures WHERE id = $1`, f.open); got != "reported" {
			t.Fatalf("after the head's verification: %s", got)
		}
		expect(t, "methodologist verifies", cs[metJMK].PostForm(ovMeasure(f.open, "/verify"), values("version", f.version(t, "measures", f.open))),
			http.StatusSeeOther)
		if got := dbString(t, app, `SELECT state || ':' || verified_by FROM measures WHERE id = $1`, f.open); got != "verified:"+ovID(f.met.ID) {
			t.Fatalf("after the methodologist's verification: %s", got)
		}
	})
}

// TestOversightProtocolPDFHTTP: the protocol PDF is a PDF with the office and both findings.
func TestOversightProtocolPDFHTTP(t *testing.T) {
	t.Parallel()
	app := servertest.Start(t)
	f := newOvFixture(t, app)
	for _, who := range []string{metJMK, headJMK} {
		t.Run("the protocol as "+who+" names the office and both findings", func(t *testing.T) {
			res := app.Login(t, who).Get(ovInspection(f.delivered, "/protocol.pdf"))
			if res.StatusCode != http.StatusOK {
				t.Fatalf("status %d;%s", res.StatusCode, diagnose(res))
			}
			if ct := res.Header.Get("Content-Type"); ct != "application/pdf" {
				t.Fatalf("Content-Type %q", ct)
			}
			if !strings.HasPrefix(res.Body, "%PDF-") {
				t.Fatalf("body starts with %q", res.Body[:min(len(res.Body), 8)])
			}
			text, err := pdftext.Text(strings.NewReader(res.Body), int64(len(res.Body)))
			if err != nil {
				t.Fatal(err)
			}
			for _, want := range []string{ovOffice, ovTextA, ovTextB} {
				if !strings.Contains(ovSquash(text), ovSquash(want)) {
					t.Errorf("the protocol does not contain %q:\n%s", want, text)
				}
			}
		})
	}
}

// TestOversightBadInputHTTP: impossible dates, steps out of order, stale forms, personal data,
// past due dates, an office verifying its own measure and an empty plan entry are refused with
// a Czech message where it belongs, keep what was typed and change nothing.
func TestOversightBadInputHTTP(t *testing.T) {
	t.Parallel()
	app := servertest.Start(t)
	f := newOvFixture(t, app)
	met, head := app.Login(t, metJMK), app.Login(t, headJMK)

	t.Run("on site before the notice is refused at the field", func(t *testing.T) {
		// The notice was delivered five days ago.
		d := f.refused(t, "onsite before notice", met, ovInspection(f.notified, "/step"),
			values("to", "onsite", "version", f.version(t, "inspections", f.notified), "onsite_from", f.day(-7), "onsite_to", f.day(-6)),
			http.StatusUnprocessableEntity)
		ovFieldError(t, d, "onsite_from", "oversight.err.onsite_before_notice")
		if got := ovInputValue(d, "onsite_from") + " " + ovInputValue(d, "onsite_to"); got != f.day(-7)+" "+f.day(-6) {
			t.Errorf("typed dates not kept: %q", got)
		}
	})
	t.Run("a protocol delivered before it was issued is refused at the field", func(t *testing.T) {
		d := f.refused(t, "delivered before issued", met, ovInspection(f.onsite, "/step"),
			values("to", "protocol", "version", f.version(t, "inspections", f.onsite), "protocol_date", f.day(-10),
				"delivered_date", f.day(-12), "objection_days", "15"),
			http.StatusUnprocessableEntity)
		ovFieldError(t, d, "delivered_date", "oversight.err.delivered_before_issued")
		if got := ovInputValue(d, "protocol_date") + " " + ovInputValue(d, "delivered_date"); got != f.day(-10)+" "+f.day(-12) {
			t.Errorf("typed dates not kept: %q", got)
		}
	})
	for _, bad := range []string{"31.2.2026", "2026-02-31"} {
		t.Run("a notice date "+bad+" is not a date", func(t *testing.T) {
			d := f.refused(t, "notice "+bad, met, ovInspection(f.planned, "/step"),
				values("to", "notified", "version", f.version(t, "inspections", f.planned), "notice_date", bad), http.StatusUnprocessableEntity)
			ovFieldError(t, d, "notice_date", "err.date")
			if got := ovInputValue(d, "notice_date"); got != bad {
				t.Errorf("typed date not kept: %q", got)
			}
		})
	}
	t.Run("a step out of order is refused with an alert", func(t *testing.T) {
		d := f.refused(t, "protocol while planned", met, ovInspection(f.planned, "/step"),
			values("to", "protocol", "version", f.version(t, "inspections", f.planned), "protocol_date", f.day(-1), "delivered_date", f.day(0)),
			http.StatusConflict)
		ovAlert(t, d, "oversight.err.step")
		if got := testid(d, "inspection-state"); got != czech("oversight.state.planned") {
			t.Errorf("the page shows state %q", got)
		}
	})
	t.Run("a stale form is refused with an alert and keeps what was typed", func(t *testing.T) {
		v, err := strconv.Atoi(f.version(t, "inspections", f.planned))
		if err != nil {
			t.Fatal(err)
		}
		d := f.refused(t, "stale notice", met, ovInspection(f.planned, "/step"),
			values("to", "notified", "version", strconv.Itoa(v-1), "notice_date", f.day(-1)), http.StatusConflict)
		ovAlert(t, d, "oversight.err.stale")
		if got := ovInputValue(d, "notice_date"); got != f.day(-1) {
			t.Errorf("typed date not kept: %q", got)
		}
		// The form offered again carries the current version, so sending it again goes through.
		if got := d.Find(`[data-testid="step-notified"] input[name="version"]`).AttrOr("value", ""); got != strconv.Itoa(v) {
			t.Errorf("the form offers version %q, want %d", got, v)
		}
	})
	t.Run("a finding with a birth number is refused and the text kept", func(t *testing.T) {
		cid := strconv.Itoa(int(ovCriterion(t, app, "12a")))
		const text = "Ve spisu dítěte 850101/1234 chybí záznam o šetření."
		d := f.refused(t, "birth number", met, ovInspection(f.onsite, "/checklist/"+cid),
			values("c"+cid+"-rating", "partly", "c"+cid+"-text", text, "version", "0"), http.StatusUnprocessableEntity)
		ovFieldError(t, d, "c"+cid+"-text", "oversight.err.personal_data")
		if got := d.Find("#f-c" + cid + "-text").Text(); got != text {
			t.Errorf("typed finding not kept: %q", got)
		}
		if got := ovSelected(d, "c"+cid+"-rating"); got != "partly" {
			t.Errorf("chosen rating not kept: %q", got)
		}
	})
	t.Run("a measure due in the past is refused at the field", func(t *testing.T) {
		fb := ovID(f.findB)
		d := f.refused(t, "past due", met, ovInspection(f.delivered, "/findings/"+fb+"/measures"),
			values("m"+fb+"-responsible", ovID(f.cw.ID), "m"+fb+"-due", f.day(-1), "m"+fb+"-description", "Upravit směrnici o oznámeních."),
			http.StatusUnprocessableEntity)
		ovFieldError(t, d, "m"+fb+"-due", "oversight.err.due_past")
		if got := ovInputValue(d, "m"+fb+"-due"); got != f.day(-1) {
			t.Errorf("typed due date not kept: %q", got)
		}
		if got := ovSelected(d, "m"+fb+"-responsible"); got != ovID(f.cw.ID) {
			t.Errorf("chosen responsible person not kept: %q", got)
		}
		if got := d.Find("#f-m" + fb + "-description").Text(); got != "Upravit směrnici o oznámeních." {
			t.Errorf("typed description not kept: %q", got)
		}
	})
	t.Run("the office head cannot verify the office's own measure", func(t *testing.T) {
		f.refused(t, "head verifies", head, ovMeasure(f.reported, "/verify"), values("version", f.version(t, "measures", f.reported)),
			http.StatusForbidden)
		if got := dbString(t, app, `SELECT state FROM measures WHERE id = $1`, f.reported); got != "reported" {
			t.Fatalf("measure is %s", got)
		}
	})
	t.Run("a plan entry without office and team is refused at both fields", func(t *testing.T) {
		year := strconv.Itoa(f.today.Year())
		d := f.refused(t, "empty plan", met, "/oversight/plan",
			values("office", "", "year", year, "quarter", "4", "kind", "thematic", "subject", "Dohody o výkonu pěstounské péče"),
			http.StatusUnprocessableEntity)
		ovFieldError(t, d, "office", "err.choose")
		ovFieldError(t, d, "team", "oversight.err.team")
		if got := ovInputValue(d, "year") + "|" + ovSelected(d, "quarter") + "|" + ovSelected(d, "kind") + "|" + ovInputValue(d, "subject"); got != year+"|4|thematic|Dohody o výkonu pěstounské péče" {
			t.Errorf("typed plan not kept: %q", got)
		}
	})
	t.Run("the notice date typed is the one stored", func(t *testing.T) {
		// Several inspections, so that a date lost to another field of the form would show.
		st := oversight.NewStore(app.Pool)
		office, _ := strconv.ParseInt(officeID(t, app, ovOffice), 10, 64)
		w := ovFlow{t: t, app: app, st: st, met: f.met, office: office, today: f.today}
		for k := 1; k <= 8; k++ {
			id := w.plan()
			expect(t, "notice", met.PostForm(ovInspection(id, "/step"), values("to", "notified", "version", f.version(t, "inspections", id),
				"notice_date", f.day(-k), "team_sent", "1", "team", ovID(f.met.ID))), http.StatusSeeOther)
			if got := dbString(t, app, `SELECT state || ' ' || notice_date::text FROM inspections WHERE id = $1`, id); got != "notified "+f.day(-k) {
				t.Fatalf("after the notice of %s: %s", f.day(-k), got)
			}
		}
	})
}

// TestOversightDashboardHTTP: every count of the dashboard is the length of the list it links
// to, for a methodologist and for an office head; the fixture's objects are where they count.
func TestOversightDashboardHTTP(t *testing.T) {
	t.Parallel()
	app := servertest.Start(t)
	f := newOvFixture(t, app)
	cases := []struct {
		who    string
		counts []string
		// in: list link → what of the fixture it must list
		in map[string][]string
	}{
		{metJMK, []string{"count-upcoming", "count-running", "count-overdue", "count-waiting", "count-unanswered", "count-questions-overdue"},
			map[string][]string{
				"count-upcoming": {ovInspection(f.planned, ""), ovInspection(f.notified, "")},
				"count-running":  {ovInspection(f.delivered, "")},
				"count-overdue":  {ovMeasure(f.lateMeasure, "")},
				"count-waiting":  {ovMeasure(f.reported, "")},
			}},
		{headJMK, []string{"count-due", "count-overdue", "count-waiting", "count-my-questions", "count-answered"},
			map[string][]string{
				"count-due":     {ovMeasure(f.open, ""), ovMeasure(f.lateMeasure, "")},
				"count-overdue": {ovMeasure(f.lateMeasure, "")},
				"count-waiting": {ovMeasure(f.reported, "")},
			}},
	}
	for _, c := range cases {
		t.Run("the counts of "+c.who+" are the lengths of their lists", func(t *testing.T) {
			cl := app.Login(t, c.who)
			d := expect(t, "dashboard", cl.Get("/oversight"), http.StatusOK)
			var got []string
			d.Find(`[data-testid^="count-"]`).Each(func(_ int, s *goquery.Selection) {
				id := s.AttrOr("data-testid", "")
				got = append(got, id)
				n, err := strconv.Atoi(strings.TrimSpace(s.Find(".count__n").Text()))
				if err != nil {
					t.Errorf("%s: no number: %v", id, err)
					return
				}
				href := s.AttrOr("href", "")
				if rows := ovListRows(t, cl, href); rows != n {
					t.Errorf("%s says %d, its list %s has %d rows", id, n, href, rows)
				}
				if want := c.in[id]; len(want) > 0 {
					page := expect(t, href, cl.Get(href), http.StatusOK)
					listed := ovLinks(page)
					for _, w := range want {
						found := false
						for _, l := range listed {
							found = found || l == w
						}
						if !found {
							t.Errorf("%s's list %s does not link to %s", id, href, w)
						}
					}
				}
			})
			if strings.Join(got, ",") != strings.Join(c.counts, ",") {
				t.Errorf("counts %v, want %v", got, c.counts)
			}
		})
	}
}

// TestOversightMinutesToQuestionHTTP: an agenda item whose minutes mark it as a question for the
// region arrives in the region's queue once, however often the minutes are saved.
func TestOversightMinutesToQuestionHTTP(t *testing.T) {
	t.Parallel()
	app := servertest.Start(t)
	coord := app.Login(t, coordJMK)
	_, items := heldMeeting(t, app, coord, newMeetingForm("Otázky pro kraj: setkání", pragueDay(30, 9, 0)),
		"Lhůty pro šetření oznámení")
	topic := items[0]
	count := func() int { return dbInt(t, app, `SELECT count(*) FROM questions WHERE topic_id = $1`, topic) }
	if n := count(); n != 0 {
		t.Fatalf("%d questions before the minutes", n)
	}
	t.Run("saving the minutes puts the item into the queue as a new question", func(t *testing.T) {
		expect(t, "minutes", coord.PostForm("/topics/"+topic+"/minutes",
			minutesPost(topic, 1, "Praxe úřadů se liší, shoda nebyla.", "", "unresolved", true)), http.StatusSeeOther)
		if n := count(); n != 1 {
			t.Fatalf("%d questions for the item", n)
		}
		if got := dbString(t, app, `SELECT q.state || ':' || q.region_id FROM questions q WHERE q.topic_id = $1`, topic); got != "new:"+regionID(t, app, "JHM") {
			t.Fatalf("question %s", got)
		}
	})
	t.Run("saving them again adds no second question", func(t *testing.T) {
		expect(t, "minutes again", coord.PostForm("/topics/"+topic+"/minutes",
			minutesPost(topic, 2, "Praxe úřadů se liší, shoda nebyla. Doplněno.", "", "unresolved", true)), http.StatusSeeOther)
		if n := count(); n != 1 {
			t.Fatalf("%d questions for the item", n)
		}
		if n := dbInt(t, app, `SELECT count(*) FROM audit_log a JOIN questions q ON q.id = a.object_id
			WHERE a.object_type = 'question' AND a.action = 'question.from_topic' AND q.topic_id = $1`, topic); n != 1 {
			t.Fatalf("%d from_topic entries", n)
		}
	})
}

// TestOversightOddIdsHTTP: a criterion number that does not fit, and an objection of another
// inspection, are refused as not found and change nothing; after a conflict on the checklist the
// form carries the current version, so saving again works.
func TestOversightOddIdsHTTP(t *testing.T) {
	app := servertest.Start(t)
	f := newOvFixture(t, app)
	c := app.Login(t, metJMK)
	// 65539 would wrap around to criterion 3 (2a) in an int16.
	f.refused(t, "criterion 65539", c, ovInspection(f.onsite, "/checklist/65539"),
		url.Values{"c65539-rating": {"not_met"}, "c65539-text": {"Chybí."}, "version": {"0"}}, http.StatusNotFound)

	other := newOvFixture(t, app)
	f.refused(t, "another inspection's objection", c, ovInspection(f.onsite, "/objections/"+ovID(other.objection)+"/decide"),
		url.Values{"o" + ovID(other.objection) + "-decision": {"rejected"}, "o" + ovID(other.objection) + "-reasoning": {"Neodůvodněné."}},
		http.StatusNotFound)

	cid := ovCriterion(t, app, "12a")
	p := "c" + strconv.Itoa(int(cid)) + "-"
	path := ovInspection(f.onsite, "/checklist/"+strconv.Itoa(int(cid)))
	expect(t, "first assessment", c.PostForm(path, url.Values{p + "rating": {"met"}, "version": {"0"}}), http.StatusSeeOther)
	d := expect(t, "stale assessment", c.PostForm(path, url.Values{p + "rating": {"partly"}, p + "text": {"Spisy nejsou úplné."},
		"version": {"0"}}), http.StatusConflict)
	version := d.Find(`#c`+strconv.Itoa(int(cid))+` input[name="version"]`).AttrOr("value", "")
	if text := strings.TrimSpace(d.Find("#f-" + p + "text").Text()); version != "1" || text != "Spisy nejsou úplné." {
		t.Fatalf("after the conflict: version %q, text %q", version, text)
	}
	expect(t, "saving again", c.PostForm(path, url.Values{p + "rating": {"partly"}, p + "text": {"Spisy nejsou úplné."},
		"version": {version}}), http.StatusSeeOther)
	if got := dbString(t, app, `SELECT rating FROM findings WHERE inspection_id = $1 AND criterion_id = $2`, f.onsite, cid); got != "partly" {
		t.Fatalf("rating after saving again: %q", got)
	}
}

// TestMeasureRegisterHTTP: the register shows what is still to be dealt with unless asked for
// another view, and of the measures done only the newest, saying so.
func TestMeasureRegisterHTTP(t *testing.T) {
	t.Parallel()
	app := servertest.Start(t)
	f := newOvFixture(t, app)
	st := oversight.NewStore(app.Pool)
	version := int32(dbInt(t, app, `SELECT version FROM measures WHERE id = $1`, f.reported))
	if err := st.Verify(ovCtx, f.met, f.reported, version); err != nil {
		t.Fatalf("verify: %v", err)
	}
	done := f.reported
	lists := func(t *testing.T, c *servertest.Client, href string, want, not []int64) *goquery.Document {
		t.Helper()
		d := expect(t, href, c.Get(href), http.StatusOK)
		listed := ovLinks(d)
		for _, id := range want {
			if !slices.Contains(listed, ovMeasure(id, "")) {
				t.Errorf("%s does not list measure %d", href, id)
			}
		}
		for _, id := range not {
			if slices.Contains(listed, ovMeasure(id, "")) {
				t.Errorf("%s lists measure %d", href, id)
			}
		}
		return d
	}
	for _, who := range []string{metJMK, headJMK} {
		c := app.Login(t, who)
		t.Run(who+": by default what is still to be dealt with", func(t *testing.T) {
			d := lists(t, c, "/oversight/measures", []int64{f.open, f.lateMeasure}, []int64{done})
			if cur := d.Find(`nav.subnav a[aria-current="page"]`); cur.AttrOr("href", "") != "/oversight/measures" {
				t.Errorf("the current view is %q", cur.AttrOr("href", ""))
			}
			if d.Find(`nav.subnav a[href="/oversight/measures?show=done"]`).Length() != 1 {
				t.Error("no link to the measures done")
			}
		})
		t.Run(who+": the measures done on their own", func(t *testing.T) {
			d := lists(t, c, "/oversight/measures?show=done", []int64{done}, []int64{f.open, f.lateMeasure})
			if d.Find(`[data-testid="capped"]`).Length() != 0 {
				t.Error("a short list says it is cut")
			}
		})
	}

	// Years of measures done, each due after the fixture's.
	office := dbInt(t, app, `SELECT office_id FROM inspections WHERE id = $1`, f.delivered)
	if _, err := app.Pool.Exec(ovCtx, `
		INSERT INTO measures (inspection_id, finding_id, office_id, responsible_id, due, description, state,
			report, reported_at, reported_by, verified_at, verified_by, created_by)
		SELECT $1, $2, $3, $4, current_date + 100 + k, 'Starší opatření.', 'verified', 'Splněno.', now(), $4, now(), $5, $5
		FROM generate_series(1, $6::int) k`,
		f.delivered, f.findA, office, f.cw.ID, f.met.ID, oversight.DoneShown); err != nil {
		t.Fatal(err)
	}
	for _, who := range []string{metJMK, headJMK} {
		c := app.Login(t, who)
		t.Run(who+": only the newest measures done, and the register says so", func(t *testing.T) {
			d := lists(t, c, "/oversight/measures?show=done", nil, []int64{done})
			if n := d.Find("main table tbody tr").Length(); n != oversight.DoneShown {
				t.Errorf("%d rows, want %d", n, oversight.DoneShown)
			}
			want := "Zobrazeno posledních " + strconv.Itoa(oversight.DoneShown) + " splněných opatření"
			if got := d.Find(`[data-testid="capped"]`).Text(); !strings.Contains(got, want) {
				t.Errorf("notice %q, want %q", got, want)
			}
			lists(t, c, "/oversight/measures", []int64{f.open, f.lateMeasure}, nil)
		})
	}
}
