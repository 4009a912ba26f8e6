package server

import (
	"bytes"
	"context"
	"io/fs"
	"net/http"
	"path"
	"strings"
	"time"

	"hnizdo.cz/hnizdo/web"
)

// healthz says the process is alive; it never touches the database.
func (s *Server) healthz(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Write([]byte("ok\n"))
}

// readyz says whether the database answers, for load balancers.
func (s *Server) readyz(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
	defer cancel()
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	if err := s.pool.Ping(ctx); err != nil {
		s.log.Warn("readiness: database unavailable", "err", err)
		w.WriteHeader(http.StatusServiceUnavailable)
		w.Write([]byte("database unavailable\n"))
		return
	}
	w.Write([]byte("ready\n"))
}

// static serves embedded files. Hashed names are immutable and cached for a year.
func (s *Server) static(w http.ResponseWriter, r *http.Request) {
	name := strings.TrimPrefix(path.Clean(r.URL.Path), "/static/")
	// Files reached by plain name (fonts referenced from the CSS) may change with a release.
	cache := "public, max-age=86400"
	if plain, ok := web.Unhash(name); ok {
		name, cache = plain, "public, max-age=31536000, immutable"
	}
	b, err := fs.ReadFile(web.Static, name)
	if err != nil {
		s.notFound(w, r)
		return
	}
	w.Header().Set("Cache-Control", cache)
	http.ServeContent(w, r, name, time.Time{}, bytes.NewReader(b))
}

func (s *Server) licence(w http.ResponseWriter, r *http.Request) {
	s.render(w, r, web.LicencePage(s.page(r, "licence.title")))
}
