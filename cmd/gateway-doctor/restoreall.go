package main

import (
	"context"
	"fmt"
	"os"
	"runtime"
	"slices"

	"gatewaydoctor/fixes"
)

// runRestoreAll is `gateway-doctor restore --all`: as an administrator, put
// back the DNS settings that Gateway Doctor changed for any account on this
// computer. The .deb's prerm, the tarball's uninstall and the macOS
// instructions run it, so that removing the app never leaves a switched DNS
// behind.
func runRestoreAll(args []string) int {
	if len(args) != 0 {
		fmt.Fprintln(os.Stderr, "usage: gateway-doctor restore --all")
		return exitUsage
	}
	passwd, _ := os.ReadFile("/etc/passwd")
	dirs := fixes.UserConfigDirs(runtime.GOOS, passwd, func(d string) bool {
		fi, err := os.Stat(d)
		return err == nil && fi.IsDir()
	})
	// The journals that the privileged apply recorded, wherever the account
	// keeps its config (a moved XDG_CONFIG_HOME); each pointer validated.
	root := fixes.DefaultPointerRoot(runtime.GOOS)
	pointed, perr := fixes.PointedDirs(root, runtime.GOOS)
	if perr != nil {
		fmt.Fprintf(os.Stderr, "gateway-doctor: restore --all: not followed: %v\n", perr)
	}
	for _, d := range pointed {
		if !slices.Contains(dirs, d) {
			dirs = append(dirs, d)
		}
	}
	cfg, err := fixes.NewOSSwitchConfig(nil)
	if err != nil {
		fmt.Fprintf(os.Stderr, "gateway-doctor: %v\n", err)
		return exitInternal
	}
	// Other accounts wrote these journals: accept only what the privileged
	// helper would.
	cfg.Strict = true
	restored, err := fixes.RestoreAll(context.Background(), cfg, dirs)
	for _, d := range restored {
		fmt.Printf("The previous DNS settings recorded in %s are back.\n", d)
	}
	if ferr := fixes.ForgetPointers(root, runtime.GOOS, ""); ferr != nil {
		fmt.Fprintf(os.Stderr, "gateway-doctor: restore --all: %v\n", ferr)
	}
	if err != nil {
		fmt.Fprintf(os.Stderr, "gateway-doctor: restore --all: %v\n", err)
		return exitProblem
	}
	if len(restored) == 0 {
		fmt.Println("Gateway Doctor has not changed DNS settings on this computer: there is nothing to put back.")
	}
	return exitOK
}
