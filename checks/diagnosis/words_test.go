package diagnosis_test

import (
	"regexp"
	"strings"
	"testing"
	"time"

	"gatewaydoctor/checks"
	"gatewaydoctor/checks/diagnosis"
	"gatewaydoctor/internal/words"
)

// wordedCase is a run whose verdict's sentence names what the evidence
// found: its English as the report has always said it, the names it must
// say in every language, and a piece of its German and French.
type wordedCase struct {
	name    string
	rs      checks.Results
	code    checks.VerdictCode
	english string
	names   []string
	de, fr  string
}

func wordedCases() []wordedCase {
	const av = "Example Antivirus Web Shield Root"
	nxParent := targetFails(checks.CodeTargetNXDomain, checks.CodeNameNotFound, checks.CodeParentExists)
	nxParent.Details = map[string]any{"name": "shop.example.com", "parent": "example.com"}
	nx := targetFails(checks.CodeTargetNXDomain, checks.CodeNameNotFound)
	nx.Details = map[string]any{"name": "shop.example.com"}
	intercepted := withPrimary(targetFails(checks.CodeTLSInvalid, checks.CodeTLSUntrustedIssuer), checks.Attempt{Failure: checks.CodeTLSInvalid, Issuer: av})
	blocked := withPrimary(targetFails(checks.CodeHTTPStatus, checks.CodeBlockedBySite, checks.CodeProducerEdge),
		checks.Attempt{Status: 403, Block: "Cloudflare error 1020: access denied", Producer: checks.Producer{Name: "cloudflare", Title: "Cloudflare"}, RetryAfter: 30 * time.Second})
	limited := withPrimary(targetFails(checks.CodeHTTPStatus, checks.CodeBlockedBySite), checks.Attempt{Status: 429, Block: "rate limited"})
	policy := withPrimary(targetFails(checks.CodeHTTPStatus, checks.CodeProducerUserSide, checks.CodeProxyMadeError, checks.CodeProxyPolicyBlock, checks.CodeProxyPathFails),
		checks.Attempt{Status: 403, Producer: checks.Producer{Name: "squid", Title: "Squid"}})
	hop := withPrimary(targetFails(checks.CodeHTTP5xx, checks.CodeProducerOrigin, checks.CodeRedirectHop), checks.Attempt{Status: 502,
		Hops: []checks.Hop{{URL: "https://shop.example/checkout", Status: 302}, {URL: "https://pay.example/session", Status: 502}}})
	return []wordedCase{
		{"a name that does not exist under one that does", checks.Results{nxParent, res("dns.resolve", checks.CodeDNSAllFail)}, checks.VerdictNameNotFound,
			"shop.example.com does not exist; example.com does. Check the address for a typing mistake.",
			[]string{"shop.example.com", "example.com"}, "gibt es nicht", "n'existe pas"},
		{"a name that does not exist", checks.Results{nx, res("dns.resolve", checks.CodeDNSAllFail)}, checks.VerdictNameNotFound,
			"The name shop.example.com does not exist: no address book (DNS) on the internet knows it. Check the address for a typing mistake.",
			[]string{"shop.example.com"}, "Den Namen shop.example.com gibt es nicht", "Le nom shop.example.com n'existe pas"},
		{"interception by a named issuer", checks.Results{intercepted, reachIssuers(av), res("clock")}, checks.VerdictTLSIntercepted,
			`Every secure website, not only this one, is re-signed on its way to this computer by "Example Antivirus Web Shield Root", which this computer does not trust: a security program's HTTPS scanning or an inspecting proxy.`,
			[]string{av}, "„" + av + "“", "« " + av + " »"},
		{"a block by the site's protection", checks.Results{blocked}, checks.VerdictBlockedBySite,
			"The website's protection (Cloudflare) turns this visitor away on purpose (Cloudflare error 1020: access denied). Changing settings here would not help.",
			[]string{"Cloudflare", "Cloudflare error 1020: access denied"}, "weist diesen Besucher absichtlich ab", "refuse volontairement ce visiteur"},
		{"a block by the site itself", checks.Results{limited}, checks.VerdictBlockedBySite,
			"The website turns this visitor away on purpose (rate limited). Changing settings here would not help.",
			[]string{"rate limited"}, "Die Website weist diesen Besucher absichtlich ab", "Le site refuse volontairement ce visiteur"},
		{"the proxy's policy", checks.Results{policy}, checks.VerdictLocalProxy,
			"Your organisation's proxy blocks this site. Ask your helpdesk whether it should.",
			nil, "sperrt diese Website. Fragen Sie", "bloque ce site. Demandez"},
		{"a failing hop", checks.Results{hop}, checks.VerdictWebsiteOrigin,
			"shop.example sends you to pay.example, and there it fails: the website's own server is failing behind its front door (the service that delivers it).",
			[]string{"shop.example", "pay.example"}, "weiter, und dort liegt der Fehler – der eigene Server der Website", "et c'est là que ça échoue : le serveur du site web"},
	}
}

