package checks

import "slices"

// VerdictCode names whose problem it is and why (DESIGN.md, "Verdict codes").
type VerdictCode string

// Side is whose problem a verdict is.
type Side string

// The sides of the report contract.
const (
	SideComputer Side = "computer"
	SideNetwork  Side = "network"
	SideProxy    Side = "proxy"
	SideWebsite  Side = "website"
)

// The verdict codes of the report contract.
const (
	VerdictOK                 VerdictCode = "ok"
	VerdictIntermittent       VerdictCode = "intermittent"
	VerdictWebsiteOrigin      VerdictCode = "website_origin"
	VerdictWebsiteEdge        VerdictCode = "website_edge"
	VerdictWebsiteDown        VerdictCode = "website_down"
	VerdictLocalProxy         VerdictCode = "local_proxy"
	VerdictProxyAuthRequired  VerdictCode = "proxy_auth_required"
	VerdictProxyUnreachable   VerdictCode = "proxy_unreachable"
	VerdictDNSFailure         VerdictCode = "dns_failure"
	VerdictDNSHijack          VerdictCode = "dns_hijack"
	VerdictHostsOverride      VerdictCode = "hosts_override"
	VerdictCaptivePortal      VerdictCode = "captive_portal"
	VerdictNoNetwork          VerdictCode = "no_network"
	VerdictGatewayUnreachable VerdictCode = "gateway_unreachable"
	VerdictNoInternet         VerdictCode = "no_internet"
	VerdictFirewallBlocked    VerdictCode = "firewall_blocked"
	VerdictClockSkew          VerdictCode = "clock_skew"
	VerdictTLSError           VerdictCode = "tls_error"
	VerdictTLSIntercepted     VerdictCode = "tls_intercepted"
	VerdictNameNotFound       VerdictCode = "name_not_found"
	VerdictRedirectLoop       VerdictCode = "redirect_loop"
	VerdictBlockedBySite      VerdictCode = "blocked_by_site"
	VerdictWorksElsewhere     VerdictCode = "works_elsewhere"
)

// VerdictInfo is the fixed part of a verdict: its side, its plain summary
// and the fixes to offer first, in order.
type VerdictInfo struct {
	Side Side
	// Summary is the verdict's sentence in English: en.json's
	// "verdict.<code>", read from there (withSentences).
	Summary string
	Fixes   []string
}

// Verdicts is the contract table of DESIGN.md: each code's side and the
// fixes to offer first. Its sentences are en.json's "verdict.<code>", the
// one English that the report, the CLI and the wizard say and that the other
// languages translate, so they cannot drift apart.
var Verdicts = withSentences(map[VerdictCode]VerdictInfo{
	VerdictOK:                 {Side: SideComputer, Fixes: []string{"retest", "private_window", "clear_browser_cache", "safe_mode_browser", "other_browser", "restart_browser"}},
	VerdictIntermittent:       {Side: SideWebsite, Fixes: []string{"wait_and_retest", "retest"}},
	VerdictWebsiteOrigin:      {Side: SideWebsite, Fixes: []string{"wait_and_retest", "contact_site"}},
	VerdictWebsiteEdge:        {Side: SideWebsite, Fixes: []string{"wait_and_retest", "contact_site"}},
	VerdictWebsiteDown:        {Side: SideWebsite, Fixes: []string{"wait_and_retest", "contact_site"}},
	VerdictLocalProxy:         {Side: SideProxy, Fixes: []string{"proxy_settings", "contact_helpdesk"}},
	VerdictProxyAuthRequired:  {Side: SideProxy, Fixes: []string{"contact_helpdesk"}},
	VerdictProxyUnreachable:   {Side: SideProxy, Fixes: []string{"proxy_settings", "contact_helpdesk"}},
	VerdictDNSFailure:         {Side: SideNetwork, Fixes: []string{"flush_dns", "switch_dns"}},
	VerdictDNSHijack:          {Side: SideNetwork, Fixes: []string{"switch_dns", "contact_isp"}},
	VerdictHostsOverride:      {Side: SideComputer, Fixes: []string{"hosts_file"}},
	VerdictCaptivePortal:      {Side: SideNetwork, Fixes: []string{"open_portal"}},
	VerdictNoNetwork:          {Side: SideComputer, Fixes: []string{"check_connection", "restart_computer"}},
	VerdictGatewayUnreachable: {Side: SideNetwork, Fixes: []string{"restart_router"}},
	VerdictNoInternet:         {Side: SideNetwork, Fixes: []string{"restart_router", "contact_isp"}},
	VerdictFirewallBlocked:    {Side: SideComputer, Fixes: []string{"contact_helpdesk"}},
	VerdictClockSkew:          {Side: SideComputer, Fixes: []string{"fix_clock"}},
	VerdictTLSError:           {Side: SideWebsite, Fixes: []string{"contact_site"}},
	VerdictTLSIntercepted:     {Side: SideComputer, Fixes: []string{"security_software", "contact_helpdesk"}},
	VerdictNameNotFound:       {Side: SideWebsite, Fixes: []string{"check_address", "contact_site"}},
	VerdictRedirectLoop:       {Side: SideWebsite, Fixes: []string{"wait_and_retest", "contact_site"}},
	VerdictBlockedBySite:      {Side: SideWebsite, Fixes: []string{"wait_and_retest", "contact_site"}},
	VerdictWorksElsewhere:     {Side: SideNetwork, Fixes: []string{"other_network", "contact_isp"}},
})

