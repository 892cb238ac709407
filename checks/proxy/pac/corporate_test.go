package pac

import (
	"context"
	"os"
	"testing"
)

func loadCorporate(tb testing.TB) *Script {
	tb.Helper()
	src, err := os.ReadFile("testdata/corporate.pac")
	if err != nil {
		tb.Fatal(err)
	}
	s, err := New(context.Background(), string(src), testEnv())
	if err != nil {
		tb.Fatal(err)
	}
	return s
}

// TestCorporatePAC walks the typical corporate PAC through its branches.
func TestCorporatePAC(t *testing.T) {
	s := loadCorporate(t)
	for _, tc := range []struct{ url, host, want string }{
		{"http://wiki/", "wiki", "DIRECT"},
		{"https://intranet.corp.example/", "intranet.corp.example", "DIRECT"},
		{"https://a.internal17.corp.example/x", "a.internal17.corp.example", "DIRECT"},
		{"https://b.partner30.example.net/", "b.partner30.example.net", "PROXY partner-proxy.corp.example:8080"},
		{"https://app7.example.com/login", "app7.example.com", "PROXY app-proxy.corp.example:3128; DIRECT"},
		{"https://www.example.org/", "www.example.org", "PROXY proxy.corp.example:8080; DIRECT"},
		{"https://unknown.example.org/", "unknown.example.org", "PROXY proxy.corp.example:8080"},
	} {
		got, err := s.FindProxyForURL(context.Background(), tc.url, tc.host)
		if err != nil || got != tc.want {
			t.Errorf("FindProxyForURL(%s) = %q, %v; want %q", tc.url, got, err, tc.want)
		}
	}
}

// BenchmarkPAC evaluates the 100-rule corporate PAC for a host that falls
// through every rule (the slowest path). The goal is under 10 ms.
func BenchmarkPAC(b *testing.B) {
	s := loadCorporate(b)
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := s.FindProxyForURL(ctx, "https://www.example.org/index.html", "www.example.org"); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkPACCompile is the one-off cost of a PAC file: compiling it and
// running its top level, before the first FindProxyForURL.
func BenchmarkPACCompile(b *testing.B) {
	src, err := os.ReadFile("testdata/corporate.pac")
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if _, err := New(context.Background(), string(src), testEnv()); err != nil {
			b.Fatal(err)
		}
	}
}
