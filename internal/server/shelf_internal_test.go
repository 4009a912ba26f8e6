package server

import (
	"errors"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/alexedwards/scs/v2"

	"hnizdo.cz/hnizdo/internal/note"
)

// TestShelf: a kept value is given back until a request that may have written ends, or until
// it is older than its limit; a write that ends while a value is loaded leaves it old; an
// error is not kept.
func TestShelf(t *testing.T) {
	e := new(epoch)
	sh := newShelf[int, int](e, 10, time.Hour)
	loads := 0
	load := func() (int, error) { loads++; return loads, nil }
	get := func() int {
		t.Helper()
		v, err := sh.get(1, load)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	if get() != 1 || get() != 1 {
		t.Fatalf("kept value not given back: %d loads", loads)
	}

	h := e.afterWrites(http.HandlerFunc(func(http.ResponseWriter, *http.Request) {}))
	for _, m := range []string{http.MethodGet, http.MethodHead} {
		h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest(m, "/", nil))
	}
	if get() != 1 {
		t.Fatal("a read made the kept value old")
	}
	h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest(http.MethodPost, "/notes/1/status", nil))
	if get() != 2 {
		t.Fatal("a write did not make the kept value old")
	}

	// A write that ends while the value is being read: the value read may predate it.
	if v, _ := sh.get(2, func() (int, error) { e.Add(1); return 10, nil }); v != 10 {
		t.Fatalf("load gave %d", v)
	}
	if v, _ := sh.get(2, func() (int, error) { return 11, nil }); v != 11 {
		t.Fatalf("a value loaded during a write was kept: %d", v)
	}

	if _, err := sh.get(3, func() (int, error) { return 0, errors.New("down") }); err == nil {
		t.Fatal("error lost")
	}
	if v, _ := sh.get(3, func() (int, error) { return 5, nil }); v != 5 {
		t.Fatalf("a failed load was kept: %d", v)
	}

	// A value forgotten while another load of it is under way: that load may have read the
	// value before the write, so it is not kept.
	if v, _ := sh.get(4, func() (int, error) { sh.forget(4); return 20, nil }); v != 20 {
		t.Fatalf("load gave %d", v)
	}
	if v, _ := sh.get(4, func() (int, error) { return 21, nil }); v != 21 {
		t.Fatalf("a value loaded while it was forgotten was kept: %d", v)
	}
	sh.forget(4)
	if v, _ := sh.get(4, func() (int, error) { return 22, nil }); v != 22 {
		t.Fatal("a forgotten value was given back")
	}

	short := newShelf[int, int](e, 10, 20*time.Millisecond)
	short.get(1, func() (int, error) { return 1, nil })
	time.Sleep(30 * time.Millisecond)
	if v, _ := short.get(1, func() (int, error) { return 2, nil }); v != 2 {
		t.Fatal("a value older than its limit was given back")
	}
}

// TestMemo: the rendered body and the guard's findings are computed again exactly when the
// note's text changes; marks are attached to a copy.
func TestMemo(t *testing.T) {
	m := newNoteMemos()
	n := &note.Note{ID: 7, Title: "Zápis", Body: "# Nadpis\n\nVolejte 777 123 456."}
	first := m.doc(n)
	if len(first.Headings) != 1 || first.Headings[0].Text != "Nadpis" {
		t.Fatalf("headings %+v", first.Headings)
	}
	n2 := *n
	n2.Body = "# Jiný nadpis"
	if got := m.doc(&n2); len(got.Headings) != 1 || got.Headings[0].Text != "Jiný nadpis" {
		t.Fatalf("changed body gave the old page: %+v", got.Headings)
	}

	found := m.flag(n, nil)
	if len(found) == 0 || found[0].Mark != nil {
		t.Fatalf("findings %+v", found)
	}
	marks := []note.Mark{{Kind: found[0].Kind, Text: found[0].Text, Reason: "linka pomoci"}}
	if got := m.flag(n, marks); got[0].Mark == nil || got[0].Mark.Reason != "linka pomoci" {
		t.Fatalf("mark not attached: %+v", got)
	}
	if again := m.flag(n, nil); again[0].Mark != nil {
		t.Fatal("a mark stuck to the kept findings")
	}
	n3 := *n
	n3.Tags = []string{"bez-udaju"}
	n3.Body = "Bez osobních údajů."
	if got := m.flag(&n3, nil); len(got) != 0 {
		t.Fatalf("changed text gave the old findings: %+v", got)
	}
}

