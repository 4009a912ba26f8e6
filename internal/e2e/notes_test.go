package e2e_test

import (
	"context"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"hnizdo.cz/hnizdo/internal/browser"
	"hnizdo.cz/hnizdo/internal/server/servertest"
)

// clickLoad clicks the element and waits for the page that the click loads: several pages of
// the journey share their elements (the editor after a save is the editor again), so waiting
// for an element alone could read the old page.
func clickLoad(tab *browser.Tab, sel string) {
	browser.Get(tab, chromedp.WaitEvent(page.LoadEventFired, nil, chromedp.Click(css(sel))))
}

// attr returns an attribute of the first element matching sel, "" when it has none.
func attr(tab *browser.Tab, sel, name string) string {
	return browser.Get(tab, chromedp.AttributeValue(css(sel), name)).Value
}

// has says whether an element matching sel is on the page now (no waiting).
func has(tab *browser.Tab, sel string) bool {
	return browser.Get(tab, chromedp.Evaluate[bool](`document.querySelector(`+jsString(sel)+`) !== null`))
}

// audit runs axe (failing on serious or critical violations) and, since axe 4 no longer
// checks them, fails on duplicate ids, which break labels and in-page links.
func audit(t *testing.T, tab *browser.Tab) {
	t.Helper()
	tab.Axe()
	dups := browser.Get(tab, chromedp.Evaluate[[]string](`(() => {
		const seen = new Set(), dups = new Set();
		for (const el of document.querySelectorAll('[id]')) (seen.has(el.id) ? dups : seen).add(el.id);
		return [...dups];
	})()`))
	if len(dups) > 0 {
		t.Errorf("duplicate ids on %s: %v", browser.Get(tab, chromedp.Location()), dups)
	}
}

// count says how many elements match sel now.
func count(tab *browser.Tab, sel string) int {
	return browser.Get(tab, chromedp.Evaluate[int](`document.querySelectorAll(`+jsString(sel)+`).length`))
}

