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
var _ ui.StagedSwitcher = (*guiFixer)(nil)

// SwitchDNSStaged chooses a public DNS service, then switches to it and
// verifies it, calling stage (nil: no one listens) as each stage begins.
// The stages come from the switch's own seams: the snapshot's Capturer and
// the Verify hook of its config, so fixes needs no notion of a UI.
func (g *guiFixer) SwitchDNSStaged(ctx context.Context, target *url.URL, stage func(ui.DNSStage)) (ui.DNSSwitch, error) {
	if stage == nil {
		stage = func(ui.DNSStage) {}
	}
	stage(ui.StageChoosing)
	provs, err := g.prof.Providers()
	if err != nil {
		return nil, err
	}
	p, err := fixes.ChooseProvider(ctx, g.prof, provs, "", nil)
	if err != nil {
		return nil, err
	}
	cfg, err := fixes.NewOSSwitchConfig(g.envFor(target))
	if err != nil {
		return nil, err
	}
	cfg.Capturer = stagedCapturer{Capturer: cfg.Capturer, stage: stage}
	verify := cfg.Verify
	if verify == nil {
		verify = fixes.Verifier{Env: cfg.Env}.Verify
	}
	cfg.Verify = func(ctx context.Context, servers []netip.Addr) fixes.Verification {
		stage(ui.StageChecking)
		return verify(ctx, servers)
	}
	sw := fixes.NewDNSSwitch(cfg)
	if _, err := sw.Apply(ctx, p); err != nil {
		if errors.Is(err, fixes.ErrVerifyFailed) && !sw.Pending() {
			return nil, fmt.Errorf("%w: %w", ui.ErrNotVerified, err)
		}
		if sw.Pending() {
			_ = sw.Revert(context.WithoutCancel(ctx))
		}
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
