package pdf_test

import (
	"bytes"
	"fmt"
	"strings"
	"sync"
	"testing"
	"unicode"

	lpdf "github.com/ledongthuc/pdf"
	xfont "golang.org/x/image/font"
	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/gofont/goregular"
	"golang.org/x/image/font/sfnt"
	"golang.org/x/image/math/fixed"

	"hnizdo.cz/hnizdo/internal/pdf"
	"hnizdo.cz/hnizdo/internal/pdf/pdftext"
)

const pangram = "Příliš žluťoučký kůň úpěl ďábelské ódy — ĚŠČŘŽÝÁÍÉŮÚŤĎŇ"

// render writes d and returns the PDF bytes.
func render(t testing.TB, d pdf.Doc) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := pdf.Write(&b, d); err != nil {
		t.Fatalf("Write: %v", err)
	}
	return b.Bytes()
}

// pages extracts the text of each page.
func pages(t testing.TB, data []byte) []string {
	t.Helper()
	ps, err := pdftext.Pages(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatalf("extract: %v", err)
	}
	return ps
}

// squash drops all white space, because the extractor puts a line break wherever the renderer
// wrapped a line.
func squash(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) {
			return -1
		}
		return r
	}, s)
}

func reader(t testing.TB, data []byte) *lpdf.Reader {
	t.Helper()
	rd, err := lpdf.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatalf("open: %v", err)
	}
	return rd
}

func TestWrite(t *testing.T) {
	doc := pdf.Doc{
		Title:    "Protokol o kontrole " + pangram,
		Subtitle: "Krajský úřad Kraje Vysočina",
		Footer:   "Protokol č. 7/2025",
		Blocks: []pdf.Block{
			pdf.Heading{Text: "Zjištění " + pangram},
			pdf.Para{Text: "Odstavec: " + pangram},
			pdf.Para{Text: "Tučně: " + pangram, Bold: true},
			pdf.Fields{
				{Label: "Kontrolovaný orgán", Value: "Městský úřad Žďár nad Sázavou"},
				{Label: "Pole " + pangram, Value: "Hodnota " + pangram},
			},
			pdf.Spacer{},
			pdf.Table{
				Header: []string{"Oblast", "Zjištění " + pangram},
				Rows:   [][]string{{"Spisová dokumentace", "Buňka " + pangram}},
				Widths: []float64{1, 3},
			},
		},
	}
	data := render(t, doc)

	t.Run("is a pdf", func(t *testing.T) {
		if !bytes.HasPrefix(data, []byte("%PDF-")) {
			t.Fatalf("output starts with %q", data[:min(len(data), 8)])
		}
	})

	t.Run("text keeps its diacritics", func(t *testing.T) {
		got := squash(strings.Join(pages(t, data), "\n"))
		for _, want := range []string{
			doc.Title, doc.Subtitle, "Zjištění " + pangram, "Odstavec: " + pangram,
			"Tučně: " + pangram, "Kontrolovaný orgán", "Městský úřad Žďár nad Sázavou",
			"Pole " + pangram, "Hodnota " + pangram, "Oblast", "Spisová dokumentace",
			"Buňka " + pangram, "Protokol č. 7/2025", "strana 1 z 1",
		} {
			if !strings.Contains(got, squash(want)) {
				t.Errorf("text lacks %q\ngot: %s", want, got)
			}
		}
	})

	t.Run("metadata title is the title", func(t *testing.T) {
		got := reader(t, data).Trailer().Key("Info").Key("Title").Text()
		if got != doc.Title {
			t.Fatalf("metadata title %q, want %q", got, doc.Title)
		}
	})

	t.Run("output is deterministic", func(t *testing.T) {
		if again := render(t, doc); !bytes.Equal(again, data) {
			t.Fatal("two renderings of one document differ")
		}
	})

	t.Run("concurrent writes produce the same document", func(t *testing.T) {
		const n = 8
		outs := make([]bytes.Buffer, n)
		errs := make([]error, n)
		start := make(chan struct{})
		var wg sync.WaitGroup
		for i := range n {
			wg.Go(func() {
				<-start
				errs[i] = pdf.Write(&outs[i], doc)
			})
		}
		close(start)
		wg.Wait()
		for i := range n {
			if errs[i] != nil {
				t.Fatalf("writer %d: %v", i, errs[i])
			}
			if !bytes.Equal(outs[i].Bytes(), data) {
				t.Fatalf("writer %d produced a different document", i)
			}
		}
	})
}

