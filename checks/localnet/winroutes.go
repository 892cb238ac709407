package localnet

import (
	"net/netip"
	"sort"
)

// WinRoute is one row of GetIpForwardTable2, reduced to what the checks use.
type WinRoute struct {
	IfIndex int
	Dest    netip.Prefix
	NextHop netip.Addr
	Metric  uint32
}

// winDefaultGateways returns the next hops of the default routes (0.0.0.0/0
// and ::/0) that have a gateway, lowest metric first. An on-link default
// (next hop unspecified) has no gateway to probe.
func winDefaultGateways(rows []WinRoute) []netip.Addr {
	var def []WinRoute
	for _, r := range rows {
		if r.Dest.Bits() == 0 && r.NextHop.IsValid() && !r.NextHop.IsUnspecified() {
			def = append(def, r)
		}
	}
	sort.SliceStable(def, func(i, j int) bool { return def[i].Metric < def[j].Metric })
	var out []netip.Addr
	seen := map[netip.Addr]bool{}
	for _, r := range def {
		if !seen[r.NextHop] {
			seen[r.NextHop] = true
			out = append(out, r.NextHop)
		}
	}
	return out
}
