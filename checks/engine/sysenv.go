package engine

import (
	"context"
	"fmt"
	"net/url"
	"time"

	"gatewaydoctor/checks"
	"gatewaydoctor/checks/dns"
	"gatewaydoctor/checks/localnet"
	"gatewaydoctor/checks/proxy"
	"gatewaydoctor/profile"
)

// proxyDetectTimeout bounds reading the proxy settings (gsettings, scutil,
// the registry): local look-ups that answer in tens of milliseconds, so a
// hung settings daemon must not hold up the diagnosis.
const proxyDetectTimeout = 2 * time.Second

// SystemEnv builds the Env of a real run: the profile's endpoints, the OS's
// resolver, files, proxy settings and local network.
func SystemEnv(p *profile.Profile, target *url.URL) (*checks.Env, error) {
	return SystemEnvContext(context.Background(), p, target)
}

// SystemEnvContext is SystemEnv within ctx: a run's deadline bounds proxy
// detection too.
func SystemEnvContext(ctx context.Context, p *profile.Profile, target *url.URL) (*checks.Env, error) {
	refs, err := p.ReferenceAddrs()
	if err != nil {
		return nil, fmt.Errorf("profile %s: %w", p.Source, err)
	}
	env := &checks.Env{
		Target:             target,
		ReferenceResolvers: refs,
		LatencyDomain:      p.DNS.LatencyDomain,
		ReferenceName:      p.DNS.ReferenceName,
		Reachability:       append([]string(nil), p.Probes.Reachability...),
		HostsPath:          dns.DefaultHostsPath(),
		ResolvConfPath:     dns.DefaultResolvConfPath,
		Local:              localnet.OSLocalNetwork(),
	}
	for _, c := range p.Probes.Captive {
		env.CaptiveProbes = append(env.CaptiveProbes, checks.Probe{URL: c.URL, Status: c.Status, Body: c.Body})
	}
	env.Normalize()
	// Detection reads settings and runs a few local commands; the PAC file,
	// if any, is fetched lazily by the first decision, inside the run.
	ctx, cancel := context.WithTimeout(ctx, proxyDetectTimeout)
	defer cancel()
	proxy.Wire(env, proxy.Detect(ctx, proxy.Options{Dialer: env.Dialer, Resolver: env.Resolver, Now: env.Now}))
	return env, nil
}
