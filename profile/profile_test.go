package profile

import (
	"bytes"
	"errors"
	"net/netip"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"gatewaydoctor/assets"
)

func TestDefaultIsDesignsExample(t *testing.T) {
	p := Default()
	if p.Source != DefaultSource {
		t.Errorf("Source = %q", p.Source)
	}
	if p.Helpdesk != (Helpdesk{}) {
		t.Errorf("the default helpdesk must be empty (hidden): %+v", p.Helpdesk)
	}
	if want := []string{"cloudflare", "google", "quad9"}; !slices.Equal(p.DNS.Providers, want) {
		t.Errorf("providers = %q, want %q", p.DNS.Providers, want)
	}
	if !p.DNS.AllowSwitch {
		t.Error("allow_switch is true in DESIGN.md")
	}
	refs, err := p.ReferenceAddrs()
	if err != nil {
		t.Fatal(err)
	}
	wantRefs := []netip.AddrPort{netip.MustParseAddrPort("1.1.1.1:53"), netip.MustParseAddrPort("8.8.8.8:53"), netip.MustParseAddrPort("9.9.9.9:53")}
	if !slices.Equal(refs, wantRefs) {
		t.Errorf("references = %v, want %v", refs, wantRefs)
	}
	if p.DNS.ReferenceName != "example.com" || p.DNS.LatencyDomain == "" {
		t.Errorf("reference_name %q, latency_domain %q", p.DNS.ReferenceName, p.DNS.LatencyDomain)
	}
	if len(p.Probes.Captive) != 2 || p.Probes.Captive[0].Status != 204 || p.Probes.Captive[1].Body != "Success" {
		t.Errorf("captive probes = %+v", p.Probes.Captive)
	}
	if len(p.Probes.Reachability) != 2 || len(p.Fixes.Disabled) != 0 || len(p.Targets.URLs) != 0 {
		t.Errorf("probes/fixes/targets = %+v %+v %+v", p.Probes.Reachability, p.Fixes, p.Targets)
	}
	// Each call is a fresh copy: a caller's change does not leak.
	p.DNS.Providers[0] = "changed"
	if Default().DNS.Providers[0] != "cloudflare" {
		t.Error("Default shares its slices between calls")
	}
}

func TestParseFull(t *testing.T) {
	p, err := Load(filepath.Join("testdata", "full.toml"), testKnown)
	if err != nil {
		t.Fatal(err)
	}
	if p.Helpdesk.Email != "help@example.org" || p.DNS.AllowSwitch {
		t.Errorf("helpdesk/dns = %+v %+v", p.Helpdesk, p.DNS)
	}
	provs, err := p.Providers()
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, pr := range provs {
		names = append(names, pr.Name)
	}
	if want := []string{"example-it", "quad9", "cloudflare"}; !slices.Equal(names, want) {
		t.Errorf("providers in order = %q, want %q", names, want)
	}
	if want := []netip.Addr{netip.MustParseAddr("192.0.2.53"), netip.MustParseAddr("2001:db8::53")}; !slices.Equal(provs[0].Servers, want) || provs[0].Title != "Example IT DNS" {
		t.Errorf("custom provider = %+v", provs[0])
	}
	refs, err := p.ReferenceAddrs()
	if err != nil {
		t.Fatal(err)
	}
	want := []netip.AddrPort{netip.MustParseAddrPort("192.0.2.1:53"), netip.MustParseAddrPort("198.51.100.1:5353"), netip.MustParseAddrPort("[2001:db8::1]:53")}
	if !slices.Equal(refs, want) {
		t.Errorf("references = %v, want %v (a bare address means port 53)", refs, want)
	}
	if !p.FixDisabled("switch_dns") || !p.FixDisabled("restart_router") || p.FixDisabled("flush_dns") {
		t.Errorf("FixDisabled wrong for %q", p.Fixes.Disabled)
	}
}

