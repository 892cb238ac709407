//go:build windows

package pac

import (
	"fmt"
	"os"
	"syscall"
	"unsafe"

	"golang.org/x/sys/windows"
)

// jobLimit's flags are Windows' own: each array length below is negative,
// and the file fails to compile, if one differs from x/sys/windows.
var (
	_ [jobLimitActiveProcess - windows.JOB_OBJECT_LIMIT_ACTIVE_PROCESS]struct{}
	_ [windows.JOB_OBJECT_LIMIT_ACTIVE_PROCESS - jobLimitActiveProcess]struct{}
	_ [jobLimitProcessMemory - windows.JOB_OBJECT_LIMIT_PROCESS_MEMORY]struct{}
	_ [windows.JOB_OBJECT_LIMIT_PROCESS_MEMORY - jobLimitProcessMemory]struct{}
	_ [jobLimitKillOnJobClose - windows.JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE]struct{}
	_ [windows.JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE - jobLimitKillOnJobClose]struct{}
)

// limitAddressSpace does nothing in the child on Windows: Windows has no
// rlimit, and a limit the child set on itself could be lifted by it. The
// parent puts the child in a Job Object instead (confineChild).
func limitAddressSpace(extra uint64) {}

// childProcAttr needs nothing: the child's Job Object kills it when the app
// ends (confineChild).
func childProcAttr() *syscall.SysProcAttr { return nil }

// maxRSS is not measured here.
func maxRSS(ps *os.ProcessState) int64 { return 0 }

// confineChild puts the just-started child in a new Job Object with
// childJobLimit's limits and returns the function that closes the job once
// the child has been waited for.
//
// The child is assigned right after Start rather than started suspended:
// os/exec does not return the main thread's handle that ResumeThread needs.
// The window before the assignment is harmless: the child runs only this
// program's own start-up until it reads its request, and the parent writes
// the request, the script, only after the assignment has succeeded. What
// it committed before the assignment is not checked by it (Microsoft's
// remarks on AssignProcessToJobObject): the Go runtime's start-up and the
// executable's data, tens of MiB at most against a 512 MiB limit.
//
// If the app itself runs in a job (some launchers start programs in one),
// the child starts in that job too and the new, empty job nests in it;
// nesting needs Windows 8, and Go supports no older Windows.
//
// The process is opened by PID. The PID cannot name another process: the
// child has not been waited for, and cmd.Process holds a handle to it, so
// Windows does not reuse its PID.
//
// An error leaves no job behind; the caller kills the child and does not
// run the script: without its limits the child is not a sandbox.
func confineChild(p *os.Process) (release func(), err error) {
	lim := childJobLimit(raceEnabled)
	job, err := windows.CreateJobObject(nil, nil)
	if err != nil {
		return nil, fmt.Errorf("create job object: %w", err)
	}
	// The handle is not inheritable (nil security attributes), so the child
	// cannot hold its own job open: when the app ends, the job closes and
	// its process dies.
	closeJob := func() { _ = windows.CloseHandle(job) }
	info := new(windows.JOBOBJECT_EXTENDED_LIMIT_INFORMATION)
	info.BasicLimitInformation.LimitFlags = lim.Flags
	info.BasicLimitInformation.ActiveProcessLimit = lim.ActiveProcesses
	info.ProcessMemoryLimit = uintptr(lim.ProcessMemory)
	if err := setJobLimits(job, uintptr(unsafe.Pointer(info)), uint32(unsafe.Sizeof(*info))); err != nil {
		closeJob()
		return nil, fmt.Errorf("set job limits: %w", err)
	}
	h, err := windows.OpenProcess(windows.PROCESS_SET_QUOTA|windows.PROCESS_TERMINATE, false, uint32(p.Pid))
	if err != nil {
		closeJob()
		return nil, fmt.Errorf("open the evaluator: %w", err)
	}
	defer windows.CloseHandle(h)
	if err := windows.AssignProcessToJobObject(job, h); err != nil {
		closeJob()
		return nil, fmt.Errorf("assign the evaluator to its job: %w", err)
	}
	return closeJob, nil
}

// setJobLimits is SetInformationJobObject with JobObjectExtendedLimitInformation.
// x/sys/windows takes the structure as a uintptr, which does not keep it on
// the heap: a structure on the stack could move when the stack grows during
// the call. The directive below makes the caller's converted pointer escape
// to the heap and stay alive until the call returns.
//
//go:uintptrescapes
func setJobLimits(job windows.Handle, info uintptr, size uint32) error {
	_, err := windows.SetInformationJobObject(job, windows.JobObjectExtendedLimitInformation, info, size)
	return err
}
