package fixes

import (
	"context"
	"encoding/json"
	"fmt"
	"net/netip"
	"os"
	"strconv"
	"strings"
)

// Capturer reads this computer's DNS state. The OS capturer runs read-only
// commands through a Runner; tests replace it with a fixed snapshot.
type Capturer interface {
	Capture(ctx context.Context) (Snapshot, error)
}

// OSCapturer captures the snapshot of one OS. Its commands only read.
type OSCapturer struct {
	GOOS   string
	Runner Runner
	// Linux is what stack detection reads on Linux.
	Linux LinuxView
}

// Capture implements Capturer.
func (c OSCapturer) Capture(ctx context.Context) (Snapshot, error) {
	goos := c.GOOS
	if goos == "" {
		goos = runtimeGOOS
	}
	switch goos {
	case "windows":
		out, err := c.Runner.Run(ctx, windowsSnapshotCommand())
		if err != nil {
			return Snapshot{}, fmt.Errorf("read dns settings: %w", err)
		}
		ads, err := ParseWindowsSnapshot(out)
		return Snapshot{GOOS: goos, Stack: Stack{Manager: ManagerWindows, Caches: []Cache{CacheWindows}}, Adapters: ads}, err
	case "darwin":
		return captureMac(ctx, c.Runner)
	case "linux":
		return captureLinux(ctx, c.Runner, c.Linux)
	}
	return Snapshot{}, fmt.Errorf("dns settings on %s: %w", goos, ErrUnsupported)
}

// windowsSnapshotScript reads every connected adapter's DNS, per family,
// and whether it was typed in (the NameServer registry value, which is
// empty when DHCP supplies the servers). The script is a constant: nothing
// is interpolated into it.
const windowsSnapshotScript = `$ErrorActionPreference = 'Stop'
$tcp = 'HKLM:\SYSTEM\CurrentControlSet\Services\Tcpip\Parameters\Interfaces\'
$tcp6 = 'HKLM:\SYSTEM\CurrentControlSet\Services\Tcpip6\Parameters\Interfaces\'
@(Get-NetAdapter | Where-Object Status -eq 'Up' | ForEach-Object {
  $g = $_.InterfaceGuid
  [pscustomobject]@{
    Index = [int]$_.ifIndex
    Guid = [string]$g
    Name = [string]$_.Name
    V4 = @((Get-DnsClientServerAddress -InterfaceIndex $_.ifIndex -AddressFamily IPv4 -ErrorAction SilentlyContinue).ServerAddresses)
    V6 = @((Get-DnsClientServerAddress -InterfaceIndex $_.ifIndex -AddressFamily IPv6 -ErrorAction SilentlyContinue).ServerAddresses)
    StaticV4 = [string](Get-ItemProperty -Path ($tcp + $g) -Name NameServer -ErrorAction SilentlyContinue).NameServer
    StaticV6 = [string](Get-ItemProperty -Path ($tcp6 + $g) -Name NameServer -ErrorAction SilentlyContinue).NameServer
  }
}) | ConvertTo-Json -Depth 3`

func windowsSnapshotCommand() Command {
	return Command{Path: "powershell.exe", Args: []string{"-NoProfile", "-NonInteractive", "-Command", windowsSnapshotScript}}
}

type winAdapterJSON struct {
	Index    int
	Guid     string
	Name     string
	V4, V6   []string
	StaticV4 string
	StaticV6 string
}

// ParseWindowsSnapshot reads the JSON of windowsSnapshotScript. PowerShell
// prints a lone object instead of a one-element array, so both are taken.
func ParseWindowsSnapshot(out []byte) ([]Adapter, error) {
	out = []byte(strings.TrimSpace(strings.TrimPrefix(string(out), "\ufeff")))
	var list []winAdapterJSON
	if len(out) > 0 && out[0] == '{' {
		var one winAdapterJSON
		if err := json.Unmarshal(out, &one); err != nil {
			return nil, fmt.Errorf("read dns settings: %w", err)
		}
		list = append(list, one)
	} else if len(out) > 0 {
		if err := json.Unmarshal(out, &list); err != nil {
			return nil, fmt.Errorf("read dns settings: %w", err)
		}
	}
	var ads []Adapter
	for _, w := range list {
		if w.Index <= 0 || (w.Guid != "" && !ValidGUID(w.Guid)) {
			continue
		}
		a := Adapter{Index: w.Index, GUID: w.Guid, Name: w.Name}
		a.IPv4 = winFamily(w.V4, w.StaticV4)
		a.IPv6 = winFamily(w.V6, w.StaticV6)
		if len(a.IPv4.Seen)+len(a.IPv6.Seen)+len(a.IPv4.Static)+len(a.IPv6.Static) == 0 {
			continue
		}
		ads = append(ads, a)
	}
	return ads, nil
}

