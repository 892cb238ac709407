package fixes

import (
	"context"
	"net/netip"
	"net/url"
	"testing"

	"gatewaydoctor/checks"
	"gatewaydoctor/internal/lab"
)

// BenchmarkVerifyLoopback is the verification's own cost (6 queries and a
// probe) with a resolver and probe host that answer at once.
func BenchmarkVerifyLoopback(b *testing.B) {
	d := lab.NewDNS(b)
	captive := lab.NewSite(b).Answer(lab.Response{Status: 204})
	d.Set("shop.lab.test", lab.Loopback).Set("reference.lab.test", lab.Loopback).Set("captive.lab.test", lab.Loopback)
	target, _ := url.Parse("https://shop.lab.test/")
	env := &checks.Env{Target: target, ReferenceName: "reference.lab.test",
		CaptiveProbes: []checks.Probe{{URL: captive.URLFor("captive.lab.test", "/generate_204"), Status: 204}}}
	vf := Verifier{Env: env, Port: d.Addr().Port()}
	servers := []netip.Addr{d.Addr().Addr()}
	for b.Loop() {
		if v := vf.Verify(context.Background(), servers); !v.OK {
			b.Fatal(v)
		}
	}
}

// BenchmarkSwitchApplyRevertUnmanaged is one journalled switch and undo of
// a resolv.conf: snapshot, fsynced journal, atomic write, revert.
func BenchmarkSwitchApplyRevertUnmanaged(b *testing.B) {
	r := newRigB(b)
	cfg := r.cfg()
	for b.Loop() {
		sw := NewDNSSwitch(cfg)
		if _, err := sw.Apply(context.Background(), labProvider); err != nil {
			b.Fatal(err)
		}
		if err := sw.Revert(context.Background()); err != nil {
			b.Fatal(err)
		}
	}
}
