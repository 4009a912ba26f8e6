package server_test

import (
	"context"
	"encoding/csv"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	"hnizdo.cz/hnizdo/internal/i18n"
	"hnizdo.cz/hnizdo/internal/server/servertest"
)

// Demo logins the meetings tests use besides those of notes_test.go.
const (
	cwJMK2 = "marketa.vesela@hnizdo.test"   // caseworker, Šlapanice (JMK): a colleague of cwJMK and headJMK
	cwBrno = "katerina.stastna@hnizdo.test" // caseworker, Brno (JMK): another office of the same region
)

// The meetings tests make their own meetings through the forms; the demo meetings may be in the
// database too, so every assertion is about the test's own meetings and the series they use is
// their own (the demo's "OSPOD sobě" has meetings that would be the previous or next one).

// pragueDay is hh:mm local time, days from today.
func pragueDay(days, hh, mm int) time.Time {
	n := time.Now().In(i18n.Prague)
	return time.Date(n.Year(), n.Month(), n.Day()+days, hh, mm, 0, 0, i18n.Prague)
}

// local writes t as a datetime-local field does.
func local(t time.Time) string { return t.In(i18n.Prague).Format("2006-01-02T15:04") }

// newMeetingForm is the new-meeting form as an organiser fills it in: four hours from start,
// registration until two days and topics until three days before; kv overrides fields.
func newMeetingForm(title string, start time.Time, kv ...string) url.Values {
	v := url.Values{"title": {title},
		"description": {"Setkání pracovníků OSPOD kraje.\n\nSdílení praxe a dotazy na krajský úřad."},
		"venue":       {"Městský úřad Šlapanice, zasedací místnost"}, "address": {"Myslivecká 57, 664 51 Šlapanice"},
		"starts_at": {local(start)}, "ends_at": {local(start.Add(4 * time.Hour))},
		"register_by": {local(start.Add(-48 * time.Hour))}, "topics_by": {local(start.Add(-72 * time.Hour))},
		"capacity": {"40"}, "vote_allowance": {"3"}}
	for i := 0; i+1 < len(kv); i += 2 {
		v.Set(kv[i], kv[i+1])
	}
	return v
}

func values(kv ...string) url.Values {
	v := url.Values{}
	for i := 0; i+1 < len(kv); i += 2 {
		v.Add(kv[i], kv[i+1])
	}
	return v
}

// diagnose says what a page told the user, for failure messages.
func diagnose(res servertest.Response) string {
	out := ""
	if loc := res.Header.Get("Location"); loc != "" {
		out += " Location " + loc
	}
	d, err := goquery.NewDocumentFromReader(strings.NewReader(res.Body))
	if err != nil {
		return out
	}
	for _, id := range []string{"alert", "error-summary", "flash"} {
		if s := testid(d, id); s != "" {
			out += fmt.Sprintf(" %s=%q", id, strings.Join(strings.Fields(s), " "))
		}
	}
	if h := strings.TrimSpace(d.Find("h1").First().Text()); h != "" {
		out += fmt.Sprintf(" h1=%q", h)
	}
	return out
}

// expect checks a response's status and returns its page (nil when it is not HTML).
func expect(t *testing.T, what string, res servertest.Response, want int) *goquery.Document {
	t.Helper()
	if res.StatusCode != want {
		t.Fatalf("%s: status %d, want %d;%s", what, res.StatusCode, want, diagnose(res))
	}
	if strings.HasPrefix(res.Header.Get("Content-Type"), "text/html") {
		return doc(t, res.Body)
	}
	return nil
}

var meetingLocation = regexp.MustCompile(`^/meetings/(\d+)$`)

// createMeeting posts the new-meeting form and returns the new meeting's id.
func createMeeting(t *testing.T, c *servertest.Client, v url.Values) string {
	t.Helper()
	res := c.PostForm("/meetings", v)
	m := meetingLocation.FindStringSubmatch(res.Header.Get("Location"))
	if res.StatusCode != http.StatusSeeOther || m == nil {
		t.Fatalf("create meeting %q: %d;%s", v.Get("title"), res.StatusCode, diagnose(res))
	}
	return m[1]
}

// step takes a lifecycle action through the meeting page's form.
func step(t *testing.T, c *servertest.Client, id, action string, want int, kv ...string) *goquery.Document {
	t.Helper()
	v := values(append([]string{"action", action}, kv...)...)
	return expect(t, action+" meeting "+id, c.PostForm("/meetings/"+id+"/status", v), want)
}

// propose proposes a topic and returns its id.
func propose(t *testing.T, app *servertest.App, c *servertest.Client, id, title string) string {
	t.Helper()
	res := c.PostForm("/meetings/"+id+"/topics", values("title", title, "description", "Popis tématu „"+title+"“."))
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/meetings/"+id+"/topics" {
		t.Fatalf("propose %q: %d;%s", title, res.StatusCode, diagnose(res))
	}
	return strconv.Itoa(dbInt(t, app, `SELECT id FROM topics WHERE meeting_id = $1 AND title = $2`, id, title))
}

// decide accepts or declines a topic.
func decide(t *testing.T, c *servertest.Client, topic, decision string) {
	t.Helper()
	expect(t, decision+" topic "+topic, c.PostForm("/topics/"+topic+"/decide", values("decision", decision)), http.StatusSeeOther)
}

func register(t *testing.T, c *servertest.Client, id string) {
	t.Helper()
	expect(t, "register for "+id, c.PostForm("/meetings/"+id+"/register", nil), http.StatusSeeOther)
}

func vote(t *testing.T, c *servertest.Client, topic string, want int) *goquery.Document {
	t.Helper()
	return expect(t, "vote for "+topic, c.PostForm("/topics/"+topic+"/vote", nil), want)
}

func userID(t *testing.T, app *servertest.App, email string) string {
	t.Helper()
	return strconv.Itoa(dbInt(t, app, `SELECT id FROM users WHERE email = $1`, email))
}

func meetingStatus(t *testing.T, app *servertest.App, id string) string {
	t.Helper()
	return dbString(t, app, `SELECT status FROM meetings WHERE id = $1`, id)
}

// audits counts the timeline entries of meeting id with action.
func audits(t *testing.T, app *servertest.App, id, action string) int {
	t.Helper()
	return dbInt(t, app, `SELECT count(*) FROM audit_log WHERE object_type = 'meeting' AND object_id = $1 AND action = $2`, id, action)
}

// lastAudit is the latest entry of meeting id with action: who, from and to.
func lastAudit(t *testing.T, app *servertest.App, id, action string) (actor, from, to string) {
	t.Helper()
	err := app.Pool.QueryRow(context.Background(), `
		SELECT coalesce(u.email, ''), a.from_state, a.to_state FROM audit_log a LEFT JOIN users u ON u.id = a.actor_id
		WHERE a.object_type = 'meeting' AND a.object_id = $1 AND a.action = $2 ORDER BY a.id DESC LIMIT 1`, id, action).
		Scan(&actor, &from, &to)
	if err != nil {
		t.Fatalf("audit %s of meeting %s: %v", action, id, err)
	}
	return actor, from, to
}

// toPast moves meeting id into the past, as if it had taken place: it started three hours ago,
// and its deadlines were a day before.
func toPast(t *testing.T, app *servertest.App, id string) {
	t.Helper()
	_, err := app.Pool.Exec(context.Background(), `
		UPDATE meetings SET starts_at = now() - interval '3 hours', ends_at = now() - interval '1 hour',
			register_by = now() - interval '1 day', topics_by = now() - interval '1 day' WHERE id = $1`, id)
	if err != nil {
		t.Fatal(err)
	}
}

// regionID is the id of the region with the official abbreviation slug (JHM, PAK, ...).
func regionID(t *testing.T, app *servertest.App, slug string) string {
	t.Helper()
	return strconv.Itoa(dbInt(t, app, `SELECT id FROM regions WHERE slug = $1`, slug))
}

// minutesPost is the minutes of agenda item topic as the minutes handler reads them: the item's
// fields under its prefix ("i12-outcome"), which the handler strips.
func minutesPost(topic string, version int, outcome, decisions, resolution string, forRegion bool) url.Values {
	p := "i" + topic + "-"
	v := values(p+"version", strconv.Itoa(version), p+"outcome", outcome, p+"decisions", decisions, p+"resolution", resolution)
	if forRegion {
		v.Set(p+"for_region", "1")
	}
	return v
}

// heldMeeting creates a meeting with form, opens it, accepts the items into its agenda,
// publishes it, moves it into the past and marks it held. It returns the meeting and item ids.
func heldMeeting(t *testing.T, app *servertest.App, org *servertest.Client, form url.Values, items ...string) (string, []string) {
	t.Helper()
	id := createMeeting(t, org, form)
	step(t, org, id, "open", http.StatusSeeOther)
	var topics []string
	for _, title := range items {
		tid := propose(t, app, org, id, title)
		decide(t, org, tid, "accept")
		topics = append(topics, tid)
	}
	step(t, org, id, "publish", http.StatusSeeOther)
	if d := expect(t, "published meeting", org.Get("/meetings/"+id), http.StatusOK); d.Find(`[data-testid="edit"]`).Length() != 1 {
		t.Fatal("an organiser is not offered to edit a meeting with a published agenda")
	}
	toPast(t, app, id)
	step(t, org, id, "hold", http.StatusSeeOther)
	// Held meetings keep their details: the page offers no edit the server would refuse.
	if d := expect(t, "held meeting", org.Get("/meetings/"+id), http.StatusOK); d.Find(`[data-testid="edit"]`).Length() != 0 {
		t.Fatal("a held meeting offers an edit link")
	}
	return id, topics
}

// meetingFixtures are the meetings the role × route matrix (access_test.go) tries the meetings
// routes on, made through the forms by the JMK methodologist: an open meeting with one proposed
// topic, and a held one with an agenda item that has a follow-up action.
type meetingFixtures struct {
	open, topic, held, item, followUp string
	jmk, pak                          string // region ids
}

func newMeetingFixtures(t *testing.T, app *servertest.App) meetingFixtures {
	t.Helper()
	met := app.Login(t, metJMK)
	var f meetingFixtures
	f.jmk, f.pak = regionID(t, app, "JHM"), regionID(t, app, "PAK")
	f.open = createMeeting(t, met, newMeetingForm("Matice přístupů: otevřené setkání", pragueDay(40, 9, 0)))
	step(t, met, f.open, "open", http.StatusSeeOther)
	f.topic = propose(t, app, met, f.open, "Matice přístupů: téma")
	var items []string
	f.held, items = heldMeeting(t, app, met, newMeetingForm("Matice přístupů: proběhlé setkání", pragueDay(41, 9, 0)),
		"Matice přístupů: bod programu")
	f.item = items[0]
	expect(t, "follow-up", met.PostForm("/topics/"+f.item+"/followups", values("action_text", "Rozeslat zápis", "action_owner", "Martina Horáková")),
		http.StatusSeeOther)
	f.followUp = strconv.Itoa(dbInt(t, app, `SELECT id FROM topic_actions WHERE topic_id = $1`, f.item))
	return f
}

