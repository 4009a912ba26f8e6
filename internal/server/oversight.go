package server

import (
	"bytes"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/go-chi/chi/v5"
	"golang.org/x/sync/errgroup"

	"hnizdo.cz/hnizdo/internal/app"
	"hnizdo.cz/hnizdo/internal/auth"
	"hnizdo.cz/hnizdo/internal/i18n"
	"hnizdo.cz/hnizdo/internal/office"
	"hnizdo.cz/hnizdo/internal/oversight"
	"hnizdo.cz/hnizdo/internal/pdf"
	"hnizdo.cz/hnizdo/internal/question"
	"hnizdo.cz/hnizdo/internal/workday"
	"hnizdo.cz/hnizdo/web"
)

func inspectionHref(id int64, rest string) string {
	return "/oversight/inspections/" + strconv.FormatInt(id, 10) + rest
}

func measureHref(id int64) string { return "/oversight/measures/" + strconv.FormatInt(id, 10) }

func pathID(r *http.Request) int64 { return atoi64(chi.URLParam(r, "id")) }

// small reads a small number from a form: -1 when it is not a number that fits, so a huge
// value is refused rather than wrapped around to another valid one.
func small(s string) int16 {
	n, err := strconv.ParseInt(strings.TrimSpace(s), 10, 16)
	if err != nil {
		return -1
	}
	return int16(n)
}

// parseDate reads a form's date (YYYY-MM-DD); zero when empty. ok is false for text that is
// not a date, so the handler can say so at the field.
func parseDate(s string) (time.Time, bool) {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}, true
	}
	d, err := time.Parse(time.DateOnly, s)
	return d, err == nil
}

// dates parses the named date fields of f into out, marking bad ones. ok is false if any was bad.
func dates(f *web.Form, out map[string]*time.Time) bool {
	ok := true
	for name, dst := range out {
		d, good := parseDate(f.Get(name))
		if !good {
			f.Errors[name] = "err.date"
			ok = false
			continue
		}
		// Two fields may fill one date (notice_date and date both fill Step.Date); map order is
		// random, so an empty one must not clear what the other set.
		if !d.IsZero() {
			*dst = d
		}
	}
	return ok
}

func dateOf(l i18n.L, d *time.Time) string {
	if d == nil {
		return ""
	}
	return l.Date(*d)
}

func inspectionTitle(l i18n.L, i *oversight.Inspection) string {
	return l.T("oversight.inspection_title", i.OfficeName, l.T("oversight.kind."+string(i.Kind)))
}

// inspectionRow describes an inspection in a list and the plan: what happened against it.
func inspectionRow(l i18n.L, i *oversight.Inspection, today time.Time) web.InspectionRow {
	row := web.InspectionRow{Href: inspectionHref(i.ID, ""), Office: i.OfficeName,
		Quarter: l.T("oversight.quarter", int(i.Quarter), int(i.Year)), Kind: l.T("oversight.kind." + string(i.Kind)),
		State: string(i.State), StateLabel: l.T("oversight.state." + string(i.State)), Team: strings.Join(i.TeamNames, ", "),
		Findings: int(i.Findings), OpenMeasure: int(i.OpenMeasures)}
	if i.Subject != "" {
		row.Kind += ": " + i.Subject
	}
	// The plan's quarter ends on the last day of its third month.
	quarterEnd := time.Date(int(i.Year), time.Month(3*i.Quarter)+1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, -1)
	switch {
	case i.State == oversight.Cancelled:
		row.Reality = l.T("oversight.reality.cancelled", i.CancelReason)
	case i.OnsiteFrom != nil:
		row.Reality = l.T("oversight.reality.onsite", l.Date(*i.OnsiteFrom), l.Date(*i.OnsiteTo))
		row.Late = i.OnsiteFrom.After(quarterEnd)
	case today.After(quarterEnd):
		row.Reality, row.Late = l.T("oversight.reality.late"), true
	case i.NoticeDate != nil:
		row.Reality = l.T("oversight.reality.notified", l.Date(*i.NoticeDate))
	default:
		row.Reality = l.T("oversight.reality.planned")
	}
	if i.State == oversight.Protocol && i.ObjectionsDue != nil {
		row.Deadline = l.Date(*i.ObjectionsDue)
	}
	return row
}

