package server_test

import (
	"bytes"
	"context"
	"mime/multipart"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"hnizdo.cz/hnizdo/internal/i18n"
	"hnizdo.cz/hnizdo/internal/server"
	"hnizdo.cz/hnizdo/internal/server/servertest"
)

// The nest tests make their own tools (with names no demo tool has) through the forms, as a
// change guide the tests add (ntGuide), and assert only about those: the demo may hold a nest
// of its own in the same region.

const (
	ntGuide  = "pruvodce.test@hnizdo.test"  // change guide, Krajský úřad Pardubického kraje (added by ntAddGuide)
	ntHeadCT = "lenka.benesova@hnizdo.test" // head, Česká Třebová (PAK pilot office)

	ntZamberk   = "Městský úřad Žamberk"
	ntLanskroun = "Městský úřad Lanškroun"
	ntTrebova   = "Městský úřad Česká Třebová"
)

// ntAddGuide adds a change guide of the Pardubice region with the demo password.
func ntAddGuide(t *testing.T, app *servertest.App) {
	t.Helper()
	_, err := app.Pool.Exec(context.Background(), `
		INSERT INTO users (email, name, office_id, roles, password_hash)
		SELECT $1, 'Tereza Průvodcová', o.id, '{guide}', (SELECT password_hash FROM users WHERE email = $2)
		FROM offices o WHERE o.name = 'Krajský úřad Pardubického kraje'`, ntGuide, metPAK)
	if err != nil {
		t.Fatal(err)
	}
}

func ntID(n int64) string { return strconv.FormatInt(n, 10) }

func ntToolPath(id int64, rest string) string { return "/nest/tools/" + ntID(id) + rest }

// ntToolValues is the tool form as a guide fills it in, with origin offices; kv overrides fields.
func ntToolValues(name string, origins []int64, kv ...string) url.Values {
	v := url.Values{"name": {name}, "kind": {"tool"}, "summary": {"Sada karet pro rozhovor s rodiči."},
		"body": {"Karty se používají při **prvním** rozhovoru s rodiči.\n\nKaždá karta nese jednu dovednost."}}
	for _, o := range origins {
		v.Add("origins", ntID(o))
	}
	for i := 0; i+1 < len(kv); i += 2 {
		v.Set(kv[i], kv[i+1])
	}
	return v
}

var ntToolLocation = regexp.MustCompile(`^/nest/tools/(\d+)$`)

// ntCreate posts the new-tool form and returns the new tool's id.
func ntCreate(t *testing.T, c *servertest.Client, v url.Values) int64 {
	t.Helper()
	res := c.PostForm("/nest/tools", v)
	m := ntToolLocation.FindStringSubmatch(res.Header.Get("Location"))
	if res.StatusCode != http.StatusSeeOther || m == nil {
		t.Fatalf("create tool: %d;%s", res.StatusCode, diagnose(res))
	}
	id, _ := strconv.ParseInt(m[1], 10, 64)
	return id
}

func ntVersion(t *testing.T, app *servertest.App, id int64) string {
	t.Helper()
	return strconv.Itoa(dbInt(t, app, `SELECT version FROM tools WHERE id = $1`, id))
}

func ntMaturity(t *testing.T, app *servertest.App, id int64) string {
	t.Helper()
	return dbString(t, app, `SELECT maturity FROM tools WHERE id = $1`, id)
}

// ntPromote posts the promotion form of tool id with its current version.
func ntPromote(t *testing.T, app *servertest.App, c *servertest.Client, id int64, to string) servertest.Response {
	t.Helper()
	return c.PostForm(ntToolPath(id, "/promote"), values("to", to, "version", ntVersion(t, app, id),
		"reason", "Nástroj byl vyzkoušen a osvědčil se.", "retire_reason", "Nahrazen novějším nástrojem."))
}

// ntPromoted promotes tool id to to and checks that it happened.
func ntPromoted(t *testing.T, app *servertest.App, c *servertest.Client, id int64, to string) {
	t.Helper()
	res := ntPromote(t, app, c, id, to)
	if res.StatusCode != http.StatusSeeOther || ntMaturity(t, app, id) != to {
		t.Fatalf("promote to %s: %d, maturity %s;%s", to, res.StatusCode, ntMaturity(t, app, id), diagnose(res))
	}
}

// ntAdoptionVersion is the version of office's adoption of tool id, 0 without one.
func ntAdoptionVersion(t *testing.T, app *servertest.App, id, office int64) string {
	t.Helper()
	return strconv.Itoa(dbInt(t, app, `SELECT coalesce((SELECT version FROM adoptions WHERE tool_id = $1 AND office_id = $2), 0)`, id, office))
}

// ntStage is office's stage with tool id, "" without an adoption.
func ntStage(t *testing.T, app *servertest.App, id, office int64) string {
	t.Helper()
	return dbString(t, app, `SELECT coalesce((SELECT stage || '/' || coalesce(rating::text, '-') FROM adoptions WHERE tool_id = $1 AND office_id = $2), '')`, id, office)
}

// ntAdoption posts the own-office adoption form of tool id for office's staff; kv adds fields.
func ntAdoption(t *testing.T, app *servertest.App, c *servertest.Client, id, office int64, action string, kv ...string) servertest.Response {
	t.Helper()
	v := values("action", action, "version", ntAdoptionVersion(t, app, id, office), "on", "", "rating", "", "report", "")
	for i := 0; i+1 < len(kv); i += 2 {
		v.Set(kv[i], kv[i+1])
	}
	return c.PostForm(ntToolPath(id, "/adoption"), v)
}

// ntSnapshot is what the nest holds about tool id and in total: a refused request leaves it as it was.
func ntSnapshot(t *testing.T, app *servertest.App, id int64) string {
	t.Helper()
	return dbString(t, app, `SELECT concat_ws(' ',
		(SELECT count(*) FROM tools), (SELECT count(*) FROM tool_origins), (SELECT count(*) FROM tool_promotions),
		(SELECT count(*) FROM adoptions), (SELECT count(*) FROM adoption_steps), (SELECT count(*) FROM tool_files),
		(SELECT count(*) FROM files), (SELECT count(*) FROM tool_notes), (SELECT count(*) FROM tool_topics),
		(SELECT count(*) FROM audit_log),
		coalesce((SELECT name || '|' || summary || '|' || maturity || '|' || version FROM tools WHERE id = $1), '-'),
		coalesce((SELECT string_agg(office_id || ':' || stage || ':' || version, ',' ORDER BY office_id) FROM adoptions WHERE tool_id = $1), '-'))`, id)
}

// ntUnchanged checks that nothing changed since before.
func ntUnchanged(t *testing.T, app *servertest.App, id int64, before, what string) {
	t.Helper()
	if after := ntSnapshot(t, app, id); after != before {
		t.Fatalf("%s changed the nest:\n before %s\n after  %s", what, before, after)
	}
}

