package checks

// NetworkChecks returns every check of the user's side of the connection:
// DNS, hosts file, captive portal, reachability, local network, clock and
// system facts. They only observe, and all run at once under the runner's
// budget.
func NetworkChecks() []Check {
	return []Check{
		DNSSystemCheck(),
		DNSResolveCheck(),
		DNSLatencyCheck(),
		DNSHijackCheck(),
		HostsCheck(),
		CaptiveCheck(),
		ReachCheck(),
		InterfacesCheck(),
		GatewayCheck(),
		ClockCheck(),
		SystemCheck(),
		BrowsersCheck(),
	}
}
