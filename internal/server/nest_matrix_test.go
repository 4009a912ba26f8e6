package server_test

import (
	"context"
	"encoding/csv"
	"mime"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	"hnizdo.cz/hnizdo/internal/auth"
	"hnizdo.cz/hnizdo/internal/i18n"
	"hnizdo.cz/hnizdo/internal/nest"
	"hnizdo.cz/hnizdo/internal/server/servertest"
)

// The matrix tests make their own tools (names starting "Matice:"); the demo may hold others,
// so the pages are compared with what the store answers, and the tests' own cells are checked.

type nmWorld struct {
	app                        *servertest.App
	st                         *nest.Store
	cards, jmk, idea           int64
	zam, lans, pard, holice    int64
	metodik, headZam, lansUser *auth.User
}

func nmDay(daysAgo int) time.Time { return nest.Today(time.Now()).AddDate(0, 0, -daysAgo) }

func nmSetup(t *testing.T) nmWorld {
	t.Helper()
	app := servertest.Start(t)
	ctx := context.Background()
	w := nmWorld{app: app, st: nest.NewStore(app.Pool),
		metodik: vtUser(t, app, "metodik.pak@hnizdo.test"), headZam: vtUser(t, app, "vedouci.zamberk@hnizdo.test"),
		lansUser: vtUser(t, app, "pracovnik.lanskroun@hnizdo.test")}
	w.zam, w.lans = w.headZam.OfficeID, w.lansUser.OfficeID
	w.pard, w.holice = vtOffice(t, app, "Magistrát města Pardubic"), vtOffice(t, app, "Městský úřad Holice")
	create := func(u *auth.User, name string, origin int64) int64 {
		id, err := w.st.Create(ctx, u, nest.ToolInput{Name: name, Kind: nest.KindTool, Body: "Jak s nástrojem pracovat.", Origins: []int64{origin}})
		if err != nil {
			t.Fatalf("create %s: %v", name, err)
		}
		return id
	}
	promote := func(u *auth.User, id int64, to nest.Maturity) {
		t.Helper()
		v := int32(dbInt(t, app, `SELECT version FROM tools WHERE id = $1`, id))
		if err := w.st.Promote(ctx, u, id, to, "Ověřeno v praxi.", v); err != nil {
			t.Fatalf("promote %d to %s: %v", id, to, err)
		}
	}
	take := func(u *auth.User, tool, office int64, a nest.Action, daysAgo int) {
		t.Helper()
		v := int32(dbInt(t, app, `SELECT coalesce((SELECT version FROM adoptions WHERE tool_id = $1 AND office_id = $2), 0)`, tool, office))
		st := nest.Step{Tool: tool, Office: office, Action: a, On: nmDay(daysAgo), Version: v}
		if a == nest.Adopt {
			st.Report, st.Rating = "Používáme na každé poradě.", 5
		}
		if err := w.st.Take(ctx, u, st); err != nil {
			t.Fatalf("%s tool %d office %d: %v", a, tool, office, err)
		}
	}

	w.cards = create(w.metodik, "Matice: karty rodičovských dovedností", w.zam)
	promote(w.metodik, w.cards, nest.Prototype)
	take(w.headZam, w.cards, w.zam, nest.Trial, 10)
	promote(w.metodik, w.cards, nest.Piloting)
	if err := w.st.Offer(ctx, w.metodik, w.cards, []int64{w.lans, w.pard}, nmDay(8)); err != nil {
		t.Fatal(err)
	}
	take(w.lansUser, w.cards, w.lans, nest.Trial, 6)
	take(w.lansUser, w.cards, w.lans, nest.Adopt, 3)

	jm := vtUser(t, app, "metodik.jmk@hnizdo.test")
	w.jmk = create(jm, "Matice: kulatý stůl", vtOffice(t, app, "Městský úřad Šlapanice"))
	promote(jm, w.jmk, nest.Prototype)
	w.idea = create(w.metodik, "Matice: nápad", w.zam)
	return w
}

