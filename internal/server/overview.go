package server

import (
	"math"
	"net/http"
	"strconv"
	"strings"
	"time"

	"hnizdo.cz/hnizdo/internal/i18n"
	"hnizdo.cz/hnizdo/internal/oversight"
	"hnizdo.cz/hnizdo/web"
)

// overviewPage is the region-wide overview of findings for its methodologists: a year's counts,
// and the findings that repeat across offices or years with what they spawned.
func (s *Server) overviewPage(w http.ResponseWriter, r *http.Request) {
	u := currentUser(r)
	q, err := query(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	this := time.Now().In(i18n.Prague).Year()
	year := 0
	if y := int(atoi64(q.Get("year"))); y >= 2000 && y <= this+1 {
		year = y
	}
	o, err := s.oversight.Overview(r.Context(), u, int16(year))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p := s.page(r, "oversight.overview")
	l := p.L
	p.Crumbs = []web.Link{{Label: l.T("oversight.title"), Href: "/oversight"}}
	v := web.OverviewView{Inspections: o.Inspections}
	v.Years = append(v.Years, web.Link{Label: l.T("oversight.ov_all_years"), Href: "/oversight/overview", Active: year == 0})
	for y := this - 3; y <= this; y++ {
		v.Years = append(v.Years, web.Link{Label: strconv.Itoa(y), Href: "/oversight/overview?year=" + strconv.Itoa(y), Active: y == year})
	}
	if year != 0 && (year < this-3 || year > this) {
		v.Years = append(v.Years, web.Link{Label: strconv.Itoa(year), Href: "/oversight/overview?year=" + strconv.Itoa(year), Active: true})
	}
	for _, st := range oversight.States {
		if n := o.ByState[st]; n > 0 {
			v.States = append(v.States, web.StateCount{State: string(st), Label: l.T("oversight.state." + string(st)), N: n})
		}
	}
	var standard int16
	for _, c := range o.Criteria {
		row := web.CriterionCountRow{Code: c.Code, Text: c.Text, Partly: c.Partly, NotMet: c.NotMet, Offices: c.Offices}
		if c.StandardID != standard {
			standard = c.StandardID
			row.Standard = l.T("oversight.standard_n", strconv.Itoa(int(c.StandardID)), c.StandardName)
		}
		v.Criteria = append(v.Criteria, row)
	}
	for _, rp := range o.Repeated {
		years := make([]string, len(rp.Years))
		for k, y := range rp.Years {
			years[k] = strconv.Itoa(int(y))
		}
		row := web.RepeatRow{CriterionID: rp.CriterionID, Code: rp.Code, Text: rp.Text, Offices: rp.Offices,
			Years: strings.Join(years, ", "), OfficeNames: strings.Join(rp.OfficeNames, ", ")}
		if rp.QuestionID != 0 {
			row.FAQHref = "/questions/" + strconv.FormatInt(rp.QuestionID, 10)
		}
		if rp.NoteID != 0 {
			row.NoteHref = noteHref(rp.NoteID)
		}
		v.Repeats = append(v.Repeats, row)
	}
	s.render(w, r, web.OverviewPage(p, v))
}

// spawnFAQ makes the question for an FAQ entry from a repeated finding, or finds the one made.
func (s *Server) spawnFAQ(w http.ResponseWriter, r *http.Request) {
	if _, err := parseForm(r); err != nil {
		s.fail(w, r, err)
		return
	}
	id, err := s.oversight.SpawnFAQ(r.Context(), currentUser(r), criterionID(r))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.flash(r, "oversight.faq_spawned")
	redirect(w, r, "/questions/"+strconv.FormatInt(id, 10))
}

// spawnNote makes a draft binding guidance note from a repeated finding, or finds the one made.
func (s *Server) spawnNote(w http.ResponseWriter, r *http.Request) {
	if _, err := parseForm(r); err != nil {
		s.fail(w, r, err)
		return
	}
	id, err := s.oversight.SpawnNote(r.Context(), currentUser(r), s.notes, criterionID(r))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.flash(r, "oversight.note_spawned")
	redirect(w, r, noteHref(id)+"/edit")
}

// criterionID is the criterion of the path; 0 (no such criterion) when out of range.
func criterionID(r *http.Request) int16 {
	id := pathID(r)
	if id <= 0 || id > math.MaxInt16 {
		return 0
	}
	return int16(id)
}

func (s *Server) standardsPage(w http.ResponseWriter, r *http.Request) {
	s.showStandards(w, r, 0, nil, http.StatusOK, "")
}

// criterionPrefix names a criterion's fields, so that every form on the page has its own ids.
func criterionPrefix(id int16) string { return "c" + strconv.Itoa(int(id)) + "-" }

// showStandards renders every standard with a form per criterion; failed is the criterion whose
// post did not go through, shown with ff as typed.
func (s *Server) showStandards(w http.ResponseWriter, r *http.Request, failed int16, ff *web.Form, status int, alert string) {
	stds, err := s.oversight.Standards(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p := s.page(r, "standards.title")
	l := p.L
	if alert != "" {
		p.Alert = l.T(alert)
	}
	v := web.StandardsView{}
	for _, sd := range stds {
		g := web.StandardForms{Code: strconv.Itoa(int(sd.ID)), Name: standardName(l, sd)}
		for _, c := range sd.Criteria {
			prefix := criterionPrefix(c.ID)
			f := emptyForm(map[string]string{prefix + "text_cs": c.TextCS, prefix + "text_en": c.TextEN}, prefix+"text_cs", prefix+"text_en")
			if failed == c.ID && ff != nil {
				f = *ff
			}
			f = labelled(f, p, prefix+"text_cs", "standards.text_cs", prefix+"text_en", "standards.text_en")
			g.Criteria = append(g.Criteria, web.CriterionForm{ID: c.ID, Code: c.Code, Form: f, Version: c.Version})
		}
		v.Standards = append(v.Standards, g)
	}
	s.renderStatus(w, r, status, web.StandardsPage(p, v))
}

func (s *Server) criterionSave(w http.ResponseWriter, r *http.Request) {
	id := criterionID(r)
	prefix := criterionPrefix(id)
	f, err := parseForm(r, prefix+"text_cs", prefix+"text_en")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	err = s.oversight.EditCriterion(r.Context(), currentUser(r), id, f.Get(prefix+"text_cs"), f.Get(prefix+"text_en"),
		int32(atoi64(f.Get("version"))))
	show := func(status int, alert string) { s.showStandards(w, r, id, &f, status, alert) }
	if s.oversightRefused(w, r, err, &f, prefix, show) {
		return
	}
	s.flash(r, "standards.saved")
	redirect(w, r, "/standards#c"+strconv.Itoa(int(id)))
}
