package localnet

import (
	"fmt"
	"net/netip"
	"unsafe"

	"golang.org/x/sys/windows"

	"gatewaydoctor/checks"
)

// OSLocalNetwork is this computer's interfaces (GetAdaptersAddresses,
// through the Go standard library) and default gateways
// (GetIpForwardTable2), neither of which needs elevation.
func OSLocalNetwork() checks.LocalNetwork { return windowsLocal{} }

type windowsLocal struct{}

func (windowsLocal) Interfaces() ([]checks.Interface, error) { return goInterfaces() }

func (windowsLocal) DefaultGateways() ([]netip.Addr, error) {
	rows, err := winRoutes()
	if err != nil {
		return nil, err
	}
	return winDefaultGateways(rows), nil
}

// winRoutes reads the IPv4 and IPv6 routing tables.
func winRoutes() ([]WinRoute, error) {
	var table *windows.MibIpForwardTable2
	if err := windows.GetIpForwardTable2(windows.AF_UNSPEC, &table); err != nil {
		return nil, fmt.Errorf("GetIpForwardTable2: %w", err)
	}
	defer windows.FreeMibTable(unsafe.Pointer(table))
	var out []WinRoute
	for _, r := range table.Rows() {
		dst, ok := rawInetAddr(&r.DestinationPrefix.Prefix)
		if !ok {
			continue
		}
		hop, _ := rawInetAddr(&r.NextHop)
		out = append(out, WinRoute{
			IfIndex: int(r.InterfaceIndex),
			Dest:    netip.PrefixFrom(dst, int(r.DestinationPrefix.PrefixLength)),
			NextHop: hop,
			Metric:  r.Metric,
		})
	}
	return out, nil
}

// rawInetAddr reads a SOCKADDR_INET union.
func rawInetAddr(s *windows.RawSockaddrInet) (netip.Addr, bool) {
	switch s.Family {
	case windows.AF_INET:
		v4 := (*windows.RawSockaddrInet4)(unsafe.Pointer(s))
		return netip.AddrFrom4(v4.Addr), true
	case windows.AF_INET6:
		v6 := (*windows.RawSockaddrInet6)(unsafe.Pointer(s))
		return netip.AddrFrom16(v6.Addr), true
	}
	return netip.Addr{}, false
}
