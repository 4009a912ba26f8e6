package bench

import (
	"bytes"
	"compress/gzip"
	"context"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"hnizdo.cz/hnizdo/internal/note"
)

func TestAllocate(t *testing.T) {
	w := []int{2, 4, 2, 1, 1}
	for _, c := range []struct {
		n    int
		want []int
	}{
		{1, []int{1, 0, 0, 0, 0}},
		{4, []int{1, 1, 1, 1, 0}},
		{5, []int{1, 1, 1, 1, 1}},
		{32, []int{6, 12, 6, 4, 4}},
	} {
		got := allocate(c.n, w)
		if !slices.Equal(got, c.want) {
			t.Errorf("allocate(%d) = %v, want %v", c.n, got, c.want)
		}
	}
}

func TestPercentile(t *testing.T) {
	var ds []time.Duration
	for i := 1; i <= 100; i++ {
		ds = append(ds, time.Duration(i)*time.Millisecond)
	}
	for p, want := range map[float64]time.Duration{50: 50 * time.Millisecond, 95: 95 * time.Millisecond, 99: 99 * time.Millisecond, 100: 100 * time.Millisecond} {
		if got := percentile(ds, p); got != want {
			t.Errorf("p%v = %v, want %v", p, got, want)
		}
	}
	if got := percentile(ds[:1], 99); got != time.Millisecond {
		t.Errorf("p99 of one = %v", got)
	}
}

// The searches come in eight classes of four, each query once with diacritics and once
// folded, and the same seed draws the same ones. The tail's queries are of the same classes,
// differ from the popular ones and from each other (folded too), and the classes with enough
// words have tailSize of them; the forty common words make fewer.
func TestSearchQueries(t *testing.T) {
	qs, tail := searchQueries(1)
	seen, inTail := map[string]bool{}, map[string]int{}
	for _, q := range append(slices.Clone(qs), tail...) {
		if seen[q.Text] {
			t.Errorf("%q twice", q.Text)
		}
		seen[q.Text] = true
	}
	for _, q := range tail {
		inTail[q.Class]++
	}
	if len(inTail) != 8 || inTail["rare, 2 words, no diacritics"] != tailSize || inTail["common, 2 words, diacritics"] != tailSize ||
		inTail["rare, 1 word, diacritics"] != tailSize || inTail["common, 1 word, diacritics"] < 30 || inTail["common, 1 word, diacritics"] > 40-perClass {
		t.Errorf("tail: %v", inTail)
	}
	classes := map[string][]string{}
	for _, q := range qs {
		classes[q.Class] = append(classes[q.Class], q.Text)
	}
	if len(classes) != 8 {
		t.Fatalf("classes: %v", classes)
	}
	for class, texts := range classes {
		if len(texts) != perClass {
			t.Errorf("%s: %q", class, texts)
		}
		words := 1
		if strings.Contains(class, "2 words") {
			words = 2
		}
		for _, tx := range texts {
			if len(strings.Fields(tx)) != words {
				t.Errorf("%s: %q", class, tx)
			}
			folded := note.Fold(tx) == tx
			if folded != strings.HasSuffix(class, "no diacritics") {
				t.Errorf("%s: %q", class, tx)
			}
		}
	}
	for i := range perClass {
		dia, plain := classes["rare, 2 words, diacritics"][i], classes["rare, 2 words, no diacritics"][i]
		if note.Fold(dia) != plain {
			t.Errorf("%q folds to %q, not %q", dia, note.Fold(dia), plain)
		}
	}
	if again, againTail := searchQueries(1); !slices.Equal(again, qs) || !slices.Equal(againTail, tail) {
		t.Error("the same seed drew other queries")
	}
	// The tail is shuffled: a query's folded twin seldom follows it.
	twins := 0
	for i := 1; i < len(tail); i++ {
		if note.Fold(tail[i-1].Text) == note.Fold(tail[i].Text) {
			twins++
		}
	}
	if twins > len(tail)/100 {
		t.Errorf("%d of %d tail queries follow their twin", twins, len(tail))
	}
}

