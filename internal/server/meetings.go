package server

import (
	"context"
	"errors"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/go-chi/chi/v5"
	"golang.org/x/sync/errgroup"

	"hnizdo.cz/hnizdo/internal/app"
	"hnizdo.cz/hnizdo/internal/auth"
	"hnizdo.cz/hnizdo/internal/feedback"
	"hnizdo.cz/hnizdo/internal/i18n"
	"hnizdo.cz/hnizdo/internal/meeting"
	"hnizdo.cz/hnizdo/web"
)

var meetingFields = []string{"title", "description", "region", "series", "series_name", "venue", "address", "online_url",
	"starts_at", "ends_at", "register_by", "topics_by", "capacity", "vote_allowance", "organisers"}

func meetingHref(id int64) string { return "/meetings/" + strconv.FormatInt(id, 10) }

func meetingID(r *http.Request) int64 { return atoi64(chi.URLParam(r, "id")) }

// meetingState is what a meeting page shows after a post that did not go through: the status
// to answer with, a warning, and the form as the user typed it.
type meetingState struct {
	status int
	alert  string // message key
	form   web.Form
	topic  int64 // the agenda item the form belongs to, on the minutes page
	follow bool  // the form is a follow-up action, not the minutes
}

func (st meetingState) code() int {
	if st.status == 0 {
		return http.StatusOK
	}
	return st.status
}

// refused handles what a meeting store method answered to a form post: a refusal re-renders
// the page with 409 and the reason, invalid input with 422 and the messages at the fields
// (the input kept), anything else is a failure. It reports whether err was handled.
func (s *Server) refused(w http.ResponseWriter, r *http.Request, err error, st meetingState, show func(meetingState)) bool {
	var ref meeting.Refusal
	switch {
	case err == nil:
		return false
	case errors.As(err, &ref):
		st.status, st.alert = http.StatusConflict, string(ref)
		show(st)
	case invalid(&st.form, err):
		st.status = http.StatusUnprocessableEntity
		show(st)
	default:
		s.fail(w, r, err)
	}
	return true
}

// when formats a meeting's time: "15. 12. 2026 9:00–13:00", or with both dates when it spans days.
func when(l i18n.L, from, to time.Time) string {
	a, b := from.In(i18n.Prague), to.In(i18n.Prague)
	if a.YearDay() == b.YearDay() && a.Year() == b.Year() {
		return l.Date(a) + " " + a.Format("15:04") + "–" + b.Format("15:04")
	}
	return l.DateTime(a) + " – " + l.DateTime(b)
}

func where(venue, online string, l i18n.L) string {
	if venue != "" {
		return venue
	}
	if online != "" {
		return l.T("meeting.online")
	}
	return ""
}

func meetingCards(l i18n.L, list []meeting.Brief, region bool) []web.MeetingCard {
	cards := make([]web.MeetingCard, len(list))
	for i, b := range list {
		c := web.MeetingCard{Href: meetingHref(b.ID), Title: b.Title, When: when(l, b.StartsAt, b.EndsAt),
			Where: where(b.Venue, b.OnlineURL, l), Series: b.SeriesName, Status: string(b.Status),
			StatusLabel: l.T("meeting.status." + string(b.Status)),
			Places:      l.T("meeting.places", l.Num(int(b.Registered)), l.Num(int(b.Capacity)))}
		if region {
			c.Region = b.RegionName
		}
		if b.Mine != "" {
			c.Mine = l.T("meeting.mine." + b.Mine)
		}
		cards[i] = c
	}
	return cards
}

