package main

import (
	"os"

	"golang.org/x/sys/windows"
)

// attachParentProcess is ATTACH_PARENT_PROCESS: the console of the process
// that started this one (cmd.exe, PowerShell, Windows Terminal).
const attachParentProcess = ^uint32(0)

var procAttachConsole = windows.NewLazySystemDLL("kernel32.dll").NewProc("AttachConsole")

// attachConsole gives a subcommand the terminal it was started from. The
// exe is a GUI-subsystem program (no console window flashes when the wizard
// opens), so Windows gives it no console of its own: without this, `check`,
// `fix` and `restore` run from cmd.exe or PowerShell print nothing. A
// standard handle that was redirected (to a file or a pipe) is kept as it
// is; only the missing ones are connected to the parent's console. With no
// parent console (started from Explorer) nothing changes.
//
// Started by the console twin (gateway-doctor.com, cmd/gateway-doctor-console)
// every handle is the twin's, inherited: a console handle (FILE_TYPE_CHAR)
// counts as valid and is kept, and the attach gives this process the
// console's Ctrl+C, which the twin leaves to it.
func attachConsole() {
	if r, _, _ := procAttachConsole.Call(uintptr(attachParentProcess)); r == 0 {
		return
	}
	for _, s := range []struct {
		std  uint32
		name string
		f    **os.File
		mode uint32
	}{
		{windows.STD_INPUT_HANDLE, "CONIN$", &os.Stdin, windows.GENERIC_READ},
		{windows.STD_OUTPUT_HANDLE, "CONOUT$", &os.Stdout, windows.GENERIC_WRITE},
		{windows.STD_ERROR_HANDLE, "CONOUT$", &os.Stderr, windows.GENERIC_WRITE},
	} {
		if h, err := windows.GetStdHandle(s.std); err == nil && h != 0 && h != windows.InvalidHandle {
			if t, _ := windows.GetFileType(h); t != windows.FILE_TYPE_UNKNOWN {
				continue // redirected: keep it
			}
		}
		name, _ := windows.UTF16PtrFromString(s.name)
		h, err := windows.CreateFile(name, s.mode|windows.GENERIC_READ, windows.FILE_SHARE_READ|windows.FILE_SHARE_WRITE, nil, windows.OPEN_EXISTING, 0, 0)
		if err != nil {
			continue
		}
		_ = windows.SetStdHandle(s.std, h)
		*s.f = os.NewFile(uintptr(h), s.name)
	}
	// The subcommands' writers were copied from os.Stdout and os.Stderr
	// when the program started, before the console was attached: without
	// this, a handle reopened above would serve fmt alone, and `check`'s
	// report would still go to the dead handle.
	stdout, stderr = os.Stdout, os.Stderr
	profileOut, profileErr = os.Stdout, os.Stderr
	stdIO.in, stdIO.out, stdIO.err = os.Stdin, os.Stdout, os.Stderr
}
