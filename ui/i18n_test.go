package ui

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"

	"gatewaydoctor/assets"
	"gatewaydoctor/checks"
	"gatewaydoctor/checks/engine"
	"gatewaydoctor/fixes"
)

func readLang(t *testing.T, code string) map[string]string {
	t.Helper()
	data, err := assets.Translations.ReadFile("translations/" + code + ".json")
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]string
	if err := json.Unmarshal(data, &m); err != nil {
		t.Fatalf("%s.json: %v", code, err)
	}
	return m
}

// TestTranslationsComplete keeps every language complete: the same keys as
// English, the same template fields, nothing empty.
func TestTranslationsComplete(t *testing.T) {
	en := readLang(t, "en")
	field := regexp.MustCompile(`\{\{\.\w+\}\}`)
	files, _ := assets.Translations.ReadDir("translations")
	if len(files) < 5 {
		t.Errorf("%d languages, want at least 5", len(files))
	}
	for _, l := range Languages {
		m := readLang(t, l.Code)
		for k, v := range en {
			tr, ok := m[k]
			if !ok || strings.TrimSpace(tr) == "" {
				t.Errorf("%s.json lacks %q", l.Code, k)
				continue
			}
			a, b := field.FindAllString(v, -1), field.FindAllString(tr, -1)
			sort.Strings(a)
			sort.Strings(b)
			if !slices.Equal(a, b) {
				t.Errorf("%s.json %q has fields %v, English %v", l.Code, k, b, a)
			}
		}
		for k := range m {
			if _, ok := en[k]; !ok {
				t.Errorf("%s.json has %q, which English lacks", l.Code, k)
			}
		}
	}
}

// printfVerb matches the fmt verbs of the fix catalogue's sentences (the CLI
// fills them with fmt; "%%" is a literal percent sign, not a verb).
var printfVerb = regexp.MustCompile(`%[-+# 0]*[0-9]*(?:\.[0-9]+)?[a-zA-Z]`)

// TestFixTextsTranslated: every sentence the fix catalogue can return
// (fixes.Texts) is translated in every language, with the same fmt verbs
// as its English and no template fields (the UI shows fix outcomes through
// lang by their key).
func TestFixTextsTranslated(t *testing.T) {
	field := regexp.MustCompile(`\{\{`)
	texts := fixes.Texts()
	if len(texts) < 50 {
		t.Fatalf("fixes.Texts() lists %d texts", len(texts))
	}
	for _, l := range Languages {
		m := readLang(t, l.Code)
		for _, tx := range texts {
			tr, ok := m[tx.Key]
			if !ok || strings.TrimSpace(tr) == "" {
				t.Errorf("%s.json lacks the fix text %q (%q)", l.Code, tx.Key, tx.English)
				continue
			}
			a := printfVerb.FindAllString(strings.ReplaceAll(tx.English, "%%", ""), -1)
			b := printfVerb.FindAllString(strings.ReplaceAll(tr, "%%", ""), -1)
			if !slices.Equal(a, b) {
				t.Errorf("%s.json %q has verbs %v, the catalogue's English %v", l.Code, tx.Key, b, a)
			}
			if field.MatchString(tr) {
				t.Errorf("%s.json %q has a template field; fix texts take none", l.Code, tx.Key)
			}
		}
	}
}

// TestFixOutcomeIsTranslated: a fix's message is shown in the chosen
// language, its details as they are.
func TestFixOutcomeIsTranslated(t *testing.T) {
	t.Cleanup(func() { _ = loadTranslations("en") })
	o := FixOutcome{Key: "fix.restart_browser.running", English: "These browsers are open. Close and reopen them:", Details: []string{"Firefox"}}
	for _, tc := range []struct{ code, want string }{
		{"en", "These browsers are open. Close and reopen them:\nFirefox"},
		{"de", readLang(t, "de")["fix.restart_browser.running"] + "\nFirefox"},
		{"fr", readLang(t, "fr")["fix.restart_browser.running"] + "\nFirefox"},
	} {
		if err := loadTranslations(tc.code); err != nil {
			t.Fatal(err)
		}
		if got := outcomeText(o); got != tc.want {
			t.Errorf("%s: %q, want %q", tc.code, got, tc.want)
		}
	}
	if got := outcomeText(FixOutcome{Key: "fix.no_such_text", English: "Plain English."}); got != "Plain English." {
		t.Errorf("an unknown key shows %q, want its English", got)
	}
}

