package e2e_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"hnizdo.cz/hnizdo/internal/browser"
	"hnizdo.cz/hnizdo/internal/server/servertest"
)

// heldMeeting writes a JMK meeting that took place yesterday with people registered; the
// meeting's own flow is the meetings journey's subject.
func heldMeeting(t *testing.T, app *servertest.App, title string, people ...string) string {
	t.Helper()
	ctx := context.Background()
	start := time.Now().Add(-26 * time.Hour).Truncate(time.Hour)
	var id string
	err := app.Pool.QueryRow(ctx, `
		INSERT INTO meetings (region_id, title, venue, starts_at, ends_at, capacity, register_by, topics_by, status)
		SELECT r.id, $1, 'Městský úřad Šlapanice', $2::timestamptz, $3, 40, $2::timestamptz - interval '2 days', $2::timestamptz - interval '2 days', 'held'
		FROM regions r WHERE r.slug = 'JHM' RETURNING id::text`, title, start, start.Add(4*time.Hour)).Scan(&id)
	if err != nil {
		t.Fatalf("meeting: %v", err)
	}
	_, err = app.Pool.Exec(ctx, `INSERT INTO registrations (meeting_id, user_id, status)
		SELECT $1::bigint, u.id, 'registered' FROM users u WHERE u.email = ANY ($2)`, id, people)
	if err != nil {
		t.Fatalf("registrations: %v", err)
	}
	return id
}

