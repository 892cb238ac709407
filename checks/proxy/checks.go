package proxy

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"gatewaydoctor/checks"
	"gatewaydoctor/checks/proxy/pac"
	"gatewaydoctor/checks/system"
)

// The IDs of the proxy checks.
const (
	ConfigID = "proxy.config"
	TestID   = "proxy.test"
)

// configCheckTimeout covers fetching the PAC file (pacFetchTimeout) and one
// evaluation (pac.EvalTimeout), with a little to spare.
const configCheckTimeout = pacFetchTimeout + pac.EvalTimeout + 500*time.Millisecond

// ConfigCheck reports the detected proxy configuration ("proxy.config").
// Both proxy checks read env.ProxySettings (set with Wire) and env.Target;
// proxy.test also works from env.Proxy alone.
func ConfigCheck() checks.Check {
	return checks.Func{Name: ConfigID, Limit: configCheckTimeout, Fn: runConfig}
}

// TestCheck tries the configured proxy itself ("proxy.test").
func TestCheck() checks.Check {
	return checks.Func{Name: TestID, Limit: probeCheckTimeout, Fn: runTest}
}

// settingsOf is the *Settings carried by env, if any.
func settingsOf(env *checks.Env) *Settings {
	s, _ := env.ProxySettings.(*Settings)
	return s
}

// runConfig reports what is configured and where from, whether the PAC
// file can be fetched and run, what it decides for the target, and whether
// Firefox has settings of its own.
func runConfig(ctx context.Context, env *checks.Env) checks.Result {
	if !env.AwaitProxy(ctx) {
		return checks.SkippedSay(ConfigID, checks.Say("summary.proxy.config.late", "the proxy settings were not read in time", nil))
	}
	s := settingsOf(env)
	if s == nil {
		return checks.SkippedSay(ConfigID, checks.Say("summary.proxy.config.not_run", "proxy detection did not run", nil))
	}
	r := checks.Result{ID: ConfigID, Status: checks.StatusOK, Details: map[string]any{}}
	// The settings as read are data, in the words of their source.
	r.Saw(checks.Say("evidence.proxy.settings", "{{.Settings}}", checks.Args{"Settings": s.String()}))
	r.Details["source"] = s.From
	r.Details["mode"] = string(s.mode())
	for _, n := range s.Notes {
		r.Saw(checks.Say("evidence.proxy.note", "note: {{.Note}}", checks.Args{"Note": n}))
	}
	if s.WinHTTP != nil {
		r.Saw(checks.Say("evidence.proxy.winhttp", "WinHTTP (Windows services, not the browser): {{.Settings}}", checks.Args{"Settings": s.WinHTTP.String()}))
	}
	summary := checks.Say("summary.proxy.config.none", "no proxy is configured", nil)
	switch s.mode() {
	case ModeManual, ModeEnv:
		summary = checks.Say("summary.proxy.config.manual", "a proxy is configured ({{.Source}})", checks.Args{"Source": s.from()})
	case ModePAC, ModeAuto:
		summary = checks.Say("summary.proxy.config.pac", "a proxy auto-config file is configured ({{.Source}})", checks.Args{"Source": s.from()})
		if s.mode() == ModeAuto {
			r.Saw(checks.Say("evidence.proxy.wpad", "auto-detect candidates: {{.Candidates}}", checks.Args{"Candidates": fmt.Sprintf("%v", s.WPAD)}))
		}
		url, err := s.PACContext(ctx)
		if url != "" {
			r.Details["pac_url"] = url
			r.Saw(checks.Say("evidence.proxy.pac_file", "PAC file: {{.URL}}", checks.Args{"URL": url}))
		}
		if err != nil {
			pacFailure(&r, s, err)
			addFirefox(&r, s)
			return r
		}
	}
	if env.Target != nil {
		p, err := s.ProxyFor(ctx, env.Target)
		switch {
		case err != nil:
			pacFailure(&r, s, err)
			addFirefox(&r, s)
			return r
		case p != nil:
			r.Codes = append(r.Codes, checks.CodeProxyConfigured)
			r.Details["proxy"] = p.Redacted()
			summary = checks.Say("summary.proxy.config.uses", "{{.Site}} uses the proxy {{.Proxy}} ({{.Source}})", checks.Args{"Site": env.Target.Host, "Proxy": p.Host, "Source": s.from()})
			if s.mode() == ModePAC || s.mode() == ModeAuto {
				if entries, err := s.Answer(ctx, env.Target); err == nil {
					r.Saw(checks.Say("evidence.proxy.pac_answer", "PAC answer for {{.Site}}: {{.Answer}}", checks.Args{"Site": env.Target.Host, "Answer": fmt.Sprintf("%v", entries)}))
				}
			}
		default:
			if s.mode() != ModeDirect {
				summary = checks.Say("summary.proxy.config.direct", "{{.Site}} goes direct, not through the configured proxy", checks.Args{"Site": env.Target.Host})
			}
		}
	}
	r.Say(summary)
	addFirefox(&r, s)
	return r
}

