package fixes

import (
	"context"
	"errors"
	"fmt"
	"math"
	"net/netip"
	"os"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// The auto-revert outside the app (issue 16). The one elevated step that
// applies a DNS change (`gateway-doctor privileged apply`) also leaves a
// small detached watchdog behind, in its own session, that outlives the
// app. It watches the app's journal: when the change is kept (the journal
// is renamed) or undone (removed), it has nothing to do and exits. If the
// change is still pending at its deadline, the app is gone or stuck, and the
// watchdog puts the snapshot back, exactly as the in-app revert would, under
// the same lock: whichever comes first does it, the other finds nothing.

// RevertGrace is added to the verification and the countdown to make the
// watchdog's deadline: the app answers at the end of the countdown, so the
// watchdog acts only when the app could not have.
const RevertGrace = 30 * time.Second

// VerifyAllowance bounds the verification that runs after the change and
// before the countdown (Verifier: a few DNS and HTTP probes, seconds each).
const VerifyAllowance = 30 * time.Second

// DefaultRevertAfter is the watchdog's deadline after the change is applied.
const DefaultRevertAfter = VerifyAllowance + KeepCountdown + RevertGrace

// watchdogPoll is how often the watchdog looks at the journal. The journal
// is a local file; four looks a second let a kept or undone change release
// the watchdog at once, at no measurable cost.
const watchdogPoll = 250 * time.Millisecond

// watchdogLockWait is how long past its deadline the watchdog waits for a
// live app to let go of the lock (an answer being applied) before giving up
// and leaving the journal for the next start or `restore`.
const watchdogLockWait = 30 * time.Second

// Watchdog is the waiting side of the auto-revert.
type Watchdog struct {
	// Dir holds the journal and its lock.
	Dir string
	// Created identifies the change: the pending journal's CreatedAt. A
	// later change (another journal) is never undone by this watchdog.
	Created time.Time
	// Deadline is when a still-pending change is undone.
	Deadline time.Time
	// Runner runs the restore plan's commands.
	Runner Runner
	// Strict (the privileged helper) accepts only a journal that
	// strictSnapshot allows for GOOS ("" is this system).
	Strict bool
	GOOS   string
	// Now and Sleep are the clock; tests inject both.
	Now   func() time.Time
	Sleep func(ctx context.Context, d time.Duration) error
}

// RevertResult says what the watchdog did.
type RevertResult string

// The outcomes of a watchdog.
const (
	RevertDisarmed RevertResult = "disarmed" // the change was kept or undone by the app
	RevertDone     RevertResult = "reverted" // the watchdog put the settings back
)

func sleepCtx(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// Run waits for the change to be kept or undone, or for the deadline.
func (w Watchdog) Run(ctx context.Context) (RevertResult, error) {
	if w.Now == nil {
		w.Now = time.Now
	}
	if w.Sleep == nil {
		w.Sleep = sleepCtx
	}
	if w.Runner == nil {
		w.Runner = ExecRunner{}
	}
	giveUp := w.Deadline.Add(watchdogLockWait)
	for {
		j, err := ReadJournal(w.Dir)
		if err != nil {
			return "", err
		}
		if !w.mine(j) {
			return RevertDisarmed, nil
		}
		now := w.Now()
		if !now.Before(w.Deadline) {
			lock, err := acquire(w.Dir)
			switch {
			case err == nil:
				defer lock.release()
				return w.revert(ctx)
			case !errors.Is(err, ErrBusy):
				return "", err
			case !now.Before(giveUp):
				return "", fmt.Errorf("watchdog: the change is still held by a running Gateway Doctor: %w", ErrBusy)
			}
		}
		d := watchdogPoll
		if left := w.Deadline.Sub(now); left > 0 && left < d {
			d = left
		}
		if err := w.Sleep(ctx, d); err != nil {
			return "", err
		}
	}
}

func (w Watchdog) mine(j *Journal) bool {
	return j != nil && j.CreatedAt.Equal(w.Created)
}

// revert undoes the change under the lock, if it is still pending.
func (w Watchdog) revert(ctx context.Context) (RevertResult, error) {
	j, err := ReadJournal(w.Dir)
	if err != nil {
		return "", err
	}
	if !w.mine(j) {
		return RevertDisarmed, nil
	}
	if w.Strict {
		if err := strictSnapshot(goosOr(w.GOOS), j.Snapshot, j.Servers); err != nil {
			return "", err
		}
	}
	s := &DNSSwitch{cfg: SwitchConfig{Dir: w.Dir, Runner: w.Runner}}
	s.cfg.fill()
	if err := s.restore(ctx, j); err != nil {
		return "", err
	}
	return RevertDone, nil
}

// The bounds of a journal the root side acts on. A computer has a handful
// of adapters, each with a few servers; more is a crafted file.
const (
	maxStrictAdapters = 64
	maxStrictServers  = 16
	// maxMacServices and maxMacServiceName bound networksetup's list as the
	// snapshot recorded it (macOS names are short: "Wi-Fi", "USB 10/100 LAN").
	maxMacServices    = 256
	maxMacServiceName = 256
)

func goosOr(goos string) string {
	if goos == "" {
		return runtimeGOOS
	}
	return goos
}

// strictSnapshot is what the privileged helper requires of a journal it
// acts on as root, beyond what the plans validate, on goos: a snapshot of
// this system's own DNS stack and nothing else. Linux: systemd-resolved or
// NetworkManager links, or the system resolv.conf with a content that
// reads as one. Windows: adapters by index (and GUID, when recorded) with
// netip addresses. macOS: network services from the snapshot's own
// networksetup list, every name of which must be one networksetup could
// print. Any field another OS uses is refused.
func strictSnapshot(goos string, snap Snapshot, servers []netip.Addr) error {
	bad := func(format string, a ...any) error {
		return fmt.Errorf("journal: "+format+": %w", append(a, ErrInvalid)...)
	}
	if snap.GOOS != goos {
		return bad("a snapshot of %q, not of %s", snap.GOOS, goos)
	}
	if len(snap.Adapters) > maxStrictAdapters || len(servers) > maxStrictServers {
		return bad("%d adapters, %d servers", len(snap.Adapters), len(servers))
	}
	if err := checkServers(servers); err != nil {
		return err
	}
	for _, a := range snap.Adapters {
		for _, f := range []Family{a.IPv4, a.IPv6} {
			if len(f.Static) > maxStrictServers {
				return bad("%d servers on one adapter", len(f.Static))
			}
			if err := checkServers(f.Static); err != nil {
				return err
			}
		}
	}
	switch goos {
	case "linux":
		if len(snap.MacServices) > 0 {
			return bad("macOS services in a Linux snapshot")
		}
		switch snap.Stack.Manager {
		case ManagerResolved, ManagerNetworkManager:
			return nil
		case ManagerUnmanaged:
			if rc := snap.ResolvConf; rc == nil || rc.Path != SystemResolvConf {
				return bad("names a file other than %s", SystemResolvConf)
			}
			return ValidResolvConf(snap.ResolvConf.Raw)
		}
	case "windows":
		if snap.Stack.Manager != ManagerWindows || snap.ResolvConf != nil || len(snap.MacServices) > 0 {
			return bad("not a Windows adapter snapshot")
		}
		for _, a := range snap.Adapters {
			if a.Index <= 0 || a.Index > math.MaxInt32 || (a.GUID != "" && !ValidGUID(a.GUID)) || a.UUID != "" || a.Service != "" {
				return bad("adapter %d %q is not addressed by index and GUID", a.Index, a.GUID)
			}
		}
		return nil
	case "darwin":
		if snap.Stack.Manager != ManagerMacOS || snap.ResolvConf != nil || len(snap.MacServices) > maxMacServices {
			return bad("not a macOS network service snapshot")
		}
		for _, m := range snap.MacServices {
			if len(m) > maxMacServiceName || !utf8.ValidString(m) || !ValidMacService(m, snap.MacServices) {
				return bad("network service name %q", m)
			}
		}
		for _, a := range snap.Adapters {
			if !ValidMacService(a.Service, snap.MacServices) || a.Index != 0 || a.GUID != "" || a.UUID != "" {
				return bad("network service %q is not one networksetup listed", a.Service)
			}
		}
		return nil
	}
	return bad("DNS manager %q on %s", snap.Stack.Manager, goos)
}

// ArmArgs is the argument list of `gateway-doctor privileged` that applies
// the pending change of dir and arms the watchdog with its deadline.
func ArmArgs(action, dir string, created, deadline time.Time) []string {
	return []string{PrivilegedCommand, action, dir, strconv.FormatInt(created.UnixNano(), 10), strconv.FormatInt(deadline.UnixNano(), 10)}
}

// ApplyPrivileged is the root side of `gateway-doctor privileged apply DIR
// CREATED DEADLINE`: it reads the pending journal of DIR (which must be the
// one created at CREATED), builds the switch plan from it again, with every
// value validated, applies it, and starts the watchdog detached. The app
// waits for this one elevated command; the watchdog outlives both.
func ApplyPrivileged(ctx context.Context, env PrivilegedEnv, dir string, created, deadline time.Time) error {
	j, err := ReadJournal(dir)
	if err != nil {
		return err
	}
	if j == nil || !j.CreatedAt.Equal(created) {
		return fmt.Errorf("privileged apply: no pending change created at %v in %s: %w", created, dir, ErrInvalid)
	}
	goos := goosOr(env.GOOS)
	if err := strictSnapshot(goos, j.Snapshot, j.Servers); err != nil {
		return err
	}
	plan, err := SwitchPlan(j.Snapshot, j.Servers)
	if err != nil {
		return err
	}
	if _, err := RestorePlan(j.Snapshot); err != nil {
		return err
	}
	// Where the journal lives, for an uninstaller's `restore --all` (the
	// account's usual config dir is found without it). Before the watchdog
	// starts, whose end lets go of the pointer.
	if err := recordPointer(env.pointerRoot(goos), goos, dir); err != nil {
		env.log().Warn("privileged apply: where the journal lives was not recorded for the uninstaller", "err", err)
	}
	// The watchdog before any change: a kill of everything right after the
	// change is then covered too.
	if env.StartDetached == nil {
		env.StartDetached = StartDetached
	}
	if err := env.StartDetached(watchdogCommand(dir, created, deadline)); err != nil {
		return fmt.Errorf("privileged apply: the watchdog could not be started, so nothing was changed: %w", err)
	}
	// The scheduler's backup, for a watchdog killed on its own. Not armed
	// is not fatal: the detached watchdog already guards the change, and a
	// computer whose policy forbids scheduled tasks must still be able to
	// switch (and the app still counts down and reverts by itself).
	if SchedulerBackup(goos) {
		if err := env.armBackup(ctx, goos, dir, created, deadline); err != nil {
			env.log().Warn("privileged apply: the scheduler's backup of the watchdog is not armed; the watchdog alone guards the change", "err", err)
		}
	}
	if _, err := ApplySteps(ctx, env.runner(), plan); err != nil {
		return err
	}
	return nil
}

// disarmTimeout bounds the scheduler call that removes the backup job:
// schtasks and launchctl answer in well under a second, and a hung one must
// not keep the watchdog alive.
const disarmTimeout = 15 * time.Second

// armBackup submits SchedulerPlan as the root side: not elevated again.
func (e PrivilegedEnv) armBackup(ctx context.Context, goos, dir string, created, deadline time.Time) error {
	exe := e.Exe
	if exe == "" {
		p, err := os.Executable()
		if err != nil {
			return err
		}
		exe = p
	}
	c, err := SchedulerPlan(goos, exe, dir, created, deadline)
	if err != nil {
		return err
	}
	_, err = e.runner().Run(ctx, c)
	return err
}

// endWatchdog is what a watchdog does as it ends, whatever the outcome:
// kept, undone, reverted, or failed (the journal then stays for the next
// start or `restore`). It removes its scheduler job, which would otherwise
// run the watchdog again (launchctl submit keeps a job alive: it would
// restart it forever), and the uninstaller's pointer once the directory
// holds no journal.
func (e PrivilegedEnv) endWatchdog(ctx context.Context, dir string, created time.Time) {
	goos := goosOr(e.GOOS)
	if SchedulerBackup(goos) {
		ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), disarmTimeout)
		defer cancel()
		c, err := DisarmPlan(goos, created)
		if err == nil {
			_, err = e.runner().Run(ctx, c)
		}
		if err != nil {
			// The other watchdog of the pair may have removed it already.
			e.log().Info("watchdog: scheduler job not removed", "err", err)
		}
	}
	if err := ForgetPointers(e.pointerRoot(goos), goos, dir); err != nil {
		e.log().Warn("watchdog: pointer", "err", err)
	}
}