func winFamily(seen []string, static string) Family {
	f := Family{Seen: lenientAddrs(seen)}
	// The registry separates NameServer entries by commas or spaces.
	f.Static = lenientAddrs(strings.FieldsFunc(static, func(r rune) bool { return r == ',' || r == ' ' }))
	f.Auto = len(f.Static) == 0
	return f
}

// lenientAddrs keeps the values that parse as plain addresses. It reads
// what the OS printed, so a stray word is skipped, not fatal; the
// site-local fec0:0:0:ffff::1-3 that Windows shows when IPv6 has no server
// are kept as seen but never become static.
func lenientAddrs(ss []string) []netip.Addr {
	var out []netip.Addr
	for _, s := range ss {
		s = strings.TrimSpace(s)
		if i := strings.IndexAny(s, "%#"); i >= 0 {
			s = s[:i]
		}
		if a, err := netip.ParseAddr(s); err == nil && checkServer(a) == nil {
			out = append(out, a)
		}
	}
	return out
}

// captureMac lists the network services and reads each enabled one's DNS.
func captureMac(ctx context.Context, r Runner) (Snapshot, error) {
	snap := Snapshot{GOOS: "darwin", Stack: Stack{Manager: ManagerMacOS, Caches: []Cache{CacheMacOS}}}
	out, err := r.Run(ctx, Command{Path: "networksetup", Args: []string{"-listallnetworkservices"}})
	if err != nil {
		return snap, fmt.Errorf("read dns settings: %w", err)
	}
	enabled, _ := ParseMacServices(string(out))
	snap.MacServices = enabled
	for _, s := range enabled {
		if !ValidMacService(s, enabled) {
			continue
		}
		out, err := r.Run(ctx, Command{Path: "networksetup", Args: []string{"-getdnsservers", s}})
		if err != nil {
			return snap, fmt.Errorf("read dns settings of %q: %w", s, err)
		}
		snap.Adapters = append(snap.Adapters, ParseMacDNS(s, string(out)))
	}
	return snap, nil
}

// ParseMacDNS reads `networksetup -getdnsservers SERVICE`: a list of
// addresses when set by hand, or "There aren't any DNS Servers set on …"
// when DHCP supplies them.
func ParseMacDNS(service, out string) Adapter {
	a := Adapter{Service: service, Name: service}
	var v4, v6 []netip.Addr
	for _, line := range strings.Fields(out) {
		if ad, err := netip.ParseAddr(line); err == nil && checkServer(ad) == nil {
			if ad.Is4() {
				v4 = append(v4, ad)
			} else {
				v6 = append(v6, ad)
			}
		}
	}
	if strings.Contains(out, "aren't any DNS Servers") || len(v4)+len(v6) == 0 {
		a.IPv4.Auto, a.IPv6.Auto = true, true
		return a
	}
	a.IPv4 = Family{Static: v4, Seen: v4}
	a.IPv6 = Family{Static: v6, Seen: v6}
	return a
}

func captureLinux(ctx context.Context, r Runner, v LinuxView) (Snapshot, error) {
	v.fill()
	st := DetectLinuxStack(v)
	snap := Snapshot{GOOS: "linux", Stack: st}
	switch st.Manager {
	case ManagerUnmanaged:
		fi, err := os.Lstat(v.ResolvConfPath)
		if err != nil {
			return snap, fmt.Errorf("read %s: %w", v.ResolvConfPath, err)
		}
		raw, err := os.ReadFile(v.ResolvConfPath)
		if err != nil {
			return snap, fmt.Errorf("read %s: %w", v.ResolvConfPath, err)
		}
		snap.ResolvConf = &ResolvConfState{Path: v.ResolvConfPath, Raw: raw, Mode: fi.Mode().Perm()}
	case ManagerResolved:
		cmd := Command{Path: "resolvectl", Args: []string{"dns"}}
		if st.NoResolvectl {
			return snap, fmt.Errorf("systemd-resolve without resolvectl: %w", ErrUnsupported)
		}
		out, err := r.Run(ctx, cmd)
		if err != nil {
			return snap, fmt.Errorf("read dns settings: %w", err)
		}
		snap.Adapters = ParseResolvectlDNS(string(out))
	case ManagerNetworkManager:
		out, err := r.Run(ctx, Command{Path: "nmcli", Args: []string{"-t", "-f", "UUID,TYPE,DEVICE", "connection", "show", "--active"}})
		if err != nil {
			return snap, fmt.Errorf("read dns settings: %w", err)
		}
		for _, c := range ParseNMActive(string(out)) {
			out, err := r.Run(ctx, Command{Path: "nmcli", Args: []string{"-t", "-g", "ipv4.dns,ipv4.ignore-auto-dns,ipv6.dns,ipv6.ignore-auto-dns", "connection", "show", c.UUID}})
			if err != nil {
				return snap, fmt.Errorf("read dns settings of %s: %w", c.UUID, err)
			}
			a, err := ParseNMDNS(string(out))
			if err != nil {
				return snap, err
			}
			a.UUID, a.Name = c.UUID, c.Name
			snap.Adapters = append(snap.Adapters, a)
		}
	default:
		return snap, ErrUnsupported
	}
	return snap, nil
}

