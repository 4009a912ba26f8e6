// Package pdf renders a simple structured document (headings, paragraphs, key-value fields and
// tables) to an A4 PDF. Text is set in the embedded Go fonts, which cover Czech diacritics, and
// the fonts are embedded as subsets with a ToUnicode map so the text can be extracted again.
package pdf

import (
	"bytes"
	"fmt"
	"io"
	"math"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/signintech/gopdf"
	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/gofont/goregular"
	"golang.org/x/image/font/sfnt"
	"golang.org/x/text/unicode/norm"
)

// Doc is a document to render.
type Doc struct {
	Title    string // heading on page 1 and the PDF's metadata title
	Subtitle string // printed under the title, e.g. the issuing authority
	Blocks   []Block
	Footer   string // printed at the bottom of every page next to the page number
}

// Block is one of Heading, Para, Fields, Table or Spacer.
type Block interface{ block() }

// Heading is a section heading.
type Heading struct{ Text string }

// Para is a paragraph; newlines in Text start new lines.
type Para struct {
	Text string
	Bold bool
}

// Field is one label/value row of Fields.
type Field struct{ Label, Value string }

// Fields is a two-column list of labels and values.
type Fields []Field

// Table is a bordered table whose header repeats on every page it spans.
type Table struct {
	Header []string
	Rows   [][]string
	// Widths are the columns' relative widths; ignored unless there is one positive width per
	// column.
	Widths []float64
}

// Spacer is vertical space; zero Height means one blank line.
type Spacer struct{ Height float64 }

func (Heading) block() {}
func (Para) block()    {}
func (Fields) block()  {}
func (Table) block()   {}
func (Spacer) block()  {}

// Page geometry and type sizes, in points.
const (
	pageW    = 595.28
	pageH    = 841.89
	marginX  = 56.7 // 20 mm
	top      = 50.0
	bottom   = pageH - 62 // content stops here; the footer lives below
	footerY  = pageH - 45
	contentW = pageW - 2*marginX

	sizeBody    = 10.0
	sizeTable   = 9.0
	sizeHeading = 13.0
	sizeTitle   = 18.0
	sizeSub     = 11.0
	sizeFooter  = 8.0
	leading     = 1.3 // line height as a multiple of the font size
	pad         = 3.0 // inner padding of table cells
	labelShare  = 0.35
)

type style int

const (
	regular style = iota
	bold
)

var families = [...]string{regular: "goregular", bold: "gobold"}

// Write renders d to w.
func Write(w io.Writer, d Doc) error {
	r, err := newRenderer()
	if err != nil {
		return err
	}
	if err := r.render(d); err != nil {
		return err
	}
	// Buffered so that a failure while writing never leaves half a PDF on w.
	var buf bytes.Buffer
	if err := r.gp.Write(&buf); err != nil {
		return fmt.Errorf("pdf: write: %w", err)
	}
	_, err = buf.WriteTo(w)
	return err
}

type glyphKey struct {
	style style
	r     rune
}

type renderer struct {
	gp     *gopdf.GoPdf
	font   *sfnt.Font
	sbuf   sfnt.Buffer
	known  map[rune]bool        // whether the font has a glyph for the rune
	widths map[glyphKey]float64 // advance at size 1
	style  style
	size   float64
	y      float64
	pages  int
}

func newRenderer() (*renderer, error) {
	f, err := sfnt.Parse(goregular.TTF)
	if err != nil {
		return nil, fmt.Errorf("pdf: parse font: %w", err)
	}
	gp := &gopdf.GoPdf{}
	gp.Start(gopdf.Config{PageSize: gopdf.Rect{W: pageW, H: pageH}, Unit: gopdf.UnitPT})
	for s, data := range [...][]byte{regular: goregular.TTF, bold: gobold.TTF} {
		opt := gopdf.TtfOption{
			Style: gopdf.Regular,
			// The text is cleaned against the regular face; this only catches a rune that
			// the bold face lacks.
			OnGlyphNotFoundSubstitute: func(rune) rune { return '?' },
		}
		if err := gp.AddTTFFontDataWithOption(families[s], data, opt); err != nil {
			return nil, fmt.Errorf("pdf: add font %s: %w", families[s], err)
		}
	}
	return &renderer{
		gp:     gp,
		font:   f,
		known:  map[rune]bool{},
		widths: map[glyphKey]float64{},
	}, nil
}

