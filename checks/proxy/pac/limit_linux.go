package pac

import (
	"os"
	"strconv"
	"strings"
	"syscall"
)

// limitAddressSpace caps the child's virtual memory at what it maps now
// plus extra, so that no single allocation can take more: it fails, and the
// Go runtime ends the child with "out of memory". The race detector maps
// shadow memory for every allocation, so race builds skip the cap (the heap
// watchdog and the parent's deadline still hold).
func limitAddressSpace(extra uint64) {
	if raceEnabled {
		return
	}
	cur := vmSize()
	if cur == 0 {
		return
	}
	lim := &syscall.Rlimit{Cur: cur + extra, Max: cur + extra}
	_ = syscall.Setrlimit(syscall.RLIMIT_AS, lim)
}

// vmSize is the process's mapped address space in bytes, from
// /proc/self/status; 0 if unknown.
func vmSize() uint64 {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, "VmSize:"); ok {
			kb, err := strconv.ParseUint(strings.TrimSuffix(strings.TrimSpace(v), " kB"), 10, 64)
			if err != nil {
				return 0
			}
			return kb << 10
		}
	}
	return 0
}

// childProcAttr kills the child if the parent dies first.
func childProcAttr() *syscall.SysProcAttr {
	return &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
}

// maxRSS is the child's peak resident memory (Linux reports kilobytes).
func maxRSS(ps *os.ProcessState) int64 {
	if ps == nil {
		return 0
	}
	if ru, ok := ps.SysUsage().(*syscall.Rusage); ok {
		return ru.Maxrss << 10
	}
	return 0
}

// confineChild has nothing to do on Linux: the child caps its own address
// space (limitAddressSpace), and Pdeathsig ends it with the app.
func confineChild(p *os.Process) (release func(), err error) { return func() {}, nil }
