package bench

import (
	"cmp"
	"context"
	"fmt"
	"math/rand/v2"
	"net/http"
	"slices"
	"sync"
	"sync/atomic"
	"time"
)

// sample is one request's outcome.
type sample struct {
	page  string // the report's page name ("note", "home/head")
	class string // the search class, for searches
	first bool   // a search asked for the first time in the run
	d     time.Duration
	ok    bool // 200 and the whole body read
	bytes int64
}

// pick is what a worker requests next.
type pick struct {
	page, class, url string
	first            bool // see sample
	client           *http.Client
}

// phase is the outcome of one timed phase.
type phase struct {
	elapsed time.Duration
	samples []sample
	errs    []string // the first few errors, for the report
}

// maxErrs is how many errors a phase keeps word for word.
const maxErrs = 10

// runPhase runs workers closed loops for d (and at most maxReq requests in all): each asks next
// what to request, requests it, and records the outcome. Requests in flight at the end are
// finished and counted; the phase's time runs until the last one is.
func runPhase(ctx context.Context, workers int, d time.Duration, maxReq int64, think time.Duration, gzip bool, seed uint64,
	next func(w int, rnd *rand.Rand) pick) phase {
	// The requests' own timeout bounds the tail; the context bounds it once more.
	ctx, cancel := context.WithTimeout(ctx, d+time.Minute)
	defer cancel()
	var (
		count atomic.Int64
		mu    sync.Mutex
		out   phase
		wg    sync.WaitGroup
	)
	start := time.Now()
	deadline := start.Add(d)
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			rnd := rand.New(rand.NewPCG(seed, uint64(w)))
			var local []sample
			var errs []string
			for ctx.Err() == nil && time.Now().Before(deadline) && count.Add(1) <= maxReq {
				p := next(w, rnd)
				t0 := time.Now()
				res, err := fetch(ctx, p.client, p.url, false, gzip)
				s := sample{page: p.page, class: p.class, first: p.first, d: time.Since(t0), ok: err == nil && res.status == http.StatusOK, bytes: res.bytes}
				local = append(local, s)
				if !s.ok && len(errs) < maxErrs {
					if err != nil {
						errs = append(errs, fmt.Sprintf("%s %s: %v", p.page, p.url, err))
					} else {
						errs = append(errs, fmt.Sprintf("%s %s: status %d", p.page, p.url, res.status))
					}
				}
				if think > 0 {
					t := time.NewTimer(think)
					select {
					case <-ctx.Done():
					case <-t.C:
					}
					t.Stop()
				}
			}
			mu.Lock()
			out.samples = append(out.samples, local...)
			if room := maxErrs - len(out.errs); room > 0 {
				out.errs = append(out.errs, errs[:min(room, len(errs))]...)
			}
			mu.Unlock()
		}()
	}
	wg.Wait()
	out.elapsed = time.Since(start)
	return out
}

// vu is a logged-in virtual user.
type vu struct {
	vuPlan
	client *http.Client
}

// pageName is the report's name of page for role: home is one page per role.
func pageName(page, role string) string {
	if page == pageHome {
		return pageHome + "/" + role
	}
	return page
}

// mixPicker picks, for worker w (= user w), the next page from the user's role's weights and a
// URL of it. Each user first requests each of its pages once, those of fewest users first, so
// that even a short run has every page of the mix. Searches go through srch (the tail, and
// whether a query was asked before).
func mixPicker(vus []*vu, base string, search map[string]string, srch *searches) func(int, *rand.Rand) pick {
	type choice struct {
		page   string
		weight int
	}
	choices := make([][]choice, len(vus))
	totals := make([]int, len(vus))
	rounds := make([][]string, len(vus)) // the first requests; each worker touches only its own
	for i, v := range vus {
		for _, pg := range pageOrder {
			if w := mix[v.Role][pg]; w > 0 && len(v.URLs[pg]) > 0 {
				choices[i] = append(choices[i], choice{pg, w})
				totals[i] += w
			}
		}
	}
	have := map[string]int{} // how many users request each page
	for _, cs := range choices {
		for _, c := range cs {
			have[c.page]++
		}
	}
	for i := range vus {
		first := slices.Clone(choices[i])
		slices.SortStableFunc(first, func(a, b choice) int {
			return cmp.Or(cmp.Compare(have[a.page], have[b.page]), cmp.Compare(a.weight, b.weight))
		})
		for _, c := range first {
			rounds[i] = append(rounds[i], c.page)
		}
	}
	return func(w int, rnd *rand.Rand) pick {
		v := vus[w]
		var pg string
		if len(rounds[w]) > 0 {
			pg, rounds[w] = rounds[w][0], rounds[w][1:]
		} else {
			n := rnd.IntN(totals[w])
			pg = choices[w][len(choices[w])-1].page
			for _, c := range choices[w] {
				if n < c.weight {
					pg = c.page
					break
				}
				n -= c.weight
			}
		}
		urls := v.URLs[pg]
		path, first := urls[rnd.IntN(len(urls))], false
		if pg == pageSearch {
			path, first = srch.pick(path, rnd)
		}
		return pick{page: pageName(pg, v.Role), class: search[path], first: first, url: base + path, client: v.client}
	}
}

// alonePicker has every worker request one page: worker w acts as the w-th user that has
// the page (users are shared when there are fewer), going through that user's URLs of it in
// turn from a random start. The static phase uses the same sequence against the static server.
func alonePicker(users []*vu, workers int, page, base string, client *http.Client, search map[string]string) func(int, *rand.Rand) pick {
	pos := make([]int, workers) // each worker touches only its own slot
	for i := range pos {
		pos[i] = -1
	}
	return func(w int, rnd *rand.Rand) pick {
		v := users[w%len(users)]
		urls := v.URLs[page]
		if pos[w] < 0 {
			pos[w] = rnd.IntN(len(urls))
		}
		path := urls[pos[w]%len(urls)]
		pos[w]++
		c := client
		if c == nil {
			c = v.client
		}
		return pick{page: pageName(page, v.Role), class: search[path], url: base + path, client: c}
	}
}
