package localnet

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/netip"
	"syscall"
	"time"

	"gatewaydoctor/checks"
	"gatewaydoctor/checks/dns"
)

// dialViaResolver opens a connection to host:port the way the browser
// would: the name through env.Resolver (the system path), then each address
// in turn through env.Dialer. A lab's names therefore resolve on the lab's
// DNS, and a namespace's on its own resolv.conf.
func dialViaResolver(env *checks.Env) func(ctx context.Context, network, addr string) (net.Conn, error) {
	return func(ctx context.Context, network, addr string) (net.Conn, error) {
		host, port, err := net.SplitHostPort(addr)
		if err != nil {
			return nil, err
		}
		if a, err := netip.ParseAddr(host); err == nil {
			return env.Dialer.DialContext(ctx, network, net.JoinHostPort(a.String(), port))
		}
		lctx, cancel := context.WithTimeout(ctx, dns.SystemLookupTimeout)
		addrs, err := env.Resolver.LookupNetIP(lctx, "ip", host)
		cancel()
		if err != nil {
			return nil, &resolveError{host: host, err: err}
		}
		var errs []error
		for _, a := range addrs {
			c, err := env.Dialer.DialContext(ctx, network, net.JoinHostPort(a.Unmap().String(), port))
			if err == nil {
				return c, nil
			}
			errs = append(errs, err)
		}
		return nil, errors.Join(errs...)
	}
}

// resolveError marks a failure to resolve, which is not a failure to connect.
type resolveError struct {
	host string
	err  error
}

func (e *resolveError) Error() string { return fmt.Sprintf("resolve %s: %v", e.host, e.err) }
func (e *resolveError) Unwrap() error { return e.err }

// probeHeaderTimeout bounds the wait for a probe's response headers once
// connected; reachability and captive hosts answer in well under a second.
const probeHeaderTimeout = 3 * time.Second

// ProbeClient is an HTTP client for probes: no proxy (the checks look at the
// network itself), no connection reuse (each request measures a fresh
// connection and no portal answer is cached), no redirects followed (a
// redirect is the finding). insecure skips certificate checks, for the clock
// check only: it reads a Date header, and a wrong clock makes every
// certificate look invalid.
func ProbeClient(env *checks.Env, insecure bool) *http.Client {
	tr := &http.Transport{
		Proxy:                 nil,
		DialContext:           dialViaResolver(env),
		DisableKeepAlives:     true,
		TLSHandshakeTimeout:   probeHeaderTimeout,
		ResponseHeaderTimeout: probeHeaderTimeout,
		TLSClientConfig:       &tls.Config{RootCAs: env.RootCAs, InsecureSkipVerify: insecure}, //nolint:gosec // see above
	}
	return &http.Client{
		Transport:     tr,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
}

// noRoute reports a connection that failed for want of a route (no default
// route, or the router says the network is unreachable): a routing problem,
// not a firewall. Windows: WSAENETUNREACH 10051, WSAEHOSTUNREACH 10065.
func noRoute(err error) bool {
	var errno syscall.Errno
	if errors.As(err, &errno) {
		return errno == syscall.ENETUNREACH || errno == syscall.EHOSTUNREACH || errno == 10051 || errno == 10065
	}
	return false
}
