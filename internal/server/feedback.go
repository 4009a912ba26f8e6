package server

import (
	"errors"
	"net/http"
	"strconv"
	"strings"

	"github.com/go-chi/chi/v5"

	"hnizdo.cz/hnizdo/internal/app"
	"hnizdo.cz/hnizdo/internal/auth"
	"hnizdo.cz/hnizdo/internal/feedback"
	"hnizdo.cz/hnizdo/internal/i18n"
	"hnizdo.cz/hnizdo/internal/meeting"
	"hnizdo.cz/hnizdo/internal/office"
	"hnizdo.cz/hnizdo/web"
)

var feedbackFields = []string{"title", "template", "office", "intro", "anonymous", "min_answers", "closes_at"}

var questionFields = []string{"kind", "label", "help", "required", "options", "low_label", "high_label"}

func feedbackHref(id int64, rest string) string {
	return "/feedback/" + strconv.FormatInt(id, 10) + rest
}

// feedbackState is what a form page shows after a post that did not go through.
type feedbackState struct {
	status   int
	alert    string // message key
	settings *web.Form
	add      *web.Form
	edit     *web.Form // a question's edit form, fields prefixed "q<ID>-"
	question int64
}

// feedbackRefused handles what a feedback store method answered to a form post, like refused
// does for meetings. It reports whether err was handled.
func (s *Server) feedbackRefused(w http.ResponseWriter, r *http.Request, err error, f *web.Form, st feedbackState, show func(feedbackState)) bool {
	var ref feedback.Refusal
	switch {
	case err == nil:
		return false
	case errors.As(err, &ref):
		st.status, st.alert = http.StatusConflict, string(ref)
		show(st)
	case f != nil && invalid(f, err):
		st.status = http.StatusUnprocessableEntity
		show(st)
	default:
		s.fail(w, r, err)
	}
	return true
}

// formStatusLabel names a form's state; over: its deadline has passed.
func formStatusLabel(l i18n.L, f *feedback.Form, over bool) string {
	if f.IsTemplate {
		return l.T("feedback.status.template")
	}
	if over {
		return l.T("feedback.status.over")
	}
	return l.T("feedback.status." + string(f.Status))
}

// formRow is one form in a list.
func (s *Server) formRows(l i18n.L, forms []feedback.Form) []web.FormRow {
	now := s.feedback.Now()
	rows := make([]web.FormRow, len(forms))
	for i := range forms {
		f := &forms[i]
		status := string(f.Status)
		if f.Over(now) {
			status = "over"
		}
		row := web.FormRow{Href: feedbackHref(f.ID, ""), Title: f.Title, Subject: subject(l, f), Status: status,
			StatusLabel: formStatusLabel(l, f, f.Over(now))}
		if !f.IsTemplate {
			row.Answers = l.N("feedback.n_answers", int(f.Responses))
			if f.ClosesAt != nil {
				row.Closes = l.DateTime(*f.ClosesAt)
			}
		}
		rows[i] = row
	}
	return rows
}

// subject says what a form asks about: its meeting or office.
func subject(l i18n.L, f *feedback.Form) string {
	switch {
	case f.MeetingID != nil:
		return f.MeetingTitle
	case f.OfficeID != nil:
		return f.OfficeName
	case f.IsTemplate && f.RegionID == nil:
		return l.T("feedback.shared_template")
	case f.IsTemplate:
		return f.RegionName
	}
	return ""
}

// pendingForms are the forms u is asked to answer now.
func (s *Server) pendingForms(r *http.Request, l i18n.L) ([]web.PendingForm, error) {
	list, err := s.feedback.Pending(r.Context(), currentUser(r))
	if err != nil {
		return nil, err
	}
	return pendingRows(l, list), nil
}

// pendingRows shows the forms waiting for the user's answers.
func pendingRows(l i18n.L, list []feedback.Pending) []web.PendingForm {
	out := make([]web.PendingForm, len(list))
	for i, x := range list {
		title := x.Title
		if x.MeetingTitle != "" && x.MeetingTitle != x.Title {
			title = x.Title + " – " + x.MeetingTitle
		}
		out[i] = web.PendingForm{Href: feedbackHref(x.FormID, "/answer"), Title: title, Closes: l.DateTime(x.ClosesAt)}
	}
	return out
}