// SchedulerBackup reports whether the root side arms SchedulerPlan on goos.
// Not on Linux: a systemd unit runs in PID 1's mount namespace, so from a
// namespace (the tests, a container) it would revert the host's file.
func SchedulerBackup(goos string) bool { return goos == "windows" || goos == "darwin" }

// schedulerID names a change's scheduler job: the change's creation time.
func schedulerID(created time.Time) string { return strconv.FormatInt(created.UnixNano(), 10) }

// DisarmPlan removes the scheduler job that SchedulerPlan armed for the
// change created at created. Run by the root side; a job already gone makes
// it fail harmlessly.
func DisarmPlan(goos string, created time.Time) (Command, error) {
	id := schedulerID(created)
	switch goos {
	case "linux":
		return Command{Path: "systemctl", Args: []string{"stop", "gateway-doctor-revert-" + id + ".timer"}}, nil
	case "windows":
		return Command{Path: "schtasks.exe", Args: []string{"/Delete", "/F", "/TN", schedTaskPrefix + id}}, nil
	case "darwin":
		return Command{Path: "/bin/launchctl", Args: []string{"remove", launchdPrefix + id}}, nil
	}
	return Command{}, fmt.Errorf("disarm plan on %s: %w", goos, ErrElevationUnsupported)
}

