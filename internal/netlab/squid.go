//go:build linux

package netlab

import (
	"crypto/md5"
	"crypto/rand"
	"fmt"
	"net/netip"
	"net/url"
	"os"
	"sort"
	"strings"
	"testing"
)

// SquidOptions configure a lab Squid: the user's forward proxy.
type SquidOptions struct {
	// Listen is the proxy's address, e.g. RouterAddr:3128 in the router
	// namespace (the proxy on the user's LAN).
	Listen netip.AddrPort
	// User and Password, when set, make Squid require basic proxy
	// authentication, checked by Debian's basic_ncsa_auth helper against an
	// htpasswd file the lab writes: clients without them get a real 407.
	User, Password string
	// Hosts are the names Squid resolves (its own hosts_file), so a test
	// needs no DNS server; other names fail with Squid's ERR_DNS_FAIL.
	Hosts map[string]netip.Addr
}

// Squid is a running lab Squid.
type Squid struct {
	*Daemon
	// URL is the proxy's URL as a browser is configured with it.
	URL *url.URL
}

// squidHelper is Debian's basic authentication helper for htpasswd files.
const squidHelper = "/usr/lib/squid/basic_ncsa_auth"

// StartSquid runs Debian's squid inside ns in the foreground (-N) with a
// config of its own: no cache, no DNS beyond opts.Hosts, its pid file and
// logs (error.log is the cache_log, so Daemon.Output shows it) in a fresh
// directory, and shutdown_lifetime 0 so that Stop is immediate. CONNECT is
// allowed to any port, so tests can use any upstream. A dead upstream needs
// no option: an address where nothing listens makes Squid answer with its
// own error page (503 ERR_CONNECT_FAIL), and one that accepts and hangs up
// makes a 502 (ERR_ZERO_SIZE_OBJECT).
func StartSquid(t testing.TB, ns *NS, opts SquidOptions) *Squid {
	t.Helper()
	// Squid drops root for the "proxy" user, which must reach its files:
	// t.TempDir's parents are private to root, so the directory is made
	// under the system's temporary directory, open to that user.
	dir, err := os.MkdirTemp("", "gd-squid-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = os.RemoveAll(dir) })
	if err := os.Chmod(dir, 0o777); err != nil {
		t.Fatal(err)
	}
	var hosts []string
	for name, a := range opts.Hosts {
		hosts = append(hosts, a.String()+" "+name)
	}
	sort.Strings(hosts)
	writeDaemonFile(t, dir, "hosts", strings.Join(hosts, "\n")+"\n")

	access := "http_access allow all"
	if opts.User != "" {
		if _, err := os.Stat(squidHelper); err != nil {
			t.Skipf("needs squid's %s (Debian's squid package; `make test` installs it): %v", squidHelper, err)
		}
		writeDaemonFile(t, dir, "htpasswd", opts.User+":"+apr1(opts.Password, randomSalt(t))+"\n")
		access = fmt.Sprintf(`auth_param basic program %s %s/htpasswd
auth_param basic realm lab proxy
acl authed proxy_auth REQUIRED
http_access allow authed
http_access deny all`, squidHelper, dir)
	}
	conf := fmt.Sprintf(`# Gateway Doctor namespace lab (%[1]s)
http_port %[2]s
visible_hostname proxy.lab.test
pid_filename %[3]s/squid.pid
cache_log %[3]s/error.log
access_log stdio:%[3]s/access.log
coredump_dir %[3]s
cache deny all
cache_mem 8 MB
netdb_filename none
pinger_enable off
logfile_rotate 0
shutdown_lifetime 0 seconds
hosts_file %[3]s/hosts
dns_nameservers 127.0.0.1
connect_timeout 2 seconds
forward_timeout 4 seconds
%[4]s
`, t.Name(), opts.Listen, dir, access)
	path := writeDaemonFile(t, dir, "squid.conf", conf)
	d := StartDaemon(t, ns, "squid", dir, []string{"squid", "-N", "-f", path}, []netip.AddrPort{opts.Listen}, nil)
	u := &url.URL{Scheme: "http", Host: opts.Listen.String()}
	return &Squid{Daemon: d, URL: u}
}

// randomSalt is an 8-character salt for apr1.
func randomSalt(t testing.TB) string {
	b := make([]byte, 8)
	if _, err := rand.Read(b); err != nil {
		t.Fatal(err)
	}
	for i := range b {
		b[i] = itoa64[int(b[i])%len(itoa64)]
	}
	return string(b)
}

// itoa64 is crypt(3)'s base-64 alphabet.
const itoa64 = "./0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"

// apr1 is Apache's MD5-crypt password hash ("$apr1$salt$hash"), one of the
// formats basic_ncsa_auth reads. It is written here so the lab needs
// neither htpasswd nor openssl; TestApr1 checks it against a known vector.
func apr1(password, salt string) string {
	const magic = "$apr1$"
	pw, s := []byte(password), []byte(salt)
	ctx := md5.New()
	ctx.Write(pw)
	ctx.Write([]byte(magic))
	ctx.Write(s)
	alt := md5.Sum(append(append(append([]byte{}, pw...), s...), pw...))
	for i := len(pw); i > 0; i -= 16 {
		ctx.Write(alt[:min(i, 16)])
	}
	for i := len(pw); i > 0; i >>= 1 {
		if i&1 != 0 {
			ctx.Write([]byte{0})
		} else {
			ctx.Write(pw[:1])
		}
	}
	final := ctx.Sum(nil)
	for i := range 1000 {
		c := md5.New()
		if i&1 != 0 {
			c.Write(pw)
		} else {
			c.Write(final)
		}
		if i%3 != 0 {
			c.Write(s)
		}
		if i%7 != 0 {
			c.Write(pw)
		}
		if i&1 != 0 {
			c.Write(final)
		} else {
			c.Write(pw)
		}
		final = c.Sum(nil)
	}
	var b strings.Builder
	enc := func(a, bb, c byte, n int) {
		v := uint(a)<<16 | uint(bb)<<8 | uint(c)
		for ; n > 0; n-- {
			b.WriteByte(itoa64[v&0x3f])
			v >>= 6
		}
	}
	enc(final[0], final[6], final[12], 4)
	enc(final[1], final[7], final[13], 4)
	enc(final[2], final[8], final[14], 4)
	enc(final[3], final[9], final[15], 4)
	enc(final[4], final[10], final[5], 4)
	enc(0, 0, final[11], 2)
	return magic + salt + "$" + b.String()
}