func TestParsePartialKeepsDefaults(t *testing.T) {
	p, err := Load(filepath.Join("testdata", "partial.toml"), testKnown)
	if err != nil {
		t.Fatal(err)
	}
	d := Default()
	if p.Helpdesk.Name != "Example IT" || !p.FixDisabled("switch_dns") {
		t.Errorf("the file's own values were lost: %+v", p)
	}
	if !reflect.DeepEqual(p.DNS, d.DNS) || !reflect.DeepEqual(p.Probes, d.Probes) {
		t.Errorf("unset sections differ from the default:\n%+v\n%+v", p.DNS, d.DNS)
	}
	empty, err := Load(filepath.Join("testdata", "empty.toml"), testKnown)
	if err != nil {
		t.Fatal(err)
	}
	empty.Source, d.Source = "", ""
	empty.defined, d.defined = nil, nil
	if !reflect.DeepEqual(empty, d) {
		t.Errorf("an empty file is not the default:\n%+v\n%+v", empty, d)
	}
}

func TestParseErrors(t *testing.T) {
	for _, tc := range []struct {
		file string
		line int
		key  string
		msg  string // part of the message
	}{
		{"unknown-key.toml", 6, "dns.alow_switch", `unknown key (did you mean "allow_switch"?)`},
		{"unknown-section.toml", 3, "proxy", "unknown key"},
		{"unknown-key-in-inline-table.toml", 3, "probes.captive.stauts", `did you mean "status"`},
		{"misplaced-key.toml", 3, "helpdesk.title", `unknown key (did you mean "dns.custom_providers.title"?)`},
		{"section-not-table.toml", 2, "dns", "must be a table, not a list"},
		{"bad-type.toml", 2, "dns.allow_switch", "must be true or false, not text"},
		{"syntax-error.toml", 2, "helpdesk.name", "strings cannot contain newlines"},
		{"duplicate-key.toml", 3, "", "has already been defined"},
		{"bad-resolver.toml", 4, "dns.reference_resolvers", `"8.8.8.8:99999" is not an IP address`},
		{"bad-resolver-name.toml", 2, "dns.reference_resolvers", `"dns.google" is not an IP address`},
		{"bad-custom-server.toml", 4, "dns.custom_providers.servers", `"192.0.2.300" is not an IP address`},
		{"unknown-provider.toml", 3, "dns.providers", `unknown provider "example-it"`},
		{"custom-shadows-builtin.toml", 2, "dns.custom_providers.name", `"google" is already a built-in provider`},
		{"bad-probe-scheme.toml", 4, "probes.reachability", `"ftp://203.0.113.6/" must start with http:// or https://`},
		{"probe-without-expectation.toml", 3, "probes.captive.url", "needs an expected status or body"},
		{"bad-email.toml", 3, "helpdesk.email", "does not look like an email address"},
		{"unknown-fix.toml", 2, "fixes.disabled", `unknown fix "reinstall_windows"`},
		{"bad-target.toml", 2, "targets.urls", `"intranet.example.org" must start with http:// or https://`},
		{"no-references.toml", 2, "dns.reference_resolvers", "needs at least one resolver"},
		{"bad-latency-domain.toml", 2, "dns.latency_domain", "is not a domain name"},
	} {
		t.Run(tc.file, func(t *testing.T) {
			path := filepath.Join("testdata", tc.file)
			_, err := Load(path, testKnown)
			var pe *Error
			if !errors.As(err, &pe) {
				t.Fatalf("Load(%s) = %v, want a *profile.Error", tc.file, err)
			}
			if pe.File != path || pe.Line != tc.line || tc.key != "" && pe.Key != tc.key || !strings.Contains(pe.Msg, tc.msg) {
				t.Errorf("got %s:%d key %q msg %q\nwant %s:%d key %q msg containing %q", pe.File, pe.Line, pe.Key, pe.Msg, path, tc.line, tc.key, tc.msg)
			}
			text := err.Error()
			if !strings.HasPrefix(text, path+":") || strings.Contains(text, "\n") {
				t.Errorf("error text %q is not one line starting with %q", text, path+":")
			}
		})
	}
}

