//go:build !linux && !darwin && !windows

package checks

import "context"

func osResolverConfig(_ context.Context, env *Env) (SystemResolverConfig, error) {
	return unixResolverConfig(env)
}
