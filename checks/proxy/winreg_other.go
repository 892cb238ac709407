//go:build !windows

package proxy

// defaultRegistry is nil off Windows: there is no registry to read.
func defaultRegistry() Registry { return nil }
