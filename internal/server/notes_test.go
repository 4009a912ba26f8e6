package server_test

import (
	"bytes"
	"context"
	"fmt"
	"mime"
	"mime/multipart"
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

	"hnizdo.cz/hnizdo/internal/server"
	"hnizdo.cz/hnizdo/internal/server/servertest"
)

// Demo logins used by the notes tests.
const (
	cwJMK    = "pracovnik.slapanice@hnizdo.test" // caseworker, Šlapanice (JMK) — author of the test drafts
	headJMK  = "eva.kucerova@hnizdo.test"        // head, Šlapanice: a colleague of the author
	headPAK  = "vedouci.zamberk@hnizdo.test"     // head, Žamberk (PAK)
	cwPAK    = "pracovnik.lanskroun@hnizdo.test" // caseworker, Lanškroun (PAK)
	metJMK   = "metodik.jmk@hnizdo.test"
	metPAK   = "metodik.pak@hnizdo.test"
	coordJMK = "sitar.jmk@hnizdo.test"
	admin    = "admin@hnizdo.test"

	bindingTitle = "Metodický pokyn: zápis z případové konference" // the demo's binding guidance (JMK, by metodik.jmk)
	fosterTitle  = "Návštěvy v pěstounských rodinách: jak z povinné kontroly udělat užitečný rozhovor"
)

// dbInt runs a query returning one integer.
func dbInt(t *testing.T, app *servertest.App, sql string, args ...any) int {
	t.Helper()
	var n int
	if err := app.Pool.QueryRow(context.Background(), sql, args...).Scan(&n); err != nil {
		t.Fatalf("%s: %v", sql, err)
	}
	return n
}

// dbString runs a query returning one text.
func dbString(t *testing.T, app *servertest.App, sql string, args ...any) string {
	t.Helper()
	var s string
	if err := app.Pool.QueryRow(context.Background(), sql, args...).Scan(&s); err != nil {
		t.Fatalf("%s: %v", sql, err)
	}
	return s
}

func noteByTitle(t *testing.T, app *servertest.App, title string) string {
	t.Helper()
	return strconv.Itoa(dbInt(t, app, `SELECT id FROM notes WHERE title = $1`, title))
}

func noteStatus(t *testing.T, app *servertest.App, id string) string {
	t.Helper()
	return dbString(t, app, `SELECT status FROM notes WHERE id = $1`, id)
}

// noteValues is the editor's form as a person fills it in.
func noteValues(title, body string) url.Values {
	return url.Values{"title": {title}, "summary": {"Krátké shrnutí pro výsledky hledání."}, "body": {body},
		"areas": {"6", "9"}, "tags": {"Pěstounská péče, návštěvy"}}
}

// createNote posts the new-note form and returns the new note's id.
func createNote(t *testing.T, c *servertest.Client, title, body string) string {
	t.Helper()
	return createNoteFrom(t, c, noteValues(title, body))
}

// createNoteFrom posts the new-note form filled in with v and returns the new note's id.
func createNoteFrom(t *testing.T, c *servertest.Client, v url.Values) string {
	t.Helper()
	res := c.PostForm("/notes", v)
	m := regexp.MustCompile(`^/notes/(\d+)/edit$`).FindStringSubmatch(res.Header.Get("Location"))
	if res.StatusCode != http.StatusSeeOther || m == nil {
		t.Fatalf("create %q: %d Location %q", v.Get("title"), res.StatusCode, res.Header.Get("Location"))
	}
	return m[1]
}

// publishNote creates a clean note by author, submits it and has reviewer publish it.
func publishNote(t *testing.T, app *servertest.App, author, reviewer *servertest.Client, title, body string) string {
	t.Helper()
	id := createNote(t, author, title, body)
	publishDraft(t, app, author, reviewer, id)
	return id
}