func TestLoadMissingFile(t *testing.T) {
	_, err := Load(filepath.Join(t.TempDir(), "nope.toml"), testKnown)
	if err == nil || !strings.Contains(err.Error(), "nope.toml: no such file") {
		t.Errorf("Load(missing) = %v", err)
	}
}

func TestResolveOrder(t *testing.T) {
	write := func(dir, name string) string {
		t.Helper()
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		path := filepath.Join(dir, FileName)
		if err := os.WriteFile(path, []byte("[helpdesk]\nname = \""+name+"\"\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		return path
	}
	flagDir, exeDir, cfgDir := t.TempDir(), t.TempDir(), t.TempDir()
	loc := Locations{ExeDir: exeDir, ConfigDir: cfgDir}
	flagFile := write(flagDir, "from flag")

	resolved := func(flag string) string {
		t.Helper()
		p, err := loc.Resolve(flag, testKnown)
		if err != nil {
			t.Fatal(err)
		}
		if p.Helpdesk.Name == "" {
			return p.Source
		}
		return p.Helpdesk.Name
	}
	if got := resolved(""); got != DefaultSource {
		t.Errorf("nothing on disk: got %q, want the embedded default", got)
	}
	write(filepath.Join(cfgDir, AppDir), "from config dir")
	if got := resolved(""); got != "from config dir" {
		t.Errorf("got %q, want the config dir's", got)
	}
	write(exeDir, "beside the executable")
	if got := resolved(""); got != "beside the executable" {
		t.Errorf("got %q: the file beside the executable comes before the config dir", got)
	}
	if got := resolved(flagFile); got != "from flag" {
		t.Errorf("got %q: --profile comes first", got)
	}
	if _, err := loc.Resolve(filepath.Join(flagDir, "missing.toml"), testKnown); err == nil {
		t.Error("a missing --profile file must be an error, not a fallback")
	}
	if err := os.WriteFile(filepath.Join(exeDir, FileName), []byte("[helpdesk]\nnmae = 1\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := loc.Resolve("", testKnown); err == nil || !strings.Contains(err.Error(), ":2: helpdesk.nmae: unknown key") {
		t.Errorf("an invalid file beside the executable must be an error, not a fallback; got %v", err)
	}
	if got := (Locations{}).Candidates(""); len(got) != 0 {
		t.Errorf("empty locations still look in %q", got)
	}
}

func TestBuiltinProviders(t *testing.T) {
	if len(BuiltinProviders) < 6 {
		t.Fatalf("%d built-in providers, want at least 6", len(BuiltinProviders))
	}
	seen := map[string]bool{}
	for _, pr := range BuiltinProviders {
		if seen[pr.Name] || !isProviderName(pr.Name) || pr.Title == "" {
			t.Errorf("bad or duplicate provider %+v", pr)
		}
		seen[pr.Name] = true
		var v4, v6 bool
		for _, a := range pr.Servers {
			v4 = v4 || a.Is4()
			v6 = v6 || a.Is6()
			if !a.IsGlobalUnicast() || a.IsPrivate() {
				t.Errorf("%s: %s is not a public address", pr.Name, a)
			}
		}
		if !v4 || !v6 {
			t.Errorf("%s needs IPv4 and IPv6 servers: %v", pr.Name, pr.Servers)
		}
	}
}

func TestProvidersUnknownName(t *testing.T) {
	p := Default()
	p.DNS.Providers = []string{"cloudflare", "made-up"}
	if _, err := p.Providers(); err == nil {
		t.Error("an unknown provider in a hand-built profile must be an error")
	}
}

// testKnown stands in for the fix catalogue (fixes.Known): the profile
// knows no fix IDs of its own.
var testKnown = Known{FixIDs: []string{"retest", "flush_dns", "switch_dns", "restart_router"}}

// The fix IDs come from the caller: the zero Known accepts none, and the
// error names the ones handed in.
func TestDisabledFixIDsComeFromTheCaller(t *testing.T) {
	src := []byte("[fixes]\ndisabled = [\"flush_dns\"]\n")
	if _, err := Parse("p.toml", src, Known{}); err == nil || !strings.Contains(err.Error(), "p.toml:2: fixes.disabled: unknown fix \"flush_dns\"") {
		t.Errorf("zero Known: %v", err)
	}
	if _, err := Parse("p.toml", src, testKnown); err != nil {
		t.Errorf("known ID: %v", err)
	}
	_, err := Parse("p.toml", []byte("[fixes]\ndisabled = [\"nope\"]\n"), testKnown)
	if err == nil || !strings.Contains(err.Error(), "use one of retest, flush_dns, switch_dns, restart_router") {
		t.Errorf("the error names the known IDs: %v", err)
	}
}

func TestDescribe(t *testing.T) {
	p, err := Load(filepath.Join("testdata", "partial.toml"), testKnown)
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	p.Describe(&b)
	out := b.String()
	for _, want := range []string{
		"Profile " + filepath.Join("testdata", "partial.toml"),
		"Helpdesk:              Example IT\n",
		"DNS providers:         Cloudflare (1.1.1.1) (default)\n",
		"Google Public DNS (8.8.8.8)\n",
		"DNS switch:            offered (default)\n",
		"Reference resolvers:   1.1.1.1:53 (default)\n",
		`expects body "Success"`,
		"Fixes not offered:     switch_dns\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("Describe lacks %q:\n%s", want, out)
		}
	}
	full, err := Load(filepath.Join("testdata", "full.toml"), testKnown)
	if err != nil {
		t.Fatal(err)
	}
	b.Reset()
	full.Describe(&b)
	for _, want := range []string{"Example IT DNS (192.0.2.53, 2001:db8::53)\n", "DNS switch:            not offered\n", "198.51.100.1:5353\n"} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("Describe lacks %q:\n%s", want, b.String())
		}
	}
	if strings.Contains(b.String(), "(default)") {
		t.Errorf("a file that sets everything has no defaults:\n%s", b.String())
	}
	b.Reset()
	Default().Describe(&b)
	if strings.Contains(b.String(), "(default)") || !strings.Contains(b.String(), "Helpdesk:              none") {
		t.Errorf("the default's description:\n%s", b.String())
	}
}

