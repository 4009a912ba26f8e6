package bench

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"time"
)

// Report is everything a run measured; it is written as JSON and as Markdown.
type Report struct {
	Started    time.Time `json:"started"`
	Seconds    float64   `json:"seconds"` // the whole run
	Server     string    `json:"server"`  // the URL measured
	ServerPID  int       `json:"server_pid,omitempty"`
	StartedBy  string    `json:"started_by"` // "bench" (a child process) or "operator" (-url)
	Settings   Settings  `json:"settings"`
	Machine    Machine   `json:"machine"`
	Postgres   string    `json:"postgres"`
	Counts     Counts    `json:"counts"`
	Roles      []RoleN   `json:"roles"`
	Login      Login     `json:"login"`
	Check      Check     `json:"check"`
	Pages      []Page    `json:"pages"`
	Search     []Page    `json:"search"` // the search page by class of query, in the mix
	Tail       Tail      `json:"tail"`   // the long tail of searches (see Options.NewSearches)
	Total      Latency   `json:"total"`  // the whole mix
	Skipped    []string  `json:"skipped,omitempty"`
	Errors     []string  `json:"errors,omitempty"` // the first errors, word for word
	Memory     *Memory   `json:"memory,omitempty"`
	Targets    []Target  `json:"targets"`
	Conditions []string  `json:"conditions,omitempty"` // how the run differs from the targets' conditions
	Files      []string  `json:"-"`
}

// Tail tells how many of the long tail's queries a run asked, of how many.
type Tail struct {
	Asked int `json:"asked"`
	Of    int `json:"of"`
}

// Settings are the options that shape the numbers.
type Settings struct {
	Users         int     `json:"users"`
	LoginParallel int     `json:"login_parallel"`
	Duration      string  `json:"duration"`
	Warmup        string  `json:"warmup"`
	PageDuration  string  `json:"page_duration"`
	Think         string  `json:"think"`
	MaxRequests   int64   `json:"max_requests"`
	Gzip          bool    `json:"gzip"`
	NewSearches   float64 `json:"new_searches"`
	Domain        string  `json:"domain"`
	Seed          int64   `json:"seed"`
	MixWeights    MixJSON `json:"mix"`
}

// MixJSON is the role → page → weight table.
type MixJSON map[string]map[string]int

// Machine is where the run was made.
type Machine struct {
	CPUs int    `json:"cpus"`
	OS   string `json:"os"`
	Arch string `json:"arch"`
	CPU  string `json:"cpu"`
	Go   string `json:"go"`
	// The 1-minute load average before the run (anything else busy makes the numbers
	// incomparable) and after it.
	LoadBefore float64 `json:"load_before"`
	LoadAfter  float64 `json:"load_after"`
}

// Counts are the sizes of the main tables, name → rows.
type Counts map[string]int64

// RoleN is how many virtual users had a role.
type RoleN struct {
	Role  string `json:"role"`
	Users int    `json:"users"`
}

// Login is the login phase: each user through the real form (argon2id on the server).
type Login struct {
	Users    int     `json:"users"`
	Parallel int     `json:"parallel"`
	Seconds  float64 `json:"seconds"`
	P50      float64 `json:"p50_ms"`
	Max      float64 `json:"max_ms"`
}

// Check is the request of every URL once before the mix: each must answer 200.
type Check struct {
	Requests int `json:"requests"`
	Errors   int `json:"errors"`
}

// Latency summarises requests: milliseconds, requests per second of the phase's wall time.
type Latency struct {
	Requests int     `json:"requests"`
	Errors   int     `json:"errors"`
	RPS      float64 `json:"rps"`
	P50      float64 `json:"p50_ms"`
	P95      float64 `json:"p95_ms"`
	P99      float64 `json:"p99_ms"`
	Max      float64 `json:"max_ms"`
	Bytes    int64   `json:"bytes_avg"` // as sent (compressed when gzip was asked for)
}

// Page is one page of the mix: in the mix, alone, and the static server with its bytes.
type Page struct {
	Page   string   `json:"page"`
	URLs   int      `json:"urls"`
	Mix    Latency  `json:"mix"`
	Alone  *Latency `json:"alone,omitempty"`
	Static *Latency `json:"static,omitempty"`
	Ratio  float64  `json:"ratio,omitempty"` // alone req/s ÷ static req/s
}

// Memory is the server's resident memory, MB.
type Memory struct {
	Peak    float64            `json:"peak_mb"`  // sampled, the whole run after start-up
	ByPhase map[string]float64 `json:"by_phase"` // sampled peaks: login, check, warmup, mix, ceiling
	HWM     float64            `json:"hwm_mb"`   // VmHWM: the process's peak over its life
	Samples int                `json:"samples"`
}

