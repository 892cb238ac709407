//go:build !nogui

package main

import (
	"context"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"

	"fyne.io/fyne/v2"

	"gatewaydoctor/fixes"
	"gatewaydoctor/ui"
)

// The wizard offers the installed browsers by name (ui.BrowserFixer).
var _ ui.BrowserFixer = guiFixer{}

// Browsers lists the browsers installed here with what the app can open
// them in.
func (g guiFixer) Browsers() []ui.BrowserChoice {
	var out []ui.BrowserChoice
	env := fixes.OSBrowserEnv()
	for _, b := range fixes.DetectBrowsers(env) {
		k, _ := fixes.Kind(b.ID)
		name := b.Name
		if name == "" {
			name = k.Name
		}
		out = append(out, ui.BrowserChoice{ID: string(b.ID), Name: name, Private: k.Private != "", NoExtensions: k.NoExtensions != "",
			Icon: iconResource(fixes.BrowserIcon(env, b.ID))})
	}
	return out
}

// maxIconBytes caps a browser icon read from disk: a theme's icons are a
// few KiB (a 256 px PNG rarely 100 KiB), and a larger file is not an icon
// worth holding in memory for a 24 px picture.
const maxIconBytes = 1 << 20

// iconResource is the icon file at path for the wizard to draw; nil when
// there is none, it cannot be read, or it is larger than an icon is: the
// browser is then offered by its name alone.
func iconResource(path string) fyne.Resource {
	if path == "" {
		return nil
	}
	f, err := os.Open(path)
	if err != nil {
		return nil
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, maxIconBytes+1))
	if err != nil || len(data) == 0 || len(data) > maxIconBytes {
		return nil
	}
	// Fyne tells SVG from a bitmap by the name's extension.
	return fyne.NewStaticResource(filepath.Base(path), data)
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
