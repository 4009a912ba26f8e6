package e2e_test

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"hnizdo.cz/hnizdo/internal/browser"
	"hnizdo.cz/hnizdo/internal/server/servertest"
)

// tick checks the checkbox of group name whose label reads text.
func tick(t *testing.T, tab *browser.Tab, name, text string) {
	t.Helper()
	ok := browser.Get(tab, chromedp.Evaluate[bool](`(() => {
		const box = [...document.querySelectorAll('input[type=checkbox][name=`+name+`]')]
			.find(b => document.querySelector('label[for="' + b.id + '"]').textContent.trim() === `+jsString(text)+`);
		if (!box) return false;
		box.checked = true;
		return true;
	})()`))
	if !ok {
		t.Fatalf("no checkbox %q in %s", text, name)
	}
}

// report records the signed-in user's own office's experience with the tool on the open page.
func report(t *testing.T, tab *browser.Tab, action, rating, text string) {
	t.Helper()
	choose(t, tab, "#f-action", action)
	if rating != "" {
		tab.Run(chromedp.SetValue(css("#f-rating"), rating))
	}
	if text != "" {
		tab.Run(chromedp.SetValue(css("#f-report"), text))
	}
	clickLoad(tab, `[data-testid="adoption-save"]`)
}

// promote fills the promotion form's reason and submits it.
func promote(tab *browser.Tab, reason string) {
	tab.Run(chromedp.SetValue(css("#f-reason"), reason))
	clickLoad(tab, `[data-testid="promote"]`)
}

