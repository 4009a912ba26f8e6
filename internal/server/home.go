package server

import (
	"context"
	"net/http"
	"strconv"

	"golang.org/x/sync/errgroup"

	"hnizdo.cz/hnizdo/internal/auth"
	"hnizdo.cz/hnizdo/internal/feedback"
	"hnizdo.cz/hnizdo/internal/i18n"
	"hnizdo.cz/hnizdo/internal/meeting"
	"hnizdo.cz/hnizdo/internal/nest"
	"hnizdo.cz/hnizdo/internal/note"
	"hnizdo.cz/hnizdo/internal/office"
	"hnizdo.cz/hnizdo/internal/question"
	"hnizdo.cz/hnizdo/web"
)

// home shows what the user's roles need: everybody their office and colleagues; regional roles
// their region's offices; administrators the invitations still waiting.
func (s *Server) home(w http.ResponseWriter, r *http.Request) {
	u := currentUser(r)
	p := s.page(r, "home.title")
	d, err := s.homeData(r.Context(), u)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v := web.HomeView{Name: u.Name, Office: u.OfficeName, Region: u.RegionName, Roles: roleNames(p.L, u.Roles),
		OfficeHref: officeHref(u.OfficeID), CanInvite: u.Can(auth.ManageUsers)}
	v.Colleagues = personRows(p.L, d.people, nil)
	v.RegionOffices = officeRows(p.L, d.offices)
	v.Meetings = meetingCards(p.L, d.mine, true)
	attend := func(text, href string) { v.Attention = append(v.Attention, web.Attention{Text: text, Href: href}) }
	for _, m := range d.cancelled {
		attend(p.T("home.meeting_cancelled", m.Title, m.CancelReason), meetingHref(m.ID))
	}
	for _, f := range pendingRows(p.L, d.forms) {
		attend(p.T("home.feedback", f.Title, f.Closes), f.Href)
	}
	// What oversight waits for: measures overdue or waiting for verification, questions past
	// their target date.
	count := func(n int, key, href string) {
		if n > 0 {
			attend(p.T(key)+" ("+p.L.Num(n)+")", href)
		}
	}
	count(d.overdue, "oversight.count.overdue", "/oversight/measures?show=overdue")
	if u.Can(auth.Oversee) {
		count(d.waiting, "oversight.count.waiting", "/oversight/measures?show=waiting")
		count(d.questions.Overdue, "oversight.count.questions_overdue", "/questions?show=overdue")
	}
	// What the knowledge base asks: binding guidance to acknowledge, notes returned or waiting
	// for review, notes past their review date.
	for _, n := range d.acknowledge {
		attend(p.T("home.acknowledge", n.Title), noteHref(n.ID))
	}
	if d.reminders.Review > 0 {
		attend(p.L.N("home.review", d.reminders.Review), "/notes/mine#review")
	}
	for _, n := range d.reminders.Returned {
		attend(p.T("home.returned", n.Title), noteHref(n.ID)+"/edit")
	}
	if d.reminders.Outdated > 0 {
		attend(p.L.N("home.outdated", d.reminders.Outdated), "/notes/mine#outdated")
	}
	// Tools of the innovation nest offered to the user's office wait for its answer.
	for _, a := range d.adoptions {
		if a.Stage == nest.Offered {
			attend(p.T("home.tool_offered", a.ToolName), toolHref(a.ToolID, "#adoption"))
		}
	}
	if len(d.invited) > 0 {
		v.Pending = personRows(p.L, d.invited, d.officeNames)
		attend(p.T("home.pending_invites")+" ("+p.L.Num(len(d.invited))+")", "/users")
	}
	s.render(w, r, web.HomePage(p, v))
}

// homeParts is what the home page shows, read by homeData.
type homeParts struct {
	people      []auth.Person
	offices     []office.Office // the region's, for regional roles
	mine        []meeting.Brief
	cancelled   []meeting.Brief
	forms       []feedback.Pending
	overdue     int // measures
	waiting     int
	questions   question.Counts
	acknowledge []note.Note
	reminders   note.Reminders
	adoptions   []nest.Adoption
	invited     []auth.Person // administrators: invitations not yet accepted
	officeNames map[int64]string
}

// homeData reads what the home page shows. The reads do not depend on each other, so they run
// at once: one after another, a page of a dozen short queries waited for a free connection a
// dozen times when the server was busy, and the home pages had the slowest p99 of the mix.
func (s *Server) homeData(ctx context.Context, u *auth.User) (*homeParts, error) {
	var d homeParts
	g, gctx := errgroup.WithContext(ctx)
	g.Go(func() (err error) { d.people, err = s.users.People(gctx, u.OfficeID); return })
	if u.Has(auth.Methodologist) || u.Has(auth.Coordinator) {
		g.Go(func() (err error) { d.offices, err = s.offices.List(gctx, office.Filter{RegionID: u.RegionID}); return })
	}
	g.Go(func() (err error) { d.mine, err = s.meetings.Mine(gctx, u); return })
	g.Go(func() (err error) { d.cancelled, err = s.meetings.CancelledFor(gctx, u); return })
	g.Go(func() (err error) { d.forms, err = s.feedback.Pending(gctx, u); return })
	g.Go(func() (err error) { d.overdue, d.waiting, err = s.oversight.Reminders(gctx, u); return })
	if u.Can(auth.Oversee) {
		g.Go(func() error {
			qc, err := s.questions.Counts(gctx, u)
			if err == nil {
				d.questions = *qc
			}
			return err
		})
	}
	g.Go(func() (err error) { d.acknowledge, err = s.notes.Pending(gctx, u); return })
	g.Go(func() (err error) { d.reminders, err = s.notes.Reminders(gctx, u); return })
	g.Go(func() (err error) { d.adoptions, err = s.nest.OfficeAdoptions(gctx, u.OfficeID); return })
	if u.Can(auth.ManageUsers) {
		g.Go(func() (err error) { d.invited, err = s.users.PendingInvitations(gctx); return })
	}
	if err := g.Wait(); err != nil {
		return nil, err
	}
	if len(d.invited) > 0 {
		var err error
		if d.officeNames, err = s.officeNames(ctx); err != nil {
			return nil, err
		}
	}
	return &d, nil
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
func (s *Server) officeNames(ctx context.Context) (map[int64]string, error) {
	all, err := s.offices.List(ctx, office.Filter{})
	if err != nil {
		return nil, err
	}
	m := make(map[int64]string, len(all))
	for _, o := range all {
		m[o.ID] = o.Name
	}
	return m, nil
}
