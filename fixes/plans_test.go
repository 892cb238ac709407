package fixes

import (
	"errors"
	"fmt"
	"net/netip"
	"strconv"
	"strings"
	"testing"
)

func addrs(ss ...string) []netip.Addr {
	out := make([]netip.Addr, len(ss))
	for i, s := range ss {
		out[i] = netip.MustParseAddr(s)
	}
	return out
}

var (
	cloudflare = addrs("1.1.1.1", "1.0.0.1", "2606:4700:4700::1111")
	labV4Only  = addrs("198.51.100.53")
	macList    = []string{"USB 10/100/1000 LAN", "Wi-Fi", "iPhone USB", "Thunderbolt Bridge"}
)

// snapshotShapes are the shapes a restore must reproduce on each OS: DHCP,
// static, IPv6 static, and several adapters.
func snapshotShapes() []struct {
	name string
	snap Snapshot
} {
	win := Stack{Manager: ManagerWindows}
	mac := Stack{Manager: ManagerMacOS}
	nm := Stack{Manager: ManagerNetworkManager}
	res := Stack{Manager: ManagerResolved}
	dhcp := Family{Auto: true, Seen: addrs("192.168.1.1")}
	dhcp6 := Family{Auto: true}
	static := Family{Static: addrs("192.0.2.53", "192.0.2.54"), Seen: addrs("192.0.2.53", "192.0.2.54")}
	static6 := Family{Static: addrs("2001:db8::53")}
	const g1, g2 = "{4D36E972-E325-11CE-BFC1-08002BE10318}", "{0B1C2D3E-4F50-6172-8394-A5B6C7D8E9F0}"
	const u1, u2 = "5fa6e3b2-3c1d-4a57-9e0b-0d1f2a3b4c5d", "0d1f2a3b-4c5d-4e6f-8a9b-5fa6e3b23c1d"
	return []struct {
		name string
		snap Snapshot
	}{
		{"windows dhcp", Snapshot{GOOS: "windows", Stack: win, Adapters: []Adapter{{Index: 12, GUID: g1, Name: "Wi-Fi", IPv4: dhcp, IPv6: dhcp6}}}},
		{"windows static", Snapshot{GOOS: "windows", Stack: win, Adapters: []Adapter{{Index: 12, GUID: g1, Name: "Ethernet", IPv4: static, IPv6: dhcp6}}}},
		{"windows ipv6 static", Snapshot{GOOS: "windows", Stack: win, Adapters: []Adapter{{Index: 7, GUID: g2, IPv4: static, IPv6: static6}}}},
		{"windows several adapters", Snapshot{GOOS: "windows", Stack: win, Adapters: []Adapter{
			{Index: 12, GUID: g1, Name: "Wi-Fi", IPv4: dhcp, IPv6: dhcp6}, {Index: 7, GUID: g2, Name: "Ethernet; rm -rf /", IPv4: static, IPv6: dhcp6}}}},
		{"darwin dhcp", Snapshot{GOOS: "darwin", Stack: mac, MacServices: macList, Adapters: []Adapter{{Service: "Wi-Fi", IPv4: dhcp, IPv6: dhcp6}}}},
		{"darwin static", Snapshot{GOOS: "darwin", Stack: mac, MacServices: macList, Adapters: []Adapter{{Service: "Wi-Fi", IPv4: static}}}},
		{"darwin ipv6 static", Snapshot{GOOS: "darwin", Stack: mac, MacServices: macList, Adapters: []Adapter{{Service: "Wi-Fi", IPv4: static, IPv6: static6}}}},
		{"darwin several adapters", Snapshot{GOOS: "darwin", Stack: mac, MacServices: macList, Adapters: []Adapter{
			{Service: "USB 10/100/1000 LAN", IPv4: static}, {Service: "Wi-Fi", IPv4: dhcp, IPv6: dhcp6}}}},
		{"linux networkmanager dhcp", Snapshot{GOOS: "linux", Stack: nm, Adapters: []Adapter{{UUID: u1, Name: "Wired connection 1", IPv4: Family{Auto: true}, IPv6: Family{Auto: true}}}}},
		{"linux networkmanager static", Snapshot{GOOS: "linux", Stack: nm, Adapters: []Adapter{{UUID: u1, IPv4: static, IPv6: Family{Auto: true}}}}},
		{"linux networkmanager static plus dhcp", Snapshot{GOOS: "linux", Stack: nm, Adapters: []Adapter{{UUID: u1, IPv4: Family{Auto: true, Static: addrs("192.0.2.53")}, IPv6: Family{Auto: true}}}}},
		{"linux networkmanager ipv6 static", Snapshot{GOOS: "linux", Stack: nm, Adapters: []Adapter{{UUID: u1, IPv4: static, IPv6: static6}}}},
		{"linux networkmanager several adapters", Snapshot{GOOS: "linux", Stack: nm, Adapters: []Adapter{
			{UUID: u1, IPv4: Family{Auto: true}, IPv6: Family{Auto: true}}, {UUID: u2, IPv4: static, IPv6: static6}}}},
		{"linux systemd-resolved", Snapshot{GOOS: "linux", Stack: res, Adapters: []Adapter{{Index: 2, Name: "eth0", IPv4: dhcp, IPv6: dhcp6}}}},
		{"linux systemd-resolved several links", Snapshot{GOOS: "linux", Stack: res, Adapters: []Adapter{{Index: 2, IPv4: dhcp}, {Index: 3, IPv4: dhcp, IPv6: Family{Auto: true, Seen: addrs("2001:db8::1")}}}}},
		{"linux systemd-resolve before v239", Snapshot{GOOS: "linux", Stack: Stack{Manager: ManagerResolved, NoResolvectl: true}, Adapters: []Adapter{{Index: 2, IPv4: dhcp}}}},
		{"linux unmanaged resolv.conf", Snapshot{GOOS: "linux", Stack: Stack{Manager: ManagerUnmanaged}, ResolvConf: &ResolvConfState{
			Path: "/etc/resolv.conf", Mode: 0o644, Raw: []byte("# hand-written\nsearch lab.example\nnameserver 192.0.2.1\nnameserver 2001:db8::1\noptions edns0 trust-ad\n")}}},
		{"linux unmanaged resolv.conf without final newline", Snapshot{GOOS: "linux", Stack: Stack{Manager: ManagerUnmanaged}, ResolvConf: &ResolvConfState{
			Path: "/etc/resolv.conf", Mode: 0o600, Raw: []byte("nameserver 192.0.2.1")}}},
	}
}

