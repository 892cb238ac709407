package fixes

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
)

// inUTC runs the test with the scheduler's zone set to UTC, so that the
// Windows task's start time (local time, as schtasks takes it) is exact.
func inUTC(t *testing.T) {
	old := schedulerZone
	schedulerZone = func() *time.Location { return time.UTC }
	t.Cleanup(func() { schedulerZone = old })
}

// TestSchedulerAndDisarmPlans: the OS schedulers' backups of the watchdog
// and their removal, as argv, for every OS. The root side runs them, so
// none asks for elevation again.
func TestSchedulerAndDisarmPlans(t *testing.T) {
	inUTC(t)
	created := time.Date(2026, 12, 7, 14, 0, 0, 5, time.UTC)
	deadline := created.Add(DefaultRevertAfter)
	for _, tc := range []struct {
		goos, exe, dir string
		arm, disarm    []string // argv, program first
	}{
		{"linux", "/usr/bin/gateway-doctor", "/home/ana/.config/gateway-doctor", []string{"systemd-run",
			"--unit=gateway-doctor-revert-1796652000000000005", "--on-calendar=2026-12-07 14:01:30 UTC", "--timer-property=AccuracySec=1s",
			"--description=Gateway Doctor: put the previous DNS settings back", "--", "/usr/bin/gateway-doctor",
			"privileged", "watchdog", "/home/ana/.config/gateway-doctor", "1796652000000000005", "1796652090000000005"},
			[]string{"systemctl", "stop", "gateway-doctor-revert-1796652000000000005.timer"}},
		{"darwin", "/Applications/Gateway Doctor.app/Contents/MacOS/gateway-doctor", "/Users/ana/Library/Application Support/gateway-doctor", []string{"/bin/launchctl",
			"submit", "-l", "org.gatewaydoctor.revert.1796652000000000005", "--", "/Applications/Gateway Doctor.app/Contents/MacOS/gateway-doctor",
			"privileged", "watchdog", "/Users/ana/Library/Application Support/gateway-doctor", "1796652000000000005", "1796652090000000005"},
			[]string{"/bin/launchctl", "remove", "org.gatewaydoctor.revert.1796652000000000005"}},
		{"windows", `C:\Program Files\Gateway Doctor\gateway-doctor.exe`, `C:\Users\Ana Maria\AppData\Roaming\gateway-doctor`, []string{"schtasks.exe",
			"/Create", "/F", "/RU", "SYSTEM", "/RL", "HIGHEST", "/SC", "ONCE", "/TN", `GatewayDoctor\Revert-1796652000000000005`, "/ST", "14:02", "/TR",
			`"C:\Program Files\Gateway Doctor\gateway-doctor.exe" privileged watchdog "C:\Users\Ana Maria\AppData\Roaming\gateway-doctor" 1796652000000000005 1796652090000000005`},
			[]string{"schtasks.exe", "/Delete", "/F", "/TN", `GatewayDoctor\Revert-1796652000000000005`}},
	} {
		c, err := SchedulerPlan(tc.goos, tc.exe, tc.dir, created, deadline)
		if err != nil {
			t.Fatalf("%s: %v", tc.goos, err)
		}
		if got := c.Argv(); !slices.Equal(got, tc.arm) || c.Elevated {
			t.Errorf("%s arm (elevated %v):\n got %q\nwant %q", tc.goos, c.Elevated, got, tc.arm)
		}
		d, err := DisarmPlan(tc.goos, created)
		if err != nil {
			t.Fatalf("%s: %v", tc.goos, err)
		}
		if got := d.Argv(); !slices.Equal(got, tc.disarm) || d.Elevated {
			t.Errorf("%s disarm (elevated %v):\n got %q\nwant %q", tc.goos, d.Elevated, got, tc.disarm)
		}
	}
	for _, tc := range []struct {
		name, exe, dir string
		deadline       time.Time
	}{
		{"relative exe", "relative/gd", `C:\x`, deadline},
		{"a quote", `C:\evil" & calc & "\gd.exe`, `C:\x`, deadline},
		// schtasks' /SD follows the locale, so a task is only armed for today.
		{"past midnight", `C:\gd.exe`, `C:\x`, time.Date(2026, 12, 8, 0, 0, 30, 0, time.UTC)},
		{"a task line over 261 characters", `C:\gd.exe`, `C:\` + strings.Repeat("d", 250), deadline},
	} {
		if _, err := SchedulerPlan("windows", tc.exe, tc.dir, created, tc.deadline); !errors.Is(err, ErrInvalid) {
			t.Errorf("%s: err = %v, want ErrInvalid", tc.name, err)
		}
	}
	if _, err := DisarmPlan("plan9", created); err == nil {
		t.Error("a disarm plan for plan9")
	}
}

// Snapshots of the other OSes as their capturers record them.
var (
	winSnap = Snapshot{GOOS: "windows", Stack: Stack{Manager: ManagerWindows, Caches: []Cache{CacheWindows}}, Adapters: []Adapter{
		{Index: 12, GUID: "{4F9A2C11-0B3D-4E55-9A1B-2C3D4E5F6A7B}", Name: "Ethernet", IPv4: Family{Auto: true}, IPv6: Family{Auto: true}},
		{Index: 7, Name: "Wi-Fi", IPv4: Family{Static: addrs("192.0.2.53")}, IPv6: Family{Auto: true}}}}
	macSnap = Snapshot{GOOS: "darwin", Stack: Stack{Manager: ManagerMacOS, Caches: []Cache{CacheMacOS}},
		MacServices: []string{"Wi-Fi", "USB 10/100 LAN", "Thunderbolt Bridge"}, Adapters: []Adapter{
			{Service: "Wi-Fi", Name: "Wi-Fi", IPv4: Family{Auto: true}},
			{Service: "USB 10/100 LAN", Name: "USB 10/100 LAN", IPv4: Family{Static: addrs("192.0.2.53")}, IPv6: Family{Static: addrs("2001:db8::53")}}}}
	resolvedSnap = Snapshot{GOOS: "linux", Stack: Stack{Manager: ManagerResolved}, Adapters: []Adapter{{Index: 2, Name: "eth0", IPv4: Family{Auto: true}}}}
)

// pendingIn writes a pending journal of snap, as the app does before it
// asks for the elevated apply.
func pendingIn(t *testing.T, dir string, snap Snapshot) *Journal {
	t.Helper()
	j := Journal{CreatedAt: time.Date(2026, 12, 7, 14, 0, 0, 5, time.UTC), PID: 4242, Provider: "lab", Servers: addrs("198.51.100.53", "2001:db8::1"), Snapshot: snap}
	if err := WriteJournal(dir, j); err != nil {
		t.Fatal(err)
	}
	return &j
}

func commandStrings(steps []Step) []string {
	var out []string
	for _, s := range steps {
		out = append(out, s.Command.String())
	}
	return out
}

// TestApplyPrivilegedOnEveryOS: the root side of the one elevated apply,
// with GOOS injected: it records the journal's dir for the uninstaller,
// starts the watchdog, arms the scheduler's backup with the exact argv on
// Windows and macOS (and nothing on Linux), then applies the plan, in that
// order.
func TestApplyPrivilegedOnEveryOS(t *testing.T) {
	inUTC(t)
	for _, tc := range []struct {
		goos, exe string
		snap      Snapshot
		backup    bool
	}{
		{"windows", `C:\Program Files\Gateway Doctor\gateway-doctor.exe`, winSnap, true},
		{"darwin", "/Applications/Gateway Doctor.app/Contents/MacOS/gateway-doctor", macSnap, true},
		{"linux", "/usr/bin/gateway-doctor", resolvedSnap, false},
	} {
		t.Run(tc.goos, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "gateway-doctor")
			if tc.goos == "windows" {
				// A Windows path, as the root side there gets it: on this
				// host it is one file name in the working directory.
				t.Chdir(t.TempDir())
				dir = `C:\Users\Ana Maria\AppData\Roaming\gateway-doctor`
			}
			j := pendingIn(t, dir, tc.snap)
			deadline := j.CreatedAt.Add(DefaultRevertAfter)
			var order []string
			rec := &recorder{fail: func(c Command) error { order = append(order, "run "+c.Path); return nil }}
			var started []Command
			root := t.TempDir()
			env := PrivilegedEnv{GOOS: tc.goos, Exe: tc.exe, Runner: rec, PointerRoot: filepath.Join(root, "pending"),
				StartDetached: func(c Command) error {
					started = append(started, c)
					order = append(order, "detach")
					if entries, _ := os.ReadDir(filepath.Join(root, "pending")); len(entries) == 1 {
						order = append(order, "pointer recorded")
					}
					return nil
				}}
			if err := ApplyPrivileged(context.Background(), env, dir, j.CreatedAt, deadline); err != nil {
				t.Fatal(err)
			}
			if want := watchdogCommand(dir, j.CreatedAt, deadline); len(started) != 1 || started[0].String() != want.String() {
				t.Fatalf("started %q, want the watchdog %s", started, want)
			}
			plan, err := SwitchPlan(tc.snap, j.Servers)
			if err != nil {
				t.Fatal(err)
			}
			want := commandStrings(plan)
			if tc.backup {
				arm, err := SchedulerPlan(tc.goos, tc.exe, dir, j.CreatedAt, deadline)
				if err != nil {
					t.Fatal(err)
				}
				want = append([]string{arm.String()}, want...)
			}
			if !slices.Equal(rec.ran, want) {
				t.Fatalf("ran:\n%s\nwant:\n%s", strings.Join(rec.ran, "\n"), strings.Join(want, "\n"))
			}
			if len(order) < 2 || order[0] != "detach" || order[1] != "pointer recorded" {
				t.Fatalf("order %q: the pointer must be recorded before the watchdog starts, and the watchdog before anything runs", order)
			}
			dirs, err := PointedDirs(env.PointerRoot, tc.goos)
			if err != nil || !slices.Equal(dirs, []string{dir}) {
				t.Fatalf("pointers = %q, %v; want the journal's dir", dirs, err)
			}
		})
	}
}

// TestApplyPrivilegedBackupNotArmedIsNotFatal: a scheduler that refuses
// (a policy, a missing launchctl) leaves the change guarded by the watchdog
// alone: the change is still applied.
func TestApplyPrivilegedBackupNotArmedIsNotFatal(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "gateway-doctor")
	j := pendingIn(t, dir, macSnap)
	rec := &recorder{fail: func(c Command) error {
		if c.Path == "/bin/launchctl" {
			return errors.New("launchctl: not permitted")
		}
		return nil
	}}
	env := PrivilegedEnv{GOOS: "darwin", Exe: "/usr/local/bin/gateway-doctor", Runner: rec, PointerRoot: t.TempDir(), StartDetached: func(Command) error { return nil }}
	if err := ApplyPrivileged(context.Background(), env, dir, j.CreatedAt, j.CreatedAt.Add(time.Minute)); err != nil {
		t.Fatal(err)
	}
	if n := len(rec.ran); n != 3 || !strings.Contains(rec.ran[2], "networksetup") {
		t.Fatalf("ran %q: want the arm, then both services switched", rec.ran)
	}
}

// TestStrictSnapshot: the root side acts only on a snapshot of its own OS's
// DNS stack, with every identifier and address of the form its plans use.
func TestStrictSnapshot(t *testing.T) {
	servers := addrs("198.51.100.53")
	edit := func(s Snapshot, f func(*Snapshot)) Snapshot {
		c := s
		c.Adapters = slices.Clone(s.Adapters)
		c.MacServices = slices.Clone(s.MacServices)
		f(&c)
		return c
	}
	for _, tc := range []struct {
		name string
		goos string
		snap Snapshot
		ok   bool
	}{
		{"windows", "windows", winSnap, true},
		{"darwin", "darwin", macSnap, true},
		{"resolved", "linux", resolvedSnap, true},
		{"a macOS snapshot on Windows", "windows", macSnap, false},
		{"a Windows snapshot on macOS", "darwin", winSnap, false},
		{"a Windows snapshot relabelled", "darwin", edit(winSnap, func(s *Snapshot) { s.GOOS = "darwin" }), false},
		{"windows: index 0", "windows", edit(winSnap, func(s *Snapshot) { s.Adapters[0].Index = 0 }), false},
		{"windows: index past int32", "windows", edit(winSnap, func(s *Snapshot) { s.Adapters[0].Index = 1 << 40 }), false},
		{"windows: a GUID with text", "windows", edit(winSnap, func(s *Snapshot) { s.Adapters[0].GUID = "{x}; Remove-Item" }), false},
		{"windows: a service name", "windows", edit(winSnap, func(s *Snapshot) { s.Adapters[0].Service = "Wi-Fi" }), false},
		{"windows: a resolv.conf", "windows", edit(winSnap, func(s *Snapshot) { s.ResolvConf = &ResolvConfState{Path: `C:\x`} }), false},
		{"windows: a zoned address", "windows", edit(winSnap, func(s *Snapshot) { s.Adapters[1].IPv6.Static = addrs("fe80::1%eth0") }), false},
		{"windows: too many adapters", "windows", edit(winSnap, func(s *Snapshot) {
			for len(s.Adapters) <= maxStrictAdapters {
				s.Adapters = append(s.Adapters, s.Adapters[0])
			}
		}), false},
		{"darwin: a service not listed", "darwin", edit(macSnap, func(s *Snapshot) { s.Adapters[0].Service = "Ethernet" }), false},
		{"darwin: a listed name that reads as an option", "darwin", edit(macSnap, func(s *Snapshot) {
			s.MacServices = append(s.MacServices, "-setv6off")
			s.Adapters[0].Service = "-setv6off"
		}), false},
		{"darwin: a listed name with a newline", "darwin", edit(macSnap, func(s *Snapshot) { s.MacServices = append(s.MacServices, "Wi\nFi") }), false},
		{"darwin: an index", "darwin", edit(macSnap, func(s *Snapshot) { s.Adapters[0].Index = 3 }), false},
		{"linux: a resolv.conf elsewhere", "linux", Snapshot{GOOS: "linux", Stack: Stack{Manager: ManagerUnmanaged}, ResolvConf: &ResolvConfState{Path: "/etc/passwd"}}, false},
		{"linux: a Windows manager", "linux", edit(winSnap, func(s *Snapshot) { s.GOOS = "linux" }), false},
	} {
		err := strictSnapshot(tc.goos, tc.snap, servers)
		if (err == nil) != tc.ok || (err != nil && !errors.Is(err, ErrInvalid)) {
			t.Errorf("%s: err = %v, want ok %v", tc.name, err, tc.ok)
		}
	}
	if err := strictSnapshot("windows", winSnap, addrs("198.51.100.53", "0.0.0.0")); !errors.Is(err, ErrInvalid) {
		t.Errorf("an unspecified server: err = %v", err)
	}
}

// TestWatchdogDisarmsOnEveryOutcome: on Windows and macOS, whatever ends
// the watchdog (the change kept, undone by the app, reverted at the
// deadline, a later change, a revert that failed) it removes its scheduler
// job, exactly once and last; the uninstaller's pointer goes once the dir
// holds no journal, and stays for a kept change.
func TestWatchdogDisarmsOnEveryOutcome(t *testing.T) {
	for _, goos := range []string{"windows", "darwin"} {
		for _, tc := range []struct {
			name      string
			before    func(t *testing.T, dir string)
			other     bool
			fail      bool // the revert's commands fail
			reverted  bool
			wantErr   bool
			keepsNote bool // the pointer stays
		}{
			{name: "kept", before: func(t *testing.T, dir string) {
				if err := keepJournal(dir); err != nil {
					t.Fatal(err)
				}
			}, keepsNote: true},
			{name: "undone by the app", before: func(t *testing.T, dir string) {
				if err := RemoveJournal(dir); err != nil {
					t.Fatal(err)
				}
			}},
			{name: "reverted at the deadline", reverted: true},
			{name: "a later change", other: true, keepsNote: true},
			{name: "the revert failed", fail: true, wantErr: true, keepsNote: true},
		} {
			t.Run(goos+"/"+tc.name, func(t *testing.T) {
				snap := map[string]Snapshot{"windows": winSnap, "darwin": macSnap}[goos]
				dir := filepath.Join(t.TempDir(), "gateway-doctor")
				j := pendingIn(t, dir, snap)
				root := filepath.Join(t.TempDir(), "pending")
				if err := recordPointer(root, goos, dir); err != nil {
					t.Fatal(err)
				}
				if tc.before != nil {
					tc.before(t, dir)
				}
				created := j.CreatedAt
				if tc.other {
					created = created.Add(-time.Hour)
				}
				rec := &recorder{}
				if tc.fail {
					rec.fail = func(c Command) error {
						if c.Path == "powershell.exe" || c.Path == "networksetup" {
							return errors.New("adapter gone")
						}
						return nil
					}
				}
				clock := &wdClock{now: j.CreatedAt}
				env := PrivilegedEnv{GOOS: goos, Runner: rec, Now: clock.Now, Sleep: clock.Sleep, PointerRoot: root}
				deadline := j.CreatedAt.Add(DefaultRevertAfter)
				err := RunPrivileged(context.Background(), env, []string{ActWatchdog, dir, strconv.FormatInt(created.UnixNano(), 10), strconv.FormatInt(deadline.UnixNano(), 10)})
				if (err != nil) != tc.wantErr {
					t.Fatalf("err = %v, want an error %v", err, tc.wantErr)
				}
				disarm, _ := DisarmPlan(goos, created)
				n := 0
				for _, r := range rec.ran {
					if r == disarm.String() {
						n++
					}
				}
				if n != 1 || rec.ran[len(rec.ran)-1] != disarm.String() {
					t.Fatalf("ran %q: want %s once, last", rec.ran, disarm)
				}
				restore, _ := RestorePlan(snap)
				if got := len(rec.ran) - 1; (got >= len(restore)) != (tc.reverted || tc.fail) {
					t.Fatalf("ran %q: reverted %v", rec.ran, tc.reverted)
				}
				if tc.reverted {
					if j, _ := ReadJournal(dir); j != nil {
						t.Fatal("the journal is left after the revert")
					}
				}
				if goos == "windows" {
					return // this host's temp dir is no Windows path: TestPointersOnWindows
				}
				dirs, _ := PointedDirs(root, goos)
				if (len(dirs) == 1) != tc.keepsNote {
					t.Fatalf("pointers %q, want kept %v", dirs, tc.keepsNote)
				}
			})
		}
	}
}

// TestLinuxWatchdogArmsNoScheduler: on Linux the watchdog removes no job
// (none was armed: a unit would run in PID 1's mount namespace).
func TestLinuxWatchdogArmsNoScheduler(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "gateway-doctor")
	j := pendingIn(t, dir, resolvedSnap)
	if err := RemoveJournal(dir); err != nil {
		t.Fatal(err)
	}
	rec := &recorder{}
	env := PrivilegedEnv{GOOS: "linux", Runner: rec, PointerRoot: t.TempDir()}
	if err := RunPrivileged(context.Background(), env, ArmArgs(ActWatchdog, dir, j.CreatedAt, j.CreatedAt.Add(time.Minute))[1:]); err != nil {
		t.Fatal(err)
	}
	if len(rec.ran) != 0 {
		t.Fatalf("ran %q", rec.ran)
	}
}

// TestPointers: `restore --all` follows a pointer only to a plain
// directory of the account it is named after, and reads only its journals.
func TestPointers(t *testing.T) {
	root := filepath.Join(t.TempDir(), "pending")
	dir := filepath.Join(t.TempDir(), "moved", "gateway-doctor")
	pendingIn(t, dir, resolvedSnap)
	if err := recordPointer(root, "linux", dir); err != nil {
		t.Fatal(err)
	}
	uid := strconv.Itoa(os.Getuid())
	if b, err := os.ReadFile(filepath.Join(root, uid)); err != nil || string(b) != dir+"\n" {
		t.Fatalf("pointer %s = %q, %v", uid, b, err)
	}
	if dirs, err := PointedDirs(root, "linux"); err != nil || !slices.Equal(dirs, []string{dir}) {
		t.Fatalf("dirs = %q, %v", dirs, err)
	}
	// A kept change keeps its pointer; only a dir without journals lets go.
	if err := keepJournal(dir); err != nil {
		t.Fatal(err)
	}
	if err := ForgetPointers(root, "linux", ""); err != nil {
		t.Fatal(err)
	}
	if dirs, _ := PointedDirs(root, "linux"); len(dirs) != 1 {
		t.Fatalf("a kept change lost its pointer: %q", dirs)
	}

	write := func(name, content string) {
		if err := os.WriteFile(filepath.Join(root, name), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	link := filepath.Join(t.TempDir(), "link")
	if err := os.Symlink(dir, link); err != nil {
		t.Fatal(err)
	}
	other := filepath.Join(t.TempDir(), "other")
	pendingIn(t, other, resolvedSnap)
	if err := os.Symlink("/etc/shadow", filepath.Join(other, KeptJournalFile)); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name, content string
		keeps         int // good pointers left beside it
	}{
		{"4242", dir + "\n", 1},            // the dir is not account 4242's
		{"x1", "relative/dir\n", 1},        // not absolute
		{"x2", dir + "/../x\n", 1},         // not clean
		{"x3", dir, 1},                     // not a whole line
		{"x4", link + "\n", 1},             // a symbolic link
		{"x5", dir + "\n" + dir + "\n", 1}, // two lines
		{uid, other + "\n", 0},             // a journal that is a link (it replaces the good pointer)
	} {
		write(tc.name, tc.content)
		dirs, err := PointedDirs(root, "linux")
		if !errors.Is(err, ErrInvalid) || !strings.Contains(err.Error(), "pointer "+tc.name+":") || len(dirs) != tc.keeps {
			t.Errorf("pointer %s %q: dirs %q, err %v; want it refused", tc.name, tc.content, dirs, err)
		}
		if tc.keeps == 1 {
			os.Remove(filepath.Join(root, tc.name))
		} else {
			write(uid, dir+"\n")
		}
	}
	// A pointer to a dir without journals is not an error: it is stale.
	empty := t.TempDir()
	write(uid, empty+"\n")
	if dirs, err := PointedDirs(root, "linux"); err != nil || len(dirs) != 0 {
		t.Fatalf("stale pointer: %q, %v", dirs, err)
	}
	if err := ForgetPointers(root, "linux", ""); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(root, uid)); !errors.Is(err, os.ErrNotExist) {
		t.Fatal("a stale pointer was not removed")
	}
}

// TestPointersOfAnotherAccount (root): a pointer named after account 1000
// is followed only to a dir that account owns, and a journal root left in
// it (not the account's) is refused.
func TestPointersOfAnotherAccount(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("needs root: it gives a directory to another account (chown)")
	}
	root := t.TempDir()
	dir := filepath.Join(t.TempDir(), "gateway-doctor")
	pendingIn(t, dir, resolvedSnap)
	for _, p := range []string{dir, filepath.Join(dir, JournalFile)} {
		if err := os.Lchown(p, 1000, 1000); err != nil {
			t.Fatal(err)
		}
	}
	if err := recordPointer(root, "linux", dir); err != nil {
		t.Fatal(err)
	}
	if dirs, err := PointedDirs(root, "linux"); err != nil || !slices.Equal(dirs, []string{dir}) {
		t.Fatalf("dirs %q, %v; want account 1000's dir", dirs, err)
	}
	if _, err := os.Stat(filepath.Join(root, "1000")); err != nil {
		t.Fatalf("the pointer is not named after the owner: %v", err)
	}
	if err := os.Lchown(filepath.Join(dir, JournalFile), 0, 0); err != nil {
		t.Fatal(err)
	}
	if dirs, err := PointedDirs(root, "linux"); !errors.Is(err, ErrInvalid) || len(dirs) != 0 {
		t.Fatalf("a root-owned journal in account 1000's dir: dirs %q, %v", dirs, err)
	}
}

// TestRestoreAllStrict: `restore --all` runs as root over journals other
// accounts wrote; in strict mode a journal that names any file but the
// system resolv.conf is refused and nothing is written.
func TestRestoreAllStrict(t *testing.T) {
	r := newRig(t)
	applyPending(t, r)
	cfg := r.cfg()
	cfg.Strict = true
	restored, err := RestoreAll(context.Background(), cfg, []string{r.dir})
	if !errors.Is(err, ErrInvalid) || len(restored) != 0 {
		t.Fatalf("restored %q, %v; want ErrInvalid", restored, err)
	}
	if r.content(t) == string(r.orig) {
		t.Fatal("a journal naming another file was acted on")
	}
	if j, _ := ReadJournal(r.dir); j == nil {
		t.Fatal("the journal of a refused restore is gone")
	}
}

// TestPointersOnWindows: there the pointer is named by a hash of the path,
// which ties the name to the content; a renamed pointer is refused.
func TestPointersOnWindows(t *testing.T) {
	t.Chdir(t.TempDir()) // a Windows path is one file name here
	root := filepath.Join(t.TempDir(), "pending")
	dir := `C:\Users\Ana Maria\AppData\Roaming\gateway-doctor`
	pendingIn(t, dir, winSnap)
	if err := recordPointer(root, "windows", dir); err != nil {
		t.Fatal(err)
	}
	if dirs, err := PointedDirs(root, "windows"); err != nil || !slices.Equal(dirs, []string{dir}) {
		t.Fatalf("dirs = %q, %v", dirs, err)
	}
	entries, _ := os.ReadDir(root)
	if len(entries) != 1 || !strings.HasPrefix(entries[0].Name(), "d-") {
		t.Fatalf("pointers %v", entries)
	}
	if err := os.Rename(filepath.Join(root, entries[0].Name()), filepath.Join(root, "d-0123")); err != nil {
		t.Fatal(err)
	}
	if dirs, err := PointedDirs(root, "windows"); !errors.Is(err, ErrInvalid) || len(dirs) != 0 {
		t.Fatalf("a renamed pointer: %q, %v", dirs, err)
	}
	if err := RemoveJournal(dir); err != nil {
		t.Fatal(err)
	}
	if err := ForgetPointers(root, "windows", dir); err != nil {
		t.Fatal(err)
	}
	if entries, _ := os.ReadDir(root); len(entries) != 0 {
		t.Fatalf("the pointer of an undone change stays: %v", entries)
	}
}
