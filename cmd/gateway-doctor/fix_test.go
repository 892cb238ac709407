package main

import (
	"bytes"
	"context"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"gatewaydoctor/fixes"
)

// testIO is a fixIO with buffers and a countdown that ends when fired.
func testIO(stdin io.Reader) (fixIO, *bytes.Buffer, *bytes.Buffer) {
	var out, errb bytes.Buffer
	return fixIO{in: stdin, out: &out, err: &errb, countdown: fixes.KeepCountdown, after: time.After}, &out, &errb
}

func TestFixFlagsAnywhere(t *testing.T) {
	f, err := parseFixFlags("fix", []string{"switch_dns", "--yes", "--provider", "lab", "https://shop.example/", "--keep"}, io.Discard)
	if err != nil || !f.yes || !f.keep || f.provider != "lab" || len(f.pos) != 2 || f.pos[0] != "switch_dns" || f.pos[1] != "https://shop.example/" {
		t.Errorf("%+v %v", f, err)
	}
	if _, err := parseFixFlags("fix", []string{"--nope"}, io.Discard); err == nil {
		t.Error("an unknown flag must be an error")
	}
}

func TestFixAskKeep(t *testing.T) {
	for _, tc := range []struct {
		name  string
		stdin io.Reader
		fire  bool
		want  bool
	}{
		{"yes keeps", strings.NewReader("y\n"), false, true},
		{"YES keeps", strings.NewReader("YES\n"), false, true},
		{"no reverts", strings.NewReader("n\n"), false, false},
		{"anything else reverts", strings.NewReader("maybe\n"), false, false},
		{"closed stdin reverts", strings.NewReader(""), false, false},
		{"the countdown ending reverts", blockingReader{}, true, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			fio, out, _ := testIO(tc.stdin)
			var asked time.Duration
			fio.after = func(d time.Duration) <-chan time.Time {
				asked = d
				ch := make(chan time.Time, 1)
				if tc.fire {
					ch <- time.Time{}
				}
				return ch
			}
			if got := fio.askKeep(context.Background()); got != tc.want {
				t.Errorf("askKeep = %v, want %v; output %q", got, tc.want, out)
			}
			if asked != fixes.KeepCountdown || !strings.Contains(out.String(), "Keep these settings? [y/N]") || !strings.Contains(out.String(), "30 seconds") {
				t.Errorf("countdown %v, output %q", asked, out)
			}
		})
	}
}

// blockingReader never answers: a user who walked away.
type blockingReader struct{}

func (blockingReader) Read([]byte) (int, error) { select {} }

func TestFixUsageErrors(t *testing.T) {
	t.Setenv(fixes.ConfigDirEnv, t.TempDir())
	for _, args := range [][]string{{}, {"nope"}, {"private_window", "javascript:alert(1)"}, {"private_window", "https://a.example/", "extra"}, {"--bogus", "retest"}} {
		fio, _, errb := testIO(strings.NewReader(""))
		if code := fio.fix(args); code != exitUsage {
			t.Errorf("fix %q: exit %d, want %d (stderr %q)", args, code, exitUsage, errb)
		}
	}
}

func TestFixDisabledByProfile(t *testing.T) {
	t.Setenv(fixes.ConfigDirEnv, t.TempDir())
	p := filepath.Join(t.TempDir(), "p.toml")
	os.WriteFile(p, []byte("[dns]\nallow_switch = false\n[fixes]\ndisabled = [\"flush_dns\"]\n"), 0o644)
	for _, id := range []string{"flush_dns", "switch_dns"} {
		fio, out, errb := testIO(strings.NewReader("y\n"))
		if code := fio.fix([]string{id, "--profile", p}); code != exitProblem || !strings.Contains(errb.String(), "do not offer") || out.Len() != 0 {
			t.Errorf("%s: exit %d, stdout %q, stderr %q", id, code, out, errb)
		}
	}
}

func TestFixDeclineChangesNothing(t *testing.T) {
	t.Setenv(fixes.ConfigDirEnv, t.TempDir())
	fio, out, _ := testIO(strings.NewReader("n\n"))
	if code := fio.fix([]string{"flush_dns"}); code != exitProblem || !strings.Contains(out.String(), "Nothing was changed") || strings.Contains(out.String(), "ran:") {
		t.Errorf("exit %d:\n%s", code, out)
	}
}

func TestFixGuidanceAndContact(t *testing.T) {
	t.Setenv(fixes.ConfigDirEnv, t.TempDir())
	fio, out, _ := testIO(strings.NewReader(""))
	if code := fio.fix([]string{"restart_computer"}); code != exitOK || !strings.Contains(out.String(), "1. Save your work") {
		t.Errorf("guidance: exit %d\n%s", code, out)
	}
	p := filepath.Join(t.TempDir(), "p.toml")
	os.WriteFile(p, []byte("[helpdesk]\nname = \"Example IT\"\nemail = \"help@example.org\"\n"), 0o644)
	fio, out, _ = testIO(strings.NewReader(""))
	if code := fio.fix([]string{"contact_helpdesk", "--profile", p, "https://shop.example/"}); code != exitOK ||
		!strings.Contains(out.String(), "To: Example IT, help@example.org") || !strings.Contains(out.String(), "Subject: I cannot open https://shop.example/") {
		t.Errorf("contact: exit %d\n%s", code, out)
	}
}

func TestRestoreNothingToDo(t *testing.T) {
	t.Setenv(fixes.ConfigDirEnv, t.TempDir())
	fio, out, _ := testIO(strings.NewReader(""))
	if code := fio.restore(nil); code != exitOK || !strings.Contains(out.String(), "nothing to put back") {
		t.Errorf("exit %d: %s", code, out)
	}
	if code := fio.restore([]string{"extra"}); code != exitUsage {
		t.Errorf("restore with an argument: exit %d", code)
	}
}

// A journal left by a crash is restored by `restore` and by the start-up
// restore of `fix`, byte for byte. The unmanaged resolv.conf here is a temp
// file, so no root and no namespace are needed.
func TestRestoreFromJournalAndAtStartUp(t *testing.T) {
	for _, how := range []string{"restore", "fix"} {
		t.Run(how, func(t *testing.T) {
			dir := t.TempDir()
			t.Setenv(fixes.ConfigDirEnv, dir)
			rc := filepath.Join(t.TempDir(), "resolv.conf")
			orig := []byte("# mine\nnameserver 192.0.2.1")
			os.WriteFile(rc, []byte("nameserver 198.51.100.53\n"), 0o644)
			j := fixes.Journal{CreatedAt: time.Now(), Provider: "lab", Snapshot: fixes.Snapshot{GOOS: "linux",
				Stack: fixes.Stack{Manager: fixes.ManagerUnmanaged}, ResolvConf: &fixes.ResolvConfState{Path: rc, Raw: orig, Mode: 0o644}}}
			if err := fixes.WriteJournal(dir, j); err != nil {
				t.Fatal(err)
			}
			fio, out, errb := testIO(strings.NewReader(""))
			var code int
			if how == "restore" {
				code = fio.restore(nil)
			} else {
				code = fio.fix([]string{"restart_computer"})
			}
			got, _ := os.ReadFile(rc)
			if code != exitOK || string(got) != string(orig) || !strings.Contains(out.String(), "previous DNS settings are back") {
				t.Errorf("exit %d, file %q\nstdout %s\nstderr %s", code, got, out, errb)
			}
			if j, _ := fixes.ReadJournal(dir); j != nil {
				t.Error("journal left")
			}
		})
	}
}
