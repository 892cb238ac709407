package web

import (
	"bytes"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"gatewaydoctor/checks"
)

// The producer table. Add a producer by adding a row here and a recorded
// sample under testdata/fingerprints (the fixture test fails for a row that no
// sample reaches). Rows are tried in order and the first match wins, so the
// order is part of the data:
//
//  1. the user's own proxies and security products, by the signals they put
//     only on pages they make themselves;
//  2. the fronts of websites (CDNs, load balancers, hosting platforms), by
//     their own error pages or by headers they set only on their own errors;
//  3. the same fronts known only by the headers they add to everything they
//     pass on ("relay" rows): the page then came from behind them;
//  4. generic web servers and proxies, by their stock pages: after the CDN
//     rows, since a CDN passes an origin's nginx page on unchanged;
//  5. weak user-side signals, such as Squid's Via on a page it only relayed.
var fingerprints = []fingerprint{
	// --- 1. the user's side ---

	// X-Squid-Error and Squid's Server header are set only on pages Squid makes
	// itself (ERR_DNS_FAIL, ERR_CONNECT_FAIL, …), and Squid is a forward proxy
	// on the user's side in practice.
	{name: "squid", title: "Squid proxy", role: checks.RoleUserProxy,
		headers: []fpMarker{hasHeader("X-Squid-Error", ""), serverIs("squid")},
		page:    []fpMarker{inBody("(squid/")}},
	// Zscaler's cloud proxy puts its own Server header and name on its block and
	// error pages; "Not allowed to browse … category" is its URL-filter reason.
	{name: "zscaler", title: "Zscaler", role: checks.RoleUserProxy,
		headers: []fpMarker{serverIs("Zscaler")},
		page:    []fpMarker{inBody("Zscaler"), inBody("Not allowed to browse")}},
	// Blue Coat / Symantec ProxySG exception pages name the exception in
	// parentheses ("Access Denied (policy_denied)").
	{name: "bluecoat", title: "Blue Coat / Symantec ProxySG", role: checks.RoleUserProxy,
		headers: []fpMarker{serverIs("BlueCoat"), hasHeader("X-BlueCoat-Error", "")},
		page:    []fpMarker{inBody("Blue Coat"), inBody("BlueCoat"), inBody("(policy_denied)"), inBody("ProxySG")}},
	// FortiGate firewalls answer blocked or failed requests with FortiGuard pages.
	{name: "fortinet", title: "Fortinet FortiGate", role: checks.RoleUserProxy,
		page: []fpMarker{inBody("FortiGuard"), inBody("FortiGate"), inBody("Fortinet")}},
	// PAN-OS's default URL-filtering page, shown by the company's firewall.
	{name: "paloalto", title: "Palo Alto Networks firewall", role: checks.RoleUserProxy,
		page: []fpMarker{inBody("blocked in accordance with company policy"), inBody("Palo Alto Networks")}},
	// Sophos UTM / Sophos Firewall web-protection block pages.
	{name: "sophos", title: "Sophos", role: checks.RoleUserProxy,
		page: []fpMarker{inBody("Sophos")}},
	// Forcepoint (formerly Websense) web-security block pages.
	{name: "forcepoint", title: "Forcepoint (Websense)", role: checks.RoleUserProxy,
		page: []fpMarker{inBody("Forcepoint"), inBody("Websense")}},
	// Skyhigh (formerly McAfee) Web Gateway notification pages.
	{name: "skyhigh", title: "Skyhigh (McAfee) Web Gateway", role: checks.RoleUserProxy,
		page: []fpMarker{inBody("McAfee Web Gateway"), inBody("Skyhigh Security"), inBody("Skyhigh Secure Web Gateway")}},
	// Cisco Umbrella serves its block page when the company's DNS filter
	// refused the name.
	{name: "umbrella", title: "Cisco Umbrella", role: checks.RoleUserProxy,
		page: []fpMarker{inBody("Cisco Umbrella"), inBody("OpenDNS Umbrella")}},

	// --- 2. the website's fronts, by their own pages ---

	// Cloudflare documents 520–527 as answers about the origin (520 unknown
	// origin error, 521 web server down, 522/524 timeouts, 523 unreachable,
	// 525/526 origin TLS, 527 Railgun): the origin failed.
	{name: "cloudflare", title: "Cloudflare", role: checks.RoleOrigin, minStatus: 520, maxStatus: 527, showStatus: true,
		headers: cloudflareHeaders,
		page:    []fpMarker{inBody("Cloudflare Ray ID")}},
	// The unbranded page (plain nginx-style, "<center>cloudflare</center>") is
	// what Cloudflare shows when its own edge failed (Cloudflare docs, 502/504).
	{name: "cloudflare", title: "Cloudflare", role: checks.RoleEdge,
		page: []fpMarker{inBody("<center>cloudflare</center>")}},
	// A branded 5xx page ("Cloudflare Ray ID", the Browser/Cloudflare/Host
	// diagram) means Cloudflare worked and the host behind it did not.
	{name: "cloudflare", title: "Cloudflare", role: checks.RoleOrigin, minStatus: 500,
		page: []fpMarker{inBody("Cloudflare Ray ID"), inBody("cf-error-details")}},
	// "error code: 502" in plain text is the branded page's form for clients
	// that do not ask for HTML (APIs): the same verdict, the origin failed.
	{name: "cloudflare", title: "Cloudflare", role: checks.RoleOrigin, minStatus: 500, need: needBoth,
		headers: cloudflareHeaders,
		page:    []fpMarker{bodyRe(`^\s*error code: 5\d\d\s*$`)}},
	// A branded page that is not a 5xx (a 403 firewall rule, a 429 rate
	// limit) is a decision Cloudflare's edge made by itself.
	{name: "cloudflare", title: "Cloudflare", role: checks.RoleEdge,
		page: []fpMarker{inBody("Cloudflare Ray ID")}},
	{name: "cloudflare", title: "Cloudflare", role: checks.RoleEdge, need: needBoth,
		headers: cloudflareHeaders,
		page:    []fpMarker{bodyRe(`^\s*error code: \d{3,4}\s*$`)}},
	// CloudFront's own page that blames the origin ("wasn't able to connect to
	// the origin", "the origin closed the connection").
	{name: "cloudfront", title: "Amazon CloudFront", role: checks.RoleOrigin, need: needPageAndAlso,
		page: cloudfrontPage,
		also: []fpMarker{inBody("the origin")}},
	// Any other CloudFront page (an invalid Lambda@Edge function, a WAF or geo
	// block, capacity): the CDN's own configuration or edge failed.
	{name: "cloudfront", title: "Amazon CloudFront", role: checks.RoleEdge,
		page: cloudfrontPage},
	// Akamai's edge writes its "Reference #18.…" page when the origin failed
	// (ERR_CONNECT_FAIL, ERR_READ_TIMEOUT, ERR_ZERO_SIZE_OBJECT); its Server
	// header is AkamaiGHost only on answers the edge made itself.
	{name: "akamai", title: "Akamai", role: checks.RoleOrigin, minStatus: 500,
		headers: []fpMarker{serverIs("AkamaiGHost")},
		page:    akamaiPage},
	// The same page with a 403 "Access Denied" is the edge's own rule.
	{name: "akamai", title: "Akamai", role: checks.RoleEdge,
		headers: []fpMarker{serverIs("AkamaiGHost")},
		page:    akamaiPage},
	// Fastly's synthetic 503 ("backend read error", "first byte timeout", "No
	// healthy backends"; "Guru Mediation", Fastly's spelling, with a
	// cache-XXX node) reports that the site's backend failed.
	{name: "fastly", title: "Fastly", role: checks.RoleOrigin,
		page: []fpMarker{inBody("Guru Mediation"), inBody("Details: cache-")}},
	// Google's front end (GFE, also Google Cloud's load balancers): "That's an
	// error." with a 502 means the service behind it failed.
	{name: "google", title: "Google Front End", role: checks.RoleOrigin,
		page: []fpMarker{inBody("That’s an error."), inBody("That's an error."), inBody("Error 502 (Server Error)")}},
	// Azure Front Door's own pages say the service behind it is not answering
	// ("isn't responding to Azure Front Door", "Our services aren't available").
	{name: "azure-front-door", title: "Azure Front Door", role: checks.RoleOrigin,
		page: []fpMarker{inBody("Azure Front Door"), inBody("Our services aren't available right now")}},
	// Heroku's router (vegur, once Cowboy) reports a crashed, slow or broken
	// app (H10, H12, H13): the site's application is the origin; a Cowboy
	// server cannot make a 5xx gateway error by itself, so there it is Heroku.
	{name: "heroku", title: "Heroku", role: checks.RoleOrigin,
		headers: []fpMarker{hasHeader("Via", "vegur")},
		page:    []fpMarker{inBody("herokucdn.com/error-pages"), inBody("An error occurred in the application and your page could not be served")}},
	{name: "heroku", title: "Heroku", role: checks.RoleOrigin, minStatus: 502, maxStatus: 504,
		headers: []fpMarker{serverIs("Cowboy")}},
	// Vercel's platform errors are the INTERNAL_* codes: its own edge failed.
	{name: "vercel", title: "Vercel", role: checks.RoleEdge,
		headers: []fpMarker{hasHeader("X-Vercel-Error", "INTERNAL_")}},
	// Vercel's application errors (FUNCTION_INVOCATION_TIMEOUT, …): the site's
	// deployed code failed, and the page says Vercel itself works.
	{name: "vercel", title: "Vercel", role: checks.RoleOrigin,
		headers: []fpMarker{hasHeader("X-Vercel-Error", "")},
		page: []fpMarker{inBody("Vercel is working correctly"), inBody("An error occurred with your deployment"),
			inBody("FUNCTION_INVOCATION_"), inBody("NO_RESPONSE_FROM_FUNCTION")}},
	// An AWS load balancer names itself only on the errors it makes: 502 (bad
	// answer from a target), 503 (no healthy target), 504 (target timeout).
	{name: "aws-elb", title: "AWS load balancer", role: checks.RoleOrigin,
		headers: []fpMarker{serverIs("awselb")}},
	// Other clouds' load balancers that call themselves "elb" (Huawei Cloud,
	// for one) make the same nginx-style 502 when their backends fail.
	{name: "elb", title: "Cloud load balancer (ELB)", role: checks.RoleOrigin, minStatus: 500,
		headers: []fpMarker{serverIs("elb")}},

	// --- 3. the website's fronts, known only by what they add to everything ---

	{name: "cloudflare", title: "Cloudflare", relay: true, headers: cloudflareHeaders},
	{name: "cloudfront", title: "Amazon CloudFront", relay: true,
		headers: []fpMarker{hasHeader("X-Amz-Cf-Id", ""), hasHeader("X-Cache", "from cloudfront"), hasHeader("Via", "cloudfront")}},
	{name: "akamai", title: "Akamai", relay: true,
		headers: []fpMarker{hasHeader("X-Akamai-Request-ID", ""), hasHeader("Akamai-GRN", "")}},
	{name: "fastly", title: "Fastly", relay: true,
		headers: []fpMarker{hasHeader("X-Fastly-Request-ID", ""), hasHeader("X-Served-By", "cache-")}},
	{name: "google", title: "Google Front End", relay: true,
		headers: []fpMarker{serverIs("GFE"), serverIs("Google Frontend"), hasHeader("Via", "google")}},
	{name: "azure-front-door", title: "Azure Front Door", relay: true,
		headers: []fpMarker{hasHeader("X-Azure-Ref", ""), hasHeader("X-MSEdge-Ref", "")}},
	{name: "vercel", title: "Vercel", relay: true,
		headers: []fpMarker{hasHeader("X-Vercel-Id", ""), serverIs("Vercel")}},
	{name: "netlify", title: "Netlify", relay: true,
		headers: []fpMarker{hasHeader("X-NF-Request-ID", ""), serverIs("Netlify")}},

	// --- 4. generic servers and proxies: the site's own, so the failure is behind them ---

	// A self-hosted Varnish cache: "Backend fetch failed" means the backend
	// behind the site's cache failed.
	{name: "varnish", title: "Varnish cache", role: checks.RoleOrigin,
		headers: []fpMarker{hasHeader("Via", "varnish"), hasHeader("X-Varnish", "")},
		page:    []fpMarker{inBody("Guru Meditation"), inBody("Varnish cache server")}},
	// nginx's stock 502/504 page from the site's own reverse proxy: the
	// application behind it failed or timed out.
	{name: "nginx", title: "nginx", role: checks.RoleOrigin,
		headers: []fpMarker{serverIs("nginx"), serverIs("openresty")},
		page:    []fpMarker{inBody("<center>nginx"), inBody("<center>openresty")}},
	// Apache's mod_proxy "Proxy Error": the upstream server behind Apache
	// failed; Apache's own 503 is the site's server being overloaded.
	{name: "apache", title: "Apache httpd", role: checks.RoleOrigin,
		headers: []fpMarker{serverIs("Apache")},
		page: []fpMarker{inBody("The proxy server received an invalid"), inBody("The proxy server could not handle the request"),
			inBody("<h1>Proxy Error</h1>")}},
	// HAProxy's stock pages: its backend servers are all down, or answered
	// badly or too late.
	{name: "haproxy", title: "HAProxy", role: checks.RoleOrigin,
		page: []fpMarker{inBody("No server is available to handle this request"),
			inBody("returned an invalid or incomplete response"), inBody("The server didn't respond in time")}},
	// Envoy's local replies (also Istio's sidecars and gateways): the upstream
	// service could not be reached or reset the connection.
	{name: "envoy", title: "Envoy proxy", role: checks.RoleOrigin,
		headers: []fpMarker{serverIs("envoy")},
		page:    []fpMarker{inBody("upstream connect error"), inBody("no healthy upstream")}},
	// Traefik answers a failed backend with the bare status text and nothing
	// else; a weak signal, hence near the end.
	{name: "traefik", title: "Traefik", role: checks.RoleOrigin,
		page: []fpMarker{bodyIs("Bad Gateway"), bodyIs("Gateway Timeout")}},

	// --- 5. weak user-side signals ---

	// Squid adds "Via: 1.1 host (squid/x)" to what it relays; an error nobody
	// else claims that went through the user's Squid is blamed on the proxy
	// path (the diagnosis then compares it with the direct path).
	{name: "squid", title: "Squid proxy", role: checks.RoleUserProxy,
		headers: []fpMarker{hasHeader("Via", "(squid")}},
}

