package checks

import (
	"crypto/tls"
	"crypto/x509"
	"errors"
	"strings"
)

// UntrustedIssuer names the issuer of a certificate that failed because
// nobody this system trusts signed it, as the certificate gives it: its
// common name, else its organisation. "" for any other failure.
func UntrustedIssuer(err error) string {
	var authErr x509.UnknownAuthorityError
	var verifyErr *tls.CertificateVerificationError
	var cert *x509.Certificate
	switch {
	case errors.As(err, &verifyErr) && len(verifyErr.UnverifiedCertificates) > 0:
		if !errors.As(verifyErr.Err, &authErr) {
			return ""
		}
		cert = verifyErr.UnverifiedCertificates[0]
	case errors.As(err, &authErr) && authErr.Cert != nil:
		cert = authErr.Cert
	default:
		return ""
	}
	if cn := cert.Issuer.CommonName; cn != "" {
		return cn
	}
	return strings.Join(cert.Issuer.Organization, ", ")
}
