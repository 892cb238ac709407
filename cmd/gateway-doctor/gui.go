//go:build !nogui

package main

import (
	"fmt"

	"gatewaydoctor/checks"
)

func runGUI(args []string) int { return exitInternal }

func runVersion() int { fmt.Println("gateway-doctor", checks.Version); return exitOK }
