package bench

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"maps"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"golang.org/x/sync/errgroup"
)

// Run is one benchmark run: see the package comment for its phases. It fails only when the run
// cannot be made (no database, no accounts, a login refused); missed targets are in the report.
func Run(ctx context.Context, o Options) (*Report, error) {
	if o.Log == nil {
		o.Log = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	if o.Users < 1 {
		return nil, errors.New("bench: -users must be at least 1")
	}
	if o.Duration <= 0 {
		return nil, errors.New("bench: -duration must be positive")
	}
	if o.MaxRequests <= 0 {
		return nil, errors.New("bench: -max-requests must be positive")
	}
	if !(o.NewSearches >= 0 && o.NewSearches <= 1) { // NaN too
		return nil, errors.New("bench: -new-searches must be a share from 0 to 1")
	}
	o.LoginParallel = max(o.LoginParallel, 1)
	var base string
	if o.URL != "" {
		u, err := CheckLoopback(o.URL)
		if err != nil {
			return nil, err
		}
		base = strings.TrimRight(u.Scheme+"://"+u.Host+u.Path, "/")
	}
	if o.DatabaseURL == "" {
		return nil, errors.New("bench: no database: set DATABASE_URL or -database-url (accounts and ids are picked from it)")
	}
	rep := &Report{Started: time.Now(), Machine: machine(), Settings: settings(o)}

	pool, err := openReadOnly(ctx, o.DatabaseURL)
	if err != nil {
		return nil, err
	}
	pl, err := discover(ctx, pool, o)
	pool.Close() // the benchmark holds no database connection while it measures
	if err != nil {
		return nil, err
	}
	rep.Postgres, rep.Counts, rep.Skipped = pl.Postgres, Counts(pl.Counts), pl.Skipped
	if len(o.Only) > 0 {
		for i := range pl.VUs {
			maps.DeleteFunc(pl.VUs[i].URLs, func(page string, _ []string) bool { return !slices.Contains(o.Only, page) })
		}
	}

	pid := o.PID
	rep.StartedBy = "operator"
	if o.URL == "" {
		c, err := startServer(ctx, o.Command, o.DatabaseURL, o.Log)
		if err != nil {
			return nil, err
		}
		defer c.stop(o.Log)
		base, pid, rep.StartedBy = c.url, c.cmd.Process.Pid, "bench"
	}
	rep.Server, rep.ServerPID = base, pid
	if err := checkAssets(ctx, base); err != nil {
		return nil, err
	}
	rss := startRSS(pid, 50*time.Millisecond)
	defer rss.finish()
	tr := newTransport(o.Users)
	defer tr.CloseIdleConnections()

	rss.setPhase("login")
	o.Log.Info("bench: logging in", "users", len(pl.VUs), "parallel", o.LoginParallel)
	vus, err := loginAll(ctx, tr, base, pl, o, rep)
	if err != nil {
		return nil, err
	}

	rss.setPhase("check")
	pages, err := check(ctx, vus, base, o.Gzip, rep)
	if err != nil {
		return nil, err
	}

	srch := newSearches(pl.Popular, pl.Tail, o.NewSearches)
	if o.Warmup > 0 {
		rss.setPhase("warmup")
		o.Log.Info("bench: warm-up", "for", o.Warmup)
		runPhase(ctx, len(vus), o.Warmup, o.MaxRequests, o.Think, o.Gzip, uint64(o.Seed)^0x3a, mixPicker(vus, base, pl.Search, srch))
	}
	rss.setPhase("mix")
	o.Log.Info("bench: mix", "for", o.Duration, "users", len(vus))
	mix := runPhase(ctx, len(vus), o.Duration, o.MaxRequests, o.Think, o.Gzip, uint64(o.Seed)^0x31, mixPicker(vus, base, pl.Search, srch))
	rep.Errors = append(rep.Errors, mix.errs...)
	rep.Total = summarize(mix.samples, mix.elapsed, func(sample) bool { return true })
	for _, name := range pageNames(vus) {
		rep.Pages = append(rep.Pages, Page{Page: name, URLs: len(pages[name]),
			Mix: summarize(mix.samples, mix.elapsed, func(s sample) bool { return s.page == name })})
	}
	rep.Tail.Asked, rep.Tail.Of = srch.used()
	queries := map[string]int{} // per class, popular and tail
	for _, c := range pl.Search {
		queries[c]++
	}
	for _, c := range pl.Classes {
		rep.Search = append(rep.Search, Page{Page: c, URLs: queries[c],
			Mix: summarize(mix.samples, mix.elapsed, func(s sample) bool { return s.page == pageSearch && s.class == c })})
	}
	if len(pl.Classes) > 0 {
		for _, first := range []bool{true, false} {
			name := map[bool]string{true: searchFirst, false: searchAgain}[first]
			rep.Search = append(rep.Search, Page{Page: name,
				Mix: summarize(mix.samples, mix.elapsed, func(s sample) bool { return s.page == pageSearch && s.first == first })})
		}
	}

	if o.PageDuration > 0 && ctx.Err() == nil {
		rss.setPhase("ceiling")
		if err := ceiling(ctx, vus, base, pages, pl.Search, o, tr, rep); err != nil {
			return nil, err
		}
	}
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("bench: interrupted: %w", err)
	}

	peaks, n, hwm, err := rss.finish()
	if err != nil {
		return nil, err
	}
	if pid != 0 {
		m := &Memory{ByPhase: map[string]float64{}, HWM: mb(hwm), Samples: n}
		for ph, kb := range peaks {
			if ph == "start" {
				continue
			}
			m.ByPhase[ph] = mb(kb)
			m.Peak = max(m.Peak, mb(kb))
		}
		rep.Memory = m
	}
	rep.Seconds = time.Since(rep.Started).Seconds()
	rep.Machine.LoadAfter = loadAvg()
	rep.checkTargets()
	if o.Out != "" {
		if err := rep.write(o.Out); err != nil {
			return nil, err
		}
	}
	return rep, nil
}

