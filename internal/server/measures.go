package server

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"time"

	"hnizdo.cz/hnizdo/internal/auth"
	"hnizdo.cz/hnizdo/internal/office"
	"hnizdo.cz/hnizdo/internal/oversight"
	"hnizdo.cz/hnizdo/web"
)

// measureShow is a view of the register: its value of the show parameter, its label and the
// filter it sets.
type measureShow struct {
	show, key string
	set       func(*oversight.MeasureFilter)
}

// measureShows are the views of the register, the first its default. The dashboards' counts
// link to due, overdue and waiting, so each lists exactly what oversight.Dashboard counts under
// the same flag. No view lists every measure: measures are verified year after year, so the
// register shows those still to be dealt with, and of those done only the newest.
var measureShows = []measureShow{
	{"", "oversight.show.pending", func(f *oversight.MeasureFilter) { f.Pending = true }},
	{"due", "oversight.count.due", func(f *oversight.MeasureFilter) { f.Due = true }},
	{"overdue", "oversight.count.overdue", func(f *oversight.MeasureFilter) { f.Overdue = true }},
	{"waiting", "oversight.count.waiting", func(f *oversight.MeasureFilter) { f.Waiting = true }},
	{"done", "oversight.show.done", func(f *oversight.MeasureFilter) { f.Done = true }},
}

// measureList is the register of remedial measures: an office's own, or the region's for its
// methodologists, narrowed by office and by one of measureShows.
func (s *Server) measureList(w http.ResponseWriter, r *http.Request) {
	u := currentUser(r)
	ctx := r.Context()
	p := s.page(r, "oversight.measures")
	l := p.L
	p.Crumbs = []web.Link{{Label: l.T("oversight.title"), Href: "/oversight"}}
	q := r.URL.Query()
	show := q.Get("show")
	if !slices.ContainsFunc(measureShows, func(sh measureShow) bool { return sh.show == show }) {
		show = "" // an unknown view is the default one
	}
	f := oversight.MeasureFilter{OfficeID: atoi64(q.Get("office"))}
	v := web.MeasuresView{Form: emptyForm(map[string]string{"office": q.Get("office"), "show": show}, "office", "show")}
	for _, sh := range measureShows {
		if sh.show == show {
			sh.set(&f)
		}
		key := sh.key
		if sh.show == "waiting" && !u.Can(auth.Oversee) {
			key = "oversight.count.waiting_region" // as the office's dashboard names it
		}
		link := url.Values{}
		if sh.show != "" {
			link.Set("show", sh.show)
		}
		if f.OfficeID != 0 && u.Can(auth.Oversee) {
			link.Set("office", strconv.FormatInt(f.OfficeID, 10))
		}
		href := "/oversight/measures"
		if len(link) > 0 {
			href += "?" + link.Encode()
		}
		v.Shows = append(v.Shows, web.Link{Label: l.T(key), Href: href, Active: sh.show == show})
	}
	list, err := s.oversight.Measures(ctx, u, f)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if f.Done && len(list) > oversight.DoneShown {
		list = list[:oversight.DoneShown]
		v.Notice = l.T("oversight.done_capped", strconv.Itoa(oversight.DoneShown))
	}
	v.Rows = measureRows(l, list)
	if u.Can(auth.Oversee) {
		offices, err := s.offices.List(ctx, office.Filter{RegionID: u.RegionID})
		if err != nil {
			s.fail(w, r, err)
			return
		}
		v.Offices = []web.Option{{Value: "", Label: l.T("oversight.all_offices")}}
		for _, o := range offices {
			if o.Kind == "orp" || o.Kind == "district" {
				v.Offices = append(v.Offices, web.Option{Value: strconv.FormatInt(o.ID, 10), Label: o.Name})
			}
		}
	}
	s.render(w, r, web.MeasuresPage(p, v))
}

// measureState is what the measure page shows after a post that did not go through.
type measureState struct {
	status int
	alert  string
	report *web.Form
	ret    *web.Form
}

func (s *Server) measureShow(w http.ResponseWriter, r *http.Request) {
	s.showMeasure(w, r, pathID(r), measureState{})
}

// canReport mirrors the store's rule so the page offers the form only to those who may use it.
func canReport(u *auth.User, m *oversight.Measure) bool {
	return u.OfficeID == m.OfficeID && (u.ID == m.ResponsibleID || u.Has(auth.Head)) &&
		(m.State == oversight.Open || m.State == oversight.Returned)
}

