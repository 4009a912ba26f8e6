package server

import (
	"io"
	"net/http"

	"github.com/go-chi/chi/v5"
	"github.com/go-chi/chi/v5/middleware"
	"github.com/klauspost/compress/gzip"

	"hnizdo.cz/hnizdo/internal/auth"
)

// access says who may use a route. It is decided here, per route, in Go — templates only
// hide links that would be refused anyway.
type access struct {
	public bool            // no session needed
	perm   auth.Permission // "" = any signed-in user
}

var (
	public   = access{public: true}
	signedIn = access{}
)

func need(p auth.Permission) access { return access{perm: p} }

// route is one entry of the routing table.
type route struct {
	method, pattern string
	access          access
	handle          http.HandlerFunc
}

// routes is the one table of every page and action with who may use it.
func (s *Server) routes() []route {
	return []route{
		{"GET", "/login", public, s.loginForm},
		{"POST", "/login", public, s.loginPost},
		{"GET", "/invite/{token}", public, s.inviteForm},
		{"POST", "/invite/{token}", public, s.invitePost},
		{"GET", "/licence", signedIn, s.licence},
		{"POST", "/logout", signedIn, s.logout},
		{"GET", "/", signedIn, s.home},
		{"GET", "/account", signedIn, s.account},
		{"POST", "/account/password", signedIn, s.accountPassword},
		{"POST", "/account/language", signedIn, s.accountLanguage},
		{"GET", "/offices", need(auth.ViewDirectory), s.officeList},
		{"GET", "/offices/new", need(auth.ManageOffices), s.officeNew},
		{"POST", "/offices", need(auth.ManageOffices), s.officeCreate},
		{"GET", "/offices/{id}", need(auth.ViewDirectory), s.officeShow},
		{"GET", "/offices/{id}/edit", need(auth.ManageOffices), s.officeEdit},
		{"POST", "/offices/{id}", need(auth.ManageOffices), s.officeUpdate},
		{"GET", "/users", need(auth.ManageUsers), s.userList},
		{"POST", "/users", need(auth.ManageUsers), s.userInvite},
		{"POST", "/users/{id}/invitation", need(auth.ManageUsers), s.userReinvite},
		// Practice notes: every signed-in user reads and writes; who may change which note in
		// which state is decided per object by the note package.
		{"GET", "/notes", signedIn, s.noteList},
		{"GET", "/notes/mine", signedIn, s.noteMine},
		{"GET", "/notes/new", signedIn, s.noteNew},
		{"POST", "/notes", signedIn, s.noteCreate},
		{"GET", "/notes/{id}", signedIn, s.noteShow},
		{"GET", "/notes/{id}/print", signedIn, s.notePrint},
		{"GET", "/notes/{id}/edit", signedIn, s.noteEdit},
		{"POST", "/notes/{id}", signedIn, s.noteSave},
		{"POST", "/notes/{id}/status", signedIn, s.noteStatus},
		{"POST", "/notes/{id}/marks", signedIn, s.noteMark},
		{"GET", "/notes/{id}/history", signedIn, s.noteHistory},
		{"POST", "/notes/{id}/restore", signedIn, s.noteRestore},
		{"POST", "/notes/{id}/useful", signedIn, s.noteUseful},
		{"POST", "/notes/{id}/ack", signedIn, s.noteAck},
		{"GET", "/notes/{id}/acks", signedIn, s.noteAcks},
		{"POST", "/notes/{id}/comments", signedIn, s.commentAdd},
		{"POST", "/notes/{id}/files", signedIn, s.fileUpload},
		{"POST", "/comments/{id}", signedIn, s.commentEdit},
		{"POST", "/comments/{id}/hide", signedIn, s.commentHide},
		{"GET", "/files/{id}", signedIn, s.fileDownload},
		{"POST", "/files/{id}/delete", signedIn, s.fileDelete},
		// Meetings: everyone sees the calendar and takes part; who may run which step of which
		// meeting is decided per object by the meeting package.
		{"GET", "/meetings", signedIn, s.meetingList},
		{"GET", "/meetings/new", need(auth.OrganiseMeetings), s.meetingNew},
		{"POST", "/meetings", need(auth.OrganiseMeetings), s.meetingCreate},
		{"GET", "/meetings/{id}", signedIn, s.meetingShow},
		{"GET", "/meetings/{id}/edit", need(auth.OrganiseMeetings), s.meetingEdit},
		{"POST", "/meetings/{id}", need(auth.OrganiseMeetings), s.meetingSave},
		{"POST", "/meetings/{id}/status", need(auth.OrganiseMeetings), s.meetingStatus},
		{"GET", "/meetings/{id}/meeting.ics", signedIn, s.meetingICS},
		{"POST", "/meetings/{id}/register", signedIn, s.meetingRegister},
		{"POST", "/meetings/{id}/unregister", signedIn, s.meetingUnregister},
		{"GET", "/meetings/{id}/participants", need(auth.OrganiseMeetings), s.meetingParticipants},
		{"GET", "/meetings/{id}/participants.csv", need(auth.OrganiseMeetings), s.meetingCSV},
		{"POST", "/meetings/{id}/attendance", need(auth.OrganiseMeetings), s.meetingAttendance},
		{"GET", "/meetings/{id}/topics", signedIn, s.meetingTopics},
		{"POST", "/meetings/{id}/topics", signedIn, s.topicPropose},
		{"POST", "/meetings/{id}/merge", need(auth.OrganiseMeetings), s.topicMerge},
		{"POST", "/topics/{id}/vote", signedIn, s.topicVote},
		{"POST", "/topics/{id}/unvote", signedIn, s.topicUnvote},
		{"POST", "/topics/{id}/decide", need(auth.OrganiseMeetings), s.topicDecide},
		{"GET", "/meetings/{id}/agenda", signedIn, s.meetingAgenda},
		{"POST", "/meetings/{id}/schedule", need(auth.OrganiseMeetings), s.meetingSchedule},
		{"GET", "/meetings/{id}/minutes", signedIn, s.meetingMinutes},
		{"POST", "/topics/{id}/minutes", need(auth.OrganiseMeetings), s.minutesSave},
		{"POST", "/topics/{id}/followups", need(auth.OrganiseMeetings), s.followUpAdd},
		{"POST", "/followups/{id}/done", need(auth.OrganiseMeetings), s.followUpDone},
		// Participant feedback: organisers of a region build forms and read results (per object:
		// the form's region, decided by the feedback package); attendees answer through their
		// own invitation, signed in or by the personal one-time link.
		{"GET", "/feedback", signedIn, s.feedbackList},
		{"GET", "/feedback/new", need(auth.ManageFeedback), s.feedbackNew},
		{"POST", "/feedback", need(auth.ManageFeedback), s.feedbackCreate},
		{"GET", "/feedback/{id}", need(auth.ManageFeedback), s.feedbackShow},
		{"POST", "/feedback/{id}", need(auth.ManageFeedback), s.feedbackSave},
		{"POST", "/feedback/{id}/status", need(auth.ManageFeedback), s.feedbackStatus},
		{"POST", "/feedback/{id}/questions", need(auth.ManageFeedback), s.questionAdd},
		{"POST", "/feedback/{id}/questions/{q}", need(auth.ManageFeedback), s.questionSave},
		{"POST", "/feedback/{id}/questions/{q}/delete", need(auth.ManageFeedback), s.questionDelete},
		{"POST", "/feedback/{id}/questions/{q}/move", need(auth.ManageFeedback), s.questionMove},
		{"POST", "/feedback/{id}/template", need(auth.ManageFeedback), s.feedbackTemplate},
		{"GET", "/feedback/{id}/results", need(auth.ManageFeedback), s.feedbackResults},
		{"GET", "/feedback/{id}/report", need(auth.ManageFeedback), s.feedbackReport},
		{"GET", "/feedback/{id}/answers.csv", need(auth.ManageFeedback), s.feedbackExport("answers")},
		{"GET", "/feedback/{id}/summary.csv", need(auth.ManageFeedback), s.feedbackExport("summary")},
		{"GET", "/feedback/{id}/results.xlsx", need(auth.ManageFeedback), s.feedbackExport("xlsx")},
		{"POST", "/feedback/{id}/carry", need(auth.ManageFeedback), s.feedbackCarry},
		{"GET", "/feedback/{id}/answer", signedIn, s.answerForm},
		{"POST", "/feedback/{id}/answer", signedIn, s.answerPost},
		{"GET", "/f/{token}", public, s.answerTokenForm},
		{"POST", "/f/{token}", public, s.answerTokenPost},
		{"POST", "/meetings/{id}/spontaneous", need(auth.OrganiseMeetings), s.spontaneousAdd},
		{"POST", "/meetings/{id}/approve", need(auth.OrganiseMeetings), s.minutesApprove},
		// Methodological oversight: every signed-in user reaches the dashboard and lists, which
		// show an office its own inspections and measures and a region's methodologists all of
		// the region's; each object is checked by the oversight package (other regions: 404).
		{"GET", "/oversight", signedIn, s.oversightHome},
		{"GET", "/oversight/plan", need(auth.Oversee), s.planPage},
		{"POST", "/oversight/plan", need(auth.Oversee), s.planPost},
		{"GET", "/oversight/inspections", signedIn, s.inspectionList},
		{"GET", "/oversight/inspections/{id}", signedIn, s.inspectionShow},
		{"POST", "/oversight/inspections/{id}/step", need(auth.Oversee), s.inspectionStep},
		{"GET", "/oversight/inspections/{id}/checklist", signedIn, s.checklistPage},
		{"POST", "/oversight/inspections/{id}/checklist/{criterion}", need(auth.Oversee), s.checklistAssess},
		{"GET", "/oversight/inspections/{id}/protocol", signedIn, s.protocolPage},
		{"GET", "/oversight/inspections/{id}/protocol.pdf", signedIn, s.protocolPDF},
		{"POST", "/oversight/inspections/{id}/objections", signedIn, s.objectionPost},
		{"POST", "/oversight/inspections/{id}/objections/{oid}/decide", need(auth.Oversee), s.objectionDecide},
		{"POST", "/oversight/inspections/{id}/findings/{fid}/measures", need(auth.Oversee), s.measureCreate},
		{"POST", "/oversight/findings/{id}/files", need(auth.Oversee), s.findingFiles},
		{"GET", "/oversight/files/{id}", signedIn, s.oversightFile},
		{"GET", "/oversight/measures", signedIn, s.measureList},
		{"GET", "/oversight/measures/{id}", signedIn, s.measureShow},
		{"POST", "/oversight/measures/{id}/report", signedIn, s.measureReport},
		{"POST", "/oversight/measures/{id}/files", signedIn, s.measureFiles},
		{"POST", "/oversight/measures/{id}/verify", need(auth.Oversee), s.measureVerify},
		{"POST", "/oversight/measures/{id}/return", need(auth.Oversee), s.measureReturn},
		{"GET", "/oversight/settings", need(auth.Oversee), s.settingsPage},
		{"POST", "/oversight/settings", need(auth.Oversee), s.settingsPost},
		// Methodological visits: the region's methodologists record them; the visited office sees
		// its own (per object, decided by the oversight package; other regions: 404).
		{"GET", "/oversight/visits", signedIn, s.visitList},
		{"GET", "/oversight/visits/new", need(auth.Oversee), s.visitNew},
		{"POST", "/oversight/visits", need(auth.Oversee), s.visitCreate},
		{"GET", "/oversight/visits/{id}", signedIn, s.visitShow},
		{"POST", "/oversight/visits/{id}", need(auth.Oversee), s.visitUpdate},
		{"POST", "/oversight/visits/{id}/followups", need(auth.Oversee), s.visitFollowup},
		{"POST", "/oversight/followups/{id}/done", signedIn, s.visitFollowupDone},
		{"POST", "/oversight/visits/{id}/notes", need(auth.Oversee), s.visitNoteLink},
		{"POST", "/oversight/visits/{id}/notes/{nid}/delete", need(auth.Oversee), s.visitNoteUnlink},
		// The region-wide overview of findings, and what a repeated finding spawns.
		{"GET", "/oversight/overview", need(auth.Oversee), s.overviewPage},
		{"POST", "/oversight/criteria/{id}/faq", need(auth.Oversee), s.spawnFAQ},
		{"POST", "/oversight/criteria/{id}/note", need(auth.Oversee), s.spawnNote},
		// The texts of the quality standards' criteria: administrators edit them.
		{"GET", "/standards", need(auth.EditStandards), s.standardsPage},
		{"POST", "/standards/criteria/{id}", need(auth.EditStandards), s.criterionSave},
		// Methodological questions: any staff member asks; the region's methodologists answer
		// (per object, decided by the question package); the FAQ is the published answers.
		{"GET", "/questions", signedIn, s.askList},
		{"GET", "/questions/new", signedIn, s.askNew},
		{"POST", "/questions", signedIn, s.askCreate},
		{"GET", "/questions/{id}", signedIn, s.askShow},
		{"POST", "/questions/{id}/assign", need(auth.Oversee), s.askAssign},
		{"POST", "/questions/{id}/answer", need(auth.Oversee), s.askAnswer},
		{"POST", "/questions/{id}/publish", need(auth.Oversee), s.askPublish},
		{"POST", "/questions/{id}/private", need(auth.Oversee), s.askPrivate},
		{"GET", "/faq", signedIn, s.faqList},
		{"GET", "/faq/{id}", signedIn, s.faqEntry},
		// The innovation nest: everyone signed in reads tools and how they spread; who may change
		// which tool, adoption, topic or visit is decided per object by the nest package.
		{"GET", "/nest", signedIn, s.nestHome},
		{"GET", "/nest/tools/new", signedIn, s.toolNew},
		{"POST", "/nest/tools", signedIn, s.toolCreate},
		{"GET", "/nest/tools/{id}", signedIn, s.toolShow},
		{"GET", "/nest/tools/{id}/edit", signedIn, s.toolEdit},
		{"POST", "/nest/tools/{id}", signedIn, s.toolSave},
		{"POST", "/nest/tools/{id}/promote", signedIn, s.toolPromote},
		{"POST", "/nest/tools/{id}/offers", need(auth.Accompany), s.toolOffer},
		{"POST", "/nest/tools/{id}/adoption", signedIn, s.toolAdoption},
		{"POST", "/nest/tools/{id}/files", signedIn, s.toolFiles},
		{"GET", "/nest/files/{id}", signedIn, s.toolFile},
		{"POST", "/nest/tools/{id}/links", signedIn, s.toolLink},
		{"POST", "/nest/tools/{id}/links/delete", signedIn, s.toolUnlink},
		{"GET", "/nest/tools/{id}/spread", signedIn, s.toolSpread},
		{"GET", "/nest/matrix", signedIn, s.nestMatrix},
		{"GET", "/nest/matrix.csv", signedIn, s.nestMatrixCSV},
		{"GET", "/nest/pilots", signedIn, s.nestPilots},
		{"GET", "/nest/offices/{id}", signedIn, s.nestOffice},
		{"POST", "/nest/offices/{id}/topics", need(auth.Accompany), s.devTopicAdd},
		{"POST", "/nest/offices/{id}/visits", need(auth.Accompany), s.guideVisitAdd},
		{"GET", "/nest/visits", need(auth.Accompany), s.guideVisits},
		// The region's calendar feed: calendar apps cannot sign in; it carries nothing private.
		{"GET", "/regions/{id}/meetings.ics", public, s.regionFeed},
	}
}

