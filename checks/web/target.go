package web

import (
	"context"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptrace"
	"net/netip"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"gatewaydoctor/checks"
	"gatewaydoctor/checks/dns"
)

// TargetID is the ID of the target check.
const TargetID = "target"

const (
	// maxTargetBody caps how much of the site's answer is read. Error pages
	// are a few KiB; 256 KiB is plenty for the classifier and bounds memory
	// against an endless body.
	maxTargetBody = 256 << 10
	// maxTargetHeaders caps the answer's headers. Real sites send a few KiB
	// and Chrome gives up past 256 KiB, but a bloated error page still says
	// who made it, so read up to 2 MiB rather than Go's default of 10 MiB.
	maxTargetHeaders = 2 << 20
	// maxRedirects matches what browsers tolerate before "too many
	// redirects" (Chrome and Firefox stop at 20; 10 is Go's default and
	// enough for any working site).
	maxRedirects = 10
	// maxRetests bounds the cache-busting retests after a failure: enough to
	// see a recovery, few enough to stay well inside the budget.
	maxRetests = 3
	// minRetestWindow is the least time a retest needs to be worth starting:
	// a retest that would be cut short proves nothing.
	minRetestWindow = 800 * time.Millisecond
	// targetReserve is kept back from the check's deadline so that the check
	// can assemble its result before the runner gives up on it.
	targetReserve = 150 * time.Millisecond
	// cacheBustParam is the query parameter that makes each retest unique, so
	// that a CDN's cached error is not what comes back.
	cacheBustParam = "gateway_doctor_retest"
)

// producerHeaders are the response headers worth keeping as evidence: they
// name who made an answer.
var producerHeaders = []string{
	"Server", "Via", "Cf-Ray", "X-Cache", "X-Amz-Cf-Id", "X-Served-By", "X-Fastly-Request-Id",
	"X-Azure-Ref", "X-Vercel-Id", "X-Vercel-Error", "X-Nf-Request-Id", "X-Squid-Error", "Proxy-Authenticate",
}

// TargetCheck fetches the target the way the browser would (through the
// proxy when one applies), and also directly, and pinned to a reference
// resolver's answer when the system resolver disagrees. A failure is retested
// with cache busting, spread across the budget. The differences between the
// paths are the evidence.
func TargetCheck() checks.Check {
	return checks.Func{Name: TargetID, Fn: runTarget}
}

func runTarget(ctx context.Context, env *checks.Env) checks.Result {
	if env.Target == nil {
		return checks.SkippedSay(TargetID, checks.Say("summary.web.no_site", "no website to check", nil))
	}
	if dl, ok := ctx.Deadline(); ok {
		var cancel context.CancelFunc
		ctx, cancel = context.WithDeadline(ctx, dl.Add(-targetReserve))
		defer cancel()
	}
	t := &targetRun{env: env, host: env.Target.Hostname()}

	// The direct fetch needs no proxy decision, so it starts at once: it is
	// the browser's own fetch when no proxy applies, and the comparison
	// without the proxy when one does (issue 17). The decision (the
	// settings read beside the checks, a PAC file) is made meanwhile.
	start := time.Now()
	t.decided = make(chan struct{})
	directc := make(chan checks.Attempt, 1)
	go func() { directc <- t.fetch(ctx, checks.PathDirect, nil, netip.Addr{}, env.Target, 0) }()
	var proxyURL *url.URL
	var proxyErr error
	if !env.AwaitProxy(ctx) {
		proxyErr = errors.New("the proxy settings were not read in time")
	} else if env.Proxy != nil {
		proxyURL, proxyErr = env.Proxy(env.Target)
	}
	primaryPath := checks.PathDirect
	if proxyURL != nil {
		primaryPath = checks.PathProxy
	}
	t.browserPath = primaryPath
	close(t.decided)

	var wg sync.WaitGroup
	var primary, direct, pinned *checks.Attempt
	wg.Add(1)
	go func() {
		defer wg.Done()
		var a checks.Attempt
		if proxyURL != nil {
			start = time.Now()
			a = t.fetch(ctx, primaryPath, proxyURL, netip.Addr{}, env.Target, 0)
		} else {
			a = <-directc
		}
		primary = &a
		took := time.Since(start)
		var plan retestPlan
		if a.Failed() {
			plan = planRetests(ctx)
		}
		// The first fetch, classified: the engine's provisional verdict,
		// which the retests then confirm or change; each retest that ends
		// says so again, counted, so the face can show "2 of 3".
		provisional := func(done int) {
			if env.Provisional != nil {
				env.Provisional(t.result(a, nil, nil, proxyURL, proxyErr), checks.RetestCount{Done: done, Planned: plan.n})
			}
		}
		provisional(0)
		t.retest(ctx, plan, primaryPath, proxyURL, took, provisional)
	}()
	if proxyURL != nil {
		wg.Add(1)
		go func() {
			defer wg.Done()
			a := <-directc
			direct = &a
		}()
	}
	wg.Add(1)
	go func() {
		defer wg.Done()
		pin, why := t.pinAddr(ctx)
		if !pin.IsValid() {
			return
		}
		t.note(checks.Say("evidence.web.pinned_why", "pinned fetch at {{.Addr}}: {{.Why}}", checks.Args{"Addr": pin.String(), "Why": why}))
		a := t.fetch(ctx, checks.PathPinned, nil, pin, env.Target, 0)
		pinned = &a
	}()
	wg.Wait()

	return t.result(*primary, direct, pinned, proxyURL, proxyErr)
}

