// Command gateway-doctor finds out why a website will not load, and whose
// problem it is. With no subcommand it opens the wizard; the subcommands run
// headless for scripts and helpdesks (see DESIGN.md, "Command line").
package main

import (
	"fmt"
	"os"
	"strings"

	"gatewaydoctor/fixes"
)

// Exit codes of the command line (DESIGN.md).
const (
	exitOK       = 0
	exitProblem  = 1
	exitUsage    = 2
	exitInternal = 3
)

func main() {
	os.Exit(run(os.Args[1:]))
}

// run dispatches to a subcommand and returns the exit code.
func run(args []string) int {
	if len(args) > 0 {
		switch args[0] {
		// watch too: it prints, and Ctrl+C is how a person stops it.
		case "check", "watch", "restore", "fix", "profile", "privileged", "version", "--version", "-version", "help", "-h", "--help", "-help":
			attachConsole()
		}
		switch args[0] {
		case "check":
			return runCheck(args[1:])
		case "watch":
			return runWatch(args[1:])
		case "restore":
			if len(args) > 1 && args[1] == "--all" {
				return runRestoreAll(args[2:])
			}
			return runRestore(args[1:])
		case "fix":
			return runFix(args[1:])
		case "profile":
			return runProfile(args[1:])
		case "privileged":
			return runPrivileged(args[1:])
		case "version", "--version", "-version":
			return runVersion()
		case "help", "-h", "--help", "-help":
			usage()
			return exitOK
		}
	}
	return runGUI(args)
}

func usage() {
	fmt.Fprint(os.Stderr, `Usage:
  gateway-doctor [--profile FILE] [URL]        open the wizard
  gateway-doctor check [--json] [--include-private] [--profile FILE] [--timeout DUR] [--browser NAME] [--lang LANG] [--outside] URL
  gateway-doctor watch [--every DUR] [--for DUR] [--profile FILE] [--browser NAME] URL
  gateway-doctor restore [--profile FILE]       put DNS settings back from the journal
  gateway-doctor restore --all                  the same for every account (uninstallers)
  gateway-doctor fix ID [--yes] [--keep] [--provider NAME] [--profile FILE] [--browser ID] [URL]
  gateway-doctor profile check FILE
  gateway-doctor version
`)
	// The fix IDs come from the catalogue, as `fix` and the profile read them.
	fmt.Fprintf(os.Stderr, "Fix IDs: %s\n", strings.Join(fixes.IDs(), ", "))
}
