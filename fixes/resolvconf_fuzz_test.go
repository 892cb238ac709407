package fixes

import (
	"net/netip"
	"strings"
	"testing"
)

// FuzzValidResolvConf feeds the privileged helper's content check what a
// hostile journal could hold. It never panics; what it accepts holds only
// comments, blank lines and resolv.conf keywords with address nameservers;
// and a switch of an accepted file is accepted too, so a revert and a
// switch of the same file are never refused half-way.
func FuzzValidResolvConf(f *testing.F) {
	for _, s := range []string{
		"", "nameserver 192.0.2.1\n", "# c\nsearch a.example\noptions ndots:2\nnameserver 2001:db8::1",
		"nameserver\n", "nameserver x\n", "root::0:0::/:/bin/sh\n", "; c\ndomain d\nsortlist 192.0.2.0/255.255.255.0",
		"nameserver 192.0.2.1\x00", "nameserver fe80::1%eth0\n",
	} {
		f.Add([]byte(s))
	}
	servers := []netip.Addr{netip.MustParseAddr("198.51.100.53"), netip.MustParseAddr("2001:db8::53")}
	f.Fuzz(func(t *testing.T, data []byte) {
		if ValidResolvConf(data) != nil {
			return
		}
		for _, line := range strings.Split(string(data), "\n") {
			fs := strings.Fields(line)
			if len(fs) == 0 || strings.HasPrefix(fs[0], "#") || strings.HasPrefix(fs[0], ";") {
				continue
			}
			switch fs[0] {
			case "nameserver":
				if _, err := netip.ParseAddr(fs[1]); err != nil {
					t.Fatalf("accepted nameserver %q", fs[1])
				}
			case "search", "domain", "options", "sortlist":
			default:
				t.Fatalf("accepted keyword %q", fs[0])
			}
		}
		if len(data) < maxResolvConf/2 {
			if err := ValidResolvConf(RewriteResolvConf(data, servers)); err != nil {
				t.Fatalf("the switch of an accepted file is refused: %v", err)
			}
		}
	})
}
