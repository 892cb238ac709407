package fixes

import (
	"context"
	"errors"
	"os"
	"slices"
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

// TestStartableResolvesSelfBeforeElevation: pkexec and osascript receive
// this program's absolute path, never a name for PATH or the shell to find.
func TestStartableResolvesSelfBeforeElevation(t *testing.T) {
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	c := Command{Path: SelfProgram, Args: []string{PrivilegedCommand, ActApply, "/x", "1", "2"}, Elevated: true}
	for _, tc := range []struct {
		goos  string
		admin bool
		want  []string
	}{
		{"linux", false, []string{"pkexec", self, "privileged", "apply", "/x", "1", "2"}},
		{"darwin", false, append(append([]string{"/usr/bin/osascript"}, osascriptElevate...), self, "privileged", "apply", "/x", "1", "2")},
		{"darwin", true, []string{self, "privileged", "apply", "/x", "1", "2"}},
	} {
		got, err := startable(tc.goos, tc.admin, c)
		if err != nil || !slices.Equal(got.Argv(), tc.want) {
			t.Errorf("%s admin %v: %q, %v\nwant %q", tc.goos, tc.admin, got.Argv(), err, tc.want)
		}
	}
}