// nmCheckCounts compares every count and cell of the matrix page with the store's matrix.
func nmCheckCounts(t *testing.T, d *goquery.Document, m *nest.Matrix) {
	t.Helper()
	key := func(st nest.Stage) string {
		if st == nest.NotOffered {
			return "none"
		}
		return string(st)
	}
	stages := []nest.Stage{nest.Adopted, nest.Trialling, nest.Offered, nest.Abandoned}
	for _, o := range m.Offices {
		for _, st := range stages {
			id := "count-o" + strconv.FormatInt(o.ID, 10) + "-" + key(st)
			if got := testid(d, id); got != strconv.Itoa(o.Counts.Of(st)) {
				t.Errorf("%s (%s): %q, want %d", id, o.Name, got, o.Counts.Of(st))
			}
		}
		if got := testid(d, "count-o"+strconv.FormatInt(o.ID, 10)+"-reached"); got != strconv.Itoa(o.Reached) {
			t.Errorf("%s reached %q, want %d", o.Name, got, o.Reached)
		}
		for _, c := range m.Tools {
			sel := d.Find(`[data-testid="cell-` + strconv.FormatInt(o.ID, 10) + "-" + strconv.FormatInt(c.ID, 10) + `"]`)
			if st, _ := sel.Attr("data-stage"); st != key(m.Cell(o.ID, c.ID)) || !sel.HasClass("nest-matrix__cell--"+st) {
				t.Errorf("cell %s × %s: %q, want %q", o.Name, c.Name, st, key(m.Cell(o.ID, c.ID)))
			}
		}
	}
	for _, c := range m.Tools {
		for _, st := range append(stages, nest.NotOffered) {
			want := c.Counts.Of(st)
			if st == nest.NotOffered {
				want = c.NotOffered
			}
			id := "count-t" + strconv.FormatInt(c.ID, 10) + "-" + key(st)
			if got := testid(d, id); got != strconv.Itoa(want) {
				t.Errorf("%s (%s): %q, want %d", id, c.Name, got, want)
			}
		}
	}
	if n := d.Find(`[data-testid="matrix"] tbody tr`).Length(); n != len(m.Offices) {
		t.Errorf("%d rows, want %d", n, len(m.Offices))
	}
	if n := d.Find(`[data-testid="matrix"] thead th[scope=col]`).Length(); n != len(m.Tools)+2 {
		t.Errorf("%d column heads, want %d", n, len(m.Tools)+2)
	}
}

