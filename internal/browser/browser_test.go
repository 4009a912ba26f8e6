package browser_test

import (
	"fmt"
	"html"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/chromedp/chromedp"

	"hnizdo.cz/hnizdo/internal/browser"
)

var brw *browser.Browser

func TestMain(m *testing.M) {
	var err error
	if brw, err = browser.Start(); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	code := m.Run()
	brw.Close()
	os.Exit(code)
}

const goodPage = `<!doctype html>
<html lang="cs"><head><meta charset="utf-8"><title>Přístupná stránka</title></head>
<body><main>
<h1>Hnízdo</h1>
<p id="msg">Dobrý   den,
<span>světe</span></p>
<form>
<label for="name">Jméno</label>
<input id="name" name="name" type="text" value="předvyplněno">
<p id="mirror" aria-live="polite"></p>
</form>
<script>
document.getElementById('name').addEventListener('input', e => {
	document.getElementById('mirror').textContent = e.target.value;
});
</script>
</main></body></html>`

const badPage = `<!doctype html>
<html lang="cs"><head><meta charset="utf-8"><title>Nepřístupná stránka</title></head>
<body><main>
<h1>Hnízdo</h1>
<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=">
<input id="nolabel" type="text">
</main></body></html>`

func newServer(t *testing.T) *httptest.Server {
	t.Helper()
	mux := http.NewServeMux()
	page := func(body string) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			fmt.Fprint(w, body)
		}
	}
	mux.HandleFunc("/good", page(goodPage))
	mux.HandleFunc("/bad", page(badPage))
	mux.HandleFunc("/set-cookie", func(w http.ResponseWriter, r *http.Request) {
		http.SetCookie(w, &http.Cookie{Name: "session", Value: r.URL.Query().Get("v"), Path: "/"})
		page(`<!doctype html><html lang="cs"><title>ok</title><p>nastaveno</p></html>`)(w, r)
	})
	mux.HandleFunc("/whoami", func(w http.ResponseWriter, r *http.Request) {
		session := "none"
		if c, err := r.Cookie("session"); err == nil {
			session = c.Value
		}
		page(`<!doctype html><html lang="cs"><title>whoami</title>`+
			`<p id="session">`+html.EscapeString(session)+`</p>`+
			`<p id="lang">`+html.EscapeString(r.Header.Get("Accept-Language"))+`</p></html>`)(w, r)
	})
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv
}

func TestAxeAccessiblePage(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	tab := brw.Tab(t)
	tab.Run(chromedp.Navigate(srv.URL + "/good"))
	if vs := tab.Axe(); len(vs) != 0 {
		t.Errorf("violations on an accessible page: %v", vs)
	}
	// A second run on the same document reuses the injected axe-core.
	if vs := tab.AxeViolations(); len(vs) != 0 {
		t.Errorf("second run: %v", vs)
	}
}

func TestAxeFindsViolations(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	tab := brw.Tab(t)
	tab.Run(chromedp.Navigate(srv.URL + "/bad"))
	vs := tab.AxeViolations()
	ids := map[string]browser.Violation{}
	for _, v := range vs {
		ids[v.ID] = v
	}
	for _, want := range []string{"image-alt", "label"} {
		v, ok := ids[want]
		if !ok {
			t.Errorf("violation %q not found in %v", want, vs)
			continue
		}
		if !v.Serious() {
			t.Errorf("%s: impact %q, want serious or critical", want, v.Impact)
		}
		if len(v.Nodes) == 0 || v.Nodes[0].Target == "" {
			t.Errorf("%s: no node targets: %+v", want, v)
		}
	}
	if v := ids["label"]; len(v.Nodes) > 0 && v.Nodes[0].Target != "#nolabel" {
		t.Errorf("label target = %q, want #nolabel", v.Nodes[0].Target)
	}

	// Axe itself must fail the test on this page and name the rules.
	rec := &recorder{TB: t}
	tab2 := brw.Tab(rec)
	tab2.Run(chromedp.Navigate(srv.URL + "/bad"))
	tab2.Axe()
	msg := rec.message()
	t.Logf("Axe failure message:\n%s", msg)
	if !rec.failed || !strings.Contains(msg, "image-alt (critical)") || !strings.Contains(msg, "label (critical)") {
		t.Errorf("Axe did not fail as expected: failed=%v, message:\n%s", rec.failed, msg)
	}
	removeShot(t, "TestAxeFindsViolations-axe.png")
	if !strings.Contains(msg, "screenshot: ") {
		t.Errorf("Axe failure names no screenshot:\n%s", msg)
	}
}

// recorder is a testing.TB that records Errorf instead of failing.
type recorder struct {
	testing.TB
	mu     sync.Mutex
	failed bool
	msgs   []string
}

