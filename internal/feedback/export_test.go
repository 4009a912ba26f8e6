package feedback_test

import (
	"bytes"
	"encoding/csv"
	"errors"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"hnizdo.cz/hnizdo/internal/feedback"
)

const (
	bom   = "\uFEFF"
	czech = "Příliš žluťoučký kůň úpěl ďábelské ódy"
)

// exported makes a held meeting's anonymous form with five known responses: benefit 5, 4, 4,
// 3, 5; most useful topics, one of them "=1+1"; next topics, one of them a Czech pangram; and
// only two answers to an optional question added later.
func (e env) exported(t *testing.T) (*feedback.Table, *feedback.Results) {
	t.Helper()
	fid, _ := e.heldWithForm(t, e.attendees(t, 5)...)
	extra, err := e.s.AddQuestion(ctx, e.p.coordJMK, fid, feedback.QuestionInput{Kind: feedback.Short, Label: "Co vám chybělo?"})
	if err != nil {
		t.Fatal(err)
	}
	food, err := e.s.AddQuestion(ctx, e.p.coordJMK, fid, feedback.QuestionInput{Kind: feedback.Rating, Label: "Občerstvení"})
	if err != nil {
		t.Fatal(err)
	}
	qs := e.byKey(t, fid, 1)
	for i, b := range []int{5, 4, 4, 3, 5} {
		r := response{qs["benefit"].ID: b, qs["atmosphere"].ID: 4, qs["organisation"].ID: 5, qs["regular"].ID: []string{"Ano"},
			qs["useful_topic"].ID: "Pěstounská péče", qs["next_topics"].ID: "Spisová služba"}
		switch i {
		case 0:
			r[qs["useful_topic"].ID] = "=1+1"
			r[extra] = "Více času"
			r[food] = 5
		case 1:
			r[qs["next_topics"].ID] = czech
			r[extra] = "Káva"
			r[food] = 1
		}
		e.respond(t, fid, 1, nil, r)
	}
	tb, err := e.s.Table(ctx, e.p.coordJMK, fid)
	if err != nil {
		t.Fatal(err)
	}
	res, err := e.s.Results(ctx, e.p.coordJMK, fid)
	if err != nil {
		t.Fatal(err)
	}
	return tb, res
}

// readCSV checks the byte order mark and the line ends and parses the rest.
func readCSV(t *testing.T, b []byte) [][]string {
	t.Helper()
	s := string(b)
	if !strings.HasPrefix(s, bom) {
		t.Fatalf("no byte order mark: %q", s[:min(len(s), 20)])
	}
	if !strings.Contains(s, "\r\n") {
		t.Error("lines do not end with CRLF")
	}
	r := csv.NewReader(strings.NewReader(strings.TrimPrefix(s, bom)))
	r.Comma = ';'
	r.FieldsPerRecord = -1
	recs, err := r.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return recs
}

func column(recs [][]string, name string) []string {
	i := slices.Index(recs[0], name)
	if i < 0 {
		return nil
	}
	var out []string
	for _, r := range recs[1:] {
		out = append(out, r[i])
	}
	return out
}

func TestAnswersCSV(t *testing.T) {
	e := setup(t)
	tb, _ := e.exported(t)
	var buf bytes.Buffer
	if err := feedback.WriteAnswersCSV(&buf, tb, "cs"); err != nil {
		t.Fatal(err)
	}
	recs := readCSV(t, buf.Bytes())

	t.Run("has a Czech header and a row per response", func(t *testing.T) {
		want := []string{"Přínos setkání pro mou praxi", "Atmosféra a otevřenost sdílení",
			"Organizace setkání", "Které téma pro vás bylo nejužitečnější?", "Témata pro příští setkání",
			"Máte zájem o pravidelná setkání?", "Co vám chybělo?", "Občerstvení"}
		if !slices.Equal(recs[0], want) || len(recs) != 6 {
			t.Fatalf("header %q, %d records", recs[0], len(recs))
		}
	})

	t.Run("keeps numbers and Czech text intact", func(t *testing.T) {
		got := column(recs, "Přínos setkání pro mou praxi")
		slices.Sort(got)
		if !slices.Equal(got, []string{"3", "4", "4", "5", "5"}) {
			t.Errorf("benefit %q", got)
		}
		if !slices.Contains(column(recs, "Témata pro příští setkání"), czech) {
			t.Errorf("next topics %q", column(recs, "Témata pro příští setkání"))
		}
	})

	t.Run("defuses a formula", func(t *testing.T) {
		got := column(recs, "Které téma pro vás bylo nejužitečnější?")
		if !slices.Contains(got, "'=1+1") || slices.Contains(got, "=1+1") {
			t.Errorf("useful topic %q", got)
		}
	})

	t.Run("has no name, time or version for an anonymous form", func(t *testing.T) {
		if slices.Contains(recs[0], "Jméno") || slices.Contains(recs[0], "Odesláno") || slices.Contains(recs[0], "Verze formuláře") {
			t.Errorf("header %q", recs[0])
		}
	})

	t.Run("leaves blank a question fewer than k answered", func(t *testing.T) {
		for _, v := range column(recs, "Co vám chybělo?") {
			if v != "" {
				t.Errorf("an answer of two people exported: %q", v)
			}
		}
	})

	t.Run("speaks English when asked", func(t *testing.T) {
		buf.Reset()
		if err := feedback.WriteAnswersCSV(&buf, tb, "en"); err != nil {
			t.Fatal(err)
		}
		if h := readCSV(t, buf.Bytes())[0]; slices.Contains(h, "Form version") || h[0] != "Přínos setkání pro mou praxi" {
			t.Errorf("header %q", h)
		}
	})
}

