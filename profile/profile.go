// Package profile holds a helpdesk's profile (TOML): its contact details,
// target sites, DNS providers, probe endpoints and disabled fixes. It is pure
// data and validation; it imports nothing of the engine.
package profile

import "net/netip"

// Profile is a helpdesk profile as DESIGN.md ("Helpdesk profile") defines it.
type Profile struct {
	Helpdesk Helpdesk `toml:"helpdesk"`
	Targets  Targets  `toml:"targets"`
	DNS      DNS      `toml:"dns"`
	Probes   Probes   `toml:"probes"`
	Fixes    Fixes    `toml:"fixes"`
	Privacy  Privacy  `toml:"privacy"`

	// Source is where the profile was read from ("embedded default" or a path).
	Source string `toml:"-"`

	// defined holds the dotted keys the file set itself (the rest are the
	// default's), for Describe.
	defined map[string]bool
}

// Helpdesk is shown on the report and the "contact" steps; empty is hidden.
type Helpdesk struct {
	Name  string `toml:"name"`
	Email string `toml:"email"`
	Phone string `toml:"phone"`
	URL   string `toml:"url"`
}

// Targets are the sites prefilled in the wizard.
type Targets struct {
	URLs []string `toml:"urls"`
}

// DNS configures the resolver checks and the DNS switch.
type DNS struct {
	Providers          []string         `toml:"providers"`
	CustomProviders    []CustomProvider `toml:"custom_providers"`
	AllowSwitch        bool             `toml:"allow_switch"`
	ReferenceResolvers []string         `toml:"reference_resolvers"`
	// LatencyDomain is the zone under which random labels measure uncached
	// latency; ReferenceName must resolve everywhere.
	LatencyDomain string `toml:"latency_domain"`
	ReferenceName string `toml:"reference_name"`
}

// CustomProvider is a helpdesk's own DNS service.
type CustomProvider struct {
	Name    string   `toml:"name"`
	Title   string   `toml:"title"`
	Servers []string `toml:"servers"`
}

// Probes are the endpoints of the captive and reachability checks.
type Probes struct {
	Captive      []CaptiveProbe `toml:"captive"`
	Reachability []string       `toml:"reachability"`
}

// CaptiveProbe is one captive-portal probe and its expected answer.
type CaptiveProbe struct {
	URL    string `toml:"url"`
	Status int    `toml:"status"`
	Body   string `toml:"body"`
}

// Privacy is what a managed install settles for the person in advance.
type Privacy struct {
	// Preapproved says the helpdesk approved the diagnosis's network
	// contacts for this install: the first screen says so, naming the
	// helpdesk. The person still presses Start, and nothing touches the
	// network before that.
	Preapproved bool `toml:"preapproved"`
	// OutsideCheck is the outside check ("is it down for everyone?"):
	// OutsideAsk, OutsideNever or OutsideAlways.
	OutsideCheck string `toml:"outside_check"`
}

// The values of [privacy] outside_check.
const (
	OutsideAsk    = "ask"    // offered; nothing is sent until the person asks
	OutsideNever  = "never"  // never offered, never sent
	OutsideAlways = "always" // pre-approved by the helpdesk: it runs after the verdicts it helps
)

// Fixes lists fix IDs the helpdesk does not want offered.
type Fixes struct {
	Disabled []string `toml:"disabled"`
}

// Provider is a DNS service the switch can offer, built in or custom.
type Provider struct {
	Name    string       // "cloudflare"
	Title   string       // "Cloudflare (1.1.1.1)"
	Servers []netip.Addr // IPv4 and IPv6
}
