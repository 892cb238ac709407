package profile

import (
	"fmt"
	"io"
	"strconv"
	"strings"
)

// Describe writes what the profile sets, in plain words: what `profile
// check` prints for a helpdesk. Values the file did not set itself are
// marked "(default)".
func (p *Profile) Describe(w io.Writer) {
	line := func(label, value string, keys ...string) {
		if p.fromDefault(keys...) {
			first, rest, _ := strings.Cut(value, "\n")
			value = first + " (default)"
			if rest != "" {
				value += "\n" + rest
			}
		}
		fmt.Fprintf(w, "  %-22s %s\n", label+":", value)
	}
	fmt.Fprintf(w, "Profile %s\n", p.Source)

	h := p.Helpdesk
	var contact []string
	for _, v := range []string{h.Name, h.Email, h.Phone, h.URL} {
		if v != "" {
			contact = append(contact, v)
		}
	}
	if len(contact) == 0 {
		line("Helpdesk", "none (contact steps for the helpdesk are hidden)", "helpdesk")
	} else {
		line("Helpdesk", strings.Join(contact, ", "), "helpdesk")
	}
	line("Sites in the wizard", listOr(p.Targets.URLs, "none"), "targets.urls")

	if provs, err := p.Providers(); err != nil {
		line("DNS providers", "invalid: "+err.Error(), "dns.providers")
	} else {
		titles := make([]string, len(provs))
		for i, pr := range provs {
			titles[i] = pr.Title
			if builtin(pr.Name) == nil { // built-in titles already show an address
				addrs := make([]string, len(pr.Servers))
				for j, a := range pr.Servers {
					addrs[j] = a.String()
				}
				titles[i] += " (" + strings.Join(addrs, ", ") + ")"
			}
		}
		line("DNS providers", listOr(titles, "none"), "dns.providers", "dns.custom_providers")
	}
	if p.DNS.AllowSwitch {
		line("DNS switch", "offered", "dns.allow_switch")
	} else {
		line("DNS switch", "not offered", "dns.allow_switch")
	}
	if refs, err := p.ReferenceAddrs(); err != nil {
		line("Reference resolvers", "invalid: "+err.Error(), "dns.reference_resolvers")
	} else {
		s := make([]string, len(refs))
		for i, r := range refs {
			s[i] = r.String()
		}
		line("Reference resolvers", listOr(s, "none"), "dns.reference_resolvers")
	}
	line("Latency test zone", p.DNS.LatencyDomain, "dns.latency_domain")
	line("Reference name", p.DNS.ReferenceName, "dns.reference_name")

	probes := make([]string, len(p.Probes.Captive))
	for i, c := range p.Probes.Captive {
		var want []string
		if c.Status != 0 {
			want = append(want, "status "+strconv.Itoa(c.Status))
		}
		if c.Body != "" {
			want = append(want, "body "+strconv.Quote(c.Body))
		}
		probes[i] = c.URL + " expects " + strings.Join(want, " and ")
	}
	line("Sign-in page probes", listOr(probes, "none"), "probes.captive")
	line("Internet probes", listOr(p.Probes.Reachability, "none"), "probes.reachability")
	line("Fixes not offered", listOr(p.Fixes.Disabled, "none"), "fixes.disabled")
	outside := map[string]string{
		OutsideAsk:    "offered; only the web address is sent, and only when the person asks",
		OutsideNever:  "never offered",
		OutsideAlways: "pre-approved: the web address is sent after the verdicts it helps",
	}[p.Privacy.OutsideCheck]
	line("Check from outside", outside, "privacy.outside_check")
}

// fromDefault reports whether none of keys was set by the file itself.
func (p *Profile) fromDefault(keys ...string) bool {
	if p.Source == DefaultSource {
		return false // everything is the default; saying so on each line is noise
	}
	for _, k := range keys {
		if p.defined[k] {
			return false
		}
	}
	return true
}

// listOr joins items one per line, aligned under the first; none when empty.
func listOr(items []string, none string) string {
	if len(items) == 0 {
		return none
	}
	return strings.Join(items, "\n"+strings.Repeat(" ", describeIndent))
}

// describeIndent is where values start: two spaces and a 22-column label.
const describeIndent = 2 + 22 + 1
