package server

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/go-chi/chi/v5"

	"hnizdo.cz/hnizdo/internal/app"
	"hnizdo.cz/hnizdo/internal/i18n"
	"hnizdo.cz/hnizdo/internal/note"
	"hnizdo.cz/hnizdo/internal/textdiff"
	"hnizdo.cz/hnizdo/internal/upload"
	"hnizdo.cz/hnizdo/web"
)

// noteHistory lists the versions and shows the difference between any two.
func (s *Server) noteHistory(w http.ResponseWriter, r *http.Request) {
	u := currentUser(r)
	ctx := r.Context()
	q, err := query(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	n, err := s.notes.Get(ctx, u, noteID(r))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	versions, err := s.notes.Versions(ctx, u, n.ID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p := s.page(r, "history.title")
	p.Crumbs = []web.Link{{Label: p.T("notes.title"), Href: "/notes"}, {Label: n.Title, Href: noteHref(n.ID)}}
	v := web.HistoryView{ID: n.ID, Href: noteHref(n.ID) + "/history", CanRestore: note.CanEdit(u, n), Current: n.Version}
	byN := map[int32]note.Version{}
	for _, x := range versions {
		byN[x.Version] = x
		row := web.VersionRow{N: x.Version, By: x.SavedBy, At: p.L.DateTime(x.SavedAt), Current: x.Version == n.Version}
		if x.RestoredFrom != nil {
			row.Restored = p.T("history.restored_from", strconv.Itoa(int(*x.RestoredFrom)))
		}
		v.Versions = append(v.Versions, row)
		v.Options = append(v.Options, web.Option{Value: strconv.Itoa(int(x.Version)), Label: p.T("history.option", strconv.Itoa(int(x.Version)), row.At, x.SavedBy)})
	}
	if len(versions) > 1 {
		to, from := int32(atoi64(q.Get("to"))), int32(atoi64(q.Get("from")))
		if _, ok := byN[to]; !ok {
			to = versions[0].Version
		}
		if _, ok := byN[from]; !ok {
			from = versions[1].Version
		}
		v.Form = emptyForm(map[string]string{"from": strconv.Itoa(int(from)), "to": strconv.Itoa(int(to))})
		a, b := byN[from], byN[to]
		ins, del := 0, 0
		for _, fd := range []struct{ key, old, new string }{
			{"notes.f_title", a.Title, b.Title},
			{"notes.f_summary", a.Summary, b.Summary},
			{"notes.f_body", a.Body, b.Body},
			{"notes.f_tags", strings.Join(a.Tags, ", "), strings.Join(b.Tags, ", ")},
		} {
			df := web.DiffField{Label: p.T(fd.key), Same: fd.old == fd.new}
			if !df.Same {
				lines := textdiff.Lines(fd.old, fd.new, 3)
				i, d := textdiff.Stats(lines)
				ins, del = ins+i, del+d
				df.Lines = diffLines(lines)
			}
			v.Fields = append(v.Fields, df)
		}
		v.Stats = p.T("history.stats", strconv.Itoa(int(from)), strconv.Itoa(int(to)), strconv.Itoa(ins), strconv.Itoa(del))
	}
	s.render(w, r, web.HistoryPage(p, v))
}

func diffLines(lines []textdiff.Line) []web.DiffLine {
	ops := map[textdiff.Op]string{textdiff.Equal: "", textdiff.Insert: "ins", textdiff.Delete: "del"}
	out := make([]web.DiffLine, len(lines))
	for i, l := range lines {
		d := web.DiffLine{Op: ops[l.Op]}
		if d.Op == "" {
			d.Op = "eq"
		}
		if l.Op == textdiff.Equal && l.Old == 0 && l.New == 0 {
			d.Op = "fold"
		}
		if l.Old > 0 {
			d.Old = strconv.Itoa(l.Old)
		}
		if l.New > 0 {
			d.New = strconv.Itoa(l.New)
		}
		for _, sp := range l.Spans {
			d.Parts = append(d.Parts, web.DiffPart{Op: ops[sp.Op], Text: sp.Text})
		}
		out[i] = d
	}
	return out
}

func (s *Server) noteRestore(w http.ResponseWriter, r *http.Request) {
	f, err := parseForm(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	id := noteID(r)
	err = s.notes.Restore(r.Context(), currentUser(r), id, int32(atoi64(f.Get("from"))), int32(atoi64(f.Get("version"))))
	if errors.Is(err, note.ErrStale) {
		s.warn(r, "err.stale")
		redirect(w, r, noteHref(id)+"/history")
		return
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.flash(r, "history.restored")
	redirect(w, r, noteHref(id))
}

// commentAdd adds a comment or a reply.
func (s *Server) commentAdd(w http.ResponseWriter, r *http.Request) {
	f, err := parseForm(r, "body")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	parent := atoi64(f.Get("parent"))
	_, err = s.notes.Comment(r.Context(), currentUser(r), noteID(r), parent, f.Get("body"))
	target := "new"
	if parent > 0 {
		target = "reply-" + strconv.FormatInt(parent, 10)
	}
	if s.commentFailed(w, r, noteID(r), f, target, "body", err) {
		return
	}
	s.flash(r, "comments.added")
	redirect(w, r, noteHref(noteID(r))+"#comments")
}

// commentFailed shows the note page again with the comment form's error, keeping the text.
func (s *Server) commentFailed(w http.ResponseWriter, r *http.Request, nid int64, f web.Form, target, field string, err error) bool {
	var pd *note.PersonalData
	switch {
	case err == nil:
		return false
	case errors.As(err, &pd):
		l := i18n.For(lang(r))
		var found []string
		for _, x := range pd.Findings {
			found = append(found, l.T("pii.kind."+string(x.Kind))+" „"+x.Text+"“")
		}
		// The message names what was found so the writer can rephrase it.
		f.Errors[field] = "pii.comment_blocked"
		f.Values["_found"] = strings.Join(found, ", ")
	case invalid(&f, err):
	case errors.Is(err, app.ErrConflict):
		s.wrongState(w, r, nid) // e.g. the comment was hidden, or the note archived, meanwhile
		return true
	default:
		s.fail(w, r, err)
		return true
	}
	s.showNote(w, r, nid, http.StatusUnprocessableEntity, false, noteState{comment: f, commentTarget: target})
	return true
}

func commentID(r *http.Request) int64 { return atoi64(chi.URLParam(r, "id")) }

func (s *Server) commentEdit(w http.ResponseWriter, r *http.Request) {
	f, err := parseForm(r, "body")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	cid := commentID(r)
	nid, err := s.notes.EditComment(r.Context(), currentUser(r), cid, f.Get("body"))
	if err != nil && nid == 0 {
		s.fail(w, r, err)
		return
	}
	if s.commentFailed(w, r, nid, f, "edit-"+strconv.FormatInt(cid, 10), "body", err) {
		return
	}
	s.flash(r, "comments.saved")
	redirect(w, r, noteHref(nid)+"#c"+strconv.FormatInt(cid, 10))
}

func (s *Server) commentHide(w http.ResponseWriter, r *http.Request) {
	f, err := parseForm(r, "reason")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	cid := commentID(r)
	nid, err := s.notes.HideComment(r.Context(), currentUser(r), cid, f.Get("reason"))
	if err != nil && nid == 0 {
		s.fail(w, r, err)
		return
	}
	if s.commentFailed(w, r, nid, f, "hide-"+strconv.FormatInt(cid, 10), "reason", err) {
		return
	}
	s.flash(r, "comments.hidden_ok")
	redirect(w, r, noteHref(nid)+"#c"+strconv.FormatInt(cid, 10))
}

func fileRows(l i18n.L, files []note.File, canDelete bool) []web.FileRow {
	rows := make([]web.FileRow, len(files))
	for i, f := range files {
		rows[i] = web.FileRow{ID: f.ID, Href: "/files/" + strconv.FormatInt(f.ID, 10), Name: f.Name,
			Info: typeName(f.MIME) + ", " + size(l, int64(f.Size)), Downloads: l.N("files.downloads", int(f.Downloads)), CanDelete: canDelete}
	}
	return rows
}

func typeName(mime string) string {
	for _, t := range upload.Types {
		if t.MIME == mime {
			return t.Name
		}
	}
	return mime
}

func size(l i18n.L, n int64) string {
	switch {
	case n >= 1<<20:
		return strings.Replace(fmt.Sprintf("%.1f MB", float64(n)/(1<<20)), ".", l.T("num.decimal"), 1)
	case n >= 1<<10:
		return strconv.FormatInt(n>>10, 10) + " kB"
	}
	return strconv.FormatInt(n, 10) + " B"
}

func acceptList() string {
	var exts []string
	for _, t := range upload.Types {
		exts = append(exts, t.Ext...)
	}
	return strings.Join(exts, ",")
}

// fileUpload attaches a file to a note. The body limit for this route is the upload limit.
func (s *Server) fileUpload(w http.ResponseWriter, r *http.Request) {
	u := currentUser(r)
	ctx := r.Context()
	id := noteID(r)
	n, err := s.notes.Get(ctx, u, id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if !note.CanEdit(u, n) {
		s.fail(w, r, app.ErrForbidden)
		return
	}
	f := emptyForm(nil, "file")
	fail := func(key string) {
		f.Errors["file"] = key
		s.showNoteForm(w, r, http.StatusUnprocessableEntity, noteForm(n), n, &f)
	}
	name, data, key, err := s.uploaded(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if key != "" {
		fail(key)
		return
	}
	_, err = s.notes.Attach(ctx, u, id, name, data, s.cfg.MaxUpload)
	if key := uploadError(err); key != "" {
		fail(key)
		return
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.flash(r, "files.uploaded")
	redirect(w, r, noteHref(id)+"/edit#files")
}

// fileDownload serves an attachment as a download with its checked type.
func (s *Server) fileDownload(w http.ResponseWriter, r *http.Request) {
	d, err := s.notes.Open(r.Context(), currentUser(r), atoi64(chi.URLParam(r, "id")))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	serveDownload(w, d.Name, d.MIME, d.Data)
}

func (s *Server) fileDelete(w http.ResponseWriter, r *http.Request) {
	nid, err := s.notes.Detach(r.Context(), currentUser(r), atoi64(chi.URLParam(r, "id")))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.flash(r, "files.deleted")
	redirect(w, r, noteHref(nid)+"/edit#files")
}