// TestVerdictSentenceInEveryLanguage: a verdict whose sentence names what
// the evidence found keeps its English, and says the same names in German
// and French (the CLI's printer, Report.Localized), not a generic sentence
// and not the English one.
func TestVerdictSentenceInEveryLanguage(t *testing.T) {
	for _, tc := range wordedCases() {
		t.Run(tc.name, func(t *testing.T) {
			v := diagnosis.Diagnose(tc.rs)
			if v.Code != tc.code {
				t.Fatalf("verdict %s, want %s", v.Code, tc.code)
			}
			if v.Summary != tc.english {
				t.Errorf("English %q\nwant      %q", v.Summary, tc.english)
			}
			rep := checks.NewReport("https://shop.example/", time.Unix(0, 0), time.Second, tc.rs, v)
			if got := rep.Localized("en", nil).Verdict.Summary; got != tc.english {
				t.Errorf("the English report says %q", got)
			}
			for _, l := range []struct{ code, piece string }{{"de", tc.de}, {"fr", tc.fr}} {
				dict, ok := words.Load(l.code)
				if !ok {
					t.Fatalf("no %s", l.code)
				}
				got := rep.Localized(l.code, dict.Translator()).Verdict.Summary
				if got == tc.english || strings.Contains(got, "Check the address") || strings.Contains(got, "would not help") || strings.Contains(got, "sends you to") {
					t.Errorf("%s: the sentence is in English: %q", l.code, got)
				}
				for _, n := range tc.names {
					if !strings.Contains(got, n) {
						t.Errorf("%s: %q does not name %q", l.code, got, n)
					}
				}
				if !strings.Contains(got, l.piece) {
					t.Errorf("%s: %q lacks %q", l.code, got, l.piece)
				}
				if strings.Contains(got, "{{") || strings.Contains(got, "<no value>") {
					t.Errorf("%s: an unfilled field in %q", l.code, got)
				}
			}
		})
	}
}

// field is a template's named field, as the translations write it.
var field = regexp.MustCompile(`\{\{\.(\w+)\}\}`)

// TestVerdictKeysMatchParams: every verdict code has its sentence in
// en.json, and each sentence the engine words uses only the params
// Diagnose set for that verdict (a sentence inside another is its own
// argument, and is held to the same rule).
func TestVerdictKeysMatchParams(t *testing.T) {
	en, ok := words.Load("en")
	if !ok {
		t.Fatal("no en.json")
	}
	for code := range checks.Verdicts {
		s := checks.Verdict{Code: code}.Sentence()
		if s.Key != "verdict."+string(code) {
			t.Errorf("%s: a verdict without params is said by %q", code, s.Key)
		}
		if _, ok := en[s.Key]; !ok {
			t.Errorf("en.json lacks %q", s.Key)
		}
	}
	var check func(t *testing.T, v checks.Verdict, s checks.Text) int
	check = func(t *testing.T, v checks.Verdict, s checks.Text) int {
		tmpl, ok := en[s.Key]
		if !ok {
			t.Errorf("en.json lacks %q", s.Key)
			return 0
		}
		n := 0
		for _, m := range field.FindAllStringSubmatch(tmpl, -1) {
			name := m[1]
			n++
			switch arg := s.Args[name].(type) {
			case checks.Inner:
				n += check(t, v, arg.Text)
			case string:
				if v.Params[name] != arg {
					t.Errorf("%s uses {{.%s}} = %q, which is not the verdict's param (params %v)", s.Key, name, arg, v.Params)
				}
			default:
				t.Errorf("%s uses {{.%s}}, which the engine does not set (params %v)", s.Key, name, v.Params)
			}
		}
		return n
	}
	for _, tc := range wordedCases() {
		t.Run(tc.name, func(t *testing.T) {
			v := diagnosis.Diagnose(tc.rs)
			s := v.Sentence()
			if s.Key == "verdict."+string(v.Code) {
				t.Errorf("the verdict's sentence is the generic %q (params %v)", s.Key, v.Params)
			}
			if s.Full() != v.Summary {
				t.Errorf("the sentence's English %q is not the summary %q", s.Full(), v.Summary)
			}
			if n := check(t, v, s); n == 0 && len(tc.names) > 0 {
				t.Errorf("%s names nothing, though params %v", s.Key, v.Params)
			}
		})
	}
}

// TestVerdictEvidenceInTheLanguage: the verdict's own evidence lines (a
// check's summary quoted with its ID, "every check passed") follow the
// language; the check's ID stays.
func TestVerdictEvidenceInTheLanguage(t *testing.T) {
	de, _ := words.Load("de")
	reach := res("reach", checks.CodeFirewallBlocked, checks.CodeWebPortBlocked)
	reach.Say(checks.Say("summary.reach.firewall", "Names resolve, but no test site can be reached on its web ports: a firewall seems to block them.", nil))
	for _, tc := range []struct {
		name string
		rs   checks.Results
		en   string
		de   string
	}{
		{"a check's summary", checks.Results{targetFails(checks.CodeConnectTimeout), reach},
			"reach: Names resolve, but no test site can be reached on its web ports: a firewall seems to block them.", "reach: " + de["summary.reach.firewall"]},
		{"nothing to quote", checks.Results{res("reach")}, "every check passed", de["verdict.evidence.all_passed"]},
	} {
		t.Run(tc.name, func(t *testing.T) {
			v := diagnosis.Diagnose(tc.rs)
			rep := checks.NewReport("https://shop.example/", time.Unix(0, 0), time.Second, tc.rs, v)
			if !contains(rep.Verdict.Evidence, tc.en) {
				t.Fatalf("evidence %q lacks %q", rep.Verdict.Evidence, tc.en)
			}
			got := rep.Localized("de", de.Translator()).Verdict.Evidence
			if tc.de == "" || tc.de == tc.en || !contains(got, tc.de) {
				t.Errorf("German evidence %q lacks %q", got, tc.de)
			}
		})
	}
}

func contains(lines []string, s string) bool {
	for _, l := range lines {
		if l == s {
			return true
		}
	}
	return false
}
