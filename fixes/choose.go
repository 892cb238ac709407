package fixes

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"gatewaydoctor/profile"
)

// ErrNotAllowed means the helpdesk's profile does not offer this fix.
var ErrNotAllowed = errors.New("your helpdesk's settings do not offer this fix")

// RankFunc orders providers best first, as the resolver benchmark measured
// them here (dns.RankResolvers once it lands). It may drop providers
// that failed. The CLI and UI adapt the benchmark to this shape.
type RankFunc func(ctx context.Context, providers []profile.Provider) ([]profile.Provider, error)

// Allowed reports whether the profile offers fix id: the catalogue row's
// gating (Fix.Allowed). An unknown ID is not offered.
func Allowed(p *profile.Profile, id string) bool {
	f, ok := Catalog[id]
	return ok && f.Allowed(p)
}

// ChooseProvider picks the provider to switch to: the one named, else the
// best of the ranking, else the first in the profile's order.
func ChooseProvider(ctx context.Context, p *profile.Profile, providers []profile.Provider, name string, rank RankFunc) (profile.Provider, error) {
	if !Allowed(p, "switch_dns") {
		return profile.Provider{}, ErrNotAllowed
	}
	usable := make([]profile.Provider, 0, len(providers))
	for _, pr := range providers {
		if len(pr.Servers) > 0 && checkServers(pr.Servers) == nil {
			usable = append(usable, pr)
		}
	}
	if name != "" {
		names := make([]string, 0, len(usable))
		for _, pr := range usable {
			if strings.EqualFold(pr.Name, name) {
				return pr, nil
			}
			names = append(names, pr.Name)
		}
		return profile.Provider{}, fmt.Errorf("no DNS provider %q in the profile (have: %s): %w", name, strings.Join(names, ", "), ErrInvalid)
	}
	if len(usable) == 0 {
		return profile.Provider{}, errors.New("the profile offers no DNS provider")
	}
	if rank != nil {
		if ranked, err := rank(ctx, usable); err == nil {
			for _, r := range ranked {
				// Only a provider the profile offers; the ranking cannot add one.
				for _, u := range usable {
					if u.Name == r.Name {
						return u, nil
					}
				}
			}
			return profile.Provider{}, errors.New("none of the DNS providers answered from here")
		}
	}
	return usable[0], nil
}