// TestMeetingLifecycleHTTP: a coordinator creates a meeting (bad input first), opens it, cannot
// publish an empty agenda, cancels it with a reason the registrants see; others cannot run it;
// a closed meeting cannot be edited; two organisers editing at once do not overwrite each other.
func TestMeetingLifecycleHTTP(t *testing.T) {
	t.Parallel()
	app := servertest.Start(t)
	coord, cw := app.Login(t, coordJMK), app.Login(t, cwJMK)
	start := pragueDay(60, 9, 0)
	const title = "Setkání OSPOD: novela zákona o sociálně-právní ochraně dětí"
	meetingsBefore := dbInt(t, app, `SELECT count(*) FROM meetings`)
	createdBefore := dbInt(t, app, `SELECT count(*) FROM audit_log WHERE action = 'meeting.create'`)

	expect(t, "new-meeting form", coord.Get("/meetings/new"), http.StatusOK)

	// Bad input: every message at its field, what was typed kept, nothing stored.
	const desc = "Popis, který se nesmí ztratit: ěščřžýáíé."
	bad := newMeetingForm("   ", start, "ends_at", local(start.Add(-time.Hour)), "capacity", "0", "description", desc)
	d := expect(t, "invalid meeting", coord.PostForm("/meetings", bad), http.StatusUnprocessableEntity)
	for field, msg := range map[string]string{"title": "Vyplňte toto pole.", "ends_at": "Konec musí být po začátku.",
		"capacity": "Zadejte počet míst od 1 do 10 000."} {
		if got := testid(d, "error-"+field); !strings.Contains(got, msg) {
			t.Errorf("message at %s: %q, want %q", field, got, msg)
		}
		if d.Find("#f-"+field).Closest(".field").Find(`[data-testid="error-`+field+`"]`).Length() != 1 {
			t.Errorf("the message of %s is not next to its field", field)
		}
		if d.Find(`[data-testid="error-summary"] a[href="#f-`+field+`"]`).Length() != 1 {
			t.Errorf("the error summary does not link to %s", field)
		}
	}
	if got := d.Find("#f-description").Text(); got != desc {
		t.Errorf("description not kept: %q", got)
	}
	for field, want := range map[string]string{"venue": bad.Get("venue"), "starts_at": local(start),
		"ends_at": local(start.Add(-time.Hour)), "capacity": "0", "address": bad.Get("address")} {
		if got := d.Find("#f-"+field).AttrOr("value", ""); got != want {
			t.Errorf("%s not kept: %q, want %q", field, got, want)
		}
	}
	if n := dbInt(t, app, `SELECT count(*) FROM meetings`); n != meetingsBefore {
		t.Fatalf("meetings %d → %d after invalid input", meetingsBefore, n)
	}
	if n := dbInt(t, app, `SELECT count(*) FROM audit_log WHERE action = 'meeting.create'`); n != createdBefore {
		t.Fatal("an invalid meeting was recorded as created")
	}

	// The valid meeting is a draft the coordinator organises.
	id := createMeeting(t, coord, newMeetingForm(title, start))
	href := "/meetings/" + id
	if st := meetingStatus(t, app, id); st != "draft" {
		t.Fatalf("new meeting status %s", st)
	}
	if by := dbString(t, app, `SELECT u.email FROM meetings m JOIN users u ON u.id = m.created_by WHERE m.id = $1`, id); by != coordJMK {
		t.Errorf("created by %s", by)
	}
	if n := dbInt(t, app, `SELECT count(*) FROM meeting_organisers WHERE meeting_id = $1 AND user_id = $2`, id, userID(t, app, coordJMK)); n != 1 {
		t.Error("the creator is not an organiser")
	}
	if got := dbString(t, app, `SELECT to_char(starts_at AT TIME ZONE 'Europe/Prague', 'YYYY-MM-DD"T"HH24:MI') FROM meetings WHERE id = $1`, id); got != local(start) {
		t.Errorf("stored start %s, typed %s (Prague)", got, local(start))
	}
	if actor, _, to := lastAudit(t, app, id, "meeting.create"); actor != coordJMK || to != "draft" {
		t.Errorf("create recorded as %s → %s", actor, to)
	}
	d = expect(t, "draft page", coord.Get(href), http.StatusOK)
	if !strings.Contains(testid(d, "flash"), "Setkání je založené jako koncept") {
		t.Errorf("flash after create: %q", testid(d, "flash"))
	}
	if got := testid(d, "meeting-status"); got != "v přípravě" {
		t.Errorf("status badge %q", got)
	}

	// A draft is the organisers' only: others get 404 and do not see it in the calendar.
	expect(t, "draft as a caseworker", cw.Get(href), http.StatusNotFound)
	if strings.Contains(cw.Get("/meetings").Body, title) {
		t.Error("a caseworker sees the draft in the calendar")
	}
	if !strings.Contains(expect(t, "calendar", coord.Get("/meetings"), http.StatusOK).Find(`[data-testid="upcoming"]`).Text(), title) {
		t.Error("the organiser does not see the draft among upcoming meetings")
	}

	// Open: registration and topics.
	step(t, coord, id, "open", http.StatusSeeOther)
	if st := meetingStatus(t, app, id); st != "open" {
		t.Fatalf("status after open: %s", st)
	}
	if actor, from, to := lastAudit(t, app, id, "meeting.open"); actor != coordJMK || from != "draft" || to != "open" {
		t.Errorf("open recorded as %s %s → %s", actor, from, to)
	}

	// Neither a caseworker nor the methodologist of another region may publish; nothing changes.
	expect(t, "publish by a caseworker", cw.PostForm(href+"/status", values("action", "publish")), http.StatusForbidden)
	expect(t, "publish by another region's methodologist", app.Login(t, metPAK).PostForm(href+"/status", values("action", "publish")),
		http.StatusForbidden)
	// With no accepted topic the agenda cannot be published.
	d = step(t, coord, id, "publish", http.StatusConflict)
	if got := testid(d, "alert"); !strings.Contains(got, "Program je prázdný: nejdřív zařaďte do programu alespoň jedno téma.") {
		t.Errorf("empty agenda message: %q", got)
	}
	// Holding a meeting that is open is a forbidden transition.
	d = step(t, coord, id, "hold", http.StatusConflict)
	if got := testid(d, "alert"); !strings.Contains(got, "V tomto stavu setkání to nelze.") {
		t.Errorf("wrong state message: %q", got)
	}
	if st := meetingStatus(t, app, id); st != "open" {
		t.Fatalf("status after refused actions: %s", st)
	}
	for _, a := range []string{"meeting.publish", "meeting.hold"} {
		if n := audits(t, app, id, a); n != 0 {
			t.Errorf("%d %s entries after refusals", n, a)
		}
	}

	// Cancelling needs a reason.
	d = step(t, coord, id, "cancel", http.StatusUnprocessableEntity, "reason", "  ")
	if got := testid(d, "error-reason"); !strings.Contains(got, "Vyplňte toto pole.") {
		t.Errorf("reason message: %q", got)
	}
	if st := meetingStatus(t, app, id); st != "open" || audits(t, app, id, "meeting.cancel") != 0 {
		t.Fatalf("cancelled without a reason: %s", st)
	}

	// A registrant sees the reason on the meeting and on the home page.
	register(t, cw, id)
	const reason = "Zasedací místnost je v rekonstrukci; setkání přesuneme na jaro."
	step(t, coord, id, "cancel", http.StatusSeeOther, "reason", reason)
	if st := meetingStatus(t, app, id); st != "cancelled" {
		t.Fatalf("status after cancel: %s", st)
	}
	if got := dbString(t, app, `SELECT cancel_reason FROM meetings WHERE id = $1`, id); got != reason {
		t.Errorf("stored reason %q", got)
	}
	if got := dbString(t, app, `SELECT detail->>'reason' FROM audit_log WHERE object_id = $1 AND action = 'meeting.cancel'`, id); got != reason {
		t.Errorf("recorded reason %q", got)
	}
	d = expect(t, "cancelled meeting", cw.Get(href), http.StatusOK)
	if got := testid(d, "cancelled"); !strings.Contains(got, "Setkání je zrušené. Důvod: "+reason) {
		t.Errorf("reason on the meeting page: %q", got)
	}
	d = expect(t, "home", cw.Get("/"), http.StatusOK)
	att := d.Find(`[data-testid="attention"] a[href="` + href + `"]`)
	if !strings.Contains(att.Text(), "Setkání "+title+" bylo zrušeno: "+reason) {
		t.Errorf("home page attention: %q", testid(d, "attention"))
	}
	// Nothing more happens to a cancelled meeting.
	expect(t, "register for a cancelled meeting", app.Login(t, cwJMK2).PostForm(href+"/register", nil), http.StatusConflict)
	step(t, coord, id, "open", http.StatusConflict)
	if st := meetingStatus(t, app, id); st != "cancelled" {
		t.Fatalf("status after reopening a cancelled meeting: %s", st)
	}

	// Two organisers edit the same version: the second save is refused with its input kept.
	other := createMeeting(t, coord, newMeetingForm("Setkání vedoucích OSPOD", pragueDay(70, 9, 0)))
	oh := "/meetings/" + other
	met := app.Login(t, metJMK)
	form := func(c *servertest.Client) url.Values {
		return formValues(expect(t, "edit form", c.Get(oh+"/edit"), http.StatusOK), `form[action="`+oh+`"]`)
	}
	f1, f2 := form(coord), form(met)
	// Another region's methodologist does not even see the draft.
	pakMet := app.Login(t, metPAK)
	expect(t, "draft's edit form for another region's methodologist", pakMet.Get(oh+"/edit"), http.StatusNotFound)
	expect(t, "draft saved by another region's methodologist", pakMet.PostForm(oh, f1), http.StatusNotFound)
	if f1.Get("version") != "1" || f1.Get("title") != "Setkání vedoucích OSPOD" || f1.Get("capacity") != "40" {
		t.Fatalf("edit form: %v", f1)
	}
	f1.Set("title", "Setkání vedoucích OSPOD – jaro")
	f2.Set("title", "Setkání vedoucích OSPOD – text, který nesmí zmizet")
	expect(t, "first edit", coord.PostForm(oh, f1), http.StatusSeeOther)
	d = expect(t, "stale edit", met.PostForm(oh, f2), http.StatusConflict)
	if got := d.Find("#f-title").AttrOr("value", ""); got != f2.Get("title") {
		t.Errorf("the second organiser's title is not kept: %q", got)
	}
	if got := testid(d, "error-title"); !strings.Contains(got, "Mezitím to uložil někdo jiný") {
		t.Errorf("stale message: %q", got)
	}
	if got := dbString(t, app, `SELECT title FROM meetings WHERE id = $1`, other); got != f1.Get("title") {
		t.Fatalf("stored title %q", got)
	}
	// Saving again from the conflict page overwrites, knowingly.
	expect(t, "saving again", met.PostForm(oh, formValues(d, `form[action="`+oh+`"]`)), http.StatusSeeOther)
	if got := dbString(t, app, `SELECT title FROM meetings WHERE id = $1`, other); got != f2.Get("title") {
		t.Fatalf("stored title after saving again %q", got)
	}

	// The meeting cannot be marked held before it starts.
	step(t, coord, other, "open", http.StatusSeeOther)
	// Open, it is visible to another region's methodologist, who still may not edit it.
	expect(t, "edit form for another region's methodologist", pakMet.Get(oh+"/edit"), http.StatusForbidden)
	expect(t, "save by another region's methodologist", pakMet.PostForm(oh, f1), http.StatusForbidden)
	decide(t, coord, propose(t, app, coord, other, "Personální obsazení OSPOD"), "accept")
	step(t, coord, other, "publish", http.StatusSeeOther)
	d = step(t, coord, other, "hold", http.StatusConflict)
	if got := testid(d, "alert"); !strings.Contains(got, "Setkání ještě nezačalo.") {
		t.Errorf("hold before the start: %q", got)
	}
	if st := meetingStatus(t, app, other); st != "agenda" {
		t.Fatalf("status after an early hold: %s", st)
	}

	// A closed meeting cannot be edited: the form is refused and a save changes nothing.
	if _, err := app.Pool.Exec(context.Background(), `UPDATE meetings SET status = 'closed' WHERE id = $1`, other); err != nil {
		t.Fatal(err)
	}
	version := dbInt(t, app, `SELECT version FROM meetings WHERE id = $1`, other)
	saves := audits(t, app, other, "meeting.save")
	d = expect(t, "edit form of a closed meeting", coord.Get(oh+"/edit"), http.StatusConflict)
	if got := testid(d, "alert"); !strings.Contains(got, "V tomto stavu setkání to nelze.") {
		t.Errorf("closed meeting edit form: %q", got)
	}
	edit := newMeetingForm("Uzavřené setkání přejmenované", pragueDay(70, 9, 0), "version", strconv.Itoa(version))
	d = expect(t, "save of a closed meeting", coord.PostForm(oh, edit), http.StatusConflict)
	if got := testid(d, "alert"); !strings.Contains(got, "V tomto stavu setkání to nelze.") {
		t.Errorf("closed meeting save: %q", got)
	}
	if got := dbString(t, app, `SELECT title FROM meetings WHERE id = $1`, other); got != f2.Get("title") {
		t.Errorf("closed meeting renamed to %q", got)
	}
	if v := dbInt(t, app, `SELECT version FROM meetings WHERE id = $1`, other); v != version || audits(t, app, other, "meeting.save") != saves {
		t.Errorf("closed meeting saved: version %d → %d", version, v)
	}
	step(t, coord, other, "cancel", http.StatusConflict, "reason", "Pozdě.")
}