func (s *Server) feedbackList(w http.ResponseWriter, r *http.Request) {
	u := currentUser(r)
	p := s.page(r, "feedback.title")
	v := web.FeedbackListView{CanManage: u.Can(auth.ManageFeedback)}
	var err error
	if v.Pending, err = s.pendingForms(r, p.L); err != nil {
		s.fail(w, r, err)
		return
	}
	if v.CanManage {
		forms, err := s.feedback.List(r.Context(), u, false)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		templates, err := s.feedback.List(r.Context(), u, true)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		v.Forms, v.Templates = s.formRows(p.L, forms), s.formRows(p.L, templates)
	}
	s.render(w, r, web.FeedbackListPage(p, v))
}

func (s *Server) showFeedbackNew(w http.ResponseWriter, r *http.Request, status int, f web.Form) {
	u := currentUser(r)
	template := f.Get("template_form") == "1"
	title := "feedback.new"
	if template {
		title = "feedback.new_template"
	}
	p := s.page(r, title)
	f = labelled(f, p, "title", "feedback.form_title", "template", "feedback.from_template", "office", "feedback.office",
		"intro", "feedback.intro", "min_answers", "feedback.min_answers", "closes_at", "feedback.closes_at", "meeting", "feedback.meeting")
	v := web.FeedbackNewView{Form: f, Template: template, MeetingID: atoi64(f.Get("meeting"))}
	templates, err := s.feedback.List(r.Context(), u, true)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v.Templates = []web.Option{{Value: "", Label: p.T("feedback.empty_form")}}
	for _, t := range templates {
		v.Templates = append(v.Templates, web.Option{Value: strconv.FormatInt(t.ID, 10), Label: t.Title})
	}
	if v.MeetingID != 0 {
		m, err := s.meetings.Get(r.Context(), u, v.MeetingID)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		v.MeetingTitle = m.Title
	} else if !template {
		offices, err := s.offices.List(r.Context(), office.Filter{RegionID: u.RegionID})
		if err != nil {
			s.fail(w, r, err)
			return
		}
		v.Offices = []web.Option{{Value: "", Label: p.T("feedback.no_office")}}
		for _, o := range offices {
			v.Offices = append(v.Offices, web.Option{Value: strconv.FormatInt(o.ID, 10), Label: o.Name})
		}
	}
	s.renderStatus(w, r, status, web.FeedbackNewPage(p, v))
}

func (s *Server) feedbackNew(w http.ResponseWriter, r *http.Request) {
	q, err := query(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if m := atoi64(q.Get("meeting")); m != 0 {
		// A meeting has one form: the meeting's feedback tab leads here, to it if it exists.
		existing, err := s.feedback.ForMeeting(r.Context(), m)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		if existing != 0 {
			redirect(w, r, feedbackHref(existing, ""))
			return
		}
	}
	values := map[string]string{"anonymous": "1", "min_answers": strconv.Itoa(feedback.DefaultK), "meeting": q.Get("meeting")}
	if q.Get("template") == "1" {
		values["template_form"] = "1"
	} else {
		// The standard template is what most meetings want.
		list, err := s.feedback.List(r.Context(), currentUser(r), true)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		for _, t := range list {
			if t.RegionID == nil {
				values["template"] = strconv.FormatInt(t.ID, 10)
				values["title"] = t.Title
			}
		}
	}
	s.showFeedbackNew(w, r, http.StatusOK, emptyForm(values, feedbackFields...))
}

func feedbackInput(f web.Form) feedback.Input {
	// An empty k means the default; anything not a whole number is out of range for the store
	// to say so at the field.
	k := 0
	if v := strings.TrimSpace(f.Get("min_answers")); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n == 0 {
			n = -1
		}
		k = n
	}
	return feedback.Input{Title: f.Get("title"), Intro: f.Get("intro"), Anonymous: f.Get("anonymous") == "1",
		MinAnswers: k, ClosesAt: f.Get("closes_at"), Version: int32(atoi64(f.Get("version")))}
}

func (s *Server) feedbackCreate(w http.ResponseWriter, r *http.Request) {
	u := currentUser(r)
	f, err := parseForm(r, feedbackFields...)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	in := feedbackInput(f)
	in.Template = f.Get("template_form") == "1"
	in.MeetingID, in.OfficeID, in.TemplateID = atoi64(f.Get("meeting")), atoi64(f.Get("office")), atoi64(f.Get("template"))
	id, err := s.feedback.Create(r.Context(), u, in)
	var ref feedback.Refusal
	switch {
	case errors.As(err, &ref) && ref == feedback.ErrHasForm:
		existing, ferr := s.feedback.ForMeeting(r.Context(), in.MeetingID)
		if ferr != nil {
			s.fail(w, r, ferr)
			return
		}
		s.warn(r, string(ref))
		redirect(w, r, feedbackHref(existing, ""))
		return
	case invalid(&f, err):
		s.showFeedbackNew(w, r, http.StatusUnprocessableEntity, f)
		return
	case err != nil:
		s.fail(w, r, err)
		return
	}
	s.flash(r, "feedback.done.create")
	redirect(w, r, feedbackHref(id, ""))
}

