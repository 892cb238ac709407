//go:build !nogui

package main

import (
	"slices"
	"testing"

	"gatewaydoctor/profile"
	"gatewaydoctor/ui"
)

// TestReachesInWords: the reference DNS servers are named by their
// service, once each; others are counted; probes are said as kinds.
func TestReachesInWords(t *testing.T) {
	p := &profile.Profile{}
	p.DNS.ReferenceResolvers = []string{"1.1.1.1", "1.0.0.1:53", "[2001:4860:4860::8888]:53", "192.0.2.53"}
	p.Probes.Captive = []profile.CaptiveProbe{{URL: "http://captive.lab.test/generate_204"}}
	got := reaches(p)
	want := ui.Reaches{DNS: []string{"Cloudflare", "Google Public DNS"}, Other: 1, SignIn: true}
	if !slices.Equal(got.DNS, want.DNS) || got.Other != want.Other || got.SignIn != want.SignIn || got.Sites != want.Sites {
		t.Errorf("reaches = %+v, want %+v", got, want)
	}
}
