package netlab

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"testing"
)

var (
	programOnce sync.Once
	programDir  string
	programErr  error
)

// Program builds the headless gateway-doctor once per test process and
// returns its path: the main package that ships, with the nogui tag so that
// no Fyne is linked and no cgo is needed. Tests run it unchanged inside a
// namespace (only its pointer root is moved: PointerRoot). Call
// RemoveProgram from TestMain when the tests are done.
func Program(t testing.TB) string {
	t.Helper()
	programOnce.Do(func() {
		programDir, programErr = os.MkdirTemp("", "gd-program-")
		if programErr != nil {
			return
		}
		// The root side's pointers for the uninstaller go to a scratch
		// dir, not to the host's /var/lib (fixes.DefaultPointerRoot).
		ldflags := "-X gatewaydoctor/fixes.testPointerRoot=" + filepath.Join(programDir, "pointers")
		cmd := exec.Command("go", "build", "-tags", "nogui", "-ldflags", ldflags, "-o", filepath.Join(programDir, "gateway-doctor"), "gatewaydoctor/cmd/gateway-doctor")
		cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
		if out, err := cmd.CombinedOutput(); err != nil {
			programErr = fmt.Errorf("go build -tags nogui ./cmd/gateway-doctor: %v\n%s", err, out)
		}
	})
	if programErr != nil {
		t.Fatal(programErr)
	}
	return filepath.Join(programDir, "gateway-doctor")
}

// PointerRoot is where the program that Program built keeps the
// uninstaller's pointers (fixes.DefaultPointerRoot, moved off the host).
func PointerRoot(t testing.TB) string {
	return filepath.Join(filepath.Dir(Program(t)), "pointers")
}

// RemoveProgram deletes the binary Program built, if any.
func RemoveProgram() {
	if programDir != "" {
		os.RemoveAll(programDir)
	}
}