// targetRun holds the state of one target check.
type targetRun struct {
	env  *checks.Env
	host string
	// browserPath is the path the browser takes to the first URL: its
	// fetches ask the proxy settings again at every hop, as the browser
	// does; the comparison fetches (without the proxy, pinned) do not.
	browserPath checks.Path
	// decided, when set, is closed once browserPath is known: the first
	// direct fetch starts before the proxy decision (see onBrowserPath).
	decided chan struct{}

	mu       sync.Mutex
	attempts []checks.Attempt
	notes    []checks.Text

	sysOnce  sync.Once
	sysAddrs []netip.Addr
	sysErr   error

	// refNX: a reference resolver replied that the name does not exist;
	// parent is the name's parent domain and parentExists whether a
	// reference resolver knows it (set only when refNX).
	refNX        bool
	parent       string
	parentExists bool
}

// systemLookup resolves the target's name on the system path once per run:
// the first fetches and the comparison with the reference resolvers share
// it, so the resolver is asked once, not once for each of them. Retests
// resolve afresh.
func (t *targetRun) systemLookup(ctx context.Context) ([]netip.Addr, error) {
	t.sysOnce.Do(func() { t.sysAddrs, t.sysErr = t.env.Resolver.LookupNetIP(ctx, "ip", t.host) })
	return t.sysAddrs, t.sysErr
}

// onBrowserPath reports whether a fetch on path is the browser's, whose
// hops ask the proxy settings again. The first direct fetch starts before
// the proxy decision, so its redirect hops wait for it (made by then, but
// for a PAC file slower than the site's first answer).
func (t *targetRun) onBrowserPath(ctx context.Context, path checks.Path) bool {
	if t.decided != nil {
		select {
		case <-t.decided:
		case <-ctx.Done():
			return false
		}
	}
	return path == t.browserPath
}

func (t *targetRun) note(n checks.Text) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.notes = append(t.notes, n)
}

func (t *targetRun) record(a checks.Attempt) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.attempts = append(t.attempts, a)
}

// pinAddr looks the target's name up on the system path and at the
// reference resolvers, and returns a reference address to fetch from when
// they disagree (or the system path fails where a reference answers).
func (t *targetRun) pinAddr(ctx context.Context) (netip.Addr, checks.Text) {
	if _, err := netip.ParseAddr(t.host); err == nil || len(t.env.ReferenceResolvers) == 0 {
		return netip.Addr{}, checks.Text{}
	}
	var sys []netip.Addr
	var sysErr error
	var ref []netip.Addr
	var wg sync.WaitGroup
	wg.Add(2)
	go func() {
		defer wg.Done()
		sys, sysErr = t.systemLookup(ctx)
	}()
	go func() {
		defer wg.Done()
		ref = t.referenceLookup(ctx)
	}()
	wg.Wait()
	if len(ref) == 0 {
		return netip.Addr{}, checks.Text{}
	}
	if sysErr != nil {
		return ref[0], checks.Say("evidence.web.pin.system_failed", "the system resolver failed ({{.Error}})", checks.Args{"Error": shortErr(sysErr)})
	}
	for _, a := range sys {
		for _, b := range ref {
			if a.Unmap() == b.Unmap() {
				return netip.Addr{}, checks.Text{}
			}
		}
	}
	return ref[0], checks.Say("evidence.web.pin.disagree", "the system resolver says {{.System}}, a reference resolver says {{.Reference}}",
		checks.Args{"System": joinAddrs(sys), "Reference": joinAddrs(ref)})
}

