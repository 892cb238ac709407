package checks

import "context"

// TargetID is the ID of the target check.
const TargetID = "target"

// TargetCheck fetches the target (placeholder).
func TargetCheck() Check {
	return Func{Name: TargetID, Fn: func(ctx context.Context, env *Env) Result {
		return Skipped(TargetID, "not implemented yet")
	}}
}