// TestMeetingRegistrationHTTP: registering through the page's forms, an office head registering
// colleagues (of the own office only), regions, the deadline, the capacity race with its
// waiting list, the CSV export and attendance.
func TestMeetingRegistrationHTTP(t *testing.T) {
	t.Parallel()
	app := servertest.Start(t)
	met := app.Login(t, metJMK)
	const title = "Setkání OSPOD Jihomoravského kraje – jaro"
	id := createMeeting(t, met, newMeetingForm(title, pragueDay(45, 9, 0), "capacity", "5"))
	href := "/meetings/" + id
	step(t, met, id, "open", http.StatusSeeOther)
	reg := func(email string) string {
		return dbString(t, app, `SELECT coalesce((SELECT status FROM registrations WHERE meeting_id = $1 AND user_id = $2), '')`,
			id, userID(t, app, email))
	}

	// A caseworker registers through the button on the meeting page.
	cw := app.Login(t, cwJMK)
	d := expect(t, "meeting page", cw.Get(href), http.StatusOK)
	sel := `form[action="` + href + `/register"]`
	if d.Find(sel).Length() == 0 {
		t.Fatal("no register form")
	}
	res := cw.PostForm(href+"/register", formValues(d, sel))
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != href {
		t.Fatalf("register: %d;%s", res.StatusCode, diagnose(res))
	}
	if st := reg(cwJMK); st != "registered" {
		t.Fatalf("registration %q", st)
	}
	d = expect(t, "meeting page", cw.Get(href), http.StatusOK)
	if testid(d, "flash") != "Jste přihlášeni." || testid(d, "my-registration") != "Jste přihlášeni." {
		t.Errorf("after registering: flash %q, status %q", testid(d, "flash"), testid(d, "my-registration"))
	}
	// A double click changes nothing.
	register(t, cw, id)
	if n := dbInt(t, app, `SELECT count(*) FROM registrations WHERE meeting_id = $1`, id); n != 1 || audits(t, app, id, "meeting.register") != 1 {
		t.Errorf("double registration: %d rows, %d entries", n, audits(t, app, id, "meeting.register"))
	}
	if got := expect(t, "home", cw.Get("/"), http.StatusOK).Find(`[data-testid="my-meetings"] li`).FilterFunction(func(_ int, s *goquery.Selection) bool {
		return strings.Contains(s.Text(), title)
	}); !strings.Contains(got.Text(), "jste přihlášeni") {
		t.Errorf("home page my meetings: %q", got.Text())
	}
	// Unregistering through its button, and back.
	res = cw.PostForm(href+"/unregister", formValues(d, `form[action="`+href+`/unregister"]`))
	expect(t, "unregister", res, http.StatusSeeOther)
	if st := reg(cwJMK); st != "cancelled" {
		t.Fatalf("after unregistering: %q", st)
	}
	if expect(t, "meeting page", cw.Get(href), http.StatusOK).Find(sel).Length() != 1 {
		t.Error("no register form after unregistering")
	}
	register(t, cw, id)

	// An office head registers a colleague of the office, but nobody else.
	head := app.Login(t, headJMK)
	marketa, katerina, eva := userID(t, app, cwJMK2), userID(t, app, cwBrno), userID(t, app, headJMK)
	d = expect(t, "head's page", head.Get(href), http.StatusOK)
	row := d.Find(`[data-testid="colleagues"] tr`).FilterFunction(func(_ int, s *goquery.Selection) bool {
		return strings.Contains(s.Text(), "Markéta Veselá")
	})
	if !strings.Contains(row.Text(), "nepřihlášen(a)") || row.Find(`input[name="user"]`).AttrOr("value", "") != marketa {
		t.Fatalf("colleague row: %q", strings.Join(strings.Fields(row.Text()), " "))
	}
	expect(t, "head registers a colleague", head.PostForm(href+"/register", formValues(d, `[data-testid="colleagues"] tr:contains("Markéta Veselá") form`)),
		http.StatusSeeOther)
	if st, by := reg(cwJMK2), dbString(t, app, `SELECT registered_by::text FROM registrations WHERE meeting_id = $1 AND user_id = $2`, id, marketa); st != "registered" || by != eva {
		t.Fatalf("colleague registration %q by %q", st, by)
	}
	if got := expect(t, "head's page", head.Get(href), http.StatusOK).Find(`[data-testid="colleagues"] tr:contains("Markéta Veselá")`).Text(); !strings.Contains(got, "přihlášen(a)") {
		t.Errorf("colleague status after registering: %q", got)
	}
	expect(t, "head registers someone of another office", head.PostForm(href+"/register", values("user", katerina)), http.StatusForbidden)
	expect(t, "caseworker registers a colleague", cw.PostForm(href+"/register", values("user", eva)), http.StatusForbidden)
	expect(t, "caseworker unregisters a colleague", cw.PostForm(href+"/unregister", values("user", marketa)), http.StatusForbidden)
	if reg(cwBrno) != "" || reg(headJMK) != "" || reg(cwJMK2) != "registered" {
		t.Fatalf("refused registrations changed something: %q %q %q", reg(cwBrno), reg(headJMK), reg(cwJMK2))
	}

	// Another region's staff cannot register, unless the meeting is open to all.
	pak := app.Login(t, headPAK)
	d = expect(t, "PAK head's page", pak.Get(href), http.StatusOK)
	if got := testid(d, "register-note"); got != "Setkání je určené pracovníkům jiného kraje." || d.Find(sel).Length() != 0 {
		t.Errorf("other region: note %q, register forms %d", got, d.Find(sel).Length())
	}
	d = expect(t, "PAK head registers", pak.PostForm(href+"/register", nil), http.StatusConflict)
	if got := testid(d, "alert"); got != "Setkání je jen pro pracovníky jiného kraje." {
		t.Errorf("other region message %q", got)
	}
	if reg(headPAK) != "" {
		t.Fatal("registered from another region")
	}
	f := formValues(expect(t, "edit form", met.Get(href+"/edit"), http.StatusOK), `form[action="`+href+`"]`)
	f.Set("open_to_all", "1")
	expect(t, "open to all", met.PostForm(href, f), http.StatusSeeOther)
	if dbString(t, app, `SELECT open_to_all::text FROM meetings WHERE id = $1`, id) != "true" {
		t.Fatal("not open to all after the edit")
	}
	register(t, pak, id)
	if st := reg(headPAK); st != "registered" {
		t.Fatalf("PAK head after opening to all: %q", st)
	}

	// Organisers only: the participant list as CSV for Excel.
	res = met.Get(href + "/participants.csv")
	if res.StatusCode != http.StatusOK || res.Header.Get("Content-Type") != "text/csv; charset=utf-8" {
		t.Fatalf("csv: %d %q", res.StatusCode, res.Header.Get("Content-Type"))
	}
	if cd := res.Header.Get("Content-Disposition"); !strings.HasPrefix(cd, "attachment;") || !strings.Contains(cd, ".csv") {
		t.Errorf("csv disposition %q", cd)
	}
	rows := readCSV(t, res.Body)
	if len(rows) != 4 || strings.Join(rows[0], "|") != "Jméno|E-mail|Úřad|Kraj|Stav|Přihlášen(a)|Pořadí na čekací listině|Účast" {
		t.Fatalf("csv rows: %q", rows)
	}
	byName := map[string][]string{}
	for _, r := range rows[1:] {
		byName[r[0]] = r
	}
	for name, office := range map[string]string{"Jana Nováková": "Městský úřad Šlapanice", "Markéta Veselá": "Městský úřad Šlapanice",
		"Petra Svobodová": "Městský úřad Žamberk"} {
		if r := byName[name]; r == nil || r[2] != office || r[4] != "přihlášen(a)" {
			t.Errorf("csv row of %s: %q", name, r)
		}
	}
	for _, who := range []string{cwJMK, headJMK, metPAK} {
		c := app.Login(t, who)
		expect(t, "csv for "+who, c.Get(href+"/participants.csv"), http.StatusForbidden)
		expect(t, "participants for "+who, c.Get(href+"/participants"), http.StatusForbidden)
	}

	// After the deadline nobody registers.
	if _, err := app.Pool.Exec(context.Background(), `UPDATE meetings SET register_by = now() - interval '1 minute' WHERE id = $1`, id); err != nil {
		t.Fatal(err)
	}
	brno := app.Login(t, cwBrno)
	d = expect(t, "register after the deadline", brno.PostForm(href+"/register", nil), http.StatusConflict)
	if got := testid(d, "alert"); got != "Přihlašování na setkání už skončilo." {
		t.Errorf("deadline message %q", got)
	}
	if got := testid(d, "register-note"); got != "Přihlašování na toto setkání není otevřené." {
		t.Errorf("deadline note %q", got)
	}
	if reg(cwBrno) != "" {
		t.Fatal("registered after the deadline")
	}

	// Attendance is marked once the meeting is held, not before.
	present := values("attended", userID(t, app, cwJMK), "attended", userID(t, app, headPAK))
	d = expect(t, "attendance before held", met.PostForm(href+"/attendance", present), http.StatusConflict)
	if got := testid(d, "alert"); got != "V tomto stavu setkání to nelze." {
		t.Errorf("attendance before held: %q", got)
	}
	toPast(t, app, id)
	if _, err := app.Pool.Exec(context.Background(), `UPDATE meetings SET status = 'held' WHERE id = $1`, id); err != nil {
		t.Fatal(err)
	}
	d = expect(t, "participants", met.Get(href+"/participants"), http.StatusOK)
	if n := d.Find(`[data-testid="participants"] input[name="attended"]`).Length(); n != 3 {
		t.Errorf("%d attendance boxes, want 3", n)
	}
	expect(t, "attendance by another region's methodologist", app.Login(t, metPAK).PostForm(href+"/attendance", present), http.StatusForbidden)
	if n := dbInt(t, app, `SELECT count(*) FROM registrations WHERE meeting_id = $1 AND attended IS NOT NULL`, id); n != 0 {
		t.Fatal("attendance marked by a refused request")
	}
	expect(t, "attendance", met.PostForm(href+"/attendance", present), http.StatusSeeOther)
	for email, want := range map[string]string{cwJMK: "true", headPAK: "true", cwJMK2: "false"} {
		if got := dbString(t, app, `SELECT coalesce(attended::text, 'null') FROM registrations WHERE meeting_id = $1 AND user_id = $2`,
			id, userID(t, app, email)); got != want {
			t.Errorf("attended of %s: %s, want %s", email, got, want)
		}
	}
	if got := dbString(t, app, `SELECT detail::text FROM audit_log WHERE object_id = $1 AND action = 'meeting.attendance'`, id); got != `{"absent": 1, "present": 2}` {
		t.Errorf("attendance recorded as %s", got)
	}
	d = expect(t, "participants", met.Get(href+"/participants"), http.StatusOK)
	if _, ok := d.Find("#att-" + userID(t, app, cwJMK)).Attr("checked"); !ok {
		t.Error("attendance of Jana Nováková not shown")
	}
	if _, ok := d.Find("#att-" + marketa).Attr("checked"); ok {
		t.Error("Markéta Veselá shown as present")
	}
	rows = readCSV(t, met.Get(href+"/participants.csv").Body)
	for _, r := range rows[1:] {
		want := map[string]string{"Jana Nováková": "ano", "Petra Svobodová": "ano", "Markéta Veselá": "ne"}[r[0]]
		if r[7] != want {
			t.Errorf("csv attendance of %s: %q, want %q", r[0], r[7], want)
		}
	}
}

func hasAttr(s *goquery.Selection, name string) bool {
	_, ok := s.Attr(name)
	return ok
}

// readCSV checks that body is what Czech Excel opens as it is — UTF-8 with a byte order mark,
// semicolons, CRLF — and returns its rows.
func readCSV(t *testing.T, body string) [][]string {
	t.Helper()
	if !strings.HasPrefix(body, "\uFEFF") {
		t.Fatalf("csv without a byte order mark: %q", body[:min(len(body), 20)])
	}
	if strings.Count(body, "\n") != strings.Count(body, "\r\n") {
		t.Error("csv lines do not end with CRLF")
	}
	r := csv.NewReader(strings.NewReader(strings.TrimPrefix(body, "\uFEFF")))
	r.Comma = ';'
	rows, err := r.ReadAll()
	if err != nil {
		t.Fatalf("csv: %v", err)
	}
	return rows
}

