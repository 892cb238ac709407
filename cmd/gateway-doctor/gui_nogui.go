//go:build nogui

package main

import (
	"fmt"
	"os"

	"gatewaydoctor/checks"
)

// runGUI in a headless build (go build -tags nogui) explains that there is no
// window: helpdesk scripts and tests build this binary without cgo or Fyne.
func runGUI(args []string) int {
	fmt.Fprintln(os.Stderr, "this build has no window; use `gateway-doctor check URL`")
	return exitUsage
}

func runVersion() int { fmt.Println("gateway-doctor", checks.Version); return exitOK }
