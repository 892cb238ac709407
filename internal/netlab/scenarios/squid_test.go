//go:build linux

package scenarios

import (
	"bufio"
	"fmt"
	"net"
	"net/http"
	"net/netip"
	"os"
	"os/user"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"gatewaydoctor/internal/netlab"
)

// squidMode is how the user's Squid fails.
type squidMode int

const (
	// squidDeadParent forwards everything to a parent proxy that is not
	// there (never going direct), so Squid makes its own error page while
	// the site works without the proxy.
	squidDeadParent squidMode = iota
	// squidAuth requires a password (Basic; any would do) and gets none.
	squidAuth
	// squidDirect goes direct to every site, resolving names at the lab's
	// reference resolver, and gives up reading after a second: when the
	// site fails, Squid reports it with its own page (ERR_CONNECT_FAIL,
	// ERR_DNS_FAIL, ERR_READ_TIMEOUT), the shape of issue 13.
	squidDirect
	// squidBlock denies every request by policy: 403 ERR_ACCESS_DENIED.
	squidBlock
)

// squidPort is Squid's usual port.
const squidPort = 3128

// deadParent is an address on the router's LAN where no proxy answers.
var deadParent = netip.MustParseAddr("192.0.2.250")

// squid starts Debian's Squid on the router as the user's proxy and returns
// the environment that points the program at it (the proxy settings of a
// session: http_proxy and https_proxy). Squid drops root for its own user,
// so its directory is its own rather than under the test's private temp.
func (w *world) squid(t *testing.T, mode squidMode) []string {
	t.Helper()
	dir, err := os.MkdirTemp("", "gd-squid-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	uid, gid := -1, -1
	if u, err := user.Lookup("proxy"); err == nil {
		uid, _ = strconv.Atoi(u.Uid)
		gid, _ = strconv.Atoi(u.Gid)
	}
	if err := os.Chmod(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	if uid >= 0 {
		if err := os.Chown(dir, uid, gid); err != nil {
			t.Fatal(err)
		}
	}
	listen := netip.AddrPortFrom(squidAddr, squidPort)
	access := ""
	switch mode {
	case squidDeadParent:
		access = fmt.Sprintf(`cache_peer %s parent 3128 0 no-query default connect-timeout=1
never_direct allow all
http_access allow all`, deadParent)
	case squidAuth:
		access = `auth_param basic program /usr/lib/squid/basic_fake_auth
auth_param basic realm Lab proxy
acl authed proxy_auth REQUIRED
http_access allow authed
http_access deny all`
	case squidDirect:
		access = "http_access allow all\nread_timeout 1 second"
	case squidBlock:
		access = "http_access deny all"
	}
	conf := fmt.Sprintf(`# Gateway Doctor namespace lab (%s)
http_port %s
pid_filename %[3]s/squid.pid
cache_log %[3]s/error.log
access_log %[3]s/access.log
coredump_dir %[3]s
cache deny all
cache_mem 8 MB
shutdown_lifetime 0 seconds
visible_hostname proxy.lab.test
dns_nameservers %[5]s
connect_timeout 2 seconds
forward_timeout 2 seconds
%[4]s
`, t.Name(), listen, dir, access, squidDNS(mode))
	path := filepath.Join(dir, "squid.conf")
	if err := os.WriteFile(path, []byte(conf), 0o644); err != nil {
		t.Fatal(err)
	}
	netlab.StartDaemon(t, w.lab.Router, "squid", dir, []string{"squid", "-N", "-f", path}, []netip.AddrPort{listen}, nil)
	proxy := "http://" + listen.String()
	return []string{"http_proxy=" + proxy, "https_proxy=" + proxy, "HTTP_PROXY=" + proxy, "HTTPS_PROXY=" + proxy}
}

// squidDNS is the resolver Squid asks: the client's own (dnsmasq on the
// router), or, for a Squid that goes direct, the lab's reference resolver,
// as a proxy in a data centre asks its own.
func squidDNS(mode squidMode) netip.Addr {
	if mode == squidDirect {
		return refDNSAddr
	}
	return netlab.RouterAddr
}

// captivePortal turns the router into a captive portal whose sign-in page
// is on the portal's own name.
func (w *world) captivePortal(t *testing.T) {
	t.Helper()
	w.lab.CaptivePortal(t, "http://"+portalName+"/login")
}

// TestSquidMakesTheFault keeps the Squid scenarios honest: from the client
// namespace, a CONNECT to the site through the lab's Squid gets Squid's own
// error (dead parent) or its 407 (password), made by Squid itself.
func TestSquidMakesTheFault(t *testing.T) {
	if why := netlab.Available(); why != "" {
		t.Skip(why)
	}
	for _, tc := range []struct {
		name   string
		mode   squidMode
		status int
		header string
	}{
		// Squid 5.7 says 500 ERR_CANNOT_FORWARD; other versions 503: any 5xx.
		{"dead parent", squidDeadParent, 500, "X-Squid-Error"},
		{"password", squidAuth, http.StatusProxyAuthRequired, "Proxy-Authenticate"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			w := newWorld(t, netlab.DnsmasqAnswer)
			w.healthySite(t)
			w.squid(t, tc.mode)
			var resp *http.Response
			err := netlab.InNamespace(w.lab.Client, func() error {
				c, err := net.DialTimeout("tcp", netip.AddrPortFrom(squidAddr, squidPort).String(), 5*time.Second)
				if err != nil {
					return err
				}
				defer c.Close()
				_ = c.SetDeadline(time.Now().Add(10 * time.Second))
				if _, err := fmt.Fprintf(c, "CONNECT %[1]s:443 HTTP/1.1\r\nHost: %[1]s:443\r\n\r\n", siteName); err != nil {
					return err
				}
				resp, err = http.ReadResponse(bufio.NewReader(c), &http.Request{Method: http.MethodConnect})
				if err == nil {
					resp.Body.Close()
				}
				return err
			})
			if err != nil {
				t.Fatalf("CONNECT through the lab Squid: %v", err)
			}
			if resp.StatusCode/100 != tc.status/100 || (tc.status != 500 && resp.StatusCode != tc.status) || resp.Header.Get(tc.header) == "" {
				t.Errorf("Squid answered %d with headers %v, want %d with %s", resp.StatusCode, resp.Header, tc.status, tc.header)
			}
		})
	}
}
