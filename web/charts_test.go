package web

import (
	"bytes"
	"context"
	"math"
	"strconv"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"
	"github.com/a-h/templ"
)

// render renders c and parses the result.
func render(t *testing.T, c templ.Component) (string, *goquery.Document) {
	t.Helper()
	var buf bytes.Buffer
	if err := c.Render(context.Background(), &buf); err != nil {
		t.Fatalf("render: %v", err)
	}
	html := buf.String()
	doc, err := goquery.NewDocumentFromReader(strings.NewReader(html))
	if err != nil {
		t.Fatalf("parse: %v", err)
	}
	return html, doc
}

func attrFloat(t *testing.T, s *goquery.Selection, name string) float64 {
	t.Helper()
	v, ok := s.Attr(name)
	if !ok {
		t.Fatalf("no %s attribute", name)
	}
	f, err := strconv.ParseFloat(v, 64)
	if err != nil {
		t.Fatalf("%s=%q: %v", name, v, err)
	}
	return f
}

// cells returns the texts of a table row's cells, header cell first.
func cells(row *goquery.Selection) []string {
	var out []string
	row.Find("th, td").Each(func(_ int, c *goquery.Selection) {
		out = append(out, strings.TrimSpace(c.Text()))
	})
	return out
}

// noStyle fails when the markup has an inline style, which the CSP would block.
func noStyle(t *testing.T, html string, doc *goquery.Document) {
	t.Helper()
	if n := doc.Find("[style]").Length(); n > 0 || strings.Contains(html, "style=") {
		t.Errorf("inline style in the markup (%d elements)", n)
	}
}

// ariaWired checks that the SVG is an image named by its own <title>.
func ariaWired(t *testing.T, doc *goquery.Document, id, title string) {
	t.Helper()
	svg := doc.Find("#" + id + " svg")
	if svg.Length() != 1 {
		t.Fatalf("want 1 svg in #%s, got %d", id, svg.Length())
	}
	if r, _ := svg.Attr("role"); r != "img" {
		t.Errorf("svg role = %q, want img", r)
	}
	if vb, _ := svg.Attr("viewBox"); !strings.HasPrefix(vb, "0 0 640 ") {
		t.Errorf("viewBox = %q", vb)
	}
	ref, _ := svg.Attr("aria-labelledby")
	if ref != id+"-title" {
		t.Errorf("aria-labelledby = %q, want %q", ref, id+"-title")
	}
	named := svg.ChildrenFiltered("title")
	if got, _ := named.Attr("id"); got != ref {
		t.Errorf("the svg's first <title> has id %q, want %q", got, ref)
	}
	if named.Text() != title {
		t.Errorf("svg title = %q, want %q", named.Text(), title)
	}
	table := doc.Find("#" + id + " table.chart-table")
	if table.Length() != 1 {
		t.Fatalf("want one data table, got %d", table.Length())
	}
	if c := table.Find("caption").Text(); c != title {
		t.Errorf("caption = %q, want %q", c, title)
	}
	if n := table.Find(`thead th[scope="col"]`).Length(); n != 3 {
		t.Errorf("want 3 column headers with scope, got %d", n)
	}
	if rows, heads := table.Find("tbody tr").Length(), table.Find(`tbody th[scope="row"]`).Length(); rows != heads {
		t.Errorf("%d rows but %d row headers with scope", rows, heads)
	}
}

