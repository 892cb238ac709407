//go:build linux

package netlab

import (
	"fmt"
	"net/netip"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// CaptivePortalPort is where the router's portal page listens; the client's
// web traffic to port 80 is redirected there.
const CaptivePortalPort = 8080

// CaptivePortal makes the router behave as a hotel or airport network before
// sign-in: every connection the client makes to port 80, whatever the
// address, is answered by a portal (nginx on the router) that redirects to
// signIn (an http URL whose host resolves to the router), and every HTTPS
// connection is refused. It needs nft (Debian nftables) and nginx; it skips
// without them.
func (l *Lab) CaptivePortal(t testing.TB, signIn string) *Daemon {
	t.Helper()
	if _, err := exec.LookPath("nft"); err != nil {
		t.Skip("needs nft (Debian package nftables; make test installs it)")
	}
	portal := netip.AddrPortFrom(RouterAddr, CaptivePortalPort)
	d := StartNginx(t, l.Router, fmt.Sprintf(`
  server {
    listen %s default_server;
    location = /login { return 200 "<html><title>Sign in</title><body>Sign in to use this network</body></html>\n"; }
    location / { return 302 %s; }
  }`, portal, signIn), portal)
	rules := fmt.Sprintf(`table ip netlab_captive {
  chain prerouting {
    type nat hook prerouting priority dstnat; policy accept;
    iifname "lan0" tcp dport 80 dnat to %s
  }
  chain input {
    type filter hook input priority 0; policy accept;
    iifname "lan0" tcp dport 443 reject with tcp reset
  }
}
`, portal)
	f := filepath.Join(t.TempDir(), "captive.nft")
	if err := os.WriteFile(f, []byte(rules), 0o644); err != nil {
		t.Fatal(err)
	}
	l.Router.Run(t, "nft", "-f", f)
	return d
}
