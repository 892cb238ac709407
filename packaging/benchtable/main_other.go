//go:build !linux

package main

import (
	"fmt"
	"os"
)

// The table is measured on Linux: the launch figures need Xvfb and network
// namespaces, and the engine figures are Linux's reference numbers.
func main() {
	fmt.Fprintln(os.Stderr, "benchtable: run make bench on Linux")
	os.Exit(2)
}
