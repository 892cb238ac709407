package localnet

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"encoding/hex"
	"net/netip"
	"strconv"
	"strings"
)

// Flags of a Linux route (include/uapi/linux/route.h).
const (
	rtfUp      = 0x0001
	rtfGateway = 0x0002
	rtfReject  = 0x0200
)

// ProcRoute is one default route read from /proc/net/route or
// /proc/net/ipv6_route.
type ProcRoute struct {
	Iface   string
	Gateway netip.Addr
	Metric  uint32
}

// ParseProcNetRoute returns the usable IPv4 default routes of
// /proc/net/route: destination and mask 0, up, through a gateway. The kernel
// prints addresses as the hex of the in-memory (little-endian on x86 and
// arm) 32-bit value, so 0247A8C0 is 192.168.71.2.
func ParseProcNetRoute(data []byte) []ProcRoute {
	var out []ProcRoute
	sc := bufio.NewScanner(bytes.NewReader(data))
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		if len(f) < 8 || f[0] == "Iface" {
			continue
		}
		flags, err := strconv.ParseUint(f[3], 16, 32)
		if err != nil || f[1] != "00000000" || f[7] != "00000000" {
			continue
		}
		if flags&rtfUp == 0 || flags&rtfGateway == 0 || flags&rtfReject != 0 {
			continue
		}
		raw, err := hex.DecodeString(f[2])
		if err != nil || len(raw) != 4 {
			continue
		}
		var a [4]byte
		binary.BigEndian.PutUint32(a[:], binary.LittleEndian.Uint32(raw))
		metric, _ := strconv.ParseUint(f[6], 10, 32)
		out = append(out, ProcRoute{Iface: f[0], Gateway: netip.AddrFrom4(a), Metric: uint32(metric)})
	}
	return out
}

// ParseProcNetIPv6Route returns the usable IPv6 default routes of
// /proc/net/ipv6_route (::/0, up, through a gateway, not the kernel's
// "unreachable" reject route on lo). Link-local gateways get the interface
// as their zone so that they can be probed.
func ParseProcNetIPv6Route(data []byte) []ProcRoute {
	var out []ProcRoute
	sc := bufio.NewScanner(bytes.NewReader(data))
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		if len(f) < 10 || f[1] != "00" || strings.Trim(f[0], "0") != "" {
			continue
		}
		flags, err := strconv.ParseUint(f[8], 16, 32)
		if err != nil || flags&rtfUp == 0 || flags&rtfGateway == 0 || flags&rtfReject != 0 {
			continue
		}
		raw, err := hex.DecodeString(f[4])
		if err != nil || len(raw) != 16 {
			continue
		}
		gw := netip.AddrFrom16([16]byte(raw))
		if gw.IsUnspecified() {
			continue
		}
		if gw.IsLinkLocalUnicast() {
			gw = gw.WithZone(f[9])
		}
		metric, _ := strconv.ParseUint(f[5], 16, 32)
		out = append(out, ProcRoute{Iface: f[9], Gateway: gw, Metric: uint32(metric)})
	}
	return out
}

// ParseProcNetRouteOnLink returns the interfaces that hold an IPv4 default
// route without a gateway ("default dev wg0").
func ParseProcNetRouteOnLink(data []byte) []string {
	var out []string
	sc := bufio.NewScanner(bytes.NewReader(data))
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		if len(f) < 8 || f[0] == "Iface" || f[1] != "00000000" || f[7] != "00000000" {
			continue
		}
		flags, err := strconv.ParseUint(f[3], 16, 32)
		if err == nil && flags&rtfUp != 0 && flags&rtfGateway == 0 && flags&rtfReject == 0 {
			out = append(out, f[0])
		}
	}
	return out
}
