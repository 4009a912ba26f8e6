// Package browser is a small harness for end-to-end tests in headless
// Chromium, driven by chromedp.
//
// Start one Browser per test package in TestMain, and open one Tab per test.
// Each Tab has its own browser context, so tabs share no cookies or storage
// and tests can run in parallel.
//
//	var brw *browser.Browser
//
//	func TestMain(m *testing.M) {
//		var err error
//		if brw, err = browser.Start(); err != nil {
//			fmt.Fprintln(os.Stderr, err)
//			os.Exit(1)
//		}
//		code := m.Run()
//		brw.Close()
//		os.Exit(code)
//	}
//
//	func TestHome(t *testing.T) {
//		tab := brw.Tab(t)
//		tab.Run(chromedp.Navigate(srv.URL))
//		tab.Axe()
//	}
//
// Environment variables:
//   - HNIZDO_CHROMIUM: the browser binary (default /usr/bin/chromium, then
//     "chromium" on PATH).
//   - HNIZDO_AXE_JS: the path of axe.min.js (default
//     <repo root>/node_modules/axe-core/axe.min.js).
package browser

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// TabTimeout limits the whole life of one Tab: every action of a test must
// finish within it.
var TabTimeout = 60 * time.Second

// screenshotTimeout limits a screenshot taken after a failure.
const screenshotTimeout = 10 * time.Second

// Browser is one Chromium process shared by a test package (start it in
// TestMain).
type Browser struct {
	ctx         context.Context // the chromedp context of the first tab; owns the process
	cancel      context.CancelFunc
	allocCancel context.CancelFunc
	closeOnce   sync.Once
}

// Start launches headless Chromium with a fresh temporary profile. It returns
// an error that says how to install Chromium when it is missing.
func Start() (*Browser, error) {
	exe, err := findChromium()
	if err != nil {
		return nil, err
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:], // headless, no-first-run, disable-background-networking, disable-sync, disable-dev-shm-usage, …
		chromedp.ExecPath(exe),
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("lang", "cs-CZ"),
		chromedp.Flag("accept-lang", "cs-CZ,cs"),
		chromedp.WindowSize(1280, 800),
		chromedp.Env("LANGUAGE=cs_CZ:cs"),
		// No UserDataDir option: chromedp makes a fresh temporary
		// user-data-dir and removes it when the browser stops.
	)
	allocCtx, allocCancel := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancel := chromedp.NewContext(allocCtx)
	// The first Do starts the process and binds its life to ctx, so ctx
	// must have no timeout. Guard the start with a timer instead.
	timer := time.AfterFunc(30*time.Second, cancel)
	err = chromedp.Do(ctx)
	timer.Stop()
	if err != nil {
		cancel()
		allocCancel()
		return nil, fmt.Errorf("browser: starting %s: %w", exe, err)
	}
	return &Browser{ctx: ctx, cancel: cancel, allocCancel: allocCancel}, nil
}

func findChromium() (string, error) {
	if p := os.Getenv("HNIZDO_CHROMIUM"); p != "" {
		if _, err := os.Stat(p); err != nil {
			return "", fmt.Errorf("browser: HNIZDO_CHROMIUM=%s: %w", p, err)
		}
		return p, nil
	}
	if _, err := os.Stat("/usr/bin/chromium"); err == nil {
		return "/usr/bin/chromium", nil
	}
	if p, err := exec.LookPath("chromium"); err == nil {
		return p, nil
	}
	return "", errors.New("browser: Chromium not found at /usr/bin/chromium (or $HNIZDO_CHROMIUM); " +
		"install it with `apt-get install -y --no-install-recommends chromium` " +
		"(as root, `make test` installs it)")
}

// Close stops the browser and removes its temporary profile. It is safe to
// call more than once.
func (b *Browser) Close() {
	b.closeOnce.Do(func() {
		ctx, cancel := context.WithTimeout(b.ctx, 10*time.Second)
		_ = chromedp.Cancel(ctx) // graceful close; errors only matter for debugging
		cancel()
		b.cancel()
		b.allocCancel()
	})
}

// Tab is one browser tab with its own browser context (cookie jar, storage)
// for one test.
type Tab struct {
	// Ctx is the chromedp context of the tab, limited by TabTimeout. Use it
	// with chromedp.Run / chromedp.Do for anything the helpers lack.
	Ctx context.Context

	t      testing.TB
	tabCtx context.Context // Ctx without the timeout, for failure screenshots
}

