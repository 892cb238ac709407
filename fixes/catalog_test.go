package fixes

import (
	"context"
	"slices"
	"strings"
	"testing"

	"gatewaydoctor/checks"
	"gatewaydoctor/profile"
)

// issueFixIDs is the catalogue the issue and DESIGN.md name.
var issueFixIDs = []string{"retest", "wait_and_retest", "private_window", "other_browser", "restart_browser", "clear_browser_cache",
	"safe_mode_browser", "flush_dns", "switch_dns", "restore_dns", "proxy_settings", "open_portal", "restart_router",
	"restart_computer", "check_connection", "fix_clock", "hosts_file", "contact_site", "contact_helpdesk", "contact_isp",
	"check_address", "security_software", "other_network"}

func TestCatalogueIsComplete(t *testing.T) {
	ids := IDs()
	// The catalogue holds at least the fixes the design names; a new fix is
	// one more row.
	for _, id := range issueFixIDs {
		if !slices.Contains(ids, id) {
			t.Errorf("catalogue %v lacks %s", ids, id)
		}
	}
	// The profile validator reads the catalogue: a profile may disable
	// every fix of it, and nothing else.
	quoted := make([]string, len(ids))
	for i, id := range ids {
		quoted[i] = `"` + id + `"`
	}
	if _, err := profile.Parse("p.toml", []byte("[fixes]\ndisabled = ["+strings.Join(quoted, ", ")+"]\n"), Known()); err != nil {
		t.Errorf("a profile cannot disable every catalogued fix: %v", err)
	}
	if _, err := profile.Parse("p.toml", []byte("[fixes]\ndisabled = [\"reinstall_windows\"]\n"), Known()); err == nil {
		t.Error("a profile disabled a fix the catalogue lacks")
	}
	for code, v := range checks.Verdicts {
		for _, id := range v.Fixes {
			if _, ok := Lookup(id); !ok {
				t.Errorf("verdict %s offers %q, which the catalogue lacks", code, id)
			}
		}
	}
	keys := map[string]string{}
	for _, id := range ids {
		f := Catalog[id]
		if f.ID != id || f.Title.English == "" || f.Instructions.English == "" || len(f.OS) == 0 {
			t.Errorf("%s: incomplete: %+v", id, f)
		}
		if EnglishTitle(id) != f.Title.English {
			t.Errorf("%s: report title %q differs from the catalogue's %q", id, EnglishTitle(id), f.Title.English)
		}
		texts := append([]Text{f.Title, f.Instructions}, f.Steps...)
		for _, s := range f.OSSteps {
			texts = append(texts, s...)
		}
		for _, tx := range texts {
			if !strings.HasPrefix(tx.Key, "fix."+id+".") {
				t.Errorf("%s: key %q is not under fix.%s.", id, tx.Key, id)
			}
			if prev, ok := keys[tx.Key]; ok && prev != tx.English {
				t.Errorf("key %q has two texts", tx.Key)
			}
			keys[tx.Key] = tx.English
		}
		if f.NeedsAdmin && !f.ChangesSystem && id != "hosts_file" {
			t.Errorf("%s needs admin but changes nothing", id)
		}
		guidance := f.Carry == CarryPerson
		if guidance && len(f.StepsFor("linux")) == 0 && id != "contact_site" {
			t.Errorf("%s is guidance-only but has no steps", id)
		}
	}
}

func TestFlushSaysNothingToFlushHonestly(t *testing.T) {
	rec := &recorder{}
	fc := &FixContext{GOOS: "linux", Runner: rec, Stack: Stack{Manager: ManagerUnmanaged}, Browsers: []Browser{{ID: Firefox, Path: "/usr/bin/firefox"}}}
	o, err := Catalog["flush_dns"].Apply(context.Background(), fc)
	if err != nil || !o.NothingToDo || len(rec.ran) != 0 || !strings.Contains(o.Message.English, "nothing to clear") {
		t.Errorf("%+v %v %q", o, err, rec.ran)
	}
	if len(o.Details) != 1 || !strings.Contains(o.Details[0], "about:networking#dns") {
		t.Errorf("the browser's own cache page must be named: %q", o.Details)
	}
	fc.Stack = Stack{Manager: ManagerResolved, Caches: []Cache{CacheResolved}}
	o, err = Catalog["flush_dns"].Apply(context.Background(), fc)
	if err != nil || o.NothingToDo || len(rec.ran) != 1 || rec.ran[0] != `[admin] "resolvectl" "flush-caches"` {
		t.Errorf("%+v %v %q", o, err, rec.ran)
	}
}