func TestPages(t *testing.T) {
	t.Run("long document breaks into numbered pages", func(t *testing.T) {
		var doc pdf.Doc
		doc.Footer = "Krajský úřad"
		for i := range 200 {
			doc.Blocks = append(doc.Blocks, pdf.Para{Text: fmt.Sprintf("Odstavec %d: %s", i, pangram)})
		}
		ps := pages(t, render(t, doc))
		if len(ps) < 3 {
			t.Fatalf("%d pages, want several", len(ps))
		}
		for i, p := range ps {
			want := fmt.Sprintf("strana %d z %d", i+1, len(ps))
			if !strings.Contains(p, want) {
				t.Errorf("page %d lacks %q", i+1, want)
			}
			if !strings.Contains(p, "Krajský úřad") {
				t.Errorf("page %d lacks the footer", i+1)
			}
		}
		all := strings.Join(ps, "\n")
		for i := range 200 {
			if n := strings.Count(all, fmt.Sprintf("Odstavec %d:", i)); n != 1 {
				t.Fatalf("paragraph %d printed %d times", i, n)
			}
		}
	})

	t.Run("table header repeats on every page", func(t *testing.T) {
		tb := pdf.Table{Header: []string{"Pořadí", "Zjištěný nedostatek"}, Widths: []float64{1, 4}}
		for i := range 120 {
			tb.Rows = append(tb.Rows, []string{fmt.Sprintf("řádek %d", i), strings.Repeat(pangram+" ", i%4+1)})
		}
		ps := pages(t, render(t, pdf.Doc{Title: "Tabulka", Blocks: []pdf.Block{tb}}))
		if len(ps) < 2 {
			t.Fatalf("%d pages, want the table to span several", len(ps))
		}
		for i, p := range ps {
			if !strings.Contains(p, "Zjištěný nedostatek") {
				t.Errorf("page %d lacks the table header", i+1)
			}
		}
		all := strings.Join(ps, "\n")
		for i := range 120 {
			if n := strings.Count(all, fmt.Sprintf("řádek %d\n", i)); n != 1 {
				t.Fatalf("row %d printed %d times", i, n)
			}
		}
	})

	t.Run("row taller than a page is split across pages", func(t *testing.T) {
		var cell []string
		for i := range 150 {
			cell = append(cell, fmt.Sprintf("položka %d", i))
		}
		tb := pdf.Table{Header: []string{"Seznam"}, Rows: [][]string{{"před"}, {strings.Join(cell, "\n")}, {"po"}}}
		ps := pages(t, render(t, pdf.Doc{Blocks: []pdf.Block{tb}}))
		if len(ps) < 3 {
			t.Fatalf("%d pages, want the row to span at least three", len(ps))
		}
		all := strings.Join(ps, "\n")
		for i := range 150 {
			if n := strings.Count(all, fmt.Sprintf("položka %d\n", i)); n != 1 {
				t.Fatalf("line %d printed %d times", i, n)
			}
		}
		for i, p := range ps {
			if !strings.Contains(p, "Seznam") {
				t.Errorf("page %d lacks the table header", i+1)
			}
		}
	})

	t.Run("empty document is one numbered page", func(t *testing.T) {
		ps := pages(t, render(t, pdf.Doc{}))
		if len(ps) != 1 || !strings.Contains(ps[0], "strana 1 z 1") {
			t.Fatalf("pages %q, want one with its number", ps)
		}
	})
}

