//go:build !windows

package fixes

import (
	"context"
	"os"
)

// IsAdmin reports whether this process runs as root.
func IsAdmin() bool { return os.Geteuid() == 0 }

func runElevatedWindows(ctx context.Context, c Command) error {
	return ErrElevationUnsupported
}
