package server

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"path"
	"runtime/debug"
	"strings"
	"time"

	"github.com/go-chi/chi/v5"
	"github.com/go-chi/chi/v5/middleware"

	"hnizdo.cz/hnizdo/internal/app"
	"hnizdo.cz/hnizdo/internal/auth"
	"hnizdo.cz/hnizdo/internal/i18n"
)

type ctxKey int

const (
	userKey ctxKey = iota
	infoKey
	epochKey // the epoch the request began in, see epoch.begun
)

// reqInfo is filled in along the chain and read by the request log at the end.
type reqInfo struct {
	userID int64
	lang   string
}

func info(r *http.Request) *reqInfo {
	if ri, ok := r.Context().Value(infoKey).(*reqInfo); ok {
		return ri
	}
	return &reqInfo{}
}

func currentUser(r *http.Request) *auth.User {
	u, _ := r.Context().Value(userKey).(*auth.User)
	return u
}

// logRequests writes one structured line per request.
func (s *Server) logRequests(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		ri := &reqInfo{}
		r = r.WithContext(context.WithValue(r.Context(), infoKey, ri))
		ww := middleware.NewWrapResponseWriter(w, r.ProtoMajor)
		next.ServeHTTP(ww, r)
		status := ww.Status()
		logPath, user := r.URL.Path, ri.userID
		rc := chi.RouteContext(r.Context())
		if rc != nil && strings.Contains(rc.RoutePattern(), "{token}") || strings.HasPrefix(logPath, "/f/") {
			logPath = "/f/{token}" // one-time tokens never reach the logs, matched or not
			if rc != nil && rc.RoutePattern() != "" {
				logPath = rc.RoutePattern()
			}
		}
		if strings.HasPrefix(logPath, "/f/") || strings.HasSuffix(logPath, "/answer") {
			user = 0 // who answered, and when, would undo an anonymous form's promise
		}
		if status == 0 {
			status = http.StatusOK
		}
		s.log.LogAttrs(r.Context(), slog.LevelInfo, "request",
			slog.String("request_id", middleware.GetReqID(r.Context())),
			slog.Int64("user_id", user),
			slog.String("method", r.Method),
			slog.String("path", logPath),
			slog.Int("status", status),
			slog.Duration("duration", time.Since(start)))
	})
}

// recoverPanics turns a panic into the Czech 500 page; the stack goes to the log only.
func (s *Server) recoverPanics(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			if v := recover(); v != nil {
				if v == http.ErrAbortHandler {
					panic(v)
				}
				s.fail(w, r, fmt.Errorf("panic: %v\n%s", v, debug.Stack()))
			}
		}()
		next.ServeHTTP(w, r)
	})
}

// csp allows only our own files: no inline script or style, no framing.
const csp = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; " +
	"connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"

func secureHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", csp)
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "same-origin")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Cross-Origin-Opener-Policy", "same-origin")
		next.ServeHTTP(w, r)
	})
}

func (s *Server) limitBody(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		limit := s.cfg.MaxBody
		if r.Method == http.MethodPost && strings.HasSuffix(r.URL.Path, "/files") {
			// An attachment upload: the handler answers an oversized file at its field.
			limit = s.cfg.MaxUpload + 1<<20
		}
		if r.ContentLength > limit {
			s.errorPage(w, r, http.StatusRequestEntityTooLarge, "err.too_large.title", "err.too_large.text", "")
			return
		}
		r.Body = http.MaxBytesReader(w, r.Body, limit)
		next.ServeHTTP(w, r)
	})
}

// loadUser puts the signed-in user, if any, into the context. Users are kept between requests
// (see shelf): a user changes only through a form, whose request makes the kept ones old.
func (s *Server) loadUser(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		id := s.sessions.GetInt64(r.Context(), "uid")
		if id != 0 {
			u, err := s.people.getAt(s.epoch.begun(r.Context()), id, func() (*auth.User, error) { return s.users.User(r.Context(), id) })
			if err == nil {
				cp := *u // the kept user is shared; each request gets its own copy
				u = &cp
			}
			if err == nil && int32(s.sessions.GetInt(r.Context(), "pwv")) != u.SessionVersion {
				err = app.ErrNotFound // the password changed since this session began
			}
			switch {
			case errors.Is(err, app.ErrNotFound):
				s.sessions.Remove(r.Context(), "uid") // deactivated or password changed meanwhile
			case err != nil:
				s.fail(w, r, err)
				return
			default:
				info(r).userID = u.ID
				info(r).lang = u.Lang
				r = r.WithContext(context.WithValue(r.Context(), userKey, u))
			}
		}
		if currentUser(r) == nil {
			// The language chosen before logging out stays until the browser is closed.
			info(r).lang = s.sessions.GetString(r.Context(), "lang")
		}
		next.ServeHTTP(w, r)
	})
}

// allow enforces a route's access rule: no session → login (then back), no permission → 403.
func (s *Server) allow(a access) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if a.public {
				next.ServeHTTP(w, r)
				return
			}
			u := currentUser(r)
			if u == nil {
				target := "/login"
				if r.Method == http.MethodGet && r.URL.Path != "/" {
					target += "?next=" + url.QueryEscape(r.URL.RequestURI())
				}
				http.Redirect(w, r, target, http.StatusSeeOther)
				return
			}
			if a.perm != "" && !u.Can(a.perm) {
				s.errorPage(w, r, http.StatusForbidden, "err.forbidden.title", "err.forbidden.text", "")
				return
			}
			next.ServeHTTP(w, r)
		})
	}
}

// safeNext keeps a return address only when it is a path on this site. Backslashes and
// control characters are refused outright (browsers read "/\\x" as "//x"), and the path is
// checked after cleaning, as http.Redirect will clean it.
func safeNext(next string) string {
	if !strings.HasPrefix(next, "/") || strings.ContainsAny(next, "\\") {
		return ""
	}
	for _, r := range next {
		if r < 0x20 || r == 0x7f {
			return ""
		}
	}
	u, err := url.Parse(next)
	if err != nil || u.Host != "" || u.Scheme != "" || u.User != nil {
		return ""
	}
	clean := path.Clean(u.Path)
	if strings.HasPrefix(clean, "//") || !strings.HasPrefix(clean, "/") {
		return ""
	}
	if u.RawQuery != "" {
		return clean + "?" + u.RawQuery
	}
	return clean
}

// lang picks the interface language: the user's setting (kept in the session after logout),
// then the browser's.
func lang(r *http.Request) string {
	if ri := info(r); ri.lang != "" {
		return ri.lang
	}
	return i18n.FromAcceptLanguage(r.Header.Get("Accept-Language"))
}
