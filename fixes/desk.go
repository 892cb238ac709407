package fixes

import (
	"context"
	"fmt"
	"net/url"

	"gatewaydoctor/checks"
	"gatewaydoctor/profile"
)

// Desk decides which fix may run, with what consent, and carries it out:
// the one place that holds that policy, for `gateway-doctor fix` and for
// the wizard (cmd adapts it to ui.Fixer without adding any). Build it once
// from the profile and the OS; every field but Profile is injectable and
// has a real default.
type Desk struct {
	// Profile is the helpdesk profile: disabled fixes, allow_switch, the
	// DNS providers, the contact. nil is the embedded default for the
	// policy, and no profile endpoints for the environment.
	Profile *profile.Profile
	// GOOS is the OS whose plans run; "" is this one.
	GOOS string
	// Env builds the checks' environment for a target (engine.SystemEnv in
	// a real run). nil, or an error, falls back to FallbackEnv.
	Env func(target *url.URL) (*checks.Env, error)
	// Rank orders DNS providers best first, as measured through env (the
	// resolver benchmark), before a switch; nil keeps the profile's order.
	Rank func(env *checks.Env) RankFunc
	// Context builds the fix context; nil is NewFixContext (this computer).
	Context func(env *checks.Env, p *profile.Profile, target string, sw SwitchConfig) *FixContext
	// Switch builds the DNS switch's configuration; nil is NewOSSwitchConfig.
	Switch func(env *checks.Env) (SwitchConfig, error)
}

func (d Desk) goos() string {
	if d.GOOS == "" {
		return runtimeGOOS
	}
	return d.GOOS
}

func (d Desk) policy() *profile.Profile {
	if d.Profile == nil {
		return profile.Default()
	}
	return d.Profile
}

// Allowed reports whether the profile offers fix id: it is in the
// catalogue, not in [fixes] disabled, and its gate is open.
func (d Desk) Allowed(id string) bool {
	f, ok := Catalog[id]
	return ok && f.Allowed(d.policy())
}

// Acts reports whether the app carries fix id out by itself, here: it is
// allowed, offered on this OS, and runs a plan or the DNS switch. Retests,
// the watch, messages and the helpdesk handoff are the face's own work;
// guidance is the person's.
func (d Desk) Acts(id string) bool {
	f, ok := Catalog[id]
	if !ok || !d.Allowed(id) || !f.AvailableOn(d.goos()) {
		return false
	}
	return (f.Carry == CarryApply && f.Runnable()) || f.Carry == CarrySwitch
}

// NeedsConsent reports whether fix id changes this computer, so the person
// must agree first: the CLI asks unless --yes, the wizard's button is the
// agreement.
func (d Desk) NeedsConsent(id string) bool { return Catalog[id].ChangesSystem }

// Environment is the checks' environment for target: Env's, else the
// fallback that is all a fix needs.
func (d Desk) Environment(target *url.URL) *checks.Env {
	if d.Env != nil {
		if env, err := d.Env(target); err == nil {
			return env
		}
	}
	return FallbackEnv(d.Profile, target)
}

// SwitchConfig is the DNS switch's configuration (journal, capturer,
// verification endpoints) for target.
func (d Desk) SwitchConfig(target *url.URL) (SwitchConfig, error) {
	env := d.Environment(target)
	if d.Switch != nil {
		return d.Switch(env)
	}
	return NewOSSwitchConfig(env)
}

// Prepare builds the one FixContext of a run for target, the same for the
// CLI and the wizard: the environment, the DNS switch's configuration, the
// browsers, the desktop with the macOS version, and on Linux the resolver
// stack read from the environment's resolver-config path.
func (d Desk) Prepare(target *url.URL) (*FixContext, error) {
	sw, err := d.SwitchConfig(target)
	if err != nil {
		return nil, err
	}
	u := ""
	if target != nil {
		u = target.String()
	}
	newCtx := d.Context
	if newCtx == nil {
		newCtx = NewFixContext
	}
	fc := newCtx(sw.Env, d.Profile, u, sw)
	fc.GOOS = d.goos()
	return fc, nil
}

// Apply carries out fix id with fc (Fix.Run), if the profile allows it.
// The outcome says what it did, in words for the person.
func (d Desk) Apply(ctx context.Context, id string, fc *FixContext) (Outcome, error) {
	f, ok := Catalog[id]
	if !ok || !d.Allowed(id) {
		return Outcome{}, fmt.Errorf("fix %s: %w", id, ErrNotAllowed)
	}
	return f.Run(ctx, fc)
}

// ChooseProvider picks the DNS provider to switch to: the one named, else
// the best of the profile's providers as ranked from here (Rank through
// fc's environment), else the first in the profile's order.
func (d Desk) ChooseProvider(ctx context.Context, fc *FixContext, name string) (profile.Provider, error) {
	p := d.policy()
	if !d.Allowed("switch_dns") {
		return profile.Provider{}, ErrNotAllowed
	}
	provs, err := p.Providers()
	if err != nil {
		return profile.Provider{}, fmt.Errorf("%v: %w", err, ErrInvalid)
	}
	var rank RankFunc
	if d.Rank != nil && name == "" {
		rank = d.Rank(fc.Env)
	}
	return ChooseProvider(ctx, p, provs, name, rank)
}

// SwitchDNS is the wizard's switch: choose the provider, change the
// settings with the journal written first, and verify. It returns the
// verified switch waiting for Keep or Revert. Whatever fails, nothing stays
// changed: a failed verification (ErrVerifyFailed) has put the old settings
// back, and any error with a change still pending puts them back before
// returning.
func (d Desk) SwitchDNS(ctx context.Context, fc *FixContext) (*DNSSwitch, profile.Provider, error) {
	p, err := d.ChooseProvider(ctx, fc, "")
	if err != nil {
		return nil, p, err
	}
	sw := NewDNSSwitch(fc.Switch)
	if _, err := sw.Apply(ctx, p); err != nil {
		if sw.Pending() {
			_ = sw.Revert(context.WithoutCancel(ctx))
		}
		return nil, p, err
	}
	return sw, p, nil
}

// FallbackEnv is the environment of a run when the profile's endpoints
// cannot be read: the target, the reference name and the captive probes,
// which is all a fix needs.
func FallbackEnv(p *profile.Profile, target *url.URL) *checks.Env {
	env := &checks.Env{Target: target, ReferenceName: "example.com", ResolvConfPath: "/etc/resolv.conf"}
	if p == nil {
		return env.Normalize()
	}
	if p.DNS.ReferenceName != "" {
		env.ReferenceName = p.DNS.ReferenceName
	}
	for _, c := range p.Probes.Captive {
		env.CaptiveProbes = append(env.CaptiveProbes, checks.Probe{URL: c.URL, Status: c.Status, Body: c.Body})
	}
	if len(p.Probes.Captive) == 0 {
		env.CaptiveProbes = []checks.Probe{{URL: "http://connectivitycheck.gstatic.com/generate_204", Status: 204}}
	}
	return env.Normalize()
}