// TestMeetingRegistrationRace: twelve people register at the same moment for three places;
// exactly three get them, nine wait in order, and a cancellation promotes the first waiting.
func TestMeetingRegistrationRace(t *testing.T) {
	t.Parallel()
	app := servertest.Start(t)
	ctx := context.Background()
	met := app.Login(t, metJMK)
	id := createMeeting(t, met, newMeetingForm("Setkání s omezenou kapacitou", pragueDay(50, 9, 0), "capacity", "3"))
	href := "/meetings/" + id
	step(t, met, id, "open", http.StatusSeeOther)

	// Twelve staff of JMK offices, with the demo password, so they log in through the form.
	type person struct {
		id string
		c  *servertest.Client
	}
	var people []person
	for i := 1; i <= 12; i++ {
		email := fmt.Sprintf("zavod%02d@hnizdo.test", i)
		var uid int64
		err := app.Pool.QueryRow(ctx, `
			INSERT INTO users (email, name, office_id, roles, password_hash)
			SELECT $1, $2, (SELECT o.id FROM offices o JOIN regions r ON r.id = o.region_id WHERE r.slug = 'JHM' ORDER BY o.id OFFSET $3 LIMIT 1),
				ARRAY['caseworker'], password_hash FROM users WHERE email = $4
			RETURNING id`, email, fmt.Sprintf("Účastnice Závodu %d", i), i%5, cwJMK).Scan(&uid)
		if err != nil {
			t.Fatal(err)
		}
		people = append(people, person{strconv.FormatInt(uid, 10), app.Login(t, email)})
	}

	statuses := make([]int, len(people))
	var wg sync.WaitGroup
	for i, p := range people {
		wg.Add(1)
		go func() {
			defer wg.Done()
			statuses[i] = p.c.PostForm(href+"/register", nil).StatusCode
		}()
	}
	wg.Wait()
	for _, s := range statuses {
		if s != http.StatusSeeOther {
			t.Fatalf("statuses %v", statuses)
		}
	}
	count := func(status string) int {
		return dbInt(t, app, `SELECT count(*) FROM registrations WHERE meeting_id = $1 AND status = $2`, id, status)
	}
	if r, w := count("registered"), count("waiting"); r != 3 || w != 9 {
		t.Fatalf("registered %d, waiting %d; want 3 and 9", r, w)
	}
	if n := audits(t, app, id, "meeting.register"); n != 12 {
		t.Errorf("%d registrations recorded", n)
	}

	// Each waiting person sees their place on the list.
	rows, err := app.Pool.Query(ctx, `SELECT user_id::text FROM registrations WHERE meeting_id = $1 AND status = 'waiting' ORDER BY queued_at, user_id`, id)
	if err != nil {
		t.Fatal(err)
	}
	var queue []string
	for rows.Next() {
		var s string
		rows.Scan(&s)
		queue = append(queue, s)
	}
	client := map[string]*servertest.Client{}
	for _, p := range people {
		client[p.id] = p.c
	}
	if got := testid(expect(t, "second waiting", client[queue[1]].Get(href), http.StatusOK), "my-registration"); got != "Jste na čekací listině, na 2. místě." {
		t.Errorf("second on the waiting list sees %q", got)
	}

	// One of the registered cancels: the first waiting moves up, the rest move up a place.
	leaver := dbString(t, app, `SELECT user_id::text FROM registrations WHERE meeting_id = $1 AND status = 'registered' ORDER BY user_id LIMIT 1`, id)
	expect(t, "cancel", client[leaver].PostForm(href+"/unregister", nil), http.StatusSeeOther)
	if r, w := count("registered"), count("waiting"); r != 3 || w != 8 {
		t.Fatalf("after a cancellation: registered %d, waiting %d; want 3 and 8", r, w)
	}
	if st := dbString(t, app, `SELECT status FROM registrations WHERE meeting_id = $1 AND user_id = $2`, id, queue[0]); st != "registered" {
		t.Fatalf("the first waiting is %s", st)
	}
	if got := dbString(t, app, `SELECT detail->>'user' FROM audit_log WHERE object_id = $1 AND action = 'meeting.promote'`, id); got != queue[0] {
		t.Errorf("promotion recorded for %s, want %s", got, queue[0])
	}
	if got := testid(expect(t, "promoted", client[queue[0]].Get(href), http.StatusOK), "my-registration"); got != "Jste přihlášeni." {
		t.Errorf("the promoted person sees %q", got)
	}
	if got := testid(expect(t, "was second", client[queue[1]].Get(href), http.StatusOK), "my-registration"); got != "Jste na čekací listině, na 1. místě." {
		t.Errorf("the next waiting sees %q", got)
	}
	if got := testid(expect(t, "participants", met.Get(href+"/participants"), http.StatusOK), "counts"); got != "přihlášeno 3 z 3, na čekací listině 8" {
		t.Errorf("participant counts %q", got)
	}

	// The capacity cannot drop below the registered; raised, it promotes the next two in order.
	edit := func() url.Values {
		return formValues(expect(t, "edit form", met.Get(href+"/edit"), http.StatusOK), `form[action="`+href+`"]`)
	}
	f := edit()
	f.Set("capacity", "2")
	d := expect(t, "capacity below the registered", met.PostForm(href, f), http.StatusUnprocessableEntity)
	if got := testid(d, "error-capacity"); !strings.Contains(got, "Kapacitu nelze snížit pod počet už přihlášených.") {
		t.Errorf("capacity message %q", got)
	}
	if got := d.Find("#f-capacity").AttrOr("value", ""); got != "2" {
		t.Errorf("capacity not kept: %q", got)
	}
	if n := dbInt(t, app, `SELECT capacity FROM meetings WHERE id = $1`, id); n != 3 {
		t.Fatalf("capacity %d after a refused edit", n)
	}
	f = edit()
	f.Set("capacity", "5")
	expect(t, "raise the capacity", met.PostForm(href, f), http.StatusSeeOther)
	if r, w := count("registered"), count("waiting"); r != 5 || w != 6 {
		t.Fatalf("after raising the capacity: registered %d, waiting %d; want 5 and 6", r, w)
	}
	for _, uid := range queue[1:3] {
		if st := dbString(t, app, `SELECT status FROM registrations WHERE meeting_id = $1 AND user_id = $2`, id, uid); st != "registered" {
			t.Errorf("waiting %s not promoted by the new places: %s", uid, st)
		}
	}
	if n := audits(t, app, id, "meeting.promote"); n != 3 {
		t.Errorf("%d promotions recorded, want 3", n)
	}
}

