package checks

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"
)

// DefaultBudget bounds a whole run. A person waiting in front of a broken page
// gives a troubleshooter a few seconds; every check runs in parallel inside it.
const DefaultBudget = 6 * time.Second

// checkGrace is how long a check whose deadline passed may take to hand in
// what it has. Checks that honour their context return within microseconds;
// the run's own deadline is set this much before the budget so that the run
// still ends by the budget.
const checkGrace = 100 * time.Millisecond

// Check is one observation. Run must honour ctx, never change the system and
// never block past ctx's deadline.
type Check interface {
	// ID is the stable identifier used in the report, e.g. "dns.system".
	ID() string
	// Timeout is this check's own deadline; 0 means the run's budget.
	Timeout() time.Duration
	// Run performs the check.
	Run(ctx context.Context, env *Env) Result
}

// Func adapts a function to the Check interface.
type Func struct {
	Name  string
	Limit time.Duration
	Fn    func(ctx context.Context, env *Env) Result
}

// ID returns the check's name.
func (f Func) ID() string { return f.Name }

// Timeout returns the check's own deadline.
func (f Func) Timeout() time.Duration { return f.Limit }

// Run calls the function.
func (f Func) Run(ctx context.Context, env *Env) Result { return f.Fn(ctx, env) }

// EventKind says what happened to a check.
type EventKind int

// The events a Runner emits, in this order for each check; the engine adds
// EventVerdict.
const (
	EventStarted EventKind = iota
	EventFinished
	// EventProvisional carries what a check knows before it ends: the
	// target's first fetch, classified, before its retests, and again as
	// each retest ends (Retests counts them). A check may send several;
	// its EventFinished replaces them.
	EventProvisional
	// EventVerdict carries a verdict (Verdict): a provisional one as soon
	// as the target's first fetch is classified, each change while the
	// other checks finish, and the final one.
	EventVerdict
)

// Event is one progress report of a run. Result is set on EventFinished
// and EventProvisional, Verdict on EventVerdict; Retests on
// EventProvisional of a check that retests.
type Event struct {
	Kind    EventKind
	ID      string
	Result  Result
	Verdict *Verdict
	Retests RetestCount
}

// RetestCount says how far a check's retests are: Done of Planned have
// ended ("checking again to be sure… 2 of 3"). The zero value is a check
// that makes no retests, or has not planned them yet. Planned is decided
// once, before the first retest, from the time left; a retest that cannot
// run (the site recovered, a closer cause was proven, the time ran out)
// leaves Done short of it, and the check's EventFinished ends the count.
type RetestCount struct {
	Done, Planned int
}

// Runner starts every check at once, each under its own deadline, the whole
// run under one budget.
type Runner struct {
	Checks []Check
	// Budget bounds the whole run; 0 means DefaultBudget.
	Budget time.Duration
	// OnEvent, when set, receives progress events. It is called from the
	// checks' goroutines, one call at a time, and must not block.
	OnEvent func(Event)
}

// Run runs every check and returns their results in the order of r.Checks.
// A check that overruns its deadline is reported as an error, so a run never
// outlasts its budget by more than the time to collect results.
func (r *Runner) Run(ctx context.Context, env *Env) Results {
	env.Normalize()
	budget := r.Budget
	if budget <= 0 {
		budget = DefaultBudget
	}
	ctx, cancel := context.WithTimeout(ctx, budget-min(checkGrace, budget/10))
	defer cancel()

	var emitMu sync.Mutex
	emit := func(e Event) {
		if r.OnEvent == nil {
			return
		}
		emitMu.Lock()
		defer emitMu.Unlock()
		r.OnEvent(e)
	}

	env.Provisional = func(res Result, n RetestCount) {
		emit(Event{Kind: EventProvisional, ID: res.ID, Result: res, Retests: n})
	}

	results := make(Results, len(r.Checks))
	var wg sync.WaitGroup
	for i, c := range r.Checks {
		wg.Add(1)
		go func() {
			defer wg.Done()
			emit(Event{Kind: EventStarted, ID: c.ID()})
			res := runOne(ctx, env, c)
			results[i] = res
			emit(Event{Kind: EventFinished, ID: c.ID(), Result: res})
		}()
	}
	wg.Wait()
	return results
}

// runOne runs a check under its deadline. A check that ignores its context
// is abandoned when the deadline passes: its goroutine may linger, but the
// run does not wait for it.
func runOne(ctx context.Context, env *Env, c Check) Result {
	if t := c.Timeout(); t > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, t)
		defer cancel()
	}
	start := env.Now()
	done := make(chan Result, 1)
	go func() {
		defer func() {
			if p := recover(); p != nil {
				done <- Errored(c.ID(), fmt.Errorf("check panicked: %v", p))
			}
		}()
		done <- c.Run(ctx, env)
	}()
	var res Result
	select {
	case res = <-done:
	case <-ctx.Done():
		// Give a well-behaved check the chance to return what it has.
		grace := time.NewTimer(checkGrace)
		defer grace.Stop()
		select {
		case res = <-done:
		case <-grace.C:
			err := ctx.Err()
			if errors.Is(err, context.DeadlineExceeded) {
				err = errors.New("did not finish in time")
			}
			res = Errored(c.ID(), err)
		}
	}
	if res.ID == "" {
		res.ID = c.ID()
	}
	if res.Status == "" {
		res.Status = StatusOK
	}
	if res.Took == 0 {
		res.Took = env.Now().Sub(start)
	}
	return res
}
