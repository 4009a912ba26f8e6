package web

import (
	"math"
	"strconv"
	"strings"
	"unicode/utf8"

	"hnizdo.cz/hnizdo/internal/i18n"
)

// Charts are SVG drawn on the server: every coordinate is computed here, in a fixed viewBox that
// CSS scales to the page's width. No inline styles (the CSP forbids them): geometry goes in
// attributes, colours and fonts in the classes of app.css ("Charts").

// Bar is one item of a distribution: a choice or a scale value with its number of answers.
type Bar struct {
	Label string
	Count int
	Share float64 // 0..1, of the answers to the question
}

// Point is one meeting on a trend line.
type Point struct {
	Label  string // e.g. "15. 6. 2018"
	Value  float64
	Count  int
	Hidden bool // too few answers: no value is shown and the line breaks here
}

// Geometry of the charts, in viewBox units (1 unit = 1 CSS px at the chart's natural width).
const (
	chartWidth = 640

	// Bar chart: labels right-aligned in a column at the left, bars after them, then the numbers.
	barLabelWidth = 220 // the labels' column; a label of labelMax characters fits
	barValueSpace = 110 // room after the longest bar for "1 234 (100 %)"
	barMaxWidth   = chartWidth - barLabelWidth - barValueSpace
	barRowHeight  = 32
	barHeight     = 20
	barPad        = 8 // above the first and below the last row

	// Line chart: y labels at the left, room above for the value over a dot at the top.
	lineLeft     = 48
	lineRight    = 24
	lineTop      = 28
	linePlot     = 200 // height of the plot area
	lineBottom   = 40  // room for the x labels
	lineBottomRo = 84  // room for the x labels when they are rotated
	lineMinSlot  = 88  // a slot narrower than this rotates the x labels so they do not overlap

	labelMax = 28 // characters of a label shown in the SVG; the full text is in <title> and the table
)

// barRow is one bar as drawn.
type barRow struct {
	Label  string // full text, for <title> and the table
	Short  string // truncated for the SVG
	Count  string
	Share  string
	Value  string // "12 (40 %)" written after the bar
	Y      string // top of the bar
	TextY  string // baseline of the texts of the row
	Width  string
	ValueX string
	LabelX string
	BarX   string
	BarH   string
}

// barWidth is the length of a bar: proportional to count/max, zero for no answers.
func barWidth(count, max int, full float64) float64 {
	if count <= 0 || max <= 0 {
		return 0
	}
	if count > max {
		count = max
	}
	return round1(full * float64(count) / float64(max))
}

// barChartHeight is the height of the viewBox for n bars.
func barChartHeight(n int) int { return 2*barPad + n*barRowHeight }

// barRows lays the bars out top to bottom.
func barRows(bars []Bar) []barRow {
	max := 0
	for _, b := range bars {
		if b.Count > max {
			max = b.Count
		}
	}
	rows := make([]barRow, len(bars))
	for i, b := range bars {
		top := float64(barPad + i*barRowHeight + (barRowHeight-barHeight)/2)
		w := barWidth(b.Count, max, barMaxWidth)
		count, share := czCount(b.Count), czPercent(b.Share)
		rows[i] = barRow{
			Label:  b.Label,
			Short:  truncateLabel(b.Label, labelMax),
			Count:  count,
			Share:  share,
			Value:  count + " (" + share + ")",
			Y:      coord(top),
			TextY:  coord(top + barHeight/2 + 5), // 5 ≈ a third of the font's height: visually centred
			Width:  coord(w),
			ValueX: coord(barLabelWidth + w + 6),
			LabelX: coord(barLabelWidth - 8),
			BarX:   coord(barLabelWidth),
			BarH:   coord(barHeight),
		}
	}
	return rows
}

// xy is a point in viewBox units.
type xy struct{ X, Y float64 }

// linePoint is one meeting as drawn.
type linePoint struct {
	xy
	Label  string
	Value  string // "4,2", or "—" when hidden
	Count  string
	Hidden bool
}

// gridLine is a horizontal line of the line chart with its value at the left.
type gridLine struct {
	Y     string
	TextY string // baseline of the label, centred on the line
	Label string
}

// lineChart is a laid-out line chart.
type lineChart struct {
	Height   int
	Left     string // x of the y axis
	Right    string // x where the gridlines end
	Bottom   string // y of the x axis
	LabelY   string // baseline of the x labels
	MidY     string // where a hidden point's dash is written
	Rotate   bool   // x labels rotated to fit
	Grid     []gridLine
	Points   []linePoint
	Segments []string // polyline "points" attributes, one per unbroken run of two or more points
}

// yFor maps a value to a y coordinate: hi at the top of the plot, lo at the bottom; values
// outside lo..hi are clamped to the edge.
func yFor(v, lo, hi, top, height float64) float64 {
	if hi <= lo {
		return top + height
	}
	v = math.Min(math.Max(v, lo), hi)
	return round1(top + (hi-v)/(hi-lo)*height)
}

