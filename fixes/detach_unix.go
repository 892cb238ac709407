//go:build !windows

package fixes

import (
	"os/exec"
	"syscall"
)

// StartDetached starts c (not elevated: the caller already is) in a session
// of its own, with no terminal and no pipes to this process, so that
// neither a kill of this process nor of its process group, nor the end of
// the login session's terminal, stops it. It does not wait for c.
func StartDetached(c Command) error {
	path, err := programPath(c.Path)
	if err != nil {
		return err
	}
	cmd := exec.Command(path, c.Args...)
	cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true}
	if err := cmd.Start(); err != nil {
		return err
	}
	// Reap it if this process lives longer; otherwise init does.
	go func() { _ = cmd.Wait() }()
	return nil
}