func (r *renderer) render(d Doc) error {
	title := r.clean(d.Title)
	r.gp.SetInfo(gopdf.PdfInfo{Title: strings.ReplaceAll(title, "\n", " "), Creator: "Hnízdo"})
	r.newPage()

	if title != "" {
		r.setFont(bold, sizeTitle)
		if err := r.lines(r.wrap(title, contentW), marginX); err != nil {
			return err
		}
	}
	sub := r.clean(d.Subtitle)
	if sub != "" {
		r.setFont(regular, sizeSub)
		if err := r.lines(r.wrap(sub, contentW), marginX); err != nil {
			return err
		}
	}
	if title != "" || sub != "" {
		r.y += sizeBody
	}

	for _, b := range d.Blocks {
		var err error
		switch b := b.(type) {
		case Heading:
			err = r.heading(b)
		case *Heading:
			if b != nil {
				err = r.heading(*b)
			}
		case Para:
			err = r.para(b)
		case *Para:
			if b != nil {
				err = r.para(*b)
			}
		case Fields:
			err = r.fields(b)
		case *Fields:
			if b != nil {
				err = r.fields(*b)
			}
		case Table:
			err = r.table(b)
		case *Table:
			if b != nil {
				err = r.table(*b)
			}
		case Spacer:
			r.spacer(b)
		case *Spacer:
			if b != nil {
				r.spacer(*b)
			}
		}
		if err != nil {
			return err
		}
	}
	return r.footers(r.clean(d.Footer))
}

// newPage starts a page and draws the footer rule at once: gopdf numbers pages by their content
// streams, so every page needs one, in order, for the page numbers added at the end to land on
// the right page.
func (r *renderer) newPage() {
	r.gp.AddPage()
	r.pages++
	// Graphics state belongs to a page's content stream, so it is set on each page.
	r.gp.SetLineWidth(0.5)
	r.gp.SetStrokeColor(120, 120, 120)
	r.gp.Line(marginX, footerY-4, pageW-marginX, footerY-4)
	r.gp.SetStrokeColor(0, 0, 0)
	r.y = top
}

// ensure moves to a new page unless h more points fit on this one; a fresh page is never left,
// so content taller than a page still makes progress.
func (r *renderer) ensure(h float64) {
	if r.y+h > bottom && r.y > top {
		r.newPage()
	}
}

func (r *renderer) setFont(s style, size float64) {
	r.style, r.size = s, size
	// The families are registered above, so SetFont cannot fail.
	_ = r.gp.SetFont(families[s], "", size)
}

func (r *renderer) lineH() float64 { return r.size * leading }

// text draws one line with its top at y.
func (r *renderer) text(x, y float64, s string) error {
	if s == "" {
		return nil
	}
	r.gp.SetXY(x, y)
	if err := r.gp.Cell(nil, s); err != nil {
		return fmt.Errorf("pdf: text: %w", err)
	}
	return nil
}

// lines draws wrapped lines in the current font, breaking pages between lines.
func (r *renderer) lines(ls []string, x float64) error {
	for _, l := range ls {
		r.ensure(r.lineH())
		if err := r.text(x, r.y, l); err != nil {
			return err
		}
		r.y += r.lineH()
	}
	return nil
}

func (r *renderer) heading(h Heading) error {
	r.setFont(bold, sizeHeading)
	ls := r.wrap(r.clean(h.Text), contentW)
	if r.y > top {
		r.y += sizeBody * 0.6
	}
	// Keep the heading with the first lines of what follows it.
	need := float64(len(ls))*r.lineH() + 2*sizeBody*leading
	if need < bottom-top {
		r.ensure(need)
	}
	if err := r.lines(ls, marginX); err != nil {
		return err
	}
	r.y += 2
	return nil
}

func (r *renderer) para(p Para) error {
	s := regular
	if p.Bold {
		s = bold
	}
	r.setFont(s, sizeBody)
	if err := r.lines(r.wrap(r.clean(p.Text), contentW), marginX); err != nil {
		return err
	}
	r.y += sizeBody * 0.4
	return nil
}

func (r *renderer) spacer(s Spacer) {
	h := s.Height
	if h == 0 || math.IsNaN(h) {
		h = sizeBody * leading
	}
	h = max(0, min(h, bottom-top))
	if r.y+h > bottom {
		r.newPage()
		return
	}
	r.y += h
}

// row is one row of a table or field list: cells with their wrapped lines.
type row struct {
	cells  [][]string
	styles []style
	fill   bool // shaded, as table headers are
	border bool
}

func (rw row) height() int {
	n := 1
	for _, c := range rw.cells {
		n = max(n, len(c))
	}
	return n
}