// Target is one of the targets, checked.
type Target struct {
	Name   string `json:"name"`
	Want   string `json:"want"`
	Got    string `json:"got"`
	Status string `json:"status"` // PASS, FAIL, or n/a when not measured
}

// Missed lists the targets that failed.
func (r *Report) Missed() []string {
	var out []string
	for _, t := range r.Targets {
		if t.Status == "FAIL" {
			out = append(out, t.Name)
		}
	}
	return out
}

// summarize sums up the samples that match, over a phase of elapsed wall time.
func summarize(samples []sample, elapsed time.Duration, match func(sample) bool) Latency {
	var ds []time.Duration
	var l Latency
	var bytes int64
	for _, s := range samples {
		if !match(s) {
			continue
		}
		ds = append(ds, s.d)
		bytes += s.bytes
		if !s.ok {
			l.Errors++
		}
	}
	l.Requests = len(ds)
	if l.Requests == 0 {
		return l
	}
	slices.Sort(ds)
	l.RPS = float64(l.Requests) / elapsed.Seconds()
	l.P50, l.P95, l.P99 = ms(percentile(ds, 50)), ms(percentile(ds, 95)), ms(percentile(ds, 99))
	l.Max = ms(ds[len(ds)-1])
	l.Bytes = bytes / int64(l.Requests)
	return l
}

// percentile is the nearest-rank percentile of sorted durations.
func percentile(sorted []time.Duration, p float64) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	i := int(float64(len(sorted))*p/100+0.999999) - 1
	return sorted[min(max(i, 0), len(sorted)-1)]
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

func machine() Machine {
	m := Machine{CPUs: runtime.NumCPU(), OS: runtime.GOOS, Arch: runtime.GOARCH, Go: runtime.Version()}
	if f, err := os.Open("/proc/cpuinfo"); err == nil {
		defer f.Close()
		sc := bufio.NewScanner(f)
		for sc.Scan() {
			if k, v, ok := strings.Cut(sc.Text(), ":"); ok && strings.TrimSpace(k) == "model name" {
				m.CPU = strings.TrimSpace(v)
				break
			}
		}
	}
	m.LoadBefore = loadAvg()
	return m
}

// loadAvg is the 1-minute load average (0 where /proc/loadavg is not).
func loadAvg() float64 {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return 0
	}
	var l float64
	fmt.Sscan(string(b), &l)
	return l
}

