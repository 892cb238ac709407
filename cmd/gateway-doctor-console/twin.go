package main

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"syscall"
)

// onInterrupt is what the twin does with a Ctrl+C while the app runs. It
// never stops waiting: the exit code and the last lines are the app's.
type onInterrupt int

const (
	// ignoreInterrupt lets the app alone decide. On Windows every process
	// attached to the console gets the same Ctrl+C, and the app attaches to
	// the twin's console (AttachConsole), so it already has it: `fix`
	// puts settings back and exits, `check` exits. Killing it hard could
	// cut a revert short.
	ignoreInterrupt onInterrupt = iota
	// relayInterrupt sends the signal on to the app: for a signal sent to
	// the twin alone (kill -INT on Unix, where the twin is built for tests).
	relayInterrupt
)

// launch is one run of the app by the twin.
type launch struct {
	target string   // the app's path
	args   []string // passed on unchanged, one by one
	// The standard files are handed to the app as they are (inherited
	// handles, no copying): a console handle stays a console handle, so the
	// app's attachConsole keeps it and `fix` can ask its question.
	stdin, stdout, stderr *os.File
	interrupts            <-chan os.Signal
	policy                onInterrupt
}

// forward runs the app, waits for it and returns its exit code; the twin's
// own failures are said on stderr and return exitMissing or exitInternal.
func forward(l launch) int {
	cmd := exec.Command(l.target, l.args...)
	// A nil *os.File inside the io.Reader or io.Writer would be handed to
	// the app as a broken handle; leave it nil and exec gives it the null
	// device, as a process started without that handle would see.
	if l.stdin != nil {
		cmd.Stdin = l.stdin
	}
	if l.stdout != nil {
		cmd.Stdout = l.stdout
	}
	if l.stderr != nil {
		cmd.Stderr = l.stderr
	}
	if err := cmd.Start(); err != nil {
		say(l.stderr, startError(l.target, err))
		if errors.Is(err, fs.ErrNotExist) {
			return exitMissing
		}
		return exitInternal
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	for {
		select {
		case s := <-l.interrupts:
			if l.policy == relayInterrupt {
				// The app may have exited a moment ago; Wait reports that.
				_ = cmd.Process.Signal(s)
			}
		case err := <-done:
			if cmd.ProcessState == nil {
				say(l.stderr, fmt.Sprintf("gateway-doctor: waiting for %s failed: %v", l.target, err))
				return exitInternal
			}
			return exitCode(cmd.ProcessState)
		}
	}
}

// exitCode is the app's exit code. A Unix child killed by a signal has
// none; it gets the shell's 128+N, so a kill is never read as success.
func exitCode(ps *os.ProcessState) int {
	if code := ps.ExitCode(); code >= 0 {
		return code
	}
	if ws, ok := ps.Sys().(syscall.WaitStatus); ok && ws.Signaled() {
		return 128 + int(ws.Signal())
	}
	return exitInternal
}

// startError says in plain words why the app did not start.
func startError(target string, err error) string {
	if errors.Is(err, fs.ErrNotExist) {
		return fmt.Sprintf("gateway-doctor: %s is missing, so there is nothing to run. "+
			"It belongs in the same folder as this program; install Gateway Doctor again.", target)
	}
	return fmt.Sprintf("gateway-doctor: could not start %s: %v", target, err)
}

// say writes one line for the person at the terminal, if there is one.
func say(w *os.File, line string) {
	if w != nil {
		fmt.Fprintln(w, line)
	}
}
