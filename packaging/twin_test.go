package packaging

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestWindowsShipsTheConsoleTwin checks, without mingw or NSIS, that the
// Windows build makes gateway-doctor.com and signs it, that the installer
// installs and removes it, and that the twin runs the exe the installer
// puts beside it. make dist-test checks the built files themselves.
func TestWindowsShipsTheConsoleTwin(t *testing.T) {
	read := func(path string) string {
		t.Helper()
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		return string(data)
	}
	nsi := read(filepath.Join("windows", "setup.nsi"))
	sh := read("windows.sh")
	twin := read(filepath.Join("..", "cmd", "gateway-doctor-console", "main.go"))

	define := func(name string) string {
		m := regexp.MustCompile(`(?m)^!define ` + name + ` "([^"]+)"`).FindStringSubmatch(nsi)
		if m == nil {
			t.Fatalf("setup.nsi defines no %s", name)
		}
		return m[1]
	}
	if got := define("APPCOM"); got != "gateway-doctor.com" {
		t.Errorf("setup.nsi installs the twin as %q, want gateway-doctor.com (PATHEXT finds .COM before .EXE)", got)
	}
	target := regexp.MustCompile(`targetName = "([^"]+)"`).FindStringSubmatch(twin)
	if target == nil || target[1] != define("APPEXE") {
		t.Errorf("the twin runs %v, the installer installs the app as %q", target, define("APPEXE"))
	}
	for _, want := range []string{`File "/oname=${APPCOM}" "${COM}"`, `Delete "$INSTDIR\${APPCOM}"`} {
		if !strings.Contains(nsi, want) {
			t.Errorf("setup.nsi lacks %s", want)
		}
	}
	for _, want := range []string{
		"CGO_ENABLED=0",
		"./cmd/gateway-doctor-console",
		`"$SIGN" "$OUT/gateway-doctor.com"`,
		`-DCOM="$OUT/gateway-doctor.com"`,
	} {
		if !strings.Contains(sh, want) {
			t.Errorf("windows.sh lacks %s", want)
		}
	}
}
