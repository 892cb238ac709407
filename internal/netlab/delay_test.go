//go:build linux

package netlab_test

import (
	"net"
	"net/netip"
	"testing"
	"time"

	"gatewaydoctor/internal/netlab"
)

// TestDelay checks that a delayed lab really holds packets back: a TCP
// connect from the client (SYN out, SYN-ACK back: one round trip) and an
// echo on the open connection (a second round trip) each take at least the
// configured delay. Only the lower bound is asserted; how much longer a
// busy machine takes is not this test's business.
func TestDelay(t *testing.T) {
	const d = 150 * time.Millisecond
	echo := netip.AddrPortFrom(netip.MustParseAddr("198.51.100.7"), 7)
	for _, tc := range []struct {
		name  string
		delay func(t *testing.T, l *netlab.Lab) netlab.DelayMethod
	}{
		{"best available", func(t *testing.T, l *netlab.Lab) netlab.DelayMethod { return l.Delay(t, d) }},
		{"nfqueue delayer", func(t *testing.T, l *netlab.Lab) netlab.DelayMethod {
			l.DelayNFQueue(t, d)
			return netlab.DelayNFQueue
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			l := netlab.New(t)
			l.AddInternetHost(t, echo.Addr())
			ln := netlab.ListenIn(t, l.Router, echo.String())
			go func() {
				for {
					c, err := ln.Accept()
					if err != nil {
						return
					}
					go func() {
						defer c.Close()
						buf := make([]byte, 64)
						n, _ := c.Read(buf)
						_, _ = c.Write(buf[:n])
					}()
				}
			}()
			method := tc.delay(t, l)
			var connect, echoRTT time.Duration
			err := netlab.InNamespace(l.Client, func() error {
				start := time.Now()
				c, err := net.Dial("tcp", echo.String())
				if err != nil {
					return err
				}
				defer c.Close()
				connect = time.Since(start)
				start = time.Now()
				if _, err := c.Write([]byte("ping")); err != nil {
					return err
				}
				buf := make([]byte, 4)
				if _, err := c.Read(buf); err != nil {
					return err
				}
				echoRTT = time.Since(start)
				return nil
			})
			if err != nil {
				t.Fatalf("through the %s delay: %v", method, err)
			}
			t.Logf("%s: connect %v, echo %v (delay %v)", method, connect, echoRTT, d)
			if connect < d || echoRTT < d {
				t.Errorf("%s: connect took %v and an echo %v, want each ≥ %v", method, connect, echoRTT, d)
			}
		})
	}
}