// TestMeetingTopicsHTTP: proposing (bad input first), voting up to the allowance, a vote race,
// merging duplicates without double counting, accepting, scheduling (bad time first),
// publishing and the printable agenda.
func TestMeetingTopicsHTTP(t *testing.T) {
	t.Parallel()
	app := servertest.Start(t)
	met := app.Login(t, metJMK)
	id := createMeeting(t, met, newMeetingForm("Setkání OSPOD: témata a hlasování", pragueDay(30, 9, 0)))
	href := "/meetings/" + id
	step(t, met, id, "open", http.StatusSeeOther)
	cw, marketa, katerina := app.Login(t, cwJMK), app.Login(t, cwJMK2), app.Login(t, cwBrno)
	for _, c := range []*servertest.Client{cw, marketa, katerina} {
		register(t, c, id)
	}
	topicCount := func() int { return dbInt(t, app, `SELECT count(*) FROM topics WHERE meeting_id = $1`, id) }

	// Only participants propose.
	d := expect(t, "propose unregistered", app.Login(t, headJMK).PostForm(href+"/topics", values("title", "Téma nepřihlášené")), http.StatusConflict)
	if got := testid(d, "alert"); !strings.Contains(got, "Témata navrhují a hlasují přihlášení účastníci a organizátoři.") {
		t.Errorf("unregistered proposal: %q", got)
	}
	// Bad input: the message at the field, the input kept, nothing stored.
	area := strconv.Itoa(dbInt(t, app, `SELECT id FROM areas ORDER BY position DESC LIMIT 1`))
	const desc = "Jak postupovat, když rodiče nespolupracují – popis s háčky ěščř."
	d = expect(t, "invalid topic", cw.PostForm(href+"/topics", values("title", "  ", "description", desc, "area", area)), http.StatusUnprocessableEntity)
	if got := testid(d, "error-title"); !strings.Contains(got, "Vyplňte toto pole.") {
		t.Errorf("title message %q", got)
	}
	if got := d.Find("#f-description").Text(); got != desc {
		t.Errorf("description not kept: %q", got)
	}
	if got := d.Find("#f-area option[selected]").AttrOr("value", ""); got != area {
		t.Errorf("area not kept: %q", got)
	}
	if n := topicCount(); n != 0 {
		t.Fatalf("%d topics stored from invalid input", n)
	}

	titles := []string{"Případové konference: kdo je svolává", "Případové konference – svolávání a vedení",
		"Zaškolení nových pracovníků", "Spolupráce se školami", "Rodičovský plán v praxi", "Intervize v malých týmech"}
	var ts []string
	for i, title := range titles {
		by := cw
		if i == 1 {
			by = katerina
		}
		ts = append(ts, propose(t, app, by, id, title))
	}
	if n := audits(t, app, id, "meeting.propose"); n != 6 {
		t.Errorf("%d proposals recorded", n)
	}
	votesOf := func(email string) int {
		return dbInt(t, app, `SELECT count(*) FROM topic_votes WHERE meeting_id = $1 AND user_id = $2`, id, userID(t, app, email))
	}

	// Voting: one vote per topic, three in all.
	vote(t, cw, ts[0], http.StatusSeeOther)
	vote(t, cw, ts[1], http.StatusSeeOther)
	d = vote(t, cw, ts[0], http.StatusConflict)
	if got := testid(d, "alert"); got != "Pro toto téma už jste hlasovali." {
		t.Errorf("double vote: %q", got)
	}
	vote(t, cw, ts[2], http.StatusSeeOther)
	d = vote(t, cw, ts[3], http.StatusConflict)
	if got := testid(d, "alert"); !strings.HasPrefix(got, "Už jste rozdali všechny své hlasy.") {
		t.Errorf("fourth vote: %q", got)
	}
	if n := votesOf(cwJMK); n != 3 {
		t.Fatalf("%d votes, want 3", n)
	}
	d = expect(t, "topics", cw.Get(href+"/topics"), http.StatusOK)
	if got := testid(d, "votes-left"); got != "Zbývá vám 0 z 3 hlasů." {
		t.Errorf("votes left %q", got)
	}
	if d.Find(`[data-testid="vote"]`).Length() != 0 || d.Find(`[data-testid="unvote"]`).Length() != 3 {
		t.Errorf("buttons with no votes left: vote %d, unvote %d", d.Find(`[data-testid="vote"]`).Length(), d.Find(`[data-testid="unvote"]`).Length())
	}
	// A withdrawn vote can be given elsewhere, through the topic's own button.
	expect(t, "unvote", cw.PostForm("/topics/"+ts[2]+"/unvote", formValues(d, `form[action="/topics/`+ts[2]+`/unvote"]`)), http.StatusSeeOther)
	vote(t, cw, ts[3], http.StatusSeeOther)
	if n := votesOf(cwJMK); n != 3 || audits(t, app, id, "meeting.vote") != 4 || audits(t, app, id, "meeting.unvote") != 1 {
		t.Fatalf("after moving a vote: %d votes", n)
	}

	// The vote race: six votes at once, three go through.
	statuses := make([]int, len(ts))
	var wg sync.WaitGroup
	for i, tid := range ts {
		wg.Add(1)
		go func() {
			defer wg.Done()
			statuses[i] = marketa.PostForm("/topics/"+tid+"/vote", nil).StatusCode
		}()
	}
	wg.Wait()
	won := 0
	for _, s := range statuses {
		switch s {
		case http.StatusSeeOther:
			won++
		case http.StatusConflict:
		default:
			t.Fatalf("parallel votes: %v", statuses)
		}
	}
	if n := votesOf(cwJMK2); n != 3 || won != 3 {
		t.Fatalf("parallel votes: %d stored, %d accepted (%v); want 3", n, won, statuses)
	}
	vote(t, katerina, ts[1], http.StatusSeeOther)
	vote(t, katerina, ts[4], http.StatusSeeOther)

	// Merging the duplicate: its votes move without counting anyone twice.
	voters := func(topic string) []string {
		rows, err := app.Pool.Query(context.Background(), `SELECT user_id::text FROM topic_votes WHERE topic_id = $1 ORDER BY user_id`, topic)
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for rows.Next() {
			var s string
			rows.Scan(&s)
			out = append(out, s)
		}
		return out
	}
	union := slices.Compact(slices.Sorted(slices.Values(append(voters(ts[0]), voters(ts[1])...))))
	moved := len(union) - len(voters(ts[0]))
	totalBefore := dbInt(t, app, `SELECT count(*) FROM topic_votes WHERE meeting_id = $1`, id)
	both := len(voters(ts[0])) + len(voters(ts[1])) - len(union)
	if both == 0 {
		t.Fatal("the test needs someone who voted for both duplicates")
	}
	// Non-organisers cannot merge; the same topic twice is refused with a message.
	mergeForm := values("dup", ts[1], "into", ts[0])
	expect(t, "merge by a caseworker", cw.PostForm(href+"/merge", mergeForm), http.StatusForbidden)
	expect(t, "merge by another region", app.Login(t, metPAK).PostForm(href+"/merge", mergeForm), http.StatusForbidden)
	d = expect(t, "merge into itself", met.PostForm(href+"/merge", values("dup", ts[0], "into", ts[0])), http.StatusUnprocessableEntity)
	if got := testid(d, "error-into"); !strings.Contains(got, "Vyberte dvě různá témata") {
		t.Errorf("merge into itself: %q", got)
	}
	if n := dbInt(t, app, `SELECT count(*) FROM topics WHERE meeting_id = $1 AND status = 'merged'`, id); n != 0 {
		t.Fatal("merged by a refused request")
	}
	d = expect(t, "topics as organiser", met.Get(href+"/topics"), http.StatusOK)
	f := formValues(d, `form[action="`+href+`/merge"]`)
	f.Set("dup", ts[1])
	f.Set("into", ts[0])
	expect(t, "merge", met.PostForm(href+"/merge", f), http.StatusSeeOther)
	if got := voters(ts[0]); !slices.Equal(got, union) {
		t.Errorf("voters of the survivor %v, want %v", got, union)
	}
	if n := len(voters(ts[1])); n != 0 {
		t.Errorf("the duplicate keeps %d votes", n)
	}
	if n := dbInt(t, app, `SELECT count(*) FROM topic_votes WHERE meeting_id = $1`, id); n != totalBefore-both {
		t.Errorf("votes in the meeting %d → %d, want %d", totalBefore, n, totalBefore-both)
	}
	if st, into := dbString(t, app, `SELECT status FROM topics WHERE id = $1`, ts[1]), dbString(t, app, `SELECT merged_into::text FROM topics WHERE id = $1`, ts[1]); st != "merged" || into != ts[0] {
		t.Errorf("duplicate %s into %s", st, into)
	}
	if got := dbString(t, app, `SELECT detail->>'votes_moved' FROM audit_log WHERE object_id = $1 AND action = 'meeting.merge'`, id); got != strconv.Itoa(moved) {
		t.Errorf("votes moved recorded as %s, want %d", got, moved)
	}
	if n := votesOf(cwJMK); n != 2 {
		t.Errorf("the caseworker who voted for both has %d votes, want 2", n)
	}
	// The live ranking: by votes; the merged topic last, saying where it went.
	d = expect(t, "topics", cw.Get(href+"/topics"), http.StatusOK)
	if got := testid(d, "votes-left"); got != "Zbývá vám 1 z 3 hlasů." {
		t.Errorf("votes left after the merge: %q", got)
	}
	items := d.Find(`[data-testid="topics"] > li`)
	if items.Length() != 6 {
		t.Fatalf("%d topics in the ranking", items.Length())
	}
	last := -1
	items.Each(func(i int, s *goquery.Selection) {
		n, _ := strconv.Atoi(strings.TrimSpace(s.Find(".topic__votes").Text()))
		if s.AttrOr("data-status", "") == "merged" {
			if i != 5 {
				t.Errorf("the merged topic is %d. in the ranking", i+1)
			}
			return
		}
		if last >= 0 && n > last {
			t.Errorf("ranking not by votes at %d: %d after %d", i+1, n, last)
		}
		last = n
	})
	survivor := d.Find(`[data-testid="topic-` + ts[0] + `"]`)
	if got := strings.TrimSpace(survivor.Find(".topic__votes").Text()); got != strconv.Itoa(len(union)) {
		t.Errorf("the survivor shows %s votes, want %d", got, len(union))
	}
	if got := strings.TrimSpace(d.Find(`[data-testid="topic-` + ts[1] + `"]`).Text()); !strings.Contains(got, "Sloučeno do tématu „"+titles[0]+"“.") {
		t.Errorf("the merged topic says %q", got)
	}

	// Accepting and declining through the topic buttons; declined topics stay visible. Another
	// region's methodologist may do neither.
	pakMet := app.Login(t, metPAK)
	expect(t, "accept by another region", pakMet.PostForm("/topics/"+ts[0]+"/decide", values("decision", "accept")), http.StatusForbidden)
	expect(t, "schedule by another region", pakMet.PostForm(href+"/schedule", nil), http.StatusForbidden)
	if n := dbInt(t, app, `SELECT count(*) FROM topics WHERE meeting_id = $1 AND status = 'accepted'`, id); n != 0 {
		t.Fatal("accepted by a refused request")
	}
	d = expect(t, "topics as organiser", met.Get(href+"/topics"), http.StatusOK)
	for _, x := range []struct{ topic, decision string }{{ts[0], "accept"}, {ts[3], "accept"}, {ts[5], "decline"}} {
		sel := `[data-testid="topic-` + x.topic + `"] form[action="/topics/` + x.topic + `/decide"]:has(input[value="` + x.decision + `"])`
		expect(t, x.decision, met.PostForm("/topics/"+x.topic+"/decide", formValues(d, sel)), http.StatusSeeOther)
	}
	if got := dbString(t, app, `SELECT string_agg(id::text, ',' ORDER BY position) FROM topics WHERE meeting_id = $1 AND status = 'accepted'`, id); got != ts[0]+","+ts[3] {
		t.Errorf("agenda order %s", got)
	}
	d = expect(t, "topics", cw.Get(href+"/topics"), http.StatusOK)
	if got := d.Find(`[data-testid="topic-`+ts[5]+`"]`).AttrOr("data-status", ""); got != "declined" ||
		!strings.Contains(d.Find(`[data-testid="topic-`+ts[5]+`"]`).Text(), "nezařazeno") {
		t.Errorf("declined topic shown as %q", got)
	}

	// Participants do not see the agenda before it is published.
	d = expect(t, "agenda before publishing", cw.Get(href+"/agenda"), http.StatusOK)
	if testid(d, "agenda-draft") == "" || d.Find(`[data-testid="agenda"]`).Length() != 0 {
		t.Error("a participant sees the unpublished agenda")
	}

	// Scheduling: an impossible time is refused, with the input kept and nothing stored.
	d = expect(t, "agenda as organiser", met.Get(href+"/agenda"), http.StatusOK)
	sel := `form[action="` + href + `/schedule"]`
	f = formValues(d, sel)
	if got := f["topic"]; !slices.Equal(got, []string{ts[0], ts[3]}) {
		t.Fatalf("schedule form topics %v", got)
	}
	f.Set("slot_start_"+ts[0], "25:99")
	f.Set("presenter_"+ts[0], "Martina Horáková")
	d = expect(t, "invalid slot", met.PostForm(href+"/schedule", f), http.StatusUnprocessableEntity)
	if got := testid(d, "error-slot_start_"+ts[0]); !strings.Contains(got, "Zadejte čas ve tvaru 9:30.") {
		t.Errorf("slot message %q", got)
	}
	if got := d.Find("#f-slot_start_"+ts[0]).AttrOr("value", ""); got != "25:99" {
		t.Errorf("slot not kept: %q", got)
	}
	if got := d.Find("#f-presenter_"+ts[0]).AttrOr("value", ""); got != "Martina Horáková" {
		t.Errorf("presenter not kept: %q", got)
	}
	if n := dbInt(t, app, `SELECT count(*) FROM topics WHERE meeting_id = $1 AND (slot_start IS NOT NULL OR presenter <> '')`, id); n != 0 ||
		audits(t, app, id, "meeting.schedule") != 0 {
		t.Fatal("an invalid schedule was stored")
	}
	f = formValues(expect(t, "agenda as organiser", met.Get(href+"/agenda"), http.StatusOK), sel)
	for k, v := range map[string]string{"position_" + ts[3]: "1", "slot_start_" + ts[3]: "09:00", "slot_minutes_" + ts[3]: "30",
		"presenter_" + ts[3]: "Lucie Černá", "position_" + ts[0]: "2", "slot_start_" + ts[0]: "09:30", "slot_minutes_" + ts[0]: "45",
		"presenter_" + ts[0]: "Martina Horáková"} {
		f.Set(k, v)
	}
	expect(t, "schedule", met.PostForm(href+"/schedule", f), http.StatusSeeOther)
	if got := dbString(t, app, `SELECT string_agg(id::text || '@' || to_char(slot_start, 'HH24:MI'), ',' ORDER BY position) FROM topics WHERE meeting_id = $1 AND status = 'accepted'`, id); got != ts[3]+"@09:00,"+ts[0]+"@09:30" {
		t.Errorf("stored schedule %s", got)
	}

	// Published: the agenda in order with times and presenters, for everyone; votes are over.
	step(t, met, id, "publish", http.StatusSeeOther)
	d = expect(t, "agenda", cw.Get(href+"/agenda"), http.StatusOK)
	agenda := d.Find(`[data-testid="agenda"] > li`)
	want := []struct{ time, title, presenter string }{{"09:00–09:30", titles[3], "Uvádí: Lucie Černá"}, {"09:30–10:15", titles[0], "Uvádí: Martina Horáková"}}
	if agenda.Length() != len(want) || testid(d, "agenda-draft") != "" {
		t.Fatalf("agenda: %d items", agenda.Length())
	}
	agenda.Each(func(i int, s *goquery.Selection) {
		h := strings.Join(strings.Fields(s.Find("h2").Text()), " ")
		if h != want[i].time+" "+want[i].title || !strings.Contains(s.Text(), want[i].presenter) {
			t.Errorf("agenda item %d: %q %q", i+1, h, strings.TrimSpace(s.Find(".card__meta").Text()))
		}
	})
	if d.Find(`form[action="`+href+`/schedule"]`).Length() != 0 {
		t.Error("a participant sees the schedule form")
	}
	// The page links the stylesheet that carries the print rules.
	css := d.Find(`link[rel="stylesheet"][href*="app"]`).AttrOr("href", "")
	if res := cw.Get(css); css == "" || res.StatusCode != http.StatusOK || !strings.Contains(res.Body, "@media print") {
		t.Errorf("print stylesheet %q", css)
	}
	d = vote(t, katerina, ts[2], http.StatusConflict)
	if got := testid(d, "alert"); got != "V tomto stavu setkání to nelze." {
		t.Errorf("vote after publishing: %q", got)
	}
}

