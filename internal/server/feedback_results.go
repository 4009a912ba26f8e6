package server

import (
	"bytes"
	"errors"
	"net/http"
	"strconv"
	"strings"

	"golang.org/x/sync/errgroup"

	"hnizdo.cz/hnizdo/internal/app"
	"hnizdo.cz/hnizdo/internal/feedback"
	"hnizdo.cz/hnizdo/internal/meeting"
	"hnizdo.cz/hnizdo/web"
)

func (s *Server) feedbackResults(w http.ResponseWriter, r *http.Request) {
	s.showResults(w, r, formID(r), false, http.StatusOK, "")
}

func (s *Server) feedbackReport(w http.ResponseWriter, r *http.Request) {
	s.showResults(w, r, formID(r), true, http.StatusOK, "")
}

func (s *Server) showResults(w http.ResponseWriter, r *http.Request, id int64, report bool, status int, alert string) {
	u := currentUser(r)
	// The results, the next meeting and the series' trends are read at once; each read checks
	// that u may see the form's results. One after another, each waited for a free connection
	// again when the server was busy.
	var (
		res       *feedback.Results
		next      int64
		nextTitle string
		trends    []feedback.Trend
		g, ctx    = errgroup.WithContext(r.Context())
	)
	g.Go(func() (err error) {
		if res, err = s.feedback.Results(ctx, u, id); err == nil {
			next, nextTitle, err = s.feedback.NextMeeting(ctx, res.Form)
		}
		return
	})
	g.Go(func() (err error) { trends, err = s.feedback.Trend(ctx, u, id); return })
	if err := g.Wait(); err != nil {
		s.fail(w, r, err)
		return
	}
	f := res.Form
	if f.IsTemplate {
		s.fail(w, r, app.ErrNotFound) // a template has no answers, so no results page
		return
	}
	p := s.page(r, "feedback.results_title", f.Title)
	l := p.L
	v := web.ResultsView{ID: f.ID, Title: l.T("feedback.results_title", f.Title), Subject: subject(l, f), Hidden: res.Hidden,
		Report: report, ReportHref: feedbackHref(id, "/report"), BuilderHref: feedbackHref(id, "")}
	if alert != "" {
		v.Alert = l.T(alert)
	}
	v.Facts = []web.Fact{
		{Label: l.T("feedback.answers"), Value: l.Num(res.Responses)},
		{Label: l.T("feedback.invited"), Value: l.Num(res.Invited)},
	}
	if f.MeetingID != nil {
		v.Facts = append(v.Facts, web.Fact{Label: l.T("feedback.attended"), Value: l.Num(res.Attended), Href: meetingHref(*f.MeetingID) + "/participants"})
	}
	if res.Attended > 0 {
		v.Facts = append(v.Facts, web.Fact{Label: l.T("feedback.rate"), Value: l.T("feedback.percent", l.Decimal(100*res.Rate))})
	}
	if f.ClosesAt != nil {
		v.Facts = append(v.Facts, web.Fact{Label: l.T("feedback.closes_at"), Value: l.DateTime(*f.ClosesAt)})
	}
	if res.Hidden {
		v.HiddenText = l.T("feedback.hidden", l.Num(int(f.MinAnswers)), l.Num(res.Responses))
	} else {
		v.Exports = []web.Export{
			{Kind: "xlsx", Href: feedbackHref(id, "/results.xlsx"), Label: l.T("feedback.export.xlsx")},
			{Kind: "answers", Href: feedbackHref(id, "/answers.csv"), Label: l.T("feedback.export.answers")},
			{Kind: "summary", Href: feedbackHref(id, "/summary.csv"), Label: l.T("feedback.export.summary")},
		}
	}
	v.NextMeeting, v.CanCarry = nextTitle, next != 0 && feedback.CanManage(u, f.Region())
	for _, st := range res.Stats {
		q := st.Question
		sv := web.StatView{ID: strconv.FormatInt(q.OriginID, 10), Label: q.Label, KindLabel: l.T("feedback.kind." + string(q.Kind)),
			Count: l.Num(st.Count), Scaled: q.Kind.Scaled(), Choice: q.Kind.Choice(), Text: q.Kind.Textual(),
			Carry: q.Key == "next_topics"}
		if st.Hidden {
			sv.Hidden = l.T("feedback.hidden_question", l.Num(int(f.MinAnswers)))
		}
		if sv.Scaled {
			sv.Mean, sv.Median = l.Decimal(st.Mean), l.Decimal(st.Median)
		}
		for _, b := range st.Bars {
			sv.Bars = append(sv.Bars, web.Bar{Label: b.Label, Count: b.Count, Share: b.Share})
		}
		for _, t := range st.Texts {
			sv.Texts = append(sv.Texts, web.TextAnswer{Pick: t.ResponseID + ":" + strconv.FormatInt(t.QuestionID, 10), Text: t.Text, Carried: t.Carried})
		}
		v.Stats = append(v.Stats, sv)
	}
	for _, t := range trends {
		if len(t.Points) < 2 {
			continue // one point is not a trend
		}
		lo, hi := t.Kind.Scale()
		tv := web.TrendView{ID: t.Key, Label: t.Label, Lo: float64(lo), Hi: float64(hi)}
		for _, pt := range t.Points {
			tv.Points = append(tv.Points, web.Point{Label: l.Date(pt.StartsAt), Value: pt.Mean, Count: pt.Count, Hidden: pt.Hidden})
		}
		v.Trends = append(v.Trends, tv)
	}
	s.renderStatus(w, r, status, web.ResultsPage(p, v))
}

