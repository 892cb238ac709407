// Package ui is the guided wizard: a Fyne window that a person who has never
// heard of DNS can follow from "this site shows 502 Bad Gateway" to either a
// working site or a report for their helpdesk.
//
// The wizard talks to the engine and the fix catalogue through the small
// interfaces in this file, so driver tests inject fakes and a lab, and
// cmd/gateway-doctor adapts the real packages. Widgets change only on the
// Fyne goroutine: work runs in goroutines and comes back through one bridge
// (bridge.go).
package ui

import (
	"context"
	"errors"
	"net/url"
	"time"

	"gatewaydoctor/checks"
	"gatewaydoctor/checks/engine"
)

// Engine runs a diagnosis of one target: engine.Engine, the one entry point
// that `check` uses too, or a fake in driver tests.
type Engine interface {
	// CheckIDs lists the checks a run makes, in the order to show them.
	CheckIDs() []string
	// Run runs every check and diagnoses the results. onEvent receives the
	// runner's progress events from other goroutines and must not block.
	// The Diagnosis is whole even when the error is set.
	Run(ctx context.Context, target *url.URL, onEvent func(checks.Event)) (engine.Diagnosis, error)
}

// Fixer is what the steps need from the fix catalogue (package fixes).
type Fixer interface {
	// CanApply reports whether the app can carry out fix id by itself, so
	// the step shows an action button.
	CanApply(id string) bool
	// Apply carries out fix id (flush the DNS cache, open the sign-in page,
	// open the proxy settings, open the site in another browser, …) and
	// says what it did. The error carries the technical detail; the UI
	// words it for people.
	Apply(ctx context.Context, id string, target *url.URL) (FixOutcome, error)
	// SwitchDNS switches to a public DNS service and verifies that the
	// target works with it. On a failed verification it has already put
	// the old settings back and returns an error wrapping ErrNotVerified.
	SwitchDNS(ctx context.Context, target *url.URL) (DNSSwitch, error)
}

// FixOutcome is what a fix did, for people: a translation key with its
// English (shown when no language has the key), and detail lines such as
// the browsers to close. A zero outcome reads "Done.".
type FixOutcome struct {
	Key, English string
	Details      []string
}

// DNSSwitch is a verified DNS change waiting for "Keep these settings?".
type DNSSwitch interface {
	// Provider names the DNS service for people: "Cloudflare (1.1.1.1)".
	Provider() string
	// Keep makes the change permanent (and clears the journal).
	Keep() error
	// Revert puts the previous settings back.
	Revert() error
}

// ErrNotVerified is wrapped by a SwitchDNS error when the new settings did
// not make the site work, so they were reverted at once.
var ErrNotVerified = errors.New("the new DNS settings did not help and were reverted")

// ErrNeedsAdmin is wrapped by a Fixer error when the change needs an
// administrator and permission was refused.
var ErrNeedsAdmin = errors.New("needs administrator permission")

// Clock is time as the wizard waits on it; tests drive it by hand.
type Clock interface {
	Now() time.Time
	// After delivers once, after d.
	After(d time.Duration) <-chan time.Time
	// Ticker delivers every d until stop is called.
	Ticker(d time.Duration) (c <-chan time.Time, stop func())
}

type realClock struct{}

func (realClock) Now() time.Time                         { return time.Now() }
func (realClock) After(d time.Duration) <-chan time.Time { return time.After(d) }
func (realClock) Ticker(d time.Duration) (<-chan time.Time, func()) {
	t := time.NewTicker(d)
	return t.C, t.Stop
}

// keepCountdown is how long "Keep these settings?" waits before putting the
// old DNS settings back: DESIGN.md "Safety of fixes" step 4 (30 s, as
// display-settings dialogs do, long enough to read, short enough that a
// broken connection comes back by itself).
const keepCountdown = 30 * time.Second

// recheckDelay is the wait of "check again in a minute": a CDN's origin
// errors usually clear within minutes, and Cloudflare's error pages
// themselves suggest trying again "in a few minutes".
const recheckDelay = time.Minute

// Provisional is a verdict before the run ends: the engine's provisional
// verdict event (checks.EventVerdict with Verdict.Provisional). The wizard
// shows it at once, with the retests still running under it; the run's
// final verdict may still change it, to "intermittent" for example.
type Provisional struct {
	Verdict checks.Verdict
	// Retest of Retests have ended, so the next is shown as running
	// ("2 of 3"), from the target's provisional events
	// (checks.Event.Retests); Retests is 0 when they do not say.
	Retest, Retests int
}

// DNSStage is a stage of the DNS switch, shown live on its step.
type DNSStage int

// The DNS switch's stages, in order.
const (
	StageChoosing  DNSStage = iota // ranking the public DNS services
	StageSaving                    // saving the current settings for undo
	StageSwitching                 // changing the settings
	StageChecking                  // checking the site with the new settings
)

// dnsStages are the stages' text keys: "dns.stage.<key>" while it runs,
// "dns.stage.<key>.done" once it has.
var dnsStages = []string{"choosing", "saving", "switching", "checking"}

// StagedSwitcher is a Fixer whose DNS switch reports its stages as they
// begin, so the step shows each one live rather than one static line.
type StagedSwitcher interface {
	// SwitchDNSStaged is SwitchDNS calling stage (from its goroutine,
	// without blocking) as each stage begins.
	SwitchDNSStaged(ctx context.Context, target *url.URL, stage func(DNSStage)) (DNSSwitch, error)
}
