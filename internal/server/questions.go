package server

import (
	"errors"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"hnizdo.cz/hnizdo/internal/app"
	"hnizdo.cz/hnizdo/internal/auth"
	"hnizdo.cz/hnizdo/internal/i18n"
	"hnizdo.cz/hnizdo/internal/markdown"
	"hnizdo.cz/hnizdo/internal/question"
	"hnizdo.cz/hnizdo/web"
)

func askHref(id int64) string { return "/questions/" + strconv.FormatInt(id, 10) }

func faqHref(id int64) string { return "/faq/" + strconv.FormatInt(id, 10) }

// askShows are the quick filters of the queue. The dashboard's counts link to them, so each
// must list exactly what question.Counts counts under the same name.
var askShows = []struct {
	show, key string
	method    bool // offered to methodologists (true) or to everyone else (false)
	filter    func(u *auth.User) question.Filter
}{
	{"unanswered", "oversight.count.unanswered", true, func(*auth.User) question.Filter {
		return question.Filter{States: []question.State{question.New, question.Assigned}}
	}},
	{"overdue", "oversight.count.questions_overdue", true, func(*auth.User) question.Filter {
		return question.Filter{Overdue: true}
	}},
	{"assigned", "ask.show.assigned", true, func(u *auth.User) question.Filter {
		return question.Filter{Assignee: u.ID, States: []question.State{question.New, question.Assigned}}
	}},
	{"mine", "oversight.count.my_questions", false, func(*auth.User) question.Filter {
		return question.Filter{Mine: true, States: []question.State{question.New, question.Assigned}}
	}},
	{"answered", "oversight.count.answered", false, func(*auth.User) question.Filter {
		return question.Filter{Office: true, States: []question.State{question.Answered, question.Published, question.Private}}
	}},
}