// TestFeedbackJourney: a coordinator builds a form from the standard template for a held
// meeting and opens it; five attendees find it on their home page and answer; the results
// stay hidden until the fifth answer, when the charts appear; the coordinator downloads the
// XLSX. Axe checks every page.
func TestFeedbackJourney(t *testing.T) {
	t.Parallel()
	app := servertest.Start(t)
	attendees := []string{"pracovnik.slapanice@hnizdo.test", "eva.kucerova@hnizdo.test", "marketa.vesela@hnizdo.test",
		"katerina.stastna@hnizdo.test", "radek.cermak@hnizdo.test"}
	mid := heldMeeting(t, app, "Setkání OSPOD Brněnska – podzim", attendees...)

	// 1. The coordinator goes from the meeting to its feedback and makes the form from the
	// standard template, which the new-form page offers first.
	coord := brw.Tab(t)
	login(coord, app.URL, "sitar.jmk@hnizdo.test")
	coord.Run(chromedp.Navigate(app.URL + "/meetings/" + mid))
	clickLoad(coord, `nav.subnav a[href="/feedback/new?meeting=`+mid+`"]`)
	audit(t, coord)
	if got := coord.Text(`[data-testid="for-meeting"]`); !strings.Contains(got, "Setkání OSPOD Brněnska") {
		t.Fatalf("new form for %q", got)
	}
	if got := browser.Get(coord, chromedp.Evaluate[string](`document.querySelector('#f-template option:checked').textContent`)); got != "Hodnocení setkání" {
		t.Fatalf("preselected template %q", got)
	}
	clickLoad(coord, `form[action="/feedback"] button[type=submit]`)
	audit(t, coord)
	if n := count(coord, `[data-testid="questions"] > li`); n != 6 {
		t.Fatalf("questions from the template: %d", n)
	}
	form := strings.TrimPrefix(browser.Get(coord, chromedp.Location()), app.URL+"/feedback/")
	form, _, _ = strings.Cut(form, "#")

	// A question of its own: a multiple choice, first refused without options.
	coord.Run(chromedp.SetValue(css(`#f-kind`), "multiple"))
	coord.Fill("#f-label", "Co vám pomohlo nejvíc?")
	clickLoad(coord, `[data-testid="add-question"]`)
	if got := coord.Text(`[data-testid="error-options"]`); !strings.Contains(got, "alespoň dvě možnosti") {
		t.Fatalf("options error %q", got)
	}
	if v := browser.Get(coord, chromedp.Evaluate[string](`document.getElementById('f-label').value`)); v != "Co vám pomohlo nejvíc?" {
		t.Fatalf("typed label lost: %q", v)
	}
	audit(t, coord)
	coord.Fill("#f-options", "Sdílení zkušeností\nPříklady z praxe\nKontakty na kolegy")
	clickLoad(coord, `[data-testid="add-question"]`)
	if n := count(coord, `[data-testid="questions"] > li`); n != 7 {
		t.Fatalf("questions after adding: %d", n)
	}
	coord.Screenshot("feedback-builder")
	clickLoad(coord, `[data-testid="action-open"]`)
	if got := coord.Text(`[data-testid="form-status"]`); got != "Otevřený" {
		t.Fatalf("form status %q", got)
	}
	audit(t, coord)

	// 2. The results wait for five answers.
	results := app.URL + "/feedback/" + form + "/results"
	coord.Run(chromedp.Navigate(results))
	audit(t, coord)
	if !has(coord, `[data-testid="hidden"]`) || has(coord, `svg[role="img"]`) {
		t.Fatal("results shown before any answer")
	}

	// 3. Each attendee answers from the prompt on the home page.
	for i, email := range attendees {
		tab := brw.Tab(t)
		login(tab, app.URL, email)
		clickLoad(tab, `a[href="/feedback/`+form+`/answer"]`)
		if i == 0 {
			audit(t, tab)
			// Sending with a required question unanswered keeps what was chosen.
			tab.Run(chromedp.Click(css(`input[name^="q"][type=radio][value="4"]`)))
			clickLoad(tab, `[data-testid="send"]`)
			if !has(tab, `[data-testid="error-summary"]`) {
				t.Fatal("missing answers were accepted")
			}
			if !browser.Get(tab, chromedp.Evaluate[bool](`document.querySelector('input[type=radio][value="4"]').checked`)) {
				t.Fatal("the chosen rating was lost")
			}
			audit(t, tab)
			tab.Screenshot("feedback-answer")
		}
		rating := []string{"5", "4", "5", "3", "4"}[i]
		browser.Get(tab, chromedp.Evaluate[bool](`(() => {
			for (const fs of document.querySelectorAll('fieldset.answer')) {
				const radios = fs.querySelectorAll('input[type=radio]');
				if (radios.length === 5) fs.querySelector('input[value="`+rating+`"]').click();
				else if (radios.length) radios[0].click();
				const box = fs.querySelector('input[type=checkbox]');
				if (box) box.click();
			}
			return true;
		})()`))
		tab.Fill(`textarea[name^="q"]`, "Spisová dokumentace\nSpolupráce se školami")
		clickLoad(tab, `[data-testid="send"]`)
		if has(tab, `a[href="/feedback/`+form+`/answer"]`) {
			t.Fatalf("%s still asked to answer after answering", email)
		}

		coord.Run(chromedp.Reload())
		shown := has(coord, `svg[role="img"]`)
		if i < 4 && shown {
			t.Fatalf("charts shown at %d answers", i+1)
		}
		if i == 4 && !shown {
			t.Fatal("charts not shown at the fifth answer")
		}
	}

	// 4. The fifth answer shows the charts with their data tables; the benefit rating's mean
	// is (5+4+5+3+4)/5 = 4,2.
	audit(t, coord)
	coord.Screenshot("feedback-results")
	if got := coord.Text(`[data-testid^="stat-"] .note__meta`); !strings.Contains(got, "průměr 4,2") {
		t.Fatalf("first rating: %q", got)
	}
	if n := count(coord, `table.chart-table`); n < 5 {
		t.Fatalf("data tables: %d", n)
	}
	type download struct {
		Type string `json:"type"`
		Size int    `json:"size"`
		Head string `json:"head"`
	}
	got := browser.Get(coord, chromedp.Evaluate[download](`fetch(document.querySelector('[data-testid="export-xlsx"]').href).then(async r => {
		const b = new Uint8Array(await r.arrayBuffer());
		return {type: r.headers.get('content-type'), size: b.length, head: String.fromCharCode(b[0], b[1])};
	})`, chromedp.EvalAwaitPromise))
	if !strings.Contains(got.Type, "spreadsheetml") || got.Head != "PK" || got.Size < 2000 {
		t.Fatalf("xlsx download: %+v", got)
	}
	var responses int
	if err := app.Pool.QueryRow(context.Background(), `SELECT count(*) FROM feedback_responses WHERE form_id = $1::bigint
		AND user_id IS NULL AND submitted_at IS NULL`, form).Scan(&responses); err != nil || responses != 5 {
		t.Fatalf("anonymous responses: %d, %v", responses, err)
	}
}