// Handler returns the whole application.
func (s *Server) Handler() http.Handler {
	r := chi.NewRouter()
	// Standard chain: every response, including health checks and static files.
	clientIP := middleware.ClientIPFromRemoteAddr
	if len(s.cfg.TrustedProxies) > 0 {
		clientIP = middleware.ClientIPFromXFF(s.cfg.TrustedProxies...)
	}
	// Compression level 1: HTML shrinks almost as much as at level 5, for a fraction of the CPU.
	gz := middleware.NewCompressor(1, "text/html", "text/css", "text/plain", "image/svg+xml", "application/javascript", "text/csv")
	// klauspost's gzip instead of the standard library's: a stream of the same size (±1 %) in
	// 60 % of the time, and gzip was a quarter of the server's CPU under load (README, Performance).
	gz.SetEncoder("gzip", func(w io.Writer, level int) io.Writer {
		z, _ := gzip.NewWriterLevel(w, level) // level 1 is always valid
		return z
	})
	r.Use(middleware.RequestID, s.logRequests, s.recoverPanics, secureHeaders, clientIP, s.limitBody, middleware.GetHead, gz.Handler)
	r.NotFound(s.notFound)
	r.MethodNotAllowed(s.methodNotAllowed)

	r.Get("/healthz", s.healthz)
	r.Get("/readyz", s.readyz)
	r.Get("/static/*", s.static)

	// Dynamic chain: session, CSRF check, the current user.
	r.Group(func(r chi.Router) {
		r.Use(s.epoch.afterWrites, s.sessions.LoadAndSave, s.touchSession, s.csrf.Handler, s.loadUser)
		for _, rt := range s.routes() {
			r.With(s.allow(rt.access)).Method(rt.method, rt.pattern, rt.handle)
		}
	})
	return r
}
