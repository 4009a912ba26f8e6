package pdf_test

import (
	"bytes"
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"testing"
	"unicode"

	"golang.org/x/image/font/gofont/goregular"
	"golang.org/x/image/font/sfnt"

	"hnizdo.cz/hnizdo/internal/pdf"
	"hnizdo.cz/hnizdo/internal/pdf/pdftext"
)

func TestText(t *testing.T) {
	one := func(t *testing.T, in string) string {
		t.Helper()
		ps := pages(t, render(t, pdf.Doc{Blocks: []pdf.Block{pdf.Para{Text: in}}}))
		// The first line is the paragraph, the last the page number.
		return strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(ps[0]), "strana 1 z 1"))
	}
	for _, c := range []struct{ name, in, want string }{
		{"emoji become question marks", "a😀b👍🏽c", "a?b?c"},
		{"characters outside the font become question marks", "x日本y", "x??y"},
		{"invalid UTF-8 becomes a question mark", "a\xffb", "a?b"},
		{"decomposed diacritics are composed", "c\u030Ce\u030C u\u030A", "čě ů"},
		{"invisible format characters are dropped", "a\u200Db\uFEFFc\u00ADd\uFE0F", "abcd"},
		{"tabs become spaces", "a\tb", "a b"},
		{"line breaks of any kind start new lines", "a\r\nb\rc\nd\u2028e", "a\nb\nc\nd\ne"},
		{"runs of spaces collapse", "a    b", "a b"},
		{"no-break space is kept", "v\u00A0Praze", "v\u00A0Praze"},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got := one(t, c.in); got != c.want {
				t.Fatalf("text %q, want %q", got, c.want)
			}
		})
	}

	t.Run("newlines in a paragraph start new lines", func(t *testing.T) {
		got := one(t, "první řádek\ndruhý řádek\n\ntřetí po prázdném")
		want := "první řádek\ndruhý řádek\ntřetí po prázdném"
		if got != want {
			t.Fatalf("text %q, want %q", got, want)
		}
	})

	t.Run("metadata title has no characters outside the font", func(t *testing.T) {
		got := reader(t, render(t, pdf.Doc{Title: "Kontrola 😀\nŽďár"})).Trailer().Key("Info").Key("Title").Text()
		if want := "Kontrola ? Žďár"; got != want {
			t.Fatalf("metadata title %q, want %q", got, want)
		}
	})
}

// alphabets that random text is drawn from: what users type, what they paste and garbage.
var alphabets = [][2]rune{
	{'a', 'z'}, {'A', 'Z'}, {'0', '9'}, {0x00C0, 0x017F}, // Latin with Czech letters
	{' ', ' '}, {'\n', '\n'}, {'\t', '\r'}, {0x00A0, 0x00A0}, {0x2000, 0x206F}, // spaces and punctuation
	{0x0300, 0x036F},               // combining marks
	{0x0000, 0x001F}, {0x7F, 0x9F}, // controls
	{0x0400, 0x04FF}, {0x0590, 0x06FF}, {0x4E00, 0x4E80}, // Cyrillic, Hebrew, Arabic, CJK
	{0xD800, 0xDFFF}, {0xFFF0, 0xFFFF}, // surrogates (encoded as U+FFFD) and specials
	{0x1F300, 0x1F6FF}, {0x1F3FB, 0x1F3FF}, {0x10FFF0, 0x10FFFF}, // emoji, skin tones, private use
}

func randText(rng *rand.Rand, max int) string {
	var b strings.Builder
	n := rng.IntN(max + 1)
	for range n {
		if rng.IntN(12) == 0 {
			b.WriteString(pangram)
			continue
		}
		a := alphabets[rng.IntN(len(alphabets))]
		b.WriteRune(a[0] + rng.Int32N(a[1]-a[0]+1))
	}
	if rng.IntN(20) == 0 {
		b.WriteString("\xff\xfe\xc3") // invalid UTF-8
	}
	return b.String()
}

var oddNumbers = []float64{0, -1, 1, 0.001, 1e300, math.Inf(1), math.Inf(-1), math.NaN(), 5000}

