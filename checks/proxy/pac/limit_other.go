//go:build !linux && !windows

package pac

import (
	"os"
	"syscall"
)

// limitAddressSpace sets nothing here. On macOS the limits that hold are the
// child's heap watchdog (which os.Exits the child between two samples, but
// cannot stop one allocation larger than its margin) and the parent's
// deadline kill. Go's debug.SetMemoryLimit, set in serve, is a target for
// the garbage collector, not a cap: an allocation past it succeeds.
//
// What macOS offers, as read in XNU's source (issue 16):
//   - RLIMIT_AS is enforced by current XNU, whatever older notes say:
//     dosetrlimit hands it to vm_map_set_size_limit, and vm_map_enter fails
//     with KERN_NO_SPACE past it (XNU's own unit test exceed_rlimit_as).
//     Older releases stored it and ignored it. It would do what Linux's cap
//     does, but it must be set above what the child has mapped already
//     (setrlimit refuses a lower one with EINVAL), a macOS process maps the
//     dyld shared cache, gigabytes of it, and Go without cgo cannot read a
//     process's mapped size there (task_info and proc_pidinfo are not in
//     syscall or x/sys/unix). A fixed figure would be refused or would
//     hold nothing, so none is set. Untried on a Mac.
//   - RLIMIT_DATA goes through the same vm_map_enter check against the
//     whole map's size (vm_map_set_data_limit), so it adds nothing to
//     RLIMIT_AS; the Go runtime does not use brk.
//   - A footprint limit (jetsam, task_set_phys_footprint_limit) needs a
//     private API or an entitlement that an unsigned app does not have.
func limitAddressSpace(extra uint64) {}

// childProcAttr needs nothing here: the child exits when its stdin closes
// with the parent, and the parent kills it at the deadline.
func childProcAttr() *syscall.SysProcAttr { return nil }

// maxRSS is not measured here.
func maxRSS(ps *os.ProcessState) int64 { return 0 }

// confineChild has nothing to do here: the child limits itself, as far as
// this OS allows (limitAddressSpace).
func confineChild(p *os.Process) (release func(), err error) { return func() {}, nil }
