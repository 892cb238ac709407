package fixes

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/netip"
	"os"
	"path/filepath"
	"sync"
	"time"

	"gatewaydoctor/checks"
	"gatewaydoctor/profile"
)

// KeepCountdown is how long "Keep these settings?" waits before it puts the
// old DNS back by itself (DESIGN.md, "Safety of fixes": 30 s). Long enough
// to read the question and look at the website; short enough that a user
// who lost their connection gets it back without doing anything.
const KeepCountdown = 30 * time.Second

// ErrVerifyFailed means the new servers did not pass verification; the old
// settings were put back at once.
var ErrVerifyFailed = errors.New("the new DNS servers did not work here, so the previous settings were put back")

// ErrNoChange means Keep or Revert was called with no change pending.
var ErrNoChange = errors.New("no DNS change is pending")

// SwitchConfig is what a DNS switch touches; every part is injectable.
type SwitchConfig struct {
	// Dir holds the journal and its lock (DefaultConfigDir).
	Dir string
	// Capturer reads the current settings; Runner runs the plans.
	Capturer Capturer
	Runner   Runner
	// Verify checks the new servers; nil uses Verifier{Env: Env}.
	Verify func(ctx context.Context, servers []netip.Addr) Verification
	// Env is where verification reads its endpoints.
	Env *checks.Env
	Now func() time.Time
	Log *slog.Logger
	// Privileged applies the change with one elevated `gateway-doctor
	// privileged apply`, which also leaves the auto-revert watchdog behind
	// (watchdog.go). Off, the plan's steps run one by one through Runner.
	Privileged bool
	// Self is the program that runs `privileged` ("" is SelfProgram, this
	// executable); the namespace tests name the binary they built.
	Self string
	// RevertAfter is the watchdog's deadline after the change is applied
	// (0 is DefaultRevertAfter).
	RevertAfter time.Duration
	// Strict accepts a journal only as the privileged helper would
	// (strictSnapshot): `restore --all` runs as root over journals that
	// other accounts wrote.
	Strict bool
}

// RevertAfterEnv shortens the watchdog's deadline, for the namespace lab's
// kill tests (a Go duration, at least minRevertAfter). It is not a user
// setting: the default covers verification, the countdown and a grace.
const RevertAfterEnv = "GATEWAY_DOCTOR_REVERT_AFTER"

// minRevertAfter keeps RevertAfterEnv from arming a watchdog that fires
// before the change is even made.
const minRevertAfter = 200 * time.Millisecond

func revertAfterFromEnv() time.Duration {
	d, err := time.ParseDuration(os.Getenv(RevertAfterEnv))
	if err != nil || d < minRevertAfter {
		return 0
	}
	return d
}

// NewOSSwitchConfig is the configuration of a real run on this computer.
func NewOSSwitchConfig(env *checks.Env) (SwitchConfig, error) {
	dir, err := DefaultConfigDir()
	if err != nil {
		return SwitchConfig{}, err
	}
	r := ExecRunner{}
	view := LinuxView{}
	if env != nil && env.ResolvConfPath != "" {
		view.ResolvConfPath = env.ResolvConfPath
	}
	return SwitchConfig{Dir: dir, Runner: r, Capturer: OSCapturer{Runner: r, Linux: view}, Env: env,
		Privileged: privilegedApply(runtimeGOOS), RevertAfter: revertAfterFromEnv()}, nil
}

// privilegedApply reports whether a switch on goos goes through one
// elevated `privileged apply`, which leaves the auto-revert watchdog (and,
// on Windows and macOS, the scheduler's backup) behind.
func privilegedApply(goos string) bool {
	return goos == "linux" || goos == "windows" || goos == "darwin"
}

func (c *SwitchConfig) fill() {
	if c.Now == nil {
		c.Now = time.Now
	}
	if c.Log == nil {
		c.Log = slog.New(slog.DiscardHandler)
	}
	if c.RevertAfter <= 0 {
		c.RevertAfter = DefaultRevertAfter
	}
	if c.Self == "" {
		c.Self = SelfProgram
	}
	if c.Verify == nil {
		env := c.Env
		c.Verify = func(ctx context.Context, s []netip.Addr) Verification {
			return Verifier{Env: env}.Verify(ctx, s)
		}
	}
}

// DNSSwitch is the DNS switch as one controller that the wizard and the CLI
// both drive: Apply (snapshot, journal, change, verify, revert on failure),
// then Keep or Revert. It holds the config dir's lock from Apply until Keep
// or Revert, so no other process restores a change that is still live.
type DNSSwitch struct {
	cfg     SwitchConfig
	mu      sync.Mutex
	lock    *changeLock
	journal *Journal
}

