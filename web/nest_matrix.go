package web

import (
	"math"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"hnizdo.cz/hnizdo/internal/i18n"
)

// MatrixView is how the nest's tools spread through one region's offices: a table of offices
// × tools with the stage in each cell, counts per row and column, and the offices each tool
// was not offered to.
type MatrixView struct {
	Form    Form // the region select
	Regions []Option
	Region  string // the region's name
	CSVURL  string
	Legend  []MatrixCell // one example cell per stage, "none" last
	Tools   []MatrixCol
	Rows    []MatrixRow
	Totals  []MatrixCount // every cell of the matrix per stage
	Reached int           // cells with an adoption row
}

// MatrixCell is one office's stage with one tool: the stage's key suffix ("none" when not
// offered) for its colour class and its name as text, so colour is never the only carrier.
type MatrixCell struct {
	Stage  string
	Label  string
	Origin bool // the office is where the tool was made
}

// MatrixCount is a count of one stage ("none": not offered) in a row or column.
type MatrixCount struct {
	Stage string
	Label string
	N     int
}

// MatrixCol is a tool: a column of the matrix.
type MatrixCol struct {
	ID       int64
	Name     string
	Maturity string // the rung's key suffix, for the badge
	Label    string // the rung's name
	Region   string // the region it was made in when not this one
	Counts   []MatrixCount
	// NotOffered are the offices of the region the tool was not offered to.
	NotOffered []string
}

// MatrixRow is an office: a row of the matrix.
type MatrixRow struct {
	ID      int64
	Name    string
	Pilot   bool
	Cells   []MatrixCell // one per column
	Counts  []MatrixCount
	Reached int // tools with an adoption row
}

func (c MatrixCol) href() string { return toolPath(c.ID, "") }

// countID names a count for tests: "count-o12-adopted", "count-t3-none".
func countID(kind string, id int64, stage string) string {
	return "count-" + kind + itoa(id) + "-" + stage
}

// SpreadPoint is a day of a tool's spread: the offices that had reached each stage by then.
type SpreadPoint struct {
	Day                                    time.Time
	Offered, Trialling, Adopted, Abandoned int
}

// SpreadView is the page of one tool's spread over time.
type SpreadView struct {
	ID      int64
	Name    string
	ToolURL string
	Points  []SpreadPoint
}

// spreadKeys are the series of the spread chart, in the order of the legend and the table.
var spreadKeys = []string{"offered", "trialling", "adopted", "abandoned"}

func (p SpreadPoint) value(key string) int {
	switch key {
	case "offered":
		return p.Offered
	case "trialling":
		return p.Trialling
	case "adopted":
		return p.Adopted
	case "abandoned":
		return p.Abandoned
	}
	return 0
}

// Geometry of the spread chart, in viewBox units; the width is the other charts' chartWidth.
const (
	spreadLeft   = 48
	spreadRight  = 24
	spreadTop    = 32
	spreadPlot   = 200
	spreadBottom = 40
	spreadTicks  = 5  // dates written under the x axis at most
	spreadSingle = 40 // half the width of the line when all points fall on one day
)

// spreadSeries is one series as drawn: a step line and its legend entry.
type spreadSeries struct {
	Key   string
	Label string
	Path  string // the "d" of the step line
	Last  string // the value on the last day
}

// spreadTick is a date under the x axis.
type spreadTick struct {
	X, Label, Anchor string
}

// spreadRow is a day in the data table.
type spreadRow struct {
	Day    string
	Values []string
}

// spreadChart is a laid-out spread chart.
type spreadChart struct {
	Height  int
	Left    string
	Right   string
	Top     string
	Bottom  string
	LabelY  string // baseline of the dates
	Grid    []gridLine
	Ticks   []spreadTick
	Series  []spreadSeries
	Rows    []spreadRow
	Heads   []string // the series' names for the table
	Summary string   // the last day's numbers in words, the SVG's description
}

// spreadX maps a day to x: time runs proportionally from the first day at the left to the
// last at the right; a single day sits in the middle.
func spreadX(d, first, last time.Time) float64 {
	plotW := float64(chartWidth - spreadLeft - spreadRight)
	span := last.Sub(first)
	if span <= 0 {
		return round1(spreadLeft + plotW/2)
	}
	return round1(spreadLeft + plotW*float64(d.Sub(first))/float64(span))
}

// stepPath draws a cumulative count as steps: each value holds from its day until the next.
func stepPath(xs, ys []float64) string {
	if len(xs) == 0 {
		return ""
	}
	var b strings.Builder
	if len(xs) == 1 {
		b.WriteString("M" + coord(xs[0]-spreadSingle) + " " + coord(ys[0]) + " H" + coord(xs[0]+spreadSingle))
		return b.String()
	}
	b.WriteString("M" + coord(xs[0]) + " " + coord(ys[0]))
	for i := 1; i < len(xs); i++ {
		b.WriteString(" H" + coord(xs[i]) + " V" + coord(ys[i]))
	}
	return b.String()
}

