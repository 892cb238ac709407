package fixes

import (
	"context"
	"net/netip"
	"net/url"
	"testing"

	"gatewaydoctor/checks"
	"gatewaydoctor/internal/lab"
)

func TestVerifierAgainstLoopbackLab(t *testing.T) {
	for _, tc := range []struct {
		name   string
		stage  func(d *lab.DNS, captive *lab.Site)
		wantOK bool
		failed string
	}{
		{"healthy servers pass", func(*lab.DNS, *lab.Site) {}, true, ""},
		{"a server that refuses fails everything", func(d *lab.DNS, _ *lab.Site) { d.SetMode(lab.Refuse) }, false, "*"},
		{"the target missing fails", func(d *lab.DNS, _ *lab.Site) { d.SetNameMode("shop.lab.test", lab.NXDomain) }, false, "resolve shop.lab.test"},
		{"a sign-in page instead of 204 fails", func(_ *lab.DNS, c *lab.Site) { c.Answer(lab.Response{Status: 200, Body: "<form>sign in</form>"}) }, false, "captive probe"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d := lab.NewDNS(t)
			captive := lab.NewSite(t).Answer(lab.Response{Status: 204})
			d.Set("shop.lab.test", lab.Loopback).Set("reference.lab.test", lab.Loopback).Set("captive.lab.test", lab.Loopback)
			tc.stage(d, captive)
			target, _ := url.Parse("https://shop.lab.test/checkout")
			env := &checks.Env{Target: target, ReferenceName: "reference.lab.test",
				CaptiveProbes: []checks.Probe{{URL: captive.URLFor("captive.lab.test", "/generate_204"), Status: 204}}}
			v := Verifier{Env: env, Port: d.Addr().Port()}.Verify(context.Background(), []netip.Addr{d.Addr().Addr()})
			if v.OK != tc.wantOK || len(v.Checks) != 3 {
				t.Fatalf("verification = %+v, want ok=%v with 3 checks", v, tc.wantOK)
			}
			for _, c := range v.Checks {
				if !c.OK && tc.failed != "*" && (tc.failed == "" || !hasPrefix(c.What, tc.failed)) {
					t.Errorf("unexpected failure %+v", c)
				}
			}
		})
	}
}

func hasPrefix(s, p string) bool { return len(s) >= len(p) && s[:len(p)] == p }

func TestVerifierUsesEnvResolverAddr(t *testing.T) {
	d := lab.NewDNS(t)
	d.Set("reference.lab.test", lab.Loopback)
	documented := netip.MustParseAddr("192.0.2.53")
	env := &checks.Env{ReferenceName: "reference.lab.test", ResolverAddr: func(a netip.Addr) netip.AddrPort {
		if a == documented {
			return d.Addr()
		}
		return netip.AddrPortFrom(a, 53)
	}}
	v := Verifier{Env: env}.Verify(context.Background(), []netip.Addr{documented})
	if !v.OK || d.Queries() == 0 {
		t.Errorf("the provider's documented address must be mapped to the lab server: %+v (queries %d)", v, d.Queries())
	}
}
