package engine

import (
	"gatewaydoctor/checks"
	"gatewaydoctor/checks/dns"
	"gatewaydoctor/checks/localnet"
	"gatewaydoctor/checks/proxy"
	"gatewaydoctor/checks/system"
	"gatewaydoctor/checks/web"
)

// Checks returns every check of a full diagnosis, in the order the wizard
// lists them. This is the one registry: adding a check is its file plus one
// line here (and its text keys in assets/translations).
func Checks() []checks.Check {
	return []checks.Check{
		web.TargetCheck(),
		dns.DNSSystemCheck(),
		dns.DNSResolveCheck(),
		dns.DNSLatencyCheck(),
		dns.DNSHijackCheck(),
		dns.HostsCheck(),
		localnet.CaptiveCheck(),
		localnet.ReachCheck(),
		localnet.InterfacesCheck(),
		localnet.GatewayCheck(),
		system.ClockCheck(),
		system.SystemCheck(),
		system.BrowsersCheck(),
		proxy.ConfigCheck(),
		proxy.TestCheck(),
	}
}
