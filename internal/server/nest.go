package server

// Tools of the innovation nest: the catalogue, a tool with its ladder, adoptions, files and links.

import (
	"cmp"
	"errors"
	"net/http"
	"strconv"
	"strings"
	"time"

	"hnizdo.cz/hnizdo/internal/app"
	"hnizdo.cz/hnizdo/internal/auth"
	"hnizdo.cz/hnizdo/internal/i18n"
	"hnizdo.cz/hnizdo/internal/markdown"
	"hnizdo.cz/hnizdo/internal/nest"
	"hnizdo.cz/hnizdo/internal/office"
	"hnizdo.cz/hnizdo/web"
)

func toolHref(id int64, rest string) string { return "/nest/tools/" + strconv.FormatInt(id, 10) + rest }

var toolFields = []string{"name", "kind", "origins", "topic", "summary", "body"}

// nestRefused handles what a nest store method answered to a form post; it reports whether err
// was handled. Refusals show the page with their message; bad input shows it at the fields.
func (s *Server) nestRefused(w http.ResponseWriter, r *http.Request, err error, f *web.Form, show func(status int, alert string)) bool {
	var ref nest.Refusal
	switch {
	case err == nil:
		return false
	case errors.As(err, &ref):
		show(http.StatusConflict, string(ref))
	case f != nil && invalid(f, err):
		show(http.StatusUnprocessableEntity, "")
	default:
		s.fail(w, r, err)
	}
	return true
}

func maturityLabel(l i18n.L, m nest.Maturity) string { return l.T("nest.maturity." + string(m)) }

func stageLabel(l i18n.L, st nest.Stage) string {
	if st == nest.NotOffered {
		return l.T("nest.stage.none")
	}
	return l.T("nest.stage." + string(st))
}

// spreadText says in words how far a tool has spread, e.g. "používá 5 úřadů, zkouší 2".
func spreadText(l i18n.L, t *nest.Tool) string {
	var parts []string
	for _, c := range []struct {
		key string
		n   int32
	}{{"nest.count.adopted", t.Adopted}, {"nest.count.trialling", t.Trialling}, {"nest.count.offered", t.Offered}} {
		if c.n > 0 {
			parts = append(parts, l.N(c.key, int(c.n)))
		}
	}
	return strings.Join(parts, ", ")
}

