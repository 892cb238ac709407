package main

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"gatewaydoctor/checks"
	"gatewaydoctor/checks/engine"
	"gatewaydoctor/internal/lab"
	"gatewaydoctor/internal/words"
)

// labCheck runs `check` against a healthy loopback lab site with the
// locale env and args, and returns what it printed.
func labCheck(t *testing.T, env map[string]string, args ...string) string {
	t.Helper()
	l := lab.New(t)
	s := lab.NewSite(t).Script(lab.Response{Status: 200, Body: "welcome"})
	u := l.AddSite(t, "shop.test", s, "/")
	oldEngine, oldEnv := checkEngine, getenv
	t.Cleanup(func() { checkEngine, getenv = oldEngine, oldEnv })
	checkEngine = func(e *engine.Engine) { e.Env = l.EnvFunc(nil) }
	getenv = func(k string) string { return env[k] }
	var out, errb bytes.Buffer
	stdout, stderr = &out, &errb
	if code := runCheck(append(args, u.String())); code != exitOK {
		t.Fatalf("exit %d, stderr %q\n%s", code, errb.String(), out.String())
	}
	return out.String()
}

// TestCheckSpeaksTheLanguage: `check` prints the checks' sentences and the
// report's labels in --lang's language, else the locale's, else English.
func TestCheckSpeaksTheLanguage(t *testing.T) {
	de, _ := words.Load("de")
	for _, tc := range []struct {
		name string
		env  map[string]string
		args []string
		want []string
	}{
		{"--lang de", nil, []string{"--lang", "de"},
			[]string{de["verdict.ok"], "shop.test hat die Adresse", "Alle Testseiten haben geantwortet.", "Alle Prüfungen:", "Der Router antwortet"}},
		{"a French locale", map[string]string{"LANG": "fr_FR.UTF-8"}, nil,
			[]string{"shop.test a l'adresse", "Tous les sites de test ont répondu.", "Toutes les vérifications:"}},
		{"--lang beats the locale", map[string]string{"LANG": "fr_FR.UTF-8"}, []string{"--lang", "it"},
			[]string{"shop.test ha l'indirizzo", "Tutti i controlli:"}},
		{"a C locale is English", map[string]string{"LANG": "C.UTF-8", "LANGUAGE": "de"}, nil,
			[]string{checks.Verdicts[checks.VerdictOK].Summary, "shop.test resolves to", "Every test site answered.", "Every check:"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := labCheck(t, tc.env, tc.args...)
			for _, w := range tc.want {
				if !strings.Contains(got, w) {
					t.Errorf("output lacks %q:\n%s", w, got)
				}
			}
		})
	}
}

// TestCheckJSONFollowsLang: the JSON report says its language, its text
// fields follow it, and its codes do not.
func TestCheckJSONFollowsLang(t *testing.T) {
	var rep checks.Report
	if err := json.Unmarshal([]byte(labCheck(t, nil, "--json", "--lang", "es")), &rep); err != nil {
		t.Fatal(err)
	}
	if rep.Lang != "es" {
		t.Errorf("lang %q, want es", rep.Lang)
	}
	if rep.Verdict.Code != checks.VerdictOK {
		t.Errorf("verdict %q", rep.Verdict.Code)
	}
	found := false
	for _, c := range rep.Checks {
		if c.ID == "dns.resolve" {
			found = true
			if !strings.Contains(c.Summary, "tiene la dirección") {
				t.Errorf("dns.resolve summary %q is not Spanish", c.Summary)
			}
		}
	}
	if !found {
		t.Error("no dns.resolve check in the report")
	}
}

// TestCheckRejectsUnknownLang: a language the project lacks is a usage error.
func TestCheckRejectsUnknownLang(t *testing.T) {
	var out, errb bytes.Buffer
	stdout, stderr = &out, &errb
	if code := runCheck([]string{"--lang", "xx", "a.example"}); code != exitUsage {
		t.Fatalf("exit %d", code)
	}
	if !strings.Contains(errb.String(), "no such language") {
		t.Errorf("stderr %q", errb.String())
	}
}
