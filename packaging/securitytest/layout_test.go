package securitytest

import (
	"go/ast"
	"go/token"
	"os/exec"
	"path"
	"slices"
	"strconv"
	"strings"
	"testing"

	"gatewaydoctor/checks/engine"
	"gatewaydoctor/fixes"
)

// testSupport are the packages that exist only for tests: the loopback lab,
// the namespace lab and the finder of the recorded samples. Nothing that
// ships may import them.
var testSupport = []string{"internal/lab/", "internal/netlab/", "internal/samples/"}

// importsTestSupport reports whether the import path p is one of ours that
// exists only for tests.
func importsTestSupport(p string) bool {
	rel, ours := strings.CutPrefix(p, "gatewaydoctor/")
	return ours && isTestSupport(rel+"/")
}

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
// test support is test code hiding in the product (ARCHITECTURE.md,
// "Test labs").
func TestOnlyTestLabsImportTesting(t *testing.T) {
	for _, f := range productSources(t) {
		if isTestSupport(f.rel) {
			continue
		}
		for _, p := range imports(f) {
			if p == "testing" || importsTestSupport(p) {
				t.Errorf("%s imports %s: only test support (%v) and _test.go files may", f.rel, p, testSupport)
			}
		}
	}
}

// TestImportDirections holds the table of DESIGN.md "The data flow": the
// observing and changing packages never import Fyne or the UI, the profile
// depends on nothing of ours but the embedded assets, and the UI on none
// of the observing packages but through the engine.
func TestImportDirections(t *testing.T) {
	forbidden := map[string][]string{
		"checks/":  {"fyne.io/", "gatewaydoctor/ui", "gatewaydoctor/cmd"},
		"fixes/":   {"fyne.io/", "gatewaydoctor/ui", "gatewaydoctor/cmd"},
		"profile/": {"fyne.io/", "gatewaydoctor/ui", "gatewaydoctor/cmd", "gatewaydoctor/checks", "gatewaydoctor/fixes"},
		"assets/":  {"gatewaydoctor/"},
		// The wizard draws: the engine runs the checks (its probes
		// included) and reads what they found, so ui needs none of the
		// packages that observe the system.
		"ui/": {"gatewaydoctor/checks/localnet", "gatewaydoctor/checks/dns", "gatewaydoctor/checks/proxy",
			"gatewaydoctor/checks/system", "gatewaydoctor/checks/diagnosis"},
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

// shippedMains are the main packages that become shipped programs: the app
// and, on Windows, its console twin gateway-doctor.com.
var shippedMains = []string{"gatewaydoctor/cmd/gateway-doctor", "gatewaydoctor/cmd/gateway-doctor-console"}

// deps lists what a package links, as go list -deps prints it.
func deps(t *testing.T, env []string, args ...string) []string {
	t.Helper()
	cmd := exec.Command("go", append([]string{"list", "-deps"}, args...)...)
	cmd.Env = append(cmd.Environ(), env...)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("go list: %v\n%s", err, out)
	}
	d := strings.Fields(string(out))
	if len(d) < 10 {
		t.Fatalf("go list printed too little to judge: %q", out)
	}
	return d
}

// TestAppDoesNotLinkTesting: the shipped binaries carry no test code.
func TestAppDoesNotLinkTesting(t *testing.T) {
	for _, main := range shippedMains {
		for _, d := range deps(t, nil, "-tags", "nogui", main) {
			if d == "testing" || importsTestSupport(d) {
				t.Errorf("%s links %s", main, d)
			}
		}
	}
}

// TestConsoleTwinStaysSmall: gateway-doctor.com only starts the app, so it
// links nothing of ours, no Fyne and no cgo (packaging/windows.sh builds it
// with CGO_ENABLED=0), as Windows builds it.
func TestConsoleTwinStaysSmall(t *testing.T) {
	const twin = "gatewaydoctor/cmd/gateway-doctor-console"
	for _, d := range deps(t, []string{"GOOS=windows", "GOARCH=amd64", "CGO_ENABLED=0"}, twin) {
		if d == "runtime/cgo" || strings.HasPrefix(d, "fyne.io/") || (strings.HasPrefix(d, "gatewaydoctor/") && d != twin) {
			t.Errorf("the console twin links %s", d)
		}
	}
}

// notAnID are ui's literals that spell an ID by chance, by file: the theme
// that follows the OS ("system"), stored in preferences, is not the system
// facts check.
var notAnID = map[string]string{"ui/theme.go": "system"}

// TestUIPicksNoBehaviourByID: the wizard only draws (issue 12). What a
// step needs (a browser choice, the sign-in page, a settings panel) is the
// fix catalogue's data, and what a run found is the engine's, so no
// non-test file of ui names a fix ID or a check ID as a string literal:
// one would be the wizard deciding by ID.
func TestUIPicksNoBehaviourByID(t *testing.T) {
	ids := map[string]string{}
	for _, id := range fixes.IDs() {
		ids[id] = "fix"
	}
	for _, id := range (engine.Engine{}).CheckIDs() {
		ids[id] = "check"
	}
	if len(ids) < 20 {
		t.Fatalf("only %d IDs to look for: the catalogue or the registry is not what this test expects", len(ids))
	}
	for _, f := range productSources(t) {
		if path.Dir(f.rel) != "ui" {
			continue // ui's internal tools (the screenshot lab) are not the wizard
		}
		ast.Inspect(f.file, func(n ast.Node) bool {
			lit, ok := n.(*ast.BasicLit)
			if !ok || lit.Kind != token.STRING {
				return true
			}
			s, err := strconv.Unquote(lit.Value)
			if err != nil {
				return true
			}
			if kind, ok := ids[s]; ok && notAnID[f.rel] != s {
				t.Errorf("%s:%d: %q is a %s ID: the wizard reads what a step needs from the catalogue row and what a run found from the engine", f.rel, f.fset.Position(lit.Pos()).Line, s, kind)
			}
			return true
		})
	}
}
