package server

import (
	"errors"
	"net/http"
	"strconv"

	"github.com/go-chi/chi/v5"
	"golang.org/x/sync/errgroup"

	"hnizdo.cz/hnizdo/internal/app"
	"hnizdo.cz/hnizdo/internal/auth"
	"hnizdo.cz/hnizdo/internal/i18n"
	"hnizdo.cz/hnizdo/internal/nest"
	"hnizdo.cz/hnizdo/internal/office"
	"hnizdo.cz/hnizdo/web"
)

var officeFields = []string{"name", "region", "kind", "municipality", "address", "email", "phone", "website", "pilot"}

// officeList shows the offices of the user's region by default, filterable by region, kind
// and name.
func (s *Server) officeList(w http.ResponseWriter, r *http.Request) {
	u := currentUser(r)
	q, err := query(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p := s.page(r, "offices.title")
	f := emptyForm(map[string]string{"region": strconv.Itoa(int(u.RegionID)), "kind": q.Get("kind"), "q": q.Get("q")})
	if q.Has("region") {
		f.Values["region"] = q.Get("region")
	}
	region, _ := strconv.Atoi(f.Get("region"))
	offices, err := s.offices.List(r.Context(), office.Filter{RegionID: int16(region), Kind: office.Kind(f.Get("kind")), Query: f.Get("q")})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	regions, err := s.regionOptions(r, p.L, true)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, web.OfficesPage(p, web.OfficesView{
		Form: f, Regions: regions, Kinds: kindOptions(p.L, true), Offices: officeRows(p.L, offices),
		Found: p.L.N("offices.found", len(offices)), CanAdd: u.Can(auth.ManageOffices),
	}))
}

func (s *Server) regionOptions(r *http.Request, l i18n.L, all bool) ([]web.Option, error) {
	regions, err := s.offices.Regions(r.Context())
	if err != nil {
		return nil, err
	}
	var opts []web.Option
	if all {
		opts = append(opts, web.Option{Value: "0", Label: l.T("offices.all_regions")})
	}
	for _, g := range regions {
		opts = append(opts, web.Option{Value: strconv.Itoa(int(g.ID)), Label: g.Name})
	}
	return opts, nil
}

func kindOptions(l i18n.L, all bool) []web.Option {
	var opts []web.Option
	if all {
		opts = append(opts, web.Option{Value: "", Label: l.T("kind.all")})
	}
	for _, k := range office.Kinds {
		opts = append(opts, web.Option{Value: string(k), Label: l.T("kind." + string(k))})
	}
	return opts
}

func (s *Server) officeShow(w http.ResponseWriter, r *http.Request) {
	// The office, its people and its tools at once: one after another, each read waited for the
	// database again when the server was busy (the office page's p99 was 114 ms in the mix).
	id := atoi64(chi.URLParam(r, "id"))
	var (
		o         *office.Office
		people    []auth.Person
		adoptions []nest.Adoption
		g, ctx    = errgroup.WithContext(r.Context())
	)
	g.Go(func() (err error) { o, err = s.offices.Get(ctx, id); return })
	g.Go(func() (err error) { people, err = s.users.People(ctx, id); return })
	g.Go(func() (err error) { adoptions, err = s.nest.OfficeAdoptions(ctx, id); return })
	if err := g.Wait(); err != nil {
		s.fail(w, r, err)
		return
	}
	p := s.page(r, "app.name")
	p.Title = o.Name
	p.Crumbs = []web.Link{{Label: p.T("offices.title"), Href: "/offices?region=" + strconv.Itoa(int(o.RegionID))}}
	var tools []web.OfficeTool
	for i := range adoptions {
		a := &adoptions[i]
		t := web.OfficeTool{Name: a.ToolName, Href: toolHref(a.ToolID, ""), Stage: string(a.Stage), StageLabel: stageLabel(p.L, a.Stage)}
		if d := a.Since(); d != nil {
			t.Since = p.L.Date(*d)
		}
		tools = append(tools, t)
	}
	s.render(w, r, web.OfficePage(p, web.OfficeView{
		Tools: tools,
		Office: web.OfficeDetail{ID: o.ID, Name: o.Name, Kind: p.T("kind." + string(o.Kind)), Region: o.RegionName,
			Municipality: o.Municipality, Address: o.Address, Email: o.Email, Phone: o.Phone, Website: o.Website, Pilot: o.Pilot,
			Updated: p.L.Date(o.UpdatedAt)},
		People:  personRows(p.L, people, nil),
		Count:   p.L.N("people", len(people)),
		CanEdit: currentUser(r).Can(auth.ManageOffices),
	}))
}