// ParseResolvectlDNS reads `resolvectl dns`: "Link 2 (eth0): 192.0.2.1 …".
// Links without servers are left out: there is nothing to switch there.
func ParseResolvectlDNS(out string) []Adapter {
	var ads []Adapter
	for _, line := range strings.Split(out, "\n") {
		rest, ok := strings.CutPrefix(strings.TrimSpace(line), "Link ")
		if !ok {
			continue
		}
		idxS, rest, ok := strings.Cut(rest, " ")
		idx, err := strconv.Atoi(idxS)
		if !ok || err != nil || idx <= 0 {
			continue
		}
		name, servers, ok := strings.Cut(rest, "):")
		if !ok {
			continue
		}
		seen := lenientAddrs(strings.Fields(servers))
		if len(seen) == 0 {
			continue
		}
		v4, v6 := splitFamilies(seen)
		ads = append(ads, Adapter{Index: idx, Name: strings.TrimPrefix(name, "("),
			IPv4: Family{Auto: true, Seen: v4}, IPv6: Family{Auto: true, Seen: v6}})
	}
	return ads
}

// NMConnection is one active NetworkManager connection.
type NMConnection struct{ UUID, Type, Name string }

// ParseNMActive reads `nmcli -t -f UUID,TYPE,DEVICE connection show
// --active`, leaving out the loopback and bridges that carry no DNS.
func ParseNMActive(out string) []NMConnection {
	var cs []NMConnection
	for _, line := range strings.Split(out, "\n") {
		f := splitTerse(strings.TrimSpace(line))
		if len(f) < 3 || !ValidUUID(f[0]) {
			continue
		}
		switch f[1] {
		case "loopback", "bridge", "tun", "dummy":
			continue
		}
		cs = append(cs, NMConnection{UUID: f[0], Type: f[1], Name: f[2]})
	}
	return cs
}

// ParseNMDNS reads the four values of `nmcli -t -g ipv4.dns,
// ipv4.ignore-auto-dns,ipv6.dns,ipv6.ignore-auto-dns connection show UUID`,
// one per line, with terse escapes ("\:" in IPv6 addresses).
func ParseNMDNS(out string) (Adapter, error) {
	lines := strings.Split(strings.TrimRight(out, "\n"), "\n")
	if len(lines) < 4 {
		return Adapter{}, fmt.Errorf("nmcli printed %d lines, want 4: %w", len(lines), ErrInvalid)
	}
	fam := func(list, ignore string) (Family, error) {
		list = strings.ReplaceAll(list, `\:`, ":")
		ss := strings.FieldsFunc(list, func(r rune) bool { return r == ',' || r == ' ' })
		as, err := ParseServers(ss)
		if err != nil {
			return Family{}, err
		}
		return Family{Static: as, Seen: as, Auto: strings.TrimSpace(ignore) != "yes"}, nil
	}
	var a Adapter
	var err error
	if a.IPv4, err = fam(lines[0], lines[1]); err != nil {
		return a, err
	}
	a.IPv6, err = fam(lines[2], lines[3])
	return a, err
}

// splitTerse splits one line of nmcli's terse output on unescaped colons.
func splitTerse(line string) []string {
	var f []string
	var cur strings.Builder
	for i := 0; i < len(line); i++ {
		switch {
		case line[i] == '\\' && i+1 < len(line):
			i++
			cur.WriteByte(line[i])
		case line[i] == ':':
			f = append(f, cur.String())
			cur.Reset()
		default:
			cur.WriteByte(line[i])
		}
	}
	return append(f, cur.String())
}