// NewDNSSwitch returns a switch with nothing pending.
func NewDNSSwitch(cfg SwitchConfig) *DNSSwitch {
	cfg.fill()
	return &DNSSwitch{cfg: cfg}
}

// Pending reports whether a change waits for Keep or Revert.
func (s *DNSSwitch) Pending() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.journal != nil
}

// Apply switches every adapter to p's servers. The prior state is written
// to the journal and synced before anything changes. When a step fails or
// verification fails, the prior state is put back before Apply returns
// (ErrVerifyFailed). On success the change is pending: call Keep or Revert.
func (s *DNSSwitch) Apply(ctx context.Context, p profile.Provider) (Verification, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.journal != nil {
		return Verification{}, errors.New("a DNS change is already pending: keep it or put it back first")
	}
	if err := checkServers(p.Servers); err != nil || len(p.Servers) == 0 {
		return Verification{}, fmt.Errorf("provider %q: %w", p.Name, ErrInvalid)
	}
	lock, err := acquire(s.cfg.Dir)
	if err != nil {
		return Verification{}, err
	}
	// A journal left by a crash holds the true original: put it back before
	// taking a new snapshot, or the snapshot would record our own change.
	if j, err := ReadJournal(s.cfg.Dir); err != nil {
		lock.release()
		return Verification{}, err
	} else if j != nil {
		if err := s.restore(context.WithoutCancel(ctx), j); err != nil {
			lock.release()
			return Verification{}, fmt.Errorf("an earlier change could not be undone: %w", err)
		}
	}
	snap, err := s.cfg.Capturer.Capture(ctx)
	if err != nil {
		lock.release()
		return Verification{}, err
	}
	plan, err := SwitchPlan(snap, p.Servers)
	if err != nil {
		lock.release()
		return Verification{}, err
	}
	if _, err := RestorePlan(snap); err != nil {
		lock.release()
		return Verification{}, fmt.Errorf("the current settings could not be recorded for undo: %w", err)
	}
	if err := checkWritable(plan); err != nil {
		lock.release()
		return Verification{}, err
	}
	j := &Journal{Schema: JournalSchema, CreatedAt: s.cfg.Now().UTC(), PID: os.Getpid(), Provider: p.Name, Servers: p.Servers, Snapshot: snap}
	if err := WriteJournal(s.cfg.Dir, *j); err != nil {
		lock.release()
		return Verification{}, err
	}
	s.lock, s.journal = lock, j
	s.cfg.Log.Info("dns switch: applying", "provider", p.Name, "steps", len(plan))
	if done, err := s.applyPlan(ctx, j, plan); err != nil {
		if done == 0 {
			// Nothing changed (a refused elevation prompt, typically):
			// asking again to undo nothing would only prompt again.
			s.forgetLocked()
			return Verification{}, fmt.Errorf("switch dns: %w (nothing was changed)", err)
		}
		if rerr := s.revertLocked(context.WithoutCancel(ctx)); rerr != nil {
			return Verification{}, fmt.Errorf("switch dns: %w; undo also failed: %v", err, rerr)
		}
		return Verification{}, fmt.Errorf("switch dns: %w (the previous settings were put back)", err)
	}
	v := s.cfg.Verify(ctx, p.Servers)
	if !v.OK {
		if rerr := s.revertLocked(context.WithoutCancel(ctx)); rerr != nil {
			return v, fmt.Errorf("%w; undo also failed: %v", ErrVerifyFailed, rerr)
		}
		return v, ErrVerifyFailed
	}
	return v, nil
}

// applyPlan makes the change: through the privileged helper, which arms the
// watchdog too, or step by step. done is 0 when nothing changed.
func (s *DNSSwitch) applyPlan(ctx context.Context, j *Journal, plan []Step) (done int, err error) {
	if !s.cfg.Privileged {
		return ApplySteps(ctx, s.cfg.Runner, plan)
	}
	dir, err := filepath.Abs(s.cfg.Dir)
	if err != nil {
		return 0, err
	}
	deadline := s.cfg.Now().Add(s.cfg.RevertAfter)
	c := Command{Path: s.cfg.Self, Args: ArmArgs(ActApply, dir, j.CreatedAt, deadline), Elevated: true}
	if _, err := s.cfg.Runner.Run(ctx, c); err != nil {
		if errors.Is(err, ErrAuthRefused) || errors.Is(err, ErrNotFound) {
			return 0, err
		}
		// It may have stopped half-way: undo whatever it did.
		return 1, err
	}
	return len(plan), nil
}

