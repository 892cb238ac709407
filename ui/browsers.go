package ui

import (
	"context"
	"net/url"
	"runtime"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"gatewaydoctor/checks/engine"
	"gatewaydoctor/fixes"
)

// BrowserChoice is an installed browser, offered by its name, and by its
// icon where the OS gives one.
type BrowserChoice struct {
	ID, Name string // ID as in fixes.Kind: "firefox", "chrome", …
	// Private and NoExtensions say whether the app can open it in a
	// private window, or without its extensions.
	Private, NoExtensions bool
	// Icon is the browser's own icon (PNG or SVG); nil: its name alone.
	Icon fyne.Resource
}

// browserIconScale sizes a browser's icon against the theme's inline icon
// (the radio circle beside it): a little larger, since a browser is known
// by its logo's colours and shape, which need a few more pixels than a
// symbol does.
const browserIconScale = 1.2

// pickWithIcons shows each browser's icon, where the OS gave one, before
// its name in pick: a column of icons, each centred on its option's row.
// With no icon at all it is pick alone, as before icons. It returns the
// icons too, in the options' order (nil where a browser has none).
func pickWithIcons(pick *widget.RadioGroup, choices []BrowserChoice) (fyne.CanvasObject, []*canvas.Image) {
	icons := make([]*canvas.Image, len(choices))
	objs := []fyne.CanvasObject{pick}
	some := false
	for i, c := range choices {
		img := canvas.NewImageFromResource(c.Icon) // nil draws nothing
		img.FillMode = canvas.ImageFillContain
		if c.Icon != nil {
			icons[i] = img
			some = true
		}
		objs = append(objs, img)
	}
	if !some {
		return pick, icons
	}
	return container.New(&iconRows{pick: pick}, objs...), icons
}

// iconRows lays a RadioGroup out with a column of icons before it, one per
// option. A vertical RadioGroup gives each option an equal share of its
// minimum height, so the icon of option i is centred in share i.
type iconRows struct{ pick *widget.RadioGroup }

func (l *iconRows) side() float32 {
	return theme.Size(theme.SizeNameInlineIcon) * browserIconScale
}

func (l *iconRows) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	side, pad := l.side(), theme.Padding()
	pickMin := l.pick.MinSize()
	icons := objs[1:]
	row := pickMin.Height / float32(max(len(icons), 1))
	for i, o := range icons {
		o.Resize(fyne.NewSquareSize(side))
		o.Move(fyne.NewPos(0, float32(i)*row+(row-side)/2))
	}
	l.pick.Move(fyne.NewPos(side+pad, 0))
	l.pick.Resize(fyne.NewSize(size.Width-side-pad, max(pickMin.Height, size.Height)))
}

func (l *iconRows) MinSize(objs []fyne.CanvasObject) fyne.Size {
	side := l.side()
	m := l.pick.MinSize()
	return fyne.NewSize(side+theme.Padding()+m.Width, max(m.Height, side*float32(len(objs)-1)))
}

// BrowserFixer is a Fixer that can open the site in a browser the person
// picks: "Try another browser" offers the installed ones by name, and a
// private window or safe mode opens in the chosen one. A Fixer without it
// leaves those steps to the person, with the keys to press.
type BrowserFixer interface {
	// Browsers lists the browsers installed here.
	Browsers() []BrowserChoice
	// OpenIn carries out fix (other_browser, private_window or
	// safe_mode_browser) in browser.
	OpenIn(ctx context.Context, fix, browser string, target *url.URL) (FixOutcome, error)
}

// isBrowserFix reports whether fix id opens the site in a browser the
// person picks (its catalogue row says so).
func isBrowserFix(id string) bool { return row(id).Opens.ChoosesBrowser() }