// FuzzParse: any input gives a profile or an *Error with the file name, never
// a panic; an accepted profile's derived values never fail.
func FuzzParse(f *testing.F) {
	f.Add(assets.DefaultProfile)
	entries, _ := os.ReadDir("testdata")
	for _, e := range entries {
		if data, err := os.ReadFile(filepath.Join("testdata", e.Name())); err == nil {
			f.Add(data)
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		p, err := Parse("fuzz.toml", data, testKnown)
		if err != nil {
			var pe *Error
			if !errors.As(err, &pe) || pe.File != "fuzz.toml" {
				t.Fatalf("error %v is not a *profile.Error for the file", err)
			}
			return
		}
		if _, err := p.Providers(); err != nil {
			t.Fatalf("valid profile, Providers: %v", err)
		}
		if _, err := p.ReferenceAddrs(); err != nil {
			t.Fatalf("valid profile, ReferenceAddrs: %v", err)
		}
		p.Describe(&bytes.Buffer{})
	})
}

func TestOffers(t *testing.T) {
	p := Default()
	p.Fixes.Disabled = []string{"flush_dns"}
	for _, tc := range []struct {
		id          string
		allowSwitch bool
		want        bool
	}{
		{"flush_dns", true, false},
		{"retest", true, true},
		{"switch_dns", true, true},
		{"switch_dns", false, false},
		{"retest", false, true},
	} {
		p.DNS.AllowSwitch = tc.allowSwitch
		if got := p.Offers(tc.id); got != tc.want {
			t.Errorf("allow_switch=%v: Offers(%s) = %v, want %v", tc.allowSwitch, tc.id, got, tc.want)
		}
	}
	if !(*Profile)(nil).Offers("switch_dns") {
		t.Error("a nil profile must offer everything")
	}
}
