package server

import (
	"net/http"

	"hnizdo.cz/hnizdo/internal/i18n"
	"hnizdo.cz/hnizdo/web"
)

func (s *Server) account(w http.ResponseWriter, r *http.Request) {
	u := currentUser(r)
	s.showAccount(w, r, http.StatusOK, emptyForm(nil, "current", "password", "confirm"), emptyForm(map[string]string{"lang": u.Lang}, "lang"))
}

func (s *Server) showAccount(w http.ResponseWriter, r *http.Request, status int, pw, lang web.Form) {
	p := s.page(r, "account.title")
	langs := make([]web.Option, len(i18n.Langs))
	for i, l := range i18n.Langs {
		langs[i] = web.Option{Value: l, Label: p.T("lang." + l)}
	}
	pw = labelled(pw, p, "current", "account.current", "password", "account.new", "confirm", "account.confirm")
	lang = labelled(lang, p, "lang", "account.lang")
	s.renderStatus(w, r, status, web.AccountPage(p, web.AccountView{Password: pw, Lang: lang, Langs: langs}))
}

func (s *Server) accountPassword(w http.ResponseWriter, r *http.Request) {
	u := currentUser(r)
	f, err := parseForm(r, "current", "password", "confirm")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	err = s.users.ChangePassword(r.Context(), u, f.Get("current"), f.Get("password"), f.Get("confirm"))
	f.Values = map[string]string{}
	if invalid(&f, err) {
		s.showAccount(w, r, http.StatusUnprocessableEntity, f, emptyForm(map[string]string{"lang": u.Lang}, "lang"))
		return
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if err := s.sessions.RenewToken(r.Context()); err != nil {
		s.fail(w, r, err)
		return
	}
	// Other sessions of this user end; this one goes on with the new version.
	s.sessions.Put(r.Context(), "pwv", int(u.SessionVersion+1))
	s.flash(r, "account.password_done")
	redirect(w, r, "/account")
}

func (s *Server) accountLanguage(w http.ResponseWriter, r *http.Request) {
	u := currentUser(r)
	f, err := parseForm(r, "lang")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	err = s.users.SetLang(r.Context(), u, f.Get("lang"))
	if invalid(&f, err) {
		s.showAccount(w, r, http.StatusUnprocessableEntity, emptyForm(nil, "current", "password", "confirm"), f)
		return
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.flash(r, "account.lang_done")
	redirect(w, r, "/account")
}
