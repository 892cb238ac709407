package engine

import (
	"context"
	"slices"

	"gatewaydoctor/checks"
	"gatewaydoctor/checks/outside"
	"gatewaydoctor/checks/proxy"
	"gatewaydoctor/checks/web"
)

// useBrowser makes the browser the person named the one whose proxy path
// is tested: its own proxy when it has one (a policy, Firefox's prefs),
// else the system's.
func (e Engine) useBrowser(env *checks.Env) {
	s, ok := env.ProxySettings.(*proxy.Settings)
	if !ok || e.Browser == "" {
		return
	}
	if b := s.ForBrowser(e.Browser); b != s {
		proxy.Wire(env, b)
	}
}

// dnsFixes are the steps that change the system's DNS, which a browser
// with its own DNS over HTTPS never asks.
var dnsFixes = []string{"flush_dns", "switch_dns"}

// browsersSection fills the report's "browsers" section and makes the DNS
// steps tell the truth: when the browser resolves over its own DNS over
// HTTPS, flushing or switching the system's DNS changes nothing it sees,
// and the verdict says so, and what to do instead.
func (e Engine) browsersSection(env *checks.Env, rep *checks.Report) {
	s, ok := env.ProxySettings.(*proxy.Settings)
	if !ok || s == nil {
		return
	}
	rep.Browsers = s.BrowserReports()
	if !slices.ContainsFunc(rep.Verdict.Fixes, func(id string) bool { return slices.Contains(dnsFixes, id) }) {
		return
	}
	for _, b := range rep.Browsers {
		if !b.DoH.Bypasses() || e.Browser != "" && b.Browser != e.Browser {
			continue
		}
		args := checks.Args{"Browser": b.Browser, "Mode": string(b.DoH.Mode)}
		if b.Locked {
			rep.Verdict.Saw(checks.Say("evidence.browsers.doh_locked", "{{.Browser}} looks names up over its own DNS over HTTPS ({{.Mode}}): clearing or switching this computer's DNS will not change what {{.Browser}} sees. It is set by your organisation's policy, so ask your helpdesk; turning it off there, or trying another browser, is what helps.", args))
		} else {
			rep.Verdict.Saw(checks.Say("evidence.browsers.doh", "{{.Browser}} looks names up over its own DNS over HTTPS ({{.Mode}}): clearing or switching this computer's DNS will not change what {{.Browser}} sees. It is set in its settings; turning it off there, or trying another browser, is what helps.", args))
		}
	}
}

// Outside asks the outside measurement service to fetch the target, when
// the verdict is one it can help with (outside.Applies), and returns the
// diagnosis with the report's "outside" section and the verdict it
// sharpens. Only the URL is sent. A failure of the service is in the
// section, and the local verdict stands.
func (e Engine) Outside(ctx context.Context, d Diagnosis, c *outside.Client) Diagnosis {
	if d.Report == nil || !outside.Applies(d.Verdict) {
		return d
	}
	target, err := web.ParseTarget(d.Report.Target)
	if err != nil {
		return d
	}
	o := c.Check(ctx, target)
	v := outside.Apply(d.Verdict, o)
	v.Fixes = offered(v.Fixes, e.profile())
	rep := *d.Report
	rep.Outside = o
	rep.Verdict = v
	rep.Fixes = slices.Clone(v.Fixes)
	d.Verdict, d.Report = v, &rep
	return d
}
