package e2e_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"hnizdo.cz/hnizdo/internal/browser"
	"hnizdo.cz/hnizdo/internal/i18n"
	"hnizdo.cz/hnizdo/internal/server/servertest"
)

// setValue sets a field's value by script: datetime-local and time inputs take no typed text
// in headless Chromium reliably.
func setValue(tab *browser.Tab, sel, value string) {
	tab.Run(chromedp.SetValue(css(sel), value))
}

// topicID finds a topic of a meeting by title in the database.
func topicID(t *testing.T, app *servertest.App, meeting, title string) string {
	t.Helper()
	var id string
	if err := app.Pool.QueryRow(context.Background(), `SELECT id::text FROM topics WHERE meeting_id = $1::bigint AND title = $2`,
		meeting, title).Scan(&id); err != nil {
		t.Fatalf("topic %q: %v", title, err)
	}
	return id
}

// meetingIDOf reads the meeting id from the current location /meetings/{id}[/...].
func meetingIDOf(t *testing.T, tab *browser.Tab, base string) string {
	t.Helper()
	loc := browser.Get(tab, chromedp.Location())
	rest, ok := strings.CutPrefix(loc, base+"/meetings/")
	if !ok {
		t.Fatalf("not on a meeting page: %s", loc)
	}
	id, _, _ := strings.Cut(rest, "/")
	id, _, _ = strings.Cut(id, "#")
	return id
}

// createMeeting fills the new-meeting form as the signed-in organiser and returns the id.
func createMeeting(t *testing.T, tab *browser.Tab, base, title, series string, start time.Time) string {
	t.Helper()
	tab.Run(chromedp.Navigate(base+"/meetings/new"), chromedp.WaitVisible(css("#f-title")))
	audit(t, tab)
	tab.Fill("#f-title", title)
	tab.Fill("#f-description", "Setkání pracovníků OSPOD ke sdílení dobré praxe.")
	if series != "" {
		found := browser.Get(tab, chromedp.Evaluate[bool](`(() => {
			const o = [...document.querySelectorAll('#f-series option')].find(o => o.textContent === `+jsString(series)+`);
			if (o) { document.getElementById('f-series').value = o.value; return true; }
			return false;
		})()`))
		if !found {
			tab.Fill("#f-series_name", series)
		}
	}
	tab.Fill("#f-venue", "Městský úřad Šlapanice")
	tab.Fill("#f-address", "Masarykovo nám. 100/7, Šlapanice")
	local := func(t time.Time) string { return t.In(i18n.Prague).Format("2006-01-02T15:04") }
	setValue(tab, "#f-starts_at", local(start))
	setValue(tab, "#f-ends_at", local(start.Add(4*time.Hour)))
	setValue(tab, "#f-register_by", local(start.Add(-48*time.Hour)))
	setValue(tab, "#f-topics_by", local(start.Add(-48*time.Hour)))
	tab.Fill("#f-capacity", "40")
	clickLoad(tab, `form.form button[type=submit]`)
	if got := tab.Text(`[data-testid="meeting-status"]`); got != "v přípravě" {
		t.Fatalf("new meeting status %q", got)
	}
	return meetingIDOf(t, tab, base)
}

