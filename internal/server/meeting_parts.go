package server

import (
	"bytes"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/go-chi/chi/v5"

	"hnizdo.cz/hnizdo/internal/app"
	"hnizdo.cz/hnizdo/internal/auth"
	"hnizdo.cz/hnizdo/internal/i18n"
	"hnizdo.cz/hnizdo/internal/meeting"
	"hnizdo.cz/hnizdo/internal/note"
	"hnizdo.cz/hnizdo/web"
)

// meetingPage loads meeting id for one of its pages and builds the layout around it.
func (s *Server) meetingPage(w http.ResponseWriter, r *http.Request, id int64, titleKey string, st meetingState) (*meeting.Meeting, web.Page, bool) {
	u := currentUser(r)
	m, err := s.meetings.Get(r.Context(), u, id)
	if err != nil {
		s.fail(w, r, err)
		return nil, web.Page{}, false
	}
	p := s.page(r, titleKey)
	if st.alert != "" {
		p.Alert = p.T(st.alert)
	}
	p.Crumbs = []web.Link{{Label: p.T("meetings.title"), Href: "/meetings?region=" + strconv.Itoa(int(m.RegionID))},
		{Label: m.Title, Href: meetingHref(m.ID)}}
	return m, p, true
}

// --- Registration -------------------------------------------------------------------------

// meetingRegister registers the user, or a colleague when an office head names one.
func (s *Server) meetingRegister(w http.ResponseWriter, r *http.Request) {
	s.registration(w, r, true)
}

func (s *Server) meetingUnregister(w http.ResponseWriter, r *http.Request) {
	s.registration(w, r, false)
}