var (
	cloudflareHeaders = []fpMarker{hasHeader("CF-RAY", ""), serverIs("cloudflare")}
	cloudfrontPage    = []fpMarker{inBody("Generated by cloudfront"), inBody("The request could not be satisfied")}
	// Akamai's reference is "#18.c5f02217.1618966936.112593e9"; curl shows the
	// page entity-encoded ("Reference&#32;&#35;18&#46;44db1cb8").
	akamaiPage = []fpMarker{bodyRe(`reference(?: |&#32;)(?:#|&#35;)\d+(?:\.|&#46;)[0-9a-f]+`)}
)

// fpNeed says which of a row's signals must match.
type fpNeed int

const (
	needEither      fpNeed = iota // a header marker or a page marker
	needBoth                      // a header marker and a page marker
	needPageAndAlso               // a page marker and an "also" marker
)

// fingerprint is one row of the producer table.
type fingerprint struct {
	name, title string
	// role is the verdict of this row's own signals; relay rows have none.
	role checks.Role
	// minStatus and maxStatus bound the statuses the row applies to (0: any).
	minStatus, maxStatus int
	showStatus           bool // the status is evidence (Cloudflare's 52x)
	headers, page, also  []fpMarker
	need                 fpNeed
	// relay marks a front known only by headers it adds to every answer it
	// passes on. The page then came from behind it: the origin, when there is
	// a page; unknown when there is no body to tell.
	relay bool
}

