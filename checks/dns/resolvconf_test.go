package dns

import (
	"context"
	"net/netip"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"gatewaydoctor/checks"
	"gatewaydoctor/internal/samples"
)

func addrs(ss ...string) []netip.Addr {
	var out []netip.Addr
	for _, s := range ss {
		out = append(out, netip.MustParseAddr(s))
	}
	return out
}

func TestResolvConfParse(t *testing.T) {
	for _, tc := range []struct {
		name    string
		text    string
		servers []netip.Addr
		search  []string
		bad     int
	}{
		{"plain", "nameserver 192.0.2.1\n", addrs("192.0.2.1"), nil, 0},
		{"comments both kinds", "# x\n; y\nnameserver 192.0.2.1 # z\n", addrs("192.0.2.1"), nil, 0},
		{"last search wins", "search a\ndomain b\nsearch c d\n", nil, []string{"c", "d"}, 0},
		{"ipv6 with zone", "nameserver fe80::1%eth0\n", addrs("fe80::1%eth0"), nil, 0},
		{"garbage is reported", "nameserver example.com\nnameserver\n", nil, nil, 2},
		{"crlf", "nameserver 192.0.2.1\r\nnameserver 192.0.2.2\r\n", addrs("192.0.2.1", "192.0.2.2"), nil, 0},
		{"empty", "", nil, nil, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rc := ParseResolvConf([]byte(tc.text))
			if !reflect.DeepEqual(rc.Nameservers, tc.servers) {
				t.Errorf("servers = %v, want %v", rc.Nameservers, tc.servers)
			}
			if !reflect.DeepEqual(rc.Search, tc.search) {
				t.Errorf("search = %v, want %v", rc.Search, tc.search)
			}
			if len(rc.Bad) != tc.bad {
				t.Errorf("bad = %v, want %d entries", rc.Bad, tc.bad)
			}
		})
	}
}

func TestResolvConfFixture(t *testing.T) {
	cfg, err := linuxResolverConfig(filepath.Join("testdata", "net", "resolv-mixed.conf"), "/nonexistent")
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"192.0.2.53:53", "[2001:db8::53]:53", "[fe80::1%eth0]:53"}
	var got []string
	for _, s := range cfg.Servers {
		got = append(got, s.String())
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("servers = %v, want %v", got, want)
	}
	if len(cfg.Bad) != 2 || !strings.Contains(cfg.Bad[0], "line 7") {
		t.Errorf("bad = %q, want lines 7 and 8", cfg.Bad)
	}
	if cfg.Stub != "" {
		t.Errorf("stub = %q for a plain file", cfg.Stub)
	}
}

func TestResolvConfSystemdStubReadsUpstreams(t *testing.T) {
	cfg, err := linuxResolverConfig(filepath.Join("testdata", "net", "resolv-stub.conf"), filepath.Join("testdata", "net", "resolved-upstream.conf"))
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Stub != "systemd-resolved" {
		t.Fatalf("stub = %q", cfg.Stub)
	}
	if len(cfg.Servers) != 1 || cfg.Servers[0].String() != "127.0.0.53:53" {
		t.Errorf("servers = %v: programs query the stub", cfg.Servers)
	}
	if !reflect.DeepEqual(cfg.Upstreams, addrs("192.0.2.10", "2001:db8::10")) {
		t.Errorf("upstreams = %v", cfg.Upstreams)
	}
	// The stub without its upstream file is still a valid configuration.
	cfg, err = linuxResolverConfig(filepath.Join("testdata", "net", "resolv-stub.conf"), "/nonexistent")
	if err != nil || len(cfg.Servers) != 1 || len(cfg.Upstreams) != 0 {
		t.Errorf("no upstream file: %+v, %v", cfg, err)
	}
}

func TestResolvConfMissingFileIsAnError(t *testing.T) {
	if _, err := linuxResolverConfig("/nonexistent/resolv.conf", "/nonexistent"); err == nil {
		t.Fatal("no error for a missing resolv.conf")
	}
}