// meetingList is a region's calendar: upcoming and past meetings.
func (s *Server) meetingList(w http.ResponseWriter, r *http.Request) {
	u := currentUser(r)
	q, err := query(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p := s.page(r, "meetings.title")
	region := int16(atoi64(q.Get("region")))
	if region == 0 {
		region = u.RegionID
	}
	regions, err := s.regionOptions(r, p.L, false)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v := web.MeetingsView{Form: emptyForm(map[string]string{"region": strconv.Itoa(int(region))}), Regions: regions,
		CanCreate: u.Can(auth.OrganiseMeetings), FeedHref: "/regions/" + strconv.Itoa(int(region)) + "/meetings.ics"}
	for _, o := range regions {
		if o.Value == strconv.Itoa(int(region)) {
			v.Region = o.Label
		}
	}
	if v.Region == "" {
		s.fail(w, r, app.ErrNotFound)
		return
	}
	upcoming, past, err := s.meetings.Calendar(r.Context(), u, region)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v.Upcoming, v.Past = meetingCards(p.L, upcoming, false), meetingCards(p.L, past, false)
	s.render(w, r, web.MeetingsPage(p, v))
}

// meetingForm turns a posted form into the store's input.
func meetingInput(f web.Form) meeting.Input {
	return meeting.Input{Title: f.Get("title"), Description: f.Get("description"), RegionID: int16(atoi64(f.Get("region"))),
		SeriesID: atoi64(f.Get("series")), SeriesName: f.Get("series_name"), Venue: f.Get("venue"), Address: f.Get("address"),
		OnlineURL: f.Get("online_url"), StartsAt: f.Get("starts_at"), EndsAt: f.Get("ends_at"), RegisterBy: f.Get("register_by"),
		TopicsBy: f.Get("topics_by"), Capacity: f.Get("capacity"), VoteAllowance: f.Get("vote_allowance"),
		OpenToAll: f.Get("open_to_all") == "1", Version: int32(atoi64(f.Get("version"))), Organisers: ids(f.Multi["organisers"])}
}

func ids(vs []string) []int64 {
	var out []int64
	for _, v := range vs {
		if n := atoi64(v); n > 0 {
			out = append(out, n)
		}
	}
	return out
}

func meetingLabels(f web.Form, p web.Page) web.Form {
	return labelled(f, p, "title", "meeting.f_title", "description", "meeting.f_description", "region", "meeting.f_region",
		"series", "meeting.f_series", "series_name", "meeting.f_series_name", "venue", "meeting.f_venue",
		"address", "meeting.f_address", "online_url", "meeting.f_online_url", "starts_at", "meeting.f_starts_at",
		"ends_at", "meeting.f_ends_at", "register_by", "meeting.f_register_by", "topics_by", "meeting.f_topics_by",
		"capacity", "meeting.f_capacity", "vote_allowance", "meeting.f_vote_allowance", "organisers", "meeting.organisers")
}

// showMeetingForm renders the new or edit form for region.
func (s *Server) showMeetingForm(w http.ResponseWriter, r *http.Request, status int, id int64, region int16, f web.Form) {
	u := currentUser(r)
	titleKey := "meeting.new_title"
	if id != 0 {
		titleKey = "meeting.edit_title"
	}
	p := s.page(r, titleKey)
	p.Crumbs = []web.Link{{Label: p.T("meetings.title"), Href: "/meetings"}}
	v := web.MeetingFormView{ID: id, Form: meetingLabels(f, p)}
	if id == 0 && u.Has(auth.Admin) {
		regions, err := s.regionOptions(r, p.L, false)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		v.Regions = regions
	}
	series, err := s.meetings.SeriesOf(r.Context(), region)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	candidates, err := s.meetings.Candidates(r.Context(), region)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	for _, c := range candidates {
		v.Organisers = append(v.Organisers, web.Option{Value: strconv.FormatInt(c.ID, 10), Label: c.Name})
	}
	v.Series = []web.Option{{Value: "", Label: p.T("meeting.no_series")}}
	for _, x := range series {
		v.Series = append(v.Series, web.Option{Value: strconv.FormatInt(x.ID, 10), Label: x.Name})
	}
	s.renderStatus(w, r, status, web.MeetingFormPage(p, v))
}

func (s *Server) meetingNew(w http.ResponseWriter, r *http.Request) {
	u := currentUser(r)
	f := emptyForm(map[string]string{"capacity": "40", "vote_allowance": "3", "region": strconv.Itoa(int(u.RegionID))}, meetingFields...)
	f.Multi["organisers"] = []string{strconv.FormatInt(u.ID, 10)}
	s.showMeetingForm(w, r, http.StatusOK, 0, u.RegionID, f)
}

func (s *Server) meetingCreate(w http.ResponseWriter, r *http.Request) {
	u := currentUser(r)
	f, err := parseForm(r, meetingFields...)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	in := meetingInput(f)
	id, err := s.meetings.Create(r.Context(), u, in)
	if invalid(&f, err) {
		region := u.RegionID
		if u.Has(auth.Admin) && in.RegionID != 0 {
			region = in.RegionID
		}
		s.showMeetingForm(w, r, http.StatusUnprocessableEntity, 0, region, f)
		return
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.flash(r, "meeting.done.create")
	redirect(w, r, meetingHref(id))
}

// meetingValues fills the edit form from a meeting.
func meetingValues(m *meeting.Meeting) map[string]string {
	v := map[string]string{"title": m.Title, "description": m.Description, "venue": m.Venue, "address": m.Address,
		"online_url": m.OnlineURL, "starts_at": meeting.FormatLocal(m.StartsAt), "ends_at": meeting.FormatLocal(m.EndsAt),
		"register_by": meeting.FormatLocal(m.RegisterBy), "topics_by": meeting.FormatLocal(m.TopicsBy),
		"capacity": strconv.Itoa(int(m.Capacity)), "vote_allowance": strconv.Itoa(int(m.VoteAllowance)),
		"version": strconv.Itoa(int(m.Version))}
	if m.SeriesID != nil {
		v["series"] = strconv.FormatInt(*m.SeriesID, 10)
	}
	if m.OpenToAll {
		v["open_to_all"] = "1"
	}
	return v
}

func (s *Server) meetingEdit(w http.ResponseWriter, r *http.Request) {
	u := currentUser(r)
	m, err := s.meetings.Get(r.Context(), u, meetingID(r))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if !meeting.IsOrganiser(u, m) {
		s.fail(w, r, app.ErrForbidden)
		return
	}
	if !m.Editable() {
		s.showMeeting(w, r, m.ID, meetingState{status: http.StatusConflict, alert: string(meeting.ErrWrongState)})
		return
	}
	f := emptyForm(meetingValues(m), meetingFields...)
	for _, o := range m.OrganiserIDs {
		f.Multi["organisers"] = append(f.Multi["organisers"], strconv.FormatInt(o, 10))
	}
	s.showMeetingForm(w, r, http.StatusOK, m.ID, m.RegionID, f)
}

func (s *Server) meetingSave(w http.ResponseWriter, r *http.Request) {
	u := currentUser(r)
	id := meetingID(r)
	f, err := parseForm(r, meetingFields...)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	m, err := s.meetings.Get(r.Context(), u, id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if !meeting.IsOrganiser(u, m) {
		s.fail(w, r, app.ErrForbidden)
		return
	}
	err = s.meetings.Save(r.Context(), u, id, meetingInput(f))
	var ref meeting.Refusal
	switch {
	case errors.As(err, &ref) && ref == meeting.ErrStale:
		// The form keeps what the user typed; saving again overwrites with it, knowingly.
		f.Values["version"] = strconv.Itoa(int(m.Version))
		f.Errors["title"] = string(ref)
		s.showMeetingForm(w, r, http.StatusConflict, id, m.RegionID, f)
		return
	case errors.As(err, &ref):
		s.showMeeting(w, r, id, meetingState{status: http.StatusConflict, alert: string(ref)})
		return
	case invalid(&f, err):
		s.showMeetingForm(w, r, http.StatusUnprocessableEntity, id, m.RegionID, f)
		return
	case err != nil:
		s.fail(w, r, err)
		return
	}
	s.flash(r, "meeting.done.save")
	redirect(w, r, meetingHref(id))
}

// meetingTabs are the pages of one meeting; organisers also see the participants.
func meetingHead(l i18n.L, u *auth.User, m *meeting.Meeting, current string) web.MeetingHead {
	h := web.MeetingHead{ID: m.ID, Title: m.Title, Status: string(m.Status), StatusLabel: l.T("meeting.status." + string(m.Status)),
		When: when(l, m.StartsAt, m.EndsAt)}
	tabs := []struct{ key, path string }{{"meeting.tab.overview", ""}, {"meeting.tab.topics", "/topics"},
		{"meeting.tab.agenda", "/agenda"}, {"meeting.tab.minutes", "/minutes"}}
	if meeting.IsOrganiser(u, m) {
		tabs = append(tabs, struct{ key, path string }{"meeting.tab.participants", "/participants"})
	}
	for _, t := range tabs {
		h.Tabs = append(h.Tabs, web.Link{Label: l.T(t.key), Href: meetingHref(m.ID) + t.path, Active: t.path == current})
	}
	if feedback.CanManage(u, m.RegionID) {
		// The meeting's feedback form lives with the feedback pages; /feedback/new finds an
		// existing one.
		h.Tabs = append(h.Tabs, web.Link{Label: l.T("meeting.tab.feedback"), Href: "/feedback/new?meeting=" + strconv.FormatInt(m.ID, 10)})
	}
	return h
}

// paragraphs splits plain text at blank lines.
func paragraphs(s string) []string {
	var out []string
	for _, p := range strings.Split(strings.ReplaceAll(s, "\r\n", "\n"), "\n\n") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// meetingShow is a meeting's overview page.
func (s *Server) meetingShow(w http.ResponseWriter, r *http.Request) {
	s.showMeeting(w, r, meetingID(r), meetingState{})
}

func (s *Server) showMeeting(w http.ResponseWriter, r *http.Request, id int64, st meetingState) {
	u := currentUser(r)
	ctx := r.Context()
	m, err := s.meetings.Get(ctx, u, id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p := s.page(r, "meeting.page_title", m.Title)
	p.Title = m.Title
	if st.alert != "" {
		p.Alert = p.T(st.alert)
	}
	p.Crumbs = []web.Link{{Label: p.T("meetings.title"), Href: "/meetings?region=" + strconv.Itoa(int(m.RegionID))}}
	l := p.L
	now := time.Now()
	v := web.MeetingView{Head: meetingHead(l, u, m, ""), Description: paragraphs(m.Description), ICSHref: meetingHref(id) + "/meeting.ics"}
	if m.Status == meeting.Cancelled {
		v.CancelReason = m.CancelReason
	}
	v.Facts = append(v.Facts, web.Fact{Label: l.T("meeting.when"), Value: when(l, m.StartsAt, m.EndsAt)})
	if m.Venue != "" {
		place := m.Venue
		if m.Address != "" {
			place += ", " + m.Address
		}
		v.Facts = append(v.Facts, web.Fact{Label: l.T("meeting.f_venue"), Value: place})
	}
	if m.OnlineURL != "" {
		v.Facts = append(v.Facts, web.Fact{Label: l.T("meeting.f_online_url"), Value: m.OnlineURL, Href: m.OnlineURL})
	}
	v.Facts = append(v.Facts,
		web.Fact{Label: l.T("meeting.f_region"), Value: m.RegionName},
		web.Fact{Label: l.T("meeting.places_label"), Value: l.T("meeting.places_long", l.Num(int(m.Registered)), l.Num(int(m.Capacity)), l.Num(int(m.Waiting)))},
		web.Fact{Label: l.T("meeting.f_register_by"), Value: l.DateTime(m.RegisterBy)},
		web.Fact{Label: l.T("meeting.f_topics_by"), Value: l.DateTime(m.TopicsBy)},
		web.Fact{Label: l.T("meeting.f_vote_allowance"), Value: l.Num(int(m.VoteAllowance))})
	if m.OpenToAll {
		v.Facts = append(v.Facts, web.Fact{Label: l.T("meeting.who"), Value: l.T("meeting.open_to_all")})
	}
	if m.SeriesName != "" {
		v.Facts = append(v.Facts, web.Fact{Label: l.T("meeting.f_series"), Value: m.SeriesName})
	}
	d, err := s.meetingData(ctx, u, m)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if len(d.organisers) > 0 {
		v.Facts = append(v.Facts, web.Fact{Label: l.T("meeting.organisers"), Value: strings.Join(d.organisers, ", ")})
	}
	prev, next := d.prev, d.next
	if prev != nil {
		v.Prev = &web.Link{Label: l.T("meeting.prev", prev.Title, l.Date(prev.StartsAt)), Href: meetingHref(prev.ID)}
	}
	if next != nil {
		v.Next = &web.Link{Label: l.T("meeting.next", next.Title, l.Date(next.StartsAt)), Href: meetingHref(next.ID)}
	}

	// Registration.
	mine := d.mine
	open := m.RegistrationOpen(now)
	current := mine != nil && mine.Current()
	switch {
	case current && mine.Status == meeting.Waiting:
		v.MyStatus, v.MyStatusText = mine.Status, l.T("meeting.you_wait", l.Num(mine.Position))
	case current:
		v.MyStatus, v.MyStatusText = mine.Status, l.T("meeting.you_registered")
	}
	mayAttend := meeting.MayAttend(u, m)
	v.CanRegister = open && !current && mayAttend
	v.CanUnregister = current && (m.Status == meeting.Open || m.Status == meeting.Agenda)
	switch {
	case m.Status == meeting.Draft:
		v.RegisterNote = l.T("meeting.note.draft")
	case m.Status == meeting.Cancelled:
	case m.Status == meeting.Held || m.Status == meeting.Feedback || m.Status == meeting.Closed:
		v.MyStatusText = ""
		switch {
		case mine != nil && mine.Attended != nil && *mine.Attended:
			v.RegisterNote = l.T("meeting.note.attended")
		case current:
			v.RegisterNote = l.T("meeting.note.was_registered")
		default:
			v.RegisterNote = l.T("meeting.note.held")
		}
	case !open && !current:
		v.RegisterNote = l.T("meeting.note.closed")
	case !mayAttend:
		v.RegisterNote = l.T("meeting.note.other_region")
	case open && !current && m.Full():
		v.RegisterNote = l.T("meeting.note.full")
	}
	if u.Has(auth.Head) && mayAttend {
		for _, c := range d.colleagues {
			ps := web.PersonStatus{ID: c.ID, Name: c.Name, Status: c.Status, StatusLabel: l.T("meeting.reg.none")}
			if c.Status != "" {
				ps.StatusLabel = l.T("meeting.reg." + c.Status)
			}
			v.Colleagues = append(v.Colleagues, ps)
		}
		// A head registers colleagues whether registered or not.
		v.CanRegisterOthers = open
		v.CanUnregisterOthers = m.Status == meeting.Open || m.Status == meeting.Agenda
	}

	// Lifecycle actions for organisers.
	for _, a := range meeting.Actions(u, m) {
		v.Actions = append(v.Actions, web.ActionButton{Action: string(a), Label: l.T("meeting.action." + string(a)),
			Primary: a != meeting.Cancel, Comment: a == meeting.Cancel})
	}
	v.CanEdit = meeting.IsOrganiser(u, m) && m.Editable()
	v.ActionForm = st.form
	if v.ActionForm.Values == nil {
		v.ActionForm = emptyForm(nil)
	}
	v.ActionForm = labelled(v.ActionForm, p, "reason", "meeting.cancel_reason")

	for _, e := range d.timeline {
		v.Timeline = append(v.Timeline, eventRow(l, e))
	}
	s.renderStatus(w, r, st.code(), web.MeetingPage(p, v))
}

// meetingParts is what the meeting page shows besides the meeting, read by meetingData.
type meetingParts struct {
	organisers []string
	prev, next *meeting.Brief // the series' meetings before and after
	mine       *meeting.Registration
	colleagues []meeting.Colleague // for heads who may attend
	timeline   []meeting.Event
}

// meetingData reads the parts of m's page at once: they depend on the meeting only, and one
// after another each waited for a free connection again when the server was busy.
func (s *Server) meetingData(ctx context.Context, u *auth.User, m *meeting.Meeting) (*meetingParts, error) {
	var d meetingParts
	g, ctx := errgroup.WithContext(ctx)
	g.Go(func() (err error) { d.organisers, err = s.meetings.OrganiserNames(ctx, m); return })
	g.Go(func() (err error) { d.prev, d.next, err = s.meetings.Neighbours(ctx, u, m); return })
	g.Go(func() (err error) { d.mine, err = s.meetings.RegistrationOf(ctx, m.ID, u.ID); return })
	if u.Has(auth.Head) && meeting.MayAttend(u, m) {
		g.Go(func() (err error) { d.colleagues, err = s.meetings.Colleagues(ctx, u, m.ID); return })
	}
	g.Go(func() (err error) { d.timeline, err = s.meetings.Timeline(ctx, m); return })
	return &d, g.Wait()
}

// eventRow describes one timeline entry: what happened, to which topic, from which state to which.
func eventRow(l i18n.L, e meeting.Event) web.EventRow {
	what := e.Action
	if key := "meeting.ev." + strings.TrimPrefix(e.Action, "meeting."); i18n.Has(key) {
		what = l.T(key)
	}
	if t, ok := e.Detail["title"].(string); ok && t != "" {
		what += " „" + t + "“"
	}
	if e.From != "" && e.To != "" && e.From != e.To && i18n.Has("meeting.status."+e.From) && i18n.Has("meeting.status."+e.To) {
		what += " (" + l.T("meeting.status."+e.From) + " → " + l.T("meeting.status."+e.To) + ")"
	}
	who := e.Actor
	if who == "" {
		who = l.T("meeting.system")
	}
	return web.EventRow{When: l.DateTime(e.At), Who: who, What: what}
}

// meetingStatus takes one step of the meeting's lifecycle.
func (s *Server) meetingStatus(w http.ResponseWriter, r *http.Request) {
	u := currentUser(r)
	id := meetingID(r)
	f, err := parseForm(r, "reason")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	a := meeting.Action(f.Get("action"))
	if !slices.Contains(meeting.AllActions, a) {
		s.fail(w, r, errBadRequest)
		return
	}
	err = s.meetings.Transition(r.Context(), u, id, a, meeting.Change{Reason: f.Get("reason")})
	if s.refused(w, r, err, meetingState{form: f}, func(st meetingState) { s.showMeeting(w, r, id, st) }) {
		return
	}
	if a == meeting.Hold {
		// A feedback form made ready before the meeting opens now that it was held.
		sent, err := s.feedback.OpenForMeeting(r.Context(), u, id)
		var ref feedback.Refusal
		switch {
		case errors.As(err, &ref):
			s.warn(r, string(ref)) // the meeting is held; the form says why it did not open
		case err != nil:
			s.log.Error("feedback form did not open", "meeting", id, "err", err)
		case len(sent) > 0:
			form, _ := s.feedback.ForMeeting(r.Context(), id)
			s.mailInvitations(r, form, sent)
		}
	}
	s.flash(r, "meeting.done."+string(a))
	redirect(w, r, meetingHref(id))
}

// meetingICS is one meeting as an iCalendar file.
func (s *Server) meetingICS(w http.ResponseWriter, r *http.Request) {
	u := currentUser(r)
	m, err := s.meetings.Get(r.Context(), u, meetingID(r))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if m.Status == meeting.Draft {
		s.fail(w, r, app.ErrNotFound)
		return
	}
	w.Header().Set("Content-Type", "text/calendar; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="setkani-`+strconv.FormatInt(m.ID, 10)+`.ics"`)
	err = meeting.WriteICS(w, []meeting.Meeting{*m}, meeting.ICSOptions{Name: m.Title, BaseURL: s.cfg.BaseURL, Now: time.Now()})
	if err != nil {
		s.log.Error("ics failed", "meeting", m.ID, "err", err)
	}
}

// regionFeed is a subscribable calendar of a region's meetings. Calendar apps cannot sign in,
// so it is public and carries nothing private: no descriptions, no online links, no people.
func (s *Server) regionFeed(w http.ResponseWriter, r *http.Request) {
	region := int16(atoi64(chi.URLParam(r, "id")))
	regions, err := s.offices.Regions(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	name := ""
	for _, g := range regions {
		if g.ID == region {
			name = g.Name
		}
	}
	if name == "" {
		s.fail(w, r, app.ErrNotFound)
		return
	}
	ms, err := s.meetings.Feed(r.Context(), region)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "text/calendar; charset=utf-8")
	w.Header().Set("Cache-Control", "public, max-age=900")
	err = meeting.WriteICS(w, ms, meeting.ICSOptions{Name: i18n.For("cs").T("meeting.ics.feed_name", name), BaseURL: s.cfg.BaseURL, Public: true, Now: time.Now()})
	if err != nil {
		s.log.Error("feed failed", "region", region, "err", err)
	}
}
