//go:build !linux && !darwin && !windows

package localnet

import (
	"errors"
	"net/netip"

	"gatewaydoctor/checks"
)

// OSLocalNetwork lists interfaces; default gateways are not read on this OS.
func OSLocalNetwork() checks.LocalNetwork { return otherLocal{} }

type otherLocal struct{}

func (otherLocal) Interfaces() ([]checks.Interface, error) { return goInterfaces() }

func (otherLocal) DefaultGateways() ([]netip.Addr, error) {
	return nil, errors.New("reading the default gateway is not supported on this OS")
}