// ntUpload posts a file to a tool's upload form as multipart, as a browser does.
func ntUpload(t *testing.T, app *servertest.App, c *servertest.Client, id int64, name string, data []byte) servertest.Response {
	t.Helper()
	var body bytes.Buffer
	w := multipart.NewWriter(&body)
	part, err := w.CreateFormFile("file", name)
	if err != nil {
		t.Fatal(err)
	}
	part.Write(data)
	w.Close()
	req, _ := http.NewRequest("POST", app.URL+ntToolPath(id, "/files"), &body)
	req.Header.Set("Content-Type", w.FormDataContentType())
	req.Header.Set("Origin", app.URL)
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	return c.Do(req)
}

// ntAcceptedItem returns an accepted agenda item of a meeting of region slug, not cancelled;
// without one in the demo it makes a held meeting with one.
func ntAcceptedItem(t *testing.T, app *servertest.App, slug string) (int64, string) {
	t.Helper()
	var id int64
	var title string
	err := app.Pool.QueryRow(context.Background(), `
		SELECT t.id, t.title FROM topics t JOIN meetings m ON m.id = t.meeting_id JOIN regions r ON r.id = m.region_id
		WHERE r.slug = $1 AND t.status = 'accepted' AND m.status <> 'cancelled' ORDER BY t.id LIMIT 1`, slug).Scan(&id, &title)
	if err == nil {
		return id, title
	}
	title = "Představení nástroje z inovačního hnízda (" + slug + ")"
	if err := app.Pool.QueryRow(context.Background(), `
		WITH m AS (
			INSERT INTO meetings (region_id, title, venue, starts_at, ends_at, capacity, register_by, topics_by, status)
			SELECT r.id, 'Setkání OSPOD k inovacím', 'Krajský úřad, zasedací místnost', now() - interval '30 days',
				now() - interval '30 days' + interval '4 hours', 40, now() - interval '32 days', now() - interval '33 days', 'held'
			FROM regions r WHERE r.slug = $1 RETURNING id)
		INSERT INTO topics (meeting_id, title, status, position) SELECT m.id, $2, 'accepted', 1 FROM m RETURNING id`,
		slug, title).Scan(&id); err != nil {
		t.Fatalf("accepted item of %s: %v", slug, err)
	}
	return id, title
}

// ntSummaryLinks checks that every link of the page's error summaries leads to an element.
func ntSummaryLinks(t *testing.T, d *goquery.Document) {
	t.Helper()
	n := 0
	d.Find(`[data-testid="error-summary"] a`).Each(func(_ int, a *goquery.Selection) {
		n++
		if href := a.AttrOr("href", ""); !strings.HasPrefix(href, "#") || d.Find(href).Length() != 1 {
			t.Fatalf("the error summary links %q, which is not on the page", href)
		}
	})
	if n == 0 {
		t.Fatal("no error summary")
	}
}

// ntHas reports whether the page has an element sel.
func ntHas(d *goquery.Document, sel string) bool { return d.Find(sel).Length() > 0 }

