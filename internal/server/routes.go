package server

import (
	"net/http"

	"github.com/go-chi/chi/v5"
	"github.com/go-chi/chi/v5/middleware"

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
	r.Use(middleware.RequestID, s.logRequests, s.recoverPanics, secureHeaders, clientIP, s.limitBody, middleware.GetHead,
		middleware.Compress(5, "text/html", "text/css", "text/plain", "image/svg+xml", "application/javascript", "text/csv"))
	r.NotFound(s.notFound)
	r.MethodNotAllowed(s.methodNotAllowed)

	r.Get("/healthz", s.healthz)
	r.Get("/readyz", s.readyz)
	r.Get("/static/*", s.static)

	// Dynamic chain: session, CSRF check, the current user.
	r.Group(func(r chi.Router) {
		r.Use(s.sessions.LoadAndSave, s.csrf.Handler, s.loadUser)
		for _, rt := range s.routes() {
			r.With(s.allow(rt.access)).Method(rt.method, rt.pattern, rt.handle)
		}
	})
	return r
}
