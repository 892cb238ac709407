package checks

import (
	"context"
	"crypto/x509"
	"log/slog"
	"net"
	"net/netip"
	"net/url"
	"time"
)

// Dialer opens network connections. *net.Dialer satisfies it; tests and the
// namespace lab may wrap it.
type Dialer interface {
	DialContext(ctx context.Context, network, address string) (net.Conn, error)
}

// Resolver is the system path of name resolution: what the browser sees.
// *net.Resolver satisfies it.
type Resolver interface {
	LookupNetIP(ctx context.Context, network, host string) ([]netip.Addr, error)
}

// ProxyFunc decides which proxy, if any, serves a URL; nil means direct.
// It has the signature of golang.org/x/net/http/httpproxy's ProxyFunc.
type ProxyFunc func(*url.URL) (*url.URL, error)

// ProxyConfig is a detected proxy configuration, as Env carries it: what
// every check may ask of it. The proxy package's *Settings is the one
// implementation; its own checks read the rest of it.
type ProxyConfig interface {
	// Func decides the proxy for a URL, as Env.Proxy.
	Func() ProxyFunc
	// Source says where the decision comes from, as Env.ProxySource.
	Source() string
	// String describes the configuration for evidence.
	String() string
}

// Probe is a captive-portal probe with its expected answer: a status, a body
// that must be contained in the answer, or both.
type Probe struct {
	URL    string
	Status int    // 0: any 2xx
	Body   string // "": any body
}

// Env carries everything a check touches in the outside world. A real run
// builds it from the profile and the OS (see SystemEnv); tests build one that
// points at a lab. A zero field means "use the OS default" only where the
// field's comment says so.
type Env struct {
	// Target is the URL the user cannot open.
	Target *url.URL

	// ReferenceResolvers answer DNS independently of the system's resolver.
	ReferenceResolvers []netip.AddrPort
	// SystemResolvers, when set, overrides the resolvers read from the OS
	// configuration (tests, and the namespace lab's own resolv.conf is read
	// through ResolvConfPath instead).
	SystemResolvers []netip.AddrPort
	// Resolver is the system resolution path (hosts file, cache, resolvers).
	Resolver Resolver
	// LatencyDomain is a zone under which random labels are queried to
	// measure uncached latency; "" skips that check.
	LatencyDomain string
	// ReferenceName is a name that must resolve everywhere (verification and
	// hijack comparison), e.g. "example.com".
	ReferenceName string

	// CaptiveProbes are tried without redirects, proxy or connection reuse.
	CaptiveProbes []Probe
	// Reachability are URLs of hosts that should always answer.
	Reachability []string

	// Proxy decides the proxy for a URL as the browser would; nil means none.
	Proxy ProxyFunc
	// ProxySource says where the proxy decision came from ("env", "gnome",
	// "pac http://…"); for evidence only.
	ProxySource string
	// ProxySettings is the detected configuration behind Proxy (a
	// *proxy.Settings). The proxy checks read it; proxy.Wire sets Proxy,
	// ProxySource and ProxySettings together. nil: the proxy.config check
	// is skipped.
	ProxySettings ProxyConfig
	// ProxyReady, when set, is closed once Proxy, ProxySource and
	// ProxySettings hold the detected configuration: a real run detects it
	// (the desktop's settings tool, a WPAD search) beside the checks rather
	// than before them, so that the target's first fetch need not wait for
	// it. Those three fields are read only after AwaitProxy. nil: they are
	// set before the run.
	ProxyReady <-chan struct{}

	// Provisional, set by the Runner for each run, lets a check report what
	// it knows before it ends (EventProvisional), with how far its retests
	// are (the zero RetestCount when it makes none). Checks call it only
	// when it is set.
	Provisional func(Result, RetestCount)
	// Settled is closed once a cause closer to the user than the website is
	// proven (no network, a silent router, a sign-in page, a proxy's 407):
	// then the target stops retesting. nil never closes.
	Settled <-chan struct{}

	// Dialer opens every connection a check makes.
	Dialer Dialer
	// RootCAs, when set, replaces the system trust store (the labs' own CA).
	RootCAs *x509.CertPool
	// Now is the clock.
	Now func() time.Time
	// Log receives debug lines; never nil after Normalize.
	Log *slog.Logger

	// HostsPath and ResolvConfPath are the OS files the checks read.
	HostsPath      string
	ResolvConfPath string

	// Local answers questions about interfaces and routes; nil means the OS.
	Local LocalNetwork

	// ResolverAddr maps a DNS provider's server address (profile.Provider)
	// to the address and port actually queried; nil means port 53. A lab
	// maps each provider's documented address to its own loopback server.
	ResolverAddr func(netip.Addr) netip.AddrPort
	// GatewayProbe, when set, replaces the unprivileged gateway probe of the
	// "local.gateway" check: it returns the probe used ("icmp", "tcp/53",
	// "dns") and nil when the gateway answered.
	GatewayProbe func(ctx context.Context, gw netip.Addr) (probe string, err error)
}

// AwaitProxy waits until Proxy, ProxySource and ProxySettings are set (see
// ProxyReady) and reports whether they are; false when ctx ended first, and
// then the three fields must not be read.
func (env *Env) AwaitProxy(ctx context.Context) bool {
	if env.ProxyReady == nil {
		return true
	}
	select {
	case <-env.ProxyReady:
		return true
	case <-ctx.Done():
		return false
	}
}

// LocalNetwork reports this computer's interfaces and default gateways, and
// probes a gateway. The OS implementation lives in per-OS files; tests fake it.
type LocalNetwork interface {
	Interfaces() ([]Interface, error)
	DefaultGateways() ([]netip.Addr, error)
}

// Interface is one network adapter as the checks see it.
type Interface struct {
	Index int
	Name  string
	Up    bool
	Addrs []netip.Prefix
}

// Normalize fills the fields a check may rely on being set: a dialer, a
// clock, a logger and a resolver. It returns env for chaining.
func (env *Env) Normalize() *Env {
	if env.Dialer == nil {
		env.Dialer = &net.Dialer{}
	}
	if env.Now == nil {
		env.Now = time.Now
	}
	if env.Log == nil {
		env.Log = slog.New(slog.DiscardHandler)
	}
	if env.Resolver == nil {
		env.Resolver = net.DefaultResolver
	}
	return env
}
