package pac

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/netip"
	"os"
	"os/exec"
	"runtime"
	"strings"
	"sync"
	"time"
)

// The evaluation of a PAC file runs in a child process: the program's own
// executable started again with childEnv set (see serve.go). goja cannot
// bound the memory of one native call (new Array(2e7).fill(0) is a single
// call), nor interrupt it, so the limits that must hold are the operating
// system's: the parent kills the child at the deadline, the child exits
// when its heap grows past maxHeapGrowth, and its memory is capped where
// the OS allows (Linux: an address-space rlimit the child sets itself;
// Windows: a Job Object the parent puts it in; see limit_*.go).
// Whatever the script does, the app's own memory does not grow.
//
// The protocol is one JSON object per line. The parent sends a request;
// the child answers with questions (a DNS lookup, myIpAddress, an alert)
// that the parent answers from Env, and ends with a done message.

// childEnv, set to "1", makes any program that links this package serve one
// evaluation on stdin/stdout instead of running (see serve.go). Test
// binaries link it too, so every package's tests use the real child.
const childEnv = "GATEWAY_DOCTOR_PAC_EVAL"

// childArg is the child's first argument. The child is recognised by
// childEnv alone; the argument names it in a process list.
const childArg = "pac-eval"

// maxChildLine bounds one message from the child. The largest legitimate
// one is a done message with a MaxResultSize answer; 64 KiB leaves room
// for JSON escaping and an error message. A longer line is a broken child.
const maxChildLine = 64 << 10

// maxChildStderr is how much of the start of the child's standard error is
// kept, to tell a runtime "out of memory" from another crash by its first
// lines.
const maxChildStderr = 4 << 10

// childDeadline is when the parent kills a child that has not answered.
// Killing and reaping it take a few milliseconds, up to tens on a loaded
// machine; stopping this much before EvalTimeout keeps a whole evaluation,
// process start included, within EvalTimeout.
const childDeadline = EvalTimeout - 50*time.Millisecond

// childWaitDelay bounds how long the parent waits for the child's pipes to
// close after it was killed, so that a grandchild holding them (there is
// none) could not hold the caller.
const childWaitDelay = 100 * time.Millisecond

// request is the parent's first line: the script and, for a call, its
// arguments. Now is the clock of the date helpers, read once per
// evaluation: an evaluation lasts at most EvalTimeout.
type request struct {
	Src  string    `json:"src"`
	Now  time.Time `json:"now"`
	Call *call     `json:"call,omitempty"`
}

// call is one FindProxyForURL(url, host).
type call struct {
	URL  string `json:"url"`
	Host string `json:"host"`
}

// childMsg is one line from the child.
type childMsg struct {
	Op     string `json:"op"` // "dns", "myip", "alert" or "done"
	Host   string `json:"host,omitempty"`
	Net    string `json:"net,omitempty"`
	Msg    string `json:"msg,omitempty"`
	Result string `json:"result,omitempty"`
	Err    *Error `json:"err,omitempty"`
}

// reply answers a dns or myip question.
type reply struct {
	Addrs []netip.Addr `json:"addrs,omitempty"`
	Err   string       `json:"err,omitempty"`
}

// childStats is what one evaluation cost, for the benchmarks.
type childStats struct {
	MaxRSS int64 // the child's peak resident memory in bytes (0 where unknown)
}

// errSandboxStart is a child that could not be started: the script was not
// run, so it is not the script's fault.
var errSandboxStart = errors.New("pac: the evaluator could not be started")

// evalInChild runs src (and c, if not nil) in a child process under ctx and
// at most EvalTimeout from now, answering its questions from env.
func evalInChild(ctx context.Context, src string, env Env, c *call) (string, childStats, error) {
	ctx, cancel := context.WithTimeout(ctx, childDeadline)
	defer cancel()
	exe, err := os.Executable()
	if err != nil {
		return "", childStats{}, fmt.Errorf("%w: %v", errSandboxStart, err)
	}
	cmd := exec.Command(exe, childArg)
	cmd.Env = append(os.Environ(), childEnv+"=1")
	if raceEnabled && os.Getenv("GORACE") == "" {
		// The race runtime sleeps a second at exit by default; the parent
		// would wait for it after every answer.
		cmd.Env = append(cmd.Env, "GORACE=atexit_sleep_ms=0")
	}
	cmd.SysProcAttr = childProcAttr()
	cmd.WaitDelay = childWaitDelay
	stderr := &headBuffer{max: maxChildStderr}
	cmd.Stderr = stderr
	stdin, err := cmd.StdinPipe()
	if err != nil {
		return "", childStats{}, fmt.Errorf("%w: %v", errSandboxStart, err)
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return "", childStats{}, fmt.Errorf("%w: %v", errSandboxStart, err)
	}
	if err := cmd.Start(); err != nil {
		return "", childStats{}, fmt.Errorf("%w: %v", errSandboxStart, err)
	}
	// The OS's limits are in place before the script is sent (Windows: a
	// Job Object; elsewhere the child sets its own). A child that cannot be
	// confined does not run the script.
	release, err := confineChild(cmd.Process)
	if err != nil {
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
		return "", childStats{}, fmt.Errorf("%w: %v", errSandboxStart, err)
	}
	defer release()
	// The deadline is the parent's: a child stuck in a native call never
	// looks at a clock, so it is killed.
	stopKill := context.AfterFunc(ctx, func() { _ = cmd.Process.Kill() })

	enc := json.NewEncoder(stdin)
	done, protoErr := converse(ctx, enc, bufio.NewReaderSize(stdout, 4096), env, request{Src: src, Now: env.Now(), Call: c})
	_ = stdin.Close()
	if done == nil {
		// The child is broken or over its limits: make sure it is gone
		// before Wait, which would otherwise wait for it.
		_ = cmd.Process.Kill()
	}
	waitErr := cmd.Wait()
	stopKill()
	stats := childStats{MaxRSS: maxRSS(cmd.ProcessState)}

	switch {
	case done != nil && done.Err != nil:
		return "", stats, done.Err
	case done != nil:
		return done.Result, stats, nil
	case ctx.Err() != nil:
		return "", stats, &Error{Kind: KindTimeout, Msg: fmt.Sprintf("still running after %v (an endless loop, or DNS lookups that never answer)", EvalTimeout)}
	case outOfMemory(stderr.String()):
		return "", stats, &Error{Kind: KindMemory, Msg: hardCapMessage(runtime.GOOS, raceEnabled)}
	}
	detail := strings.TrimSpace(stderr.String())
	if protoErr != nil {
		detail = protoErr.Error()
	} else if waitErr != nil && detail == "" {
		detail = waitErr.Error()
	}
	if i := strings.IndexByte(detail, '\n'); i >= 0 {
		detail = detail[:i]
	}
	return "", stats, &Error{Kind: KindThrow, Msg: "the evaluator stopped: " + detail}
}

