package securitytest

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// repoRoot is the module's root, two levels above this package.
func repoRoot(t *testing.T) string {
	t.Helper()
	root, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(root, "go.mod")); err != nil {
		t.Fatalf("no go.mod at %s: %v", root, err)
	}
	return root
}

// sourceFile is one parsed non-test Go file of the product.
type sourceFile struct {
	rel  string // slash-separated, relative to the repo root
	file *ast.File
	fset *token.FileSet
}

// productSources parses every non-test .go file of the module: everything
// but _test.go files, testdata, build output and nested modules.
func productSources(t *testing.T) []sourceFile {
	t.Helper()
	root := repoRoot(t)
	var out []sourceFile
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			name := d.Name()
			if path != root && (name == "testdata" || name == "build" || name == "dist" || name == "vendor" || strings.HasPrefix(name, ".")) {
				return filepath.SkipDir
			}
			if path != root {
				if _, err := os.Stat(filepath.Join(path, "go.mod")); err == nil {
					return filepath.SkipDir // another module
				}
			}
			return nil
		}
		if !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		fset := token.NewFileSet()
		f, err := parser.ParseFile(fset, path, nil, parser.SkipObjectResolution)
		if err != nil {
			// A file another engineer is halfway through writing; go vet
			// reports it, this test judges the files that parse.
			t.Logf("skipping %s: %v", path, err)
			return nil
		}
		rel, _ := filepath.Rel(root, path)
		out = append(out, sourceFile{rel: filepath.ToSlash(rel), file: f, fset: fset})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(out) == 0 {
		t.Fatal("found no product sources")
	}
	return out
}

// stringLits returns the string literals among exprs, unquoted.
func stringLits(exprs []ast.Expr) []string {
	var out []string
	for _, e := range exprs {
		if kv, ok := e.(*ast.KeyValueExpr); ok {
			e = kv.Value
		}
		if lit, ok := e.(*ast.BasicLit); ok && lit.Kind == token.STRING {
			if s, err := strconv.Unquote(lit.Value); err == nil {
				out = append(out, s)
			}
		}
		if cl, ok := e.(*ast.CompositeLit); ok {
			out = append(out, stringLits(cl.Elts)...)
		}
	}
	return out
}

// shells are the programs that read their argument as a command line.
var shells = []string{"sh", "bash", "zsh", "dash", "ksh", "/bin/sh", "/bin/bash", "/usr/bin/sh", "/usr/bin/bash", "/bin/zsh", "cmd", "cmd.exe"}

// shellFlags make a shell run a command string.
var shellFlags = []string{"-c", "/c", "/C", "/k", "/K", "-lc", "-ic"}

// shellCommandLines returns where f names a shell together with its "run
// this string" flag, in one call or one literal.
func shellCommandLines(f *ast.File, fset *token.FileSet) []string {
	var out []string
	ast.Inspect(f, func(n ast.Node) bool {
		var lits []string
		switch x := n.(type) {
		case *ast.CallExpr:
			lits = stringLits(x.Args)
		case *ast.CompositeLit:
			lits = stringLits(x.Elts)
		default:
			return true
		}
		hasShell := slices.ContainsFunc(lits, func(s string) bool { return slices.Contains(shells, s) })
		hasFlag := slices.ContainsFunc(lits, func(s string) bool { return slices.Contains(shellFlags, s) })
		if hasShell && hasFlag {
			out = append(out, fmt.Sprintf("%s: %q", fset.Position(n.Pos()), lits))
		}
		return true
	})
	return out
}

// TestNoShellCommandLines: no call and no literal in the product names a
// shell together with its "run this string" flag ("sh -c", "bash -c",
// "cmd /c"). Commands are argument lists (DESIGN.md rule 3; fixes.Command).
func TestNoShellCommandLines(t *testing.T) {
	for _, sf := range productSources(t) {
		for _, hit := range shellCommandLines(sf.file, sf.fset) {
			t.Errorf("a shell command line: %s", hit)
		}
	}
}

// TestShellDetectorFindsShells keeps the detector honest: the shapes it
// must catch, and the argument lists it must let through.
func TestShellDetectorFindsShells(t *testing.T) {
	for _, tc := range []struct {
		src  string
		want int
	}{
		{`exec.Command("sh", "-c", cmd)`, 1},
		{`exec.CommandContext(ctx, "/bin/bash", "-c", "x")`, 1},
		{`exec.Command("cmd", "/c", "start", u)`, 1},
		{`fixes.Command{Path: "cmd.exe", Args: []string{"/C", "start", u}}`, 1},
		{`exec.Command("resolvectl", "dns", "2", "192.0.2.1")`, 0},
		{`fixes.Command{Path: "rundll32", Args: []string{"url.dll,FileProtocolHandler", u}}`, 0},
	} {
		fset := token.NewFileSet()
		f, err := parser.ParseFile(fset, "x.go", "package x\nvar _ = "+tc.src+"\n", 0)
		if err != nil {
			t.Fatalf("%s: %v", tc.src, err)
		}
		if got := shellCommandLines(f, fset); len(got) != tc.want {
			t.Errorf("%s: found %d shell command lines, want %d", tc.src, len(got), tc.want)
		}
	}
}