// TestMeetingMinutesHTTP: minutes per item with optimistic locking, follow-up actions, a
// spontaneous topic, approval (refused while an item is open, then locked), and the unresolved
// item carried over to the next meeting of the series.
func TestMeetingMinutesHTTP(t *testing.T) {
	t.Parallel()
	app := servertest.Start(t)
	coord, met := app.Login(t, coordJMK), app.Login(t, metJMK)
	const series = "OSPOD sobě – test přenosu"
	const titleA = "OSPOD sobě – jarní setkání"
	a := createMeeting(t, coord, newMeetingForm(titleA, pragueDay(20, 9, 0), "series_name", series))
	ah := "/meetings/" + a
	step(t, coord, a, "open", http.StatusSeeOther)
	x := propose(t, app, coord, a, "Spolupráce se školami")
	y := propose(t, app, coord, a, "Přestupky na úseku sociálně-právní ochrany")
	cw, marketa := app.Login(t, cwJMK), app.Login(t, cwJMK2)
	for _, c := range []*servertest.Client{cw, marketa} {
		register(t, c, a)
		vote(t, c, y, http.StatusSeeOther)
	}
	decide(t, coord, x, "accept")
	decide(t, coord, y, "accept")
	step(t, coord, a, "publish", http.StatusSeeOther)

	// No minutes before the meeting is held.
	expect(t, "minutes before held", coord.PostForm("/topics/"+x+"/minutes", minutesPost(x, 1, "Předčasně.", "", "resolved", false)), http.StatusConflict)
	toPast(t, app, a)
	step(t, coord, a, "hold", http.StatusSeeOther)
	if actor, from, to := lastAudit(t, app, a, "meeting.hold"); actor != coordJMK || from != "agenda" || to != "held" {
		t.Errorf("hold recorded as %s %s → %s", actor, from, to)
	}
	d := expect(t, "minutes", coord.Get(ah+"/minutes"), http.StatusOK)
	for _, tid := range []string{x, y} {
		if d.Find(`[data-testid="item-`+tid+`"] form[action="/topics/`+tid+`/minutes"]`).Length() != 1 {
			t.Fatalf("no minutes form for item %s", tid)
		}
	}

	// Two organisers write the minutes of one item; the stale save is refused.
	const outcome = "Školy potřebují vědět, kdy se na OSPOD obracet.\n\nDomluvena společná schůzka se školními metodiky prevence."
	expect(t, "minutes", coord.PostForm("/topics/"+x+"/minutes", minutesPost(x, 1, outcome, "Kraj připraví leták pro školy.", "resolved", false)),
		http.StatusSeeOther)
	if got := dbString(t, app, `SELECT outcome || '|' || resolution || '|' || minutes_version FROM topics WHERE id = $1`, x); got != outcome+"|resolved|2" {
		t.Fatalf("stored minutes %q", got)
	}
	if got := dbString(t, app, `SELECT detail->>'topic' FROM audit_log WHERE object_id = $1 AND action = 'meeting.minutes'`, a); got != x {
		t.Errorf("minutes recorded for topic %s", got)
	}
	d = expect(t, "stale minutes", met.PostForm("/topics/"+x+"/minutes", minutesPost(x, 1, "Jiný text druhé organizátorky.", "", "unresolved", false)),
		http.StatusConflict)
	if got := testid(d, "alert"); !strings.HasPrefix(got, "Mezitím to uložil někdo jiný.") {
		t.Errorf("stale message %q", got)
	}
	if got := dbString(t, app, `SELECT outcome || '|' || resolution || '|' || minutes_version FROM topics WHERE id = $1`, x); got != outcome+"|resolved|2" {
		t.Fatalf("minutes after a stale save %q", got)
	}
	// The other item stays open and goes to the region as a question.
	expect(t, "minutes of y", met.PostForm("/topics/"+y+"/minutes", minutesPost(y, 1, "Praxe se liší, shoda nebyla.", "", "unresolved", true)),
		http.StatusSeeOther)
	if got := dbString(t, app, `SELECT resolution || '|' || for_region::text FROM topics WHERE id = $1`, y); got != "unresolved|true" {
		t.Fatalf("item y: %s", got)
	}

	// A follow-up action through the item's form, then ticked off.
	d = expect(t, "minutes", coord.Get(ah+"/minutes"), http.StatusOK)
	fsel := `[data-testid="item-` + x + `"] form[action="/topics/` + x + `/followups"]`
	if d.Find(fsel).Length() != 1 {
		t.Fatal("no follow-up form")
	}
	due := pragueDay(30, 0, 0).Format(time.DateOnly)
	ff := formValues(d, fsel)
	for k := range ff {
		switch {
		case strings.HasSuffix(k, "action_text"):
			ff.Set(k, "Rozeslat leták školám v kraji")
		case strings.HasSuffix(k, "action_owner"):
			ff.Set(k, "Lucie Černá")
		case strings.HasSuffix(k, "action_due"):
			ff.Set(k, due)
		}
	}
	expect(t, "follow-up", coord.PostForm("/topics/"+x+"/followups", ff), http.StatusSeeOther)
	var fu string
	if err := app.Pool.QueryRow(context.Background(), `SELECT id::text FROM topic_actions WHERE topic_id = $1 AND text = 'Rozeslat leták školám v kraji' AND owner = 'Lucie Černá' AND due = $2`, x, due).Scan(&fu); err != nil {
		t.Fatalf("follow-up not stored: %v", err)
	}
	d = expect(t, "minutes", coord.Get(ah+"/minutes"), http.StatusOK)
	tick := `form[action="/followups/` + fu + `/done"]`
	expect(t, "tick", coord.PostForm("/followups/"+fu+"/done", formValues(d, tick)), http.StatusSeeOther)
	if got := dbString(t, app, `SELECT done::text FROM topic_actions WHERE id = $1`, fu); got != "true" {
		t.Fatal("follow-up not done")
	}
	d = expect(t, "minutes", cw.Get(ah+"/minutes"), http.StatusOK)
	if li := d.Find(`[data-testid="item-` + x + `"] .followups li`); li.Length() != 1 || !hasAttr(li, "data-done") || !strings.Contains(strings.Join(strings.Fields(li.Text()), " "), "Rozeslat leták školám v kraji – Lucie Černá") {
		t.Errorf("follow-up shown as %q", strings.Join(strings.Fields(li.Text()), " "))
	}

	// A topic raised in the discussion: bad input first.
	d = expect(t, "invalid spontaneous", coord.PostForm(ah+"/spontaneous", values("title", " ", "description", "Vedení spisové dokumentace.")), http.StatusUnprocessableEntity)
	if got := testid(d, "error-title"); !strings.Contains(got, "Vyplňte toto pole.") {
		t.Errorf("spontaneous title message %q", got)
	}
	if got := d.Find(`form[action="` + ah + `/spontaneous"] textarea[name="description"]`).Text(); got != "Vedení spisové dokumentace." {
		t.Errorf("spontaneous description not kept: %q", got)
	}
	expect(t, "spontaneous", coord.PostForm(ah+"/spontaneous", values("title", "Spisová dokumentace", "description", "Vedení spisové dokumentace.")), http.StatusSeeOther)
	z := strconv.Itoa(dbInt(t, app, `SELECT id FROM topics WHERE meeting_id = $1 AND title = 'Spisová dokumentace' AND spontaneous AND status = 'accepted' AND position = 3`, a))

	// Approval needs every item resolved or unresolved.
	d = expect(t, "approve with an open item", coord.PostForm(ah+"/approve", nil), http.StatusConflict)
	if got := testid(d, "alert"); got != "U každého bodu programu vyberte, zda je uzavřený, nebo se přenáší na další setkání." {
		t.Errorf("approve with an open item: %q", got)
	}
	if n := dbInt(t, app, `SELECT count(*) FROM meetings WHERE id = $1 AND minutes_approved_at IS NOT NULL`, a); n != 0 {
		t.Fatal("approved with an open item")
	}
	expect(t, "minutes of z", coord.PostForm("/topics/"+z+"/minutes", minutesPost(z, 1, "Sdílené vzory spisové dokumentace.", "", "resolved", false)),
		http.StatusSeeOther)
	expect(t, "approve by a caseworker", cw.PostForm(ah+"/approve", nil), http.StatusForbidden)
	pakMet := app.Login(t, metPAK)
	expect(t, "approve by another region", pakMet.PostForm(ah+"/approve", nil), http.StatusForbidden)
	expect(t, "minutes by another region", pakMet.PostForm("/topics/"+z+"/minutes", minutesPost(z, 2, "Cizí zápis.", "", "resolved", false)),
		http.StatusForbidden)
	expect(t, "approve", coord.PostForm(ah+"/approve", nil), http.StatusSeeOther)
	if by := dbString(t, app, `SELECT u.email FROM meetings m JOIN users u ON u.id = m.minutes_approved_by WHERE m.id = $1 AND m.minutes_approved_at IS NOT NULL`, a); by != coordJMK {
		t.Fatalf("approved by %q", by)
	}
	d = expect(t, "approved minutes", cw.Get(ah+"/minutes"), http.StatusOK)
	if testid(d, "minutes-approved") == "" || !strings.Contains(d.Find(`[data-testid="item-`+x+`"]`).Text(), "Domluvena společná schůzka se školními metodiky prevence.") {
		t.Error("approved minutes not shown")
	}
	if d2 := expect(t, "approved minutes as organiser", coord.Get(ah+"/minutes"), http.StatusOK); d2.Find(`form[action$="/minutes"], [data-testid="approve"]`).Length() != 0 {
		t.Error("the approved minutes still offer editing")
	}
	// Locked: no more changes, except ticking follow-ups off.
	d = expect(t, "save after approval", coord.PostForm("/topics/"+x+"/minutes", minutesPost(x, 2, "Přepsáno po schválení.", "", "resolved", false)), http.StatusConflict)
	if got := testid(d, "alert"); got != "Zápis je schválený a uzamčený." {
		t.Errorf("save after approval: %q", got)
	}
	expect(t, "spontaneous after approval", coord.PostForm(ah+"/spontaneous", values("title", "Pozdní téma")), http.StatusConflict)
	if got := dbString(t, app, `SELECT outcome FROM topics WHERE id = $1`, x); got != outcome {
		t.Fatalf("minutes changed after approval: %q", got)
	}
	expect(t, "untick after approval", coord.PostForm("/followups/"+fu+"/done", values("done", "0")), http.StatusSeeOther)
	if got := dbString(t, app, `SELECT done::text FROM topic_actions WHERE id = $1`, fu); got != "false" {
		t.Error("follow-up not unticked after approval")
	}

	// The next meeting of the series gets the unresolved item, with its votes.
	d = expect(t, "new meeting form", coord.Get("/meetings/new"), http.StatusOK)
	seriesID := d.Find(`#f-series option`).FilterFunction(func(_ int, s *goquery.Selection) bool { return s.Text() == series }).AttrOr("value", "")
	if seriesID == "" {
		t.Fatal("the series is not offered")
	}
	const titleB = "OSPOD sobě – podzimní setkání"
	b := createMeeting(t, coord, newMeetingForm(titleB, pragueDay(120, 9, 0), "series", seriesID))
	bh := "/meetings/" + b
	var carried string
	if err := app.Pool.QueryRow(context.Background(), `SELECT id::text FROM topics WHERE meeting_id = $1 AND carried_from = $2 AND status = 'proposed' AND carried_votes = 2`, b, y).Scan(&carried); err != nil {
		t.Fatalf("item y not carried over: %v", err)
	}
	if n := dbInt(t, app, `SELECT count(*) FROM topics WHERE meeting_id = $1`, b); n != 1 {
		t.Errorf("%d topics carried over, want 1", n)
	}
	if got := dbString(t, app, `SELECT detail->>'from_topic' FROM audit_log WHERE object_id = $1 AND action = 'meeting.carry'`, b); got != y {
		t.Errorf("carry recorded from %s", got)
	}
	d = expect(t, "topics of b", coord.Get(bh+"/topics"), http.StatusOK)
	li := d.Find(`[data-testid="topic-` + carried + `"]`)
	if !strings.Contains(li.Text(), "Přestupky na úseku sociálně-právní ochrany") || !strings.Contains(testid(d, "carried"), "přeneseno z minulého setkání") {
		t.Fatalf("carried topic: %q", strings.Join(strings.Fields(li.Text()), " "))
	}
	if got := li.Find(`[data-testid="carried"] a`).AttrOr("href", ""); got != ah+"/minutes#item-"+y {
		t.Errorf("carried topic links to %q", got)
	}
	if got := strings.TrimSpace(li.Find(".topic__votes").Text()); got != "2" {
		t.Errorf("carried topic shows %s votes", got)
	}
	if strings.Contains(d.Text(), "Spolupráce se školami") {
		t.Error("the resolved item was carried over")
	}
	// The series links both ways; the next meeting is the organisers' while it is a draft.
	if got := expect(t, "meeting a", coord.Get(ah), http.StatusOK).Find(`[data-testid="next"]`); got.AttrOr("href", "") != bh || !strings.Contains(got.Text(), titleB) {
		t.Errorf("next of a for the organiser: %q %q", got.AttrOr("href", ""), got.Text())
	}
	if got := expect(t, "meeting a", cw.Get(ah), http.StatusOK).Find(`[data-testid="next"]`); got.Length() != 0 {
		t.Errorf("a participant sees the draft next meeting: %q", got.AttrOr("href", ""))
	}
	if got := expect(t, "meeting b", coord.Get(bh), http.StatusOK).Find(`[data-testid="prev"]`); got.AttrOr("href", "") != ah || !strings.Contains(got.Text(), titleA) {
		t.Errorf("prev of b: %q %q", got.AttrOr("href", ""), got.Text())
	}
	// Opened, the next meeting is everyone's; accepted there, the item is on the agenda marked
	// as carried over.
	step(t, coord, b, "open", http.StatusSeeOther)
	if got := expect(t, "meeting a", cw.Get(ah), http.StatusOK).Find(`[data-testid="next"]`); got.AttrOr("href", "") != bh {
		t.Errorf("next of a: %q", got.AttrOr("href", ""))
	}
	decide(t, coord, carried, "accept")
	d = expect(t, "agenda of b", coord.Get(bh+"/agenda"), http.StatusOK)
	if d.Find(`[data-testid="agenda"] li .badge[data-status="carried"]`).Length() != 1 {
		t.Error("the carried item is not marked on the agenda")
	}
}