// fetch makes one request on one path, following redirects the way a
// browser does, and describes what came back. Each hop of a redirect chain
// is a new request: its own name lookup, proxy decision (a PAC file is
// asked for every URL), TLS server name and certificate check. A fresh
// cookie jar per fetch plays a first visit: a site that sets a cookie and
// redirects to check it is not a loop, one that sends the same request
// around again is.
func (t *targetRun) fetch(ctx context.Context, path checks.Path, proxyURL *url.URL, pin netip.Addr, target *url.URL, try int) checks.Attempt {
	a := checks.Attempt{Path: path, Try: try}
	if proxyURL != nil {
		a.Via = redactURL(proxyURL)
	}
	if pin.IsValid() {
		a.Via = pin.String()
	}
	start := time.Now()
	jar, _ := cookiejar.New(nil)
	seen := map[string]bool{}
	u, hopProxy := target, proxyURL
	var last hopOutcome
	for n := 0; ; n++ {
		hopPin := netip.Addr{}
		if pin.IsValid() && strings.EqualFold(u.Hostname(), t.host) {
			hopPin = pin
		}
		seen[requestKey(u, jar)] = true
		last = t.hop(ctx, path, hopProxy, hopPin, u, try, jar)
		a.Hops = append(a.Hops, last.Hop)
		next := last.location
		if next == nil {
			break
		}
		if seen[requestKey(next, jar)] || n+1 >= maxRedirects {
			last.Hop.Status, last.Failure = 0, checks.CodeRedirectLoop
			last.Err = fmt.Sprintf("%s redirects back to %s", hostOf(u.String()), next.Redacted())
			if n+1 >= maxRedirects {
				last.Err = fmt.Sprintf("more than %d redirects", maxRedirects)
			}
			last.producer, last.headers = checks.Producer{}, nil
			break
		}
		if t.onBrowserPath(ctx, path) && t.env.Proxy != nil {
			// The browser asks its proxy settings again for every URL (a
			// PAC file may send the next host another way); a setting that
			// cannot be evaluated falls back to direct, as browsers do.
			hopProxy, _ = t.env.Proxy(next)
		}
		u = next
	}
	a.Status, a.Failure, a.Err, a.Timings = last.Status, last.Failure, last.Err, last.Timings
	a.Producer, a.Headers, a.Issuer = last.producer, last.headers, last.issuer
	a.Block, a.RetryAfter, a.ProxyError = last.block, last.retryAfter, last.proxyError
	if a.Block != "" {
		a.Producer.Evidence = append(a.Producer.Evidence, a.Block)
	}
	a.Took = time.Since(start)
	// A retest that our own deadline cut short says nothing about the
	// site; the first fetch of each path is always kept.
	if try == 0 || ctx.Err() == nil {
		t.record(a)
	}
	return a
}

// requestKey is a request as the site sees it: its URL and the cookies
// sent with it. The same key twice in one chain is a loop.
func requestKey(u *url.URL, jar http.CookieJar) string {
	var b strings.Builder
	b.WriteString(u.String())
	for _, c := range jar.Cookies(u) {
		b.WriteString("\x00" + c.Name + "=" + c.Value)
	}
	return b.String()
}

// hopOutcome is one request of a fetch: the hop for the report, and what
// the classifier and the redirect logic need.
type hopOutcome struct {
	checks.Hop
	producer   checks.Producer
	headers    []string
	issuer     string
	block      string
	retryAfter time.Duration
	proxyError string
	location   *url.URL // the next hop, when the answer is a redirect
}

