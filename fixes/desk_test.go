package fixes

import (
	"context"
	"encoding/json"
	"errors"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"gatewaydoctor/checks"
	"gatewaydoctor/profile"
)

// Every verdict's fixes are rows of the catalogue, and each row serves the
// verdict's side.
func TestEveryVerdictFixIsARow(t *testing.T) {
	for code, v := range checks.Verdicts {
		for _, id := range v.Fixes {
			f, ok := Lookup(id)
			if !ok {
				t.Errorf("verdict %s offers %q, which the catalogue lacks", code, id)
				continue
			}
			if !f.Serves(v.Side) {
				t.Errorf("verdict %s (side %s) offers %s, whose row serves %v", code, v.Side, id, f.Sides)
			}
		}
	}
}

// translationLanguages are the files of assets/translations.
var translationLanguages = []string{"en", "de", "fr", "es", "it"}

// Every row's texts (the CLI's title, instructions and steps; the wizard's
// why, how and action) exist in all five languages.
func TestEveryRowHasTextInAllLanguages(t *testing.T) {
	for _, lang := range translationLanguages {
		data, err := os.ReadFile(filepath.Join("..", "assets", "translations", lang+".json"))
		if err != nil {
			t.Fatal(err)
		}
		var m map[string]string
		if err := json.Unmarshal(data, &m); err != nil {
			t.Fatalf("%s.json: %v", lang, err)
		}
		for _, f := range Rows() {
			keys := []string{f.Title.Key, f.Instructions.Key, f.Why, f.How, f.Action}
			for _, s := range f.Steps {
				keys = append(keys, s.Key)
			}
			for _, ss := range f.OSSteps {
				for _, s := range ss {
					keys = append(keys, s.Key)
				}
			}
			for _, k := range keys {
				if strings.TrimSpace(m[k]) == "" {
					t.Errorf("%s.json: fix %s lacks %q", lang, f.ID, k)
				}
			}
		}
	}
}

// A row's Carry, Apply, Plan and Gate agree: whoever reads Carry finds what
// it needs.
func TestRowsAreConsistent(t *testing.T) {
	seen := map[string]bool{}
	for _, f := range Rows() {
		if seen[f.ID] {
			t.Errorf("%s twice", f.ID)
		}
		seen[f.ID] = true
		wantApply := map[Carry]bool{CarryApply: true, CarryHandoff: true, CarryMessage: true,
			CarryPerson: false, CarryRetest: false, CarryRetestLater: false, CarrySwitch: false, CarryWatch: false}
		want, known := wantApply[f.Carry]
		if !known {
			t.Errorf("%s: unknown carry %q", f.ID, f.Carry)
		}
		if f.Runnable() != want {
			t.Errorf("%s: carried by %s, runnable %v", f.ID, f.Carry, f.Runnable())
		}
		if f.Plan != nil && f.Carry != CarryApply {
			t.Errorf("%s: a plan, but carried by %s", f.ID, f.Carry)
		}
		if f.Gate != GateDisabled && f.Gate != GateAllowSwitch {
			t.Errorf("%s: unknown gate %q", f.ID, f.Gate)
		}
		if f.ChangesSystem && f.Carry != CarryApply && f.Carry != CarrySwitch {
			t.Errorf("%s changes the system but the app does not carry it out", f.ID)
		}
	}
}

// A row with a plan and no Apply of its own runs its plan's commands.
func TestRunRunsAPlanWithoutApply(t *testing.T) {
	rec := &recorder{}
	f := Fix{ID: "made_up", Carry: CarryApply, Plan: func(fc *FixContext) ([]Command, error) {
		return []Command{{Path: "true"}, {Path: "echo", Args: []string{fc.GOOS}}}, nil
	}}
	o, err := f.Run(context.Background(), &FixContext{GOOS: "linux", Runner: rec})
	if err != nil || len(rec.ran) != 2 || len(o.Ran) != 2 || rec.ran[1] != `"echo" "linux"` {
		t.Errorf("%+v %v ran %q", o, err, rec.ran)
	}
	if _, err := (Fix{ID: "guide", Carry: CarryPerson}).Run(context.Background(), &FixContext{}); !errors.Is(err, ErrInvalid) {
		t.Errorf("guidance has nothing to run: %v", err)
	}
}

