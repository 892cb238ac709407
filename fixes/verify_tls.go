package fixes

import (
	"crypto/tls"

	"gatewaydoctor/checks"
)

func tlsConfig(env *checks.Env) *tls.Config {
	return &tls.Config{RootCAs: env.RootCAs, MinVersion: tls.VersionTLS12}
}