func (s *Server) nestHome(w http.ResponseWriter, r *http.Request) {
	u := currentUser(r)
	q, err := query(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p := s.page(r, "nest.title")
	l := p.L
	region := u.RegionID
	if q.Has("region") {
		region = small(q.Get("region"))
	}
	f := nest.Filter{Region: max(region, 0), Maturity: nest.Maturity(q.Get("maturity")), Kind: nest.Kind(q.Get("kind")), Query: q.Get("q")}
	if !f.Maturity.Valid() {
		f.Maturity = ""
	}
	if !f.Kind.Valid() {
		f.Kind = ""
	}
	tools, err := s.nest.Tools(r.Context(), f)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	regions, err := s.regionOptions(r, l, true)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	rq := "?region=" + strconv.Itoa(int(f.Region))
	canCreate, err := s.mayCreateTool(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v := web.NestView{Regions: regions, CanGuide: u.Can(auth.Accompany), CanCreate: canCreate,
		MatrixURL: "/nest/matrix" + rq, PilotsURL: "/nest/pilots" + rq,
		Form: emptyForm(map[string]string{"q": f.Query, "region": strconv.Itoa(int(f.Region)),
			"maturity": string(f.Maturity), "kind": string(f.Kind)})}
	v.Maturity = []web.Option{{Value: "", Label: l.T("nest.all_maturity")}}
	for _, m := range nest.Ladder {
		v.Maturity = append(v.Maturity, web.Option{Value: string(m), Label: maturityLabel(l, m)})
	}
	v.Kinds = append([]web.Option{{Value: "", Label: l.T("nest.all_kinds")}}, toolKinds(l)...)
	for i := range tools {
		t := &tools[i]
		v.Tools = append(v.Tools, web.ToolCard{ID: t.ID, Name: t.Name, Kind: l.T("nest.kind." + string(t.Kind)),
			Maturity: string(t.Maturity), Label: maturityLabel(l, t.Maturity), Summary: t.Summary,
			Origins: strings.Join(t.OriginNames, ", "), Region: t.RegionName, Spread: spreadText(l, t)})
	}
	s.render(w, r, web.NestPage(p, v))
}

func toolKinds(l i18n.L) []web.Option {
	var opts []web.Option
	for _, k := range nest.Kinds {
		opts = append(opts, web.Option{Value: string(k), Label: l.T("nest.kind." + string(k))})
	}
	return opts
}

// toolForm builds the tool form's view for region: guides and methodologists name any ORP or
// district office of the region as origin; anyone else only their own office.
func (s *Server) toolForm(r *http.Request, p web.Page, f web.Form, region int16, origins []int64, action, cancel string, version int32) (web.ToolFormView, error) {
	u := currentUser(r)
	l := p.L
	v := web.ToolFormView{Form: labelled(f, p, "name", "nest.name", "kind", "nest.kind", "origins", "nest.origins",
		"topic", "nest.topic", "summary", "nest.summary", "body", "nest.body"),
		Action: action, Kinds: toolKinds(l), Version: version, Cancel: cancel, Own: u.OfficeName}
	offices, err := s.offices.List(r.Context(), office.Filter{RegionID: region})
	if err != nil {
		return v, err
	}
	ids := map[int64]bool{}
	if nest.Accompanies(u, region) {
		for _, o := range offices {
			if municipal(o.Kind) {
				v.Origins = append(v.Origins, web.Option{Value: strconv.FormatInt(o.ID, 10), Label: o.Name})
				ids[o.ID] = true
			}
		}
	} else {
		// The staff of one origin office keep the tool's other origins and so its topic.
		ids[u.OfficeID] = true
		for _, o := range origins {
			ids[o] = true
		}
	}
	topics, err := s.nest.Topics(r.Context(), region)
	if err != nil {
		return v, err
	}
	v.Topics = []web.Option{{Value: "", Label: l.T("nest.topic_none")}}
	for _, t := range topics {
		if ids[t.OfficeID] {
			v.Topics = append(v.Topics, web.Option{Value: strconv.FormatInt(t.ID, 10), Label: t.OfficeName + ": " + t.Title})
		}
	}
	return v, nil
}

// mayCreateTool reports whether the user may describe a new tool: the region's guides and
// methodologists, and the staff of a municipal office (ORP or city district), who name their own
// office as its origin. Others (e.g. a coordinator at the regional authority) have no office a
// tool could come from.
func (s *Server) mayCreateTool(r *http.Request) (bool, error) {
	u := currentUser(r)
	if nest.Accompanies(u, u.RegionID) {
		return true, nil
	}
	o, err := s.offices.Get(r.Context(), u.OfficeID)
	if err != nil {
		return false, err
	}
	return municipal(o.Kind), nil
}

func (s *Server) toolNew(w http.ResponseWriter, r *http.Request) {
	u := currentUser(r)
	if ok, err := s.mayCreateTool(r); err != nil || !ok {
		s.fail(w, r, cmp.Or(err, app.ErrForbidden))
		return
	}
	p := s.page(r, "nest.tool_new")
	p.Crumbs = []web.Link{{Label: p.T("nest.title"), Href: "/nest"}}
	f := emptyForm(map[string]string{"kind": string(nest.KindTool)}, toolFields...)
	if !nest.Accompanies(u, u.RegionID) {
		f.Multi["origins"] = []string{strconv.FormatInt(u.OfficeID, 10)}
	}
	v, err := s.toolForm(r, p, f, u.RegionID, nil, "/nest/tools", "/nest", 0)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, web.ToolFormPage(p, v))
}

func toolInput(u *auth.User, f web.Form, region int16) nest.ToolInput {
	in := nest.ToolInput{Name: f.Get("name"), Kind: nest.Kind(f.Get("kind")), TopicID: atoi64(f.Get("topic")),
		Summary: f.Get("summary"), Body: f.Get("body"), Version: int32(atoi64(f.Get("version")))}
	if nest.Accompanies(u, region) {
		in.Origins = idList(f.Multi["origins"])
	} else {
		in.Origins = []int64{u.OfficeID}
	}
	return in
}

func (s *Server) toolCreate(w http.ResponseWriter, r *http.Request) {
	u := currentUser(r)
	if ok, err := s.mayCreateTool(r); err != nil || !ok {
		s.fail(w, r, cmp.Or(err, app.ErrForbidden))
		return
	}
	f, err := parseForm(r, toolFields...)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	id, err := s.nest.Create(r.Context(), u, toolInput(u, f, u.RegionID))
	if invalid(&f, err) {
		p := s.page(r, "nest.tool_new")
		p.Crumbs = []web.Link{{Label: p.T("nest.title"), Href: "/nest"}}
		v, err := s.toolForm(r, p, f, u.RegionID, nil, "/nest/tools", "/nest", 0)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		s.renderStatus(w, r, http.StatusUnprocessableEntity, web.ToolFormPage(p, v))
		return
	} else if err != nil {
		s.fail(w, r, err)
		return
	}
	s.flash(r, "nest.created")
	redirect(w, r, toolHref(id, ""))
}

func (s *Server) toolEdit(w http.ResponseWriter, r *http.Request) {
	s.showToolForm(w, r, nil, http.StatusOK, "")
}

func (s *Server) showToolForm(w http.ResponseWriter, r *http.Request, f *web.Form, status int, alert string) {
	u := currentUser(r)
	t, err := s.nest.Tool(r.Context(), pathID(r))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if !nest.Edits(u, t) {
		s.fail(w, r, app.ErrForbidden)
		return
	}
	p := s.page(r, "nest.tool_edit")
	p.Crumbs = []web.Link{{Label: p.T("nest.title"), Href: "/nest"}, {Label: t.Name, Href: toolHref(t.ID, "")}}
	if alert != "" {
		p.Alert = p.T(alert)
	}
	if f == nil {
		e := emptyForm(map[string]string{"name": t.Name, "kind": string(t.Kind), "summary": t.Summary, "body": t.Body}, toolFields...)
		if t.TopicID != nil {
			e.Values["topic"] = strconv.FormatInt(*t.TopicID, 10)
		}
		for _, o := range t.OriginIDs {
			e.Multi["origins"] = append(e.Multi["origins"], strconv.FormatInt(o, 10))
		}
		f = &e
	}
	v, err := s.toolForm(r, p, *f, t.RegionID, t.OriginIDs, toolHref(t.ID, ""), toolHref(t.ID, ""), t.Version)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.renderStatus(w, r, status, web.ToolFormPage(p, v))
}

func (s *Server) toolSave(w http.ResponseWriter, r *http.Request) {
	u := currentUser(r)
	id := pathID(r)
	f, err := parseForm(r, toolFields...)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	t, err := s.nest.Tool(r.Context(), id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	err = s.nest.Update(r.Context(), u, id, toolInput(u, f, t.RegionID))
	if s.nestRefused(w, r, err, &f, func(status int, alert string) { s.showToolForm(w, r, &f, status, alert) }) {
		return
	}
	s.flash(r, "nest.saved")
	redirect(w, r, toolHref(id, ""))
}

// toolState carries a failed form back to the tool page.
type toolState struct {
	status                            int
	alert                             string
	promote, retire, own, offer, link *web.Form
}

func (s *Server) toolShow(w http.ResponseWriter, r *http.Request) {
	s.showTool(w, r, pathID(r), toolState{})
}

func (s *Server) showTool(w http.ResponseWriter, r *http.Request, id int64, st toolState) {
	ctx := r.Context()
	u := currentUser(r)
	t, err := s.nest.Tool(ctx, id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p := s.page(r, "nest.tool")
	p.Title = t.Name
	l := p.L
	p.Crumbs = []web.Link{{Label: l.T("nest.title"), Href: "/nest"}}
	if st.alert != "" {
		p.Alert = l.T(st.alert)
	}
	v := web.ToolView{ID: t.ID, Name: t.Name, Maturity: string(t.Maturity), Label: maturityLabel(l, t.Maturity),
		Summary: t.Summary, HTML: markdown.Render(t.Body).HTML, Version: t.Version, CanEdit: nest.Edits(u, t),
		SpreadURL: toolHref(t.ID, "/spread")}
	v.Upload = v.CanEdit
	v.Facts = []web.Fact{{Label: l.T("nest.kind"), Value: l.T("nest.kind." + string(t.Kind))},
		{Label: l.T("nest.origins"), Value: strings.Join(t.OriginNames, ", ")}}
	if t.TopicTitle != "" {
		v.Facts = append(v.Facts, web.Fact{Label: l.T("nest.topic"), Value: t.TopicTitle})
	}
	v.Facts = append(v.Facts, web.Fact{Label: l.T("nest.region"), Value: t.RegionName},
		web.Fact{Label: l.T("nest.updated"), Value: l.Date(t.UpdatedAt)})
	files, err := s.nest.Files(ctx, id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	for _, f := range files {
		v.Files = append(v.Files, web.FileLink{Href: "/nest/files/" + strconv.FormatInt(f.ID, 10), Name: f.Name, Size: size(l, int64(f.Size))})
	}
	if err := s.toolLadder(r, l, t, &v, st); err != nil {
		s.fail(w, r, err)
		return
	}
	if err := s.toolAdoptions(r, l, t, &v, st); err != nil {
		s.fail(w, r, err)
		return
	}
	// A report posted by someone the page shows no form of their own office (the staff of a
	// regional authority) would hide its message at a field that is not there.
	if st.own != nil && v.Own == nil && p.Alert == "" {
		if names := st.own.Summary(); len(names) > 0 {
			p.Alert = l.T(st.own.Err(names[0]))
		}
	}
	pts, err := s.nest.Spread(ctx, id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if len(pts) > 1 {
		v.Chart = web.SpreadChart(p, "spread-chart", l.T("nest.matrix.spread_title", t.Name), spreadPoints(pts))
	}
	if err := s.toolLinks(r, l, t, &v, st); err != nil {
		s.fail(w, r, err)
		return
	}
	status := st.status
	if status == 0 {
		status = http.StatusOK
	}
	s.renderStatus(w, r, status, web.ToolPage(p, v))
}

func evidenceRows(l i18n.L, es []nest.Evidence) []web.EvidenceRow {
	var rows []web.EvidenceRow
	for _, e := range es {
		row := web.EvidenceRow{Office: e.Office, Stage: stageLabel(l, e.Stage), Report: e.Report}
		if e.Rating > 0 {
			row.Rating = strconv.Itoa(int(e.Rating))
		}
		if d, err := time.Parse(time.DateOnly, e.Since); err == nil {
			row.Since = l.Date(d)
		}
		rows = append(rows, row)
	}
	return rows
}

func (s *Server) toolLadder(r *http.Request, l i18n.L, t *nest.Tool, v *web.ToolView, st toolState) error {
	u := currentUser(r)
	reached := true
	for _, m := range nest.Ladder {
		if m == nest.Retired && t.Maturity != nest.Retired {
			continue
		}
		cur := m == t.Maturity
		v.Ladder = append(v.Ladder, web.Rung{Label: maturityLabel(l, m), Current: cur, Done: reached && !cur})
		if cur {
			reached = false
		}
	}
	c, ok, err := s.nest.Rule(r.Context(), t)
	if err != nil {
		return err
	}
	if ok {
		v.Next, v.NextLabel = string(c.To), maturityLabel(l, c.To)
		v.RuleText, v.RuleMet = l.T(c.Key), c.Met
		if c.To == nest.Validated || c.To == nest.Recommended {
			v.RuleText = l.T(c.Key, nest.ValidatingOffices, nest.SuccessRating)
		}
		if c.Met {
			v.RuleState = l.T("nest.rule_met")
		} else {
			v.RuleState = l.T("nest.rule_unmet")
		}
		if c.To == nest.Validated || c.To == nest.Recommended || c.To == nest.Piloting {
			v.RuleState += " " + l.T("nest.rule_count", c.Have, c.Need)
		}
		v.Evidence = evidenceRows(l, c.Evidence)
		if nest.MayPromote(u, t, c.To) {
			v.Promote = st.promote
			if v.Promote == nil {
				f := emptyForm(nil, "evidence", "reason")
				v.Promote = &f
			}
		}
	}
	if t.Maturity != nest.Retired && nest.MayPromote(u, t, nest.Retired) {
		v.Retire = st.retire
		if v.Retire == nil {
			f := emptyForm(nil, "retire_reason")
			v.Retire = &f
		}
	}
	ps, err := s.nest.Promotions(r.Context(), t.ID)
	if err != nil {
		return err
	}
	for _, pr := range ps {
		v.Promotions = append(v.Promotions, web.PromotionRow{From: maturityLabel(l, pr.From), To: maturityLabel(l, pr.To),
			By: pr.ByName, At: l.Date(pr.At), Reason: pr.Reason, Evidence: evidenceRows(l, pr.Evidence)})
	}
	return nil
}

func (s *Server) toolAdoptions(r *http.Request, l i18n.L, t *nest.Tool, v *web.ToolView, st toolState) error {
	ctx := r.Context()
	u := currentUser(r)
	as, err := s.nest.Adoptions(ctx, t.ID)
	if err != nil {
		return err
	}
	has := map[int64]nest.Stage{}
	var own *nest.Adoption
	for i := range as {
		a := &as[i]
		has[a.OfficeID] = a.Stage
		if a.OfficeID == u.OfficeID {
			own = a
		}
		row := web.AdoptionRow{OfficeID: a.OfficeID, Office: a.OfficeName, Stage: string(a.Stage),
			StageLabel: stageLabel(l, a.Stage), Report: a.Report, Origin: t.IsOrigin(a.OfficeID)}
		if d := a.Since(); d != nil {
			row.Since = l.Date(*d)
		}
		if a.Rating != nil {
			row.Rating = strconv.Itoa(int(*a.Rating)) + " / 5"
		}
		v.Adoptions = append(v.Adoptions, row)
	}
	offices, err := s.offices.List(ctx, office.Filter{RegionID: t.RegionID})
	if err != nil {
		return err
	}
	for _, o := range offices {
		if !municipal(o.Kind) {
			continue
		}
		if _, ok := has[o.ID]; !ok {
			v.NotOffered = append(v.NotOffered, o.Name)
		}
	}
	mine, err := s.offices.Get(ctx, u.OfficeID)
	if err != nil {
		return err
	}
	offerable := t.Maturity.Offerable()
	// The staff of an ORP or city-district office report their own office's experience; on a
	// retired tool only that they stopped using it, or how it went.
	retired := t.Maturity == nest.Retired && own != nil
	if (offerable || retired) && municipal(mine.Kind) {
		from := nest.NotOffered
		if own != nil {
			from, v.OwnVersion = own.Stage, own.Version
			steps, err := s.nest.Steps(ctx, own.ID)
			if err != nil {
				return err
			}
			for _, st := range steps {
				line := l.Date(st.On) + " – " + stageLabel(l, st.Stage) + " (" + st.ByName + ")"
				if st.Rating != nil {
					line += ", " + l.T("nest.rating_short", strconv.Itoa(int(*st.Rating)))
				}
				if st.Report != "" {
					line += ": " + st.Report
				}
				v.OwnSteps = append(v.OwnSteps, line)
			}
		}
		v.OwnOffice, v.OwnStage = u.OfficeName, stageLabel(l, from)
		for _, a := range []nest.Action{nest.Trial, nest.Adopt, nest.Evaluate, nest.Abandon} {
			if _, ok := a.To(from); ok && (offerable || a == nest.Evaluate || a == nest.Abandon) {
				v.OwnActions = append(v.OwnActions, web.Option{Value: string(a), Label: l.T("nest.action." + string(a))})
			}
		}
		v.Own = st.own
		if v.Own == nil {
			f := emptyForm(map[string]string{"on": time.Now().In(i18n.Prague).Format(time.DateOnly)}, "office", "action", "on", "rating", "report")
			v.Own = &f
		}
	}
	// Guides and methodologists offer it to their own region's offices that have not got it, or
	// gave it up: a tool made elsewhere spreads to their region through them.
	if offerable && nest.Accompanies(u, u.RegionID) {
		if u.RegionID != t.RegionID {
			if offices, err = s.offices.List(ctx, office.Filter{RegionID: u.RegionID}); err != nil {
				return err
			}
		}
		for _, o := range offices {
			if !municipal(o.Kind) {
				continue
			}
			if stg, ok := has[o.ID]; (!ok || stg == nest.Abandoned) && !t.IsOrigin(o.ID) {
				v.OfferTo = append(v.OfferTo, web.Option{Value: strconv.FormatInt(o.ID, 10), Label: o.Name})
			}
		}
		v.Offer = st.offer
		if v.Offer == nil {
			f := emptyForm(map[string]string{"offer_on": time.Now().In(i18n.Prague).Format(time.DateOnly)}, "offices", "offer_on")
			v.Offer = &f
		}
	}
	return nil
}

func (s *Server) toolLinks(r *http.Request, l i18n.L, t *nest.Tool, v *web.ToolView, st toolState) error {
	ctx := r.Context()
	u := currentUser(r)
	links, err := s.nest.Links(ctx, t.ID)
	if err != nil {
		return err
	}
	for _, n := range links.Notes {
		row := web.LinkRow{Kind: "note", Title: n.Title, Href: "/notes/" + strconv.FormatInt(n.ID, 10), Target: n.ID}
		if n.Source {
			row.Target, row.Context = 0, l.T("nest.note_source")
		}
		v.Links = append(v.Links, row)
	}
	for _, it := range links.Items {
		v.Links = append(v.Links, web.LinkRow{Kind: "item", Title: it.Title, Target: it.ID,
			Href: "/meetings/" + strconv.FormatInt(it.MeetingID, 10) + "/minutes", Context: it.MeetingTitle + ", " + l.Date(it.When)})
	}
	for _, fm := range links.Forms {
		row := web.LinkRow{Kind: "form", Title: fm.Title, Target: fm.ID}
		if u.Can(auth.ManageFeedback) && u.RegionID == t.RegionID {
			row.Href = "/feedback/" + strconv.FormatInt(fm.ID, 10) + "/results"
		}
		if fm.MeetingTitle != "" {
			row.Context = fm.MeetingTitle
		}
		v.Links = append(v.Links, row)
	}
	if !nest.Edits(u, t) {
		return nil
	}
	v.LinkForm = st.link
	if v.LinkForm == nil {
		f := emptyForm(nil, "note", "item", "form")
		v.LinkForm = &f
	}
	items, forms, err := s.nest.Choices(ctx, t.RegionID)
	if err != nil {
		return err
	}
	v.Items = []web.Option{{Value: "", Label: l.T("nest.link_choose")}}
	for _, it := range items {
		v.Items = append(v.Items, web.Option{Value: strconv.FormatInt(it.ID, 10), Label: l.Date(it.When) + " – " + it.Title})
	}
	v.Forms = []web.Option{{Value: "", Label: l.T("nest.link_choose")}}
	for _, fm := range forms {
		v.Forms = append(v.Forms, web.Option{Value: strconv.FormatInt(fm.ID, 10), Label: l.Date(fm.When) + " – " + fm.Title})
	}
	return nil
}

func (s *Server) toolPromote(w http.ResponseWriter, r *http.Request) {
	id := pathID(r)
	f, err := parseForm(r, "evidence", "reason", "retire_reason")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	to := nest.Maturity(f.Get("to"))
	reason := f.Get("reason")
	st := toolState{promote: &f}
	if to == nest.Retired {
		reason, st = f.Get("retire_reason"), toolState{retire: &f}
	}
	err = s.nest.Promote(r.Context(), currentUser(r), id, to, reason, int32(atoi64(f.Get("version"))))
	if to == nest.Retired {
		// The retirement form names its reason field apart from the promotion's.
		if m, ok := asInvalid(err); ok && m["reason"] != "" {
			m["retire_reason"] = m["reason"]
			delete(m, "reason")
		}
	}
	if s.nestRefused(w, r, err, &f, func(status int, alert string) {
		st.status, st.alert = status, alert
		s.showTool(w, r, id, st)
	}) {
		return
	}
	s.flash(r, "nest.promoted")
	redirect(w, r, toolHref(id, "#maturity"))
}

func (s *Server) toolOffer(w http.ResponseWriter, r *http.Request) {
	id := pathID(r)
	f, err := parseForm(r, "offices", "offer_on")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	// An unknown tool is not found before anything is checked about the offices.
	if _, err := s.nest.Tool(r.Context(), id); err != nil {
		s.fail(w, r, err)
		return
	}
	show := func(status int, alert string) {
		s.showTool(w, r, id, toolState{status: status, alert: alert, offer: &f})
	}
	var on time.Time
	if !dates(&f, map[string]*time.Time{"offer_on": &on}) {
		show(http.StatusUnprocessableEntity, "")
		return
	}
	err = s.nest.Offer(r.Context(), currentUser(r), id, idList(f.Multi["offices"]), on)
	if m, ok := asInvalid(err); ok {
		// The store names the step's fields; on this form they are the offices and the date.
		for from, to := range map[string]string{"office": "offices", "on": "offer_on"} {
			if m[from] != "" {
				m[to] = m[from]
				delete(m, from)
			}
		}
	}
	if s.nestRefused(w, r, err, &f, show) {
		return
	}
	s.flash(r, "nest.offered")
	redirect(w, r, toolHref(id, "#adoption"))
}

func (s *Server) toolAdoption(w http.ResponseWriter, r *http.Request) {
	u := currentUser(r)
	id := pathID(r)
	f, err := parseForm(r, "office", "action", "on", "rating", "report")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	show := func(status int, alert string) { s.showTool(w, r, id, toolState{status: status, alert: alert, own: &f}) }
	st := nest.Step{Tool: id, Office: u.OfficeID, Action: nest.Action(f.Get("action")), Report: f.Get("report"),
		Version: int32(atoi64(f.Get("version")))}
	// The form reports for the user's own office; a posted office (a crafted request) is
	// checked by the store like any other.
	if f.Get("office") != "" {
		st.Office = atoi64(f.Get("office"))
	}
	if rt := strings.TrimSpace(f.Get("rating")); rt != "" {
		if st.Rating = small(rt); st.Rating == 0 {
			st.Rating = -1 // "0" is out of range, not "no rating"
		}
	}
	if !dates(&f, map[string]*time.Time{"on": &st.On}) {
		show(http.StatusUnprocessableEntity, "")
		return
	}
	switch st.Action {
	case nest.Trial, nest.Adopt, nest.Abandon, nest.Evaluate:
	default:
		f.Errors["action"] = "nest.err.action"
		show(http.StatusUnprocessableEntity, "")
		return
	}
	err = s.nest.Take(r.Context(), u, st)
	if s.nestRefused(w, r, err, &f, show) {
		return
	}
	s.flash(r, "nest.adoption_saved."+string(st.Action))
	redirect(w, r, toolHref(id, "#adoption"))
}

func (s *Server) toolFiles(w http.ResponseWriter, r *http.Request) {
	id := pathID(r)
	t, err := s.nest.Tool(r.Context(), id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	// Someone who may not attach is told so, whatever the file (the store checks the content
	// before it takes the tool's lock).
	if !nest.Edits(currentUser(r), t) {
		s.fail(w, r, app.ErrForbidden)
		return
	}
	name, data, key, err := s.uploaded(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if key == "" {
		_, err = s.nest.Attach(r.Context(), currentUser(r), id, name, data, s.cfg.MaxUpload)
		key = uploadError(err)
		// The shared mapping knows the notes' and oversight's limits, not the nest's.
		var tl *nest.TooLarge
		if errors.As(err, &tl) {
			key = "files.too_large"
		}
	}
	if key != "" {
		s.showTool(w, r, id, toolState{status: http.StatusUnprocessableEntity, alert: key})
		return
	}
	if s.nestRefused(w, r, err, nil, func(status int, alert string) {
		s.showTool(w, r, id, toolState{status: status, alert: alert})
	}) {
		return
	}
	s.flash(r, "files.uploaded")
	redirect(w, r, toolHref(id, "#materials"))
}

func (s *Server) toolFile(w http.ResponseWriter, r *http.Request) {
	d, err := s.nest.File(r.Context(), pathID(r))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	serveDownload(w, d.Name, d.Mime, d.Data)
}

func (s *Server) toolLink(w http.ResponseWriter, r *http.Request) {
	id := pathID(r)
	f, err := parseForm(r, "note", "item", "form")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	show := func(status int, alert string) {
		s.showTool(w, r, id, toolState{status: status, alert: alert, link: &f})
	}
	kind := nest.LinkKind(f.Get("kind"))
	var target int64
	switch kind {
	case nest.LinkNote:
		m := noteRef.FindStringSubmatch(strings.TrimSpace(f.Get("note")))
		if m == nil {
			f.Errors["note"] = "nest.err.link_note"
			show(http.StatusUnprocessableEntity, "")
			return
		}
		target = atoi64(m[1])
	case nest.LinkItem, nest.LinkForm:
		if target = atoi64(f.Get(string(kind))); target <= 0 {
			f.Errors[string(kind)] = "nest.err.link_" + string(kind)
			show(http.StatusUnprocessableEntity, "")
			return
		}
	default:
		s.fail(w, r, errBadRequest)
		return
	}
	err = s.nest.Link(r.Context(), currentUser(r), id, kind, target)
	if s.nestRefused(w, r, err, &f, show) {
		return
	}
	s.flash(r, "nest.linked")
	redirect(w, r, toolHref(id, "#links"))
}

func (s *Server) toolUnlink(w http.ResponseWriter, r *http.Request) {
	id := pathID(r)
	f, err := parseForm(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	kind := nest.LinkKind(f.Get("kind"))
	if kind != nest.LinkNote && kind != nest.LinkItem && kind != nest.LinkForm {
		s.fail(w, r, errBadRequest)
		return
	}
	err = s.nest.Unlink(r.Context(), currentUser(r), id, kind, atoi64(f.Get("target")))
	if s.nestRefused(w, r, err, nil, func(status int, alert string) {
		s.showTool(w, r, id, toolState{status: status, alert: alert})
	}) {
		return
	}
	s.flash(r, "nest.unlinked")
	redirect(w, r, toolHref(id, "#links"))
}

// asInvalid returns err's field messages when it is bad input, so a handler can rename fields.
func asInvalid(err error) (app.Invalid, bool) {
	var inv app.Invalid
	ok := errors.As(err, &inv)
	return inv, ok
}
