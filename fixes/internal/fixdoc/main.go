// Command fixdoc writes the fix catalogue's table (docs/fixes.md) from the
// catalogue itself: `go generate ./fixes` runs it.
package main

import (
	"bytes"
	"fmt"
	"os"

	"gatewaydoctor/fixes"
)

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: fixdoc OUTPUT.md")
		os.Exit(2)
	}
	var b bytes.Buffer
	if err := fixes.WriteTable(&b); err != nil {
		fmt.Fprintln(os.Stderr, "fixdoc:", err)
		os.Exit(1)
	}
	if err := os.WriteFile(os.Args[1], b.Bytes(), 0o644); err != nil {
		fmt.Fprintln(os.Stderr, "fixdoc:", err)
		os.Exit(1)
	}
}