func (r *renderer) fields(fs Fields) error {
	if len(fs) == 0 {
		return nil
	}
	ws := []float64{contentW * labelShare, contentW * (1 - labelShare)}
	for _, f := range fs {
		rw := row{styles: []style{bold, regular}}
		r.setFont(bold, sizeBody)
		rw.cells = append(rw.cells, r.wrap(r.clean(f.Label), ws[0]-2*pad))
		r.setFont(regular, sizeBody)
		rw.cells = append(rw.cells, r.wrap(r.clean(f.Value), ws[1]-2*pad))
		if err := r.row(rw, ws, sizeBody, nil); err != nil {
			return err
		}
	}
	r.y += sizeBody * 0.4
	return nil
}

func (r *renderer) table(t Table) error {
	cols := len(t.Header)
	for _, rw := range t.Rows {
		cols = max(cols, len(rw))
	}
	if cols == 0 {
		return nil
	}
	ws := colWidths(t.Widths, cols)

	build := func(cells []string, s style, head bool) row {
		rw := row{fill: head, border: true}
		r.setFont(s, sizeTable)
		for i := range cols {
			var c string
			if i < len(cells) {
				c = cells[i]
			}
			rw.cells = append(rw.cells, r.wrap(r.clean(c), ws[i]-2*pad))
			rw.styles = append(rw.styles, s)
		}
		return rw
	}

	lh := sizeTable * leading
	var repeat *row
	if len(t.Header) > 0 {
		head := build(t.Header, bold, true)
		headH := float64(head.height())*lh + 2*pad
		// A header that takes much of a page is drawn once rather than on every page, or
		// little of the body would fit under it.
		if headH < (bottom-top)/3 {
			repeat = &head
		}
		r.ensure(headH + lh + 2*pad)
		if err := r.row(head, ws, sizeTable, nil); err != nil {
			return err
		}
	}
	for _, cells := range t.Rows {
		if err := r.row(build(cells, regular, false), ws, sizeTable, repeat); err != nil {
			return err
		}
	}
	r.y += sizeBody * 0.6
	return nil
}

// colWidths turns relative widths into points, falling back to equal columns.
func colWidths(rel []float64, cols int) []float64 {
	ws := make([]float64, cols)
	sum := 0.0
	ok := len(rel) == cols
	if ok {
		for _, w := range rel {
			if !(w > 0) || math.IsInf(w, 0) {
				ok = false
				break
			}
			sum += w
		}
	}
	if !ok || math.IsInf(sum, 0) {
		for i := range ws {
			ws[i] = contentW / float64(cols)
		}
		return ws
	}
	for i, w := range rel {
		ws[i] = contentW * w / sum
	}
	return ws
}

// row draws rw at the current position. A row that does not fit on the rest of the page moves to
// the next one; only a row taller than a whole page is split between pages. After every page
// break head, the table header, is drawn again first.
func (r *renderer) row(rw row, ws []float64, size float64, head *row) error {
	lh := size * leading
	room := bottom - top // what a new page offers below a repeated header
	if head != nil {
		room -= float64(head.height())*lh + 2*pad
	}
	breakPage := func() error {
		r.newPage()
		if head != nil {
			return r.row(*head, ws, size, nil)
		}
		return nil
	}
	n := rw.height()
	moved := false // at most one page break before drawing, whatever rounding says
	for start := 0; start < n; {
		avail := int(math.Floor((bottom - r.y - 2*pad) / lh))
		rest := n - start
		if rest > avail && !moved && r.y > top && (avail < 1 || start == 0 && float64(rest)*lh+2*pad <= room) {
			if err := breakPage(); err != nil {
				return err
			}
			moved = true
			continue
		}
		k := min(rest, max(avail, 1))
		h := float64(k)*lh + 2*pad
		x := marginX
		inset := 0.0 // unboxed fields line up with the paragraphs around them
		if rw.border || rw.fill {
			inset = pad
		}
		for i, c := range rw.cells {
			if rw.fill {
				r.gp.SetFillColor(225, 225, 225)
				r.gp.RectFromUpperLeftWithStyle(x, r.y, ws[i], h, "FD")
				r.gp.SetFillColor(0, 0, 0)
			} else if rw.border {
				r.gp.RectFromUpperLeftWithStyle(x, r.y, ws[i], h, "D")
			}
			r.setFont(rw.styles[i], size)
			for j := start; j < start+k && j < len(c); j++ {
				// Half the leading above the line centres it; capitals with carons need it.
				if err := r.text(x+inset, r.y+pad+(lh-size)/2+float64(j-start)*lh, c[j]); err != nil {
					return err
				}
			}
			x += ws[i]
		}
		r.y += h
		start += k
		moved = true
		if start < n {
			if err := breakPage(); err != nil {
				return err
			}
		}
	}
	return nil
}