func TestBarChart(t *testing.T) {
	long := "Ano, určitě bych se zúčastnila pravidelných setkání"
	bars := []Bar{
		{Label: long, Count: 12, Share: 0.4},
		{Label: "Ne", Count: 0, Share: 0},
		{Label: "<script>alert(1)</script>", Count: 6, Share: 0.2},
		{Label: "Možná", Count: 1234, Share: 0.424},
	}
	html, doc := render(t, BarChart("q-7", "Zájem o pravidelná setkání", bars, "Počet", "Podíl", "Odpověď"))
	ariaWired(t, doc, "q-7", "Zájem o pravidelná setkání")
	noStyle(t, html, doc)
	if got, _ := doc.Find(".chart").Attr("data-testid"); got != "q-7" {
		t.Errorf("data-testid = %q", got)
	}

	rects := doc.Find("svg rect.chart__bar")
	if rects.Length() != len(bars) {
		t.Fatalf("want %d bars, got %d", len(bars), rects.Length())
	}
	widest := attrFloat(t, rects.Eq(3), "width")
	if widest != barMaxWidth {
		t.Errorf("the largest bar is %v wide, want the full %v", widest, barMaxWidth)
	}
	for i, b := range bars {
		w := attrFloat(t, rects.Eq(i), "width")
		want := float64(barMaxWidth) * float64(b.Count) / 1234
		if math.Abs(w-want) > 0.06 {
			t.Errorf("bar %d: width %v, want %v (proportional to the count)", i, w, want)
		}
	}
	if w := attrFloat(t, rects.Eq(1), "width"); w != 0 {
		t.Errorf("a bar with no answers has width %v", w)
	}

	// Long labels are cut in the SVG but whole in the bar's <title> and in the table.
	label := doc.Find("svg .chart__row").Eq(0).Find("text.chart__label").Text()
	if !strings.HasSuffix(label, "…") || len([]rune(label)) > labelMax {
		t.Errorf("long label shown as %q", label)
	}
	if tt := doc.Find("svg .chart__row").Eq(0).ChildrenFiltered("title").Text(); !strings.HasPrefix(tt, long+": 12 (40\u00a0%)") {
		t.Errorf("bar title = %q", tt)
	}
	if v := doc.Find("svg .chart__row").Eq(3).Find("text.chart__value").Text(); v != "1\u00a0234 (42\u00a0%)" {
		t.Errorf("value at the bar's end = %q", v)
	}

	var rows [][]string
	doc.Find("table.chart-table tbody tr").Each(func(_ int, r *goquery.Selection) { rows = append(rows, cells(r)) })
	want := [][]string{
		{long, "12", "40\u00a0%"},
		{"Ne", "0", "0\u00a0%"},
		{"<script>alert(1)</script>", "6", "20\u00a0%"},
		{"Možná", "1\u00a0234", "42\u00a0%"},
	}
	if len(rows) != len(want) {
		t.Fatalf("table rows = %q", rows)
	}
	for i := range want {
		if strings.Join(rows[i], "|") != strings.Join(want[i], "|") {
			t.Errorf("row %d = %q, want %q", i, rows[i], want[i])
		}
	}
	if heads := cells(doc.Find("table.chart-table thead tr")); strings.Join(heads, "|") != "Odpověď|Počet|Podíl" {
		t.Errorf("column heads = %q", heads)
	}

	// The label is text, never markup.
	if doc.Find("script").Length() != 0 || strings.Contains(html, "<script>") {
		t.Error("a label's markup was not escaped")
	}
	if !strings.Contains(html, "&lt;script&gt;alert(1)&lt;/script&gt;") {
		t.Error("the escaped label is missing")
	}
}

func TestBarChartEmpty(t *testing.T) {
	html, doc := render(t, BarChart("e", "Nic", nil, "Počet", "Podíl", "Odpověď"))
	noStyle(t, html, doc)
	if n := doc.Find("rect").Length(); n != 0 {
		t.Errorf("%d bars for no data", n)
	}
	if n := doc.Find("tbody tr").Length(); n != 0 {
		t.Errorf("%d rows for no data", n)
	}
}

