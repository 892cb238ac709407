package lab

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net"
	"net/netip"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/miekg/dns"
)

// Servers that misbehave on purpose: the hostile network a troubleshooter
// must survive without hanging or running out of memory. Each one listens on
// 127.0.0.1, answers every connection the same way, and stops (closing every
// connection it holds) when the test ends.

// SlowlorisInterval is the pace of Slowloris: one byte a second is the
// classic attack's pace, slow enough that no read deadline measured in
// seconds ever sees the answer finish.
const SlowlorisInterval = time.Second

// HugeHeaderBytes is how much header HugeHeaders sends: 1 MiB, ten times a
// typical server's own limit (nginx large_client_header_buffers is 4×8 KiB,
// Go's http.DefaultMaxHeaderBytes is 1 MiB) and the size the issue asks for.
const HugeHeaderBytes = 1 << 20

// endlessChunk is the size of one write of EndlessBody: large enough to fill
// a socket buffer quickly, small enough to notice a closed peer at once.
const endlessChunk = 32 << 10

// rawServer is a TCP listener whose connections are handed to serve, each in
// its own goroutine; cleanup closes the listener and every connection, then
// waits for the goroutines, so nothing outlives the test.
type rawServer struct {
	ln    net.Listener
	done  chan struct{}
	mu    sync.Mutex
	conns []net.Conn
	wg    sync.WaitGroup
}

func newRawServer(t testing.TB, network string, serve func(c net.Conn, done <-chan struct{})) *rawServer {
	t.Helper()
	ln, err := net.Listen(network, "127.0.0.1:0")
	if err != nil {
		t.Fatalf("lab hostile server: %v", err)
	}
	return startRaw(t, ln, serve)
}

func startRaw(t testing.TB, ln net.Listener, serve func(c net.Conn, done <-chan struct{})) *rawServer {
	s := &rawServer{ln: ln, done: make(chan struct{})}
	s.wg.Add(1)
	go func() {
		defer s.wg.Done()
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			s.mu.Lock()
			s.conns = append(s.conns, c)
			s.mu.Unlock()
			s.wg.Add(1)
			go func() {
				defer s.wg.Done()
				defer c.Close()
				serve(c, s.done)
			}()
		}
	}()
	t.Cleanup(s.close)
	return s
}

func (s *rawServer) close() {
	close(s.done)
	s.ln.Close()
	s.mu.Lock()
	for _, c := range s.conns {
		c.Close()
	}
	s.mu.Unlock()
	s.wg.Wait()
}

func (s *rawServer) addr() netip.AddrPort { return netip.MustParseAddrPort(s.ln.Addr().String()) }

// readRequestHead reads an HTTP request's head (up to the blank line), so
// that a hostile answer starts only once the client has asked.
func readRequestHead(c net.Conn) error {
	r := bufio.NewReader(c)
	for {
		line, err := r.ReadString('\n')
		if err != nil {
			return err
		}
		if line == "\r\n" || line == "\n" {
			return nil
		}
	}
}

// Slowloris starts an HTTP server that answers every request with a 200
// dribbled one byte per SlowlorisInterval, forever: the status line itself
// never completes within any sane budget. It returns the server's address.
func Slowloris(t testing.TB) netip.AddrPort {
	t.Helper()
	const answer = "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 5\r\n\r\nhello"
	s := newRawServer(t, "tcp", func(c net.Conn, done <-chan struct{}) {
		if readRequestHead(c) != nil {
			return
		}
		tick := time.NewTicker(SlowlorisInterval)
		defer tick.Stop()
		for i := 0; ; i++ {
			if _, err := c.Write([]byte{answer[i%len(answer)]}); err != nil {
				return
			}
			select {
			case <-done:
				return
			case <-tick.C:
			}
		}
	})
	return s.addr()
}

// Endless is an EndlessBody server.
type Endless struct {
	addr netip.AddrPort
	most atomic.Int64
}

