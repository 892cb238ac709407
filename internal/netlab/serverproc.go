//go:build linux

package netlab

import (
	"bufio"
	"bytes"
	"context"
	"encoding/hex"
	"errors"
	"fmt"
	"net/netip"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// serverReadyTimeout bounds how long a real server may take to bind its
// ports after it starts. nginx, HAProxy and dnsmasq bind in milliseconds;
// Squid initialises its cache first and can take a few seconds on a busy CI
// machine.
const serverReadyTimeout = 15 * time.Second

// serverStopGrace is how long a server gets to exit after SIGTERM before it
// is killed. nginx, HAProxy and dnsmasq exit at once; Squid waits for its
// shutdown_lifetime, which the lab configs set to 0.
const serverStopGrace = 5 * time.Second

// serverPollInterval is how often readiness is checked. It waits on an
// observed condition (the port is bound), not a guessed delay.
const serverPollInterval = 20 * time.Millisecond

// Daemon is a real server program (nginx, HAProxy, Squid) started inside a
// network namespace in the foreground, with its own config, pid file and
// logs in Dir. Unlike NS.Start it waits until the daemon's ports are bound
// (read from the namespace's socket tables, not guessed), and it stops the
// daemon with SIGTERM by its pid, so that it shuts down its workers, even
// when the test fails.
type Daemon struct {
	// Name is the program's short name, for messages.
	Name string
	// NS is the namespace it runs in.
	NS *NS
	// Dir holds its config, pid file and logs.
	Dir string
	// PID is the server's process id (the program itself: `ip netns exec`
	// execs it in place).
	PID int

	cmd    *exec.Cmd
	output *bytes.Buffer
	exited chan struct{}
}

// StartDaemon runs argv inside namespace ns and waits until every address
// in tcp is listening and every address in udp is bound there. The daemon's
// stdout and stderr are kept for the failure message. It skips the test
// when the program is not installed.
func StartDaemon(t testing.TB, ns *NS, name, dir string, argv []string, tcp, udp []netip.AddrPort) *Daemon {
	t.Helper()
	if _, err := exec.LookPath(argv[0]); err != nil {
		t.Skipf("needs %s (installed by `make test` through packaging/deps.sh): %v", argv[0], err)
	}
	s := &Daemon{Name: name, NS: ns, Dir: dir, output: &bytes.Buffer{}, exited: make(chan struct{})}
	s.cmd = ns.Command(context.Background(), argv...)
	s.cmd.Stdout, s.cmd.Stderr = s.output, s.output
	s.cmd.Dir = dir
	if err := s.cmd.Start(); err != nil {
		t.Fatalf("start %s in %s: %v", name, ns.Name, err)
	}
	s.PID = s.cmd.Process.Pid
	go func() {
		_ = s.cmd.Wait()
		close(s.exited)
	}()
	t.Cleanup(s.Stop)
	if err := s.waitBound(tcp, udp); err != nil {
		t.Fatalf("%s in %s: %v\n%s", name, ns.Name, err, s.Output())
	}
	return s
}

// Output is what the server printed, and the tail of its error log when it
// keeps one in Dir ("error.log").
func (s *Daemon) Output() string {
	out := s.output.String()
	if data, err := os.ReadFile(filepath.Join(s.Dir, "error.log")); err == nil {
		if len(data) > 4096 {
			data = data[len(data)-4096:]
		}
		out += "\n--- error.log:\n" + string(data)
	}
	return out
}

// Stop sends SIGTERM to the server's pid, waits for it to exit and kills it
// after serverStopGrace. It is safe to call more than once.
func (s *Daemon) Stop() {
	select {
	case <-s.exited:
		return
	default:
	}
	_ = syscall.Kill(s.PID, syscall.SIGTERM)
	select {
	case <-s.exited:
	case <-time.After(serverStopGrace):
		_ = syscall.Kill(s.PID, syscall.SIGKILL)
		<-s.exited
	}
}

// Running reports whether the server is still running.
func (s *Daemon) Running() bool {
	select {
	case <-s.exited:
		return false
	default:
		return true
	}
}

// waitBound polls the namespace's socket tables through the server's own
// /proc entry (which shows the sockets of the namespace it runs in) until
// every address is bound, the server exits, or serverReadyTimeout passes.
func (s *Daemon) waitBound(tcp, udp []netip.AddrPort) error {
	ctx, cancel := context.WithTimeout(context.Background(), serverReadyTimeout)
	defer cancel()
	tick := time.NewTicker(serverPollInterval)
	defer tick.Stop()
	for {
		missing := s.unbound("tcp", tcp)
		missing = append(missing, s.unbound("udp", udp)...)
		if len(missing) == 0 {
			return nil
		}
		select {
		case <-s.exited:
			return fmt.Errorf("exited before binding %v", missing)
		case <-ctx.Done():
			return fmt.Errorf("did not bind %v within %v", missing, serverReadyTimeout)
		case <-tick.C:
		}
	}
}

func (s *Daemon) unbound(proto string, want []netip.AddrPort) []string {
	if len(want) == 0 {
		return nil
	}
	bound := map[netip.AddrPort]bool{}
	for _, suffix := range []string{"", "6"} {
		for _, ap := range procSockets(filepath.Join("/proc", strconv.Itoa(s.PID), "net", proto+suffix), proto == "tcp") {
			bound[ap] = true
		}
	}
	var missing []string
	for _, w := range want {
		any4 := netip.AddrPortFrom(netip.IPv4Unspecified(), w.Port())
		any6 := netip.AddrPortFrom(netip.IPv6Unspecified(), w.Port())
		if !bound[w] && !bound[any4] && !bound[any6] {
			missing = append(missing, proto+"/"+w.String())
		}
	}
	return missing
}

// procSockets reads a /proc/PID/net/{tcp,udp}[6] table: the local addresses
// of listening TCP sockets (state 0A), or of every UDP socket.
func procSockets(path string, listenOnly bool) []netip.AddrPort {
	f, err := os.Open(path)
	if err != nil {
		return nil
	}
	defer f.Close()
	var out []netip.AddrPort
	sc := bufio.NewScanner(f)
	sc.Scan() // header
	for sc.Scan() {
		fields := strings.Fields(sc.Text())
		if len(fields) < 4 || (listenOnly && fields[3] != "0A") {
			continue
		}
		if ap, err := parseProcAddr(fields[1]); err == nil {
			out = append(out, ap)
		}
	}
	return out
}

// parseProcAddr reads "0100007F:0035": the address in host byte order, 32
// bits at a time, and the port in hex.
func parseProcAddr(s string) (netip.AddrPort, error) {
	hexAddr, hexPort, ok := strings.Cut(s, ":")
	if !ok {
		return netip.AddrPort{}, errors.New("no port")
	}
	raw, err := hex.DecodeString(hexAddr)
	if err != nil || (len(raw) != 4 && len(raw) != 16) {
		return netip.AddrPort{}, fmt.Errorf("bad address %q", hexAddr)
	}
	for i := 0; i+4 <= len(raw); i += 4 {
		raw[i], raw[i+1], raw[i+2], raw[i+3] = raw[i+3], raw[i+2], raw[i+1], raw[i]
	}
	port, err := strconv.ParseUint(hexPort, 16, 16)
	if err != nil {
		return netip.AddrPort{}, err
	}
	a, _ := netip.AddrFromSlice(raw)
	return netip.AddrPortFrom(a.Unmap(), uint16(port)), nil
}

// writeDaemonFile writes a daemon's config file into dir and returns its path.
func writeDaemonFile(t testing.TB, dir, name, content string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}
