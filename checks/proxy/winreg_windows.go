//go:build windows

package proxy

import (
	"strings"

	"golang.org/x/sys/windows/registry"
)

// osRegistry reads the live registry, read-only.
type osRegistry struct{}

// Value opens key (HKCU\… or HKLM\…) and reads name.
func (osRegistry) Value(key, name string) (any, bool) {
	root := registry.CURRENT_USER
	hive, path, _ := strings.Cut(key, `\`)
	if hive == "HKLM" {
		root = registry.LOCAL_MACHINE
	}
	k, err := registry.OpenKey(root, path, registry.QUERY_VALUE)
	if err != nil {
		return nil, false
	}
	defer k.Close()
	_, typ, err := k.GetValue(name, nil)
	if err != nil {
		return nil, false
	}
	switch typ {
	case registry.SZ, registry.EXPAND_SZ:
		s, _, err := k.GetStringValue(name)
		return s, err == nil
	case registry.DWORD:
		n, _, err := k.GetIntegerValue(name)
		return uint32(n), err == nil
	case registry.BINARY:
		b, _, err := k.GetBinaryValue(name)
		return b, err == nil
	}
	return nil, false
}

// defaultRegistry is the OS registry on Windows.
func defaultRegistry() Registry { return osRegistry{} }