// TestMeetingsJourney: a coordinator opens topic collection; two caseworkers register,
// propose and vote; the coordinator merges the duplicate, accepts topics and publishes the
// agenda; after the meeting the minutes leave one item unresolved; the next meeting of the
// series shows it as carried over. Axe checks every page.
func TestMeetingsJourney(t *testing.T) {
	t.Parallel()
	app := servertest.Start(t)
	ctx := context.Background()
	start := time.Now().AddDate(0, 0, 14).Truncate(time.Hour)

	// 1. The coordinator creates the meeting and opens registration and topics.
	coord := brw.Tab(t)
	login(coord, app.URL, "sitar.jmk@hnizdo.test")
	clickLoad(coord, `.site-nav a[href="/meetings"]`)
	audit(t, coord)
	id := createMeeting(t, coord, app.URL, "Setkání OSPOD Vyškovska – zima", "Setkání OSPOD Vyškovska", start)
	audit(t, coord)
	clickLoad(coord, `[data-testid="action-open"]`)
	if got := coord.Text(`[data-testid="meeting-status"]`); got != "přihlašování a sběr témat" {
		t.Fatalf("after opening: %q", got)
	}

	// 2. Two caseworkers find it on their home page, register, propose and vote.
	jana := brw.Tab(t)
	login(jana, app.URL, "pracovnik.slapanice@hnizdo.test")
	clickLoad(jana, `[data-testid="my-meetings"] a[href="/meetings/`+id+`"]`)
	audit(t, jana)
	clickLoad(jana, `[data-testid="register"]`)
	if got := jana.Text(`[data-testid="my-registration"]`); got != "Jste přihlášeni." {
		t.Fatalf("registration: %q", got)
	}
	clickLoad(jana, `nav.subnav a[href="/meetings/`+id+`/topics"]`)
	audit(t, jana)
	propose := func(tab *browser.Tab, title, area string) {
		t.Helper()
		tab.Fill("#f-title", title)
		tab.Fill("#f-description", "Chceme sdílet, jak to řeší jinde.")
		tab.Run(chromedp.SetValue(css("#f-area"), area))
		clickLoad(tab, `[data-testid="propose"]`)
		if !strings.Contains(tab.Text(`[data-testid="topics"]`), title) {
			t.Fatalf("proposed topic %q not in the ranking", title)
		}
	}
	var gdpr, files string
	app.Pool.QueryRow(ctx, `SELECT id::text FROM areas WHERE slug = 'gdpr'`).Scan(&gdpr)
	app.Pool.QueryRow(ctx, `SELECT id::text FROM areas WHERE slug = 'cooperation'`).Scan(&files)
	propose(jana, "GDPR a sdílení informací se školou", gdpr)
	a := topicID(t, app, id, "GDPR a sdílení informací se školou")
	clickLoad(jana, `[data-testid="topic-`+a+`"] [data-testid="vote"]`)
	if got := jana.Text(`[data-testid="votes-left"]`); got != "Zbývá vám 2 z 3 hlasů." {
		t.Fatalf("votes left: %q", got)
	}

	marketa := brw.Tab(t)
	login(marketa, app.URL, "marketa.vesela@hnizdo.test")
	marketa.Run(chromedp.Navigate(app.URL+"/meetings/"+id), chromedp.WaitVisible(css(`[data-testid="register"]`)))
	clickLoad(marketa, `[data-testid="register"]`)
	marketa.Run(chromedp.Navigate(app.URL+"/meetings/"+id+"/topics"), chromedp.WaitVisible(css("#f-title")))
	propose(marketa, "Sdílení informací se školami podle GDPR", gdpr)
	propose(marketa, "Spolupráce se sociálně aktivizačními službami", files)
	b := topicID(t, app, id, "Sdílení informací se školami podle GDPR")
	c := topicID(t, app, id, "Spolupráce se sociálně aktivizačními službami")
	for _, tp := range []string{a, b, c} {
		clickLoad(marketa, `[data-testid="topic-`+tp+`"] [data-testid="vote"]`)
	}
	if got := marketa.Text(`[data-testid="votes-left"]`); got != "Zbývá vám 0 z 3 hlasů." {
		t.Fatalf("votes left: %q", got)
	}
	if has(marketa, `[data-testid="vote"]`) {
		t.Fatal("a vote button is offered with no votes left")
	}
	audit(t, marketa)

	// 3. The coordinator merges the duplicate, accepts the topics and publishes the agenda.
	coord.Run(chromedp.Navigate(app.URL+"/meetings/"+id+"/topics"), chromedp.WaitVisible(css("#f-dup")))
	audit(t, coord)
	coord.Run(chromedp.SetValue(css("#f-dup"), b), chromedp.SetValue(css("#f-into"), a))
	clickLoad(coord, `[data-testid="merge"]`)
	var votesA int
	app.Pool.QueryRow(ctx, `SELECT count(*) FROM topic_votes WHERE topic_id = $1::bigint`, a).Scan(&votesA)
	if votesA != 2 {
		t.Fatalf("after the merge topic A has %d votes, want 2 (Jana, Markéta once)", votesA)
	}
	if got := coord.Text(`[data-testid="topic-` + b + `"]`); !strings.Contains(got, "Sloučeno do tématu „GDPR a sdílení informací se školou“") {
		t.Fatalf("merged topic shows %q", got)
	}
	clickLoad(coord, `[data-testid="topic-`+a+`"] [data-testid="accept"]`)
	clickLoad(coord, `[data-testid="topic-`+c+`"] [data-testid="accept"]`)
	clickLoad(coord, `nav.subnav a[href="/meetings/`+id+`/agenda"]`)
	audit(t, coord)
	setValue(coord, "#f-slot_start_"+a, "09:00")
	coord.Fill("#f-slot_minutes_"+a, "60")
	coord.Fill("#f-presenter_"+a, "Lucie Černá")
	setValue(coord, "#f-slot_start_"+c, "10:15")
	coord.Fill("#f-slot_minutes_"+c, "45")
	clickLoad(coord, `[data-testid="schedule"]`)
	coord.Run(chromedp.Navigate(app.URL+"/meetings/"+id), chromedp.WaitVisible(css(`[data-testid="action-publish"]`)))
	clickLoad(coord, `[data-testid="action-publish"]`)
	if got := coord.Text(`[data-testid="meeting-status"]`); got != "program zveřejněn" {
		t.Fatalf("after publishing: %q", got)
	}

	// Jana reads the published agenda.
	jana.Run(chromedp.Navigate(app.URL+"/meetings/"+id+"/agenda"), chromedp.WaitVisible(css(`[data-testid="agenda"]`)))
	agenda := jana.Text(`[data-testid="agenda"]`)
	if !strings.Contains(agenda, "09:00–10:00") || !strings.Contains(agenda, "Uvádí: Lucie Černá") ||
		strings.Index(agenda, "GDPR a sdílení") > strings.Index(agenda, "Spolupráce se sociálně") {
		t.Fatalf("agenda reads %q", agenda)
	}
	audit(t, jana)

	// 4. The meeting takes place (time passes), the coordinator writes the minutes.
	_, err := app.Pool.Exec(ctx, `UPDATE meetings SET starts_at = now() - interval '3 hours', ends_at = now() - interval '1 hour',
		register_by = now() - interval '4 hours', topics_by = now() - interval '4 hours' WHERE id = $1::bigint`, id)
	if err != nil {
		t.Fatal(err)
	}
	coord.Run(chromedp.Navigate(app.URL+"/meetings/"+id), chromedp.WaitVisible(css(`[data-testid="action-hold"]`)))
	clickLoad(coord, `[data-testid="action-hold"]`)
	clickLoad(coord, `nav.subnav a[href="/meetings/`+id+`/minutes"]`)
	audit(t, coord)
	minutes := func(topic, outcome, resolution string) {
		t.Helper()
		p := "#f-i" + topic + "-"
		coord.Fill(p+"outcome", outcome)
		coord.Run(chromedp.SetValue(css(p+"resolution"), resolution))
		clickLoad(coord, `[data-testid="item-`+topic+`"] [data-testid="save-minutes"]`)
	}
	minutes(a, "Kraj připraví metodické doporučení ke sdílení informací se školami.", "unresolved")
	minutes(c, "Dohodnuta pravidelná výměna informací se SAS v obvodu.", "resolved")
	clickLoad(coord, `[data-testid="approve"]`)
	if !has(coord, `[data-testid="minutes-approved"]`) {
		t.Fatal("minutes not approved")
	}
	audit(t, coord)

	// 5. The next meeting of the series shows the unresolved item as carried over.
	next := createMeeting(t, coord, app.URL, "Setkání OSPOD Vyškovska – jaro", "Setkání OSPOD Vyškovska", start.AddDate(0, 3, 0))
	clickLoad(coord, `nav.subnav a[href="/meetings/`+next+`/topics"]`)
	carried := coord.Text(`[data-testid="topics"]`)
	if !strings.Contains(carried, "GDPR a sdílení informací se školou") || !has(coord, `[data-testid="carried"]`) {
		t.Fatalf("next meeting's topics: %q", carried)
	}
	if !strings.Contains(coord.Text(`[data-testid="carried"]`), "přeneseno z minulého setkání (tam 2 hlasy)") {
		t.Fatalf("carried note %q", coord.Text(`[data-testid="carried"]`))
	}
	audit(t, coord)
	coord.Run(chromedp.Navigate(app.URL+"/meetings/"+id), chromedp.WaitVisible(css(`[data-testid="next"]`)))
	if href := attr(coord, `[data-testid="next"]`, "href"); href != "/meetings/"+next {
		t.Fatalf("next link %q", href)
	}
	timeline := coord.Text(`[data-testid="timeline"]`)
	for _, want := range []string{"založil(a) setkání", "zveřejnil(a) program", "sloučil(a) duplicitní téma", "schválil(a) zápis"} {
		if !strings.Contains(timeline, want) {
			t.Errorf("timeline lacks %q:\n%s", want, timeline)
		}
	}
}
