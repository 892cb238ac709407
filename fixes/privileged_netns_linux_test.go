package fixes_test

import (
	"bufio"
	"context"
	"errors"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"

	"gatewaydoctor/fixes"
)

// nobodyUID is the account the app runs as in these tests: not root, so
// every change must go through pkexec.
const nobodyUID = 65534

// pkexecStandIn is what the tests put on PATH as pkexec (pkexec itself is
// not on CI): it hands its argument vector to the test, which runs it as
// root in the same namespace, and exits with the test's answer.
const pkexecStandIn = `#!/bin/sh
printf '%s\0' "$@" > "$PKEXEC_REQUEST" || exit 1
read code < "$PKEXEC_ANSWER" || exit 1
exit "$code"
`

// elevator is the root side of the stand-in: it records each argv, and
// runs it in the client namespace (or refuses, as a dismissed dialog).
type elevator struct {
	mu     sync.Mutex
	argvs  [][]string
	refuse bool
}

// nobodyLab is the lab with the app running as nobody.
type nobodyLab struct {
	*lab
	dir, bin, path string
	el             *elevator
}

func newNobodyLab(t *testing.T) *nobodyLab {
	t.Helper()
	l := newLab(t)
	// A directory nobody can read and run from: the binary, the stand-in,
	// the FIFOs and nobody's journal dir.
	dir, err := os.MkdirTemp("", "gd-nobody-*")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(os.Chmod(dir, 0o755))
	bin := filepath.Join(dir, "gateway-doctor")
	data, err := os.ReadFile(l.bin)
	must(err)
	must(os.WriteFile(bin, data, 0o755))
	pathDir := filepath.Join(dir, "bin")
	must(os.Mkdir(pathDir, 0o755))
	must(os.WriteFile(filepath.Join(pathDir, "pkexec"), []byte(pkexecStandIn), 0o755))
	for _, f := range []string{"request", "answer"} {
		must(syscall.Mkfifo(filepath.Join(dir, f), 0o666))
		must(os.Chmod(filepath.Join(dir, f), 0o666)) // past the umask
	}
	l.configDir = filepath.Join(dir, "config")
	must(os.Mkdir(l.configDir, 0o700))
	must(os.Chown(l.configDir, nobodyUID, nobodyUID))
	prof, err := os.ReadFile(l.profile)
	must(err)
	l.profile = filepath.Join(dir, "lab.toml")
	must(os.WriteFile(l.profile, prof, 0o644))
	nl := &nobodyLab{lab: l, dir: dir, bin: bin, path: pathDir + ":/usr/sbin:/usr/bin:/sbin:/bin", el: &elevator{}}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { defer close(done); nl.serve(ctx, t) }()
	t.Cleanup(func() {
		cancel()
		// Unblock the open of the request FIFO.
		if f, err := os.OpenFile(filepath.Join(dir, "request"), os.O_WRONLY, 0); err == nil {
			f.Close()
		}
		<-done
	})
	return nl
}

// serve answers the stand-in: one request at a time, as the app makes them.
func (nl *nobodyLab) serve(ctx context.Context, t *testing.T) {
	for ctx.Err() == nil {
		f, err := os.Open(filepath.Join(nl.dir, "request"))
		if err != nil {
			return
		}
		b, _ := io.ReadAll(f)
		f.Close()
		if ctx.Err() != nil || len(b) == 0 {
			continue
		}
		argv := strings.Split(strings.TrimSuffix(string(b), "\x00"), "\x00")
		nl.el.mu.Lock()
		nl.el.argvs = append(nl.el.argvs, argv)
		refuse := nl.el.refuse
		nl.el.mu.Unlock()
		code := 126 // pkexec: the dialog was dismissed
		if !refuse && len(argv) > 1 && argv[0] == nl.bin && argv[1] == fixes.PrivilegedCommand {
			cmd := nl.Client.Command(ctx, argv...)
			out, err := cmd.CombinedOutput()
			var ee *exec.ExitError
			switch {
			case err == nil:
				code = 0
			case errors.As(err, &ee):
				code = ee.ExitCode()
				t.Logf("root side %q: exit %d\n%s", argv, code, out)
			default:
				code = 1
				t.Logf("root side %q: %v", argv, err)
			}
		}
		a, err := os.OpenFile(filepath.Join(nl.dir, "answer"), os.O_WRONLY, 0)
		if err != nil {
			return
		}
		io.WriteString(a, strconv.Itoa(code)+"\n")
		a.Close()
	}
}

