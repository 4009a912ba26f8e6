package server

import (
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/go-chi/chi/v5"

	"hnizdo.cz/hnizdo/internal/auth"
	"hnizdo.cz/hnizdo/internal/i18n"
	"hnizdo.cz/hnizdo/internal/office"
	"hnizdo.cz/hnizdo/internal/oversight"
	"hnizdo.cz/hnizdo/web"
)

func visitHref(id int64) string { return "/oversight/visits/" + strconv.FormatInt(id, 10) }

var visitFields = []string{"office", "kind", "date", "topics", "recommendations"}

// visitOptions are the choices of the visit form: the region's municipal offices and the kinds.
func (s *Server) visitOptions(r *http.Request, l i18n.L, first string) ([]web.Option, []web.Option, error) {
	offices, err := s.offices.List(r.Context(), office.Filter{RegionID: currentUser(r).RegionID})
	if err != nil {
		return nil, nil, err
	}
	os := []web.Option{{Value: "", Label: l.T(first)}}
	for _, o := range offices {
		if o.Kind == "orp" || o.Kind == "district" {
			os = append(os, web.Option{Value: strconv.FormatInt(o.ID, 10), Label: o.Name})
		}
	}
	var kinds []web.Option
	for _, k := range oversight.VisitKinds {
		kinds = append(kinds, web.Option{Value: k, Label: l.T("oversight.visit_kind." + k)})
	}
	return os, kinds, nil
}

