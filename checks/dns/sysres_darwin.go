package dns

import (
	"context"
	"fmt"
	"net/netip"
	"os/exec"

	"gatewaydoctor/checks"
)

// osResolverConfig asks configd (`scutil --dns`); /etc/resolv.conf on macOS
// is a courtesy copy that the system resolver does not read. A lab that sets
// env.ResolvConfPath explicitly gets that file read instead.
func osResolverConfig(ctx context.Context, env *checks.Env) (SystemResolverConfig, error) {
	if env.ResolvConfPath != "" {
		return unixResolverConfig(env)
	}
	cfg := SystemResolverConfig{Source: "scutil --dns"}
	out, err := exec.CommandContext(ctx, "/usr/sbin/scutil", "--dns").Output()
	if err != nil {
		return cfg, fmt.Errorf("scutil --dns: %w", err)
	}
	rs, err := ParseScutilDNS(out)
	if err != nil {
		cfg.Bad = append(cfg.Bad, err.Error())
	}
	for _, a := range scutilSystemServers(rs) {
		cfg.Servers = append(cfg.Servers, netip.AddrPortFrom(a, 53))
	}
	return cfg, nil
}
