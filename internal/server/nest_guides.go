package server

// Change guides: pilot offices, their development topics and the guides' visits.

import (
	"context"
	"net/http"
	"strconv"
	"time"

	"hnizdo.cz/hnizdo/internal/app"
	"hnizdo.cz/hnizdo/internal/i18n"
	"hnizdo.cz/hnizdo/internal/nest"
	"hnizdo.cz/hnizdo/internal/office"
	"hnizdo.cz/hnizdo/web"
)

func nestOfficeHref(id int64) string { return "/nest/offices/" + strconv.FormatInt(id, 10) }

func pilotsHref(region int16) string { return "/nest/pilots?region=" + strconv.Itoa(int(region)) }

var (
	topicFields      = []string{"title", "description", "since"}
	guideVisitFields = []string{"on", "topic", "subject", "tried", "next_step", "tools"}
)

// topicPrefix keeps the fields of one office's topic form apart from the others' on the list
// of pilot offices, where every pilot office has its own form.
func topicPrefix(office int64) string { return "o" + strconv.FormatInt(office, 10) + "-" }

// municipal reports whether offices of kind k take part in the nest: ORP and city-district
// offices make, adopt and are visited; regional authorities and partners do not.
func municipal(k office.Kind) bool { return k == office.ORP || k == office.District }

func nestCrumbs(p web.Page) []web.Link { return []web.Link{{Label: p.T("nest.title"), Href: "/nest"}} }

func topicRows(l i18n.L, ts []nest.DevTopic) []web.DevTopicRow {
	var rows []web.DevTopicRow
	for _, t := range ts {
		rows = append(rows, web.DevTopicRow{Title: t.Title, Description: t.Description, Since: l.T("nest.guides.since_on", l.Date(t.Since))})
	}
	return rows
}

// topicForm is the add-topic form of office; prefix is "" on the office's page.
func topicForm(p web.Page, office int64, prefix, from string, f *web.Form) *web.TopicFormView {
	v := web.TopicFormView{Office: office, Action: nestOfficeHref(office) + "/topics", Prefix: prefix, From: from}
	if f != nil {
		v.Form, v.Open = *f, true
	} else {
		v.Form = emptyForm(nil)
	}
	v.Form.Order = []string{prefix + "title", prefix + "description", prefix + "since"}
	v.Form = labelled(v.Form, p, prefix+"title", "nest.guides.topic_title", prefix+"description", "nest.guides.topic_description",
		prefix+"since", "nest.guides.topic_since")
	return &v
}

