package bench

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"strings"
	"time"
)

// newTransport is the one transport every client shares: keep-alive with an idle connection
// for each user to each server, loopback only, and bodies left as sent (gzip stays gzip, so
// that the static server can send the very same bytes).
func newTransport(users int) *http.Transport {
	return &http.Transport{
		Proxy:               nil, // never a proxy: the traffic stays on loopback
		DialContext:         dialLoopback,
		MaxIdleConns:        4*users + 16,
		MaxIdleConnsPerHost: 2*users + 8,
		IdleConnTimeout:     90 * time.Second,
		DisableCompression:  true,
	}
}

// newClient is a browser-like client: its own cookie jar, and redirects not followed (every
// answer but 200 is an error in the mix, and a redirect to /login must not hide as one).
func newClient(tr *http.Transport) *http.Client {
	jar, _ := cookiejar.New(nil)
	return &http.Client{Transport: tr, Jar: jar, Timeout: 30 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
}

// login signs c in through the real form: GET /login, then POST it as the same-origin browser
// page would (Go's CrossOriginProtection lets Sec-Fetch-Site: same-origin through).
func login(ctx context.Context, c *http.Client, base, email, password string) error {
	res, err := fetch(ctx, c, base+"/login", false, true)
	if err != nil {
		return fmt.Errorf("bench: login form: %w", err)
	}
	if res.status != http.StatusOK {
		return fmt.Errorf("bench: login form: status %d", res.status)
	}
	form := url.Values{"email": {email}, "password": {password}}
	req, err := http.NewRequestWithContext(ctx, "POST", base+"/login", strings.NewReader(form.Encode()))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Origin", base)
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	r, err := c.Do(req)
	if err != nil {
		return fmt.Errorf("bench: log in %s: %w", email, err)
	}
	io.Copy(io.Discard, r.Body)
	r.Body.Close()
	if r.StatusCode != http.StatusSeeOther || r.Header.Get("Location") != "/" {
		hint := ""
		if r.StatusCode == http.StatusUnprocessableEntity {
			hint = " (wrong -password for these accounts?)"
		}
		return fmt.Errorf("bench: log in %s: status %d, location %q%s", email, r.StatusCode, r.Header.Get("Location"), hint)
	}
	return nil
}

// response is what one request gave.
type response struct {
	status int
	bytes  int64
	body   []byte      // only when kept
	header http.Header // only when kept
}

// fetch requests u and reads the whole body; keep keeps the body and headers; gzip asks for
// gzip as browsers do.
func fetch(ctx context.Context, c *http.Client, u string, keep, gzip bool) (response, error) {
	req, err := http.NewRequestWithContext(ctx, "GET", u, nil)
	if err != nil {
		return response{}, err
	}
	req.Header.Set("Accept", "text/html")
	if gzip {
		req.Header.Set("Accept-Encoding", "gzip")
	}
	res, err := c.Do(req)
	if err != nil {
		return response{}, err
	}
	defer res.Body.Close()
	out := response{status: res.StatusCode}
	if keep {
		var buf bytes.Buffer
		out.bytes, err = io.Copy(&buf, res.Body)
		out.body, out.header = buf.Bytes(), res.Header
	} else {
		out.bytes, err = io.Copy(io.Discard, res.Body)
	}
	return out, err
}
