//go:build darwin

package fixes

import (
	"strconv"
	"strings"

	"golang.org/x/sys/unix"
)

// macMajor is the macOS major version from kern.osproductversion ("14.5").
func macMajor() int {
	v, err := unix.Sysctl("kern.osproductversion")
	if err != nil {
		return 0
	}
	major, _, _ := strings.Cut(v, ".")
	n, _ := strconv.Atoi(major)
	return n
}
