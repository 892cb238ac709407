// Package netlab is the namespace lab: a client and a "router" network
// namespace joined by a veth link on TEST-NET addresses, with "internet"
// hosts as extra addresses in the router, so tests run real servers
// (dnsmasq, nginx, haproxy, squid) and real OS code paths without touching
// this machine's network or the internet. It needs root and iproute2; every
// constructor skips the test otherwise ("needs root and ip netns") and
// registers its own cleanup, which runs even when the test fails.
//
// The world New builds:
//
//	client ns ── eth0 192.0.2.2/24, 2001:db8::2/64 ── default via 192.0.2.1 / 2001:db8::1
//	                │ veth
//	router ns ── lan0 192.0.2.1/24, 2001:db8::1/64
//	             lo — "the internet": 198.51.100.1, 203.0.113.1, 2001:db8:1::1,
//	                  plus the addresses given with AddInternetHost
//
// The client has its own /etc/netns/NAME/resolv.conf (nameserver 192.0.2.1)
// and /etc/netns/NAME/hosts, which `ip netns exec` mounts over /etc; write
// them with WriteResolvConf and WriteHosts.
//
// Running Go code inside a namespace: re-run the current test binary there.
// A test starts with
//
//	if netlab.IsChild(t) { netlab.Reply(t, doTheWork()); return }
//
// and the parent, after staging the lab, calls lab.Client.RunChild(t, &out,
// "KEY=value"...): the test binary runs again inside the namespace with
// -test.run selecting exactly this test (or subtest), IsChild is true there,
// and Reply's JSON comes back into out. This needs no build step, works
// under -race and -cover, and runs the same code as the parent. To test the
// shipped program instead, build it (`go build -tags nogui ./cmd/gateway-doctor`)
// into t.TempDir() and run it with ns.Command.
//
// Servers: ns.Start runs any program in a namespace and kills it by its PID
// at cleanup; Dnsmasq starts Debian's dnsmasq with its own config and pid
// file; HTTP starts a small HTTP server (this test binary again, see
// ServeHTTP) on an "internet" address.
//
// Faults: RemoveDefaultRoute, DropAll (the router drops everything from the
// client), DropTCP (a firewall on web ports), Firewall (raw nft rules). They
// need nft (Debian nftables; `make test` installs it via packaging/deps.sh).
// Delay puts a round-trip time on the link: netem where the kernel has it,
// else an iptables NFQUEUE rule and a user-space delayer (delay.go).
package netlab

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/netip"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// Addresses of the lab's world (TEST-NET-1 for the LAN, TEST-NET-2 and -3
// for the internet; 2001:db8::/32 for IPv6).
var (
	RouterAddr  = netip.MustParseAddr("192.0.2.1")
	ClientAddr  = netip.MustParseAddr("192.0.2.2")
	RouterAddr6 = netip.MustParseAddr("2001:db8::1")
	ClientAddr6 = netip.MustParseAddr("2001:db8::2")
	// InternetNets are "the internet": any address in them can be given
	// to the router with AddInternetHost for a server to listen on.
	InternetNets = []netip.Prefix{
		netip.MustParsePrefix("198.51.100.0/24"),
		netip.MustParsePrefix("203.0.113.0/24"),
		netip.MustParsePrefix("2001:db8:1::/64"),
	}
)

// cmdTimeout bounds one ip/nft command; they return in milliseconds unless
// the kernel is wedged, and a wedged lab must fail the test, not hang it.
const cmdTimeout = 10 * time.Second

// childEnv names the test a re-executed binary must run as the child.
const childEnv = "NETLAB_CHILD"

// replyMarker starts the line that carries a child's JSON reply.
const replyMarker = "NETLAB-REPLY "

var counter atomic.Int64

// Lab is one client/router pair.
type Lab struct {
	t      testing.TB
	Client *NS
	Router *NS
}

// NS is one network namespace of a lab.
type NS struct {
	Name string
	t    testing.TB
}

