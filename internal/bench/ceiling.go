package bench

import (
	"errors"
	"fmt"
	"net"
	"net/http"
	"strconv"
	"sync/atomic"
	"time"
)

// saved is one response of the real server, kept to be served again by the static server.
type saved struct {
	body            []byte
	contentType     string
	contentEncoding string // "gzip" when the real server compressed it: the same bytes go out again
}

// staticServer is the ceiling: a minimal net/http handler writing saved bytes from memory, on
// loopback with keep-alive like the real one. It serves one page's responses at a time (the
// same path, "/", is a different page for each role).
type staticServer struct {
	pages atomic.Pointer[map[string]saved] // path with query → response
	srv   *http.Server
	url   string
	done  chan error
}

func startStatic() (*staticServer, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, fmt.Errorf("bench: static server: %w", err)
	}
	s := &staticServer{url: "http://" + ln.Addr().String(), done: make(chan error, 1)}
	s.pages.Store(&map[string]saved{})
	s.srv = &http.Server{Handler: s, ReadHeaderTimeout: 10 * time.Second, IdleTimeout: 2 * time.Minute}
	go func() { s.done <- s.srv.Serve(ln) }()
	return s, nil
}

func (s *staticServer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	p, ok := (*s.pages.Load())[r.URL.RequestURI()]
	if !ok {
		http.NotFound(w, r)
		return
	}
	h := w.Header()
	h.Set("Content-Type", p.contentType)
	if p.contentEncoding != "" {
		h.Set("Content-Encoding", p.contentEncoding)
	}
	h.Set("Content-Length", strconv.Itoa(len(p.body)))
	w.Write(p.body)
}

// serve makes the static server answer with page's responses.
func (s *staticServer) serve(page map[string]saved) { s.pages.Store(&page) }

func (s *staticServer) close() error {
	err := s.srv.Close()
	if serr := <-s.done; !errors.Is(serr, http.ErrServerClosed) {
		return serr
	}
	return err
}
