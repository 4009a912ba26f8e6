package bench

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// CheckLoopback refuses any URL whose host is not a loopback address: the benchmark's traffic
// never leaves the machine.
func CheckLoopback(raw string) (*url.URL, error) {
	u, err := url.Parse(raw)
	if err != nil {
		return nil, fmt.Errorf("bench: -url: %w", err)
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return nil, fmt.Errorf("bench: -url %q: want http:// or https://", raw)
	}
	if !isLoopbackHost(u.Hostname()) {
		return nil, fmt.Errorf("bench: -url %q: only a loopback server may be measured (127.0.0.1, ::1, localhost)", raw)
	}
	return u, nil
}

func isLoopbackHost(h string) bool {
	if strings.EqualFold(h, "localhost") {
		return true
	}
	ip := net.ParseIP(h)
	return ip != nil && ip.IsLoopback()
}

// dialLoopback is the transports' dialer: a connection to anything but loopback is refused
// even if a name resolved somewhere else.
var dialLoopback = (&net.Dialer{Timeout: 5 * time.Second, KeepAlive: 30 * time.Second,
	Control: func(network, address string, _ syscall.RawConn) error {
		host, _, err := net.SplitHostPort(address)
		if err != nil {
			return err
		}
		if ip := net.ParseIP(host); ip == nil || !ip.IsLoopback() {
			return fmt.Errorf("bench: refusing to connect to %s: not loopback", address)
		}
		return nil
	}}).DialContext

// child is a server process the benchmark started.
type child struct {
	cmd  *exec.Cmd
	done chan struct{} // closed when the process has exited
	err  error         // its exit, once done is closed
	url  string
}

// startServer runs command (default: this executable's "serve") on a free loopback port and
// waits until /healthz answers 200.
func startServer(ctx context.Context, command []string, databaseURL string, log *slog.Logger) (*child, error) {
	if databaseURL == "" {
		return nil, errors.New("bench: no database: set DATABASE_URL or -database-url (the server and the discovery need it)")
	}
	if len(command) == 0 {
		exe, err := os.Executable()
		if err != nil {
			return nil, fmt.Errorf("bench: find own executable: %w", err)
		}
		command = []string{exe, "serve"}
	}
	port, err := freePort()
	if err != nil {
		return nil, err
	}
	addr := "127.0.0.1:" + strconv.Itoa(port)
	c := &child{url: "http://" + addr, done: make(chan struct{})}
	c.cmd = exec.Command(command[0], command[1:]...)
	// The server keeps the rest of the environment (pool size, argon2id cost) as an operator set it.
	c.cmd.Env = append(os.Environ(), "DATABASE_URL="+databaseURL, "HNIZDO_ADDR="+addr,
		"HNIZDO_BASE_URL="+c.url, "HNIZDO_LOG_LEVEL=warn")
	c.cmd.Stdout, c.cmd.Stderr = os.Stderr, os.Stderr
	if err := c.cmd.Start(); err != nil {
		return nil, fmt.Errorf("bench: start server %q: %w", command[0], err)
	}
	go func() { c.err = c.cmd.Wait(); close(c.done) }()
	log.Info("bench: server started", "pid", c.cmd.Process.Pid, "url", c.url)
	if err := waitHealthy(ctx, c.url, c.done, 60*time.Second); err != nil {
		c.stop(log)
		return nil, err
	}
	return c, nil
}

func freePort() (int, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, fmt.Errorf("bench: find a free port: %w", err)
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port, nil
}

// waitHealthy polls base/healthz until 200, the process exits, or limit passes.
func waitHealthy(ctx context.Context, base string, exited <-chan struct{}, limit time.Duration) error {
	hc := &http.Client{Timeout: time.Second, Transport: &http.Transport{DialContext: dialLoopback, Proxy: nil}}
	defer hc.CloseIdleConnections()
	deadline := time.Now().Add(limit)
	tick := time.NewTicker(100 * time.Millisecond)
	defer tick.Stop()
	for {
		req, _ := http.NewRequestWithContext(ctx, "GET", base+"/healthz", nil)
		if res, err := hc.Do(req); err == nil {
			res.Body.Close()
			if res.StatusCode == http.StatusOK {
				return nil
			}
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("bench: server at %s not healthy within %s", base, limit)
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-exited:
			return fmt.Errorf("bench: the server exited before it was healthy (its log is above)")
		case <-tick.C:
		}
	}
}

// stop asks the server to finish (SIGTERM), and kills it if it has not within 15 s.
func (c *child) stop(log *slog.Logger) {
	select {
	case <-c.done:
		return
	default:
	}
	c.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-c.done:
	case <-time.After(15 * time.Second):
		log.Warn("bench: server did not stop on SIGTERM; killing it", "pid", c.cmd.Process.Pid)
		c.cmd.Process.Kill()
		<-c.done
	}
}
