package server

import (
	"errors"
	"net/http"
	"strings"

	"github.com/go-chi/chi/v5"
	"github.com/go-chi/chi/v5/middleware"

	"hnizdo.cz/hnizdo/internal/auth"
	"hnizdo.cz/hnizdo/web"
)

func (s *Server) loginForm(w http.ResponseWriter, r *http.Request) {
	if currentUser(r) != nil {
		redirect(w, r, "/")
		return
	}
	p := s.page(r, "login.title")
	s.render(w, r, web.LoginPage(p, web.LoginView{Form: emptyForm(nil, "email", "password"), Next: safeNext(r.URL.Query().Get("next"))}))
}

func (s *Server) loginPost(w http.ResponseWriter, r *http.Request) {
	f, err := parseForm(r, "email", "password")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	next := safeNext(f.Get("next"))
	email, password := strings.TrimSpace(f.Get("email")), f.Get("password")
	if email == "" {
		f.Errors["email"] = "err.required"
	}
	if password == "" {
		f.Errors["password"] = "err.required"
	}
	f.Values["password"] = "" // never echo a password back
	show := func(status int, msgKey string) {
		p := s.page(r, "login.title")
		v := web.LoginView{Form: labelled(f, p, "email", "login.email", "password", "login.password"), Next: next}
		if msgKey != "" {
			v.Message = p.T(msgKey)
		}
		s.renderStatus(w, r, status, web.LoginPage(p, v))
	}
	if len(f.Errors) > 0 {
		show(http.StatusUnprocessableEntity, "")
		return
	}
	u, err := s.users.Login(r.Context(), email, password, middleware.GetClientIP(r.Context()))
	switch {
	case errors.Is(err, auth.ErrThrottled):
		show(http.StatusTooManyRequests, "login.throttled")
		return
	case errors.Is(err, auth.ErrBadCredentials):
		show(http.StatusUnprocessableEntity, "login.failed")
		return
	case err != nil:
		s.fail(w, r, err)
		return
	}
	// A new token at login defeats session fixation.
	if err := s.sessions.RenewToken(r.Context()); err != nil {
		s.fail(w, r, err)
		return
	}
	s.sessions.Put(r.Context(), "uid", u.ID)
	s.sessions.Put(r.Context(), "pwv", int(u.SessionVersion))
	s.markSeen(r)
	if next == "" {
		next = "/"
	}
	redirect(w, r, next)
}

func (s *Server) logout(w http.ResponseWriter, r *http.Request) {
	if err := s.sessions.RenewToken(r.Context()); err != nil {
		s.fail(w, r, err)
		return
	}
	s.sessions.Remove(r.Context(), "uid")
	s.sessions.Put(r.Context(), "lang", currentUser(r).Lang)
	s.flash(r, "login.logged_out")
	redirect(w, r, "/login")
}

func (s *Server) inviteForm(w http.ResponseWriter, r *http.Request) {
	s.showInvite(w, r, emptyForm(nil, "password", "confirm"), http.StatusOK)
}

func (s *Server) showInvite(w http.ResponseWriter, r *http.Request, f web.Form, status int) {
	token := chi.URLParam(r, "token")
	p := s.page(r, "invite.title")
	u, err := s.users.Invitee(r.Context(), token)
	if errors.Is(err, auth.ErrInvitation) {
		s.renderStatus(w, r, http.StatusNotFound, web.AcceptPage(p, web.AcceptView{Invalid: true}))
		return
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	f = labelled(f, p, "password", "account.new", "confirm", "account.confirm")
	s.renderStatus(w, r, status, web.AcceptPage(p, web.AcceptView{Form: f, Name: u.Name, Email: u.Email, Action: "/invite/" + token}))
}

func (s *Server) invitePost(w http.ResponseWriter, r *http.Request) {
	f, err := parseForm(r, "password", "confirm")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	_, err = s.users.AcceptInvitation(r.Context(), chi.URLParam(r, "token"), f.Get("password"), f.Get("confirm"))
	f.Values["password"], f.Values["confirm"] = "", ""
	switch {
	case errors.Is(err, auth.ErrInvitation):
		s.renderStatus(w, r, http.StatusNotFound, web.AcceptPage(s.page(r, "invite.title"), web.AcceptView{Invalid: true}))
		return
	case invalid(&f, err):
		s.showInvite(w, r, f, http.StatusUnprocessableEntity)
		return
	case err != nil:
		s.fail(w, r, err)
		return
	}
	s.flash(r, "invite.done")
	redirect(w, r, "/login")
}