func TestLineChart(t *testing.T) {
	points := []Point{
		{Label: "15.\u00a06.\u00a02018", Value: 4.25, Count: 12},
		{Label: "1.\u00a010.\u00a02018", Value: 3.5, Count: 30},
		{Label: "5.\u00a02.\u00a02019", Hidden: true, Count: 3},
		{Label: "4.\u00a06.\u00a02019", Value: 4, Count: 9},
		{Label: "1.\u00a010.\u00a02019", Value: 5, Count: 7},
	}
	html, doc := render(t, LineChart("trend-1", "Přínos pro praxi", 1, 5, points, "Setkání", "Průměr", "Počet", "Méně než 5 odpovědí"))
	ariaWired(t, doc, "trend-1", "Přínos pro praxi")
	noStyle(t, html, doc)

	// The hidden point breaks the line into two segments and has no dot.
	lines := doc.Find("svg polyline.chart__line")
	if lines.Length() != 2 {
		t.Fatalf("want 2 line segments around the hidden point, got %d", lines.Length())
	}
	first, _ := lines.Eq(0).Attr("points")
	second, _ := lines.Eq(1).Attr("points")
	if len(strings.Fields(first)) != 2 || len(strings.Fields(second)) != 2 {
		t.Errorf("segments %q and %q, want two points each", first, second)
	}
	if doc.Find("svg circle.chart__dot").Length() != 4 {
		t.Errorf("want 4 dots, got %d", doc.Find("svg circle.chart__dot").Length())
	}
	if doc.Find("svg .chart__gap").Length() != 1 {
		t.Error("the hidden point is not marked")
	}
	var values []string
	doc.Find("svg text.chart__value").Each(func(_ int, s *goquery.Selection) { values = append(values, s.Text()) })
	if strings.Join(values, " ") != "4,3 3,5 4,0 5,0" {
		t.Errorf("values by the dots = %q", values)
	}

	// Dots sit at the right height: 5 at the top of the plot, 4 a quarter lower.
	dots := doc.Find("svg circle.chart__dot")
	if y := attrFloat(t, dots.Eq(3), "cy"); y != lineTop {
		t.Errorf("value 5 at y=%v, want %v", y, float64(lineTop))
	}
	if y := attrFloat(t, dots.Eq(2), "cy"); y != lineTop+linePlot/4 {
		t.Errorf("value 4 at y=%v, want %v", y, float64(lineTop+linePlot/4))
	}
	// Gridlines at each integer of 1..5.
	var ticks []string
	doc.Find("svg .chart__grid + text").Each(func(_ int, s *goquery.Selection) { ticks = append(ticks, s.Text()) })
	if strings.Join(ticks, " ") != "1 2 3 4 5" {
		t.Errorf("gridline labels = %q", ticks)
	}

	var rows []string
	doc.Find("table.chart-table tbody tr").Each(func(_ int, r *goquery.Selection) { rows = append(rows, strings.Join(cells(r), "|")) })
	want := []string{
		"15.\u00a06.\u00a02018|4,3|12",
		"1.\u00a010.\u00a02018|3,5|30",
		"5.\u00a02.\u00a02019|— Méně než 5 odpovědí|3",
		"4.\u00a06.\u00a02019|4,0|9",
		"1.\u00a010.\u00a02019|5,0|7",
	}
	if strings.Join(rows, "\n") != strings.Join(want, "\n") {
		t.Errorf("table rows:\n%s\nwant:\n%s", strings.Join(rows, "\n"), strings.Join(want, "\n"))
	}
	if heads := cells(doc.Find("table.chart-table thead tr")); strings.Join(heads, "|") != "Setkání|Průměr|Počet" {
		t.Errorf("column heads = %q", heads)
	}
}

func TestLineChartRotatesCrowdedLabels(t *testing.T) {
	var points []Point
	for i := range 10 {
		points = append(points, Point{Label: "meeting " + strconv.Itoa(i), Value: float64(i)})
	}
	_, doc := render(t, LineChart("nps", "Doporučení", 0, 10, points, "Setkání", "Průměr", "Počet", ""))
	if n := doc.Find(`svg text.chart__tick[transform^="rotate("]`).Length(); n != 10 {
		t.Errorf("%d rotated x labels, want 10", n)
	}
	var ticks []string
	doc.Find("svg .chart__grid + text").Each(func(_ int, s *goquery.Selection) { ticks = append(ticks, s.Text()) })
	if strings.Join(ticks, " ") != "0 2 4 6 8 10" {
		t.Errorf("gridline labels of 0–10 = %q", ticks)
	}
	if doc.Find("polyline").Length() != 1 {
		t.Errorf("want one unbroken line")
	}
}

func TestBarWidth(t *testing.T) {
	tests := []struct {
		count, max int
		want       float64
	}{
		{0, 10, 0},
		{0, 0, 0},
		{5, 0, 0},
		{10, 10, 300},
		{5, 10, 150},
		{1, 3, 100},
		{2, 3, 200},
		{-1, 3, 0},
		{12, 10, 300}, // never longer than the room
	}
	for _, tt := range tests {
		if got := barWidth(tt.count, tt.max, 300); got != tt.want {
			t.Errorf("barWidth(%d, %d) = %v, want %v", tt.count, tt.max, got, tt.want)
		}
	}
}

