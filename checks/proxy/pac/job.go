package pac

// On Windows the parent puts each child in a Job Object (limit_windows.go):
// Windows has no rlimit, and a job is the one limit the child cannot lift
// from inside. The limits are built here, as data, so that every OS's tests
// check them; only applying them is Windows code.

// The LimitFlags bits of JOBOBJECT_BASIC_LIMIT_INFORMATION that the child's
// job uses, with Windows' values (winnt.h). limit_windows.go fails to
// compile if one differs from golang.org/x/sys/windows.
const (
	jobLimitActiveProcess  = 0x00000008 // JOB_OBJECT_LIMIT_ACTIVE_PROCESS
	jobLimitProcessMemory  = 0x00000100 // JOB_OBJECT_LIMIT_PROCESS_MEMORY
	jobLimitKillOnJobClose = 0x00002000 // JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE
)

// childActiveProcesses is how many processes the child's job may hold: the
// child alone. The sandbox has no way to start a program, so this is a
// second wall: a script that found one still could not run it.
const childActiveProcesses = 1

// jobLimit is what the child's Job Object enforces, the fields of
// JOBOBJECT_EXTENDED_LIMIT_INFORMATION that the child's job sets.
type jobLimit struct {
	Flags           uint32 // LimitFlags: the jobLimit* bits
	ActiveProcesses uint32 // ActiveProcessLimit
	ProcessMemory   uint64 // ProcessMemoryLimit in bytes; 0 when not limited
}

// childJobLimit is the child's Job Object:
//   - kill on job close: the parent holds the job's only handle, so the
//     child dies with the app, however the app ends (Linux's Pdeathsig);
//   - one active process: the child cannot start another;
//   - a process memory limit of childAddressSpace of committed memory, start
//     included (see childAddressSpace for why the same figure as Linux's).
//     A commit past it fails, and the Go runtime stops the child with
//     "out of memory", as Linux's address-space cap does.
//
// Race builds leave memory unlimited, as on Linux: the race detector's
// shadow memory grows with every allocation, and the heap watchdog and the
// parent's deadline still hold.
func childJobLimit(race bool) jobLimit {
	l := jobLimit{
		Flags:           jobLimitKillOnJobClose | jobLimitActiveProcess,
		ActiveProcesses: childActiveProcesses,
	}
	if !race {
		l.Flags |= jobLimitProcessMemory
		l.ProcessMemory = childAddressSpace
	}
	return l
}