// programStarters are the functions that start another program.
var programStarters = map[string][]string{
	"os/exec": {"Command", "CommandContext"},
	"os":      {"StartProcess"},
	"syscall": {"Exec", "ForkExec", "StartProcess"},
}

// reviewedStarts lists every file that starts a program, with why the
// arguments are safe; SECURITY.md ("Where programs are started") has
// the same list. A new place that starts a program fails this test until it
// is reviewed and added to both.
var reviewedStarts = map[string]string{
	"fixes/command.go":                   "ExecRunner: runs fixes.Command argument lists built by the plans from validated values",
	"checks/dns/sysres_darwin.go":        "scutil --dns: constant arguments",
	"checks/localnet/localnet_darwin.go": "route -n get: constant arguments (default, -inet6 default)",
	"checks/proxy/options.go":            "the proxy readers' commands (netsh winhttp, scutil --proxy, nmcli, gsettings, kreadconfig): constant argument lists",
	"checks/proxy/pac/child.go":          "the PAC evaluator: this program's own executable with the constant argument pac-eval; the script goes over stdin as data",
	"fixes/detach_unix.go":               "StartDetached: the watchdog, this program with privileged watchdog and validated arguments",
	"fixes/detach_windows.go":            "StartDetached: the watchdog, this program with privileged watchdog and validated arguments",
	"cmd/gateway-doctor-console/twin.go": "the console twin: gateway-doctor.exe from its own folder, with the person's own arguments one by one",
}

// shippedDirs are the module's directories that the shipped programs are
// built from (the app's GUI and headless nogui builds, and the Windows
// console twin), as go list sees them: test labs, screenshot tools and the
// benchmark table are not shipped.
func shippedDirs(t *testing.T) map[string]bool {
	t.Helper()
	root := repoRoot(t)
	dirs := map[string]bool{}
	for _, tags := range []string{"", "nogui"} {
		cmd := exec.Command("go", "list", "-deps", "-tags", tags, "-f", "{{if not .Standard}}{{.Dir}}{{end}}", "./cmd/gateway-doctor", "./cmd/gateway-doctor-console")
		cmd.Dir = root
		out, err := cmd.Output()
		if err != nil {
			t.Fatalf("go list -deps ./cmd/gateway-doctor ./cmd/gateway-doctor-console: %v", err)
		}
		for _, d := range strings.Fields(string(out)) {
			if rel, err := filepath.Rel(root, d); err == nil && !strings.HasPrefix(rel, "..") {
				dirs[filepath.ToSlash(rel)] = true
			}
		}
	}
	if !dirs["cmd/gateway-doctor"] || !dirs["cmd/gateway-doctor-console"] || !dirs["fixes"] {
		t.Fatalf("go list found no product packages: %v", dirs)
	}
	return dirs
}

// TestEveryProgramStartIsReviewed finds every call in the shipped program
// that starts another program and requires its file to be in
// reviewedStarts and named in SECURITY.md.
func TestEveryProgramStartIsReviewed(t *testing.T) {
	doc, err := os.ReadFile(filepath.Join(repoRoot(t), "SECURITY.md"))
	if err != nil {
		t.Fatalf("SECURITY.md: %v", err)
	}
	shipped := shippedDirs(t)
	found := map[string]bool{}
	for _, sf := range productSources(t) {
		if !shipped[filepath.ToSlash(filepath.Dir(sf.rel))] {
			continue
		}
		// Which local names refer to the starter packages in this file.
		names := map[string]string{}
		for _, imp := range sf.file.Imports {
			path, _ := strconv.Unquote(imp.Path.Value)
			if _, ok := programStarters[path]; !ok {
				continue
			}
			local := filepath.Base(path)
			if imp.Name != nil {
				local = imp.Name.Name
			}
			names[local] = path
		}
		if len(names) == 0 {
			continue
		}
		ast.Inspect(sf.file, func(n ast.Node) bool {
			sel, ok := n.(*ast.SelectorExpr)
			if !ok {
				return true
			}
			id, ok := sel.X.(*ast.Ident)
			if !ok {
				return true
			}
			path, ok := names[id.Name]
			if !ok || !slices.Contains(programStarters[path], sel.Sel.Name) {
				return true
			}
			found[sf.rel] = true
			if _, ok := reviewedStarts[sf.rel]; !ok {
				t.Errorf("%s: %s.%s starts a program here; review the arguments' origin and add the file to reviewedStarts and SECURITY.md",
					sf.fset.Position(sel.Pos()), path, sel.Sel.Name)
			}
			return true
		})
	}
	for rel := range found {
		if !strings.Contains(string(doc), rel) {
			t.Errorf("SECURITY.md does not name %s, which starts programs", rel)
		}
	}
}

// TestChecksDoNotChangeTheSystem: the checks, which read answers from the
// network, never import the package that changes the system, so no check
// can hand what a server said to a command.
func TestChecksDoNotChangeTheSystem(t *testing.T) {
	for _, sf := range productSources(t) {
		if !strings.HasPrefix(sf.rel, "checks/") {
			continue
		}
		for _, imp := range sf.file.Imports {
			path, _ := strconv.Unquote(imp.Path.Value)
			if path == "gatewaydoctor/fixes" || strings.HasPrefix(path, "gatewaydoctor/fixes/") {
				t.Errorf("%s imports %s: checks observe only", sf.rel, path)
			}
		}
	}
}