func mb(kb int64) float64 { return float64(kb) / 1024 }

func settings(o Options) Settings {
	m := MixJSON{}
	for role, w := range mix {
		m[role] = w
	}
	return Settings{Users: o.Users, LoginParallel: o.LoginParallel, Duration: o.Duration.String(), Warmup: o.Warmup.String(),
		PageDuration: o.PageDuration.String(), Think: o.Think.String(), MaxRequests: o.MaxRequests, Gzip: o.Gzip, NewSearches: o.NewSearches,
		Domain: o.Domain, Seed: o.Seed, MixWeights: m}
}

// loginAll logs every planned user in through the form, LoginParallel at a time.
func loginAll(ctx context.Context, tr *http.Transport, base string, pl *plan, o Options, rep *Report) ([]*vu, error) {
	vus := make([]*vu, len(pl.VUs))
	took := make([]time.Duration, len(pl.VUs))
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(o.LoginParallel)
	start := time.Now()
	for i, p := range pl.VUs {
		g.Go(func() error {
			c := newClient(tr)
			t0 := time.Now()
			if err := login(gctx, c, base, p.Account.Email, o.Password); err != nil {
				return err
			}
			took[i] = time.Since(t0)
			vus[i] = &vu{vuPlan: p, client: c}
			return nil
		})
	}
	if err := g.Wait(); err != nil {
		return nil, err
	}
	slices.Sort(took)
	rep.Login = Login{Users: len(vus), Parallel: o.LoginParallel, Seconds: time.Since(start).Seconds(),
		P50: ms(percentile(took, 50)), Max: ms(took[len(took)-1])}
	counts := map[string]int{}
	for _, v := range vus {
		counts[v.Role]++
	}
	for _, r := range roleOrder {
		if counts[r.role] > 0 {
			rep.Roles = append(rep.Roles, RoleN{r.role, counts[r.role]})
		}
	}
	return vus, nil
}

// checkAssets refuses a server built without the design system's files (web/static/vendor,
// which deploy/assets.sh makes and a bare go build does not): its pages lack the stylesheet's
// hashed name and the icons, about a kilobyte less per page than a user gets, so its numbers
// would not compare with any other run.
func checkAssets(ctx context.Context, base string) error {
	c := &http.Client{Timeout: 10 * time.Second}
	res, err := fetch(ctx, c, base+"/static/vendor/NOTICE.txt", false, false)
	if err != nil {
		return fmt.Errorf("bench: check the server's assets: %w", err)
	}
	if res.status != http.StatusOK {
		return fmt.Errorf("bench: the server has no design-system assets (/static/vendor/NOTICE.txt: status %d): build it with make build, which runs deploy/assets.sh", res.status)
	}
	return nil
}

