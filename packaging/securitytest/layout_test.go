package securitytest

import (
	"os/exec"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// testSupport are the packages that exist only for tests: the loopback lab
// and the namespace lab. Nothing that ships may import them.
var testSupport = []string{"internal/lab/", "internal/netlab/"}

func isTestSupport(rel string) bool {
	for _, p := range testSupport {
		if strings.HasPrefix(rel, p) {
			return true
		}
	}
	return false
}

// imports lists the import paths of f.
func imports(f sourceFile) []string {
	var out []string
	for _, is := range f.file.Imports {
		if p, err := strconv.Unquote(is.Path.Value); err == nil {
			out = append(out, p)
		}
	}
	return out
}

// TestOnlyTestLabsImportTesting: a non-test file that imports "testing" or
// a lab is test code hiding in the product (ARCHITECTURE.md, "Test labs").
func TestOnlyTestLabsImportTesting(t *testing.T) {
	for _, f := range productSources(t) {
		if isTestSupport(f.rel) {
			continue
		}
		for _, p := range imports(f) {
			if p == "testing" || strings.HasPrefix(p, "gatewaydoctor/internal/lab") || strings.HasPrefix(p, "gatewaydoctor/internal/netlab") {
				t.Errorf("%s imports %s: only the test labs (%v) and _test.go files may", f.rel, p, testSupport)
			}
		}
	}
}

// TestImportDirections holds the table of DESIGN.md "The data flow": the
// observing and changing packages never import Fyne or the UI, and the
// profile depends on nothing of ours but the embedded assets.
func TestImportDirections(t *testing.T) {
	forbidden := map[string][]string{
		"checks/":  {"fyne.io/", "gatewaydoctor/ui", "gatewaydoctor/cmd"},
		"fixes/":   {"fyne.io/", "gatewaydoctor/ui", "gatewaydoctor/cmd"},
		"profile/": {"fyne.io/", "gatewaydoctor/ui", "gatewaydoctor/cmd", "gatewaydoctor/checks", "gatewaydoctor/fixes"},
		"assets/":  {"gatewaydoctor/"},
	}
	for _, f := range productSources(t) {
		for dir, bad := range forbidden {
			if !strings.HasPrefix(f.rel, dir) {
				continue
			}
			for _, p := range imports(f) {
				if slices.ContainsFunc(bad, func(b string) bool { return strings.HasPrefix(p, b) }) {
					t.Errorf("%s imports %s, which %s must not", f.rel, p, dir)
				}
			}
		}
	}
}

// TestAppDoesNotLinkTesting: the shipped binary carries no test code.
func TestAppDoesNotLinkTesting(t *testing.T) {
	out, err := exec.Command("go", "list", "-deps", "-tags", "nogui", "gatewaydoctor/cmd/gateway-doctor").CombinedOutput()
	if err != nil {
		t.Fatalf("go list: %v\n%s", err, out)
	}
	deps := strings.Fields(string(out))
	if len(deps) < 10 {
		t.Fatalf("go list printed too little to judge: %q", out)
	}
	for _, d := range deps {
		if d == "testing" || isTestSupport(strings.TrimPrefix(d, "gatewaydoctor/")+"/") {
			t.Errorf("the app links %s", d)
		}
	}
}
