package main

import (
	"bufio"
	"encoding/json"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"
)

// The test binary plays both programs. Started under the app's name
// (targetName) it is a fake app; with roleEnv=twin it is the twin itself,
// running main.
const (
	roleEnv = "GD_CONSOLE_TWIN_TEST_ROLE"
	// The fake app's behaviour comes from the environment, so that every
	// argument can be one the test passes through.
	fakeExitEnv = "GD_FAKE_APP_EXIT" // its exit code
	fakeModeEnv = "GD_FAKE_APP_MODE" // "" prints, "stdin" also echoes stdin, "block" waits for stdin's end
)

func TestMain(m *testing.M) {
	if filepath.Base(os.Args[0]) == targetName {
		os.Exit(fakeApp())
	}
	if os.Getenv(roleEnv) == "twin" {
		main()
	}
	os.Exit(m.Run())
}

// fakeApp prints its arguments as JSON on stdout and one line on stderr,
// as the mode says echoes or waits for stdin, and exits with fakeExitEnv.
func fakeApp() int {
	code, _ := strconv.Atoi(os.Getenv(fakeExitEnv))
	switch os.Getenv(fakeModeEnv) {
	case "block":
		// "ready" tells the test that the app is running with its signal
		// handling in place; then it waits until the test lets it go.
		os.Stdout.WriteString("ready\n")
		_, _ = io.Copy(io.Discard, os.Stdin)
		return code
	case "stdin":
		_ = json.NewEncoder(os.Stdout).Encode(os.Args[1:])
		_, _ = io.Copy(os.Stdout, os.Stdin)
	default:
		_ = json.NewEncoder(os.Stdout).Encode(os.Args[1:])
	}
	os.Stderr.WriteString("fake app: this line is for stderr\n")
	return code
}

// fakeAppPath is the test binary under the app's name, in a fresh folder.
func fakeAppPath(t *testing.T) string {
	t.Helper()
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(t.TempDir(), targetName)
	if err := os.Symlink(self, p); err != nil {
		t.Fatalf("the fake app is a symlink to the test binary: %v", err)
	}
	return p
}

// tempFile is a file holding content, rewound, closed with the test.
func tempFile(t *testing.T, content string) *os.File {
	t.Helper()
	f, err := os.CreateTemp(t.TempDir(), "std")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	if _, err := f.WriteString(content); err != nil {
		t.Fatal(err)
	}
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		t.Fatal(err)
	}
	return f
}