// TestMeetingICSHTTP: the meeting's .ics with the Prague time zone, parsed back; the region's
// public feed without online links or drafts.
func TestMeetingICSHTTP(t *testing.T) {
	t.Parallel()
	app := servertest.Start(t)
	met, cw, anon := app.Login(t, metJMK), app.Login(t, cwJMK), app.Client(t)
	now := time.Now().In(i18n.Prague)
	summer := time.Date(now.Year()+1, time.July, 15, 9, 0, 0, 0, i18n.Prague)
	winter := time.Date(now.Year()+1, time.January, 20, 13, 30, 0, 0, i18n.Prague)
	const link = "https://meet.example.cz/ospod-gdpr-tajny-odkaz"
	online := createMeeting(t, met, newMeetingForm("Hybridní setkání: GDPR v praxi OSPOD", summer, "online_url", link,
		"description", "Popis; s čárkou, středníkem a \\ zpětným lomítkem."))
	step(t, met, online, "open", http.StatusSeeOther)
	draft := createMeeting(t, met, newMeetingForm("Koncept: setkání, o kterém nikdo neví", winter))
	cancelled := createMeeting(t, met, newMeetingForm("Zimní setkání OSPOD", winter))
	step(t, met, cancelled, "open", http.StatusSeeOther)
	step(t, met, cancelled, "cancel", http.StatusSeeOther, "reason", "Nemoc přednášejících.")
	if got := dbString(t, app, `SELECT to_char(starts_at AT TIME ZONE 'UTC', 'HH24:MI') FROM meetings WHERE id = $1`, online); got != "07:00" {
		t.Fatalf("9:00 in a Prague summer stored as %s UTC", got)
	}
	if got := dbString(t, app, `SELECT to_char(starts_at AT TIME ZONE 'UTC', 'HH24:MI') FROM meetings WHERE id = $1`, cancelled); got != "12:30" {
		t.Fatalf("13:30 in a Prague winter stored as %s UTC", got)
	}

	// One meeting, for signed-in users, with the online link.
	res := cw.Get("/meetings/" + online + "/meeting.ics")
	if res.StatusCode != http.StatusOK || res.Header.Get("Content-Type") != "text/calendar; charset=utf-8" {
		t.Fatalf("meeting.ics: %d %q", res.StatusCode, res.Header.Get("Content-Type"))
	}
	if cd := res.Header.Get("Content-Disposition"); !strings.HasPrefix(cd, "attachment;") || !strings.HasSuffix(cd, `.ics"`) {
		t.Errorf("disposition %q", cd)
	}
	for _, s := range []string{"BEGIN:VTIMEZONE", "TZID:Europe/Prague", "DTSTART;TZID=Europe/Prague:" + summer.Format("20060102") + "T090000"} {
		if !strings.Contains(res.Body, s) {
			t.Errorf("meeting.ics lacks %q", s)
		}
	}
	cal := parseICS(t, res.Body)
	if len(cal.events) != 1 {
		t.Fatalf("%d events", len(cal.events))
	}
	ev := cal.events[0]
	checkEventTimes(t, app, ev, online)
	if ev["UID"] != "meeting-"+online+"@hnizdo" || ev["SUMMARY"] != "Hybridní setkání: GDPR v praxi OSPOD" || ev["STATUS"] != "CONFIRMED" {
		t.Errorf("event %v", ev)
	}
	if ev["LOCATION"] != `Městský úřad Šlapanice\, zasedací místnost\, Myslivecká 57\, 664 51 Šlapanice` {
		t.Errorf("location %q", ev["LOCATION"])
	}
	if !strings.Contains(ev["DESCRIPTION"], link) || !strings.Contains(ev["DESCRIPTION"], `Popis\; s čárkou\, středníkem a \\ zpětným lomítkem.`) {
		t.Errorf("description %q", ev["DESCRIPTION"])
	}
	if ev["URL"] != "http://hnizdo.test/meetings/"+online {
		t.Errorf("url %q", ev["URL"])
	}
	if res := anon.Get("/meetings/" + online + "/meeting.ics"); res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(res.Header.Get("Location"), "/login") {
		t.Errorf("meeting.ics without login: %d", res.StatusCode)
	}
	expect(t, "draft.ics", met.Get("/meetings/"+draft+"/meeting.ics"), http.StatusNotFound)
	expect(t, "draft.ics for others", cw.Get("/meetings/"+draft+"/meeting.ics"), http.StatusNotFound)

	// The region's feed: public, without private details, drafts left out, cancellations in.
	jmk := regionID(t, app, "JHM")
	res = anon.Get("/regions/" + jmk + "/meetings.ics")
	if res.StatusCode != http.StatusOK || res.Header.Get("Content-Type") != "text/calendar; charset=utf-8" {
		t.Fatalf("feed: %d %q", res.StatusCode, res.Header.Get("Content-Type"))
	}
	if strings.Contains(res.Body, "meet.example.cz") || strings.Contains(res.Body, "zpětným lomítkem") {
		t.Error("the public feed carries the online link or the description")
	}
	cal = parseICS(t, res.Body)
	if !strings.Contains(cal.props["X-WR-CALNAME"], "Jihomoravský kraj") {
		t.Errorf("feed name %q", cal.props["X-WR-CALNAME"])
	}
	byUID := map[string]map[string]string{}
	for _, e := range cal.events {
		byUID[e["UID"]] = e
	}
	if e := byUID["meeting-"+online+"@hnizdo"]; e == nil {
		t.Error("the open meeting is not in the feed")
	} else {
		checkEventTimes(t, app, e, online)
		if _, ok := e["DESCRIPTION"]; ok {
			t.Errorf("public event has a description %q", e["DESCRIPTION"])
		}
	}
	if e := byUID["meeting-"+cancelled+"@hnizdo"]; e == nil || e["STATUS"] != "CANCELLED" || e["SUMMARY"] != "ZRUŠENO: Zimní setkání OSPOD" ||
		e["DESCRIPTION"] != "Zrušeno: Nemoc přednášejících." {
		t.Errorf("cancelled meeting in the feed: %v", e)
	} else {
		checkEventTimes(t, app, e, cancelled)
	}
	if byUID["meeting-"+draft+"@hnizdo"] != nil {
		t.Error("the draft is in the feed")
	}
	// Another region's feed has none of these; an unknown region is not found.
	if res := anon.Get("/regions/" + regionID(t, app, "PAK") + "/meetings.ics"); res.StatusCode != http.StatusOK || strings.Contains(res.Body, "meeting-"+online+"@") {
		t.Errorf("PAK feed: %d", res.StatusCode)
	}
	for _, path := range []string{"/regions/999/meetings.ics", "/regions/abc/meetings.ics"} {
		if res := anon.Get(path); res.StatusCode != http.StatusNotFound {
			t.Errorf("%s: %d", path, res.StatusCode)
		}
	}
	// The calendar page links to its region's feed.
	if got := expect(t, "calendar", cw.Get("/meetings"), http.StatusOK).Find(`[data-testid="feed"]`).AttrOr("href", ""); got != "/regions/"+jmk+"/meetings.ics" {
		t.Errorf("feed link %q", got)
	}
}

// ics is a parsed iCalendar file: the calendar's properties and its events' properties, keyed
// by name with parameters ("DTSTART;TZID=Europe/Prague").
type ics struct {
	props  map[string]string
	events []map[string]string
}

// parseICS reads body back as RFC 5545 demands: CRLF lines of at most 75 octets, folded lines
// unfolded, components properly nested, and Europe/Prague defined in a VTIMEZONE.
func parseICS(t *testing.T, body string) ics {
	t.Helper()
	if !strings.HasSuffix(body, "\r\n") || strings.Count(body, "\n") != strings.Count(body, "\r\n") {
		t.Fatal("ics lines do not end with CRLF")
	}
	for _, l := range strings.Split(strings.TrimSuffix(body, "\r\n"), "\r\n") {
		if len(l) > 75 {
			t.Errorf("ics line of %d octets: %q", len(l), l)
		}
	}
	out := ics{props: map[string]string{}}
	var stack []string
	var ev map[string]string
	tz := false
	for _, l := range strings.Split(strings.TrimSuffix(strings.ReplaceAll(body, "\r\n ", ""), "\r\n"), "\r\n") {
		name, value, ok := strings.Cut(l, ":")
		if !ok {
			t.Fatalf("ics line without a colon: %q", l)
		}
		switch name {
		case "BEGIN":
			stack = append(stack, value)
			if value == "VEVENT" {
				ev = map[string]string{}
			}
			continue
		case "END":
			if len(stack) == 0 || stack[len(stack)-1] != value {
				t.Fatalf("END:%s closes %v", value, stack)
			}
			stack = stack[:len(stack)-1]
			if value == "VEVENT" {
				out.events = append(out.events, ev)
				ev = nil
			}
			continue
		}
		switch {
		case len(stack) == 0:
			t.Fatalf("ics property outside VCALENDAR: %q", l)
		case stack[len(stack)-1] == "VCALENDAR":
			out.props[name] = value
		case stack[len(stack)-1] == "VTIMEZONE" && name == "TZID" && value == "Europe/Prague":
			tz = true
		case stack[len(stack)-1] == "VEVENT":
			ev[name] = value
		}
	}
	if len(stack) != 0 || !tz || out.props["VERSION"] != "2.0" {
		t.Fatalf("ics: open components %v, Europe/Prague defined %v, version %q", stack, tz, out.props["VERSION"])
	}
	return out
}

// checkEventTimes parses the event's local start and end in Europe/Prague and compares them
// with the meeting's instants in the database.
func checkEventTimes(t *testing.T, app *servertest.App, ev map[string]string, id string) {
	t.Helper()
	var starts, ends time.Time
	if err := app.Pool.QueryRow(context.Background(), `SELECT starts_at, ends_at FROM meetings WHERE id = $1`, id).Scan(&starts, &ends); err != nil {
		t.Fatal(err)
	}
	for prop, want := range map[string]time.Time{"DTSTART": starts, "DTEND": ends} {
		got, err := time.ParseInLocation("20060102T150405", ev[prop+";TZID=Europe/Prague"], i18n.Prague)
		if err != nil || !got.Equal(want) {
			t.Errorf("meeting %s %s: %q (%v), want %v", id, prop, ev[prop+";TZID=Europe/Prague"], err, want)
		}
	}
}

