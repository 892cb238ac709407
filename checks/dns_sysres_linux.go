package checks

import "context"

func osResolverConfig(_ context.Context, env *Env) (SystemResolverConfig, error) {
	return unixResolverConfig(env)
}
