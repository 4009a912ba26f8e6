package server

import (
	"bytes"
	"errors"
	"io"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/klauspost/compress/gzip"

	"hnizdo.cz/hnizdo/internal/i18n"
)

// keptPages keeps the compressed pages readers were just shown, per reader (see shelf): a
// note page read again, by its reader, while nothing was written meanwhile comes from memory.
// Reading the note's parts (six queries), rendering and compressing it took 0.5 ms of the
// two cores each time (README, Performance).
type keptPages struct {
	shelf shelf[pageKey, []byte]
	gz    sync.Pool // *gzip.Writer
}

// pageKey: a page differs by reader, by language and, through dates such as "past its review
// date", by day.
type pageKey struct {
	user       int64
	path, lang string
	day        string
}

// pagesFor bounds how long a kept page may miss a change made outside this process.
const pagesFor = time.Minute

func newKeptPages(e *epoch) *keptPages {
	return &keptPages{shelf: newShelf[pageKey, []byte](e, memoSize, pagesFor)}
}

var errNotKept = errors.New("server: page not kept")

// keptPage answers a GET from the page kept for this reader, or has h render it and keeps it.
// Only plain pages are kept: a signed-in reader, no query, gzip accepted, no one-time message
// waiting, and status 200. Everything else is h's answer as it is.
func (s *Server) keptPage(w http.ResponseWriter, r *http.Request, h http.HandlerFunc) {
	u, ctx := currentUser(r), r.Context()
	if u == nil || r.URL.RawQuery != "" || !acceptsGzip(r) || s.sessions.Exists(ctx, "flash") || s.sessions.Exists(ctx, "alert") {
		h(w, r)
		return
	}
	key := pageKey{user: u.ID, path: r.URL.Path, lang: lang(r), day: time.Now().In(i18n.Prague).Format(time.DateOnly)}
	var rec *recorder
	gz, err := s.pages.shelf.getAt(s.epoch.begun(ctx), key, func() ([]byte, error) {
		rec = &recorder{header: http.Header{}, status: http.StatusOK}
		h(rec, r)
		if rec.status != http.StatusOK || len(rec.header.Values("Set-Cookie")) > 0 {
			return nil, errNotKept
		}
		return s.pages.compress(rec.body.Bytes())
	})
	if err != nil {
		rec.copyTo(w)
		return
	}
	hd := w.Header()
	hd.Set("Content-Type", "text/html; charset=utf-8")
	hd.Set("Cache-Control", "no-store")
	hd.Set("Content-Encoding", "gzip") // the compressing middleware leaves it as it is
	hd.Add("Vary", "Accept-Encoding")
	hd.Set("Content-Length", strconv.Itoa(len(gz)))
	w.WriteHeader(http.StatusOK)
	w.Write(gz)
}

// compress gzips a page at level 1, as the compressing middleware does.
func (p *keptPages) compress(b []byte) ([]byte, error) {
	var out bytes.Buffer
	z, _ := p.gz.Get().(*gzip.Writer)
	if z == nil {
		z, _ = gzip.NewWriterLevel(io.Discard, 1) // level 1 is always valid
	}
	defer p.gz.Put(z)
	z.Reset(&out)
	if _, err := z.Write(b); err != nil {
		return nil, err
	}
	if err := z.Close(); err != nil {
		return nil, err
	}
	return out.Bytes(), nil
}

// acceptsGzip reads Accept-Encoding as the compressing middleware does: gzip named, not q=0.
func acceptsGzip(r *http.Request) bool {
	for _, v := range strings.Split(r.Header.Get("Accept-Encoding"), ",") {
		name, params, _ := strings.Cut(strings.TrimSpace(v), ";")
		if strings.EqualFold(strings.TrimSpace(name), "gzip") {
			q, ok := strings.CutPrefix(strings.ReplaceAll(params, " ", ""), "q=")
			weight, err := strconv.ParseFloat(q, 64)
			return !ok || err != nil || weight > 0
		}
	}
	return false
}

// recorder holds an answer so that it can be kept, or passed on as it is.
type recorder struct {
	header http.Header
	status int
	body   bytes.Buffer
}

func (c *recorder) Header() http.Header         { return c.header }
func (c *recorder) Write(b []byte) (int, error) { return c.body.Write(b) }
func (c *recorder) WriteHeader(status int)      { c.status = status }

func (c *recorder) copyTo(w http.ResponseWriter) {
	for k, v := range c.header {
		w.Header()[k] = v
	}
	w.WriteHeader(c.status)
	w.Write(c.body.Bytes())
}
