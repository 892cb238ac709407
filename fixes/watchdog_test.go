package fixes

import (
	"context"
	"encoding/base64"
	"errors"
	"os"
	"slices"
	"testing"
	"time"
)

// wdClock is the watchdog's injected clock: Sleep advances it.
type wdClock struct{ now time.Time }

func (c *wdClock) Now() time.Time { return c.now }
func (c *wdClock) Sleep(_ context.Context, d time.Duration) error {
	c.now = c.now.Add(d)
	return nil
}

// applyPending applies a switch in the rig and leaves it pending, as a
// killed app would.
func applyPending(t *testing.T, r *unmanagedRig) *Journal {
	t.Helper()
	s := NewDNSSwitch(r.cfg())
	if _, err := s.Apply(context.Background(), labProvider); err != nil {
		t.Fatal(err)
	}
	s.lock.release() // the app is gone: the kernel drops its lock
	j, err := ReadJournal(r.dir)
	if err != nil || j == nil {
		t.Fatalf("journal: %v %v", j, err)
	}
	return j
}

func TestWatchdog(t *testing.T) {
	for _, tc := range []struct {
		name   string
		before func(t *testing.T, r *unmanagedRig, j *Journal) // what the app did meanwhile
		other  bool                                            // the watchdog was armed for another change
		want   RevertResult
		orig   bool // the original file is back
	}{
		{name: "app killed: reverted at the deadline", want: RevertDone, orig: true},
		{name: "kept: disarmed", before: func(t *testing.T, r *unmanagedRig, j *Journal) {
			if err := keepJournal(r.dir); err != nil {
				t.Fatal(err)
			}
		}, want: RevertDisarmed},
		{name: "undone by the app: disarmed", before: func(t *testing.T, r *unmanagedRig, j *Journal) {
			if err := WriteResolvConf(r.path, r.orig, 0o644); err != nil {
				t.Fatal(err)
			}
			if err := RemoveJournal(r.dir); err != nil {
				t.Fatal(err)
			}
		}, want: RevertDisarmed, orig: true},
		{name: "a later change is not this watchdog's", other: true, want: RevertDisarmed},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := newRig(t)
			j := applyPending(t, r)
			if tc.before != nil {
				tc.before(t, r, j)
			}
			clock := &wdClock{now: j.CreatedAt}
			created := j.CreatedAt
			if tc.other {
				created = created.Add(-time.Hour)
			}
			w := Watchdog{Dir: r.dir, Created: created, Deadline: j.CreatedAt.Add(DefaultRevertAfter), Runner: &recorder{}, Now: clock.Now, Sleep: clock.Sleep}
			got, err := w.Run(context.Background())
			if err != nil || got != tc.want {
				t.Fatalf("Run = %q, %v; want %q", got, err, tc.want)
			}
			if tc.want == RevertDone && clock.now.Before(w.Deadline) {
				t.Fatalf("reverted at %v, before the deadline %v", clock.now, w.Deadline)
			}
			if (r.content(t) == string(r.orig)) != tc.orig {
				t.Fatalf("file = %q, original back = %v, want %v", r.content(t), !tc.orig, tc.orig)
			}
			if tc.want == RevertDone {
				if j, _ := ReadJournal(r.dir); j != nil {
					t.Fatal("the journal is left after the revert")
				}
			}
		})
	}
}

// TestWatchdogWaitsForALiveApp: while the app holds the lock (it is
// applying an answer) the watchdog does not act; it gives up after
// watchdogLockWait and leaves the journal for the app.
func TestWatchdogWaitsForALiveApp(t *testing.T) {
	r := newRig(t)
	s := NewDNSSwitch(r.cfg())
	if _, err := s.Apply(context.Background(), labProvider); err != nil {
		t.Fatal(err)
	}
	defer s.lock.release()
	j, _ := ReadJournal(r.dir)
	clock := &wdClock{now: j.CreatedAt}
	w := Watchdog{Dir: r.dir, Created: j.CreatedAt, Deadline: j.CreatedAt.Add(time.Second), Runner: &recorder{}, Now: clock.Now, Sleep: clock.Sleep}
	if _, err := w.Run(context.Background()); !errors.Is(err, ErrBusy) {
		t.Fatalf("err = %v, want ErrBusy", err)
	}
	if r.content(t) == string(r.orig) {
		t.Fatal("the watchdog changed the file under a live app's lock")
	}
}