// TestMeetingTimelineHTTP: the meeting page lists every step of the meeting with who took it,
// oldest first, and leaves out single votes and registrations.
func TestMeetingTimelineHTTP(t *testing.T) {
	t.Parallel()
	app := servertest.Start(t)
	coord, met, cw := app.Login(t, coordJMK), app.Login(t, metJMK), app.Login(t, cwJMK)
	const title = "Setkání OSPOD: historie setkání"
	id := createMeeting(t, coord, newMeetingForm(title, pragueDay(25, 9, 0)))
	step(t, coord, id, "open", http.StatusSeeOther)
	keep := propose(t, app, coord, id, "Sanace rodiny")
	dup := propose(t, app, coord, id, "Sanace rodin – duplicitní návrh")
	register(t, cw, id)
	vote(t, cw, dup, http.StatusSeeOther)
	expect(t, "merge", met.PostForm("/meetings/"+id+"/merge", values("dup", dup, "into", keep)), http.StatusSeeOther)
	decide(t, coord, keep, "accept")
	step(t, coord, id, "publish", http.StatusSeeOther)
	toPast(t, app, id)
	step(t, coord, id, "hold", http.StatusSeeOther)
	expect(t, "minutes", met.PostForm("/topics/"+keep+"/minutes", minutesPost(keep, 1, "Probráno.", "", "resolved", false)), http.StatusSeeOther)
	expect(t, "approve", coord.PostForm("/meetings/"+id+"/approve", nil), http.StatusSeeOther)

	d := expect(t, "meeting page", cw.Get("/meetings/"+id), http.StatusOK)
	var lines []string
	d.Find(`[data-testid="timeline"] li`).Each(func(_ int, s *goquery.Selection) {
		lines = append(lines, strings.Join(strings.Fields(s.Text()), " "))
	})
	want := []string{
		"Lucie Černá: založil(a) setkání „" + title + "“",
		"Lucie Černá: otevřel(a) přihlašování a sběr témat (v přípravě → přihlašování a sběr témat)",
		"Lucie Černá: navrhl(a) téma „Sanace rodiny“",
		"Lucie Černá: navrhl(a) téma „Sanace rodin – duplicitní návrh“",
		"Martina Horáková: sloučil(a) duplicitní téma",
		"Lucie Černá: zařadil(a) do programu téma „Sanace rodiny“",
		"Lucie Černá: zveřejnil(a) program (přihlašování a sběr témat → program zveřejněn)",
		"Lucie Černá: označil(a) setkání jako proběhlé (program zveřejněn → proběhlo)",
		"Martina Horáková: upravil(a) zápis k bodu",
		"Lucie Černá: schválil(a) zápis",
	}
	if len(lines) != len(want) {
		t.Fatalf("timeline has %d entries, want %d:\n%s", len(lines), len(want), strings.Join(lines, "\n"))
	}
	for i, w := range want {
		if !strings.HasSuffix(lines[i], w) {
			t.Errorf("timeline entry %d: %q, want it to end with %q", i+1, lines[i], w)
		}
		if !regexp.MustCompile(`^\d{1,2}\. ?\d{1,2}\. ?\d{4}`).MatchString(lines[i]) {
			t.Errorf("timeline entry %d has no date: %q", i+1, lines[i])
		}
	}
	// The page shows what the audit log holds, without the quiet entries.
	if n := dbInt(t, app, `SELECT count(*) FROM audit_log WHERE object_type = 'meeting' AND object_id = $1 AND action NOT IN ('meeting.vote', 'meeting.register')`, id); n != len(want) {
		t.Errorf("audit log has %d entries, the page %d", n, len(want))
	}
	if audits(t, app, id, "meeting.vote") != 1 || audits(t, app, id, "meeting.register") != 1 {
		t.Error("votes and registrations are not recorded")
	}
}

// TestMeetingMinutesFormRoundTrip: the minutes page's own per-item forms, posted back as a
// browser would, save; they carry the item's version and show the saved minutes; a refused save
// keeps the user's text; field ids are unique on the page; a refused follow-up keeps its input
// with the message at the field. (Written against a bug — the forms' field names lacked the
// per-item prefix their values had — fixed while these tests were written.)
func TestMeetingMinutesFormRoundTrip(t *testing.T) {
	t.Parallel()
	app := servertest.Start(t)
	coord := app.Login(t, coordJMK)
	id, items := heldMeeting(t, app, coord, newMeetingForm("Setkání OSPOD: formulář zápisu", pragueDay(20, 9, 0)),
		"Spolupráce s policií", "Kurátor pro děti a mládež")
	x := items[0]
	href := "/meetings/" + id + "/minutes"
	item := func(d *goquery.Document) *goquery.Selection { return d.Find(`[data-testid="item-` + x + `"]`) }
	field := func(s *goquery.Selection, suffix string) *goquery.Selection {
		return s.Find("input, textarea, select").FilterFunction(func(_ int, f *goquery.Selection) bool {
			n := f.AttrOr("name", "")
			return n == suffix || strings.HasSuffix(n, "-"+suffix)
		})
	}

	// The form carries the item's version.
	d := expect(t, "minutes", coord.Get(href), http.StatusOK)
	if got := field(item(d).Find(`form[action="/topics/`+x+`/minutes"]`), "version").AttrOr("value", ""); got != "1" {
		t.Errorf("the minutes form's version field is %q, want \"1\"", got)
	}
	// Field ids are unique on the page (the prefix exists for that).
	seen := map[string]int{}
	d.Find("[id]").Each(func(_ int, s *goquery.Selection) { seen[s.AttrOr("id", "")]++ })
	for id, n := range seen {
		if n > 1 {
			t.Errorf("id %q appears %d times on the minutes page", id, n)
		}
	}

	// The page's own form, filled in and posted back as a browser would.
	f := formValues(d, `[data-testid="item-`+x+`"] form[action="/topics/`+x+`/minutes"]`)
	for k := range f {
		switch {
		case strings.HasSuffix(k, "outcome"):
			f.Set(k, "Domluvena pravidla předávání informací.")
		case strings.HasSuffix(k, "resolution"):
			f.Set(k, "resolved")
		}
	}
	if res := coord.PostForm("/topics/"+x+"/minutes", f); res.StatusCode != http.StatusSeeOther {
		t.Errorf("saving the page's own minutes form: %d;%s (posted %v)", res.StatusCode, diagnose(res), f)
		expect(t, "minutes with the right fields", coord.PostForm("/topics/"+x+"/minutes",
			minutesPost(x, 1, "Domluvena pravidla předávání informací.", "", "resolved", false)), http.StatusSeeOther)
	}
	// The saved minutes come back in the form.
	d = expect(t, "minutes", coord.Get(href), http.StatusOK)
	form := item(d).Find(`form[action="/topics/` + x + `/minutes"]`)
	if got := field(form, "outcome").Text(); got != "Domluvena pravidla předávání informací." {
		t.Errorf("the saved outcome is not in the form: %q", got)
	}
	if got := field(form, "resolution").Find("option[selected]").AttrOr("value", ""); got != "resolved" {
		t.Errorf("the saved resolution is not selected: %q", got)
	}
	if got := field(form, "version").AttrOr("value", ""); got != "2" {
		t.Errorf("version after saving %q, want \"2\"", got)
	}

	// A stale save keeps the user's text in the item's textarea.
	d = expect(t, "stale minutes", coord.PostForm("/topics/"+x+"/minutes", minutesPost(x, 1, "Text, který nesmí zmizet.", "", "unresolved", false)),
		http.StatusConflict)
	if got := field(item(d), "outcome").Text(); got != "Text, který nesmí zmizet." {
		t.Errorf("the stale save's text is not kept in the textarea: %q", got)
	}

	// A follow-up without a text, through the item's form: the message at the field, the owner kept.
	d = expect(t, "minutes", coord.Get(href), http.StatusOK)
	ff := formValues(d, `[data-testid="item-`+x+`"] form[action="/topics/`+x+`/followups"]`)
	for k := range ff {
		if strings.HasSuffix(k, "action_owner") {
			ff.Set(k, "Lucie Černá")
		}
	}
	d = expect(t, "invalid follow-up", coord.PostForm("/topics/"+x+"/followups", ff), http.StatusUnprocessableEntity)
	fu := item(d).Find(`form[action="/topics/` + x + `/followups"]`)
	if fu.Find(`[data-testid$="action_text"]`).Length() != 1 {
		t.Errorf("the follow-up form shows no message at the action field (errors %q)", testid(d, "error-summary"))
	}
	if got := field(fu, "action_owner").AttrOr("value", ""); got != "Lucie Černá" {
		t.Errorf("the follow-up owner is not kept: %q", got)
	}
	if href := d.Find(`[data-testid="error-summary"] a`).AttrOr("href", ""); href != "" && d.Find(href).Length() == 0 {
		t.Errorf("the error summary links to %s, which is not on the page", href)
	}
}

// --- Regressions: each of these found a defect of the first version. ---------------------------

// TestMeetingProposalAfterDeadlineKeepsInput: a topic proposed (or a vote given) after the
// deadline is refused with a message, nothing is stored, and the typed text comes back.
func TestMeetingProposalAfterDeadlineKeepsInput(t *testing.T) {
	t.Parallel()
	app := servertest.Start(t)
	met, cw := app.Login(t, metJMK), app.Login(t, cwJMK)
	id := createMeeting(t, met, newMeetingForm("Setkání OSPOD: pozdní návrh", pragueDay(20, 9, 0)))
	step(t, met, id, "open", http.StatusSeeOther)
	register(t, cw, id)
	topic := propose(t, app, met, id, "Téma organizátora")
	if _, err := app.Pool.Exec(context.Background(), `UPDATE meetings SET topics_by = now() - interval '1 minute' WHERE id = $1`, id); err != nil {
		t.Fatal(err)
	}
	const desc = "Dlouhý popis pozdního tématu, který by uživatel nerad psal znovu."
	d := expect(t, "late proposal", cw.PostForm("/meetings/"+id+"/topics", values("title", "Pozdní téma", "description", desc)), http.StatusConflict)
	if got := testid(d, "alert"); got != "Uzávěrka návrhů témat a hlasování už uplynula." {
		t.Errorf("deadline message %q", got)
	}
	if n := dbInt(t, app, `SELECT count(*) FROM topics WHERE meeting_id = $1`, id); n != 1 {
		t.Fatal("a late topic was stored")
	}
	d2 := vote(t, cw, topic, http.StatusConflict)
	if got := testid(d2, "alert"); got != "Uzávěrka návrhů témat a hlasování už uplynula." {
		t.Errorf("vote after the deadline: %q", got)
	}
	if !strings.Contains(d.Text(), desc) {
		t.Error("the refused proposal's text is not on the page")
	}
}

// TestMeetingHeadColleagueButtons: an office head registers and unregisters colleagues on the
// meeting page whether or not the head is registered too.
func TestMeetingHeadColleagueButtons(t *testing.T) {
	t.Parallel()
	app := servertest.Start(t)
	met, head := app.Login(t, metJMK), app.Login(t, headJMK)
	id := createMeeting(t, met, newMeetingForm("Setkání OSPOD: kolegové", pragueDay(20, 9, 0)))
	href := "/meetings/" + id
	step(t, met, id, "open", http.StatusSeeOther)
	row := func(d *goquery.Document, name string) *goquery.Selection {
		return d.Find(`[data-testid="colleagues"] tr`).FilterFunction(func(_ int, s *goquery.Selection) bool {
			return strings.Contains(s.Text(), name)
		})
	}

	// Not registered: the head registers Markéta through her row, and can cancel it there.
	d := expect(t, "head's page", head.Get(href), http.StatusOK)
	sel := `[data-testid="colleagues"] tr:contains("Markéta Veselá") form[action="` + href + `/register"]`
	if d.Find(sel).Length() != 1 {
		t.Fatal("no register button for a colleague")
	}
	expect(t, "register a colleague", head.PostForm(href+"/register", formValues(d, sel)), http.StatusSeeOther)
	d = expect(t, "head's page", head.Get(href), http.StatusOK)
	if row(d, "Markéta Veselá").Find(`form[action="`+href+`/unregister"]`).Length() != 1 {
		t.Error("a head who is not registered gets no button to cancel a colleague's registration")
	}

	// Registered too: the head can still register another colleague.
	register(t, head, id)
	d = expect(t, "head's page", head.Get(href), http.StatusOK)
	if r := row(d, "Jana Nováková"); !strings.Contains(r.Text(), "nepřihlášen(a)") || r.Find(`form[action="`+href+`/register"]`).Length() != 1 {
		t.Errorf("a registered head gets no button to register a colleague (row %q)", strings.Join(strings.Fields(r.Text()), " "))
	}
	// The head's own register button is not offered twice.
	if d.Find(`section [data-testid="register"]`).Length() != 0 {
		t.Error("a registered head is offered to register again")
	}
}

// TestMeetingStaleMessageCzech: the message of a stale save is grammatical Czech ("Váš
// text", not "Vaše text": internal/i18n/messages.go meeting.err.stale).
func TestMeetingStaleMessageCzech(t *testing.T) {
	t.Parallel()
	app := servertest.Start(t)
	coord := app.Login(t, coordJMK)
	_, items := heldMeeting(t, app, coord, newMeetingForm("Setkání OSPOD: souběžné úpravy", pragueDay(20, 9, 0)), "Kurátor pro děti a mládež")
	x := items[0]
	expect(t, "minutes", coord.PostForm("/topics/"+x+"/minutes", minutesPost(x, 1, "První.", "", "", false)), http.StatusSeeOther)
	d := expect(t, "stale", coord.PostForm("/topics/"+x+"/minutes", minutesPost(x, 1, "Druhý.", "", "", false)), http.StatusConflict)
	const want = "Mezitím to uložil někdo jiný. Váš text zůstal ve formuláři; zkontrolujte ho a uložte znovu."
	if got := testid(d, "alert"); got != want {
		t.Errorf("stale message %q, want %q", got, want)
	}
}
