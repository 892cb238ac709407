package ui

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// realTimers are the time functions that wait on the real clock. In ui they
// belong only to the real-clock adapter, so driver tests drive every wait
// with the fake clock and never sleep.
var realTimers = map[string]bool{"After": true, "AfterFunc": true, "Sleep": true, "NewTimer": true, "NewTicker": true, "Tick": true}

// bridgeViolations lists what in one ui source file breaks the threading
// rules: a goroutine or a post to the Fyne goroutine outside bridge.go, and
// a real timer outside the real clock (realClock's methods).
func bridgeViolations(fset *token.FileSet, name string, f *ast.File) []string {
	local := map[string]string{} // import name in this file -> path
	for _, imp := range f.Imports {
		path, _ := strconv.Unquote(imp.Path.Value)
		// The package's own name: the last element, or the one before a
		// major-version suffix (fyne.io/fyne/v2 is fyne).
		parts := strings.Split(path, "/")
		n := parts[len(parts)-1]
		if len(parts) > 1 && len(n) > 1 && n[0] == 'v' && strings.Trim(n[1:], "0123456789") == "" {
			n = parts[len(parts)-2]
		}
		if imp.Name != nil {
			n = imp.Name.Name
		}
		local[n] = path
	}
	base := filepath.Base(name)
	var bad []string
	report := func(n ast.Node, what string) {
		bad = append(bad, fset.Position(n.Pos()).String()+": "+what)
	}
	for _, decl := range f.Decls {
		inRealClock := false
		if fd, ok := decl.(*ast.FuncDecl); ok && fd.Recv != nil && len(fd.Recv.List) == 1 {
			if id, ok := fd.Recv.List[0].Type.(*ast.Ident); ok && id.Name == "realClock" {
				inRealClock = true
			}
		}
		ast.Inspect(decl, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.GoStmt:
				if base != "bridge.go" {
					report(n, "go statement outside bridge.go")
				}
			case *ast.SelectorExpr:
				pkg, ok := n.X.(*ast.Ident)
				if !ok {
					return true
				}
				switch local[pkg.Name] {
				case "time":
					if realTimers[n.Sel.Name] && !inRealClock {
						report(n, "time."+n.Sel.Name+" outside the real clock")
					}
				case "fyne.io/fyne/v2":
					if (n.Sel.Name == "Do" || n.Sel.Name == "DoAndWait") && base != "bridge.go" {
						report(n, "fyne."+n.Sel.Name+" outside bridge.go")
					}
				}
			}
			return true
		})
	}
	return bad
}

// TestOneBridge proves the threading claims of bridge.go on the source of
// ui and its internal packages (the screenshot tool aside, which serves a
// lab and waits on real time by design): goroutines and posts to the Fyne
// goroutine happen only in bridge.go, and real timers only in realClock.
func TestOneBridge(t *testing.T) {
	fset := token.NewFileSet()
	files := 0
	err := filepath.WalkDir(".", func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && path == filepath.Join("internal", "shotlab") {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		f, err := parser.ParseFile(fset, path, nil, parser.SkipObjectResolution)
		if err != nil {
			return err
		}
		files++
		for _, b := range bridgeViolations(fset, path, f) {
			t.Error(b)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if files < 10 {
		t.Fatalf("parsed only %d files: the walk missed ui's source", files)
	}
}

// TestOneBridgeCatches shows the checker above can fail: each rule flags
// a file that breaks it, and allows what the rules allow.
func TestOneBridgeCatches(t *testing.T) {
	cases := []struct {
		name, file, src string
		want            int
	}{
		{"goroutine in a screen", "steps.go", `package ui
func f() { go func() {}() }`, 1},
		{"goroutine in the bridge", "bridge.go", `package ui
func f() { go func() {}() }`, 0},
		{"sleep, renamed import", "x.go", `package ui
import tm "time"
func f() { tm.Sleep(1) }`, 1},
		{"timers in a screen", "x.go", `package ui
import "time"
func f() { <-time.After(1); time.NewTimer(1); time.NewTicker(1); time.AfterFunc(1, nil); time.Tick(1) }`, 5},
		{"timers in the real clock", "engine.go", `package ui
import "time"
type realClock struct{}
func (realClock) After(d time.Duration) <-chan time.Time { return time.After(d) }`, 0},
		{"a duration is no timer", "x.go", `package ui
import "time"
var d = time.Second`, 0},
		{"fyne.Do in a screen", "x.go", `package ui
import "fyne.io/fyne/v2"
func f() { fyne.Do(nil); fyne.DoAndWait(nil) }`, 2},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			fset := token.NewFileSet()
			f, err := parser.ParseFile(fset, c.file, c.src, 0)
			if err != nil {
				t.Fatal(err)
			}
			if got := bridgeViolations(fset, c.file, f); len(got) != c.want {
				t.Errorf("got %d violations, want %d: %v", len(got), c.want, got)
			}
		})
	}
}