// TestNestToolAccessHTTP: who may read and change a tool, route by route and object by object;
// every refused request leaves the nest as it was.
func TestNestToolAccessHTTP(t *testing.T) {
	t.Parallel()
	app := servertest.Start(t)
	ntAddGuide(t, app)
	zam, lan := vtOffice(t, app, ntZamberk), vtOffice(t, app, ntLanskroun)
	clients := map[string]*servertest.Client{anonymous: app.Client(t)}
	for _, who := range []string{ntGuide, metPAK, headPAK, cwPAK, ntHeadCT, metJMK, cwJMK, coordJMK, admin} {
		clients[who] = app.Login(t, who)
	}
	g := clients[ntGuide]

	// The tool: made at Žamberk, a prototype that Žamberk tries, with a material and a note.
	id := ntCreate(t, g, ntToolValues("Karty rodičovských dovedností (test přístupu)", []int64{zam}))
	ntPromoted(t, app, g, id, "prototype")
	if res := ntAdoption(t, app, clients[headPAK], id, zam, "trial"); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("Žamberk trial: %d;%s", res.StatusCode, diagnose(res))
	}
	if res := ntUpload(t, app, g, id, "karty.pdf", smallPDF); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("upload: %d;%s", res.StatusCode, diagnose(res))
	}
	file := int64(dbInt(t, app, `SELECT file_id FROM tool_files WHERE tool_id = $1`, id))
	note := noteByTitle(t, app, bindingTitle)
	if res := g.PostForm(ntToolPath(id, "/links"), values("kind", "note", "note", note)); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("link: %d;%s", res.StatusCode, diagnose(res))
	}
	// A file of something else than a tool is not a tool's material.
	other := dbInt(t, app, `INSERT INTO files (name, mime, size, sha256, data, uploaded_by)
		VALUES ('jine.pdf', 'application/pdf', $1, sha256($2), $2, (SELECT id FROM users WHERE email = $3)) RETURNING id`,
		len(smallPDF), smallPDF, metPAK)
	const unknown = "999999999"
	everyone := []string{ntGuide, metPAK, headPAK, cwPAK, ntHeadCT, metJMK, cwJMK, coordJMK, admin}
	editors := []string{ntGuide, metPAK, headPAK}

	t.Run("pages", func(t *testing.T) {
		pages := []struct {
			path    string
			allowed []string
		}{
			{"/nest", everyone},
			// Staff of a regional authority who do not accompany the nest have no office a tool
			// could come from.
			{"/nest/tools/new", []string{ntGuide, metPAK, headPAK, cwPAK, ntHeadCT, metJMK, cwJMK}},
			{ntToolPath(id, ""), everyone},
			{ntToolPath(id, "/edit"), editors},
			{"/nest/files/" + ntID(file), everyone},
		}
		for _, pg := range pages {
			for who, c := range clients {
				res := c.Get(pg.path)
				switch {
				case who == anonymous:
					if res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(res.Header.Get("Location"), "/login") {
						t.Fatalf("anonymous %s: %d %q", pg.path, res.StatusCode, res.Header.Get("Location"))
					}
				case contains(pg.allowed, who):
					if res.StatusCode != http.StatusOK {
						t.Fatalf("%s %s: %d;%s", who, pg.path, res.StatusCode, diagnose(res))
					}
					if strings.HasPrefix(res.Header.Get("Content-Type"), "text/html") && doc(t, res.Body).Find("h1").Length() != 1 {
						t.Fatalf("%s %s: not one h1", who, pg.path)
					}
				default:
					if res.StatusCode != http.StatusForbidden || !strings.Contains(res.Body, czech("err.forbidden.title")) {
						t.Fatalf("%s %s: %d, want the Czech 403;%s", who, pg.path, res.StatusCode, diagnose(res))
					}
				}
			}
		}
		for _, path := range []string{"/nest/tools/" + unknown, "/nest/tools/" + unknown + "/edit", "/nest/files/" + unknown,
			"/nest/files/" + strconv.Itoa(other)} {
			res := g.Get(path)
			if res.StatusCode != http.StatusNotFound || !strings.Contains(res.Body, czech("err.not_found.title")) {
				t.Fatalf("%s: %d, want the Czech 404", path, res.StatusCode)
			}
		}
	})

	t.Run("the tool page offers each one only their own forms", func(t *testing.T) {
		for who, c := range clients {
			if who == anonymous {
				continue
			}
			d := expect(t, who, c.Get(ntToolPath(id, "")), http.StatusOK)
			edits := contains(editors, who)
			if ntHas(d, `a[href="`+ntToolPath(id, "/edit")+`"]`) != edits || ntHas(d, `form[action="`+ntToolPath(id, "/files")+`"]`) != edits ||
				ntHas(d, `form[action="`+ntToolPath(id, "/links")+`"]`) != edits {
				t.Fatalf("%s: edit, upload and link forms shown %v, want %v", who, !edits, edits)
			}
			// Offers: guides and methodologists, each to their own region's offices.
			offers := who == ntGuide || who == metPAK || who == metJMK
			if ntHas(d, `form[action="`+ntToolPath(id, "/offers")+`"]`) != offers {
				t.Fatalf("%s: offer form shown %v, want %v", who, !offers, offers)
			}
			if offers && ntHas(d, `form[action="`+ntToolPath(id, "/offers")+`"] input[value="`+ntID(zam)+`"]`) {
				t.Fatal("the tool is offered to Žamberk, which tries it already")
			}
			// Piloting: those who edit the tool (Žamberk tries it, so the rule holds).
			if ntHas(d, `[data-testid="promote-form"]`) != edits {
				t.Fatalf("%s: promotion form shown %v, want %v", who, !edits, edits)
			}
		}
	})

	type try struct {
		who  string
		path string
		form url.Values
		want int
	}
	refusals := func(t *testing.T, tries []try) {
		t.Helper()
		for _, tr := range tries {
			before := ntSnapshot(t, app, id)
			var res servertest.Response
			if tr.form == nil {
				res = ntUpload(t, app, clients[tr.who], ntAtoi(t, tr.path), "karty2.pdf", smallPDF)
			} else {
				res = clients[tr.who].PostForm(tr.path, tr.form)
			}
			what := tr.who + " " + tr.path
			switch tr.want {
			case http.StatusSeeOther: // anonymous: to the login page
				if res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(res.Header.Get("Location"), "/login") {
					t.Fatalf("%s: %d %q, want the login page", what, res.StatusCode, res.Header.Get("Location"))
				}
			case http.StatusForbidden:
				if res.StatusCode != http.StatusForbidden || !strings.Contains(res.Body, czech("err.forbidden.title")) {
					t.Fatalf("%s: %d, want the Czech 403;%s", what, res.StatusCode, diagnose(res))
				}
			default:
				if res.StatusCode != tr.want {
					t.Fatalf("%s: %d, want %d;%s", what, res.StatusCode, tr.want, diagnose(res))
				}
			}
			ntUnchanged(t, app, id, before, what)
		}
	}
	tool, unk := ntToolPath(id, ""), "/nest/tools/"+unknown
	edit := func() url.Values {
		return ntToolValues("Přejmenovaný nástroj", []int64{zam, lan}, "version", ntVersion(t, app, id))
	}

	t.Run("editing", func(t *testing.T) {
		var tries []try
		for _, who := range []string{anonymous, cwPAK, ntHeadCT, metJMK, cwJMK, coordJMK, admin} {
			want := http.StatusForbidden
			if who == anonymous {
				want = http.StatusSeeOther
			}
			tries = append(tries, try{who, tool, edit(), want})
		}
		tries = append(tries, try{ntGuide, unk, edit(), http.StatusNotFound})
		refusals(t, tries)
		// The origin office's head edits, and keeps the origins (naming only her own office).
		res := clients[headPAK].PostForm(tool, ntToolValues("Karty rodičovských dovedností (test přístupu)", []int64{zam},
			"summary", "Upraveno na Žamberku.", "version", ntVersion(t, app, id)))
		if res.StatusCode != http.StatusSeeOther {
			t.Fatalf("head edit: %d;%s", res.StatusCode, diagnose(res))
		}
		if got := dbString(t, app, `SELECT summary FROM tools WHERE id = $1`, id); got != "Upraveno na Žamberku." {
			t.Fatalf("summary %q", got)
		}
	})

	t.Run("promoting", func(t *testing.T) {
		promote := func(to string) url.Values {
			return values("to", to, "version", ntVersion(t, app, id), "reason", "Osvědčilo se.", "retire_reason", "Nepoužívá se.")
		}
		refusals(t, []try{
			{anonymous, tool + "/promote", promote("piloting"), http.StatusSeeOther},
			{ntGuide, tool + "/promote", promote("recommended"), http.StatusForbidden},
			{ntGuide, tool + "/promote", promote("retired"), http.StatusForbidden},
			{headPAK, tool + "/promote", promote("retired"), http.StatusForbidden},
			{metJMK, tool + "/promote", promote("piloting"), http.StatusForbidden},
			{metJMK, tool + "/promote", promote("retired"), http.StatusForbidden},
			{cwPAK, tool + "/promote", promote("piloting"), http.StatusForbidden},
			{ntHeadCT, tool + "/promote", promote("piloting"), http.StatusForbidden},
			{admin, tool + "/promote", promote("piloting"), http.StatusForbidden},
			{ntGuide, unk + "/promote", promote("piloting"), http.StatusNotFound},
			// Skipping a rung is refused with the message on the page.
			{metPAK, tool + "/promote", promote("validated"), http.StatusConflict},
		})
	})

	t.Run("offering", func(t *testing.T) {
		offer := values("offices", ntID(lan), "offer_on", "")
		var tries []try
		for _, who := range []string{cwPAK, headPAK, ntHeadCT, cwJMK, coordJMK, admin} {
			tries = append(tries, try{who, tool + "/offers", offer, http.StatusForbidden})
		}
		tries = append(tries, try{anonymous, tool + "/offers", offer, http.StatusSeeOther},
			// A methodologist of another region offers it to their own offices, not to this region's.
			try{metJMK, tool + "/offers", offer, http.StatusUnprocessableEntity},
			try{ntGuide, unk + "/offers", offer, http.StatusNotFound},
			// Žamberk tries it already: not offered again.
			try{ntGuide, tool + "/offers", values("offices", ntID(zam)), http.StatusConflict},
			try{ntGuide, tool + "/offers", values("offices", ntID(lan), "offer_on", "zítra"), http.StatusUnprocessableEntity},
			try{ntGuide, tool + "/offers", values("offer_on", ""), http.StatusUnprocessableEntity})
		refusals(t, tries)
		res := g.PostForm(tool+"/offers", offer)
		if res.StatusCode != http.StatusSeeOther || ntStage(t, app, id, lan) != "offered/-" {
			t.Fatalf("offer: %d, stage %q;%s", res.StatusCode, ntStage(t, app, id, lan), diagnose(res))
		}
	})

	t.Run("adoption", func(t *testing.T) {
		adopt := func(kv ...string) url.Values {
			v := values("action", "adopt", "version", ntAdoptionVersion(t, app, id, lan), "rating", "4",
				"report", "Karty pomáhají v rozhovoru s rodiči.")
			for i := 0; i+1 < len(kv); i += 2 {
				v.Set(kv[i], kv[i+1])
			}
			return v
		}
		refusals(t, []try{
			{anonymous, tool + "/adoption", adopt(), http.StatusSeeOther},
			{cwPAK, unk + "/adoption", adopt(), http.StatusNotFound},
			// Reporting for another office, or as the regional office, is refused at the field.
			{ntHeadCT, tool + "/adoption", adopt("office", ntID(lan)), http.StatusUnprocessableEntity},
			{ntGuide, tool + "/adoption", adopt(), http.StatusUnprocessableEntity},
			{ntGuide, tool + "/adoption", adopt("office", ntID(lan)), http.StatusUnprocessableEntity},
			{cwPAK, tool + "/adoption", adopt("version", "0"), http.StatusConflict},
			{cwPAK, tool + "/adoption", adopt("action", "offer"), http.StatusUnprocessableEntity},
		})
	})

	t.Run("a regional authority's staff are told why they report nothing", func(t *testing.T) {
		d := expect(t, "guide reports", g.PostForm(tool+"/adoption", values("action", "trial", "version", "0")), http.StatusUnprocessableEntity)
		if !strings.Contains(testid(d, "alert"), czech("nest.err.office")) {
			t.Fatalf("alert %q", testid(d, "alert"))
		}
	})

	t.Run("materials", func(t *testing.T) {
		var tries []try
		for _, who := range []string{cwPAK, ntHeadCT, metJMK, cwJMK, coordJMK, admin} {
			tries = append(tries, try{who, ntID(id), nil, http.StatusForbidden})
		}
		tries = append(tries, try{ntGuide, unknown, nil, http.StatusNotFound})
		refusals(t, tries)
	})

	t.Run("links", func(t *testing.T) {
		link := values("kind", "note", "note", "/notes/"+note)
		unlink := values("kind", "note", "target", note)
		var tries []try
		for _, who := range []string{cwPAK, ntHeadCT, metJMK, cwJMK, coordJMK, admin} {
			tries = append(tries, try{who, tool + "/links", link, http.StatusForbidden},
				try{who, tool + "/links/delete", unlink, http.StatusForbidden})
		}
		tries = append(tries, try{anonymous, tool + "/links", link, http.StatusSeeOther},
			try{anonymous, tool + "/links/delete", unlink, http.StatusSeeOther},
			try{ntGuide, unk + "/links", link, http.StatusNotFound},
			try{ntGuide, unk + "/links/delete", unlink, http.StatusNotFound},
			// A link the tool does not have is not found.
			try{ntGuide, tool + "/links/delete", values("kind", "note", "target", unknown), http.StatusNotFound},
			try{ntGuide, tool + "/links/delete", values("kind", "bogus", "target", note), http.StatusBadRequest})
		refusals(t, tries)
	})
}

