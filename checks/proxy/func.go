package proxy

import (
	"context"
	"net/netip"
	"net/url"
	"strings"

	"gatewaydoctor/checks"
	"gatewaydoctor/checks/proxy/pac"
)

// maxMemo bounds the memoised PAC answers; a run asks about a handful of
// URLs, so this only guards against a caller that asks about many.
const maxMemo = 256

// Func returns the proxy decision as Env.Proxy carries it. nil means
// direct. For a PAC configuration the file is fetched and compiled on the
// first call (once, with pacFetchTimeout) and answers are memoised; the
// first entry of the PAC answer is used: PROXY and HTTP map to http://,
// HTTPS to https://, SOCKS and SOCKS5 to socks5://, SOCKS4 to socks4://.
// When the PAC file cannot be fetched or run, the error is a *FetchError or
// a *pac.Error; browsers then go direct, and callers may too.
func (s *Settings) Func() checks.ProxyFunc {
	var envFunc func(*url.URL) (*url.URL, error)
	if s.mode() == ModeEnv && s.Env != nil {
		envFunc = s.Env.ProxyFunc()
	}
	return func(u *url.URL) (*url.URL, error) {
		if envFunc != nil {
			return envFunc(u)
		}
		return s.ProxyFor(context.Background(), u)
	}
}

// ProxyFor is Func's decision for u, under ctx.
func (s *Settings) ProxyFor(ctx context.Context, u *url.URL) (*url.URL, error) {
	if s == nil || u == nil {
		return nil, nil
	}
	switch s.mode() {
	case ModeEnv:
		if s.Env == nil {
			return nil, nil
		}
		return s.Env.ProxyFunc()(u)
	case ModeManual:
		return s.manualFor(u), nil
	case ModePAC, ModeAuto:
		entries, err := s.Answer(ctx, u)
		if err != nil || len(entries) == 0 {
			return nil, err
		}
		return entries[0].URL(), nil
	}
	return nil, nil
}

// manualFor picks the manual proxy for u's scheme, with the SOCKS proxy as
// the fallback, unless the host is bypassed. Loopback never goes through a
// proxy in any browser.
func (s *Settings) manualFor(u *url.URL) *url.URL {
	host := u.Hostname()
	if isLoopback(host) || bypassed(host, s.Bypass) {
		return nil
	}
	var p *url.URL
	switch strings.ToLower(u.Scheme) {
	case "https", "wss":
		p = s.HTTPS
	case "http", "ws":
		p = s.HTTP
	}
	if p == nil {
		p = s.SOCKS
	}
	return p
}

func isLoopback(host string) bool {
	host = strings.ToLower(strings.TrimSuffix(host, "."))
	if host == "localhost" || strings.HasSuffix(host, ".localhost") {
		return true
	}
	a, err := netip.ParseAddr(strings.Trim(host, "[]"))
	return err == nil && a.Unmap().IsLoopback()
}

// Answer is the PAC file's full answer for u (every entry, in the order a
// browser tries them). As browsers do since 2016 (Chrome 52, Firefox), an
// https URL is given to the script without its path and query.
func (s *Settings) Answer(ctx context.Context, u *url.URL) ([]pac.Entry, error) {
	raw, err := s.rawAnswer(ctx, u)
	if err != nil {
		return nil, err
	}
	entries, err := pac.Parse(raw)
	if err != nil {
		return nil, &pac.Error{Kind: pac.KindBadResult, Msg: err.Error()}
	}
	return entries, nil
}

func (s *Settings) rawAnswer(ctx context.Context, u *url.URL) (string, error) {
	st := s.loadPAC(ctx)
	if st.err != nil {
		return "", st.err
	}
	q := *u
	q.User = nil
	q.Fragment = ""
	if strings.EqualFold(q.Scheme, "https") || strings.EqualFold(q.Scheme, "wss") {
		q.Path, q.RawPath, q.RawQuery = "/", "", ""
	}
	key := q.String()
	st.mu.Lock()
	if p, ok := st.memo[key]; ok {
		st.mu.Unlock()
		return p, nil
	}
	st.mu.Unlock()
	out, err := st.script.FindProxyForURL(ctx, key, u.Hostname())
	if err != nil {
		return "", err
	}
	st.mu.Lock()
	if len(st.memo) < maxMemo {
		st.memo[key] = out
	}
	st.mu.Unlock()
	return out, nil
}

// Wire makes s the proxy of env: Proxy, ProxySource and ProxySettings.
func Wire(env *checks.Env, s *Settings) {
	env.Proxy = s.Func()
	env.ProxySource = s.Source()
	env.ProxySettings = s
}

// Settings is the configuration Env carries.
var _ checks.ProxyConfig = (*Settings)(nil)
