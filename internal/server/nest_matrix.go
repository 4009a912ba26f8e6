package server

// How tools spread: the offices × tools matrix, its CSV and one tool's timeline. Everyone
// signed in reads them, for any region: they hold practice, not clients.

import (
	"bytes"
	"net/http"
	"strconv"

	"hnizdo.cz/hnizdo/internal/i18n"
	"hnizdo.cz/hnizdo/internal/nest"
	"hnizdo.cz/hnizdo/internal/upload"
	"hnizdo.cz/hnizdo/web"
)

// matrixRegion is the region the matrix shows: ?region=, else the user's own. A region that
// is not a number is -1, which the store answers as not found.
func matrixRegion(r *http.Request) (int16, error) {
	q, err := query(r)
	if err != nil {
		return 0, err
	}
	if v := q.Get("region"); v != "" {
		return small(v), nil
	}
	return currentUser(r).RegionID, nil
}

func (s *Server) nestMatrix(w http.ResponseWriter, r *http.Request) {
	region, err := matrixRegion(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	m, err := s.nest.Matrix(r.Context(), region)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p := s.page(r, "nest.matrix.title")
	p.Crumbs = []web.Link{{Label: p.T("nest.title"), Href: "/nest"}}
	regions, err := s.regionOptions(r, p.L, false)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v := matrixView(p.L, m)
	v.Regions = regions
	v.Form = emptyForm(map[string]string{"region": strconv.Itoa(int(m.Region))})
	v.CSVURL = "/nest/matrix.csv?region=" + strconv.Itoa(int(m.Region))
	s.render(w, r, web.NestMatrixPage(p, v))
}

// matrixStages are the stages in the order the matrix counts them, not offered last.
var matrixStages = append(nest.MatrixOrder(), nest.NotOffered)

func stageKey(st nest.Stage) string {
	if st == nest.NotOffered {
		return "none"
	}
	return string(st)
}

// matrixView turns the store's matrix into the page's rows and columns.
func matrixView(l i18n.L, m *nest.Matrix) web.MatrixView {
	v := web.MatrixView{Region: m.RegionName}
	for _, st := range matrixStages {
		v.Legend = append(v.Legend, web.MatrixCell{Stage: stageKey(st), Label: stageLabel(l, st)})
	}
	counts := func(c nest.StageCounts, notOffered int, withNone bool) []web.MatrixCount {
		var out []web.MatrixCount
		for _, st := range nest.MatrixOrder() {
			out = append(out, web.MatrixCount{Stage: stageKey(st), Label: stageLabel(l, st), N: c.Of(st)})
		}
		if withNone {
			out = append(out, web.MatrixCount{Stage: "none", Label: stageLabel(l, nest.NotOffered), N: notOffered})
		}
		return out
	}
	for _, t := range m.Tools {
		col := web.MatrixCol{ID: t.ID, Name: t.Name, Maturity: string(t.Maturity), Label: maturityLabel(l, t.Maturity),
			Counts: counts(t.Counts, t.NotOffered, true), NotOffered: t.NotOfferedOffices}
		if t.RegionID != m.Region {
			col.Region = t.RegionName
		}
		v.Tools = append(v.Tools, col)
	}
	notOffered := 0
	for _, o := range m.Offices {
		row := web.MatrixRow{ID: o.ID, Name: o.Name, Pilot: o.Pilot, Counts: counts(o.Counts, 0, false), Reached: o.Reached}
		for _, t := range m.Tools {
			st := m.Cell(o.ID, t.ID)
			if st == nest.NotOffered {
				notOffered++
			}
			row.Cells = append(row.Cells, web.MatrixCell{Stage: stageKey(st), Label: stageLabel(l, st), Origin: m.Origin(o.ID, t.ID)})
		}
		v.Rows = append(v.Rows, row)
	}
	v.Totals = counts(m.Totals(), notOffered, true)
	v.Reached = len(m.Cells)
	return v
}

func (s *Server) nestMatrixCSV(w http.ResponseWriter, r *http.Request) {
	region, err := matrixRegion(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	m, err := s.nest.Matrix(r.Context(), region)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	var buf bytes.Buffer
	if err := nest.WriteMatrixCSV(&buf, m, lang(r)); err != nil {
		s.fail(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", upload.Disposition("sireni-nastroju-"+m.RegionSlug+".csv"))
	w.Header().Set("Cache-Control", "no-store")
	w.Write(buf.Bytes())
}

func (s *Server) toolSpread(w http.ResponseWriter, r *http.Request) {
	id := pathID(r)
	t, err := s.nest.Tool(r.Context(), id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	pts, err := s.nest.Spread(r.Context(), id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p := s.page(r, "nest.matrix.spread_page", t.Name)
	p.Crumbs = []web.Link{{Label: p.T("nest.title"), Href: "/nest"}, {Label: t.Name, Href: toolHref(t.ID, "")}}
	s.render(w, r, web.SpreadPage(p, web.SpreadView{ID: t.ID, Name: t.Name, ToolURL: toolHref(t.ID, ""), Points: spreadPoints(pts)}))
}

// spreadPoints converts the store's spread for web.SpreadChart, e.g. to embed it on the tool
// page.
func spreadPoints(pts []nest.SpreadPoint) []web.SpreadPoint {
	out := make([]web.SpreadPoint, len(pts))
	for i, p := range pts {
		out[i] = web.SpreadPoint{Day: p.Day, Offered: p.Offered, Trialling: p.Trialling, Adopted: p.Adopted, Abandoned: p.Abandoned}
	}
	return out
}
