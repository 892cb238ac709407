//go:build !linux && !darwin && !windows

package checks

import (
	"errors"
	"net/netip"
)

// OSLocalNetwork lists interfaces; default gateways are not read on this OS.
func OSLocalNetwork() LocalNetwork { return otherLocal{} }

type otherLocal struct{}

func (otherLocal) Interfaces() ([]Interface, error) { return goInterfaces() }

func (otherLocal) DefaultGateways() ([]netip.Addr, error) {
	return nil, errors.New("reading the default gateway is not supported on this OS")
}
