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
// resolver, files, proxy settings and local network. It returns once the
// proxy settings are read; Engine.Run uses runEnv, which does not wait.
func SystemEnv(p *profile.Profile, target *url.URL) (*checks.Env, error) {
	return SystemEnvContext(context.Background(), p, target)
}

// SystemEnvContext is SystemEnv within ctx: a run's deadline bounds proxy
// detection too.
func SystemEnvContext(ctx context.Context, p *profile.Profile, target *url.URL) (*checks.Env, error) {
	env, err := runEnv(ctx, p, target)
	if err != nil {
		return nil, err
	}
	// Not AwaitProxy(ctx): the fields are written when detection ends,
	// which ctx and proxyDetectTimeout bound, and are read after this.
	<-env.ProxyReady
	return env, nil
}

// runEnv is SystemEnvContext without the wait: the proxy settings are read
// beside the checks (Env.ProxyReady), because reading them runs the
// desktop's settings tool (tens of milliseconds, gsettings on GNOME) and the
// target's first fetch needs them only if a proxy applies (issue 17).
func runEnv(ctx context.Context, p *profile.Profile, target *url.URL) (*checks.Env, error) {
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
	ready := make(chan struct{})
	env.ProxyReady = ready
	opts := proxy.Options{Dialer: env.Dialer, Resolver: env.Resolver, Now: env.Now}
	go func() {
		defer close(ready)
		// Detection reads settings and runs a few local commands; the PAC
		// file, if any, is fetched lazily by the first decision.
		ctx, cancel := context.WithTimeout(ctx, proxyDetectTimeout)
		defer cancel()
		proxy.Wire(env, proxy.Detect(ctx, opts))
	}()
	return env, nil
}