func (r *recorder) Errorf(format string, args ...any) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.failed = true
	r.msgs = append(r.msgs, fmt.Sprintf(format, args...))
}

// Fatalf records the failure and ends the goroutine, like testing.T does.
// Call it only from a goroutine that the test started.
func (r *recorder) Fatalf(format string, args ...any) {
	r.Errorf(format, args...)
	runtime.Goexit()
}

func (r *recorder) message() string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return strings.Join(r.msgs, "\n")
}

func TestRunFailureSavesScreenshot(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	rec := &recorder{TB: t}
	tab := brw.Tab(rec)
	tab.Run(chromedp.Navigate(srv.URL + "/good"))
	path := removeShot(t, "TestRunFailureSavesScreenshot-failure.png")
	done := make(chan struct{})
	go func() {
		defer close(done)
		tab.Run(chromedp.Evaluate[chromedp.Void](`throw new Error("bum")`))
		t.Error("Run returned after an error")
	}()
	<-done
	msg := rec.message()
	if !rec.failed || !strings.Contains(msg, "bum") || !strings.Contains(msg, "screenshot: "+path) {
		t.Errorf("Run did not fail as expected: failed=%v, message: %s", rec.failed, msg)
	}
	if _, err := os.Stat(path); err != nil {
		t.Error(err)
	}
}

func TestFillCzech(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	tab := brw.Tab(t)
	tab.Run(chromedp.Navigate(srv.URL + "/good"))
	const text = "Žluťoučký kůň úpěl ďábelské ódy čČďĎ"
	tab.Fill("#name", text) // replaces the prefilled value
	if got := browser.Get(tab, chromedp.Value(chromedp.CSS("#name"))); got != text {
		t.Errorf("value = %q, want %q", got, text)
	}
	if got := tab.Text("#mirror"); got != text {
		t.Errorf("input event mirror = %q, want %q", got, text)
	}
	tab.Fill("#name", "")
	if got := browser.Get(tab, chromedp.Value(chromedp.CSS("#name"))); got != "" {
		t.Errorf("value after empty Fill = %q, want empty", got)
	}
	if got := tab.Text("#mirror"); got != "" {
		t.Errorf("mirror after empty Fill = %q, want empty", got)
	}
}

func TestText(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	tab := brw.Tab(t)
	tab.Run(chromedp.Navigate(srv.URL + "/good"))
	if got, want := tab.Text("#msg"), "Dobrý den, světe"; got != want {
		t.Errorf("Text = %q, want %q", got, want)
	}
}

func TestTabIsolation(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	a, b := brw.Tab(t), brw.Tab(t)
	a.Run(chromedp.Navigate(srv.URL + "/set-cookie?v=tab-a"))

	a.Run(chromedp.Navigate(srv.URL + "/whoami"))
	if got := a.Text("#session"); got != "tab-a" {
		t.Fatalf("tab a session = %q, want tab-a (cookie not set)", got)
	}
	b.Run(chromedp.Navigate(srv.URL + "/whoami"))
	if got := b.Text("#session"); got != "none" {
		t.Errorf("tab b sees session %q, want none", got)
	}
	if got := browser.Get(b, chromedp.Evaluate[string](`document.cookie`)); got != "" {
		t.Errorf("tab b document.cookie = %q, want empty", got)
	}
	if got := b.Text("#lang"); !strings.HasPrefix(got, "cs-CZ") {
		t.Errorf("Accept-Language = %q, want cs-CZ first", got)
	}
	if got := browser.Get(b, chromedp.Evaluate[string](`navigator.language`)); got != "cs-CZ" {
		t.Errorf("navigator.language = %q, want cs-CZ", got)
	}
}

func TestScreenshot(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	tab := brw.Tab(t)
	tab.Run(chromedp.Navigate(srv.URL + "/good"))
	tab.Screenshot("home page/ÚVOD")
	path := removeShot(t, "TestScreenshot-home_page_VOD.png")
	b, err := os.ReadFile(path)
	if err != nil {
		entries, _ := os.ReadDir(filepath.Dir(path))
		names := make([]string, 0, len(entries))
		for _, e := range entries {
			names = append(names, e.Name())
		}
		t.Fatalf("%v; directory holds %v", err, names)
	}
	if !slices.Equal(b[:8], []byte("\x89PNG\r\n\x1a\n")) {
		t.Errorf("%s is not a PNG", path)
	}
}

// removeShot removes a screenshot made by the test, and the screenshot
// folders when they are left empty, when the test ends.
func removeShot(t *testing.T, name string) string {
	dir := filepath.Join(browser.RepoRoot(), "test-output", "screenshots")
	path := filepath.Join(dir, name)
	t.Cleanup(func() {
		os.Remove(path)
		os.Remove(dir)               // only if empty
		os.Remove(filepath.Dir(dir)) // only if empty
	})
	return path
}
