package fixes

import (
	"bytes"
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"log/slog"
	"net/netip"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// SelfProgram is the Path of a Command that runs this program again: the
// runner replaces it with os.Executable(). Plans use it for the steps that
// go through `gateway-doctor privileged`, so that a golden file reads as
// what a person would type.
const SelfProgram = "gateway-doctor"

// PrivilegedCommand is the subcommand that carries out one change with
// administrator rights: `pkexec gateway-doctor privileged ACTION ARGS…`.
const PrivilegedCommand = "privileged"

// The actions `gateway-doctor privileged` accepts. Nothing else runs as
// root: each action takes positional arguments that are validated again on
// the root side, and none is ever handed to a shell.
const (
	// ActWriteResolvConf PATH DATA: write DATA (standard base64) to PATH,
	// which must be SystemResolvConf; DATA must read as a resolv.conf.
	ActWriteResolvConf = "write-resolv-conf"
	// ActNMModify UUID V4DNS V4IGNORE V6DNS V6IGNORE: nmcli connection
	// modify on one connection's DNS settings.
	ActNMModify = "nmcli-modify"
	// ActNMUp UUID: nmcli connection up, to apply them.
	ActNMUp = "nmcli-up"
	// ActApply DIR CREATED DEADLINE: apply the pending change of DIR's
	// journal, which must be the one created at CREATED, and leave the
	// watchdog for DEADLINE behind (watchdog.go).
	ActApply = "apply"
	// ActWatchdog DIR CREATED DEADLINE: wait, and at DEADLINE undo the
	// pending change of DIR's journal if it is still the one created at
	// CREATED (both Unix nanoseconds). See watchdog.go.
	ActWatchdog = "watchdog"
)

// SystemResolvConf is the only file the privileged helper writes. A network
// namespace (ip netns exec) bind-mounts its own file here, which is how the
// tests reach it without touching the host's.
const SystemResolvConf = "/etc/resolv.conf"

// maxResolvConf bounds the file the privileged helper writes. glibc reads a
// handful of lines; real files are well under 1 KiB.
const maxResolvConf = 64 << 10

// ErrAuthRefused means the person cancelled or failed the password prompt
// (pkexec exit 126 or 127): nothing was changed.
var ErrAuthRefused = errors.New("administrator permission was not given")

func privileged(action string, args ...string) Command {
	return Command{Path: SelfProgram, Args: append([]string{PrivilegedCommand, action}, args...), Elevated: true}
}

// privilegedWrite is the step that writes a resolv.conf with rights.
func privilegedWrite(w FileWrite) Command {
	return privileged(ActWriteResolvConf, w.Path, base64.StdEncoding.EncodeToString(w.Data))
}

// ValidResolvConf reports whether data reads as a resolv.conf: only
// comments, blank lines and the keywords glibc knows, with nameserver
// values that are addresses. It keeps the privileged helper from writing
// anything else to /etc.
func ValidResolvConf(data []byte) error {
	if len(data) > maxResolvConf {
		return fmt.Errorf("resolv.conf of %d bytes: %w", len(data), ErrInvalid)
	}
	if bytes.IndexByte(data, 0) >= 0 {
		return fmt.Errorf("resolv.conf with a NUL byte: %w", ErrInvalid)
	}
	for i, line := range strings.Split(string(data), "\n") {
		f := strings.Fields(line)
		if len(f) == 0 || strings.HasPrefix(f[0], "#") || strings.HasPrefix(f[0], ";") {
			continue
		}
		switch f[0] {
		case "nameserver":
			if len(f) < 2 {
				return fmt.Errorf("resolv.conf line %d: nameserver without an address: %w", i+1, ErrInvalid)
			}
			if _, err := netip.ParseAddr(f[1]); err != nil {
				return fmt.Errorf("resolv.conf line %d: %q: %w", i+1, f[1], ErrInvalid)
			}
		case "search", "domain", "options", "sortlist":
		default:
			return fmt.Errorf("resolv.conf line %d: unknown keyword %q: %w", i+1, f[0], ErrInvalid)
		}
	}
	return nil
}

// PrivilegedEnv is what a privileged action touches; tests inject it.
type PrivilegedEnv struct {
	// Runner runs nmcli (already as root: it is not elevated again).
	Runner Runner
	// Now and Sleep are the watchdog's clock.
	Now   func() time.Time
	Sleep func(ctx context.Context, d time.Duration) error
	// StartDetached starts the watchdog so that it outlives this process
	// (nil: StartDetached).
	StartDetached func(Command) error
	// GOOS is the system acted on ("" is this one): which snapshots are
	// accepted, whether a scheduler backup is armed. Tests inject it.
	GOOS string
	// Exe is the installed program the scheduler's backup runs ("" is
	// os.Executable()).
	Exe string
	// PointerRoot holds the uninstaller's pointers ("" is
	// DefaultPointerRoot(GOOS)).
	PointerRoot string
	// Log takes what is worth knowing but not fatal (nil: standard error,
	// which pkexec and osascript hand back to the app's log).
	Log *slog.Logger
}

func (e PrivilegedEnv) log() *slog.Logger {
	if e.Log == nil {
		return slog.New(slog.NewTextHandler(os.Stderr, nil))
	}
	return e.Log
}

func (e PrivilegedEnv) pointerRoot(goos string) string {
	if e.PointerRoot == "" {
		return DefaultPointerRoot(goos)
	}
	return e.PointerRoot
}

func (e PrivilegedEnv) runner() Runner {
	if e.Runner == nil {
		return ExecRunner{IsAdmin: func() bool { return true }}
	}
	return e.Runner
}

// RunPrivileged carries out one action of `gateway-doctor privileged`
// after validating every argument. It is the whole of what runs as root.
func RunPrivileged(ctx context.Context, env PrivilegedEnv, args []string) error {
	if len(args) == 0 {
		return fmt.Errorf("privileged: no action: %w", ErrInvalid)
	}
	env.Runner = env.runner()
	want := map[string]int{ActWriteResolvConf: 2, ActNMModify: 5, ActNMUp: 1, ActApply: 3, ActWatchdog: 3}
	n, ok := want[args[0]]
	if !ok {
		return fmt.Errorf("privileged: unknown action %q: %w", args[0], ErrInvalid)
	}
	if len(args)-1 != n {
		return fmt.Errorf("privileged %s: want %d arguments, got %d: %w", args[0], n, len(args)-1, ErrInvalid)
	}
	a := args[1:]
	switch args[0] {
	case ActWriteResolvConf:
		if a[0] != SystemResolvConf {
			return fmt.Errorf("privileged: path %q: only %s is written: %w", a[0], SystemResolvConf, ErrInvalid)
		}
		data, err := base64.StdEncoding.DecodeString(a[1])
		if err != nil {
			return fmt.Errorf("privileged: data: %w", ErrInvalid)
		}
		if err := ValidResolvConf(data); err != nil {
			return err
		}
		mode := os.FileMode(0o644)
		if fi, err := os.Stat(a[0]); err == nil {
			mode = fi.Mode().Perm()
		}
		return WriteResolvConf(a[0], data, mode)
	case ActNMModify:
		if !ValidUUID(a[0]) {
			return fmt.Errorf("privileged: connection uuid %q: %w", a[0], ErrInvalid)
		}
		v4, err := parseNMList(a[1], true)
		if err != nil {
			return err
		}
		v6, err := parseNMList(a[3], false)
		if err != nil {
			return err
		}
		for _, yn := range []string{a[2], a[4]} {
			if yn != "yes" && yn != "no" {
				return fmt.Errorf("privileged: %q is not yes or no: %w", yn, ErrInvalid)
			}
		}
		_, err = env.Runner.Run(ctx, nmcliModify(a[0], v4, a[2], v6, a[4]))
		return err
	case ActNMUp:
		if !ValidUUID(a[0]) {
			return fmt.Errorf("privileged: connection uuid %q: %w", a[0], ErrInvalid)
		}
		_, err := env.Runner.Run(ctx, nmcliUp(a[0]))
		return err
	case ActApply, ActWatchdog:
		if !filepath.IsAbs(a[0]) || filepath.Clean(a[0]) != a[0] {
			return fmt.Errorf("privileged: journal dir %q is not a clean absolute path: %w", a[0], ErrInvalid)
		}
		created, err1 := strconv.ParseInt(a[1], 10, 64)
		deadline, err2 := strconv.ParseInt(a[2], 10, 64)
		if err1 != nil || err2 != nil {
			return fmt.Errorf("privileged: change times: %w", ErrInvalid)
		}
		if args[0] == ActApply {
			return ApplyPrivileged(ctx, env, a[0], time.Unix(0, created), time.Unix(0, deadline))
		}
		w := Watchdog{Dir: a[0], Created: time.Unix(0, created), Deadline: time.Unix(0, deadline), Runner: env.Runner, Strict: true, GOOS: env.GOOS, Now: env.Now, Sleep: env.Sleep}
		res, err := w.Run(ctx)
		env.endWatchdog(ctx, a[0], w.Created)
		if err == nil {
			env.log().Info("watchdog: done", "result", res)
		}
		return err
	}
	return nil
}

// parseNMList validates a comma-separated address list of one family, as
// nmcli takes it; "" clears the list.
func parseNMList(s string, v4 bool) ([]netip.Addr, error) {
	if s == "" {
		return nil, nil
	}
	as, err := ParseServers(strings.Split(s, ","))
	if err != nil {
		return nil, err
	}
	for _, a := range as {
		if a.Unmap().Is4() != v4 {
			return nil, fmt.Errorf("privileged: %s is of the wrong family: %w", a, ErrInvalid)
		}
	}
	return as, nil
}

// nmcliModify and nmcliUp are the nmcli commands the privileged helper runs.
func nmcliModify(uuid string, v4 []netip.Addr, v4ignore string, v6 []netip.Addr, v6ignore string) Command {
	return Command{Path: "nmcli", Args: []string{"connection", "modify", uuid,
		"ipv4.dns", joinAddrs(v4, ","), "ipv4.ignore-auto-dns", v4ignore,
		"ipv6.dns", joinAddrs(v6, ","), "ipv6.ignore-auto-dns", v6ignore}}
}

func nmcliUp(uuid string) Command {
	return Command{Path: "nmcli", Args: []string{"connection", "up", uuid}}
}