// TestKeptSessionDeadline: a kept session is refused once its absolute deadline has passed,
// which scs leaves to the store; a deleted one at once.
func TestKeptSessionDeadline(t *testing.T) {
	soon, err := scs.GobCodec{}.Encode(time.Now().Add(30*time.Millisecond), map[string]any{"uid": int64(1)})
	if err != nil {
		t.Fatal(err)
	}
	st := keptStore{Store: &oneSession{token: "t", b: soon}, kept: newShelf[string, keptSession](new(epoch), 10, time.Hour), codec: newKeptCodec(10)}
	if _, found, _ := st.Find("t"); !found {
		t.Fatal("a live session was not found")
	}
	st.Store.(*oneSession).finds = 0
	if _, found, _ := st.Find("t"); !found || st.Store.(*oneSession).finds != 0 {
		t.Fatal("the session was not kept")
	}
	time.Sleep(40 * time.Millisecond)
	if _, found, _ := st.Find("t"); found {
		t.Fatal("a kept session was used past its deadline")
	}
	if err := st.Delete("t"); err != nil {
		t.Fatal(err)
	}
	if _, found, _ := st.Find("t"); found {
		t.Fatal("a deleted session was found")
	}
}

// oneSession is a store of at most one session, counting reads.
type oneSession struct {
	token string
	b     []byte
	finds int
}

func (o *oneSession) Find(token string) ([]byte, bool, error) {
	o.finds++
	return o.b, token == o.token && o.b != nil, nil
}
func (o *oneSession) Commit(token string, b []byte, _ time.Time) error {
	o.token, o.b = token, b
	return nil
}
func (o *oneSession) Delete(string) error { o.b = nil; return nil }

func TestAcceptsGzip(t *testing.T) {
	for h, want := range map[string]bool{
		"gzip, deflate, br": true, "br;q=1.0, gzip;q=0.8": true, "GZIP": true,
		"": false, "identity": false, "gzip;q=0": false, "gzip; q=0.000": false, "deflate, gzip ;q=0": false,
	} {
		r := httptest.NewRequest(http.MethodGet, "/", nil)
		r.Header.Set("Accept-Encoding", h)
		if got := acceptsGzip(r); got != want {
			t.Errorf("Accept-Encoding %q: %v, want %v", h, got, want)
		}
	}
}

// A kept session decodes as gob does, and each caller gets its own values: scs changes them.
func TestKeptCodec(t *testing.T) {
	c := newKeptCodec(10)
	at := time.Now().Add(time.Hour).Round(0)
	b, err := c.Encode(at, map[string]any{"uid": int64(7), "flash": "notes.saved"})
	if err != nil {
		t.Fatal(err)
	}
	for i := range 3 {
		deadline, values, err := c.Decode(b)
		if err != nil || !deadline.Equal(at) || values["uid"] != int64(7) || values["flash"] != "notes.saved" {
			t.Fatalf("decode %d: %v %v %v", i, deadline, values, err)
		}
		delete(values, "flash") // as scs.Pop does
		values["seen"] = int64(1)
	}
	if c.kept.Len() != 1 {
		t.Fatalf("kept %d decodings, want 1", c.kept.Len())
	}
	if _, _, err := c.Decode([]byte("not gob")); err == nil || c.kept.Len() != 1 {
		t.Fatalf("bad bytes: %v, kept %d", err, c.kept.Len())
	}
}
