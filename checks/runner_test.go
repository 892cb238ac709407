package checks_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"gatewaydoctor/checks"
)

func TestRunnerReportsEveryCheckInOrderWithEvents(t *testing.T) {
	block := make(chan struct{})
	cs := []checks.Check{
		checks.Func{Name: "fast", Fn: func(ctx context.Context, env *checks.Env) checks.Result {
			return checks.Result{Status: checks.StatusOK, Summary: "fine"}
		}},
		// A check that ignores its context: the runner must give up on it at
		// its own deadline instead of waiting.
		checks.Func{Name: "stuck", Limit: 50 * time.Millisecond, Fn: func(ctx context.Context, env *checks.Env) checks.Result {
			<-block
			return checks.Result{Status: checks.StatusOK}
		}},
		checks.Func{Name: "panics", Fn: func(ctx context.Context, env *checks.Env) checks.Result {
			panic("boom")
		}},
		checks.Func{Name: "honest", Limit: 50 * time.Millisecond, Fn: func(ctx context.Context, env *checks.Env) checks.Result {
			<-ctx.Done()
			return checks.Result{Status: checks.StatusProblem, Codes: []checks.Code{checks.CodeConnectTimeout}}
		}},
	}
	t.Cleanup(func() { close(block) })

	var mu sync.Mutex
	started := map[string]bool{}
	finished := map[string]checks.Status{}
	r := checks.Runner{Checks: cs, Budget: 5 * time.Second, OnEvent: func(e checks.Event) {
		mu.Lock()
		defer mu.Unlock()
		switch e.Kind {
		case checks.EventStarted:
			started[e.ID] = true
		case checks.EventFinished:
			if !started[e.ID] {
				t.Errorf("%s finished before it started", e.ID)
			}
			finished[e.ID] = e.Result.Status
		}
	}}
	rs := r.Run(context.Background(), &checks.Env{})

	want := []struct {
		id     string
		status checks.Status
	}{
		{"fast", checks.StatusOK},
		{"stuck", checks.StatusError},
		{"panics", checks.StatusError},
		{"honest", checks.StatusProblem}, // a check that returns at its deadline keeps its own result
	}
	if len(rs) != len(want) {
		t.Fatalf("%d results, want %d", len(rs), len(want))
	}
	for i, w := range want {
		if rs[i].ID != w.id || rs[i].Status != w.status {
			t.Errorf("result %d = %s %s, want %s %s (%s)", i, rs[i].ID, rs[i].Status, w.id, w.status, rs[i].Reason)
		}
		if finished[w.id] != w.status {
			t.Errorf("event for %s said %q, want %q", w.id, finished[w.id], w.status)
		}
	}
}

func TestRunnerHonoursCancellation(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	running := make(chan struct{})
	r := checks.Runner{Checks: []checks.Check{checks.Func{Name: "waits", Fn: func(ctx context.Context, env *checks.Env) checks.Result {
		close(running)
		<-ctx.Done()
		return checks.Skipped("waits", "cancelled")
	}}}, Budget: time.Hour}
	done := make(chan checks.Results)
	go func() { done <- r.Run(ctx, &checks.Env{}) }()
	<-running
	cancel()
	rs := <-done
	if rs[0].Status != checks.StatusSkipped {
		t.Fatalf("status %s, want skipped after cancel", rs[0].Status)
	}
}
