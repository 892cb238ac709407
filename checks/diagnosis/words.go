package diagnosis

import (
	"fmt"
	"net/url"
	"slices"

	"gatewaydoctor/checks"
	"gatewaydoctor/checks/localnet"
)

// interceptedBy names the issuer that re-signs both the site and a test
// site, when neither verifies: the mark of HTTPS inspection (an antivirus's
// scanning, an inspecting proxy) whose root this computer does not trust.
// "" when the site's certificate fails alone, or for another reason.
func interceptedBy(f facts) string {
	if !f.hasTarget || f.target.HTTP == nil || !f.target.Has(checks.CodeTLSUntrustedIssuer) {
		return ""
	}
	issuer := f.target.HTTP.Primary.Issuer
	reach, ok := f.rs.ByID(localnet.ReachID)
	if issuer == "" || !ok || !reach.Has(checks.CodeReachTLSUntrusted) {
		return ""
	}
	issuers, _ := reach.Details["tls_issuers"].([]string)
	if !slices.Contains(issuers, issuer) {
		return ""
	}
	return issuer
}

// word gives the verdict the names its sentence says (Params): the name
// that does not exist, the issuer of an inspecting product, the reason a
// site turned the visitor away, a proxy's policy block, the failing hop of
// a redirect chain. The sentence itself is checks.Verdict.Sentence, so the
// report's English and every face's language say the same names.
func word(v *checks.Verdict, f facts) {
	set := func(k, val string) {
		if val == "" {
			return
		}
		if v.Params == nil {
			v.Params = map[string]string{}
		}
		v.Params[k] = val
	}
	t := f.target
	var primary checks.Attempt
	if t.HTTP != nil {
		primary = t.HTTP.Primary
	}
	switch v.Code {
	case checks.VerdictNameNotFound:
		name, _ := t.Details["name"].(string)
		parent, _ := t.Details["parent"].(string)
		set("name", name)
		set("parent", parent)
	case checks.VerdictTLSIntercepted:
		set("issuer", interceptedBy(f))
	case checks.VerdictBlockedBySite:
		set("producer", primary.Producer.Title)
		set("reason", primary.Block)
		if primary.RetryAfter > 0 {
			set("retry_after", fmt.Sprint(int(primary.RetryAfter.Seconds())))
		}
	case checks.VerdictLocalProxy:
		if t.Has(checks.CodeProxyPolicyBlock) {
			set("proxy", primary.Producer.Title)
			set("reason", checks.ReasonPolicy)
		}
	}
	if hops := primary.Hops; t.Has(checks.CodeRedirectHop) && len(hops) > 1 && v.Side == checks.SideWebsite {
		set("from", hostOf(hops[0].URL))
		set("hop", hostOf(hops[len(hops)-1].URL))
	}
	v.Summary = v.Sentence().Full()
}

// hostOf is the host of a URL for a sentence.
func hostOf(raw string) string {
	if u, err := url.Parse(raw); err == nil && u.Hostname() != "" {
		return u.Hostname()
	}
	return raw
}
