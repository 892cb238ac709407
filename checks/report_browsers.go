package checks

import (
	"fmt"
	"strings"
)

// BrowserReport is one entry of the report's optional "browsers" section: a
// browser's own proxy and DNS-over-HTTPS settings where they differ from the
// system's (DESIGN.md). A browser that follows the system is not listed.
type BrowserReport struct {
	// Browser is one of the Browser* IDs.
	Browser string `json:"browser"`
	// Source says where the settings were read: "prefs.js",
	// "policies.json", "policy /etc/opt/chrome/policies/managed",
	// "registry HKLM\\SOFTWARE\\Policies\\Google\\Chrome", "managed preferences".
	Source string `json:"source"`
	// Proxy is the browser's own proxy in one line; "" when it follows the
	// system's.
	Proxy string `json:"proxy,omitempty"`
	// DoH is the browser's own DNS-over-HTTPS; nil when it follows the
	// browser's default.
	DoH *DoH `json:"doh,omitempty"`
	// Locked is set when the organisation's policy sets them, so the person
	// cannot change them in the browser.
	Locked bool `json:"locked,omitempty"`
}

// DoHMode is how a browser uses DNS over HTTPS, in Chrome's policy words.
type DoHMode string

// The DNS-over-HTTPS modes, the same for every browser.
const (
	DoHOff       DoHMode = "off"       // the system's resolver only
	DoHAutomatic DoHMode = "automatic" // DoH when it works, else the system's resolver
	DoHSecure    DoHMode = "secure"    // DoH only: the system's resolver is never asked
)

// DoH is a browser's own DNS-over-HTTPS setting.
type DoH struct {
	Mode DoHMode `json:"mode"`
	// Templates are the DoH servers' URI templates; empty means the
	// browser's built-in choice.
	Templates []string `json:"templates,omitempty"`
}

// Bypasses reports whether the browser resolves names over its own DoH,
// so flushing or switching the system's DNS does not change what it sees:
// always in secure mode, and in automatic mode with a server of its own.
func (d *DoH) Bypasses() bool {
	if d == nil {
		return false
	}
	return d.Mode == DoHSecure || d.Mode == DoHAutomatic && len(d.Templates) > 0
}

// writeBrowsersText is the text report's "Browsers' own settings" part.
// The browsers' IDs, the DNS-over-HTTPS modes, the addresses and where the
// settings were read are codes and data, kept as they are.
func (rep *Report) writeBrowsersText(b *strings.Builder) {
	if len(rep.Browsers) == 0 {
		return
	}
	b.WriteString("\n" + rep.say("report.browsers", "Browsers' own settings (they bypass the system's):", nil) + "\n")
	for _, r := range rep.Browsers {
		var parts []string
		if r.Proxy != "" {
			parts = append(parts, rep.say("report.browsers.proxy", "proxy {{.Proxy}}", Args{"Proxy": r.Proxy}))
		}
		if r.DoH != nil {
			d := rep.say("report.browsers.doh", "DNS over HTTPS {{.Mode}}", Args{"Mode": string(r.DoH.Mode)})
			if len(r.DoH.Templates) > 0 {
				d += " (" + strings.Join(r.DoH.Templates, ", ") + ")"
			}
			parts = append(parts, d)
		}
		lock := ""
		if r.Locked {
			lock = ", " + rep.say("report.browsers.locked", "set by policy", nil)
		}
		fmt.Fprintf(b, "  %-9s %s [%s%s]\n", r.Browser, strings.Join(parts, "; "), r.Source, lock)
	}
}