// Addr is the server's address.
func (e *Endless) Addr() netip.AddrPort { return e.addr }

// MostSent is the most bytes one connection accepted before its client
// hung up: what a client read, plus what the kernel's socket buffers held.
func (e *Endless) MostSent() int64 { return e.most.Load() }

// EndlessBody starts an HTTP server that answers with status and a body
// that never ends: head is sent first (so a classifier can still recognise
// the page), then filler, until the client hangs up.
func EndlessBody(t testing.TB, status int, head string) *Endless {
	t.Helper()
	e := &Endless{}
	filler := []byte(strings.Repeat("<!-- endless -->", endlessChunk/16))
	s := newRawServer(t, "tcp", func(c net.Conn, done <-chan struct{}) {
		if readRequestHead(c) != nil {
			return
		}
		var sent int64
		defer func() {
			for {
				m := e.most.Load()
				if sent <= m || e.most.CompareAndSwap(m, sent) {
					return
				}
			}
		}()
		// No Content-Length and no chunking: an HTTP/1.0-style body that
		// ends only when the connection does.
		n, err := fmt.Fprintf(c, "HTTP/1.1 %d %s\r\nServer: nginx\r\nContent-Type: text/html\r\nConnection: close\r\n\r\n%s", status, statusText(status), head)
		sent += int64(n)
		if err != nil {
			return
		}
		for {
			select {
			case <-done:
				return
			default:
			}
			n, err := c.Write(filler)
			sent += int64(n)
			if err != nil {
				return
			}
		}
	})
	e.addr = s.addr()
	return e
}

// HugeHeaders starts an HTTP server that answers with status, then
// HugeHeaderBytes of headers (1 KiB lines), then a short body.
func HugeHeaders(t testing.TB, status int) netip.AddrPort {
	t.Helper()
	var b strings.Builder
	fmt.Fprintf(&b, "HTTP/1.1 %d %s\r\nContent-Type: text/plain\r\n", status, statusText(status))
	value := strings.Repeat("x", 1000)
	for i := 0; b.Len() < HugeHeaderBytes; i++ {
		fmt.Fprintf(&b, "X-Junk-%d: %s\r\n", i, value)
	}
	b.WriteString("Content-Length: 4\r\nConnection: close\r\n\r\nhuge")
	answer := []byte(b.String())
	s := newRawServer(t, "tcp", func(c net.Conn, _ <-chan struct{}) {
		if readRequestHead(c) != nil {
			return
		}
		_, _ = c.Write(answer)
	})
	return s.addr()
}

// RedirectLoop is a canned answer that sends the client back to the same
// path forever; give it to a Site with Answer.
func RedirectLoop(path string) Response {
	return Response{Status: 302, Header: map[string][]string{"Location": {path}}, Body: "moved"}
}

// StalledTLS starts a server that reads the client's TLS ClientHello, sends
// the first bytes of a ServerHello record and then stalls: the handshake
// never completes nor fails. A plain black hole stalls before TLS starts;
// this one stalls inside it.
func StalledTLS(t testing.TB) netip.AddrPort {
	t.Helper()
	// A TLS 1.2 handshake record header announcing 0x0200 bytes, and the
	// first four of them (ServerHello, length 0x0001fc): the client waits
	// for the rest.
	partial := []byte{0x16, 0x03, 0x03, 0x02, 0x00, 0x02, 0x00, 0x01, 0xfc}
	s := newRawServer(t, "tcp", func(c net.Conn, done <-chan struct{}) {
		buf := make([]byte, 4096)
		if _, err := c.Read(buf); err != nil {
			return
		}
		if _, err := c.Write(partial); err != nil {
			return
		}
		// Hold the connection until the client gives up or the test ends.
		go func() {
			<-done
			c.Close()
		}()
		_, _ = io.Copy(io.Discard, c)
	})
	return s.addr()
}

// DNSHostility is how a HostileDNS server breaks its answers.
type DNSHostility int