func TestNamedAnswersCSV(t *testing.T) {
	e := setup(t)
	fid, qs := e.standAlone(t, false)
	e.respond(t, fid, 1, e.p.jana, response{qs["Přínos návštěvy"].ID: 5})
	e.respond(t, fid, 1, e.p.petr, response{qs["Přínos návštěvy"].ID: 4})
	e.respond(t, fid, 1, e.p.headSlap, response{qs["Přínos návštěvy"].ID: 3})
	tb, err := e.s.Table(ctx, e.p.coordJMK, fid)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := feedback.WriteAnswersCSV(&buf, tb, "cs"); err != nil {
		t.Fatal(err)
	}
	recs := readCSV(t, buf.Bytes())
	if !slices.Equal(recs[0][:3], []string{"Verze formuláře", "Jméno", "Odesláno"}) {
		t.Fatalf("header %q", recs[0])
	}
	names := column(recs, "Jméno")
	slices.Sort(names)
	if !slices.Equal(names, []string{"Eva Vedoucí", "Jana Nováková", "Petr Svoboda"}) {
		t.Errorf("names %q", names)
	}
	if w := column(recs, "Odesláno")[0]; w != "1.12.2026 10:00" {
		t.Errorf("submitted %q", w)
	}
}

func TestSummaryCSV(t *testing.T) {
	e := setup(t)
	_, res := e.exported(t)
	var buf bytes.Buffer
	if err := feedback.WriteSummaryCSV(&buf, res, "cs"); err != nil {
		t.Fatal(err)
	}
	recs := readCSV(t, buf.Bytes())
	want := []string{"Otázka", "Druh otázky", "Počet odpovědí", "Průměr", "Medián", "Odpověď", "Počet", "Podíl (%)"}
	if !slices.Equal(recs[0], want) {
		t.Fatalf("header %q", recs[0])
	}

	t.Run("gives a scale's mean and median with a decimal comma", func(t *testing.T) {
		// 5, 4, 4, 3, 5: mean 4.2, median 4.
		if got := recs[1]; !slices.Equal(got[:5], []string{"Přínos setkání pro mou praxi", "hodnocení 1–5", "5", "4,20", "4,00"}) {
			t.Errorf("benefit %q", got)
		}
	})

	t.Run("gives each bar in percent", func(t *testing.T) {
		bars := [][]string{{"1", "0", "0,0"}, {"2", "0", "0,0"}, {"3", "1", "20,0"}, {"4", "2", "40,0"}, {"5", "2", "40,0"}}
		for i, w := range bars {
			if got := recs[2+i]; got[0] != "" || !slices.Equal(got[5:], w) {
				t.Errorf("bar %d = %q, want %q", i+1, got, w)
			}
		}
	})

	t.Run("gives choices without mean", func(t *testing.T) {
		i := slices.IndexFunc(recs, func(r []string) bool { return r[0] == "Máte zájem o pravidelná setkání?" })
		if i < 0 || recs[i][3] != "" || recs[i][2] != "5" || !slices.Equal(recs[i+1][5:], []string{"Ano", "5", "100,0"}) {
			t.Errorf("regular %q", recs[i:])
		}
	})

	t.Run("uses a decimal point in English", func(t *testing.T) {
		buf.Reset()
		if err := feedback.WriteSummaryCSV(&buf, res, "en"); err != nil {
			t.Fatal(err)
		}
		if got := readCSV(t, buf.Bytes())[1]; got[1] != "rating 1–5" || got[3] != "4.20" {
			t.Errorf("benefit %q", got)
		}
	})

	t.Run("refuses hidden results", func(t *testing.T) {
		buf.Reset()
		hidden := &feedback.Results{Form: res.Form, Responses: 4, Hidden: true}
		if err := feedback.WriteSummaryCSV(&buf, hidden, "cs"); !errors.Is(err, feedback.ErrTooFew) || buf.Len() != 0 {
			t.Errorf("hidden: %v, %d bytes", err, buf.Len())
		}
		if err := feedback.WriteXLSX(&buf, nil, hidden, "cs"); !errors.Is(err, feedback.ErrTooFew) || buf.Len() != 0 {
			t.Errorf("hidden xlsx: %v, %d bytes", err, buf.Len())
		}
	})
}

