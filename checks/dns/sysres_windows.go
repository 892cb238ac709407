package dns

import (
	"context"

	"gatewaydoctor/checks"
)

// osResolverConfig reads the DNS servers of the adapters that are up.
func osResolverConfig(_ context.Context, _ *checks.Env) (SystemResolverConfig, error) {
	cfg := SystemResolverConfig{Source: "GetAdaptersAddresses"}
	as, err := winAdapters()
	if err != nil {
		return cfg, err
	}
	cfg.Servers = WindowsResolvers(as)
	return cfg, nil
}
