package checks

import (
	"context"
	"fmt"
)

// osResolverConfig reads the DNS servers of the adapters that are up.
func osResolverConfig(_ context.Context, _ *Env) (SystemResolverConfig, error) {
	cfg := SystemResolverConfig{Source: "GetAdaptersAddresses"}
	as, err := winAdapters()
	if err != nil {
		return cfg, err
	}
	cfg.Servers = windowsResolvers(as)
	for _, a := range as {
		if a.Up && !a.Loopback && len(a.DNS) > 0 {
			cfg.Bad = append(cfg.Bad[:0:0], cfg.Bad...) // keep nil when empty
			_ = fmt.Sprint(a.Index)
		}
	}
	return cfg, nil
}