func TestXLSX(t *testing.T) {
	e := setup(t)
	tb, res := e.exported(t)
	var buf bytes.Buffer
	if err := feedback.WriteXLSX(&buf, tb, res, "cs"); err != nil {
		t.Fatal(err)
	}
	x, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()

	if got := x.GetSheetList(); !slices.Equal(got, []string{"Odpovědi", "Souhrn"}) {
		t.Fatalf("sheets %q", got)
	}

	for _, sh := range []string{"Odpovědi", "Souhrn"} {
		t.Run(sh+" has a bold frozen header", func(t *testing.T) {
			id, err := x.GetCellStyle(sh, "A1")
			if err != nil {
				t.Fatal(err)
			}
			st, err := x.GetStyle(id)
			if err != nil || st.Font == nil || !st.Font.Bold {
				t.Errorf("style %+v, %v", st, err)
			}
			p, err := x.GetPanes(sh)
			if err != nil || !p.Freeze || p.YSplit != 1 {
				t.Errorf("panes %+v, %v", p, err)
			}
		})
	}

	rows, err := x.GetRows("Odpovědi")
	if err != nil {
		t.Fatal(err)
	}

	t.Run("answers keep Czech text and a formula as text", func(t *testing.T) {
		if rows[0][0] != "Přínos setkání pro mou praxi" || len(rows) != 6 {
			t.Fatalf("rows %q", rows)
		}
		var texts []string
		for r, row := range rows[1:] {
			for c, v := range row {
				texts = append(texts, v)
				if v == "=1+1" {
					name, _ := excelize.CoordinatesToCellName(c+1, r+2)
					if f, _ := x.GetCellFormula("Odpovědi", name); f != "" {
						t.Errorf("%s is a formula %q", name, f)
					}
				}
			}
		}
		if !slices.Contains(texts, czech) || !slices.Contains(texts, "=1+1") {
			t.Errorf("cells %q", texts)
		}
	})

	t.Run("answers store numbers as numbers", func(t *testing.T) {
		for r := 2; r <= 6; r++ {
			for _, c := range []string{"A", "B"} {
				typ, err := x.GetCellType("Odpovědi", c+strconv.Itoa(r))
				if err != nil || (typ != excelize.CellTypeUnset && typ != excelize.CellTypeNumber) {
					t.Errorf("%s%d is of type %v, %v", c, r, typ, err)
				}
			}
		}
		if typ, _ := x.GetCellType("Odpovědi", "F2"); typ != excelize.CellTypeSharedString && typ != excelize.CellTypeInlineString {
			t.Errorf("a choice is of type %v", typ)
		}
	})

	t.Run("summary stores the mean as a number", func(t *testing.T) {
		if v, _ := x.GetCellValue("Souhrn", "A2"); v != "Přínos setkání pro mou praxi" {
			t.Fatalf("A2 = %q", v)
		}
		v, err := x.GetCellValue("Souhrn", "D2", excelize.Options{RawCellValue: true})
		if err != nil {
			t.Fatal(err)
		}
		if f, err := strconv.ParseFloat(v, 64); err != nil || !near(f, 4.2) {
			t.Errorf("mean %q", v)
		}
		if typ, _ := x.GetCellType("Souhrn", "D2"); typ != excelize.CellTypeUnset && typ != excelize.CellTypeNumber {
			t.Errorf("mean is of type %v", typ)
		}
		if v, _ := x.GetCellValue("Souhrn", "H6", excelize.Options{RawCellValue: true}); v != "0.4" {
			t.Errorf("share of 4 = %q", v)
		}
	})

	t.Run("speaks English when asked", func(t *testing.T) {
		var buf bytes.Buffer
		if err := feedback.WriteXLSX(&buf, tb, res, "en"); err != nil {
			t.Fatal(err)
		}
		x, err := excelize.OpenReader(&buf)
		if err != nil {
			t.Fatal(err)
		}
		defer x.Close()
		if got := x.GetSheetList(); !slices.Equal(got, []string{"Answers", "Summary"}) {
			t.Errorf("sheets %q", got)
		}
	})
}

func TestQuestionBelowKHidden(t *testing.T) {
	e := setup(t)
	_, res := e.exported(t)
	by := map[string]feedback.Stat{}
	for _, st := range res.Stats {
		by[st.Question.Label] = st
	}
	if st := by["Občerstvení"]; !st.Hidden || st.Count != 2 || st.Mean != 0 || len(st.Bars) != 0 {
		t.Errorf("a rating two answered: %+v", st)
	}
	// Text answers stay listed: the list ties them to nothing else.
	if st := by["Co vám chybělo?"]; st.Hidden || len(st.Texts) != 2 {
		t.Errorf("a text question two answered: %+v", st)
	}
	if st := by["Přínos setkání pro mou praxi"]; st.Hidden || st.Count != 5 {
		t.Errorf("a rating five answered: %+v", st)
	}
}
