package localnet

import (
	"reflect"
	"testing"
)

func TestRouteLinuxDefaultGatewaysByMetric(t *testing.T) {
	l := linuxLocal{route: "testdata/net/proc-net-route.txt", route6: "testdata/net/proc-net-ipv6_route.txt"}
	gws, err := l.DefaultGateways()
	if err != nil {
		t.Fatal(err)
	}
	want := addrs("192.0.2.1", "2001:db8::1", "10.0.2.1", "fe80::1%eth0")
	if !reflect.DeepEqual(gws, want) {
		t.Errorf("gateways = %v, want %v (lowest metric first)", gws, want)
	}
	if !l.OnLinkDefault() {
		t.Error("OnLinkDefault = false with a wg0 default")
	}
	l.route6 = "testdata/net/absent"
	if _, err := l.DefaultGateways(); err != nil {
		t.Errorf("a kernel without IPv6 is not an error: %v", err)
	}
	l.route = "testdata/net/absent"
	if _, err := l.DefaultGateways(); err == nil {
		t.Error("no error without /proc/net/route")
	}
}