func ntAtoi(t *testing.T, s string) int64 {
	t.Helper()
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// TestNestPromotionPathHTTP: a tool made at Žamberk climbs the ladder through the pages: a
// prototype, piloted at its origin, offered to two offices whose successful use validates it,
// and recommended by the region's methodologist; every rule and every wrong input is refused
// with its message.
func TestNestPromotionPathHTTP(t *testing.T) {
	t.Parallel()
	app := servertest.Start(t)
	ntAddGuide(t, app)
	zam, lan, ct := vtOffice(t, app, ntZamberk), vtOffice(t, app, ntLanskroun), vtOffice(t, app, ntTrebova)
	g, met, head, cw, headCT := app.Login(t, ntGuide), app.Login(t, metPAK), app.Login(t, headPAK), app.Login(t, cwPAK), app.Login(t, ntHeadCT)
	const name = "Plán bezpečí dítěte (test cesty)"
	var id int64

	t.Run("the guide makes a tool of Žamberk, a prototype piloted there", func(t *testing.T) {
		id = ntCreate(t, g, ntToolValues(name, []int64{zam}))
		if got := dbString(t, app, `SELECT maturity || ' ' || (SELECT string_agg(office_id::text, ',') FROM tool_origins WHERE tool_id = t.id)
			FROM tools t WHERE id = $1`, id); got != "idea "+ntID(zam) {
			t.Fatalf("stored %q", got)
		}
		d := expect(t, "new tool", g.Get(ntToolPath(id, "")), http.StatusOK)
		if testid(d, "flash") == "" || d.Find("h1").Length() != 1 || !strings.Contains(d.Find("h1").Text(), name) {
			t.Fatal("no flash or the wrong heading")
		}
		// Not offerable as an idea: no one may try it yet.
		if res := ntAdoption(t, app, head, id, zam, "trial"); res.StatusCode != http.StatusConflict {
			t.Fatalf("trial of an idea: %d;%s", res.StatusCode, diagnose(res))
		}
		ntPromoted(t, app, g, id, "prototype")
		// Piloting needs the origin to try it.
		d = expect(t, "piloting too early", ntPromote(t, app, g, id, "piloting"), http.StatusUnprocessableEntity)
		if got := testid(d, "error-evidence"); !strings.Contains(got, czech("nest.err.rule.piloting")) {
			t.Fatalf("evidence error %q", got)
		}
		if res := ntAdoption(t, app, head, id, zam, "trial"); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("Žamberk trial: %d;%s", res.StatusCode, diagnose(res))
		}
		ntPromoted(t, app, g, id, "piloting")
	})

	t.Run("the guide offers it to Lanškroun and Česká Třebová", func(t *testing.T) {
		res := g.PostForm(ntToolPath(id, "/offers"), values("offices", ntID(lan), "offices", ntID(ct), "offer_on", ""))
		if res.StatusCode != http.StatusSeeOther {
			t.Fatalf("offer: %d;%s", res.StatusCode, diagnose(res))
		}
		if ntStage(t, app, id, lan) != "offered/-" || ntStage(t, app, id, ct) != "offered/-" {
			t.Fatalf("stages %q %q", ntStage(t, app, id, lan), ntStage(t, app, id, ct))
		}
		d := expect(t, "Lanškroun's page", cw.Get(ntToolPath(id, "")), http.StatusOK)
		if !strings.Contains(testid(d, "own-adoption"), czech("nest.stage.offered")) {
			t.Fatalf("own adoption: %q", testid(d, "own-adoption"))
		}
	})

	t.Run("validated is refused before the offices report", func(t *testing.T) {
		before := ntSnapshot(t, app, id)
		d := expect(t, "validated now", ntPromote(t, app, g, id, "validated"), http.StatusUnprocessableEntity)
		if got := testid(d, "error-evidence"); !strings.Contains(got, czech("nest.err.rule.validated")) {
			t.Fatalf("evidence error %q", got)
		}
		ntSummaryLinks(t, d)
		if vtField(d, "reason") != "Nástroj byl vyzkoušen a osvědčil se." {
			t.Fatal("the reason is lost")
		}
		ntUnchanged(t, app, id, before, "validated too early")
		if ntMaturity(t, app, id) != "piloting" {
			t.Fatal("maturity changed")
		}
	})

	t.Run("Lanškroun's report is checked", func(t *testing.T) {
		report := "Karty používáme při prvním rozhovoru, rodiče lépe mluví o svých silných stránkách."
		before := ntSnapshot(t, app, id)
		d := expect(t, "no rating", ntAdoption(t, app, cw, id, lan, "adopt", "report", report), http.StatusUnprocessableEntity)
		vtError(t, d, "rating", "nest.err.rating_required")
		if vtField(d, "report") != report || vtField(d, "action") != "adopt" {
			t.Fatalf("input not kept: %q %q", vtField(d, "report"), vtField(d, "action"))
		}
		for _, r := range []string{"7", "0", "-2", "99999", "65541", "pět"} {
			d := expect(t, "rating "+r, ntAdoption(t, app, cw, id, lan, "adopt", "report", report, "rating", r), http.StatusUnprocessableEntity)
			vtError(t, d, "rating", "nest.err.rating")
			if vtField(d, "report") != report {
				t.Fatal("report not kept")
			}
		}
		// Another office's experience is not Lanškroun's to report.
		d = expect(t, "for Česká Třebová", ntAdoption(t, app, cw, id, lan, "adopt", "report", report, "rating", "5",
			"office", ntID(ct), "version", ntAdoptionVersion(t, app, id, ct)), http.StatusUnprocessableEntity)
		vtError(t, d, "office", "nest.err.other_office")
		ntSummaryLinks(t, d)
		d = expect(t, "in the future", ntAdoption(t, app, cw, id, lan, "adopt", "report", report, "rating", "5", "on", "2999-01-01"),
			http.StatusUnprocessableEntity)
		vtError(t, d, "on", "nest.err.future")
		ntUnchanged(t, app, id, before, "refused reports")
		if ntStage(t, app, id, lan) != "offered/-" || ntStage(t, app, id, ct) != "offered/-" {
			t.Fatal("a refused report changed a stage")
		}
	})

	t.Run("both offices adopt it and the guide validates it", func(t *testing.T) {
		if res := ntAdoption(t, app, cw, id, lan, "adopt", "rating", "5", "report", "Rodiče lépe mluví o svých silných stránkách."); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("Lanškroun adopts: %d;%s", res.StatusCode, diagnose(res))
		}
		// One office is not enough.
		if res := ntPromote(t, app, g, id, "validated"); res.StatusCode != http.StatusUnprocessableEntity {
			t.Fatalf("validated with one office: %d;%s", res.StatusCode, diagnose(res))
		}
		if res := ntAdoption(t, app, headCT, id, ct, "adopt", "rating", "4", "report", "Pomáhá při plánování bezpečí."); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("Česká Třebová adopts: %d;%s", res.StatusCode, diagnose(res))
		}
		if ntStage(t, app, id, lan) != "adopted/5" || ntStage(t, app, id, ct) != "adopted/4" {
			t.Fatalf("stages %q %q", ntStage(t, app, id, lan), ntStage(t, app, id, ct))
		}
		d := expect(t, "rule met", g.Get(ntToolPath(id, "")), http.StatusOK)
		if !hasAttr(d.Find(`[data-testid="rule"]`), "data-met") {
			t.Fatal("the rule is not shown as met")
		}
		// The guide and the methodologist validate it at once: one wins, the other is told.
		version := ntVersion(t, app, id)
		codes := make(chan int, 2)
		for _, c := range []*servertest.Client{g, met} {
			go func() {
				codes <- c.PostForm(ntToolPath(id, "/promote"), values("to", "validated", "version", version, "reason", "Dva úřady jej používají.")).StatusCode
			}()
		}
		if a, b := <-codes, <-codes; a+b != http.StatusSeeOther+http.StatusConflict || a == b {
			t.Fatalf("parallel promotions: %d and %d, want 303 and 409", a, b)
		}
		if ntMaturity(t, app, id) != "validated" || dbInt(t, app, `SELECT count(*) FROM tool_promotions WHERE tool_id = $1 AND to_level = 'validated'`, id) != 1 {
			t.Fatal("not validated exactly once")
		}
		d = expect(t, "validated", g.Get(ntToolPath(id, "")), http.StatusOK)
		if testid(d, "maturity") != czech("nest.maturity.validated") {
			t.Fatalf("maturity badge %q", testid(d, "maturity"))
		}
		last := d.Find(`[data-testid="promotions"] > li`).Last().Text()
		for _, o := range []string{ntLanskroun, ntTrebova} {
			if !strings.Contains(last, o) {
				t.Fatalf("the validation's evidence does not name %s: %q", o, last)
			}
		}
		if strings.Contains(last, ntZamberk) {
			t.Fatal("the origin counts as evidence of its own tool")
		}
		if n := dbInt(t, app, `SELECT jsonb_array_length(evidence) FROM tool_promotions WHERE tool_id = $1 AND to_level = 'validated'`, id); n != 2 {
			t.Fatalf("%d offices of evidence stored", n)
		}
	})

	t.Run("the catalogue finds it by words without diacritics and by maturity, with its spread", func(t *testing.T) {
		card := `[data-testid="tool-` + ntID(id) + `"]`
		d := expect(t, "search", cw.Get("/nest?q=plan+bezpeci+ditete&region=0"), http.StatusOK)
		if !ntHas(d, card) {
			t.Fatal("the search does not find the tool")
		}
		spread := d.Find(card).Text()
		for _, want := range []string{i18n.For("cs").N("nest.count.adopted", 2), i18n.For("cs").N("nest.count.trialling", 1),
			czech("nest.maturity.validated"), ntZamberk} {
			if !strings.Contains(spread, want) {
				t.Fatalf("the card %q does not say %q", strings.Join(strings.Fields(spread), " "), want)
			}
		}
		if !ntHas(expect(t, "validated", cw.Get("/nest?maturity=validated"), http.StatusOK), card) ||
			ntHas(expect(t, "ideas", cw.Get("/nest?maturity=idea"), http.StatusOK), card) ||
			ntHas(expect(t, "JMK", cw.Get("/nest?region="+regionID(t, app, "JHM")), http.StatusOK), card) {
			t.Fatal("the filters do not narrow the catalogue")
		}
	})

	t.Run("Lanškroun's office page lists the tool it uses", func(t *testing.T) {
		d := expect(t, "office page", cw.Get("/offices/"+ntID(lan)), http.StatusOK)
		row := d.Find(`[data-testid="office-tools"] li`).FilterFunction(func(_ int, s *goquery.Selection) bool {
			return s.Find(`a[href="`+ntToolPath(id, "")+`"]`).Length() == 1
		})
		if row.Length() != 1 || !strings.Contains(row.Text(), czech("nest.stage.adopted")) {
			t.Fatalf("office page row %q", row.Text())
		}
	})

	t.Run("only the methodologist recommends it, with the current version", func(t *testing.T) {
		before := ntSnapshot(t, app, id)
		expect(t, "guide recommends", ntPromote(t, app, g, id, "recommended"), http.StatusForbidden)
		d := expect(t, "stale", met.PostForm(ntToolPath(id, "/promote"), values("to", "recommended", "reason", "Doporučeno poradou vedoucích.",
			"version", strconv.Itoa(dbInt(t, app, `SELECT version - 1 FROM tools WHERE id = $1`, id)))), http.StatusConflict)
		if !strings.Contains(testid(d, "alert"), czech("nest.err.stale")) {
			t.Fatalf("alert %q", testid(d, "alert"))
		}
		ntUnchanged(t, app, id, before, "refused recommendations")
		ntPromoted(t, app, met, id, "recommended")
		if got := dbString(t, app, `SELECT u.email FROM tool_promotions p JOIN users u ON u.id = p.by_id
			WHERE p.tool_id = $1 AND p.to_level = 'recommended'`, id); got != metPAK {
			t.Fatalf("recommended by %s", got)
		}
		if n := dbInt(t, app, `SELECT count(*) FROM audit_log WHERE object_type = 'tool' AND object_id = $1 AND action = 'tool.promote'`, id); n != 4 {
			t.Fatalf("%d promotions audited", n)
		}
		// At the top of the ladder there is no step further.
		if res := ntPromote(t, app, met, id, "recommended"); res.StatusCode != http.StatusConflict {
			t.Fatalf("recommended twice: %d", res.StatusCode)
		}
	})

	t.Run("the methodologist retires it with a reason; then offices only say how it went or that they stopped", func(t *testing.T) {
		before := ntSnapshot(t, app, id)
		d := expect(t, "no reason", met.PostForm(ntToolPath(id, "/promote"), values("to", "retired", "version", ntVersion(t, app, id),
			"retire_reason", " ", "reason", "Tento důvod patří povýšení.")), http.StatusUnprocessableEntity)
		if !strings.Contains(testid(d, "error-retire_reason"), czech("err.required")) || !hasAttr(d.Find(`details:has(#f-retire_reason)`), "open") {
			t.Fatal("the retirement's error is not shown at its field")
		}
		ntSummaryLinks(t, d)
		ntUnchanged(t, app, id, before, "a retirement without a reason")
		ntPromoted(t, app, met, id, "retired")
		if res := ntAdoption(t, app, cw, id, lan, "evaluate", "rating", "3", "report", "Už jej nepoužíváme tak často."); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("evaluate a retired tool: %d;%s", res.StatusCode, diagnose(res))
		}
		if res := ntAdoption(t, app, cw, id, lan, "abandon", "report", "Nahradili jsme ho novějším postupem."); res.StatusCode != http.StatusSeeOther || ntStage(t, app, id, lan) != "abandoned/-" {
			t.Fatalf("abandon a retired tool: %d, stage %q;%s", res.StatusCode, ntStage(t, app, id, lan), diagnose(res))
		}
		before = ntSnapshot(t, app, id)
		d = expect(t, "try a retired tool again", ntAdoption(t, app, cw, id, lan, "trial"), http.StatusConflict)
		if !strings.Contains(testid(d, "alert"), czech("nest.err.not_offerable")) {
			t.Fatalf("alert %q", testid(d, "alert"))
		}
		ntUnchanged(t, app, id, before, "a step on a retired tool")
		if ntHas(d, `[data-testid="promote-form"]`) || ntHas(d, `form[action="`+ntToolPath(id, "/offers")+`"]`) {
			t.Fatal("a retired tool offers promotion or offers")
		}
	})
}

