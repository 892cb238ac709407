package checks_test

import (
	"context"
	"net/http"
	"sync"
	"testing"
	"time"

	"gatewaydoctor/checks"
	"gatewaydoctor/checks/engine"
	"gatewaydoctor/checks/web"
	"gatewaydoctor/internal/lab"
)

// verdictEvents runs the engine and collects its verdict events in order.
func verdictEvents(t *testing.T, e engine.Engine, l *lab.Lab) (engine.Diagnosis, []checks.Verdict) {
	t.Helper()
	var mu sync.Mutex
	var vs []checks.Verdict
	target := l.AddSite(t, "shop.test", lab.NewSite(t).Answer(lab.Response{Status: 502, Header: http.Header{"Server": {"nginx"}},
		Body: "<html><body><center><h1>502 Bad Gateway</h1></center><hr><center>nginx</center></body></html>"}), "/checkout")
	d, err := e.Run(context.Background(), target, func(ev checks.Event) {
		if ev.Kind == checks.EventVerdict {
			mu.Lock()
			vs = append(vs, *ev.Verdict)
			mu.Unlock()
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	mu.Lock()
	defer mu.Unlock()
	return d, vs
}

// TestProvisionalVerdict: a failing site's verdict is sent as soon as its
// first fetch is classified, provisional; the retests then confirm it, and
// the report says when the first verdict was known.
func TestProvisionalVerdict(t *testing.T) {
	l := lab.New(t)
	d, vs := verdictEvents(t, engine.Engine{Budget: 4 * time.Second, Env: l.EnvFunc(nil)}, l)
	if len(vs) == 0 {
		t.Fatal("no verdict event")
	}
	if !vs[0].Provisional || vs[0].Code != checks.VerdictWebsiteOrigin {
		t.Errorf("first verdict event %s (provisional %v), want a provisional website_origin", vs[0].Code, vs[0].Provisional)
	}
	if last := vs[len(vs)-1]; last.Code != d.Verdict.Code {
		t.Errorf("last verdict event %s, the run's verdict %s", last.Code, d.Verdict.Code)
	}
	for i := 1; i < len(vs); i++ {
		if vs[i].Code == vs[i-1].Code {
			t.Errorf("event %d repeats %s: only changes are sent", i, vs[i].Code)
		}
	}
	target, _ := d.Results.ByID(web.TargetID)
	retests := 0
	for _, a := range target.HTTP.Attempts {
		if a.Try > 0 {
			retests++
		}
	}
	// The retests are spread across the budget, so a verdict known at the
	// first fetch is known before the run ends.
	if retests == 0 || d.Report.FirstVerdictMS <= 0 || d.Report.FirstVerdictMS >= d.Report.DurationMS {
		t.Errorf("first_verdict_ms %d, duration_ms %d, %d retests: the first verdict should come before the retests end",
			d.Report.FirstVerdictMS, d.Report.DurationMS, retests)
	}
}

// TestCloserCauseStopsRetests: once a cause closer to the user is proven
// while the site fails (here the hosts file pins the site's name to an old
// server, which answers 502), the site is not retested, and the verdict
// event changes to that cause.
func TestCloserCauseStopsRetests(t *testing.T) {
	l := lab.New(t)
	pinned := checks.Func{Name: "dns.hosts", Fn: func(context.Context, *checks.Env) checks.Result {
		return checks.Result{ID: "dns.hosts", Status: checks.StatusProblem, Codes: []checks.Code{checks.CodeHostsOverride},
			Summary: "the hosts file pins shop.test", Evidence: []string{"127.0.0.1 shop.test"}}
	}}
	e := engine.Engine{Budget: 4 * time.Second, Env: l.EnvFunc(nil),
		Checks: func() []checks.Check { return []checks.Check{pinned, web.TargetCheck()} }}
	d, vs := verdictEvents(t, e, l)
	if d.Verdict.Code != checks.VerdictHostsOverride {
		t.Fatalf("verdict %s, want hosts_override", d.Verdict.Code)
	}
	if len(vs) == 0 || vs[len(vs)-1].Code != checks.VerdictHostsOverride {
		t.Errorf("verdict events %v, want them to end in hosts_override", vs)
	}
	target, _ := d.Results.ByID(web.TargetID)
	for _, a := range target.HTTP.Attempts {
		if a.Try > 0 {
			t.Errorf("retest %d ran although a closer cause was proven", a.Try)
		}
	}
}

// TestRetestEventsCounted: the target's provisional events say how many
// retests it plans and how many have ended, one more at each, and each
// carries the retest that just ended; the count ends where the run's
// result does.
func TestRetestEventsCounted(t *testing.T) {
	l := lab.New(t)
	var mu sync.Mutex
	var counts []checks.RetestCount
	var tried []int // the retests in each event's result
	target := l.AddSite(t, "shop.test", lab.NewSite(t).Answer(lab.Response{Status: 502, Body: "bad gateway"}), "/")
	e := engine.Engine{Budget: 4 * time.Second, Env: l.EnvFunc(nil)}
	d, err := e.Run(context.Background(), target, func(ev checks.Event) {
		if ev.Kind != checks.EventProvisional || ev.ID != web.TargetID {
			return
		}
		mu.Lock()
		defer mu.Unlock()
		counts = append(counts, ev.Retests)
		tried = append(tried, retestsIn(ev.Result))
	})
	if err != nil {
		t.Fatal(err)
	}
	mu.Lock()
	defer mu.Unlock()
	if len(counts) == 0 {
		t.Fatal("no provisional event from the target")
	}
	planned := counts[0].Planned
	if planned == 0 {
		t.Fatalf("the first provisional event plans no retests: %+v", counts)
	}
	for i, c := range counts {
		if c.Planned != planned || c.Done != i || tried[i] != i {
			t.Errorf("event %d: %+v with %d retests in its result, want %d of %d", i, c, tried[i], i, planned)
		}
	}
	res, _ := d.Results.ByID(web.TargetID)
	if got, last := retestsIn(res), counts[len(counts)-1].Done; got != last || last != planned {
		t.Errorf("the run made %d retests, its events counted %d of %d planned; a site that stays down is retested as planned",
			got, last, planned)
	}
}

// retestsIn counts the retests among a result's fetches.
func retestsIn(r checks.Result) int {
	n := 0
	if r.HTTP != nil {
		for _, a := range r.HTTP.Attempts {
			if a.Try > 0 {
				n++
			}
		}
	}
	return n
}