// check requests every URL once before anything is timed (see the keys below for who checks it): a URL that does not answer 200 is an error of the run, and the first 200 of each
// page's URL is what the static server serves later.
func check(ctx context.Context, vus []*vu, base string, gzip bool, rep *Report) (map[string]map[string]saved, error) {
	pages := map[string]map[string]saved{}
	seen := map[string]bool{}
	for _, v := range vus {
		for _, pg := range pageOrder {
			name := pageName(pg, v.Role)
			for _, path := range v.URLs[pg] {
				// Every user its own home; everyone the same notes, searches and note pages (published
				// notes are public to all staff); the rest once per role and region (their access rules).
				key := v.Role + "|" + strconv.Itoa(int(v.Account.RegionID)) + "|" + path
				switch pg {
				case pageHome:
					key = fmt.Sprintf("%p", v)
				case pageNotes, pageSearch, pageNote:
					key = path
				}
				if seen[key] {
					continue
				}
				seen[key] = true
				res, err := fetch(ctx, v.client, base+path, true, gzip)
				if ctx.Err() != nil {
					return nil, fmt.Errorf("bench: interrupted: %w", ctx.Err())
				}
				rep.Check.Requests++
				if err != nil || res.status != http.StatusOK {
					rep.Check.Errors++
					msg := fmt.Sprintf("check: %s %s as %s (%s): ", name, path, v.Account.Email, v.Role)
					if err != nil {
						msg += err.Error()
					} else {
						msg += "status " + strconv.Itoa(res.status)
					}
					if len(rep.Errors) < maxErrs {
						rep.Errors = append(rep.Errors, msg)
					}
					continue
				}
				if pages[name] == nil {
					pages[name] = map[string]saved{}
				}
				if _, ok := pages[name][path]; !ok {
					pages[name][path] = saved{body: res.body, contentType: res.header.Get("Content-Type"),
						contentEncoding: res.header.Get("Content-Encoding")}
				}
			}
		}
	}
	return pages, nil
}

// pageNames are the report's pages present among the users, in report order.
func pageNames(vus []*vu) []string {
	var out []string
	for _, pg := range pageOrder {
		if pg == pageHome {
			for _, r := range roleOrder {
				if slices.ContainsFunc(vus, func(v *vu) bool { return v.Role == r.role }) {
					out = append(out, pageName(pg, r.role))
				}
			}
			continue
		}
		if slices.ContainsFunc(vus, func(v *vu) bool { return len(v.URLs[pg]) > 0 }) {
			out = append(out, pg)
		}
	}
	return out
}

// ceiling measures each page alone with all users, then the static server sending the same
// bytes to as many clients, and puts the ratio in the page's row.
func ceiling(ctx context.Context, vus []*vu, base string, pages map[string]map[string]saved, search map[string]string,
	o Options, tr *http.Transport, rep *Report) error {
	st, err := startStatic()
	if err != nil {
		return err
	}
	defer st.close()
	staticClient := &http.Client{Transport: tr, Timeout: 30 * time.Second}
	for i := range rep.Pages {
		row := &rep.Pages[i]
		pg, role, _ := strings.Cut(row.Page, "/")
		var users []*vu
		for _, v := range vus {
			if len(v.URLs[pg]) > 0 && (pg != pageHome || v.Role == role) {
				users = append(users, v)
			}
		}
		if len(users) == 0 {
			continue // a page -only left out
		}
		o.Log.Info("bench: page alone, then its static ceiling", "page", row.Page, "for", o.PageDuration)
		seed := uint64(o.Seed) ^ uint64(i)<<8
		alone := runPhase(ctx, o.Users, o.PageDuration, o.MaxRequests, 0, o.Gzip, seed,
			alonePicker(users, o.Users, pg, base, nil, search))
		st.serve(pages[row.Page])
		static := runPhase(ctx, o.Users, o.PageDuration, o.MaxRequests, 0, o.Gzip, seed,
			alonePicker(users, o.Users, pg, st.url, staticClient, search))
		a := summarize(alone.samples, alone.elapsed, func(sample) bool { return true })
		s := summarize(static.samples, static.elapsed, func(sample) bool { return true })
		row.Alone, row.Static = &a, &s
		if s.RPS > 0 {
			row.Ratio = a.RPS / s.RPS
		}
		for _, e := range alone.errs {
			if len(rep.Errors) < 3*maxErrs {
				rep.Errors = append(rep.Errors, "alone: "+e)
			}
		}
		for _, e := range static.errs {
			if len(rep.Errors) < 3*maxErrs {
				rep.Errors = append(rep.Errors, "static: "+e)
			}
		}
		if ctx.Err() != nil {
			break
		}
	}
	return nil
}
