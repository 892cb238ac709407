package netlab

import (
	"fmt"
	"net/netip"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"sync/atomic"
	"testing"
)

// DnsmasqMode is how a lab dnsmasq answers.
type DnsmasqMode int

// The behaviours of Dnsmasq.
const (
	// DnsmasqAnswer answers Records and NXDOMAIN for everything else
	// (local=/#/).
	DnsmasqAnswer DnsmasqMode = iota
	// DnsmasqServFail answers SERVFAIL to every query: it forwards to a
	// second dnsmasq whose unsigned answers fail DNSSEC validation against
	// the real root trust anchor, which dnsmasq reports as SERVFAIL (the
	// only way dnsmasq 2.90 gives SERVFAIL without an internet).
	DnsmasqServFail
	// DnsmasqRedirectNX answers Records, and RedirectTo for every other
	// name (address=/#/…): an ISP's NXDOMAIN redirect.
	DnsmasqRedirectNX
)

// rootTrustAnchor is the root zone's KSK-2017 DS record (IANA root-anchors).
const rootTrustAnchor = ".,20326,8,2,E06D44B80B8F1D39A95C0B0D7C65D08458E880409BBC683457104237C7F8EC8D"

// DefaultRedirect is where DnsmasqRedirectNX sends unknown names.
var DefaultRedirect = netip.MustParseAddr("203.0.113.80")

// DnsmasqOptions configures one dnsmasq.
type DnsmasqOptions struct {
	// Listen is the address to serve on; zero means RouterAddr. It must be
	// an address of ns (AddInternetHost for an "internet" resolver).
	Listen netip.Addr
	// Records gives names A/AAAA answers (host-record: the exact name, not
	// its subdomains, like a real zone without a wildcard).
	Records map[string][]netip.Addr
	Mode    DnsmasqMode
	// RedirectTo is the DnsmasqRedirectNX answer; zero means DefaultRedirect.
	RedirectTo netip.Addr
	// Extra are raw dnsmasq.conf lines.
	Extra []string
}

// DnsmasqServer is a running dnsmasq.
type DnsmasqServer struct {
	Addr   netip.AddrPort
	Config string // the config file's path
	Cmd    *exec.Cmd
}

var upstreamCounter atomic.Int64

// Dnsmasq starts Debian's dnsmasq (package dnsmasq-base) in ns with its own
// config and pid file under t.TempDir(), waits until it listens (its
// "started" log line), and kills it by PID at cleanup. Skips without dnsmasq.
func Dnsmasq(t testing.TB, ns *NS, opts DnsmasqOptions) *DnsmasqServer {
	t.Helper()
	bin, err := exec.LookPath("dnsmasq")
	if err != nil {
		t.Skip("needs dnsmasq (Debian package dnsmasq-base; make test installs it)")
	}
	if !opts.Listen.IsValid() {
		opts.Listen = RouterAddr
	}
	if !opts.RedirectTo.IsValid() {
		opts.RedirectTo = DefaultRedirect
	}
	lines := []string{"no-resolv", "no-hosts", "bind-interfaces", "listen-address=" + opts.Listen.String()}
	records := recordLines(opts.Records)
	switch opts.Mode {
	case DnsmasqAnswer:
		// No cache: every answer is the config's, as a test expects.
		lines = append(lines, "cache-size=0")
		lines = append(lines, records...)
		lines = append(lines, "local=/#/")
	case DnsmasqRedirectNX:
		lines = append(lines, "cache-size=0")
		lines = append(lines, records...)
		lines = append(lines, "address=/#/"+opts.RedirectTo.String())
	case DnsmasqServFail:
		up := netip.AddrFrom4([4]byte{127, 0, 0, byte(100 + upstreamCounter.Add(1)%100)})
		ns.IP(t, "addr", "replace", up.String()+"/32", "dev", "lo")
		upLines := append([]string{"no-resolv", "no-hosts", "bind-interfaces", "listen-address=" + up.String()}, records...)
		upLines = append(upLines, "local=/#/")
		startDnsmasq(t, ns, bin, "upstream", upLines)
		lines = append(lines, "server="+up.String(), "dnssec", "trust-anchor="+rootTrustAnchor)
	}
	lines = append(lines, opts.Extra...)
	s := startDnsmasq(t, ns, bin, "dnsmasq", lines)
	s.Addr = netip.AddrPortFrom(opts.Listen, 53)
	return s
}

func recordLines(recs map[string][]netip.Addr) []string {
	names := make([]string, 0, len(recs))
	for n := range recs {
		names = append(names, n)
	}
	sort.Strings(names)
	var out []string
	for _, n := range names {
		for _, a := range recs[n] {
			out = append(out, fmt.Sprintf("host-record=%s,%s", strings.TrimSuffix(n, "."), a))
		}
	}
	return out
}

var dnsmasqReady = regexp.MustCompile(`started, version`)

func startDnsmasq(t testing.TB, ns *NS, bin, name string, lines []string) *DnsmasqServer {
	t.Helper()
	dir := t.TempDir()
	conf := filepath.Join(dir, name+".conf")
	if err := os.WriteFile(conf, []byte(strings.Join(lines, "\n")+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	// Stays in the foreground (so its PID is ours to kill), logs to
	// stderr (so readiness is a log line, not a sleep), and keeps root in
	// the namespace so a temp dir's config and pid file are always readable.
	cmd := ns.startReady(t, nil, dnsmasqReady, bin, "--keep-in-foreground", "--log-facility=-",
		"--conf-file="+conf, "--pid-file="+filepath.Join(dir, name+".pid"), "--user=root")
	return &DnsmasqServer{Config: conf, Cmd: cmd}
}
