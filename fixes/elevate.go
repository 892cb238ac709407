package fixes

import (
	"errors"
	"fmt"
	"runtime"
)

var runtimeGOOS = runtime.GOOS

// osascriptElevate is the AppleScript that runs its argv with administrator
// rights. The command arrives as argv, never inside the script: each item is
// quoted by AppleScript's own "quoted form of", so no value we pass is ever
// parsed by the shell that "do shell script" starts.
var osascriptElevate = []string{
	"-e", "on run argv",
	"-e", "set cmd to quoted form of item 1 of argv",
	"-e", "repeat with i from 2 to count of argv",
	"-e", "set cmd to cmd & \" \" & quoted form of item i of argv",
	"-e", "end repeat",
	"-e", "do shell script cmd with administrator privileges",
	"-e", "end run",
}

// osascriptCancelled is how osascript reports AppleScript's error -128,
// "User canceled.": the password dialog was dismissed and nothing ran.
const osascriptCancelled = "(-128)"

// ErrElevationUnsupported means this OS has no argv-based elevation here;
// Windows elevates through ShellExecuteEx in the runner instead.
var ErrElevationUnsupported = errors.New("elevation is not available on this system")

// Elevate wraps c in the OS's elevation helper as another argument list:
// pkexec on Linux, osascript on macOS. c is returned unchanged when it does
// not ask for elevation. Windows is not wrapped: the runner starts it with
// ShellExecuteEx "runas" and waits for its exit code.
func Elevate(goos string, c Command) (Command, error) {
	if !c.Elevated {
		return c, nil
	}
	switch goos {
	case "linux":
		return Command{Path: "pkexec", Args: c.Argv()}, nil
	case "darwin":
		args := append(append([]string{}, osascriptElevate...), c.Argv()...)
		return Command{Path: "/usr/bin/osascript", Args: args}, nil
	}
	return c, fmt.Errorf("elevate %s on %s: %w", c.Path, goos, ErrElevationUnsupported)
}
