package server

import (
	"errors"
	"log/slog"
	"net/http"

	"github.com/go-chi/chi/v5/middleware"

	"hnizdo.cz/hnizdo/internal/app"
	"hnizdo.cz/hnizdo/internal/db"
	"hnizdo.cz/hnizdo/internal/i18n"
	"hnizdo.cz/hnizdo/web"
)

// fail answers an error: known kinds map to their status; anything else is logged once with
// the request id and shown as a Czech page with that id as the reference.
func (s *Server) fail(w http.ResponseWriter, r *http.Request, err error) {
	var tooLarge *http.MaxBytesError
	switch {
	case errors.Is(err, app.ErrNotFound):
		s.errorPage(w, r, http.StatusNotFound, "err.not_found.title", "err.not_found.text", "")
	case errors.Is(err, app.ErrForbidden):
		s.errorPage(w, r, http.StatusForbidden, "err.forbidden.title", "err.forbidden.text", "")
	case errors.Is(err, app.ErrConflict):
		s.errorPage(w, r, http.StatusConflict, "err.conflict.title", "err.wrong_state", "")
	case errors.Is(err, errBadRequest):
		s.errorPage(w, r, http.StatusBadRequest, "err.bad_request.title", "err.bad_request.text", "")
	case errors.As(err, &tooLarge):
		s.errorPage(w, r, http.StatusRequestEntityTooLarge, "err.too_large.title", "err.too_large.text", "")
	case db.IsUnavailable(err):
		s.log.Warn("database unavailable", slog.String("request_id", middleware.GetReqID(r.Context())), slog.Any("err", err))
		w.Header().Set("Retry-After", "5")
		s.errorPage(w, r, http.StatusServiceUnavailable, "err.unavailable.title", "err.unavailable.text", "")
	default:
		ref := middleware.GetReqID(r.Context())
		s.log.Error("request failed", slog.String("request_id", ref), slog.Any("err", err))
		s.errorPage(w, r, http.StatusInternalServerError, "err.server.title", "err.server.text", ref)
	}
}

// errorPage renders an error without touching the database or the session, so it works
// when either is broken.
func (s *Server) errorPage(w http.ResponseWriter, r *http.Request, status int, title, text, ref string) {
	l := i18n.For(lang(r))
	p := web.Page{Title: l.T(title), L: l}
	if u := currentUser(r); u != nil {
		p.User = userBar(l, u)
		p.Nav = nav(l, u, "")
	}
	s.renderStatus(w, r, status, web.ErrorPage(p, web.ErrorView{TitleKey: title, TextKey: text, Ref: ref}))
}

func (s *Server) notFound(w http.ResponseWriter, r *http.Request) {
	s.errorPage(w, r, http.StatusNotFound, "err.not_found.title", "err.not_found.text", "")
}

func (s *Server) methodNotAllowed(w http.ResponseWriter, r *http.Request) {
	s.errorPage(w, r, http.StatusMethodNotAllowed, "err.method.title", "err.method.text", "")
}
