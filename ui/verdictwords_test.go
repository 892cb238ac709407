package ui

import (
	"strings"
	"testing"

	"gatewaydoctor/checks"
)

// TestVerdictSentenceNamesTheEvidence: the wizard says a worded verdict's
// sentence with its names in the chosen language (not the generic
// sentence, not the English), and in English as the report says it.
func TestVerdictSentenceNamesTheEvidence(t *testing.T) {
	t.Cleanup(func() { _ = loadTranslations("en") })
	for _, tc := range []struct {
		name   string
		v      checks.Verdict
		names  []string
		en, de string
	}{
		{"a name that does not exist", checks.Verdict{Code: checks.VerdictNameNotFound, Params: map[string]string{"name": "shpo.example", "parent": "example"}},
			[]string{"shpo.example", "example"}, "shpo.example does not exist; example does.", "shpo.example gibt es nicht, example aber schon."},
		{"an issuer", checks.Verdict{Code: checks.VerdictTLSIntercepted, Params: map[string]string{"issuer": "Acme Shield"}},
			[]string{"Acme Shield"}, `by "Acme Shield", which`, "von „Acme Shield“ neu unterschrieben"},
		{"a failing hop", checks.Verdict{Code: checks.VerdictWebsiteDown, Side: checks.SideWebsite, Params: map[string]string{"from": "shop.example", "hop": "pay.example"}},
			[]string{"shop.example", "pay.example"}, "shop.example sends you to pay.example, and there it fails: the website does not answer",
			"shop.example leitet Sie zu pay.example weiter, und dort liegt der Fehler – die Website antwortet nicht"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			for _, l := range []struct{ code, want string }{{"en", tc.en}, {"de", tc.de}} {
				if err := loadTranslations(l.code); err != nil {
					t.Fatal(err)
				}
				got := verdictSentence(tc.v)
				if !strings.Contains(got, l.want) {
					t.Errorf("%s: %q lacks %q", l.code, got, l.want)
				}
				for _, n := range tc.names {
					if !strings.Contains(got, n) {
						t.Errorf("%s: %q does not name %q", l.code, got, n)
					}
				}
			}
		})
	}
}

// TestCurrentLanguage: the report is localized to the language shown.
func TestCurrentLanguage(t *testing.T) {
	t.Cleanup(func() { _ = loadTranslations("en") })
	for _, code := range []string{"de", "fr", "es", "it", "en"} {
		if err := loadTranslations(code); err != nil {
			t.Fatal(err)
		}
		if got := currentLanguage(); got != code {
			t.Errorf("language %q shown, currentLanguage says %q", code, got)
		}
	}
}