func (s *Server) officeNew(w http.ResponseWriter, r *http.Request) {
	u := currentUser(r)
	f := emptyForm(map[string]string{"region": strconv.Itoa(int(u.RegionID)), "kind": string(office.ORP)}, officeFields...)
	s.showOfficeForm(w, r, http.StatusOK, f, 0, false)
}

func (s *Server) officeEdit(w http.ResponseWriter, r *http.Request) {
	o, err := s.offices.Get(r.Context(), atoi64(chi.URLParam(r, "id")))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.showOfficeForm(w, r, http.StatusOK, officeForm(o), o.ID, false)
}

func officeForm(o *office.Office) web.Form {
	pilot := ""
	if o.Pilot {
		pilot = "1"
	}
	return emptyForm(map[string]string{"name": o.Name, "region": strconv.Itoa(int(o.RegionID)), "kind": string(o.Kind),
		"municipality": o.Municipality, "address": o.Address, "email": o.Email, "phone": o.Phone, "website": o.Website,
		"pilot": pilot, "version": strconv.Itoa(int(o.Version))}, officeFields...)
}

func (s *Server) showOfficeForm(w http.ResponseWriter, r *http.Request, status int, f web.Form, id int64, conflict bool) {
	title, action := "office.new", "/offices"
	if id != 0 {
		title, action = "office.edit", officeHref(id)
	}
	p := s.page(r, title)
	p.Crumbs = []web.Link{{Label: p.T("offices.title"), Href: "/offices"}}
	regions, err := s.regionOptions(r, p.L, false)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	f = labelled(f, p, "name", "offices.name", "region", "offices.region", "kind", "offices.kind", "municipality", "offices.municipality",
		"address", "office.address", "email", "office.email", "phone", "office.phone", "website", "office.website")
	s.renderStatus(w, r, status, web.OfficeFormPage(p, web.OfficeFormView{Form: f, Action: action, Regions: regions,
		Kinds: kindOptions(p.L, false), Conflict: conflict}))
}

func officeInput(f web.Form) office.Input {
	region, _ := strconv.Atoi(f.Get("region"))
	version, _ := strconv.Atoi(f.Get("version"))
	return office.Input{RegionID: int16(region), Kind: office.Kind(f.Get("kind")), Name: f.Get("name"),
		Municipality: f.Get("municipality"), Address: f.Get("address"), Email: f.Get("email"), Phone: f.Get("phone"),
		Website: f.Get("website"), Pilot: f.Get("pilot") == "1", Version: int32(version)}
}

func (s *Server) officeCreate(w http.ResponseWriter, r *http.Request) {
	f, err := parseForm(r, officeFields...)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	id, err := s.offices.Create(r.Context(), currentUser(r), officeInput(f))
	if invalid(&f, err) {
		s.showOfficeForm(w, r, http.StatusUnprocessableEntity, f, 0, false)
		return
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.flash(r, "office.created")
	redirect(w, r, officeHref(id))
}

func (s *Server) officeUpdate(w http.ResponseWriter, r *http.Request) {
	id := atoi64(chi.URLParam(r, "id"))
	f, err := parseForm(r, officeFields...)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	err = s.offices.Update(r.Context(), currentUser(r), id, officeInput(f))
	switch {
	case invalid(&f, err):
		s.showOfficeForm(w, r, http.StatusUnprocessableEntity, f, id, false)
		return
	case errors.Is(err, app.ErrConflict):
		o, err := s.offices.Get(r.Context(), id)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		s.showOfficeForm(w, r, http.StatusConflict, officeForm(o), id, true)
		return
	case err != nil:
		s.fail(w, r, err)
		return
	}
	s.flash(r, "office.saved")
	redirect(w, r, officeHref(id))
}