// export writes one of the downloads; below k answers there is nothing to export.
func (s *Server) feedbackExport(kind string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		u := currentUser(r)
		id := formID(r)
		lg := lang(r)
		var buf bytes.Buffer
		var err error
		var ctype, ext string
		switch kind {
		case "summary":
			var res *feedback.Results
			if res, err = s.feedback.Results(r.Context(), u, id); err == nil {
				if res.Hidden {
					err = feedback.ErrTooFew
				} else {
					err = feedback.WriteSummaryCSV(&buf, res, lg)
				}
			}
			ctype, ext = "text/csv; charset=utf-8", "souhrn.csv"
		case "answers":
			var t *feedback.Table
			if t, err = s.feedback.Table(r.Context(), u, id); err == nil {
				err = feedback.WriteAnswersCSV(&buf, t, lg)
			}
			ctype, ext = "text/csv; charset=utf-8", "odpovedi.csv"
		default:
			var t *feedback.Table
			var res *feedback.Results
			if t, err = s.feedback.Table(r.Context(), u, id); err == nil {
				if res, err = s.feedback.Results(r.Context(), u, id); err == nil {
					err = feedback.WriteXLSX(&buf, t, res, lg)
				}
			}
			ctype, ext = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "vysledky.xlsx"
		}
		var ref feedback.Refusal
		if errors.As(err, &ref) {
			s.showResults(w, r, id, false, http.StatusConflict, string(ref))
			return
		}
		if err != nil {
			s.fail(w, r, err)
			return
		}
		w.Header().Set("Content-Type", ctype)
		w.Header().Set("Content-Disposition", `attachment; filename="zpetna-vazba-`+strconv.FormatInt(id, 10)+"-"+ext+`"`)
		w.Write(buf.Bytes())
	}
}

// feedbackCarry makes the picked "topics for next time" answers topics of the next meeting.
func (s *Server) feedbackCarry(w http.ResponseWriter, r *http.Request) {
	id := formID(r)
	f, err := parseForm(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	var picks []feedback.Pick
	for _, p := range f.Multi["pick"] {
		resp, q, ok := strings.Cut(p, ":")
		if !ok {
			s.fail(w, r, errBadRequest)
			return
		}
		picks = append(picks, feedback.Pick{ResponseID: resp, QuestionID: atoi64(q)})
	}
	next, n, err := s.feedback.Carry(r.Context(), currentUser(r), id, picks)
	var ref feedback.Refusal
	var mref meeting.Refusal
	switch {
	case errors.As(err, &ref):
		s.showResults(w, r, id, false, http.StatusConflict, string(ref))
		return
	case errors.As(err, &mref):
		// The next meeting no longer takes topics (its agenda is published).
		s.showResults(w, r, id, false, http.StatusConflict, "feedback.err.next_closed")
		return
	case errors.As(err, new(app.Invalid)):
		// A line the topic rules refuse; nothing was proposed.
		s.showResults(w, r, id, false, http.StatusUnprocessableEntity, "feedback.err.carry_invalid")
		return
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if n == 0 {
		s.warn(r, "feedback.carried_none")
		redirect(w, r, feedbackHref(id, "/results"))
		return
	}
	s.flash(r, "feedback.done.carry")
	redirect(w, r, meetingHref(next)+"/topics")
}