func TestBrowserFixesRunTheirPlan(t *testing.T) {
	rec := &recorder{}
	ff := Browser{ID: Firefox, Path: "/usr/bin/firefox"}
	fc := &FixContext{GOOS: "linux", Runner: rec, URL: "https://shop.example/", Browsers: []Browser{{ID: Safari, Path: "/x"}, ff}}
	for id, want := range map[string]string{
		"private_window":      `"/usr/bin/firefox" "-private-window" "https://shop.example/"`,
		"safe_mode_browser":   `"/usr/bin/firefox" "-safe-mode" "https://shop.example/"`,
		"clear_browser_cache": `"/x" "about:preferences#privacy"`,
	} {
		rec.ran = nil
		fc.Browser = nil
		if id == "clear_browser_cache" {
			fc.Browser = &Browser{ID: Firefox, Path: "/x"}
		}
		if _, err := Catalog[id].Apply(context.Background(), fc); err != nil || len(rec.ran) != 1 || rec.ran[0] != want {
			t.Errorf("%s: ran %q (%v), want %s", id, rec.ran, err, want)
		}
	}
	fc.Browser = nil
	if _, err := Catalog["other_browser"].Apply(context.Background(), fc); err == nil || !strings.Contains(err.Error(), "firefox") {
		t.Errorf("other_browser without a choice must ask, naming the installed ones: %v", err)
	}
}

func TestRestartBrowserNeverKills(t *testing.T) {
	rec := &recorder{}
	fc := &FixContext{GOOS: "linux", Runner: rec, Processes: func(context.Context) []string { return []string{"firefox", "bash"} }}
	o, err := Catalog["restart_browser"].Apply(context.Background(), fc)
	if err != nil || len(rec.ran) != 0 || !slices.Equal(o.Details, []string{"Firefox"}) {
		t.Errorf("%+v %v ran %q", o, err, rec.ran)
	}
}

func TestContactHelpdeskUsesProfile(t *testing.T) {
	p := &profile.Profile{Helpdesk: profile.Helpdesk{Name: "Example IT", Email: "help@example.org"}}
	fc := &FixContext{Profile: p, URL: "https://shop.example/", Summary: "Your organisation's proxy asks for a password.", Evidence: []string{"HTTP 407 from the proxy"}}
	o, err := Catalog["contact_helpdesk"].Apply(context.Background(), fc)
	if err != nil || o.Contact == nil || o.Contact.To == nil || o.Contact.To.Email != "help@example.org" {
		t.Fatalf("%+v %v", o, err)
	}
	if !strings.Contains(o.Contact.Body, "HTTP 407 from the proxy") || !strings.Contains(o.Contact.Body, "https://shop.example/") {
		t.Errorf("body:\n%s", o.Contact.Body)
	}
	o, _ = Catalog["contact_site"].Apply(context.Background(), fc)
	if o.Contact.To != nil {
		t.Error("the site's owners are not the helpdesk")
	}
}

func TestAllowedRespectsProfile(t *testing.T) {
	p := &profile.Profile{}
	p.DNS.AllowSwitch = false
	if Allowed(p, "switch_dns") {
		t.Error("allow_switch = false must hide switch_dns")
	}
	p.DNS.AllowSwitch = true
	p.Fixes.Disabled = []string{"flush_dns"}
	if !Allowed(p, "switch_dns") || Allowed(p, "flush_dns") {
		t.Error("disabled list")
	}
	provs := []profile.Provider{{Name: "cloudflare", Servers: addrs("1.1.1.1")}, {Name: "example-it", Servers: addrs("192.0.2.53")}}
	rank := func(context.Context, []profile.Provider) ([]profile.Provider, error) {
		return []profile.Provider{{Name: "evil", Servers: addrs("203.0.113.66")}, provs[1]}, nil
	}
	got, err := ChooseProvider(context.Background(), p, provs, "", rank)
	if err != nil || got.Name != "example-it" {
		t.Errorf("ranking picks only from the profile's providers: %+v %v", got, err)
	}
	if got, _ := ChooseProvider(context.Background(), p, provs, "CloudFlare", rank); got.Name != "cloudflare" {
		t.Errorf("named provider: %+v", got)
	}
	if _, err := ChooseProvider(context.Background(), p, provs, "nope", nil); err == nil {
		t.Error("unknown provider name")
	}
	p.DNS.AllowSwitch = false
	if _, err := ChooseProvider(context.Background(), p, provs, "", nil); err != ErrNotAllowed {
		t.Errorf("err = %v", err)
	}
}

// TestOpensIsWhatThePlanOpens: a row's Opens is one of the kinds, and a
// row that opens something has a plan the app runs; a browser the person
// picks is the one its plan starts.
func TestOpensIsWhatThePlanOpens(t *testing.T) {
	known := []Opens{"", OpensBrowser, OpensPrivateWindow, OpensNoExtensions, OpensPortal, OpensSettings}
	some := 0
	for _, f := range Rows() {
		if !slices.Contains(known, f.Opens) {
			t.Errorf("%s opens %q, which is no kind of Opens", f.ID, f.Opens)
		}
		if f.Opens == "" {
			continue
		}
		some++
		if f.Plan == nil || f.Carry != CarryApply {
			t.Errorf("%s opens %s but has no plan the app runs (carry %s)", f.ID, f.Opens, f.Carry)
			continue
		}
		if !f.Opens.ChoosesBrowser() {
			continue
		}
		fc := sampleContext("linux")
		cs, err := f.Plan(fc)
		if err != nil || len(cs) != 1 || cs[0].Path != fc.Browser.Path {
			t.Errorf("%s: the plan = %v, %v; want one command starting the chosen %s", f.ID, cs, err, fc.Browser.Path)
		}
	}
	if some < 5 {
		t.Errorf("only %d rows open something; the catalogue has five that do", some)
	}
}
