package pac

import (
	"context"
	"errors"
	"fmt"
	"net/netip"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"
)

// fakeResolver answers from a table; anything else is "no such host".
type fakeResolver map[string][]netip.Addr

func (f fakeResolver) LookupNetIP(ctx context.Context, network, host string) ([]netip.Addr, error) {
	if a, ok := f[strings.ToLower(host)]; ok {
		return a, nil
	}
	return nil, fmt.Errorf("lookup %s: no such host", host)
}

// testEnv is a Tuesday, 2026-03-10 14:30:15 in UTC+1, with a lab resolver.
func testEnv() Env {
	loc := time.FixedZone("CET", 3600)
	return Env{
		Resolver: fakeResolver{
			"intranet.corp.example": {netip.MustParseAddr("10.1.2.3")},
			"www.example.org":       {netip.MustParseAddr("203.0.113.7")},
			"v6only.example.org":    {netip.MustParseAddr("2001:db8::1")},
		},
		MyIP: func(context.Context) (netip.Addr, error) { return netip.MustParseAddr("10.9.8.7"), nil },
		Now:  func() time.Time { return time.Date(2026, 3, 10, 14, 30, 15, 0, loc) },
	}
}

func eval(t *testing.T, expr string) string {
	t.Helper()
	src := "function FindProxyForURL(url, host) { return String(" + expr + "); }"
	s, err := New(context.Background(), src, testEnv())
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	out, err := s.FindProxyForURL(context.Background(), "http://x/", "x")
	if err != nil {
		t.Fatalf("%s: %v", expr, err)
	}
	return out
}

// TestHelpers runs every PAC helper inside the sandbox, with the injected
// clock (Tuesday 2026-03-10 14:30:15 local, 13:30:15 GMT) and resolver.
func TestHelpers(t *testing.T) {
	for _, tc := range []struct{ expr, want string }{
		{`isPlainHostName("www")`, "true"},
		{`isPlainHostName("www.example.org")`, "false"},
		{`dnsDomainIs("www.example.org", ".example.org")`, "true"},
		{`dnsDomainIs("www.EXAMPLE.org", ".example.org")`, "true"},
		{`dnsDomainIs("www", ".example.org")`, "false"},
		{`dnsDomainIs("www.example.com", ".example.org")`, "false"},
		{`localHostOrDomainIs("www.example.org", "www.example.org")`, "true"},
		{`localHostOrDomainIs("www", "www.example.org")`, "true"},
		{`localHostOrDomainIs("www.example.com", "www.example.org")`, "false"},
		{`localHostOrDomainIs("home", "www.example.org")`, "false"},
		{`isResolvable("www.example.org")`, "true"},
		{`isResolvable("nonexistent.example.org")`, "false"},
		{`isResolvable("v6only.example.org")`, "false"},
		{`isResolvable("192.0.2.1")`, "true"},
		{`dnsResolve("intranet.corp.example")`, "10.1.2.3"},
		{`dnsResolve("nonexistent.example.org")`, "null"},
		{`isInNet("intranet.corp.example", "10.0.0.0", "255.0.0.0")`, "true"},
		{`isInNet("www.example.org", "10.0.0.0", "255.0.0.0")`, "false"},
		{`isInNet("198.51.100.20", "198.51.100.0", "255.255.255.0")`, "true"},
		{`isInNet("198.51.101.20", "198.51.100.0", "255.255.255.0")`, "false"},
		{`isInNet("nonexistent.example.org", "0.0.0.0", "0.0.0.0")`, "false"},
		{`isInNet("10.1.2.3", "bogus", "255.0.0.0")`, "false"},
		{`myIpAddress()`, "10.9.8.7"},
		{`dnsDomainLevels("www")`, "0"},
		{`dnsDomainLevels("www.example.org")`, "2"},
		{`shExpMatch("http://home.example.org/a/b", "*/a/*")`, "true"},
		{`shExpMatch("www.example.org", "*.example.org")`, "true"},
		{`shExpMatch("example.org", "*.example.org")`, "false"},
		{`shExpMatch("ab", "a?")`, "true"},
		{`shExpMatch("abc", "a?")`, "false"},
		{`shExpMatch("a.b", "a*b")`, "true"},
		{`shExpMatch("x.example.org", "x[.]example.org")`, "false"}, // brackets are literal in PAC globs
		{`weekdayRange("TUE")`, "true"},
		{`weekdayRange("MON", "FRI")`, "true"},
		{`weekdayRange("WED", "MON")`, "false"},
		{`weekdayRange("SAT", "TUE")`, "true"}, // wraps around the weekend
		{`weekdayRange("TUE", "GMT")`, "true"},
		{`weekdayRange("XYZ")`, "false"},
		{`dateRange(10)`, "true"},
		{`dateRange(11)`, "false"},
		{`dateRange("MAR")`, "true"},
		{`dateRange(2026)`, "true"},
		{`dateRange(2025)`, "false"},
		{`dateRange(1, 15)`, "true"},
		{`dateRange("JAN", "MAR")`, "true"},
		{`dateRange("APR", "FEB")`, "false"},
		{`dateRange("NOV", "MAR")`, "true"}, // wraps around the new year
		{`dateRange(1, "MAR", 9, "MAR")`, "false"},
		{`dateRange(10, "MAR", 10, "MAR")`, "true"},
		{`dateRange("MAR", 2026, "APR", 2026)`, "true"},
		{`dateRange(1, "JAN", 2025, 31, "DEC", 2025)`, "false"},
		{`dateRange(1, "JAN", 2026, 31, "DEC", 2026)`, "true"},
		{`dateRange(10, "GMT")`, "true"},
		{`dateRange(1, "MAR", 2026)`, "false"}, // odd halves: malformed
		{`timeRange(14)`, "true"},
		{`timeRange(13, "GMT")`, "true"},
		{`timeRange(9, 17)`, "true"},
		{`timeRange(15, 17)`, "false"},
		{`timeRange(22, 15)`, "true"}, // wraps around midnight
		{`timeRange(14, 0, 14, 30)`, "true"},
		{`timeRange(14, 31, 15, 0)`, "false"},
		{`timeRange(14, 30, 15, 14, 30, 15)`, "true"},
		{`timeRange(14, 30, 16, 14, 31, 0)`, "false"},
		{`timeRange(1, 2, 3)`, "false"},
	} {
		t.Run(tc.expr, func(t *testing.T) {
			if got := eval(t, tc.expr); got != tc.want {
				t.Errorf("%s = %s, want %s", tc.expr, got, tc.want)
			}
		})
	}
}