func (s *Server) registration(w http.ResponseWriter, r *http.Request, register bool) {
	u := currentUser(r)
	id := meetingID(r)
	f, err := parseForm(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	who := u.ID
	if f.Get("user") != "" {
		who = atoi64(f.Get("user"))
	}
	var status string
	if register {
		status, err = s.meetings.Register(r.Context(), u, id, who)
	} else {
		err = s.meetings.Unregister(r.Context(), u, id, who)
	}
	if s.refused(w, r, err, meetingState{}, func(st meetingState) { s.showMeeting(w, r, id, st) }) {
		return
	}
	switch {
	case !register:
		s.flash(r, "meeting.done.unregister")
	case status == meeting.Waiting:
		s.flash(r, "meeting.done.waiting")
	default:
		s.flash(r, "meeting.done.register")
	}
	redirect(w, r, meetingHref(id))
}

// meetingParticipants is the organisers' list of registrations.
func (s *Server) meetingParticipants(w http.ResponseWriter, r *http.Request) {
	s.showParticipants(w, r, meetingID(r), meetingState{})
}

func (s *Server) showParticipants(w http.ResponseWriter, r *http.Request, id int64, st meetingState) {
	u := currentUser(r)
	m, p, ok := s.meetingPage(w, r, id, "participants.title", st)
	if !ok {
		return
	}
	regs, err := s.meetings.Registrations(r.Context(), u, id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	l := p.L
	v := web.ParticipantsView{Head: meetingHead(l, u, m, "/participants"), CSVHref: meetingHref(id) + "/participants.csv",
		CanMark: m.Status == meeting.Held || m.Status == meeting.Feedback,
		Counts:  l.T("meeting.places_long", l.Num(int(m.Registered)), l.Num(int(m.Capacity)), l.Num(int(m.Waiting)))}
	for _, g := range regs {
		row := web.ParticipantRow{UserID: g.UserID, Name: g.Name, Office: g.OfficeName, Status: g.Status,
			StatusLabel: l.T("meeting.reg." + g.Status), Queued: l.DateTime(g.QueuedAt), Marked: g.Attended != nil,
			Attended: g.Attended != nil && *g.Attended}
		if g.Status == meeting.Waiting {
			row.StatusLabel = l.T("meeting.reg.waiting_n", l.Num(g.Position))
		}
		v.Rows = append(v.Rows, row)
	}
	s.renderStatus(w, r, st.code(), web.ParticipantsPage(p, v))
}

// meetingCSV exports the participants for Excel.
func (s *Server) meetingCSV(w http.ResponseWriter, r *http.Request) {
	u := currentUser(r)
	id := meetingID(r)
	regs, err := s.meetings.Registrations(r.Context(), u, id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	var buf bytes.Buffer
	if err := meeting.WriteCSV(&buf, regs, lang(r)); err != nil {
		s.fail(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="ucastnici-setkani-`+strconv.FormatInt(id, 10)+`.csv"`)
	w.Header().Set("Cache-Control", "no-store")
	w.Write(buf.Bytes())
}

// meetingAttendance records who came.
func (s *Server) meetingAttendance(w http.ResponseWriter, r *http.Request) {
	u := currentUser(r)
	id := meetingID(r)
	f, err := parseForm(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	var present []int64
	for _, v := range f.Multi["attended"] {
		present = append(present, atoi64(v))
	}
	err = s.meetings.MarkAttendance(r.Context(), u, id, present)
	if s.refused(w, r, err, meetingState{}, func(st meetingState) { s.showParticipants(w, r, id, st) }) {
		return
	}
	s.flash(r, "meeting.done.attendance")
	redirect(w, r, meetingHref(id)+"/participants")
}

// --- Topics and votes ---------------------------------------------------------------------

func areaIndex(l i18n.L, areas []note.Area) map[int16]string {
	m := make(map[int16]string, len(areas))
	for _, a := range areas {
		m[a.ID] = a.Name(l.Lang)
	}
	return m
}

func (s *Server) meetingTopics(w http.ResponseWriter, r *http.Request) {
	s.showTopics(w, r, meetingID(r), meetingState{})
}

func (s *Server) showTopics(w http.ResponseWriter, r *http.Request, id int64, st meetingState) {
	u := currentUser(r)
	ctx := r.Context()
	m, p, ok := s.meetingPage(w, r, id, "topics.title", st)
	if !ok {
		return
	}
	l := p.L
	topics, err := s.meetings.Topics(ctx, u, id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	areas, err := s.notes.Areas(ctx)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	names := areaIndex(l, areas)
	mine, err := s.meetings.RegistrationOf(ctx, id, u.ID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	organiser := meeting.IsOrganiser(u, m)
	takesPart := organiser || (mine != nil && mine.Current())
	open := m.TopicsOpen(time.Now())
	v := web.TopicsView{Head: meetingHead(l, u, m, "/topics"), Organiser: organiser,
		Deadline: l.T("topics.deadline", l.DateTime(m.TopicsBy))}
	// A proposal refused (say, just after the deadline) comes back with the text the user typed.
	v.CanPropose = open && takesPart || (st.form.Values != nil && st.topic == 0)
	switch {
	case m.Status != meeting.Open:
		v.ProposeNote = l.T("topics.note.closed")
	case !open:
		v.ProposeNote = l.T("topics.note.deadline")
	case !takesPart:
		v.ProposeNote = l.T("topics.note.register")
	}
	used := 0
	if takesPart {
		var allowance int
		if used, allowance, err = s.meetings.VotesLeft(ctx, id, u.ID); err != nil {
			s.fail(w, r, err)
			return
		}
		if open {
			v.VotesLeft = l.T("topics.votes_left", l.Num(allowance-used), l.Num(allowance))
		}
		used = allowance - used
	}
	canDecide := organiser && (m.Status == meeting.Open || m.Status == meeting.Agenda || m.Status == meeting.Held) && !m.MinutesLocked()
	v.MergeFrom = []web.Option{{Value: "", Label: l.T("topics.choose")}}
	v.MergeInto = []web.Option{{Value: "", Label: l.T("topics.choose")}}
	for _, t := range topics {
		row := web.TopicRow{ID: t.ID, Title: t.Title, Description: t.Description, Proposer: t.ProposerName,
			Status: t.Status, StatusLabel: l.T("topic.status." + t.Status), VotesN: int(t.Votes + t.CarriedVotes),
			Votes: l.N("topics.votes", int(t.Votes+t.CarriedVotes)), Spontaneous: t.Spontaneous, Mine: t.Mine,
			MergedInto: t.MergedIntoTitle}
		if t.AreaID != nil {
			row.Area = names[*t.AreaID]
		}
		if t.CarriedFrom != nil {
			row.Carried = l.T("topics.carried", l.N("topics.votes", int(t.CarriedVotes)))
			if t.CarriedMeetingID != nil {
				row.CarriedHref = meetingHref(*t.CarriedMeetingID) + "/minutes#item-" + strconv.FormatInt(*t.CarriedFrom, 10)
			}
		}
		live := t.Status == "proposed" || t.Status == "accepted"
		if live {
			row.CanVote = open && takesPart && !t.Mine && used > 0
			row.CanUnvote = open && takesPart && t.Mine
			row.CanAccept = canDecide && t.Status == "proposed"
			row.CanDecline = canDecide && t.Status != "declined" && m.Status != meeting.Held
			if organiser {
				o := web.Option{Value: strconv.FormatInt(t.ID, 10), Label: t.Title}
				v.MergeFrom = append(v.MergeFrom, o)
				v.MergeInto = append(v.MergeInto, o)
			}
		}
		v.Topics = append(v.Topics, row)
	}
	if !(organiser && (m.Status == meeting.Open || m.Status == meeting.Agenda)) {
		v.MergeFrom = nil
	}
	v.Form = st.form
	if v.Form.Values == nil || st.topic != 0 {
		v.Form = emptyForm(nil, "title", "description", "area")
	}
	v.Form = labelled(v.Form, p, "title", "topics.f_title", "description", "topics.f_description", "area", "topics.f_area")
	v.MergeForm = emptyForm(nil, "dup", "into")
	if st.topic == -1 {
		v.MergeForm = labelled(st.form, p, "into", "topics.merge_into", "dup", "topics.merge_dup")
	}
	v.Areas = areaOptions(l, areas, false)
	v.Areas = append([]web.Option{{Value: "", Label: l.T("topics.no_area")}}, v.Areas...)
	s.renderStatus(w, r, st.code(), web.TopicsPage(p, v))
}

func (s *Server) topicPropose(w http.ResponseWriter, r *http.Request) {
	u := currentUser(r)
	id := meetingID(r)
	f, err := parseForm(r, "title", "description", "area")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	in := meeting.TopicInput{Title: f.Get("title"), Description: f.Get("description"), AreaID: int16(atoi64(f.Get("area")))}
	_, err = s.meetings.Propose(r.Context(), u, id, in)
	if s.refused(w, r, err, meetingState{form: f}, func(st meetingState) { s.showTopics(w, r, id, st) }) {
		return
	}
	s.flash(r, "topics.done.propose")
	redirect(w, r, meetingHref(id)+"/topics")
}

// topicAction runs a store action on the topic in the URL and goes back to its meeting's page.
func (s *Server) topicAction(w http.ResponseWriter, r *http.Request, page string, act func(u *auth.User, topic int64, f web.Form) (string, error)) {
	u := currentUser(r)
	topic := atoi64(chi.URLParam(r, "id"))
	f, err := parseForm(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	id, err := s.meetings.MeetingOfTopic(r.Context(), topic)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	// The minutes page holds a minutes form and a follow-up form per item, their fields
	// prefixed with the item to keep ids unique; the store speaks plain field names.
	key := strconv.FormatInt(topic, 10)
	follow := hasPrefixed(f, "a"+key+"-")
	if follow {
		f = unprefixed(f, "a"+key+"-")
	} else if hasPrefixed(f, "i"+key+"-") {
		f = unprefixed(f, "i"+key+"-")
	}
	done, err := act(u, topic, f)
	show := func(st meetingState) { s.showTopics(w, r, id, st) }
	if page == "/minutes" {
		show = func(st meetingState) { s.showMinutes(w, r, id, st) }
	}
	st := meetingState{form: f, topic: topic, follow: follow}
	if s.refused(w, r, err, st, show) {
		return
	}
	s.flash(r, done)
	to := meetingHref(id) + page
	if page == "/minutes" {
		to += "#item-" + strconv.FormatInt(topic, 10)
	}
	redirect(w, r, to)
}

func (s *Server) topicVote(w http.ResponseWriter, r *http.Request) {
	s.topicAction(w, r, "/topics", func(u *auth.User, t int64, _ web.Form) (string, error) {
		return "topics.done.vote", s.meetings.Vote(r.Context(), u, t)
	})
}

func (s *Server) topicUnvote(w http.ResponseWriter, r *http.Request) {
	s.topicAction(w, r, "/topics", func(u *auth.User, t int64, _ web.Form) (string, error) {
		return "topics.done.unvote", s.meetings.Unvote(r.Context(), u, t)
	})
}

func (s *Server) topicDecide(w http.ResponseWriter, r *http.Request) {
	s.topicAction(w, r, "/topics", func(u *auth.User, t int64, f web.Form) (string, error) {
		accept := f.Get("decision") == "accept"
		if !accept && f.Get("decision") != "decline" {
			return "", errBadRequest
		}
		if accept {
			return "topics.done.accept", s.meetings.Decide(r.Context(), u, t, true)
		}
		return "topics.done.decline", s.meetings.Decide(r.Context(), u, t, false)
	})
}

func (s *Server) topicMerge(w http.ResponseWriter, r *http.Request) {
	u := currentUser(r)
	id := meetingID(r)
	f, err := parseForm(r, "dup", "into")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	dup, into := atoi64(f.Get("dup")), atoi64(f.Get("into"))
	if dup == 0 {
		f.Errors["dup"] = "err.choose"
	}
	if into == 0 {
		f.Errors["into"] = "err.choose"
	}
	if len(f.Errors) == 0 {
		err = s.meetings.Merge(r.Context(), u, id, dup, into)
	} else {
		err = app.Invalid(f.Errors)
	}
	if s.refused(w, r, err, meetingState{form: f, topic: -1}, func(st meetingState) { s.showTopics(w, r, id, st) }) {
		return
	}
	s.flash(r, "topics.done.merge")
	redirect(w, r, meetingHref(id)+"/topics")
}

// --- Agenda -------------------------------------------------------------------------------

func (s *Server) meetingAgenda(w http.ResponseWriter, r *http.Request) {
	s.showAgenda(w, r, meetingID(r), meetingState{})
}

func (s *Server) showAgenda(w http.ResponseWriter, r *http.Request, id int64, st meetingState) {
	u := currentUser(r)
	ctx := r.Context()
	m, p, ok := s.meetingPage(w, r, id, "agenda.title", st)
	if !ok {
		return
	}
	l := p.L
	items, err := s.meetings.Agenda(ctx, u, id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	areas, err := s.notes.Areas(ctx)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	names := areaIndex(l, areas)
	organiser := meeting.IsOrganiser(u, m)
	v := web.AgendaView{Head: meetingHead(l, u, m, "/agenda"), ICSHref: meetingHref(id) + "/meeting.ics",
		Published:   m.Status != meeting.Draft && m.Status != meeting.Open,
		CanSchedule: organiser && (m.Status == meeting.Open || m.Status == meeting.Agenda || m.Status == meeting.Held) && !m.MinutesLocked()}
	place := m.Venue
	if m.Address != "" {
		place += ", " + m.Address
	}
	v.Facts = []web.Fact{{Label: l.T("meeting.when"), Value: when(l, m.StartsAt, m.EndsAt)}}
	if place != "" {
		v.Facts = append(v.Facts, web.Fact{Label: l.T("meeting.f_venue"), Value: place})
	}
	// Participants see the agenda once it is published; organisers see it taking shape.
	if !v.Published && !organiser {
		items = nil
	}
	f := st.form
	if f.Values == nil {
		f = emptyForm(nil)
	}
	for i, t := range items {
		it := web.AgendaItem{ID: t.ID, N: i + 1, Title: t.Title, Description: t.Description, Presenter: t.Presenter, Spontaneous: t.Spontaneous}
		if t.AreaID != nil {
			it.Area = names[*t.AreaID]
		}
		if t.CarriedFrom != nil {
			it.Carried = l.T("agenda.carried")
		}
		start, minutes := "", ""
		if t.SlotMinutes != nil {
			minutes = strconv.Itoa(int(*t.SlotMinutes))
		}
		if t.SlotStart != nil {
			start = *t.SlotStart
			it.Time = start
			if t.SlotMinutes != nil {
				if start, err := time.Parse("15:04", *t.SlotStart); err == nil {
					it.Time += "–" + start.Add(time.Duration(*t.SlotMinutes)*time.Minute).Format("15:04")
				}
			}
		}
		key := strconv.FormatInt(t.ID, 10)
		if st.form.Values == nil {
			f.Values["position_"+key] = strconv.Itoa(i + 1)
			f.Values["slot_start_"+key] = start
			f.Values["slot_minutes_"+key] = minutes
			f.Values["presenter_"+key] = t.Presenter
		}
		f.Order = append(f.Order, "position_"+key, "slot_start_"+key, "slot_minutes_"+key, "presenter_"+key)
		v.Items = append(v.Items, it)
	}
	v.Form = f
	s.renderStatus(w, r, st.code(), web.AgendaPage(p, v))
}

func (s *Server) meetingSchedule(w http.ResponseWriter, r *http.Request) {
	u := currentUser(r)
	id := meetingID(r)
	f, err := parseForm(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	var slots []meeting.Slot
	for _, t := range f.Multi["topic"] {
		tid := atoi64(t)
		key := strconv.FormatInt(tid, 10)
		pos, err := strconv.Atoi(f.Get("position_" + key))
		if err != nil {
			f.Errors["position_"+key] = "agenda.err.order"
		}
		slots = append(slots, meeting.Slot{TopicID: tid, Position: pos, SlotStart: f.Get("slot_start_" + key),
			SlotMinutes: f.Get("slot_minutes_" + key), Presenter: f.Get("presenter_" + key)})
	}
	if len(f.Errors) > 0 {
		err = app.Invalid(f.Errors)
	} else {
		err = s.meetings.Schedule(r.Context(), u, id, slots)
	}
	if s.refused(w, r, err, meetingState{form: f}, func(st meetingState) { s.showAgenda(w, r, id, st) }) {
		return
	}
	s.flash(r, "agenda.done.schedule")
	redirect(w, r, meetingHref(id)+"/agenda")
}

// --- Minutes ------------------------------------------------------------------------------

func (s *Server) meetingMinutes(w http.ResponseWriter, r *http.Request) {
	s.showMinutes(w, r, meetingID(r), meetingState{})
}

func (s *Server) showMinutes(w http.ResponseWriter, r *http.Request, id int64, st meetingState) {
	u := currentUser(r)
	ctx := r.Context()
	m, p, ok := s.meetingPage(w, r, id, "minutes.title", st)
	if !ok {
		return
	}
	l := p.L
	started := m.Status == meeting.Held || m.Status == meeting.Feedback || m.Status == meeting.Closed
	organiser := meeting.IsOrganiser(u, m)
	v := web.MinutesView{Head: meetingHead(l, u, m, "/minutes"), Started: started,
		CanEdit:    organiser && (m.Status == meeting.Held || m.Status == meeting.Feedback) && !m.MinutesLocked(),
		CanTick:    organiser && started,
		CanApprove: organiser && (m.Status == meeting.Held || m.Status == meeting.Feedback) && !m.MinutesLocked()}
	if m.MinutesApprovedAt != nil {
		v.Approved = l.T("minutes.approved", l.DateTime(*m.MinutesApprovedAt))
	}
	v.Resolutions = []web.Option{{Value: "", Label: l.T("minutes.resolution_none")},
		{Value: "resolved", Label: l.T("minutes.resolved")}, {Value: "unresolved", Label: l.T("minutes.unresolved")}}
	areas, err := s.notes.Areas(ctx)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v.Areas = append([]web.Option{{Value: "", Label: l.T("topics.no_area")}}, areaOptions(l, areas, false)...)
	v.SpontForm = emptyForm(nil, "title", "description", "area")
	if st.topic == 0 && st.form.Values != nil {
		v.SpontForm = st.form
	}
	v.SpontForm = labelled(v.SpontForm, p, "title", "topics.f_title", "description", "topics.f_description", "area", "topics.f_area")
	var items []meeting.Topic
	if started {
		if items, err = s.meetings.Agenda(ctx, u, id); err != nil {
			s.fail(w, r, err)
			return
		}
	}
	follow, err := s.meetings.FollowUps(ctx, id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	today := time.Now().In(i18n.Prague).Format(time.DateOnly)
	for i, t := range items {
		it := web.MinutesItem{ID: t.ID, N: i + 1, Title: t.Title, Spontaneous: t.Spontaneous, Outcome: paragraphs(t.Outcome),
			Decisions: paragraphs(t.Decisions), Resolution: t.Resolution, ForRegion: t.ForRegion}
		if t.Resolution != "" {
			it.ResolutionLabel = l.T("minutes." + t.Resolution)
		}
		if t.CarriedFrom != nil {
			it.Carried = l.T("agenda.carried")
			history, err := s.meetings.History(ctx, t.ID)
			if err != nil {
				s.fail(w, r, err)
				return
			}
			for _, h := range history {
				line := l.T("minutes.history_line", h.MeetingTitle, l.Date(h.StartsAt), l.N("topics.votes", int(h.Votes)))
				if h.Outcome != "" {
					line += ": " + h.Outcome
				}
				it.History = append(it.History, line)
			}
		}
		vals := map[string]string{"outcome": t.Outcome, "decisions": t.Decisions, "resolution": t.Resolution,
			"version": strconv.Itoa(int(t.MinutesVersion))}
		if t.ForRegion {
			vals["for_region"] = "1"
		}
		it.Form = emptyForm(vals, "outcome", "decisions", "resolution")
		it.FollowUpForm = emptyForm(nil, "action_text", "action_owner", "action_due")
		if st.topic == t.ID && st.form.Values != nil {
			if st.follow {
				it.FollowUpForm = st.form
			} else {
				it.Form = st.form
			}
		}
		it.Form = labelled(it.Form, p, "outcome", "minutes.outcome", "decisions", "minutes.decisions", "resolution", "minutes.resolution")
		it.FollowUpForm = labelled(it.FollowUpForm, p, "action_text", "minutes.f_action_text", "action_owner", "minutes.f_action_owner", "action_due", "minutes.f_action_due")
		// Field ids must be unique on the page: each item's forms get their own prefix.
		it.P, it.AP = "i"+strconv.FormatInt(t.ID, 10)+"-", "a"+strconv.FormatInt(t.ID, 10)+"-"
		it.Form = prefixed(it.Form, it.P)
		it.FollowUpForm = prefixed(it.FollowUpForm, it.AP)
		for _, fu := range follow[t.ID] {
			row := web.FollowUpRow{ID: fu.ID, Text: fu.Text, Owner: fu.Owner, Done: fu.Done}
			if fu.Due != nil {
				row.Due = l.Date(*fu.Due)
				row.Overdue = !fu.Done && fu.Due.Format(time.DateOnly) < today
			}
			it.FollowUps = append(it.FollowUps, row)
		}
		v.Items = append(v.Items, it)
	}
	s.renderStatus(w, r, st.code(), web.MinutesPage(p, v))
}

// prefixed renames a form's fields with a prefix, so several forms of the same kind can live
// on one page with unique ids; the handlers strip it again.
func prefixed(f web.Form, prefix string) web.Form {
	out := web.Form{Values: map[string]string{}, Multi: f.Multi, Errors: map[string]string{}, Labels: map[string]string{}}
	for k, v := range f.Values {
		out.Values[prefix+k] = v
	}
	for k, v := range f.Errors {
		out.Errors[prefix+k] = v
	}
	for k, v := range f.Labels {
		out.Labels[prefix+k] = v
	}
	for _, k := range f.Order {
		out.Order = append(out.Order, prefix+k)
	}
	return out
}

func hasPrefixed(f web.Form, prefix string) bool {
	for k := range f.Values {
		if strings.HasPrefix(k, prefix) {
			return true
		}
	}
	return false
}

// unprefixed strips a per-item prefix from a posted form ("i12-outcome" → "outcome").
func unprefixed(f web.Form, prefix string) web.Form {
	out := web.Form{Values: map[string]string{}, Multi: map[string][]string{}, Errors: map[string]string{}, Order: f.Order}
	for k, v := range f.Values {
		out.Values[strings.TrimPrefix(k, prefix)] = v
	}
	return out
}

func (s *Server) minutesSave(w http.ResponseWriter, r *http.Request) {
	s.topicAction(w, r, "/minutes", func(u *auth.User, t int64, f web.Form) (string, error) {
		in := meeting.MinutesInput{Outcome: f.Get("outcome"), Decisions: f.Get("decisions"), Resolution: f.Get("resolution"),
			ForRegion: f.Get("for_region") == "1", Version: int32(atoi64(f.Get("version")))}
		return "minutes.done.save", s.meetings.SaveMinutes(r.Context(), u, t, in)
	})
}

func (s *Server) followUpAdd(w http.ResponseWriter, r *http.Request) {
	s.topicAction(w, r, "/minutes", func(u *auth.User, t int64, f web.Form) (string, error) {
		return "minutes.done.followup", s.meetings.AddFollowUp(r.Context(), u, t, f.Get("action_text"), f.Get("action_owner"), f.Get("action_due"))
	})
}

func (s *Server) followUpDone(w http.ResponseWriter, r *http.Request) {
	u := currentUser(r)
	fid := atoi64(chi.URLParam(r, "id"))
	f, err := parseForm(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	id, err := s.meetings.MeetingOfFollowUp(r.Context(), fid)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	err = s.meetings.SetFollowUpDone(r.Context(), u, fid, f.Get("done") == "1")
	if s.refused(w, r, err, meetingState{}, func(st meetingState) { s.showMinutes(w, r, id, st) }) {
		return
	}
	s.flash(r, "minutes.done.followup_done")
	redirect(w, r, meetingHref(id)+"/minutes")
}

func (s *Server) spontaneousAdd(w http.ResponseWriter, r *http.Request) {
	u := currentUser(r)
	id := meetingID(r)
	f, err := parseForm(r, "title", "description", "area")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	_, err = s.meetings.AddSpontaneous(r.Context(), u, id, f.Get("title"), f.Get("description"), int16(atoi64(f.Get("area"))))
	if s.refused(w, r, err, meetingState{form: f}, func(st meetingState) { s.showMinutes(w, r, id, st) }) {
		return
	}
	s.flash(r, "minutes.done.spontaneous")
	redirect(w, r, meetingHref(id)+"/minutes")
}

func (s *Server) minutesApprove(w http.ResponseWriter, r *http.Request) {
	u := currentUser(r)
	id := meetingID(r)
	if _, err := parseForm(r); err != nil {
		s.fail(w, r, err)
		return
	}
	err := s.meetings.ApproveMinutes(r.Context(), u, id)
	if s.refused(w, r, err, meetingState{}, func(st meetingState) { s.showMinutes(w, r, id, st) }) {
		return
	}
	s.flash(r, "minutes.done.approve")
	redirect(w, r, meetingHref(id)+"/minutes")
}
