package proxy

import (
	"bufio"
	"context"
	"crypto/tls"
	"errors"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"strings"
	"syscall"
	"time"

	"gatewaydoctor/checks"
	"gatewaydoctor/checks/web"
)

// proxyProbeTimeout bounds the probe of the proxy: connect, CONNECT and
// the answer's head. A proxy on the LAN or at a security vendor's nearest
// point of presence answers in well under a second; three seconds is half
// the run's budget (checks.DefaultBudget), so a dead proxy is reported in
// time.
const proxyProbeTimeout = 3 * time.Second

// probeCheckTimeout is proxy.test's own deadline: the probe plus time to
// read an error page.
const probeCheckTimeout = proxyProbeTimeout + 500*time.Millisecond

// maxErrorPage is how much of a proxy's error page is read for the
// classifier, which reads at most 64 KiB (web.Classify).
const maxErrorPage = 64 << 10

// probeUserAgent identifies the probe in the proxy's logs.
const probeUserAgent = "gateway-doctor (proxy test)"

// runTest probes the proxy the browser would use for env.Target.
func runTest(ctx context.Context, env *checks.Env) checks.Result {
	if env.Target == nil {
		return checks.SkippedSay(TestID, checks.Say("summary.proxy.test.no_site", "no website to test", nil))
	}
	if !env.AwaitProxy(ctx) {
		return checks.SkippedSay(TestID, checks.Say("summary.proxy.test.late", "the proxy settings were not read in time", nil))
	}
	if env.Proxy == nil {
		return checks.SkippedSay(TestID, checks.Say("summary.proxy.test.none", "no proxy is configured", nil))
	}
	p, err := env.Proxy(env.Target)
	if err != nil {
		return checks.SkippedSay(TestID, checks.Say("summary.proxy.test.unknown", "the proxy for this site is unknown: {{.Error}}", checks.Args{"Error": err.Error()}))
	}
	if p == nil {
		return checks.SkippedSay(TestID, checks.Say("summary.proxy.test.direct", "{{.Site}} does not go through a proxy", checks.Args{"Site": env.Target.Host}))
	}
	ctx, cancel := context.WithTimeout(ctx, proxyProbeTimeout)
	defer cancel()
	return Probe(ctx, env, p, env.Target)
}