// TestNestToolFormHTTP: bad input of the tool form is shown at its fields with the input kept
// and stores nothing; edits check the version.
func TestNestToolFormHTTP(t *testing.T) {
	t.Parallel()
	app := servertest.Start(t)
	ntAddGuide(t, app)
	zam, lan := vtOffice(t, app, ntZamberk), vtOffice(t, app, ntLanskroun)
	g, head := app.Login(t, ntGuide), app.Login(t, headPAK)
	const taken = "Intervize v týmu (test formuláře)"
	first := ntCreate(t, g, ntToolValues(taken, []int64{zam}))
	count := func() string {
		return dbString(t, app, `SELECT (SELECT count(*) FROM tools) || ' ' || (SELECT count(*) FROM tool_origins) || ' ' || (SELECT count(*) FROM audit_log)`)
	}
	before := count()

	kept := func(t *testing.T, d *goquery.Document, v url.Values) {
		t.Helper()
		for _, f := range []string{"name", "summary", "body"} {
			if got := vtField(d, f); got != v.Get(f) {
				t.Fatalf("%s not kept: %q, want %q", f, got, v.Get(f))
			}
		}
		for _, o := range v["origins"] {
			if !checked(d.Find(`#f-origins input[value="` + o + `"]`)) {
				t.Fatalf("origin %s not kept", o)
			}
		}
		if testid(d, "error-summary") == "" || d.Find("h1").Length() != 1 {
			t.Fatal("no error summary or not one h1")
		}
	}
	t.Run("an empty name", func(t *testing.T) {
		v := ntToolValues("  ", []int64{zam, lan})
		d := expect(t, "empty name", g.PostForm("/nest/tools", v), http.StatusUnprocessableEntity)
		vtError(t, d, "name", "err.required")
		kept(t, d, v)
	})
	t.Run("a birth number in the description", func(t *testing.T) {
		v := ntToolValues("Porada zaměřená na řešení (test)", []int64{lan}, "body", "Postup ověřen u rodiny, rodné číslo 855612/1234.")
		d := expect(t, "birth number", g.PostForm("/nest/tools", v), http.StatusUnprocessableEntity)
		vtError(t, d, "body", "nest.err.pii")
		kept(t, d, v)
	})
	t.Run("a name the region has", func(t *testing.T) {
		v := ntToolValues(strings.ToUpper(taken), []int64{lan})
		d := expect(t, "duplicate", g.PostForm("/nest/tools", v), http.StatusUnprocessableEntity)
		vtError(t, d, "name", "nest.err.name_taken")
		kept(t, d, v)
	})
	t.Run("no origin, or another region's office", func(t *testing.T) {
		d := expect(t, "no origin", g.PostForm("/nest/tools", ntToolValues("Bez původu (test)", nil)), http.StatusUnprocessableEntity)
		vtError(t, d, "origins", "nest.err.origins_required")
		d = expect(t, "JMK origin", g.PostForm("/nest/tools", ntToolValues("Cizí původ (test)", []int64{vtOffice(t, app, "Městský úřad Šlapanice")})),
			http.StatusUnprocessableEntity)
		vtError(t, d, "origins", "nest.err.origins_region")
	})
	if got := count(); got != before {
		t.Fatalf("refused forms stored something: %s → %s", before, got)
	}

	t.Run("an edit with bad input or an old version keeps the input", func(t *testing.T) {
		href := ntToolPath(first, "")
		version := ntVersion(t, app, first)
		v := ntToolValues("", []int64{zam}, "version", version, "summary", "Nové shrnutí.")
		d := expect(t, "empty name", g.PostForm(href, v), http.StatusUnprocessableEntity)
		vtError(t, d, "name", "err.required")
		kept(t, d, v)
		v = ntToolValues(taken, []int64{zam}, "version", "0", "summary", "Nové shrnutí.")
		d = expect(t, "stale", g.PostForm(href, v), http.StatusConflict)
		if !strings.Contains(testid(d, "alert"), czech("nest.err.stale")) || vtField(d, "summary") != "Nové shrnutí." {
			t.Fatalf("stale: alert %q, summary %q", testid(d, "alert"), vtField(d, "summary"))
		}
		if got := count(); got != before || ntVersion(t, app, first) != version {
			t.Fatal("a refused edit changed the tool")
		}
		// The origin's head edits without naming the other origins; they stay.
		res := g.PostForm(href, ntToolValues(taken, []int64{zam, lan}, "version", version))
		if res.StatusCode != http.StatusSeeOther {
			t.Fatalf("guide edit: %d;%s", res.StatusCode, diagnose(res))
		}
		d = expect(t, "head's form", head.Get(href+"/edit"), http.StatusOK)
		if ntHas(d, `#f-origins input`) {
			t.Fatal("the head may name other offices as origins")
		}
		v = formValues(d, `form[action="`+href+`"]`)
		v.Set("summary", "Upraveno vedoucí.")
		if res := head.PostForm(href, v); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("head edit: %d;%s", res.StatusCode, diagnose(res))
		}
		if got := dbString(t, app, `SELECT summary || ' ' || (SELECT count(*) FROM tool_origins WHERE tool_id = t.id) FROM tools t WHERE id = $1`, first); got != "Upraveno vedoucí. 2" {
			t.Fatalf("after the head's edit %q", got)
		}
	})
}