type fpKind int

const (
	kindBody    fpKind = iota // a substring of the body, any case
	kindBodyIs                // the whole body, trimmed, any case
	kindBodyRe                // a regexp over the lower-cased body
	kindHeader                // a header present, or a substring of its value
	kindProduct               // a product token in Server: "nginx" is in "nginx/1.2", not "awselb"
)

// fpMarker is one signal of a row.
type fpMarker struct {
	kind  fpKind
	name  string // header name
	value string // as written, for evidence
	lower string // lower-cased value, for matching
	re    *regexp.Regexp
}

func inBody(s string) fpMarker { return fpMarker{kind: kindBody, value: s, lower: strings.ToLower(s)} }
func bodyIs(s string) fpMarker {
	return fpMarker{kind: kindBodyIs, value: s, lower: strings.ToLower(s)}
}
func bodyRe(expr string) fpMarker {
	return fpMarker{kind: kindBodyRe, value: expr, re: regexp.MustCompile("(?m)" + expr)}
}
func hasHeader(name, substr string) fpMarker {
	return fpMarker{kind: kindHeader, name: name, value: substr, lower: strings.ToLower(substr)}
}
func serverIs(product string) fpMarker {
	return fpMarker{kind: kindProduct, name: "Server", value: product, lower: strings.ToLower(product)}
}

