package proxy

import (
	"os"
	"strings"
	"testing"
)

func TestScutilFixtures(t *testing.T) {
	for _, tc := range []struct{ file, want string }{
		{"testdata/scutil-scoped-autodiscovery.txt",
			"macos auto http=http://proxy.corp.example:3128 https=http://proxy.corp.example:3128 bypass=*.local,169.254/16,intranet.corp.example,<local>"},
		{"testdata/scutil-manual-no-ports.txt", "macos manual http=http://proxy.corp.example:80 socks=socks5://socks.corp.example:1080"},
	} {
		b, err := os.ReadFile(tc.file)
		if err != nil {
			t.Fatal(err)
		}
		p, err := ParseScutilProxy(b)
		if err != nil {
			t.Fatalf("%s: %v", tc.file, err)
		}
		s, err := FromScutil(p)
		if err != nil || describe(s) != tc.want {
			t.Errorf("%s:\ngot  %s (%v)\nwant %s", tc.file, describe(s), err, tc.want)
		}
	}
}

func TestScutilErrors(t *testing.T) {
	for _, in := range []string{
		"",
		"not a dictionary",
		"<dictionary> {\n  HTTPEnable : 1\n",
		"<dictionary> {\n}\n}\n",
		"<dictionary> {\n  garbage\n}\n",
		"<dictionary> {\n}\nHTTPEnable : 1\n",
	} {
		if _, err := ParseScutilProxy([]byte(in)); err == nil {
			t.Errorf("ParseScutilProxy(%q) accepted", in)
		}
	}
	p, _ := ParseScutilProxy([]byte("<dictionary> {\n  HTTPEnable : 1\n  HTTPPort : 80\n}\n"))
	if _, err := FromScutil(p); err == nil {
		t.Error("HTTPEnable without HTTPProxy was accepted")
	}
}

// FuzzScutilProxy: the parser never panics or loops, and what it accepts
// turns into Settings without panicking.
func FuzzScutilProxy(f *testing.F) {
	for _, file := range []string{"testdata/scutil-scoped-autodiscovery.txt", "testdata/scutil-manual-no-ports.txt"} {
		b, err := os.ReadFile(file)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(string(b))
	}
	f.Add("<dictionary> {\n  ExceptionsList : <array> {\n    0 : *.local\n  }\n}\n")
	f.Add("<dictionary> {\n" + strings.Repeat("  a : <dictionary> {\n", 40) + "}")
	f.Add("<dictionary> {\n  HTTPEnable : 1\n  HTTPProxy : x\n  HTTPPort : 99999\n}\n")
	f.Fuzz(func(t *testing.T, s string) {
		p, err := ParseScutilProxy([]byte(s))
		if err != nil {
			return
		}
		_, _ = FromScutil(p)
	})
}
