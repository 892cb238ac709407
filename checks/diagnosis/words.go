package diagnosis

import (
	"fmt"
	"net/url"
	"slices"
	"strings"

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

// word makes the verdict's sentence name what the evidence names: the
// failing hop of a redirect chain, the name that does not exist, the
// issuer of an inspecting product, the reason a site turned the visitor
// away, a proxy's policy block. Params carry the same names for faces that
// word the sentence themselves.
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
		if parent != "" {
			v.Summary = fmt.Sprintf("%s does not exist; %s does. Check the address for a typing mistake.", name, parent)
		} else if name != "" {
			v.Summary = fmt.Sprintf("The name %s does not exist: no address book (DNS) on the internet knows it. Check the address for a typing mistake.", name)
		}
	case checks.VerdictTLSIntercepted:
		issuer := interceptedBy(f)
		set("issuer", issuer)
		v.Summary = fmt.Sprintf("Every secure website, not only this one, is re-signed on its way to this computer by %q, which this computer does not trust: a security program's HTTPS scanning or an inspecting proxy.", issuer)
	case checks.VerdictBlockedBySite:
		set("producer", primary.Producer.Title)
		set("reason", primary.Block)
		if primary.RetryAfter > 0 {
			set("retry_after", fmt.Sprint(int(primary.RetryAfter.Seconds())))
		}
		who := "The website"
		if primary.Producer.Title != "" {
			who = fmt.Sprintf("The website's protection (%s)", primary.Producer.Title)
		}
		v.Summary = fmt.Sprintf("%s turns this visitor away on purpose (%s). Changing settings here would not help.", who, primary.Block)
	case checks.VerdictLocalProxy:
		if t.Has(checks.CodeProxyPolicyBlock) {
			set("proxy", primary.Producer.Title)
			v.Summary = "Your organisation's proxy blocks this site. Ask your helpdesk whether it should."
		}
	}
	if hops := primary.Hops; t.Has(checks.CodeRedirectHop) && len(hops) > 1 && v.Side == checks.SideWebsite {
		from, to := hops[0], hops[len(hops)-1]
		set("from", hostOf(from.URL))
		set("hop", hostOf(to.URL))
		if hostOf(from.URL) != hostOf(to.URL) {
			v.Summary = fmt.Sprintf("%s sends you to %s, and there it fails: %s", hostOf(from.URL), hostOf(to.URL), strings.ToLower(v.Summary[:1])+v.Summary[1:])
		}
	}
}

// hostOf is the host of a URL for a sentence.
func hostOf(raw string) string {
	if u, err := url.Parse(raw); err == nil && u.Hostname() != "" {
		return u.Hostname()
	}
	return raw
}