// TestNestLinksHTTP: a tool links published notes by their address and accepted agenda items of
// its region's meetings, and unlinks them.
func TestNestLinksHTTP(t *testing.T) {
	t.Parallel()
	app := servertest.Start(t)
	ntAddGuide(t, app)
	g := app.Login(t, ntGuide)
	id := ntCreate(t, g, ntToolValues("Mapa podpory rodiny (test propojení)", []int64{vtOffice(t, app, ntLanskroun)}))
	href := ntToolPath(id, "")
	note := noteByTitle(t, app, bindingTitle)
	links := func() string {
		return dbString(t, app, `SELECT (SELECT count(*) FROM tool_notes WHERE tool_id = $1) || ' ' || (SELECT count(*) FROM tool_topics WHERE tool_id = $1)
			|| ' ' || (SELECT count(*) FROM audit_log WHERE object_type = 'tool' AND object_id = $1)`, id)
	}

	t.Run("a published note by its address", func(t *testing.T) {
		res := g.PostForm(href+"/links", values("kind", "note", "note", "/notes/"+note))
		if res.StatusCode != http.StatusSeeOther {
			t.Fatalf("link: %d;%s", res.StatusCode, diagnose(res))
		}
		if n := dbInt(t, app, `SELECT count(*) FROM tool_notes WHERE tool_id = $1 AND note_id = $2`, id, note); n != 1 {
			t.Fatalf("%d links", n)
		}
		d := expect(t, "page", app.Login(t, cwJMK).Get(href), http.StatusOK)
		if !ntHas(d, `[data-testid="links"] a[href="/notes/`+note+`"]`) {
			t.Fatal("the note is not linked on the page")
		}
		// Linking again changes nothing.
		before := links()
		if res := g.PostForm(href+"/links", values("kind", "note", "note", note)); res.StatusCode != http.StatusSeeOther || links() != before {
			t.Fatalf("link twice: %d, %s → %s", res.StatusCode, before, links())
		}
	})
	t.Run("an unpublished note or a wrong number is refused at the field", func(t *testing.T) {
		draft := dbInt(t, app, `INSERT INTO notes (title, author_id, office_id, region_id, review_by)
			SELECT 'Rozpracovaný záznam o nástroji', u.id, u.office_id, o.region_id, now() + interval '1 year'
			FROM users u JOIN offices o ON o.id = u.office_id WHERE u.email = $1 RETURNING id`, metPAK)
		before := links()
		for _, ref := range []string{"/notes/" + strconv.Itoa(draft), "poznámka", "999999999"} {
			d := expect(t, "note "+ref, g.PostForm(href+"/links", values("kind", "note", "note", ref)), http.StatusUnprocessableEntity)
			vtError(t, d, "note", "nest.err.link_note")
			if vtField(d, "note") != ref {
				t.Fatalf("input %q not kept: %q", ref, vtField(d, "note"))
			}
		}
		if links() != before {
			t.Fatal("a refused link was stored")
		}
	})
	t.Run("an accepted agenda item of the region, not of another", func(t *testing.T) {
		item, title := ntAcceptedItem(t, app, "PAK")
		d := expect(t, "page", g.Get(href), http.StatusOK)
		if !ntHas(d, `#f-item option[value="`+ntID(item)+`"]`) {
			t.Fatal("the item is not offered")
		}
		jmk, _ := ntAcceptedItem(t, app, "JHM")
		if ntHas(d, `#f-item option[value="`+ntID(jmk)+`"]`) {
			t.Fatal("another region's item is offered")
		}
		before := links()
		d = expect(t, "JMK item", g.PostForm(href+"/links", values("kind", "item", "item", ntID(jmk))), http.StatusUnprocessableEntity)
		vtError(t, d, "item", "nest.err.link_item")
		d = expect(t, "no item", g.PostForm(href+"/links", values("kind", "item", "item", "")), http.StatusUnprocessableEntity)
		vtError(t, d, "item", "nest.err.link_item")
		if links() != before {
			t.Fatal("a refused item was linked")
		}
		if res := g.PostForm(href+"/links", values("kind", "item", "item", ntID(item))); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("link item: %d;%s", res.StatusCode, diagnose(res))
		}
		d = expect(t, "page", g.Get(href), http.StatusOK)
		if !strings.Contains(testid(d, "links"), title) {
			t.Fatalf("links %q do not name the item", testid(d, "links"))
		}
		if !ntHas(d, `[data-testid="unlink-item-`+ntID(item)+`"]`) {
			t.Fatal("no unlink button for the item")
		}
	})
	t.Run("unlinking", func(t *testing.T) {
		res := g.PostForm(href+"/links/delete", values("kind", "note", "target", note))
		if res.StatusCode != http.StatusSeeOther {
			t.Fatalf("unlink: %d;%s", res.StatusCode, diagnose(res))
		}
		if n := dbInt(t, app, `SELECT count(*) FROM tool_notes WHERE tool_id = $1`, id); n != 0 {
			t.Fatalf("%d note links after unlink", n)
		}
		if n := dbInt(t, app, `SELECT count(*) FROM audit_log WHERE object_type = 'tool' AND object_id = $1 AND action = 'tool.unlink'`, id); n != 1 {
			t.Fatalf("%d unlinks audited", n)
		}
		d := expect(t, "page", g.Get(href), http.StatusOK)
		if ntHas(d, `[data-testid="links"] a[href="/notes/`+note+`"]`) {
			t.Fatal("the note is still linked on the page")
		}
		expect(t, "unlink again", g.PostForm(href+"/links/delete", values("kind", "note", "target", note)), http.StatusNotFound)
	})
}