// TestEveryKeyUsedExists checks the keys written in the code and the keys
// built from the engine's tables (verdicts, sides, fixes).
func TestEveryKeyUsedExists(t *testing.T) {
	en := readLang(t, "en")
	srcs, _ := filepath.Glob("*.go")
	lit := regexp.MustCompile(`\bT\("([a-z_.]+[a-z_])"`)
	var want []string
	for _, f := range srcs {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range lit.FindAllStringSubmatch(string(data), -1) {
			want = append(want, m[1])
		}
	}
	for code, info := range checks.Verdicts {
		want = append(want, "verdict."+string(code), "side."+string(info.Side), "verdict.title."+string(info.Side))
		if info.Side == checks.SideWebsite {
			want = append(want, "verdict.instead."+string(code))
		}
		for _, f := range info.Fixes {
			want = append(want, "fix."+f+".title", "fix."+f+".why", "fix."+f+".how", "fix."+f+".action")
		}
	}
	for _, k := range []string{ThemeSystem, ThemeLight, ThemeDark, ThemeContrast} {
		want = append(want, "theme."+k)
	}
	for _, s := range textSizes {
		want = append(want, s.Key)
	}
	for _, s := range []checks.Status{checks.StatusOK, checks.StatusProblem, checks.StatusSkipped, checks.StatusError} {
		want = append(want, stateKey(s))
	}
	want = append(want, "state.waiting", "state.running")
	for _, k := range dnsStages {
		want = append(want, "dns.stage."+k, "dns.stage."+k+".done")
	}
	for _, id := range engine.ContrastIDs {
		want = append(want, "found.works."+id)
	}
	for _, r := range []checks.Role{checks.RoleOrigin, checks.RoleEdge, checks.RoleUserProxy} {
		want = append(want, "found.producer."+string(r))
	}
	for _, k := range want {
		if _, ok := en[k]; !ok {
			t.Errorf("en.json lacks %q", k)
		}
	}
}

// TestPlainWords keeps jargon explained: "DNS" only next to "address".
func TestPlainWords(t *testing.T) {
	for k, v := range readLang(t, "en") {
		// Check names and the checks' own sentences (summary.*, evidence.*)
		// are the expert view's and the report's technical lines.
		if strings.HasPrefix(k, "expert.") || strings.HasPrefix(k, "check.") || strings.HasPrefix(k, "summary.") || strings.HasPrefix(k, "evidence.") {
			continue
		}
		// The report's technical part names a browser's setting as the
		// browser's own settings page does, so it can be found there.
		if k == "report.browsers.doh" {
			continue
		}
		if strings.Contains(v, "DNS") && !strings.Contains(v, "address") {
			t.Errorf("%s says DNS without explaining it: %q", k, v)
		}
	}
}

// TestLocaleCDoesNotLog starts this test binary under C locales and checks
// Fyne's lang does not log "Error parsing user locale" (see localefix).
func TestLocaleCDoesNotLog(t *testing.T) {
	if os.Getenv("GD_LOCALE_CHILD") == "1" {
		if err := loadTranslations(""); err != nil {
			t.Fatal(err)
		}
		_ = T("app.title")
		return
	}
	for _, env := range [][]string{{"LANG=C"}, {"LANG=C.UTF-8"}, {"LC_ALL=C.UTF-8"}, {"LANG=POSIX.UTF-8"}, {"LANG=de_DE@euro"}} {
		t.Run(strings.Join(env, " "), func(t *testing.T) {
			cmd := exec.Command(os.Args[0], "-test.run=^TestLocaleCDoesNotLog$", "-test.count=1")
			cmd.Env = append(filteredEnv(), append(env, "GD_LOCALE_CHILD=1")...)
			out, err := cmd.CombinedOutput()
			if err != nil {
				t.Fatalf("child: %v\n%s", err, out)
			}
			if strings.Contains(string(out), "Error parsing user locale") || strings.Contains(string(out), "Fyne error") {
				t.Errorf("%v logs at start:\n%s", env, out)
			}
		})
	}
}

func filteredEnv() []string {
	var out []string
	for _, kv := range os.Environ() {
		k, _, _ := strings.Cut(kv, "=")
		switch k {
		case "LANG", "LC_ALL", "LC_MESSAGES", "LANGUAGE":
			continue
		}
		out = append(out, kv)
	}
	return out
}

// TestEveryCheckHasAName: a row without a translated name would show a
// person the check's ID.
func TestEveryCheckHasAName(t *testing.T) {
	en := readLang(t, "en")
	for _, c := range engine.Checks() {
		if _, ok := en["check."+c.ID()]; !ok {
			t.Errorf("check %q has no name (key check.%s in assets/translations/*.json)", c.ID(), c.ID())
		}
	}
}
