//go:build !linux

package pac

import (
	"os"
	"syscall"
)

// limitAddressSpace is Linux-only: macOS does not enforce RLIMIT_AS and
// Windows has no rlimit. There the child's heap watchdog and the parent's
// deadline hold the limits.
func limitAddressSpace(extra uint64) {}

// childProcAttr needs nothing here: the child exits when its stdin closes
// with the parent, and the parent kills it at the deadline.
func childProcAttr() *syscall.SysProcAttr { return nil }

// maxRSS is not measured here.
func maxRSS(ps *os.ProcessState) int64 { return 0 }
