// Package server is Hnízdo's HTTP layer: the router, middleware, and thin handlers that glue
// the capability packages to the views in web/.
package server

import (
	"log/slog"
	"net/http"
	"time"

	"github.com/alexedwards/scs/pgxstore"
	"github.com/alexedwards/scs/v2"
	"github.com/jackc/pgx/v5/pgxpool"

	"hnizdo.cz/hnizdo/internal/auth"
	"hnizdo.cz/hnizdo/internal/feedback"
	"hnizdo.cz/hnizdo/internal/meeting"
	"hnizdo.cz/hnizdo/internal/nest"
	"hnizdo.cz/hnizdo/internal/note"
	"hnizdo.cz/hnizdo/internal/office"
	"hnizdo.cz/hnizdo/internal/oversight"
	"hnizdo.cz/hnizdo/internal/question"
)

// Config is what the server needs from the process configuration.
type Config struct {
	BaseURL       string
	SecureCookies bool
	Hasher        auth.Hasher
	// MaxBody bounds every request body; forms are small.
	MaxBody int64
	// MaxUpload bounds an attachment (default 20 MiB); upload routes allow bodies this large.
	MaxUpload int64
	// TrustedProxies: CIDRs whose X-Forwarded-For names the client (see config).
	TrustedProxies []string
	// MailDir: outgoing e-mails are written there as .eml files (empty: not written).
	MailDir string
	// SessionTouch: how often a session's idle deadline is pushed (default touchEvery).
	SessionTouch time.Duration
}

// Server holds the dependencies of every handler.
type Server struct {
	log       *slog.Logger
	pool      *pgxpool.Pool
	cfg       Config
	sessions  *scs.SessionManager
	store     *pgxstore.PostgresStore
	users     *auth.Store
	offices   *office.Store
	notes     *note.Store
	meetings  *meeting.Store
	feedback  *feedback.Store
	oversight *oversight.Store
	questions *question.Store
	nest      *nest.Store
	csrf      *http.CrossOriginProtection
	memos     noteMemos
	epoch     *epoch
	related   shelf[relatedKey, []note.Note]
	found     shelf[note.Search, note.Result] // search pages, see search
	people    shelf[int64, *auth.User]        // the signed-in users, see loadUser
	pages     *keptPages
}

// New wires a server. Call Close when done, to stop the session cleanup.
func New(log *slog.Logger, pool *pgxpool.Pool, cfg Config) *Server {
	if cfg.MaxBody == 0 {
		cfg.MaxBody = 1 << 20
	}
	if cfg.SessionTouch == 0 {
		cfg.SessionTouch = touchEvery
	}
	if cfg.MaxUpload == 0 {
		cfg.MaxUpload = 20 << 20
	}
	s := &Server{log: log, pool: pool, cfg: cfg,
		users:     auth.NewStore(pool, cfg.Hasher),
		offices:   office.NewStore(pool),
		notes:     note.NewStore(pool),
		meetings:  meeting.NewStore(pool),
		feedback:  feedback.NewStore(pool),
		oversight: oversight.NewStore(pool),
		questions: question.NewStore(pool),
		nest:      nest.NewStore(pool),
		store:     pgxstore.NewWithCleanupInterval(pool, 30*time.Minute),
		memos:     newNoteMemos(),
		epoch:     new(epoch),
	}
	s.people = newShelf[int64, *auth.User](s.epoch, keptSize, sessionsFor)
	s.pages = newKeptPages(s.epoch)
	s.related = newShelf[relatedKey, []note.Note](s.epoch, memoSize, relatedFor)
	s.found = newShelf[note.Search, note.Result](s.epoch, foundSize, foundFor)
	// Agenda items the minutes mark as questions for the region arrive in its queue.
	s.meetings.OnForRegion(question.FromTopic)
	sm := scs.New()
	codec := newKeptCodec(keptSize)
	sm.Codec = codec
	// The idle timeout (see touchSession) over the sessions kept in memory.
	sm.Store = idleStore{keptStore{Store: s.store, kept: newShelf[string, keptSession](s.epoch, keptSize, sessionsFor), codec: codec}}
	sm.Lifetime = sessionLifetime
	sm.Cookie.Name = "hnizdo_session"
	sm.Cookie.HttpOnly = true
	sm.Cookie.SameSite = http.SameSiteLaxMode
	sm.Cookie.Secure = cfg.SecureCookies
	sm.Cookie.Path = "/"
	sm.ErrorFunc = func(w http.ResponseWriter, r *http.Request, err error) { s.fail(w, r, err) }
	s.sessions = sm

	s.csrf = http.NewCrossOriginProtection()
	s.csrf.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.errorPage(w, r, http.StatusForbidden, "err.forbidden.title", "err.forbidden.text", "")
	}))
	return s
}

// Close stops background work.
func (s *Server) Close() { s.store.StopCleanup() }
