package web

import (
	"context"
	"net/http"
	"net/netip"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"time"

	mdns "github.com/miekg/dns"
	"golang.org/x/net/publicsuffix"

	"gatewaydoctor/checks"
	"gatewaydoctor/checks/dns"
)

// targetSlowAfter is when a working site counts as slow: web.dev's TTFB
// guidance calls a first byte after 1.8 s "poor" (good is 0.8 s or less).
// The whole fetch is measured, redirects included, as the person waits for
// all of it.
const targetSlowAfter = 1800 * time.Millisecond

// maxRetryAfter caps a Retry-After that is quoted: a site asking for more
// than a day is quoted as "a day", not as a date years ahead.
const maxRetryAfter = 24 * time.Hour

// blockPage is one way a site, its CDN or its firewall turns a visitor away
// on purpose (DESIGN.md, blocked_by_site). Rows are tried in order; the
// first whose status and markers match names the reason. A row is data:
// add a vendor by adding a row and a fixture in internal/lab/testdata.
type blockPage struct {
	// status is the HTTP status the page comes with; 0 is any 4xx.
	status int
	// producer is the classifier's producer name the row needs ("" any).
	producer string
	// markers must all appear in the body (case-insensitive).
	markers []string
	// reason says what happened, for the evidence.
	reason checks.Text
	// rateLimit: the visitor was slowed down, not banned.
	rateLimit bool
}

// blockPages are the block pages recorded from the vendors' public docs
// (Cloudflare's "Troubleshooting Cloudflare 1XXX errors"; Akamai's
// "Access Denied … Reference #" page), then any 429.
var blockPages = []blockPage{
	{status: 429, producer: "cloudflare", markers: []string{"1015"}, reason: checks.Say("evidence.web.block.cf1015", "Cloudflare error 1015: you are being rate limited", nil), rateLimit: true},
	{producer: "cloudflare", markers: []string{"error", "1020"}, reason: checks.Say("evidence.web.block.cf1020", "Cloudflare error 1020: access denied by the site's firewall rules", nil)},
	{producer: "cloudflare", markers: []string{"error", "1010"}, reason: checks.Say("evidence.web.block.cf1010", "Cloudflare error 1010: the site bans this browser's signature", nil)},
	{producer: "cloudflare", markers: []string{"error", "1012"}, reason: checks.Say("evidence.web.block.cf1012", "Cloudflare error 1012: access denied", nil)},
	{producer: "cloudflare", markers: []string{"error", "1009"}, reason: checks.Say("evidence.web.block.cf1009", "Cloudflare error 1009: the site bans visitors from this country or region", nil)},
	{producer: "cloudflare", markers: []string{"error", "1006"}, reason: checks.Say("evidence.web.block.cf1006", "Cloudflare error 1006: the site bans this address", nil)},
	{producer: "akamai", markers: []string{"access denied", "reference"}, reason: checks.Say("evidence.web.block.akamai", "Akamai: access denied", nil)},
	{status: 429, reason: checks.Say("evidence.web.block.too_many", "too many requests: the site limits how often this visitor may ask", nil), rateLimit: true},
}

// blockText is a block page's reason (blockOf) in the person's language:
// the vendor's error codes and the reference number stay as they are.
func blockText(reason string) checks.Text {
	for _, b := range blockPages {
		switch {
		case reason == b.reason.English:
			return b.reason
		case strings.HasPrefix(reason, b.reason.English+" (Reference #") && strings.HasSuffix(reason, ")"):
			ref := strings.TrimSuffix(strings.TrimPrefix(reason, b.reason.English+" (Reference #"), ")")
			return checks.Say("evidence.web.block.reference", "{{.Reason}} (Reference #{{.Ref}})", checks.Args{"Reason": b.reason, "Ref": ref})
		}
	}
	return checks.Say("evidence.web.block.other", "{{.Reason}}", checks.Args{"Reason": reason})
}

// akamaiReference finds Akamai's reference number, entities decoded.
var akamaiReference = regexp.MustCompile(`Reference\s*#\s*([0-9a-fA-F.]+)`)