// askList is the region's queue for its methodologists and, for everyone else, the questions of
// their own and their office.
func (s *Server) askList(w http.ResponseWriter, r *http.Request) {
	u := currentUser(r)
	q, err := query(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	method := u.Can(auth.Oversee)
	title := "ask.office_title"
	if method {
		title = "question.queue"
	}
	p := s.page(r, title)
	l := p.L
	show, state := q.Get("show"), question.State(q.Get("state"))
	v := web.AskListView{Method: method, Form: emptyForm(map[string]string{"show": show, "state": string(state)}, "state")}
	var f question.Filter
	v.Shows = append(v.Shows, web.Link{Label: l.T("ask.show.all"), Href: "/questions", Active: show == ""})
	for _, sh := range askShows {
		// Anyone may follow any link, but each list offers the filters its dashboard counts.
		if sh.show == show {
			f, v.Filter = sh.filter(u), l.T(sh.key)
		}
		if sh.method == method || sh.show == show {
			v.Shows = append(v.Shows, web.Link{Label: l.T(sh.key), Href: "/questions?show=" + sh.show, Active: sh.show == show})
		}
	}
	v.States = []web.Option{{Value: "", Label: l.T("ask.all_states")}}
	for _, st := range question.States {
		v.States = append(v.States, web.Option{Value: string(st), Label: l.T("question.state." + string(st))})
	}
	none := false
	if slices.Contains(question.States, state) {
		// The state narrows what the quick filter lists; a state outside it lists nothing.
		if len(f.States) > 0 && !slices.Contains(f.States, state) {
			none = true
		}
		f.States = []question.State{state}
	}
	f.Page = int(atoi64(q.Get("page")))
	if f.Page < 0 {
		f.Page = 0
	}
	var list []question.Question
	if !none {
		if list, err = s.questions.Queue(r.Context(), u, f); err != nil {
			s.fail(w, r, err)
			return
		}
	}
	today := question.Today(time.Now())
	for k := range list {
		v.Rows = append(v.Rows, askRow(l, &list[k], today))
	}
	if len(list) == question.QueueSize {
		v.NextHref = askPageHref(q, f.Page+1)
	}
	if f.Page > 0 {
		v.PrevHref = askPageHref(q, f.Page-1)
	}
	s.render(w, r, web.AskListPage(p, v))
}

func askRow(l i18n.L, q *question.Question, today time.Time) web.AskRow {
	return web.AskRow{Href: askHref(q.ID), Title: q.Title, Office: q.OfficeName, Asker: q.AskerName, Area: q.AreaName,
		Assignee: q.AssigneeName, Due: l.Date(q.Due), Overdue: q.Overdue(today), State: string(q.State),
		StateLabel: l.T("question.state." + string(q.State))}
}

func askPageHref(q url.Values, page int) string {
	c := url.Values{}
	for k, vs := range q {
		c[k] = vs
	}
	c.Set("page", strconv.Itoa(page))
	if page == 0 {
		c.Del("page")
	}
	return "/questions?" + c.Encode()
}

var askFields = []string{"title", "body", "area"}

func (s *Server) askNew(w http.ResponseWriter, r *http.Request) {
	s.showAskForm(w, r, http.StatusOK, emptyForm(nil, askFields...))
}

func (s *Server) showAskForm(w http.ResponseWriter, r *http.Request, status int, f web.Form) {
	p := s.page(r, "question.ask")
	p.Crumbs = []web.Link{{Label: p.T("nav.questions"), Href: "/questions"}}
	areas, err := s.notes.Areas(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	opts := append([]web.Option{{Value: "", Label: p.T("ask.no_area")}}, areaOptions(p.L, areas, false)...)
	f = labelled(f, p, "title", "ask.f_title", "body", "ask.f_body", "area", "notes.area")
	s.renderStatus(w, r, status, web.AskFormPage(p, web.AskFormView{Form: f, Areas: opts}))
}

func (s *Server) askCreate(w http.ResponseWriter, r *http.Request) {
	f, err := parseForm(r, askFields...)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	area, ok := atoi16(f.Get("area"))
	if !ok {
		f.Errors["area"] = "err.choose"
		s.showAskForm(w, r, http.StatusUnprocessableEntity, f)
		return
	}
	id, err := s.questions.Ask(r.Context(), currentUser(r),
		question.AskInput{Title: f.Get("title"), Body: f.Get("body"), AreaID: area})
	if invalid(&f, err) {
		s.showAskForm(w, r, http.StatusUnprocessableEntity, f)
		return
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.flash(r, "ask.asked")
	redirect(w, r, askHref(id))
}

// askState is what the question page shows after a post that did not go through.
type askState struct {
	status int
	alert  string
	form   string    // the form that failed: assign, answer, publish
	f      *web.Form // its values and errors
}

func (s *Server) askShow(w http.ResponseWriter, r *http.Request) {
	s.showAsk(w, r, pathID(r), askState{})
}

func (s *Server) showAsk(w http.ResponseWriter, r *http.Request, id int64, st askState) {
	u := currentUser(r)
	ctx := r.Context()
	q, err := s.questions.Get(ctx, u, id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if !question.Involved(u, q) {
		// Someone who only may read the FAQ reads it there, without the asker or the office.
		redirect(w, r, faqHref(id))
		return
	}
	p := s.page(r, "nav.questions")
	l := p.L
	p.Title = q.Title
	p.Crumbs = []web.Link{{Label: l.T("nav.questions"), Href: "/questions"}}
	if st.alert != "" {
		p.Alert = l.T(st.alert)
	}
	today := question.Today(time.Now())
	v := web.AskView{ID: q.ID, Title: q.Title, Body: q.Body, State: string(q.State),
		StateLabel: l.T("question.state." + string(q.State)), Overdue: q.Overdue(today), Version: q.Version}
	add := func(key, value, href string) {
		if value != "" {
			v.Facts = append(v.Facts, web.Fact{Label: l.T(key), Value: value, Href: href})
		}
	}
	add("ask.col.asker", q.AskerName, "")
	add("oversight.office", q.OfficeName, officeHref(q.OfficeID))
	add("notes.area", q.AreaName, "")
	add("ask.col.assignee", q.AssigneeName, "")
	due := l.Date(q.Due)
	if v.Overdue {
		// Said in words too, not only by colour.
		due += " (" + l.T("oversight.overdue") + ")"
	}
	add("ask.col.due", due, "")
	if q.TopicID != nil && q.MeetingID != 0 {
		v.Topic = &web.Link{Label: q.MeetingTitle, Href: "/meetings/" + strconv.FormatInt(q.MeetingID, 10) + "/minutes"}
	}
	for _, fid := range q.FindingIDs {
		fd, err := s.oversight.Finding(ctx, u, fid)
		if errors.Is(err, app.ErrNotFound) {
			continue // an office colleague of the asker need not see the region's inspections
		}
		if err != nil {
			s.fail(w, r, err)
			return
		}
		v.Findings = append(v.Findings, web.Link{Label: l.T("ask.finding", fd.Code, fd.OfficeName, int(fd.Year)),
			Href: inspectionHref(fd.InspectionID, "#finding-"+strconv.FormatInt(fd.ID, 10))})
	}
	if q.State == question.Published {
		v.FAQHref = faqHref(q.ID)
	}
	standards, err := s.oversight.Standards(ctx)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if q.Answer != "" {
		v.AnswerHTML = markdown.Render(q.Answer).HTML
		if q.AnsweredAt != nil {
			v.Answered = l.T("ask.answered_by", q.AnsweredBy, l.DateTime(*q.AnsweredAt))
		}
		v.Laws = askLines(q.Laws)
		for _, sd := range standards {
			if slices.Contains(q.StandardIDs, sd.ID) {
				v.Standards = append(v.Standards, strconv.Itoa(int(sd.ID))+" "+standardName(l, sd))
			}
		}
		for _, nid := range q.NoteIDs {
			n, err := s.notes.Get(ctx, u, nid)
			if errors.Is(err, app.ErrNotFound) {
				continue
			}
			if err != nil {
				s.fail(w, r, err)
				return
			}
			v.Notes = append(v.Notes, web.Link{Label: n.Title, Href: noteHref(n.ID)})
		}
	}
	if question.CanManage(u, q) {
		failed := func(name string, f web.Form) web.Form {
			if st.form == name && st.f != nil {
				return *st.f
			}
			return f
		}
		if q.State.Open() {
			assignee := u.ID
			if q.AssigneeID != nil {
				assignee = *q.AssigneeID
			}
			f := failed("assign", emptyForm(map[string]string{"assignee": strconv.FormatInt(assignee, 10)}, "assignee"))
			f = labelled(f, p, "assignee", "ask.assignee")
			v.AssignForm = &f
			team, err := s.oversight.Methodologists(ctx, u)
			if err != nil {
				s.fail(w, r, err)
				return
			}
			v.People = people(team)
		}
		if q.State.Open() || q.State == question.Answered {
			f := emptyForm(map[string]string{"answer": q.Answer, "laws": q.Laws, "notes": strings.Join(int64s(q.NoteIDs), ", ")},
				askAnswerFields...)
			for _, sid := range q.StandardIDs {
				f.Multi["standards"] = append(f.Multi["standards"], strconv.Itoa(int(sid)))
			}
			f = failed("answer", f)
			f = labelled(f, p, "answer", "ask.answer", "laws", "ask.laws", "standards", "ask.standards", "notes", "ask.notes")
			v.AnswerForm = &f
			for _, sd := range standards {
				v.StandardOps = append(v.StandardOps, web.Option{Value: strconv.Itoa(int(sd.ID)),
					Label: strconv.Itoa(int(sd.ID)) + " " + standardName(l, sd)})
			}
		}
		if q.State == question.Answered || q.State == question.Private {
			title, body := q.FAQTitle, q.FAQBody
			if title == "" && body == "" {
				// The asker's wording is where the anonymised one starts from.
				title, body = q.Title, q.Body
			}
			f := failed("publish", emptyForm(map[string]string{"faq_title": title, "faq_body": body}, askPublishFields...))
			f = labelled(f, p, "faq_title", "ask.faq_title", "faq_body", "ask.faq_body", "answer", "ask.answer", "laws", "ask.laws")
			for _, field := range []string{"answer", "laws"} {
				if key := f.Err(field); key != "" {
					// The answer is what names the asker: say so where it can be edited.
					v.PublishAnswerErr = key
					if v.AnswerForm != nil {
						v.AnswerForm.Errors[field] = key
					}
				}
			}
			v.PublishForm = &f
		}
		v.CanPrivate = q.State == question.Answered || q.State == question.Published
	}
	status := st.status
	if status == 0 {
		status = http.StatusOK
	}
	s.renderStatus(w, r, status, web.AskPage(p, v))
}

// askLines splits a multi-line field into its non-empty lines.
func askLines(s string) []string {
	var out []string
	for _, x := range strings.Split(s, "\n") {
		if x = strings.TrimSpace(x); x != "" {
			out = append(out, x)
		}
	}
	return out
}

// askRefused handles what a question store method answered to a form post; it reports whether
// err was handled.
func (s *Server) askRefused(w http.ResponseWriter, r *http.Request, err error, f *web.Form, show func(status int, alert string)) bool {
	var ref question.Refusal
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

// atoi16 parses a small id such as an area's; "" is 0 (none). ok is false for what is not
// such a number, which int16(atoi64(s)) would instead wrap round to a real id (65539 → 3).
func atoi16(s string) (n int16, ok bool) {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, true
	}
	v, err := strconv.ParseInt(s, 10, 16)
	if err != nil {
		return 0, false
	}
	return int16(v), true
}

func askVersion(f web.Form) int32 { return int32(atoi64(f.Get("version"))) }

func (s *Server) askAssign(w http.ResponseWriter, r *http.Request) {
	id := pathID(r)
	f, err := parseForm(r, "assignee")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	err = s.questions.Assign(r.Context(), currentUser(r), id, atoi64(f.Get("assignee")), askVersion(f))
	show := func(status int, alert string) {
		s.showAsk(w, r, id, askState{status: status, alert: alert, form: "assign", f: &f})
	}
	if s.askRefused(w, r, err, &f, show) {
		return
	}
	s.flash(r, "ask.assigned")
	redirect(w, r, askHref(id))
}

var askAnswerFields = []string{"answer", "laws", "standards", "notes"}

// askNoteRef is how a cited note may be written: its number, or its address (with or without the
// host) as copied from the browser.
var askNoteRef = regexp.MustCompile(`^(?:(?:https?://[^/\s]+)?/notes/)?#?([0-9]{1,18})/?(?:[?#]\S*)?$`)

// askNoteIDs reads the cited notes from text separated by commas, semicolons or spaces; ok is
// false when a piece is neither a note's number nor its address.
func askNoteIDs(s string) (ids []int64, ok bool) {
	for _, tok := range strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ';' || unicode.IsSpace(r) }) {
		m := askNoteRef.FindStringSubmatch(tok)
		if m == nil {
			return nil, false
		}
		id, err := strconv.ParseInt(m[1], 10, 64)
		if err != nil || id <= 0 {
			return nil, false
		}
		ids = append(ids, id)
	}
	return ids, true
}

func (s *Server) askAnswer(w http.ResponseWriter, r *http.Request) {
	id := pathID(r)
	f, err := parseForm(r, askAnswerFields...)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	show := func(status int, alert string) {
		s.showAsk(w, r, id, askState{status: status, alert: alert, form: "answer", f: &f})
	}
	in := question.AnswerInput{Answer: f.Get("answer"), Laws: f.Get("laws"), Version: askVersion(f)}
	for _, v := range f.Multi["standards"] {
		n, err := strconv.ParseInt(v, 10, 16)
		if err != nil {
			f.Errors["standards"] = "err.choose"
			continue
		}
		in.StandardIDs = append(in.StandardIDs, int16(n))
	}
	notes, ok := askNoteIDs(f.Get("notes"))
	if !ok {
		f.Errors["notes"] = "ask.err.note_ref"
	}
	in.NoteIDs = notes
	if len(f.Errors) > 0 {
		// Bad citations never reach the store, but who may answer is still its rule: 404 and
		// 403 come before any field error.
		q, err := s.questions.Get(r.Context(), currentUser(r), id)
		if err == nil && !question.CanManage(currentUser(r), q) {
			err = app.ErrForbidden
		}
		if err != nil {
			s.fail(w, r, err)
			return
		}
		show(http.StatusUnprocessableEntity, "")
		return
	}
	err = s.questions.Answer(r.Context(), currentUser(r), id, in)
	if s.askRefused(w, r, err, &f, show) {
		return
	}
	s.flash(r, "ask.answered")
	redirect(w, r, askHref(id))
}

var askPublishFields = []string{"faq_title", "faq_body", "answer"}

func (s *Server) askPublish(w http.ResponseWriter, r *http.Request) {
	id := pathID(r)
	f, err := parseForm(r, askPublishFields...)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	err = s.questions.Publish(r.Context(), currentUser(r), id,
		question.PublishInput{FAQTitle: f.Get("faq_title"), FAQBody: f.Get("faq_body"), Version: askVersion(f)})
	show := func(status int, alert string) {
		s.showAsk(w, r, id, askState{status: status, alert: alert, form: "publish", f: &f})
	}
	if s.askRefused(w, r, err, &f, show) {
		return
	}
	s.flash(r, "ask.published")
	redirect(w, r, askHref(id))
}

func (s *Server) askPrivate(w http.ResponseWriter, r *http.Request) {
	id := pathID(r)
	f, err := parseForm(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	err = s.questions.KeepPrivate(r.Context(), currentUser(r), id, askVersion(f))
	show := func(status int, alert string) { s.showAsk(w, r, id, askState{status: status, alert: alert}) }
	if s.askRefused(w, r, err, nil, show) {
		return
	}
	s.flash(r, "ask.kept_private")
	redirect(w, r, askHref(id))
}

// faqList is the FAQ of every region: search, browse by area, one page at a time.
func (s *Server) faqList(w http.ResponseWriter, r *http.Request) {
	u := currentUser(r)
	ctx := r.Context()
	q, err := query(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p := s.page(r, "faq.title")
	l := p.L
	f := emptyForm(map[string]string{})
	for _, k := range []string{"q", "area", "region"} {
		f.Values[k] = strings.TrimSpace(q.Get(k))
	}
	search := question.Search{Text: f.Get("q"), Page: int(atoi64(q.Get("page")))}
	for field, id := range map[string]*int16{"area": &search.AreaID, "region": &search.RegionID} {
		n, ok := atoi16(f.Get(field))
		if !ok {
			f.Errors[field] = "err.choose"
		}
		*id = n
	}
	if search.Page < 0 {
		search.Page = 0
	}
	if utf8.RuneCountInString(search.Text) > 200 {
		f.Errors["q"] = "err.too_long"
	}
	f = labelled(f, p, "q", "notes.query", "area", "notes.area", "region", "offices.region")
	areas, err := s.notes.Areas(ctx)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v := web.FAQListView{Areas: areaOptions(l, areas, true)}
	if v.Regions, err = s.regionOptions(r, l, true); err != nil {
		s.fail(w, r, err)
		return
	}
	counts, err := s.questions.AreaCounts(ctx)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	for _, c := range counts {
		label := c.Name
		for _, a := range areas {
			if a.ID == c.AreaID {
				label = a.Name(l.Lang)
			}
		}
		v.Browse = append(v.Browse, web.FAQArea{Label: label, Count: c.Count, Active: c.AreaID == search.AreaID,
			Href: "/faq?area=" + strconv.Itoa(int(c.AreaID))})
	}
	status := http.StatusOK
	if len(f.Errors) > 0 {
		status = http.StatusUnprocessableEntity
		v.Found = l.T("notes.fix_filters")
	} else {
		res, err := s.questions.SearchFAQ(ctx, u, search)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		entries := res.Entries
		for k := range entries {
			v.Entries = append(v.Entries, faqCard(l, &entries[k]))
		}
		v.Found = l.N("faq.found", len(entries))
		if res.Capped {
			v.Notice = l.T("faq.capped", strconv.Itoa(question.Candidates))
		}
		if res.More {
			v.Found = l.T("faq.found_more", strconv.Itoa(len(entries)))
			v.NextHref = faqPageHref(q, search.Page+1)
		}
		if search.Page > 0 {
			v.PrevHref = faqPageHref(q, search.Page-1)
		}
	}
	v.Form = f
	s.renderStatus(w, r, status, web.FAQListPage(p, v))
}

func faqCard(l i18n.L, e *question.Entry) web.NoteCard {
	c := web.NoteCard{Href: faqHref(e.ID), Title: e.FAQTitle, Summary: faqExcerpt(e.FAQBody, 240),
		Meta: e.RegionName + " · " + l.Date(e.PublishedAt), Snippet: snippet(e.Snippet)}
	if e.AreaName != "" {
		c.Areas = []string{e.AreaName}
	}
	return c
}

// faqExcerpt shortens text to about n characters at a word boundary.
func faqExcerpt(text string, n int) string {
	text = strings.Join(strings.Fields(text), " ")
	if utf8.RuneCountInString(text) <= n {
		return text
	}
	cut := string([]rune(text)[:n])
	if i := strings.LastIndexByte(cut, ' '); i > n/2 {
		cut = cut[:i]
	}
	return cut + "…"
}

func faqPageHref(q url.Values, page int) string {
	c := url.Values{}
	for k, vs := range q {
		c[k] = vs
	}
	c.Set("page", strconv.Itoa(page))
	if page == 0 {
		c.Del("page")
	}
	return "/faq?" + c.Encode()
}

// faqEntry is one published answer as everyone reads it: never the asker or the office.
func (s *Server) faqEntry(w http.ResponseWriter, r *http.Request) {
	u := currentUser(r)
	e, err := s.questions.Entry(r.Context(), u, pathID(r))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p := s.page(r, "faq.title")
	l := p.L
	p.Title = e.FAQTitle
	p.Crumbs = []web.Link{{Label: l.T("faq.title"), Href: "/faq"}}
	v := web.FAQEntryView{Title: e.FAQTitle, Body: e.FAQBody, AnswerHTML: markdown.Render(e.Answer).HTML, Laws: askLines(e.Laws),
		Standards: e.Standards}
	if e.AreaID != nil {
		v.Facts = append(v.Facts, web.Fact{Label: l.T("notes.area"), Value: e.AreaName, Href: "/faq?area=" + strconv.Itoa(int(*e.AreaID))})
	}
	v.Facts = append(v.Facts, web.Fact{Label: l.T("offices.region"), Value: e.RegionName},
		web.Fact{Label: l.T("faq.published"), Value: l.Date(e.PublishedAt)})
	for _, n := range e.Notes {
		v.Notes = append(v.Notes, web.Link{Label: n.Title, Href: noteHref(n.ID)})
	}
	for _, fd := range e.Findings {
		v.Findings = append(v.Findings, l.T("faq.from_finding", fd.Code, int(fd.Year)))
	}
	if e.Topic != nil {
		v.Topic = &web.Link{Label: e.Topic.MeetingTitle, Href: "/meetings/" + strconv.FormatInt(e.Topic.MeetingID, 10) + "/minutes"}
	}
	if u.Can(auth.Oversee) && u.RegionID == e.RegionID {
		v.ManageHref = askHref(e.ID)
	}
	s.render(w, r, web.FAQEntryPage(p, v))
}

// settingsPage shows the region's target time to answer questions.
func (s *Server) settingsPage(w http.ResponseWriter, r *http.Request) {
	days, err := s.questions.AnswerDays(r.Context(), currentUser(r).RegionID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.showSettings(w, r, http.StatusOK, emptyForm(map[string]string{"days": strconv.Itoa(days)}, "days"))
}

func (s *Server) showSettings(w http.ResponseWriter, r *http.Request, status int, f web.Form) {
	p := s.page(r, "oversight.settings")
	p.Crumbs = []web.Link{{Label: p.T("oversight.title"), Href: "/oversight"}}
	f = labelled(f, p, "days", "settings.days")
	s.renderStatus(w, r, status, web.SettingsPage(p, web.SettingsView{Form: f}))
}

func (s *Server) settingsPost(w http.ResponseWriter, r *http.Request) {
	f, err := parseForm(r, "days")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	days, convErr := strconv.Atoi(strings.TrimSpace(f.Get("days")))
	if convErr != nil {
		f.Errors["days"] = "question.err.days"
		s.showSettings(w, r, http.StatusUnprocessableEntity, f)
		return
	}
	err = s.questions.SetAnswerDays(r.Context(), currentUser(r), days)
	if invalid(&f, err) {
		s.showSettings(w, r, http.StatusUnprocessableEntity, f)
		return
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.flash(r, "settings.saved")
	redirect(w, r, "/oversight/settings")
}
