package server_test

import (
	"context"
	"maps"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"
	"github.com/xuri/excelize/v2"

	"hnizdo.cz/hnizdo/internal/feedback"
	"hnizdo.cz/hnizdo/internal/i18n"
	"hnizdo.cz/hnizdo/internal/server"
	"hnizdo.cz/hnizdo/internal/server/servertest"
)

// The feedback tests build their forms through the pages, as a coordinator would, on meetings of
// their own; attendees answer through the pages too (signed in, or by the personal link read
// back from the mail outbox). The demo's forms may be in the database as well, so assertions are
// about the tests' own forms.

// headBrno is a JMK head of another office, one more attendee for the feedback tests.
const headBrno = "radek.cermak@hnizdo.test"

// czech is a message as the pages show it in Czech.
func czech(key string, args ...any) string { return i18n.For("cs").T(key, args...) }

// --- The mail outbox: the personal links as attendees receive them. ----------------------------

// outbox is the directory the app writes its e-mails to.
type outbox struct {
	dir  string
	seen map[string]bool
}

func newOutbox(t *testing.T) *outbox { return &outbox{dir: t.TempDir(), seen: map[string]bool{}} }

// option makes the app write its e-mails to the outbox.
func (o *outbox) option(c *server.Config) { c.MailDir = o.dir }

var (
	mailTo   = regexp.MustCompile(`(?m)^To: (.+?)\r$`)
	mailLink = regexp.MustCompile(`http://hnizdo\.test/f/([A-Za-z0-9_-]+)`)
)

