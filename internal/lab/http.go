package lab

import (
	"bufio"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// Response is a canned HTTP answer.
type Response struct {
	Status int
	Header http.Header
	Body   string
}

// Site is an HTTP server on loopback that answers from a script of
// responses: the first N requests get Script[0..N-1], later ones the last.
type Site struct {
	*httptest.Server
	mu     sync.Mutex
	script []Response
	hits   atomic.Int64
	delay  time.Duration
	tls    bool
}

// NewSite starts a site that answers 200 "hello" until told otherwise.
func NewSite(t testing.TB) *Site {
	t.Helper()
	s := &Site{script: []Response{{Status: 200, Body: "hello"}}}
	s.Server = httptest.NewServer(http.HandlerFunc(s.serve))
	t.Cleanup(s.Close)
	return s
}

// Answer makes every request get r.
func (s *Site) Answer(r Response) *Site { return s.Script(r) }

// Script makes request i get rs[i], and later requests the last one.
func (s *Site) Script(rs ...Response) *Site {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.script = rs
	s.hits.Store(0)
	return s
}

// Delay holds every answer for d before writing it (a slow site).
func (s *Site) Delay(d time.Duration) *Site {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.delay = d
	return s
}

// Hits is how many requests the site has answered.
func (s *Site) Hits() int { return int(s.hits.Load()) }

// Port is the site's TCP port.
func (s *Site) Port() int { return s.Listener.Addr().(*net.TCPAddr).Port }

// URLFor is the site's URL under another host name (resolved by a lab DNS).
func (s *Site) URLFor(host, path string) string {
	return siteURL(s.tls, host, s.Port(), path)
}

func (s *Site) serve(w http.ResponseWriter, req *http.Request) {
	n := s.hits.Add(1) - 1
	s.mu.Lock()
	r := s.script[len(s.script)-1]
	if int(n) < len(s.script) {
		r = s.script[n]
	}
	delay := s.delay
	s.mu.Unlock()
	if delay > 0 {
		select {
		case <-time.After(delay):
		case <-req.Context().Done():
			return
		}
	}
	writeResponse(w, r)
}

func writeResponse(w http.ResponseWriter, r Response) {
	for k, vs := range r.Header {
		for _, v := range vs {
			w.Header().Add(k, v)
		}
	}
	status := r.Status
	if status == 0 {
		status = 200
	}
	w.WriteHeader(status)
	_, _ = io.WriteString(w, r.Body)
}

// ParseRaw reads a recorded response: a status line ("HTTP/1.1 502 Bad
// Gateway"), headers, a blank line and the body. It accepts LF or CRLF.
func ParseRaw(data []byte) (Response, error) {
	text := strings.ReplaceAll(string(data), "\r\n", "\n")
	head, body, _ := strings.Cut(text, "\n\n")
	head = strings.ReplaceAll(head, "\n", "\r\n") + "\r\n\r\n"
	resp, err := http.ReadResponse(bufio.NewReader(strings.NewReader(head)), nil)
	if err != nil {
		return Response{}, err
	}
	resp.Body.Close()
	return Response{Status: resp.StatusCode, Header: resp.Header, Body: body}, nil
}

// LoadRaw reads a recorded response file (see ParseRaw).
func LoadRaw(t testing.TB, path string) Response {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("lab: %v", err)
	}
	r, err := ParseRaw(data)
	if err != nil {
		t.Fatalf("lab: %s: %v", path, err)
	}
	return r
}

// BlackHole accepts TCP connections and never answers: a site or proxy that
// hangs. It returns its address.
func BlackHole(t testing.TB) netip.AddrPort {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("lab black hole: %v", err)
	}
	var mu sync.Mutex
	var conns []net.Conn
	done := make(chan struct{})
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				close(done)
				return
			}
			mu.Lock()
			conns = append(conns, c)
			mu.Unlock()
		}
	}()
	t.Cleanup(func() {
		ln.Close()
		<-done
		mu.Lock()
		for _, c := range conns {
			c.Close()
		}
		mu.Unlock()
	})
	return netip.MustParseAddrPort(ln.Addr().String())
}

// ClosedPort returns a loopback address where nothing listens, so a
// connection is refused at once.
func ClosedPort(t testing.TB) netip.AddrPort {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("lab closed port: %v", err)
	}
	ap := netip.MustParseAddrPort(ln.Addr().String())
	ln.Close()
	return ap
}
