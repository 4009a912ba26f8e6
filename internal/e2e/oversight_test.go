package e2e_test

import (
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"hnizdo.cz/hnizdo/internal/browser"
	"hnizdo.cz/hnizdo/internal/i18n"
	"hnizdo.cz/hnizdo/internal/server/servertest"
)

// countOf reads a dashboard count by its test id.
func countOf(t *testing.T, tab *browser.Tab, base, testid string) int {
	t.Helper()
	tab.Run(chromedp.Navigate(base + "/oversight"))
	n, err := strconv.Atoi(tab.Text(`[data-testid="` + testid + `"] .count__n`))
	if err != nil {
		t.Fatalf("count %s: %v", testid, err)
	}
	return n
}

// choose selects the option of a select by its visible text.
func choose(t *testing.T, tab *browser.Tab, sel, text string) {
	t.Helper()
	v := browser.Get(tab, chromedp.Evaluate[string](`(() => {
		const o = [...document.querySelectorAll(`+jsString(sel+" option")+`)].find(o => o.textContent.trim() === `+jsString(text)+`);
		return o ? o.value : "";
	})()`))
	if v == "" {
		t.Fatalf("no option %q in %s", text, sel)
	}
	tab.Run(chromedp.SetValue(css(sel), v))
}

// TestOversightJourney: a methodologist plans and performs an inspection with two findings and
// issues the protocol; the office head reports a measure fulfilled; the methodologist returns it
// once, then verifies it; the dashboards' counts follow each step.
func TestOversightJourney(t *testing.T) {
	t.Parallel()
	app := servertest.Start(t)
	today := time.Now().In(i18n.Prague)
	day := func(d int) string { return today.AddDate(0, 0, d).Format(time.DateOnly) }

	head := brw.Tab(t)
	login(head, app.URL, "eva.kucerova@hnizdo.test")
	dueBefore := countOf(t, head, app.URL, "count-due")
	audit(t, head)

	m := brw.Tab(t)
	login(m, app.URL, "metodik.jmk@hnizdo.test")
	waitingBefore := countOf(t, m, app.URL, "count-waiting")
	audit(t, m)

	// 1. Plan an inspection of Šlapanice in this quarter.
	m.Run(chromedp.Navigate(app.URL+"/oversight/plan"), chromedp.WaitVisible(css("#f-office")))
	audit(t, m)
	choose(t, m, "#f-office", "Městský úřad Šlapanice")
	m.Run(chromedp.SetValue(css("#f-quarter"), strconv.Itoa((int(today.Month())-1)/3+1)))
	clickLoad(m, `form[action="/oversight/plan"] button[type=submit]`)
	if got := m.Text(`[data-testid="inspection-state"]`); got != "Plánovaná" {
		t.Fatalf("state after planning %q", got)
	}
	loc := browser.Get(m, chromedp.Location())
	inspection, _, _ := strings.Cut(strings.TrimPrefix(loc, app.URL), "#")
	audit(t, m)

	// 2. The notice, then an on-site date before it: refused at the field, the date kept.
	m.Run(chromedp.SetValue(css("#f-notice_date"), day(-10)))
	clickLoad(m, `[data-testid="step-notified"] button[type=submit]`)
	m.Run(chromedp.SetValue(css("#f-onsite_from"), day(-12)), chromedp.SetValue(css("#f-onsite_to"), day(-6)))
	clickLoad(m, `[data-testid="step-onsite"] button[type=submit]`)
	if got := m.Text(`[data-testid="error-onsite_from"]`); !strings.Contains(got, "před doručením oznámení") {
		t.Fatalf("on site before notice: %q", got)
	}
	if v := browser.Get(m, chromedp.Evaluate[string](`document.getElementById('f-onsite_to').value`)); v != day(-6) {
		t.Fatalf("typed date lost: %q", v)
	}
	audit(t, m)
	m.Run(chromedp.SetValue(css("#f-onsite_from"), day(-7)))
	clickLoad(m, `[data-testid="step-onsite"] button[type=submit]`)
	if got := m.Text(`[data-testid="inspection-state"]`); got != "Na místě" {
		t.Fatalf("state on site %q", got)
	}

	// 3. Two findings in the checklist.
	m.Run(chromedp.Navigate(app.URL + inspection + "/checklist"))
	audit(t, m)
	m.Run(chromedp.SetValue(css("#f-c23-rating"), "partly"))
	m.Fill("#f-c23-text", "Chybí písemný postup pro přijímání oznámení mimo úřední hodiny.")
	clickLoad(m, `[data-testid="assess-8a"]`)
	m.Run(chromedp.SetValue(css("#f-c28-rating"), "not_met"))
	m.Fill("#f-c28-text", "Individuální plány ochrany dítěte nejsou pravidelně vyhodnocovány.")
	clickLoad(m, `[data-testid="assess-9b"]`)
	if got := browser.Get(m, chromedp.Evaluate[string](`document.getElementById('f-c28-text').value + '|' + document.getElementById('f-c28-rating').value`)); got != "Individuální plány ochrany dítěte nejsou pravidelně vyhodnocovány.|not_met" {
		t.Fatalf("finding 9b after saving: %q", got)
	}
	audit(t, m)

	// 4. The protocol: issued and delivered; the objection period runs.
	m.Run(chromedp.Navigate(app.URL + inspection))
	m.Run(chromedp.SetValue(css("#f-protocol_date"), day(-2)), chromedp.SetValue(css("#f-delivered_date"), day(-1)))
	clickLoad(m, `[data-testid="step-protocol"] button[type=submit]`)
	if got := m.Text(`[data-testid="inspection-state"]`); !strings.Contains(got, "běží lhůta pro námitky") {
		t.Fatalf("state after protocol %q", got)
	}
	if n := count(m, `[data-testid="finding"]`); n != 2 {
		t.Fatalf("findings on the inspection: %d", n)
	}
	audit(t, m)
	clickLoad(m, `[data-testid="inspection-links"] a[href$="/protocol"]`)
	if got := m.Text(`[data-testid="protocol"]`); !strings.Contains(got, "Městský úřad Šlapanice") || !strings.Contains(got, "mimo úřední hodiny") {
		t.Fatalf("protocol page: %q", got)
	}
	audit(t, m)

	// 5. A measure for each finding, the head of Šlapanice responsible.
	m.Run(chromedp.Navigate(app.URL + inspection))
	for _, fid := range browser.Get(m, chromedp.Evaluate[[]string](`[...document.querySelectorAll('[data-testid="finding"]')].map(e => e.id.replace('finding-', ''))`)) {
		p := "#f-m" + fid + "-"
		m.Run(chromedp.Click(css(`#finding-` + fid + ` summary`)))
		choose(t, m, p+"responsible", "Eva Kučerová")
		m.Run(chromedp.SetValue(css(p+"due"), day(30)))
		m.Fill(p+"description", "Zpracovat a zavést chybějící postup a proškolit tým.")
		clickLoad(m, `#finding-`+fid+` form button[type=submit]`)
	}
	if n := count(m, `[data-testid="measures"] tbody tr`); n != 2 {
		t.Fatalf("measures on the inspection: %d", n)
	}
	audit(t, m)
	measure := attr(m, `[data-testid="measures"] tbody tr a`, "href")

	// 6. The head sees two more measures due and reports one fulfilled.
	if got := countOf(t, head, app.URL, "count-due"); got != dueBefore+2 {
		t.Fatalf("head's measures due: %d, want %d", got, dueBefore+2)
	}
	report := func(text string) {
		head.Run(chromedp.Navigate(app.URL + measure))
		head.Fill("#f-report", text)
		clickLoad(head, `form[action$="/report"] button[type=submit]`)
		if got := head.Text(`[data-testid="measure-state"]`); got != "Nahlášeno splnění" {
			t.Fatalf("measure after report %q", got)
		}
	}
	report("Postup byl sepsán a projednán na poradě týmu.")
	audit(t, head)
	if has(head, `form[action$="/verify"]`) {
		t.Fatal("the office is offered verifying its own measure")
	}

	// 7. The methodologist sees it waiting, returns it once with a reason.
	if got := countOf(t, m, app.URL, "count-waiting"); got != waitingBefore+1 {
		t.Fatalf("waiting for verification: %d, want %d", got, waitingBefore+1)
	}
	clickLoad(m, `[data-testid="count-waiting"]`)
	if n := count(m, `[data-testid="measures"] tbody tr`); n != waitingBefore+1 {
		t.Fatalf("the waiting list has %d rows, the count says %d", n, waitingBefore+1)
	}
	audit(t, m)
	m.Run(chromedp.Navigate(app.URL + measure))
	clickLoad(m, `[data-testid="return"]`)
	if got := m.Text(`[data-testid="error-reason"]`); got == "" {
		t.Fatal("returning without a reason was not refused at the field")
	}
	m.Fill("#f-reason", "Doložte prosím zápis z porady s podpisy.")
	clickLoad(m, `[data-testid="return"]`)
	if got := m.Text(`[data-testid="measure-state"]`); got != "Vráceno k doplnění" {
		t.Fatalf("measure after return %q", got)
	}

	// 8. The head reads the reason and reports again; the methodologist verifies.
	head.Run(chromedp.Navigate(app.URL + measure))
	if got := head.Text(`[data-testid="return-reason"]`); !strings.Contains(got, "zápis z porady") {
		t.Fatalf("return reason on the head's page: %q", got)
	}
	report("Přikládáme zápis z porady týmu s podpisy.")
	m.Run(chromedp.Navigate(app.URL + measure))
	clickLoad(m, `form[action$="/verify"] button[type=submit]`)
	if got := m.Text(`[data-testid="measure-state"]`); got != "Ověřeno" {
		t.Fatalf("measure after verify %q", got)
	}
	audit(t, m)

	// 9. The counts follow.
	if got := countOf(t, m, app.URL, "count-waiting"); got != waitingBefore {
		t.Fatalf("waiting after verification: %d, want %d", got, waitingBefore)
	}
	if got := countOf(t, head, app.URL, "count-due"); got != dueBefore+1 {
		t.Fatalf("head's measures due after verification: %d, want %d", got, dueBefore+1)
	}
	m.Screenshot("oversight-dashboard")
}
