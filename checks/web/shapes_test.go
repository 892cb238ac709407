package web

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"gatewaydoctor/checks"
)

func TestProxyReports(t *testing.T) {
	for _, tc := range []struct {
		proxyError string
		direct     checks.Code
		want       bool
	}{
		{"ERR_DNS_FAIL 0", checks.CodeTargetNXDomain, true},
		{"ERR_DNS_FAIL 0", checks.CodeConnectRefused, false},
		{"ERR_CONNECT_FAIL 111", checks.CodeConnectRefused, true},
		{"ERR_CONNECT_FAIL 110", checks.CodeConnectTimeout, true},
		{"ERR_CONNECT_FAIL 111", checks.CodeConnectTimeout, false},
		{"ERR_READ_TIMEOUT 0", checks.CodeConnectTimeout, true},
		{"ERR_READ_ERROR 0", checks.CodeTargetNXDomain, false}, // only with the resolvers' agreement, checked by the caller
		{"ERR_ZERO_SIZE_OBJECT 0", checks.CodeConnectFailed, true},
		{"ERR_ZERO_SIZE_OBJECT 0", checks.CodeTargetDNSError, false}, // a proxy-only network may resolve nothing itself
		{"ERR_CANNOT_FORWARD 0", checks.CodeConnectRefused, true},
		{"ERR_CANNOT_FORWARD 0", "", false}, // direct works: the proxy is the cause
		{"ERR_ACCESS_DENIED 0", checks.CodeConnectRefused, false},
		{"", checks.CodeConnectRefused, false},
	} {
		if got := sameFailure(reportOf(tc.proxyError), checks.Attempt{Failure: tc.direct}); got != tc.want {
			t.Errorf("proxy %q, direct %q: relays the site's failure %v, want %v", tc.proxyError, tc.direct, got, tc.want)
		}
	}
}

func TestBlockOf(t *testing.T) {
	cf := checks.Producer{Name: "cloudflare", Role: checks.RoleEdge}
	for _, tc := range []struct {
		name   string
		status int
		p      checks.Producer
		body   string
		want   string
	}{
		{"Cloudflare 1020", 403, cf, "<h1>Error 1020</h1> Access denied", "Cloudflare error 1020"},
		{"Cloudflare 1015 rate limit", 429, cf, "error code: 1015", "Cloudflare error 1015"},
		{"Akamai reference, entities decoded", 403, checks.Producer{Name: "akamai", Role: checks.RoleEdge}, "<H1>Access Denied</H1>Reference&#32;&#35;18&#46;2f1c", "(Reference #18.2f1c)"},
		{"a plain 429", 429, checks.Producer{}, "slow down", "too many requests"},
		{"a plain 403 is the site's own answer, not a block page", 403, checks.Producer{}, "Forbidden", ""},
		{"the user's proxy's 403 is its policy, not the site's", 403, checks.Producer{Name: "zscaler", Role: checks.RoleUserProxy}, "Access Denied Reference #1", ""},
		{"a 5xx is a failure, not a block", 503, cf, "Error 1020", ""},
	} {
		got, _ := blockOf(tc.status, tc.p, []byte(tc.body))
		if (tc.want == "") != (got == "") || (tc.want != "" && !strings.Contains(got, tc.want)) {
			t.Errorf("%s: %q, want %q", tc.name, got, tc.want)
		}
	}
}

func TestRetryAfter(t *testing.T) {
	now := time.Date(2026, 12, 7, 14, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		v    string
		want time.Duration
	}{
		{"120", 2 * time.Minute},
		{"Mon, 07 Dec 2026 14:00:30 GMT", 30 * time.Second},
		{"999999999", maxRetryAfter},
		{"soon", 0},
		{"", 0},
	} {
		if got := retryAfter(http.Header{"Retry-After": {tc.v}}, now); got != tc.want {
			t.Errorf("Retry-After %q: %v, want %v", tc.v, got, tc.want)
		}
	}
}

// TestBlockText: every block page's reason, with or without Akamai's
// reference number, comes back as its key, so the evidence line follows
// the person's language; an unknown reason stays as it is.
func TestBlockText(t *testing.T) {
	for _, b := range blockPages {
		if got := blockText(b.reason.English); got.Key != b.reason.Key {
			t.Errorf("%q: key %q, want %q", b.reason.English, got.Key, b.reason.Key)
		}
	}
	ref := blockText("Akamai: access denied (Reference #18.2a3b4c5d.1700000000.6e7f8a9b)")
	if ref.Key != "evidence.web.block.reference" || ref.Args["Ref"] != "18.2a3b4c5d.1700000000.6e7f8a9b" ||
		ref.English != "Akamai: access denied (Reference #18.2a3b4c5d.1700000000.6e7f8a9b)" {
		t.Errorf("with a reference: %+v", ref)
	}
	if other := blockText("something new"); other.Key != "evidence.web.block.other" || other.English != "something new" {
		t.Errorf("unknown: %+v", other)
	}
}