// checkTargets fills r.Targets from the issue: every page p99 ≤ 100 ms and no errors; search
// p99 ≤ 50 ms; the note page at ≥ 20 % of its static ceiling; server RSS ≤ 150 MB; the list
// ≥ 40 req/s and search ≥ 470 req/s (each alone, with all users).
func (r *Report) checkTargets() {
	add := func(name, want, got string, pass, measured bool) {
		st := "n/a"
		if measured {
			st = map[bool]string{true: "PASS", false: "FAIL"}[pass]
		}
		r.Targets = append(r.Targets, Target{name, want, got, st})
	}
	worst, worstP99 := "", 0.0
	errs := r.Check.Errors
	for _, p := range r.Pages {
		if p.Mix.P99 >= worstP99 {
			worst, worstP99 = p.Page, p.Mix.P99
		}
		errs += p.Mix.Errors
		if p.Alone != nil {
			errs += p.Alone.Errors
		}
	}
	add("every page: p99", "≤ 100 ms", fmt.Sprintf("%.1f ms (%s)", worstP99, worst), worstP99 <= 100, len(r.Pages) > 0)
	add("every page: errors", "0", fmt.Sprint(errs), errs == 0, len(r.Pages) > 0)
	page := func(name string) *Page {
		for i := range r.Pages {
			if r.Pages[i].Page == name {
				return &r.Pages[i]
			}
		}
		return nil
	}
	s := page(pageSearch)
	if s != nil {
		add("note search: p99", "≤ 50 ms", fmt.Sprintf("%.1f ms", s.Mix.P99), s.Mix.P99 <= 50, true)
	} else {
		add("note search: p99", "≤ 50 ms", "not in the mix", false, false)
	}
	if n := page(pageNote); n != nil && n.Static != nil {
		add("note page: share of the static ceiling", "≥ 20 %", fmt.Sprintf("%.1f %%", 100*n.Ratio), n.Ratio >= 0.2, true)
	} else {
		add("note page: share of the static ceiling", "≥ 20 %", "not measured", false, false)
	}
	if r.Memory != nil {
		// Logins (argon2id, 64 MiB each by default) can raise the peak far above the load's: say which.
		got := fmt.Sprintf("%.1f MB", r.Memory.Peak)
		var load float64
		for _, ph := range []string{"warmup", "mix", "ceiling"} {
			load = max(load, r.Memory.ByPhase[ph])
		}
		if lg := r.Memory.ByPhase["login"]; lg > load {
			got += fmt.Sprintf(" (logins %.1f, mix %.1f, pages alone %.1f)", lg, r.Memory.ByPhase["mix"], r.Memory.ByPhase["ceiling"])
		}
		add("server RSS during the run", "≤ 150 MB", got, r.Memory.Peak <= 150, true)
	} else {
		add("server RSS during the run", "≤ 150 MB", "not measured (no process id)", false, false)
	}
	for _, t := range []struct {
		page string
		min  float64
	}{{pageNotes, 40}, {pageSearch, 470}} {
		name := "notes list: req/s alone"
		if t.page == pageSearch {
			name = "note search: req/s alone"
		}
		if p := page(t.page); p != nil && p.Alone != nil {
			add(name, fmt.Sprintf("≥ %.0f", t.min), fmt.Sprintf("%.0f", p.Alone.RPS), p.Alone.RPS >= t.min, true)
		} else {
			add(name, fmt.Sprintf("≥ %.0f", t.min), "not measured", false, false)
		}
	}
	// The targets hold for one size of data and load on one size of machine.
	if n := r.Counts["notes"]; n < 100_000 {
		r.Conditions = append(r.Conditions, fmt.Sprintf("%d notes (the targets are for 100 000)", n))
	}
	if r.Settings.Users != 32 {
		r.Conditions = append(r.Conditions, fmt.Sprintf("%d users (the targets are for 32)", r.Settings.Users))
	}
	if r.Machine.LoadBefore > 0.5 {
		r.Conditions = append(r.Conditions, fmt.Sprintf("the machine was busy before the run (load average %.1f): the numbers are not comparable", r.Machine.LoadBefore))
	}
	if r.Machine.CPUs != 2 {
		r.Conditions = append(r.Conditions, fmt.Sprintf("%d CPUs (the targets are for 2, app, Postgres and load on one machine)", r.Machine.CPUs))
	}
}

