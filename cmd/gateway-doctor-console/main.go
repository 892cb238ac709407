// Command gateway-doctor-console is the console twin of the Windows app,
// installed beside it as gateway-doctor.com (the devenv.com way).
//
// gateway-doctor.exe is a GUI-subsystem program, so no console window
// flashes when the wizard opens; but cmd.exe and PowerShell do not wait for
// a GUI program, so the prompt came back before `check` had printed and
// %ERRORLEVEL% was not its exit code. Typing `gateway-doctor check URL`
// finds gateway-doctor.com first (PATHEXT lists .COM before .EXE; Windows
// loads a PE by its header, not its extension): this console program starts
// gateway-doctor.exe beside it with the same arguments and the same standard
// handles, waits, and exits with its exit code.
//
// It has no flags or words of its own, and links neither Fyne nor cgo.
package main

import (
	"fmt"
	"os"
	"os/signal"
	"path/filepath"
)

// targetName is the app the twin runs: the GUI exe in the same folder.
const targetName = "gateway-doctor.exe"

// Exit codes of the twin's own failures, as the app's command line uses
// them (DESIGN.md, "Command line"): a missing app is a broken install the
// person can act on (reinstall), like bad input; anything else is internal.
const (
	exitMissing  = 2
	exitInternal = 3
)

func main() {
	self, err := os.Executable()
	if err != nil {
		fmt.Fprintf(os.Stderr, "gateway-doctor: cannot find where this program is installed: %v\n", err)
		os.Exit(exitInternal)
	}
	// Catch Ctrl+C and Ctrl+Break for the whole run, so they never end the
	// twin before the app: what the twin does with them is interruptPolicy.
	interrupts := make(chan os.Signal, 1)
	signal.Notify(interrupts, os.Interrupt)
	os.Exit(forward(launch{
		target:     filepath.Join(filepath.Dir(self), targetName),
		args:       os.Args[1:],
		stdin:      os.Stdin,
		stdout:     os.Stdout,
		stderr:     os.Stderr,
		interrupts: interrupts,
		policy:     interruptPolicy,
	}))
}
