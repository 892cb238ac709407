package fixes_test

// Real tests of the DNS switch in network namespaces: the real
// gateway-doctor binary runs inside a client namespace whose own
// /etc/netns/NAME/resolv.conf is bind-mounted over /etc/resolv.conf (the
// unmanaged path, written in place because a bind mount refuses a rename).
// The router namespace (internal/netlab) runs Debian's dnsmasq as the lab
// provider and an HTTP host for the captive probe on TEST-NET-2 "internet"
// addresses. The machine's own resolver settings are hashed before and
// after: they must not change.

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"errors"
	"io"
	"math/rand/v2"
	"net/http"
	"net/netip"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"gatewaydoctor/fixes"
	"gatewaydoctor/internal/netlab"
)

const (
	// The lab provider's resolver, a resolver that knows no names (a
	// provider that fails verification: NXDOMAIN for the site), and the
	// web host of the probes:
	// "internet" addresses of the lab (TEST-NET-2, RFC 5737).
	labDNS     = "198.51.100.53"
	labBadDNS  = "198.51.100.54"
	labWebHost = "198.51.100.80"
	// netnsStepTimeout bounds one run of the binary: verification itself
	// is bounded by seconds; anything longer is a hang worth failing on.
	netnsStepTimeout = 60 * time.Second
)

// originalResolvConf is the client's file before any change: comments,
// options and no final newline, so that "byte-identical" means something.
const originalResolvConf = "# lab client resolver, written by the test\nsearch lab.test\nnameserver 192.0.2.1\noptions timeout:1 attempts:1"

func TestMain(m *testing.M) {
	code := m.Run()
	netlab.RemoveProgram()
	os.Exit(code)
}

// lab is the namespace lab with the fix's servers and files.
type lab struct {
	*netlab.Lab
	resolvConf string // /etc/netns/CLIENT/resolv.conf
	configDir  string // the journal's dir (GATEWAY_DOCTOR_CONFIG_DIR)
	profile    string
	bin        string
	env        []string // more environment for the binary
}

func newLab(t *testing.T) *lab {
	t.Helper()
	nl := netlab.New(t) // skips unless root with ip netns
	l := &lab{Lab: nl, configDir: filepath.Join(t.TempDir(), "config")}
	for _, a := range []string{labDNS, labBadDNS, labWebHost} {
		nl.AddInternetHost(t, netip.MustParseAddr(a))
	}
	web := []netip.Addr{netip.MustParseAddr(labWebHost)}
	netlab.Dnsmasq(t, nl.Router, netlab.DnsmasqOptions{Listen: netip.MustParseAddr(labDNS),
		Records: map[string][]netip.Addr{"shop.lab.test": web, "reference.lab.test": web, "captive.lab.test": web}})
	netlab.Dnsmasq(t, nl.Router, netlab.DnsmasqOptions{Listen: netip.MustParseAddr(labBadDNS)})
	netlab.HTTP(t, nl.Router, netip.AddrPortFrom(web[0], 80), netlab.HTTPResponse{Status: http.StatusNoContent})
	nl.WriteResolvConf(originalResolvConf)
	l.resolvConf = filepath.Join("/etc/netns", nl.Client.Name, "resolv.conf")

	l.profile = filepath.Join(t.TempDir(), "lab.toml")
	prof := `[dns]
providers = ["lab", "lab-broken"]
custom_providers = [{ name = "lab", title = "Lab DNS", servers = ["` + labDNS + `"] },
                    { name = "lab-broken", title = "Lab DNS that knows no names", servers = ["` + labBadDNS + `"] }]
allow_switch = true
reference_name = "reference.lab.test"
[probes]
captive = [{ url = "http://captive.lab.test/generate_204", status = 204 }]
`
	if err := os.WriteFile(l.profile, []byte(prof), 0o644); err != nil {
		t.Fatal(err)
	}
	l.bin = netlab.Program(t)
	return l
}

// gd prepares the binary inside the client namespace.
func (l *lab) gd(ctx context.Context, args ...string) *exec.Cmd {
	cmd := l.Client.Command(ctx, append([]string{l.bin}, args...)...)
	cmd.Env = append(append(os.Environ(), fixes.ConfigDirEnv+"="+l.configDir), l.env...)
	return cmd
}

// result is one run of the binary.
type result struct {
	code int
	out  string
}

func (l *lab) runGD(t *testing.T, stdin string, args ...string) result {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), netnsStepTimeout)
	defer cancel()
	cmd := l.gd(ctx, args...)
	return runResult(t, cmd, stdin, args)
}

// runResult runs cmd with stdin and keeps its exit code and its output
// (stdout and stderr together); a command that could not run fails t.
func runResult(t *testing.T, cmd *exec.Cmd, stdin string, args []string) result {
	t.Helper()
	cmd.Stdin = strings.NewReader(stdin)
	var buf bytes.Buffer
	cmd.Stdout, cmd.Stderr = &buf, &buf
	err := cmd.Run()
	var ee *exec.ExitError
	switch {
	case err == nil:
		return result{0, buf.String()}
	case errors.As(err, &ee):
		return result{ee.ExitCode(), buf.String()}
	}
	t.Fatalf("gateway-doctor %q: %v\n%s", args, err, buf.String())
	return result{}
}