// maxEvidence is how many matched signals a producer reports (plus, for a
// relay, the page behind it): enough to convince, few enough to read.
const maxEvidence = 3

// maxEvidenceValue is how much of a header value evidence quotes: enough to
// recognise a cf-ray or a version, short enough for one line of a report.
const maxEvidenceValue = 24

// response is what the markers look at, prepared once.
type fpResponse struct {
	status int
	header http.Header
	lower  []byte // the body, lower-cased
	raw    []byte
}

// classifyTable runs the producer table over one response.
func classifyTable(status int, h http.Header, b []byte) checks.Producer {
	p, _ := classifyRow(status, h, b)
	return p
}

// classifyRow is classifyTable that also says which row matched (-1: none),
// so the tests can prove every row has a sample.
func classifyRow(status int, h http.Header, b []byte) (checks.Producer, int) {
	r := &fpResponse{status: status, header: h, raw: b, lower: bytes.ToLower(b)}
	for i := range fingerprints {
		fp := &fingerprints[i]
		ev, ok := fp.match(r)
		if !ok {
			continue
		}
		ev = ev[:min(len(ev), maxEvidence)]
		role := fp.role
		if fp.relay {
			role = checks.RoleUnknown
			if len(bytes.TrimSpace(b)) > 0 {
				role = checks.RoleOrigin
				ev = append(ev, relayedPage(r)...)
			}
		}
		return checks.Producer{Name: fp.name, Title: fp.title, Role: role, Evidence: ev}, i
	}
	return checks.Producer{Role: checks.RoleUnknown}, -1
}