func TestNestMatrixPage(t *testing.T) {
	t.Parallel()
	w := nmSetup(t)
	ctx := context.Background()
	pak, err := w.st.Matrix(ctx, 9)
	if err != nil {
		t.Fatal(err)
	}
	zam, cards := strconv.FormatInt(w.zam, 10), strconv.FormatInt(w.cards, 10)

	for _, who := range []string{"pracovnik.lanskroun@hnizdo.test", "metodik.pak@hnizdo.test", "pracovnik.slapanice@hnizdo.test"} {
		t.Run(who, func(t *testing.T) {
			c := w.app.Login(t, who)
			path := "/nest/matrix"
			if strings.HasPrefix(who, "pracovnik.slapanice") {
				path += "?region=9" // another region's user reads PAK's matrix too
			}
			res := c.Get(path)
			if res.StatusCode != http.StatusOK {
				t.Fatalf("GET %s: %d", path, res.StatusCode)
			}
			d := doc(t, res.Body)
			if got := d.Find("h1").Text(); got != czech("nest.matrix.title") {
				t.Errorf("h1 %q", got)
			}
			if v, _ := d.Find(`select[name=region] option[selected]`).Attr("value"); v != "9" {
				t.Errorf("region selected %q, want 9", v)
			}
			nmCheckCounts(t, d, pak)

			// The tests' own cells, columns and marks.
			if d.Find(`[data-testid="tool-`+cards+`"] a[href="/nest/tools/`+cards+`"]`).Length() != 1 {
				t.Error("no column for the cards linking to the tool")
			}
			for _, id := range []int64{w.jmk, w.idea} {
				if d.Find(`[data-testid="tool-`+strconv.FormatInt(id, 10)+`"]`).Length() != 0 {
					t.Errorf("tool %d (JMK tool / idea) is a PAK column", id)
				}
			}
			cell := func(office int64) *goquery.Selection {
				return d.Find(`[data-testid="cell-` + strconv.FormatInt(office, 10) + "-" + cards + `"]`)
			}
			for office, want := range map[int64]string{w.zam: "trialling", w.lans: "adopted", w.pard: "offered", w.holice: "none"} {
				if st, _ := cell(office).Attr("data-stage"); st != want || !strings.Contains(cell(office).Text(), czech("nest.stage."+want)) {
					t.Errorf("cell of office %d: %q %q, want %s", office, st, cell(office).Text(), want)
				}
			}
			if !strings.Contains(cell(w.zam).Find(`[data-testid="origin"]`).Text(), czech("nest.matrix.origin")) ||
				cell(w.lans).Find(`[data-testid="origin"]`).Length() != 0 {
				t.Error("the origin mark is not on Žamberk alone")
			}
			if n := d.Find(`[data-testid="matrix"] tbody [data-testid="pilot"]`).Length(); n != 3 {
				t.Errorf("%d pilot offices marked, want 3", n)
			}
			if got := testid(d, "count-o"+zam+"-trialling"); got == "0" || got == "" {
				t.Errorf("Žamberk tries %q tools", got)
			}

			// Accessible structure: caption, scoped heads, a focusable scroll region, the legend.
			scroll := d.Find(`.nest-matrix__scroll`)
			if tab, _ := scroll.Attr("tabindex"); tab != "0" || scroll.AttrOr("role", "") != "region" || scroll.AttrOr("aria-label", "") == "" {
				t.Error("the scroll wrapper is not a labelled, focusable region")
			}
			if d.Find(`[data-testid="matrix"] caption`).Length() != 1 || d.Find(`[data-testid="matrix"] tbody th[scope=row]`).Length() != len(pak.Offices) {
				t.Error("no caption or row heads")
			}
			if n := d.Find(`[data-testid="legend"] li`).Length(); n != 7 {
				t.Errorf("legend of %d items", n)
			}
			if n := d.Find(`th[scope=row]`).FilterFunction(func(_ int, s *goquery.Selection) bool {
				return s.Text() == czech("nest.matrix.col_counts")
			}).Length(); n != 1 {
				t.Error("no footer row of the column counts")
			}

			// Offices not offered the cards: Holice, not Lanškroun.
			missing := d.Find(`ul[data-testid="not-offered-` + cards + `"] li`).Map(func(_ int, s *goquery.Selection) string { return s.Text() })
			if !slices.Contains(missing, "Městský úřad Holice") || slices.Contains(missing, "Městský úřad Lanškroun") || len(missing) != 12 {
				t.Errorf("not offered: %v", missing)
			}
			if href, _ := d.Find(`[data-testid="csv-link"]`).Attr("href"); href != "/nest/matrix.csv?region=9" {
				t.Errorf("csv link %q", href)
			}
		})
	}

	t.Run("another region by default", func(t *testing.T) {
		c := w.app.Login(t, "pracovnik.slapanice@hnizdo.test")
		res := c.Get("/nest/matrix")
		if res.StatusCode != http.StatusOK {
			t.Fatalf("status %d", res.StatusCode)
		}
		d := doc(t, res.Body)
		jmk, err := w.st.Matrix(ctx, 11)
		if err != nil {
			t.Fatal(err)
		}
		nmCheckCounts(t, d, jmk)
		if d.Find(`[data-testid="tool-`+strconv.FormatInt(w.jmk, 10)+`"]`).Length() != 1 || d.Find(`[data-testid="tool-`+cards+`"]`).Length() != 0 {
			t.Error("JMK's matrix shows the wrong tools")
		}
	})

	t.Run("unknown region", func(t *testing.T) {
		c := w.app.Login(t, "pracovnik.lanskroun@hnizdo.test")
		for _, q := range []string{"99", "abc", "-3"} {
			if res := c.Get("/nest/matrix?region=" + q); res.StatusCode != http.StatusNotFound {
				t.Errorf("region %s: %d", q, res.StatusCode)
			}
			if res := c.Get("/nest/matrix.csv?region=" + q); res.StatusCode != http.StatusNotFound {
				t.Errorf("csv region %s: %d", q, res.StatusCode)
			}
		}
		if res := w.app.Client(t).Get("/nest/matrix"); res.StatusCode != http.StatusSeeOther {
			t.Errorf("anonymous: %d", res.StatusCode)
		}
	})
}

