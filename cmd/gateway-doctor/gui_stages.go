//go:build !nogui

package main

import (
	"context"
	"errors"
	"fmt"
	"net/netip"
	"net/url"

	"gatewaydoctor/fixes"
	"gatewaydoctor/ui"
)

// The wizard shows the DNS switch's stages live (ui.StagedSwitcher).
var _ ui.StagedSwitcher = guiFixer{}

// SwitchDNSStaged is the desk's DNS switch (choose, snapshot, change,
// verify), calling stage (nil: no one listens) as each stage begins. The
// stages come from the switch's own seams, the snapshot's Capturer and the
// Verify hook of its configuration, so fixes needs no notion of a UI.
func (g guiFixer) SwitchDNSStaged(ctx context.Context, target *url.URL, stage func(ui.DNSStage)) (ui.DNSSwitch, error) {
	if stage == nil {
		stage = func(ui.DNSStage) {}
	}
	stage(ui.StageChoosing)
	fc, err := g.desk.Prepare(target)
	if err != nil {
		return nil, err
	}
	fc.Switch.Capturer = stagedCapturer{Capturer: fc.Switch.Capturer, stage: stage}
	verify := fc.Switch.Verify
	if verify == nil {
		verify = fixes.Verifier{Env: fc.Switch.Env}.Verify
	}
	fc.Switch.Verify = func(ctx context.Context, servers []netip.Addr) fixes.Verification {
		stage(ui.StageChecking)
		return verify(ctx, servers)
	}
	sw, p, err := g.desk.SwitchDNS(ctx, fc)
	if errors.Is(err, fixes.ErrVerifyFailed) {
		return nil, fmt.Errorf("%w: %w", ui.ErrNotVerified, err)
	}
	if err != nil {
		return nil, err
	}
	return guiSwitch{sw: sw, title: providerTitle(p)}, nil
}

// stagedCapturer reports "saving" when the snapshot starts and
// "switching" once it is taken: the switch changes settings right after.
type stagedCapturer struct {
	fixes.Capturer
	stage func(ui.DNSStage)
}

func (c stagedCapturer) Capture(ctx context.Context) (fixes.Snapshot, error) {
	c.stage(ui.StageSaving)
	s, err := c.Capturer.Capture(ctx)
	if err == nil {
		c.stage(ui.StageSwitching)
	}
	return s, err
}