// Available reports why the namespace lab cannot run here, or "" when it can.
func Available() string {
	if os.Geteuid() != 0 {
		return "needs root and ip netns (not root)"
	}
	if _, err := exec.LookPath("ip"); err != nil {
		return "needs root and ip netns (iproute2 not installed)"
	}
	return ""
}

// New builds a client and a router namespace joined by veth, or skips the
// test when not root. Names are unique per process and call ("gd<pid>-<n>c").
func New(t testing.TB) *Lab {
	t.Helper()
	if why := Available(); why != "" {
		t.Skip(why)
	}
	if IsChildProcess() {
		t.Fatal("netlab.New called inside a child: start the test with `if netlab.IsChild(t) {…; return}`")
	}
	id := fmt.Sprintf("gd%d-%d", os.Getpid(), counter.Add(1))
	l := &Lab{t: t, Client: &NS{Name: id + "c", t: t}, Router: &NS{Name: id + "r", t: t}}
	etc := filepath.Join("/etc/netns", l.Client.Name)
	t.Cleanup(func() {
		for _, ns := range []*NS{l.Client, l.Router} {
			_ = exec.Command("ip", "netns", "del", ns.Name).Run()
		}
		_ = os.RemoveAll(etc)
	})
	for _, ns := range []*NS{l.Client, l.Router} {
		mustRun(t, "ip", "netns", "add", ns.Name)
		ns.IP(t, "link", "set", "lo", "up")
	}
	mustRun(t, "ip", "link", "add", "eth0", "netns", l.Client.Name, "type", "veth", "peer", "name", "lan0", "netns", l.Router.Name)
	c, r := l.Client, l.Router
	c.IP(t, "addr", "add", ClientAddr.String()+"/24", "dev", "eth0")
	c.IP(t, "-6", "addr", "add", ClientAddr6.String()+"/64", "dev", "eth0", "nodad")
	r.IP(t, "addr", "add", RouterAddr.String()+"/24", "dev", "lan0")
	r.IP(t, "-6", "addr", "add", RouterAddr6.String()+"/64", "dev", "lan0", "nodad")
	c.IP(t, "link", "set", "eth0", "up")
	r.IP(t, "link", "set", "lan0", "up")
	c.IP(t, "route", "add", "default", "via", RouterAddr.String())
	c.IP(t, "-6", "route", "add", "default", "via", RouterAddr6.String())
	// The internet's hosts are addresses on the router's loopback (a dummy
	// interface would be tidier, but container kernels often lack the module).
	r.IP(t, "addr", "add", "198.51.100.1/32", "dev", "lo")
	r.IP(t, "addr", "add", "203.0.113.1/32", "dev", "lo")
	r.IP(t, "-6", "addr", "add", "2001:db8:1::1/128", "dev", "lo", "nodad")
	if err := os.MkdirAll(etc, 0o755); err != nil {
		t.Fatalf("netlab: %v", err)
	}
	l.WriteResolvConf("nameserver " + RouterAddr.String() + "\n")
	l.WriteHosts("127.0.0.1 localhost\n::1 localhost\n")
	return l
}

func mustRun(t testing.TB, name string, args ...string) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), cmdTimeout)
	defer cancel()
	out, err := exec.CommandContext(ctx, name, args...).CombinedOutput()
	if err != nil {
		t.Fatalf("netlab: %s %s: %v\n%s", name, strings.Join(args, " "), err, out)
	}
	return string(out)
}

// IP runs `ip -n NAME args...` and fails the test on error.
func (ns *NS) IP(t testing.TB, args ...string) string {
	t.Helper()
	return mustRun(t, "ip", append([]string{"-n", ns.Name}, args...)...)
}

// Command is args run inside the namespace (`ip netns exec NAME args...`),
// which also mounts /etc/netns/NAME/* over /etc.
func (ns *NS) Command(ctx context.Context, args ...string) *exec.Cmd {
	return exec.CommandContext(ctx, "ip", append([]string{"netns", "exec", ns.Name}, args...)...)
}

