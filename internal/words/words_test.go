package words

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"gatewaydoctor/checks"
)

// TestEverySaidKeyExists: every checks.Say in the checks has its key in
// en.json, with the same English as the call site, so the fallback and
// the translation never drift apart. (TestTranslationsComplete in ui
// keeps the other languages as whole as English.)
func TestEverySaidKeyExists(t *testing.T) {
	en, ok := Load("en")
	if !ok {
		t.Fatal("no en.json")
	}
	fset := token.NewFileSet()
	n := 0
	err := filepath.WalkDir("../../checks", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".go") || strings.HasSuffix(p, "_test.go") {
			return err
		}
		f, err := parser.ParseFile(fset, p, nil, 0)
		if err != nil {
			return err
		}
		ast.Inspect(f, func(node ast.Node) bool {
			call, ok := node.(*ast.CallExpr)
			if !ok || len(call.Args) != 3 {
				return true
			}
			label := isLabel(call.Fun)
			if !label && !isSay(call.Fun) {
				return true
			}
			key, kok := literal(call.Args[0])
			english, eok := literal(call.Args[1])
			if label && (!kok || !eok) {
				// A label named by a code ("side."+side) is said with
				// words from elsewhere (SideTitle); the test of the
				// report's words covers it.
				return true
			}
			if !kok || !eok {
				t.Errorf("%s: Say takes a literal key and English, so this test can read them", fset.Position(call.Pos()))
				return true
			}
			n++
			if got, ok := en[key]; !ok {
				t.Errorf("%s: en.json lacks %q (%q)", fset.Position(call.Pos()), key, english)
			} else if got != english {
				t.Errorf("%s: %q is %q in en.json but %q in the code", fset.Position(call.Pos()), key, got, english)
			}
			return true
		})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if n < 30 {
		t.Errorf("found %d Say calls; the walk misses the checks", n)
	}
}

func isSay(fun ast.Expr) bool {
	switch f := fun.(type) {
	case *ast.SelectorExpr:
		x, ok := f.X.(*ast.Ident)
		return ok && x.Name == "checks" && f.Sel.Name == "Say"
	case *ast.Ident:
		return f.Name == "Say"
	}
	return false
}

// isLabel: the text report's labels (Report.say) are a key and its English
// too, in the same form as Say.
func isLabel(fun ast.Expr) bool {
	f, ok := fun.(*ast.SelectorExpr)
	if !ok {
		return false
	}
	x, ok := f.X.(*ast.Ident)
	return ok && x.Name == "rep" && f.Sel.Name == "say"
}

func literal(e ast.Expr) (string, bool) {
	lit, ok := e.(*ast.BasicLit)
	if !ok || lit.Kind != token.STRING {
		return "", false
	}
	s, err := strconv.Unquote(lit.Value)
	return s, err == nil
}

func TestDetect(t *testing.T) {
	for _, tc := range []struct {
		env  map[string]string
		want string
	}{
		{nil, "en"},
		{map[string]string{"LANG": "de_DE.UTF-8"}, "de"},
		{map[string]string{"LANG": "de_DE@euro"}, "de"},
		{map[string]string{"LC_ALL": "fr_FR.UTF-8", "LANG": "de_DE.UTF-8"}, "fr"},
		{map[string]string{"LC_MESSAGES": "es_ES", "LANG": "de_DE"}, "es"},
		{map[string]string{"LANGUAGE": "xx:it", "LANG": "de_DE.UTF-8"}, "it"},
		{map[string]string{"LANG": "C.UTF-8", "LANGUAGE": "de"}, "en"},
		{map[string]string{"LANG": "POSIX"}, "en"},
		{map[string]string{"LANG": "ja_JP.UTF-8"}, "en"},
	} {
		if got := Detect(func(k string) string { return tc.env[k] }); got != tc.want {
			t.Errorf("Detect(%v) = %q, want %q", tc.env, got, tc.want)
		}
	}
}

// TestTranslatorFallsBack: a key the language lacks, or no key, renders
// the English; a known key renders the language's template with the args.
func TestTranslatorFallsBack(t *testing.T) {
	de, _ := Load("de")
	tr := de.Translator()
	for _, tc := range []struct {
		in   checks.Text
		want string
	}{
		{checks.Say("summary.local.gateway.down", "The router ({{.Router}}) does not answer.", checks.Args{"Router": "192.0.2.1"}), "Der Router (192.0.2.1) antwortet nicht."},
		{checks.Say("summary.no_such_key", "Plain {{.X}}.", checks.Args{"X": "English"}), "Plain English."},
		{checks.Text{English: "raw"}, "raw"},
	} {
		if got := tr(tc.in); got != tc.want {
			t.Errorf("%q → %q, want %q", tc.in.Key, got, tc.want)
		}
	}
}