// entityDecoder undoes the character entities Akamai's page encodes its
// punctuation with.
var entityDecoder = strings.NewReplacer("&#32;", " ", "&#35;", "#", "&#46;", ".", "&#58;", ":", "&#47;", "/")

// blockOf says why the site turned the visitor away, or "" when the answer
// is not a block page. Only the site's own side counts: a page the user's
// proxy made is the proxy's (policy) block.
func blockOf(status int, p checks.Producer, body []byte) (reason string, rateLimit bool) {
	if status < 400 || status >= 500 || p.Role == checks.RoleUserProxy {
		return "", false
	}
	lower := strings.ToLower(string(body))
	for _, b := range blockPages {
		if (b.status != 0 && b.status != status) || (b.producer != "" && b.producer != p.Name) {
			continue
		}
		ok := true
		for _, m := range b.markers {
			ok = ok && strings.Contains(lower, m)
		}
		if !ok {
			continue
		}
		reason = b.reason.English
		if m := akamaiReference.FindStringSubmatch(entityDecoder.Replace(string(body))); m != nil && b.producer == "akamai" {
			reason += " (Reference #" + m[1] + ")"
		}
		return reason, b.rateLimit
	}
	return "", false
}

// retryAfter reads a Retry-After header: seconds, or an HTTP date.
func retryAfter(h http.Header, now time.Time) time.Duration {
	v := strings.TrimSpace(h.Get("Retry-After"))
	if v == "" {
		return 0
	}
	var d time.Duration
	if n, err := strconv.Atoi(v); err == nil && n > 0 {
		d = time.Duration(n) * time.Second
	} else if t, err := http.ParseTime(v); err == nil && t.After(now) {
		d = t.Sub(now)
	}
	return min(d, maxRetryAfter)
}

// proxyReport is what the user's proxy says happened to the site.
type proxyReport int

const (
	reportNone      proxyReport = iota
	reportNoName                // the name does not exist (Squid ERR_DNS_FAIL)
	reportRefused               // the site refused (ERR_CONNECT_FAIL 111)
	reportTimeout               // the site did not answer in time (ERR_READ_TIMEOUT, ERR_CONNECT_FAIL 110)
	reportUnreached             // the proxy could not reach the site, cause not named (ERR_CANNOT_FORWARD)
)

// squidReports maps Squid's error names (X-Squid-Error) to what they say
// about the site; the templates are in Squid's errors/templates.
var squidReports = map[string]proxyReport{
	"ERR_DNS_FAIL":         reportNoName,
	"ERR_READ_TIMEOUT":     reportTimeout,
	"ERR_CONNECT_TIMEOUT":  reportTimeout,
	"ERR_LIFETIME_EXP":     reportTimeout,
	"ERR_CANNOT_FORWARD":   reportUnreached,
	"ERR_READ_ERROR":       reportUnreached,
	"ERR_WRITE_ERROR":      reportUnreached,
	"ERR_ZERO_SIZE_OBJECT": reportUnreached,
}

// reportOf reads a proxy's error name: what it says the site did.
func reportOf(proxyError string) proxyReport {
	name, detail, _ := strings.Cut(proxyError, " ")
	if name == "ERR_CONNECT_FAIL" {
		if detail == "110" {
			return reportTimeout
		}
		return reportRefused
	}
	return squidReports[name]
}

// sameFailure reports whether the direct fetch failed the way the proxy
// says the site failed: then the proxy only relays the site's failure.
func sameFailure(r proxyReport, direct checks.Attempt) bool {
	switch r {
	case reportNoName:
		return direct.Failure == checks.CodeTargetNXDomain
	case reportRefused:
		return direct.Failure == checks.CodeConnectRefused
	case reportTimeout:
		return direct.Failure == checks.CodeConnectTimeout
	case reportUnreached:
		// The site's own connection failures; a direct name lookup that
		// fails says nothing of the site (a proxy-only network may have no
		// resolver of its own), unless the resolvers agree the name does
		// not exist, which the caller checks.
		switch direct.Failure {
		case checks.CodeConnectRefused, checks.CodeConnectTimeout, checks.CodeConnectFailed:
			return true
		}
	}
	return false
}