// TestSandboxHasNoHostAccess checks that nothing but the ECMAScript
// built-ins and the PAC helpers is reachable from a script.
func TestSandboxHasNoHostAccess(t *testing.T) {
	for _, name := range []string{"require", "console", "process", "XMLHttpRequest", "fetch", "setTimeout", "load", "readFile", "os"} {
		if got := eval(t, "typeof "+name); got != "undefined" {
			t.Errorf("typeof %s = %s, want undefined", name, got)
		}
	}
}

// TestHostilePAC runs scripts that try to hang, exhaust memory or crash the
// evaluator; each must stop in time with a finding naming what it did.
func TestHostilePAC(t *testing.T) {
	for _, tc := range []struct {
		name, src string
		kind      Kind
	}{
		{"endless loop", `function FindProxyForURL(u, h) { for (;;) {} }`, KindTimeout},
		{"endless loop at top level", `while (true) {} function FindProxyForURL(u, h) { return "DIRECT"; }`, KindTimeout},
		{"doubling string", `function FindProxyForURL(u, h) { var s = "x"; for (;;) s += s; }`, KindMemory},
		{"repeat", `function FindProxyForURL(u, h) { return "x".repeat(1e9); }`, KindMemory},
		{"padStart", `function FindProxyForURL(u, h) { return "x".padStart(1e9); }`, KindMemory},
		{"join", `function FindProxyForURL(u, h) { return new Array(1e9).join("x"); }`, KindMemory},
		{"huge answer", `function FindProxyForURL(u, h) { return "PROXY a:1; ".repeat(10000); }`, KindBadResult},
		{"throw", `function FindProxyForURL(u, h) { throw new Error("boom"); }`, KindThrow},
		{"reference error", `function FindProxyForURL(u, h) { return notAHelper(h); }`, KindThrow},
		{"deep recursion", `function f(n) { return f(n + 1) + 1; } function FindProxyForURL(u, h) { return f(0); }`, KindRecursion},
		{"syntax error", `function FindProxyForURL(u, h) { return "DIRECT" `, KindSyntax},
		{"no function", `var x = 1;`, KindNoFunction},
		{"returns a number", `function FindProxyForURL(u, h) { return 42; }`, KindBadResult},
		{"returns nothing", `function FindProxyForURL(u, h) { }`, KindBadResult},
		{"too big", "function FindProxyForURL(u, h) { return 'DIRECT'; }\n//" + strings.Repeat("x", MaxScriptSize), KindTooBig},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), 20*EvalTimeout)
			defer cancel()
			s, err := New(ctx, tc.src, testEnv())
			if err == nil {
				_, err = s.FindProxyForURL(ctx, "http://www.example.org/", "www.example.org")
			}
			var pe *Error
			if !errors.As(err, &pe) {
				t.Fatalf("err = %v, want a *pac.Error", err)
			}
			if pe.Kind != tc.kind {
				t.Fatalf("kind = %s (%v), want %s", pe.Kind, pe, tc.kind)
			}
			if ctx.Err() != nil {
				t.Fatalf("the test's own deadline passed: the sandbox did not stop the script")
			}
		})
	}
}

