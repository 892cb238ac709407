package localnet

import (
	"errors"
	"net/netip"
	"slices"
	"syscall"
	"testing"
	"time"

	"gatewaydoctor/checks"
)

func TestReachResultPorts(t *testing.T) {
	a := netip.MustParseAddr("198.51.100.7")
	conn := func(port uint16, err error) ReachConn {
		return ReachConn{Addr: netip.AddrPortFrom(a, port), RTT: time.Millisecond, Err: err}
	}
	timeout := errors.New("no answer within 2s")
	refused := syscall.ECONNREFUSED
	const https, http = "https://reach.example/", "http://reach.example/"
	for _, tc := range []struct {
		name  string
		url   string
		conns []ReachConn
		want  []checks.Code
		not   []checks.Code
	}{
		{"both web ports answer", https, []ReachConn{conn(443, nil), conn(80, nil)}, nil, []checks.Code{checks.CodeFirewallBlocked, checks.CodeReachNone}},
		{"443 dropped, 80 answers: a firewall closes 443", https, []ReachConn{conn(443, timeout), conn(80, nil)}, []checks.Code{checks.CodeFirewallBlocked, checks.CodeWebPortBlocked}, []checks.Code{checks.CodeReachNone}},
		{"443 refused, 80 answers", https, []ReachConn{conn(443, refused), conn(80, nil)}, []checks.Code{checks.CodeFirewallBlocked, checks.CodeWebPortBlocked}, nil},
		{"an http test site that refuses 443 serves no HTTPS: not a firewall", http, []ReachConn{conn(443, refused), conn(80, nil)}, nil, []checks.Code{checks.CodeFirewallBlocked, checks.CodeWebPortBlocked}},
		{"every port dropped", https, []ReachConn{conn(443, timeout), conn(80, timeout)}, []checks.Code{checks.CodeReachNone, checks.CodeFirewallBlocked}, []checks.Code{checks.CodeWebPortBlocked}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := reachResult([]ReachHost{{URL: tc.url, Host: "reach.example", Addrs: []netip.Addr{a}, Conns: tc.conns}})
			for _, c := range tc.want {
				if !r.Has(c) {
					t.Errorf("codes %v lack %s", r.Codes, c)
				}
			}
			for _, c := range tc.not {
				if slices.Contains(r.Codes, c) {
					t.Errorf("codes %v have %s", r.Codes, c)
				}
			}
		})
	}
}