// Probe tests the proxy p for target: a TCP connection (TLS for an https://
// proxy), then CONNECT host:port for an https target, or a GET in absolute
// form for an http target. Codes:
//   - CodeProxyUnreachable: the connection is refused, times out or fails;
//   - CodeProxyAuth: 407, with the Proxy-Authenticate schemes in evidence;
//   - CodeProxyMadeError: the proxy's own error page: any 5xx answer to
//     CONNECT (no website has been reached yet), or any error the
//     classifier attributes to a user-side producer (Squid's own page, a
//     security product's block page), with Details["producer"];
//   - CodeProxyConnectFail: CONNECT refused otherwise (a 403 of unknown
//     origin, …), or the proxy hung up without an answer.
//
// A SOCKS proxy is tested by its TCP connection only.
func Probe(ctx context.Context, env *checks.Env, p, target *url.URL) checks.Result {
	r := checks.Result{ID: TestID, Status: checks.StatusOK, Details: map[string]any{"proxy": p.Redacted()}}
	if env.Dialer == nil {
		env.Normalize()
	}
	start := time.Now()
	conn, err := env.Dialer.DialContext(ctx, "tcp", p.Host)
	if err != nil {
		r.Status = checks.StatusProblem
		r.Codes = []checks.Code{checks.CodeProxyUnreachable}
		r.Say(checks.Say("summary.proxy.unreachable", "the proxy {{.Proxy}} cannot be reached ({{.Why}})", checks.Args{"Proxy": p.Host, "Why": dialFailure(err)}))
		r.Saw(checks.Say("evidence.proxy.connect_failed", "connect {{.Proxy}}: {{.Error}}", checks.Args{"Proxy": p.Host, "Error": err.Error()}))
		return r
	}
	defer conn.Close()
	if dl, ok := ctx.Deadline(); ok {
		_ = conn.SetDeadline(dl)
	}
	r.Saw(checks.Say("evidence.proxy.connected", "TCP connection to the proxy {{.Proxy}} in {{.Took}}", checks.Args{"Proxy": p.Host, "Took": time.Since(start).Round(time.Millisecond).String()}))
	if strings.HasPrefix(p.Scheme, "socks") {
		r.Say(checks.Say("summary.proxy.socks", "the SOCKS proxy {{.Proxy}} accepts connections (the SOCKS handshake is not tested)", checks.Args{"Proxy": p.Host}))
		return r
	}
	if p.Scheme == "https" {
		tc := tls.Client(conn, &tls.Config{ServerName: p.Hostname(), RootCAs: env.RootCAs})
		if err := tc.HandshakeContext(ctx); err != nil {
			r.Status = checks.StatusProblem
			r.Codes = []checks.Code{checks.CodeProxyUnreachable}
			r.Say(checks.Say("summary.proxy.no_tls", "the proxy {{.Proxy}} does not complete TLS", checks.Args{"Proxy": p.Host}))
			r.Saw(checks.Say("evidence.proxy.tls_failed", "TLS to the proxy: {{.Error}}", checks.Args{"Error": err.Error()}))
			return r
		}
		conn = tc
	}

	req, connect := proxyRequest(target)
	req.Header.Set("User-Agent", probeUserAgent)
	if p.User != nil {
		// Credentials in the proxy URL (env vars allow them) are the user's
		// own and are sent as the browser would.
		pw, _ := p.User.Password()
		r2 := &http.Request{Header: http.Header{}}
		r2.SetBasicAuth(p.User.Username(), pw)
		req.Header.Set("Proxy-Authorization", r2.Header.Get("Authorization"))
	}
	write := req.Write
	if !connect {
		write = req.WriteProxy // absolute form: GET http://host/path
	}
	if err := write(conn); err != nil {
		return noAnswer(r, p, err)
	}
	br := bufio.NewReader(conn)
	resp, err := http.ReadResponse(br, req)
	if err != nil {
		return noAnswer(r, p, err)
	}
	// The body is not closed: Close drains it, and after a CONNECT the
	// "body" is the tunnel. Closing conn (deferred) releases everything.
	what := "GET " + target.Redacted()
	if connect {
		what = "CONNECT " + req.Host
	}
	r.Details["status"] = resp.StatusCode
	r.Saw(checks.Say("evidence.proxy.answered", "{{.Request}} through the proxy: {{.Status}}", checks.Args{"Request": what, "Status": resp.Status}))
	for _, h := range []string{"Server", "Via", "X-Squid-Error"} {
		if v := resp.Header.Get(h); v != "" {
			// A header line is data: the same in every language.
			r.Saw(checks.Say("evidence.web.header", "{{.Line}}", checks.Args{"Line": h + ": " + v}))
		}
	}
	switch {
	case resp.StatusCode == http.StatusProxyAuthRequired:
		schemes := authSchemes(resp.Header.Values("Proxy-Authenticate"))
		r.Status = checks.StatusProblem
		r.Codes = []checks.Code{checks.CodeProxyAuth}
		r.Details["auth_schemes"] = schemes
		r.Say(checks.Say("summary.proxy.auth", "the proxy {{.Proxy}} asks for a user name and password (407)", checks.Args{"Proxy": p.Host}))
		for _, v := range resp.Header.Values("Proxy-Authenticate") {
			r.Saw(checks.Say("evidence.web.header", "{{.Line}}", checks.Args{"Line": "Proxy-Authenticate: " + authHeaderEvidence(v)}))
		}
		return r
	case connect && resp.StatusCode >= 200 && resp.StatusCode < 300:
		r.Say(checks.Say("summary.proxy.tunnel", "the proxy {{.Proxy}} opens a tunnel to {{.Site}}", checks.Args{"Proxy": p.Host, "Site": req.Host}))
		return r
	case !connect && resp.StatusCode < 400:
		r.Say(checks.Say("summary.proxy.forwards", "the proxy {{.Proxy}} forwards requests", checks.Args{"Proxy": p.Host}))
		return r
	}
	body, _ := io.ReadAll(io.LimitReader(resp.Body, maxErrorPage))
	prod := web.Classify(resp.StatusCode, resp.Header, body)
	r.Details["producer"] = prod
	if prod.Name != "" {
		r.Saw(checks.Say("evidence.proxy.made_by", "the page was made by {{.Producer}}", checks.Args{"Producer": prod.Title}))
	}
	r.Status = checks.StatusProblem
	switch {
	case prod.Role == checks.RoleUserProxy, connect && resp.StatusCode >= 500:
		// An answer to CONNECT comes from the proxy itself: no website has
		// been reached yet. A relayed answer counts only when the
		// classifier names a user-side producer (Squid's own page, a
		// security product's block page).
		r.Codes = []checks.Code{checks.CodeProxyMadeError}
		r.Say(checks.Say("summary.proxy.own_error", "the proxy {{.Proxy}} made its own error {{.Status}} for {{.Site}}", checks.Args{"Proxy": p.Host, "Status": resp.StatusCode, "Site": target.Hostname()}))
	case connect:
		r.Codes = []checks.Code{checks.CodeProxyConnectFail}
		r.Say(checks.Say("summary.proxy.refuses", "the proxy {{.Proxy}} refuses to open {{.Site}} ({{.Status}})", checks.Args{"Proxy": p.Host, "Site": req.Host, "Status": resp.Status}))
	default:
		// The proxy relayed the website's own error: that is the target
		// check's finding, not the proxy's.
		r.Status = checks.StatusOK
		r.Say(checks.Say("summary.proxy.relays", "the proxy {{.Proxy}} relays the website's answer {{.Status}}", checks.Args{"Proxy": p.Host, "Status": resp.StatusCode}))
	}
	return r
}

