// Package lab is the loopback lab: servers on 127.0.0.1 that play the
// system and reference resolvers, the website, the user's proxy and a
// black hole, so tests across the project can stage a failure without
// touching the internet. Every constructor registers its own cleanup.
package lab

import (
	"context"
	"fmt"
	"net"
	"net/netip"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/miekg/dns"
)

// DNSMode is how a lab DNS server behaves for a name it is asked.
type DNSMode int

// The behaviours a test can stage.
const (
	Answer   DNSMode = iota // the configured records, NXDOMAIN for others
	Refuse                  // RCODE REFUSED
	ServFail                // RCODE SERVFAIL
	Silent                  // no reply at all: the client times out
	Lie                     // every name, existing or not, gets LieAddr (NXDOMAIN redirect)
	NXDomain                // every name is NXDOMAIN
)

// DNS is a miekg/dns server on loopback (UDP and TCP on the same port).
type DNS struct {
	mu      sync.Mutex
	records map[string][]netip.Addr
	mode    DNSMode
	modes   map[string]DNSMode
	lieAddr netip.Addr
	delay   time.Duration
	queries int
	addr    netip.AddrPort
}

// NewDNS starts a DNS server on 127.0.0.1 with no records; it stops when the
// test ends.
func NewDNS(t testing.TB) *DNS {
	t.Helper()
	d := &DNS{records: map[string][]netip.Addr{}, modes: map[string]DNSMode{}, lieAddr: netip.MustParseAddr("198.51.100.99")}
	pc, ln, port, err := listenUDPAndTCP()
	if err != nil {
		t.Fatalf("lab dns: %v", err)
	}
	d.addr = netip.AddrPortFrom(netip.MustParseAddr("127.0.0.1"), uint16(port))
	h := dns.HandlerFunc(d.serve)
	udp := &dns.Server{PacketConn: pc, Handler: h}
	tcp := &dns.Server{Listener: ln, Handler: h}
	var started sync.WaitGroup
	started.Add(2)
	udp.NotifyStartedFunc = started.Done
	tcp.NotifyStartedFunc = started.Done
	go func() { _ = udp.ActivateAndServe() }()
	go func() { _ = tcp.ActivateAndServe() }()
	started.Wait()
	t.Cleanup(func() {
		_ = udp.Shutdown()
		_ = tcp.Shutdown()
	})
	return d
}

// dnsPortTries bounds the search for a port free for both UDP and TCP: the
// kernel hands out a free UDP port, and the same TCP port is busy only when
// another test took it in between, which a second or third try escapes.
const dnsPortTries = 20

// listenUDPAndTCP opens UDP and TCP listeners on one loopback port, as a DNS
// server needs (TCP for truncated answers).
func listenUDPAndTCP() (net.PacketConn, net.Listener, int, error) {
	var lastErr error
	for range dnsPortTries {
		pc, err := net.ListenPacket("udp", "127.0.0.1:0")
		if err != nil {
			return nil, nil, 0, err
		}
		port := pc.LocalAddr().(*net.UDPAddr).Port
		ln, err := net.Listen("tcp", net.JoinHostPort("127.0.0.1", strconv.Itoa(port)))
		if err == nil {
			return pc, ln, port, nil
		}
		pc.Close()
		lastErr = err
	}
	return nil, nil, 0, fmt.Errorf("no port free for both UDP and TCP after %d tries: %w", dnsPortTries, lastErr)
}

// Addr is the server's address.
func (d *DNS) Addr() netip.AddrPort { return d.addr }

// Set gives name the addresses addrs (A and AAAA records as they fit).
func (d *DNS) Set(name string, addrs ...netip.Addr) *DNS {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.records[canon(name)] = addrs
	return d
}

// SetMode sets the behaviour for every name.
func (d *DNS) SetMode(m DNSMode) *DNS {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.mode = m
	return d
}

// SetNameMode sets the behaviour for one name (and its subdomains),
// overriding the server's mode.
func (d *DNS) SetNameMode(name string, m DNSMode) *DNS {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.modes[canon(name)] = m
	return d
}

// SetLieAddr sets the address a Lie server gives every name.
func (d *DNS) SetLieAddr(a netip.Addr) *DNS {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.lieAddr = a
	return d
}

// SetDelay delays every answer by delay (injected latency).
func (d *DNS) SetDelay(delay time.Duration) *DNS {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.delay = delay
	return d
}

// Queries returns how many queries the server has received.
func (d *DNS) Queries() int {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.queries
}

// Resolver returns a pure-Go resolver that asks only this server: the
// "system path" of a lab Env.
func (d *DNS) Resolver() *net.Resolver {
	addr := d.addr.String()
	return &net.Resolver{PreferGo: true, Dial: func(ctx context.Context, network, _ string) (net.Conn, error) {
		var nd net.Dialer
		return nd.DialContext(ctx, network, addr)
	}}
}

func (d *DNS) serve(w dns.ResponseWriter, req *dns.Msg) {
	d.mu.Lock()
	d.queries++
	delay := d.delay
	mode := d.mode
	var q dns.Question
	if len(req.Question) > 0 {
		q = req.Question[0]
	}
	name := canon(q.Name)
	for n := name; n != ""; n = parent(n) {
		if m, ok := d.modes[n]; ok {
			mode = m
			break
		}
	}
	addrs, known := d.records[name]
	lie := d.lieAddr
	d.mu.Unlock()

	if delay > 0 {
		time.Sleep(delay) // injected latency of the server, not test synchronisation
	}
	m := new(dns.Msg)
	m.SetReply(req)
	m.RecursionAvailable = true
	switch mode {
	case Silent:
		return
	case Refuse:
		m.Rcode = dns.RcodeRefused
	case ServFail:
		m.Rcode = dns.RcodeServerFailure
	case NXDomain:
		m.Rcode = dns.RcodeNameError
	case Lie:
		if !known {
			addrs = []netip.Addr{lie}
			known = true
		}
		fallthrough
	default:
		if !known {
			m.Rcode = dns.RcodeNameError
			break
		}
		for _, a := range addrs {
			hdr := dns.RR_Header{Name: q.Name, Class: dns.ClassINET, Ttl: 1}
			switch {
			case a.Is4() && q.Qtype == dns.TypeA:
				hdr.Rrtype = dns.TypeA
				m.Answer = append(m.Answer, &dns.A{Hdr: hdr, A: a.AsSlice()})
			case a.Is6() && q.Qtype == dns.TypeAAAA:
				hdr.Rrtype = dns.TypeAAAA
				m.Answer = append(m.Answer, &dns.AAAA{Hdr: hdr, AAAA: a.AsSlice()})
			}
		}
	}
	_ = w.WriteMsg(m)
}

func canon(name string) string { return strings.TrimSuffix(strings.ToLower(name), ".") }

func parent(name string) string {
	i := strings.IndexByte(name, '.')
	if i < 0 {
		return ""
	}
	return name[i+1:]
}
