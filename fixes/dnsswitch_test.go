package fixes

import (
	"context"
	"errors"
	"net/netip"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"gatewaydoctor/profile"
)

// recorder is a Runner that records argv and fails the commands told to.
type recorder struct {
	mu   sync.Mutex
	ran  []string
	fail func(Command) error
}

func (r *recorder) Run(_ context.Context, c Command) ([]byte, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.ran = append(r.ran, c.String())
	if r.fail != nil {
		return nil, r.fail(c)
	}
	return nil, nil
}

type fixedCapture struct{ snap func() Snapshot }

func (f fixedCapture) Capture(context.Context) (Snapshot, error) { return f.snap(), nil }

// unmanagedRig is a resolv.conf in a temp dir, captured as the unmanaged
// path captures it, with a journal dir beside it.
type unmanagedRig struct {
	path, dir string
	orig      []byte
	verifyOK  bool
}

func newRig(t *testing.T) *unmanagedRig { return newRigB(t) }

func newRigB(t testing.TB) *unmanagedRig {
	d := t.TempDir()
	r := &unmanagedRig{path: filepath.Join(d, "resolv.conf"), dir: filepath.Join(d, "config"), orig: []byte("# mine\nsearch lab.example\nnameserver 192.0.2.1\n"), verifyOK: true}
	if err := os.WriteFile(r.path, r.orig, 0o644); err != nil {
		t.Fatal(err)
	}
	return r
}

func (r *unmanagedRig) cfg() SwitchConfig {
	return SwitchConfig{Dir: r.dir, Runner: &recorder{},
		Capturer: fixedCapture{func() Snapshot {
			raw, _ := os.ReadFile(r.path)
			return Snapshot{GOOS: "linux", Stack: Stack{Manager: ManagerUnmanaged}, ResolvConf: &ResolvConfState{Path: r.path, Raw: raw, Mode: 0o644}}
		}},
		Verify: func(context.Context, []netip.Addr) Verification {
			return Verification{OK: r.verifyOK, Checks: []VerifyCheck{{What: "resolve", OK: r.verifyOK}}}
		},
		Now: func() time.Time { return time.Date(2026, 11, 24, 8, 0, 0, 0, time.UTC) }}
}

