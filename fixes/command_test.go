package fixes

import (
	"context"
	"errors"
	"strings"
	"testing"
)

func TestExecRunnerRunsDirectlyWhenAdmin(t *testing.T) {
	r := ExecRunner{GOOS: "linux", IsAdmin: func() bool { return true }}
	out, err := r.Run(context.Background(), Command{Path: "echo", Args: []string{"a; b", "$(c)"}, Elevated: true})
	if err != nil || string(out) != "a; b $(c)\n" {
		t.Errorf("out %q err %v: arguments must reach the program verbatim, without pkexec", out, err)
	}
}

func TestExecRunnerErrors(t *testing.T) {
	r := ExecRunner{GOOS: "linux", IsAdmin: func() bool { return true }}
	if _, err := r.Run(context.Background(), Command{Path: "gateway-doctor-no-such-program"}); !errors.Is(err, ErrNotFound) {
		t.Errorf("missing program: %v", err)
	}
	_, err := r.Run(context.Background(), Command{Path: "sh", Args: []string{"-c", "echo broken >&2; exit 3"}})
	if err == nil || !strings.Contains(err.Error(), "broken") {
		t.Errorf("a failing command's stderr belongs in the error: %v", err)
	}
	w := ExecRunner{GOOS: "windows", IsAdmin: func() bool { return false }}
	if _, err := w.Run(context.Background(), Command{Path: "powershell.exe", Elevated: true}); !errors.Is(err, ErrElevationUnsupported) {
		t.Errorf("windows elevation off Windows: %v", err)
	}
}
