// Package suite composes the full set of checks and the Env of a real run
// from the profile and the OS. The CLI and the UI both start here, so a
// headless check and the wizard always run the same checks.
package suite

import (
	"gatewaydoctor/checks"
)

// Checks returns every check of a full diagnosis.
func Checks() []checks.Check {
	return []checks.Check{checks.TargetCheck()}
}
