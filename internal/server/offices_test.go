package server_test

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"

	"hnizdo.cz/hnizdo/internal/server/servertest"
)

func TestOfficeList(t *testing.T) {
	t.Parallel()
	app := servertest.Start(t)
	c := app.Login(t, "pracovnik.lanskroun@hnizdo.test")

	// By default the user's own region: the KÚ and 15 ORP of Pardubický kraj.
	d := doc(t, c.Get("/offices").Body)
	if n := d.Find(`[data-testid="offices"] tbody tr`).Length(); n != 16 {
		t.Fatalf("default list: %d offices, want 16", n)
	}
	if got := testid(d, "found"); got != "Nalezeno 16 úřadů" {
		t.Errorf("count text %q", got)
	}
	// Filters: region, kind and a name without diacritics.
	d = doc(t, c.Get("/offices?region=11&kind=orp").Body)
	if n := d.Find(`[data-testid="offices"] tbody tr`).Length(); n != 21 {
		t.Fatalf("JMK ORP: %d, want 21", n)
	}
	d = doc(t, c.Get("/offices?region=0&q=slapanice").Body)
	rows := d.Find(`[data-testid="offices"] tbody tr`)
	if rows.Length() != 1 || !strings.Contains(rows.Text(), "Městský úřad Šlapanice") {
		t.Fatalf("search without diacritics: %q", rows.Text())
	}
	if got := testid(d, "found"); got != "Nalezen 1 úřad" {
		t.Errorf("count text %q", got)
	}
	d = doc(t, c.Get("/offices?region=9&q=%C5%BDAMBERK").Body) // "ŽAMBERK"
	if !strings.Contains(d.Find(`[data-testid="offices"]`).Text(), "Žamberk") {
		t.Fatal("upper-case search with diacritics found nothing")
	}
}

func TestOfficePage(t *testing.T) {
	t.Parallel()
	app := servertest.Start(t)
	c := app.Login(t, "pracovnik.slapanice@hnizdo.test")
	id := officeID(t, app, "Městský úřad Žamberk")
	d := doc(t, c.Get("/offices/"+id).Body)
	if got := testid(d, "office-name"); got != "Městský úřad Žamberk" {
		t.Fatalf("name %q", got)
	}
	people := d.Find(`[data-testid="people"]`).Text()
	for _, name := range []string{"Petra Svobodová", "Jiří Král", "Hana Marková"} {
		if !strings.Contains(people, name) {
			t.Errorf("%s missing from the office page", name)
		}
	}
	if !strings.Contains(d.Text(), "pilotní úřad inovačního hnízda") {
		t.Error("pilot mark missing")
	}
	if got := testid(d, "office-updated"); !regexp.MustCompile(`^\d{1,2}\.\x{a0}\d{1,2}\.\x{a0}20\d\d$`).MatchString(got) {
		t.Errorf("update date not in Czech format: %q", got)
	}
	if d.Find(`a[href$="/edit"]`).Length() != 0 {
		t.Error("a caseworker sees the edit link")
	}
	if c.Get("/offices/999999").StatusCode != http.StatusNotFound {
		t.Error("unknown office is not 404")
	}
}

func officeID(t *testing.T, app *servertest.App, name string) string {
	t.Helper()
	var id int64
	if err := app.Pool.QueryRow(context.Background(), `SELECT id FROM offices WHERE name = $1`, name).Scan(&id); err != nil {
		t.Fatal(err)
	}
	return strconv.FormatInt(id, 10)
}

