//go:build windows

package fixes

import (
	"os"
	"os/exec"
	"syscall"

	"golang.org/x/sys/windows"
)

// fileOwner has no uid to give on Windows: pointers there are named by a
// hash of the path instead (pointer.go).
func fileOwner(os.FileInfo) (uint32, bool) { return 0, false }

// programData is the machine-wide application data folder (%ProgramData%),
// asked of the shell rather than read from the environment, which the
// privileged side never trusts.
func programData() string {
	if p, err := windows.KnownFolderPath(windows.FOLDERID_ProgramData, 0); err == nil && p != "" {
		return p
	}
	return `C:\ProgramData`
}

// noConsoleWindow keeps a console program (powershell.exe, schtasks.exe,
// ipconfig.exe) started by this GUI program, or by its detached watchdog,
// which have no console, from opening a console window of its own.
func noConsoleWindow(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{HideWindow: true, CreationFlags: windows.CREATE_NO_WINDOW}
}
