//go:build !unix

package firstframe

import "time"

// cpuTime is not measured here: -1.
func cpuTime() time.Duration { return -1 }