// The scheduler jobs' names: a fixed prefix and the change's id.
const (
	schedTaskPrefix = `GatewayDoctor\Revert-`
	launchdPrefix   = "org.gatewaydoctor.revert."
)

// watchdogCommand runs this program as the watchdog (already as root: not
// elevated again).
func watchdogCommand(dir string, created, deadline time.Time) Command {
	return Command{Path: SelfProgram, Args: ArmArgs(ActWatchdog, dir, created, deadline)}
}

// absFor reports whether path is absolute on goos (plans are built for
// every OS on any OS).
func absFor(goos, path string) bool {
	if goos != "windows" {
		return strings.HasPrefix(path, "/")
	}
	return len(path) >= 3 && path[1] == ':' && (path[2] == '\\' || path[2] == '/') || strings.HasPrefix(path, `\\`)
}

// schedulerZone is the zone of schtasks' /ST, the computer's own; tests
// fix it (rather than time.Local, which other goroutines read).
var schedulerZone = func() *time.Location { return time.Local }

// maxTaskLine is schtasks' limit on /TR, the task's command line.
const maxTaskLine = 261

// SchedulerPlan is the OS scheduler's backup of the watchdog: a one-shot
// job that runs `gateway-doctor privileged watchdog DIR CREATED DEADLINE`,
// in case the detached watchdog itself was killed. The revert is idempotent
// and under one lock, so both may run. exe is the installed program. The
// root side runs it (it is not elevated again), and the watchdog removes it
// as it ends (DisarmPlan).
//   - Linux: a transient systemd timer (systemd-run --on-calendar). Not
//     armed (SchedulerBackup): a unit runs in PID 1's mount namespace, never
//     in a test's or a container's. Kept as data, tested as argv.
//   - Windows: a one-shot scheduled task, as SYSTEM, so that it runs even
//     when the person has logged off. /ST takes minutes, so it starts at the
//     next whole minute after the deadline. /SD is left out: its date format
//     follows the system's locale (12/07/2026 is refused in German), and the
//     task's day is today; a deadline that falls past midnight is not armed
//     (the detached watchdog alone then guards that change).
//   - macOS: a launchd job submitted for this boot (launchctl submit),
//     which starts at once and whose program is the watchdog itself: it
//     waits for the deadline. launchd keeps such a job alive, which is why
//     the watchdog must remove it.
func SchedulerPlan(goos, exe, dir string, created, deadline time.Time) (Command, error) {
	if !absFor(goos, exe) || !absFor(goos, dir) || strings.ContainsRune(exe+dir, '"') {
		return Command{}, fmt.Errorf("scheduler plan: %q, %q: %w", exe, dir, ErrInvalid)
	}
	args := ArmArgs(ActWatchdog, dir, created, deadline)
	id := schedulerID(created)
	switch goos {
	case "linux":
		at := deadline.UTC().Format("2006-01-02 15:04:05") + " UTC"
		c := Command{Path: "systemd-run", Args: []string{"--unit=gateway-doctor-revert-" + id, "--on-calendar=" + at,
			"--timer-property=AccuracySec=1s", "--description=Gateway Doctor: put the previous DNS settings back", "--", exe}}
		c.Args = append(c.Args, args...)
		return c, nil
	case "windows":
		zone := schedulerZone()
		at := deadline.In(zone).Add(time.Minute - time.Nanosecond).Truncate(time.Minute)
		if y, m, d := at.Date(); y != created.In(zone).Year() || m != created.In(zone).Month() || d != created.In(zone).Day() {
			return Command{}, fmt.Errorf("scheduler plan: the deadline %v falls on another day than the change: %w", at, ErrInvalid)
		}
		line := composeTaskLine(exe, args)
		if len(line) > maxTaskLine {
			return Command{}, fmt.Errorf("scheduler plan: a task line of %d characters (at most %d): %w", len(line), maxTaskLine, ErrInvalid)
		}
		return Command{Path: "schtasks.exe", Args: []string{"/Create", "/F", "/RU", "SYSTEM", "/RL", "HIGHEST", "/SC", "ONCE",
			"/TN", schedTaskPrefix + id, "/ST", at.Format("15:04"), "/TR", line}}, nil
	case "darwin":
		return Command{Path: "/bin/launchctl", Args: append([]string{"submit", "-l", launchdPrefix + id, "--", exe}, args...)}, nil
	}
	return Command{}, fmt.Errorf("scheduler plan on %s: %w", goos, ErrElevationUnsupported)
}

// composeTaskLine is schtasks' /TR: one command line. Only the program path
// is quoted; the arguments are the action, an absolute path and two
// integers, and the path is refused if it holds a quote.
func composeTaskLine(exe string, args []string) string {
	line := `"` + exe + `"`
	for _, a := range args {
		if needsQuote(a) {
			a = `"` + a + `"`
		}
		line += " " + a
	}
	return line
}

func needsQuote(s string) bool {
	for _, r := range s {
		if r == ' ' || r == '\t' {
			return true
		}
	}
	return s == ""
}
