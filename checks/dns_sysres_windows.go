package checks

import "context"

// osResolverConfig reads the DNS servers of the adapters that are up.
func osResolverConfig(_ context.Context, _ *Env) (SystemResolverConfig, error) {
	cfg := SystemResolverConfig{Source: "GetAdaptersAddresses"}
	as, err := winAdapters()
	if err != nil {
		return cfg, err
	}
	cfg.Servers = windowsResolvers(as)
	return cfg, nil
}
