package securitytest

import (
	"bytes"
	"context"
	"errors"
	"net/netip"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	"gatewaydoctor/checks"
	"gatewaydoctor/checks/diagnosis"
	"gatewaydoctor/checks/proxy/pac"
	"gatewaydoctor/checks/web"
	"gatewaydoctor/fixes"
	"gatewaydoctor/internal/lab"
)

// hostileArgs are values an attacker would like to see parsed by a shell or
// by AppleScript: each must stay exactly one argument.
var hostileArgs = []string{
	`192.0.2.1; rm -rf /`, `$(reboot)`, "`id`", `a" & calc & "`, `' & do shell script "id" & '`, "x\ny", `%PATH%`, `-rf`,
}

// TestElevationKeepsTheArgumentList: pkexec and osascript receive the
// command as separate argv elements; the AppleScript text is constant and
// never contains a value (it quotes each argv item with "quoted form of").
func TestElevationKeepsTheArgumentList(t *testing.T) {
	for _, goos := range []string{"linux", "darwin"} {
		for _, arg := range hostileArgs {
			c := fixes.Command{Path: "resolvectl", Args: []string{"dns", "2", arg}, Elevated: true}
			w, err := fixes.Elevate(goos, c)
			if err != nil {
				t.Fatalf("%s: %v", goos, err)
			}
			argv := w.Argv()
			if !slices.Equal(argv[len(argv)-len(c.Argv()):], c.Argv()) {
				t.Errorf("%s: elevated argv %q does not end with the command's own argv %q", goos, argv, c.Argv())
			}
			if n := strings.Count(strings.Join(argv, "\x00"), arg); n != 1 {
				t.Errorf("%s: the value %q appears %d times in %q; it must be one argument, once", goos, arg, n, argv)
			}
			if goos == "darwin" {
				script := strings.Join(argv[1:len(argv)-len(c.Argv())], "\n")
				if !strings.Contains(script, "quoted form of") || strings.Contains(script, arg) {
					t.Errorf("darwin: the AppleScript must quote argv items and carry no value: %q", script)
				}
			}
		}
	}
}

// TestUnelevatedCommandsAreNotWrapped: a command that does not ask for
// administrator rights is never run through pkexec or osascript.
func TestUnelevatedCommandsAreNotWrapped(t *testing.T) {
	c := fixes.Command{Path: "xdg-open", Args: []string{"https://shop.example/"}}
	for _, goos := range []string{"linux", "darwin", "windows"} {
		w, err := fixes.Elevate(goos, c)
		if err != nil || w.Path != c.Path || !slices.Equal(w.Args, c.Args) {
			t.Errorf("%s: Elevate changed an unelevated command: %v, %v", goos, w, err)
		}
	}
}

// TestOpenPlanPassesOneValidatedURL: a URL from a report or a captive
// portal's redirect reaches the opener as one argument, only when it is
// http(s), and with the quoting and substitution characters a shell or
// Windows' command-line parser would act on percent-encoded.
func TestOpenPlanPassesOneValidatedURL(t *testing.T) {
	for _, goos := range []string{"linux", "darwin", "windows"} {
		for _, raw := range []string{"file:///etc/passwd", "javascript:alert(1)", "https://user:pw@shop.example/", "https://shop.example/\nrm", "-help"} {
			if c, err := fixes.OpenPlan(goos, raw); err == nil {
				t.Errorf("%s: OpenPlan(%q) = %v, want a refusal", goos, raw, c)
			}
		}
		c, err := fixes.OpenPlan(goos, `https://portal.example/login?next="&calc&"|$(id)`)
		if err != nil {
			t.Fatalf("%s: %v", goos, err)
		}
		last := c.Args[len(c.Args)-1]
		// "&" stays: it separates query parameters, and no shell sees the
		// argument (rundll32, open and xdg-open take it from argv).
		if strings.ContainsAny(last, "\"'`<>^|{}\\$;") {
			t.Errorf("%s: the URL argument %q still carries shell characters", goos, last)
		}
	}
}

// psScripts are the only PowerShell scripts a DNS plan may carry: constants
// that take the index and the addresses as arguments.
var psScripts = []string{
	`& { param([int]$Index) Set-DnsClientServerAddress -InterfaceIndex $Index -ServerAddresses ([string[]]$args) }`,
	`& { param([int]$Index) Set-DnsClientServerAddress -InterfaceIndex $Index -ResetServerAddresses }`,
}

// psArg is the only shape of a PowerShell argument: digits, or an address
// written in full (no "::", no leading colon).
var psArg = regexp.MustCompile(`^[0-9a-f]+([.:][0-9a-f]+)*$`)