// TestResolvConfSamples reads every recorded resolv.conf with the servers
// each one names.
func TestResolvConfSamples(t *testing.T) {
	want := map[string][]netip.Addr{
		"resolv.conf-docker-17.03-user-network-dup-ndots.txt":      addrs("127.0.0.11"),
		"resolv.conf-docker-container-user-network-pre-v25.txt":    addrs("127.0.0.11"),
		"resolv.conf-docker-v29-default-bridge-legacy.txt":         addrs("192.0.2.1"),
		"resolv.conf-networkmanager-centos7-no-nameservers.txt":    nil,
		"resolv.conf-networkmanager-openshift-dispatcher.txt":      addrs("10.0.101.97"),
		"resolv.conf-resolvconf-linuxmint17.txt":                   addrs("127.0.0.1", "172.17.42.1"),
		"resolv.conf-resolvconf-lxd-container.txt":                 addrs("10.207.39.2", "10.207.29.2"),
		"resolv.conf-systemd-resolved-stub-v237-ubuntu18.04.txt":   addrs("127.0.0.53"),
		"resolv.conf-systemd-resolved-stub-v255.txt":               addrs("127.0.0.53"),
		"resolv.conf-systemd-resolved-uplink-2016-photon.txt":      addrs("8.8.8.8", "8.8.4.4", "2001:4860:4860::8888", "2001:4860:4860::8844"),
		"resolv.conf-systemd-resolved-uplink-run-resolve-2017.txt": addrs("10.224.254.1", "10.224.253.1"),
		"resolv.conf-systemd-resolved-uplink-ubuntu-2022.txt":      addrs("127.0.0.1", "192.168.5.2", "fd00::200:5eff:fe00:5301"),
		"resolv.conf-wsl1-1809-empty.txt":                          nil,
		"resolv.conf-wsl2-ubuntu18.04-2019.txt":                    addrs("172.24.16.1"),
		"resolv.conf-wsl2-win11-2023.txt":                          addrs("172.23.32.1"),
	}
	files := samples.Files(t, "linux", "resolv.conf-*")
	if len(files) == 0 {
		t.Skip("no resolv.conf samples")
	}
	for _, f := range files {
		t.Run(f, func(t *testing.T) {
			exp, ok := want[f]
			if !ok {
				t.Fatalf("new sample %s: add its expected servers to this table", f)
			}
			rc := ParseResolvConf(samples.Read(t, "linux/"+f))
			if !reflect.DeepEqual(rc.Nameservers, exp) {
				t.Errorf("servers = %v, want %v", rc.Nameservers, exp)
			}
			if len(rc.Bad) != 0 {
				t.Errorf("bad = %v in a real file", rc.Bad)
			}
		})
	}
	// A stub sample with the 2022 uplink sample as systemd-resolved's own
	// list: the real pair a machine has.
	dir := samples.Path(t, "linux")
	cfg, err := linuxResolverConfig(filepath.Join(dir, "resolv.conf-systemd-resolved-stub-v255.txt"), filepath.Join(dir, "resolv.conf-systemd-resolved-uplink-ubuntu-2022.txt"))
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Stub == "" || !reflect.DeepEqual(cfg.Upstreams, addrs("127.0.0.1", "192.168.5.2", "fd00::200:5eff:fe00:5301")) {
		t.Errorf("stub %q upstreams %v", cfg.Stub, cfg.Upstreams)
	}
}

func TestDNSSystemCheckReadsResolvConf(t *testing.T) {
	if !usesResolvConf() {
		t.Skip("this OS reads resolvers elsewhere")
	}
	for _, tc := range []struct {
		name   string
		file   string
		status checks.Status
		codes  []checks.Code
	}{
		{"servers found", "resolv-stub.conf", checks.StatusOK, nil},
		{"mixed with garbage", "resolv-mixed.conf", checks.StatusProblem, []checks.Code{checks.CodeDNSMalformed}},
		{"missing file", "does-not-exist.conf", checks.StatusProblem, []checks.Code{checks.CodeDNSMalformed}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			env := (&checks.Env{ResolvConfPath: filepath.Join("testdata", "net", tc.file)}).Normalize()
			r := runDNSSystem(context.Background(), env)
			if r.Status != tc.status || !reflect.DeepEqual(r.Codes, tc.codes) {
				t.Errorf("status %s codes %v, want %s %v (%s)", r.Status, r.Codes, tc.status, tc.codes, r.Summary)
			}
		})
	}
	_ = samples.Read(t, "linux/resolv.conf-networkmanager-centos7-no-nameservers.txt") // skips when absent
	env := (&checks.Env{ResolvConfPath: samples.Path(t, "linux/resolv.conf-networkmanager-centos7-no-nameservers.txt")}).Normalize()
	if r := runDNSSystem(context.Background(), env); !r.Has(checks.CodeDNSNoServers) {
		t.Errorf("a resolv.conf without nameservers: %v %s", r.Codes, r.Summary)
	}
}

func TestResolvConfOwner(t *testing.T) {
	for _, tc := range []struct{ text, owner string }{
		{"# This is /run/systemd/resolve/stub-resolv.conf managed by man:systemd-resolved(8).\nnameserver 127.0.0.53\n", "systemd-resolved"},
		{"# Generated by NetworkManager\nnameserver 192.0.2.1\n", "NetworkManager"},
		{"# Dynamic resolv.conf(5) file generated by resolvconf(8)\n", "resolvconf"},
		{"# This file was automatically generated by WSL.\n", "wsl"},
		{"# Generated by dhcpcd\n# Generated by NetworkManager\n", "Generated by dhcpcd"},
		{"; Generated by NetworkManager\nnameserver 192.0.2.1\n", ""},
		{"nameserver 192.0.2.1\n", ""},
	} {
		if got := ParseResolvConf([]byte(tc.text)).Owner; got != tc.owner {
			t.Errorf("%q: owner %q, want %q", tc.text, got, tc.owner)
		}
	}
}