func randDoc(rng *rand.Rand) pdf.Doc {
	d := pdf.Doc{Title: randText(rng, 80), Subtitle: randText(rng, 40), Footer: randText(rng, 200)}
	for range rng.IntN(12) {
		switch rng.IntN(6) {
		case 0:
			d.Blocks = append(d.Blocks, pdf.Heading{Text: randText(rng, 100)})
		case 1:
			d.Blocks = append(d.Blocks, pdf.Para{Text: randText(rng, 400), Bold: rng.IntN(2) == 0})
		case 2:
			var fs pdf.Fields
			for range rng.IntN(6) {
				fs = append(fs, pdf.Field{Label: randText(rng, 40), Value: randText(rng, 300)})
			}
			d.Blocks = append(d.Blocks, fs)
		case 3:
			var tb pdf.Table
			cols, cell := rng.IntN(8), 150
			if rng.IntN(10) == 0 {
				// Columns this narrow hold a letter or two a line, so keep the cells short
				// or the document runs to hundreds of pages.
				cols, cell = 60, 12
			}
			for range rng.IntN(cols + 1) {
				tb.Header = append(tb.Header, randText(rng, min(cell, 30)))
			}
			for range rng.IntN(15) {
				row := make([]string, rng.IntN(cols+2))
				for i := range row {
					row[i] = randText(rng, cell)
				}
				tb.Rows = append(tb.Rows, row)
			}
			for range rng.IntN(cols + 2) {
				tb.Widths = append(tb.Widths, oddNumbers[rng.IntN(len(oddNumbers))])
			}
			d.Blocks = append(d.Blocks, tb)
		case 4:
			d.Blocks = append(d.Blocks, pdf.Spacer{Height: oddNumbers[rng.IntN(len(oddNumbers))]})
		case 5:
			d.Blocks = append(d.Blocks, nil, &pdf.Para{Text: randText(rng, 50)}, (*pdf.Table)(nil))
		}
	}
	return d
}

// checkReadable asserts that data is a PDF whose every page extracts to text that the font can
// show: anything else would mean a rune slipped past the cleaning.
func checkReadable(t *testing.T, data []byte) {
	t.Helper()
	f, err := sfnt.Parse(goregular.TTF)
	if err != nil {
		t.Fatal(err)
	}
	var buf sfnt.Buffer
	txt, err := pdftext.Text(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatalf("extract: %v", err)
	}
	for _, r := range txt {
		if unicode.IsSpace(r) {
			continue
		}
		if i, err := f.GlyphIndex(&buf, r); err != nil || i == 0 {
			t.Fatalf("extracted %U, which the font lacks", r)
		}
	}
	if !strings.Contains(txt, "strana 1 z ") {
		t.Fatalf("no page number in %q", txt)
	}
}

func TestRandomDocs(t *testing.T) {
	rng := rand.New(rand.NewPCG(6, 2025))
	for i := range 80 {
		d := randDoc(rng)
		t.Run(fmt.Sprintf("doc %d renders", i), func(t *testing.T) {
			checkReadable(t, render(t, d))
		})
	}
}

func FuzzWrite(f *testing.F) {
	f.Add("Příliš žluťoučký kůň\núpěl 😀", 3)
	f.Add("", 0)
	f.Add("\xff\x00\t\r\n\u200d\U0010FFFF", 60)
	f.Fuzz(func(t *testing.T, s string, cols int) {
		cols = min(max(cols, 0), 80)
		row := make([]string, cols)
		for i := range row {
			row[i] = s
		}
		d := pdf.Doc{
			Title: s, Subtitle: s, Footer: s,
			Blocks: []pdf.Block{
				pdf.Heading{Text: s}, pdf.Para{Text: s}, pdf.Fields{{Label: s, Value: s}},
				pdf.Table{Header: row, Rows: [][]string{row, {s}}},
			},
		}
		checkReadable(t, render(t, d))
	})
}

func BenchmarkWrite(b *testing.B) {
	d := pdf.Doc{Title: "Protokol o kontrole", Subtitle: "Krajský úřad", Footer: "Protokol č. 1/2025"}
	tb := pdf.Table{Header: []string{"Oblast", "Zjištění", "Opatření"}, Widths: []float64{1, 3, 2}}
	for i := range 60 {
		d.Blocks = append(d.Blocks, pdf.Heading{Text: fmt.Sprintf("%d. %s", i, pangram)}, pdf.Para{Text: strings.Repeat(pangram+" ", 4)})
		tb.Rows = append(tb.Rows, []string{"Spisová služba", strings.Repeat(pangram+" ", 2), pangram})
	}
	d.Blocks = append(d.Blocks, tb)
	n := len(pages(b, render(b, d)))
	for b.Loop() {
		if err := pdf.Write(&bytes.Buffer{}, d); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(n), "pages")
}
