package engine

import (
	"context"
	"net/url"
	"slices"

	"gatewaydoctor/checks"
	"gatewaydoctor/checks/localnet"
)

// EnvFunc builds the environment of a probe for a target: SystemEnv with
// the profile in the app, a lab's Env in tests.
type EnvFunc func(target *url.URL) (*checks.Env, error)

// runOne runs check c on e within c's own timeout.
func runOne(ctx context.Context, c checks.Check, e *checks.Env) checks.Result {
	if t := c.Timeout(); t > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, t)
		defer cancel()
	}
	return c.Run(ctx, e)
}

// NetworkUp is the restart_router step's probe: the network is back when
// the router (the default gateway) answers and then, when the profile
// names reachability hosts, at least one of them does. Both are the
// registry's own checks (local.gateway, reach) on a fresh Env each time,
// since a restarted router may hand out new settings.
func NetworkUp(env EnvFunc) func(ctx context.Context, target *url.URL) bool {
	return func(ctx context.Context, target *url.URL) bool {
		e, err := env(target)
		if err != nil {
			return false
		}
		e.Normalize()
		if r := runOne(ctx, localnet.GatewayCheck(), e); r.Status != checks.StatusOK {
			return false
		}
		r := runOne(ctx, localnet.ReachCheck(), e)
		switch r.Status {
		case checks.StatusSkipped:
			return true // no reachability hosts: the router is all we can ask
		case checks.StatusError:
			return false
		}
		return !slices.Contains(r.Codes, checks.CodeReachNone)
	}
}

// PortalCleared is the sign-in step's probe: the captive portal lets
// traffic through when the registry's captive check, on a fresh Env
// (signing in may change the network's answers), finds no portal.
func PortalCleared(env EnvFunc) func(ctx context.Context, target *url.URL) bool {
	return func(ctx context.Context, target *url.URL) bool {
		e, err := env(target)
		if err != nil {
			return false
		}
		e.Normalize()
		return runOne(ctx, localnet.CaptiveCheck(), e).Status == checks.StatusOK
	}
}
