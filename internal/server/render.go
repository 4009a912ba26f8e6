package server

import (
	"bytes"
	"net/http"
	"strings"

	"github.com/a-h/templ"

	"hnizdo.cz/hnizdo/internal/auth"
	"hnizdo.cz/hnizdo/internal/i18n"
	"hnizdo.cz/hnizdo/web"
)

// render writes a page with status 200.
func (s *Server) render(w http.ResponseWriter, r *http.Request, c templ.Component) {
	s.renderStatus(w, r, http.StatusOK, c)
}

// renderStatus renders into a buffer first, so a failing view never sends half a page.
func (s *Server) renderStatus(w http.ResponseWriter, r *http.Request, status int, c templ.Component) {
	var buf bytes.Buffer
	if err := c.Render(r.Context(), &buf); err != nil {
		s.log.Error("render failed", "path", r.URL.Path, "err", err)
		http.Error(w, "Chyba serveru", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	w.Write(buf.Bytes())
}

// page builds the layout model for the current request.
func (s *Server) page(r *http.Request, titleKey string, args ...any) web.Page {
	l := i18n.For(lang(r))
	p := web.Page{Title: l.T(titleKey, args...), L: l}
	if u := currentUser(r); u != nil {
		p.User = userBar(l, u)
		p.Nav = nav(l, u, r.URL.Path)
	}
	if key := s.sessions.PopString(r.Context(), "flash"); key != "" {
		p.Flash = l.T(key)
	}
	if key := s.sessions.PopString(r.Context(), "alert"); key != "" {
		p.Alert = l.T(key)
	}
	return p
}

func userBar(l i18n.L, u *auth.User) *web.UserBar {
	return &web.UserBar{Name: u.Name, OfficeID: u.OfficeID, OfficeName: u.OfficeName, RegionName: u.RegionName, Roles: roleNames(l, u.Roles)}
}

func roleNames(l i18n.L, roles []auth.Role) string {
	names := make([]string, len(roles))
	for i, r := range roles {
		names[i] = l.T("role." + string(r))
	}
	return strings.Join(names, ", ")
}

// nav is the main navigation for u's roles; path marks the current section.
func nav(l i18n.L, u *auth.User, path string) []web.Link {
	items := []struct {
		key, href string
		perm      auth.Permission
	}{
		{"nav.home", "/", ""},
		{"nav.meetings", "/meetings", ""},
		{"nav.notes", "/notes", ""},
		{"nav.feedback", "/feedback", ""},
		{"nav.oversight", "/oversight", ""},
		{"nav.questions", "/questions", ""},
		{"nav.nest", "/nest", ""},
		{"nav.offices", "/offices", auth.ViewDirectory},
		{"nav.users", "/users", auth.ManageUsers},
		{"nav.account", "/account", ""},
	}
	var out []web.Link
	for _, it := range items {
		if it.perm != "" && !u.Can(it.perm) {
			continue
		}
		active := path == it.href || (it.href != "/" && strings.HasPrefix(path, it.href+"/")) ||
			// The FAQ is the published side of the questions.
			(it.href == "/questions" && (path == "/faq" || strings.HasPrefix(path, "/faq/")))
		out = append(out, web.Link{Label: l.T(it.key), Href: it.href, Active: active})
	}
	return out
}

// flash stores a one-time success message key shown on the next page.
func (s *Server) flash(r *http.Request, key string) { s.sessions.Put(r.Context(), "flash", key) }

// warn stores a one-time warning key shown on the next page: what the user tried did not happen.
func (s *Server) warn(r *http.Request, key string) { s.sessions.Put(r.Context(), "alert", key) }

// redirect answers a successful POST (post/redirect/get).
func redirect(w http.ResponseWriter, r *http.Request, to string) {
	http.Redirect(w, r, to, http.StatusSeeOther)
}
