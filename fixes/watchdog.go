package fixes

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
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
	// Strict (the privileged helper) allows only SystemResolvConf, with a
	// content that reads as a resolv.conf, in the restore plan.
	Strict bool
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
		if err := strictSnapshot(j.Snapshot); err != nil {
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

// strictSnapshot is what the privileged helper requires of a journal it
// acts on as root, beyond what the plans validate: the only file is the
// system resolv.conf, and its content reads as one.
func strictSnapshot(snap Snapshot) error {
	if snap.Stack.Manager != ManagerUnmanaged {
		return nil
	}
	if rc := snap.ResolvConf; rc == nil || rc.Path != SystemResolvConf {
		return fmt.Errorf("journal names a file other than %s: %w", SystemResolvConf, ErrInvalid)
	}
	return ValidResolvConf(snap.ResolvConf.Raw)
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
	if err := strictSnapshot(j.Snapshot); err != nil {
		return err
	}
	plan, err := SwitchPlan(j.Snapshot, j.Servers)
	if err != nil {
		return err
	}
	if _, err := RestorePlan(j.Snapshot); err != nil {
		return err
	}
	// The watchdog first: a kill of everything right after the change is
	// then covered too.
	if env.StartDetached == nil {
		env.StartDetached = StartDetached
	}
	if err := env.StartDetached(watchdogCommand(dir, created, deadline)); err != nil {
		return fmt.Errorf("privileged apply: the watchdog could not be started, so nothing was changed: %w", err)
	}
	if _, err := ApplySteps(ctx, env.runner(), plan); err != nil {
		return err
	}
	return nil
}

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

// SchedulerPlan is the OS scheduler's backup of the watchdog: a one-shot
// job that runs `gateway-doctor privileged watchdog DIR CREATED DEADLINE`
// at the deadline, in case the detached watchdog itself was killed. The
// revert is idempotent, so both may run. exe is the installed program.
//   - Linux: a transient systemd timer (systemd-run --on-calendar). A unit
//     runs in PID 1's mount namespace, never in a test's: the namespace
//     tests use only the detached watchdog, and this plan is tested as data.
//   - Windows: a one-shot scheduled task, run with the highest rights,
//     deleted by itself after it ran (schtasks /Z with /V1 off needs an end
//     time, so /DU is not used; the task name carries the change's time).
//   - macOS: a launchd job submitted for this boot (launchctl submit),
//     whose program is the watchdog itself: it waits for the deadline.
func SchedulerPlan(goos, exe, dir string, created, deadline time.Time) (Command, error) {
	if !absFor(goos, exe) || !absFor(goos, dir) || strings.ContainsRune(exe+dir, '"') {
		return Command{}, fmt.Errorf("scheduler plan: %q, %q: %w", exe, dir, ErrInvalid)
	}
	args := ArmArgs(ActWatchdog, dir, created, deadline)
	id := strconv.FormatInt(created.UnixNano(), 10)
	switch goos {
	case "linux":
		at := deadline.UTC().Format("2006-01-02 15:04:05") + " UTC"
		c := Command{Path: "systemd-run", Args: []string{"--unit=gateway-doctor-revert-" + id, "--on-calendar=" + at,
			"--timer-property=AccuracySec=1s", "--description=Gateway Doctor: put the previous DNS settings back", "--", exe}, Elevated: true}
		c.Args = append(c.Args, args...)
		return c, nil
	case "windows":
		// /ST takes minutes: the task starts at the next whole minute after
		// the deadline, and the watchdog it runs waits for nothing more.
		at := deadline.Local().Add(time.Minute - time.Nanosecond).Truncate(time.Minute)
		return Command{Path: "schtasks.exe", Args: []string{"/Create", "/F", "/RL", "HIGHEST", "/SC", "ONCE",
			"/TN", `GatewayDoctor\Revert-` + id, "/SD", at.Format("01/02/2006"), "/ST", at.Format("15:04"),
			"/TR", composeTaskLine(exe, args)}, Elevated: true}, nil
	case "darwin":
		return Command{Path: "/bin/launchctl", Args: append([]string{"submit", "-l", "org.gatewaydoctor.revert." + id, "--", exe}, args...), Elevated: true}, nil
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
