package main

import (
	"fmt"
	"io"
	"os"

	"gatewaydoctor/fixes"
	"gatewaydoctor/profile"
)

// profileOut and profileErr are where `profile` writes; tests swap them.
var (
	profileOut io.Writer = os.Stdout
	profileErr io.Writer = os.Stderr
)

const profileUsage = "usage: gateway-doctor profile check FILE"

// runProfile is `gateway-doctor profile check FILE`: it validates a helpdesk
// profile and prints what it sets (exit 0), or prints one line naming the
// file, the line and the key that is wrong (exit 2).
func runProfile(args []string) int {
	if len(args) == 1 && (args[0] == "-h" || args[0] == "--help" || args[0] == "help") {
		fmt.Fprintln(profileOut, profileUsage)
		return exitOK
	}
	if len(args) == 0 || args[0] != "check" {
		fmt.Fprintln(profileErr, profileUsage)
		return exitUsage
	}
	if len(args) != 2 || args[1] == "" {
		fmt.Fprintln(profileErr, "gateway-doctor: profile check needs exactly one FILE")
		fmt.Fprintln(profileErr, profileUsage)
		return exitUsage
	}
	p, err := profile.Load(args[1], fixes.Known())
	if err != nil {
		fmt.Fprintln(profileErr, "gateway-doctor: "+err.Error())
		return exitUsage
	}
	fmt.Fprintf(profileOut, "%s is a valid profile.\n", args[1])
	p.Describe(profileOut)
	return exitOK
}

// approvedBy is the name the first screen gives for a managed install's
// pre-approval ([privacy] preapproved, which the profile accepts only with
// a helpdesk name), or "" when there is none.
func approvedBy(p *profile.Profile) string {
	if !p.Privacy.Preapproved {
		return ""
	}
	return p.Helpdesk.Name
}
