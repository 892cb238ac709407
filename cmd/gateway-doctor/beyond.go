package main

import (
	"fmt"
	"os"
	"slices"
	"strings"

	"gatewaydoctor/checks"
	"gatewaydoctor/checks/outside"
	"gatewaydoctor/checks/system"
)

// outsideAPIEnv, when set, replaces the outside check service's address:
// the README's demo and the labs point it at a local fake.
const outsideAPIEnv = "GD_OUTSIDE_API"

// outsideClient is the outside check's client: Globalping's public API,
// without an account.
func outsideClient() *outside.Client {
	return &outside.Client{BaseURL: os.Getenv(outsideAPIEnv), UserAgent: "gateway-doctor/" + checks.Version}
}

// checkBrowser accepts "" or a known browser ID for --browser.
func checkBrowser(id string) error {
	if id == "" || slices.Contains(system.BrowserIDs(), id) {
		return nil
	}
	return fmt.Errorf("--browser %q: use one of %s", id, strings.Join(system.BrowserIDs(), ", "))
}