func (r *unmanagedRig) content(t *testing.T) string {
	b, err := os.ReadFile(r.path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

var labProvider = profile.Provider{Name: "lab", Servers: addrs("198.51.100.53")}

func TestSwitchApplyKeep(t *testing.T) {
	r := newRig(t)
	sw := NewDNSSwitch(r.cfg())
	v, err := sw.Apply(context.Background(), labProvider)
	if err != nil || !v.OK {
		t.Fatal(v, err)
	}
	if got := r.content(t); got == string(r.orig) || !containsLine(got, "nameserver 198.51.100.53") || !containsLine(got, "search lab.example") {
		t.Errorf("switched file:\n%s", got)
	}
	j, err := ReadJournal(r.dir)
	if err != nil || j == nil || string(j.Snapshot.ResolvConf.Raw) != string(r.orig) {
		t.Fatalf("the journal must hold the original bytes while pending: %+v %v", j, err)
	}
	if fi, _ := os.Stat(filepath.Join(r.dir, JournalFile)); fi.Mode().Perm() != 0o600 {
		t.Errorf("journal mode %o, want 0600", fi.Mode().Perm())
	}
	if fi, _ := os.Stat(r.dir); fi.Mode().Perm() != 0o700 {
		t.Errorf("config dir mode %o, want 0700", fi.Mode().Perm())
	}
	if err := sw.Keep(); err != nil {
		t.Fatal(err)
	}
	if j, _ := ReadJournal(r.dir); j != nil {
		t.Error("keep must remove the journal")
	}
	if !containsLine(r.content(t), "nameserver 198.51.100.53") {
		t.Error("keep must leave the new settings")
	}
}

func TestSwitchVerifyFailsRevertsAtOnce(t *testing.T) {
	r := newRig(t)
	r.verifyOK = false
	sw := NewDNSSwitch(r.cfg())
	_, err := sw.Apply(context.Background(), labProvider)
	if !errors.Is(err, ErrVerifyFailed) {
		t.Fatalf("err = %v, want ErrVerifyFailed", err)
	}
	if r.content(t) != string(r.orig) {
		t.Errorf("failed verification must restore the original, got:\n%s", r.content(t))
	}
	if j, _ := ReadJournal(r.dir); j != nil || sw.Pending() {
		t.Error("nothing may stay pending after an automatic revert")
	}
}

func TestSwitchRevert(t *testing.T) {
	r := newRig(t)
	sw := NewDNSSwitch(r.cfg())
	if _, err := sw.Apply(context.Background(), labProvider); err != nil {
		t.Fatal(err)
	}
	if err := sw.Revert(context.Background()); err != nil {
		t.Fatal(err)
	}
	if r.content(t) != string(r.orig) {
		t.Errorf("revert: got\n%s", r.content(t))
	}
	if err := sw.Revert(context.Background()); !errors.Is(err, ErrNoChange) {
		t.Errorf("second revert: %v", err)
	}
}

func TestInterruptedChangeIsRestoredNotRecordedAsOriginal(t *testing.T) {
	r := newRig(t)
	cfg := r.cfg()
	sw := NewDNSSwitch(cfg)
	if _, err := sw.Apply(context.Background(), labProvider); err != nil {
		t.Fatal(err)
	}
	// While the change is live, a second process must not undo it.
	if j, err := RestoreIfInterrupted(context.Background(), cfg); !errors.Is(err, ErrBusy) || j != nil {
		t.Fatalf("restore during a live change: %v %v", j, err)
	}
	// Simulate a crash: the process dies, its lock goes, the journal stays.
	sw.lock.release()
	// A new switch first puts the original back, then snapshots it.
	sw2 := NewDNSSwitch(cfg)
	if _, err := sw2.Apply(context.Background(), profile.Provider{Name: "other", Servers: addrs("203.0.113.53")}); err != nil {
		t.Fatal(err)
	}
	j, _ := ReadJournal(r.dir)
	if string(j.Snapshot.ResolvConf.Raw) != string(r.orig) {
		t.Errorf("the journal recorded a switched file as the original:\n%s", j.Snapshot.ResolvConf.Raw)
	}
	sw2.lock.release()
	got, err := RestoreIfInterrupted(context.Background(), cfg)
	if err != nil || got == nil || got.Provider != "other" {
		t.Fatalf("start-up restore: %+v %v", got, err)
	}
	if r.content(t) != string(r.orig) {
		t.Errorf("after start-up restore:\n%s", r.content(t))
	}
	if got, err := RestoreIfInterrupted(context.Background(), cfg); got != nil || err != nil {
		t.Errorf("nothing left to restore: %v %v", got, err)
	}
}

func TestSwitchFailedStepIsUndone(t *testing.T) {
	d := t.TempDir()
	rec := &recorder{fail: func(c Command) error {
		if c.Args[0] == "dns" && c.Args[1] == "3" {
			return errors.New("link 3 went away")
		}
		return nil
	}}
	cfg := SwitchConfig{Dir: d, Runner: rec, Capturer: fixedCapture{func() Snapshot {
		return Snapshot{GOOS: "linux", Stack: Stack{Manager: ManagerResolved}, Adapters: []Adapter{{Index: 2, IPv4: Family{Auto: true}}, {Index: 3, IPv4: Family{Auto: true}}}}
	}}, Verify: func(context.Context, []netip.Addr) Verification {
		t.Error("no verification after a failed step")
		return Verification{}
	}}
	_, err := NewDNSSwitch(cfg).Apply(context.Background(), labProvider)
	if err == nil {
		t.Fatal("want an error")
	}
	want := []string{`[admin] "resolvectl" "dns" "2" "198.51.100.53"`, `[admin] "resolvectl" "dns" "3" "198.51.100.53"`,
		`[admin] "resolvectl" "revert" "2"`, `[admin] "resolvectl" "revert" "3"`}
	if len(rec.ran) != len(want) {
		t.Fatalf("ran %q, want %q", rec.ran, want)
	}
	for i := range want {
		if rec.ran[i] != want[i] {
			t.Errorf("step %d: %s, want %s", i, rec.ran[i], want[i])
		}
	}
	if j, _ := ReadJournal(d); j != nil {
		t.Error("journal must go once undone")
	}
}

func TestJournalWrittenBeforeAnyChange(t *testing.T) {
	d := t.TempDir()
	sawJournal := false
	rec := &recorder{fail: func(Command) error {
		j, err := ReadJournal(d)
		sawJournal = err == nil && j != nil && len(j.Snapshot.Adapters) == 1
		return nil
	}}
	cfg := SwitchConfig{Dir: d, Runner: rec, Capturer: fixedCapture{func() Snapshot {
		return Snapshot{GOOS: "windows", Stack: Stack{Manager: ManagerWindows}, Adapters: []Adapter{{Index: 12, IPv4: Family{Static: addrs("192.0.2.53")}}}}
	}}, Verify: func(context.Context, []netip.Addr) Verification { return Verification{OK: true} }}
	sw := NewDNSSwitch(cfg)
	if _, err := sw.Apply(context.Background(), labProvider); err != nil {
		t.Fatal(err)
	}
	if !sawJournal {
		t.Error("the first change ran before the journal was on disk")
	}
	_ = sw.Keep()
}

func TestUnrestorableSnapshotIsNotApplied(t *testing.T) {
	rec := &recorder{}
	cfg := SwitchConfig{Dir: t.TempDir(), Runner: rec, Capturer: fixedCapture{func() Snapshot {
		return Snapshot{Stack: Stack{Manager: ManagerOther}}
	}}}
	if _, err := NewDNSSwitch(cfg).Apply(context.Background(), labProvider); !errors.Is(err, ErrUnsupported) || len(rec.ran) != 0 {
		t.Errorf("err %v, ran %q", err, rec.ran)
	}
}

func TestWriteResolvConfRefusesSymlink(t *testing.T) {
	d := t.TempDir()
	stub := filepath.Join(d, "stub-resolv.conf")
	os.WriteFile(stub, []byte("nameserver 127.0.0.53\n"), 0o644)
	link := filepath.Join(d, "resolv.conf")
	os.Symlink(stub, link)
	if err := WriteResolvConf(link, []byte("nameserver 198.51.100.53\n"), 0o644); !errors.Is(err, ErrSymlink) {
		t.Errorf("err = %v, want ErrSymlink", err)
	}
	if b, _ := os.ReadFile(stub); string(b) != "nameserver 127.0.0.53\n" {
		t.Error("the stub was written through the symlink")
	}
}

func TestWriteResolvConfAtomicKeepsMode(t *testing.T) {
	d := t.TempDir()
	p := filepath.Join(d, "resolv.conf")
	os.WriteFile(p, []byte("old\n"), 0o600)
	if err := WriteResolvConf(p, []byte("new\n"), 0o640); err != nil {
		t.Fatal(err)
	}
	fi, _ := os.Stat(p)
	b, _ := os.ReadFile(p)
	if string(b) != "new\n" || fi.Mode().Perm() != 0o640 {
		t.Errorf("%q %o", b, fi.Mode().Perm())
	}
	if left, _ := filepath.Glob(filepath.Join(d, ".resolv.conf.*")); len(left) != 0 {
		t.Errorf("temporary files left: %v", left)
	}
}

func TestJournalRejectsDamage(t *testing.T) {
	d := t.TempDir()
	os.WriteFile(filepath.Join(d, JournalFile), []byte("{not json"), 0o600)
	if _, err := ReadJournal(d); err == nil {
		t.Error("a damaged journal must be an error, never silently ignored")
	}
}

func TestUnescapeMountinfo(t *testing.T) {
	if got := unescapeMountinfo(`/etc/my\040dir/resolv.conf`); got != "/etc/my dir/resolv.conf" {
		t.Error(got)
	}
}

func containsLine(s, line string) bool {
	for _, l := range splitLines(s) {
		if l == line {
			return true
		}
	}
	return false
}

func splitLines(s string) []string {
	var out []string
	start := 0
	for i := 0; i < len(s); i++ {
		if s[i] == '\n' {
			out = append(out, s[start:i])
			start = i + 1
		}
	}
	return append(out, s[start:])
}

func TestSwitchRefusedFirstStepChangesAndUndoesNothing(t *testing.T) {
	d := t.TempDir()
	rec := &recorder{fail: func(Command) error { return errors.New("the administrator prompt was cancelled") }}
	cfg := SwitchConfig{Dir: d, Runner: rec, Capturer: fixedCapture{func() Snapshot {
		return Snapshot{GOOS: "darwin", Stack: Stack{Manager: ManagerMacOS}, MacServices: []string{"Wi-Fi"}, Adapters: []Adapter{{Service: "Wi-Fi", IPv4: Family{Auto: true}}}}
	}}}
	sw := NewDNSSwitch(cfg)
	_, err := sw.Apply(context.Background(), labProvider)
	if err == nil || !strings.Contains(err.Error(), "nothing was changed") {
		t.Fatalf("err = %v", err)
	}
	if len(rec.ran) != 1 {
		t.Errorf("a refused first step must not be followed by an undo prompt: ran %q", rec.ran)
	}
	if j, _ := ReadJournal(d); j != nil || sw.Pending() {
		t.Error("nothing may stay pending")
	}
	// And the lock is free again.
	if _, err := RestoreIfInterrupted(context.Background(), cfg); err != nil {
		t.Error(err)
	}
}

func TestSwitchUnwritableFileFailsBeforeJournal(t *testing.T) {
	r := newRig(t)
	cfg := r.cfg()
	os.Remove(r.path)
	os.Mkdir(r.path, 0o755) // not a file: opening it for writing fails
	if _, err := NewDNSSwitch(cfg).Apply(context.Background(), labProvider); err == nil {
		t.Fatal("want an error")
	}
	if j, _ := ReadJournal(r.dir); j != nil {
		t.Error("no journal for a change that cannot start")
	}
}

func TestRestoreTriesEveryAdapterAndKeepsJournalOnFailure(t *testing.T) {
	d := t.TempDir()
	rec := &recorder{}
	cfg := SwitchConfig{Dir: d, Runner: rec}
	snap := Snapshot{GOOS: "linux", Stack: Stack{Manager: ManagerResolved}, Adapters: []Adapter{{Index: 2}, {Index: 3}, {Index: 4}}}
	if err := WriteJournal(d, Journal{Provider: "lab", Snapshot: snap}); err != nil {
		t.Fatal(err)
	}
	rec.fail = func(c Command) error {
		if c.Args[1] == "3" {
			return errors.New("no such link")
		}
		return nil
	}
	if _, err := RestoreIfInterrupted(context.Background(), cfg); err == nil || !strings.Contains(err.Error(), "no such link") {
		t.Fatalf("err = %v", err)
	}
	if len(rec.ran) != 3 {
		t.Errorf("a failing adapter must not stop the others: ran %q", rec.ran)
	}
	if j, _ := ReadJournal(d); j == nil {
		t.Error("the journal must stay after a failed restore, for the next start")
	}
	rec.fail = nil
	if j, err := RestoreIfInterrupted(context.Background(), cfg); err != nil || j == nil {
		t.Errorf("second attempt: %v %v", j, err)
	}
}

// Keeping is not forgetting: after a kept change, the start-up restore
// leaves it alone, but `restore` (and restore_dns, and the uninstaller) still
// puts back the settings from before Gateway Doctor's first change.
func TestKeptChangeCanStillBeRestored(t *testing.T) {
	r := newRig(t)
	ctx := context.Background()
	second := profile.Provider{Name: "lab2", Servers: addrs("198.51.100.54")}
	for _, p := range []profile.Provider{labProvider, second} {
		sw := NewDNSSwitch(r.cfg())
		if _, err := sw.Apply(ctx, p); err != nil {
			t.Fatal(err)
		}
		if err := sw.Keep(); err != nil {
			t.Fatal(err)
		}
	}
	if !containsLine(r.content(t), "nameserver 198.51.100.54") {
		t.Fatalf("the second kept change is not in place:\n%s", r.content(t))
	}
	kept, err := ReadKeptJournal(r.dir)
	if err != nil || kept == nil || string(kept.Snapshot.ResolvConf.Raw) != string(r.orig) {
		t.Fatalf("the kept journal must hold the settings from before the first change: %+v %v", kept, err)
	}
	if fi, err := os.Stat(filepath.Join(r.dir, KeptJournalFile)); err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("kept journal: %v, mode %v", err, fi)
	}
	if j, err := RestoreIfInterrupted(ctx, r.cfg()); err != nil || j != nil {
		t.Fatalf("start-up restore must leave a kept change alone: %+v %v", j, err)
	}
	if !containsLine(r.content(t), "nameserver 198.51.100.54") {
		t.Fatal("start-up restore undid a kept change")
	}
	j, err := RestoreOriginal(ctx, r.cfg())
	if err != nil || j == nil || j.Provider != "lab" {
		t.Fatalf("RestoreOriginal: %+v %v", j, err)
	}
	if r.content(t) != string(r.orig) {
		t.Errorf("restore must give back the original bytes, got:\n%s", r.content(t))
	}
	if k, _ := ReadKeptJournal(r.dir); k != nil {
		t.Error("the kept journal must go once restored")
	}
	if j, err := RestoreOriginal(ctx, r.cfg()); err != nil || j != nil {
		t.Errorf("a second restore has nothing to do: %+v %v", j, err)
	}
}