// A search is first asked once; the tail's share of the searches takes the tail's queries in
// turn, and once they are all asked the popular query again.
func TestSearchesPick(t *testing.T) {
	var long []searchQuery
	for i := range 300 {
		long = append(long, searchQuery{Text: strconv.Itoa(i)})
	}
	s := newSearches([]string{"/notes?q=p"}, long, 0.5)
	rnd := rand.New(rand.NewPCG(1, 2))
	firsts, fromTail := map[string]int{}, 0
	for range 400 {
		path, first := s.pick("/notes?q=p", rnd)
		if path != "/notes?q=p" {
			fromTail++
		}
		if first {
			firsts[path]++
		}
	}
	if fromTail < 150 || fromTail > 250 {
		t.Errorf("%d of 400 from the tail, want about half", fromTail)
	}
	if asked, _ := s.used(); len(firsts) != fromTail || asked != fromTail || firsts["/notes?q=p"] != 0 {
		t.Errorf("%d first asked, %d used, of %d from the tail (the popular query was asked by the check)", len(firsts), asked, fromTail)
	}
	tail := []searchQuery{{Text: "a"}, {Text: "b"}}
	s = newSearches(nil, tail, 1)
	var order []string
	for range 3 {
		path, _ := s.pick("/notes?q=p", rnd)
		order = append(order, path)
	}
	if !slices.Equal(order, []string{"/notes?q=a", "/notes?q=b", "/notes?q=p"}) {
		t.Errorf("tail order %v", order)
	}
	if asked, of := s.used(); asked != 2 || of != 2 {
		t.Errorf("used %d of %d", asked, of)
	}
}

// The sampler reads this very process's memory.
func TestRSS(t *testing.T) {
	s := startRSS(os.Getpid(), 5*time.Millisecond)
	s.setPhase("mix")
	buf := make([]byte, 8<<20)
	for i := range buf {
		buf[i] = byte(i)
	}
	peaks, n, hwm, err := s.finish() // samples once more on the way out
	runtime.KeepAlive(buf)
	if err != nil {
		t.Fatal(err)
	}
	if n < 2 || peaks["mix"] < 8<<10 || hwm < peaks["mix"] {
		t.Errorf("samples %d, peaks %v kB, hwm %d kB", n, peaks, hwm)
	}
	if _, _, _, err := startRSS(0, time.Millisecond).finish(); err != nil {
		t.Error(err)
	}
}

// The static server sends back exactly the bytes and headers it was given, compressed as they
// were, and nothing for a path it was not given.
func TestStatic(t *testing.T) {
	st, err := startStatic()
	if err != nil {
		t.Fatal(err)
	}
	defer st.close()
	var gz bytes.Buffer
	w := gzip.NewWriter(&gz)
	w.Write([]byte("<!doctype html><title>Poznámka</title>"))
	w.Close()
	st.serve(map[string]saved{"/notes?q=p%C3%A9%C4%8De": {body: gz.Bytes(), contentType: "text/html; charset=utf-8", contentEncoding: "gzip"}})
	tr := newTransport(1)
	defer tr.CloseIdleConnections()
	c := &http.Client{Transport: tr}
	res, err := fetch(context.Background(), c, st.url+"/notes?q=p%C3%A9%C4%8De", true, true)
	if err != nil {
		t.Fatal(err)
	}
	if res.status != 200 || !bytes.Equal(res.body, gz.Bytes()) || res.header.Get("Content-Encoding") != "gzip" ||
		res.header.Get("Content-Type") != "text/html; charset=utf-8" {
		t.Errorf("got %d %v %q", res.status, res.header, res.body)
	}
	if res, err := fetch(context.Background(), c, st.url+"/notes", false, true); err != nil || res.status != 404 {
		t.Errorf("unknown path: %d %v", res.status, err)
	}
}

// TestCheckAssets: a server without the design system's files is refused before anything is
// measured, one with them is not.
func TestCheckAssets(t *testing.T) {
	with := httptest.NewServer(http.FileServer(http.Dir(t.TempDir())))
	defer with.Close()
	if err := checkAssets(context.Background(), with.URL); err == nil || !strings.Contains(err.Error(), "make build") {
		t.Errorf("no assets: %v, want an error that says to run make build", err)
	}
	dir := t.TempDir()
	if err := os.MkdirAll(filepath.Join(dir, "static", "vendor"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "static", "vendor", "NOTICE.txt"), []byte("EUPL"), 0o644); err != nil {
		t.Fatal(err)
	}
	ok := httptest.NewServer(http.FileServer(http.Dir(dir)))
	defer ok.Close()
	if err := checkAssets(context.Background(), ok.URL); err != nil {
		t.Errorf("with assets: %v", err)
	}
}