// TestPrivilegedRefusesWhatIsNotACatalogueAction: the privileged helper
// runs only its actions, with arguments it validates again; nothing runs
// when one is wrong.
func TestPrivilegedRefusesWhatIsNotACatalogueAction(t *testing.T) {
	uuid := "0a1b2c3d-0000-4000-8000-00000000abcd"
	good := base64.StdEncoding.EncodeToString([]byte("nameserver 192.0.2.1\n"))
	for _, args := range [][]string{
		nil,
		{"sh", "-c", "id"},
		{ActWriteResolvConf, "/etc/passwd", good},
		{ActWriteResolvConf, "/etc/../etc/resolv.conf", good},
		{ActWriteResolvConf, SystemResolvConf, base64.StdEncoding.EncodeToString([]byte("root::0:0::/:/bin/sh\n"))},
		{ActWriteResolvConf, SystemResolvConf, base64.StdEncoding.EncodeToString([]byte("nameserver $(reboot)\n"))},
		{ActWriteResolvConf, SystemResolvConf, "not base64!"},
		{ActWriteResolvConf, SystemResolvConf},
		{ActNMModify, "--help", "", "no", "", "no"},
		{ActNMModify, uuid, "192.0.2.1;reboot", "yes", "", "no"},
		{ActNMModify, uuid, "2001:db8::1", "yes", "", "no"}, // wrong family
		{ActNMModify, uuid, "192.0.2.1", "maybe", "", "no"},
		{ActNMUp, uuid + " --ask"},
		{ActWatchdog, "relative/dir", "1", "2"},
		{ActWatchdog, "/tmp/x/../y", "1", "2"},
		{ActApply, "/tmp/x", "soon", "2"},
	} {
		rec := &recorder{}
		err := RunPrivileged(context.Background(), PrivilegedEnv{Runner: rec}, args)
		if !errors.Is(err, ErrInvalid) {
			t.Errorf("%q: err = %v, want ErrInvalid", args, err)
		}
		if len(rec.ran) != 0 {
			t.Errorf("%q: ran %q", args, rec.ran)
		}
	}
	rec := &recorder{}
	if err := RunPrivileged(context.Background(), PrivilegedEnv{Runner: rec}, []string{ActNMModify, uuid, "192.0.2.1,192.0.2.2", "yes", "", "no"}); err != nil {
		t.Fatal(err)
	}
	want := `"nmcli" "connection" "modify" "0a1b2c3d-0000-4000-8000-00000000abcd" "ipv4.dns" "192.0.2.1,192.0.2.2" "ipv4.ignore-auto-dns" "yes" "ipv6.dns" "" "ipv6.ignore-auto-dns" "no"`
	if len(rec.ran) != 1 || rec.ran[0] != want {
		t.Fatalf("ran %q, want %s", rec.ran, want)
	}
}

