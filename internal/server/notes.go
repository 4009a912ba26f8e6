package server

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/go-chi/chi/v5"
	"golang.org/x/sync/errgroup"

	"hnizdo.cz/hnizdo/internal/app"
	"hnizdo.cz/hnizdo/internal/auth"
	"hnizdo.cz/hnizdo/internal/i18n"
	"hnizdo.cz/hnizdo/internal/note"
	"hnizdo.cz/hnizdo/internal/pii"
	"hnizdo.cz/hnizdo/web"
)

var noteFields = []string{"title", "summary", "body", "areas", "tags", "review_by"}

func noteHref(id int64) string { return "/notes/" + strconv.FormatInt(id, 10) }

func noteID(r *http.Request) int64 { return atoi64(chi.URLParam(r, "id")) }

// noteList is the knowledge base: search and browse the published notes.
func (s *Server) noteList(w http.ResponseWriter, r *http.Request) {
	q, err := query(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p := s.page(r, "notes.title")
	f := emptyForm(map[string]string{})
	for _, k := range []string{"q", "area", "tag", "region", "office", "from", "to", "sort"} {
		f.Values[k] = strings.TrimSpace(q.Get(k))
	}
	search := note.Search{Text: f.Get("q"), Tag: f.Get("tag"), Sort: note.Sort(f.Get("sort")), Page: int(atoi64(q.Get("page"))),
		After: q.Get("after")}
	search.AreaID = int16(atoi64(f.Get("area")))
	search.RegionID = int16(atoi64(f.Get("region")))
	search.OfficeID = atoi64(f.Get("office"))
	for _, d := range []struct {
		field string
		to    *time.Time
	}{{"from", &search.From}, {"to", &search.To}} {
		if v := f.Get(d.field); v != "" {
			t, err := time.Parse(time.DateOnly, v)
			if err != nil {
				f.Errors[d.field] = "err.date"
				continue
			}
			*d.to = t
		}
	}
	if utf8.RuneCountInString(search.Text) > 200 {
		f.Errors["q"] = "err.too_long"
	}
	if f.Get("sort") == "" {
		f.Values["sort"] = string(note.ByRelevance)
	}
	areas, err := s.notes.Areas(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v := web.NotesView{Form: f, Areas: areaOptions(p.L, areas, true), Sorts: []web.Option{
		{Value: string(note.ByRelevance), Label: p.T("notes.sort_relevance")},
		{Value: string(note.ByNewest), Label: p.T("notes.sort_newest")},
		{Value: string(note.ByUseful), Label: p.T("notes.sort_useful")},
	}}
	if v.Regions, err = s.regionOptions(r, p.L, true); err != nil {
		s.fail(w, r, err)
		return
	}
	if search.OfficeID != 0 {
		o, err := s.offices.Get(r.Context(), search.OfficeID)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		all := url.Values{}
		for k, vs := range q {
			all[k] = vs
		}
		all.Del("office")
		all.Del("page")
		v.Office, v.AllHref = o.Name, "/notes?"+all.Encode()
	}
	status := http.StatusOK
	if len(f.Errors) > 0 {
		status = http.StatusUnprocessableEntity
		v.Found = p.T("notes.fix_filters")
	} else {
		res, err := s.search(r.Context(), search)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		for _, h := range res.Hits {
			c := noteCard(p.L, &h.Note, areas)
			c.Snippet = snippet(h.Snippet)
			v.Hits = append(v.Hits, c)
		}
		v.Found = p.L.N("notes.found", len(res.Hits))
		if res.More {
			v.Found = p.T("notes.found_more", strconv.Itoa(len(res.Hits)))
		}
		if res.Capped {
			v.Notice = p.T("notes.capped", strconv.Itoa(note.Candidates))
		}
		// Relevance pages among the ranked candidates; the other orders continue from the last
		// note shown, and "first page" replaces "previous".
		switch {
		case res.Next != "":
			v.NextHref = pageHref(q, "after", res.Next)
		case res.More:
			v.NextHref = pageHref(q, "page", strconv.Itoa(search.Page+1))
		}
		switch {
		case search.Page > 0 && res.Next == "" && search.After == "":
			v.PrevHref = pageHref(q, "page", strconv.Itoa(search.Page-1))
		case search.After != "":
			v.FirstHref = pageHref(q, "", "")
		}
	}
	tags, err := s.notes.Tags(r.Context(), 15)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	for _, t := range tags {
		v.Tags = append(v.Tags, web.Link{Label: t, Href: "/notes?tag=" + url.QueryEscape(t)})
	}
	s.renderStatus(w, r, status, web.NotesPage(p, v))
}

// pageHref is the same search on another page: key=value, or the first page when key is "".
func pageHref(q url.Values, key, value string) string {
	c := url.Values{}
	for k, vs := range q {
		c[k] = vs
	}
	c.Del("page")
	c.Del("after")
	if key != "" {
		c.Set(key, value)
	}
	return "/notes?" + c.Encode()
}

// snippet splits ts_headline's output at its \x01 … \x02 markers.
func snippet(s string) []web.Part {
	var parts []web.Part
	for s != "" {
		i := strings.IndexByte(s, 1)
		if i < 0 {
			parts = append(parts, web.Part{Text: s})
			break
		}
		if i > 0 {
			parts = append(parts, web.Part{Text: s[:i]})
		}
		s = s[i+1:]
		j := strings.IndexByte(s, 2)
		if j < 0 {
			j = len(s)
		}
		parts = append(parts, web.Part{Text: s[:j], Mark: true})
		if j < len(s) {
			s = s[j+1:]
		} else {
			s = ""
		}
	}
	return parts
}

func areaOptions(l i18n.L, areas []note.Area, all bool) []web.Option {
	var opts []web.Option
	if all {
		opts = append(opts, web.Option{Value: "", Label: l.T("notes.all_areas")})
	}
	for _, a := range areas {
		opts = append(opts, web.Option{Value: strconv.Itoa(int(a.ID)), Label: a.Name(l.Lang)})
	}
	return opts
}

func areaNames(l i18n.L, areas []note.Area, ids []int16) []string {
	var out []string
	for _, a := range areas {
		for _, id := range ids {
			if a.ID == id {
				out = append(out, a.Name(l.Lang))
			}
		}
	}
	return out
}

func noteCard(l i18n.L, n *note.Note, areas []note.Area) web.NoteCard {
	when := n.UpdatedAt
	if n.PublishedAt != nil {
		when = *n.PublishedAt
	}
	c := web.NoteCard{Href: noteHref(n.ID), Title: n.Title, Summary: n.Summary, Meta: n.OfficeName + " · " + l.Date(when),
		Areas: areaNames(l, areas, n.AreaIDs), Tags: n.Tags, Status: string(n.Status), Label: l.T("note.status." + string(n.Status)),
		Outdated: n.Outdated(time.Now()), Binding: n.Binding}
	if n.UsefulCount > 0 {
		c.Useful = l.N("notes.useful_count", int(n.UsefulCount))
	}
	return c
}

// noteMine gathers what needs the user: guidance to acknowledge, notes to review, outdated
// notes and their own notes.
func (s *Server) noteMine(w http.ResponseWriter, r *http.Request) {
	u := currentUser(r)
	ctx := r.Context()
	p := s.page(r, "notes.mine")
	areas, err := s.notes.Areas(ctx)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	cards := func(ns []note.Note, err error) ([]web.NoteCard, error) {
		if err != nil {
			return nil, err
		}
		out := make([]web.NoteCard, len(ns))
		for i := range ns {
			out[i] = noteCard(p.L, &ns[i], areas)
			if ns[i].Status == note.Draft && ns[i].ReturnComment != "" {
				out[i].Note = p.T("notes.returned", ns[i].ReturnComment)
			}
		}
		return out, nil
	}
	var v web.MyNotesView
	for _, l := range []struct {
		to   *[]web.NoteCard
		list func(context.Context, *auth.User) ([]note.Note, error)
	}{{&v.Pending, s.notes.Pending}, {&v.Review, s.notes.ForReview}, {&v.Outdated, s.notes.Outdated}, {&v.Mine, s.notes.Mine}} {
		if *l.to, err = cards(l.list(ctx, u)); err != nil {
			s.fail(w, r, err)
			return
		}
	}
	s.render(w, r, web.MyNotesPage(p, v))
}

func (s *Server) noteNew(w http.ResponseWriter, r *http.Request) {
	f := emptyForm(map[string]string{}, noteFields...)
	s.showNoteForm(w, r, http.StatusOK, f, nil, nil)
}

// noteInput reads the editor's form.
func noteInput(f web.Form) note.Input {
	in := note.Input{Title: f.Get("title"), Summary: f.Get("summary"), Body: f.Get("body"), Tags: f.Get("tags"),
		ReviewBy: f.Get("review_by"), Binding: f.Get("binding") == "1", Version: int32(atoi64(f.Get("version")))}
	for _, a := range f.Multi["areas"] {
		in.AreaIDs = append(in.AreaIDs, int16(atoi64(a)))
	}
	return in
}

func noteForm(n *note.Note) web.Form {
	f := emptyForm(map[string]string{"title": n.Title, "summary": n.Summary, "body": n.Body, "tags": strings.Join(n.Tags, ", "),
		"review_by": n.ReviewBy.Format(time.DateOnly), "version": strconv.Itoa(int(n.Version))}, noteFields...)
	if n.Binding {
		f.Values["binding"] = "1"
	}
	for _, a := range n.AreaIDs {
		f.Multi["areas"] = append(f.Multi["areas"], strconv.Itoa(int(a)))
	}
	return f
}

func (s *Server) noteCreate(w http.ResponseWriter, r *http.Request) {
	f, err := parseForm(r, noteFields...)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	id, err := s.notes.Create(r.Context(), currentUser(r), noteInput(f))
	if invalid(&f, err) {
		s.showNoteForm(w, r, http.StatusUnprocessableEntity, f, nil, nil)
		return
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	// The editor shows what the guard found right after the first save.
	s.flash(r, "notes.saved")
	redirect(w, r, noteHref(id)+"/edit")
}

func (s *Server) noteEdit(w http.ResponseWriter, r *http.Request) {
	u := currentUser(r)
	n, err := s.notes.Get(r.Context(), u, noteID(r))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if !note.CanEdit(u, n) {
		s.fail(w, r, app.ErrForbidden)
		return
	}
	s.showNoteForm(w, r, http.StatusOK, noteForm(n), n, nil)
}

// noteSave stores an edit; do=pseudonymise replaces the findings first, do=submit also sends
// the note for review.
func (s *Server) noteSave(w http.ResponseWriter, r *http.Request) {
	u := currentUser(r)
	ctx := r.Context()
	f, err := parseForm(r, noteFields...)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	n, err := s.notes.Get(ctx, u, noteID(r))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if !note.CanEdit(u, n) {
		s.fail(w, r, app.ErrForbidden) // before validation: a reader never gets the editor back
		return
	}
	in := noteInput(f)
	do := f.Get("do")
	if do == "pseudonymise" {
		marks, err := s.notes.Marks(ctx, u, n.ID)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		c, replaced := note.Content{Title: in.Title, Summary: in.Summary, Body: in.Body, Tags: note.SplitTags(in.Tags)}.Pseudonymise(marks)
		in.Title, in.Summary, in.Body, in.Tags = c.Title, c.Summary, c.Body, strings.Join(c.Tags, ", ")
		f.Values["title"], f.Values["summary"], f.Values["body"], f.Values["tags"] = in.Title, in.Summary, in.Body, in.Tags
		s.log.Debug("pseudonymised", "note", n.ID, "replaced", replaced)
	}
	err = s.notes.Save(ctx, u, n.ID, in)
	switch {
	case invalid(&f, err):
		s.showNoteForm(w, r, http.StatusUnprocessableEntity, f, n, nil)
		return
	case errors.Is(err, note.ErrStale):
		f.Errors["body"] = "err.stale"
		// The user's text stays; the form now carries the version it was refused against, so
		// saving again (as the message says) works after comparing.
		f.Values["version"] = strconv.Itoa(int(n.Version))
		s.showNoteForm(w, r, http.StatusConflict, f, n, nil)
		return
	case err != nil:
		s.fail(w, r, err)
		return
	}
	if do == "submit" {
		err := s.notes.Transition(ctx, u, n.ID, note.Submit, note.Change{})
		var blocked *note.Blocked
		if errors.As(err, &blocked) {
			n, err := s.notes.Get(ctx, u, n.ID)
			if err != nil {
				s.fail(w, r, err)
				return
			}
			f := noteForm(n)
			f.Errors["body"] = "pii.blocked"
			s.showNoteForm(w, r, http.StatusUnprocessableEntity, f, n, nil)
			return
		}
		if err != nil {
			s.fail(w, r, err)
			return
		}
		s.flash(r, "notes.submitted")
		redirect(w, r, noteHref(n.ID))
		return
	}
	if do == "pseudonymise" {
		s.flash(r, "pii.pseudonymised")
	} else {
		s.flash(r, "notes.saved")
	}
	redirect(w, r, noteHref(n.ID)+"/edit")
}

// showNoteForm renders the editor with the guard's findings for the text in f.
func (s *Server) showNoteForm(w http.ResponseWriter, r *http.Request, status int, f web.Form, n *note.Note, upload *web.Form) {
	u := currentUser(r)
	ctx := r.Context()
	title := "notes.new"
	if n != nil {
		title = "notes.edit"
	}
	p := s.page(r, title)
	f = labelled(f, p, "title", "notes.f_title", "summary", "notes.f_summary", "body", "notes.f_body", "areas", "notes.f_areas",
		"tags", "notes.f_tags", "review_by", "notes.f_review_by")
	areas, err := s.notes.Areas(ctx)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v := web.NoteFormView{Form: f, Areas: areaOptions(p.L, areas, false), Author: true, Draft: true,
		Reviewer: u.Has(auth.Admin) || u.Has(auth.Methodologist)}
	p.Crumbs = []web.Link{{Label: p.T("notes.title"), Href: "/notes"}}
	if n != nil {
		v.ID, v.Author, v.Draft, v.Reviewer, v.Return = n.ID, n.AuthorID == u.ID, n.Status == note.Draft, note.IsReviewer(u, n), n.ReturnComment
		p.Crumbs = append(p.Crumbs, web.Link{Label: n.Title, Href: noteHref(n.ID)})
		marks, err := s.notes.Marks(ctx, u, n.ID)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		flagged := note.Content{Title: f.Get("title"), Summary: f.Get("summary"), Body: f.Get("body"), Tags: note.SplitTags(f.Get("tags"))}.Flag(marks)
		v.Findings = map[string][]web.FindingRow{}
		open := 0
		for i, fl := range flagged {
			row := findingRow(p.L, i+1, fl, fieldText(f, fl.Field))
			v.Findings[fl.Field] = append(v.Findings[fl.Field], row)
			if fl.Mark == nil {
				open++
			}
		}
		if open > 0 {
			v.Count = p.L.N("pii.count", open)
		}
		files, err := s.notes.Files(ctx, n)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		v.Files = fileRows(p.L, files, note.CanEdit(u, n))
		v.Upload = emptyForm(nil, "file")
		if upload != nil {
			v.Upload = labelled(*upload, p, "file", "files.choose")
		}
		v.Accept, v.UploadHint = acceptList(), p.T("files.hint", strconv.FormatInt(s.cfg.MaxUpload>>20, 10))
	}
	s.renderStatus(w, r, status, web.NoteFormPage(p, v))
}

func fieldText(f web.Form, field string) string {
	if field == "tags" {
		return strings.Join(note.SplitTags(f.Get("tags")), ", ")
	}
	return f.Get(field)
}

// findingRow shows a finding in its context: up to 40 characters either side.
func findingRow(l i18n.L, n int, fl note.Flagged, text string) web.FindingRow {
	row := web.FindingRow{N: n, Kind: string(fl.Kind), KindLabel: l.T("pii.kind." + string(fl.Kind)),
		Reason: l.T(fl.Reason), Text: fl.Text, Marked: fl.Mark != nil}
	if fl.Mark != nil {
		row.MarkReason, row.MarkBy = fl.Mark.Reason, fl.Mark.By
	}
	if fl.Start >= 0 && fl.End <= len(text) && fl.Start <= fl.End && text[fl.Start:fl.End] == fl.Text {
		before, after := text[:fl.Start], text[fl.End:]
		row.Excerpt = []web.Part{{Text: "…" + tail(before, 40)}, {Text: fl.Text, Mark: true}, {Text: head(after, 40) + "…"}}
	} else {
		row.Excerpt = []web.Part{{Text: fl.Text, Mark: true}}
	}
	return row
}

func tail(s string, n int) string {
	r := []rune(s)
	if len(r) > n {
		r = r[len(r)-n:]
	}
	return string(r)
}

func head(s string, n int) string {
	r := []rune(s)
	if len(r) > n {
		r = r[:n]
	}
	return string(r)
}

// noteShow is the note page.
func (s *Server) noteShow(w http.ResponseWriter, r *http.Request) {
	s.keptPage(w, r, func(w http.ResponseWriter, r *http.Request) {
		s.showNote(w, r, noteID(r), http.StatusOK, false, noteState{})
	})
}

func (s *Server) notePrint(w http.ResponseWriter, r *http.Request) {
	s.showNote(w, r, noteID(r), http.StatusOK, true, noteState{})
}

// noteState carries a failed form back to the note page.
type noteState struct {
	alert         string // message key of a warning at the top
	action        web.Form
	comment       web.Form
	commentTarget string
}

func (s *Server) showNote(w http.ResponseWriter, r *http.Request, id int64, status int, print bool, st noteState) {
	u := currentUser(r)
	ctx := r.Context()
	n, err := s.notes.Get(ctx, u, id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p := s.page(r, "notes.title")
	p.Title = n.Title
	p.Crumbs = []web.Link{{Label: p.T("notes.title"), Href: "/notes"}}
	if st.alert != "" {
		p.Alert = p.T(st.alert)
	}
	areas, err := s.notes.Areas(ctx)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	d, err := s.noteData(ctx, u, n, print)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	doc := s.memos.doc(n)
	v := web.NoteView{ID: n.ID, Title: n.Title, Summary: n.Summary, HTML: doc.HTML, Status: string(n.Status),
		StatusLabel: p.T("note.status." + string(n.Status)), Author: n.AuthorName, Office: n.OfficeName, OfficeHref: officeHref(n.OfficeID),
		Region: n.RegionName, Updated: p.L.Date(n.UpdatedAt), ReviewBy: p.L.Date(n.ReviewBy), Version: n.Version,
		Outdated: n.Outdated(time.Now()), Binding: n.Binding, CanEdit: note.CanEdit(u, n), Print: print,
		UsefulCount: p.L.N("notes.useful_count", int(n.UsefulCount)), CanUseful: n.Status == note.Published,
		ActionForm: st.action, CommentForm: st.comment, CommentTarget: st.commentTarget, CanComment: n.Status == note.Published}
	if v.ActionForm.Values == nil {
		v.ActionForm = emptyForm(map[string]string{"review_by": time.Now().AddDate(1, 0, 0).Format(time.DateOnly)})
	}
	if n.PublishedAt != nil {
		v.Published = p.L.Date(*n.PublishedAt)
	}
	// A guidance note spawned from a repeated finding says so (the overview links it back).
	if len(d.sources) > 0 {
		v.Source = p.T("notes.spawned_from", strings.Join(d.sources, ", "))
	}
	if n.AuthorID == u.ID || note.IsReviewer(u, n) {
		v.ReturnComment = n.ReturnComment
	}
	for _, h := range doc.Headings {
		v.TOC = append(v.TOC, web.TOCItem{ID: h.ID, Text: h.Text, Level: h.Level})
	}
	for _, a := range areas {
		for _, id := range n.AreaIDs {
			if a.ID == id {
				v.Areas = append(v.Areas, web.Link{Label: a.Name(p.L.Lang), Href: "/notes?area=" + strconv.Itoa(int(a.ID))})
			}
		}
	}
	for _, t := range n.Tags {
		v.Tags = append(v.Tags, web.Link{Label: t, Href: "/notes?tag=" + url.QueryEscape(t)})
	}
	v.Useful, v.MustAck, v.Acked = d.reader.Useful, d.reader.MustAck, d.reader.Acknowledged && n.Binding
	if note.CanSeeAcks(u, n) {
		v.AcksHref = noteHref(n.ID) + "/acks"
	}
	for _, a := range note.Actions(u, n) {
		v.Actions = append(v.Actions, web.ActionButton{Action: string(a), Label: p.T("note.action." + string(a)),
			Primary: a == note.Publish || a == note.Submit, Comment: a == note.Return, Date: a == note.Renew})
	}
	// The guard's findings and the author's marks are for the author and the reviewers.
	if n.AuthorID == u.ID || note.IsReviewer(u, n) {
		text := map[string]string{"title": n.Title, "summary": n.Summary, "body": n.Body, "tags": strings.Join(n.Tags, ", ")}
		for i, fl := range s.memos.flag(n, d.marks) {
			row := findingRow(p.L, i+1, fl, text[fl.Field])
			if fl.Mark != nil {
				v.Marks = append(v.Marks, row)
			} else if n.Status == note.Draft || n.Status == note.Submitted {
				v.Findings = append(v.Findings, row)
			}
		}
	}
	v.Files = fileRows(p.L, d.files, false)
	for _, x := range d.related {
		v.Related = append(v.Related, web.Link{Label: x.Title, Href: noteHref(x.ID)})
	}
	if !print {
		reviewer := note.IsReviewer(u, n)
		for _, c := range d.comments {
			v.Comments = append(v.Comments, web.CommentRow{ID: c.ID, Author: c.AuthorName, Office: c.OfficeName, When: p.L.DateTime(c.CreatedAt),
				Body: c.Body, Edited: c.EditedAt != nil, Hidden: c.HiddenAt != nil, Reason: c.HiddenReason, Reply: c.ParentID != nil,
				CanEdit: c.AuthorID == u.ID && c.HiddenAt == nil, CanHide: reviewer && c.HiddenAt == nil,
				CanReply: c.ParentID == nil && c.HiddenAt == nil && v.CanComment})
		}
	}
	s.renderStatus(w, r, status, web.NotePage(p, v))
}

// noteParts is what the note page shows besides the note, read by noteData.
type noteParts struct {
	sources  []string // the findings a guidance note was spawned from
	reader   note.Reader
	marks    []note.Mark // for the author and the reviewers
	files    []note.File
	related  []note.Note // not in print
	comments []note.Comment
}

// noteData reads the parts of n's page at once: they depend on the note only, and one after
// another each waited for a free connection again when the server was busy.
func (s *Server) noteData(ctx context.Context, u *auth.User, n *note.Note, print bool) (*noteParts, error) {
	var d noteParts
	g, ctx := errgroup.WithContext(ctx)
	g.Go(func() (err error) { d.sources, err = s.oversight.NoteSources(ctx, n.ID); return })
	g.Go(func() (err error) { d.reader, err = s.notes.ReaderOf(ctx, u, n); return })
	if n.AuthorID == u.ID || note.IsReviewer(u, n) {
		g.Go(func() (err error) { d.marks, err = s.notes.Marks(ctx, u, n.ID); return })
	}
	g.Go(func() (err error) { d.files, err = s.notes.Files(ctx, n); return })
	if !print {
		g.Go(func() (err error) { d.related, err = s.relatedTo(ctx, n); return })
		g.Go(func() (err error) { d.comments, err = s.notes.Comments(ctx, n); return })
	}
	return &d, g.Wait()
}

// noteStatus takes one action of the note's state machine.
func (s *Server) noteStatus(w http.ResponseWriter, r *http.Request) {
	u := currentUser(r)
	f, err := parseForm(r, "comment", "review_by")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	a := note.Action(f.Get("action"))
	c := note.Change{Comment: f.Get("comment")}
	if a == note.Renew {
		d, err := time.Parse(time.DateOnly, strings.TrimSpace(f.Get("review_by")))
		if err != nil {
			f.Errors["review_by"] = "err.date"
			s.showNote(w, r, noteID(r), http.StatusUnprocessableEntity, false, noteState{action: labelled(f, s.page(r, "notes.title"), "review_by", "notes.new_review_by")})
			return
		}
		c.ReviewBy = d
	}
	err = s.notes.Transition(r.Context(), u, noteID(r), a, c)
	var blocked *note.Blocked
	switch {
	case errors.As(err, &blocked):
		f.Errors["action"] = "pii.blocked"
		s.showNote(w, r, noteID(r), http.StatusUnprocessableEntity, false, noteState{action: f})
		return
	case invalid(&f, err):
		p := s.page(r, "notes.title")
		s.showNote(w, r, noteID(r), http.StatusUnprocessableEntity, false, noteState{action: labelled(f, p, "comment", "notes.return_comment", "review_by", "notes.new_review_by")})
		return
	case errors.Is(err, app.ErrConflict):
		// Not at the action form: a reviewer whose note was withdrawn meanwhile has no actions left.
		s.wrongState(w, r, noteID(r))
		return
	case err != nil:
		s.fail(w, r, err)
		return
	}
	s.flash(r, "note.done."+string(a))
	redirect(w, r, noteHref(noteID(r)))
}

// wrongState answers an action the note's current state does not allow (marking a published
// note, a useful mark on a draft): 409 with the note page and the reason.
func (s *Server) wrongState(w http.ResponseWriter, r *http.Request, id int64) {
	s.showNote(w, r, id, http.StatusConflict, false, noteState{alert: "err.wrong_state"})
}

// noteMark records "not personal data" for one finding.
func (s *Server) noteMark(w http.ResponseWriter, r *http.Request) {
	u := currentUser(r)
	f, err := parseForm(r, "reason")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	id := noteID(r)
	err = s.notes.MarkNotPersonal(r.Context(), u, id, pii.Kind(f.Get("kind")), f.Get("text"), f.Get("reason"))
	if invalid(&f, err) {
		s.warn(r, "pii.mark_needs_reason")
		redirect(w, r, noteHref(id)+"/edit")
		return
	}
	if errors.Is(err, app.ErrConflict) {
		s.wrongState(w, r, id)
		return
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.flash(r, "pii.marked_ok")
	redirect(w, r, noteHref(id)+"/edit")
}

func (s *Server) noteUseful(w http.ResponseWriter, r *http.Request) {
	f, err := parseForm(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	_, err = s.notes.Useful(r.Context(), currentUser(r), noteID(r), f.Get("useful") == "1")
	if errors.Is(err, app.ErrConflict) {
		s.wrongState(w, r, noteID(r))
		return
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	redirect(w, r, noteHref(noteID(r)))
}

func (s *Server) noteAck(w http.ResponseWriter, r *http.Request) {
	f, err := parseForm(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	err = s.notes.Acknowledge(r.Context(), currentUser(r), noteID(r), int32(atoi64(f.Get("version"))))
	if errors.Is(err, note.ErrStale) {
		s.warn(r, "notes.ack_stale")
		redirect(w, r, noteHref(noteID(r)))
		return
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.flash(r, "notes.ack_done")
	redirect(w, r, noteHref(noteID(r)))
}

// noteAcks shows who in which office has acknowledged binding guidance.
func (s *Server) noteAcks(w http.ResponseWriter, r *http.Request) {
	u := currentUser(r)
	n, err := s.notes.Get(r.Context(), u, noteID(r))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	acks, err := s.notes.Acks(r.Context(), u, n)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p := s.page(r, "notes.acks")
	p.Crumbs = []web.Link{{Label: p.T("notes.title"), Href: "/notes"}, {Label: n.Title, Href: noteHref(n.ID)}}
	v := web.AcksView{Href: noteHref(n.ID)}
	done, doneIn := 0, 0
	for _, a := range acks {
		if len(v.Offices) == 0 || v.Offices[len(v.Offices)-1].Name != a.OfficeName {
			v.Offices = append(v.Offices, web.AckOffice{Name: a.OfficeName})
			doneIn = 0
		}
		o := &v.Offices[len(v.Offices)-1]
		row := web.AckRow{Name: a.Name, Earlier: a.Earlier}
		if a.At != nil {
			row.At = p.L.DateTime(*a.At)
			done++
			doneIn++
		}
		o.People = append(o.People, row)
		o.Done = p.T("acks.office_done", strconv.Itoa(doneIn), strconv.Itoa(len(o.People)))
	}
	v.Summary = p.T("acks.summary", strconv.Itoa(done), strconv.Itoa(len(acks)), strconv.Itoa(int(n.Version)))
	s.render(w, r, web.AcksPage(p, v))
}

// foundFor bounds how long a search's page stays unchanged after a change made outside this
// process (this process's own writes show at once, see epoch); foundSize bounds how many are
// kept: twenty hits with their snippets are some 20 kB.
const foundFor, foundSize = time.Minute, 300

// keyLimit bounds the bytes of a kept search's words, tag and cursor: the form allows 200
// letters of words (up to 800 bytes), and a request's URL could carry a megabyte.
const keyLimit = 1024

// search returns a page of published notes, kept between requests: the published notes are the
// same for everyone, so a search once asked is answered from memory until anything is written.
// Searching was three quarters of the database's time in the benchmark's mix, and many people
// look for the same few things.
func (s *Server) search(ctx context.Context, f note.Search) (note.Result, error) {
	if len(f.Text)+len(f.Tag)+len(f.After) > keyLimit {
		return s.notes.Search(ctx, f) // a long key is no one's common search: not worth its memory
	}
	return s.found.getAt(s.epoch.begun(ctx), f, func() (note.Result, error) { return s.notes.Search(ctx, f) })
}

// relatedFor bounds how long the related notes a page lists stay unchanged after a change
// made outside this process; this process's own writes show at once (see epoch).
const relatedFor = 10 * time.Minute

// relatedKey: the related notes are chosen by the note's tags and areas.
type relatedKey struct {
	id          int64
	tags, areas string
}

// relatedTo lists the notes related to n, kept between pages: choosing them was three
// quarters of the database's time on a busy note page (README, Performance), and they change
// only when notes are written. Only what the page shows is kept.
func (s *Server) relatedTo(ctx context.Context, n *note.Note) ([]note.Note, error) {
	k := relatedKey{id: n.ID, tags: strings.Join(n.Tags, "\x00"), areas: fmt.Sprint(n.AreaIDs)}
	return s.related.getAt(s.epoch.begun(ctx), k, func() ([]note.Note, error) {
		list, err := s.notes.Related(ctx, n)
		for i, x := range list {
			list[i] = note.Note{ID: x.ID, Title: x.Title}
		}
		return list, err
	})
}