// The plans of the rows run on every OS with a sample context: what the
// docs table prints, and the commands Apply runs.
func TestRowPlansPerOS(t *testing.T) {
	for _, goos := range AllOS {
		for _, f := range Rows() {
			if f.Plan == nil {
				continue
			}
			fc := sampleContext(goos)
			cs, err := f.Plan(fc)
			if err != nil && !errors.Is(err, ErrUnsupported) && !errors.Is(err, ErrChooseBrowser) {
				t.Errorf("%s on %s: %v", f.ID, goos, err)
			}
			for _, c := range cs {
				if c.Path == "" {
					t.Errorf("%s on %s: empty command %+v", f.ID, goos, c)
				}
			}
		}
	}
}

func TestDeskPolicy(t *testing.T) {
	p := profile.Default()
	p.DNS.AllowSwitch = false
	p.Fixes.Disabled = []string{"flush_dns"}
	d := Desk{Profile: p, GOOS: "linux"}
	for id, want := range map[string]bool{"flush_dns": false, "switch_dns": false, "private_window": true, "retest": true, "nope": false} {
		if got := d.Allowed(id); got != want {
			t.Errorf("Allowed(%s) = %v, want %v", id, got, want)
		}
	}
	// The app acts on plans and the switch; the rest is the face's or the
	// person's work.
	open := Desk{Profile: profile.Default(), GOOS: "linux"}
	for id, want := range map[string]bool{"private_window": true, "switch_dns": true, "restore_dns": true,
		"retest": false, "wait_and_retest": false, "restart_router": false, "contact_helpdesk": false,
		"contact_site": false, "restart_computer": false} {
		if got := open.Acts(id); got != want {
			t.Errorf("Acts(%s) = %v, want %v", id, got, want)
		}
	}
	if d.Acts("flush_dns") || d.Acts("switch_dns") {
		t.Error("a fix the profile disables is not acted on")
	}
	if !d.NeedsConsent("flush_dns") || d.NeedsConsent("private_window") {
		t.Error("consent follows ChangesSystem")
	}
	if _, err := d.Apply(context.Background(), "flush_dns", &FixContext{GOOS: "linux", Runner: &recorder{}}); !errors.Is(err, ErrNotAllowed) {
		t.Errorf("disabled fix applied: %v", err)
	}
	if _, err := open.Apply(context.Background(), "retest", &FixContext{}); !errors.Is(err, ErrInvalid) {
		t.Errorf("retest has no Apply: %v", err)
	}
	if _, err := d.ChooseProvider(context.Background(), &FixContext{}, ""); !errors.Is(err, ErrNotAllowed) {
		t.Errorf("allow_switch = false: %v", err)
	}
}

// The switch ranks the profile's providers through the run's environment
// before choosing, for the wizard and the CLI alike; a named provider is
// taken as named.
func TestDeskRanksBeforeASwitch(t *testing.T) {
	p := profile.Default()
	p.DNS.AllowSwitch = true
	provs, err := p.Providers()
	if err != nil || len(provs) < 2 {
		t.Fatalf("the default profile's providers: %v %v", provs, err)
	}
	env := &checks.Env{ReferenceName: "ranked.example"}
	var rankedWith *checks.Env
	d := Desk{Profile: p, Rank: func(e *checks.Env) RankFunc {
		rankedWith = e
		return func(_ context.Context, ps []profile.Provider) ([]profile.Provider, error) {
			return []profile.Provider{ps[len(ps)-1]}, nil
		}
	}}
	got, err := d.ChooseProvider(context.Background(), &FixContext{Env: env}, "")
	if err != nil || got.Name != provs[len(provs)-1].Name || rankedWith != env {
		t.Errorf("got %s (%v), ranked with %p, want %s through %p", got.Name, err, rankedWith, provs[len(provs)-1].Name, env)
	}
	rankedWith = nil
	got, err = d.ChooseProvider(context.Background(), &FixContext{Env: env}, provs[0].Name)
	if err != nil || got.Name != provs[0].Name || rankedWith != nil {
		t.Errorf("named: got %s (%v), ranked %v", got.Name, err, rankedWith != nil)
	}
}