// TestBrokenScriptStaysBroken: after a limit was broken the runtime is not
// trusted again.
func TestBrokenScriptStaysBroken(t *testing.T) {
	s, err := New(context.Background(), `var n = 0; function FindProxyForURL(u, h) { if (n++ == 0) for (;;) {} return "DIRECT"; }`, testEnv())
	if err != nil {
		t.Fatal(err)
	}
	_, err1 := s.FindProxyForURL(context.Background(), "http://a/", "a")
	_, err2 := s.FindProxyForURL(context.Background(), "http://a/", "a")
	if err1 == nil || err2 == nil || err1.Error() != err2.Error() {
		t.Fatalf("errs = %v, %v; want the same timeout twice", err1, err2)
	}
}

// TestCallerCancellation: the caller's context stops a script too.
func TestCallerCancellation(t *testing.T) {
	s, err := New(context.Background(), `function FindProxyForURL(u, h) { for (;;) {} }`, testEnv())
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := s.FindProxyForURL(ctx, "http://a/", "a"); err == nil {
		t.Fatal("a cancelled evaluation returned no error")
	}
}

func TestParse(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want string // the entries' URLs joined by " | "; "ERR" for an error
	}{
		{"DIRECT", "<nil>"},
		{"PROXY proxy.corp.example:8080; DIRECT", "http://proxy.corp.example:8080 | <nil>"},
		{"proxy a:1;proxy b:2", "http://a:1 | http://b:2"},
		{"HTTPS secure.example:443", "https://secure.example:443"},
		{"SOCKS s:1080", "socks5://s:1080"},
		{"SOCKS5 s:1080", "socks5://s:1080"},
		{"SOCKS4 s:1080", "socks4://s:1080"},
		{"HTTP h:80", "http://h:80"},
		{"PROXY [2001:db8::1]:3128", "http://[2001:db8::1]:3128"},
		{"", "ERR"},
		{"PROXY", "ERR"},
		{"PROXY nohostport", "ERR"},
		{"FTP f:21", "ERR"},
		{"DIRECT x", "ERR"},
	} {
		es, err := Parse(tc.in)
		var got string
		if err != nil {
			got = "ERR"
		} else {
			var parts []string
			for _, e := range es {
				if u := e.URL(); u != nil {
					parts = append(parts, u.String())
				} else {
					parts = append(parts, "<nil>")
				}
			}
			got = strings.Join(parts, " | ")
		}
		if got != tc.want {
			t.Errorf("Parse(%q) = %s, want %s", tc.in, got, tc.want)
		}
	}
}

