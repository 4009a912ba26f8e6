package server

import (
	"maps"
	"net/http"
	"time"

	"github.com/alexedwards/scs/v2"
	lru "github.com/hashicorp/golang-lru/v2"
)

// A session ends a working day after login, or after two idle hours, whichever comes first.
const (
	sessionLifetime = 12 * time.Hour
	idleTimeout     = 2 * time.Hour
	// touchEvery: how stale the idle deadline may get before a request pushes it. scs's own
	// IdleTimeout rewrites the session row on every request; pushing it once a minute keeps
	// the two hours to within a minute and saves a write per page.
	touchEvery = time.Minute
)

// idleStore stores each session until its idle deadline, never past its absolute one.
type idleStore struct{ scs.Store }

func (s idleStore) Commit(token string, b []byte, expiry time.Time) error {
	if idle := time.Now().Add(idleTimeout).UTC(); idle.Before(expiry) {
		expiry = idle
	}
	return s.Store.Commit(token, b, expiry)
}

// keptStore keeps the sessions it has read (see shelf): every page reads its session, and a
// session changes only through this store, which forgets what it writes or deletes.
type keptStore struct {
	scs.Store
	kept  shelf[string, keptSession]
	codec keptCodec // the session manager's: the deadline read here is its first decoding
}

type keptSession struct {
	b        []byte
	found    bool
	deadline time.Time // the session's absolute end: scs does not check it, the store does
}

// sessionsFor bounds how long a session deleted outside this process (another instance)
// keeps working here, and how far past its idle deadline a kept session may be used.
const sessionsFor = time.Minute

func (s keptStore) Find(token string) ([]byte, bool, error) {
	k, err := s.kept.get(token, func() (keptSession, error) {
		b, found, err := s.Store.Find(token)
		k := keptSession{b: b, found: found}
		if found && err == nil {
			k.deadline, _, err = s.codec.Decode(b)
		}
		return k, err
	})
	if err != nil || !k.found || !time.Now().Before(k.deadline) {
		return nil, false, err
	}
	return k.b, true, nil
}

func (s keptStore) Commit(token string, b []byte, expiry time.Time) error {
	defer s.kept.forget(token)
	return s.Store.Commit(token, b, expiry)
}

func (s keptStore) Delete(token string) error {
	defer s.kept.forget(token)
	return s.Store.Delete(token)
}

// touchSession marks a stored session as used when its idle deadline was last pushed more
// than cfg.SessionTouch ago; the modified session is then written back by LoadAndSave.
func (s *Server) touchSession(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := r.Context()
		if s.sessions.Token(ctx) != "" {
			if seen := s.sessions.GetInt64(ctx, "seen"); time.Since(time.UnixMilli(seen)) >= s.cfg.SessionTouch {
				s.markSeen(r)
			}
		}
		next.ServeHTTP(w, r)
	})
}

// markSeen records that the idle deadline is pushed now (the session is written back).
func (s *Server) markSeen(r *http.Request) {
	s.sessions.Put(r.Context(), "seen", time.Now().UnixMilli())
}

// keptCodec decodes each stored session once. Every page decodes its session, and gob builds
// its decoder anew for each message: 6 % of the server's CPU in the benchmark's mix. The
// encoded bytes are the key, so a changed session is simply another key.
type keptCodec struct {
	scs.GobCodec
	kept *lru.Cache[string, decodedSession]
}

type decodedSession struct {
	deadline time.Time
	values   map[string]any // never handed out: each caller gets a copy
}

func newKeptCodec(size int) keptCodec {
	c, err := lru.New[string, decodedSession](size)
	if err != nil {
		panic(err) // only for a size ≤ 0
	}
	return keptCodec{kept: c}
}

// Decode returns a copy of the values, which scs changes in place. A shallow copy suffices:
// the session holds only numbers and strings.
func (c keptCodec) Decode(b []byte) (time.Time, map[string]any, error) {
	if d, ok := c.kept.Get(string(b)); ok {
		return d.deadline, maps.Clone(d.values), nil
	}
	deadline, values, err := c.GobCodec.Decode(b)
	if err != nil {
		return deadline, values, err
	}
	c.kept.Add(string(b), decodedSession{deadline: deadline, values: maps.Clone(values)})
	return deadline, values, nil
}