func (l *lab) file(t *testing.T) string {
	t.Helper()
	b, err := os.ReadFile(l.resolvConf)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func (l *lab) journal(t *testing.T) *fixes.Journal {
	t.Helper()
	j, err := fixes.ReadJournal(l.configDir)
	if err != nil {
		t.Fatal(err)
	}
	return j
}

// switched is what the file must hold after a switch to the lab resolver.
func switched(before string) string {
	return string(fixes.RewriteResolvConf([]byte(before), []netip.Addr{netip.MustParseAddr(labDNS)}))
}

// guardHostResolver fails the test if the machine's own resolver
// configuration changes.
func guardHostResolver(t *testing.T) {
	t.Helper()
	sum := func() [32]byte {
		b, err := os.ReadFile("/etc/resolv.conf")
		if err != nil {
			return [32]byte{}
		}
		return sha256.Sum256(b)
	}
	before := sum()
	t.Cleanup(func() {
		if sum() != before {
			t.Errorf("the machine's /etc/resolv.conf changed during the test")
		}
	})
}

func TestFixNetnsApplyVerifyKeep(t *testing.T) {
	guardHostResolver(t)
	l := newLab(t)
	r := l.runGD(t, "", "fix", "switch_dns", "--yes", "--keep", "--provider", "lab", "--profile", l.profile, "https://shop.lab.test/")
	if r.code != 0 {
		t.Fatalf("exit %d:\n%s", r.code, r.out)
	}
	t.Logf("gateway-doctor said:\n%s", r.out)
	if got := l.file(t); got != switched(originalResolvConf) {
		t.Errorf("after keep the file is\n%q\nwant\n%q", got, switched(originalResolvConf))
	}
	if l.journal(t) != nil {
		t.Error("keep must remove the journal")
	}
	// The namespace really resolves through the new server now.
	out, err := l.Client.Command(context.Background(), "getent", "ahostsv4", "shop.lab.test").CombinedOutput()
	if err != nil || !strings.Contains(string(out), labWebHost) {
		t.Errorf("getent in the client namespace after the switch: %v %s", err, out)
	}
}

func TestFixNetnsVerificationFailsRevertsAtOnce(t *testing.T) {
	guardHostResolver(t)
	l := newLab(t)
	r := l.runGD(t, "", "fix", "switch_dns", "--yes", "--keep", "--provider", "lab-broken", "--profile", l.profile, "https://shop.lab.test/")
	if r.code != 1 || !strings.Contains(r.out, "put back") {
		t.Fatalf("exit %d, want 1 and a word about putting back:\n%s", r.code, r.out)
	}
	if got := l.file(t); got != originalResolvConf {
		t.Errorf("after a failed verification the file is\n%q", got)
	}
	if l.journal(t) != nil {
		t.Error("journal left after an automatic revert")
	}
}

func TestFixNetnsStdinClosedReverts(t *testing.T) {
	guardHostResolver(t)
	l := newLab(t)
	r := l.runGD(t, "", "fix", "switch_dns", "--yes", "--provider", "lab", "--profile", l.profile, "https://shop.lab.test/")
	if r.code != 1 || !strings.Contains(r.out, "Keep these settings?") {
		t.Fatalf("exit %d:\n%s", r.code, r.out)
	}
	if got := l.file(t); got != originalResolvConf {
		t.Errorf("closed stdin must revert; file is\n%q", got)
	}
	r = l.runGD(t, "y\n", "fix", "switch_dns", "--yes", "--provider", "lab", "--profile", l.profile, "https://shop.lab.test/")
	if r.code != 0 || l.file(t) != switched(originalResolvConf) {
		t.Fatalf("answering y keeps: exit %d, file %q\n%s", r.code, l.file(t), r.out)
	}
}

// killDuringCountdown starts a switch, waits for the question, and kills
// the process with SIGKILL: no deferred code, no clean-up.
func (l *lab) killDuringCountdown(t *testing.T) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), netnsStepTimeout)
	defer cancel()
	cmd := l.gd(ctx, "fix", "switch_dns", "--yes", "--provider", "lab", "--profile", l.profile, "https://shop.lab.test/")
	stdin, _ := cmd.StdinPipe() // held open: the process waits for an answer
	defer stdin.Close()
	stdout, _ := cmd.StdoutPipe()
	cmd.Stderr = os.Stderr
	// ip netns exec execs the binary in place, so this pid is gateway-doctor.
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	seen := make(chan string, 1)
	go func() {
		var all strings.Builder
		br := bufio.NewReader(stdout)
		for {
			b, err := br.ReadByte()
			if err != nil {
				seen <- all.String()
				return
			}
			all.WriteByte(b)
			if strings.HasSuffix(all.String(), "Keep these settings? ") {
				seen <- all.String()
				io.Copy(io.Discard, br)
				return
			}
		}
	}()
	out := <-seen
	if !strings.Contains(out, "Keep these settings?") {
		cmd.Wait()
		t.Fatalf("no question before exit:\n%s", out)
	}
	if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	cmd.Wait()
}