func (s *Server) showMeasure(w http.ResponseWriter, r *http.Request, id int64, st measureState) {
	u := currentUser(r)
	ctx := r.Context()
	m, err := s.oversight.Measure(ctx, u, id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p := s.page(r, "oversight.measure_title", m.CriterionCode, m.OfficeName)
	l := p.L
	if st.alert != "" {
		p.Alert = l.T(st.alert)
	}
	p.Crumbs = []web.Link{{Label: l.T("oversight.title"), Href: "/oversight"}, {Label: l.T("oversight.measures"), Href: "/oversight/measures"}}
	today := oversight.Today(time.Now())
	v := web.MeasureView{ID: id, Title: p.Title, State: string(m.State), StateLabel: l.T("oversight.measure." + string(m.State)),
		Overdue: m.Overdue(today), Report: m.Report, Return: m.ReturnReason, Version: m.Version,
		Inspection: web.Link{Label: l.T("oversight.to_inspection"), Href: inspectionHref(m.InspectionID, "")}}
	v.Facts = []web.Fact{
		{Label: l.T("oversight.office"), Value: m.OfficeName},
		{Label: l.T("oversight.finding"), Value: m.CriterionCode + ": " + m.FindingText},
		{Label: l.T("oversight.measure_description"), Value: m.Description},
		{Label: l.T("oversight.responsible"), Value: m.ResponsibleName},
		{Label: l.T("oversight.due"), Value: l.Date(m.Due)},
	}
	if m.ReportedAt != nil {
		v.Facts = append(v.Facts, web.Fact{Label: l.T("oversight.reported_at"), Value: l.DateTime(*m.ReportedAt)})
	}
	if m.VerifiedAt != nil {
		v.Facts = append(v.Facts, web.Fact{Label: l.T("oversight.verified_at"), Value: l.DateTime(*m.VerifiedAt)})
	}
	files, err := s.oversight.MeasureFiles(ctx, u, id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v.Files = fileLinks(l, files)
	if canReport(u, m) {
		f := emptyForm(map[string]string{"report": m.Report}, "report")
		if st.report != nil {
			f = *st.report
		}
		f = labelled(f, p, "report", "oversight.report")
		v.ReportForm = &f
	}
	if oversight.IsMethodologist(u, m.RegionID) && u.OfficeID != m.OfficeID && m.State == oversight.Reported {
		v.CanVerify = true
		f := emptyForm(nil, "reason")
		if st.ret != nil {
			f = *st.ret
		}
		f = labelled(f, p, "reason", "oversight.return_reason")
		v.ReturnForm = &f
	}
	events, err := s.oversight.MeasureHistory(ctx, u, id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	for _, e := range events {
		v.Timeline = append(v.Timeline, oversightEvent(l, e))
	}
	status := st.status
	if status == 0 {
		status = http.StatusOK
	}
	s.renderStatus(w, r, status, web.MeasurePage(p, v))
}

func (s *Server) measureReport(w http.ResponseWriter, r *http.Request) {
	id := pathID(r)
	f, err := parseForm(r, "report")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	err = s.oversight.Report(r.Context(), currentUser(r), id, f.Get("report"), int32(atoi64(f.Get("version"))))
	show := func(status int, alert string) {
		s.showMeasure(w, r, id, measureState{status: status, alert: alert, report: &f})
	}
	if s.oversightRefused(w, r, err, &f, "", show) {
		return
	}
	s.flash(r, "oversight.reported")
	redirect(w, r, measureHref(id))
}

func (s *Server) measureVerify(w http.ResponseWriter, r *http.Request) {
	id := pathID(r)
	f, err := parseForm(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	err = s.oversight.Verify(r.Context(), currentUser(r), id, int32(atoi64(f.Get("version"))))
	show := func(status int, alert string) { s.showMeasure(w, r, id, measureState{status: status, alert: alert}) }
	if s.oversightRefused(w, r, err, nil, "", show) {
		return
	}
	s.flash(r, "oversight.verified")
	redirect(w, r, measureHref(id))
}

func (s *Server) measureReturn(w http.ResponseWriter, r *http.Request) {
	id := pathID(r)
	f, err := parseForm(r, "reason")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	err = s.oversight.Return(r.Context(), currentUser(r), id, f.Get("reason"), int32(atoi64(f.Get("version"))))
	show := func(status int, alert string) {
		s.showMeasure(w, r, id, measureState{status: status, alert: alert, ret: &f})
	}
	if s.oversightRefused(w, r, err, &f, "", show) {
		return
	}
	s.flash(r, "oversight.returned")
	redirect(w, r, measureHref(id))
}

// measureFiles attaches evidence to a measure's report.
func (s *Server) measureFiles(w http.ResponseWriter, r *http.Request) {
	id := pathID(r)
	name, data, key, err := s.uploaded(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if key == "" {
		_, err = s.oversight.AttachToMeasure(r.Context(), currentUser(r), id, name, data, s.cfg.MaxUpload)
		key = uploadError(err)
	}
	if key != "" {
		s.showMeasure(w, r, id, measureState{status: http.StatusUnprocessableEntity, alert: key})
		return
	}
	if s.oversightRefused(w, r, err, nil, "", func(status int, alert string) {
		s.showMeasure(w, r, id, measureState{status: status, alert: alert})
	}) {
		return
	}
	s.flash(r, "files.uploaded")
	redirect(w, r, measureHref(id)+"#files")
}
