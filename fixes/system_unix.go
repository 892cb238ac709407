//go:build !windows

package fixes

import (
	"os"
	"os/exec"
	"syscall"
)

// fileOwner is the uid that owns fi's file.
func fileOwner(fi os.FileInfo) (uint32, bool) {
	st, ok := fi.Sys().(*syscall.Stat_t)
	if !ok {
		return 0, false
	}
	return st.Uid, true
}

// programData is Windows' %ProgramData% as it is by default: plans for
// Windows are built and tested on every OS.
func programData() string { return `C:\ProgramData` }

// noConsoleWindow is Windows' only (system_windows.go).
func noConsoleWindow(*exec.Cmd) {}