func TestYFor(t *testing.T) {
	tests := []struct {
		v, lo, hi, want float64
	}{
		{5, 1, 5, 10},   // top
		{1, 1, 5, 210},  // bottom
		{3, 1, 5, 110},  // middle
		{4.5, 1, 5, 35}, // between
		{7, 1, 5, 10},   // clamped to the top
		{0, 1, 5, 210},  // clamped to the bottom
		{10, 0, 10, 10},
		{2.5, 0, 10, 160},
		{3, 3, 3, 210}, // no range: the bottom
	}
	for _, tt := range tests {
		if got := yFor(tt.v, tt.lo, tt.hi, 10, 200); got != tt.want {
			t.Errorf("yFor(%v, %v..%v) = %v, want %v", tt.v, tt.lo, tt.hi, got, tt.want)
		}
	}
}

func TestLineSegments(t *testing.T) {
	p := func(x float64, hidden bool) linePoint { return linePoint{xy: xy{X: x, Y: 1}, Hidden: hidden} }
	tests := []struct {
		name   string
		points []linePoint
		want   string
	}{
		{"none", nil, ""},
		{"one point has no line", []linePoint{p(1, false)}, ""},
		{"unbroken", []linePoint{p(1, false), p(2, false), p(3, false)}, "1,1 2,1 3,1"},
		{"gap in the middle", []linePoint{p(1, false), p(2, false), p(3, true), p(4, false), p(5, false)}, "1,1 2,1|4,1 5,1"},
		{"lone points around a gap", []linePoint{p(1, false), p(2, true), p(3, false)}, ""},
		{"hidden at the ends", []linePoint{p(1, true), p(2, false), p(3, false), p(4, true)}, "2,1 3,1"},
		{"two gaps", []linePoint{p(1, false), p(2, false), p(3, true), p(4, true), p(5, false), p(6, false), p(7, true), p(8, false), p(9, false)}, "1,1 2,1|5,1 6,1|8,1 9,1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			for _, s := range lineSegments(tt.points) {
				got = append(got, polyline(s))
			}
			if strings.Join(got, "|") != tt.want {
				t.Errorf("segments = %q, want %q", strings.Join(got, "|"), tt.want)
			}
		})
	}
}

func TestGridStep(t *testing.T) {
	for _, tt := range []struct{ lo, hi, want float64 }{{1, 5, 1}, {0, 10, 2}, {0, 6, 1}, {0, 100, 32}} {
		if got := gridStep(tt.lo, tt.hi); got != tt.want {
			t.Errorf("gridStep(%v, %v) = %v, want %v", tt.lo, tt.hi, got, tt.want)
		}
	}
}

func TestCzechNumbers(t *testing.T) {
	for _, tt := range []struct {
		v    float64
		prec int
		want string
	}{{4.25, 1, "4,3"}, {4, 1, "4,0"}, {3.449, 1, "3,4"}, {10, 0, "10"}, {-0.01, 1, "0,0"}, {0.05, 1, "0,1"}} {
		if got := czDecimal(tt.v, tt.prec); got != tt.want {
			t.Errorf("czDecimal(%v, %d) = %q, want %q", tt.v, tt.prec, got, tt.want)
		}
	}
	for _, tt := range []struct {
		share float64
		want  string
	}{{0.424, "42\u00a0%"}, {0.425, "43\u00a0%"}, {1, "100\u00a0%"}, {0, "0\u00a0%"}, {1.0 / 3, "33\u00a0%"}} {
		if got := czPercent(tt.share); got != tt.want {
			t.Errorf("czPercent(%v) = %q, want %q", tt.share, got, tt.want)
		}
	}
	if got := czCount(1234); got != "1\u00a0234" {
		t.Errorf("czCount(1234) = %q", got)
	}
}

func TestTruncateLabel(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"Ano", "Ano"},
		{"Přesně dvacet osm znaků tady", "Přesně dvacet osm znaků tady"}, // 28 runes: kept
		{"Ano, určitě bych se zúčastnila", "Ano, určitě bych se zúčastn…"},
		{"Příliš dlouhý text končící mezerou   a pak", "Příliš dlouhý text končící…"},
	} {
		got := truncateLabel(tt.in, labelMax)
		if got != tt.want {
			t.Errorf("truncateLabel(%q) = %q, want %q", tt.in, got, tt.want)
		}
		if n := len([]rune(got)); n > labelMax {
			t.Errorf("truncateLabel(%q) has %d characters", tt.in, n)
		}
	}
}
