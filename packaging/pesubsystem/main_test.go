package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// TestSubsystem builds the console twin for Windows twice, as
// packaging/windows.sh does and with the GUI flag the app is built with,
// and reads back what each header says.
func TestSubsystem(t *testing.T) {
	dir := t.TempDir()
	for _, tc := range []struct {
		name    string
		ldflags string
		kind    string // the tool's name for it
		want    uint16 // the PE value, as Windows documents it
	}{
		{"a plain go build is a console program", "-s -w", "console", 3},
		{"-H=windowsgui makes a GUI program", "-s -w -H=windowsgui", "gui", 2},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out := filepath.Join(dir, "twin.exe")
			cmd := exec.Command("go", "build", "-ldflags", tc.ldflags, "-o", out, "gatewaydoctor/cmd/gateway-doctor-console")
			cmd.Env = append(os.Environ(), "GOOS=windows", "GOARCH=amd64", "CGO_ENABLED=0")
			if b, err := cmd.CombinedOutput(); err != nil {
				t.Fatalf("go build for Windows: %v\n%s", err, b)
			}
			got, err := subsystem(out)
			if err != nil {
				t.Fatal(err)
			}
			if got != tc.want {
				t.Errorf("subsystem %d, want %d", got, tc.want)
			}
			if subsystems[tc.kind] != tc.want {
				t.Errorf("the tool's %q is %d, Windows' value is %d", tc.kind, subsystems[tc.kind], tc.want)
			}
		})
	}
}

func TestSubsystemRefusesWhatIsNotAProgram(t *testing.T) {
	notPE := filepath.Join(t.TempDir(), "x.exe")
	if err := os.WriteFile(notPE, []byte("MZ but no more\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := subsystem(notPE); err == nil {
		t.Error("a text file read as a PE")
	}
	if _, err := subsystem(filepath.Join(t.TempDir(), "missing.exe")); err == nil {
		t.Error("a missing file read as a PE")
	}
}