// footers draws the footer text and "strana X z Y" on every page; the total is only known now.
func (r *renderer) footers(text string) error {
	text = strings.ReplaceAll(text, "\n", " ")
	r.setFont(regular, sizeFooter)
	r.gp.SetTextColor(90, 90, 90)
	defer r.gp.SetTextColor(0, 0, 0)
	for p := 1; p <= r.pages; p++ {
		if err := r.gp.SetPage(p); err != nil {
			return fmt.Errorf("pdf: page %d: %w", p, err)
		}
		num := fmt.Sprintf("strana %d z %d", p, r.pages)
		nw := r.width(num)
		if err := r.text(pageW-marginX-nw, footerY, num); err != nil {
			return err
		}
		if err := r.text(marginX, footerY, r.truncate(text, contentW-nw-12)); err != nil {
			return err
		}
	}
	return nil
}

// clean makes s safe to set in the font: NFC so that decomposed diacritics meet the font's
// precomposed glyphs, line breaks unified to \n, tabs to spaces, invisible format characters
// dropped, and invalid UTF-8 or anything the font cannot show replaced by '?'. Runes outside
// the BMP are always replaced: gopdf writes the ToUnicode map and the metadata title as 16-bit
// codes.
func (r *renderer) clean(s string) string {
	if s == "" {
		return ""
	}
	s = norm.NFC.String(strings.ReplaceAll(s, "\r\n", "\n"))
	var b strings.Builder
	b.Grow(len(s))
	for _, c := range s {
		switch {
		case c == '\n' || c == '\r' || c == '\u2028' || c == '\u2029':
			b.WriteByte('\n')
		case c == '\t':
			b.WriteByte(' ')
		case unicode.IsControl(c) || unicode.Is(unicode.Cf, c) || unicode.Is(unicode.Variation_Selector, c),
			c >= 0x1F3FB && c <= 0x1F3FF: // skin tones would add a second '?' to an emoji
		case c != utf8.RuneError && r.has(c):
			b.WriteRune(c)
		default:
			b.WriteByte('?')
		}
	}
	return b.String()
}

func (r *renderer) has(c rune) bool {
	if c > 0xFFFF {
		return false
	}
	ok, seen := r.known[c]
	if !seen {
		i, err := r.font.GlyphIndex(&r.sbuf, c)
		ok = err == nil && i != 0
		r.known[c] = ok
	}
	return ok
}

// width measures s in the current font. Without kerning advances simply add up, so they are
// cached per rune.
func (r *renderer) width(s string) float64 {
	w := 0.0
	for _, c := range s {
		w += r.runeWidth(c)
	}
	return w
}

func (r *renderer) runeWidth(c rune) float64 {
	k := glyphKey{r.style, c}
	w, ok := r.widths[k]
	if !ok {
		m, err := r.gp.MeasureTextWidth(string(c))
		if err == nil && r.size > 0 {
			w = m / r.size
		}
		r.widths[k] = w
	}
	return w * r.size
}

// wrap breaks cleaned text into lines no wider than w in the current font: at newlines, then
// between words, and inside words longer than a line. Runs of spaces collapse; a no-break space
// stays part of its word, as Czech typesetting expects after one-letter prepositions.
func (r *renderer) wrap(s string, w float64) []string {
	var out []string
	space := r.runeWidth(' ')
	for _, p := range strings.Split(s, "\n") {
		var line strings.Builder
		lw := 0.0
		flush := func() {
			out = append(out, line.String())
			line.Reset()
			lw = 0
		}
		for _, word := range strings.Split(p, " ") {
			if word == "" {
				continue
			}
			ww := r.width(word)
			switch {
			case line.Len() > 0 && lw+space+ww <= w:
				line.WriteByte(' ')
				line.WriteString(word)
				lw += space + ww
				continue
			case line.Len() > 0:
				flush()
			}
			if ww <= w {
				line.WriteString(word)
				lw = ww
				continue
			}
			for _, c := range word {
				cw := r.runeWidth(c)
				if line.Len() > 0 && lw+cw > w {
					flush()
				}
				line.WriteRune(c)
				lw += cw
			}
		}
		flush()
	}
	return out
}

// truncate shortens s to fit w in the current font, marking the cut with an ellipsis.
func (r *renderer) truncate(s string, w float64) string {
	if r.width(s) <= w {
		return s
	}
	const ell = "…"
	w -= r.width(ell)
	rs := []rune(s)
	lw := 0.0
	for i, c := range rs {
		lw += r.runeWidth(c)
		if lw > w {
			return strings.TrimRight(string(rs[:i]), " ") + ell
		}
	}
	return s
}