func contents(t *testing.T, f *os.File) string {
	t.Helper()
	data, err := os.ReadFile(f.Name())
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

func TestForwardPassesArgumentsStdioAndExitCode(t *testing.T) {
	app := fakeAppPath(t)
	for _, tc := range []struct {
		name  string
		args  []string
		exit  int
		mode  string
		stdin string
		// wantOut is what the app wrote to stdout after its JSON line.
		wantOut string
	}{
		{name: "no arguments, exit 0", args: nil, exit: 0},
		{name: "check with a problem exits 1", args: []string{"check", "https://shop.example/"}, exit: 1},
		{name: "an internal error exits 3", args: []string{"check", "--json", "https://shop.example/"}, exit: 3},
		{name: "an exit code above 127", args: []string{"x"}, exit: 200},
		{name: "spaces stay inside one argument", args: []string{"check", "https://shop.example/a b", "  two  spaces  "}, exit: 1},
		{name: "quotes and backslashes", args: []string{`say "hi"`, `C:\Program Files\x\`, `back\"slash`, `'single'`, `"`}, exit: 0},
		{name: "unicode", args: []string{"check", "https://bücher.example/straße", "日本語 ✓"}, exit: 0},
		{name: "an empty argument is kept", args: []string{"check", "", "x"}, exit: 2},
		{name: "flags the test binary knows are the app's", args: []string{"-test.run", "X", "--help"}, exit: 0},
		{name: "stdin reaches the app", args: []string{"fix", "flush_dns"}, mode: "stdin", stdin: "y\nünï line\n", wantOut: "y\nünï line\n", exit: 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Setenv(fakeExitEnv, strconv.Itoa(tc.exit))
			t.Setenv(fakeModeEnv, tc.mode)
			stdin, stdout, stderr := tempFile(t, tc.stdin), tempFile(t, ""), tempFile(t, "")
			got := forward(launch{target: app, args: tc.args, stdin: stdin, stdout: stdout, stderr: stderr})
			if got != tc.exit {
				t.Errorf("exit code %d, the app exited %d", got, tc.exit)
			}
			out := contents(t, stdout)
			first, rest, _ := strings.Cut(out, "\n")
			var args []string
			if err := json.Unmarshal([]byte(first), &args); err != nil {
				t.Fatalf("stdout does not start with the app's arguments: %q (%v)", out, err)
			}
			want := tc.args
			if want == nil {
				want = []string{}
			}
			if !slices.Equal(args, want) {
				t.Errorf("the app got %q, want %q", args, want)
			}
			if rest != tc.wantOut {
				t.Errorf("stdout after the arguments = %q, want %q", rest, tc.wantOut)
			}
			if errOut := contents(t, stderr); errOut != "fake app: this line is for stderr\n" {
				t.Errorf("stderr = %q: only the app's stderr line belongs there", errOut)
			}
		})
	}
}

func TestForwardSaysWhenTheAppIsMissing(t *testing.T) {
	missing := filepath.Join(t.TempDir(), targetName)
	stdout, stderr := tempFile(t, ""), tempFile(t, "")
	got := forward(launch{target: missing, args: []string{"check", "https://shop.example/"}, stdout: stdout, stderr: stderr})
	if got != exitMissing {
		t.Errorf("exit code %d, want %d (exitMissing)", got, exitMissing)
	}
	msg := contents(t, stderr)
	for _, want := range []string{missing + " is missing", "install Gateway Doctor again"} {
		if !strings.Contains(msg, want) {
			t.Errorf("stderr %q does not say %q", msg, want)
		}
	}
	if out := contents(t, stdout); out != "" {
		t.Errorf("stdout = %q, want nothing: the message is for stderr", out)
	}
}

func TestForwardWithoutStandardFiles(t *testing.T) {
	t.Setenv(fakeExitEnv, "1")
	t.Setenv(fakeModeEnv, "stdin")
	// A twin started with no handles (from a service, say) still runs the
	// app and returns its code; the app reads the null device.
	if got := forward(launch{target: fakeAppPath(t), args: []string{"check"}}); got != 1 {
		t.Errorf("exit code %d, want 1", got)
	}
}

// blockingApp starts the fake app in "block" mode through forward in a
// goroutine and returns once the app said it is ready: the interrupts
// channel, the writer that lets the app go, and forward's result.
func blockingApp(t *testing.T, policy onInterrupt, exit int) (chan<- os.Signal, *os.File, <-chan int) {
	t.Helper()
	t.Setenv(fakeExitEnv, strconv.Itoa(exit))
	t.Setenv(fakeModeEnv, "block")
	inR, inW, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	outR, outW, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { inR.Close(); inW.Close(); outR.Close(); outW.Close() })
	interrupts := make(chan os.Signal) // unbuffered: a send returns once forward has it
	result := make(chan int, 1)
	go func() {
		result <- forward(launch{target: fakeAppPath(t), stdin: inR, stdout: outW, stderr: os.Stderr,
			interrupts: interrupts, policy: policy})
	}()
	line, err := bufio.NewReader(outR).ReadString('\n')
	if err != nil || line != "ready\n" {
		t.Fatalf("the fake app did not say ready: %q, %v", line, err)
	}
	return interrupts, inW, result
}

func TestIgnoredInterruptWaitsForTheApp(t *testing.T) {
	interrupts, release, result := blockingApp(t, ignoreInterrupt, 4)
	interrupts <- os.Interrupt
	interrupts <- os.Interrupt
	// The app is still running and decides the exit code: it exits 4 when
	// let go. Had the interrupt been relayed or ended the wait, the result
	// would be a signal's 130 or come before the release.
	select {
	case got := <-result:
		t.Fatalf("forward returned %d before the app ended", got)
	default:
	}
	release.Close()
	if got := <-result; got != 4 {
		t.Errorf("exit code %d, want the app's 4", got)
	}
}

func TestRelayedInterruptReachesTheApp(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("relayInterrupt is the policy only where Unix signals can be sent to one process")
	}
	interrupts, _, result := blockingApp(t, relayInterrupt, 4)
	interrupts <- os.Interrupt
	// The fake app does not catch SIGINT, so it dies of it: 128+2, never 0.
	if got := <-result; got != 128+int(syscall.SIGINT) {
		t.Errorf("exit code %d, want %d (killed by SIGINT)", got, 128+int(syscall.SIGINT))
	}
}

// twinIn puts a copy of the test binary, as the twin, into a fresh folder
// (os.Executable must name that folder: a symlink would resolve away) and,
// with withApp, the fake app beside it.
func twinIn(t *testing.T, withApp bool) string {
	t.Helper()
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	twin := filepath.Join(dir, "gateway-doctor.com")
	data, err := os.ReadFile(self)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(twin, data, 0o755); err != nil {
		t.Fatal(err)
	}
	if withApp {
		if err := os.Symlink(self, filepath.Join(dir, targetName)); err != nil {
			t.Fatal(err)
		}
	}
	return twin
}

func TestTwinRunsTheAppBesideIt(t *testing.T) {
	t.Setenv(fakeExitEnv, "1")
	t.Setenv(fakeModeEnv, "")
	cmd := exec.Command(twinIn(t, true), "check", "https://shop.example/a b")
	cmd.Env = append(os.Environ(), roleEnv+"=twin")
	var stdout, stderr strings.Builder
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	if cmd.ProcessState == nil {
		t.Fatalf("the twin did not run: %v", err)
	}
	if got := cmd.ProcessState.ExitCode(); got != 1 {
		t.Errorf("the twin exited %d, the app 1 (stderr %q)", got, stderr.String())
	}
	if want := `["check","https://shop.example/a b"]` + "\n"; stdout.String() != want {
		t.Errorf("stdout %q, want %q", stdout.String(), want)
	}
	if !strings.Contains(stderr.String(), "this line is for stderr") {
		t.Errorf("stderr %q lacks the app's line", stderr.String())
	}
}

func TestTwinWithoutTheApp(t *testing.T) {
	twin := twinIn(t, false)
	cmd := exec.Command(twin, "check", "https://shop.example/")
	cmd.Env = append(os.Environ(), roleEnv+"=twin")
	out, _ := cmd.CombinedOutput()
	if cmd.ProcessState == nil || cmd.ProcessState.ExitCode() != exitMissing {
		t.Errorf("the twin without %s: %v, want exit %d", targetName, cmd.ProcessState, exitMissing)
	}
	want := filepath.Join(filepath.Dir(twin), targetName) + " is missing"
	if !strings.Contains(string(out), want) {
		t.Errorf("the twin said %q, want it to say %q", out, want)
	}
}

func TestTwinSurvivesItsOwnInterrupt(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("sends a Unix SIGINT to the twin alone")
	}
	t.Setenv(fakeExitEnv, "4")
	t.Setenv(fakeModeEnv, "block")
	cmd := exec.Command(twinIn(t, true))
	cmd.Env = append(os.Environ(), roleEnv+"=twin")
	outR, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	stdin, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	// Closing stdin lets a fake app go that the signal did not reach.
	t.Cleanup(func() { stdin.Close() })
	// "ready" comes from the app, after the twin installed its handler.
	line, err := bufio.NewReader(outR).ReadString('\n')
	if err != nil || line != "ready\n" {
		t.Fatalf("the app did not say ready through the twin: %q, %v", line, err)
	}
	if err := cmd.Process.Signal(os.Interrupt); err != nil {
		t.Fatal(err)
	}
	_ = cmd.Wait()
	// The twin lived on and waited: its code is the app's, 130 from the
	// relayed signal (the app does not catch it; stdin stays open, so
	// nothing else ends it). Had the signal killed the twin, Wait would show
	// the twin itself killed, ExitCode -1.
	if got := cmd.ProcessState.ExitCode(); got != 128+int(syscall.SIGINT) {
		t.Errorf("the twin exited %d (%v), want %d", got, cmd.ProcessState, 128+int(syscall.SIGINT))
	}
}
