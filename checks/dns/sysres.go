package dns

import (
	"context"
	"net/netip"
	"runtime"

	"gatewaydoctor/checks"
)

// SystemResolverConfig is the resolver configuration of the OS as the
// "dns.system" check read it.
type SystemResolverConfig struct {
	// Servers are the resolvers that programs query (port 53 unless a test
	// overrides them), in the OS's order.
	Servers []netip.AddrPort
	// Upstreams are where a local stub forwards to (systemd-resolved's
	// upstream list), for evidence; empty when there is no stub.
	Upstreams []netip.Addr
	// Stub names the local stub resolver, e.g. "systemd-resolved".
	Stub string
	// Source says where the list came from: a file, "scutil --dns",
	// "GetAdaptersAddresses" or "Env.SystemResolvers".
	Source string
	// Bad lists entries that could not be understood.
	Bad []string
}

// SystemResolvers returns the resolvers the computer uses: env.SystemResolvers
// when a test or lab sets it, else the OS configuration (resolv.conf via
// env.ResolvConfPath on Linux and the BSDs, `scutil --dns` on macOS, the
// adapters' DNS servers on Windows).
func SystemResolvers(ctx context.Context, env *checks.Env) (SystemResolverConfig, error) {
	if len(env.SystemResolvers) > 0 {
		return SystemResolverConfig{Servers: env.SystemResolvers, Source: "Env.SystemResolvers"}, nil
	}
	return osResolverConfig(ctx, env)
}

// resolvConfPath is env.ResolvConfPath or the OS default.
func resolvConfPath(env *checks.Env) string {
	if env.ResolvConfPath != "" {
		return env.ResolvConfPath
	}
	return DefaultResolvConfPath
}

// unixResolverConfig is the resolv.conf answer every Unix but macOS uses; on
// macOS resolv.conf is only informational ("not consulted", says its header).
func unixResolverConfig(env *checks.Env) (SystemResolverConfig, error) {
	return linuxResolverConfig(resolvConfPath(env), resolvedUpstreamPath)
}

// usesResolvConf reports whether this OS's resolver list is resolv.conf
// (Linux and the BSDs; not macOS without an explicit path, not Windows).
func usesResolvConf() bool { return runtime.GOOS != "windows" && runtime.GOOS != "darwin" }