// Prepare builds the one FixContext: the run's environment, the switch
// configuration built from it, the desktop's macOS version, and on Linux
// the resolver stack read from the environment's resolver-config path.
func TestDeskPrepareBuildsTheOneContext(t *testing.T) {
	rc := filepath.Join(t.TempDir(), "resolv.conf")
	if err := os.WriteFile(rc, []byte("# Generated by NetworkManager\nnameserver 192.0.2.53\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	env := &checks.Env{ResolvConfPath: rc, ReferenceName: "lab.example"}
	target, _ := url.Parse("https://shop.example/")
	var switchEnv *checks.Env
	d := Desk{Profile: profile.Default(),
		Env: func(*url.URL) (*checks.Env, error) { return env, nil },
		Switch: func(e *checks.Env) (SwitchConfig, error) {
			switchEnv = e
			return SwitchConfig{Dir: t.TempDir(), Env: e}, nil
		}}
	fc, err := d.Prepare(target)
	if err != nil {
		t.Fatal(err)
	}
	if fc.Env != env || switchEnv != env || fc.Switch.Env != env || fc.URL != "https://shop.example/" || fc.GOOS != runtimeGOOS || fc.Runner == nil {
		t.Errorf("context %+v", fc)
	}
	if fc.Desktop.MacMajor != macMajor() {
		t.Errorf("macOS version %d, want %d", fc.Desktop.MacMajor, macMajor())
	}
	if runtimeGOOS == "linux" && fc.Stack.Owner != "NetworkManager" {
		t.Errorf("the stack was not read from the environment's resolv.conf: %+v", fc.Stack)
	}
	// An environment that cannot be built falls back, and says the profile's
	// reference name.
	d.Env = func(*url.URL) (*checks.Env, error) { return nil, errors.New("no endpoints") }
	if fc, err := d.Prepare(nil); err != nil || fc.Env == nil || fc.Env.ReferenceName != d.Profile.DNS.ReferenceName {
		t.Errorf("fallback: %+v %v", fc, err)
	}
}

// Each row's gate is the profile's rule: with every gate key closed, the
// profile offers exactly the rows whose gate is [fixes] disabled alone.
func TestRowGatesAreTheProfilesRule(t *testing.T) {
	p := profile.Default()
	p.DNS.AllowSwitch = false
	for _, f := range Rows() {
		if got, want := f.Allowed(p), f.Gate == GateDisabled; got != want {
			t.Errorf("%s (gate %s): offered with allow_switch = false: %v, want %v", f.ID, f.Gate, got, want)
		}
	}
	p = profile.Default()
	p.Fixes.Disabled = IDs()
	for _, f := range Rows() {
		if f.Allowed(p) {
			t.Errorf("%s is offered although [fixes] disabled names it", f.ID)
		}
	}
}

// docs/fixes.md is the catalogue's table; it is regenerated, never edited.
func TestDocsTableMatchesCatalogue(t *testing.T) {
	var b strings.Builder
	if err := WriteTable(&b); err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile(filepath.Join("..", "docs", "fixes.md"))
	if err != nil {
		t.Fatalf("%v (run go generate ./fixes)", err)
	}
	if string(got) != b.String() {
		t.Errorf("docs/fixes.md differs from the catalogue: run go generate ./fixes; diff:\n%s", lineDiff(string(got), b.String()))
	}
	for _, id := range IDs() {
		if !strings.Contains(string(got), "| `"+id+"` |") {
			t.Errorf("docs/fixes.md lacks %s", id)
		}
	}
}