// links returns the personal links mailed since the last call, by recipient: the token of each.
func (o *outbox) links(t *testing.T) map[string]string {
	t.Helper()
	entries, err := os.ReadDir(o.dir)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for _, e := range entries {
		if o.seen[e.Name()] || !strings.HasSuffix(e.Name(), ".eml") {
			continue
		}
		o.seen[e.Name()] = true
		b, err := os.ReadFile(filepath.Join(o.dir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		to, link := mailTo.FindStringSubmatch(string(b)), mailLink.FindStringSubmatch(string(b))
		if to == nil || link == nil {
			t.Fatalf("mail %s has no recipient or no personal link:\n%s", e.Name(), b)
		}
		if _, twice := out[to[1]]; twice {
			t.Fatalf("%s got two links at once", to[1])
		}
		out[to[1]] = link[1]
	}
	return out
}

// --- Forms through the pages. --------------------------------------------------------------------

var formLocation = regexp.MustCompile(`^/feedback/(\d+)$`)

// standardTemplate is the id of the seeded "Hodnocení setkání" template shared by every region.
func standardTemplate(t *testing.T, app *servertest.App) string {
	t.Helper()
	return strconv.Itoa(dbInt(t, app, `SELECT id FROM feedback_forms WHERE is_template AND region_id IS NULL
		AND title = 'Hodnocení setkání' ORDER BY id LIMIT 1`))
}

// newFormValues is the new-form page as an organiser fills it in for meeting (may be "") from
// template; kv overrides fields.
func newFormValues(meeting, template string, kv ...string) url.Values {
	v := values("title", "Hodnocení setkání", "template", template, "anonymous", "1", "min_answers", "5",
		"intro", "Děkujeme, že nám pomůžete setkání zlepšit.")
	if meeting != "" {
		v.Set("meeting", meeting)
	}
	for i := 0; i+1 < len(kv); i += 2 {
		v.Set(kv[i], kv[i+1])
	}
	return v
}

// createForm posts the new-form page and returns the new form's id.
func createForm(t *testing.T, c *servertest.Client, v url.Values) string {
	t.Helper()
	res := c.PostForm("/feedback", v)
	m := formLocation.FindStringSubmatch(res.Header.Get("Location"))
	if res.StatusCode != http.StatusSeeOther || m == nil {
		t.Fatalf("create form %q: %d;%s", v.Get("title"), res.StatusCode, diagnose(res))
	}
	return m[1]
}

// formStep takes a lifecycle action through the builder's buttons.
func formStep(t *testing.T, c *servertest.Client, id, action string, want int) *goquery.Document {
	t.Helper()
	return expect(t, action+" form "+id, c.PostForm("/feedback/"+id+"/status", values("action", action)), want)
}

func formStatus(t *testing.T, app *servertest.App, id string) string {
	t.Helper()
	return dbString(t, app, `SELECT status FROM feedback_forms WHERE id = $1`, id)
}

// formQuestion is a question of a form's current version.
type formQuestion struct{ id, key, kind, label string }

func formQuestions(t *testing.T, app *servertest.App, form string) []formQuestion {
	t.Helper()
	rows, err := app.Pool.Query(context.Background(), `
		SELECT q.id::text, q.key, q.kind, q.label FROM feedback_questions q
		JOIN feedback_forms f ON f.id = q.form_id AND q.version = f.version
		WHERE f.id = $1 ORDER BY q.position, q.id`, form)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []formQuestion
	for rows.Next() {
		var q formQuestion
		if err := rows.Scan(&q.id, &q.key, &q.kind, &q.label); err != nil {
			t.Fatal(err)
		}
		out = append(out, q)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// questionID is the id of the question with key (of the standard template) in form's current
// version.
func questionID(t *testing.T, app *servertest.App, form, key string) string {
	t.Helper()
	for _, q := range formQuestions(t, app, form) {
		if q.key == key {
			return q.id
		}
	}
	t.Fatalf("form %s has no question %q", form, key)
	return ""
}

// reply is an answer to form as the answer page posts it: kv pairs a standard question's key
// with a value, sent as the question's field "q<ID>".
func reply(t *testing.T, app *servertest.App, form string, kv ...string) url.Values {
	t.Helper()
	ids := map[string]string{}
	for _, q := range formQuestions(t, app, form) {
		ids[q.key] = q.id
	}
	v := url.Values{}
	for i := 0; i+1 < len(kv); i += 2 {
		id, ok := ids[kv[i]]
		if !ok {
			t.Fatalf("form %s has no question %q", form, kv[i])
		}
		v.Add("q"+id, kv[i+1])
	}
	return v
}

// fullReply answers every required question of the standard template.
func fullReply(t *testing.T, app *servertest.App, form string, kv ...string) url.Values {
	t.Helper()
	return reply(t, app, form, append([]string{"benefit", "4", "atmosphere", "5", "organisation", "4", "regular", "Ano"}, kv...)...)
}

// feedbackAudits counts the history entries of form with action.
func feedbackAudits(t *testing.T, app *servertest.App, form, action string) int {
	t.Helper()
	return dbInt(t, app, `SELECT count(*) FROM audit_log WHERE object_type = 'feedback' AND object_id = $1 AND action = $2`, form, action)
}

func responses(t *testing.T, app *servertest.App, form string) int {
	t.Helper()
	return dbInt(t, app, `SELECT count(*) FROM feedback_responses WHERE form_id = $1`, form)
}

// answered says whether email's invitation to form is spent.
func answered(t *testing.T, app *servertest.App, form, email string) bool {
	t.Helper()
	return dbString(t, app, `SELECT answered::text FROM feedback_invites i JOIN users u ON u.id = i.user_id
		WHERE i.form_id = $1 AND u.email = $2`, form, email) == "true"
}

// publishedMeeting makes a meeting through the forms with the attendees registered and a
// published agenda of one item: the meeting is ready to be held. series may be "".
func publishedMeeting(t *testing.T, app *servertest.App, org *servertest.Client, title string, start time.Time, series string,
	attendees ...*servertest.Client) string {
	t.Helper()
	var kv []string
	if series != "" {
		kv = []string{"series_name", series}
	}
	id := createMeeting(t, org, newMeetingForm(title, start, kv...))
	step(t, org, id, "open", http.StatusSeeOther)
	for _, c := range attendees {
		register(t, c, id)
	}
	decide(t, org, propose(t, app, org, id, "Sdílení praxe: "+title), "accept")
	step(t, org, id, "publish", http.StatusSeeOther)
	return id
}

// holdMeeting moves a published meeting into the past and marks it held.
func holdMeeting(t *testing.T, app *servertest.App, org *servertest.Client, id string) {
	t.Helper()
	toPast(t, app, id)
	step(t, org, id, "hold", http.StatusSeeOther)
}

// answerByLink posts a reply through a personal link without a session.
func answerByLink(t *testing.T, app *servertest.App, token string, v url.Values) {
	t.Helper()
	link := "/f/" + token
	res := app.Client(t).PostForm(link, v)
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != link {
		t.Fatalf("answer by link: %d;%s", res.StatusCode, diagnose(res))
	}
}

// fact is the value of the fact labelled label on a page.
func fact(d *goquery.Document, label string) string {
	return strings.TrimSpace(d.Find("dl.facts dt").FilterFunction(func(_ int, s *goquery.Selection) bool {
		return strings.TrimSpace(s.Text()) == label
	}).First().Next().Text())
}

func checked(s *goquery.Selection) bool { return hasAttr(s, "checked") }

// --- The matrix's forms. ------------------------------------------------------------------------

// feedbackFixtures are the forms the role × route matrix (access_test.go) tries the feedback
// routes on, made through the pages by the JMK methodologist: an open form of a held JMK meeting
// with k = 3 and three answers, so its results and exports show, to which the matrix's JMK
// caseworker is invited and has not answered; and a closed stand-alone form, whose questions
// no longer change.
type feedbackFixtures struct {
	open, closed string // builder paths
	question     string // a question of the closed form
	token        string // the caseworker's personal link
}

func newFeedbackFixtures(t *testing.T, app *servertest.App, mail *outbox) feedbackFixtures {
	t.Helper()
	met := app.Login(t, metJMK)
	tpl := standardTemplate(t, app)
	meeting := publishedMeeting(t, app, met, "Matice přístupů: setkání se zpětnou vazbou", pragueDay(42, 9, 0), "",
		app.Login(t, cwJMK), app.Login(t, headJMK), app.Login(t, cwJMK2), app.Login(t, cwBrno))
	open := createForm(t, met, newFormValues(meeting, tpl, "min_answers", "3"))
	formStep(t, met, open, "ready", http.StatusSeeOther)
	holdMeeting(t, app, met, meeting)
	links := mail.links(t)
	for _, who := range []string{headJMK, cwJMK2, cwBrno} {
		answerByLink(t, app, links[who], fullReply(t, app, open))
	}
	if links[cwJMK] == "" {
		t.Fatal("the caseworker was not mailed a link")
	}
	closed := createForm(t, met, newFormValues("", tpl, "title", "Matice přístupů: po metodické návštěvě",
		"closes_at", local(pragueDay(30, 12, 0))))
	formStep(t, met, closed, "open", http.StatusSeeOther)
	formStep(t, met, closed, "close", http.StatusSeeOther)
	return feedbackFixtures{open: "/feedback/" + open, closed: "/feedback/" + closed,
		question: formQuestions(t, app, closed)[0].id, token: links[cwJMK]}
}

// --- Building a form. ----------------------------------------------------------------------------

// TestFeedbackBuilderHTTP: a coordinator makes the form of a meeting from the standard template
// (bad input first), adds a question of each kind (bad ones refused at their fields), reorders,
// removes and edits questions and changes the settings; every change is in the form's history.
func TestFeedbackBuilderHTTP(t *testing.T) {
	t.Parallel()
	app := servertest.Start(t)
	coord := app.Login(t, coordJMK)
	tpl := standardTemplate(t, app)
	const title = "Setkání OSPOD: dotazník na míru"
	meeting := createMeeting(t, coord, newMeetingForm(title, pragueDay(30, 9, 0)))

	// The meeting's feedback tab offers the standard template.
	d := expect(t, "new form", coord.Get("/feedback/new?meeting="+meeting), http.StatusOK)
	if got := testid(d, "for-meeting"); !strings.Contains(got, title) {
		t.Errorf("the new form does not name its meeting: %q", got)
	}
	if got := d.Find("#f-template option[selected]").AttrOr("value", ""); got != tpl {
		t.Errorf("preselected template %q, want the standard one %s", got, tpl)
	}

	// Bad input: each message at its field, what was typed kept, nothing stored.
	formsBefore := dbInt(t, app, `SELECT count(*) FROM feedback_forms`)
	const intro = "Úvod, který se nesmí ztratit: ěščřžýáíé."
	bad := newFormValues(meeting, tpl, "min_answers", "2", "closes_at", "příští pátek", "intro", intro)
	d = expect(t, "invalid form", coord.PostForm("/feedback", bad), http.StatusUnprocessableEntity)
	for field, key := range map[string]string{"min_answers": "feedback.err.k_range", "closes_at": "err.datetime"} {
		if got := testid(d, "error-"+field); !strings.Contains(got, czech(key)) {
			t.Errorf("message at %s: %q, want %q", field, got, czech(key))
		}
		if d.Find("#f-"+field).Closest(".field").Find(`[data-testid="error-`+field+`"]`).Length() != 1 {
			t.Errorf("the message of %s is not next to its field", field)
		}
	}
	if got := d.Find("#f-intro").Text(); got != intro {
		t.Errorf("intro not kept: %q", got)
	}
	for field, want := range map[string]string{"min_answers": "2", "closes_at": "příští pátek", "title": "Hodnocení setkání"} {
		if got := d.Find("#f-"+field).AttrOr("value", ""); got != want {
			t.Errorf("%s not kept: %q, want %q", field, got, want)
		}
	}
	if got := d.Find(`input[name="meeting"]`).AttrOr("value", ""); got != meeting {
		t.Errorf("the refused form lost its meeting: %q", got)
	}
	if n := dbInt(t, app, `SELECT count(*) FROM feedback_forms`); n != formsBefore {
		t.Fatalf("forms %d → %d after invalid input", formsBefore, n)
	}

	// The form: the template's questions, closing two weeks after the meeting ends.
	id := createForm(t, coord, newFormValues(meeting, tpl))
	href := "/feedback/" + id
	if n := dbInt(t, app, `SELECT count(*) FROM feedback_forms f JOIN meetings m ON m.id = f.meeting_id
		JOIN regions r ON r.id = f.region_id JOIN users u ON u.id = f.created_by
		WHERE f.id = $1 AND f.meeting_id = $2 AND f.status = 'draft' AND r.slug = 'JHM' AND u.email = $3
		AND f.closes_at = m.ends_at + interval '14 days' AND f.anonymous AND f.min_answers = 5`, id, meeting, coordJMK); n != 1 {
		t.Error("the form is not the meeting's anonymous JMK draft by the coordinator, closing 14 days after the meeting")
	}
	var keys []string
	for _, q := range formQuestions(t, app, id) {
		keys = append(keys, q.key)
	}
	if want := []string{"benefit", "atmosphere", "organisation", "useful_topic", "next_topics", "regular"}; !slices.Equal(keys, want) {
		t.Errorf("questions from the template %v, want %v", keys, want)
	}
	d = expect(t, "builder", coord.Get(href), http.StatusOK)
	if got := testid(d, "flash"); got != czech("feedback.done.create") {
		t.Errorf("flash after create: %q", got)
	}
	if got := testid(d, "form-status"); got != czech("feedback.status.draft") {
		t.Errorf("status badge %q", got)
	}
	if n := d.Find(`[data-testid="questions"] > li`).Length(); n != 6 {
		t.Errorf("the builder lists %d questions, want 6", n)
	}
	for _, a := range []string{"ready", "open"} {
		if d.Find(`[data-testid="action-`+a+`"]`).Length() != 1 {
			t.Errorf("a draft offers no %q button", a)
		}
	}

	// The coordinator's feedback page lists the form and the shared template.
	d = expect(t, "feedback", coord.Get("/feedback"), http.StatusOK)
	if d.Find(`[data-testid="forms"] a[href="`+href+`"]`).Length() != 1 || d.Find(`[data-testid="templates"] a[href="/feedback/`+tpl+`"]`).Length() != 1 {
		t.Error("the feedback page does not list the new form and the standard template")
	}

	// A meeting has one form: its tab and a second create both lead to it.
	if res := coord.Get("/feedback/new?meeting=" + meeting); res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != href {
		t.Errorf("the meeting's tab with a form: %d;%s", res.StatusCode, diagnose(res))
	}
	if res := coord.PostForm("/feedback", newFormValues(meeting, tpl)); res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != href {
		t.Errorf("a second form for the meeting: %d;%s", res.StatusCode, diagnose(res))
	}
	if n := dbInt(t, app, `SELECT count(*) FROM feedback_forms WHERE meeting_id = $1`, meeting); n != 1 {
		t.Fatalf("the meeting has %d forms", n)
	}

	t.Run("a question of each kind is added", func(t *testing.T) {
		adds := []url.Values{
			values("kind", "rating", "label", "Srozumitelnost výkladu", "low_label", "nesrozumitelný", "high_label", "jasný", "required", "1"),
			values("kind", "nps", "label", "Doporučil(a) byste setkání kolegům?"),
			values("kind", "single", "label", "Vyhovuje vám čas konání?", "options", "Dopoledne\nOdpoledne"),
			values("kind", "multiple", "label", "Jaké formy setkání preferujete?", "options", "Prezenčně\r\nOnline\r\nKombinovaně"),
			values("kind", "short", "label", "Jedním slovem: setkání bylo…"),
			values("kind", "long", "label", "Co bychom měli příště udělat jinak?", "help", "Neuvádějte jména klientů."),
		}
		for _, v := range adds {
			res := coord.PostForm(href+"/questions", v)
			if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != href+"#add-question" {
				t.Fatalf("add %s question: %d;%s", v.Get("kind"), res.StatusCode, diagnose(res))
			}
		}
		qs := formQuestions(t, app, id)
		if len(qs) != 12 {
			t.Fatalf("%d questions after adding six", len(qs))
		}
		for i, v := range adds {
			if q := qs[6+i]; q.kind != v.Get("kind") || q.label != v.Get("label") {
				t.Errorf("question %d is %s %q, want %s %q", 7+i, q.kind, q.label, v.Get("kind"), v.Get("label"))
			}
		}
		for _, c := range []struct{ id, sql, want string }{
			{qs[6].id, `SELECT low_label || '|' || high_label || '|' || required FROM feedback_questions WHERE id = $1`, "nesrozumitelný|jasný|true"},
			{qs[8].id, `SELECT array_to_string(options, '|') FROM feedback_questions WHERE id = $1`, "Dopoledne|Odpoledne"},
			{qs[9].id, `SELECT array_to_string(options, '|') FROM feedback_questions WHERE id = $1`, "Prezenčně|Online|Kombinovaně"},
			{qs[11].id, `SELECT help FROM feedback_questions WHERE id = $1`, "Neuvádějte jména klientů."},
		} {
			if got := dbString(t, app, c.sql, c.id); got != c.want {
				t.Errorf("question %s stored %q, want %q", c.id, got, c.want)
			}
		}
		d := expect(t, "builder", coord.Get(href), http.StatusOK)
		if n := d.Find(`[data-testid="questions"] > li`).Length(); n != 12 {
			t.Errorf("the builder lists %d questions, want 12", n)
		}
	})

	t.Run("a bad question is refused at its field with the typed text kept", func(t *testing.T) {
		before := len(formQuestions(t, app, id))
		for _, c := range []struct {
			name        string
			v           url.Values
			field, key  string
			keptInputs  map[string]string
			keptOptions string
		}{
			{"empty label", values("kind", "short", "label", "   ", "help", "Nápověda, která se nesmí ztratit."),
				"label", "err.required", map[string]string{"help": "Nápověda, která se nesmí ztratit."}, ""},
			{"one option", values("kind", "single", "label", "Přijdete příště?", "options", "Ano"),
				"options", "feedback.err.options_few", map[string]string{"label": "Přijdete příště?"}, "Ano"},
		} {
			d := expect(t, c.name, coord.PostForm(href+"/questions", c.v), http.StatusUnprocessableEntity)
			add := d.Find(`[data-testid="add-form"]`)
			if got := strings.TrimSpace(add.Find(`[data-testid="error-` + c.field + `"]`).Text()); !strings.Contains(got, czech(c.key)) {
				t.Errorf("%s: message at %s in the add form: %q, want %q", c.name, c.field, got, czech(c.key))
			}
			if d.Find(`[data-testid="error-summary"] a[href="#f-`+c.field+`"]`).Length() != 1 {
				t.Errorf("%s: the error summary does not link to %s", c.name, c.field)
			}
			for field, want := range c.keptInputs {
				if got := add.Find("#f-"+field).AttrOr("value", ""); got != want {
					t.Errorf("%s: %s not kept: %q, want %q", c.name, field, got, want)
				}
			}
			if got := add.Find("#f-options").Text(); got != c.keptOptions {
				t.Errorf("%s: options not kept: %q, want %q", c.name, got, c.keptOptions)
			}
			if got := add.Find("#f-kind option[selected]").AttrOr("value", ""); got != c.v.Get("kind") {
				t.Errorf("%s: kind not kept: %q", c.name, got)
			}
		}
		if n := len(formQuestions(t, app, id)); n != before {
			t.Fatalf("questions %d → %d after refused input", before, n)
		}
	})

	t.Run("questions are reordered and removed", func(t *testing.T) {
		qs := formQuestions(t, app, id)
		last, prev := qs[len(qs)-1], qs[len(qs)-2]
		res := coord.PostForm(href+"/questions/"+last.id+"/move", values("delta", "-1"))
		if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != href+"#questions" {
			t.Fatalf("move up: %d;%s", res.StatusCode, diagnose(res))
		}
		qs = formQuestions(t, app, id)
		if qs[len(qs)-2].id != last.id || qs[len(qs)-1].id != prev.id {
			t.Errorf("after moving %q up the last two are %q, %q", last.label, qs[len(qs)-2].label, qs[len(qs)-1].label)
		}
		// The first question stays first; a step other than one place is not a form's.
		expect(t, "move the first up", coord.PostForm(href+"/questions/"+qs[0].id+"/move", values("delta", "-1")), http.StatusSeeOther)
		expect(t, "move by five", coord.PostForm(href+"/questions/"+qs[0].id+"/move", values("delta", "5")), http.StatusBadRequest)
		if got := formQuestions(t, app, id); got[0].id != qs[0].id {
			t.Error("the first question moved")
		}
		d := expect(t, "builder", coord.Get(href), http.StatusOK)
		if d.Find(`#question-`+qs[0].id+` button[name="delta"][value="-1"]`).Length() != 0 ||
			d.Find(`#question-`+prev.id+` button[name="delta"][value="1"]`).Length() != 0 {
			t.Error("the first question offers to move up or the last to move down")
		}

		res = coord.PostForm(href+"/questions/"+prev.id+"/delete", nil)
		if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != href+"#questions" {
			t.Fatalf("delete: %d;%s", res.StatusCode, diagnose(res))
		}
		if n := dbInt(t, app, `SELECT count(*) FROM feedback_questions WHERE id = $1`, prev.id); n != 0 {
			t.Error("the removed question is still stored")
		}
		if n := len(formQuestions(t, app, id)); n != len(qs)-1 {
			t.Errorf("%d questions after removing one of %d", n, len(qs))
		}
	})

	t.Run("an edit with errors reopens its form with the messages at the prefixed fields", func(t *testing.T) {
		var q formQuestion
		for _, x := range formQuestions(t, app, id) {
			if x.kind == "single" {
				q = x
			}
		}
		p := "q" + q.id + "-"
		const help = "Vyberte, co vám vyhovuje více."
		d := expect(t, "invalid edit", coord.PostForm(href+"/questions/"+q.id, values(p+"label", " ", p+"help", help, p+"options", "Jen jedna")),
			http.StatusUnprocessableEntity)
		li := d.Find("#question-" + q.id)
		if li.Find("details[open]").Length() != 1 || d.Find("details[open]").Length() != 1 {
			t.Errorf("the edit form is not the only one open (open here %d, on the page %d)",
				li.Find("details[open]").Length(), d.Find("details[open]").Length())
		}
		for field, key := range map[string]string{"label": "err.required", "options": "feedback.err.options_few"} {
			if got := strings.TrimSpace(li.Find(`[data-testid="error-` + p + field + `"]`).Text()); !strings.Contains(got, czech(key)) {
				t.Errorf("message at %s%s: %q, want %q", p, field, got, czech(key))
			}
			if li.Find(`[data-testid="error-summary"] a[href="#f-`+p+field+`"]`).Length() != 1 || d.Find("#f-"+p+field).Length() != 1 {
				t.Errorf("the edit form's error summary does not link to the field %s%s on the page", p, field)
			}
		}
		if got := li.Find("#f-"+p+"help").AttrOr("value", ""); got != help {
			t.Errorf("help not kept: %q", got)
		}
		if got := li.Find("#f-" + p + "options").Text(); got != "Jen jedna" {
			t.Errorf("options not kept: %q", got)
		}
		if got := dbString(t, app, `SELECT label FROM feedback_questions WHERE id = $1`, q.id); got != q.label {
			t.Errorf("the refused edit changed the label to %q", got)
		}

		// The page's own edit form, as a browser posts it.
		d = expect(t, "builder", coord.Get(href), http.StatusOK)
		f := formValues(d, `#question-`+q.id+` form[action="`+href+`/questions/`+q.id+`"]`)
		f.Set(p+"label", "Vyhovuje vám čas konání setkání?")
		expect(t, "edit", coord.PostForm(href+"/questions/"+q.id, f), http.StatusSeeOther)
		if got := dbString(t, app, `SELECT label || '|' || array_to_string(options, '|') FROM feedback_questions WHERE id = $1`, q.id); got != "Vyhovuje vám čas konání setkání?|Dopoledne|Odpoledne" {
			t.Errorf("saved question %q", got)
		}
	})

	t.Run("settings are refused at their field and then saved", func(t *testing.T) {
		d := expect(t, "builder", coord.Get(href), http.StatusOK)
		s := formValues(d, `[data-testid="settings-form"]`)
		s.Set("min_answers", "2")
		s.Set("title", "Hodnocení setkání na míru")
		d = expect(t, "k = 2", coord.PostForm(href, s), http.StatusUnprocessableEntity)
		form := d.Find(`[data-testid="settings-form"]`)
		if got := strings.TrimSpace(form.Find(`[data-testid="error-min_answers"]`).Text()); !strings.Contains(got, czech("feedback.err.k_range")) {
			t.Errorf("message at min_answers: %q", got)
		}
		if got := form.Find("#f-title").AttrOr("value", ""); got != "Hodnocení setkání na míru" {
			t.Errorf("title not kept: %q", got)
		}
		s.Set("min_answers", "3")
		expect(t, "settings", coord.PostForm(href, s), http.StatusSeeOther)
		if n := dbInt(t, app, `SELECT count(*) FROM feedback_forms WHERE id = $1 AND title = 'Hodnocení setkání na míru'
			AND min_answers = 3 AND lock_version = 2`, id); n != 1 {
			t.Error("the settings were not saved once")
		}
	})

	t.Run("every change is in the form's history by the coordinator", func(t *testing.T) {
		for action, want := range map[string]int{"feedback.create": 1, "feedback.question_add": 6, "feedback.question_move": 1,
			"feedback.question_delete": 1, "feedback.question_save": 1, "feedback.save": 1} {
			if n := feedbackAudits(t, app, id, action); n != want {
				t.Errorf("%d %s entries, want %d", n, action, want)
			}
		}
		if n := dbInt(t, app, `SELECT count(*) FROM audit_log a JOIN users u ON u.id = a.actor_id
			WHERE a.object_type = 'feedback' AND a.object_id = $1 AND u.email = $2`, id, coordJMK); n != 11 {
			t.Errorf("%d entries by the coordinator, want 11", n)
		}
	})
}

// --- Answering. ----------------------------------------------------------------------------------

// TestFeedbackAnswerHTTP: a ready form opens when its meeting is held and invites the attendees;
// a signed-in attendee answers from the prompt on the home page, another by the personal link
// without a session; bad input is refused with the typed answers kept; an invalid link, a missing
// invitation and a passed deadline are Czech pages; a second submit is harmless.
func TestFeedbackAnswerHTTP(t *testing.T) {
	t.Parallel()
	mail := newOutbox(t)
	app := servertest.Start(t, mail.option)
	coord, cw := app.Login(t, coordJMK), app.Login(t, cwJMK)
	meeting := publishedMeeting(t, app, coord, "Setkání OSPOD: odpovědi účastníků", pragueDay(20, 9, 0), "",
		cw, app.Login(t, headJMK), app.Login(t, cwJMK2))
	id := createForm(t, coord, newFormValues(meeting, standardTemplate(t, app)))
	href := "/feedback/" + id
	prompt := `[data-testid="attention"] a[href="` + href + `/answer"]`

	// Before the meeting is held the form cannot open; made ready, it waits for it.
	d := formStep(t, coord, id, "open", http.StatusConflict)
	if got := testid(d, "alert"); got != czech(string(feedback.ErrNotHeld)) {
		t.Errorf("opening before the meeting: %q", got)
	}
	formStep(t, coord, id, "ready", http.StatusSeeOther)
	if st := formStatus(t, app, id); st != "ready" {
		t.Fatalf("status %s after ready", st)
	}
	if got := testid(expect(t, "builder", coord.Get(href), http.StatusOK), "form-status"); got != czech("feedback.status.ready") {
		t.Errorf("status badge %q", got)
	}
	if n := dbInt(t, app, `SELECT count(*) FROM feedback_invites WHERE form_id = $1`, id); n != 0 || len(mail.links(t)) != 0 {
		t.Fatal("a ready form invited someone")
	}
	if expect(t, "home", cw.Get("/"), http.StatusOK).Find(prompt).Length() != 0 {
		t.Error("an attendee is prompted before the form opens")
	}

	// Holding the meeting opens the form and mails each attendee a personal link.
	holdMeeting(t, app, coord, meeting)
	if n := dbInt(t, app, `SELECT count(*) FROM feedback_forms WHERE id = $1 AND status = 'open' AND opened_at IS NOT NULL`, id); n != 1 {
		t.Fatalf("the form did not open with the meeting's hold (status %s)", formStatus(t, app, id))
	}
	if n := dbInt(t, app, `SELECT count(*) FROM audit_log a JOIN users u ON u.id = a.actor_id WHERE a.object_type = 'feedback'
		AND a.object_id = $1 AND a.action = 'feedback.open' AND a.from_state = 'ready' AND a.to_state = 'open' AND u.email = $2`, id, coordJMK); n != 1 {
		t.Error("the opening is not in the form's history as the coordinator's")
	}
	links := mail.links(t)
	if len(links) != 3 || links[cwJMK] == "" || links[headJMK] == "" || links[cwJMK2] == "" {
		t.Fatalf("links mailed to %v, want the three attendees", slices.Sorted(maps.Keys(links)))
	}
	if n := dbInt(t, app, `SELECT count(*) FROM feedback_invites WHERE form_id = $1 AND NOT answered`, id); n != 3 {
		t.Errorf("%d open invitations, want 3", n)
	}

	t.Run("a signed-in attendee answers from the prompt, which then goes", func(t *testing.T) {
		if expect(t, "home", cw.Get("/"), http.StatusOK).Find(prompt).Length() != 1 {
			t.Fatal("no prompt on the attendee's home page")
		}
		if expect(t, "feedback", cw.Get("/feedback"), http.StatusOK).Find(`[data-testid="pending-feedback"] a[href="`+href+`/answer"]`).Length() != 1 {
			t.Error("the form is not among the attendee's forms to answer")
		}
		d := expect(t, "answer page", cw.Get(href+"/answer"), http.StatusOK)
		if got := d.Find(`[data-testid="answer-form"]`).AttrOr("action", ""); got != href+"/answer" {
			t.Errorf("the answer form posts to %q", got)
		}
		if testid(d, "anonymous") != czech("feedback.anonymous_promise") {
			t.Error("the anonymous form does not say so")
		}
		res := cw.PostForm(href+"/answer", fullReply(t, app, id, "useful_topic", "Sdílení praxe mezi úřady"))
		if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/" {
			t.Fatalf("answer: %d;%s", res.StatusCode, diagnose(res))
		}
		home := expect(t, "home", cw.Get("/"), http.StatusOK)
		if got := testid(home, "flash"); got != czech("feedback.done.answer") {
			t.Errorf("flash after answering %q", got)
		}
		if home.Find(prompt).Length() != 0 {
			t.Error("the prompt is still on the home page")
		}
		if got := expect(t, "feedback", cw.Get("/feedback"), http.StatusOK).Find("#to-answer").Parent().Text(); !strings.Contains(got, czech("feedback.none_to_answer")) {
			t.Errorf("the feedback page still lists forms to answer: %q", strings.Join(strings.Fields(got), " "))
		}
		d = expect(t, "answered page", cw.Get(href+"/answer"), http.StatusOK)
		if testid(d, "notice") != czech("feedback.answered_thanks") || d.Find(`[data-testid="answer-form"]`).Length() != 0 {
			t.Error("the answered form is offered again")
		}
		if !answered(t, app, id, cwJMK) {
			t.Error("the invitation is not spent")
		}
		// Anonymous: no person, no time, and a history entry that names no one.
		if n := dbInt(t, app, `SELECT count(*) FROM feedback_responses WHERE form_id = $1 AND user_id IS NULL AND submitted_at IS NULL`, id); n != 1 {
			t.Errorf("%d anonymous responses, want 1", n)
		}
		if n := dbInt(t, app, `SELECT count(*) FROM audit_log WHERE object_type = 'feedback' AND object_id = $1
			AND action = 'feedback.answer' AND actor_id IS NULL AND NOT detail ? 'response'`, id); n != 1 {
			t.Error("the anonymous answer's history entry is missing or names someone")
		}
	})

	t.Run("by the personal link without a session bad input keeps what was typed", func(t *testing.T) {
		anon := app.Client(t)
		link := "/f/" + links[headJMK]
		d := expect(t, "link", anon.Get(link), http.StatusOK)
		if got := d.Find(`[data-testid="answer-form"]`).AttrOr("action", ""); got != link {
			t.Errorf("the answer form posts to %q", got)
		}
		atm, org := questionID(t, app, id, "atmosphere"), questionID(t, app, id, "organisation")
		benefit, regular := questionID(t, app, id, "benefit"), questionID(t, app, id, "regular")
		useful, next := questionID(t, app, id, "useful_topic"), questionID(t, app, id, "next_topics")
		const topics = "Případové konference\nSupervize pro malé týmy"
		typed := reply(t, app, id, "benefit", "4", "regular", "Možná", "useful_topic", "Spolupráce se školami", "next_topics", topics)

		// Required answers missing: the message at each, everything typed still there.
		d = expect(t, "required missing", anon.PostForm(link, typed), http.StatusUnprocessableEntity)
		for _, q := range []string{atm, org} {
			fs := d.Find(`[data-testid="question-q` + q + `"]`)
			if got := strings.TrimSpace(fs.Find(`[data-testid="error-q` + q + `"]`).Text()); !strings.Contains(got, czech("err.required")) {
				t.Errorf("message at question %s: %q", q, got)
			}
			if d.Find(`[data-testid="error-summary"] a[href="#f-q`+q+`"]`).Length() != 1 || d.Find("#f-q"+q).Length() != 1 {
				t.Errorf("the error summary does not link to question %s on the page", q)
			}
		}
		if !checked(d.Find(`input[name="q`+benefit+`"][value="4"]`)) || !checked(d.Find(`input[name="q`+regular+`"][value="Možná"]`)) {
			t.Error("the chosen answers are not checked any more")
		}
		if n := d.Find(`input[type="radio"][checked]`).Length(); n != 2 {
			t.Errorf("%d radios checked, want the 2 chosen", n)
		}
		if got := d.Find("#f-q"+useful).AttrOr("value", ""); got != "Spolupráce se školami" {
			t.Errorf("the short text is not kept: %q", got)
		}
		if got := d.Find("#f-q" + next).Text(); got != topics {
			t.Errorf("the long text is not kept: %q", got)
		}

		// A value off the scale.
		typed.Set("q"+atm, "7")
		typed.Set("q"+org, "3")
		d = expect(t, "out of range", anon.PostForm(link, typed), http.StatusUnprocessableEntity)
		if got := testid(d, "error-q"+atm); !strings.Contains(got, czech("feedback.err.range")) {
			t.Errorf("message at the rating of 7: %q", got)
		}
		if !checked(d.Find(`input[name="q` + org + `"][value="3"]`)) {
			t.Error("the valid rating is not kept next to the refused one")
		}

		// A birth number in a text answer.
		typed.Set("q"+atm, "5")
		const personal = "Klient s RČ 780123/4567 – jak postupovat"
		typed.Set("q"+next, personal)
		d = expect(t, "personal data", anon.PostForm(link, typed), http.StatusUnprocessableEntity)
		if got := testid(d, "error-q"+next); !strings.Contains(got, czech("feedback.err.personal_data")) {
			t.Errorf("message at the text with a birth number: %q", got)
		}
		if got := d.Find("#f-q" + next).Text(); got != personal {
			t.Errorf("the refused text is not kept for rewriting: %q", got)
		}
		if n := responses(t, app, id); n != 1 || answered(t, app, id, headJMK) {
			t.Fatalf("refused answers were stored (%d responses)", n)
		}

		// Valid: stored as typed, the link then says thank you.
		typed.Set("q"+next, topics)
		answerByLink(t, app, links[headJMK], typed)
		d = expect(t, "spent link", anon.Get(link), http.StatusOK)
		if testid(d, "notice") != czech("feedback.answered_thanks") || d.Find(`[data-testid="answer-form"]`).Length() != 0 {
			t.Error("the spent link offers the form again")
		}
		if n := dbInt(t, app, `SELECT count(*) FROM feedback_answers WHERE question_id = $1 AND text = $2`, next, topics); n != 1 {
			t.Error("the long text is not stored as typed")
		}
		if n := responses(t, app, id); n != 2 || !answered(t, app, id, headJMK) {
			t.Fatalf("%d responses after the link's answer", n)
		}

		// A second submit shows the thanks and counts once.
		d = expect(t, "second submit", anon.PostForm(link, typed), http.StatusOK)
		if testid(d, "notice") != czech("feedback.answered_thanks") {
			t.Errorf("second submit: %q", testid(d, "notice"))
		}
		if n := responses(t, app, id); n != 2 {
			t.Errorf("%d responses after a second submit, want 2", n)
		}
	})

	t.Run("an invalid link or a missing invitation is a Czech page", func(t *testing.T) {
		anon := app.Client(t)
		for what, res := range map[string]servertest.Response{
			"GET":  anon.Get("/f/neplatny-odkaz"),
			"POST": anon.PostForm("/f/neplatny-odkaz", values("q1", "5")),
		} {
			if got := testid(expect(t, what+" invalid link", res, http.StatusNotFound), "notice"); got != czech(string(feedback.ErrBadLink)) {
				t.Errorf("%s invalid link: %q", what, got)
			}
		}
		other := app.Login(t, metPAK)
		for what, res := range map[string]servertest.Response{
			"GET":  other.Get(href + "/answer"),
			"POST": other.PostForm(href+"/answer", fullReply(t, app, id)),
		} {
			if got := testid(expect(t, what+" not invited", res, http.StatusNotFound), "notice"); got != czech(string(feedback.ErrNotInvited)) {
				t.Errorf("%s without an invitation: %q", what, got)
			}
		}
		if n := responses(t, app, id); n != 2 {
			t.Errorf("%d responses, want 2", n)
		}
	})

	t.Run("after the deadline the link and the prompt say so", func(t *testing.T) {
		cw2 := app.Login(t, cwJMK2)
		if expect(t, "home", cw2.Get("/"), http.StatusOK).Find(prompt).Length() != 1 {
			t.Fatal("no prompt before the deadline")
		}
		if _, err := app.Pool.Exec(context.Background(), `UPDATE feedback_forms SET closes_at = now() - interval '1 minute' WHERE id = $1`, id); err != nil {
			t.Fatal(err)
		}
		if expect(t, "home", cw2.Get("/"), http.StatusOK).Find(prompt).Length() != 0 {
			t.Error("the prompt outlives the deadline")
		}
		anon := app.Client(t)
		link := "/f/" + links[cwJMK2]
		d := expect(t, "link after the deadline", anon.Get(link), http.StatusConflict)
		if testid(d, "notice") != czech(string(feedback.ErrClosed)) || d.Find(`[data-testid="answer-form"]`).Length() != 0 {
			t.Errorf("the link after the deadline: %q", testid(d, "notice"))
		}
		d = expect(t, "answer after the deadline", anon.PostForm(link, fullReply(t, app, id)), http.StatusConflict)
		if n := strings.Count(d.Find("main").Text(), czech(string(feedback.ErrClosed))); n != 1 {
			t.Errorf("a late answer is refused with the Czech message %d times, want once", n)
		}
		expect(t, "signed in after the deadline", cw2.Get(href+"/answer"), http.StatusConflict)
		if n := responses(t, app, id); n != 2 || answered(t, app, id, cwJMK2) {
			t.Errorf("a late answer was stored (%d responses)", n)
		}
	})
}

// --- Results, changes after answers, exports, carrying topics. -----------------------------------

// TestFeedbackResultsHTTP: results stay hidden below k (no charts, no exports) and appear at the
// k-th answer with charts and data tables; the report prints them; the exports are Czech Excel
// CSV and a workbook; "topics for next time" become proposals of the next meeting once; a
// question changed after answers makes version 2 and the results add both up; settings refuse a
// changed anonymity and a stale save, keeping what was typed.
func TestFeedbackResultsHTTP(t *testing.T) {
	t.Parallel()
	mail := newOutbox(t)
	app := servertest.Start(t, mail.option)
	coord, met := app.Login(t, coordJMK), app.Login(t, metJMK)
	const series = "Hodnocení setkání – testovací řada"
	meeting := publishedMeeting(t, app, coord, "Setkání OSPOD: výsledky", pragueDay(20, 9, 0), series,
		app.Login(t, cwJMK), app.Login(t, headJMK), app.Login(t, cwJMK2), app.Login(t, cwBrno), app.Login(t, headBrno), met)
	const nextTitle = "Setkání OSPOD: příští v řadě"
	next := createMeeting(t, coord, newMeetingForm(nextTitle, pragueDay(50, 9, 0), "series_name", series))
	id := createForm(t, coord, newFormValues(meeting, standardTemplate(t, app)))
	href := "/feedback/" + id
	formStep(t, coord, id, "ready", http.StatusSeeOther)
	holdMeeting(t, app, coord, meeting)
	links := mail.links(t)

	// Five answers by link; benefit 5, 4, 4, 3, 5: mean 4.2, median 4.
	answers := [][]string{
		{"benefit", "5", "atmosphere", "5", "organisation", "4", "regular", "Ano", "next_topics", "Spolupráce se školami\nSupervize pro malé týmy"},
		{"benefit", "4", "atmosphere", "5", "organisation", "3", "regular", "Ano", "next_topics", "Případové konference", "useful_topic", "Výměna zkušeností mezi úřady"},
		{"benefit", "4", "atmosphere", "4", "organisation", "5", "regular", "Možná"},
		{"benefit", "3", "atmosphere", "4", "organisation", "4", "regular", "Ano"},
		{"benefit", "5", "atmosphere", "5", "organisation", "4", "regular", "Ne"},
	}
	by := []string{cwJMK, headJMK, cwJMK2, cwBrno, headBrno}
	for i := range 4 {
		answerByLink(t, app, links[by[i]], reply(t, app, id, answers[i]...))
	}
	benefit, org := questionID(t, app, id, "benefit"), questionID(t, app, id, "organisation")
	downloads := []string{"/answers.csv", "/summary.csv", "/results.xlsx"}

	t.Run("below k the results are hidden and nothing is exported", func(t *testing.T) {
		for _, page := range []string{"/results", "/report"} {
			d := expect(t, page, coord.Get(href+page), http.StatusOK)
			if got := testid(d, "hidden"); got != czech("feedback.hidden", "5", "4") {
				t.Errorf("%s below k: %q", page, got)
			}
			if n := d.Find(`svg[role="img"]`).Length() + d.Find(`[data-testid^="stat-"]`).Length(); n != 0 {
				t.Errorf("%s below k shows %d charts or results", page, n)
			}
			if n := d.Find(`[data-testid^="export-"]`).Length(); n != 0 {
				t.Errorf("%s below k offers %d exports", page, n)
			}
		}
		for _, x := range downloads {
			d := expect(t, x+" below k", coord.Get(href+x), http.StatusConflict)
			if d == nil || testid(d, "alert") != czech(string(feedback.ErrTooFew)) {
				t.Errorf("%s below k is not the results page with the Czech message", x)
			}
		}
	})

	answerByLink(t, app, links[by[4]], reply(t, app, id, answers[4]...))

	t.Run("at k the charts and their data tables appear with the response rate", func(t *testing.T) {
		d := expect(t, "results", coord.Get(href+"/results"), http.StatusOK)
		if d.Find(`[data-testid="hidden"]`).Length() != 0 {
			t.Fatal("results still hidden at k")
		}
		for _, key := range []string{"benefit", "atmosphere", "organisation", "regular"} {
			s := d.Find(`[data-testid="stat-` + questionID(t, app, id, key) + `"]`)
			if s.Find(`svg[role="img"]`).Length() != 1 || s.Find("table tbody tr").Length() == 0 {
				t.Errorf("%s: no chart with a data table", key)
			}
		}
		s := d.Find(`[data-testid="stat-` + benefit + `"]`)
		meta := strings.Join(strings.Fields(s.Find(".note__meta").First().Text()), " ")
		for _, want := range []string{czech("feedback.count", "5"), czech("feedback.mean", "4,2"), czech("feedback.median", "4,0")} {
			if !strings.Contains(meta, want) {
				t.Errorf("benefit: %q lacks %q", meta, want)
			}
		}
		got := map[string]string{}
		s.Find("table tbody tr").Each(func(_ int, r *goquery.Selection) {
			got[strings.TrimSpace(r.Find("th").Text())] = strings.TrimSpace(r.Find("td").First().Text())
		})
		for label, n := range map[string]string{"1": "0", "2": "0", "3": "1", "4": "2", "5": "2"} {
			if got[label] != n {
				t.Errorf("benefit table: %s chosen %q times, want %s", label, got[label], n)
			}
		}
		if got := fact(d, czech("feedback.rate")); got != czech("feedback.percent", i18n.For("cs").Decimal(100*5.0/6)) {
			t.Errorf("response rate %q (5 answers of 6 attendees)", got)
		}
		if got := fact(d, czech("feedback.attended")); got != "6" {
			t.Errorf("attended %q", got)
		}
		texts := d.Find(`[data-testid="stat-` + questionID(t, app, id, "useful_topic") + `"]`).Text()
		if !strings.Contains(texts, "Výměna zkušeností mezi úřady") {
			t.Error("the text answer is not listed")
		}
		for _, x := range []string{"xlsx", "answers", "summary"} {
			if d.Find(`[data-testid="export-`+x+`"]`).Length() != 1 {
				t.Errorf("no %s export offered at k", x)
			}
		}
	})

	t.Run("a caseworker who answered cannot see the results, another region's methodologist is told they do not exist", func(t *testing.T) {
		cw, other := app.Login(t, cwJMK), app.Login(t, metPAK)
		for _, page := range append([]string{"", "/results", "/report"}, downloads...) {
			d := expect(t, "caseworker on "+page, cw.Get(href+page), http.StatusForbidden)
			if d == nil || !strings.Contains(d.Text(), czech("err.forbidden.title")) {
				t.Errorf("caseworker on %s: not the Czech 403 page", page)
			}
			expect(t, "PAK methodologist on "+page, other.Get(href+page), http.StatusNotFound)
		}
		if expect(t, "feedback", cw.Get("/feedback"), http.StatusOK).Find(`[data-testid="forms"], [data-testid="templates"]`).Length() != 0 {
			t.Error("the caseworker's feedback page lists the region's forms")
		}
	})

	t.Run("the printable report has the results and no forms or buttons", func(t *testing.T) {
		d := expect(t, "report", coord.Get(href+"/report"), http.StatusOK)
		main := d.Find("main")
		if n := main.Find("form, button").Length(); n != 0 {
			t.Errorf("the report has %d forms or buttons", n)
		}
		if main.Find(`[data-testid="exports"]`).Length() != 0 {
			t.Error("the report offers downloads")
		}
		if n := main.Find(`svg[role="img"]`).Length(); n != 4 {
			t.Errorf("the report has %d charts, want 4", n)
		}
	})

	t.Run("the exports are Czech Excel CSV and a two-sheet workbook", func(t *testing.T) {
		res := coord.Get(href + "/answers.csv")
		if res.StatusCode != http.StatusOK || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/csv") ||
			!strings.HasPrefix(res.Header.Get("Content-Disposition"), "attachment") {
			t.Fatalf("answers.csv: %d %q %q", res.StatusCode, res.Header.Get("Content-Type"), res.Header.Get("Content-Disposition"))
		}
		rows := readCSV(t, res.Body)
		if len(rows) != 6 {
			t.Fatalf("answers.csv has %d rows, want a header and 5", len(rows))
		}
		if rows[0][0] != "Přínos setkání pro mou praxi" || !slices.Contains(rows[0], "Máte zájem o pravidelná setkání?") ||
			slices.Contains(rows[0], "Jméno") || slices.Contains(rows[0], "Verze formuláře") {
			t.Errorf("answers.csv header %q", rows[0])
		}
		// Fewer than k wrote topics for next time: an anonymous export leaves the column blank,
		// so those few answers are not tied to their writers' other answers.
		topicsCol := slices.Index(rows[0], "Témata pro příští setkání")
		for _, r := range rows[1:] {
			if topicsCol < 0 || r[topicsCol] != "" {
				t.Errorf("answers.csv row %q shows a question fewer than k answered", r)
			}
		}

		rows = readCSV(t, expectBody(t, coord, href+"/summary.csv"))
		if len(rows) == 0 || rows[0][0] != "Otázka" {
			t.Fatalf("summary.csv header %q", rows)
		}
		var line []string
		for _, r := range rows {
			if r[0] == "Přínos setkání pro mou praxi" {
				line = r
			}
		}
		if len(line) < 5 || line[1] != "hodnocení 1–5" || line[2] != "5" || line[3] != "4,20" || line[4] != "4,00" {
			t.Errorf("summary.csv benefit row %q", line)
		}

		x, err := excelize.OpenReader(strings.NewReader(expectBody(t, coord, href+"/results.xlsx")))
		if err != nil {
			t.Fatalf("xlsx: %v", err)
		}
		defer x.Close()
		if got := x.GetSheetList(); !slices.Equal(got, []string{"Odpovědi", "Souhrn"}) {
			t.Errorf("sheets %q", got)
		}
		sheet, err := x.GetRows("Odpovědi")
		if err != nil || len(sheet) != 6 {
			t.Fatalf("answers sheet: %d rows (%v)", len(sheet), err)
		}
		col := slices.Index(sheet[0], "Přínos setkání pro mou praxi")
		var got []string
		for _, r := range sheet[1:] {
			if col >= 0 && col < len(r) {
				got = append(got, r[col])
			}
		}
		slices.Sort(got)
		if !slices.Equal(got, []string{"3", "4", "4", "5", "5"}) {
			t.Errorf("benefit column %q", got)
		}
		if sum, err := x.GetRows("Souhrn"); err != nil || len(sum) < 2 || sum[0][0] != "Otázka" {
			t.Errorf("summary sheet %q (%v)", sum, err)
		}
	})

	t.Run("topics for next time become proposals of the next meeting once", func(t *testing.T) {
		d := expect(t, "results", coord.Get(href+"/results"), http.StatusOK)
		carry := d.Find(`[data-testid="carry-form"]`)
		if !strings.Contains(carry.Find("legend").Text(), nextTitle) {
			t.Errorf("the carry form does not name the next meeting: %q", carry.Find("legend").Text())
		}
		picks := formValues(d, `[data-testid="carry-form"]`)
		if len(picks["pick"]) != 2 {
			t.Fatalf("%d answers offered to carry, want 2", len(picks["pick"]))
		}
		res := coord.PostForm(href+"/carry", picks)
		if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/meetings/"+next+"/topics" {
			t.Fatalf("carry: %d;%s", res.StatusCode, diagnose(res))
		}
		rows, err := app.Pool.Query(context.Background(), `SELECT t.title, t.status, u.email FROM topics t JOIN users u ON u.id = t.proposed_by
			WHERE t.meeting_id = $1 ORDER BY t.title`, next)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for rows.Next() {
			var title, status, by string
			if err := rows.Scan(&title, &status, &by); err != nil {
				t.Fatal(err)
			}
			got = append(got, title+"|"+status+"|"+by)
		}
		rows.Close()
		want := []string{"Případové konference|proposed|" + coordJMK, "Spolupráce se školami|proposed|" + coordJMK,
			"Supervize pro malé týmy|proposed|" + coordJMK}
		if !slices.Equal(got, want) {
			t.Errorf("topics of the next meeting %q, want %q", got, want)
		}
		if n := dbInt(t, app, `SELECT count(*) FROM feedback_answers WHERE question_id = $1 AND carried`, questionID(t, app, id, "next_topics")); n != 2 {
			t.Errorf("%d answers marked carried, want 2", n)
		}
		if !strings.Contains(expect(t, "next topics", coord.Get("/meetings/"+next+"/topics"), http.StatusOK).Text(), "Supervize pro malé týmy") {
			t.Error("the carried topic is not on the next meeting's topics page")
		}

		// The same post again adds nothing.
		res = coord.PostForm(href+"/carry", picks)
		if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != href+"/results" {
			t.Errorf("second carry: %d;%s", res.StatusCode, diagnose(res))
		}
		if n := dbInt(t, app, `SELECT count(*) FROM topics WHERE meeting_id = $1`, next); n != 3 {
			t.Errorf("%d topics after carrying twice, want 3", n)
		}
		d = expect(t, "results", coord.Get(href+"/results"), http.StatusOK)
		if got := testid(d, "alert"); got != czech("feedback.carried_none") {
			t.Errorf("second carry's warning %q", got)
		}
		if d.Find(`[data-testid="carry-form"] input[name="pick"]`).Length() != 0 || d.Find(`[data-status="carried"]`).Length() != 2 {
			t.Error("carried answers are offered again or not marked")
		}
		if feedbackAudits(t, app, id, "feedback.carry") != 1 {
			t.Error("carrying is not in the form's history once")
		}
	})

	t.Run("a question changed after answers makes version 2 and the results add both up", func(t *testing.T) {
		d := expect(t, "builder", coord.Get(href), http.StatusOK)
		if got := testid(d, "frozen"); got != czech("feedback.frozen", 1) {
			t.Errorf("frozen notice %q", got)
		}
		p := "q" + org + "-"
		f := formValues(d, `#question-`+org+` form[action="`+href+`/questions/`+org+`"]`)
		const label = "Organizace a dodržení programu"
		f.Set(p+"label", label)
		expect(t, "edit a frozen question", coord.PostForm(href+"/questions/"+org, f), http.StatusSeeOther)
		if n := dbInt(t, app, `SELECT version FROM feedback_forms WHERE id = $1`, id); n != 2 {
			t.Fatalf("version %d after the edit, want 2", n)
		}
		if n := dbInt(t, app, `SELECT count(*) FROM feedback_questions WHERE form_id = $1 AND version = 2`, id); n != 6 {
			t.Errorf("version 2 has %d questions, want 6", n)
		}
		if n := dbInt(t, app, `SELECT count(*) FROM feedback_questions WHERE form_id = $1 AND version = 2 AND origin_id = $2 AND label = $3`, id, org, label); n != 1 {
			t.Error("version 2 has no changed copy of the question")
		}
		if got := dbString(t, app, `SELECT label FROM feedback_questions WHERE id = $1`, org); got != "Organizace setkání" {
			t.Errorf("the answered version's question changed to %q", got)
		}
		if n := dbInt(t, app, `SELECT count(*) FROM audit_log WHERE object_type = 'feedback' AND object_id = $1
			AND action = 'feedback.version' AND from_state = '1' AND to_state = '2'`, id); n != 1 {
			t.Error("the new version is not in the history")
		}
		if expect(t, "builder", coord.Get(href), http.StatusOK).Find(`[data-testid="frozen"]`).Length() != 0 {
			t.Error("version 2 without answers is shown as frozen")
		}
		d = expect(t, "results", coord.Get(href+"/results"), http.StatusOK)
		s := d.Find(`[data-testid="stat-` + org + `"]`)
		if got := strings.TrimSpace(s.Find("h2").Text()); got != label {
			t.Errorf("results show the question as %q", got)
		}
		if !strings.Contains(s.Text(), czech("feedback.count", "5")) {
			t.Error("the version-1 answers are not counted")
		}

		// The sixth attendee answers version 2, signed in; the results add the versions up.
		expect(t, "answer version 2", met.PostForm(href+"/answer", reply(t, app, id, answers[0]...)), http.StatusSeeOther)
		if n := dbInt(t, app, `SELECT count(*) FROM feedback_responses WHERE form_id = $1 AND version = 2`, id); n != 1 {
			t.Fatalf("%d responses to version 2", n)
		}
		d = expect(t, "results", coord.Get(href+"/results"), http.StatusOK)
		for _, q := range []string{benefit, org} {
			if !strings.Contains(d.Find(`[data-testid="stat-`+q+`"] .note__meta`).Text(), czech("feedback.count", "6")) {
				t.Errorf("question %s does not count the answers of both versions", q)
			}
		}
		if got := testid(expect(t, "builder", coord.Get(href), http.StatusOK), "frozen"); got != czech("feedback.frozen", 2) {
			t.Errorf("frozen notice after an answer to version 2: %q", got)
		}
	})

	t.Run("settings refuse a changed anonymity and a stale save keeping the typed values", func(t *testing.T) {
		d := expect(t, "builder", coord.Get(href), http.StatusOK)
		s := formValues(d, `[data-testid="settings-form"]`)
		s.Del("anonymous")
		s.Set("title", "Hodnocení setkání se jmény")
		s.Set("min_answers", "7")
		d = expect(t, "anonymity changed", coord.PostForm(href, s), http.StatusConflict)
		if got := testid(d, "alert"); got != czech(string(feedback.ErrPromised)) {
			t.Errorf("anonymity change: %q", got)
		}
		form := d.Find(`[data-testid="settings-form"]`)
		if form.Find("#f-title").AttrOr("value", "") != "Hodnocení setkání se jmény" || form.Find("#f-min_answers").AttrOr("value", "") != "7" ||
			checked(form.Find("#f-anonymous")) {
			t.Error("the refused settings are not kept as typed")
		}
		if n := dbInt(t, app, `SELECT count(*) FROM feedback_forms WHERE id = $1 AND anonymous AND title = 'Hodnocení setkání' AND min_answers = 5`, id); n != 1 {
			t.Fatal("the refused settings were stored")
		}

		// Two organisers with the same page: the later save is refused, its values kept.
		d = expect(t, "builder", coord.Get(href), http.StatusOK)
		first, second := formValues(d, `[data-testid="settings-form"]`), formValues(d, `[data-testid="settings-form"]`)
		first.Set("intro", "Děkujeme za vaše odpovědi.")
		expect(t, "first save", met.PostForm(href, first), http.StatusSeeOther)
		second.Set("title", "Hodnocení podzimního setkání")
		d = expect(t, "stale save", coord.PostForm(href, second), http.StatusConflict)
		if got := testid(d, "alert"); got != czech(string(feedback.ErrStale)) {
			t.Errorf("stale save: %q", got)
		}
		if got := d.Find(`[data-testid="settings-form"] #f-title`).AttrOr("value", ""); got != "Hodnocení podzimního setkání" {
			t.Errorf("the stale save's title is not kept: %q", got)
		}
		if got := dbString(t, app, `SELECT title || '|' || intro FROM feedback_forms WHERE id = $1`, id); got != "Hodnocení setkání|Děkujeme za vaše odpovědi." {
			t.Fatalf("after a stale save: %q", got)
		}
		// As the message says, saving the kept values again goes through.
		again := formValues(d, `[data-testid="settings-form"]`)
		expect(t, "save again", coord.PostForm(href, again), http.StatusSeeOther)
		if got := dbString(t, app, `SELECT title FROM feedback_forms WHERE id = $1`, id); got != "Hodnocení podzimního setkání" {
			t.Errorf("saving again stored %q", got)
		}
	})
}

// expectBody downloads path and returns its body, which must come with 200.
func expectBody(t *testing.T, c *servertest.Client, path string) string {
	t.Helper()
	res := c.Get(path)
	if res.StatusCode != http.StatusOK {
		t.Fatalf("%s: %d;%s", path, res.StatusCode, diagnose(res))
	}
	return res.Body
}

// TestFeedbackStandaloneHTTP: after a methodological visit the coordinator asks one office's
// staff (no meeting): the new-form page offers the region's offices; opening invites that
// office's staff only, who find the form on their home page. A template made on the
// templates page is then offered for new forms. A k that is not a number is refused at its field.
func TestFeedbackStandaloneHTTP(t *testing.T) {
	t.Parallel()
	mail := newOutbox(t)
	app := servertest.Start(t, mail.option)
	coord := app.Login(t, coordJMK)
	tpl := standardTemplate(t, app)
	slapanice := officeID(t, app, "Městský úřad Šlapanice")

	d := expect(t, "new stand-alone form", coord.Get("/feedback/new"), http.StatusOK)
	if d.Find(`#f-office option[value="`+slapanice+`"]`).Length() != 1 {
		t.Fatal("the new-form page does not offer the region's office")
	}
	if d.Find(`#f-office option[value="`+officeID(t, app, "Městský úřad Žamberk")+`"]`).Length() != 0 {
		t.Error("the new-form page offers another region's office")
	}

	t.Run("a k that is not a number is refused at its field, the input kept", func(t *testing.T) {
		before := dbInt(t, app, `SELECT count(*) FROM feedback_forms`)
		d := expect(t, "k of letters", coord.PostForm("/feedback", newFormValues("", tpl, "office", slapanice, "min_answers", "pět")),
			http.StatusUnprocessableEntity)
		if got := testid(d, "error-min_answers"); !strings.Contains(got, czech("feedback.err.k_range")) {
			t.Errorf("message at k: %q", got)
		}
		if got := d.Find("#f-min_answers").AttrOr("value", ""); got != "pět" {
			t.Errorf("typed k not kept: %q", got)
		}
		if n := dbInt(t, app, `SELECT count(*) FROM feedback_forms`); n != before {
			t.Errorf("a form was stored: %d → %d", before, n)
		}
	})

	t.Run("opening invites the office's staff, who answer from their home page", func(t *testing.T) {
		form := createForm(t, coord, newFormValues("", tpl, "title", "Po metodické návštěvě Šlapanic", "office", slapanice,
			"closes_at", local(pragueDay(14, 12, 0))))
		formStep(t, coord, form, "open", http.StatusSeeOther)
		staff := dbInt(t, app, `SELECT count(*) FROM users WHERE office_id = $1 AND active`, slapanice)
		if n := dbInt(t, app, `SELECT count(*) FROM feedback_invites WHERE form_id = $1`, form); n != staff || staff == 0 {
			t.Fatalf("%d invited, want the office's %d staff", n, staff)
		}
		if n := dbInt(t, app, `SELECT count(*) FROM feedback_invites i JOIN users u ON u.id = i.user_id
			WHERE i.form_id = $1 AND u.office_id <> $2`, form, slapanice); n != 0 {
			t.Errorf("%d people of other offices invited", n)
		}
		if links := mail.links(t); links[cwJMK] == "" || links[cwPAK] != "" {
			t.Errorf("mailed links %v", slices.Collect(maps.Keys(links)))
		}
		cw := app.Login(t, cwJMK)
		home := expect(t, "home", cw.Get("/"), http.StatusOK)
		if home.Find(`a[href="/feedback/`+form+`/answer"]`).Length() != 1 {
			t.Fatal("no prompt on the home page")
		}
		res := cw.PostForm("/feedback/"+form+"/answer", fullReply(t, app, form))
		if res.StatusCode != http.StatusSeeOther || responses(t, app, form) != 1 || !answered(t, app, form, cwJMK) {
			t.Fatalf("answer: %d;%s", res.StatusCode, diagnose(res))
		}
		other := app.Login(t, cwPAK)
		expect(t, "another office", other.Get("/feedback/"+form+"/answer"), http.StatusNotFound)
	})

	t.Run("a template made on the templates page is offered for new forms", func(t *testing.T) {
		res := coord.PostForm("/feedback", values("title", "Po metodické návštěvě", "template_form", "1", "anonymous", "1", "min_answers", "5"))
		m := formLocation.FindStringSubmatch(res.Header.Get("Location"))
		if res.StatusCode != http.StatusSeeOther || m == nil {
			t.Fatalf("create template: %d;%s", res.StatusCode, diagnose(res))
		}
		tid := m[1]
		if got := dbString(t, app, `SELECT is_template::text || ':' || region_id::text FROM feedback_forms WHERE id = $1`, tid); got != "true:"+regionID(t, app, "JHM") {
			t.Fatalf("template stored as %q", got)
		}
		expect(t, "add question", coord.PostForm("/feedback/"+tid+"/questions",
			values("kind", "rating", "label", "Přínos návštěvy", "required", "1", "low_label", "žádný", "high_label", "velký")), http.StatusSeeOther)
		d := expect(t, "builder of the template", coord.Get("/feedback/"+tid), http.StatusOK)
		if d.Find(`[data-testid^="action-"]`).Length() != 0 {
			t.Error("a template offers lifecycle actions")
		}
		d = expect(t, "new form", coord.Get("/feedback/new"), http.StatusOK)
		if d.Find(`#f-template option[value="`+tid+`"]`).Length() != 1 {
			t.Fatal("the new template is not offered")
		}
		form := createForm(t, coord, newFormValues("", tid, "title", "Návštěva Kuřim"))
		if qs := formQuestions(t, app, form); len(qs) != 1 || qs[0].label != "Přínos návštěvy" {
			t.Errorf("questions from the template: %+v", qs)
		}
	})
}