// TestApplyStepsGoesThroughThePrivilegedHelper: a resolv.conf this process
// may not write is written by `gateway-doctor privileged`, elevated.
func TestApplyStepsGoesThroughThePrivilegedHelper(t *testing.T) {
	if os.Geteuid() == 0 {
		t.Skip("runs as root: every file is writable, so the helper is never needed (the namespace tests cover root)")
	}
	d := t.TempDir()
	path := d + "/resolv.conf"
	if err := os.WriteFile(path, []byte("nameserver 192.0.2.1\n"), 0o444); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(d, 0o555); err != nil {
		t.Fatal(err)
	}
	defer os.Chmod(d, 0o755)
	rec := &recorder{}
	data := []byte("nameserver 198.51.100.53\n")
	if _, err := ApplySteps(context.Background(), rec, []Step{{Write: &FileWrite{Path: path, Data: data, Mode: 0o644}}}); err != nil {
		t.Fatal(err)
	}
	want := Command{Path: SelfProgram, Args: []string{PrivilegedCommand, ActWriteResolvConf, path, base64.StdEncoding.EncodeToString(data)}, Elevated: true}.String()
	if len(rec.ran) != 1 || rec.ran[0] != want {
		t.Fatalf("ran %q, want %s", rec.ran, want)
	}
}

// TestApplyPrivilegedLeavesTheWatchdog: the root side starts the watchdog
// (this program, `privileged watchdog DIR CREATED DEADLINE`) before it
// changes anything, and refuses a journal that names another file.
func TestApplyPrivilegedLeavesTheWatchdog(t *testing.T) {
	created := time.Unix(0, 1796652000000000005)
	c := watchdogCommand("/home/ana/.config/gateway-doctor", created, created.Add(time.Minute))
	want := []string{SelfProgram, PrivilegedCommand, ActWatchdog, "/home/ana/.config/gateway-doctor", "1796652000000000005", "1796652060000000005"}
	if !slices.Equal(c.Argv(), want) || c.Elevated {
		t.Fatalf("watchdog = %q (elevated %v), want %q, not elevated again", c.Argv(), c.Elevated, want)
	}
	r := newRig(t) // its resolv.conf is not /etc/resolv.conf
	j := applyPending(t, r)
	started := 0
	env := PrivilegedEnv{Runner: &recorder{}, StartDetached: func(Command) error { started++; return nil }}
	if err := ApplyPrivileged(context.Background(), env, r.dir, j.CreatedAt, j.CreatedAt.Add(time.Minute)); !errors.Is(err, ErrInvalid) {
		t.Fatalf("err = %v, want ErrInvalid for a file other than %s", err, SystemResolvConf)
	}
	if err := ApplyPrivileged(context.Background(), env, r.dir, j.CreatedAt.Add(time.Second), j.CreatedAt.Add(time.Minute)); !errors.Is(err, ErrInvalid) {
		t.Fatalf("err = %v, want ErrInvalid for another change", err)
	}
	if started != 0 {
		t.Fatal("a watchdog was started for a refused change")
	}
}

// TestRestoreAllPutsBackEveryAccount: `restore --all` (the uninstallers)
// restores each account's recorded change, found from passwd.
func TestRestoreAllPutsBackEveryAccount(t *testing.T) {
	a, b := newRig(t), newRig(t)
	for _, r := range []*unmanagedRig{a, b} {
		applyPending(t, r)
	}
	cfg := a.cfg()
	restored, err := RestoreAll(context.Background(), cfg, []string{a.dir, b.dir})
	if err != nil || len(restored) != 2 {
		t.Fatalf("restored %q, %v", restored, err)
	}
	for _, r := range []*unmanagedRig{a, b} {
		if r.content(t) != string(r.orig) {
			t.Errorf("%s: file %q, want the original", r.dir, r.content(t))
		}
	}
	passwd := []byte("root:x:0:0:root:/root:/bin/bash\nana:x:1000:1000::/home/ana:/bin/bash\nnobody:x:65534:65534::/nonexistent:/usr/sbin/nologin\nbad line\n")
	t.Setenv(ConfigDirEnv, "")
	got := UserConfigDirs("linux", passwd, func(d string) bool { return d != "/nonexistent/.config/gateway-doctor" })
	if want := []string{"/root/.config/gateway-doctor", "/home/ana/.config/gateway-doctor"}; !slices.Equal(got, want) {
		t.Fatalf("dirs = %q, want %q", got, want)
	}
}