// converse sends req and answers the child's questions until it is done.
// It returns the done message, or nil and why there was none.
func converse(ctx context.Context, enc *json.Encoder, r *bufio.Reader, env Env, req request) (*childMsg, error) {
	if err := enc.Encode(req); err != nil {
		return nil, err
	}
	for {
		line, err := readLine(r, maxChildLine)
		if err != nil {
			return nil, err
		}
		var m childMsg
		if err := json.Unmarshal(line, &m); err != nil {
			return nil, fmt.Errorf("unreadable message from the evaluator: %v", err)
		}
		var rep reply
		switch m.Op {
		case "done":
			if m.Err == nil && len(m.Result) > MaxResultSize {
				return nil, errors.New("the evaluator sent an answer over the size limit")
			}
			return &m, nil
		case "alert":
			if env.Alert != nil {
				env.Alert(m.Msg)
			}
			continue
		case "dns":
			addrs, err := env.Resolver.LookupNetIP(ctx, m.Net, m.Host)
			rep.Addrs = addrs
			if err != nil {
				rep.Err = err.Error()
			}
		case "myip":
			a, err := env.MyIP(ctx)
			if a.IsValid() {
				rep.Addrs = []netip.Addr{a}
			}
			if err != nil {
				rep.Err = err.Error()
			}
		default:
			return nil, fmt.Errorf("unknown message %q from the evaluator", m.Op)
		}
		if err := enc.Encode(rep); err != nil {
			return nil, err
		}
	}
}

// readLine reads one line of at most max bytes.
func readLine(r *bufio.Reader, max int) ([]byte, error) {
	var line []byte
	for {
		chunk, isPrefix, err := r.ReadLine()
		if err != nil {
			if err == io.EOF {
				err = errors.New("it ended without an answer")
			}
			return nil, err
		}
		line = append(line, chunk...)
		if len(line) > max {
			return nil, errors.New("a message over the size limit")
		}
		if !isPrefix {
			return line, nil
		}
	}
}

// hardCapMessage names the limit that stopped a child the Go runtime ended
// as out of memory. The heap watchdog ends the child with a message of its
// own (memoryMsg), so a runtime death is one allocation that outgrew the
// watchdog's margin and met the hard cap: the address-space limit on Linux,
// the job's memory limit on Windows. Race builds and macOS set no hard cap
// (limitAddressSpace, childJobLimit), so there the system itself refused.
func hardCapMessage(goos string, race bool) string {
	watchdog := fmt.Sprintf("before the %d MiB heap watchdog could stop it", maxHeapGrowth>>20)
	switch {
	case goos == "linux" && !race:
		return fmt.Sprintf("took more memory at once than the evaluator's %d MiB address-space limit allows, %s", childAddressSpace>>20, watchdog)
	case goos == "windows" && !race:
		return fmt.Sprintf("took more memory at once than the evaluator's %d MiB job memory limit allows, %s", childAddressSpace>>20, watchdog)
	default:
		return "ran this computer out of memory " + watchdog
	}
}

// outOfMemory recognises the Go runtime's fatal errors when an allocation
// fails, as the child's memory limit makes it. On Windows a commit refused
// with an error the runtime does not name as out of memory ends in "failed
// to commit pages" (runtime/mem_windows.go); a job's limit may be refused
// so.
func outOfMemory(stderr string) bool {
	for _, s := range []string{"out of memory", "cannot allocate memory", "failed to commit pages"} {
		if strings.Contains(stderr, s) {
			return true
		}
	}
	return false
}

// headBuffer keeps the first max bytes written to it and drops the rest.
// A Go runtime's fatal error says what it is on its first line ("fatal
// error: out of memory", "panic: …") and then prints every goroutine's
// stack, tens of KiB: a buffer that kept the end lost the line that names
// the failure, and a child the hard memory cap stopped was reported as an
// unexplained crash.
type headBuffer struct {
	mu  sync.Mutex
	max int
	b   []byte
}

func (t *headBuffer) Write(p []byte) (int, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if room := t.max - len(t.b); room > 0 {
		t.b = append(t.b, p[:min(len(p), room)]...)
	}
	return len(p), nil
}

func (t *headBuffer) String() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	return string(t.b)
}
