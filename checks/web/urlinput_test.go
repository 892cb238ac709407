package web

import (
	"strings"
	"testing"
)

func TestParseTarget(t *testing.T) {
	for _, tc := range []struct {
		name, in, want string
	}{
		{"a full address is kept", "https://shop.example/checkout?x=1", "https://shop.example/checkout?x=1"},
		{"surrounding spaces and newlines go", "  \thttps://shop.example/ \n", "https://shop.example/"},
		{"no scheme means https", "shop.example", "https://shop.example"},
		{"no scheme with a path", "www.shop.example/a/b?c=d", "https://www.shop.example/a/b?c=d"},
		{"plain http is allowed", "http://shop.example", "http://shop.example"},
		{"scheme and name are lower-cased", "HTTPS://Shop.EXAMPLE/Path", "https://shop.example/Path"},
		{"a port without a scheme is not a scheme", "shop.example:8443/x", "https://shop.example:8443/x"},
		{"localhost with a port", "localhost:8080", "https://localhost:8080"},
		{"an international name becomes punycode", "bücher.example", "https://xn--bcher-kva.example"},
		{"an international name with a scheme and port", "http://пример.испытание:8080/путь", "http://xn--e1afmkfd.xn--80akhbyknj4f:8080/%D0%BF%D1%83%D1%82%D1%8C"},
		{"IPv4 literal", "192.0.2.10", "https://192.0.2.10"},
		{"IPv4 literal with port", "http://192.0.2.10:8080/", "http://192.0.2.10:8080/"},
		{"bracketed IPv6 literal with port", "https://[2001:DB8::1]:8443/x", "https://[2001:db8::1]:8443/x"},
		{"bare IPv6 literal gets brackets", "2001:db8::1", "https://[2001:db8::1]"},
		{"bare IPv6 starting with letters", "fe80::1", "https://[fe80::1]"},
		{"scheme-relative", "//shop.example/x", "https://shop.example/x"},
		{"trailing dot is kept", "shop.example.", "https://shop.example."},
		{"underscore names exist in the wild", "my_host.example", "https://my_host.example"},
		{"fragment kept", "shop.example/#top", "https://shop.example/#top"},
		{"spaces in path and query are encoded", "shop.example/a b?q=x y&ä=1", "https://shop.example/a%20b?q=x%20y&%C3%A4=1"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			u, err := ParseTarget(tc.in)
			if err != nil {
				t.Fatalf("ParseTarget(%q): %v", tc.in, err)
			}
			if got := u.String(); got != tc.want {
				t.Errorf("ParseTarget(%q) = %q, want %q", tc.in, got, tc.want)
			}
		})
	}
}

func TestParseTargetRejects(t *testing.T) {
	for _, tc := range []struct {
		name, in, wantErr string
	}{
		{"empty", "   ", "enter a web address"},
		{"file scheme", "file:///etc/passwd", `only web addresses (http or https) can be checked, not "file:"`},
		{"javascript scheme", "javascript:alert(1)", `not "javascript:"`},
		{"upper-case scheme is named in lower case", "FTP://files.example/", `not "ftp:"`},
		{"a Windows file path", `C:\Users\me\page.html`, "a file on this computer"},
		{"mailto", "mailto:help@example.org", `not "mailto:"`},
		{"data", "data:text/html,<b>x</b>", `not "data:"`},
		{"empty host", "https:///path", "has no site name"},
		{"one slash", "https:/shop.example", "needs //"},
		{"space inside the host", "https://shop example.com/", "cannot contain spaces"},
		{"space inside the host without scheme", "shop example.com", "cannot contain spaces"},
		{"over-long input", "https://shop.example/" + strings.Repeat("a", maxTargetInput), "too long"},
		{"port out of range", "shop.example:70000", "port must be a number from 1 to 65535"},
		{"port zero", "shop.example:0", "port must be"},
		{"port not a number", "https://shop.example:http/", "port must be"},
		{"empty port", "https://shop.example:/", "gives no port"},
		{"user and password", "https://user:secret@shop.example/", "user name or password"},
		{"bad IPv4", "https://999.1.1.1/", "not a valid IP address"},
		{"bad bracketed IPv6", "https://[2001:db8::zz]/", "not a valid IPv6 address"},
		{"zone in IPv6", "fe80::1%eth0", "zone"},
		{"bad characters in the name", "https://shop!.example/", "not a valid site name"},
		{"empty label", "https://shop..example/", "not a valid site name"},
		{"label too long", "https://" + strings.Repeat("a", 64) + ".example/", "not a valid site name"},
		{"control character", "https://shop.example/\x00", "control characters"},
		{"invalid punycode", "https://xn--a.example/", "not a valid site name"},
		{"invalid international name", "https://a\u200db.example/", "not a valid site name"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			u, err := ParseTarget(tc.in)
			if err == nil {
				t.Fatalf("ParseTarget(%q) = %v, want an error containing %q", tc.in, u, tc.wantErr)
			}
			if !strings.Contains(err.Error(), tc.wantErr) {
				t.Errorf("ParseTarget(%q) error %q, want it to contain %q", tc.in, err, tc.wantErr)
			}
			if strings.Contains(err.Error(), "\n") {
				t.Errorf("error is not one line: %q", err)
			}
		})
	}
}

// FuzzParseTarget: never panic; whatever is accepted is http(s) with a host,
// and parsing the result again gives the same address.
func FuzzParseTarget(f *testing.F) {
	for _, s := range []string{"shop.example", "https://[2001:db8::1]:8443/x?y#z", "bücher.example/ä",
		"file:///etc/passwd", "javascript:alert(1)", "localhost:8080", " http://192.0.2.1 ", "//x.example"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		u, err := ParseTarget(in)
		if err != nil {
			if strings.Contains(err.Error(), "\n") {
				t.Fatalf("multi-line error %q", err)
			}
			return
		}
		if u.Scheme != "http" && u.Scheme != "https" || u.Hostname() == "" {
			t.Fatalf("ParseTarget(%q) = %q: not a web address", in, u)
		}
		again, err := ParseTarget(u.String())
		if err != nil {
			t.Fatalf("ParseTarget(%q) = %q, which does not parse again: %v", in, u, err)
		}
		if again.String() != u.String() {
			t.Fatalf("not stable: %q -> %q -> %q", in, u, again)
		}
	})
}
