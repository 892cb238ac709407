package localnet

import (
	"bufio"
	"bytes"
	"context"
	"net/netip"
	"reflect"
	"strings"
	"testing"

	"gatewaydoctor/checks"
	"gatewaydoctor/checks/dns"
	"gatewaydoctor/internal/samples"
)

// ipconfigAdapter is one adapter block of a recorded `ipconfig /all`.
type ipconfigAdapter struct {
	name     string
	up       bool
	addrs    []netip.Prefix
	dns      []netip.Addr
	gateways []netip.Addr
}

// parseIpconfigAll reads recorded `ipconfig /all` text into what
// GetAdaptersAddresses and GetIpForwardTable2 would return for the same
// machine, so the pure layers are tested on real adapter sets. Test-only:
// the product never parses ipconfig.
func parseIpconfigAll(t *testing.T, data []byte) []ipconfigAdapter {
	var out []ipconfigAdapter
	var cur *ipconfigAdapter
	key := ""
	add := func(k, v string) {
		v = strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "(Preferred)"))
		if v == "" {
			return
		}
		a, err := netip.ParseAddr(v)
		switch k {
		case "IPv4 Address", "IP Address", "Autoconfiguration IPv4 Address", "Autoconfiguration IP Address", "IPv6 Address", "Link-local IPv6 Address":
			if err == nil {
				bits := 24
				if a.Is6() {
					bits = 64
				} else if strings.HasPrefix(k, "Autoconfiguration") {
					bits = 16
				}
				cur.addrs = append(cur.addrs, netip.PrefixFrom(a.WithZone(""), bits))
			}
		case "DNS Servers":
			if err == nil {
				cur.dns = append(cur.dns, a)
			}
		case "Default Gateway":
			if err == nil {
				cur.gateways = append(cur.gateways, a)
			}
		case "Media State":
			cur.up = v != "Media disconnected"
		}
	}
	sc := bufio.NewScanner(bytes.NewReader(data))
	for sc.Scan() {
		line := strings.TrimRight(sc.Text(), "\r")
		if line == "" {
			continue
		}
		if !strings.HasPrefix(line, " ") && strings.Contains(line, " adapter ") && strings.HasSuffix(line, ":") {
			out = append(out, ipconfigAdapter{name: strings.TrimSuffix(line[strings.Index(line, " adapter ")+9:], ":"), up: true})
			cur, key = &out[len(out)-1], ""
			continue
		}
		if cur == nil {
			continue
		}
		if k, v, ok := strings.Cut(line, " : "); ok {
			key = strings.TrimRight(strings.TrimSpace(k), " .")
			add(key, v)
		} else if strings.HasPrefix(line, "      ") && key != "" {
			add(key, line)
		}
	}
	if len(out) == 0 {
		t.Fatal("no adapters in the sample")
	}
	return out
}

// fakeLocal is a LocalNetwork from data.
type fakeLocal struct {
	ifs []checks.Interface
	gws []netip.Addr
}

func (f fakeLocal) Interfaces() ([]checks.Interface, error) { return f.ifs, nil }
func (f fakeLocal) DefaultGateways() ([]netip.Addr, error)  { return f.gws, nil }

// TestLocalIpconfigSamples feeds every recorded `ipconfig /all` to the
// interfaces check, the Windows resolver list and the default gateways.
func TestLocalIpconfigSamples(t *testing.T) {
	want := map[string]struct {
		status   checks.Status
		codes    []checks.Code
		dns      []string
		gateways []string
	}{
		"ipconfig-all-fragment-win10-apipa-no-dhcp.txt": {checks.StatusProblem, []checks.Code{checks.CodeAPIPA, checks.CodeNoUsableAddress}, nil, nil},
		"ipconfig-all-server2008.txt":                   {checks.StatusOK, nil, []string{"192.168.23.151:53"}, []string{"192.168.23.1"}},
		"ipconfig-all-server2016.txt":                   {checks.StatusOK, nil, []string{"192.168.22.151:53"}, []string{"192.168.22.1"}},
		"ipconfig-all-win10.txt":                        {checks.StatusOK, nil, []string{"10.50.13.1:53"}, []string{"10.50.13.1"}},
		"ipconfig-all-win11.txt":                        {checks.StatusOK, nil, []string{"192.168.1.1:53"}, []string{"192.168.1.1"}},
		"ipconfig-all-win7.txt":                         {checks.StatusOK, nil, []string{"192.168.22.151:53"}, []string{"192.168.22.1"}},
		"ipconfig-all-winxp.txt":                        {checks.StatusOK, nil, []string{"192.168.22.151:53"}, []string{"192.168.22.1"}},
	}
	for _, f := range samples.Files(t, "windows", "ipconfig-all-*") {
		t.Run(f, func(t *testing.T) {
			w, ok := want[f]
			if !ok {
				t.Fatalf("new sample %s: add its expectations", f)
			}
			ads := parseIpconfigAll(t, samples.Read(t, "windows/"+f))
			var fl fakeLocal
			var was []dns.WinAdapter
			var rows []WinRoute
			for i, a := range ads {
				fl.ifs = append(fl.ifs, checks.Interface{Index: i + 1, Name: a.name, Up: a.up, Addrs: a.addrs})
				was = append(was, dns.WinAdapter{Index: i + 1, FriendlyName: a.name, Up: a.up, Addrs: a.addrs, DNS: a.dns})
				for _, g := range a.gateways {
					rows = append(rows, WinRoute{IfIndex: i + 1, Dest: netip.MustParsePrefix("0.0.0.0/0"), NextHop: g, Metric: uint32(10 * (i + 1))})
				}
			}
			r := runInterfaces(context.Background(), (&checks.Env{Local: fl}).Normalize())
			if r.Status != w.status || !reflect.DeepEqual(r.Codes, w.codes) {
				t.Errorf("interfaces: %s %v, want %s %v (%s)", r.Status, r.Codes, w.status, w.codes, r.Summary)
			}
			var servers []string
			for _, s := range dns.WindowsResolvers(was) {
				servers = append(servers, s.String())
			}
			if !reflect.DeepEqual(servers, w.dns) {
				t.Errorf("dns = %v, want %v", servers, w.dns)
			}
			var gws []string
			for _, g := range winDefaultGateways(rows) {
				gws = append(gws, g.String())
			}
			if !reflect.DeepEqual(gws, w.gateways) {
				t.Errorf("gateways = %v, want %v", gws, w.gateways)
			}
		})
	}
}