func TestNestMatrixCSV(t *testing.T) {
	t.Parallel()
	w := nmSetup(t)
	m, err := w.st.Matrix(context.Background(), 9)
	if err != nil {
		t.Fatal(err)
	}
	c := w.app.Login(t, "pracovnik.slapanice@hnizdo.test")
	res := c.Get("/nest/matrix.csv?region=9")
	if res.StatusCode != http.StatusOK || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/csv") {
		t.Fatalf("status %d, type %q", res.StatusCode, res.Header.Get("Content-Type"))
	}
	disp, params, err := mime.ParseMediaType(res.Header.Get("Content-Disposition"))
	if err != nil || disp != "attachment" || params["filename"] != "sireni-nastroju-PAK.csv" {
		t.Errorf("Content-Disposition %q", res.Header.Get("Content-Disposition"))
	}
	body, ok := strings.CutPrefix(res.Body, "\uFEFF")
	if !ok {
		t.Fatal("no byte order mark")
	}
	if strings.Count(body, "\n") != strings.Count(body, "\r\n") {
		t.Error("lines do not end with CRLF")
	}
	r := csv.NewReader(strings.NewReader(body))
	r.Comma = ';'
	recs, err := r.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) != 1+len(m.Offices) {
		t.Fatalf("%d records, want %d", len(recs), 1+len(m.Offices))
	}
	head := recs[0]
	col := slices.Index(head, "Matice: karty rodičovských dovedností")
	if col < 2 || head[0] != "Úřad" || head[1] != "Pilotní úřad" || len(head) != 2+len(m.Tools)+5 ||
		slices.Contains(head, "Matice: kulatý stůl") || slices.Contains(head, "Matice: nápad") {
		t.Fatalf("head %q", head)
	}
	rows := map[string][]string{}
	for _, rec := range recs[1:] {
		rows[rec[0]] = rec
	}
	for office, want := range map[string]string{"Městský úřad Žamberk": "zkouší", "Městský úřad Lanškroun": "používá",
		"Magistrát města Pardubic": "nabídnuto", "Městský úřad Holice": ""} {
		if got := rows[office]; len(got) != len(head) || got[col] != want {
			t.Errorf("%s: %q, want %q in column %d", office, got, want, col)
		}
	}
	if rows["Městský úřad Žamberk"][1] != "ano" || rows["Městský úřad Holice"][1] != "ne" {
		t.Error("pilot column")
	}
	// The counts at the end agree with the store.
	for _, o := range m.Offices {
		rec := rows[o.Name]
		n := len(rec)
		want := []string{strconv.Itoa(o.Counts.Adopted), strconv.Itoa(o.Counts.Trialling), strconv.Itoa(o.Counts.Offered),
			strconv.Itoa(o.Counts.Abandoned), strconv.Itoa(o.Reached)}
		if !slices.Equal(rec[n-5:], want) {
			t.Errorf("%s counts %q, want %q", o.Name, rec[n-5:], want)
		}
	}
}

