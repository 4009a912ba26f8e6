package server

import (
	"net/http"
	"strconv"

	"hnizdo.cz/hnizdo/internal/auth"
	"hnizdo.cz/hnizdo/internal/i18n"
	"hnizdo.cz/hnizdo/internal/nest"
	"hnizdo.cz/hnizdo/internal/office"
	"hnizdo.cz/hnizdo/web"
)

// home shows what the user's roles need: everybody their office and colleagues; regional roles
// their region's offices; administrators the invitations still waiting.
func (s *Server) home(w http.ResponseWriter, r *http.Request) {
	u := currentUser(r)
	ctx := r.Context()
	p := s.page(r, "home.title")
	v := web.HomeView{Name: u.Name, Office: u.OfficeName, Region: u.RegionName, Roles: roleNames(p.L, u.Roles),
		OfficeHref: officeHref(u.OfficeID), CanInvite: u.Can(auth.ManageUsers)}

	people, err := s.users.People(ctx, u.OfficeID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v.Colleagues = personRows(p.L, people, nil)

	if u.Has(auth.Methodologist) || u.Has(auth.Coordinator) {
		offices, err := s.offices.List(ctx, office.Filter{RegionID: u.RegionID})
		if err != nil {
			s.fail(w, r, err)
			return
		}
		v.RegionOffices = officeRows(p.L, offices)
	}
	mine, err := s.meetings.Mine(ctx, u)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v.Meetings = meetingCards(p.L, mine, true)
	cancelled, err := s.meetings.CancelledFor(ctx, u)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	for _, m := range cancelled {
		v.Attention = append(v.Attention, web.Attention{Text: p.T("home.meeting_cancelled", m.Title, m.CancelReason), Href: meetingHref(m.ID)})
	}
	asked, err := s.pendingForms(r, p.L)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	for _, f := range asked {
		v.Attention = append(v.Attention, web.Attention{Text: p.T("home.feedback", f.Title, f.Closes), Href: f.Href})
	}
	if err := s.oversightReminders(r, p, &v); err != nil {
		s.fail(w, r, err)
		return
	}
	if err := s.noteReminders(r, p, &v); err != nil {
		s.fail(w, r, err)
		return
	}
	// Tools of the innovation nest offered to the user's office wait for its answer.
	adoptions, err := s.nest.OfficeAdoptions(ctx, u.OfficeID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	for _, a := range adoptions {
		if a.Stage == nest.Offered {
			v.Attention = append(v.Attention, web.Attention{Text: p.T("home.tool_offered", a.ToolName), Href: toolHref(a.ToolID, "#adoption")})
		}
	}
	if u.Can(auth.ManageUsers) {
		pending, err := s.users.PendingInvitations(ctx)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		if len(pending) > 0 {
			names, err := s.officeNames(r)
			if err != nil {
				s.fail(w, r, err)
				return
			}
			v.Pending = personRows(p.L, pending, names)
			v.Attention = append(v.Attention, web.Attention{Text: p.T("home.pending_invites") + " (" + p.L.Num(len(pending)) + ")", Href: "/users"})
		}
	}
	s.render(w, r, web.HomePage(p, v))
}

func officeHref(id int64) string { return "/offices/" + strconv.FormatInt(id, 10) }

func personRows(l i18n.L, people []auth.Person, offices map[int64]string) []web.PersonRow {
	rows := make([]web.PersonRow, len(people))
	for i, x := range people {
		rows[i] = web.PersonRow{ID: x.ID, Name: x.Name, Email: x.Email, Roles: roleNames(l, x.Roles), Invited: x.Invited,
			Office: offices[x.OfficeID], OfficeHref: officeHref(x.OfficeID)}
	}
	return rows
}

func officeRows(l i18n.L, offices []office.Office) []web.OfficeRow {
	rows := make([]web.OfficeRow, len(offices))
	for i, o := range offices {
		rows[i] = web.OfficeRow{Href: officeHref(o.ID), Name: o.Name, Municipality: o.Municipality,
			Kind: l.T("kind." + string(o.Kind)), Region: o.RegionName, Pilot: o.Pilot}
	}
	return rows
}

// officeNames maps office ids to names, for lists of people from many offices.
func (s *Server) officeNames(r *http.Request) (map[int64]string, error) {
	all, err := s.offices.List(r.Context(), office.Filter{})
	if err != nil {
		return nil, err
	}
	m := make(map[int64]string, len(all))
	for _, o := range all {
		m[o.ID] = o.Name
	}
	return m, nil
}

// noteReminders puts on the home page what the knowledge base asks of the user: binding
// guidance to acknowledge, notes returned or waiting for review, notes past their review date.
func (s *Server) noteReminders(r *http.Request, p web.Page, v *web.HomeView) error {
	u := currentUser(r)
	ctx := r.Context()
	pending, err := s.notes.Pending(ctx, u)
	if err != nil {
		return err
	}
	for _, n := range pending {
		v.Attention = append(v.Attention, web.Attention{Text: p.T("home.acknowledge", n.Title), Href: noteHref(n.ID)})
	}
	rem, err := s.notes.Reminders(ctx, u)
	if err != nil {
		return err
	}
	if rem.Review > 0 {
		v.Attention = append(v.Attention, web.Attention{Text: p.L.N("home.review", rem.Review), Href: "/notes/mine#review"})
	}
	for _, n := range rem.Returned {
		v.Attention = append(v.Attention, web.Attention{Text: p.T("home.returned", n.Title), Href: noteHref(n.ID) + "/edit"})
	}
	if rem.Outdated > 0 {
		v.Attention = append(v.Attention, web.Attention{Text: p.L.N("home.outdated", rem.Outdated), Href: "/notes/mine#outdated"})
	}
	return nil
}

// oversightReminders puts what oversight waits for on the home page: measures overdue or
// waiting for verification, and questions past their target date.
func (s *Server) oversightReminders(r *http.Request, p web.Page, v *web.HomeView) error {
	u := currentUser(r)
	overdue, waiting, err := s.oversight.Reminders(r.Context(), u)
	if err != nil {
		return err
	}
	add := func(n int, key, href string) {
		if n > 0 {
			v.Attention = append(v.Attention, web.Attention{Text: p.T(key) + " (" + p.L.Num(n) + ")", Href: href})
		}
	}
	add(overdue, "oversight.count.overdue", "/oversight/measures?show=overdue")
	if u.Can(auth.Oversee) {
		add(waiting, "oversight.count.waiting", "/oversight/measures?show=waiting")
		qc, err := s.questions.Counts(r.Context(), u)
		if err != nil {
			return err
		}
		add(qc.Overdue, "oversight.count.questions_overdue", "/questions?show=overdue")
	}
	return nil
}
