package lab

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"io"
	"log"
	"math/big"
	"net"
	"net/http"
	"net/http/httptest"
	"strconv"
	"testing"
	"time"
)

// labCertLife is how long lab certificates are valid: long enough for any
// test run, short enough that a leaked one is useless.
const labCertLife = 24 * time.Hour

// CA is a certificate authority of the loopback lab. Trusted CAs go into the
// Env's RootCAs; an untrusted one plays a security product that re-signs
// every site (HTTPS inspection) or a site's bad certificate.
type CA struct {
	// Name is the CA's common name, as a certificate's issuer shows it.
	Name string
	cert *x509.Certificate
	key  *ecdsa.PrivateKey
}

// NewCA makes a CA whose certificate names org and cn, as a vendor's root
// does ("Zscaler Inc." / "Zscaler Root CA").
func NewCA(t testing.TB, org, cn string) *CA {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber:          big.NewInt(time.Now().UnixNano()),
		Subject:               pkix.Name{Organization: []string{org}, CommonName: cn},
		NotBefore:             time.Now().Add(-time.Hour),
		NotAfter:              time.Now().Add(labCertLife),
		IsCA:                  true,
		BasicConstraintsValid: true,
		KeyUsage:              x509.KeyUsageCertSign | x509.KeyUsageDigitalSignature,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	return &CA{Name: cn, cert: cert, key: key}
}

// Pool is a pool that trusts only this CA.
func (ca *CA) Pool() *x509.CertPool {
	p := x509.NewCertPool()
	p.AddCert(ca.cert)
	return p
}

// Issue signs a server certificate for names.
func (ca *CA) Issue(t testing.TB, names ...string) tls.Certificate {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(time.Now().UnixNano()),
		Subject:      pkix.Name{CommonName: names[0]},
		DNSNames:     names,
		NotBefore:    time.Now().Add(-time.Hour),
		NotAfter:     time.Now().Add(labCertLife),
		KeyUsage:     x509.KeyUsageDigitalSignature,
		ExtKeyUsage:  []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, ca.cert, &key.PublicKey, ca.key)
	if err != nil {
		t.Fatal(err)
	}
	return tls.Certificate{Certificate: [][]byte{der, ca.cert.Raw}, PrivateKey: key}
}

// NewTLSSite starts an HTTPS site with a certificate from ca for names. It
// answers 200 "hello" until scripted otherwise; URLFor gives https URLs.
func NewTLSSite(t testing.TB, ca *CA, names ...string) *Site {
	t.Helper()
	s := &Site{script: []Response{{Status: 200, Body: "hello"}}, tls: true}
	s.Server = httptest.NewUnstartedServer(http.HandlerFunc(s.serve))
	s.Server.TLS = &tls.Config{Certificates: []tls.Certificate{ca.Issue(t, names...)}}
	// A client that rejects the certificate is the point of some scenarios:
	// its handshake errors are expected, not news for the test log.
	s.Server.Config.ErrorLog = log.New(io.Discard, "", 0)
	s.Server.StartTLS()
	t.Cleanup(s.Close)
	return s
}

func siteURL(tlsOn bool, host string, port int, path string) string {
	scheme := "http://"
	if tlsOn {
		scheme = "https://"
	}
	return scheme + net.JoinHostPort(host, strconv.Itoa(port)) + path
}