// spreadDateTicks picks up to spreadTicks dates evenly between the first and the last day,
// whole days, the first anchored at its start and the last at its end so neither is cut off;
// an inner date that would overlap its neighbour is left out.
func spreadDateTicks(l i18n.L, first, last time.Time) []spreadTick {
	days := int(math.Round(last.Sub(first).Hours() / 24))
	if days <= 0 {
		return []spreadTick{{X: coord(spreadX(first, first, last)), Label: l.Date(first), Anchor: "middle"}}
	}
	type tick struct {
		x, lo, hi float64
		t         spreadTick
	}
	at := func(d time.Time, anchor string) tick {
		x := spreadX(d, first, last)
		label := l.Date(d)
		w := float64(utf8.RuneCountInString(label)) * tickCharWidth
		lo := map[string]float64{"start": x, "middle": x - w/2, "end": x - w}[anchor]
		return tick{x: x, lo: lo, hi: lo + w, t: spreadTick{X: coord(x), Label: label, Anchor: anchor}}
	}
	end := at(last, "end")
	out := []spreadTick{}
	prev := at(first, "start")
	if prev.hi+tickGap > end.lo {
		// Two days too close to write both: the last one alone says where the line ends.
		return []spreadTick{end.t}
	}
	out = append(out, prev.t)
	n := min(spreadTicks, days+1)
	for i := 1; i < n-1; i++ {
		off := int(math.Round(float64(days) * float64(i) / float64(n-1)))
		t := at(first.AddDate(0, 0, off), "middle")
		if t.lo < prev.hi+tickGap || t.hi+tickGap > end.lo {
			continue
		}
		out = append(out, t.t)
		prev = t
	}
	return append(out, end.t)
}

// tickCharWidth is the width of a character of a date under the x axis (13px digits and
// spaces, generously), and tickGap the least room between two dates.
const (
	tickCharWidth = 7.5
	tickGap       = 12
)

// layoutSpread lays out the spread chart of points, which are in day order.
func layoutSpread(l i18n.L, points []SpreadPoint) spreadChart {
	c := spreadChart{
		Height: spreadTop + spreadPlot + spreadBottom,
		Left:   coord(spreadLeft),
		Right:  coord(chartWidth - spreadRight),
		Top:    coord(spreadTop),
		Bottom: coord(spreadTop + spreadPlot),
		LabelY: coord(spreadTop + spreadPlot + 22),
	}
	for _, k := range spreadKeys {
		c.Heads = append(c.Heads, l.T("nest.matrix.series."+k))
	}
	if len(points) == 0 {
		return c
	}
	hi := 1
	for _, p := range points {
		for _, k := range spreadKeys {
			hi = max(hi, p.value(k))
		}
	}
	step := gridStep(0, float64(hi))
	top := math.Ceil(float64(hi)/step) * step
	for v := 0.0; v <= top+1e-9; v += step {
		y := yFor(v, 0, top, spreadTop, spreadPlot)
		c.Grid = append(c.Grid, gridLine{Y: coord(y), TextY: coord(y + 4), Label: czDecimal(v, 0)})
	}
	first, last := points[0].Day, points[len(points)-1].Day
	c.Ticks = spreadDateTicks(l, first, last)
	xs := make([]float64, len(points))
	for i, p := range points {
		xs[i] = spreadX(p.Day, first, last)
		row := spreadRow{Day: l.Date(p.Day)}
		for _, k := range spreadKeys {
			row.Values = append(row.Values, l.Num(p.value(k)))
		}
		c.Rows = append(c.Rows, row)
	}
	var parts []string
	for i, k := range spreadKeys {
		ys := make([]float64, len(points))
		for j, p := range points {
			ys[j] = yFor(float64(p.value(k)), 0, top, spreadTop, spreadPlot)
		}
		n := points[len(points)-1].value(k)
		c.Series = append(c.Series, spreadSeries{Key: k, Label: c.Heads[i], Path: stepPath(xs, ys), Last: l.Num(n)})
		parts = append(parts, c.Heads[i]+": "+l.Num(n))
	}
	c.Summary = l.T("nest.matrix.spread_summary", l.Date(last), strings.Join(parts, ", "))
	return c
}

// spreadYLabel is where the y axis's title is written.
func spreadYLabel() (x, y string) { return strconv.Itoa(4), strconv.Itoa(spreadTop - 14) }