// runAsNobody runs the app as nobody in the client namespace.
func (nl *nobodyLab) runAsNobody(t *testing.T, args ...string) result {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), netnsStepTimeout)
	defer cancel()
	argv := append([]string{"setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "--", nl.bin}, args...)
	cmd := nl.Client.Command(ctx, argv...)
	cmd.Env = []string{"PATH=" + nl.path, "HOME=" + nl.dir, fixes.ConfigDirEnv + "=" + nl.configDir,
		"PKEXEC_REQUEST=" + filepath.Join(nl.dir, "request"), "PKEXEC_ANSWER=" + filepath.Join(nl.dir, "answer")}
	return runResult(t, cmd, "", args)
}

// TestPrivilegedNetnsAsAUser: the app runs as a user; the switch is one
// `pkexec gateway-doctor privileged apply …`, and the restore of the
// unmanaged resolv.conf one `pkexec gateway-doctor privileged
// write-resolv-conf …`; the file comes back byte for byte.
func TestPrivilegedNetnsAsAUser(t *testing.T) {
	guardHostResolver(t)
	nl := newNobodyLab(t)
	r := nl.runAsNobody(t, "fix", "switch_dns", "--yes", "--keep", "--provider", "lab", "--profile", nl.profile, "https://shop.lab.test/")
	if r.code != 0 || nl.file(t) != switched(originalResolvConf) {
		t.Fatalf("switch as nobody: exit %d, file %q\n%s", r.code, nl.file(t), r.out)
	}
	r = nl.runAsNobody(t, "restore")
	if r.code != 0 || nl.file(t) != originalResolvConf {
		t.Fatalf("restore as nobody: exit %d, file %q\n%s", r.code, nl.file(t), r.out)
	}
	nl.el.mu.Lock()
	defer nl.el.mu.Unlock()
	if len(nl.el.argvs) != 2 {
		t.Fatalf("pkexec ran %d times, want 2 (apply, write): %q", len(nl.el.argvs), nl.el.argvs)
	}
	apply, write := nl.el.argvs[0], nl.el.argvs[1]
	if len(apply) != 6 || apply[0] != nl.bin || apply[1] != fixes.PrivilegedCommand || apply[2] != fixes.ActApply || apply[3] != nl.configDir {
		t.Errorf("apply argv = %q", apply)
	}
	if len(write) != 5 || write[2] != fixes.ActWriteResolvConf || write[3] != fixes.SystemResolvConf {
		t.Errorf("write argv = %q", write)
	}
}

// TestPrivilegedNetnsRefusedAuthentication: a dismissed password dialog is
// a clear message, and nothing changed: the file and no journal left.
func TestPrivilegedNetnsRefusedAuthentication(t *testing.T) {
	guardHostResolver(t)
	nl := newNobodyLab(t)
	nl.el.mu.Lock()
	nl.el.refuse = true
	nl.el.mu.Unlock()
	r := nl.runAsNobody(t, "fix", "switch_dns", "--yes", "--keep", "--provider", "lab", "--profile", nl.profile, "https://shop.lab.test/")
	if r.code == 0 {
		t.Fatalf("a refused authentication succeeded:\n%s", r.out)
	}
	if !strings.Contains(r.out, "administrator permission was not given") {
		t.Errorf("the message does not say permission was not given:\n%s", r.out)
	}
	if got := nl.file(t); got != originalResolvConf {
		t.Errorf("the file changed: %q", got)
	}
	if nl.journal(t) != nil {
		t.Error("a journal was left for a change that never started")
	}
	sc := bufio.NewScanner(strings.NewReader(r.out))
	for sc.Scan() {
		t.Log(sc.Text())
	}
}
