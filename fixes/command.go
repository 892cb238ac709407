package fixes

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// Command is one program run with an argument list: never a shell string.
// Elevated asks for administrator rights; the Runner obtains them (pkexec,
// osascript, ShellExecuteEx "runas") unless the process already has them.
type Command struct {
	Path     string   `json:"path"`
	Args     []string `json:"args,omitempty"`
	Elevated bool     `json:"elevated,omitempty"`
}

// Argv is the command's full argument vector, program first.
func (c Command) Argv() []string { return append([]string{c.Path}, c.Args...) }

// String renders the command for logs and golden files: each argument
// quoted, so that a space or a quote inside one argument stays visible.
func (c Command) String() string {
	var b strings.Builder
	if c.Elevated {
		b.WriteString("[admin] ")
	}
	for i, a := range c.Argv() {
		if i > 0 {
			b.WriteByte(' ')
		}
		fmt.Fprintf(&b, "%q", a)
	}
	return b.String()
}

// Runner executes Commands. The OS runner elevates where asked; tests use a
// recording runner so that the exact argv of every step is asserted.
type Runner interface {
	// Run runs cmd and returns its standard output. A non-zero exit is an
	// error that includes the command's standard error.
	Run(ctx context.Context, cmd Command) ([]byte, error)
}

// ExecRunner runs Commands on this computer with os/exec. Elevated commands
// are wrapped by Elevate (Linux, macOS) or started with ShellExecuteEx
// "runas" (Windows), unless the process is already root or an administrator.
type ExecRunner struct {
	// GOOS selects the elevation method; "" is runtime.GOOS.
	GOOS string
	// IsAdmin reports whether the process already has administrator rights;
	// nil asks the OS.
	IsAdmin func() bool
}

// ErrNotFound means a command's program is not installed.
var ErrNotFound = errors.New("program not installed")

// Run implements Runner.
func (r ExecRunner) Run(ctx context.Context, c Command) ([]byte, error) {
	goos := r.GOOS
	if goos == "" {
		goos = runtimeGOOS
	}
	admin := r.IsAdmin
	if admin == nil {
		admin = IsAdmin
	}
	if c.Elevated && !admin() && goos == "windows" {
		self, err := resolveSelf(c)
		if err != nil {
			return nil, err
		}
		return nil, runElevatedWindows(ctx, self)
	}
	c, err := startable(goos, admin(), c)
	if err != nil {
		return nil, err
	}
	if _, err := exec.LookPath(c.Path); err != nil {
		return nil, fmt.Errorf("%s: %w", c.Path, ErrNotFound)
	}
	cmd := exec.CommandContext(ctx, c.Path, c.Args...)
	noConsoleWindow(cmd)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		msg := strings.TrimSpace(stderr.String())
		if msg == "" {
			msg = strings.TrimSpace(stdout.String())
		}
		if len(msg) > 300 {
			msg = msg[:300] + "…"
		}
		var ee *exec.ExitError
		if filepath.Base(c.Path) == "osascript" && strings.Contains(msg, osascriptCancelled) {
			// The person pressed Cancel in macOS's password dialog.
			return stdout.Bytes(), ErrAuthRefused
		}
		if filepath.Base(c.Path) == "pkexec" && errors.As(err, &ee) && (ee.ExitCode() == 126 || ee.ExitCode() == 127) {
			// pkexec's own codes: the dialog was dismissed (126) or the
			// authentication failed (127). The command never ran.
			if msg == "" {
				return stdout.Bytes(), ErrAuthRefused
			}
			return stdout.Bytes(), fmt.Errorf("%w: %s", ErrAuthRefused, msg)
		}
		return stdout.Bytes(), fmt.Errorf("%s: %w: %s", c.Path, err, msg)
	}
	return stdout.Bytes(), nil
}

// resolveSelf gives SelfProgram its absolute path: this program again,
// never whatever PATH (or ShellExecuteEx's search, or the shell behind
// osascript) finds first. It runs before the elevation wraps the command,
// so that pkexec, osascript and runas all receive the absolute path.
func resolveSelf(c Command) (Command, error) {
	if c.Path != SelfProgram {
		return c, nil
	}
	self, err := programPath(SelfProgram)
	if err != nil {
		return c, err
	}
	c.Path = self
	return c, nil
}

// startable is c as os/exec starts it on goos (not Windows' runas):
// SelfProgram resolved, then wrapped by Elevate unless already admin.
func startable(goos string, admin bool, c Command) (Command, error) {
	c, err := resolveSelf(c)
	if err != nil {
		return c, err
	}
	if c.Elevated && !admin {
		return Elevate(goos, c)
	}
	return c, nil
}

// programPath is path, or this program's absolute path for SelfProgram.
func programPath(path string) (string, error) {
	if path != SelfProgram {
		return path, nil
	}
	p, err := os.Executable()
	if err != nil {
		return "", fmt.Errorf("%s: %w", SelfProgram, err)
	}
	return p, nil
}

// RunAll runs cmds in order and stops at the first failure.
func RunAll(ctx context.Context, r Runner, cmds []Command) error {
	for _, c := range cmds {
		if _, err := r.Run(ctx, c); err != nil {
			return err
		}
	}
	return nil
}
