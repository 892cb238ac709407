package pac

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"
)

// hostileScripts are PAC files written to hurt the evaluator, each with the
// kind of pac_error it must end in. Several are single native calls that
// goja cannot interrupt (fill, a backtracking regular expression, sort):
// only the child process's limits stop them.
var hostileScripts = []struct {
	name, src string
	kinds     []Kind // any of these
}{
	{"endless loop", `function FindProxyForURL(u, h) { for (;;) {} }`, []Kind{KindTimeout}},
	{"endless loop at load", `while (true) {} function FindProxyForURL(u, h) { return "DIRECT"; }`, []Kind{KindTimeout}},
	{"huge array fill", `function FindProxyForURL(u, h) { new Array(2e7).fill(0); return "DIRECT"; }`, []Kind{KindMemory, KindTimeout}},
	{"huge array at load", `var a = new Array(2e8).fill("x"); function FindProxyForURL(u, h) { return "DIRECT"; }`, []Kind{KindMemory, KindTimeout}},
	{"growing array", `function FindProxyForURL(u, h) { var a = []; for (;;) a.push([1, 2, 3, 4]); }`, []Kind{KindMemory, KindTimeout}},
	{"string doubling", `function FindProxyForURL(u, h) { var s = "x"; for (;;) s += s; }`, []Kind{KindMemory, KindTimeout}}, // timeout on a loaded machine, before the heap limit
	{"string doubling with flatten", `function FindProxyForURL(u, h) { var s = "xy"; for (;;) { s = s + s; s.indexOf("z"); } }`, []Kind{KindMemory, KindTimeout}},
	{"deep recursion", `function f(n) { return f(n + 1) + 1; } function FindProxyForURL(u, h) { return f(0); }`, []Kind{KindRecursion}},
	{"recursion through apply", `function f() { return f.apply(null, new Array(1000)); } function FindProxyForURL(u, h) { return f(); }`, []Kind{KindRecursion, KindMemory, KindTimeout}},
	{"huge return", `function FindProxyForURL(u, h) { return "PROXY a:1; ".repeat(10000); }`, []Kind{KindBadResult}},
	{"huge return built by hand", `function FindProxyForURL(u, h) { var s = "PROXY a:1;"; while (s.length < 5e6) s += s; return s; }`, []Kind{KindBadResult, KindMemory}},
	{"regex backtracking", `function FindProxyForURL(u, h) { return /^(a+)+\1$/.test("a".repeat(40) + "b") ? "DIRECT" : "DIRECT"; }`, []Kind{KindTimeout}},
	{"sort a huge array", `function FindProxyForURL(u, h) { var a = []; for (var i = 0; i < 3e6; i++) a.push(Math.random()); a.sort(function (x, y) { return x - y; }); return "DIRECT"; }`, []Kind{KindMemory, KindTimeout}},
	{"repeat", `function FindProxyForURL(u, h) { return "x".repeat(1e9); }`, []Kind{KindMemory}},
	{"JSON bomb", `function FindProxyForURL(u, h) { var o = [1]; for (var i = 0; i < 40; i++) o = [o, o]; return JSON.stringify(o); }`, []Kind{KindMemory, KindTimeout}},
}

// TestHostileScripts: every hostile script ends in a pac.Error of its kind
// before the test's own deadline, however it attacks. How fast, and with how
// much memory, is measured by BenchmarkHostilePAC, never asserted on time.
func TestHostileScripts(t *testing.T) {
	for _, tc := range hostileScripts {
		t.Run(tc.name, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), 20*EvalTimeout)
			defer cancel()
			_, err := runHostile(ctx, tc.src)
			var pe *Error
			if !errors.As(err, &pe) {
				t.Fatalf("err = %v, want a *pac.Error", err)
			}
			ok := false
			for _, k := range tc.kinds {
				ok = ok || pe.Kind == k
			}
			if !ok {
				t.Fatalf("kind = %s (%v), want one of %v", pe.Kind, pe, tc.kinds)
			}
			if ctx.Err() != nil {
				t.Fatal("the test's own deadline passed: the sandbox did not stop the script")
			}
		})
	}
}

// runHostile loads src and calls it once, as a proxy check does.
func runHostile(ctx context.Context, src string) (string, error) {
	s, err := New(ctx, src, testEnv())
	if err != nil {
		return "", err
	}
	return s.FindProxyForURL(ctx, "http://www.example.org/", "www.example.org")
}

// BenchmarkHostilePAC runs each hostile script and reports the worst wall
// time of one evaluation (load and call), the app's peak heap growth while
// it ran, and the child's peak resident memory. The goal of issue 16: each
// stops within 1 s with the app growing by less than 64 MB.
func BenchmarkHostilePAC(b *testing.B) {
	for _, tc := range hostileScripts {
		b.Run(strings.ReplaceAll(tc.name, " ", "_"), func(b *testing.B) {
			var worst time.Duration
			var growth uint64
			var childRSS int64
			for b.Loop() {
				stop, peak := heapPeak()
				start := time.Now()
				ctx := context.Background()
				_, _, err := evalInChild(ctx, tc.src, testEnv(), nil)
				var st childStats
				if err == nil {
					_, st, err = evalInChild(ctx, tc.src, testEnv(), &call{URL: "http://www.example.org/", Host: "www.example.org"})
				}
				d := time.Since(start)
				stop()
				if err == nil {
					b.Fatal("a hostile script succeeded")
				}
				worst = max(worst, d)
				growth = max(growth, peak())
				childRSS = max(childRSS, st.MaxRSS)
			}
			b.ReportMetric(worst.Seconds(), "worst-s")
			b.ReportMetric(float64(growth)/(1<<20), "app-heap-growth-MiB")
			b.ReportMetric(float64(childRSS)/(1<<20), "child-maxrss-MiB")
		})
	}
}

// BenchmarkPACChild is the cost of the child process: one evaluation of a
// small, well-behaved PAC file (start, load, call, exit).
func BenchmarkPACChild(b *testing.B) {
	src := `function FindProxyForURL(u, h) { return dnsDomainIs(h, ".corp.example") ? "DIRECT" : "PROXY proxy.corp.example:8080"; }`
	for b.Loop() {
		if _, _, err := evalInChild(context.Background(), src, testEnv(), &call{URL: "http://a.corp.example/", Host: "a.corp.example"}); err != nil {
			b.Fatal(err)
		}
	}
}

// heapPeak samples this process's heap every millisecond until stop is
// called; peak is then the largest growth over the first sample.
func heapPeak() (stop func(), peak func() uint64) {
	base := heapBytes()
	var mu sync.Mutex
	var top uint64
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		tick := time.NewTicker(time.Millisecond)
		defer tick.Stop()
		for {
			select {
			case <-done:
				return
			case <-tick.C:
				if h := heapBytes(); h > base {
					mu.Lock()
					top = max(top, h-base)
					mu.Unlock()
				}
			}
		}
	}()
	return func() { close(done); wg.Wait() }, func() uint64 { mu.Lock(); defer mu.Unlock(); return top }
}