// oversightHome is the dashboard: counts that link to the lists they count.
func (s *Server) oversightHome(w http.ResponseWriter, r *http.Request) {
	u := currentUser(r)
	p := s.page(r, "oversight.title")
	l := p.L
	// Three reads that do not depend on each other, at once.
	var (
		d         *oversight.Dashboard
		qc        *question.Counts
		followups []oversight.OpenFollowup
		g, ctx    = errgroup.WithContext(r.Context())
	)
	g.Go(func() (err error) { d, err = s.oversight.Dashboard(ctx, u); return })
	g.Go(func() (err error) { qc, err = s.questions.Counts(ctx, u); return })
	g.Go(func() (err error) { followups, err = s.oversight.OpenFollowups(ctx, u); return })
	if err := g.Wait(); err != nil {
		s.fail(w, r, err)
		return
	}
	v := web.OversightView{Methodologist: d.Methodologist}
	today := oversight.Today(time.Now())
	if d.Methodologist {
		v.Counts = []web.Count{
			{Label: l.T("oversight.count.upcoming"), N: d.Upcoming, Href: "/oversight/inspections?show=upcoming", TestID: "count-upcoming"},
			{Label: l.T("oversight.count.running"), N: d.Running, Href: "/oversight/inspections?show=running", TestID: "count-running"},
			{Label: l.T("oversight.count.overdue"), N: d.Overdue, Href: "/oversight/measures?show=overdue", Alert: d.Overdue > 0, TestID: "count-overdue"},
			{Label: l.T("oversight.count.waiting"), N: d.Waiting, Href: "/oversight/measures?show=waiting", TestID: "count-waiting"},
			{Label: l.T("oversight.count.unanswered"), N: qc.Unanswered, Href: "/questions?show=unanswered", TestID: "count-unanswered"},
			{Label: l.T("oversight.count.questions_overdue"), N: qc.Overdue, Href: "/questions?show=overdue", Alert: qc.Overdue > 0, TestID: "count-questions-overdue"},
		}
		for k := range d.NextDeadlines {
			v.Deadlines = append(v.Deadlines, inspectionRow(l, &d.NextDeadlines[k], today))
		}
		v.Links = []web.Link{
			{Label: l.T("oversight.plan"), Href: "/oversight/plan"},
			{Label: l.T("oversight.inspections"), Href: "/oversight/inspections"},
			{Label: l.T("oversight.measures"), Href: "/oversight/measures"},
			{Label: l.T("oversight.overview"), Href: "/oversight/overview"},
			{Label: l.T("oversight.visits"), Href: "/oversight/visits"},
			{Label: l.T("question.queue"), Href: "/questions"},
			{Label: l.T("faq.title"), Href: "/faq"},
			{Label: l.T("oversight.settings"), Href: "/oversight/settings"},
		}
	} else {
		v.Counts = []web.Count{
			{Label: l.T("oversight.count.due"), N: d.Due, Href: "/oversight/measures?show=due", TestID: "count-due"},
			{Label: l.T("oversight.count.overdue"), N: d.Overdue, Href: "/oversight/measures?show=overdue", Alert: d.Overdue > 0, TestID: "count-overdue"},
			{Label: l.T("oversight.count.waiting_region"), N: d.Waiting, Href: "/oversight/measures?show=waiting", TestID: "count-waiting"},
			{Label: l.T("oversight.count.my_questions"), N: qc.Mine, Href: "/questions?show=mine", TestID: "count-my-questions"},
			{Label: l.T("oversight.count.answered"), N: qc.MyAnswered, Href: "/questions?show=answered", TestID: "count-answered"},
		}
		v.Links = []web.Link{
			{Label: l.T("oversight.my_inspections"), Href: "/oversight/inspections"},
			{Label: l.T("oversight.measures"), Href: "/oversight/measures"},
			{Label: l.T("oversight.visits"), Href: "/oversight/visits"},
			{Label: l.T("question.ask"), Href: "/questions/new"},
			{Label: l.T("faq.title"), Href: "/faq"},
		}
	}
	for _, f := range followups {
		v.Followups = append(v.Followups, web.DueFollowup{Href: "/oversight/visits/" + strconv.FormatInt(f.VisitID, 10),
			Office: f.OfficeName, Text: f.Text, Due: l.Date(f.Due), Overdue: f.Overdue(today)})
	}
	if u.Can(auth.EditStandards) {
		v.Links = append(v.Links, web.Link{Label: l.T("oversight.standards"), Href: "/standards"})
	}
	s.render(w, r, web.OversightPage(p, v))
}

var planFields = []string{"office", "year", "quarter", "kind", "subject", "team"}

func (s *Server) planPage(w http.ResponseWriter, r *http.Request) {
	year := int16(time.Now().In(i18n.Prague).Year())
	if y := atoi64(r.URL.Query().Get("year")); y >= 2000 && y <= 2100 {
		year = int16(y)
	}
	f := emptyForm(map[string]string{"year": strconv.Itoa(int(year)), "kind": string(oversight.Standards)}, planFields...)
	f.Multi["team"] = []string{strconv.FormatInt(currentUser(r).ID, 10)}
	s.showPlan(w, r, year, f, http.StatusOK)
}

