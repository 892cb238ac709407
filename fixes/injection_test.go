package fixes

import (
	"errors"
	"net/netip"
	"slices"
	"strings"
	"testing"
)

// hostile are strings that would do harm if any shell or PowerShell parsed
// them: each must be refused, or travel as one inert argv element.
var hostile = []string{
	"eth0; reboot", "$(reboot)", "`reboot`", "Wi-Fi' ; Remove-Item C:\\ -Recurse; '", `Wi-Fi" & calc & "`,
	"Wi-Fi\nreboot", "-rf", "--set-dns=6.6.6.6", "1.1.1.1;reboot", "1.1.1.1 2.2.2.2", "fe80::1%eth0;x", "::ffff:1.1.1.1'",
}

func TestInjectionServersRejected(t *testing.T) {
	for _, s := range hostile {
		if _, err := ParseServers([]string{s}); !errors.Is(err, ErrInvalid) {
			t.Errorf("ParseServers(%q) accepted a hostile server", s)
		}
	}
	if _, err := ParseServers([]string{"fe80::1%eth0"}); err == nil {
		t.Error("a zoned address carries an interface name into a plan; it must be refused")
	}
}

func TestInjectionAdapterIdentifiersRejected(t *testing.T) {
	for _, s := range hostile {
		if ValidUUID(s) || ValidGUID(s) || ValidInterfaceName(s) && strings.ContainsAny(s, " ;$`'\"\n&") {
			t.Errorf("%q passed an identifier check", s)
		}
		nm := Snapshot{Stack: Stack{Manager: ManagerNetworkManager}, Adapters: []Adapter{{UUID: s}}}
		if _, err := SwitchPlan(nm, cloudflare); !errors.Is(err, ErrInvalid) {
			t.Errorf("NetworkManager plan with uuid %q: err = %v, want ErrInvalid", s, err)
		}
		if _, err := RestorePlan(nm); !errors.Is(err, ErrInvalid) {
			t.Errorf("NetworkManager restore with uuid %q: err = %v", s, err)
		}
		win := Snapshot{Stack: Stack{Manager: ManagerWindows}, Adapters: []Adapter{{Index: 3, GUID: s}}}
		if _, err := SwitchPlan(win, cloudflare); !errors.Is(err, ErrInvalid) {
			t.Errorf("Windows plan with guid %q: err = %v", s, err)
		}
	}
	if _, err := SwitchPlan(Snapshot{Stack: Stack{Manager: ManagerWindows}, Adapters: []Adapter{{Index: -1}}}, cloudflare); !errors.Is(err, ErrInvalid) {
		t.Error("a negative interface index must be refused")
	}
}

func TestInjectionMacServicePassedInertly(t *testing.T) {
	// A service name is free text on macOS. Unknown names are refused; a
	// listed one, however odd, is one argv element and never in a script.
	odd := "Wi-Fi $(reboot); \"x\" 'y'"
	snap := Snapshot{Stack: Stack{Manager: ManagerMacOS}, MacServices: []string{"Wi-Fi", odd}, Adapters: []Adapter{{Service: odd}}}
	plan, err := SwitchPlan(snap, cloudflare)
	if err != nil {
		t.Fatal(err)
	}
	if got := plan[0].Command.Args[1]; got != odd {
		t.Errorf("service argv element = %q, want %q unchanged", got, odd)
	}
	el, _ := Elevate("darwin", *plan[0].Command)
	for _, a := range osascriptElevate {
		if strings.Contains(a, "reboot") {
			t.Errorf("the service reached the AppleScript source: %q", a)
		}
	}
	if el.Args[len(osascriptElevate)+2] != odd {
		t.Errorf("osascript argv = %q", el.Args)
	}
	for _, s := range append(hostile, "Ethernet") {
		snap := Snapshot{Stack: Stack{Manager: ManagerMacOS}, MacServices: []string{"Wi-Fi"}, Adapters: []Adapter{{Service: s}}}
		if _, err := SwitchPlan(snap, cloudflare); !errors.Is(err, ErrInvalid) {
			t.Errorf("unlisted service %q: err = %v, want ErrInvalid", s, err)
		}
	}
	if ValidMacService("-setdnsservers", []string{"-setdnsservers"}) {
		t.Error("a service name that reads as an option must be refused")
	}
}

func TestInjectionPowerShellScriptHoldsOnlyValidatedValues(t *testing.T) {
	snap := Snapshot{Stack: Stack{Manager: ManagerWindows}, Adapters: []Adapter{{Index: 12, Name: "Wi-Fi'; Remove-Item C:\\ -Recurse; '", IPv4: Family{Static: addrs("192.0.2.53")}}}}
	for _, plan := range [][]Step{must(SwitchPlan(snap, addrs("1.1.1.1", "2606:4700:4700::1111"))), must(RestorePlan(snap))} {
		for _, s := range plan {
			args := s.Command.Args
			i := slices.Index(args, "-Command")
			if i < 0 || i+1 >= len(args) {
				t.Fatalf("no -Command script in %q", args)
			}
			if script := args[i+1]; script != psSetServersScript && script != psResetScript {
				t.Errorf("the script is not one of the constants: %q", script)
			}
			if args[i+2] != "12" {
				t.Errorf("the first argument is %q, want the index 12", args[i+2])
			}
			for _, d := range args[i+2:] {
				if strings.Contains(d, "Remove-Item") || strings.Contains(d, "Wi-Fi") {
					t.Errorf("display name reached the command: %q", d)
				}
				for _, r := range d {
					if !strings.ContainsRune("0123456789abcdef.:", r) {
						t.Errorf("argument %q holds %q outside the validated alphabet", d, r)
					}
				}
				if strings.HasPrefix(d, ":") || strings.Contains(d, "::") {
					t.Errorf("argument %q is not written in full", d)
				}
			}
		}
	}
	defer func() {
		if recover() == nil {
			t.Error("an unvalidated address must never reach PowerShell")
		}
	}()
	psSetServers(1, []netip.Addr{netip.MustParseAddr("fe80::1%x';calc;'")})
}

func TestInjectionURLs(t *testing.T) {
	for _, u := range []string{"javascript:alert(1)", "file:///etc/passwd", "--incognito", "http://x.example/\n--flag", "http://user:pw@x.example/", "chrome://settings", "https://a.example/ b", "x.example"} {
		if _, err := ValidateWebURL(u); !errors.Is(err, ErrInvalid) {
			t.Errorf("ValidateWebURL(%q) accepted it", u)
		}
	}
	got, err := ValidateWebURL(`https://shop.example/a?q="$(reboot)"`)
	if err != nil || strings.ContainsAny(got, `"`) {
		t.Errorf("a quoted query must be escaped, got %q %v", got, err)
	}
	c, err := LaunchPlan("linux", Browser{ID: Firefox, Path: "/usr/bin/firefox"}, LaunchPrivate, "https://shop.example/;reboot")
	if err != nil || len(c.Args) != 2 || c.Args[1] != "https://shop.example/;reboot" {
		t.Errorf("the URL must be one argv element: %v %v", c, err)
	}
}

func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}