// loadBrowsers asks the Fixer for the installed browsers once, off the UI
// goroutine (detection reads the disk), and redraws a browser step shown
// meanwhile.
func (w *Wizard) loadBrowsers() {
	bf, ok := w.d.Fixer.(BrowserFixer)
	if !ok {
		return
	}
	background(w.bridge, nil, bf.Browsers, func(bs []BrowserChoice) {
		w.browsers = bs
		if w.screen == screenWelcome && len(bs) > 1 && w.d.EngineFor != nil {
			w.showWelcome() // ask which browser shows the problem
		}
		if w.screen == screenStep && w.step < len(w.steps) && isBrowserFix(w.steps[w.step]) {
			w.showStep(w.step)
		}
	})
}

// browserChoices are the browsers that can carry out fix id.
func (w *Wizard) browserChoices(id string) []BrowserChoice {
	if _, ok := w.d.Fixer.(BrowserFixer); !ok || !w.d.Fixer.CanApply(id) {
		return nil
	}
	opens := row(id).Opens
	var out []BrowserChoice
	for _, b := range w.browsers {
		if (opens == fixes.OpensPrivateWindow && !b.Private) || (opens == fixes.OpensNoExtensions && !b.NoExtensions) {
			continue
		}
		out = append(out, b)
	}
	return out
}

// privateKeys is the shortcut that opens a private window, by browser ID;
// "Mod" is Ctrl, or Command on macOS (each browser's own help pages).
var privateKeys = map[string]struct{ name, keys string }{
	"chrome":   {"Google Chrome", "Mod+Shift+N"},
	"edge":     {"Microsoft Edge", "Mod+Shift+N"},
	"firefox":  {"Firefox", "Mod+Shift+P"},
	"safari":   {"Safari", "Mod+Shift+N"},
	"chromium": {"Chromium", "Mod+Shift+N"},
	"brave":    {"Brave", "Mod+Shift+N"},
	"vivaldi":  {"Vivaldi", "Mod+Shift+N"},
	"opera":    {"Opera", "Mod+Shift+N"},
}

// usualBrowsers are the browsers whose keys the wizard shows when it found
// none installed: those most people on each OS use.
var usualBrowsers = map[string][]string{
	"windows": {"edge", "chrome", "firefox"},
	"darwin":  {"safari", "chrome", "firefox"},
	"linux":   {"firefox", "chrome"},
}

// keysFor words a shortcut for goos in the current language: "Ctrl+Shift+N",
// "Strg+Umschalt+N", "Cmd+Shift+N".
func keysFor(goos, keys string) string {
	parts := strings.Split(keys, "+")
	for i, p := range parts {
		switch p {
		case "Mod":
			parts[i] = T("keys.ctrl")
			if goos == "darwin" {
				parts[i] = T("keys.cmd")
			}
		case "Shift":
			parts[i] = T("keys.shift")
		}
	}
	return strings.Join(parts, "+")
}

// privateWindowSteps says, for each browser the person may use, which keys
// open a private window: the installed ones, or the usual ones for goos.
func privateWindowSteps(goos string, installed []BrowserChoice) []string {
	var ids []string
	for _, b := range installed {
		if _, ok := privateKeys[b.ID]; ok {
			ids = append(ids, b.ID)
		}
	}
	if len(ids) == 0 {
		ids = usualBrowsers[goos]
		if ids == nil {
			ids = usualBrowsers["linux"]
		}
	}
	var lines []string
	for _, id := range ids {
		k := privateKeys[id]
		lines = append(lines, T("browser.private_keys", map[string]any{"Browser": k.name, "Keys": keysFor(goos, k.keys)}))
	}
	return lines
}

// found is what the latest run found beside the verdict: the sign-in
// page's address, the fixes its findings make moot (engine.FoundIn).
func (w *Wizard) found() engine.Found { return engine.FoundIn(w.results) }

// goos is the OS whose keys and browsers the wizard names.
func (w *Wizard) goos() string {
	if w.d.GOOS != "" {
		return w.d.GOOS
	}
	return runtime.GOOS
}
