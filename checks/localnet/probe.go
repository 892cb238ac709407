package localnet

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/netip"
	"os"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"

	"golang.org/x/net/icmp"
	"golang.org/x/net/ipv4"
	"golang.org/x/net/ipv6"

	"gatewaydoctor/checks"
	"gatewaydoctor/checks/dns"
)

// gatewayProbeTimeout bounds the probes of one gateway. A router on the
// local link answers in milliseconds; Windows' ping waits 4 s per echo, but
// the whole run has 6 s (DefaultBudget), so 1.5 s leaves room for the rest.
const gatewayProbeTimeout = 1500 * time.Millisecond

// gatewayTCPPorts are the ports a home router usually serves (DNS forwarder,
// web admin). An open port or a refusal (TCP RST) both prove it is alive.
var gatewayTCPPorts = []int{53, 80, 443}

// errICMPUnavailable means this OS or its settings do not allow unprivileged
// ICMP (Linux: net.ipv4.ping_group_range excludes us; Windows: no socket API).
var errICMPUnavailable = errors.New("unprivileged ICMP not allowed")

// probeGateway asks gw whether it is alive with unprivileged probes only,
// all at once: ICMP echo through a datagram "ping socket" where the OS
// allows it (macOS, Linux within ping_group_range), TCP to 53, 80 and 443
// (a refusal is an answer), and a DNS query to port 53. The first answer
// wins; it returns the probe that answered, or the list it tried.
func probeGateway(ctx context.Context, env *checks.Env, gw netip.Addr) (string, error) {
	if env.GatewayProbe != nil {
		return env.GatewayProbe(ctx, gw)
	}
	ctx, cancel := context.WithTimeout(ctx, gatewayProbeTimeout)
	defer cancel()
	type answer struct {
		probe string
		err   error
	}
	probes := map[string]func(context.Context) error{
		"icmp": func(ctx context.Context) error { return icmpEcho(ctx, gw) },
		"dns": func(ctx context.Context) error {
			a := dns.Exchange(ctx, env, netip.AddrPortFrom(gw, 53), ".", 2 /* NS */)
			if a.Replied() {
				return nil
			}
			return a.Err
		},
	}
	for _, p := range gatewayTCPPorts {
		probes["tcp/"+strconv.Itoa(p)] = func(ctx context.Context) error { return tcpAlive(ctx, env, gw, p) }
	}
	ch := make(chan answer, len(probes))
	for name, fn := range probes {
		go func() { ch <- answer{name, fn(ctx)} }()
	}
	var tried []string
	var errs []error
	for range probes {
		a := <-ch
		if a.err == nil {
			return a.probe, nil
		}
		if !errors.Is(a.err, errICMPUnavailable) {
			tried = append(tried, a.probe)
			errs = append(errs, fmt.Errorf("%s: %w", a.probe, a.err))
		}
	}
	slices.Sort(tried)
	return strings.Join(tried, "+"), errors.Join(errs...)
}

// tcpAlive connects to gw:port; a completed handshake or a refusal (the
// host sent a RST) both mean the host is up.
func tcpAlive(ctx context.Context, env *checks.Env, gw netip.Addr, port int) error {
	c, err := env.Dialer.DialContext(ctx, "tcp", netip.AddrPortFrom(gw, uint16(port)).String())
	if err == nil {
		c.Close()
		return nil
	}
	if connRefused(err) {
		return nil
	}
	return err
}

// connRefused reports a TCP RST: ECONNREFUSED, or WSAECONNREFUSED (10061)
// on Windows.
func connRefused(err error) bool {
	var errno syscall.Errno
	if errors.As(err, &errno) {
		return errno == syscall.ECONNREFUSED || errno == 10061
	}
	return false
}

// icmpEcho sends one echo request through an unprivileged ICMP datagram
// socket and waits for the reply from gw.
func icmpEcho(ctx context.Context, gw netip.Addr) error {
	network, laddr, proto := "udp4", "0.0.0.0", 1
	var typ icmp.Type = ipv4.ICMPTypeEcho
	if gw.Is6() && !gw.Is4In6() {
		network, laddr, proto, typ = "udp6", "::", 58, ipv6.ICMPTypeEchoRequest
	}
	c, err := icmp.ListenPacket(network, laddr)
	if err != nil {
		return fmt.Errorf("%w: %v", errICMPUnavailable, err)
	}
	defer c.Close()
	if dl, ok := ctx.Deadline(); ok {
		_ = c.SetDeadline(dl)
	}
	stop := context.AfterFunc(ctx, func() { _ = c.SetDeadline(time.Now()) })
	defer stop()
	msg := icmp.Message{Type: typ, Body: &icmp.Echo{ID: os.Getpid() & 0xffff, Seq: 1, Data: []byte("gateway-doctor")}}
	b, err := msg.Marshal(nil)
	if err != nil {
		return err
	}
	dst := &net.UDPAddr{IP: gw.Unmap().AsSlice(), Zone: gw.Zone()}
	if _, err := c.WriteTo(b, dst); err != nil {
		return err
	}
	buf := make([]byte, 1500)
	for {
		n, peer, err := c.ReadFrom(buf)
		if err != nil {
			if ctx.Err() != nil || dns.IsTimeout(err) {
				return fmt.Errorf("no echo reply within %v", gatewayProbeTimeout)
			}
			return err
		}
		m, err := icmp.ParseMessage(proto, buf[:n])
		if err != nil {
			continue
		}
		if m.Type != ipv4.ICMPTypeEchoReply && m.Type != ipv6.ICMPTypeEchoReply {
			continue
		}
		if u, ok := peer.(*net.UDPAddr); ok {
			if pa, ok := netip.AddrFromSlice(u.IP); ok && pa.Unmap() == gw.Unmap().WithZone("") {
				return nil
			}
		}
	}
}
