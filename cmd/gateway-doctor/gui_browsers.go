//go:build !nogui

package main

import (
	"context"
	"fmt"
	"net/url"

	"gatewaydoctor/fixes"
	"gatewaydoctor/ui"
)

// The wizard offers the installed browsers by name (ui.BrowserFixer).
var _ ui.BrowserFixer = guiFixer{}

// Browsers lists the browsers installed here with what the app can open
// them in.
func (g guiFixer) Browsers() []ui.BrowserChoice {
	var out []ui.BrowserChoice
	for _, b := range fixes.DetectBrowsers(fixes.OSBrowserEnv()) {
		k, _ := fixes.Kind(b.ID)
		name := b.Name
		if name == "" {
			name = k.Name
		}
		out = append(out, ui.BrowserChoice{ID: string(b.ID), Name: name, Private: k.Private != "", NoExtensions: k.NoExtensions != ""})
	}
	return out
}

// OpenIn carries out a browser fix in the browser the person chose: the
// desk's Apply with that browser in the fix context.
func (g guiFixer) OpenIn(ctx context.Context, id, browser string, target *url.URL) (ui.FixOutcome, error) {
	fc, err := g.desk.Prepare(target)
	if err != nil {
		return ui.FixOutcome{}, err
	}
	for _, b := range fc.Browsers {
		if string(b.ID) == browser {
			fc.Browser = &b
		}
	}
	if fc.Browser == nil {
		return ui.FixOutcome{}, fmt.Errorf("%w: %s is not installed", fixes.ErrChooseBrowser, browser)
	}
	o, err := g.desk.Apply(ctx, id, fc)
	return uiOutcome(id, o, err)
}