func TestNestMatrixSpread(t *testing.T) {
	t.Parallel()
	w := nmSetup(t)
	pts, err := w.st.Spread(context.Background(), w.cards)
	if err != nil {
		t.Fatal(err)
	}
	// Žamberk tried (10 days ago), two offered (8), Lanškroun tried (6) and adopted (3), today.
	if len(pts) != 5 {
		t.Fatalf("store spread %+v", pts)
	}
	cards := strconv.FormatInt(w.cards, 10)
	l := i18n.For("cs")
	for _, who := range []string{"pracovnik.lanskroun@hnizdo.test", "metodik.pak@hnizdo.test", "pracovnik.slapanice@hnizdo.test"} {
		c := w.app.Login(t, who)
		res := c.Get("/nest/tools/" + cards + "/spread")
		if res.StatusCode != http.StatusOK {
			t.Fatalf("%s: status %d", who, res.StatusCode)
		}
		d := doc(t, res.Body)
		if got := d.Find("h1").Text(); got != "Matice: karty rodičovských dovedností" {
			t.Errorf("h1 %q", got)
		}
		svg := d.Find(`[data-testid="spread-chart"] svg.chart__svg`)
		title := d.Find("#" + svg.AttrOr("aria-labelledby", "none")).Text()
		if svg.AttrOr("role", "") != "img" || title != czech("nest.matrix.spread_title", "Matice: karty rodičovských dovedností") {
			t.Errorf("svg role %q title %q", svg.AttrOr("role", ""), title)
		}
		if n := svg.Find("path[data-series]").Length(); n != 4 {
			t.Errorf("%d series drawn", n)
		}
		// The step line has one horizontal run per day after the first.
		if d := svg.Find(`path[data-series="adopted"]`).AttrOr("d", ""); strings.Count(d, "H") != len(pts)-1 {
			t.Errorf("adopted path %q", d)
		}
		rows := d.Find(`[data-testid="spread-chart-table"] tbody tr`)
		if rows.Length() != len(pts) {
			t.Fatalf("%d table rows, want %d", rows.Length(), len(pts))
		}
		rows.Each(func(i int, s *goquery.Selection) {
			p := pts[i]
			got := s.Find("th, td").Map(func(_ int, c *goquery.Selection) string { return c.Text() })
			want := []string{l.Date(p.Day), strconv.Itoa(p.Offered), strconv.Itoa(p.Trialling), strconv.Itoa(p.Adopted), strconv.Itoa(p.Abandoned)}
			if !slices.Equal(got, want) {
				t.Errorf("row %d: %q, want %q", i, got, want)
			}
		})
		last := pts[len(pts)-1]
		if last.Offered != 3 || last.Trialling != 2 || last.Adopted != 1 || !last.Day.Equal(nest.Today(time.Now())) {
			t.Errorf("last point %+v", last)
		}
		if href, _ := d.Find(`[data-testid="back"]`).Attr("href"); href != "/nest/tools/"+cards {
			t.Errorf("back link %q", href)
		}
	}

	c := w.app.Login(t, "pracovnik.lanskroun@hnizdo.test")
	res := c.Get("/nest/tools/" + strconv.FormatInt(w.idea, 10) + "/spread")
	if d := doc(t, res.Body); res.StatusCode != http.StatusOK || d.Find(`[data-testid="spread-empty"]`).Length() != 1 || d.Find("svg.chart__svg").Length() != 0 {
		t.Errorf("a tool never offered: %d", res.StatusCode)
	}
	for _, id := range []string{"987654321", "abc"} {
		if res := c.Get("/nest/tools/" + id + "/spread"); res.StatusCode != http.StatusNotFound {
			t.Errorf("tool %s: %d", id, res.StatusCode)
		}
	}
}