// publishDraft has author submit the draft id and reviewer publish it.
func publishDraft(t *testing.T, app *servertest.App, author, reviewer *servertest.Client, id string) {
	t.Helper()
	if res := author.PostForm("/notes/"+id+"/status", url.Values{"action": {"submit"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("submit: %d", res.StatusCode)
	}
	if res := reviewer.PostForm("/notes/"+id+"/status", url.Values{"action": {"publish"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("publish: %d", res.StatusCode)
	}
	if s := noteStatus(t, app, id); s != "published" {
		t.Fatalf("status after publishing: %s", s)
	}
}

// formValues collects what a browser would send for the form sel (without its buttons).
func formValues(d *goquery.Document, sel string) url.Values {
	v := url.Values{}
	d.Find(sel).First().Find("input, textarea, select").Each(func(_ int, s *goquery.Selection) {
		name := s.AttrOr("name", "")
		if _, other := s.Attr("form"); name == "" || other {
			return // a field of another form (the form attribute) is not sent with this one
		}
		switch goquery.NodeName(s) {
		case "textarea":
			v.Add(name, s.Text())
		case "select":
			opt := s.Find("option[selected]")
			if opt.Length() == 0 {
				opt = s.Find("option").First()
			}
			v.Add(name, opt.AttrOr("value", opt.Text()))
		default:
			switch s.AttrOr("type", "text") {
			case "checkbox", "radio":
				if _, ok := s.Attr("checked"); !ok {
					return
				}
			case "file", "submit", "button", "reset", "image":
				return
			}
			v.Add(name, s.AttrOr("value", ""))
		}
	})
	return v
}

// upload posts a file to a note's upload form as multipart, with the same-origin headers a
// browser sends.
func upload(t *testing.T, app *servertest.App, c *servertest.Client, noteID, name string, data []byte) servertest.Response {
	t.Helper()
	var body bytes.Buffer
	w := multipart.NewWriter(&body)
	part, err := w.CreateFormFile("file", name)
	if err != nil {
		t.Fatal(err)
	}
	part.Write(data)
	w.Close()
	req, _ := http.NewRequest("POST", app.URL+"/notes/"+noteID+"/files", &body)
	req.Header.Set("Content-Type", w.FormDataContentType())
	req.Header.Set("Origin", app.URL)
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	return c.Do(req)
}

// smallPDF is a minimal file the upload check takes for a PDF.
var smallPDF = []byte("%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n")

// TestNoteObjectAccess: who may see and change a draft, a submitted note, an attachment and
// the acknowledgement list, object by object; refused changes leave the database as it was.
func TestNoteObjectAccess(t *testing.T) {
	t.Parallel()
	app := servertest.Start(t)
	clients := map[string]*servertest.Client{}
	for _, who := range []string{cwJMK, headJMK, headPAK, cwPAK, metJMK, metPAK, coordJMK, admin, "marketa.vesela@hnizdo.test"} {
		clients[who] = app.Login(t, who)
	}
	author := clients[cwJMK]
	draft := createNote(t, author, "Koncept: první kontakt s rodinou", "Text konceptu o prvním kontaktu s rodinou.")
	if res := upload(t, app, author, draft, "Osnova.pdf", smallPDF); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("upload: %d", res.StatusCode)
	}
	file := strconv.Itoa(dbInt(t, app, `SELECT file_id FROM note_files WHERE note_id = $1`, draft))
	submitted := createNote(t, author, "Odeslaná poznámka o spolupráci se školou", "Text o spolupráci se školou.")
	if res := author.PostForm("/notes/"+submitted+"/status", url.Values{"action": {"submit"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("submit: %d", res.StatusCode)
	}
	binding := noteByTitle(t, app, bindingTitle)
	plain := noteByTitle(t, app, fosterTitle)
	acksBefore := dbInt(t, app, `SELECT count(*) FROM note_acks`)

	d, s := "/notes/"+draft, "/notes/"+submitted
	save := noteValues("Cizí úprava", "Cizí text.")
	save.Set("version", "1")
	publish := url.Values{"action": {"publish"}}
	ret := url.Values{"action": {"return"}, "comment": {"Doplňte prosím."}}
	mark := url.Values{"kind": {"name"}, "text": {"Jana"}, "reason": {"Není to klientka."}}
	const (
		ok        = http.StatusOK
		redirect  = http.StatusSeeOther
		forbidden = http.StatusForbidden
		notFound  = http.StatusNotFound
		conflict  = http.StatusConflict
	)
	type check struct {
		method, path string
		form         url.Values
		want         map[string]int
	}
	// The draft is invisible to everyone but its author and the region's reviewers.
	draftRead := map[string]int{cwJMK: ok, metJMK: ok, admin: ok,
		headJMK: notFound, headPAK: notFound, cwPAK: notFound, metPAK: notFound, coordJMK: notFound}
	checks := []check{
		{"GET", d, nil, draftRead},
		{"GET", d + "/print", nil, draftRead},
		{"GET", d + "/history", nil, draftRead},
		{"GET", "/files/" + file, nil, draftRead},
		{"GET", d + "/edit", nil, map[string]int{cwJMK: ok, metJMK: forbidden, admin: forbidden,
			headJMK: notFound, headPAK: notFound, cwPAK: notFound, metPAK: notFound, coordJMK: notFound}},
		{"POST", d, save, map[string]int{metJMK: forbidden, admin: forbidden, headJMK: notFound, metPAK: notFound, cwPAK: notFound}},
		{"POST", d + "/marks", mark, map[string]int{metJMK: forbidden, admin: forbidden, headJMK: notFound, metPAK: notFound}},
		{"POST", d + "/status", publish, map[string]int{cwJMK: forbidden, metJMK: conflict, metPAK: notFound, cwPAK: notFound, headJMK: notFound}},
		{"POST", d + "/status", url.Values{"action": {"submit"}}, map[string]int{metJMK: forbidden, metPAK: notFound, headJMK: notFound}},
		{"POST", d + "/useful", url.Values{"useful": {"1"}}, map[string]int{cwJMK: conflict, metJMK: conflict, metPAK: notFound}},
		{"POST", d + "/comments", url.Values{"body": {"Komentář ke konceptu."}}, map[string]int{cwJMK: conflict, metPAK: notFound}},
		{"POST", "/files/" + file + "/delete", nil, map[string]int{metJMK: forbidden, admin: forbidden, metPAK: notFound, headJMK: notFound, cwPAK: notFound}},
		// A submitted note is published or returned by the region's reviewers only.
		{"GET", s, nil, map[string]int{cwJMK: ok, metJMK: ok, admin: ok, headJMK: notFound, metPAK: notFound, cwPAK: notFound}},
		{"POST", s + "/status", publish, map[string]int{cwJMK: forbidden, metPAK: notFound, cwPAK: notFound, headJMK: notFound,
			"marketa.vesela@hnizdo.test": notFound, coordJMK: notFound}},
		{"POST", s + "/status", ret, map[string]int{cwJMK: forbidden, metPAK: notFound, cwPAK: notFound, headJMK: notFound}},
		{"POST", s + "/status", url.Values{"action": {"withdraw"}}, map[string]int{metJMK: forbidden, admin: forbidden, metPAK: notFound}},
		{"GET", s + "/edit", nil, map[string]int{cwJMK: forbidden, metJMK: ok, admin: ok, metPAK: notFound}},
		// Who has acknowledged binding guidance: the region's reviewers and heads.
		{"GET", "/notes/" + binding + "/acks", nil, map[string]int{metJMK: ok, admin: ok, headJMK: ok,
			headPAK: forbidden, metPAK: forbidden, cwJMK: forbidden, coordJMK: forbidden, cwPAK: forbidden}},
		{"GET", "/notes/" + plain + "/acks", nil, map[string]int{metJMK: forbidden, admin: forbidden, headJMK: forbidden}},
		{"GET", "/notes/999999", nil, map[string]int{admin: notFound, cwJMK: notFound}},
	}
	for _, ch := range checks {
		for who, want := range ch.want {
			t.Run(ch.method+" "+ch.path+" as "+who, func(t *testing.T) {
				c := clients[who]
				var res servertest.Response
				if ch.method == "GET" {
					res = c.Get(ch.path)
				} else {
					res = c.PostForm(ch.path, ch.form)
				}
				if res.StatusCode != want {
					t.Fatalf("got %d, want %d (Location %q)", res.StatusCode, want, res.Header.Get("Location"))
				}
				switch want {
				case notFound:
					if !strings.Contains(res.Body, "Stránka nenalezena") || strings.Contains(res.Body, "Koncept: první kontakt") {
						t.Fatal("404 page is not the Czech one, or it shows the note")
					}
				case conflict:
					if !strings.Contains(testid(doc(t, res.Body), "alert"), "To teď nejde") {
						t.Fatal("409 page does not say why")
					}
				case forbidden:
					if !strings.Contains(res.Body, "Přístup odepřen") {
						t.Fatal("403 page is not the Czech one")
					}
				}
			})
		}
	}
	// Uploading to someone else's draft.
	if res := upload(t, app, clients[metJMK], draft, "Cizi.pdf", smallPDF); res.StatusCode != forbidden {
		t.Errorf("upload by the reviewer to a draft: %d", res.StatusCode)
	}
	if res := upload(t, app, clients[metPAK], draft, "Cizi.pdf", smallPDF); res.StatusCode != notFound {
		t.Errorf("upload by another region: %d", res.StatusCode)
	}

	// Nothing the refused requests asked for happened.
	if st := noteStatus(t, app, draft); st != "draft" {
		t.Errorf("draft is %s", st)
	}
	if st := noteStatus(t, app, submitted); st != "submitted" {
		t.Errorf("submitted note is %s", st)
	}
	if n := dbInt(t, app, `SELECT version FROM notes WHERE id = $1`, draft); n != 1 {
		t.Errorf("draft version %d, want 1", n)
	}
	if n := dbInt(t, app, `SELECT count(*) FROM note_versions WHERE note_id = $1`, draft); n != 1 {
		t.Errorf("draft has %d versions", n)
	}
	if n := dbInt(t, app, `SELECT count(*) FROM note_files WHERE note_id = $1`, draft); n != 1 {
		t.Errorf("draft has %d files, want 1", n)
	}
	if n := dbInt(t, app, `SELECT count(*) FROM note_pii_marks WHERE note_id = $1`, draft); n != 0 {
		t.Errorf("%d marks on the draft", n)
	}
	if n := dbInt(t, app, `SELECT count(*) FROM note_useful WHERE note_id = $1`, draft) + dbInt(t, app, `SELECT count(*) FROM note_comments WHERE note_id = $1`, draft); n != 0 {
		t.Errorf("%d useful marks or comments on the draft", n)
	}
	if n := dbInt(t, app, `SELECT count(*) FROM note_acks`); n != acksBefore {
		t.Errorf("acknowledgements changed: %d → %d", acksBefore, n)
	}
	if n := dbInt(t, app, `SELECT downloads FROM files WHERE id = $1`, file); n != 3 {
		t.Errorf("downloads %d, want 3 (author, metodik.jmk, admin)", n)
	}
	if n := dbInt(t, app, `SELECT count(*) FROM audit_log WHERE object_type = 'note' AND object_id::text = ANY($1)
		AND action NOT IN ('note.create', 'note.submit')`, []string{draft, submitted}); n != 0 {
		t.Errorf("%d audit entries of refused changes", n)
	}
}

// TestNoteFlow: a note goes from the editor through the personal-data guard and review to
// publication, is found by a colleague of another region and marked useful.
func TestNoteFlow(t *testing.T) {
	t.Parallel()
	app := servertest.Start(t)
	ctx := context.Background()
	author := app.Login(t, cwJMK)
	before := dbInt(t, app, `SELECT count(*) FROM notes`)

	const title = "Víkendová pohotovost: společná návštěva s doprovázející organizací"
	body := "## Postup\n\nPři návštěvě byla přítomna matka Jana a dítě.\n\nRodné číslo 045612/1236 jsme do spisu zapsali až po návštěvě.\n"
	res := author.PostForm("/notes", noteValues(title, body))
	m := regexp.MustCompile(`^/notes/(\d+)/edit$`).FindStringSubmatch(res.Header.Get("Location"))
	if res.StatusCode != http.StatusSeeOther || m == nil {
		t.Fatalf("create: %d %q", res.StatusCode, res.Header.Get("Location"))
	}
	id := m[1]
	href := "/notes/" + id
	if n := dbInt(t, app, `SELECT count(*) FROM notes`); n != before+1 {
		t.Fatalf("notes %d → %d", before, n)
	}
	var tags []string
	var areas []int16
	var status string
	if err := app.Pool.QueryRow(ctx, `SELECT status, tags, area_ids FROM notes WHERE id = $1`, id).Scan(&status, &tags, &areas); err != nil {
		t.Fatal(err)
	}
	if status != "draft" || strings.Join(tags, "|") != "pěstounská péče|návštěvy" || fmt.Sprint(areas) != "[6 9]" {
		t.Fatalf("stored: %s %q %v", status, tags, areas)
	}

	// The editor shows what the guard found right after the first save.
	d := doc(t, author.Get(href+"/edit").Body)
	if testid(d, "flash") != "Uloženo jako nová verze." {
		t.Errorf("flash %q", testid(d, "flash"))
	}
	if d.Find(`[data-testid="finding"][data-kind="birth_number"]`).Length() != 1 || d.Find(`[data-testid="finding"][data-kind="name"]`).Length() != 1 {
		t.Fatalf("findings in the editor: %q", d.Find(`[data-testid="finding"]`).Text())
	}

	// Submitting with open findings is refused; the note stays a draft.
	form := formValues(d, "form.note-form")
	if form.Get("version") != "1" || form.Get("body") != strings.TrimRight(body, "\n") {
		t.Fatalf("editor form: version %q body %q", form.Get("version"), form.Get("body"))
	}
	form.Set("do", "submit")
	res = author.PostForm(href, form)
	if res.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("submit with findings: %d", res.StatusCode)
	}
	d = doc(t, res.Body)
	if d.Find(`[data-testid="finding"]`).Length() != 2 || testid(d, "error-body") == "" || testid(d, "error-summary") == "" {
		t.Fatalf("blocked submit page: findings %d, error %q", d.Find(`[data-testid="finding"]`).Length(), testid(d, "error-body"))
	}
	if !strings.Contains(d.Find(`[data-testid="finding"][data-kind="birth_number"]`).Text(), "045612/1236") {
		t.Error("the birth number finding does not show the number")
	}
	if st := noteStatus(t, app, id); st != "draft" {
		t.Fatalf("status after a blocked submit: %s", st)
	}

	// The author says the name is not personal data, through the finding's own form.
	markForm := d.Find(`form[id^="mark-"]`).FilterFunction(func(_ int, s *goquery.Selection) bool {
		return s.Find(`input[name="kind"]`).AttrOr("value", "") == "name"
	})
	if markForm.Length() != 1 || markForm.Find(`input[name="text"]`).AttrOr("value", "") != "Jana" {
		t.Fatalf("mark form for the name: %d", markForm.Length())
	}
	// Without a reason nothing is marked and the editor warns (not in the green success box).
	if res = author.PostForm(markForm.AttrOr("action", ""), url.Values{"kind": {"name"}, "text": {"Jana"}, "reason": {" "}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("mark without a reason: %d", res.StatusCode)
	}
	if got := doc(t, author.Get(href+"/edit").Body); !strings.Contains(testid(got, "alert"), "Napište prosím") || testid(got, "flash") != "" {
		t.Fatalf("mark without a reason: alert %q flash %q", testid(got, "alert"), testid(got, "flash"))
	}
	if n := dbInt(t, app, `SELECT count(*) FROM note_pii_marks WHERE note_id = $1`, id); n != 0 {
		t.Fatal("marked without a reason")
	}
	const reason = "Smyšlené jméno pro ilustraci, ne skutečná klientka."
	res = author.PostForm(markForm.AttrOr("action", ""), url.Values{"kind": {"name"}, "text": {"Jana"}, "reason": {reason}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("mark: %d", res.StatusCode)
	}
	if got := dbString(t, app, `SELECT reason FROM note_pii_marks WHERE note_id = $1 AND kind = 'name' AND text = 'Jana'`, id); got != reason {
		t.Fatalf("mark reason %q", got)
	}

	// Pseudonymise replaces the birth number and keeps the marked name.
	d = doc(t, author.Get(href+"/edit").Body)
	form = formValues(d, "form.note-form")
	form.Set("do", "pseudonymise")
	if res = author.PostForm(href, form); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("pseudonymise: %d", res.StatusCode)
	}
	stored := dbString(t, app, `SELECT body FROM notes WHERE id = $1`, id)
	if !strings.Contains(stored, "Rodné číslo [RČ] jsme") || strings.Contains(stored, "045612") || !strings.Contains(stored, "matka Jana") {
		t.Fatalf("pseudonymised body: %q", stored)
	}

	// Now the submit goes through.
	d = doc(t, author.Get(href+"/edit").Body)
	if d.Find(`[data-testid="finding"] [data-testid="mark"]`).Length() != 1 || testid(d, "pii-summary") != "" {
		t.Errorf("after pseudonymising: marks %d, summary %q", d.Find(`[data-testid="mark"]`).Length(), testid(d, "pii-summary"))
	}
	form = formValues(d, "form.note-form")
	form.Set("do", "submit")
	if res = author.PostForm(href, form); res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != href {
		t.Fatalf("submit: %d %q", res.StatusCode, res.Header.Get("Location"))
	}
	if st := noteStatus(t, app, id); st != "submitted" {
		t.Fatalf("status after submit: %s", st)
	}

	// The region's methodologist sees the author's mark and returns the note, with a comment.
	met := app.Login(t, metJMK)
	d = doc(t, met.Get(href).Body)
	if mk := testid(d, "mark"); !strings.Contains(mk, "Jana Nováková") || !strings.Contains(mk, reason) {
		t.Fatalf("reviewer sees mark %q", mk)
	}
	if d.Find(`[data-testid="action-publish"]`).Length() != 1 || d.Find(`[data-testid="action-return"]`).Length() != 1 {
		t.Fatal("reviewer has no publish/return buttons")
	}
	res = met.PostForm(href+"/status", url.Values{"action": {"return"}, "comment": {"  "}})
	if res.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("return without comment: %d", res.StatusCode)
	}
	d = doc(t, res.Body)
	if testid(d, "error-comment") == "" || testid(d, "error-summary") == "" {
		t.Fatal("return without comment: no message at the comment")
	}
	if st := noteStatus(t, app, id); st != "submitted" {
		t.Fatalf("status after a refused return: %s", st)
	}
	const why = "Doplňte prosím, jak jste dohodu s pěstouny zaznamenali."
	if res = met.PostForm(href+"/status", url.Values{"action": {"return"}, "comment": {why}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("return: %d", res.StatusCode)
	}
	if st, rc := noteStatus(t, app, id), dbString(t, app, `SELECT return_comment FROM notes WHERE id = $1`, id); st != "draft" || rc != why {
		t.Fatalf("after return: %s %q", st, rc)
	}
	// The author is told on the home page and in the editor.
	if a := doc(t, author.Get("/").Body).Find(`[data-testid="attention"]`).Text(); !strings.Contains(a, title) {
		t.Errorf("home page does not mention the returned note: %q", a)
	}
	if rc := testid(doc(t, author.Get(href+"/edit").Body), "return-comment"); !strings.Contains(rc, why) {
		t.Errorf("editor return comment %q", rc)
	}

	// Resubmit, publish.
	if res = author.PostForm(href+"/status", url.Values{"action": {"submit"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("resubmit: %d", res.StatusCode)
	}
	if st, rc := noteStatus(t, app, id), dbString(t, app, `SELECT return_comment FROM notes WHERE id = $1`, id); st != "submitted" || rc != "" {
		t.Fatalf("after resubmit: %s %q", st, rc)
	}
	if res = met.PostForm(href+"/status", url.Values{"action": {"publish"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("publish: %d", res.StatusCode)
	}
	if st := noteStatus(t, app, id); st != "published" || dbInt(t, app, `SELECT count(*) FROM notes WHERE id = $1 AND published_at IS NOT NULL`, id) != 1 {
		t.Fatalf("after publish: %s", st)
	}

	// A caseworker of another region finds it without diacritics and marks it useful.
	other := app.Login(t, cwPAK)
	d = doc(t, other.Get("/notes?q=vikendova+pohotovost").Body)
	if hit := d.Find(`[data-testid="hits"] a[href="` + href + `"]`); hit.Length() != 1 || hit.Text() != title {
		t.Fatalf("search did not find the note: %q", d.Find(`[data-testid="hits"]`).Text())
	}
	d = doc(t, other.Get(href).Body)
	if d.Find(`[data-testid="mark"], [data-testid="finding"]`).Length() != 0 {
		t.Error("a reader of another region sees the guard's findings")
	}
	if res = other.PostForm(href+"/useful", url.Values{"useful": {"1"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("useful: %d", res.StatusCode)
	}
	if n := dbInt(t, app, `SELECT useful_count FROM notes WHERE id = $1`, id); n != 1 {
		t.Fatalf("useful_count %d", n)
	}
	if got := testid(doc(t, other.Get(href).Body), "useful-count"); got != "1 člověk označil za užitečné" {
		t.Errorf("useful count on the page: %q", got)
	}

	// Every step is in the audit log, by whom it was taken.
	rows, err := app.Pool.Query(ctx, `SELECT a.action || ' ' || u.email || ' ' || a.from_state || '>' || a.to_state
		FROM audit_log a JOIN users u ON u.id = a.actor_id WHERE a.object_type = 'note' AND a.object_id = $1 ORDER BY a.id`, id)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for rows.Next() {
		var s string
		rows.Scan(&s)
		got = append(got, s)
	}
	want := []string{
		"note.create " + cwJMK + " >draft",
		// The blocked submit and the final one saved no version: the text had not changed.
		"note.mark_not_personal " + cwJMK + " draft>draft",
		"note.save " + cwJMK + " draft>draft", // pseudonymise
		"note.submit " + cwJMK + " draft>submitted",
		"note.return " + metJMK + " submitted>draft",
		"note.submit " + cwJMK + " draft>submitted",
		"note.publish " + metJMK + " submitted>published",
		"note.useful " + cwPAK + " >",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Fatalf("audit log:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if n := dbInt(t, app, `SELECT count(*) FROM note_versions WHERE note_id = $1`, id); n != 2 {
		t.Errorf("versions %d, want 2", n)
	}
}

// TestNoteEditor: the editor's refusals, on one application; each part uses its own note.
func TestNoteEditor(t *testing.T) {
	t.Parallel()
	app := servertest.Start(t)
	for name, fn := range map[string]func(*testing.T, *servertest.App){
		"invalid input": noteEditorFormErrors, "stale save": noteEditorStaleSave, "sanitised body": noteEditorBodyIsSanitised,
	} {
		t.Run(name, func(t *testing.T) { fn(t, app) }) // in turn: the first counts all notes
	}
}

// noteEditorFormErrors: an invalid note is refused field by field with the text kept, and
// nothing is stored.
func noteEditorFormErrors(t *testing.T, app *servertest.App) {
	c := app.Login(t, cwJMK)
	before := dbInt(t, app, `SELECT count(*) FROM notes`)
	const body = "Při šetření v rodině jsme se nejdřív ptali, co se **daří**.\nTeprve potom na obtíže."
	res := c.PostForm("/notes", url.Values{"title": {"  "}, "summary": {"Shrnutí s háčky: ěščřžýáíé"}, "body": {body}, "tags": {"šetření"}})
	if res.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("invalid note: %d", res.StatusCode)
	}
	d := doc(t, res.Body)
	if got := testid(d, "error-title"); !strings.Contains(got, "Vyplňte toto pole.") {
		t.Errorf("title message %q", got)
	}
	if got := testid(d, "error-areas"); !strings.Contains(got, "Vyberte alespoň jednu tematickou oblast.") {
		t.Errorf("areas message %q", got)
	}
	// The message sits inside the field's own block, and the summary links to the fields.
	if d.Find(`#f-title`).Closest(".field").Find(`[data-testid="error-title"]`).Length() != 1 ||
		d.Find(`#f-areas [data-testid="error-areas"]`).Length() != 1 {
		t.Error("messages are not next to their fields")
	}
	summary := d.Find(`[data-testid="error-summary"]`)
	if summary.Find(`a[href="#f-title"]`).Length() != 1 || summary.Find(`a[href="#f-areas"]`).Length() != 1 {
		t.Errorf("error summary: %q", summary.Text())
	}
	if got := d.Find("#f-body").Text(); got != body {
		t.Errorf("body not kept: %q", got)
	}
	if got := d.Find("#f-summary").Text(); got != "Shrnutí s háčky: ěščřžýáíé" {
		t.Errorf("summary not kept: %q", got)
	}
	if got := d.Find("#f-tags").AttrOr("value", ""); got != "šetření" {
		t.Errorf("tags not kept: %q", got)
	}
	if n := dbInt(t, app, `SELECT count(*) FROM notes`); n != before {
		t.Fatalf("notes %d → %d", before, n)
	}
}

// noteEditorStaleSave: two tabs edit the same version; the second save is refused with its
// text kept, and can be saved again once the author has seen the conflict.
func noteEditorStaleSave(t *testing.T, app *servertest.App) {
	tab1, tab2 := app.Login(t, cwJMK), app.Login(t, cwJMK)
	id := createNote(t, tab1, "Porada týmu: jak zkrátit zápis", "Původní text.")
	href := "/notes/" + id
	f1 := formValues(doc(t, tab1.Get(href+"/edit").Body), "form.note-form")
	f2 := formValues(doc(t, tab2.Get(href+"/edit").Body), "form.note-form")
	f1.Set("body", "Text z první záložky.")
	f2.Set("body", "Text z druhé záložky, který nesmí zmizet.")
	if res := tab1.PostForm(href, f1); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("first save: %d", res.StatusCode)
	}
	res := tab2.PostForm(href, f2)
	if res.StatusCode != http.StatusConflict {
		t.Fatalf("stale save: %d, want 409", res.StatusCode)
	}
	d := doc(t, res.Body)
	if got := d.Find("#f-body").Text(); got != "Text z druhé záložky, který nesmí zmizet." {
		t.Fatalf("the user's text is not kept: %q", got)
	}
	if !strings.Contains(testid(d, "error-summary"), "Mezitím poznámku uložil někdo jiný") {
		t.Errorf("conflict message: %q", testid(d, "error-summary"))
	}
	if n := dbInt(t, app, `SELECT count(*) FROM note_versions WHERE note_id = $1`, id); n != 2 {
		t.Fatalf("versions %d, want 2", n)
	}
	if got := dbString(t, app, `SELECT body FROM notes WHERE id = $1`, id); got != "Text z první záložky." {
		t.Fatalf("stored body %q", got)
	}
	// The message says to save again: the form on the conflict page does so.
	if res = tab2.PostForm(href, formValues(d, "form.note-form")); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("saving again from the conflict page: %d", res.StatusCode)
	}
	if got := dbString(t, app, `SELECT body FROM notes WHERE id = $1`, id); got != "Text z druhé záložky, který nesmí zmizet." {
		t.Fatalf("stored body after saving again %q", got)
	}
}

// noteEditorBodyIsSanitised: script, event handlers and javascript: links written into a note
// never reach the published page.
func noteEditorBodyIsSanitised(t *testing.T, app *servertest.App) {
	author, met := app.Login(t, cwJMK), app.Login(t, metJMK)
	body := "## Nadpis\n\n<script>alert(1)</script>\n\nObrázek <img src=\"x\" onerror=\"alert(2)\"> v textu.\n\n" +
		"[Odkaz](javascript:alert(3)), <a href=\"javascript:alert(4)\">druhý</a> a [třetí](JaVaScRiPt:alert(5)).\n\n" +
		"<p onclick=\"alert(6)\">Odstavec</p>\n\n<svg onload=\"alert(7)\"></svg>\n\n[bezpečný](https://example.cz)\n"
	id := publishNote(t, app, author, met, "Bezpečnost textu poznámky", body)
	res := app.Login(t, cwPAK).Get("/notes/" + id)
	if res.StatusCode != http.StatusOK {
		t.Fatalf("note page: %d", res.StatusCode)
	}
	nb := doc(t, res.Body).Find(`[data-testid="note-body"]`)
	if nb.Length() != 1 {
		t.Fatal("no note body")
	}
	if nb.Find("script, iframe, object, embed, svg").Length() != 0 {
		t.Fatalf("active element in the note body: %s", nb.Text())
	}
	nb.Find("*").Each(func(_ int, s *goquery.Selection) {
		for _, a := range s.Nodes[0].Attr {
			v := strings.ToLower(strings.Join(strings.Fields(a.Val), ""))
			if strings.HasPrefix(strings.ToLower(a.Key), "on") || strings.HasPrefix(v, "javascript:") {
				t.Errorf("<%s %s=%q> in the note body", goquery.NodeName(s), a.Key, a.Val)
			}
		}
	})
	if nb.Find(`h2`).Text() != "Nadpis" || nb.Find(`a[href="https://example.cz"]`).Length() != 1 {
		t.Error("ordinary Markdown is lost")
	}
}

// TestNoteAttachments: a PDF is stored and served as a download; a renamed executable and
// an oversized file are refused at the field, with nothing stored.
func TestNoteAttachments(t *testing.T) {
	t.Parallel()
	app := servertest.Start(t, func(c *server.Config) { c.MaxUpload = 64 << 10 })
	c := app.Login(t, cwJMK)
	id := createNote(t, c, "Koncept s přílohou", "Text konceptu.")
	files := func() int { return dbInt(t, app, `SELECT count(*) FROM files`) }
	before := files()

	const name = "Záznam z porady.pdf"
	res := upload(t, app, c, id, name, smallPDF)
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/notes/"+id+"/edit#files" {
		t.Fatalf("upload: %d %q", res.StatusCode, res.Header.Get("Location"))
	}
	fid := strconv.Itoa(dbInt(t, app, `SELECT file_id FROM note_files WHERE note_id = $1`, id))
	if got := dbString(t, app, `SELECT name || ' ' || mime || ' ' || size FROM files WHERE id = $1`, fid); got != name+" application/pdf "+strconv.Itoa(len(smallPDF)) {
		t.Fatalf("stored file: %q", got)
	}
	d := doc(t, c.Get("/notes/"+id+"/edit").Body)
	if link := d.Find(`[data-testid="files"] a[href="/files/` + fid + `"]`); link.Text() != name {
		t.Errorf("file list: %q", d.Find(`[data-testid="files"]`).Text())
	}

	res = c.Get("/files/" + fid)
	if res.StatusCode != http.StatusOK || res.Body != string(smallPDF) {
		t.Fatalf("download: %d, %d bytes", res.StatusCode, len(res.Body))
	}
	if ct := res.Header.Get("Content-Type"); ct != "application/pdf" {
		t.Errorf("Content-Type %q", ct)
	}
	disp, params, err := mime.ParseMediaType(res.Header.Get("Content-Disposition"))
	if err != nil || disp != "attachment" || params["filename"] != name {
		t.Errorf("Content-Disposition %q: %s %q %v", res.Header.Get("Content-Disposition"), disp, params, err)
	}
	if res.Header.Get("X-Content-Type-Options") != "nosniff" {
		t.Error("no nosniff")
	}
	if n := dbInt(t, app, `SELECT downloads FROM files WHERE id = $1`, fid); n != 1 {
		t.Errorf("downloads %d, want 1", n)
	}
	if dbInt(t, app, `SELECT count(*) FROM audit_log WHERE action = 'file.attach' AND object_id = $1`, fid) != 1 {
		t.Error("upload not audited")
	}

	refused := func(name string, data []byte, message string) {
		t.Helper()
		res := upload(t, app, c, id, name, data)
		if res.StatusCode != http.StatusUnprocessableEntity {
			t.Fatalf("%s: %d, want 422", name, res.StatusCode)
		}
		d := doc(t, res.Body)
		if got := testid(d, "error-file"); !strings.Contains(got, message) {
			t.Errorf("%s: message %q, want %q", name, got, message)
		}
		if n := files(); n != before+1 {
			t.Fatalf("%s: files %d, want %d", name, n, before+1)
		}
	}
	exe := append([]byte("MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00"), bytes.Repeat([]byte{0}, 200)...)
	refused("faktura.pdf", exe, "Tento typ souboru nelze přiložit.")
	refused("obrazek.pdf", []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), "Obsah souboru neodpovídá jeho příponě.")
	big := append(append([]byte(nil), smallPDF...), bytes.Repeat([]byte("x"), 64<<10)...)
	refused("velky.pdf", big, "Soubor je příliš velký.")

	// A body far over the limit is cut off before it is read.
	huge := append(append([]byte(nil), smallPDF...), bytes.Repeat([]byte("x"), 2<<20)...)
	res = upload(t, app, c, id, "obrovsky.pdf", huge)
	if res.StatusCode != http.StatusRequestEntityTooLarge && res.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("huge upload: %d", res.StatusCode)
	}
	if !strings.Contains(res.Body, "příliš velk") {
		t.Error("huge upload: no Czech message")
	}
	if n := files(); n != before+1 {
		t.Fatalf("huge upload stored: files %d", n)
	}
}

// TestNoteComments: personal data in a comment is refused with the text kept; replies; only
// the writer edits, only the region's reviewers hide.
func TestNoteComments(t *testing.T) {
	t.Parallel()
	app := servertest.Start(t)
	note := noteByTitle(t, app, fosterTitle) // published, JMK
	href := "/notes/" + note
	writer, replier := app.Login(t, cwPAK), app.Login(t, cwJMK)
	comments := func() int { return dbInt(t, app, `SELECT count(*) FROM note_comments WHERE note_id = $1`, note) }
	before := comments()

	const phone = "Zavolejte mi na 731 123 456, rád poradím."
	res := writer.PostForm(href+"/comments", url.Values{"body": {phone}})
	if res.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("comment with a phone: %d", res.StatusCode)
	}
	d := doc(t, res.Body)
	if got := d.Find("#f-new").Text(); got != phone {
		t.Errorf("text not kept: %q", got)
	}
	if got := d.Find("#e-new").Text(); !strings.Contains(got, "osobní údaje") || !strings.Contains(got, "731 123 456") {
		t.Errorf("message %q", got)
	}
	if comments() != before {
		t.Fatal("a comment with personal data was stored")
	}

	const text = "Děkuji, rozhovor s dítětem o samotě vyzkoušíme také."
	if res = writer.PostForm(href+"/comments", url.Values{"body": {text}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("comment: %d", res.StatusCode)
	}
	cid := strconv.Itoa(dbInt(t, app, `SELECT max(id) FROM note_comments WHERE note_id = $1`, note))
	if got := dbString(t, app, `SELECT body FROM note_comments WHERE id = $1`, cid); got != text {
		t.Fatalf("stored %q", got)
	}
	if res = replier.PostForm(href+"/comments", url.Values{"body": {"Rádi pomůžeme, ozvěte se nám."}, "parent": {cid}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("reply: %d", res.StatusCode)
	}
	if n := dbInt(t, app, `SELECT count(*) FROM note_comments WHERE parent_id = $1`, cid); n != 1 {
		t.Fatalf("replies %d", n)
	}

	// Only the writer edits a comment, and not into personal data.
	if res = replier.PostForm("/comments/"+cid, url.Values{"body": {"Přepsáno někým jiným."}}); res.StatusCode != http.StatusForbidden {
		t.Fatalf("editing someone else's comment: %d", res.StatusCode)
	}
	res = writer.PostForm("/comments/"+cid, url.Values{"body": {phone}})
	if res.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("editing in a phone number: %d", res.StatusCode)
	}
	if got := doc(t, res.Body).Find("#f-edit-" + cid).Text(); got != phone {
		t.Errorf("edited text not kept: %q", got)
	}
	if got := dbString(t, app, `SELECT body FROM note_comments WHERE id = $1`, cid); got != text {
		t.Fatalf("comment changed to %q", got)
	}

	// Hiding: not by another region's methodologist; the region's needs a reason.
	if res = app.Login(t, metPAK).PostForm("/comments/"+cid+"/hide", url.Values{"reason": {"Mimo téma."}}); res.StatusCode != http.StatusForbidden {
		t.Fatalf("hiding by metodik.pak: %d", res.StatusCode)
	}
	met := app.Login(t, metJMK)
	if res = met.PostForm("/comments/"+cid+"/hide", url.Values{"reason": {" "}}); res.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("hiding without a reason: %d", res.StatusCode)
	}
	if n := dbInt(t, app, `SELECT count(*) FROM note_comments WHERE id = $1 AND hidden_at IS NOT NULL`, cid); n != 0 {
		t.Fatal("hidden without a reason")
	}
	const why = "Příspěvek patří do jiné diskuse."
	if res = met.PostForm("/comments/"+cid+"/hide", url.Values{"reason": {why}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("hide: %d", res.StatusCode)
	}
	res = met.PostForm("/comments/"+cid+"/hide", url.Values{"reason": {"Podruhé."}})
	if res.StatusCode != http.StatusConflict || !strings.Contains(testid(doc(t, res.Body), "alert"), "To teď nejde") {
		t.Fatalf("hiding again: %d", res.StatusCode)
	}
	d = doc(t, writer.Get(href).Body)
	li := d.Find("#c" + cid)
	if got := li.Find(`[data-testid="comment-hidden"]`).Text(); !strings.Contains(got, why) {
		t.Errorf("hidden comment shows %q", got)
	}
	if strings.Contains(d.Find(`[data-testid="comments"]`).Text(), text) {
		t.Error("the hidden text is still on the page")
	}
	if dbInt(t, app, `SELECT count(*) FROM audit_log WHERE object_type = 'comment' AND object_id = $1 AND action = 'comment.hide'`, cid) != 1 {
		t.Error("hiding not audited")
	}
}

// TestNoteUsefulConcurrent: parallel clicks by one person count once; by several, each.
func TestNoteUsefulConcurrent(t *testing.T) {
	t.Parallel()
	app := servertest.Start(t)
	author, met := app.Login(t, cwJMK), app.Login(t, metJMK)
	one := publishNote(t, app, author, met, "Užitečnost jednou", "Text první poznámky.")
	many := publishNote(t, app, author, met, "Užitečnost třikrát", "Text druhé poznámky.")

	parallel := func(clients []*servertest.Client, id string) {
		t.Helper()
		var wg sync.WaitGroup
		statuses := make([]int, len(clients))
		for i, c := range clients {
			wg.Add(1)
			go func() {
				defer wg.Done()
				statuses[i] = c.PostForm("/notes/"+id+"/useful", url.Values{"useful": {"1"}}).StatusCode
			}()
		}
		wg.Wait()
		for _, s := range statuses {
			if s != http.StatusSeeOther {
				t.Fatalf("statuses %v", statuses)
			}
		}
	}
	reader := app.Login(t, cwPAK)
	same := make([]*servertest.Client, 10)
	for i := range same {
		same[i] = reader
	}
	parallel(same, one)
	if n := dbInt(t, app, `SELECT useful_count FROM notes WHERE id = $1`, one); n != 1 {
		t.Errorf("one person ×10: useful_count %d", n)
	}
	if n := dbInt(t, app, `SELECT count(*) FROM audit_log WHERE action = 'note.useful' AND object_id = $1`, one); n != 1 {
		t.Errorf("one person ×10: %d audit entries", n)
	}
	parallel([]*servertest.Client{reader, app.Login(t, headPAK), app.Login(t, metPAK)}, many)
	if n := dbInt(t, app, `SELECT useful_count FROM notes WHERE id = $1`, many); n != 3 {
		t.Errorf("three people: useful_count %d", n)
	}
	if n := dbInt(t, app, `SELECT count(*) FROM note_useful WHERE note_id = $1`, many); n != 3 {
		t.Errorf("three people: %d marks", n)
	}
}

// TestBindingGuidance: the region's staff are asked to acknowledge binding guidance until
// they do; other regions are not asked.
func TestBindingGuidance(t *testing.T) {
	t.Parallel()
	app := servertest.Start(t)
	id := noteByTitle(t, app, bindingTitle)
	href := "/notes/" + id
	c := app.Login(t, cwJMK)
	if a := doc(t, c.Get("/").Body).Find(`[data-testid="attention"]`).Text(); !strings.Contains(a, bindingTitle) {
		t.Fatalf("home page does not ask: %q", a)
	}
	d := doc(t, c.Get(href).Body)
	version := d.Find(`[data-testid="ack-box"] input[name="version"]`).AttrOr("value", "")
	if version == "" || version != strconv.Itoa(dbInt(t, app, `SELECT version FROM notes WHERE id = $1`, id)) {
		t.Fatalf("ack form version %q", version)
	}
	// An acknowledgement of an older version does not count.
	old := app.Login(t, "marketa.vesela@hnizdo.test")
	if res := old.PostForm(href+"/ack", url.Values{"version": {"999"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("stale ack: %d", res.StatusCode)
	}
	if n := dbInt(t, app, `SELECT count(*) FROM note_acks a JOIN users u ON u.id = a.user_id WHERE a.note_id = $1 AND u.email = 'marketa.vesela@hnizdo.test'`, id); n != 0 {
		t.Fatal("a stale acknowledgement was stored")
	}

	if res := c.PostForm(href+"/ack", url.Values{"version": {version}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("ack: %d", res.StatusCode)
	}
	if n := dbInt(t, app, `SELECT count(*) FROM note_acks a JOIN users u ON u.id = a.user_id WHERE a.note_id = $1 AND u.email = $2 AND a.version = $3`, id, cwJMK, version); n != 1 {
		t.Fatal("acknowledgement not stored")
	}
	if dbInt(t, app, `SELECT count(*) FROM audit_log a JOIN users u ON u.id = a.actor_id WHERE a.action = 'note.acknowledge' AND a.object_id = $1 AND u.email = $2`, id, cwJMK) != 1 {
		t.Error("acknowledgement not audited")
	}
	if strings.Contains(doc(t, c.Get("/").Body).Find(`[data-testid="attention"]`).Text(), bindingTitle) {
		t.Error("still asked after acknowledging")
	}
	d = doc(t, c.Get(href).Body)
	if testid(d, "acked") == "" || d.Find(`[data-testid="ack-box"]`).Length() != 0 {
		t.Error("note page still asks")
	}

	// Another region is not asked and cannot acknowledge.
	z := app.Login(t, headPAK)
	if strings.Contains(doc(t, z.Get("/").Body).Find(`[data-testid="attention"]`).Text(), bindingTitle) {
		t.Error("another region is asked")
	}
	if doc(t, z.Get(href).Body).Find(`[data-testid="ack-box"]`).Length() != 0 {
		t.Error("another region sees the ack box")
	}
	if res := z.PostForm(href+"/ack", url.Values{"version": {version}}); res.StatusCode != http.StatusForbidden {
		t.Errorf("ack by another region: %d", res.StatusCode)
	}
	if n := dbInt(t, app, `SELECT count(*) FROM note_acks a JOIN users u ON u.id = a.user_id WHERE a.note_id = $1 AND u.email = $2`, id, headPAK); n != 0 {
		t.Error("another region's acknowledgement stored")
	}
}

// TestNotesOfOffice: the office page leads to that office's published notes, and the filter
// can be dropped again.
func TestNotesOfOffice(t *testing.T) {
	t.Parallel()
	app := servertest.Start(t)
	c := app.Login(t, cwPAK)
	office := dbInt(t, app, `SELECT id FROM offices WHERE name = 'Městský úřad Šlapanice'`)
	d := doc(t, c.Get("/offices/"+strconv.Itoa(office)).Body)
	href := d.Find(`[data-testid="office-notes"]`).AttrOr("href", "")
	if href != "/notes?office="+strconv.Itoa(office) {
		t.Fatalf("office page links to %q", href)
	}
	res := c.Get(href)
	if res.StatusCode != http.StatusOK {
		t.Fatalf("%s: %d", href, res.StatusCode)
	}
	d = doc(t, res.Body)
	want := dbInt(t, app, `SELECT count(*) FROM notes WHERE office_id = $1 AND status = 'published'`, office)
	if got := d.Find(`[data-testid="hits"] > li`).Length(); want == 0 || got != want {
		t.Fatalf("%d hits, want the office's %d published notes", got, want)
	}
	if !strings.Contains(testid(d, "office-filter"), "Městský úřad Šlapanice") {
		t.Fatalf("filter line %q", testid(d, "office-filter"))
	}
	all := d.Find(`[data-testid="office-filter"] a`).AttrOr("href", "")
	if strings.Contains(all, "office=") {
		t.Fatalf("the link to all offices keeps the filter: %q", all)
	}
	if got := doc(t, c.Get(all).Body).Find(`[data-testid="hits"] > li`).Length(); got <= want {
		t.Fatalf("all offices: %d hits, not more than %d", got, want)
	}
}

// TestNotesPaging walks the knowledge base through the page's own links: the newest first
// continues from the last note shown (no note twice, none left out), the first-page link
// comes back, and a word found in more notes than are ranked says so on the page. Once the
// notes have statistics, a search for words alone runs on a kept plan of the shape chosen for
// its words (walking the dates for a common word, the words index for a rare one): its pages
// must meet the same notes.
func TestNotesPaging(t *testing.T) {
	t.Parallel()
	app := servertest.Start(t)
	if _, err := app.Pool.Exec(context.Background(), `
		INSERT INTO notes (title, body_text, author_id, office_id, region_id, status, review_by, published_at)
		SELECT 'Stránkování ' || i, 'Krizová intervence číslo ' || i || CASE WHEN i % 5 = 0 THEN ' a květináč' ELSE '' END,
			u.id, u.office_id, 11, 'published', current_date + 100,
			timestamptz '2026-01-01 10:00' + (i / 3) * interval '1 hour' -- three notes share each time
		FROM generate_series(1, 130) i, (SELECT id, office_id FROM users ORDER BY id LIMIT 1) u`); err != nil {
		t.Fatal(err)
	}
	c := app.Login(t, cwPAK)
	// pages follows the "next" links from href and returns every note shown, failing on one
	// shown twice.
	pages := func(href string) map[string]bool {
		t.Helper()
		seen := map[string]bool{}
		published := dbInt(t, app, `SELECT count(*) FROM notes WHERE status = 'published'`)
		for pages := 0; href != ""; pages++ {
			if pages > published/20+1 {
				t.Fatalf("more pages than notes allow")
			}
			res := c.Get(href)
			if res.StatusCode != http.StatusOK {
				t.Fatalf("%s: %d", href, res.StatusCode)
			}
			d := doc(t, res.Body)
			d.Find(`[data-testid="hits"] > li a[href^="/notes/"]`).Each(func(_ int, a *goquery.Selection) {
				h := a.AttrOr("href", "")
				if seen[h] {
					t.Fatalf("%s shown twice (page %d)", h, pages)
				}
				seen[h] = true
			})
			if pages > 0 {
				first := d.Find(`nav.pager a`).FilterFunction(func(_ int, a *goquery.Selection) bool {
					return a.Text() == "Na první stránku"
				}).AttrOr("href", "")
				if first == "" || strings.Contains(first, "after=") {
					t.Fatalf("page %d: first-page link %q", pages, first)
				}
			}
			href = d.Find(`nav.pager a[rel="next"]`).AttrOr("href", "")
			if href != "" && !strings.Contains(href, "after=") {
				t.Fatalf("next link without a cursor: %q", href)
			}
		}
		return seen
	}
	if got, want := len(pages("/notes?sort=newest")), dbInt(t, app, `SELECT count(*) FROM notes WHERE status = 'published'`); got != want {
		t.Fatalf("%d notes over all pages, want %d", got, want)
	}
	if _, err := app.Pool.Exec(context.Background(), `ANALYZE notes`); err != nil {
		t.Fatal(err)
	}
	for q, want := range map[string]string{
		"intervence": `search @@ 'intervenc:*'::tsquery`, // in most notes
		"květináč":   `search @@ 'kvetinac:*'::tsquery`,  // in 26
	} {
		if got, want := len(pages("/notes?sort=newest&q="+url.QueryEscape(q))),
			dbInt(t, app, `SELECT count(*) FROM notes WHERE status = 'published' AND `+want); got != want || want < 26 {
			t.Errorf("%q: %d notes over all pages, want %d", q, got, want)
		}
	}

	d := doc(t, c.Get("/notes?q=krizov%C3%A1+intervence").Body)
	if !strings.Contains(testid(d, "capped"), "víc než 100 poznámek") {
		t.Fatalf("no notice that more matched: %q", testid(d, "capped"))
	}
	d = doc(t, c.Get("/notes?q=intervize").Body)
	if n := d.Find(`[data-testid="hits"] > li`).Length(); n == 0 || testid(d, "capped") != "" {
		t.Fatalf("a narrow search: %d hits, notice %q", n, testid(d, "capped"))
	}
}

// TestRelatedNotes: a note's page links the published notes that share its tags (which count
// twice) or its areas, best first, and never the note itself or a draft.
func TestRelatedNotes(t *testing.T) {
	t.Parallel()
	app := servertest.Start(t)
	author, met := app.Login(t, cwJMK), app.Login(t, metJMK)
	note := func(title, area string) url.Values {
		v := noteValues(title, "Text poznámky o pěstounské péči.")
		v["areas"], v["tags"] = []string{area}, []string{"souvisejici-zkouska"}
		return v
	}
	a := createNoteFrom(t, author, note("Výchozí poznámka", "6"))
	publishDraft(t, app, author, met, a)
	both := createNoteFrom(t, author, note("Sdílí štítek i oblast", "6"))
	publishDraft(t, app, author, met, both)
	tag := createNoteFrom(t, author, note("Sdílí jen štítek", "3"))
	publishDraft(t, app, author, met, tag)
	createNoteFrom(t, author, note("Koncept se štítkem", "6"))

	related := func() []string {
		t.Helper()
		res := author.Get("/notes/" + a)
		if res.StatusCode != http.StatusOK {
			t.Fatalf("note page: %d", res.StatusCode)
		}
		var got []string
		doc(t, res.Body).Find(`[data-testid="related"] a`).Each(func(_ int, l *goquery.Selection) {
			got = append(got, l.AttrOr("href", ""))
		})
		return got
	}
	got := related()
	// The tag and the area (3) before the tag alone (2), which comes before any note that shares
	// only area 6 (1): the demo notes may.
	if len(got) < 2 || len(got) > 5 || got[0] != "/notes/"+both || got[1] != "/notes/"+tag {
		t.Fatalf("related %v, want /notes/%s, /notes/%s first, at most five", got, both, tag)
	}
	for _, href := range got {
		id := strings.TrimPrefix(href, "/notes/")
		if id == a || noteStatus(t, app, id) != "published" {
			t.Fatalf("related links %s: the note itself or not published", href)
		}
	}

	// The list is kept between pages, but a note archived, or one published, shows on the next
	// page at once.
	if res := met.PostForm("/notes/"+both+"/status", url.Values{"action": {"archive"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("archive: %d", res.StatusCode)
	}
	if got := related(); len(got) == 0 || got[0] != "/notes/"+tag || slices.Contains(got, "/notes/"+both) {
		t.Fatalf("related after archiving %s: %v, want /notes/%s first", both, got, tag)
	}
	fresh := createNoteFrom(t, author, note("Nová se štítkem i oblastí", "6"))
	publishDraft(t, app, author, met, fresh)
	if got := related(); len(got) == 0 || got[0] != "/notes/"+fresh {
		t.Fatalf("related after publishing %s: %v, want it first", fresh, got)
	}
}

// TestNotePageKept: a reader's note page is kept between requests, per reader, until this
// server serves a write; pages with a one-time message and refused requests are never kept.
func TestNotePageKept(t *testing.T) {
	t.Parallel()
	app := servertest.Start(t)
	author, met, head := app.Login(t, cwJMK), app.Login(t, metJMK), app.Login(t, headJMK)
	id := publishNote(t, app, author, met, "Kept page, first title", "Text poznámky o pěstounské péči.")
	title := func(c *servertest.Client) string {
		t.Helper()
		res := c.Get("/notes/" + id)
		if res.StatusCode != http.StatusOK {
			t.Fatalf("note page: %d", res.StatusCode)
		}
		return strings.TrimSpace(doc(t, res.Body).Find("h1").First().Text())
	}
	// Logging in is a write too: the second reader does it before the first one's page is kept.
	other := app.Login(t, coordJMK)
	other.Get("/") // shows a message left by the login, if any
	if got := title(head); got != "Kept page, first title" {
		t.Fatalf("title %q", got)
	}
	// A change made outside this server (psql, another instance) is not seen on a kept page…
	if _, err := app.Pool.Exec(context.Background(), `UPDATE notes SET title = 'Changed outside' WHERE id = $1`, id); err != nil {
		t.Fatal(err)
	}
	if got := title(head); got != "Kept page, first title" {
		t.Fatalf("kept page: %q", got)
	}
	// …but another reader's page is their own…
	if got := title(other); got != "Changed outside" {
		t.Fatalf("another reader: %q", got)
	}
	// …and any write this server serves makes the kept pages old: here the reader's own.
	if res := head.PostForm("/notes/"+id+"/useful", nil); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("useful: %d", res.StatusCode)
	}
	res := head.Get("/notes/" + id)
	d := doc(t, res.Body)
	if got := strings.TrimSpace(d.Find("h1").First().Text()); got != "Changed outside" {
		t.Fatalf("after a write: %q", got)
	}

	// A one-time message is shown once: that page is not kept.
	if res := met.PostForm("/notes/"+id+"/status", url.Values{"action": {"renew"}, "review_by": {time.Now().AddDate(2, 0, 0).Format(time.DateOnly)}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("renew: %d", res.StatusCode)
	}
	if testid(doc(t, met.Get("/notes/"+id).Body), "flash") == "" {
		t.Fatal("no message after renewing")
	}
	if got := testid(doc(t, met.Get("/notes/"+id).Body), "flash"); got != "" {
		t.Fatalf("the message came back: %q", got)
	}

	// A draft its author has just read (and kept) is still refused to others.
	draft := createNote(t, author, "Kept page, draft", "Rozpracovaný text.")
	if res := author.Get("/notes/" + draft); res.StatusCode != http.StatusOK {
		t.Fatalf("author's draft: %d", res.StatusCode)
	}
	if res := author.Get("/notes/" + draft); res.StatusCode != http.StatusOK || !strings.Contains(res.Body, "Kept page, draft") {
		t.Fatalf("author's kept draft: %d", res.StatusCode)
	}
	if res := app.Login(t, cwPAK).Get("/notes/" + draft); res.StatusCode == http.StatusOK || strings.Contains(res.Body, "Rozpracovaný text.") {
		t.Fatalf("another office's caseworker read the draft: %d", res.StatusCode)
	}

	// A client that does not take gzip gets the page as it is.
	req, _ := http.NewRequest("GET", app.URL+"/notes/"+id, nil)
	req.Header.Set("Accept-Encoding", "identity")
	plain := head.Do(req)
	if plain.StatusCode != http.StatusOK || plain.Header.Get("Content-Encoding") != "" || !strings.Contains(plain.Body, "Changed outside") {
		t.Fatalf("plain page: %d %q", plain.StatusCode, plain.Header.Get("Content-Encoding"))
	}
}

// TestSearchKept: a search's answer is kept between requests and shared by every reader (the
// published notes are the same for all), until this server serves a write: a note archived
// disappears from the next search.
func TestSearchKept(t *testing.T) {
	t.Parallel()
	app := servertest.Start(t)
	author, met := app.Login(t, cwJMK), app.Login(t, metJMK)
	id := publishNote(t, app, author, met, "Hledání, první název", "Poznámka o xylofonové terapii v rodině.")
	// Logging in is a write too: both readers do it before the answer is kept.
	one, two := app.Login(t, cwPAK), app.Login(t, headJMK)
	titles := func(c *servertest.Client, extra ...string) []string {
		t.Helper()
		res := c.Get("/notes?q=xylofonov%C3%A9" + strings.Join(extra, ""))
		if res.StatusCode != http.StatusOK {
			t.Fatalf("search: %d", res.StatusCode)
		}
		var got []string
		doc(t, res.Body).Find(`[data-testid="hits"] a`).Each(func(_ int, a *goquery.Selection) {
			got = append(got, strings.TrimSpace(a.Text()))
		})
		return got
	}
	if got := titles(one); !slices.Equal(got, []string{"Hledání, první název"}) {
		t.Fatalf("search: %q", got)
	}
	// A change made outside this server is not seen while the answer is kept, by anyone…
	if _, err := app.Pool.Exec(context.Background(), `UPDATE notes SET title = 'Změněno mimo server' WHERE id = $1`, id); err != nil {
		t.Fatal(err)
	}
	if got := titles(two); !slices.Equal(got, []string{"Hledání, první název"}) {
		t.Fatalf("kept answer: %q", got)
	}
	// A search with a very long key (a cursor the relevance order ignores) is never kept: it
	// answers from the database each time.
	long := "&after=" + strings.Repeat("x", 1100)
	if got := titles(two, long); !slices.Equal(got, []string{"Změněno mimo server"}) {
		t.Fatalf("long key: %q", got)
	}
	if _, err := app.Pool.Exec(context.Background(), `UPDATE notes SET title = 'Změněno podruhé' WHERE id = $1`, id); err != nil {
		t.Fatal(err)
	}
	if got := titles(two, long); !slices.Equal(got, []string{"Změněno podruhé"}) {
		t.Fatalf("long key kept: %q", got)
	}
	// …until this server serves a write, whatever it is.
	if res := one.PostForm("/notes/"+id+"/useful", url.Values{"useful": {"1"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("useful: %d", res.StatusCode)
	}
	if got := titles(two); !slices.Equal(got, []string{"Změněno podruhé"}) {
		t.Fatalf("after a write: %q", got)
	}
	if res := met.PostForm("/notes/"+id+"/status", url.Values{"action": {"archive"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("archive: %d", res.StatusCode)
	}
	if got := titles(one); len(got) != 0 {
		t.Fatalf("an archived note is still found: %q", got)
	}
}
