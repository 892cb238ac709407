//go:build !windows

package fixes

func startMenuInternet() ([]string, error) { return nil, nil }