func renderSteps(steps []Step, err error) string {
	if err != nil {
		return "  error: " + err.Error() + "\n"
	}
	var b strings.Builder
	for _, s := range steps {
		b.WriteString("  " + s.String() + "\n")
	}
	return b.String()
}

func TestSwitchAndRestorePlansGolden(t *testing.T) {
	var b strings.Builder
	for _, tc := range snapshotShapes() {
		for _, servers := range [][]netip.Addr{cloudflare, labV4Only} {
			fmt.Fprintf(&b, "== %s: switch to %v\n", tc.name, servers)
			b.WriteString(renderSteps(SwitchPlan(tc.snap, servers)))
		}
		fmt.Fprintf(&b, "== %s: restore\n", tc.name)
		b.WriteString(renderSteps(RestorePlan(tc.snap)))
	}
	golden(t, "dns_plans.golden", b.String())
}

func TestRestoreKeepsDHCPAndStatic(t *testing.T) {
	for _, tc := range snapshotShapes() {
		plan, err := RestorePlan(tc.snap)
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		text := renderSteps(plan, nil)
		for _, a := range tc.snap.Adapters {
			noStatic := len(a.IPv4.Static)+len(a.IPv6.Static) == 0
			switch tc.snap.Stack.Manager {
			case ManagerWindows:
				// A family that was automatic goes back to automatic: Reset
				// (both families), then Set puts the static family back.
				auto := a.IPv4.Auto || a.IPv6.Auto || noStatic
				if auto != strings.Contains(text, fmt.Sprintf("%q %q", psResetScript, strconv.Itoa(a.Index))) {
					t.Errorf("%s: adapter %d auto=%v, restore:\n%s", tc.name, a.Index, auto, text)
				}
			case ManagerMacOS:
				auto := noStatic
				if auto != strings.Contains(text, fmt.Sprintf("%q \"Empty\"", a.Service)) {
					t.Errorf("%s: service %s auto=%v, restore:\n%s", tc.name, a.Service, auto, text)
				}
			}
			for _, s := range append(a.IPv4.Static, a.IPv6.Static...) {
				if !strings.Contains(text, s.String()) && !strings.Contains(text, psAddr(s)) {
					t.Errorf("%s: static server %s missing from restore:\n%s", tc.name, s, text)
				}
			}
		}
	}
}

