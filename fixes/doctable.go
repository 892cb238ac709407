package fixes

import (
	"errors"
	"fmt"
	"io"
	"strings"

	"gatewaydoctor/checks"
)

//go:generate go run ./internal/fixdoc ../docs/fixes.md

// sampleBrowserPath is where the docs table's Firefox lives on each OS.
var sampleBrowserPath = map[string]string{
	"windows": `C:\Program Files\Mozilla Firefox\firefox.exe`,
	"darwin":  "/Applications/Firefox.app",
	"linux":   "/usr/bin/firefox",
}

// sampleContext is the context the docs table shows the plans with:
// Firefox chosen, a sample site, systemd-resolved on Linux, GNOME, macOS 14.
func sampleContext(goos string) *FixContext {
	return &FixContext{GOOS: goos, URL: "https://shop.example/",
		Browser: &Browser{ID: Firefox, Path: sampleBrowserPath[goos]},
		Stack:   Stack{Manager: ManagerResolved, Caches: []Cache{CacheResolved}},
		Desktop: Desktop{XDGCurrentDesktop: "GNOME", MacMajor: 14},
		Env:     &checks.Env{CaptiveProbes: []checks.Probe{{URL: "http://connectivitycheck.gstatic.com/generate_204", Status: 204}}}}
}

// osTitles name the OS columns of the docs table.
var osTitles = map[string]string{"windows": "Windows", "darwin": "macOS", "linux": "Linux"}

// WriteTable writes docs/fixes.md: the catalogue as a Markdown table, one
// row per fix, with each plan's commands on every OS for a sample context.
// `go generate ./fixes` rewrites the file; a test fails when it differs.
func WriteTable(w io.Writer) error {
	var b strings.Builder
	b.WriteString("# The fix catalogue\n\n")
	b.WriteString("Generated from the catalogue in `fixes/catalog.go` by `go generate ./fixes`; a test fails when this file and the catalogue differ. ")
	b.WriteString("Texts are keys into `assets/translations`; the English is the CLI's. ")
	b.WriteString("Every fix can be turned off in the profile's `[fixes] disabled`; the gate column names any other switch. ")
	b.WriteString("Plans are shown for a sample run: Firefox chosen, `https://shop.example/`, systemd-resolved on Linux, GNOME, macOS 14.\n\n")
	b.WriteString("| ID | title | sides | carried out by | changes the system | needs admin | gate |")
	for _, goos := range AllOS {
		b.WriteString(" " + osTitles[goos] + " |")
	}
	b.WriteString("\n|---|---|---|---|---|---|---|")
	for range AllOS {
		b.WriteString("---|")
	}
	b.WriteString("\n")
	for _, f := range Rows() {
		sides := "any"
		if f.Sides != nil {
			ss := make([]string, len(f.Sides))
			for i, s := range f.Sides {
				ss[i] = string(s)
			}
			sides = strings.Join(ss, ", ")
		}
		fmt.Fprintf(&b, "| `%s` | %s | %s | %s | %s | %s | `%s` |", f.ID, cell(f.Title.English), sides, f.Carry, yesNo(f.ChangesSystem), yesNo(f.NeedsAdmin), f.Gate)
		for _, goos := range AllOS {
			b.WriteString(" " + planCell(f, goos) + " |")
		}
		b.WriteString("\n")
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// planCell is what the fix runs on goos: its commands, or why none.
func planCell(f Fix, goos string) string {
	if !f.AvailableOn(goos) {
		return "not offered"
	}
	if f.Plan == nil {
		switch f.Carry {
		case CarrySwitch:
			return "`SwitchPlan` from the snapshot, journal first; `RestorePlan` to undo"
		case CarryApply:
			return "computed at run time by Apply"
		}
		return "—"
	}
	cs, err := f.Plan(sampleContext(goos))
	switch {
	case errors.Is(err, ErrUnsupported):
		return "the steps only"
	case err != nil:
		return cell(err.Error())
	case len(cs) == 0:
		return "nothing to run"
	}
	parts := make([]string, len(cs))
	for i, c := range cs {
		parts[i] = "`" + strings.ReplaceAll(c.String(), "`", "'") + "`"
	}
	return strings.Join(parts, "<br>")
}

func cell(s string) string { return strings.ReplaceAll(s, "|", `\|`) }

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}
