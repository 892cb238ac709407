package dns

import (
	"reflect"
	"testing"
)

func TestHostsParse(t *testing.T) {
	text := "127.0.0.1\tlocalhost\n::1 localhost ip6-localhost\n# 10.0.0.1 commented.example\n" +
		"203.0.113.5 Shop.Example. www.shop.example # pinned\nnot-an-ip bad.example\n0.0.0.0 ads.example\n\n192.0.2.9\n"
	es := ParseHosts([]byte(text))
	if len(es) != 4 {
		t.Fatalf("%d entries: %+v", len(es), es)
	}
	for _, tc := range []struct {
		host  string
		lines []int
	}{
		{"shop.example", []int{4}},
		{"SHOP.EXAMPLE.", []int{4}},
		{"www.shop.example", []int{4}},
		{"localhost", []int{1, 2}},
		{"commented.example", nil},
		{"bad.example", nil},
		{"example", nil},
	} {
		var lines []int
		for _, e := range HostsEntriesFor(es, tc.host) {
			lines = append(lines, e.Line)
		}
		if !reflect.DeepEqual(lines, tc.lines) {
			t.Errorf("%s: lines %v, want %v", tc.host, lines, tc.lines)
		}
	}
}

func TestHostsDefaultPath(t *testing.T) {
	for _, tc := range []struct{ goos, root, want string }{
		{"windows", `D:\WINNT`, `D:\WINNT\System32\drivers\etc\hosts`},
		{"windows", "", `C:\Windows\System32\drivers\etc\hosts`},
		{"darwin", "", "/etc/hosts"},
		{"linux", "", "/etc/hosts"},
	} {
		if got := hostsPathFor(tc.goos, tc.root); got != tc.want {
			t.Errorf("%s: %q, want %q", tc.goos, got, tc.want)
		}
	}
}