// Keep makes the pending change permanent: the journal goes away.
func (s *DNSSwitch) Keep() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.journal == nil {
		return ErrNoChange
	}
	if err := keepJournal(s.cfg.Dir); err != nil {
		return err
	}
	s.journal = nil
	s.lock.release()
	s.lock = nil
	return nil
}

// Revert puts the snapshot back and removes the journal.
func (s *DNSSwitch) Revert(ctx context.Context) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.journal == nil {
		return ErrNoChange
	}
	return s.revertLocked(ctx)
}

// forgetLocked drops a journal whose change never started.
func (s *DNSSwitch) forgetLocked() {
	if err := RemoveJournal(s.cfg.Dir); err != nil {
		s.cfg.Log.Warn("dns switch: journal", "err", err)
	}
	s.journal = nil
	s.lock.release()
	s.lock = nil
}

func (s *DNSSwitch) revertLocked(ctx context.Context) error {
	if err := s.restore(ctx, s.journal); err != nil {
		// The journal stays: the next start tries again.
		return err
	}
	s.journal = nil
	s.lock.release()
	s.lock = nil
	return nil
}

// restore applies j's restore plan and removes the journal on success.
func (s *DNSSwitch) restore(ctx context.Context, j *Journal) error {
	return s.restoreFrom(ctx, j, JournalFile)
}

// restoreFrom puts j's snapshot back and then removes the journal file name.
func (s *DNSSwitch) restoreFrom(ctx context.Context, j *Journal, name string) error {
	if s.cfg.Strict {
		if err := strictSnapshot(runtimeGOOS, j.Snapshot, j.Servers); err != nil {
			return err
		}
	}
	plan, err := RestorePlan(j.Snapshot)
	if err != nil {
		return err
	}
	// Every step is tried even when one fails (an adapter unplugged since):
	// the others still get their settings back, and the journal stays for
	// the next start.
	var errs []error
	for i, st := range plan {
		if _, err := ApplySteps(ctx, s.cfg.Runner, []Step{st}); err != nil {
			errs = append(errs, fmt.Errorf("step %d of %d: %w", i+1, len(plan), err))
		}
	}
	if err := errors.Join(errs...); err != nil {
		return fmt.Errorf("restore dns: %w", err)
	}
	s.cfg.Log.Info("dns switch: restored", "provider", j.Provider)
	return removeJournalFile(s.cfg.Dir, name)
}

// RestoreIfInterrupted puts back the settings of a change that a crash or a
// kill left behind, and returns the journal it restored (nil when there was
// none). When another process's change is still live it returns ErrBusy and
// touches nothing. Call it at every start; `gateway-doctor restore` and the
// uninstaller call it too.
func RestoreIfInterrupted(ctx context.Context, cfg SwitchConfig) (*Journal, error) {
	cfg.fill()
	j, err := ReadJournal(cfg.Dir)
	if err != nil || j == nil {
		return nil, err
	}
	lock, err := acquire(cfg.Dir)
	if err != nil {
		return nil, err
	}
	defer lock.release()
	// Read again under the lock: the owner may have finished meanwhile.
	if j, err = ReadJournal(cfg.Dir); err != nil || j == nil {
		return nil, err
	}
	s := &DNSSwitch{cfg: cfg}
	if err := s.restore(ctx, j); err != nil {
		return nil, err
	}
	return j, nil
}

// RestoreOriginal puts back the settings this computer had before Gateway
// Doctor first changed them: an interrupted change is undone first, then a
// kept one. It returns the journal of the oldest change it undid (nil when
// there was nothing to put back). `gateway-doctor restore`, the restore_dns
// fix and the uninstaller call it; ErrBusy as for RestoreIfInterrupted.
func RestoreOriginal(ctx context.Context, cfg SwitchConfig) (*Journal, error) {
	cfg.fill()
	pending, err := ReadJournal(cfg.Dir)
	if err != nil {
		return nil, err
	}
	kept, err := ReadKeptJournal(cfg.Dir)
	if err != nil || (pending == nil && kept == nil) {
		return nil, err
	}
	lock, err := acquire(cfg.Dir)
	if err != nil {
		return nil, err
	}
	defer lock.release()
	s := &DNSSwitch{cfg: cfg}
	var undone *Journal
	// Read again under the lock: another process may have finished meanwhile.
	if j, err := ReadJournal(cfg.Dir); err != nil {
		return nil, err
	} else if j != nil {
		if err := s.restoreFrom(ctx, j, JournalFile); err != nil {
			return nil, err
		}
		undone = j
	}
	if j, err := ReadKeptJournal(cfg.Dir); err != nil {
		return undone, err
	} else if j != nil {
		if err := s.restoreFrom(ctx, j, KeptJournalFile); err != nil {
			return undone, err
		}
		undone = j
	}
	return undone, nil
}