// The broken answers a HostileDNS server can give.
const (
	// Truncating sets the TC bit on every UDP answer (with no records), and
	// closes every TCP connection at once: the client's retry over TCP, as
	// RFC 7766 requires, finds nothing.
	Truncating DNSHostility = iota
	// Malformed answers with the right ID and question, announces one
	// answer record and sends a record cut off in the middle.
	Malformed
)

// HostileDNS starts a DNS server on 127.0.0.1 (UDP and TCP on one port)
// that breaks every answer as h says. It returns the server's address.
func HostileDNS(t testing.TB, h DNSHostility) netip.AddrPort {
	t.Helper()
	pc, err := net.ListenPacket("udp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("lab hostile dns: %v", err)
	}
	port := pc.LocalAddr().(*net.UDPAddr).Port
	ln, err := net.Listen("tcp", net.JoinHostPort("127.0.0.1", strconv.Itoa(port)))
	if err != nil {
		pc.Close()
		t.Fatalf("lab hostile dns tcp: %v", err)
	}
	startRaw(t, ln, func(c net.Conn, _ <-chan struct{}) {
		if h == Malformed {
			// Over TCP, the same broken message with its length prefix.
			var l [2]byte
			if _, err := io.ReadFull(c, l[:]); err != nil {
				return
			}
			q := make([]byte, int(l[0])<<8|int(l[1]))
			if _, err := io.ReadFull(c, q); err != nil {
				return
			}
			if out := brokenAnswer(q, h); out != nil {
				_, _ = c.Write(append([]byte{byte(len(out) >> 8), byte(len(out))}, out...))
			}
		}
		// Truncating: close at once (the deferred Close in startRaw).
	})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		buf := make([]byte, 1500)
		for {
			n, from, err := pc.ReadFrom(buf)
			if err != nil {
				return
			}
			if out := brokenAnswer(buf[:n], h); out != nil {
				_, _ = pc.WriteTo(out, from)
			}
		}
	}()
	t.Cleanup(func() {
		pc.Close()
		wg.Wait()
	})
	return netip.AddrPortFrom(Loopback, uint16(port))
}

// brokenAnswer builds the broken reply to the query q, or nil when q is not
// a DNS query at all.
func brokenAnswer(q []byte, h DNSHostility) []byte {
	req := new(dns.Msg)
	if err := req.Unpack(q); err != nil || len(req.Question) == 0 {
		return nil
	}
	m := new(dns.Msg)
	m.SetReply(req)
	m.RecursionAvailable = true
	switch h {
	case Truncating:
		m.Truncated = true
		out, err := m.Pack()
		if err != nil {
			return nil
		}
		return out
	default:
		m.Answer = []dns.RR{&dns.A{
			Hdr: dns.RR_Header{Name: req.Question[0].Name, Rrtype: dns.TypeA, Class: dns.ClassINET, Ttl: 60},
			A:   netip.MustParseAddr("192.0.2.80").AsSlice(),
		}}
		out, err := m.Pack()
		if err != nil {
			return nil
		}
		// Cut the record in the middle of its address: the header still
		// counts one answer, which is what makes the message malformed.
		return out[:len(out)-2]
	}
}

func statusText(code int) string {
	switch code {
	case 200:
		return "OK"
	case 502:
		return "Bad Gateway"
	case 503:
		return "Service Unavailable"
	case 504:
		return "Gateway Timeout"
	}
	return "Status"
}

// ResolverAt returns a pure-Go resolver that asks only the server at ap
// (over UDP, and TCP when told to): the "system path" of an Env whose system
// resolver is a HostileDNS.
func ResolverAt(ap netip.AddrPort) *net.Resolver {
	addr := ap.String()
	return &net.Resolver{PreferGo: true, Dial: func(ctx context.Context, network, _ string) (net.Conn, error) {
		var nd net.Dialer
		return nd.DialContext(ctx, network, addr)
	}}
}