func TestFixNetnsKillThenRestore(t *testing.T) {
	guardHostResolver(t)
	l := newLab(t)
	for _, how := range []string{"restore subcommand", "start-up restore"} {
		l.killDuringCountdown(t)
		if got := l.file(t); got != switched(originalResolvConf) {
			t.Fatalf("%s: after kill -9 the switched file should still be there, got\n%q", how, got)
		}
		j := l.journal(t)
		if j == nil || string(j.Snapshot.ResolvConf.Raw) != originalResolvConf {
			t.Fatalf("%s: the journal must hold the original bytes: %+v", how, j)
		}
		var r result
		if how == "restore subcommand" {
			r = l.runGD(t, "", "restore")
		} else {
			r = l.runGD(t, "", "fix", "contact_isp", "--profile", l.profile, "https://shop.lab.test/")
		}
		if r.code != 0 || !strings.Contains(r.out, "previous DNS settings are back") {
			t.Errorf("%s: exit %d:\n%s", how, r.code, r.out)
		}
		if got := l.file(t); got != originalResolvConf {
			t.Errorf("%s: file is\n%q", how, got)
		}
		if l.journal(t) != nil {
			t.Errorf("%s: journal left", how)
		}
	}
}

// netnsCycles is how many random keep/revert/fail/kill cycles run: at
// least 100, as the issue asks.
const netnsCycles = 100

func TestFixNetnsRandomCyclesRestoreByteIdentical(t *testing.T) {
	if testing.Short() {
		t.Skip("100 real switches; skipped with -short")
	}
	guardHostResolver(t)
	l := newLab(t)
	seed := uint64(time.Now().UnixNano())
	rng := rand.New(rand.NewPCG(seed, 0x9d))
	t.Logf("seed %d", seed)
	counts := map[string]int{}
	took := map[string]time.Duration{}
	for i := range netnsCycles {
		ops := []string{"keep", "revert", "fail", "kill"}
		op := ops[rng.IntN(len(ops))]
		counts[op]++
		start := time.Now()
		restored := true
		switch op {
		case "keep":
			r := l.runGD(t, "", "fix", "switch_dns", "--yes", "--keep", "--provider", "lab", "--profile", l.profile, "https://shop.lab.test/")
			if r.code != 0 || l.file(t) != switched(originalResolvConf) {
				t.Fatalf("cycle %d keep: exit %d file %q\n%s", i, r.code, l.file(t), r.out)
			}
			// A kept change is the user's new setting and the app forgets
			// the old one. Put the original back by hand, as a person
			// would, so that every cycle starts from the same bytes.
			if err := os.WriteFile(l.resolvConf, []byte(originalResolvConf), 0o644); err != nil {
				t.Fatal(err)
			}
		case "revert":
			answer := []string{"", "n\n", "no thanks\n"}[rng.IntN(3)]
			if r := l.runGD(t, answer, "fix", "switch_dns", "--yes", "--provider", "lab", "--profile", l.profile, "https://shop.lab.test/"); r.code != 1 {
				t.Fatalf("cycle %d revert: exit %d\n%s", i, r.code, r.out)
			}
		case "fail":
			if r := l.runGD(t, "", "fix", "switch_dns", "--yes", "--keep", "--provider", "lab-broken", "--profile", l.profile, "https://shop.lab.test/"); r.code != 1 {
				t.Fatalf("cycle %d fail: exit %d\n%s", i, r.code, r.out)
			}
		case "kill":
			l.killDuringCountdown(t)
			if l.journal(t) == nil {
				t.Fatalf("cycle %d kill: no journal", i)
			}
			// Half the time the next cycle's start-up restore cleans up;
			// otherwise `restore` does it now.
			if rng.IntN(2) == 0 {
				if r := l.runGD(t, "", "restore"); r.code != 0 {
					t.Fatalf("cycle %d restore: exit %d\n%s", i, r.code, r.out)
				}
			} else {
				restored = false
			}
		}
		took[op] += time.Since(start)
		if !restored {
			continue // the next cycle's start-up restore cleans up
		}
		if got := l.file(t); got != originalResolvConf {
			t.Fatalf("cycle %d (%s): file is\n%q", i, op, got)
		}
		if l.journal(t) != nil {
			t.Fatalf("cycle %d (%s): journal left", i, op)
		}
	}
	if r := l.runGD(t, "", "restore"); r.code != 0 {
		t.Fatalf("final restore: exit %d\n%s", r.code, r.out)
	}
	if got := l.file(t); got != originalResolvConf {
		t.Fatalf("after %d cycles the file is\n%q\nwant the original byte for byte", netnsCycles, got)
	}
	for op, n := range counts {
		t.Logf("%-6s %3d cycles, %v each on average (wall clock, for information only)", op, n, took[op]/time.Duration(n))
	}
}