func (s *Server) showPlan(w http.ResponseWriter, r *http.Request, year int16, f web.Form, status int) {
	u := currentUser(r)
	ctx := r.Context()
	p := s.page(r, "oversight.plan_title", int(year))
	p.Crumbs = []web.Link{{Label: p.T("oversight.title"), Href: "/oversight"}}
	l := p.L
	list, err := s.oversight.Inspections(ctx, u, oversight.Filter{Year: year})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v := web.PlanView{CanPlan: u.Can(auth.Oversee), Form: labelled(f, p,
		"office", "oversight.office", "year", "oversight.year", "quarter", "oversight.quarter_label", "kind", "oversight.kind_label",
		"subject", "oversight.subject", "team", "oversight.team")}
	for y := year - 1; y <= year+1; y++ {
		v.Years = append(v.Years, web.Link{Label: strconv.Itoa(int(y)), Href: "/oversight/plan?year=" + strconv.Itoa(int(y)), Active: y == year})
	}
	today := oversight.Today(time.Now())
	var late, done, cancelled int
	for k := range list {
		row := inspectionRow(l, &list[k], today)
		v.Rows = append(v.Rows, row)
		switch {
		case list[k].State == oversight.Cancelled:
			cancelled++
		case list[k].OnsiteFrom != nil:
			done++
		}
		if row.Late {
			late++
		}
	}
	v.Summary = []web.Fact{
		{Label: l.T("oversight.plan_total"), Value: strconv.Itoa(len(list))},
		{Label: l.T("oversight.plan_done"), Value: strconv.Itoa(done)},
		{Label: l.T("oversight.plan_late"), Value: strconv.Itoa(late)},
		{Label: l.T("oversight.plan_cancelled"), Value: strconv.Itoa(cancelled)},
	}
	if v.CanPlan {
		offices, err := s.offices.List(ctx, office.Filter{RegionID: u.RegionID})
		if err != nil {
			s.fail(w, r, err)
			return
		}
		v.Offices = []web.Option{{Value: "", Label: l.T("oversight.choose_office")}}
		for _, o := range offices {
			if o.Kind == "orp" || o.Kind == "district" {
				v.Offices = append(v.Offices, web.Option{Value: strconv.FormatInt(o.ID, 10), Label: o.Name})
			}
		}
		for q := 1; q <= 4; q++ {
			v.Quarters = append(v.Quarters, web.Option{Value: strconv.Itoa(q), Label: l.T("oversight.quarter_n", q)})
		}
		for _, k := range oversight.Kinds {
			v.Kinds = append(v.Kinds, web.Option{Value: string(k), Label: l.T("oversight.kind." + string(k))})
		}
		team, err := s.oversight.Methodologists(ctx, u)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		v.Team = people(team)
	}
	s.renderStatus(w, r, status, web.PlanPage(p, v))
}

func people(ps []oversight.Person) []web.Option {
	out := make([]web.Option, len(ps))
	for k, x := range ps {
		out[k] = web.Option{Value: strconv.FormatInt(x.ID, 10), Label: x.Name}
	}
	return out
}

func idList(vs []string) []int64 {
	out := []int64{}
	for _, v := range vs {
		if n := atoi64(v); n > 0 {
			out = append(out, n)
		}
	}
	return out
}

