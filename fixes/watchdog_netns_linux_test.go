package fixes_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"gatewaydoctor/fixes"
	"gatewaydoctor/internal/netlab"
)

// watchdogRevertAfter is the shortened deadline of the kill tests: long
// enough for the switch and its verification in the lab (a few hundred
// milliseconds), short enough that 100 cycles stay within a minute or two.
const watchdogRevertAfter = 1500 * time.Millisecond

// watchdogHangGuard bounds the wait for the watchdog's revert. It is not a
// speed goal (the lateness is logged): past it, the watchdog is broken.
const watchdogHangGuard = 30 * time.Second

// watchdogCycles is how many kill-and-never-restart cycles run: at least
// 100, as issue 16 asks.
const watchdogCycles = 100

// waitFor polls cond (a file and a journal written by another process, in
// another namespace) until it holds or the hang guard passes.
func waitFor(t *testing.T, cond func() bool) bool {
	t.Helper()
	tick := time.NewTicker(10 * time.Millisecond)
	defer tick.Stop()
	guard := time.After(watchdogHangGuard)
	for !cond() {
		select {
		case <-tick.C:
		case <-guard:
			return false
		}
	}
	return true
}

// watchdogPIDs finds the detached watchdogs of the lab's journal dir.
func watchdogPIDs(dir string) []int {
	var pids []int
	want := []byte("\x00" + fixes.PrivilegedCommand + "\x00" + fixes.ActWatchdog + "\x00" + dir + "\x00")
	cmdlines, _ := filepath.Glob("/proc/[0-9]*/cmdline")
	for _, c := range cmdlines {
		b, err := os.ReadFile(c)
		if err == nil && bytes.Contains(b, want) {
			if pid, err := strconv.Atoi(filepath.Base(filepath.Dir(c))); err == nil {
				pids = append(pids, pid)
			}
		}
	}
	return pids
}

// TestWatchdogNetnsKillNeverRestart: the app is killed with SIGKILL during
// "Keep these settings?" and never started again; the watchdog left by the
// privileged apply puts the original file back, byte for byte, and removes
// the journal, on its own. 100 cycles, with the deadline shortened through
// GATEWAY_DOCTOR_REVERT_AFTER.
func TestWatchdogNetnsKillNeverRestart(t *testing.T) {
	if testing.Short() {
		t.Skip("100 real switches and kills; skipped with -short")
	}
	guardHostResolver(t)
	l := newLab(t)
	l.env = []string{fixes.RevertAfterEnv + "=" + watchdogRevertAfter.String()}
	var lost int
	var worstLate time.Duration
	for i := range watchdogCycles {
		start := time.Now()
		l.killDuringCountdown(t)
		if l.journal(t) == nil {
			t.Fatalf("cycle %d: no journal after the kill", i)
		}
		if !waitFor(t, func() bool { return l.file(t) == originalResolvConf && l.journal(t) == nil }) {
			lost++
			t.Errorf("cycle %d: not reverted within %v of the kill: file %q", i, watchdogHangGuard, l.file(t))
			if r := l.runGD(t, "", "restore"); r.code != 0 {
				t.Fatalf("cycle %d: restore after a lost revert: exit %d\n%s", i, r.code, r.out)
			}
			continue
		}
		worstLate = max(worstLate, time.Since(start)-watchdogRevertAfter)
	}
	t.Logf("%d cycles, %d files lost; the revert came at most %v after the nominal deadline (kill to revert, wall clock, for information)", watchdogCycles, lost, worstLate)
}

// TestWatchdogNetnsKeepDisarms: a kept change is left alone; the watchdog
// sees the journal kept and exits without touching the file.
func TestWatchdogNetnsKeepDisarms(t *testing.T) {
	guardHostResolver(t)
	l := newLab(t)
	l.env = []string{fixes.RevertAfterEnv + "=" + watchdogRevertAfter.String()}
	r := l.runGD(t, "", "fix", "switch_dns", "--yes", "--keep", "--provider", "lab", "--profile", l.profile, "https://shop.lab.test/")
	if r.code != 0 || l.file(t) != switched(originalResolvConf) {
		t.Fatalf("keep: exit %d file %q\n%s", r.code, l.file(t), r.out)
	}
	if !waitFor(t, func() bool { return len(watchdogPIDs(l.configDir)) == 0 }) {
		t.Fatalf("the watchdog of a kept change is still running: %v", watchdogPIDs(l.configDir))
	}
	if got := l.file(t); got != switched(originalResolvConf) {
		t.Fatalf("the watchdog undid a kept change: %q", got)
	}
	if j, _ := fixes.ReadKeptJournal(l.configDir); j == nil {
		t.Fatal("the kept journal is gone")
	}
}

// TestRestoreAllNetnsFollowsThePointer: an account whose journal lives
// where no passwd home leads (a moved XDG_CONFIG_HOME) keeps a switch; the
// privileged apply recorded where, so the uninstaller's `restore --all`,
// run without the account's environment, puts the original file back and
// lets the pointer go.
func TestRestoreAllNetnsFollowsThePointer(t *testing.T) {
	guardHostResolver(t)
	passwd, _ := os.ReadFile("/etc/passwd")
	for _, line := range strings.Split(string(passwd), "\n") {
		if f := strings.Split(line, ":"); len(f) >= 6 && f[5] != "" {
			if _, err := os.Stat(filepath.Join(f[5], ".config", "gateway-doctor")); err == nil {
				t.Skipf("this machine's account %s has a Gateway Doctor journal dir, which restore --all would act on", f[0])
			}
		}
	}
	l := newLab(t)
	root := netlab.PointerRoot(t)
	r := l.runGD(t, "", "fix", "switch_dns", "--yes", "--keep", "--provider", "lab", "--profile", l.profile, "https://shop.lab.test/")
	if r.code != 0 || l.file(t) != switched(originalResolvConf) {
		t.Fatalf("keep: exit %d file %q\n%s", r.code, l.file(t), r.out)
	}
	if !waitFor(t, func() bool { return len(watchdogPIDs(l.configDir)) == 0 }) {
		t.Fatalf("the watchdog of a kept change is still running: %v", watchdogPIDs(l.configDir))
	}
	if dirs, err := fixes.PointedDirs(root, "linux"); err != nil || !slices.Contains(dirs, l.configDir) {
		t.Fatalf("pointers %q, %v: the kept change's dir is not recorded", dirs, err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), netnsStepTimeout)
	defer cancel()
	cmd := l.Client.Command(ctx, l.bin, "restore", "--all")
	for _, e := range os.Environ() {
		if !strings.HasPrefix(e, fixes.ConfigDirEnv+"=") {
			cmd.Env = append(cmd.Env, e)
		}
	}
	out, err := cmd.CombinedOutput()
	if err != nil || l.file(t) != originalResolvConf {
		t.Fatalf("restore --all: %v, file %q\n%s", err, l.file(t), out)
	}
	if j, _ := fixes.ReadKeptJournal(l.configDir); j != nil {
		t.Fatal("the kept journal is left after restore --all")
	}
	if dirs, _ := fixes.PointedDirs(root, "linux"); slices.Contains(dirs, l.configDir) {
		t.Fatal("the pointer is left after restore --all")
	}
	if b, err := os.ReadFile(filepath.Join(root, strconv.Itoa(os.Getuid()))); err == nil {
		t.Fatalf("the pointer file is left after restore --all: %q", b)
	}
}