// hop makes one request to u, without following redirects.
// The result is named so that the timings, set when it returns, are in it.
func (t *targetRun) hop(ctx context.Context, path checks.Path, proxyURL *url.URL, pin netip.Addr, u *url.URL, try int, jar http.CookieJar) (h hopOutcome) {
	h = hopOutcome{Hop: checks.Hop{URL: u.Redacted(), Path: path}}
	switch {
	case proxyURL != nil:
		h.Path, h.Via = checks.PathProxy, redactURL(proxyURL)
	case pin.IsValid():
		h.Path, h.Via = checks.PathPinned, pin.String()
	case path == checks.PathProxy:
		h.Path = checks.PathDirect // this hop's URL goes direct
	}
	// The dial may still run when a cancelled request returns: the
	// timings it writes are guarded.
	var timeMu sync.Mutex
	var dnsTook, connTook time.Duration
	var connectResp *http.Response
	dial := func(ctx context.Context, network, addr string) (net.Conn, error) {
		host, port, err := net.SplitHostPort(addr)
		if err != nil {
			return nil, err
		}
		var addrs []netip.Addr
		if pin.IsValid() {
			addrs = []netip.Addr{pin}
		} else if ip, err := netip.ParseAddr(host); err == nil {
			addrs = []netip.Addr{ip}
		} else {
			start := time.Now()
			if host == t.host && try == 0 {
				addrs, err = t.systemLookup(ctx)
			} else {
				addrs, err = t.env.Resolver.LookupNetIP(ctx, "ip", host)
			}
			timeMu.Lock()
			dnsTook = time.Since(start)
			timeMu.Unlock()
			if err != nil {
				return nil, err
			}
		}
		start := time.Now()
		defer func() {
			timeMu.Lock()
			connTook = time.Since(start)
			timeMu.Unlock()
		}()
		var last error
		for _, ip := range addrs {
			c, err := t.env.Dialer.DialContext(ctx, network, net.JoinHostPort(ip.Unmap().String(), port))
			if err == nil {
				return c, nil
			}
			last = err
			if ctx.Err() != nil {
				break
			}
		}
		return nil, last
	}
	tr := &http.Transport{
		DialContext:            dial,
		MaxResponseHeaderBytes: maxTargetHeaders,
		DisableKeepAlives:      true,
		ForceAttemptHTTP2:      true,
		TLSClientConfig:        &tls.Config{RootCAs: t.env.RootCAs, ServerName: u.Hostname()},
		OnProxyConnectResponse: func(_ context.Context, _ *url.URL, _ *http.Request, resp *http.Response) error {
			connectResp = resp
			return nil
		},
	}
	if proxyURL != nil {
		tr.Proxy = http.ProxyURL(proxyURL)
	}
	defer tr.CloseIdleConnections()
	client := &http.Client{Transport: tr, Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error {
		return http.ErrUseLastResponse
	}}

	var tlsStart, tlsDone, first time.Time
	trace := &httptrace.ClientTrace{
		TLSHandshakeStart:    func() { tlsStart = time.Now() },
		TLSHandshakeDone:     func(tls.ConnectionState, error) { tlsDone = time.Now() },
		GotFirstResponseByte: func() { first = time.Now() },
	}
	req, err := http.NewRequestWithContext(httptrace.WithClientTrace(ctx, trace), http.MethodGet, u.String(), nil)
	if err != nil {
		h.Failure, h.Err = checks.CodeConnectFailed, err.Error()
		return h
	}
	req.Header.Set("User-Agent", "Mozilla/5.0 (compatible; GatewayDoctor/"+checks.Version+")")
	req.Header.Set("Cache-Control", "no-cache")
	req.Header.Set("Pragma", "no-cache")
	start := time.Now()
	resp, err := client.Do(req)
	defer func() {
		timeMu.Lock()
		h.Timings.DNS, h.Timings.Connect = dnsTook, connTook
		timeMu.Unlock()
		if !tlsDone.IsZero() && !tlsStart.IsZero() {
			h.Timings.TLS = tlsDone.Sub(tlsStart)
		}
		if !first.IsZero() {
			h.Timings.TTFB = first.Sub(start)
		}
		h.Hop.Producer = h.producer
	}()
	if err != nil {
		if connectResp != nil && connectResp.StatusCode != http.StatusOK {
			// The proxy refused the tunnel: its answer is the evidence.
			h.Status = connectResp.StatusCode
			h.headers = pickHeaders(connectResp.Header)
			h.producer = Classify(h.Status, connectResp.Header, nil)
			h.proxyError = connectResp.Header.Get("X-Squid-Error")
			return h
		}
		h.Failure, h.Err = failureOf(err, h.Path), shortErr(err)
		h.issuer = checks.UntrustedIssuer(err)
		return h
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(io.LimitReader(resp.Body, maxTargetBody))
	h.Status = resp.StatusCode
	h.headers = pickHeaders(resp.Header)
	if h.Status >= 400 {
		h.producer = Classify(h.Status, resp.Header, body)
		if h.producer.Role == checks.RoleUserProxy {
			h.proxyError = resp.Header.Get("X-Squid-Error")
		}
		h.block, _ = blockOf(h.Status, h.producer, body)
		if h.block != "" {
			h.retryAfter = retryAfter(resp.Header, t.env.Now())
		}
	}
	if isRedirect(h.Status) {
		if loc, err := resp.Location(); err == nil && (loc.Scheme == "http" || loc.Scheme == "https") {
			h.location = loc
		}
	}
	return h
}

// isRedirect reports whether status sends the browser elsewhere.
func isRedirect(status int) bool {
	switch status {
	case http.StatusMovedPermanently, http.StatusFound, http.StatusSeeOther, http.StatusTemporaryRedirect, http.StatusPermanentRedirect:
		return true
	}
	return false
}

var errTooManyRedirects = errors.New("too many redirects")

// retestPlan is when the retests run: n of them (0 when none fits), a gap
// apart, from start until the check's deadline.
type retestPlan struct {
	start, deadline time.Time
	n               int
	gap             time.Duration
}

// planRetests spreads up to maxRetests across what is left before ctx's
// deadline, each given at least minRetestWindow. It is decided once,
// before the first retest, so the count the face shows ("1 of 3") holds.
func planRetests(ctx context.Context) retestPlan {
	dl, ok := ctx.Deadline()
	if !ok {
		dl = time.Now().Add(checks.DefaultBudget)
	}
	p := retestPlan{start: time.Now(), deadline: dl}
	left := dl.Sub(p.start)
	if left < minRetestWindow {
		return p
	}
	p.n = min(maxRetests, int(left/minRetestWindow))
	p.gap = left / time.Duration(p.n)
	return p
}

// retest fetches again, with cache busting, at the moments of plan, until
// the site recovers or the time is used. ended is called with the number
// of retests done as each one ends.
//
// took is how long the first fetch took: a retest that cannot get as long
// is not started, since a retest cut short by our own deadline would be
// reported as the site's timeout.
func (t *targetRun) retest(ctx context.Context, plan retestPlan, path checks.Path, proxyURL *url.URL, took time.Duration, ended func(done int)) {
	for i := 1; i <= plan.n; i++ {
		at := plan.start.Add(plan.gap*time.Duration(i-1) + plan.gap/4)
		timer := time.NewTimer(time.Until(at))
		select {
		case <-ctx.Done():
			timer.Stop()
			return
		case <-t.env.Settled:
			// A closer cause is proven: retests of the site prove nothing more.
			timer.Stop()
			return
		case <-timer.C:
		}
		if time.Until(plan.deadline) < max(minRetestWindow/2, took*5/4) {
			return
		}
		a := t.fetch(ctx, path, proxyURL, netip.Addr{}, bust(t.env.Target), i)
		ended(i)
		if !a.Failed() {
			return
		}
	}
}

// bust adds a unique query parameter to u.
func bust(u *url.URL) *url.URL {
	c := *u
	q := c.Query()
	var b [6]byte
	_, _ = rand.Read(b[:])
	q.Set(cacheBustParam, hex.EncodeToString(b[:]))
	c.RawQuery = q.Encode()
	return &c
}

// result turns the attempts into the check's result.
func (t *targetRun) result(primary checks.Attempt, direct, pinned *checks.Attempt, proxyURL *url.URL, proxyErr error) checks.Result {
	t.mu.Lock()
	attempts := append([]checks.Attempt(nil), t.attempts...)
	notes := append([]checks.Text(nil), t.notes...)
	t.mu.Unlock()

	r := checks.Result{ID: TargetID, HTTP: &checks.HTTPOutcome{Primary: primary, Attempts: attempts}}
	add := func(c checks.Code) { r.Codes = append(r.Codes, c) }
	if proxyErr != nil {
		r.Saw(checks.Say("evidence.web.proxy_unevaluated", "the proxy setting could not be evaluated: {{.Error}}", checks.Args{"Error": shortErr(proxyErr)}))
	}
	if hops := primary.Hops; len(hops) > 1 && primary.Failure != checks.CodeRedirectLoop && bad(primary) {
		r.Saw(hopSentence(hops[0], hops[len(hops)-1]))
	}
	r.Saw(describe(primary))
	if len(primary.Hops) > 1 {
		r.Saw(checks.Say("evidence.web.redirects", "redirects: {{.Chain}}", checks.Args{"Chain": chain(primary.Hops)}))
	}
	for _, h := range primary.Headers {
		// A header line is data: the same in every language.
		r.Saw(checks.Say("evidence.web.header", "{{.Line}}", checks.Args{"Line": h}))
	}

	switch {
	case primary.Status == http.StatusProxyAuthRequired && primary.Path == checks.PathProxy:
		add(checks.CodeProxyAuth)
	case primary.Failure != "":
		add(primary.Failure)
	case primary.Status >= 500:
		add(checks.CodeHTTP5xx)
	case primary.Status >= 400 && primary.Producer.Role == checks.RoleUserProxy:
		add(checks.CodeHTTPStatus) // a block page: the proxy answered, not the site
		add(checks.CodeProxyPolicyBlock)
		if primary.Producer.Title != "" {
			r.Saw(checks.Say("evidence.web.proxy_blocks", "your organisation's proxy blocks this site (HTTP {{.Status}} from {{.Proxy}})", checks.Args{"Status": primary.Status, "Proxy": primary.Producer.Title}))
		} else {
			r.Saw(checks.Say("evidence.web.proxy_blocks_unnamed", "your organisation's proxy blocks this site (HTTP {{.Status}} from the proxy)", checks.Args{"Status": primary.Status}))
		}
	case primary.Block != "":
		add(checks.CodeHTTPStatus)
		add(checks.CodeBlockedBySite)
		r.Saw(checks.Say("evidence.web.turned_away", "the site turns this visitor away: {{.Reason}}", checks.Args{"Reason": blockText(primary.Block)}))
		if primary.Status == http.StatusTooManyRequests {
			add(checks.CodeRateLimited)
		}
		if primary.RetryAfter > 0 {
			r.Saw(checks.Say("evidence.web.retry_after", "the site asks to wait: retry after {{.Seconds}} s", checks.Args{"Seconds": int(primary.RetryAfter.Seconds())}))
		}
	default:
		add(checks.CodeHTTPOK)
	}
	switch primary.Producer.Role {
	case checks.RoleEdge:
		add(checks.CodeProducerEdge)
	case checks.RoleOrigin:
		add(checks.CodeProducerOrigin)
	case checks.RoleUserProxy:
		add(checks.CodeProducerUserSide)
		add(checks.CodeProxyMadeError)
	}
	failed := primary.Failed() || r.Has(checks.CodeHTTPStatus)
	if primary.Issuer != "" {
		add(checks.CodeTLSUntrustedIssuer)
		r.Saw(checks.Say("evidence.web.untrusted", "the certificate is signed by {{.Issuer}}, which this computer does not trust", checks.Args{"Issuer": strconv.Quote(primary.Issuer)}))
	}
	if failed && len(primary.Hops) > 1 && primary.Failure != checks.CodeRedirectLoop {
		add(checks.CodeRedirectHop)
	}
	if !failed && primary.Took > targetSlowAfter {
		add(checks.CodeTargetSlow)
		r.Saw(checks.Say("evidence.web.slow", "it works, but took {{.Seconds}} s", checks.Args{"Seconds": fmt.Sprintf("%.1f", primary.Took.Seconds())}))
	}

	if failed {
		recovered := false
		for _, a := range attempts {
			if a.Path == primary.Path && a.Try > 0 {
				r.Saw(checks.Say("evidence.web.retest", "retest {{.N}}: {{.What}}", checks.Args{"N": a.Try, "What": describe(a)}))
				if !a.Failed() {
					recovered = true
				}
			}
		}
		if recovered {
			add(checks.CodeRecovered)
		} else if len(attempts) > 0 {
			add(checks.CodeStillFailing)
		}
	}
	if direct != nil {
		r.Saw(checks.Say("evidence.web.without_proxy", "without the proxy: {{.What}}", checks.Args{"What": describe(*direct)}))
		if failed && !bad(*direct) {
			add(checks.CodeProxyPathFails)
		}
		if primary.Failure != "" && primary.Path == checks.PathProxy && isProxyDialFailure(primary.Err) {
			add(checks.CodeProxyUnreachable)
		}
		rep := reportOf(primary.ProxyError)
		t.mu.Lock()
		agreedNX := t.refNX && direct.Failure == checks.CodeTargetNXDomain
		t.mu.Unlock()
		if failed && rep != reportNone && (sameFailure(rep, *direct) || agreedNX) {
			add(checks.CodeProxyReportsSite)
			r.Saw(checks.Say("evidence.web.proxy_reports_site", "the proxy only reports the site's own failure ({{.Report}}): without the proxy it fails the same way", checks.Args{"Report": primary.ProxyError}))
		}
	}
	t.mu.Lock()
	refNX, parent, parentExists := t.refNX, t.parent, t.parentExists
	t.mu.Unlock()
	nameGone := primary.Failure == checks.CodeTargetNXDomain || (r.Has(checks.CodeProxyReportsSite) && direct.Failure == checks.CodeTargetNXDomain)
	if nameGone && refNX {
		add(checks.CodeNameNotFound)
		if parentExists {
			add(checks.CodeParentExists)
			r.Saw(checks.Say("evidence.web.name_gone_parent", "{{.Name}} does not exist; {{.Parent}} does", checks.Args{"Name": t.host, "Parent": parent}))
		} else {
			r.Saw(checks.Say("evidence.web.name_gone", "{{.Name}} does not exist: this computer's resolver and the reference resolvers agree", checks.Args{"Name": t.host}))
		}
	}
	if pinned != nil {
		for _, n := range notes {
			r.Saw(n)
		}
		r.Saw(checks.Say("evidence.web.pinned", "at the reference resolver's address: {{.What}}", checks.Args{"What": describe(*pinned)}))
		if failed && !bad(*pinned) {
			add(checks.CodePinnedWorks)
		}
	}

	// A recovery is still a problem: the site failed while we watched.
	r.Status = checks.StatusOK
	if failed {
		r.Status = checks.StatusProblem
	}
	r.Say(targetSummary(primary, r))
	r.Details = map[string]any{"attempts": attemptDetails(attempts)}
	if r.Has(checks.CodeNameNotFound) {
		r.Details["name"] = t.host
		if parentExists {
			r.Details["parent"] = parent
		}
	}
	if proxyURL != nil {
		r.Details["proxy"] = redactURL(proxyURL)
	}
	return r
}

func targetSummary(p checks.Attempt, r checks.Result) checks.Text {
	what := checks.Args{"What": describe(p)}
	switch {
	case r.Has(checks.CodeRecovered):
		return checks.Say("summary.web.recovered", "{{.What}}, then it recovered on a retest", what)
	case r.Has(checks.CodeProxyPathFails):
		return checks.Say("summary.web.proxy_path_fails", "{{.What}}, but it works without the proxy", what)
	case r.Has(checks.CodePinnedWorks):
		return checks.Say("summary.web.pinned_works", "{{.What}}, but it works at the address another resolver gives", what)
	}
	return describe(p)
}

// describe says what one attempt got, in one line.
func describe(a checks.Attempt) checks.Text {
	var t checks.Text
	switch {
	case a.Status > 0:
		// "HTTP 502 Bad Gateway" is the protocol's own wording, kept as it is.
		status := "HTTP " + strconv.Itoa(a.Status)
		if txt := http.StatusText(a.Status); txt != "" {
			status += " " + txt
		}
		if a.Producer.Name != "" {
			t = checks.Say("evidence.web.answer_made_by", "{{.Status}} made by {{.Producer}} ({{.Role}})",
				checks.Args{"Status": status, "Producer": a.Producer.Title, "Role": roleText(a.Producer.Role)})
		} else {
			t = checks.Say("evidence.web.answer", "{{.Status}}", checks.Args{"Status": status})
		}
	case a.Err != "":
		t = checks.Say("evidence.web.no_answer_why", "no answer: {{.Failure}} ({{.Error}})", checks.Args{"Failure": failureText(a.Failure), "Error": a.Err})
	default:
		t = checks.Say("evidence.web.no_answer", "no answer: {{.Failure}}", checks.Args{"Failure": failureText(a.Failure)})
	}
	switch a.Path {
	case checks.PathProxy:
		t = checks.Say("evidence.web.through_proxy", "{{.What}} through the proxy {{.Proxy}}", checks.Args{"What": t, "Proxy": a.Via})
	case checks.PathPinned:
		t = checks.Say("evidence.web.at_address", "{{.What}} at {{.Addr}}", checks.Args{"What": t, "Addr": a.Via})
	}
	return t
}

// roleText names a producer's role in words; the English is the role's code,
// as the report always said it.
func roleText(r checks.Role) checks.Text {
	switch r {
	case checks.RoleEdge:
		return checks.Say("evidence.web.role.edge", "edge", nil)
	case checks.RoleOrigin:
		return checks.Say("evidence.web.role.origin", "origin", nil)
	case checks.RoleUserProxy:
		return checks.Say("evidence.web.role.user_proxy", "user_proxy", nil)
	}
	return checks.Say("evidence.web.role.unknown", "unknown", nil)
}

func failureText(c checks.Code) checks.Text {
	switch c {
	case checks.CodeConnectRefused:
		return checks.Say("evidence.web.failure.refused", "connection refused", nil)
	case checks.CodeConnectTimeout:
		return checks.Say("evidence.web.failure.timeout", "timed out", nil)
	case checks.CodeTLSInvalid:
		return checks.Say("evidence.web.failure.tls", "the security certificate is not valid", nil)
	case checks.CodeTargetNXDomain:
		return checks.Say("evidence.web.failure.nxdomain", "the name does not exist", nil)
	case checks.CodeTargetDNSError:
		return checks.Say("evidence.web.failure.dns", "the name could not be looked up", nil)
	case checks.CodeRedirectLoop:
		return checks.Say("evidence.web.failure.loop", "the site redirects in a loop", nil)
	case checks.CodeProxyUnreachable:
		return checks.Say("evidence.web.failure.proxy", "the proxy cannot be reached", nil)
	}
	return checks.Say("evidence.web.failure.other", "the connection failed", nil)
}

// failureOf maps a fetch error to a finding.
func failureOf(err error, path checks.Path) checks.Code {
	var dnsErr *net.DNSError
	var hostErr x509.HostnameError
	var authErr x509.UnknownAuthorityError
	var certErr x509.CertificateInvalidError
	var verifyErr *tls.CertificateVerificationError
	switch {
	case errors.Is(err, errTooManyRedirects):
		return checks.CodeRedirectLoop
	case path == checks.PathProxy && isProxyDialFailure(err.Error()):
		return checks.CodeProxyUnreachable
	case errors.As(err, &dnsErr):
		if dnsErr.IsNotFound {
			return checks.CodeTargetNXDomain
		}
		return checks.CodeTargetDNSError
	case errors.As(err, &hostErr), errors.As(err, &authErr), errors.As(err, &certErr), errors.As(err, &verifyErr):
		return checks.CodeTLSInvalid
	case errors.Is(err, syscall.ECONNREFUSED):
		return checks.CodeConnectRefused
	case errors.Is(err, context.DeadlineExceeded), dns.IsTimeout(err):
		return checks.CodeConnectTimeout
	}
	return checks.CodeConnectFailed
}

// isProxyDialFailure recognises net/http's error for a proxy it could not
// connect to ("proxyconnect tcp: …").
func isProxyDialFailure(msg string) bool { return strings.Contains(msg, "proxyconnect") }

func pickHeaders(h http.Header) []string {
	var out []string
	for _, k := range producerHeaders {
		if v := h.Get(k); v != "" {
			if len(v) > 120 {
				v = v[:120] + "…"
			}
			out = append(out, strings.ToLower(k)+": "+v)
		}
	}
	return out
}

func attemptDetails(as []checks.Attempt) []map[string]any {
	out := make([]map[string]any, 0, len(as))
	for _, a := range as {
		m := map[string]any{
			"path": a.Path, "try": a.Try, "status": a.Status,
			"timings_ms": map[string]int64{"dns": a.Timings.DNS.Milliseconds(), "connect": a.Timings.Connect.Milliseconds(), "tls": a.Timings.TLS.Milliseconds(), "ttfb": a.Timings.TTFB.Milliseconds()},
		}
		if a.Via != "" {
			m["via"] = a.Via
		}
		if a.Producer.Name != "" {
			m["producer"], m["role"] = a.Producer.Name, a.Producer.Role
		}
		if a.Failure != "" {
			m["failure"], m["error"] = a.Failure, a.Err
		}
		if len(a.Headers) > 0 {
			m["headers"] = a.Headers
		}
		out = append(out, m)
	}
	return out
}

// shortErr trims Go's nested error text to its useful end: without the
// "Get URL:" wrapper, at most 200 characters.
func shortErr(err error) string {
	var ue *url.Error
	if errors.As(err, &ue) {
		err = ue.Err
	}
	s := err.Error()
	if len(s) > 200 {
		s = s[len(s)-200:]
	}
	return s
}

// redactURL drops credentials from a proxy URL before it becomes evidence.
func redactURL(u *url.URL) string {
	c := *u
	if c.User != nil {
		c.User = url.User("***")
	}
	return c.String()
}

func joinAddrs(as []netip.Addr) string {
	s := make([]string, len(as))
	for i, a := range as {
		s[i] = a.String()
	}
	return strings.Join(s, ", ")
}
