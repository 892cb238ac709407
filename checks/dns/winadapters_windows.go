package dns

import (
	"errors"
	"fmt"
	"net/netip"
	"unsafe"

	"golang.org/x/sys/windows"
)

// socketAddr reads a SOCKET_ADDRESS of GetAdaptersAddresses.
func socketAddr(sa windows.SocketAddress) (netip.Addr, bool) {
	if sa.Sockaddr == nil {
		return netip.Addr{}, false
	}
	ip := sa.IP()
	a, ok := netip.AddrFromSlice(ip)
	return a.Unmap(), ok
}

// winAdapters reads every adapter with its addresses and DNS servers.
func winAdapters() ([]WinAdapter, error) {
	const flags = windows.GAA_FLAG_SKIP_ANYCAST | windows.GAA_FLAG_SKIP_MULTICAST
	size := uint32(15 << 10) // Microsoft's advice: start with 15 KB
	for range 4 {
		buf := make([]byte, size)
		first := (*windows.IpAdapterAddresses)(unsafe.Pointer(&buf[0]))
		err := windows.GetAdaptersAddresses(windows.AF_UNSPEC, flags, 0, first, &size)
		if errors.Is(err, windows.ERROR_BUFFER_OVERFLOW) {
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("GetAdaptersAddresses: %w", err)
		}
		var out []WinAdapter
		for aa := first; aa != nil; aa = aa.Next {
			ad := WinAdapter{
				Index:        int(aa.IfIndex),
				GUID:         windows.BytePtrToString(aa.AdapterName),
				FriendlyName: windows.UTF16PtrToString(aa.FriendlyName),
				Up:           aa.OperStatus == windows.IfOperStatusUp,
				Loopback:     aa.IfType == windows.IF_TYPE_SOFTWARE_LOOPBACK,
			}
			if ad.Index == 0 {
				ad.Index = int(aa.Ipv6IfIndex)
			}
			for u := aa.FirstUnicastAddress; u != nil; u = u.Next {
				if a, ok := socketAddr(u.Address); ok {
					ad.Addrs = append(ad.Addrs, netip.PrefixFrom(a, int(u.OnLinkPrefixLength)))
				}
			}
			for d := aa.FirstDnsServerAddress; d != nil; d = d.Next {
				if a, ok := socketAddr(d.Address); ok {
					ad.DNS = append(ad.DNS, a)
				}
			}
			out = append(out, ad)
		}
		return out, nil
	}
	return nil, errors.New("GetAdaptersAddresses: the adapter list kept growing")
}