// Run runs args inside the namespace and returns the combined output; a
// failure fails the test.
func (ns *NS) Run(t testing.TB, args ...string) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), cmdTimeout)
	defer cancel()
	out, err := ns.Command(ctx, args...).CombinedOutput()
	if err != nil {
		t.Fatalf("netlab: in %s: %s: %v\n%s", ns.Name, strings.Join(args, " "), err, out)
	}
	return string(out)
}

// Start starts a long-running program inside the namespace and kills it by
// its PID when the test ends (`ip netns exec` execs the program, so the PID
// is the program's own). Its stderr goes to the test log at cleanup when
// the test failed.
func (ns *NS) Start(t testing.TB, args ...string) *exec.Cmd {
	t.Helper()
	cmd := ns.Command(context.Background(), args...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatalf("netlab: start %s in %s: %v", args[0], ns.Name, err)
	}
	registerKill(t, cmd, args[0], &stderr)
	return cmd
}

func registerKill(t testing.TB, cmd *exec.Cmd, name string, stderr *bytes.Buffer) {
	t.Cleanup(func() {
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
		if t.Failed() && stderr != nil && stderr.Len() > 0 {
			t.Logf("netlab: %s stderr:\n%s", name, stderr.String())
		}
	})
}

// startReady starts args inside ns and reads its output until a line
// matches ready, so the caller knows the server is listening without
// sleeping. The rest of the output is drained in the background.
func (ns *NS) startReady(t testing.TB, env []string, ready *regexp.Regexp, args ...string) *exec.Cmd {
	t.Helper()
	cmd := ns.Command(context.Background(), args...)
	cmd.Env = append(os.Environ(), env...)
	pr, pw, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stdout, cmd.Stderr = pw, pw
	if err := cmd.Start(); err != nil {
		pr.Close()
		pw.Close()
		t.Fatalf("netlab: start %s in %s: %v", args[0], ns.Name, err)
	}
	pw.Close()
	registerKill(t, cmd, args[0], nil)
	readyCh, exited := make(chan struct{}), make(chan struct{})
	var mu sync.Mutex
	var seen bytes.Buffer
	go func() {
		defer close(exited)
		defer pr.Close()
		sc := bufio.NewScanner(pr)
		found := false
		for sc.Scan() {
			if found {
				continue // drain, so the server never blocks on a full pipe
			}
			mu.Lock()
			seen.WriteString(sc.Text() + "\n")
			mu.Unlock()
			if ready.MatchString(sc.Text()) {
				found = true
				close(readyCh)
			}
		}
	}()
	output := func() string { mu.Lock(); defer mu.Unlock(); return seen.String() }
	select {
	case <-readyCh:
		return cmd
	case <-exited:
		select {
		case <-readyCh:
			return cmd
		default:
		}
		t.Fatalf("netlab: %s exited before it was ready:\n%s", args[0], output())
	case <-time.After(cmdTimeout):
		t.Fatalf("netlab: %s not ready after %v:\n%s", args[0], cmdTimeout, output())
	}
	return nil
}

// WriteResolvConf replaces the client's /etc/resolv.conf.
func (l *Lab) WriteResolvConf(content string) { l.writeEtc("resolv.conf", content) }

// WriteHosts replaces the client's /etc/hosts.
func (l *Lab) WriteHosts(content string) { l.writeEtc("hosts", content) }

func (l *Lab) writeEtc(name, content string) {
	l.t.Helper()
	p := filepath.Join("/etc/netns", l.Client.Name, name)
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		l.t.Fatalf("netlab: %v", err)
	}
}

// AddInternetHost gives the router an "internet" address (inside
// InternetNets), so a server can listen there.
func (l *Lab) AddInternetHost(t testing.TB, a netip.Addr) {
	t.Helper()
	ok := false
	for _, p := range InternetNets {
		ok = ok || p.Contains(a)
	}
	if !ok {
		t.Fatalf("netlab: %v is not in the lab's internet %v", a, InternetNets)
	}
	bits := 32
	if a.Is6() {
		bits = 128
	}
	args := []string{"addr", "add", netip.PrefixFrom(a, bits).String(), "dev", "lo"}
	if a.Is6() {
		args = append([]string{"-6"}, append(args, "nodad")...)
	}
	l.Router.IP(t, args...)
}

