package pac

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/netip"
	"os"
	"runtime"
	"runtime/debug"
	"strconv"
	"sync"
	"time"
)

// exitServed and exitMemory are the child's exit codes: it answered, or its
// heap watchdog stopped it (after sending a done message saying so).
const (
	exitServed = 0
	exitMemory = 3
)

// childHeapPoll is how often the child's own watchdog samples the heap. It
// runs on its own thread, so it sees a native call that goja cannot
// interrupt; 1 ms lets a doubling string grow one or two steps at most.
const childHeapPoll = time.Millisecond

// childAddressSpace is the child's hard memory limit. It is the backstop
// for a single allocation larger than the heap watchdog's margin: the
// allocation fails and the Go runtime stops the child. 512 MiB is far
// above any real PAC file's needs (under 1 MiB) and above the heap
// watchdog's maxHeapGrowth, so the watchdog's clearer message normally
// comes first.
//
//   - Linux: how far the address space may grow beyond what the child has
//     mapped when it starts (limit_linux.go).
//   - Windows: all the memory the child may commit, start included
//     (childJobLimit). The same figure serves: a Go process commits only
//     what it uses, so its start is small against it (the Go runtime and
//     the executable's writable data, 34 MiB for this package's test
//     binary per its PE headers), and a Job Object's limit is set from the
//     parent, which cannot read the child's start before it runs.
const childAddressSpace = 512 << 20

// maxAlert bounds one alert() message sent to the parent.
const maxAlert = 200

func init() {
	if os.Getenv(childEnv) != "1" {
		return
	}
	// This process was started by evalInChild: serve one evaluation and
	// exit before the program's own main runs.
	os.Exit(serve(os.Stdin, os.Stdout))
}

// serve is the child: it reads one request from in, evaluates it in a
// sandbox whose helpers ask the parent through out, and writes a done
// message. It returns the exit code.
func serve(in io.Reader, out io.Writer) int {
	if runtime.GOMAXPROCS(0) < 2 {
		// The heap watchdog needs a thread of its own while the script
		// runs a long native call.
		runtime.GOMAXPROCS(2)
	}
	base := heapBytes()
	debug.SetMemoryLimit(int64(base + maxHeapGrowth))
	limitAddressSpace(childAddressSpace)

	p := &peer{in: bufio.NewReaderSize(in, 64<<10), enc: json.NewEncoder(out)}
	go p.watchHeap(base)

	line, err := readLine(p.in, MaxScriptSize*7) // JSON may escape a byte as \u00XX
	if err != nil {
		p.send(childMsg{Op: "done", Err: &Error{Kind: KindThrow, Msg: "no request: " + err.Error()}})
		return exitServed
	}
	var req request
	if err := json.Unmarshal(line, &req); err != nil {
		p.send(childMsg{Op: "done", Err: &Error{Kind: KindThrow, Msg: "bad request: " + err.Error()}})
		return exitServed
	}
	now := req.Now
	env := Env{
		Resolver: p,
		MyIP:     p.myIP,
		Now:      func() time.Time { return now },
		Alert:    p.alert,
	}
	ctx := context.Background()
	sb, err := newSandbox(ctx, req.Src, env)
	var result string
	if err == nil && req.Call != nil {
		result, err = sb.FindProxyForURL(ctx, req.Call.URL, req.Call.Host)
	}
	msg := childMsg{Op: "done", Result: result}
	if err != nil {
		var pe *Error
		if !errors.As(err, &pe) {
			pe = &Error{Kind: KindThrow, Msg: err.Error()}
		}
		msg = childMsg{Op: "done", Err: pe}
	}
	p.send(msg)
	return exitServed
}

// peer is the child's side of the conversation. The sandbox is
// single-threaded, so at most one question is open at a time; mu keeps the
// heap watchdog's last message from interleaving with another.
type peer struct {
	mu  sync.Mutex
	in  *bufio.Reader
	enc *json.Encoder
}

func (p *peer) send(m childMsg) {
	p.mu.Lock()
	defer p.mu.Unlock()
	_ = p.enc.Encode(m)
}

// ask sends a question and reads the parent's reply.
func (p *peer) ask(m childMsg) reply {
	p.send(m)
	line, err := readLine(p.in, maxChildLine)
	if err != nil {
		return reply{Err: err.Error()}
	}
	var r reply
	if err := json.Unmarshal(line, &r); err != nil {
		return reply{Err: err.Error()}
	}
	return r
}

// LookupNetIP asks the parent's resolver. The parent applies its own
// deadline; ctx is the sandbox's, which ends no later.
func (p *peer) LookupNetIP(ctx context.Context, network, host string) ([]netip.Addr, error) {
	r := p.ask(childMsg{Op: "dns", Net: network, Host: host})
	if r.Err != "" {
		return nil, errors.New(r.Err)
	}
	return r.Addrs, nil
}

func (p *peer) myIP(ctx context.Context) (netip.Addr, error) {
	r := p.ask(childMsg{Op: "myip"})
	if r.Err != "" || len(r.Addrs) == 0 {
		return netip.Addr{}, errors.New(r.Err)
	}
	return r.Addrs[0], nil
}

func (p *peer) alert(msg string) {
	if len(msg) > maxAlert {
		msg = msg[:maxAlert]
	}
	p.send(childMsg{Op: "alert", Msg: msg})
}

// watchHeap ends the child when its heap grows past maxHeapGrowth, whatever
// the script is doing: os.Exit does not wait for the interpreter.
func (p *peer) watchHeap(base uint64) {
	tick := time.NewTicker(childHeapPoll)
	defer tick.Stop()
	for range tick.C {
		if heapBytes() > base+maxHeapGrowth {
			p.mu.Lock() // held until exit: nothing else is written
			_ = p.enc.Encode(childMsg{Op: "done", Err: &Error{Kind: KindMemory, Msg: memoryMsg}})
			os.Exit(exitMemory)
		}
	}
}

// memoryMsg is the detail of a script stopped for its memory.
var memoryMsg = "used more than " + strconv.Itoa(maxHeapGrowth>>20) + " MiB of memory"
