package dns

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

func TestResolvWindowsAdapters(t *testing.T) {
	as := []WinAdapter{
		{Index: 1, Loopback: true, Up: true, DNS: addrs("fec0:0:0:ffff::1")},
		{Index: 7, Up: true, DNS: addrs("192.0.2.53", "fec0:0:0:ffff::1", "fec0:0:0:ffff::2")},
		{Index: 8, Up: false, DNS: addrs("198.51.100.53")},
		{Index: 9, Up: true, DNS: addrs("192.0.2.53", "2001:db8::53", "::")},
	}
	var got []string
	for _, s := range WindowsResolvers(as) {
		got = append(got, s.String())
	}
	if want := []string{"192.0.2.53:53", "[2001:db8::53]:53"}; !reflect.DeepEqual(got, want) {
		t.Errorf("got %v, want %v", got, want)
	}
}

// winAdaptersFromPowerShell turns a recorded Get-DnsClientServerAddress
// table into the structures GetAdaptersAddresses gives, so the pure layer is
// tested on real adapter lists.
func winAdaptersFromPowerShell(t *testing.T, data []byte) []WinAdapter {
	row := regexp.MustCompile(`^(.*?)\s+(\d+)\s+(IPv4|IPv6)\s+\{(.*)\}\s*$`)
	byIndex := map[int]*WinAdapter{}
	var order []int
	sc := bufio.NewScanner(bytes.NewReader(data))
	for sc.Scan() {
		m := row.FindStringSubmatch(sc.Text())
		if m == nil {
			continue
		}
		idx, _ := strconv.Atoi(m[2])
		ad, ok := byIndex[idx]
		if !ok {
			ad = &WinAdapter{Index: idx, FriendlyName: strings.TrimSpace(m[1]), Up: true, Loopback: strings.HasPrefix(m[1], "Loopback")}
			byIndex[idx] = ad
			order = append(order, idx)
		}
		for _, s := range strings.Split(m[4], ",") {
			if s = strings.TrimSpace(s); s != "" {
				ad.DNS = append(ad.DNS, netip.MustParseAddr(s))
			}
		}
	}
	var out []WinAdapter
	for _, i := range order {
		out = append(out, *byIndex[i])
	}
	if len(out) == 0 {
		t.Fatal("no adapter rows in the sample")
	}
	return out
}

func TestResolvWindowsSamples(t *testing.T) {
	for _, tc := range []struct {
		file string
		want []string
	}{
		{"get-dnsclientserveraddress-filtered-multi-adapter.txt", []string{"8.8.8.8:53", "8.8.4.4:53"}},
		{"get-dnsclientserveraddress-server2019-vpn.txt", []string{"100.100.111.4:53", "100.100.111.1:53", "100.100.111.3:53", "100.100.111.2:53", "10.255.252.2:53"}},
	} {
		t.Run(tc.file, func(t *testing.T) {
			as := winAdaptersFromPowerShell(t, samples.Read(t, "windows/"+tc.file))
			var got []string
			for _, s := range WindowsResolvers(as) {
				got = append(got, s.String())
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("got %v, want %v", got, tc.want)
			}
		})
	}
}
