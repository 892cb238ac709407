package lab

import (
	"context"
	"errors"
	"net/netip"
	"net/url"
	"os"
	"path/filepath"
	"testing"

	"gatewaydoctor/checks"
)

// Lab is a whole loopback world: a system resolver, a reference resolver,
// healthy reachability and captive-probe hosts, and the computer's local
// network, all faked on 127.0.0.1. Tests stage a failure by changing one part.
type Lab struct {
	// System is the resolver the computer uses; Reference is the one the
	// checks compare it with.
	System, Reference *DNS
	// Reach answers the reachability probes; Captive the captive probes.
	Reach, Captive *Site
	// Local is the fake interfaces and gateway.
	Local *FakeLocal
	// Dir holds the lab's hosts and resolv.conf files.
	Dir string
}

// Loopback is the address every lab host name resolves to.
var Loopback = netip.MustParseAddr("127.0.0.1")

// New starts a healthy lab: every name the probes use resolves on both
// resolvers, the probes answer as expected, and the local network is up.
func New(t testing.TB) *Lab {
	t.Helper()
	l := &Lab{System: NewDNS(t), Reference: NewDNS(t), Reach: NewSite(t), Captive: NewSite(t), Local: NewFakeLocal(), Dir: t.TempDir()}
	for _, d := range []*DNS{l.System, l.Reference} {
		d.Set("reach.lab.test", Loopback).Set("captive.lab.test", Loopback).Set("reference.lab.test", Loopback)
	}
	l.Reach.Answer(Response{Status: 204})
	l.Captive.Answer(Response{Status: 204})
	l.write("hosts", "127.0.0.1 localhost\n")
	l.write("resolv.conf", "nameserver 127.0.0.1\n")
	return l
}

func (l *Lab) write(name, content string) {
	_ = os.WriteFile(filepath.Join(l.Dir, name), []byte(content), 0o644)
}

// WriteHosts replaces the lab's hosts file.
func (l *Lab) WriteHosts(content string) { l.write("hosts", content) }

// AddSite makes host resolve (on both resolvers) to the loopback and returns
// the site's URL for path.
func (l *Lab) AddSite(t testing.TB, host string, s *Site, path string) *url.URL {
	t.Helper()
	l.System.Set(host, Loopback)
	l.Reference.Set(host, Loopback)
	u, err := url.Parse(s.URLFor(host, path))
	if err != nil {
		t.Fatal(err)
	}
	return u
}

// Env returns an Env pointed at the lab for target.
func (l *Lab) Env(target *url.URL) *checks.Env {
	env := &checks.Env{
		Target:             target,
		ReferenceResolvers: []netip.AddrPort{l.Reference.Addr()},
		SystemResolvers:    []netip.AddrPort{l.System.Addr()},
		Resolver:           l.System.Resolver(),
		LatencyDomain:      "latency.lab.test",
		ReferenceName:      "reference.lab.test",
		CaptiveProbes:      []checks.Probe{{URL: l.Captive.URLFor("captive.lab.test", "/generate_204"), Status: 204}},
		Reachability:       []string{l.Reach.URLFor("reach.lab.test", "/generate_204")},
		HostsPath:          filepath.Join(l.Dir, "hosts"),
		ResolvConfPath:     filepath.Join(l.Dir, "resolv.conf"),
		Local:              l.Local,
		// The fake gateway is never probed on the wire: its addresses are
		// TEST-NET, which must not leave this machine.
		GatewayProbe: l.Local.probe,
	}
	return env.Normalize()
}

// EnvFunc is Env as the engine's Env hook: each run gets a fresh Env for its
// target, adjusted by tune when tune is set (a proxy, a skewed clock, …).
func (l *Lab) EnvFunc(tune func(*checks.Env)) func(*url.URL) (*checks.Env, error) {
	return func(u *url.URL) (*checks.Env, error) {
		env := l.Env(u)
		if tune != nil {
			tune(env)
		}
		return env, nil
	}
}

// FakeLocal is a LocalNetwork with one interface up and a gateway.
type FakeLocal struct {
	Ifaces   []checks.Interface
	Gateways []netip.Addr
	Err      error
	// GatewayDown makes the fake gateway ignore probes.
	GatewayDown bool
}

func (f *FakeLocal) probe(ctx context.Context, gw netip.Addr) (string, error) {
	if f.GatewayDown {
		return "fake", errors.New("the lab gateway is down")
	}
	return "fake", nil
}

// NewFakeLocal returns a local network that is up: eth0 with 192.0.2.2/24
// and a gateway 192.0.2.1.
func NewFakeLocal() *FakeLocal {
	return &FakeLocal{
		Ifaces: []checks.Interface{
			{Index: 1, Name: "lo", Up: true, Addrs: []netip.Prefix{netip.MustParsePrefix("127.0.0.1/8")}},
			{Index: 2, Name: "eth0", Up: true, Addrs: []netip.Prefix{netip.MustParsePrefix("192.0.2.2/24")}},
		},
		Gateways: []netip.Addr{netip.MustParseAddr("192.0.2.1")},
	}
}

// Interfaces returns the fake interfaces.
func (f *FakeLocal) Interfaces() ([]checks.Interface, error) { return f.Ifaces, f.Err }

// DefaultGateways returns the fake gateways.
func (f *FakeLocal) DefaultGateways() ([]netip.Addr, error) { return f.Gateways, f.Err }
