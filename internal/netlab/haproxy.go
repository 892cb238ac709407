//go:build linux

package netlab

import (
	"fmt"
	"net/netip"
	"testing"
)

// StartHAProxy runs HAProxy inside namespace ns in the foreground with
// sections (its frontends and backends) after a lab global and defaults
// section: HTTP mode, short timeouts, a pid file in its own directory.
// listen are the addresses it must have bound before StartHAProxy returns.
// sections may use NginxDirPlaceholder for the server's directory.
func StartHAProxy(t testing.TB, ns *NS, sections string, listen ...netip.AddrPort) *Daemon {
	t.Helper()
	dir := t.TempDir()
	conf := fmt.Sprintf(`# Gateway Doctor namespace lab (%s)
global
  pidfile %[2]s/haproxy.pid
  maxconn 256

defaults
  mode http
  timeout connect 1s
  timeout client 10s
  timeout server 10s

%[3]s
`, t.Name(), dir, replaceDir(sections, dir))
	path := writeDaemonFile(t, dir, "haproxy.cfg", conf)
	return StartDaemon(t, ns, "haproxy", dir, []string{"haproxy", "-db", "-f", path}, listen, nil)
}
