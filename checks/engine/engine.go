// Package engine is the one diagnosis entry point. `check`, the wizard and
// every later face (`watch`) call Engine.Run; nothing else runs checks or
// diagnoses. It takes the target, the helpdesk profile and the OS
// environment, runs every registered check at once under one budget,
// streams the runner's events, and returns the results, the verdict and the
// report, with the fixes the profile allows, in order.
package engine

import (
	"context"
	"net/url"
	"time"

	"gatewaydoctor/checks"
	"gatewaydoctor/checks/diagnosis"
	"gatewaydoctor/profile"
)

// minCheckBudget is the least the checks get when building the environment
// took the budget: enough for each to end with a finding ("timed out")
// rather than not at all; the run's deadline still holds.
const minCheckBudget = 10 * time.Millisecond

// Engine diagnoses one target at a time. The zero value with a Profile is a
// real run; tests set Env to point it at a lab.
type Engine struct {
	// Profile is the helpdesk profile: endpoints, contact, disabled fixes.
	// nil is the embedded default.
	Profile *profile.Profile
	// Env builds the environment of a run for a target; nil is SystemEnv
	// with Profile, except that the proxy settings are read beside the
	// checks (Env.ProxyReady) rather than before them.
	Env func(target *url.URL) (*checks.Env, error)
	// Budget bounds a run; 0 is checks.DefaultBudget.
	Budget time.Duration
	// Checks returns the checks of a run; nil is the registry (Checks).
	Checks func() []checks.Check
	// Browser is the browser that shows the problem (a checks.Browser*
	// ID); its own proxy is the path tested. "" is the system's.
	Browser string
}

// Diagnosis is one finished run. Verdict.Fixes and Report.Fixes are the
// same ordered list, already filtered by the profile.
type Diagnosis struct {
	Results checks.Results
	Verdict checks.Verdict
	Report  *checks.Report
}

func (e Engine) profile() *profile.Profile {
	if e.Profile != nil {
		return e.Profile
	}
	return profile.Default()
}

func (e Engine) checks() []checks.Check {
	if e.Checks != nil {
		return e.Checks()
	}
	return Checks()
}

// CheckIDs lists the IDs of the checks a run makes, in the order to show.
func (e Engine) CheckIDs() []string {
	cs := e.checks()
	ids := make([]string, len(cs))
	for i, c := range cs {
		ids[i] = c.ID()
	}
	return ids
}

// Run runs every check against target and diagnoses the results. onEvent,
// when set, receives the runner's progress events from other goroutines and
// must not block. An environment that cannot be built is returned as the
// error, and also as one errored "setup" check in a Diagnosis that is still
// whole, so the wizard ends in a verdict and a report either way.
func (e Engine) Run(ctx context.Context, target *url.URL, onEvent func(checks.Event)) (Diagnosis, error) {
	start := time.Now()
	p := e.profile()
	// One deadline for the whole run (issue 16): building the environment,
	// proxy detection included, spends the same budget as the checks.
	budget := e.Budget
	if budget <= 0 {
		budget = checks.DefaultBudget
	}
	ctx, cancel := context.WithTimeout(ctx, budget)
	defer cancel()
	envFor := e.Env
	if envFor == nil {
		envFor = func(u *url.URL) (*checks.Env, error) { return runEnv(ctx, p, u) }
	}
	var rs checks.Results
	var w *watcher
	env, err := envFor(target)
	if err != nil {
		rs = checks.Results{checks.Errored("setup", err)}
	} else {
		env.Target = target
		cs := e.checks()
		w = newWatcher(start, cs, p, onEvent)
		env.Settled = w.settled
		left := budget - time.Since(start)
		if left < minCheckBudget {
			left = minCheckBudget
		}
		e.useBrowser(env)
		r := checks.Runner{Checks: cs, Budget: left, OnEvent: w.onEvent}
		rs = r.Run(ctx, env)
	}
	v := diagnosis.Diagnose(rs)
	v.Fixes = offered(v.Fixes, p)
	t := ""
	if target != nil {
		t = target.String()
	}
	took := time.Since(start)
	first := took
	if w != nil {
		first = w.final(v, took)
	}
	rep := checks.NewReport(t, start, took, rs, v)
	rep.FirstVerdictMS = first.Milliseconds()
	if env != nil {
		e.browsersSection(env, rep)
		v.Evidence, v.EvidenceText = rep.Verdict.Evidence, rep.Verdict.EvidenceText
	}
	if h := p.Helpdesk; h != (profile.Helpdesk{}) {
		rep.Helpdesk = &checks.Contact{Name: h.Name, Email: h.Email, Phone: h.Phone, URL: h.URL}
	}
	return Diagnosis{Results: rs, Verdict: v, Report: rep}, err
}

// offered keeps the fixes the profile allows, in order.
func offered(ids []string, p *profile.Profile) []string {
	out := []string{}
	for _, id := range ids {
		if p.Offers(id) {
			out = append(out, id)
		}
	}
	return out
}