// relayedPage names the page a front relayed, when a server row knows it.
func relayedPage(r *fpResponse) []string {
	for i := range fingerprints {
		fp := &fingerprints[i]
		if fp.relay || fp.role == checks.RoleUserProxy {
			continue
		}
		for _, m := range fp.page {
			if ev, ok := m.match(r); ok {
				return []string{ev + " (" + fp.title + " page from behind the front)"}
			}
		}
	}
	return []string{"body: a page from behind the front, not the front's own"}
}

func (fp *fingerprint) match(r *fpResponse) ([]string, bool) {
	if fp.minStatus > 0 && r.status < fp.minStatus || fp.maxStatus > 0 && r.status > fp.maxStatus {
		return nil, false
	}
	hs := matchMarkers(fp.headers, r)
	ps := matchMarkers(fp.page, r)
	var ok bool
	switch fp.need {
	case needEither:
		ok = len(hs) > 0 || len(ps) > 0
	case needBoth:
		ok = len(hs) > 0 && len(ps) > 0
	case needPageAndAlso:
		as := matchMarkers(fp.also, r)
		ok = len(ps) > 0 && len(as) > 0
		ps = append(ps, as...)
	}
	if !ok {
		return nil, false
	}
	var ev []string
	if fp.showStatus {
		ev = append(ev, "status "+strconv.Itoa(r.status))
	}
	return append(append(ev, hs...), ps...), true
}

func matchMarkers(ms []fpMarker, r *fpResponse) []string {
	var ev []string
	for _, m := range ms {
		if e, ok := m.match(r); ok {
			ev = append(ev, e)
		}
	}
	return ev
}

func (m fpMarker) match(r *fpResponse) (string, bool) {
	switch m.kind {
	case kindBody:
		if bytes.Contains(r.lower, []byte(m.lower)) {
			return `body: "` + m.value + `"`, true
		}
	case kindBodyIs:
		if string(bytes.TrimSpace(r.lower)) == m.lower {
			return `body is only "` + m.value + `"`, true
		}
	case kindBodyRe:
		if loc := m.re.FindIndex(r.lower); loc != nil {
			// Quote the page as written, unless lower-casing changed its
			// length (invalid UTF-8, a few special letters).
			src := r.lower
			if len(r.raw) == len(r.lower) {
				src = r.raw
			}
			return `body: "` + shortenEvidence(strings.TrimSpace(string(src[loc[0]:loc[1]])), 2*maxEvidenceValue) + `"`, true
		}
	case kindHeader, kindProduct:
		for name, values := range r.header {
			if !strings.EqualFold(name, m.name) {
				continue
			}
			for _, v := range values {
				if m.valueMatches(v) {
					return "header " + strings.ToLower(m.name) + ": " + shortenEvidence(v, maxEvidenceValue), true
				}
			}
		}
	}
	return "", false
}

func (m fpMarker) valueMatches(v string) bool {
	lv := strings.ToLower(strings.TrimSpace(v))
	if m.kind == kindHeader {
		return strings.Contains(lv, m.lower)
	}
	// A Server header is a list of product tokens, "name/version (comment)";
	// a few products have a space in their name ("Google Frontend").
	if lv == m.lower || strings.HasPrefix(lv, m.lower+" ") {
		return true
	}
	for _, tok := range strings.Fields(lv) {
		if tok == m.lower || strings.HasPrefix(tok, m.lower+"/") {
			return true
		}
	}
	return false
}

// shortenEvidence cuts s to n runes, marking the cut with an ellipsis.
func shortenEvidence(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	rs := []rune(s)
	return string(rs[:n]) + "…"
}
