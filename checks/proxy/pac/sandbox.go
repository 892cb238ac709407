package pac

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/netip"
	"runtime/metrics"
	"sync"
	"time"

	"github.com/dop251/goja"
)

// sandbox is a compiled PAC file in its own goja runtime, in the process
// that evaluates it (the child, see child.go). Evaluations take turns, as the
// runtime is single-threaded.
type sandbox struct {
	mu     sync.Mutex
	rt     *goja.Runtime
	fn     goja.Callable
	env    Env
	ctx    context.Context // the running evaluation's context, for the DNS helpers
	broken error           // set once a limit was broken: the runtime's state is no longer trusted
}

// newSandbox compiles src and runs its top level under the sandbox's limits.
func newSandbox(ctx context.Context, src string, env Env) (*sandbox, error) {
	if len(src) > MaxScriptSize {
		return nil, &Error{Kind: KindTooBig, Msg: fmt.Sprintf("%d bytes, the limit is %d", len(src), MaxScriptSize)}
	}
	prog, err := goja.Compile("pac", src, false)
	if err != nil {
		return nil, &Error{Kind: KindSyntax, Msg: err.Error()}
	}
	env = env.withDefaults()
	s := &sandbox{rt: goja.New(), env: env, ctx: ctx}
	s.rt.SetMaxCallStackSize(maxCallStack)
	if err := s.install(); err != nil {
		return nil, err
	}
	if _, err := s.guard(ctx, func() (goja.Value, error) { return s.rt.RunProgram(prog) }); err != nil {
		return nil, err
	}
	fn, ok := goja.AssertFunction(s.rt.Get("FindProxyForURL"))
	if !ok {
		return nil, &Error{Kind: KindNoFunction, Msg: "the file does not define FindProxyForURL(url, host)"}
	}
	s.fn = fn
	return s, nil
}

// FindProxyForURL calls the script's FindProxyForURL(url, host) and returns
// its raw answer.
func (s *sandbox) FindProxyForURL(ctx context.Context, rawURL, host string) (string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.broken != nil {
		return "", s.broken
	}
	s.ctx = ctx
	v, err := s.guard(ctx, func() (goja.Value, error) {
		return s.fn(goja.Undefined(), s.rt.ToValue(rawURL), s.rt.ToValue(host))
	})
	if err != nil {
		return "", err
	}
	if v == nil || goja.IsUndefined(v) || goja.IsNull(v) {
		return "", &Error{Kind: KindBadResult, Msg: "FindProxyForURL returned nothing"}
	}
	if _, ok := v.Export().(string); !ok {
		return "", &Error{Kind: KindBadResult, Msg: fmt.Sprintf("FindProxyForURL returned a %s, not a string", v.ExportType())}
	}
	out := v.String()
	if len(out) > MaxResultSize {
		return "", &Error{Kind: KindBadResult, Msg: fmt.Sprintf("FindProxyForURL returned %d bytes, the limit is %d", len(out), MaxResultSize)}
	}
	return out, nil
}

// timeoutErr is a script that ran out of time inside a helper call.
var timeoutErr = &Error{Kind: KindTimeout, Msg: fmt.Sprintf("still running after %v (an endless loop, or DNS lookups that never answer)", EvalTimeout)}

// interruptReason is what the watchdogs pass to Interrupt, so that guard can
// tell which limit stopped the script.
type interruptReason struct{ kind Kind }

// guard runs f with the time limit and the memory watchdog, and turns what
// goja reports into an *Error. A script that broke a limit is marked broken:
// its globals may hold a huge string or a half-updated state.
func (s *sandbox) guard(ctx context.Context, f func() (goja.Value, error)) (goja.Value, error) {
	ctx, cancel := context.WithTimeout(ctx, EvalTimeout)
	defer cancel()
	s.ctx = ctx
	defer func() { s.ctx = context.Background() }()

	done := make(chan struct{})
	base := heapBytes()
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		s.watch(ctx, done, base)
	}()
	v, err := f()
	close(done)
	wg.Wait()
	s.rt.ClearInterrupt()
	if err == nil && ctx.Err() != nil {
		// The script finished only because its DNS lookups were cut short
		// by the deadline: its answer was not computed from real lookups.
		err = timeoutErr
	}
	if err == nil {
		return v, nil
	}
	perr, ok := err.(*Error)
	if !ok {
		perr = s.explain(err)
	}
	if perr.Kind != KindThrow {
		s.broken = perr
	}
	return nil, perr
}

// watch interrupts the runtime when ctx ends (the time limit, or the
// caller's cancellation) or when the heap grows past base+maxHeapGrowth.
func (s *sandbox) watch(ctx context.Context, done <-chan struct{}, base uint64) {
	tick := time.NewTicker(watchdogInterval)
	defer tick.Stop()
	for {
		select {
		case <-done:
			return
		case <-ctx.Done():
			s.rt.Interrupt(interruptReason{KindTimeout})
			return
		case <-tick.C:
			if heapBytes() > base+maxHeapGrowth {
				s.rt.Interrupt(interruptReason{KindMemory})
				return
			}
		}
	}
}

// explain names the failure in goja's error.
func (s *sandbox) explain(err error) *Error {
	var ie *goja.InterruptedError
	if errors.As(err, &ie) {
		if r, ok := ie.Value().(interruptReason); ok {
			switch r.kind {
			case KindTimeout:
				return &Error{Kind: KindTimeout, Msg: fmt.Sprintf("still running after %v (an endless loop?)", EvalTimeout)}
			case KindMemory:
				return &Error{Kind: KindMemory, Msg: fmt.Sprintf("used more than %d MiB of memory", maxHeapGrowth>>20)}
			}
		}
		return &Error{Kind: KindTimeout, Msg: ie.Error()}
	}
	var so *goja.StackOverflowError
	if errors.As(err, &so) {
		return &Error{Kind: KindRecursion, Msg: fmt.Sprintf("recursed more than %d calls deep", maxCallStack)}
	}
	var ex *goja.Exception
	if errors.As(err, &ex) {
		if o, ok := ex.Value().(*goja.Object); ok && o.Get("name") != nil && o.Get("name").String() == "RangeError" && o.Get("sandbox") != nil {
			return &Error{Kind: KindMemory, Msg: o.Get("message").String()}
		}
		msg := ex.Error()
		if len(msg) > 200 {
			msg = msg[:200] + "…"
		}
		return &Error{Kind: KindThrow, Msg: msg}
	}
	return &Error{Kind: KindThrow, Msg: err.Error()}
}

// heapSample is reused so that sampling does not allocate.
var heapSample = []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
var heapMu sync.Mutex

// heapBytes is the memory held by heap objects, live or not yet swept. It is
// cheap to read (no stop-the-world, unlike runtime.ReadMemStats).
func heapBytes() uint64 {
	heapMu.Lock()
	defer heapMu.Unlock()
	metrics.Read(heapSample)
	if heapSample[0].Value.Kind() != metrics.KindUint64 {
		return 0
	}
	return heapSample[0].Value.Uint64()
}

// outboundIP is the address the OS would use to reach the internet. A UDP
// "connection" only picks a route and sends nothing; the destination is a
// TEST-NET address so no real host is even named.
func outboundIP(ctx context.Context) (netip.Addr, error) {
	var d net.Dialer
	c, err := d.DialContext(ctx, "udp4", "192.0.2.1:80")
	if err != nil {
		return netip.Addr{}, err
	}
	defer c.Close()
	ap, err := netip.ParseAddrPort(c.LocalAddr().String())
	if err != nil {
		return netip.Addr{}, err
	}
	return ap.Addr().Unmap(), nil
}
