//go:build !nogui

package main

import (
	"context"
	"errors"
	"slices"
	"testing"

	"gatewaydoctor/fixes"
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
	// The first screen names the outside service only when it runs
	// without asking; otherwise the verdict screen asks.
	for setting, want := range map[string]bool{"": false, profile.OutsideAsk: false, profile.OutsideNever: false, profile.OutsideAlways: true} {
		p.Privacy.OutsideCheck = setting
		if got := reaches(p).Outside; got != want {
			t.Errorf("outside_check %q: Outside %v, want %v", setting, got, want)
		}
	}
}

type fakeCapturer struct{ err error }

func (f fakeCapturer) Capture(context.Context) (fixes.Snapshot, error) {
	return fixes.Snapshot{}, f.err
}

// TestStagedCapturer: the snapshot reports "saving" as it starts and
// "switching" only once it is taken.
func TestStagedCapturer(t *testing.T) {
	for _, c := range []struct {
		err  error
		want []ui.DNSStage
	}{
		{nil, []ui.DNSStage{ui.StageSaving, ui.StageSwitching}},
		{errors.New("no access"), []ui.DNSStage{ui.StageSaving}},
	} {
		var got []ui.DNSStage
		sc := stagedCapturer{Capturer: fakeCapturer{c.err}, stage: func(s ui.DNSStage) { got = append(got, s) }}
		if _, err := sc.Capture(context.Background()); err != c.err {
			t.Errorf("err = %v", err)
		}
		if !slices.Equal(got, c.want) {
			t.Errorf("stages %v, want %v", got, c.want)
		}
	}
}
