package engine

import (
	"gatewaydoctor/checks"
	"gatewaydoctor/checks/proxy"
)

// Checks returns every check of a full diagnosis, in the order the wizard
// lists them. This is the one registry: adding a check is its file plus one
// line here (and its text keys in assets/translations).
func Checks() []checks.Check {
	return []checks.Check{
		checks.TargetCheck(),
		checks.DNSSystemCheck(),
		checks.DNSResolveCheck(),
		checks.DNSLatencyCheck(),
		checks.DNSHijackCheck(),
		checks.HostsCheck(),
		checks.CaptiveCheck(),
		checks.ReachCheck(),
		checks.InterfacesCheck(),
		checks.GatewayCheck(),
		checks.ClockCheck(),
		checks.SystemCheck(),
		checks.BrowsersCheck(),
		proxy.ConfigCheck(),
		proxy.TestCheck(),
	}
}
