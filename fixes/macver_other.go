//go:build !darwin

package fixes

func macMajor() int { return 0 }
