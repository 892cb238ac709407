package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/signal"
	"syscall"

	"gatewaydoctor/fixes"
)

// runPrivileged is `gateway-doctor privileged ACTION ARGS…`, the only code
// that runs with administrator rights: pkexec starts it for one change
// (fixes.RunPrivileged lists the actions and validates their arguments).
// It reads no profile and no environment, and starts no shell. It is not
// meant to be typed by a person, so its messages are for the log.
func runPrivileged(args []string) int {
	if !fixes.IsAdmin() {
		fmt.Fprintln(os.Stderr, "gateway-doctor privileged: needs administrator rights (it is started by pkexec)")
		return exitUsage
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := fixes.RunPrivileged(ctx, fixes.PrivilegedEnv{}, args); err != nil {
		fmt.Fprintln(os.Stderr, "gateway-doctor privileged:", err)
		if errors.Is(err, fixes.ErrInvalid) {
			return exitUsage
		}
		return exitProblem
	}
	return exitOK
}
