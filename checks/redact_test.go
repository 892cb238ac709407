package checks

import (
	"strings"
	"testing"
	"time"
)

func TestRedactionString(t *testing.T) {
	r := Redaction{UserNames: []string{"alice"}, HomeDirs: []string{"/home/alice"}, MACs: true, LocalAddresses: true}
	for _, tc := range []struct{ name, in, want string }{
		{"home path", "read /home/alice/.config/x", "read /home/[user]/.config/x"},
		{"user name as a word", "proxy user alice denied", "proxy user [user] denied"},
		{"name inside a word stays", "malice", "malice"},
		{"mac with colons", "gateway mac 00:1a:2B:3c:4d:5e", "gateway mac [MAC]"},
		{"mac with dashes", "00-1A-2B-3C-4D-5E up", "[MAC] up"},
		{"private v4 with port", "resolver 192.168.1.1:53 failed", "resolver [local address]:53 failed"},
		{"cgnat", "addr 100.64.3.4", "addr [local address]"},
		{"link-local v6 with zone", "gw fe80::1%eth0", "gw [local address]"},
		{"ula v6", "fd00::53", "[local address]"},
		{"public stays", "answer 203.0.113.7 and 2001:db8::1", "answer 203.0.113.7 and 2001:db8::1"},
		{"loopback stays", "stub 127.0.0.53", "stub 127.0.0.53"},
		{"clock is not an address", "at 18:00:00", "at 18:00:00"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := r.String(tc.in); got != tc.want {
				t.Errorf("String(%q) = %q, want %q", tc.in, got, tc.want)
			}
		})
	}
}

func TestRedactionOff(t *testing.T) {
	in := "alice at 192.168.1.1 00:1a:2b:3c:4d:5e"
	if got := (Redaction{}).String(in); got != in {
		t.Errorf("an empty redaction changed %q to %q", in, got)
	}
}

func TestReportRedactedCopies(t *testing.T) {
	rs := Results{{ID: "local.interfaces", Status: StatusOK, Summary: "eth0 192.168.1.20",
		Evidence: []string{"mac 00:1a:2b:3c:4d:5e"}, Details: map[string]any{"addrs": []any{"10.0.0.2/24"}}}}
	v := Verdict{Code: VerdictOK, Side: SideComputer, Summary: "s", Evidence: []string{"gateway 192.168.1.1"}, Fixes: []string{"retest"}}
	rep := NewReport("https://shop.example/", time.Unix(0, 0), time.Second, rs, v)
	red, err := rep.Redacted(Redaction{MACs: true, LocalAddresses: true})
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	if err := red.WriteJSON(&b); err != nil {
		t.Fatal(err)
	}
	for _, leak := range []string{"192.168.1.20", "00:1a:2b", "10.0.0.2", "192.168.1.1"} {
		if strings.Contains(b.String(), leak) {
			t.Errorf("redacted report still holds %q:\n%s", leak, b.String())
		}
	}
	if rep.Checks[0].Summary != "eth0 192.168.1.20" {
		t.Errorf("the original report was changed: %q", rep.Checks[0].Summary)
	}
	if len(red.Verdict.Fixes) != 1 || red.Fixes[0] != "retest" {
		t.Errorf("fixes lost: %v %v", red.Verdict.Fixes, red.Fixes)
	}
}

// TestRedactionAccountNames: a generic account name (root, admin, user) is
// hidden only where it stands as a user name, so "root certificate" keeps
// its word; a person's name is hidden wherever it stands as a word, in the
// home paths of all three systems above all.
func TestRedactionAccountNames(t *testing.T) {
	for _, tc := range []struct{ name, account, in, want string }{
		{"root as a word stays", "root", "the root certificate is not trusted", "the root certificate is not trusted"},
		{"Root account, root word", "Root", "Root CA expired", "Root CA expired"},
		{"root in a Linux home", "root", "read /home/root/.config/x", "read /home/[user]/.config/x"},
		{"root before @", "root", "ssh root@192.0.2.1", "ssh [user]@192.0.2.1"},
		{"admin as a word stays", "admin", "the router's admin page", "the router's admin page"},
		{"admin in a macOS home", "admin", "/Users/admin/Library/Preferences", "/Users/[user]/Library/Preferences"},
		{"Admin in a Windows home", "Admin", `C:\Users\Admin\AppData\Local`, `C:\Users\[user]\AppData\Local`},
		{"admin in a Windows home, forward slashes", "admin", "C:/Users/ADMIN/AppData", "C:/Users/[user]/AppData"},
		{"user as a word stays", "user", "user agent and user name", "user agent and user name"},
		{"user after ~", "user", "~user/.mozilla", "~[user]/.mozilla"},
		{"generic name in another dir stays", "admin", "/var/lib/admin/x", "/var/lib/admin/x"},
		{"generic name inside a longer segment stays", "root", "/home/rooted/x", "/home/rooted/x"},
		{"a short name only in homes", "al", "al is in /home/al/x", "al is in /home/[user]/x"},
		{"a person's name as a word", "jsmith", "proxy user jsmith denied", "proxy user [user] denied"},
		{"a person's name in a Linux home", "jsmith", "/home/jsmith/.config", "/home/[user]/.config"},
		{"a person's name in a macOS home", "jsmith", "/Users/JSmith/Library", "/Users/[user]/Library"},
		{"a person's name in a Windows home", "jsmith", `C:\Users\jsmith\AppData`, `C:\Users\[user]\AppData`},
		{"a person's name anywhere in a path", "jsmith", `D:\Profiles\jsmith\x and /srv/jsmith`, `D:\Profiles\[user]\x and /srv/[user]`},
		{"a person's name before @", "jsmith", "jsmith@corp.example", "[user]@corp.example"},
		{"a person's name inside a word stays", "jsmith", "ajsmiths", "ajsmiths"},
		{"a name ending in a non-ASCII letter", "Zoë", "profile of zoë, /home/Zoë/x", "profile of [user], /home/[user]/x"},
		{"a name next to a non-ASCII letter stays", "zo", "/home/zoë", "/home/zoë"},
		{"twice in a row", "jsmith", "jsmith jsmith", "[user] [user]"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := Redaction{UserNames: []string{tc.account}}
			if got := r.String(tc.in); got != tc.want {
				t.Errorf("String(%q) with account %q = %q, want %q", tc.in, tc.account, got, tc.want)
			}
		})
	}
}
