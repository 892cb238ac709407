package dns

import "net/netip"

// WinAdapter is one Windows adapter as GetAdaptersAddresses reports it,
// reduced to what the checks use. It is plain data so that the logic over it
// is tested on every OS; only localnet_windows.go fills it from the API.
type WinAdapter struct {
	Index        int    // IfIndex: adapters are addressed by index, never by name
	GUID         string // AdapterName, "{…}"
	FriendlyName string // for evidence only
	Up           bool   // OperStatus == IfOperStatusUp
	Loopback     bool   // IfType == IF_TYPE_SOFTWARE_LOOPBACK
	Addrs        []netip.Prefix
	DNS          []netip.Addr
}

// winSiteLocalDNS reports the fec0:0:0:ffff::1..3 placeholders that Windows
// lists as IPv6 DNS servers when none is configured (they were the
// deprecated site-local well-known resolvers, RFC 3879): no one answers there.
func winSiteLocalDNS(a netip.Addr) bool {
	// Contains never matches an address with a zone ("fec0:0:0:ffff::1%1"
	// as ipconfig prints them).
	return netip.MustParsePrefix("fec0:0:0:ffff::/64").Contains(a.WithZone(""))
}

// WindowsResolvers is the DNS server list of the adapters that are up and
// are not loopback, in adapter order, without duplicates and without the
// site-local placeholders nor the "::" a VPN adapter may list.
func WindowsResolvers(as []WinAdapter) []netip.AddrPort {
	var out []netip.AddrPort
	seen := map[netip.Addr]bool{}
	for _, ad := range as {
		if !ad.Up || ad.Loopback {
			continue
		}
		for _, a := range ad.DNS {
			if winSiteLocalDNS(a) || a.IsUnspecified() || seen[a] {
				continue
			}
			seen[a] = true
			out = append(out, netip.AddrPortFrom(a, 53))
		}
	}
	return out
}
