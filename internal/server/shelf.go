package server

import (
	"context"
	"net/http"
	"sync/atomic"
	"time"

	lru "github.com/hashicorp/golang-lru/v2"
)

// epoch counts the requests that may have written which this process has served. What the
// server keeps from the database is stamped with the epoch it was read in and given back only
// while no such request has ended since: whoever changes something sees the change on the
// page the form redirects to, and so does everyone else on this server.
type epoch struct{ atomic.Uint64 }

// afterWrites moves the epoch on when a request other than a read ends. It runs before the
// server sends the buffered answer (a redirect), so the next page is read anew.
func (e *epoch) afterWrites(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet && r.Method != http.MethodHead && r.Method != http.MethodOptions {
			defer e.Add(1) // deferred: a write that committed and then panicked counts too
		}
		next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), epochKey, e.Load())))
	})
}

// begun returns the epoch ctx's request began in (the current one outside afterWrites). What a
// request keeps is stamped with it, as whatever it read before (its user, its note) may predate
// a write that ends meanwhile.
func (e *epoch) begun(ctx context.Context) uint64 {
	if v, ok := ctx.Value(epochKey).(uint64); ok {
		return v
	}
	return e.Load()
}

// shelf keeps values read from the database, at most size of them, each while the epoch is
// the one it was read in and for at most maxAge: that bounds how long a change made outside
// this process (another instance, psql) may stay unseen.
type shelf[K comparable, V any] struct {
	c       *lru.Cache[K, shelved[V]]
	epoch   *epoch
	maxAge  time.Duration
	forgets *atomic.Uint64 // counts forget calls, see get
}

type shelved[V any] struct {
	epoch uint64
	at    time.Time
	v     V // shared by every reader: never changed after it is stored
}

func newShelf[K comparable, V any](e *epoch, size int, maxAge time.Duration) shelf[K, V] {
	c, err := lru.New[K, shelved[V]](size)
	if err != nil {
		panic(err) // only for a size ≤ 0
	}
	return shelf[K, V]{c: c, epoch: e, maxAge: maxAge, forgets: new(atomic.Uint64)}
}

// get returns the value kept for key, or loads and keeps it. The epoch is read before the
// load: a write that ends during the load leaves the value stamped as already old. A value
// loaded while any key was forgotten is not kept: it may be the one the write replaced.
func (s shelf[K, V]) get(key K, load func() (V, error)) (V, error) {
	return s.getAt(s.epoch.Load(), key, load)
}

// getAt is get for a value read from things read since epoch e.
func (s shelf[K, V]) getAt(e uint64, key K, load func() (V, error)) (V, error) {
	f := s.forgets.Load()
	if x, ok := s.c.Get(key); ok && x.epoch == e && time.Since(x.at) < s.maxAge {
		return x.v, nil
	}
	v, err := load()
	if err == nil && s.forgets.Load() == f {
		s.c.Add(key, shelved[V]{epoch: e, at: time.Now(), v: v})
		if s.forgets.Load() != f { // forgotten between the check and the add
			s.c.Remove(key)
		}
	}
	return v, err
}

// forget drops the value kept for key; call it after writing the value, not before.
func (s shelf[K, V]) forget(key K) {
	s.forgets.Add(1)
	s.c.Remove(key)
}

// keptSize bounds the sessions and users kept: ten thousand people at once, a few MB.
const keptSize = 10_000
