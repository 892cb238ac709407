package netlab

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"math/big"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// LabCA is a certificate authority made for one test: the namespace lab's
// TLS servers present certificates it signed, and the app trusts it through
// SSL_CERT_FILE (Go's TLS stack on Linux honours it), so the system trust
// store is never touched.
type LabCA struct {
	// File is the CA certificate (PEM): the value of SSL_CERT_FILE.
	File string

	dir  string
	cert *x509.Certificate
	key  *ecdsa.PrivateKey
}

// labCertLifetime is how long lab certificates are valid: long enough for
// any test run, short enough that a leaked one is useless.
const labCertLifetime = 24 * time.Hour

// NewLabCA makes a CA in a fresh directory.
func NewLabCA(t testing.TB) *LabCA {
	t.Helper()
	return NewNamedCA(t, "", "Gateway Doctor lab CA")
}

// NewNamedCA makes a CA whose certificate names org and cn, as a vendor's
// root does ("Zscaler Inc." / "Zscaler Root CA"): a second CA that the
// client does not trust plays a security product re-signing every site.
func NewNamedCA(t testing.TB, org, cn string) *LabCA {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	subject := pkix.Name{CommonName: cn}
	if org != "" {
		subject.Organization = []string{org}
	}
	now := time.Now()
	tmpl := &x509.Certificate{
		SerialNumber:          big.NewInt(1),
		Subject:               subject,
		NotBefore:             now.Add(-time.Hour),
		NotAfter:              now.Add(labCertLifetime),
		IsCA:                  true,
		BasicConstraintsValid: true,
		KeyUsage:              x509.KeyUsageCertSign | x509.KeyUsageDigitalSignature,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	cert, _ := x509.ParseCertificate(der)
	ca := &LabCA{dir: t.TempDir(), cert: cert, key: key}
	ca.File = filepath.Join(ca.dir, "ca.pem")
	writePEM(t, ca.File, "CERTIFICATE", der)
	return ca
}

// Issue makes a server certificate for names (host names or IP addresses)
// and returns the paths of its certificate and key, and of one file holding
// both (HAProxy's "crt" wants that).
func (ca *LabCA) Issue(t testing.TB, names ...string) (certFile, keyFile, bundle string) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	serial, _ := rand.Int(rand.Reader, big.NewInt(1<<62))
	now := time.Now()
	tmpl := &x509.Certificate{
		SerialNumber: serial,
		Subject:      pkix.Name{CommonName: names[0]},
		NotBefore:    now.Add(-time.Hour),
		NotAfter:     now.Add(labCertLifetime),
		KeyUsage:     x509.KeyUsageDigitalSignature,
		ExtKeyUsage:  []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}
	for _, n := range names {
		if ip := net.ParseIP(n); ip != nil {
			tmpl.IPAddresses = append(tmpl.IPAddresses, ip)
		} else {
			tmpl.DNSNames = append(tmpl.DNSNames, n)
		}
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, ca.cert, &key.PublicKey, ca.key)
	if err != nil {
		t.Fatal(err)
	}
	kder, err := x509.MarshalECPrivateKey(key)
	if err != nil {
		t.Fatal(err)
	}
	base := strings.NewReplacer("*", "star", "/", "_", ":", "_").Replace(names[0])
	certFile = filepath.Join(ca.dir, base+".crt")
	keyFile = filepath.Join(ca.dir, base+".key")
	bundle = filepath.Join(ca.dir, base+".pem")
	writePEM(t, certFile, "CERTIFICATE", der)
	writePEM(t, keyFile, "EC PRIVATE KEY", kder)
	both := append(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: kder})...)
	if err := os.WriteFile(bundle, both, 0o600); err != nil {
		t.Fatal(err)
	}
	return certFile, keyFile, bundle
}

func writePEM(t testing.TB, path, typ string, der []byte) {
	t.Helper()
	if err := os.WriteFile(path, pem.EncodeToMemory(&pem.Block{Type: typ, Bytes: der}), 0o600); err != nil {
		t.Fatal(err)
	}
}