func jsString(s string) string {
	return "'" + strings.NewReplacer(`\`, `\\`, `'`, `\'`).Replace(s) + "'"
}

// noteStatus reads the note's status straight from the database.
func noteStatus(t *testing.T, app *servertest.App, id string) string {
	t.Helper()
	var s string
	if err := app.Pool.QueryRow(context.Background(), `SELECT status FROM notes WHERE id = $1::bigint`, id).Scan(&s); err != nil {
		t.Fatal(err)
	}
	return s
}

const (
	noteTitle = "Návštěvy v pěstounské rodině – jak je plánujeme"
	noteBody  = `## Jak návštěvy plánujeme

Termín domlouváme s pěstouny týden dopředu a připomeneme ho den předem. Dítě Tomáš chodí do školy, proto chodíme odpoledne.
Ve spisu vedeme rodné číslo 045612/1236, do poznámky ho ale psát nemáme.

## Co si z návštěvy odnášíme

Zápis píšeme týž den a domluvené kroky posíláme pěstounům e-mailem.`
)

// TestNotesJourney: a caseworker writes a note with personal data, the guard blocks it, she
// pseudonymises and submits it; the region's methodologist publishes it; a caseworker in
// another region finds it without diacritics and marks it useful. Axe checks every page.
func TestNotesJourney(t *testing.T) {
	t.Parallel()
	app := servertest.Start(t)

	// 1. The author writes the note.
	tab := brw.Tab(t)
	login(tab, app.URL, "pracovnik.slapanice@hnizdo.test")
	clickLoad(tab, `.site-nav a[href="/notes"]`)
	audit(t, tab)
	clickLoad(tab, `nav.subnav a[href="/notes/new"]`)
	tab.Run(chromedp.WaitVisible(css("#f-title")))
	if got := tab.Text("h1"); got != "Nová poznámka" {
		t.Fatalf("editor heading %q", got)
	}
	audit(t, tab)
	tab.Fill("#f-title", noteTitle)
	tab.Fill("#f-summary", "Jak domlouváme a vedeme návštěvy v pěstounských rodinách, aby byly pro dítě i pěstouny přínosem.")
	tab.Fill("#f-body", noteBody)
	tab.Fill("#f-tags", "pěstounská péče, návštěvy")
	area := browser.Get(tab, chromedp.Evaluate[string](`(() => {
		const l = [...document.querySelectorAll('#f-areas label')].find(l => l.textContent.trim() === 'Náhradní rodinná péče');
		return l ? l.htmlFor : '';
	})()`))
	if area == "" {
		t.Fatal("no area checkbox labelled Náhradní rodinná péče")
	}
	tab.Run(chromedp.Click(css(`label[for="` + area + `"]`)))
	if !browser.Get(tab, chromedp.Evaluate[bool](`document.getElementById(`+jsString(area)+`).checked`)) {
		t.Fatal("clicking the label did not tick the area")
	}
	clickLoad(tab, `form.note-form [data-testid="save"]`)

	// The editor again, with the guard's findings under the body.
	loc := browser.Get(tab, chromedp.Location())
	id, ok := strings.CutSuffix(strings.TrimPrefix(loc, app.URL+"/notes/"), "/edit")
	if !ok {
		t.Fatalf("after the first save at %s", loc)
	}
	if v := browser.Get(tab, chromedp.Value(css("#f-title"))); v != noteTitle {
		t.Fatalf("title not kept exactly: %q", v)
	}
	if v := browser.Get(tab, chromedp.Value(css("#f-body"))); v != noteBody {
		t.Fatalf("body not kept exactly:\n%s", v)
	}
	findings := tab.Text(`[data-testid="findings-body"]`)
	for _, want := range []string{"045612/1236", "Tomáš"} {
		if !strings.Contains(findings, want) {
			t.Errorf("the body's findings do not name %q:\n%s", want, findings)
		}
	}
	if n := count(tab, `[data-testid="findings-body"] [data-testid="finding"]`); n < 2 {
		t.Errorf("%d findings at the body, want 2 or more", n)
	}
	if has(tab, `[data-testid="findings-title"]`) {
		t.Error("findings shown at the title, which has none")
	}
	if !has(tab, `[data-testid="pii-summary"]`) {
		t.Error("no summary of the findings above the form")
	}
	tab.Screenshot("editor-findings")
	audit(t, tab)

	// Submitting is blocked while the findings stand.
	clickLoad(tab, `[data-testid="save-submit"]`)
	if !has(tab, `[data-testid="error-summary"]`) || !strings.Contains(tab.Text(`[data-testid="error-body"]`), "Odeslání brání možné osobní údaje") {
		t.Fatal("blocked submission shows no error at the body")
	}
	if got := attr(tab, "#f-body", "aria-invalid"); got != "true" {
		t.Errorf("body aria-invalid %q", got)
	}
	if s := noteStatus(t, app, id); s != "draft" {
		t.Fatalf("blocked note has status %q", s)
	}
	tab.Screenshot("submit-blocked")
	audit(t, tab)

	// One click replaces the findings with placeholders; then the note goes for review.
	clickLoad(tab, `[data-testid="pseudonymise"]`)
	body := browser.Get(tab, chromedp.Value(css("#f-body")))
	if !strings.Contains(body, "[RČ]") || !strings.Contains(body, "[JMÉNO]") || strings.Contains(body, "045612") {
		t.Fatalf("body after pseudonymising:\n%s", body)
	}
	if has(tab, `[data-testid="findings-body"]`) {
		t.Error("findings still shown after pseudonymising")
	}
	audit(t, tab)
	clickLoad(tab, `[data-testid="save-submit"]`)
	if loc := browser.Get(tab, chromedp.Location()); loc != app.URL+"/notes/"+id {
		t.Fatalf("after submitting at %s", loc)
	}
	if got := tab.Text(`[data-testid="note-status"]`); got != "čeká na schválení" {
		t.Fatalf("status after submitting %q", got)
	}
	if s := noteStatus(t, app, id); s != "submitted" {
		t.Fatalf("submitted note has status %q in the database", s)
	}
	tab.Screenshot("submitted")
	audit(t, tab)

	// 2. The region's methodologist publishes it, in her own browser context.
	rev := brw.Tab(t)
	login(rev, app.URL, "metodik.jmk@hnizdo.test")
	rev.Run(chromedp.Navigate(app.URL+"/notes/mine"), chromedp.WaitVisible(css(`[data-testid="for-review"]`)))
	if !strings.Contains(rev.Text(`[data-testid="for-review"]`), noteTitle) {
		t.Fatal("the submitted note is not waiting for the methodologist's review")
	}
	rev.Screenshot("for-review")
	audit(t, rev)
	clickLoad(rev, `[data-testid="for-review"] a[href="/notes/`+id+`"]`)
	if !has(rev, `[data-testid="action-publish"]`) || !has(rev, `[data-testid="action-return"]`) {
		t.Fatal("the reviewer is not offered publish and return")
	}
	rev.Screenshot("review")
	audit(t, rev)
	clickLoad(rev, `[data-testid="action-publish"]`)
	if got := rev.Text(`[data-testid="note-status"]`); got != "zveřejněno" {
		t.Fatalf("status after publishing %q", got)
	}
	if s := noteStatus(t, app, id); s != "published" {
		t.Fatalf("published note has status %q in the database", s)
	}
	audit(t, rev)

	// 3. A caseworker in another region finds it, typing without diacritics.
	rdr := brw.Tab(t)
	login(rdr, app.URL, "pracovnik.lanskroun@hnizdo.test")
	if got := rdr.Text(`[data-testid="user-region"]`); got != "Pardubický kraj" {
		t.Fatalf("reader's region %q", got)
	}
	rdr.Run(chromedp.Navigate(app.URL+"/notes"), chromedp.WaitVisible(css("#f-q")))
	rdr.Fill("#f-q", "pestounske rodine planujeme")
	clickLoad(rdr, `form.search [data-testid="search"]`)
	hit := `[data-testid="hits"] a[href="/notes/` + id + `"]`
	if !has(rdr, hit) {
		t.Fatalf("the note is not among the hits:\n%s", rdr.Text(`main`))
	}
	snippet := browser.Get(rdr, chromedp.Evaluate[string](`(() => {
		const a = document.querySelector(`+jsString(hit)+`);
		const s = a.closest('li').querySelector('[data-testid="snippet"]');
		return s ? s.innerHTML : '';
	})()`))
	if !strings.Contains(snippet, "<mark>") {
		t.Errorf("the hit's snippet highlights nothing: %q", snippet)
	}
	rdr.Screenshot("search-results")
	audit(t, rdr)
	clickLoad(rdr, hit)
	if got := rdr.Text("h1"); got != noteTitle {
		t.Fatalf("note heading %q", got)
	}
	if n := count(rdr, `nav.toc li`); n != 2 {
		t.Errorf("table of contents has %d entries, want 2", n)
	}
	if got := attr(rdr, `[data-testid="useful"]`, "aria-pressed"); got != "false" {
		t.Errorf("useful pressed before the click: %q", got)
	}
	audit(t, rdr)
	clickLoad(rdr, `[data-testid="useful"]`)
	if got := attr(rdr, `[data-testid="useful"]`, "aria-pressed"); got != "true" {
		t.Errorf("useful aria-pressed after the click %q", got)
	}
	if got := rdr.Text(`[data-testid="useful-count"]`); got != "1 člověk označil za užitečné" {
		t.Errorf("useful count %q", got)
	}
	var useful int
	if err := app.Pool.QueryRow(context.Background(), `SELECT useful_count FROM notes WHERE id = $1::bigint`, id).Scan(&useful); err != nil {
		t.Fatal(err)
	}
	if useful != 1 {
		t.Errorf("useful_count %d in the database", useful)
	}
	rdr.Screenshot("useful")
	audit(t, rdr)
}

// TestNotesHistoryAndPrint: the history of a demo note with two versions shows the diff, and
// it, the print view and the empty search page pass axe.
func TestNotesHistoryAndPrint(t *testing.T) {
	t.Parallel()
	app := servertest.Start(t)
	// A note of the South Moravian region, so that its methodologist, who may edit it, is
	// offered the restore buttons as well.
	var id string
	err := app.Pool.QueryRow(context.Background(), `
		SELECT n.id::text FROM notes n
		WHERE n.status = 'published'
		  AND n.id IN (SELECT note_id FROM note_versions GROUP BY note_id HAVING count(*) = 2)
		  AND n.region_id = (SELECT o.region_id FROM users u JOIN offices o ON o.id = u.office_id
		                     WHERE u.email = 'metodik.jmk@hnizdo.test')
		ORDER BY n.id LIMIT 1`).Scan(&id)
	if err != nil {
		t.Fatalf("no published demo note of the region with two versions: %v", err)
	}
	tab := brw.Tab(t)
	login(tab, app.URL, "metodik.jmk@hnizdo.test")
	tab.Run(chromedp.Navigate(app.URL+"/notes/"+id+"/history"), chromedp.WaitVisible(css(`[data-testid="versions"]`)))
	if !has(tab, `[data-testid="diff"]`) {
		t.Fatal("no diff table on the history of a note with two versions")
	}
	if !has(tab, `[data-testid="diff"] ins`) && !has(tab, `[data-testid="diff"] del`) {
		t.Error("the diff marks nothing with <ins> or <del>")
	}
	if !has(tab, `[data-testid="restore-1"]`) {
		t.Error("the reviewer is not offered to restore version 1")
	}
	tab.Screenshot("history")
	audit(t, tab)

	tab.Run(chromedp.Navigate(app.URL+"/notes/"+id+"/print"), chromedp.WaitVisible(css(`[data-testid="note-body"]`)))
	if has(tab, `nav.toc`) || has(tab, `[data-testid="useful"]`) {
		t.Error("the print view shows the page's tools")
	}
	tab.Screenshot("print")
	audit(t, tab)

	tab.Run(chromedp.Navigate(app.URL+"/notes"), chromedp.WaitVisible(css(`[data-testid="found"]`)))
	if !has(tab, `[data-testid="hits"] li`) {
		t.Error("the search page without a query lists no notes")
	}
	audit(t, tab)
}