// RemoveDefaultRoute leaves the client without a default route (IPv4 and
// IPv6): it can reach the LAN, nothing beyond.
func (l *Lab) RemoveDefaultRoute(t testing.TB) {
	t.Helper()
	l.Client.IP(t, "route", "del", "default")
	l.Client.IP(t, "-6", "route", "del", "default")
}

// Firewall loads nft rules into an input chain of the router that sees
// only traffic from the client (iifname "lan0"). Each rule is one nft rule
// statement, e.g. `tcp dport { 80, 443 } drop`. Skips without nft.
func (l *Lab) Firewall(t testing.TB, rules ...string) {
	t.Helper()
	if _, err := exec.LookPath("nft"); err != nil {
		t.Skip("needs nft (Debian package nftables; make test installs it)")
	}
	var b strings.Builder
	b.WriteString("table inet netlab {\n chain input {\n  type filter hook input priority 0; policy accept;\n")
	for _, r := range rules {
		fmt.Fprintf(&b, "  iifname \"lan0\" %s\n", r)
	}
	b.WriteString(" }\n}\n")
	f := filepath.Join(t.TempDir(), "rules.nft")
	if err := os.WriteFile(f, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	l.Router.Run(t, "nft", "-f", f)
}

// DropAll makes the router drop everything the client sends: a gateway
// that is there but does not answer.
func (l *Lab) DropAll(t testing.TB) { l.Firewall(t, "drop") }

// DropTCP makes the router drop the client's TCP to these ports, on every
// address: a firewall that blocks the web while DNS still works.
func (l *Lab) DropTCP(t testing.TB, ports ...int) {
	var ps []string
	for _, p := range ports {
		ps = append(ps, fmt.Sprint(p))
	}
	l.Firewall(t, "tcp dport { "+strings.Join(ps, ", ")+" } drop")
}

// IsChildProcess reports whether this process is a child started by RunChild.
func IsChildProcess() bool { return os.Getenv(childEnv) != "" }

// IsChild reports whether this is the child run of exactly this test: the
// test must then do its work and call Reply instead of building a lab.
func IsChild(t testing.TB) bool { return os.Getenv(childEnv) == t.Name() }

// Reply sends v (JSON) from the child to the parent's RunChild.
func Reply(t testing.TB, v any) {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatalf("netlab: reply: %v", err)
	}
	fmt.Fprintf(os.Stdout, "\n%s%s\n", replyMarker, b)
}

// runPattern selects exactly one test or subtest for -test.run.
func runPattern(name string) string {
	parts := strings.Split(name, "/")
	for i, p := range parts {
		parts[i] = "^" + regexp.QuoteMeta(p) + "$"
	}
	return strings.Join(parts, "/")
}

// RunChild runs the current test again inside ns (see the package comment)
// with extra environment variables, and decodes the child's Reply into out.
// The child's failure fails the test with its output.
func (ns *NS) RunChild(t testing.TB, out any, env ...string) {
	t.Helper()
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := ns.Command(ctx, exe, "-test.run="+runPattern(t.Name()), "-test.count=1", "-test.v")
	cmd.Env = append(append(os.Environ(), childEnv+"="+t.Name()), env...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err = cmd.Run()
	var reply []byte
	for _, line := range strings.Split(stdout.String(), "\n") {
		if strings.HasPrefix(line, replyMarker) {
			reply = []byte(strings.TrimPrefix(line, replyMarker))
		}
	}
	if err != nil || reply == nil {
		t.Fatalf("netlab: child %s in %s: %v, reply %v\nstdout:\n%s\nstderr:\n%s", t.Name(), ns.Name, err, reply != nil, stdout.String(), stderr.String())
	}
	if out != nil {
		if err := json.Unmarshal(reply, out); err != nil {
			t.Fatalf("netlab: child reply: %v\n%s", err, reply)
		}
	}
}