// proxyRequest is the request the probe sends: CONNECT host:port for
// https and wss targets, else a GET of the target in absolute form.
func proxyRequest(target *url.URL) (*http.Request, bool) {
	port := target.Port()
	switch strings.ToLower(target.Scheme) {
	case "https", "wss":
		if port == "" {
			port = "443"
		}
		hp := net.JoinHostPort(target.Hostname(), port)
		return &http.Request{Method: http.MethodConnect, URL: &url.URL{Opaque: hp}, Host: hp, Header: http.Header{}}, true
	}
	u := *target
	u.User = nil
	u.Fragment = ""
	return &http.Request{Method: http.MethodGet, URL: &u, Host: u.Host, Header: http.Header{"Connection": {"close"}}, Close: true}, false
}

// noAnswer is a proxy that accepted the connection and then hung up or
// stayed silent.
func noAnswer(r checks.Result, p *url.URL, err error) checks.Result {
	r.Status = checks.StatusProblem
	if errors.Is(err, os.ErrDeadlineExceeded) || errors.Is(err, context.DeadlineExceeded) {
		r.Codes = []checks.Code{checks.CodeProxyUnreachable}
		r.Say(checks.Say("summary.proxy.silent", "the proxy {{.Proxy}} accepts connections but does not answer", checks.Args{"Proxy": p.Host}))
	} else {
		r.Codes = []checks.Code{checks.CodeProxyConnectFail}
		r.Say(checks.Say("summary.proxy.hung_up", "the proxy {{.Proxy}} hung up without an answer", checks.Args{"Proxy": p.Host}))
	}
	r.Saw(checks.Say("evidence.proxy.read_failed", "reading the proxy's answer: {{.Error}}", checks.Args{"Error": err.Error()}))
	return r
}

// dialFailure says how a connection failed, for people.
func dialFailure(err error) checks.Text {
	var ne net.Error
	switch {
	case errors.Is(err, syscall.ECONNREFUSED):
		return checks.Say("summary.proxy.why.refused", "connection refused", nil)
	case errors.Is(err, context.DeadlineExceeded), errors.As(err, &ne) && ne.Timeout():
		return checks.Say("summary.proxy.why.timeout", "no answer in time", nil)
	case errors.Is(err, syscall.EHOSTUNREACH), errors.Is(err, syscall.ENETUNREACH):
		return checks.Say("summary.proxy.why.no_route", "no route to it", nil)
	}
	var dnsErr *net.DNSError
	if errors.As(err, &dnsErr) {
		return checks.Say("summary.proxy.why.name", "its name does not resolve", nil)
	}
	return checks.Say("summary.proxy.why.failed", "connection failed", nil)
}

// authSchemes are the schemes offered by Proxy-Authenticate headers
// ("Basic", "NTLM", "Negotiate"), in order.
func authSchemes(values []string) []string {
	var out []string
	for _, v := range values {
		// A header may carry several challenges separated by commas; a
		// scheme is a token followed by a space or the end, not by "=".
		for _, part := range strings.Split(v, ",") {
			f := strings.Fields(part)
			if len(f) == 0 || strings.Contains(f[0], "=") {
				continue
			}
			out = append(out, f[0])
		}
	}
	return out
}

// authHeaderEvidence keeps a Proxy-Authenticate header readable: the NTLM
// and Negotiate challenges can carry long opaque tokens.
func authHeaderEvidence(v string) string {
	if len(v) > 120 {
		return v[:120] + "…"
	}
	return v
}
