package server

import (
	"errors"
	"net/http"
	"strconv"
	"strings"

	"github.com/go-chi/chi/v5"

	"hnizdo.cz/hnizdo/internal/feedback"
	"hnizdo.cz/hnizdo/internal/i18n"
	"hnizdo.cz/hnizdo/web"
)

// The answer page has two doors: the personal one-time link (/f/{token}, no session needed,
// as mailed) and the signed-in attendee's own invitation (/feedback/{id}/answer, from the home
// page). Both show the same form and store through the same store function.

func (s *Server) answerForm(w http.ResponseWriter, r *http.Request) {
	inv, err := s.feedback.ByUser(r.Context(), currentUser(r), formID(r))
	s.showAnswer(w, r, inv, err, feedbackHref(formID(r), "/answer"), http.StatusOK, nil)
}

func (s *Server) answerTokenForm(w http.ResponseWriter, r *http.Request) {
	inv, err := s.feedback.ByToken(r.Context(), chi.URLParam(r, "token"))
	s.showAnswer(w, r, inv, err, "/f/"+chi.URLParam(r, "token"), http.StatusOK, nil)
}

func (s *Server) answerPost(w http.ResponseWriter, r *http.Request) {
	id := formID(r)
	s.postAnswer(w, r, feedbackHref(id, "/answer"), func(reply feedback.Reply) (*feedback.Invitation, error) {
		inv, err := s.feedback.ByUser(r.Context(), currentUser(r), id)
		if err != nil {
			return inv, err
		}
		return inv, s.feedback.AnswerAs(r.Context(), currentUser(r), id, reply)
	})
}

func (s *Server) answerTokenPost(w http.ResponseWriter, r *http.Request) {
	token := chi.URLParam(r, "token")
	s.postAnswer(w, r, "/f/"+token, func(reply feedback.Reply) (*feedback.Invitation, error) {
		inv, err := s.feedback.ByToken(r.Context(), token)
		if err != nil {
			return inv, err
		}
		return inv, s.feedback.AnswerByToken(r.Context(), token, reply)
	})
}

// postAnswer reads the posted answers ("q<ID>" fields) and stores them with answer; bad input
// re-renders the form with the messages at the questions and everything typed kept.
func (s *Server) postAnswer(w http.ResponseWriter, r *http.Request, action string, answer func(feedback.Reply) (*feedback.Invitation, error)) {
	f, err := parseForm(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	reply := feedback.Reply{}
	for k, vs := range f.Multi {
		if qid, ok := strings.CutPrefix(k, "q"); ok {
			if n, err := strconv.ParseInt(qid, 10, 64); err == nil {
				reply[n] = vs
			}
		}
	}
	inv, err := answer(reply)
	if err == nil {
		s.flash(r, "feedback.done.answer")
		if currentUser(r) != nil {
			redirect(w, r, "/")
			return
		}
		redirect(w, r, action)
		return
	}
	if inv == nil {
		// No invitation to show: an invalid link, or a user without one.
		s.showAnswer(w, r, nil, err, action, http.StatusNotFound, nil)
		return
	}
	if errors.Is(err, feedback.ErrAnswered) {
		// A double submit: the first one counted (perhaps after inv was read).
		inv.Answered = true
		s.showAnswer(w, r, inv, nil, action, http.StatusOK, nil)
		return
	}
	var ref feedback.Refusal
	status := http.StatusUnprocessableEntity
	if errors.As(err, &ref) {
		status = http.StatusConflict
	} else if !invalid(&f, err) {
		s.fail(w, r, err)
		return
	}
	st := &f
	if status == http.StatusConflict {
		f.Errors = map[string]string{}
		st = &web.Form{Values: f.Values, Multi: f.Multi, Errors: map[string]string{"_alert": string(ref)}}
	}
	s.showAnswer(w, r, inv, nil, action, status, st)
}

// showAnswer renders the answer page for inv, or the reason there is nothing to answer.
func (s *Server) showAnswer(w http.ResponseWriter, r *http.Request, inv *feedback.Invitation, err error, action string, status int, posted *web.Form) {
	p := s.page(r, "feedback.answer_title")
	l := p.L
	v := web.AnswerView{Action: action, NoticeColor: "info"}
	var ref feedback.Refusal
	switch {
	case errors.As(err, &ref):
		// An invalid link or a user without an invitation: say so, in Czech, as a page.
		v.Notice, v.NoticeColor = l.T(string(ref)), "warning"
		s.renderStatus(w, r, http.StatusNotFound, web.AnswerPage(p, v))
		return
	case err != nil:
		s.fail(w, r, err)
		return
	}
	fm := inv.Form
	v.Title, v.Anonymous = fm.Title, fm.Anonymous
	v.Intro = paragraphs(fm.Intro)
	if fm.MeetingID != nil {
		v.Subject = fm.MeetingTitle
	}
	if fm.ClosesAt != nil {
		v.Closes = l.DateTime(*fm.ClosesAt)
	}
	now := s.feedback.Now()
	switch {
	case inv.Answered:
		v.Notice, v.NoticeColor = l.T("feedback.answered_thanks"), "success"
	case fm.Over(now):
		v.Notice, v.NoticeColor = l.T(string(feedback.ErrClosed)), "warning"
		if status == http.StatusOK {
			status = http.StatusConflict
		}
	case !fm.Taking(now):
		v.Notice = l.T(string(feedback.ErrNotOpen))
	}
	v.Form = emptyForm(nil)
	if posted != nil {
		if a := posted.Errors["_alert"]; a != "" {
			v.Alert = l.T(a)
			delete(posted.Errors, "_alert")
		}
		v.Form = *posted
	}
	if v.Alert == v.Notice {
		v.Alert = "" // a refusal the notice says already (the deadline passed)
	}
	for _, q := range inv.Questions {
		v.Questions = append(v.Questions, answerQuestion(l, q))
		v.Form.Order = append(v.Form.Order, "q"+strconv.FormatInt(q.ID, 10))
	}
	labels := []string{}
	for _, q := range v.Questions {
		labels = append(labels, q.Name, q.Label)
	}
	v.Form.Labels = map[string]string{}
	for i := 0; i+1 < len(labels); i += 2 {
		v.Form.Labels[labels[i]] = labels[i+1]
	}
	s.renderStatus(w, r, status, web.AnswerPage(p, v))
}

func answerQuestion(l i18n.L, q feedback.Question) web.AnswerQuestion {
	a := web.AnswerQuestion{Name: "q" + strconv.FormatInt(q.ID, 10), Kind: string(q.Kind), Label: q.Label, Help: q.Help,
		Required: q.Required}
	if q.Kind.Scaled() {
		lo, hi := q.Kind.Scale()
		for n := lo; n <= hi; n++ {
			a.Options = append(a.Options, web.Option{Value: strconv.Itoa(n), Label: strconv.Itoa(n)})
		}
		if q.LowLabel != "" || q.HighLabel != "" {
			a.Low, a.High = l.T("feedback.scale_low", lo, q.LowLabel), l.T("feedback.scale_high", hi, q.HighLabel)
		}
	}
	for _, o := range q.Options {
		a.Options = append(a.Options, web.Option{Value: o, Label: o})
	}
	return a
}