// WriteMarkdown writes the report as Markdown.
func (r *Report) WriteMarkdown(w io.Writer) error {
	b := &strings.Builder{}
	f := func(format string, a ...any) { fmt.Fprintf(b, format, a...) }
	f("# Hnízdo load benchmark, %s\n\n", r.Started.UTC().Format("2006-01-02 15:04:05Z"))
	var roles []string
	for _, x := range r.Roles {
		roles = append(roles, fmt.Sprintf("%d %s", x.Users, x.Role))
	}
	f("- Load: %d users (%s), closed loop", r.Settings.Users, strings.Join(roles, ", "))
	if r.Settings.Think != "0s" {
		f(" with %s think time", r.Settings.Think)
	}
	f("; mix %s after %s warm-up; each page alone and its static ceiling %s each; gzip %v.\n",
		r.Settings.Duration, r.Settings.Warmup, r.Settings.PageDuration, r.Settings.Gzip)
	f("- Searches: %d popular queries of each class; %.0f %% of the searches (warm-up and mix) ask instead the next query of a long tail of others while it lasts: %d of its %d were asked.\n",
		perClass, 100*r.Settings.NewSearches, r.Tail.Asked, r.Tail.Of)
	f("- Server: %s (%s", r.Server, map[string]string{"bench": "started by the benchmark", "operator": "given with -url"}[r.StartedBy])
	if r.ServerPID != 0 {
		f(", pid %d", r.ServerPID)
	}
	f(").\n")
	f("- Machine: %d CPUs, %s, %s/%s, %s; load average %.2f before the run, %.2f after.\n", r.Machine.CPUs, r.Machine.CPU,
		r.Machine.OS, r.Machine.Arch, r.Machine.Go, r.Machine.LoadBefore, r.Machine.LoadAfter)
	f("- Postgres: %s.\n", r.Postgres)
	var counts []string
	for _, t := range countedTables {
		counts = append(counts, fmt.Sprintf("%s %d", t, r.Counts[t]))
	}
	f("- Data: %s.\n", strings.Join(counts, ", "))
	if len(r.Conditions) > 0 {
		f("- **Not the targets' conditions:** %s.\n", strings.Join(r.Conditions, "; "))
	}
	f("\n## Pages\n\nThe mix: every user requests pages of its role's mix, one after the other. Alone: all users\n")
	f("request only that page. Static: a static server sends the same bytes from memory to as many\nclients; ratio = alone ÷ static.\n\n")
	f("| page | requests | req/s | p50 ms | p95 ms | p99 ms | errors | KB | alone req/s | alone p99 ms | static req/s | ratio |\n")
	f("|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|\n")
	for _, p := range r.Pages {
		f("| %s | %d | %.1f | %.1f | %.1f | %.1f | %d | %.1f | ", p.Page, p.Mix.Requests, p.Mix.RPS, p.Mix.P50, p.Mix.P95, p.Mix.P99,
			p.Mix.Errors, float64(p.Mix.Bytes)/1024)
		if p.Alone != nil && p.Static != nil {
			f("%.1f | %.1f | %.0f | %.3f |\n", p.Alone.RPS, p.Alone.P99, p.Static.RPS, p.Ratio)
		} else {
			f("– | – | – | – |\n")
		}
	}
	t := r.Total
	f("| **all** | %d | %.1f | %.1f | %.1f | %.1f | %d | %.1f | | | | |\n", t.Requests, t.RPS, t.P50, t.P95, t.P99, t.Errors, float64(t.Bytes)/1024)
	if len(r.Search) > 0 {
		f("\n## Note search by query, in the mix\n\n\"%s\" are the searches whose query nobody had asked before in the run: the server may keep answers it gave.\n\n|", searchFirst)
		f(" queries | requests | req/s | p50 ms | p95 ms | p99 ms | errors | KB |\n|---|--:|--:|--:|--:|--:|--:|--:|\n")
		for _, p := range r.Search {
			f("| %s | %d | %.1f | %.1f | %.1f | %.1f | %d | %.1f |\n", p.Page, p.Mix.Requests, p.Mix.RPS, p.Mix.P50, p.Mix.P95, p.Mix.P99,
				p.Mix.Errors, float64(p.Mix.Bytes)/1024)
		}
	}
	f("\n## Logins and checks\n\n%d users logged in through the form, %d at a time, in %.1f s (p50 %.0f ms, max %.0f ms).\n",
		r.Login.Users, r.Login.Parallel, r.Login.Seconds, r.Login.P50, r.Login.Max)
	f("Before the mix every URL was checked once (home by every user; meetings, results, offices by each role and region): %d requests, %d errors.\n",
		r.Check.Requests, r.Check.Errors)
	f("\n## Server memory\n\n")
	if m := r.Memory; m != nil {
		f("Peak RSS during the run %.1f MB (sampled every 50 ms, %d samples); by phase:", m.Peak, m.Samples)
		for _, ph := range []string{"login", "check", "warmup", "mix", "ceiling"} {
			if v, ok := m.ByPhase[ph]; ok {
				f(" %s %.1f,", ph, v)
			}
		}
		f(" MB. VmHWM (the process's whole life, start-up included) %.1f MB.\n", m.HWM)
	} else {
		f("Not measured: give the server's process id with -pid when using -url.\n")
	}
	f("\n## Targets\n\n| target | want | got | |\n|---|---|---|---|\n")
	for _, t := range r.Targets {
		f("| %s | %s | %s | %s |\n", t.Name, t.Want, t.Got, t.Status)
	}
	if len(r.Skipped) > 0 {
		f("\nPages left out of the mix: %s.\n", strings.Join(r.Skipped, "; "))
	}
	if len(r.Errors) > 0 {
		f("\n## First errors\n\n")
		for _, e := range r.Errors {
			f("- %s\n", e)
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// write saves the report as <dir>/<UTC time>.json and .md, and as latest.json and latest.md.
func (r *Report) write(dir string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("bench: results folder: %w", err)
	}
	js, err := json.MarshalIndent(r, "", "  ")
	if err != nil {
		return fmt.Errorf("bench: report: %w", err)
	}
	var md strings.Builder
	if err := r.WriteMarkdown(&md); err != nil {
		return err
	}
	stamp := r.Started.UTC().Format("20060102T150405Z")
	for name, data := range map[string][]byte{stamp + ".json": append(js, '\n'), stamp + ".md": []byte(md.String()),
		"latest.json": append(js, '\n'), "latest.md": []byte(md.String())} {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, data, 0o644); err != nil {
			return fmt.Errorf("bench: write %s: %w", p, err)
		}
	}
	r.Files = []string{filepath.Join(dir, stamp+".json"), filepath.Join(dir, stamp+".md"),
		filepath.Join(dir, "latest.json"), filepath.Join(dir, "latest.md")}
	return nil
}