func (s *Server) planPost(w http.ResponseWriter, r *http.Request) {
	f, err := parseForm(r, planFields...)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	in := oversight.PlanInput{OfficeID: atoi64(f.Get("office")), Year: small(f.Get("year")),
		Quarter: small(f.Get("quarter")), Kind: oversight.Kind(f.Get("kind")), Subject: f.Get("subject"),
		Team: idList(f.Multi["team"])}
	id, err := s.oversight.Plan(r.Context(), currentUser(r), in)
	if invalid(&f, err) {
		year := in.Year
		if year < 2000 || year > 2100 {
			year = int16(time.Now().In(i18n.Prague).Year())
		}
		s.showPlan(w, r, year, f, http.StatusUnprocessableEntity)
		return
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.flash(r, "oversight.planned")
	redirect(w, r, inspectionHref(id, ""))
}

func (s *Server) inspectionList(w http.ResponseWriter, r *http.Request) {
	u := currentUser(r)
	p := s.page(r, "oversight.inspections")
	p.Crumbs = []web.Link{{Label: p.T("oversight.title"), Href: "/oversight"}}
	q := r.URL.Query()
	f := oversight.Filter{OfficeID: atoi64(q.Get("office"))}
	v := web.InspectionsView{}
	switch q.Get("show") {
	case "upcoming":
		f.Upcoming, v.Filter = true, p.T("oversight.count.upcoming")
	case "running":
		f.Running, v.Filter = true, p.T("oversight.count.running")
	}
	list, err := s.oversight.Inspections(r.Context(), u, f)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	today := oversight.Today(time.Now())
	for k := range list {
		v.Rows = append(v.Rows, inspectionRow(p.L, &list[k], today))
	}
	s.render(w, r, web.InspectionsPage(p, v))
}

// inspectionState is what the inspection page shows after a post that did not go through.
type inspectionState struct {
	status  int
	alert   string
	step    string    // the step whose form failed
	form    *web.Form // its values and errors
	measure int64     // the finding whose measure form failed
	object  bool      // the objection form failed
	decide  int64     // the objection whose decision failed
}

func (s *Server) inspectionShow(w http.ResponseWriter, r *http.Request) {
	s.showInspection(w, r, pathID(r), inspectionState{})
}

func (s *Server) stepForms(l i18n.L, i *oversight.Inspection, team []web.Option, st inspectionState) []web.StepForm {
	var out []web.StepForm
	teamField := web.StepField{Name: "team", Type: "team", Label: l.T("oversight.team"), Options: team}
	for _, to := range oversight.Next(i.State) {
		sf := web.StepForm{To: string(to), Label: l.T("oversight.step." + string(to)), Legend: l.T("oversight.step_legend." + string(to))}
		values := map[string]string{}
		switch to {
		case oversight.Notified:
			sf.Fields = []web.StepField{{Name: "notice_date", Type: "date", Label: l.T("oversight.notice_date"), Hint: l.T("oversight.notice_date_hint")}, teamField}
		case oversight.Onsite:
			sf.Fields = []web.StepField{{Name: "onsite_from", Type: "date", Label: l.T("oversight.onsite_from")},
				{Name: "onsite_to", Type: "date", Label: l.T("oversight.onsite_to")}, teamField}
		case oversight.Protocol:
			sf.Fields = []web.StepField{{Name: "protocol_date", Type: "date", Label: l.T("oversight.protocol_date"),
				Hint: l.T("oversight.protocol_date_hint", l.Date(workday.Protocol().Due(*i.OnsiteTo)))},
				{Name: "delivered_date", Type: "date", Label: l.T("oversight.delivered_date")},
				{Name: "objection_days", Type: "number", Label: l.T("oversight.objection_days"), Hint: l.T("oversight.objection_days_hint")}}
			values["objection_days"] = "15"
		case oversight.Decided:
			sf.Fields = []web.StepField{{Name: "date", Type: "date", Label: l.T("oversight.decided_date"), Hint: l.T("oversight.today_hint")}}
		case oversight.Closed:
			sf.Fields = []web.StepField{{Name: "date", Type: "date", Label: l.T("oversight.closed_date"), Hint: l.T("oversight.today_hint")}}
		case oversight.Cancelled:
			sf.Fields = []web.StepField{{Name: "reason", Type: "textarea", Label: l.T("oversight.cancel_reason")}}
		}
		names := []string{}
		for _, fl := range sf.Fields {
			names = append(names, fl.Name)
		}
		f := emptyForm(values, names...)
		f.Multi["team"] = int64s(i.TeamIDs)
		if st.step == string(to) && st.form != nil {
			f = *st.form
		}
		f.Labels = map[string]string{}
		for _, fl := range sf.Fields {
			f.Labels[fl.Name] = fl.Label
		}
		sf.Form = f
		out = append(out, sf)
	}
	return out
}

func int64s(ns []int64) []string {
	out := make([]string, len(ns))
	for k, n := range ns {
		out[k] = strconv.FormatInt(n, 10)
	}
	return out
}

func (s *Server) showInspection(w http.ResponseWriter, r *http.Request, id int64, st inspectionState) {
	u := currentUser(r)
	ctx := r.Context()
	i, err := s.oversight.Inspection(ctx, u, id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p := s.page(r, "oversight.inspection_page")
	l := p.L
	p.Title = inspectionTitle(l, i)
	p.Crumbs = []web.Link{{Label: l.T("oversight.title"), Href: "/oversight"}, {Label: l.T("oversight.inspections"), Href: "/oversight/inspections"}}
	if st.alert != "" {
		p.Alert = l.T(st.alert)
	}
	// Forms only for those the store lets act: never someone of the inspected office.
	method := oversight.Inspects(u, i)
	v := web.InspectionView{ID: id, Title: p.Title, State: string(i.State), StateLabel: l.T("oversight.state." + string(i.State)),
		Version: i.Version}
	v.Facts = []web.Fact{
		{Label: l.T("oversight.office"), Value: i.OfficeName, Href: "/offices/" + strconv.FormatInt(i.OfficeID, 10)},
		{Label: l.T("oversight.planned_for"), Value: l.T("oversight.quarter", int(i.Quarter), int(i.Year))},
		{Label: l.T("oversight.kind_label"), Value: l.T("oversight.kind." + string(i.Kind))},
	}
	add := func(key, value string) {
		if value != "" {
			v.Facts = append(v.Facts, web.Fact{Label: l.T(key), Value: value})
		}
	}
	add("oversight.subject", i.Subject)
	add("oversight.team", strings.Join(i.TeamNames, ", "))
	add("oversight.notice_date", dateOf(l, i.NoticeDate))
	if i.OnsiteFrom != nil {
		add("oversight.onsite", l.T("oversight.from_to", l.Date(*i.OnsiteFrom), l.Date(*i.OnsiteTo)))
	}
	add("oversight.protocol_date", dateOf(l, i.ProtocolDate))
	add("oversight.delivered_date", dateOf(l, i.DeliveredDate))
	if i.ObjectionsDue != nil {
		add("oversight.objections_due", l.T("oversight.objections_due_value", l.Date(*i.ObjectionsDue), int(i.ObjectionDays)))
	}
	add("oversight.decided_date", dateOf(l, i.DecidedDate))
	add("oversight.closed_date", dateOf(l, i.ClosedDate))
	add("oversight.cancel_reason", i.CancelReason)

	assessed := oversight.CanSeeFindings(u, i) && i.State != oversight.Planned && i.State != oversight.Notified && i.State != oversight.Cancelled
	if assessed {
		v.Links = append(v.Links, web.Link{Label: l.T("oversight.checklist"), Href: inspectionHref(id, "/checklist")},
			web.Link{Label: l.T("oversight.protocol"), Href: inspectionHref(id, "/protocol")},
			web.Link{Label: l.T("oversight.protocol_pdf"), Href: inspectionHref(id, "/protocol.pdf")})
	}

	if method {
		team, err := s.oversight.Methodologists(ctx, u)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		v.Steps = s.stepForms(l, i, people(team), st)
		switch i.State {
		case oversight.Protocol:
			v.StepNote = l.T("oversight.note.protocol")
		case oversight.Decided:
			v.StepNote = l.T("oversight.note.decided")
		case oversight.Measures:
			v.StepNote = l.T("oversight.note.measures")
		}
	}

	// Findings and, for methodologists while measures may be set, their measure forms.
	if assessed {
		findings, err := s.oversight.Findings(ctx, u, id)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		files, err := s.oversight.InspectionFiles(ctx, u, id)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		var staff []web.Option
		measuresOpen := method && (i.State == oversight.Protocol || i.State == oversight.Decided || i.State == oversight.Measures)
		if measuresOpen {
			ps, err := s.oversight.Staff(ctx, u, i.OfficeID)
			if err != nil {
				s.fail(w, r, err)
				return
			}
			staff = append([]web.Option{{Value: "", Label: l.T("oversight.choose_person")}}, people(ps)...)
		}
		for _, fd := range findings {
			row := web.InspectionFinding{ID: fd.ID, Code: fd.Code, Criterion: fd.CriterionText, Rating: string(fd.Rating),
				RatingLabel: l.T("oversight.rating." + string(fd.Rating)), Text: fd.Text}
			row.Files = fileLinks(l, files[fd.ID])
			v.FindingOpts = append(v.FindingOpts, web.Option{Value: strconv.FormatInt(fd.ID, 10), Label: fd.Code + " – " + fd.CriterionText})
			if measuresOpen {
				prefix := "m" + strconv.FormatInt(fd.ID, 10) + "-"
				f := emptyForm(nil, prefix+"responsible", prefix+"due", prefix+"description")
				if st.measure == fd.ID && st.form != nil {
					f = *st.form
				}
				f = labelled(f, p, prefix+"responsible", "oversight.responsible", prefix+"due", "oversight.due", prefix+"description", "oversight.measure_description")
				row.MeasureForm, row.People = &f, staff
			}
			v.Findings = append(v.Findings, row)
		}
		v.FindingOpts = append([]web.Option{{Value: "", Label: l.T("oversight.whole_protocol")}}, v.FindingOpts...)

		objections, err := s.oversight.Objections(ctx, u, id)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		for _, o := range objections {
			row := web.ObjectionRow{ID: o.ID, Filed: l.Date(o.Filed), Finding: o.FindingCode, Text: o.Text, Reason: o.Reasoning}
			if o.Decision != "" {
				row.Decision = l.T("oversight.decision." + o.Decision)
				row.Decided = dateOf(l, o.DecidedDate)
			} else if method && i.State == oversight.Protocol {
				prefix := "o" + strconv.FormatInt(o.ID, 10) + "-"
				f := emptyForm(nil, prefix+"decision", prefix+"reasoning")
				if st.decide == o.ID && st.form != nil {
					f = *st.form
				}
				f = labelled(f, p, prefix+"decision", "oversight.decision", prefix+"reasoning", "oversight.reasoning")
				row.Form = &f
			}
			v.Objections = append(v.Objections, row)
		}
		for _, d := range oversight.Decisions {
			v.DecideOpts = append(v.DecideOpts, web.Option{Value: d, Label: l.T("oversight.decision." + d)})
		}
		v.DecideOpts = append([]web.Option{{Value: "", Label: l.T("oversight.choose_decision")}}, v.DecideOpts...)
		if i.State == oversight.Protocol && (method || (oversight.IsInspected(u, i) && u.Has(auth.Head))) {
			f := emptyForm(map[string]string{"filed": time.Now().In(i18n.Prague).Format(time.DateOnly)}, objectionFields...)
			if st.object && st.form != nil {
				f = *st.form
			}
			f = labelled(f, p, "finding", "oversight.objection_finding", "filed", "oversight.filed", "text", "oversight.objection_text")
			v.ObjectForm = &f
		}

		measures, err := s.oversight.Measures(ctx, u, oversight.MeasureFilter{InspectionID: id})
		if err != nil {
			s.fail(w, r, err)
			return
		}
		v.Measures = measureRows(l, measures)
	}

	events, err := s.oversight.History(ctx, u, id)
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
	s.renderStatus(w, r, status, web.InspectionPage(p, v))
}

func fileLinks(l i18n.L, files []oversight.File) []web.FileLink {
	out := make([]web.FileLink, len(files))
	for k, f := range files {
		out[k] = web.FileLink{Href: "/oversight/files/" + strconv.FormatInt(f.ID, 10), Name: f.Name, Size: size(l, int64(f.Size))}
	}
	return out
}

func measureRows(l i18n.L, list []oversight.Measure) []web.MeasureRow {
	today := oversight.Today(time.Now())
	out := make([]web.MeasureRow, len(list))
	for k := range list {
		m := &list[k]
		out[k] = web.MeasureRow{Href: measureHref(m.ID), Office: m.OfficeName, Code: m.CriterionCode, Description: m.Description,
			Responsible: m.ResponsibleName, Due: l.Date(m.Due), State: string(m.State),
			StateLabel: l.T("oversight.measure." + string(m.State)), Overdue: m.Overdue(today)}
	}
	return out
}

// oversightEvent describes one history entry: what happened, from which state to which.
func oversightEvent(l i18n.L, e oversight.Event) web.EventRow {
	what := e.Action
	if key := "oversight.ev." + e.Action; i18n.Has(key) {
		what = l.T(key)
	}
	if c, ok := e.Detail["criterion"].(string); ok && c != "" {
		what += " " + c
	}
	for _, prefix := range []string{"oversight.state.", "oversight.rating.", "oversight.measure.", "oversight.decision."} {
		if e.From != "" && e.To != "" && i18n.Has(prefix+e.From) && i18n.Has(prefix+e.To) {
			what += " (" + l.T(prefix+e.From) + " → " + l.T(prefix+e.To) + ")"
			break
		}
		if e.From == "" && e.To != "" && i18n.Has(prefix+e.To) {
			what += " (" + l.T(prefix+e.To) + ")"
			break
		}
	}
	who := e.Actor
	if who == "" {
		who = l.T("meeting.system")
	}
	return web.EventRow{When: l.DateTime(e.At), Who: who, What: what}
}

// oversightRefused handles what an oversight store method answered to a form post. It
// reports whether err was handled.
func (s *Server) oversightRefused(w http.ResponseWriter, r *http.Request, err error, f *web.Form, prefix string, show func(status int, alert string)) bool {
	var ref oversight.Refusal
	switch {
	case err == nil:
		return false
	case errors.As(err, &ref):
		show(http.StatusConflict, string(ref))
	case f != nil && prefixErrors(f, prefix, err):
		show(http.StatusUnprocessableEntity, "")
	default:
		s.fail(w, r, err)
	}
	return true
}

var stepNames = []string{"notice_date", "onsite_from", "onsite_to", "protocol_date", "delivered_date", "objection_days", "date", "reason", "team"}

func (s *Server) inspectionStep(w http.ResponseWriter, r *http.Request) {
	id := pathID(r)
	f, err := parseForm(r, stepNames...)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	to := oversight.State(f.Get("to"))
	st := oversight.Step{To: to, Version: int32(atoi64(f.Get("version"))), Reason: f.Get("reason"),
		ObjectionDays: small(f.Get("objection_days"))}
	if _, ok := f.Values["team_sent"]; ok {
		st.Team = idList(f.Multi["team"])
	}
	show := func(status int, alert string) {
		s.showInspection(w, r, id, inspectionState{status: status, alert: alert, step: string(to), form: &f})
	}
	if !dates(&f, map[string]*time.Time{"notice_date": &st.Date, "onsite_from": &st.From, "onsite_to": &st.Until,
		"protocol_date": &st.Issued, "delivered_date": &st.Delivered, "date": &st.Date}) {
		show(http.StatusUnprocessableEntity, "")
		return
	}
	if f.Get("objection_days") == "" {
		st.ObjectionDays = 0 // the law's 15
	} else if st.ObjectionDays < 1 {
		f.Errors["objection_days"] = "oversight.err.objection_days"
		show(http.StatusUnprocessableEntity, "")
		return
	}
	err = s.oversight.Advance(r.Context(), currentUser(r), id, st)
	if s.oversightRefused(w, r, err, &f, "", show) {
		return
	}
	s.flash(r, "oversight.stepped")
	redirect(w, r, inspectionHref(id, ""))
}

var objectionFields = []string{"finding", "filed", "text"}

func (s *Server) objectionPost(w http.ResponseWriter, r *http.Request) {
	id := pathID(r)
	f, err := parseForm(r, objectionFields...)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	in := oversight.ObjectionInput{FindingID: atoi64(f.Get("finding")), Text: f.Get("text")}
	show := func(status int, alert string) {
		s.showInspection(w, r, id, inspectionState{status: status, alert: alert, object: true, form: &f})
	}
	if !dates(&f, map[string]*time.Time{"filed": &in.Filed}) {
		show(http.StatusUnprocessableEntity, "")
		return
	}
	_, err = s.oversight.Object(r.Context(), currentUser(r), id, in)
	if s.oversightRefused(w, r, err, &f, "", show) {
		return
	}
	s.flash(r, "oversight.objection_filed")
	redirect(w, r, inspectionHref(id, "#objections"))
}

func (s *Server) objectionDecide(w http.ResponseWriter, r *http.Request) {
	id, oid := pathID(r), atoi64(chi.URLParam(r, "oid"))
	prefix := "o" + strconv.FormatInt(oid, 10) + "-"
	f, err := parseForm(r, prefix+"decision", prefix+"reasoning")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	// The objection must be one of the inspection of the page; the store checks the rest.
	objections, err := s.oversight.Objections(r.Context(), currentUser(r), id)
	if err == nil && !slices.ContainsFunc(objections, func(o oversight.Objection) bool { return o.ID == oid }) {
		err = app.ErrNotFound
	}
	if err == nil {
		err = s.oversight.Decide(r.Context(), currentUser(r), oid, f.Get(prefix+"decision"), f.Get(prefix+"reasoning"))
	}
	show := func(status int, alert string) {
		s.showInspection(w, r, id, inspectionState{status: status, alert: alert, decide: oid, form: &f})
	}
	if s.oversightRefused(w, r, err, &f, prefix, show) {
		return
	}
	s.flash(r, "oversight.objection_decided")
	redirect(w, r, inspectionHref(id, "#objections"))
}

func (s *Server) measureCreate(w http.ResponseWriter, r *http.Request) {
	id, fid := pathID(r), atoi64(chi.URLParam(r, "fid"))
	prefix := "m" + strconv.FormatInt(fid, 10) + "-"
	f, err := parseForm(r, prefix+"responsible", prefix+"due", prefix+"description")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	in := oversight.MeasureInput{FindingID: fid, ResponsibleID: atoi64(f.Get(prefix + "responsible")), Description: f.Get(prefix + "description")}
	show := func(status int, alert string) {
		s.showInspection(w, r, id, inspectionState{status: status, alert: alert, measure: fid, form: &f})
	}
	if !dates(&f, map[string]*time.Time{prefix + "due": &in.Due}) {
		show(http.StatusUnprocessableEntity, "")
		return
	}
	// The finding must belong to the inspection of the page; the store checks the rest.
	fd, err := s.oversight.Finding(r.Context(), currentUser(r), fid)
	if err == nil && fd.InspectionID != id {
		err = app.ErrNotFound
	}
	if err == nil {
		_, err = s.oversight.AddMeasure(r.Context(), currentUser(r), in)
	}
	if s.oversightRefused(w, r, err, &f, prefix, show) {
		return
	}
	s.flash(r, "oversight.measure_added")
	redirect(w, r, inspectionHref(id, "#measures"))
}

// checklist shows the quality standards' criteria with their assessments; methodologists
// assess them while on site.
func (s *Server) checklistPage(w http.ResponseWriter, r *http.Request) {
	s.showChecklist(w, r, pathID(r), 0, nil, http.StatusOK, "")
}

func (s *Server) showChecklist(w http.ResponseWriter, r *http.Request, id int64, failed int16, ff *web.Form, status int, alert string) {
	u := currentUser(r)
	ctx := r.Context()
	i, err := s.oversight.Inspection(ctx, u, id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	c, err := s.oversight.Checklist(ctx, u, id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p := s.page(r, "oversight.checklist")
	l := p.L
	if alert != "" {
		p.Alert = l.T(alert)
	}
	p.Crumbs = []web.Link{{Label: l.T("oversight.title"), Href: "/oversight"}, {Label: inspectionTitle(l, i), Href: inspectionHref(id, "")}}
	v := web.ChecklistView{ID: id, Title: inspectionTitle(l, i), Editable: oversight.Inspects(u, i) && i.State == oversight.Onsite,
		// Evidence may still come with objections, while the objection period runs.
		CanAttach: oversight.Inspects(u, i) && (i.State == oversight.Onsite || i.State == oversight.Protocol)}
	v.Ratings = []web.Option{{Value: "", Label: l.T("oversight.choose_rating")}}
	for _, rt := range oversight.Ratings {
		v.Ratings = append(v.Ratings, web.Option{Value: string(rt), Label: l.T("oversight.rating." + string(rt))})
	}
	for _, sd := range c.Standards {
		g := web.ChecklistGroup{Code: strconv.Itoa(int(sd.ID)), Name: standardName(l, sd.Standard)}
		for _, a := range sd.Rows {
			row := web.ChecklistRow{CriterionID: a.Criterion.ID, Code: a.Criterion.Code, Text: criterionText(l, a.Criterion),
				Rating: string(a.Rating), Finding: a.Text, FindingID: a.FindingID, Files: fileLinks(l, a.Files)}
			if a.Rating != "" {
				row.RatingLabel = l.T("oversight.rating." + string(a.Rating))
			}
			prefix := "c" + strconv.Itoa(int(a.Criterion.ID)) + "-"
			f := emptyForm(map[string]string{prefix + "rating": string(a.Rating), prefix + "text": a.Text, "version": strconv.Itoa(int(a.Version))},
				prefix+"rating", prefix+"text")
			if failed == a.Criterion.ID && ff != nil {
				f = *ff
				// Offer the current version: the next save is made against what is stored now.
				f.Values["version"] = strconv.Itoa(int(a.Version))
			}
			f = labelled(f, p, prefix+"rating", "oversight.rating_label", prefix+"text", "oversight.finding_text")
			row.Form = f
			g.Rows = append(g.Rows, row)
		}
		v.Standards = append(v.Standards, g)
	}
	s.renderStatus(w, r, status, web.ChecklistPage(p, v))
}

func standardName(l i18n.L, sd oversight.Standard) string {
	if l.Lang == "en" && sd.NameEN != "" {
		return sd.NameEN
	}
	return sd.NameCS
}

func criterionText(l i18n.L, c oversight.Criterion) string {
	if l.Lang == "en" && c.TextEN != "" {
		return c.TextEN
	}
	return c.TextCS
}

func (s *Server) checklistAssess(w http.ResponseWriter, r *http.Request) {
	id := pathID(r)
	cid := small(chi.URLParam(r, "criterion"))
	if cid < 1 {
		s.fail(w, r, app.ErrNotFound)
		return
	}
	prefix := "c" + strconv.Itoa(int(cid)) + "-"
	f, err := parseForm(r, prefix+"rating", prefix+"text")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	_, err = s.oversight.Assess(r.Context(), currentUser(r), id, cid, oversight.Rating(f.Get(prefix+"rating")), f.Get(prefix+"text"),
		int32(atoi64(f.Get("version"))))
	show := func(status int, alert string) { s.showChecklist(w, r, id, cid, &f, status, alert) }
	if s.oversightRefused(w, r, err, &f, prefix, show) {
		return
	}
	s.flash(r, "oversight.assessed")
	redirect(w, r, inspectionHref(id, "/checklist#c"+strconv.Itoa(int(cid))))
}

// findingFiles attaches evidence to a finding.
func (s *Server) findingFiles(w http.ResponseWriter, r *http.Request) {
	fid := pathID(r)
	u := currentUser(r)
	fd, err := s.oversight.Finding(r.Context(), u, fid)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	name, data, key, err := s.uploaded(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if key == "" {
		_, err = s.oversight.AttachToFinding(r.Context(), u, fid, name, data, s.cfg.MaxUpload)
		key = uploadError(err)
	}
	if key != "" {
		s.showChecklist(w, r, fd.InspectionID, fd.CriterionID, nil, http.StatusUnprocessableEntity, key)
		return
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.flash(r, "files.uploaded")
	redirect(w, r, inspectionHref(fd.InspectionID, "/checklist#c"+strconv.Itoa(int(fd.CriterionID))))
}

// oversightFile serves an evidence file to whoever may see its finding or measure.
func (s *Server) oversightFile(w http.ResponseWriter, r *http.Request) {
	d, err := s.oversight.File(r.Context(), currentUser(r), pathID(r))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	serveDownload(w, d.Name, d.Mime, d.Data)
}

func (s *Server) protocolPage(w http.ResponseWriter, r *http.Request) {
	u := currentUser(r)
	id := pathID(r)
	pr, err := s.oversight.Protocol(r.Context(), u, id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p := s.page(r, "oversight.protocol")
	l := p.L
	p.Crumbs = []web.Link{{Label: l.T("oversight.title"), Href: "/oversight"}, {Label: inspectionTitle(l, &pr.Inspection), Href: inspectionHref(id, "")}}
	v := web.ProtocolView{ID: id, Authority: pr.Authority, PDFHref: inspectionHref(id, "/protocol.pdf"), Team: pr.TeamNames,
		Draft: pr.DeliveredDate == nil}
	v.Facts = []web.Fact{
		{Label: l.T("oversight.inspected"), Value: pr.OfficeName},
		{Label: l.T("oversight.legal_basis"), Value: l.T("oversight.legal_basis_text")},
		{Label: l.T("oversight.kind_label"), Value: strings.TrimSuffix(l.T("oversight.kind."+string(pr.Kind))+": "+pr.Subject, ": ")},
		{Label: l.T("oversight.notice_date"), Value: dateOf(l, pr.NoticeDate)},
		{Label: l.T("oversight.onsite"), Value: l.T("oversight.from_to", dateOf(l, pr.OnsiteFrom), dateOf(l, pr.OnsiteTo))},
		{Label: l.T("oversight.protocol_date"), Value: dateOf(l, pr.ProtocolDate)},
		{Label: l.T("oversight.team"), Value: strings.Join(pr.TeamNames, ", ")},
	}
	for _, sd := range pr.Standards {
		g := web.ChecklistGroup{Code: strconv.Itoa(int(sd.ID)), Name: standardName(l, sd.Standard)}
		for _, a := range sd.Rows {
			row := web.ChecklistRow{Code: a.Criterion.Code, Text: criterionText(l, a.Criterion), Rating: string(a.Rating), Finding: a.Text}
			if a.Rating != "" {
				row.RatingLabel = l.T("oversight.rating." + string(a.Rating))
			}
			g.Rows = append(g.Rows, row)
		}
		v.Standards = append(v.Standards, g)
	}
	if pr.ObjectionsDue != nil {
		v.Objections = l.T("oversight.objections_notice_due", int(pr.ObjectionDays), l.Date(*pr.ObjectionsDue))
	} else {
		v.Objections = l.T("oversight.objections_notice", int(pr.ObjectionDays))
	}
	s.render(w, r, web.ProtocolPage(p, v))
}

func (s *Server) protocolPDF(w http.ResponseWriter, r *http.Request) {
	pr, err := s.oversight.Protocol(r.Context(), currentUser(r), pathID(r))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	var buf bytes.Buffer
	if err := pdf.Write(&buf, pr.Doc(i18n.For(lang(r)))); err != nil {
		s.fail(w, r, fmt.Errorf("protocol pdf %d: %w", pr.ID, err))
		return
	}
	h := w.Header()
	h.Set("Content-Type", "application/pdf")
	h.Set("Content-Disposition", `attachment; filename="protokol-o-kontrole-`+strconv.FormatInt(pr.ID, 10)+`.pdf"`)
	h.Set("Cache-Control", "private, no-store")
	w.Write(buf.Bytes())
}
