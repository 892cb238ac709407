//go:build linux

package netlab

import (
	"crypto/tls"
	"crypto/x509"
	"net/netip"
	"os"
	"testing"
)

func TestParseProcAddr(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want string
	}{
		{"0100007F:0035", "127.0.0.1:53"},
		{"0A7100CB:01BB", "203.0.113.10:443"},
		{"00000000:0050", "0.0.0.0:80"},
		{"00000000000000000000000001000000:0035", "[::1]:53"},
		{"B80D0120000000000000000002000000:0CEA", "[2001:db8::2]:3306"},
	} {
		got, err := parseProcAddr(tc.in)
		if err != nil || got != netip.MustParseAddrPort(tc.want) {
			t.Errorf("parseProcAddr(%q) = %v, %v; want %s", tc.in, got, err, tc.want)
		}
	}
	for _, bad := range []string{"", "0100007F", "zz00007F:0035", "0100007F:zz", "01007F:0035"} {
		if got, err := parseProcAddr(bad); err == nil {
			t.Errorf("parseProcAddr(%q) = %v, want an error", bad, got)
		}
	}
}

// TestLabCAIssues: a certificate the lab CA issues verifies against the
// CA file alone (what SSL_CERT_FILE gives the program), for its names and
// addresses, and not for another name.
func TestLabCAIssues(t *testing.T) {
	ca := NewLabCA(t)
	certFile, keyFile, bundle := ca.Issue(t, "shop.example.test", "203.0.113.10")
	pair, err := tls.LoadX509KeyPair(certFile, keyFile)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := tls.LoadX509KeyPair(bundle, bundle); err != nil {
		t.Errorf("the bundle does not hold the certificate and its key: %v", err)
	}
	caPEM, err := os.ReadFile(ca.File)
	if err != nil {
		t.Fatal(err)
	}
	pool := x509.NewCertPool()
	if !pool.AppendCertsFromPEM(caPEM) {
		t.Fatal("the CA file holds no certificate")
	}
	leaf, err := x509.ParseCertificate(pair.Certificate[0])
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"shop.example.test", "203.0.113.10"} {
		if _, err := leaf.Verify(x509.VerifyOptions{DNSName: name, Roots: pool}); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
	if _, err := leaf.Verify(x509.VerifyOptions{DNSName: "other.example.test", Roots: pool}); err == nil {
		t.Error("the certificate verified for a name it was not issued for")
	}
}