func TestOfficeCreate(t *testing.T) {
	t.Parallel()
	app := servertest.Start(t)
	c := app.Login(t, "admin@hnizdo.test")
	count := func() (n int) {
		app.Pool.QueryRow(context.Background(), `SELECT count(*) FROM offices`).Scan(&n)
		return n
	}
	before := count()

	bad := url.Values{"name": {""}, "region": {"11"}, "kind": {"partner"}, "municipality": {"Kuřim"},
		"email": {"neni-email"}, "phone": {"abc"}, "website": {"www.bez-schematu.cz"}}
	res := c.PostForm("/offices", bad)
	if res.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("invalid form: %d", res.StatusCode)
	}
	d := doc(t, res.Body)
	for _, f := range []string{"name", "email", "phone", "website"} {
		if testid(d, "error-"+f) == "" {
			t.Errorf("no message at %s", f)
		}
	}
	if v, _ := d.Find("#f-municipality").Attr("value"); v != "Kuřim" {
		t.Errorf("input not kept: %q", v)
	}
	if count() != before {
		t.Fatal("an invalid office was stored")
	}

	good := url.Values{"name": {"Sdružení pro rodinu – SAS Kuřim"}, "region": {"11"}, "kind": {"partner"},
		"municipality": {"Kuřim"}, "email": {"sas@example.cz"}, "phone": {"+420 541 000 000"}, "website": {"https://example.cz"}}
	res = c.PostForm("/offices", good)
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("create: %d", res.StatusCode)
	}
	d = doc(t, c.Get(res.Header.Get("Location")).Body)
	if testid(d, "office-name") != "Sdružení pro rodinu – SAS Kuřim" || testid(d, "flash") != "Úřad byl přidán." {
		t.Fatalf("new office page: %q / %q", testid(d, "office-name"), testid(d, "flash"))
	}
	// The same name in the same region is refused with a message, not a 500.
	res = c.PostForm("/offices", good)
	if res.StatusCode != http.StatusUnprocessableEntity || testid(doc(t, res.Body), "error-name") == "" {
		t.Fatalf("duplicate: %d", res.StatusCode)
	}
	var audits int
	app.Pool.QueryRow(context.Background(), `SELECT count(*) FROM audit_log WHERE action = 'office.create'`).Scan(&audits)
	if audits != 1 {
		t.Fatalf("audit entries %d, want 1", audits)
	}
}

// TestOfficeEditConflict: two administrators save the same office at the same moment; one
// wins, the other is told and sees the current data — nothing is silently overwritten.
func TestOfficeEditConflict(t *testing.T) {
	t.Parallel()
	app := servertest.Start(t)
	id := officeID(t, app, "Městský úřad Kuřim")
	const n = 6
	clients := make([]*servertest.Client, n)
	for i := range clients {
		clients[i] = app.Login(t, "admin@hnizdo.test")
		d := doc(t, clients[i].Get("/offices/"+id+"/edit").Body)
		if v, _ := d.Find(`input[name="version"]`).Attr("value"); v != "1" {
			t.Fatalf("version in form %q", v)
		}
	}
	statuses := make([]int, n)
	var wg sync.WaitGroup
	for i := range clients {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			statuses[i] = clients[i].PostForm("/offices/"+id, url.Values{"name": {"Městský úřad Kuřim"}, "region": {"11"},
				"kind": {"orp"}, "municipality": {"Kuřim"}, "address": {"Jungmannova " + strconv.Itoa(i)}, "version": {"1"}}).StatusCode
		}(i)
	}
	wg.Wait()
	won, lost := 0, 0
	for _, s := range statuses {
		switch s {
		case http.StatusSeeOther:
			won++
		case http.StatusConflict:
			lost++
		default:
			t.Fatalf("unexpected status %d", s)
		}
	}
	if won != 1 || lost != n-1 {
		t.Fatalf("won %d lost %d", won, lost)
	}
	var version, updates int
	app.Pool.QueryRow(context.Background(), `SELECT version FROM offices WHERE id = $1`, id).Scan(&version)
	app.Pool.QueryRow(context.Background(), `SELECT count(*) FROM audit_log WHERE action = 'office.update' AND object_id = $1`, id).Scan(&updates)
	if version != 2 || updates != 1 {
		t.Fatalf("version %d, audit updates %d", version, updates)
	}
}
