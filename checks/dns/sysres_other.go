//go:build !linux && !darwin && !windows

package dns

import (
	"context"

	"gatewaydoctor/checks"
)

func osResolverConfig(_ context.Context, env *checks.Env) (SystemResolverConfig, error) {
	return unixResolverConfig(env)
}