// TestNestJourney: a change guide records a prototype made at Žamberk; Žamberk pilots it; the
// guide offers it to Lanškroun and Česká Třebová, which report successful use; a methodologist
// promotes it to validated, then recommended; the matrix shows the spread.
func TestNestJourney(t *testing.T) {
	t.Parallel()
	app := servertest.Start(t)
	const name = "Kartičky emocí pro rozhovor s dítětem"

	g := brw.Tab(t)
	login(g, app.URL, "pruvodce.pak@hnizdo.test")
	g.Run(chromedp.Navigate(app.URL+"/nest"), chromedp.WaitVisible(css(`[data-testid="tools"]`)))
	audit(t, g)

	// 1. The guide describes the tool made at Žamberk: it starts as an idea.
	g.Run(chromedp.Navigate(app.URL+"/nest/tools/new"), chromedp.WaitVisible(css("#f-name")))
	audit(t, g)
	g.Run(chromedp.SetValue(css("#f-name"), name))
	tick(t, g, "origins", "Městský úřad Žamberk")
	g.Run(chromedp.SetValue(css("#f-summary"), "Sada karet s emocemi, které dítěti pomáhají říct, jak se cítí."))
	g.Run(chromedp.SetValue(css("#f-body"), "## Jak s kartami pracovat\n\nDítě vybere kartu, která odpovídá tomu, jak se cítí doma a ve škole."))
	clickLoad(g, `form[action="/nest/tools"] button[type=submit]`)
	if got := g.Text(`[data-testid="maturity"]`); got != "nápad" {
		t.Fatalf("maturity after creating %q", got)
	}
	loc := browser.Get(g, chromedp.Location())
	tool, _, _ := strings.Cut(strings.TrimPrefix(loc, app.URL), "#")
	audit(t, g)

	// 2. A prototype: the rule (a description) holds.
	promote(g, "Prototyp karet vznikl na poradě týmu v Žamberku.")
	if got := g.Text(`[data-testid="maturity"]`); got != "prototyp" {
		t.Fatalf("maturity after the prototype step %q", got)
	}

	// 3. Žamberk tries it; then the guide starts the pilot and offers it to two offices.
	zam := brw.Tab(t)
	login(zam, app.URL, "vedouci.zamberk@hnizdo.test")
	zam.Run(chromedp.Navigate(app.URL+tool), chromedp.WaitVisible(css(`[data-testid="own-adoption"]`)))
	report(t, zam, "Začali jsme zkoušet", "", "")
	if !strings.Contains(zam.Text(`[data-testid="own-adoption"]`), "zkouší") {
		t.Fatalf("Žamberk's stage: %q", zam.Text(`[data-testid="own-adoption"]`))
	}
	g.Run(chromedp.Navigate(app.URL+tool), chromedp.WaitVisible(css(`[data-testid="promote-form"]`)))
	promote(g, "Žamberk karty zkouší na případových poradách.")
	if got := g.Text(`[data-testid="maturity"]`); got != "pilotní ověřování" {
		t.Fatalf("maturity after piloting %q", got)
	}
	tick(t, g, "offices", "Městský úřad Lanškroun")
	tick(t, g, "offices", "Městský úřad Česká Třebová")
	clickLoad(g, `[data-testid="offer-save"]`)
	for _, office := range []string{"Městský úřad Lanškroun", "Městský úřad Česká Třebová"} {
		if !strings.Contains(g.Text(`[data-testid="adoptions"]`), office) {
			t.Fatalf("%s not offered: %q", office, g.Text(`[data-testid="adoptions"]`))
		}
	}
	// Validating now is refused: no office other than Žamberk reports successful use yet.
	promote(g, "Ověřeno.")
	if got := g.Text(`[data-testid="error-evidence"]`); !strings.Contains(got, "alespoň dva úřady mimo úřad původu") {
		t.Fatalf("validated without evidence: %q", got)
	}
	if got := g.Text(`[data-testid="maturity"]`); got != "pilotní ověřování" {
		t.Fatalf("maturity changed by a refused promotion: %q", got)
	}
	audit(t, g)

	// 4. Lanškroun and Česká Třebová report successful use. Adopting without a rating is refused
	// at the field with the report kept.
	for _, who := range []struct{ email, rating, text string }{
		{"pracovnik.lanskroun@hnizdo.test", "5", "Děti s kartami mluví o pocitech snáz, používáme je při každém pohovoru."},
		{"lenka.benesova@hnizdo.test", "4", "Karty se osvědčily u mladších dětí; u dospívajících méně."},
	} {
		tab := brw.Tab(t)
		login(tab, app.URL, who.email)
		tab.Run(chromedp.Navigate(app.URL+tool), chromedp.WaitVisible(css(`[data-testid="own-adoption"]`)))
		if who.rating == "5" {
			report(t, tab, "Používáme jako součást práce", "", who.text)
			if got := tab.Text(`[data-testid="error-rating"]`); !strings.Contains(got, "Ohodnoťte užitečnost") {
				t.Fatalf("adopt without a rating: %q", got)
			}
			if v := browser.Get(tab, chromedp.Evaluate[string](`document.getElementById('f-report').value`)); v != who.text {
				t.Fatalf("report not kept: %q", v)
			}
			audit(t, tab)
		}
		report(t, tab, "Používáme jako součást práce", who.rating, who.text)
		if !strings.Contains(tab.Text(`[data-testid="own-adoption"]`), "používá") {
			t.Fatalf("%s: stage %q", who.email, tab.Text(`[data-testid="own-adoption"]`))
		}
	}

	// 5. The methodologist validates (the evidence names both offices), then recommends it.
	m := brw.Tab(t)
	login(m, app.URL, "metodik.pak@hnizdo.test")
	m.Run(chromedp.Navigate(app.URL+tool), chromedp.WaitVisible(css(`[data-testid="rule"]`)))
	if got := m.Text(`[data-testid="rule"]`); !strings.Contains(got, "Pravidlo je splněno") {
		t.Fatalf("rule before validating: %q", got)
	}
	promote(m, "Dva úřady mimo Žamberk karty používají a hodnotí je jako užitečné.")
	if got := m.Text(`[data-testid="maturity"]`); got != "ověřeno" {
		t.Fatalf("maturity after validating %q", got)
	}
	evidence := m.Text(`[data-testid="promotions"]`)
	for _, office := range []string{"Městský úřad Lanškroun", "Městský úřad Česká Třebová"} {
		if !strings.Contains(evidence, office) {
			t.Fatalf("evidence lacks %s: %q", office, evidence)
		}
	}
	promote(m, "Doporučuji k širokému použití na všech OSPOD kraje.")
	if got := m.Text(`[data-testid="maturity"]`); got != "doporučeno k širokému použití" {
		t.Fatalf("maturity after recommending %q", got)
	}
	audit(t, m)

	// 6. The matrix shows the spread: two offices use it, Žamberk (its origin) tries it.
	m.Run(chromedp.Navigate(app.URL+"/nest/matrix"), chromedp.WaitVisible(css("table")))
	audit(t, m)
	checkMatrix(t, m, strings.TrimPrefix(tool, "/nest/tools/"))
}

// checkMatrix checks the open matrix's column of tool: Lanškroun and Česká Třebová use it,
// Žamberk, its origin, tries it, and the column counts two offices using it.
func checkMatrix(t *testing.T, tab *browser.Tab, tool string) {
	t.Helper()
	stage := func(office string) string {
		return browser.Get(tab, chromedp.Evaluate[string](`(() => {
			const row = [...document.querySelectorAll('[data-testid=matrix] tbody tr')]
				.find(r => r.querySelector('th').textContent.includes(`+jsString(office)+`));
			const cell = row && row.querySelector('[data-testid$="-`+tool+`"]');
			return cell ? cell.dataset.stage + (cell.querySelector('[data-testid=origin]') ? '+origin' : '') : 'missing';
		})()`))
	}
	for office, want := range map[string]string{
		"Městský úřad Lanškroun": "adopted", "Městský úřad Česká Třebová": "adopted",
		"Městský úřad Žamberk": "trialling+origin", "Městský úřad Chrudim": "none",
	} {
		if got := stage(office); got != want {
			t.Errorf("matrix cell of %s: %q, want %q", office, got, want)
		}
	}
	if got := tab.Text(`[data-testid="count-t` + tool + `-adopted"]`); got != "2" {
		t.Errorf("column count of adopting offices: %q", got)
	}
}