// gridStep is the distance of the gridlines: 1, doubled until there are at most 6 intervals
// (1–5 → 1; 0–10 → 2).
func gridStep(lo, hi float64) float64 {
	step := 1.0
	for (hi-lo)/step > 6 {
		step *= 2
	}
	return step
}

// lineSegments splits the points at hidden ones into runs that are drawn as separate polylines;
// a run of a single point has no line (its dot alone shows it).
func lineSegments(points []linePoint) [][]xy {
	var out [][]xy
	var run []xy
	flush := func() {
		if len(run) >= 2 {
			out = append(out, run)
		}
		run = nil
	}
	for _, p := range points {
		if p.Hidden {
			flush()
			continue
		}
		run = append(run, p.xy)
	}
	flush()
	return out
}

// polyline writes points for a polyline's points attribute.
func polyline(pts []xy) string {
	parts := make([]string, len(pts))
	for i, p := range pts {
		parts[i] = coord(p.X) + "," + coord(p.Y)
	}
	return strings.Join(parts, " ")
}

// layoutLine lays out a trend line: the points evenly spaced, each in the middle of its slot.
func layoutLine(lo, hi float64, points []Point) lineChart {
	plotW := float64(chartWidth - lineLeft - lineRight)
	bottom := float64(lineBottom)
	rotate := len(points) > 0 && plotW/float64(len(points)) < lineMinSlot
	if rotate {
		bottom = lineBottomRo
	}
	c := lineChart{
		Height: int(lineTop + linePlot + bottom),
		Left:   coord(lineLeft),
		Right:  coord(chartWidth - lineRight),
		Bottom: coord(lineTop + linePlot),
		LabelY: coord(lineTop + linePlot + 20),
		MidY:   coord(lineTop + linePlot/2),
		Rotate: rotate,
	}
	if hi > lo {
		step := gridStep(lo, hi)
		for v := math.Ceil(lo); v <= hi+1e-9; v += step {
			y := yFor(v, lo, hi, lineTop, linePlot)
			c.Grid = append(c.Grid, gridLine{Y: coord(y), TextY: coord(y + 4), Label: czDecimal(v, 0)})
		}
	}
	for i, p := range points {
		lp := linePoint{
			xy:     xy{X: round1(lineLeft + plotW*(float64(i)+0.5)/float64(len(points))), Y: yFor(p.Value, lo, hi, lineTop, linePlot)},
			Label:  p.Label,
			Value:  czDecimal(p.Value, 1),
			Count:  czCount(p.Count),
			Hidden: p.Hidden,
		}
		if p.Hidden {
			lp.Value = "—"
		}
		c.Points = append(c.Points, lp)
	}
	for _, s := range lineSegments(c.Points) {
		c.Segments = append(c.Segments, polyline(s))
	}
	return c
}

// Attribute helpers for the templates.
func (p linePoint) CX() string     { return coord(p.X) }
func (p linePoint) CY() string     { return coord(p.Y) }
func (p linePoint) ValueY() string { return coord(p.Y - 10) }

// labelTransform rotates an x label about its anchor when the labels are too close to lie flat.
func (c lineChart) labelTransform(p linePoint) string {
	if !c.Rotate {
		return ""
	}
	return "rotate(-35 " + coord(p.X) + " " + c.LabelY + ")"
}

// round1 rounds to one decimal place: enough for a viewBox and keeps the markup short.
func round1(v float64) float64 { return math.Round(v*10) / 10 }

// coord writes a coordinate: "12", "12.5" (a dot: SVG syntax, not Czech).
func coord(v float64) string { return strconv.FormatFloat(round1(v), 'f', -1, 64) }

// czDecimal writes v rounded half away from zero to prec decimals, with a decimal comma:
// 4.25 → "4,3" (prec 1).
func czDecimal(v float64, prec int) string {
	p := math.Pow10(prec)
	r := math.Round(v*p) / p
	if r == 0 {
		r = 0 // no "-0,0"
	}
	return strings.Replace(strconv.FormatFloat(r, 'f', prec, 64), ".", ",", 1)
}

// czCount writes a count the Czech way, thousands apart: "1 234".
func czCount(n int) string { return i18n.For("cs").Num(n) }

// czPercent writes a share 0..1 as whole per cent, Czech style with a non-breaking space: "42 %".
func czPercent(share float64) string {
	return strconv.Itoa(int(math.Round(share*100))) + "\u00a0%"
}

// truncateLabel shortens s to at most max characters, ending with "…" when it was cut.
func truncateLabel(s string, max int) string {
	s = strings.TrimSpace(s)
	if utf8.RuneCountInString(s) <= max {
		return s
	}
	r := []rune(s)
	return strings.TrimRight(string(r[:max-1]), " ,;:.-–") + "…"
}