// TestLayout checks where text lands: every line starts and ends within the margins and nothing
// but the footer reaches into the footer band. The extractor reports where each text run starts
// but not how wide it is, so runs are measured here with the fonts' own advances.
func TestLayout(t *testing.T) {
	long := []rune(strings.Repeat(pangram+" ", 30))
	word := []rune(strings.Repeat("Dlouhéslovobezmezer", 40))
	tb := pdf.Table{Header: []string{"A", "B", "C"}, Widths: []float64{1, 1, 2}}
	for i := range 40 {
		tb.Rows = append(tb.Rows, []string{string(word[:i*10]), string(long[:i*25]), strings.Repeat("x\n", i%30)})
	}
	doc := pdf.Doc{
		Title:    string(long),
		Subtitle: string(word),
		Footer:   string(long),
		Blocks: []pdf.Block{
			pdf.Para{Text: string(long) + "\n" + string(word)},
			pdf.Fields{{Label: string(word), Value: string(long)}},
			pdf.Heading{Text: string(long)},
			tb,
			pdf.Table{Header: []string{string(long)}, Rows: [][]string{{strings.Repeat(string(word)+"\n", 30)}}},
			pdf.Spacer{Height: 2000},
			pdf.Para{Text: "konec"},
		},
	}
	rd := reader(t, render(t, doc))
	if rd.NumPage() < 3 {
		t.Fatalf("%d pages, want several", rd.NumPage())
	}

	fonts := map[string]*sfnt.Font{}
	for name, data := range map[string][]byte{"goregular": goregular.TTF, "gobold": gobold.TTF} {
		f, err := sfnt.Parse(data)
		if err != nil {
			t.Fatal(err)
		}
		fonts[name] = f
	}
	var buf sfnt.Buffer
	width := func(font string, size float64, s string) float64 {
		f := fonts[font]
		if f == nil {
			t.Fatalf("unexpected font %q", font)
		}
		upem := int(f.UnitsPerEm())
		var units fixed.Int26_6
		for _, r := range s {
			i, err := f.GlyphIndex(&buf, r)
			if err != nil {
				t.Fatal(err)
			}
			a, err := f.GlyphAdvance(&buf, i, fixed.I(upem), xfont.HintingNone)
			if err != nil {
				t.Fatal(err)
			}
			units += a
		}
		return float64(units) / 64 / float64(upem) * size
	}

	const (
		pageW, margin = 595.28, 56.7
		footerTop     = 50.0 // baselines below this are the footer's
		bodyBottom    = 62.0 // the body's lowest baseline may not go below this
	)
	type run struct {
		font   string
		size   float64
		x, y   float64
		text   strings.Builder
		glyphs int
	}
	for n := 1; n <= rd.NumPage(); n++ {
		// The extractor gives every glyph the run's start position; a run is drawn by one
		// operator, and it appends U+FFFD after each one.
		var runs []*run
		for _, tx := range rd.Page(n).Content().Text {
			if tx.S == "\uFFFD" {
				continue
			}
			last := len(runs) - 1
			if last < 0 || runs[last].x != tx.X || runs[last].y != tx.Y || runs[last].font != tx.Font {
				runs = append(runs, &run{font: tx.Font, size: tx.FontSize, x: tx.X, y: tx.Y})
				last++
			}
			runs[last].text.WriteString(tx.S)
		}
		if len(runs) < 2 {
			t.Fatalf("page %d has %d text runs", n, len(runs))
		}
		for _, r := range runs {
			end := r.x + width(r.font, r.size, r.text.String())
			if r.x < margin-0.5 || end > pageW-margin+0.5 {
				t.Fatalf("page %d: %q spans x %.1f..%.1f, outside the margins", n, r.text.String(), r.x, end)
			}
			if r.y > footerTop && r.y < bodyBottom {
				t.Fatalf("page %d: %q at baseline %.1f, in the footer band", n, r.text.String(), r.y)
			}
		}
	}
}