// TestDNSPlansCarryOnlyValidatedValues: the Windows plan's PowerShell
// scripts hold nothing but an index and addresses; a macOS service name
// that the OS did not list, or a NetworkManager UUID that is not a UUID, is
// refused before any plan exists.
func TestDNSPlansCarryOnlyValidatedValues(t *testing.T) {
	servers := []netip.Addr{netip.MustParseAddr("192.0.2.53"), netip.MustParseAddr("2001:db8::53")}
	win := fixes.Snapshot{GOOS: "windows", Stack: fixes.Stack{Manager: fixes.ManagerWindows},
		Adapters: []fixes.Adapter{{Index: 12, GUID: "{01234567-89ab-cdef-0123-456789abcdef}", Name: `Wi-Fi'; Remove-Item C:\ -Recurse; '`, IPv4: fixes.Family{Auto: true}, IPv6: fixes.Family{Auto: true}}}}
	for name, plan := range map[string]func() ([]fixes.Step, error){
		"switch":  func() ([]fixes.Step, error) { return fixes.SwitchPlan(win, servers) },
		"restore": func() ([]fixes.Step, error) { return fixes.RestorePlan(win) },
	} {
		steps, err := plan()
		if err != nil {
			t.Fatalf("windows %s: %v", name, err)
		}
		for _, s := range steps {
			if s.Command == nil {
				continue
			}
			args := s.Command.Args
			i := slices.Index(args, "-Command")
			if i < 0 || i+2 >= len(args) || !slices.Contains(psScripts, args[i+1]) {
				t.Fatalf("windows %s: %q does not run one of the constant scripts", name, args)
			}
			for _, d := range args[i+2:] {
				if !psArg.MatchString(d) {
					t.Errorf("windows %s: PowerShell argument %q is more than an index or an address", name, d)
				}
			}
		}
	}

	mac := fixes.Snapshot{GOOS: "darwin", Stack: fixes.Stack{Manager: fixes.ManagerMacOS}, MacServices: []string{"Wi-Fi"},
		Adapters: []fixes.Adapter{{Service: `Wi-Fi" & do shell script "id`, IPv4: fixes.Family{Auto: true}}}}
	if steps, err := fixes.SwitchPlan(mac, servers); err == nil {
		t.Errorf("macOS: a service name the OS did not list was accepted: %v", steps)
	}
	nm := fixes.Snapshot{GOOS: "linux", Stack: fixes.Stack{Manager: fixes.ManagerNetworkManager},
		Adapters: []fixes.Adapter{{UUID: "--help", IPv4: fixes.Family{Auto: true}}}}
	if steps, err := fixes.SwitchPlan(nm, servers); err == nil {
		t.Errorf("NetworkManager: a connection that is not a UUID was accepted: %v", steps)
	}
}

// TestJournalIsPrivate: the DNS journal is written 0600 in a 0700
// directory, so other users of the computer can neither read the network
// settings nor plant a journal that a later restore would apply.
func TestJournalIsPrivate(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("Windows: the journal lives in the user's profile, protected by its ACL, not by mode bits")
	}
	dir := filepath.Join(t.TempDir(), "gateway-doctor")
	j := fixes.Journal{CreatedAt: time.Now(), Provider: "lab", Servers: []netip.Addr{netip.MustParseAddr("192.0.2.53")},
		Snapshot: fixes.Snapshot{GOOS: "linux", Stack: fixes.Stack{Manager: fixes.ManagerUnmanaged}}}
	if err := fixes.WriteJournal(dir, j); err != nil {
		t.Fatal(err)
	}
	for path, want := range map[string]os.FileMode{dir: 0o700, filepath.Join(dir, fixes.JournalFile): 0o600} {
		st, err := os.Stat(path)
		if err != nil {
			t.Fatal(err)
		}
		if got := st.Mode().Perm(); got != want {
			t.Errorf("%s has mode %o, want %o", path, got, want)
		}
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("the journal left temporary files behind: %v", entries)
	}
}

// TestJournalLocation: the journal is in the user's own config directory
// (or the directory the environment names, for tests and portable
// installs), never in a shared or temporary one.
func TestJournalLocation(t *testing.T) {
	t.Setenv(fixes.ConfigDirEnv, "")
	got, err := fixes.DefaultConfigDir()
	if err != nil {
		t.Skipf("this account has no config dir: %v", err)
	}
	base, _ := os.UserConfigDir()
	if got != filepath.Join(base, "gateway-doctor") {
		t.Errorf("journal dir %s, want %s", got, filepath.Join(base, "gateway-doctor"))
	}
	if strings.HasPrefix(got, os.TempDir()) {
		t.Errorf("journal dir %s is under the shared temporary directory", got)
	}
	t.Setenv(fixes.ConfigDirEnv, "/srv/lab/config")
	if got, _ := fixes.DefaultConfigDir(); got != "/srv/lab/config" {
		t.Errorf("with %s set, journal dir %s", fixes.ConfigDirEnv, got)
	}
}