// visitList shows a methodologist the region's visits, narrowed by office, and anyone else
// their own office's.
func (s *Server) visitList(w http.ResponseWriter, r *http.Request) {
	u := currentUser(r)
	q, err := query(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p := s.page(r, "oversight.visits")
	l := p.L
	p.Crumbs = []web.Link{{Label: l.T("oversight.title"), Href: "/oversight"}}
	list, err := s.oversight.Visits(r.Context(), u, atoi64(q.Get("office")))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v := web.VisitsView{Form: emptyForm(map[string]string{"office": q.Get("office")}, "office"), CanAdd: u.Can(auth.Oversee)}
	today := oversight.Today(time.Now())
	for k := range list {
		vi := &list[k]
		row := web.VisitRow{Href: visitHref(vi.ID), Date: l.Date(vi.Date), Office: vi.OfficeName,
			Kind: l.T("oversight.visit_kind." + vi.Kind), Topics: firstLine(vi.Topics)}
		open := 0
		for f := range vi.Followups {
			if vi.Followups[f].DoneAt == nil {
				open++
			}
			row.Overdue = row.Overdue || vi.Followups[f].Overdue(today)
		}
		if open > 0 {
			row.Followups = l.N("oversight.followups_open", open)
		}
		v.Rows = append(v.Rows, row)
	}
	if v.CanAdd {
		if v.Offices, _, err = s.visitOptions(r, l, "oversight.all_offices"); err != nil {
			s.fail(w, r, err)
			return
		}
	}
	s.render(w, r, web.VisitsPage(p, v))
}

// firstLine is the first line of text, for lists.
func firstLine(s string) string {
	line, _, _ := strings.Cut(s, "\n")
	return line
}

func (s *Server) visitNew(w http.ResponseWriter, r *http.Request) {
	f := emptyForm(map[string]string{"kind": "visit", "date": time.Now().In(i18n.Prague).Format(time.DateOnly)}, visitFields...)
	s.showVisitNew(w, r, f, http.StatusOK)
}

func (s *Server) showVisitNew(w http.ResponseWriter, r *http.Request, f web.Form, status int) {
	p := s.page(r, "oversight.visit_new")
	p.Crumbs = []web.Link{{Label: p.T("oversight.title"), Href: "/oversight"}, {Label: p.T("oversight.visits"), Href: "/oversight/visits"}}
	offices, kinds, err := s.visitOptions(r, p.L, "oversight.choose_office")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.renderStatus(w, r, status, web.VisitNewPage(p, web.VisitFormView{Form: visitLabels(f, p), Offices: offices, Kinds: kinds}))
}

func visitLabels(f web.Form, p web.Page) web.Form {
	return labelled(f, p, "office", "oversight.office", "kind", "oversight.visit_kind", "date", "oversight.visit_date",
		"topics", "oversight.visit_topics", "recommendations", "oversight.visit_recommendations")
}

// visitInput reads the visit form; ok is false when the date is not a date.
func visitInput(f *web.Form) (oversight.VisitInput, bool) {
	in := oversight.VisitInput{OfficeID: atoi64(f.Get("office")), Kind: f.Get("kind"), Topics: f.Get("topics"),
		Recommendations: f.Get("recommendations"), Version: int32(atoi64(f.Get("version")))}
	return in, dates(f, map[string]*time.Time{"date": &in.Date})
}

func (s *Server) visitCreate(w http.ResponseWriter, r *http.Request) {
	f, err := parseForm(r, visitFields...)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	in, ok := visitInput(&f)
	if !ok {
		s.showVisitNew(w, r, f, http.StatusUnprocessableEntity)
		return
	}
	id, err := s.oversight.AddVisit(r.Context(), currentUser(r), in)
	if invalid(&f, err) {
		s.showVisitNew(w, r, f, http.StatusUnprocessableEntity)
		return
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.flash(r, "oversight.visit_added")
	redirect(w, r, visitHref(id))
}

// visitState is what the visit page shows after a post that did not go through.
type visitState struct {
	status   int
	alert    string
	edit     *web.Form
	followup *web.Form
	note     *web.Form
}

func (s *Server) visitShow(w http.ResponseWriter, r *http.Request) {
	s.showVisit(w, r, pathID(r), visitState{})
}

func (s *Server) showVisit(w http.ResponseWriter, r *http.Request, id int64, st visitState) {
	u := currentUser(r)
	vi, err := s.oversight.Visit(r.Context(), u, id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p := s.page(r, "oversight.visits")
	l := p.L
	p.Title = l.T("oversight.visit_title", l10nKind(l, vi.Kind), vi.OfficeName)
	if st.alert != "" {
		p.Alert = l.T(st.alert)
	}
	p.Crumbs = []web.Link{{Label: l.T("oversight.title"), Href: "/oversight"}, {Label: l.T("oversight.visits"), Href: "/oversight/visits"}}
	method := oversight.IsMethodologist(u, vi.RegionID)
	v := web.VisitView{ID: vi.ID, Title: p.Title, Version: vi.Version, Method: method,
		Topics: textParagraphs(vi.Topics), Recommendations: textParagraphs(vi.Recommendations)}
	v.Facts = []web.Fact{
		{Label: l.T("oversight.office"), Value: vi.OfficeName},
		{Label: l.T("oversight.visit_kind"), Value: l10nKind(l, vi.Kind)},
		{Label: l.T("oversight.visit_date"), Value: l.Date(vi.Date)},
		{Label: l.T("oversight.visit_by"), Value: vi.CreatedByName},
	}
	today := oversight.Today(time.Now())
	canDone := method || (u.Has(auth.Head) && u.OfficeID == vi.OfficeID)
	for k := range vi.Followups {
		f := &vi.Followups[k]
		row := web.FollowupRow{ID: f.ID, Text: f.Text, Due: l.Date(f.Due), Overdue: f.Overdue(today), CanDone: canDone}
		if f.DoneAt != nil {
			row.Done = l.T("oversight.followup_done_by", l.Date(*f.DoneAt), f.DoneBy)
		}
		v.Followups = append(v.Followups, row)
	}
	for _, n := range vi.Notes {
		v.Notes = append(v.Notes, web.VisitNoteRow{ID: n.ID, Title: n.Title, Href: noteHref(n.ID), CanUnlink: method})
	}
	if method {
		edit := emptyForm(map[string]string{"office": strconv.FormatInt(vi.OfficeID, 10), "kind": vi.Kind,
			"date": vi.Date.Format(time.DateOnly), "topics": vi.Topics, "recommendations": vi.Recommendations}, visitFields...)
		if st.edit != nil {
			edit = *st.edit
		}
		edit = visitLabels(edit, p)
		v.Edit = &edit
		if v.Offices, v.Kinds, err = s.visitOptions(r, l, "oversight.choose_office"); err != nil {
			s.fail(w, r, err)
			return
		}
		fu := emptyForm(nil, "fu-text", "fu-due")
		if st.followup != nil {
			fu = *st.followup
		}
		fu = labelled(fu, p, "fu-text", "oversight.followup_text", "fu-due", "oversight.due")
		v.FollowupForm = &fu
		nf := emptyForm(nil, "note")
		if st.note != nil {
			nf = *st.note
		}
		nf = labelled(nf, p, "note", "oversight.note_link_field")
		v.NoteForm = &nf
	}
	status := st.status
	if status == 0 {
		status = http.StatusOK
	}
	s.renderStatus(w, r, status, web.VisitPage(p, v))
}

func l10nKind(l i18n.L, kind string) string { return l.T("oversight.visit_kind." + kind) }

// textParagraphs splits plain text at blank lines; single line breaks stay inside a paragraph.
func textParagraphs(s string) []string {
	var out []string
	for _, para := range strings.Split(strings.ReplaceAll(s, "\r\n", "\n"), "\n\n") {
		if para = strings.TrimSpace(para); para != "" {
			out = append(out, para)
		}
	}
	return out
}

func (s *Server) visitUpdate(w http.ResponseWriter, r *http.Request) {
	id := pathID(r)
	f, err := parseForm(r, visitFields...)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	show := func(status int, alert string) {
		s.showVisit(w, r, id, visitState{status: status, alert: alert, edit: &f})
	}
	in, ok := visitInput(&f)
	if !ok {
		show(http.StatusUnprocessableEntity, "")
		return
	}
	err = s.oversight.EditVisit(r.Context(), currentUser(r), id, in)
	if s.oversightRefused(w, r, err, &f, "", show) {
		return
	}
	s.flash(r, "oversight.visit_saved")
	redirect(w, r, visitHref(id))
}

func (s *Server) visitFollowup(w http.ResponseWriter, r *http.Request) {
	id := pathID(r)
	f, err := parseForm(r, "fu-text", "fu-due")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	show := func(status int, alert string) {
		s.showVisit(w, r, id, visitState{status: status, alert: alert, followup: &f})
	}
	var due time.Time
	if !dates(&f, map[string]*time.Time{"fu-due": &due}) {
		show(http.StatusUnprocessableEntity, "")
		return
	}
	_, err = s.oversight.AddFollowup(r.Context(), currentUser(r), id, f.Get("fu-text"), due)
	if s.oversightRefused(w, r, err, &f, "fu-", show) {
		return
	}
	s.flash(r, "oversight.followup_added")
	redirect(w, r, visitHref(id)+"#followups")
}

// visitFollowupDone marks a follow-up done and returns to its visit. The visit comes from the
// store, not the form, which could name any visit.
func (s *Server) visitFollowupDone(w http.ResponseWriter, r *http.Request) {
	if _, err := parseForm(r); err != nil {
		s.fail(w, r, err)
		return
	}
	id := pathID(r)
	visit, err := s.oversight.FollowupVisit(r.Context(), currentUser(r), id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	err = s.oversight.DoneFollowup(r.Context(), currentUser(r), id)
	show := func(status int, alert string) {
		s.showVisit(w, r, visit, visitState{status: status, alert: alert})
	}
	if s.oversightRefused(w, r, err, nil, "", show) {
		return
	}
	s.flash(r, "oversight.followup_marked")
	redirect(w, r, visitHref(visit)+"#followups")
}

// noteRef finds a note's id in what was typed: the id itself or the note's address.
var noteRef = regexp.MustCompile(`^(?:\S*/notes/)?(\d{1,18})(?:[/?#]\S*)?$`)

func (s *Server) visitNoteLink(w http.ResponseWriter, r *http.Request) {
	id := pathID(r)
	f, err := parseForm(r, "note")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	show := func(status int, alert string) {
		s.showVisit(w, r, id, visitState{status: status, alert: alert, note: &f})
	}
	m := noteRef.FindStringSubmatch(strings.TrimSpace(f.Get("note")))
	if m == nil {
		f.Errors["note"] = "oversight.err.note"
		show(http.StatusUnprocessableEntity, "")
		return
	}
	err = s.oversight.LinkNote(r.Context(), currentUser(r), id, atoi64(m[1]))
	if s.oversightRefused(w, r, err, &f, "", show) {
		return
	}
	s.flash(r, "oversight.note_linked")
	redirect(w, r, visitHref(id)+"#notes")
}

func (s *Server) visitNoteUnlink(w http.ResponseWriter, r *http.Request) {
	id := pathID(r)
	if _, err := parseForm(r); err != nil {
		s.fail(w, r, err)
		return
	}
	err := s.oversight.UnlinkNote(r.Context(), currentUser(r), id, atoi64(chi.URLParam(r, "nid")))
	if s.oversightRefused(w, r, err, nil, "", func(status int, alert string) {
		s.showVisit(w, r, id, visitState{status: status, alert: alert})
	}) {
		return
	}
	s.flash(r, "oversight.note_unlinked")
	redirect(w, r, visitHref(id)+"#notes")
}