func formID(r *http.Request) int64 { return atoi64(chi.URLParam(r, "id")) }

func (s *Server) feedbackShow(w http.ResponseWriter, r *http.Request) {
	s.showBuilder(w, r, formID(r), feedbackState{})
}

func questionKinds(l i18n.L) []web.Option {
	out := make([]web.Option, len(feedback.Kinds))
	for i, k := range feedback.Kinds {
		out[i] = web.Option{Value: string(k), Label: l.T("feedback.kind." + string(k))}
	}
	return out
}

// settingsValues fills the settings form from a form.
func settingsValues(f *feedback.Form) map[string]string {
	v := map[string]string{"title": f.Title, "intro": f.Intro, "min_answers": strconv.Itoa(int(f.MinAnswers)),
		"version": strconv.Itoa(int(f.LockVersion))}
	if f.Anonymous {
		v["anonymous"] = "1"
	}
	if f.ClosesAt != nil {
		v["closes_at"] = meeting.FormatLocal(*f.ClosesAt)
	}
	return v
}

func (s *Server) showBuilder(w http.ResponseWriter, r *http.Request, id int64, st feedbackState) {
	u := currentUser(r)
	ctx := r.Context()
	f, err := s.feedback.Get(ctx, u, id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	qs, err := s.feedback.Questions(ctx, id, f.Version)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p := s.page(r, "feedback.builder_title", f.Title)
	l := p.L
	now := s.feedback.Now()
	over := f.Over(now)
	v := web.BuilderView{ID: f.ID, Title: f.Title, Status: string(f.Status), IsTemplate: f.IsTemplate, Frozen: f.Frozen,
		Version: f.Version, Kinds: questionKinds(l),
		CanEdit:     feedback.CanManage(u, f.Region()) && f.Status != feedback.Closed,
		StatusLabel: formStatusLabel(l, f, over)}
	if over {
		v.Status = "over"
	}
	v.Back = web.Link{Label: l.T("feedback.back_to_list"), Href: "/feedback"}
	if f.MeetingID != nil {
		v.Back = web.Link{Label: l.T("feedback.back_to_meeting", f.MeetingTitle), Href: meetingHref(*f.MeetingID)}
		v.Facts = append(v.Facts, web.Fact{Label: l.T("feedback.meeting"), Value: f.MeetingTitle, Href: meetingHref(*f.MeetingID)})
	}
	if f.OfficeID != nil {
		v.Facts = append(v.Facts, web.Fact{Label: l.T("feedback.office"), Value: f.OfficeName, Href: officeHref(*f.OfficeID)})
	}
	anon := l.T("feedback.named")
	if f.Anonymous {
		anon = l.T("feedback.anonymous_yes")
	}
	v.Facts = append(v.Facts, web.Fact{Label: l.T("feedback.anonymity"), Value: anon},
		web.Fact{Label: l.T("feedback.min_answers"), Value: l.Num(int(f.MinAnswers))})
	if !f.IsTemplate {
		if f.ClosesAt != nil {
			v.Facts = append(v.Facts, web.Fact{Label: l.T("feedback.closes_at"), Value: l.DateTime(*f.ClosesAt)})
		}
		v.Facts = append(v.Facts, web.Fact{Label: l.T("feedback.answers"),
			Value: l.T("feedback.answers_of", l.Num(int(f.Responses)), l.Num(int(f.Invited)))})
		v.ResultsHref = feedbackHref(f.ID, "/results")
		for _, a := range feedback.Actions(u, f) {
			v.Actions = append(v.Actions, web.Action{Name: string(a), Label: l.T("feedback.action." + string(a))})
		}
		if f.Taking(now) {
			v.Actions = append(v.Actions, web.Action{Name: "invite", Label: l.T("feedback.action.invite")})
			if inv, err := s.feedback.ByUser(ctx, u, f.ID); err == nil && !inv.Answered {
				v.AnswerHref = feedbackHref(f.ID, "/answer")
			}
		}
	}
	if st.alert != "" {
		v.Alert = l.T(st.alert)
	}
	v.Settings = emptyForm(settingsValues(f), feedbackFields...)
	if st.settings != nil {
		v.Settings = *st.settings
	}
	v.Settings = labelled(v.Settings, p, "title", "feedback.form_title", "intro", "feedback.intro",
		"min_answers", "feedback.min_answers", "closes_at", "feedback.closes_at")
	v.Add = emptyForm(map[string]string{"kind": string(feedback.Rating)}, questionFields...)
	if st.add != nil {
		v.Add = *st.add
	}
	v.Add = labelled(v.Add, p, "kind", "feedback.kind", "label", "feedback.label", "help", "feedback.help",
		"options", "feedback.options", "low_label", "feedback.low_label")
	for i, q := range qs {
		prefix := "q" + strconv.FormatInt(q.ID, 10) + "-"
		qv := web.QuestionView{ID: q.ID, KindLabel: l.T("feedback.kind." + string(q.Kind)),
			Label: q.Label, Help: q.Help, Options: q.Options, Low: q.LowLabel, High: q.HighLabel,
			First: i == 0, Last: i == len(qs)-1, Choice: q.Kind.Choice(), Scaled: q.Kind.Scaled(), Prefix: prefix}
		if q.Required {
			qv.RequiredText = l.T("feedback.required_mark")
		}
		if st.edit != nil && st.question == q.ID {
			qv.Edit, qv.Open = *st.edit, true
		} else {
			vals := map[string]string{prefix + "label": q.Label, prefix + "help": q.Help,
				prefix + "options": strings.Join(q.Options, "\n"), prefix + "low_label": q.LowLabel, prefix + "high_label": q.HighLabel}
			if q.Required {
				vals[prefix+"required"] = "1"
			}
			qv.Edit = emptyForm(vals)
		}
		qv.Edit = labelled(qv.Edit, p, prefix+"label", "feedback.label", prefix+"help", "feedback.help",
			prefix+"options", "feedback.options", prefix+"low_label", "feedback.low_label")
		v.Questions = append(v.Questions, qv)
	}
	code := st.status
	if code == 0 {
		code = http.StatusOK
	}
	s.renderStatus(w, r, code, web.BuilderPage(p, v))
}

func (s *Server) feedbackSave(w http.ResponseWriter, r *http.Request) {
	id := formID(r)
	f, err := parseForm(r, feedbackFields...)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	err = s.feedback.Save(r.Context(), currentUser(r), id, feedbackInput(f))
	var ref feedback.Refusal
	if errors.As(err, &ref) {
		// The form keeps what the user typed. After a stale save it carries the version it was
		// refused against, so saving again (as the message says) goes through.
		if ref == feedback.ErrStale {
			cur, err := s.feedback.Get(r.Context(), currentUser(r), id)
			if err != nil {
				s.fail(w, r, err)
				return
			}
			f.Values["version"] = strconv.Itoa(int(cur.LockVersion))
		}
		s.showBuilder(w, r, id, feedbackState{status: http.StatusConflict, alert: string(ref), settings: &f})
		return
	}
	if s.feedbackRefused(w, r, err, &f, feedbackState{settings: &f}, func(st feedbackState) { s.showBuilder(w, r, id, st) }) {
		return
	}
	s.flash(r, "feedback.done.save")
	redirect(w, r, feedbackHref(id, ""))
}

func (s *Server) feedbackStatus(w http.ResponseWriter, r *http.Request) {
	u := currentUser(r)
	id := formID(r)
	f, err := parseForm(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	var sent []feedback.Sent
	a := f.Get("action")
	switch feedback.Action(a) {
	case feedback.MakeReady, feedback.Open, feedback.Close:
		sent, err = s.feedback.Transition(r.Context(), u, id, feedback.Action(a))
	default:
		if a != "invite" {
			s.fail(w, r, errBadRequest)
			return
		}
		sent, err = s.feedback.InviteMissing(r.Context(), u, id)
	}
	if inv := new(app.Invalid); errors.As(err, inv) {
		// Opening needs a deadline, which the settings form sets.
		s.showBuilder(w, r, id, feedbackState{status: http.StatusConflict, alert: "feedback.err.deadline_missing"})
		return
	}
	if s.feedbackRefused(w, r, err, nil, feedbackState{}, func(st feedbackState) { s.showBuilder(w, r, id, st) }) {
		return
	}
	s.mailInvitations(r, id, sent)
	s.flash(r, "feedback.done."+a)
	redirect(w, r, feedbackHref(id, ""))
}

// questionInput reads a question's fields, without the prefix of its edit form.
func questionInput(f web.Form, prefix string) feedback.QuestionInput {
	return feedback.QuestionInput{Kind: feedback.Kind(f.Get(prefix + "kind")), Label: f.Get(prefix + "label"),
		Help: f.Get(prefix + "help"), Required: f.Get(prefix+"required") == "1", Options: f.Get(prefix + "options"),
		LowLabel: f.Get(prefix + "low_label"), HighLabel: f.Get(prefix + "high_label")}
}

// prefixErrors moves a store's field errors onto a prefixed form's fields.
func prefixErrors(f *web.Form, prefix string, err error) bool {
	var inv app.Invalid
	if !errors.As(err, &inv) {
		return false
	}
	for k, v := range inv {
		f.Errors[prefix+k] = v
	}
	return true
}

func (s *Server) questionAdd(w http.ResponseWriter, r *http.Request) {
	id := formID(r)
	f, err := parseForm(r, questionFields...)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	_, err = s.feedback.AddQuestion(r.Context(), currentUser(r), id, questionInput(f, ""))
	if s.feedbackRefused(w, r, err, &f, feedbackState{add: &f}, func(st feedbackState) { s.showBuilder(w, r, id, st) }) {
		return
	}
	s.flash(r, "feedback.done.add")
	redirect(w, r, feedbackHref(id, "#add-question"))
}

func questionID(r *http.Request) int64 { return atoi64(chi.URLParam(r, "q")) }

func (s *Server) questionSave(w http.ResponseWriter, r *http.Request) {
	id, qid := formID(r), questionID(r)
	prefix := "q" + strconv.FormatInt(qid, 10) + "-"
	f, err := parseForm(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	for _, k := range questionFields {
		f.Order = append(f.Order, prefix+k)
	}
	err = s.feedback.SaveQuestion(r.Context(), currentUser(r), id, qid, questionInput(f, prefix))
	if prefixErrors(&f, prefix, err) {
		s.showBuilder(w, r, id, feedbackState{status: http.StatusUnprocessableEntity, edit: &f, question: qid})
		return
	}
	if s.feedbackRefused(w, r, err, nil, feedbackState{}, func(st feedbackState) { s.showBuilder(w, r, id, st) }) {
		return
	}
	s.flash(r, "feedback.done.save_question")
	redirect(w, r, feedbackHref(id, "#questions"))
}

func (s *Server) questionDelete(w http.ResponseWriter, r *http.Request) {
	id := formID(r)
	err := s.feedback.DeleteQuestion(r.Context(), currentUser(r), id, questionID(r))
	if s.feedbackRefused(w, r, err, nil, feedbackState{}, func(st feedbackState) { s.showBuilder(w, r, id, st) }) {
		return
	}
	s.flash(r, "feedback.done.delete")
	redirect(w, r, feedbackHref(id, "#questions"))
}

func (s *Server) questionMove(w http.ResponseWriter, r *http.Request) {
	id := formID(r)
	f, err := parseForm(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	delta := int(atoi64(f.Get("delta")))
	if delta != -1 && delta != 1 {
		s.fail(w, r, errBadRequest)
		return
	}
	err = s.feedback.MoveQuestion(r.Context(), currentUser(r), id, questionID(r), delta)
	if s.feedbackRefused(w, r, err, nil, feedbackState{}, func(st feedbackState) { s.showBuilder(w, r, id, st) }) {
		return
	}
	redirect(w, r, feedbackHref(id, "#questions"))
}

func (s *Server) feedbackTemplate(w http.ResponseWriter, r *http.Request) {
	u := currentUser(r)
	id := formID(r)
	f, err := s.feedback.Get(r.Context(), u, id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	l := i18n.For(lang(r))
	tid, err := s.feedback.SaveAsTemplate(r.Context(), u, id, l.T("feedback.template_of", f.Title))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.flash(r, "feedback.done.template")
	redirect(w, r, feedbackHref(tid, ""))
}

// mailInvitations hands the personal links to the mail outbox. There is no mail server yet:
// the links are written as e-mail files when an outbox directory is configured; signed-in
// attendees find the form on their home page in any case.
func (s *Server) mailInvitations(r *http.Request, id int64, sent []feedback.Sent) {
	if len(sent) == 0 {
		return
	}
	if s.cfg.MailDir == "" {
		s.log.Info("feedback invitations made; no outbox configured, links not mailed", "form", id, "invited", len(sent))
		return
	}
	l := i18n.For(lang(r))
	for _, x := range sent {
		body := l.T("feedback.mail.body", x.Name, s.cfg.BaseURL+"/f/"+x.Token)
		if err := writeMail(s.cfg.MailDir, x.Email, l.T("feedback.mail.subject"), body); err != nil {
			// The others still get theirs; this person finds the form on the home page.
			s.log.Error("mail not written", "form", id, "user", x.UserID, "err", err)
		}
	}
	s.log.Info("feedback invitations written to the outbox", "form", id, "invited", len(sent))
}