func (s *Server) nestPilots(w http.ResponseWriter, r *http.Request) {
	q, err := query(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	region := currentUser(r).RegionID
	if q.Has("region") {
		region = small(q.Get("region"))
	}
	s.showPilots(w, r, region, pilotsState{})
}

// pilotsState is what the list of pilot offices shows after a topic that did not go through.
type pilotsState struct {
	status int
	alert  string
	office int64
	form   *web.Form
}

func (s *Server) showPilots(w http.ResponseWriter, r *http.Request, region int16, st pilotsState) {
	u := currentUser(r)
	p := s.page(r, "nest.guides.pilots_title")
	l := p.L
	p.Crumbs = nestCrumbs(p)
	if st.alert != "" {
		p.Alert = l.T(st.alert)
	}
	regions, err := s.regionOptions(r, l, false)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v := web.PilotsView{Regions: regions, Form: emptyForm(map[string]string{"region": strconv.Itoa(int(region))})}
	for _, o := range regions {
		if o.Value == strconv.Itoa(int(region)) {
			v.Region = o.Label
		}
	}
	if v.Region == "" {
		s.fail(w, r, app.ErrNotFound)
		return
	}
	pilots, err := s.nest.PilotOffices(r.Context(), region)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	topics, err := s.nest.Topics(r.Context(), region)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	byOffice := map[int64][]nest.DevTopic{}
	for _, t := range topics {
		byOffice[t.OfficeID] = append(byOffice[t.OfficeID], t)
	}
	guide := nest.Accompanies(u, region)
	for _, o := range pilots {
		c := web.PilotCard{ID: o.ID, Name: o.Name, Href: nestOfficeHref(o.ID), Topics: topicRows(l, byOffice[o.ID])}
		if o.Visits == 0 {
			c.Visits = l.T("nest.guides.no_visits_yet")
		} else {
			c.Visits = l.N("nest.guides.visits_count", int(o.Visits))
		}
		if o.LastVisit != nil {
			c.LastVisit = l.Date(*o.LastVisit)
		}
		if guide {
			var f *web.Form
			if st.office == o.ID {
				f = st.form
			}
			c.TopicForm = topicForm(p, o.ID, topicPrefix(o.ID), "pilots", f)
		}
		v.Offices = append(v.Offices, c)
	}
	status := st.status
	if status == 0 {
		status = http.StatusOK
	}
	s.renderStatus(w, r, status, web.PilotsPage(p, v))
}

func (s *Server) nestOffice(w http.ResponseWriter, r *http.Request) {
	s.showNestOffice(w, r, pathID(r), officeState{})
}

// officeState is what an office's nest page shows after a post that did not go through.
type officeState struct {
	status int
	alert  string
	topic  *web.Form
	visit  *web.Form
}

// showNestOffice shows an office's nest page. Every signed-in user sees its topics and tools;
// the visits only those who may see them (see nest.Store.Visits).
func (s *Server) showNestOffice(w http.ResponseWriter, r *http.Request, id int64, st officeState) {
	u := currentUser(r)
	ctx := r.Context()
	o, err := s.offices.Get(ctx, id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p := s.page(r, "app.name")
	l := p.L
	p.Title = o.Name
	p.Crumbs = nestCrumbs(p)
	if o.Pilot {
		p.Crumbs = append(p.Crumbs, web.Link{Label: l.T("nest.guides.pilots_title"), Href: pilotsHref(o.RegionID)})
	}
	if st.alert != "" {
		p.Alert = l.T(st.alert)
	}
	v := web.NestOfficeView{ID: o.ID, Name: o.Name, OfficeHref: "/offices/" + strconv.FormatInt(o.ID, 10), Region: o.RegionName, Pilot: o.Pilot}
	topics, err := s.nest.OfficeTopics(ctx, id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v.Topics = topicRows(l, topics)
	if err := s.officeTools(ctx, l, id, &v); err != nil {
		s.fail(w, r, err)
		return
	}
	guide := nest.Accompanies(u, o.RegionID)
	v.SeesVisits = guide || u.OfficeID == o.ID
	if v.SeesVisits {
		visits, err := s.nest.Visits(ctx, u, nest.VisitFilter{Office: id})
		if err != nil {
			s.fail(w, r, err)
			return
		}
		v.Visits = visitRows(l, visits)
	}
	if guide && o.Pilot {
		v.TopicForm = topicForm(p, id, "", "", st.topic)
	}
	if guide && municipal(o.Kind) {
		if err := s.visitFormView(r, p, o, topics, st.visit, &v); err != nil {
			s.fail(w, r, err)
			return
		}
	}
	status := st.status
	if status == 0 {
		status = http.StatusOK
	}
	s.renderStatus(w, r, status, web.NestOfficePage(p, v))
}

// officeTools fills in the tools made at office and the ones it was offered or takes up.
func (s *Server) officeTools(ctx context.Context, l i18n.L, id int64, v *web.NestOfficeView) error {
	made, err := s.nest.OfficeTools(ctx, id)
	if err != nil {
		return err
	}
	for _, t := range made {
		v.Origins = append(v.Origins, web.OfficeToolRow{Name: t.Name, Href: toolHref(t.ID, ""), Kind: l.T("nest.kind." + string(t.Kind)),
			Maturity: string(t.Maturity), Label: l.T("nest.maturity." + string(t.Maturity))})
	}
	adoptions, err := s.nest.OfficeAdoptions(ctx, id)
	if err != nil {
		return err
	}
	for i := range adoptions {
		a := &adoptions[i]
		row := web.OfficeAdoptionRow{Tool: a.ToolName, Href: toolHref(a.ToolID, ""), Stage: string(a.Stage),
			StageLabel: l.T("nest.stage." + string(a.Stage))}
		if d := a.Since(); d != nil {
			row.Since = l.Date(*d)
		}
		if a.Rating != nil {
			row.Rating = l.T("nest.guides.rating_of", *a.Rating)
		}
		v.Adoptions = append(v.Adoptions, row)
	}
	return nil
}

// visitFormView builds the form to record a visit to office o: its development topics or
// another subject, and the tools of its region.
func (s *Server) visitFormView(r *http.Request, p web.Page, o *office.Office, topics []nest.DevTopic, f *web.Form, v *web.NestOfficeView) error {
	l := p.L
	form := emptyForm(map[string]string{"on": nest.Today(time.Now()).Format(time.DateOnly)}, guideVisitFields...)
	if f != nil {
		form = *f
	}
	form = labelled(form, p, "on", "nest.guides.visit_on", "topic", "nest.guides.visit_topic", "subject", "nest.guides.subject",
		"tried", "nest.guides.tried", "next_step", "nest.guides.next_step", "tools", "nest.guides.tools", "office", "nest.guides.office")
	v.VisitForm = &form
	for _, t := range topics {
		v.TopicOpts = append(v.TopicOpts, web.Option{Value: strconv.FormatInt(t.ID, 10), Label: t.Title})
	}
	v.TopicOpts = append(v.TopicOpts, web.Option{Value: "", Label: l.T("nest.guides.other_topic")})
	tools, err := s.nest.Tools(r.Context(), nest.Filter{Region: o.RegionID})
	if err != nil {
		return err
	}
	for _, t := range tools {
		v.ToolOpts = append(v.ToolOpts, web.Option{Value: strconv.FormatInt(t.ID, 10), Label: t.Name})
	}
	return nil
}

// visitRows shows visits: the topic's title, or the subject when there is no topic.
func visitRows(l i18n.L, visits []nest.GuideVisit) []web.GuideVisitRow {
	var rows []web.GuideVisitRow
	for i := range visits {
		vi := &visits[i]
		row := web.GuideVisitRow{ID: vi.ID, Date: l.Date(vi.On), Office: vi.OfficeName, OfficeHref: nestOfficeHref(vi.OfficeID),
			Guide: vi.GuideName, Topic: vi.TopicTitle, Subject: vi.Subject, Tried: textParagraphs(vi.Tried), NextStep: textParagraphs(vi.NextStep)}
		if row.Topic == "" {
			row.Topic, row.Subject = vi.Subject, ""
		}
		for k, id := range vi.ToolIDs {
			row.Tools = append(row.Tools, web.Link{Label: vi.ToolNames[k], Href: toolHref(id, "")})
		}
		rows = append(rows, row)
	}
	return rows
}

// accompanied loads office id for a post of its guides and methodologists; others are refused
// before their input is looked at. The store checks the same rule again.
func (s *Server) accompanied(w http.ResponseWriter, r *http.Request, id int64) (*office.Office, bool) {
	o, err := s.offices.Get(r.Context(), id)
	if err == nil && !nest.Accompanies(currentUser(r), o.RegionID) {
		err = app.ErrForbidden
	}
	if err != nil {
		s.fail(w, r, err)
		return nil, false
	}
	return o, true
}

// officeAlert moves a problem with the office itself, which has no field of its own in the
// form, to the page's alert.
func officeAlert(f *web.Form, prefix string) string {
	key := f.Errors[prefix+"office"]
	delete(f.Errors, prefix+"office")
	return key
}

func (s *Server) devTopicAdd(w http.ResponseWriter, r *http.Request) {
	id := pathID(r)
	f, err := parseForm(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	o, ok := s.accompanied(w, r, id)
	if !ok {
		return
	}
	pilots := f.Get("from") == "pilots"
	prefix := ""
	if pilots {
		prefix = topicPrefix(id)
	}
	show := func() {
		alert := officeAlert(&f, prefix)
		if pilots {
			s.showPilots(w, r, o.RegionID, pilotsState{status: http.StatusUnprocessableEntity, alert: alert, office: id, form: &f})
		} else {
			s.showNestOffice(w, r, id, officeState{status: http.StatusUnprocessableEntity, alert: alert, topic: &f})
		}
	}
	in := nest.TopicInput{Office: id, Title: f.Get(prefix + "title"), Description: f.Get(prefix + "description")}
	if !dates(&f, map[string]*time.Time{prefix + "since": &in.Since}) {
		show()
		return
	}
	_, err = s.nest.AddTopic(r.Context(), currentUser(r), in)
	if prefixErrors(&f, prefix, err) {
		show()
		return
	} else if err != nil {
		s.fail(w, r, err)
		return
	}
	s.flash(r, "nest.guides.topic_added")
	if pilots {
		redirect(w, r, pilotsHref(o.RegionID)+"#pilot-"+strconv.FormatInt(id, 10))
		return
	}
	redirect(w, r, nestOfficeHref(id)+"#topics")
}

func (s *Server) guideVisitAdd(w http.ResponseWriter, r *http.Request) {
	id := pathID(r)
	f, err := parseForm(r, guideVisitFields...)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if _, ok := s.accompanied(w, r, id); !ok {
		return
	}
	show := func() {
		alert := officeAlert(&f, "")
		s.showNestOffice(w, r, id, officeState{status: http.StatusUnprocessableEntity, alert: alert, visit: &f})
	}
	in := nest.VisitInput{Office: id, TopicID: atoi64(f.Get("topic")), Subject: f.Get("subject"), Tried: f.Get("tried"),
		NextStep: f.Get("next_step"), Tools: idList(f.Multi["tools"])}
	if !dates(&f, map[string]*time.Time{"on": &in.On}) {
		show()
		return
	}
	_, err = s.nest.AddVisit(r.Context(), currentUser(r), in)
	if invalid(&f, err) {
		show()
		return
	} else if err != nil {
		s.fail(w, r, err)
		return
	}
	s.flash(r, "nest.guides.visit_added")
	redirect(w, r, nestOfficeHref(id)+"#visits")
}

// guideVisits is the visit log of the user's region, for its guides and methodologists.
func (s *Server) guideVisits(w http.ResponseWriter, r *http.Request) {
	u := currentUser(r)
	q, err := query(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	ctx := r.Context()
	p := s.page(r, "nest.guides.log_title")
	l := p.L
	p.Crumbs = nestCrumbs(p)
	filter := nest.VisitFilter{Region: u.RegionID, Office: atoi64(q.Get("office")), Tool: atoi64(q.Get("tool"))}
	visits, err := s.nest.Visits(ctx, u, filter)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v := web.GuideVisitsView{Region: u.RegionName, Rows: visitRows(l, visits),
		Form: emptyForm(map[string]string{"office": q.Get("office"), "tool": q.Get("tool")})}
	offices, err := s.offices.List(ctx, office.Filter{RegionID: u.RegionID})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v.Offices = []web.Option{{Value: "", Label: l.T("nest.guides.all_offices")}}
	for _, o := range offices {
		if municipal(o.Kind) {
			v.Offices = append(v.Offices, web.Option{Value: strconv.FormatInt(o.ID, 10), Label: o.Name})
		}
	}
	tools, err := s.nest.Tools(ctx, nest.Filter{Region: u.RegionID})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v.Tools = []web.Option{{Value: "", Label: l.T("nest.guides.all_tools")}}
	for _, t := range tools {
		v.Tools = append(v.Tools, web.Option{Value: strconv.FormatInt(t.ID, 10), Label: t.Name})
	}
	s.render(w, r, web.GuideVisitsPage(p, v))
}
