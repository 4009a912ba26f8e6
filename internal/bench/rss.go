package bench

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"strconv"
	"strings"
	"sync"
	"time"
)

// rssSampler reads the server's resident memory every interval and keeps the peak of each
// phase of the run.
type rssSampler struct {
	pid   int
	mu    sync.Mutex
	phase string
	peaks map[string]int64 // kB
	n     int
	err   error // the first failed read
	stop  chan struct{}
	done  chan struct{}
}

// startRSS samples pid's VmRSS every interval; pid 0 samples nothing.
func startRSS(pid int, interval time.Duration) *rssSampler {
	s := &rssSampler{pid: pid, phase: "start", peaks: map[string]int64{}, stop: make(chan struct{}), done: make(chan struct{})}
	if pid == 0 {
		close(s.done)
		return s
	}
	go func() {
		defer close(s.done)
		t := time.NewTicker(interval)
		defer t.Stop()
		for {
			s.sample()
			select {
			case <-s.stop:
				s.sample()
				return
			case <-t.C:
			}
		}
	}()
	return s
}

func (s *rssSampler) sample() {
	st, err := procStatus(s.pid)
	s.mu.Lock()
	defer s.mu.Unlock()
	if err != nil {
		if s.err == nil {
			s.err = err
		}
		return
	}
	s.n++
	s.peaks[s.phase] = max(s.peaks[s.phase], st["VmRSS"])
}

// setPhase names the phase the next samples belong to.
func (s *rssSampler) setPhase(p string) {
	s.mu.Lock()
	s.phase = p
	s.mu.Unlock()
}

// finish stops sampling and returns the peaks per phase (kB), the number of samples, and the
// process's own high-water mark (VmHWM, kB), which covers its whole life.
func (s *rssSampler) finish() (peaks map[string]int64, n int, hwm int64, err error) {
	if s.pid == 0 {
		return nil, 0, 0, nil
	}
	select {
	case <-s.done:
	default:
		close(s.stop)
		<-s.done
	}
	st, herr := procStatus(s.pid)
	s.mu.Lock()
	defer s.mu.Unlock()
	if herr == nil {
		hwm = st["VmHWM"]
	}
	if s.err != nil && s.n == 0 {
		return nil, 0, 0, s.err
	}
	return s.peaks, s.n, hwm, nil
}

// procStatus reads the kB fields of /proc/<pid>/status.
func procStatus(pid int) (map[string]int64, error) {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/status")
	if err != nil {
		return nil, fmt.Errorf("bench: memory of process %d: %w", pid, err)
	}
	out := map[string]int64{}
	sc := bufio.NewScanner(bytes.NewReader(b))
	for sc.Scan() {
		k, v, ok := strings.Cut(sc.Text(), ":")
		if !ok {
			continue
		}
		f := strings.Fields(v)
		if len(f) == 2 && f[1] == "kB" {
			if n, err := strconv.ParseInt(f[0], 10, 64); err == nil {
				out[k] = n
			}
		}
	}
	if _, ok := out["VmRSS"]; !ok {
		return nil, fmt.Errorf("bench: process %d has no VmRSS (not Linux, or a zombie)", pid)
	}
	return out, nil
}