// hostOf is the host of a URL, for sentences.
func hostOf(raw string) string {
	if u, err := url.Parse(raw); err == nil && u.Hostname() != "" {
		return u.Hostname()
	}
	return raw
}

// hopSentence says which hop of a redirect chain failed and how:
// "shop.example sends you to pay.example, whose server is failing".
func hopSentence(first, last checks.Hop) checks.Text {
	var what checks.Text
	switch {
	case last.Status >= 500:
		what = checks.Say("evidence.web.hop.failing", "whose server is failing", nil)
	case last.Failure == checks.CodeTLSInvalid:
		what = checks.Say("evidence.web.hop.tls", "whose security certificate is not valid", nil)
	case last.Failure == checks.CodeTargetNXDomain:
		what = checks.Say("evidence.web.hop.nxdomain", "whose name does not exist", nil)
	case last.Status >= 400:
		what = checks.Say("evidence.web.hop.status", "which answers HTTP {{.Status}}", checks.Args{"Status": last.Status})
	default:
		what = checks.Say("evidence.web.hop.silent", "which does not answer", nil)
	}
	return checks.Say("evidence.web.hop", "{{.From}} sends you to {{.To}}, {{.What}}",
		checks.Args{"From": hostOf(first.URL), "To": hostOf(last.URL), "What": what})
}

// bad reports whether an attempt did not get the site's normal answer: a
// failure, a 5xx, a proxy's 407, a block page, or a page the user's proxy
// made.
func bad(a checks.Attempt) bool {
	return a.Failed() || a.Block != "" || (a.Status >= 400 && a.Producer.Role == checks.RoleUserProxy)
}

// chain lists the hops of a redirect chain: "shop.example (302) → pay.example (502)".
func chain(hops []checks.Hop) checks.Text {
	var out checks.Text
	for i, h := range hops {
		var st any = checks.Say("evidence.web.chain.no_answer", "no answer", nil)
		if h.Status > 0 {
			st = strconv.Itoa(h.Status)
		} else if h.Failure != "" {
			st = failureText(h.Failure)
		}
		hop := checks.Say("evidence.web.chain.hop", "{{.URL}} ({{.Status}})", checks.Args{"URL": h.URL, "Status": st})
		if i == 0 {
			out = hop
			continue
		}
		out = checks.Say("evidence.web.chain.then", "{{.First}} → {{.Then}}", checks.Args{"First": out, "Then": hop})
	}
	return out
}

// referenceLookup asks the reference resolvers for the target's name and
// returns the first answer's addresses. When a reference replies that the
// name does not exist, it also asks for the parent domain (when that is a
// registrable name, not a top-level domain or a public suffix such as
// co.uk), so that the verdict can say "shop.example.com does not exist;
// example.com does".
func (t *targetRun) referenceLookup(ctx context.Context) []netip.Addr {
	for _, s := range t.env.ReferenceResolvers {
		ans := dns.LookupBoth(ctx, t.env, s, t.host)
		if ans.OK() {
			return ans.Addrs
		}
		if ans.Replied() && ans.Rcode == mdns.RcodeNameError {
			t.mu.Lock()
			t.refNX = true
			t.mu.Unlock()
			t.lookupParent(ctx, s)
			return nil
		}
		if ctx.Err() != nil {
			return nil
		}
	}
	return nil
}

// lookupParent asks server whether the target's parent domain exists: any
// reply but NXDOMAIN (an address, or none for that type) says it does.
func (t *targetRun) lookupParent(ctx context.Context, server netip.AddrPort) {
	_, parent, ok := strings.Cut(t.host, ".")
	if !ok {
		return
	}
	if etld1, err := publicsuffix.EffectiveTLDPlusOne(parent); err != nil || len(etld1) > len(parent) {
		return
	}
	ans := dns.LookupBoth(ctx, t.env, server, parent)
	t.mu.Lock()
	defer t.mu.Unlock()
	t.parent = parent
	t.parentExists = ans.Replied() && ans.Rcode == mdns.RcodeSuccess
}
