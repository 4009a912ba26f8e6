package bench

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// scalingPages are the pages whose latency must not grow with the knowledge base.
var scalingPages = []string{"notes", "search"}

// Scaling runs the notes list and the note search against each database of spec
// ("label=URL,label=URL"), one after another with the same settings, and writes one table:
// how latency and throughput change from one size to the next.
func Scaling(ctx context.Context, o Options, spec string, w io.Writer) error {
	type size struct{ label, url string }
	var sizes []size
	for _, part := range strings.Split(spec, ",") {
		label, url, ok := strings.Cut(strings.TrimSpace(part), "=")
		if !ok || label == "" || url == "" {
			return fmt.Errorf("bench: -scaling wants label=DATABASE_URL,…, not %q", part)
		}
		sizes = append(sizes, size{label, url})
	}
	o.Only = scalingPages
	out := o.Out
	o.Out = ""
	var b strings.Builder
	fmt.Fprintf(&b, "# Note list and search by the size of the knowledge base, %s\n\n", time.Now().UTC().Format("2006-01-02 15:04Z"))
	fmt.Fprintf(&b, "%d users, closed loop, %s of notes list and searches (the mix's queries) per size, then each page alone %s.\n\n",
		o.Users, o.Duration, o.PageDuration)
	fmt.Fprintf(&b, "| notes | page | p50 ms | p95 ms | p99 ms | req/s (mix) | req/s alone | errors |\n|--:|---|--:|--:|--:|--:|--:|--:|\n")
	var machine Machine
	for _, sz := range sizes {
		o.DatabaseURL = sz.url
		o.Log.Info("bench: scaling", "size", sz.label)
		rep, err := Run(ctx, o)
		if err != nil {
			return fmt.Errorf("bench: scaling %s: %w", sz.label, err)
		}
		machine = rep.Machine
		for _, p := range rep.Pages {
			if p.Mix.Requests == 0 {
				continue // the home pages, which -only left out
			}
			alone := "–"
			if p.Alone != nil {
				alone = fmt.Sprintf("%.0f", p.Alone.RPS)
			}
			fmt.Fprintf(&b, "| %s (%d) | %s | %.1f | %.1f | %.1f | %.0f | %s | %d |\n", sz.label, rep.Counts["notes"], p.Page,
				p.Mix.P50, p.Mix.P95, p.Mix.P99, p.Mix.RPS, alone, p.Mix.Errors)
		}
	}
	fmt.Fprintf(&b, "\nMachine: %d CPUs, %s.\n", machine.CPUs, machine.CPU)
	if _, err := io.WriteString(w, b.String()); err != nil {
		return err
	}
	if out == "" {
		return nil
	}
	if err := os.MkdirAll(out, 0o755); err != nil {
		return fmt.Errorf("bench: %w", err)
	}
	name := filepath.Join(out, "scaling-"+time.Now().UTC().Format("20060102T150405Z")+".md")
	for _, f := range []string{name, filepath.Join(out, "scaling-latest.md")} {
		if err := os.WriteFile(f, []byte(b.String()), 0o644); err != nil {
			return fmt.Errorf("bench: %w", err)
		}
	}
	fmt.Fprintf(w, "\nWritten: %s\n", name)
	return nil
}