// pacFailure records why the PAC file cannot be followed. An auto-detect
// that finds no PAC file is normal (browsers then go direct), so only an
// explicit PAC URL that cannot be fetched is "unreachable".
func pacFailure(r *checks.Result, s *Settings, err error) {
	var fe *FetchError
	var pe *pac.Error
	switch {
	case errors.As(err, &pe):
		r.Status = checks.StatusProblem
		r.Codes = append(r.Codes, checks.CodePACError)
		r.Details["pac_error"] = string(pe.Kind)
		r.Say(checks.Say("summary.proxy.pac_error", "the proxy auto-config file does not work: {{.Why}}", checks.Args{"Why": pacKindText(pe.Kind)}))
		r.Saw(checks.Say("evidence.proxy.error", "{{.Error}}", checks.Args{"Error": pe.Error()}))
	case errors.As(err, &fe) && s.mode() == ModeAuto:
		r.Say(checks.Say("summary.proxy.no_pac", "auto-detect is on but no proxy auto-config file was found; the browser goes direct", nil))
		r.Saw(checks.Say("evidence.proxy.error", "{{.Error}}", checks.Args{"Error": fe.Error()}))
	case errors.As(err, &fe):
		r.Status = checks.StatusProblem
		r.Codes = append(r.Codes, checks.CodePACUnreachable)
		r.Say(checks.Say("summary.proxy.pac_unreachable", "the proxy auto-config file cannot be fetched", nil))
		r.Saw(checks.Say("evidence.proxy.error", "{{.Error}}", checks.Args{"Error": fe.Error()}))
	default:
		r.Status = checks.StatusProblem
		r.Codes = append(r.Codes, checks.CodePACError)
		r.Say(checks.Say("summary.proxy.pac_broken", "the proxy auto-config file does not work", nil))
		r.Saw(checks.Say("evidence.proxy.error", "{{.Error}}", checks.Args{"Error": err.Error()}))
	}
}

// pacKindText says what a PAC failure means, for people.
func pacKindText(k pac.Kind) checks.Text {
	switch k {
	case pac.KindTooBig:
		return checks.Say("summary.proxy.pac.too_big", "it is too large", nil)
	case pac.KindSyntax:
		return checks.Say("summary.proxy.pac.syntax", "it is not valid JavaScript", nil)
	case pac.KindNoFunction:
		return checks.Say("summary.proxy.pac.no_function", "it does not define FindProxyForURL", nil)
	case pac.KindThrow:
		return checks.Say("summary.proxy.pac.throw", "it fails with an error", nil)
	case pac.KindTimeout:
		return checks.Say("summary.proxy.pac.timeout", "it never finishes (an endless loop)", nil)
	case pac.KindMemory:
		return checks.Say("summary.proxy.pac.memory", "it uses far too much memory", nil)
	case pac.KindRecursion:
		return checks.Say("summary.proxy.pac.recursion", "it recurses without end", nil)
	case pac.KindBadResult:
		return checks.Say("summary.proxy.pac.bad_result", "its answer is not a valid proxy list", nil)
	}
	return checks.Say("summary.proxy.pac.other", "{{.Kind}}", checks.Args{"Kind": string(k)})
}

func addFirefox(r *checks.Result, s *Settings) {
	addBrowsers(r, s)
	if s.Firefox == nil {
		return
	}
	r.Codes = append(r.Codes, checks.CodeFirefoxOwnProxy)
	r.Details["firefox"] = s.Firefox.String()
	r.Saw(checks.Say("evidence.proxy.firefox", "Firefox has its own proxy settings, different from the system's: {{.Settings}}", checks.Args{"Settings": s.Firefox.String()}))
}

// addBrowsers names the other browsers' own settings, and every browser's
// own DNS over HTTPS, for the expert view (the report's browsers section
// has them as data).
func addBrowsers(r *checks.Result, s *Settings) {
	var lines []string
	var texts []checks.Text
	for _, b := range s.Browsers {
		var parts []string
		if b.Proxy != nil && b.Browser != system.BrowserFirefox {
			parts = append(parts, "proxy "+b.Proxy.String())
		}
		if b.DoH != nil {
			parts = append(parts, "DNS over HTTPS "+string(b.DoH.Mode))
		}
		for _, n := range b.Notes {
			parts = append(parts, "could not read: "+n)
		}
		if len(parts) > 0 {
			// The settings themselves are data, in the words of their source.
			t := checks.Say("evidence.proxy.browser_own", "{{.Browser}} has its own settings ({{.Source}}): {{.Settings}}",
				checks.Args{"Browser": b.Browser, "Source": b.Source, "Settings": strings.Join(parts, "; ")})
			lines = append(lines, t.English)
			texts = append(texts, t)
		}
	}
	if len(lines) > 0 {
		r.Details["browsers"] = lines
		for _, t := range texts {
			r.Saw(t)
		}
	}
}