// TestNestFilesHTTP: those who edit a tool attach materials that everyone downloads; the type
// is checked by content and the size by the configured limit.
func TestNestFilesHTTP(t *testing.T) {
	t.Parallel()
	app := servertest.Start(t, func(c *server.Config) { c.MaxUpload = 4096 })
	ntAddGuide(t, app)
	g, cw, head := app.Login(t, ntGuide), app.Login(t, cwPAK), app.Login(t, headPAK)
	id := ntCreate(t, g, ntToolValues("Uvítací balíček (test materiálů)", []int64{vtOffice(t, app, ntZamberk)}))
	files := func() int { return dbInt(t, app, `SELECT count(*) FROM tool_files WHERE tool_id = $1`, id) }

	t.Run("the origin's head attaches a PDF that anyone downloads", func(t *testing.T) {
		res := ntUpload(t, app, head, id, "Uvítací balíček.pdf", smallPDF)
		if res.StatusCode != http.StatusSeeOther {
			t.Fatalf("upload: %d;%s", res.StatusCode, diagnose(res))
		}
		fid := dbInt(t, app, `SELECT file_id FROM tool_files WHERE tool_id = $1`, id)
		d := expect(t, "page", cw.Get(ntToolPath(id, "")), http.StatusOK)
		a := d.Find(`a[href="/nest/files/` + strconv.Itoa(fid) + `"]`)
		if a.Length() != 1 || !strings.Contains(a.Text(), ".pdf") {
			t.Fatalf("the material is not listed: %q", d.Find("#materials").Parent().Text())
		}
		res = app.Login(t, cwJMK).Get("/nest/files/" + strconv.Itoa(fid))
		if res.StatusCode != http.StatusOK || res.Header.Get("Content-Type") != "application/pdf" || res.Body != string(smallPDF) {
			t.Fatalf("download: %d %q %d bytes", res.StatusCode, res.Header.Get("Content-Type"), len(res.Body))
		}
		if !strings.HasPrefix(res.Header.Get("Content-Disposition"), "attachment") {
			t.Fatalf("disposition %q", res.Header.Get("Content-Disposition"))
		}
	})
	t.Run("someone who does not edit the tool is refused", func(t *testing.T) {
		before := ntSnapshot(t, app, id)
		expect(t, "Lanškroun uploads", ntUpload(t, app, cw, id, "cizi.pdf", smallPDF), http.StatusForbidden)
		ntUnchanged(t, app, id, before, "a refused upload")
	})
	t.Run("a file that is not what its name says, or too large, is refused with a message", func(t *testing.T) {
		before := ntSnapshot(t, app, id)
		d := expect(t, "html as pdf", ntUpload(t, app, g, id, "karty.pdf", []byte("<html><script>alert(1)</script></html>")),
			http.StatusUnprocessableEntity)
		if testid(d, "alert") == "" {
			t.Fatal("no message")
		}
		big := append(append([]byte{}, smallPDF...), bytes.Repeat([]byte("%"), 5000)...)
		d = expect(t, "too large", ntUpload(t, app, g, id, "velky.pdf", big), http.StatusUnprocessableEntity)
		if !strings.Contains(testid(d, "alert"), czech("files.too_large")) {
			t.Fatalf("alert %q", testid(d, "alert"))
		}
		d = expect(t, "no file", g.PostForm(ntToolPath(id, "/files"), values("x", "1")), http.StatusUnprocessableEntity)
		if !strings.Contains(testid(d, "alert"), czech("files.missing")) {
			t.Fatalf("alert %q", testid(d, "alert"))
		}
		ntUnchanged(t, app, id, before, "refused files")
		if files() != 1 {
			t.Fatalf("%d files", files())
		}
	})
}

