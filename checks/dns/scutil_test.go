package dns

import (
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"gatewaydoctor/internal/samples"
)

func TestScutilParseFixture(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("testdata", "net", "scutil-dns-vpn.txt"))
	if err != nil {
		t.Fatal(err)
	}
	rs, err := ParseScutilDNS(data)
	if err != nil {
		t.Fatal(err)
	}
	if len(rs) != 4 {
		t.Fatalf("%d resolvers, want 4: %+v", len(rs), rs)
	}
	want := ScutilResolver{Number: 1, Nameservers: addrs("192.0.2.53", "2001:db8::53"), IfIndex: 4, IfName: "en0", Reachable: true}
	if !reflect.DeepEqual(rs[0], want) {
		t.Errorf("resolver 1 = %+v, want %+v", rs[0], want)
	}
	if rs[1].Domain != "corp.example" || rs[2].Options != "mdns" || !rs[3].Scoped || rs[2].Reachable {
		t.Errorf("domain/options/scoped/reach wrong: %+v", rs)
	}
	// The supplemental corp.example resolver does not answer ordinary names.
	if got := scutilSystemServers(rs); !reflect.DeepEqual(got, addrs("192.0.2.53", "2001:db8::53")) {
		t.Errorf("system servers = %v", got)
	}
}

func TestScutilParseErrors(t *testing.T) {
	for _, tc := range []struct {
		name, text string
		wantErr    bool
		servers    int
	}{
		{"empty", "", false, 0},
		{"no resolvers", "DNS configuration\n\n", false, 0},
		{"bad nameserver", "resolver #1\n  nameserver[0] : not-an-ip\n", true, 0},
		{"keys before any resolver are ignored", "  nameserver[0] : 192.0.2.1\nresolver #1\n  nameserver[0] : 192.0.2.2\n", false, 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rs, err := ParseScutilDNS([]byte(tc.text))
			if (err != nil) != tc.wantErr {
				t.Fatalf("err = %v", err)
			}
			if n := len(scutilSystemServers(rs)); n != tc.servers {
				t.Errorf("%d servers, want %d", n, tc.servers)
			}
		})
	}
}

// TestScutilSamples reads every recorded `scutil --dns` output.
func TestScutilSamples(t *testing.T) {
	want := map[string]struct {
		resolvers int
		servers   []string
		reachable []int // numbers of unscoped resolvers that are reachable
	}{
		// A USB ethernet and Wi-Fi: the default resolver is the router.
		"scutil-dns-ethernet-and-wifi-scoped.txt": {9, []string{"192.168.1.1"}, []int{1}},
		// OpenVPN: the default resolver has no servers; the VPN's scoped
		// resolver is where queries go.
		"scutil-dns-openvpn-utun-old-reach-format-2018.txt": {8, []string{"8.8.8.8", "8.8.4.4"}, nil},
		// A link-local IPv6 router with its zone, then IPv4.
		"scutil-dns-resolver1-ipv6-linklocal-nameserver-fragment.txt": {1, []string{"fe80::200:5eff:fe00:5301%en0", "192.168.1.1"}, []int{1}},
	}
	files := samples.Files(t, "macos", "scutil-dns-*")
	for _, f := range files {
		t.Run(f, func(t *testing.T) {
			w, ok := want[f]
			if !ok {
				t.Fatalf("new sample %s: add its expectations", f)
			}
			rs, err := ParseScutilDNS(samples.Read(t, "macos/"+f))
			if err != nil {
				t.Fatal(err)
			}
			if len(rs) != w.resolvers {
				t.Errorf("%d resolvers, want %d", len(rs), w.resolvers)
			}
			var got []string
			for _, a := range scutilSystemServers(rs) {
				got = append(got, a.String())
			}
			if !reflect.DeepEqual(got, w.servers) {
				t.Errorf("servers = %v, want %v", got, w.servers)
			}
			var reach []int
			for _, r := range rs {
				if !r.Scoped && r.Reachable {
					reach = append(reach, r.Number)
				}
			}
			if !reflect.DeepEqual(reach, w.reachable) {
				t.Errorf("reachable = %v, want %v", reach, w.reachable)
			}
		})
	}
}
