package server

import (
	"errors"
	"net/http"
	"strconv"

	"github.com/go-chi/chi/v5"

	"hnizdo.cz/hnizdo/internal/app"
	"hnizdo.cz/hnizdo/internal/auth"
	"hnizdo.cz/hnizdo/internal/office"
	"hnizdo.cz/hnizdo/web"
)

var userFields = []string{"email", "name", "office", "roles"}

func (s *Server) userList(w http.ResponseWriter, r *http.Request) {
	s.showUsers(w, r, http.StatusOK, emptyForm(nil, userFields...))
}

func (s *Server) showUsers(w http.ResponseWriter, r *http.Request, status int, f web.Form) {
	p := s.page(r, "users.title")
	offices, err := s.offices.List(r.Context(), office.Filter{})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	f = labelled(f, p, "email", "users.email", "name", "users.name", "office", "users.office", "roles", "users.roles")
	v := web.InviteView{Form: f, Offices: []web.Option{{Value: "", Label: p.T("users.choose_office")}}}
	names := make(map[int64]string, len(offices))
	for _, o := range offices {
		v.Offices = append(v.Offices, web.Option{Value: strconv.FormatInt(o.ID, 10), Label: o.Name + " (" + o.RegionName + ")"})
		names[o.ID] = o.Name
	}
	for _, role := range auth.Roles {
		v.Roles = append(v.Roles, web.Option{Value: string(role), Label: p.T("role." + string(role))})
	}
	// The link is shown once, right after the invitation; the session holds it only until then,
	// and the database keeps just its hash.
	if link := s.sessions.PopString(r.Context(), "invite_link"); link != "" {
		v.InviteLink = link
		v.InvitedName = s.sessions.PopString(r.Context(), "invite_name")
	}
	pending, err := s.users.PendingInvitations(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v.Pending = personRows(p.L, pending, names)
	s.renderStatus(w, r, status, web.InvitePage(p, v))
}

func (s *Server) userInvite(w http.ResponseWriter, r *http.Request) {
	f, err := parseForm(r, userFields...)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	var roles []auth.Role
	for _, v := range f.Multi["roles"] {
		roles = append(roles, auth.Role(v))
	}
	n := auth.NewUser{Email: f.Get("email"), Name: f.Get("name"), OfficeID: atoi64(f.Get("office")), Roles: roles}
	_, token, err := s.users.Invite(r.Context(), currentUser(r), n)
	if invalid(&f, err) {
		s.showUsers(w, r, http.StatusUnprocessableEntity, f)
		return
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.showLinkOnce(r, token, n.Name)
	redirect(w, r, "/users")
}

// showLinkOnce keeps a new invitation link in the session for the next page only.
func (s *Server) showLinkOnce(r *http.Request, token, name string) {
	s.sessions.Put(r.Context(), "invite_link", s.cfg.BaseURL+"/invite/"+token)
	s.sessions.Put(r.Context(), "invite_name", name)
}

func (s *Server) userReinvite(w http.ResponseWriter, r *http.Request) {
	id := atoi64(chi.URLParam(r, "id"))
	u, err := s.users.User(r.Context(), id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	token, err := s.users.Reinvite(r.Context(), currentUser(r), id)
	if errors.Is(err, app.ErrConflict) {
		s.flash(r, "users.already_active")
		redirect(w, r, "/users")
		return
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.showLinkOnce(r, token, u.Name)
	redirect(w, r, "/users")
}
