// Package suite composes the full set of checks and the Env of a real run
// from the profile and the OS. The CLI and the UI both start here, so a
// headless check and the wizard always run the same checks.
package suite

import (
	"context"
	"fmt"
	"net/url"
	"time"

	"gatewaydoctor/checks"
	"gatewaydoctor/checks/proxy"
	"gatewaydoctor/profile"
)

// proxyDetectTimeout bounds reading the proxy settings (gsettings, scutil,
// the registry): local look-ups that answer in tens of milliseconds, so a
// hung settings daemon must not hold up the diagnosis.
const proxyDetectTimeout = 2 * time.Second

// Checks returns every check of a full diagnosis.
func Checks() []checks.Check {
	cs := []checks.Check{checks.TargetCheck()}
	cs = append(cs, checks.NetworkChecks()...)
	cs = append(cs, proxy.Checks()...)
	return cs
}

// SystemEnv builds the Env of a real run: the profile's endpoints, the OS's
// resolver, files, proxy settings and local network.
func SystemEnv(p *profile.Profile, target *url.URL) (*checks.Env, error) {
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
		HostsPath:          checks.DefaultHostsPath(),
		ResolvConfPath:     checks.DefaultResolvConfPath,
		Local:              checks.OSLocalNetwork(),
	}
	for _, c := range p.Probes.Captive {
		env.CaptiveProbes = append(env.CaptiveProbes, checks.Probe{URL: c.URL, Status: c.Status, Body: c.Body})
	}
	env.Normalize()
	// Detection reads settings and runs a few local commands; the PAC file,
	// if any, is fetched lazily by the first decision, inside the run.
	ctx, cancel := context.WithTimeout(context.Background(), proxyDetectTimeout)
	defer cancel()
	proxy.Wire(env, proxy.Detect(ctx, proxy.Options{Dialer: env.Dialer, Resolver: env.Resolver, Now: env.Now}))
	return env, nil
}

// Diagnose runs every check for target with the profile's endpoints, under
// budget, and returns the report. onEvent, when set, receives the runner's
// progress events.
func Diagnose(ctx context.Context, p *profile.Profile, target *url.URL, budget time.Duration, onEvent func(checks.Event)) (*checks.Report, error) {
	env, err := SystemEnv(p, target)
	if err != nil {
		return nil, err
	}
	return Run(ctx, env, p, budget, onEvent), nil
}

// Run runs every check against env and returns the report, with the
// profile's helpdesk contact on it.
func Run(ctx context.Context, env *checks.Env, p *profile.Profile, budget time.Duration, onEvent func(checks.Event)) *checks.Report {
	start := time.Now()
	r := checks.Runner{Checks: Checks(), Budget: budget, OnEvent: onEvent}
	rs := r.Run(ctx, env)
	v := checks.Diagnose(rs)
	target := ""
	if env.Target != nil {
		target = env.Target.String()
	}
	rep := checks.NewReport(target, start, time.Since(start), rs, v)
	if p != nil {
		if h := p.Helpdesk; h != (profile.Helpdesk{}) {
			rep.Helpdesk = &checks.Contact{Name: h.Name, Email: h.Email, Phone: h.Phone, URL: h.URL}
		}
		rep.Fixes = withoutDisabled(rep.Fixes, p)
	}
	return rep
}

// withoutDisabled drops the fixes the helpdesk does not want offered.
func withoutDisabled(ids []string, p *profile.Profile) []string {
	out := ids[:0:0]
	for _, id := range ids {
		if !p.FixDisabled(id) {
			out = append(out, id)
		}
	}
	return out
}