// blockingResolver never answers: it waits for the lookup's context.
type blockingResolver struct{}

func (blockingResolver) LookupNetIP(ctx context.Context, network, host string) ([]netip.Addr, error) {
	<-ctx.Done()
	return nil, ctx.Err()
}

// TestSlowDNSInLoop: a script that keeps calling dnsResolve against a
// resolver that never answers is stopped at the evaluation deadline, not
// after dnsTimeout per call.
func TestSlowDNSInLoop(t *testing.T) {
	env := testEnv()
	env.Resolver = blockingResolver{}
	s, err := New(context.Background(), `function FindProxyForURL(u, h) { for (var i = 0; i < 100; i++) dnsResolve("x" + i + ".example"); return "DIRECT"; }`, env)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*EvalTimeout)
	defer cancel()
	_, err = s.FindProxyForURL(ctx, "http://a/", "a")
	var pe *Error
	if !errors.As(err, &pe) || pe.Kind != KindTimeout {
		t.Fatalf("err = %v, want a timeout", err)
	}
	if ctx.Err() != nil {
		t.Fatal("the evaluation outlived its deadline")
	}
}

// TestHardCapMessage: a child the runtime ended as out of memory is said
// to have met the limit that stops it on its system, not the heap
// watchdog's, and where no hard cap is set, the message claims none.
func TestHardCapMessage(t *testing.T) {
	for _, tc := range []struct {
		goos      string
		race      bool
		want, not string
	}{
		{"linux", false, "512 MiB address-space limit", "job"},
		{"windows", false, "512 MiB job memory limit", "address-space"},
		{"darwin", false, "ran this computer out of memory", "512"},
		{"linux", true, "ran this computer out of memory", "512"},
		{"windows", true, "ran this computer out of memory", "512"},
	} {
		got := hardCapMessage(tc.goos, tc.race)
		if !strings.Contains(got, tc.want) || strings.Contains(got, tc.not) || !strings.Contains(got, "64 MiB heap watchdog") {
			t.Errorf("%s race=%v: %q, want %q and the watchdog, not %q", tc.goos, tc.race, got, tc.want, tc.not)
		}
	}
}

// TestOneHugeAllocationNamesItsLimit: a single allocation far past the heap
// watchdog's margin is stopped by the hard cap where there is one (Linux
// and Windows builds without the race detector), and the finding says so;
// elsewhere the watchdog's own message or the no-cap one stands.
func TestOneHugeAllocationNamesItsLimit(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 20*EvalTimeout)
	defer cancel()
	s, err := New(ctx, `function FindProxyForURL(u, h) { return new ArrayBuffer(1e9).byteLength + ""; }`, testEnv())
	if err == nil {
		_, err = s.FindProxyForURL(ctx, "http://www.example.org/", "www.example.org")
	}
	var pe *Error
	if !errors.As(err, &pe) || pe.Kind != KindMemory {
		t.Fatalf("err = %v, want a memory finding", err)
	}
	capped := (runtime.GOOS == "linux" || runtime.GOOS == "windows") && !raceEnabled
	want := []string{hardCapMessage(runtime.GOOS, raceEnabled)}
	if !capped {
		want = append(want, memoryMsg)
	}
	if !slices.Contains(want, pe.Msg) {
		t.Errorf("message %q, want one of %q", pe.Msg, want)
	}
}

// TestStderrKeepsTheFatalLine: the runtime's "out of memory" line comes
// before tens of KiB of goroutine stacks; what is kept of the child's
// standard error still holds it.
func TestStderrKeepsTheFatalLine(t *testing.T) {
	b := &headBuffer{max: maxChildStderr}
	_, _ = b.Write([]byte("fatal error: out of memory\n\nruntime stack:\n"))
	for range 1000 {
		_, _ = b.Write([]byte("goroutine 5 gp=0x37d20480da40 m=nil [GOMAXPROCS updater (idle)]:\n"))
	}
	if got := b.String(); len(got) != maxChildStderr || !outOfMemory(got) {
		t.Errorf("kept %d bytes, out of memory %v", len(got), outOfMemory(got))
	}
}
