package localnet

import (
	"bufio"
	"bytes"
	"net/netip"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"gatewaydoctor/internal/samples"
)

func TestRouteProcNetFixture(t *testing.T) {
	got := ParseProcNetRoute(readTestdata(t, "proc-net-route.txt"))
	want := []ProcRoute{
		{Iface: "wlan0", Gateway: netip.MustParseAddr("10.0.2.1"), Metric: 600},
		{Iface: "eth0", Gateway: netip.MustParseAddr("192.0.2.1"), Metric: 100},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %+v, want %+v", got, want)
	}
	if ol := ParseProcNetRouteOnLink(readTestdata(t, "proc-net-route.txt")); !reflect.DeepEqual(ol, []string{"wg0"}) {
		t.Errorf("on-link defaults = %v, want [wg0] (the reject route on lo is not one)", ol)
	}
	got6 := ParseProcNetIPv6Route(readTestdata(t, "proc-net-ipv6_route.txt"))
	want6 := []ProcRoute{
		{Iface: "eth0", Gateway: netip.MustParseAddr("fe80::1%eth0"), Metric: 0x400},
		{Iface: "eth1", Gateway: netip.MustParseAddr("2001:db8::1"), Metric: 0x100},
	}
	if !reflect.DeepEqual(got6, want6) {
		t.Errorf("v6 got %+v, want %+v", got6, want6)
	}
}

// TestRouteProcNetSamples reads the recorded /proc/net/route and ipv6_route.
func TestRouteProcNetSamples(t *testing.T) {
	got := ParseProcNetRoute(samples.Read(t, "linux/proc-net-route-vm.txt"))
	want := []ProcRoute{{Iface: "ens33", Gateway: netip.MustParseAddr("192.168.71.2"), Metric: 100}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %+v, want %+v", got, want)
	}
	// The VM has IPv6 link-local only: its ::/0 routes are the kernel's
	// "unreachable" rejects on lo, not gateways.
	if got6 := ParseProcNetIPv6Route(samples.Read(t, "linux/proc-net-ipv6_route-vm.txt")); len(got6) != 0 {
		t.Errorf("v6 gateways %+v, want none", got6)
	}
}

func TestRouteGetFixtures(t *testing.T) {
	for _, tc := range []struct {
		file  string
		gw    string // "" for none
		iface string
	}{
		{"route-get-v6.txt", "fe80::1%en0", "en0"},
		{"route-get-link.txt", "", "utun3"},
	} {
		t.Run(tc.file, func(t *testing.T) {
			r := ParseRouteGet(readTestdata(t, tc.file))
			a, ok := r.GatewayAddr()
			if got := map[bool]string{true: a.String(), false: ""}[ok]; got != tc.gw || r.Interface != tc.iface {
				t.Errorf("gateway %q iface %q, want %q %q", got, r.Interface, tc.gw, tc.iface)
			}
		})
	}
}

// TestRouteGetSamples reads the recorded `route -n get` outputs.
func TestRouteGetSamples(t *testing.T) {
	for _, tc := range []struct {
		file, gw, iface, mask string
	}{
		{"route-get-0-default-2023.txt", "10.62.96.1", "en0", "default"},
		// A VPN's 0/1 split route prints "destination: default" too; the
		// mask tells it apart.
		{"route-get-1-vpn-split-default-utun-2023.txt", "192.168.12.1", "utun3", "128.0.0.0"},
	} {
		t.Run(tc.file, func(t *testing.T) {
			r := ParseRouteGet(samples.Read(t, "macos/"+tc.file))
			a, ok := r.GatewayAddr()
			if !ok || a.String() != tc.gw || r.Interface != tc.iface || r.Mask != tc.mask || r.Destination != "default" {
				t.Errorf("got %+v (gw %v %v)", r, a, ok)
			}
		})
	}
}

func TestRouteWindowsDefaultGateways(t *testing.T) {
	rows := []WinRoute{
		{IfIndex: 7, Dest: netip.MustParsePrefix("0.0.0.0/0"), NextHop: netip.MustParseAddr("192.0.2.1"), Metric: 50},
		{IfIndex: 9, Dest: netip.MustParsePrefix("0.0.0.0/0"), NextHop: netip.MustParseAddr("198.51.100.1"), Metric: 25},
		{IfIndex: 9, Dest: netip.MustParsePrefix("::/0"), NextHop: netip.MustParseAddr("fe80::1"), Metric: 30},
		{IfIndex: 12, Dest: netip.MustParsePrefix("0.0.0.0/0"), NextHop: netip.MustParseAddr("0.0.0.0"), Metric: 1}, // on-link VPN
		{IfIndex: 7, Dest: netip.MustParsePrefix("192.0.2.0/24"), NextHop: netip.MustParseAddr("0.0.0.0"), Metric: 1},
	}
	if got := winDefaultGateways(rows); !reflect.DeepEqual(got, addrs("198.51.100.1", "fe80::1", "192.0.2.1")) {
		t.Errorf("got %v", got)
	}
}

// TestRouteWindowsRoutePrintSample feeds the IPv4 rows of a recorded
// `route print` (the same table GetIpForwardTable2 returns) to the pure
// layer.
func TestRouteWindowsRoutePrintSample(t *testing.T) {
	data := samples.Read(t, "windows/route-print-win10.txt")
	row := regexp.MustCompile(`^\s*(\d+\.\d+\.\d+\.\d+)\s+(\d+\.\d+\.\d+\.\d+)\s+(\S+)\s+\S+\s+(\d+)\s*$`)
	var rows []WinRoute
	sc := bufio.NewScanner(bytes.NewReader(data))
	for sc.Scan() {
		if strings.HasPrefix(sc.Text(), "Persistent Routes") {
			break
		}
		m := row.FindStringSubmatch(sc.Text())
		if m == nil {
			continue
		}
		mask := netip.MustParseAddr(m[2]).As4()
		bits := 0
		for _, b := range mask {
			for ; b != 0; b <<= 1 {
				bits++
			}
		}
		hop := netip.IPv4Unspecified()
		if m[3] != "On-link" {
			hop = netip.MustParseAddr(m[3])
		}
		metric, _ := strconv.Atoi(m[4])
		rows = append(rows, WinRoute{Dest: netip.PrefixFrom(netip.MustParseAddr(m[1]), bits), NextHop: hop, Metric: uint32(metric)})
	}
	if len(rows) < 20 {
		t.Fatalf("only %d rows read from the sample", len(rows))
	}
	if got := winDefaultGateways(rows); !reflect.DeepEqual(got, addrs("192.168.31.1")) {
		t.Errorf("gateways = %v, want [192.168.31.1]", got)
	}
}
