package checks_test

import (
	"bytes"
	"regexp"
	"strings"
	"testing"
	"time"
	"unicode"

	"gatewaydoctor/checks"
	"gatewaydoctor/internal/words"
)

// fullReport is a report with every part the text report writes: the
// website's answer with a redirect chain (a hop that answered, one that did
// not), the outside check, the browsers' own settings, fixes, tried fixes,
// another finding and the helpdesk.
func fullReport() *checks.Report {
	var target checks.Result
	target.ID, target.Status, target.Codes = "reach", checks.StatusOK, []checks.Code{}
	target.Say(checks.Say("summary.reach.all", "Every test site answered.", nil))
	v := checks.Verdict{Code: checks.VerdictWebsiteOrigin, Side: checks.SideWebsite,
		Summary: checks.Verdicts[checks.VerdictWebsiteOrigin].Summary, Secondary: []checks.VerdictCode{checks.VerdictDNSHijack},
		Fixes: []string{"wait_and_retest", "contact_site"}}
	rep := checks.NewReport("https://shop.example/", time.Date(2026, 12, 7, 16, 0, 0, 0, time.UTC), 4200*time.Millisecond, checks.Results{target}, v)
	rep.FirstVerdictMS = 1500
	rep.Tried = []string{"retest"}
	rep.Helpdesk = &checks.Contact{Name: "IT", Email: "it@corp.example"}
	rep.HTTP = &checks.HTTPReport{Status: 502, Producer: "nginx", Role: checks.RoleOrigin, Path: checks.PathDirect,
		TimingsMS: map[string]int64{"dns": 12, "connect": 3, "tls": 20, "ttfb": 40},
		Hops: []checks.HopReport{
			{URL: "https://shop.example/", Status: 302, Producer: "nginx", Path: checks.PathDirect},
			{URL: "https://pay.example/", Path: checks.PathDirect, Error: "connect: connection refused"},
		}}
	rep.Outside = &checks.OutsideReport{Service: "globalping", AskedAt: time.Date(2026, 12, 7, 16, 0, 5, 0, time.UTC),
		Places: []checks.OutsidePlace{
			{Country: "DE", City: "Berlin", Status: 502, Producer: "nginx"},
			{Country: "US", City: "Dallas", Status: 200},
			{Country: "JP", City: "Tokyo", Error: "connect: connection timed out"},
			{Country: "BR", City: "São Paulo", NoResult: true, Error: "the probe went offline"},
		}}
	rep.Browsers = []checks.BrowserReport{
		{Browser: "firefox", Source: "prefs.js", DoH: &checks.DoH{Mode: checks.DoHSecure, Templates: []string{"https://dns.quad9.net/dns-query"}}},
		{Browser: "edge", Source: "managed preferences", Proxy: "http://192.0.2.8:3128", Locked: true},
	}
	return rep
}

// withOutsideError is fullReport whose outside check failed.
func withOutsideError() *checks.Report {
	rep := fullReport()
	rep.Outside.Places, rep.Outside.ErrorCode, rep.Outside.Error = nil, "timeout", "The measurement service did not answer in time."
	return rep
}

// fullReportEnglish is fullReport's text report as `check` has always
// written it; the website-side line and the verdict's sentence are en.json's,
// as the wizard says them.
const fullReportEnglish = `Gateway Doctor 0.1.0: https://shop.example/
Checked Mon, 07 Dec 2026 16:00:00 UTC, in 4.2 s (first verdict after 1.5 s)

The website's own server is failing behind its front door (the service that delivers it).
Whose problem: the website (website_origin)
Nothing on your computer can fix this.
Also seen (dns_hijack): Your network's address book (DNS), which turns website names into addresses, gives wrong answers.

What to try, in order:
  1. wait_and_retest
  2. contact_site

Already tried: retest

The website's answer:
  HTTP 502 made by nginx (origin), path direct
  dns 12 ms, connect 3 ms, tls 20 ms, ttfb 40 ms
  hop 1: https://shop.example/: HTTP 302 made by nginx
  hop 2: https://pay.example/: no answer (connect: connection refused)

From other places (globalping, asked 16:00:05 UTC; only the web address was sent):
  DE Berlin              HTTP 502 made by nginx
  US Dallas              HTTP 200
  JP Tokyo               connect: connection timed out
  BR São Paulo           the probe went offline

Browsers' own settings (they bypass the system's):
  firefox   DNS over HTTPS secure (https://dns.quad9.net/dns-query) [prefs.js]
  edge      proxy http://192.0.2.8:3128 [managed preferences, set by policy]

Every check:
  [ok     ] reach              Every test site answered.

Helpdesk: IT, it@corp.example
`