func TestUnmanagedRestoreIsByteExact(t *testing.T) {
	for _, tc := range snapshotShapes() {
		if tc.snap.ResolvConf == nil {
			continue
		}
		plan, err := RestorePlan(tc.snap)
		if err != nil || len(plan) != 1 || plan[0].Write == nil {
			t.Fatalf("%s: %v %v", tc.name, plan, err)
		}
		if string(plan[0].Write.Data) != string(tc.snap.ResolvConf.Raw) || plan[0].Write.Mode != tc.snap.ResolvConf.Mode {
			t.Errorf("%s: restore writes %q mode %o, want the original", tc.name, plan[0].Write.Data, plan[0].Write.Mode)
		}
	}
}

func TestFlushPlansGolden(t *testing.T) {
	var b strings.Builder
	for _, tc := range []struct {
		name  string
		goos  string
		stack Stack
	}{
		{"windows", "windows", Stack{Manager: ManagerWindows}},
		{"darwin", "darwin", Stack{Manager: ManagerMacOS}},
		{"linux systemd-resolved", "linux", Stack{Manager: ManagerResolved, Caches: []Cache{CacheResolved}}},
		{"linux systemd-resolve before v239", "linux", Stack{Manager: ManagerResolved, Caches: []Cache{CacheResolved}, NoResolvectl: true}},
		{"linux nscd", "linux", Stack{Manager: ManagerUnmanaged, Caches: []Cache{CacheNscd}}},
		{"linux dnsmasq from its pid file", "linux", Stack{Manager: ManagerUnmanaged, Caches: []Cache{CacheDnsmasq}, DnsmasqPID: 4242}},
		{"linux networkmanager dnsmasq", "linux", Stack{Manager: ManagerNetworkManager, Caches: []Cache{CacheNMDnsmasq}}},
		{"linux resolved and nscd", "linux", Stack{Manager: ManagerResolved, Caches: []Cache{CacheResolved, CacheNscd}}},
		{"linux nothing to flush", "linux", Stack{Manager: ManagerUnmanaged}},
	} {
		fmt.Fprintf(&b, "== %s\n", tc.name)
		plan := FlushPlan(tc.goos, tc.stack)
		if len(plan) == 0 {
			b.WriteString("  (nothing to flush)\n")
		}
		for _, c := range plan {
			b.WriteString("  " + c.String() + "\n")
		}
	}
	golden(t, "flush_plans.golden", b.String())
}

func TestElevateGolden(t *testing.T) {
	c := Command{Path: "networksetup", Args: []string{"-setdnsservers", "Wi-Fi $(reboot)", "1.1.1.1"}, Elevated: true}
	var b strings.Builder
	for _, goos := range []string{"linux", "darwin", "windows"} {
		w, err := Elevate(goos, c)
		fmt.Fprintf(&b, "== %s\n  %s\n", goos, w.String())
		if err != nil {
			fmt.Fprintf(&b, "  error: %v\n", err)
		}
	}
	plain, _ := Elevate("linux", Command{Path: "ipconfig", Args: []string{"/flushdns"}})
	fmt.Fprintf(&b, "== not elevated\n  %s\n", plain.String())
	golden(t, "elevate.golden", b.String())
	if w, _ := Elevate("darwin", c); w.Args[len(w.Args)-2] != "Wi-Fi $(reboot)" {
		t.Errorf("osascript must get the service as one argv item, got %q", w.Args)
	}
	if _, err := Elevate("windows", c); !errors.Is(err, ErrElevationUnsupported) {
		t.Errorf("windows elevation is the runner's ShellExecuteEx, not a wrapper: %v", err)
	}
}
