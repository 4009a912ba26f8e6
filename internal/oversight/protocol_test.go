package oversight_test

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	"hnizdo.cz/hnizdo/internal/app"
	"hnizdo.cz/hnizdo/internal/auth"
	"hnizdo.cz/hnizdo/internal/i18n"
	"hnizdo.cz/hnizdo/internal/oversight"
	"hnizdo.cz/hnizdo/internal/pdf"
	"hnizdo.cz/hnizdo/internal/pdf/pdftext"
)

// prText renders the protocol in l's language and returns its text without white space, so
// that wrapping in narrow cells and the non-breaking spaces of dates do not matter; compare it
// with prSquash(want).
func prText(t *testing.T, p *oversight.InspectionProtocol, l i18n.L) string {
	t.Helper()
	var buf bytes.Buffer
	if err := pdf.Write(&buf, p.Doc(l)); err != nil {
		t.Fatal(err)
	}
	text, err := pdftext.Text(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	if err != nil {
		t.Fatal(err)
	}
	return prSquash(text)
}

func prSquash(s string) string { return strings.Join(strings.Fields(s), "") }

func TestProtocolPDF(t *testing.T) {
	e := setup(t)
	id, _, _, _ := e.obDelivered(t)
	p, err := e.s.Protocol(ctx, e.p.headSlap, id)
	if err != nil {
		t.Fatal(err)
	}

	t.Run("the protocol holds the assessed criteria and the deadlines", func(t *testing.T) {
		if p.Authority != "Krajský úřad Jihomoravského kraje" || p.RegionName == "" || p.Findings != 2 || p.Draft() {
			t.Fatalf("protocol = %q %q %d", p.Authority, p.RegionName, p.Findings)
		}
		var codes []string
		for _, st := range p.Standards {
			for _, a := range st.Rows {
				codes = append(codes, a.Criterion.Code)
			}
		}
		if strings.Join(codes, " ") != "2a 8a 9b" {
			t.Fatalf("rows %v", codes)
		}
		// 30 days from the last day on site, Tuesday 24 February 2026.
		if !p.ProtocolDue.Equal(date(2026, 3, 26)) {
			t.Fatalf("protocol due %v", p.ProtocolDue)
		}
	})
	t.Run("the Czech PDF names the office, the findings and the objections deadline", func(t *testing.T) {
		l := i18n.For("cs")
		text := prText(t, p, l)
		for _, want := range []string{
			"Městský úřad Šlapanice",
			"Krajský úřad Jihomoravského kraje",
			"Chybí písemná pravidla pro přijímání oznámení.",
			"Individuální plány ochrany dítěte nejsou pravidelně hodnoceny.",
			e.p.metodik.Name,
			l.T("oversight.pdf.title"),
			l.Date(date(2026, 3, 16)),
			l.T("oversight.rating.not_met"),
		} {
			if !strings.Contains(text, prSquash(want)) {
				t.Errorf("PDF lacks %q:\n%s", want, text)
			}
		}
		if strings.Contains(text, "?") {
			t.Errorf("a character the font lacks:\n%s", text)
		}
	})
	t.Run("the English PDF renders too", func(t *testing.T) {
		l := i18n.For("en")
		text := prText(t, p, l)
		for _, want := range []string{"Městský úřad Šlapanice", "16 Mar 2026", "A child protection plan is made and reviewed regularly."} {
			if !strings.Contains(text, prSquash(want)) {
				t.Errorf("PDF lacks %q:\n%s", want, text)
			}
		}
	})
	t.Run("objections and their decisions are listed", func(t *testing.T) {
		if _, err := e.s.Object(ctx, e.p.headSlap, id, oversight.ObjectionInput{Filed: date(2026, 3, 2), Text: "Nesouhlasíme se zjištěním 9b."}); err != nil {
			t.Fatal(err)
		}
		p, err := e.s.Protocol(ctx, e.p.metodik, id)
		if err != nil || len(p.Objections) != 1 {
			t.Fatalf("objections %v, %v", p, err)
		}
		if text := prText(t, p, i18n.For("cs")); !strings.Contains(text, prSquash("Nesouhlasíme se zjištěním 9b.")) {
			t.Fatalf("PDF lacks the objection:\n%s", text)
		}
	})
}

func TestProtocolVisibility(t *testing.T) {
	e := setup(t)
	p := e.p
	id := e.plan(t, e.slap)
	notFound := func(t *testing.T, us ...*auth.User) {
		t.Helper()
		for _, u := range us {
			if _, err := e.s.Protocol(ctx, u, id); !errors.Is(err, app.ErrNotFound) {
				t.Fatalf("%s: %v", u.Name, err)
			}
		}
	}

	t.Run("there is no protocol before the visit", func(t *testing.T) {
		if _, err := e.s.Protocol(ctx, p.metodik, id); !errors.Is(err, oversight.ErrNoProtocol) || !errors.Is(err, app.ErrConflict) {
			t.Fatalf("planned: %v", err)
		}
		e.step(t, id, oversight.Step{To: oversight.Notified, Date: date(2026, 2, 16)})
		if _, err := e.s.Protocol(ctx, p.metodik, id); !errors.Is(err, oversight.ErrNoProtocol) {
			t.Fatalf("notified: %v", err)
		}
		notFound(t, p.headSlap, p.jana)
	})
	t.Run("on site the region sees a draft and the office nothing", func(t *testing.T) {
		e.step(t, id, oversight.Step{To: oversight.Onsite, From: date(2026, 2, 23), Until: date(2026, 2, 24)})
		e.clRate(t, id, "8a", oversight.Partly, "Chybí písemná pravidla pro přijímání oznámení.")
		pr, err := e.s.Protocol(ctx, p.metodik2, id)
		if err != nil || !pr.Draft() || pr.Findings != 1 {
			t.Fatalf("draft = %+v, %v", pr, err)
		}
		// A draft renders with the deadline to issue it in place of the date issued.
		if text := prText(t, pr, i18n.For("cs")); !strings.Contains(text, prSquash(i18n.For("cs").Date(date(2026, 3, 26)))) {
			t.Fatalf("draft lacks the deadline:\n%s", text)
		}
		notFound(t, p.headSlap, p.jana)
	})
	t.Run("once delivered the office's staff see it", func(t *testing.T) {
		e.delivered(t, id)
		for _, u := range []*auth.User{p.headSlap, p.jana, p.metodik} {
			if pr, err := e.s.Protocol(ctx, u, id); err != nil || pr.Draft() || pr.OfficeName != "Městský úřad Šlapanice" {
				t.Fatalf("%s: %v", u.Name, err)
			}
		}
	})
	t.Run("nobody else ever finds it", func(t *testing.T) {
		notFound(t, p.headBlan, p.metodikPAK, p.coord)
	})
}
