package localnet

import (
	"net/netip"
	"os"
	"path/filepath"
	"testing"
)

// readTestdata reads one of this package's own fixtures.
func readTestdata(t *testing.T, name string) []byte {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", "net", name))
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// addrs parses addresses written in a test table.
func addrs(ss ...string) []netip.Addr {
	var out []netip.Addr
	for _, s := range ss {
		out = append(out, netip.MustParseAddr(s))
	}
	return out
}
