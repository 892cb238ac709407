package checks

import "time"

// Path is how the target was fetched (DESIGN.md, "http.path").
type Path string

// The fetch paths of the report contract.
const (
	PathDirect Path = "direct" // no proxy, system resolver
	PathProxy  Path = "proxy"  // through the proxy the browser would use
	PathPinned Path = "pinned" // connected to an address from a reference resolver
)

// Timings are the phases of one request (one hop of a fetch), from
// net/http/httptrace: the report's "timings_ms". An attempt's are those of
// its last hop, whose answer it reports; the top-level http.timings_ms are
// the primary attempt's. A phase that did not happen is 0: no lookup for
// an address or a pinned fetch, no TLS over http://, nothing after a
// failure.
type Timings struct {
	// DNS is the lookup of the site's name on the system path (the first
	// fetches share one lookup, so each reports its wait for it).
	DNS time.Duration
	// Connect is the TCP connection: from the first dial to an open
	// connection, every address tried (to the proxy, through a proxy).
	Connect time.Duration
	// TLS is the TLS handshake, certificate check included.
	TLS time.Duration
	// TTFB is from the start of the request (before the lookup) to the
	// first byte of the answer: it includes DNS, Connect and TLS, and then
	// the request's own round trip and the server's time.
	TTFB time.Duration
}

// Attempt is one fetch of the target on one path.
type Attempt struct {
	Path     Path
	Try      int      // 0 for the first fetch, 1… for retests
	Via      string   // the proxy URL, or the pinned address
	Status   int      // 0 when no HTTP answer came
	Producer Producer // who made an error answer
	Failure  Code     // CodeConnectRefused, CodeConnectTimeout, CodeTLSInvalid, …; "" when an answer came
	Err      string   // the technical error, for the expert view
	Timings  Timings
	Headers  []string // the few headers that identify the producer
	// Hops are the requests of this fetch, first to last: one when the
	// site answered at once, more when it redirected. The fields above
	// describe the last hop, the one whose answer (or failure) counts.
	Hops []Hop
	// Issuer names who signed the certificate that failed verification
	// (its issuer's common name or organisation), when TLS failed because
	// this system does not trust that issuer.
	Issuer string
	// Block is why the site turned this visitor away, when the answer is a
	// block page or a rate limit ("Cloudflare error 1020: access denied");
	// RetryAfter is the wait the site asked for, 0 when it named none.
	Block      string
	RetryAfter time.Duration
	// ProxyError is the user's proxy's own name for the error it reported
	// (Squid's X-Squid-Error, "ERR_CONNECT_FAIL 111"), when it made the page.
	ProxyError string
	// Took is the whole fetch, every hop included.
	Took time.Duration
}

// Hop is one request of a redirect chain: each is a new request with its
// own lookup, proxy decision, TLS server name and certificate check.
type Hop struct {
	URL      string
	Path     Path
	Via      string
	Status   int
	Producer Producer
	Failure  Code
	Err      string
	Timings  Timings
}

// Failed reports whether the attempt shows a problem: no answer, or a 5xx,
// or a proxy's 407.
func (a Attempt) Failed() bool {
	return a.Status == 0 || a.Status >= 500 || a.Status == 407
}

// HTTPOutcome is everything the target check saw, on every path it tried.
type HTTPOutcome struct {
	// Primary is the first fetch on the path the browser uses.
	Primary Attempt
	// Attempts holds every fetch, retests included, in the order they ended.
	Attempts []Attempt
}
