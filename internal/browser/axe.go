package browser

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"

	"github.com/chromedp/chromedp"
)

// Violation is one axe-core rule that failed on the page.
type Violation struct {
	ID          string          `json:"id"`
	Impact      string          `json:"impact"` // "minor", "moderate", "serious" or "critical"
	Help        string          `json:"help"`
	Description string          `json:"description"`
	HelpURL     string          `json:"helpUrl"`
	Nodes       []ViolationNode `json:"nodes"`
}

// ViolationNode is one element that fails a rule.
type ViolationNode struct {
	Target         string `json:"target"` // CSS selector; frames and shadow roots joined by " >>> "
	HTML           string `json:"html"`
	FailureSummary string `json:"failureSummary"`
}

// Serious reports whether the violation has impact "serious" or "critical".
func (v Violation) Serious() bool {
	return v.Impact == "serious" || v.Impact == "critical"
}

func (v Violation) String() string {
	const maxTargets = 3
	var targets []string
	for i, n := range v.Nodes {
		if i == maxTargets {
			targets = append(targets, fmt.Sprintf("… +%d more", len(v.Nodes)-maxTargets))
			break
		}
		targets = append(targets, n.Target)
	}
	return fmt.Sprintf("%s (%s): %s [%s] %s", v.ID, v.Impact, v.Help, strings.Join(targets, ", "), v.HelpURL)
}

var (
	axeOnce sync.Once
	axeSrc  string
	axeErr  error
)

// axeScript returns the source of axe.min.js, read once.
func axeScript() (string, error) {
	axeOnce.Do(func() {
		path := os.Getenv("HNIZDO_AXE_JS")
		if path == "" {
			path = filepath.Join(RepoRoot(), "node_modules", "axe-core", "axe.min.js")
		}
		b, err := os.ReadFile(path)
		if err != nil {
			axeErr = fmt.Errorf("axe-core not found (%w); run `npm ci` in the repo root, or `make test`, "+
				"or point HNIZDO_AXE_JS at axe.min.js", err)
			return
		}
		axeSrc = string(b)
	})
	return axeSrc, axeErr
}

const axeRunJS = `(async () => {
	const r = await axe.run(document, {
		runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']},
		resultTypes: ['violations'],
	});
	const sel = t => Array.isArray(t) ? t.map(sel).join(' >>> ') : String(t);
	return r.violations.map(v => ({
		id: v.id, impact: v.impact || '', help: v.help, description: v.description, helpUrl: v.helpUrl,
		nodes: v.nodes.map(n => ({target: sel(n.target), html: n.html, failureSummary: n.failureSummary || ''})),
	}));
})()`

// AxeViolations injects axe-core into the current page (once per document)
// and returns every WCAG 2.0/2.1 A and AA violation, without failing the
// test for them. It fails the test when axe-core is missing or cannot run.
func (tab *Tab) AxeViolations() []Violation {
	tab.t.Helper()
	src, err := axeScript()
	if err != nil {
		tab.t.Fatalf("browser: %v", err)
	}
	loaded, err := chromedp.Run(tab.Ctx, chromedp.Evaluate[bool](`typeof window.axe === 'object'`))
	if err != nil {
		tab.fatal(fmt.Errorf("axe: %w", err))
	}
	if !loaded {
		if err := chromedp.Do(tab.Ctx, chromedp.Evaluate[chromedp.Void](src)); err != nil {
			tab.fatal(fmt.Errorf("axe: injecting axe-core: %w", err))
		}
	}
	vs, err := chromedp.Run(tab.Ctx, chromedp.Evaluate[[]Violation](axeRunJS, chromedp.EvalAwaitPromise))
	if err != nil {
		tab.fatal(fmt.Errorf("axe: running: %w", err))
	}
	return vs
}

// Axe runs AxeViolations and fails the test (t.Errorf, with a screenshot)
// listing every violation with impact "serious" or "critical"; minor and
// moderate ones are logged. It returns all violations.
func (tab *Tab) Axe() []Violation {
	tab.t.Helper()
	vs := tab.AxeViolations()
	var serious, other []string
	for _, v := range vs {
		if v.Serious() {
			serious = append(serious, "  "+v.String())
		} else {
			other = append(other, "  "+v.String())
		}
	}
	if len(other) > 0 {
		tab.t.Logf("axe: %d minor/moderate violation(s):\n%s", len(other), strings.Join(other, "\n"))
	}
	if len(serious) > 0 {
		shot := ""
		if path, err := tab.saveScreenshot("axe"); err == nil {
			shot = " (screenshot: " + path + ")"
		}
		url, _ := chromedp.Run(tab.Ctx, chromedp.Location())
		tab.t.Errorf("axe: %d serious/critical accessibility violation(s) on %s%s:\n%s", len(serious), url, shot, strings.Join(serious, "\n"))
	}
	return vs
}
