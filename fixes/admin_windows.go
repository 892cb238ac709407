//go:build windows

package fixes

import (
	"context"
	"errors"
	"fmt"
	"unsafe"

	"golang.org/x/sys/windows"
)

// IsAdmin reports whether this process runs elevated.
func IsAdmin() bool {
	return windows.GetCurrentProcessToken().IsElevated()
}

// seeMaskNoCloseProcess asks ShellExecuteEx for the process handle so that
// we can wait for the elevated command and read its exit code.
const seeMaskNoCloseProcess = 0x00000040

type shellExecuteInfo struct {
	cbSize       uint32
	fMask        uint32
	hwnd         windows.Handle
	lpVerb       *uint16
	lpFile       *uint16
	lpParameters *uint16
	lpDirectory  *uint16
	nShow        int32
	hInstApp     windows.Handle
	lpIDList     uintptr
	lpClass      *uint16
	hkeyClass    windows.Handle
	dwHotKey     uint32
	hIcon        windows.Handle
	hProcess     windows.Handle
}

var procShellExecuteExW = windows.NewLazySystemDLL("shell32.dll").NewProc("ShellExecuteExW")

// runElevatedWindows starts c with the "runas" verb (the UAC prompt), waits
// for it and returns an error for a non-zero exit code. The parameters are
// composed with Windows' own quoting rules (ComposeCommandLine), one
// argument per element, so nothing is re-split.
func runElevatedWindows(ctx context.Context, c Command) error {
	verb, _ := windows.UTF16PtrFromString("runas")
	file, err := windows.UTF16PtrFromString(c.Path)
	if err != nil {
		return err
	}
	params, err := windows.UTF16PtrFromString(windows.ComposeCommandLine(c.Args))
	if err != nil {
		return err
	}
	info := shellExecuteInfo{fMask: seeMaskNoCloseProcess, lpVerb: verb, lpFile: file, lpParameters: params, nShow: windows.SW_HIDE}
	info.cbSize = uint32(unsafe.Sizeof(info))
	if r, _, e := procShellExecuteExW.Call(uintptr(unsafe.Pointer(&info))); r == 0 {
		if errors.Is(e, windows.ERROR_CANCELLED) {
			// The person answered No to the UAC prompt: nothing ran.
			return ErrAuthRefused
		}
		return fmt.Errorf("runas %s: %w", c.Path, e)
	}
	defer windows.CloseHandle(info.hProcess)
	done := make(chan error, 1)
	go func() {
		_, err := windows.WaitForSingleObject(info.hProcess, windows.INFINITE)
		done <- err
	}()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case err := <-done:
		if err != nil {
			return err
		}
	}
	var code uint32
	if err := windows.GetExitCodeProcess(info.hProcess, &code); err != nil {
		return err
	}
	if code != 0 {
		return fmt.Errorf("%s: exit code %d", c.Path, code)
	}
	return nil
}