// TestPACCannotHangOrReachTheHost: a PAC file (fetched from the network,
// possibly from an attacker's WPAD answer) runs in a JavaScript sandbox with
// no host objects, and a loop is interrupted at pac.EvalTimeout.
func TestPACCannotHangOrReachTheHost(t *testing.T) {
	ctx := context.Background()
	s, err := pac.New(ctx, `function FindProxyForURL(u, h) {
		return [typeof require, typeof process, typeof XMLHttpRequest, typeof fetch, typeof console, typeof setTimeout].join(",");
	}`, pac.Env{})
	if err != nil {
		t.Fatal(err)
	}
	got, err := s.FindProxyForURL(ctx, "http://shop.example/", "shop.example")
	if err != nil {
		t.Fatal(err)
	}
	if got != strings.TrimSuffix(strings.Repeat("undefined,", 6), ",") {
		t.Errorf("host objects reachable from a PAC file: %s", got)
	}

	loop, err := pac.New(ctx, `function FindProxyForURL(u, h) { while (true) {} }`, pac.Env{})
	if err != nil {
		t.Fatal(err)
	}
	_, err = loop.FindProxyForURL(ctx, "http://shop.example/", "shop.example")
	var perr *pac.Error
	if !errors.As(err, &perr) || perr.Kind != pac.KindTimeout {
		t.Fatalf("a looping PAC file returned %v, want a %s error", err, pac.KindTimeout)
	}
}

// TestSharedReportIsRedacted: the report a user shares hides their account
// name, home directory, MAC addresses and local addresses, and keeps the
// public addresses that name services.
func TestSharedReportIsRedacted(t *testing.T) {
	r := checks.Result{ID: "local.interfaces", Status: checks.StatusOK, Summary: "eth0 is up",
		Evidence: []string{"user alice at /home/alice", "mac 3c:22:fb:12:34:56", "address 192.168.1.23/24", "link fe80::1c2b:3aff:fe4d:5e6f", "gateway 10.0.0.1", "site 203.0.113.10"},
		Details:  map[string]any{"hwaddr": "3C-22-FB-12-34-56", "nested": []any{"from 172.16.5.4"}}}
	v := diagnosis.Diagnose(checks.Results{r})
	rep := checks.NewReport("https://shop.example/", time.Now(), time.Second, checks.Results{r}, v)
	red, err := rep.Redacted(checks.Redaction{UserNames: []string{"alice"}, HomeDirs: []string{"/home/alice"}, MACs: true, LocalAddresses: true})
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := red.WriteJSON(&b); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	for _, secret := range []string{"alice", "3c:22:fb", "3C-22-FB", "192.168.1.23", "fe80::1c2b", "10.0.0.1", "172.16.5.4"} {
		if strings.Contains(out, secret) {
			t.Errorf("the redacted report still holds %q", secret)
		}
	}
	if !strings.Contains(out, "203.0.113.10") {
		t.Errorf("the redacted report lost the public address 203.0.113.10")
	}
}

// TestProxyPasswordNeverReported: a proxy URL with credentials (from the
// environment or a PAC answer) appears in the report without them.
func TestProxyPasswordNeverReported(t *testing.T) {
	l := lab.New(t)
	u := l.AddSite(t, "shop.test", lab.NewSite(t), "/")
	p := lab.NewProxy(t, lab.Proxy502, l.System.Resolver())
	env := l.Env(u)
	env.Proxy = func(*url.URL) (*url.URL, error) {
		pu := p.ProxyURL()
		pu.User = url.UserPassword("alice", "hunter2-secret")
		return pu, nil
	}
	r := checks.Runner{Checks: []checks.Check{web.TargetCheck()}, Budget: 2 * time.Second}
	rs := r.Run(context.Background(), env)
	rep := checks.NewReport(u.String(), time.Now(), time.Second, rs, diagnosis.Diagnose(rs))
	var b bytes.Buffer
	if err := rep.WriteJSON(&b); err != nil {
		t.Fatal(err)
	}
	if err := rep.WriteText(&b, nil); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(b.String(), "hunter2-secret") {
		t.Errorf("the proxy password is in the report")
	}
	if !strings.Contains(b.String(), p.Addr()) {
		t.Errorf("the report does not name the proxy %s at all; the test proves nothing", p.Addr())
	}
}