// Verdict is the diagnosis: one code, its side, a plain sentence, the
// evidence for it, the fixes in order, and the other findings that hold.
type Verdict struct {
	Code      VerdictCode   `json:"code"`
	Side      Side          `json:"side"`
	Summary   string        `json:"summary"`
	Evidence  []string      `json:"evidence"`
	Fixes     []string      `json:"-"`
	Secondary []VerdictCode `json:"secondary,omitempty"`
	// EvidenceText keys the evidence lines for the faces, like a result's
	// (Result.Saw); a verdict read back from JSON has it no more.
	EvidenceText []Text `json:"-"`
	// Params are the names the verdict's sentence refers to (Sentence):
	// "name" and "parent" (name_not_found), "issuer" (tls_intercepted),
	// "hop" and "from" (a failing redirect hop), "producer", "reason" and
	// "retry_after" (blocked_by_site), "proxy" and "reason" "policy" (a
	// proxy's policy block, local_proxy). They are in the JSON, so the
	// sentence can be said again from a report read back.
	Params map[string]string `json:"params,omitempty"`
	// Provisional is set on a verdict sent before the run ended: the
	// retests may still confirm it, turn it into intermittent, or a closer
	// cause may replace it. A finished run's verdict is never provisional.
	Provisional bool `json:"-"`
}

// Saw adds an evidence line of the verdict's own from t (the outside
// check's, the browsers' DNS over HTTPS), keeping the English in Evidence.
func (v *Verdict) Saw(t Text) {
	v.Evidence = append(slices.Clone(v.Evidence), t.English)
	v.EvidenceText = append(slices.Clone(v.EvidenceText), t)
}

// IsWebsiteSide reports whether nothing on the user's side can help.
func (v Verdict) IsWebsiteSide() bool { return v.Side == SideWebsite }

// Sentence is the verdict's sentence as a translation key with its named
// params, for the faces to say in the person's language: the code's own
// sentence ("verdict.<code>", its English from Verdicts), or, when Params
// name what the evidence found, a sentence that names it (the name that
// does not exist, the issuer that re-signs, the failing hop). Its English
// is the report's Summary (Diagnose sets one from the other).
func (v Verdict) Sentence() Text {
	p := v.Params
	args := Args{}
	for k, val := range p {
		args[k] = val
	}
	t := Text{Key: "verdict." + string(v.Code), English: Verdicts[v.Code].Summary}
	if t.English == "" {
		t.English = v.Summary
	}
	switch {
	case v.Code == VerdictNameNotFound && p["name"] != "" && p["parent"] != "":
		t = Say("verdict.name_not_found.parent", "{{.name}} does not exist; {{.parent}} does. Check the address for a typing mistake.", args)
	case v.Code == VerdictNameNotFound && p["name"] != "":
		t = Say("verdict.name_not_found.name", "The name {{.name}} does not exist: no address book (DNS) on the internet knows it. Check the address for a typing mistake.", args)
	case v.Code == VerdictTLSIntercepted && p["issuer"] != "":
		t = Say("verdict.tls_intercepted.issuer", "Every secure website, not only this one, is re-signed on its way to this computer by \"{{.issuer}}\", which this computer does not trust: a security program's HTTPS scanning or an inspecting proxy.", args)
	case v.Code == VerdictBlockedBySite && p["reason"] != "" && p["producer"] != "":
		t = Say("verdict.blocked_by_site.producer", "The website's protection ({{.producer}}) turns this visitor away on purpose ({{.reason}}). Changing settings here would not help.", args)
	case v.Code == VerdictBlockedBySite && p["reason"] != "":
		t = Say("verdict.blocked_by_site.reason", "The website turns this visitor away on purpose ({{.reason}}). Changing settings here would not help.", args)
	case v.Code == VerdictLocalProxy && p["reason"] == ReasonPolicy:
		t = Say("verdict.local_proxy.policy", "Your organisation's proxy blocks this site. Ask your helpdesk whether it should.", args)
	}
	if from, hop := p["from"], p["hop"]; from != "" && hop != "" && from != hop {
		hopArgs := Args{"what": Inner{Text: t, Lower: true}}
		for k, val := range args {
			hopArgs[k] = val
		}
		t = Say("verdict.hop", "{{.from}} sends you to {{.hop}}, and there it fails: {{.what}}", hopArgs)
	}
	return t
}

// ReasonPolicy is the "reason" param of a local_proxy verdict when the
// proxy blocks the site by its policy rather than failing.
const ReasonPolicy = "policy"