// Tab opens a new tab in a new, isolated browser context. It is closed in
// t.Cleanup.
func (b *Browser) Tab(t testing.TB) *Tab {
	t.Helper()
	tabCtx, closeTab := chromedp.NewContext(b.ctx, chromedp.WithNewBrowserContext())
	// Create the target now, with no timeout, so that the tab outlives Ctx
	// and a screenshot can still be taken after Ctx times out.
	// Reduced motion: the design system animates colour changes, and a contrast check or a
	// screenshot taken mid-transition measures colours no reader ever sees at rest.
	reduceMotion := chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := cdp.Call(ctx, tg, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{
			Features: []*emulation.MediaFeature{{Name: "prefers-reduced-motion", Value: "reduce"}}})
		return err
	})
	if err := chromedp.Do(tabCtx, reduceMotion); err != nil {
		closeTab()
		t.Fatalf("browser: opening a tab: %v", err)
	}
	ctx, cancel := context.WithTimeout(tabCtx, TabTimeout)
	t.Cleanup(func() {
		cancel()
		closeTab()
	})
	return &Tab{Ctx: ctx, t: t, tabCtx: tabCtx}
}

// Run runs chromedp actions in order and fails the test (t.Fatalf, with a
// screenshot saved) on the first error.
func (tab *Tab) Run(actions ...chromedp.Action[chromedp.Void]) {
	tab.t.Helper()
	if err := chromedp.Do(tab.Ctx, actions...); err != nil {
		tab.fatal(err)
	}
}

// Get runs one chromedp action that returns a value, for example
// browser.Get(tab, chromedp.Value(chromedp.CSS("#name"))), and fails the test
// like Run on error.
func Get[T any](tab *Tab, action chromedp.Action[T]) T {
	tab.t.Helper()
	v, err := chromedp.Run(tab.Ctx, action)
	if err != nil {
		tab.fatal(err)
	}
	return v
}

func (tab *Tab) fatal(err error) {
	tab.t.Helper()
	path, serr := tab.saveScreenshot("failure")
	if serr != nil {
		tab.t.Fatalf("browser: %v (no screenshot: %v)", err, serr)
	}
	tab.t.Fatalf("browser: %v (screenshot: %s)", err, path)
}

// Screenshot saves a full-page PNG to
// <repo root>/test-output/screenshots/<TestName>-<name>.png. A failure to
// save is reported with t.Errorf.
func (tab *Tab) Screenshot(name string) {
	tab.t.Helper()
	path, err := tab.saveScreenshot(name)
	if err != nil {
		tab.t.Errorf("browser: screenshot %q: %v", name, err)
		return
	}
	tab.t.Logf("browser: screenshot %s", path)
}

var unsafeName = regexp.MustCompile(`[^A-Za-z0-9._-]+`)

func (tab *Tab) saveScreenshot(name string) (string, error) {
	dir := filepath.Join(RepoRoot(), "test-output", "screenshots")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", err
	}
	file := unsafeName.ReplaceAllString(tab.t.Name()+"-"+name, "_") + ".png"
	path := filepath.Join(dir, file)
	// Use the tab without the test timeout, so that a timed-out test
	// still gets its screenshot.
	ctx, cancel := context.WithTimeout(tab.tabCtx, screenshotTimeout)
	defer cancel()
	png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		return "", err
	}
	return path, os.WriteFile(path, png, 0o644)
}

// Fill focuses the first element matching the CSS selector sel, selects its
// content and replaces it with text through CDP Input.insertText, so Czech
// letters arrive intact and input events fire (chromedp.SendKeys drops
// č, Č and Ď).
func (tab *Tab) Fill(sel, text string) {
	tab.t.Helper()
	actions := []chromedp.Action[chromedp.Void]{
		chromedp.Focus(chromedp.CSS(sel)),
		chromedp.Evaluate[chromedp.Void](`(() => {
			const el = document.activeElement;
			try { if (typeof el.select === 'function') { el.select(); return; } } catch (e) {}
			document.execCommand('selectAll', false, null);
		})()`),
	}
	if text == "" {
		actions = append(actions, chromedp.KeyEvent(kb.Backspace))
	} else {
		actions = append(actions, chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
			_, err := cdp.Call(ctx, t, input.InsertText, input.InsertTextParams{Text: text})
			return err
		}))
	}
	if err := chromedp.Do(tab.Ctx, actions...); err != nil {
		tab.fatal(fmt.Errorf("fill %q: %w", sel, err))
	}
}

// Text returns the visible text (innerText) of the first element matching
// the CSS selector sel, waiting for it to appear.
func (tab *Tab) Text(sel string) string {
	tab.t.Helper()
	s, err := chromedp.Run(tab.Ctx, chromedp.Text(chromedp.CSS(sel)))
	if err != nil {
		tab.fatal(fmt.Errorf("text %q: %w", sel, err))
	}
	return s
}

var (
	rootOnce sync.Once
	rootDir  string
)

// RepoRoot returns the nearest directory at or above the working directory
// that holds go.mod (the working directory itself if none does).
func RepoRoot() string {
	rootOnce.Do(func() {
		wd, err := os.Getwd()
		if err != nil {
			rootDir = "."
			return
		}
		rootDir = wd
		for dir := wd; ; {
			if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
				rootDir = dir
				return
			}
			parent := filepath.Dir(dir)
			if parent == dir {
				return
			}
			dir = parent
		}
	})
	return rootDir
}
