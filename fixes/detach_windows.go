package fixes

import (
	"os/exec"
	"syscall"

	"golang.org/x/sys/windows"
)

// StartDetached starts c (not elevated: the caller already is) detached from
// this process's console and process group, so that closing the app does
// not stop it. It does not wait for c.
func StartDetached(c Command) error {
	path, err := programPath(c.Path)
	if err != nil {
		return err
	}
	cmd := exec.Command(path, c.Args...)
	cmd.SysProcAttr = &syscall.SysProcAttr{CreationFlags: windows.DETACHED_PROCESS | windows.CREATE_NEW_PROCESS_GROUP}
	if err := cmd.Start(); err != nil {
		return err
	}
	go func() { _ = cmd.Wait() }()
	return nil
}