// TestNestOfferOnHomeHTTP: a tool offered to an office waits on its staff's home page until the
// office answers.
func TestNestOfferOnHomeHTTP(t *testing.T) {
	t.Parallel()
	app := servertest.Start(t)
	ntAddGuide(t, app)
	g := app.Login(t, ntGuide)
	zam, lans := vtOffice(t, app, ntZamberk), vtOffice(t, app, ntLanskroun)
	id := ntCreate(t, g, ntToolValues("Deník týmové reflexe", []int64{zam}))
	ntPromoted(t, app, g, id, "prototype")
	res := g.PostForm(ntToolPath(id, "/offers"), values("offices", ntID(lans), "offer_on", ""))
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("offer: %d;%s", res.StatusCode, diagnose(res))
	}
	c := app.Login(t, "pracovnik.lanskroun@hnizdo.test")
	want := czech("home.tool_offered", "Deník týmové reflexe")
	href := ntToolPath(id, "#adoption")
	home := func() bool {
		d := expect(t, "home", c.Get("/"), http.StatusOK)
		return d.Find(`a[href="`+href+`"]`).Length() == 1 && strings.Contains(d.Text(), want)
	}
	if !home() {
		t.Fatal("the offer is not on the home page of Lanškroun's caseworker")
	}
	if d := expect(t, "home", app.Login(t, "vedouci.zamberk@hnizdo.test").Get("/"), http.StatusOK); strings.Contains(d.Text(), want) {
		t.Fatal("the offer shows at Žamberk, which was not offered it")
	}
	if res := ntAdoption(t, app, c, id, lans, "trial"); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("trial: %d;%s", res.StatusCode, diagnose(res))
	}
	if home() {
		t.Fatal("the offer is still on the home page after the office started trying the tool")
	}
	// The office sees what it recorded, dated, on the tool page.
	d := expect(t, "tool", c.Get(ntToolPath(id, "")), http.StatusOK)
	if steps := d.Find(`[data-testid="own-steps"] li`); steps.Length() != 2 || !strings.Contains(steps.Eq(0).Text(), czech("nest.stage.offered")) ||
		!strings.Contains(steps.Eq(1).Text(), czech("nest.stage.trialling")) {
		t.Fatalf("own steps: %q", d.Find(`[data-testid="own-steps"]`).Text())
	}
}
