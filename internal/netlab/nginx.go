//go:build linux

package netlab

import (
	"fmt"
	"net/netip"
	"os"
	"strings"
	"testing"
)

// NginxDirPlaceholder in an http block given to StartNginx is replaced by
// the server's own directory (for certificates and files it serves).
const NginxDirPlaceholder = "{{dir}}"

// StartNginx runs nginx (Debian's nginx-light) inside namespace ns with
// httpBlock as the body of its http {} block: the server blocks of one
// scenario. Everything else (foreground, pid file, logs, temporary paths)
// lives in a fresh directory, so the host's nginx is never touched. listen
// are the addresses nginx must have bound before StartNginx returns.
func StartNginx(t testing.TB, ns *NS, httpBlock string, listen ...netip.AddrPort) *Daemon {
	t.Helper()
	dir := t.TempDir()
	for _, sub := range []string{"body", "proxy", "fastcgi", "uwsgi", "scgi"} {
		if err := os.Mkdir(dir+"/"+sub, 0o700); err != nil {
			t.Fatal(err)
		}
	}
	conf := fmt.Sprintf(`# Gateway Doctor namespace lab (%s)
daemon off;
master_process on;
worker_processes 1;
user root;
pid %[2]s/nginx.pid;
error_log %[2]s/error.log info;
events { worker_connections 256; }
http {
  access_log %[2]s/access.log;
  client_body_temp_path %[2]s/body;
  proxy_temp_path %[2]s/proxy;
  fastcgi_temp_path %[2]s/fastcgi;
  uwsgi_temp_path %[2]s/uwsgi;
  scgi_temp_path %[2]s/scgi;
  default_type text/plain;
  # What nginx offers by default since 1.23.4; Debian 12's 1.22 stops at
  # TLS 1.2, whose extra round trip no site of today costs.
  ssl_protocols TLSv1.2 TLSv1.3;
%[3]s
}
`, t.Name(), dir, replaceDir(httpBlock, dir))
	path := writeDaemonFile(t, dir, "nginx.conf", conf)
	return StartDaemon(t, ns, "nginx", dir, []string{"nginx", "-c", path, "-e", dir + "/error.log"}, listen, nil)
}

// replaceDir substitutes NginxDirPlaceholder in a config.
func replaceDir(s, dir string) string { return strings.ReplaceAll(s, NginxDirPlaceholder, dir) }