// text renders rep's text report, in lang when tr is set.
func text(t *testing.T, rep *checks.Report, lang string, tr checks.Translator) string {
	t.Helper()
	if tr != nil {
		rep = rep.Localized(lang, tr)
	}
	var b bytes.Buffer
	if err := rep.WriteText(&b, nil); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// TestTextReportEnglishStays: the keyed labels say in English what the
// report always said, byte for byte, whether no language is given or
// English is (the words come from en.json then).
func TestTextReportEnglishStays(t *testing.T) {
	en, ok := words.Load("en")
	if !ok {
		t.Fatal("no English translations")
	}
	if got := text(t, fullReport(), "", nil); got != fullReportEnglish {
		t.Errorf("the English report changed:\n%s\nwant:\n%s", got, fullReportEnglish)
	}
	for _, rep := range []*checks.Report{fullReport(), withOutsideError()} {
		plain, said := text(t, rep, "", nil), text(t, rep, "en", en.Translator())
		if plain != said {
			t.Errorf("en.json says the report otherwise than its code:\n%s\nwant:\n%s", said, plain)
		}
	}
	if got := text(t, withOutsideError(), "", nil); !strings.Contains(got, "  The measurement service did not answer in time. The verdict above is from this computer alone.\n") {
		t.Errorf("the outside check's failure is not said as it was:\n%s", got)
	}
}

// englishLeft are the English words of the text report's labels and
// technical lines; none is left in another language.
var englishLeft = []string{"Checked", "Whose problem", "Nothing on", "Also seen", "What to try", "Already tried",
	"The website's answer", "made by", "path direct", "no answer", "hop 1", "hop 2", "From other places", "asked 16",
	"only the web address", "the probe went offline", "Browsers' own settings", "bypass", "DNS over HTTPS", "set by policy",
	"Every check", "Mon, 07 Dec", "The verdict above", "did not answer in time"}

// keptAsData are the codes, numbers and data the report shows in every
// language, so a helpdesk reads them in any.
var keptAsData = []string{"https://shop.example/", "website_origin", "dns_hijack", "HTTP 502", "nginx", "(origin)", "direct",
	"dns 12 ms, connect 3 ms, tls 20 ms, ttfb 40 ms", "HTTP 302", "https://pay.example/", "connect: connection refused",
	"DE Berlin", "US Dallas              HTTP 200", "connect: connection timed out", "BR São Paulo", "globalping", "16:00:05 UTC",
	"firefox", "secure (https://dns.quad9.net/dns-query) [prefs.js]", "http://192.0.2.8:3128 [managed preferences, ",
	"[ok     ] reach", "IT, it@corp.example", "2026-12-07 16:00:00 UTC"}

// fields are a template's {{.Name}} fields.
var fields = regexp.MustCompile(`\{\{[^}]*\}\}`)

// TestTextReportInEveryLanguage: rendered in German, French, Spanish and
// Italian, every part of the text report (the verdict, the website's answer
// and its redirect hops, the outside check, the browsers' own settings, the
// checks) says its words in that language: no English label is left, and in
// German none of the English words of any key the report said. The codes,
// numbers and data stay as they are.
func TestTextReportInEveryLanguage(t *testing.T) {
	en, _ := words.Load("en")
	for _, lang := range []string{"de", "fr", "es", "it"} {
		t.Run(lang, func(t *testing.T) {
			d, ok := words.Load(lang)
			if !ok {
				t.Fatalf("no %s translations", lang)
			}
			said := map[string]bool{}
			tr := d.Translator()
			record := func(tx checks.Text) string {
				said[tx.Key] = true
				return tr(tx)
			}
			out := text(t, fullReport(), lang, record) + text(t, withOutsideError(), lang, record)
			for _, w := range englishLeft {
				if strings.Contains(out, w) {
					t.Errorf("English %q is left in the %s report", w, lang)
				}
			}
			for _, w := range keptAsData {
				if !strings.Contains(out, w) {
					t.Errorf("the %s report lost %q", lang, w)
				}
			}
			if want := d["outside.error.timeout"]; !strings.Contains(out, want) {
				t.Errorf("the outside check's failure is not said in %s (%q)", lang, want)
			}
			if lang != "de" {
				return
			}
			// French, Spanish and Italian write "proxy" too: the words of
			// every key are compared for German, which writes them all its
			// own way.
			for key := range said {
				for _, piece := range fields.Split(en[key], -1) {
					piece = strings.Trim(piece, " ():;,.")
					// The product's name, and a word German and Italian
					// borrowed.
					if letters(piece) < 4 || piece == "Gateway Doctor" || piece == "Helpdesk" {
						continue
					}
					if strings.Contains(out, piece) {
						t.Errorf("%s: its English %q is left in the German report", key, piece)
					}
				}
			}
			t.Logf("the German report:\n%s", out)
		})
	}
}

// letters counts the letters of s.
func letters(s string) int {
	n := 0
	for _, r := range s {
		if unicode.IsLetter(r) {
			n++
		}
	}
	return n
}

// TestVerdictEnglishIsEnJSON: every verdict's English sentence, the one
// `check` prints, is en.json's "verdict.<code>", the one the wizard says
// and the other languages translate: one English, not two.
func TestVerdictEnglishIsEnJSON(t *testing.T) {
	en, _ := words.Load("en")
	if len(checks.Verdicts) < 20 {
		t.Fatalf("only %d verdicts in the table", len(checks.Verdicts))
	}
	for code, info := range checks.Verdicts {
		want := en["verdict."+string(code)]
		if want == "" || strings.Contains(want, "{{") {
			t.Errorf("%s: en.json's sentence %q is missing or has fields", code, want)
		}
		if info.Summary != want {
			t.Errorf("%s: the engine says %q, en.json %q", code, info.Summary, want)
		}
		v := checks.Verdict{Code: code, Side: info.Side, Summary: info.Summary}
		if got := v.Sentence().Render(en.Translator()); got != info.Summary {
			t.Errorf("%s: the sentence renders %q in English, the report says %q", code, got, info.Summary)
		}
	}
}
