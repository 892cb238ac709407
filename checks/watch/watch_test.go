package watch

import (
	"context"
	"errors"
	"net/url"
	"slices"
	"testing"
	"time"

	"gatewaydoctor/checks"
	"gatewaydoctor/checks/engine"
)

// fakeClock advances by exactly what is waited for, at once: the watch's
// schedule is then the list of waits, and no test waits in real time.
// block, when set, makes the wait of that call (0-based) never end, so only
// CheckNow or a stop can end it.
type fakeClock struct {
	now   time.Time
	waits []time.Duration
	block map[int]bool
}

func (c *fakeClock) Now() time.Time { return c.now }

func (c *fakeClock) After(d time.Duration) <-chan time.Time {
	ch := make(chan time.Time, 1)
	if c.block[len(c.waits)] {
		c.waits = append(c.waits, -1)
		return ch
	}
	c.waits = append(c.waits, d)
	c.now = c.now.Add(d)
	ch <- c.now
	return ch
}

// fakeEngine answers each retest with the next verdict of its script (the
// last repeats), and can stop the watch from inside a retest.
type fakeEngine struct {
	script []checks.VerdictCode
	errAt  map[int]error
	stopAt int // retest number (1-based) during which the person stops; 0 never
	stop   context.CancelFunc
	runs   int
}

func (f *fakeEngine) Run(ctx context.Context, target *url.URL, _ func(checks.Event)) (engine.Diagnosis, error) {
	f.runs++
	if f.runs == f.stopAt {
		f.stop()
	}
	code := f.script[min(f.runs-1, len(f.script)-1)]
	if err := f.errAt[f.runs]; err != nil {
		return engine.Diagnosis{}, err
	}
	info := checks.Verdicts[code]
	return engine.Diagnosis{Verdict: checks.Verdict{Code: code, Side: info.Side}}, nil
}

var (
	start  = time.Date(2026, 12, 7, 14, 0, 0, 0, time.UTC)
	target = &url.URL{Scheme: "https", Host: "shop.example", Path: "/"}
	origin = checks.Verdict{Code: checks.VerdictWebsiteOrigin, Side: checks.SideWebsite}
)

func TestSchedule(t *testing.T) {
	s := time.Second
	for _, tc := range []struct {
		first time.Duration
		want  []time.Duration
	}{
		{0, []time.Duration{15 * s, 30 * s, 60 * s, 120 * s, 300 * s, 300 * s, 300 * s}},
		{45 * s, []time.Duration{45 * s, 60 * s, 120 * s, 300 * s, 300 * s}},
		{3 * time.Minute, []time.Duration{180 * s, 300 * s, 300 * s}},
		{10 * time.Minute, []time.Duration{600 * s, 600 * s}},
	} {
		next := Schedule(tc.first)
		var got []time.Duration
		for n := range tc.want {
			got = append(got, next(n))
		}
		if !slices.Equal(got, tc.want) {
			t.Errorf("first %v: %v, want %v", tc.first, got, tc.want)
		}
	}
}

func TestWatch(t *testing.T) {
	s := time.Second
	for _, tc := range []struct {
		name      string
		script    []checks.VerdictCode
		errAt     map[int]error
		first     time.Duration
		limit     time.Duration
		stopAt    int
		block     map[int]bool
		checkNow  bool
		want      Outcome
		wantWaits []time.Duration
		wantSides []int // attempts whose event says the side changed
	}{
		{name: "back on the fourth retest, after the CDN-caching wait and the backoff",
			script:    []checks.VerdictCode{checks.VerdictWebsiteOrigin, checks.VerdictWebsiteOrigin, checks.VerdictWebsiteOrigin, checks.VerdictOK},
			want:      Back,
			wantWaits: []time.Duration{15 * s, 30 * s, 60 * s, 120 * s},
			wantSides: []int{4}},
		{name: "the time ends while it still fails; the last wait is cut to the limit",
			script:    []checks.VerdictCode{checks.VerdictWebsiteOrigin},
			limit:     10 * time.Minute,
			want:      TimeUp,
			wantWaits: []time.Duration{15 * s, 30 * s, 60 * s, 120 * s, 300 * s, 75 * s}},
		{name: "--every sets the first wait and the backoff grows from it",
			script:    []checks.VerdictCode{checks.VerdictWebsiteDown, checks.VerdictWebsiteDown, checks.VerdictOK},
			first:     time.Minute,
			want:      Back,
			wantWaits: []time.Duration{60 * s, 120 * s, 300 * s},
			wantSides: []int{3}},
		{name: "the cause changes side: website, then the network",
			script:    []checks.VerdictCode{checks.VerdictWebsiteOrigin, checks.VerdictDNSFailure, checks.VerdictOK},
			want:      Back,
			wantWaits: []time.Duration{15 * s, 30 * s, 60 * s},
			wantSides: []int{2, 3}},
		{name: "a retest that cannot run keeps the last verdict and goes on",
			script:    []checks.VerdictCode{checks.VerdictWebsiteOrigin, checks.VerdictOK},
			errAt:     map[int]error{2: errors.New("profile: bad resolver")},
			want:      Back,
			wantWaits: []time.Duration{15 * s, 30 * s, 60 * s},
			wantSides: []int{3}},
		{name: "the person stops watching during a retest",
			script:    []checks.VerdictCode{checks.VerdictWebsiteOrigin},
			stopAt:    2,
			want:      Stopped,
			wantWaits: []time.Duration{15 * s, 30 * s}},
		{name: "check now ends a wait at once",
			script:    []checks.VerdictCode{checks.VerdictWebsiteOrigin, checks.VerdictOK},
			block:     map[int]bool{1: true},
			checkNow:  true,
			want:      Back,
			wantWaits: []time.Duration{15 * s, -1},
			wantSides: []int{2}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			clock := &fakeClock{now: start, block: tc.block}
			eng := &fakeEngine{script: tc.script, errAt: tc.errAt, stopAt: tc.stopAt, stop: cancel}
			now := make(chan struct{}, 1)
			var events []Event
			w := Watcher{Engine: eng, Target: target, Clock: clock, First: tc.first, For: tc.limit, CheckNow: now,
				OnEvent: func(e Event) {
					events = append(events, e)
					if tc.checkNow && e.Attempt == 1 {
						now <- struct{}{}
					}
				}}
			got := w.Run(ctx, origin)
			if got != tc.want {
				t.Fatalf("outcome %s, want %s", got, tc.want)
			}
			if !slices.Equal(clock.waits, tc.wantWaits) {
				t.Errorf("waits %v, want %v", clock.waits, tc.wantWaits)
			}
			last := events[len(events)-1]
			if last.End != tc.want || last.Next != 0 {
				t.Errorf("last event %+v", last)
			}
			var sides []int
			for i, e := range events {
				if e.SideChanged {
					sides = append(sides, e.Attempt)
				}
				if i < len(events)-1 && (e.End != "" || e.Next != clock.waits[i+1] && clock.waits[i+1] != -1) {
					t.Errorf("event %d: end %q, next %v, but the watch waited %v", i, e.End, e.Next, clock.waits[i+1])
				}
				if (tc.errAt[e.Attempt] != nil) != (e.Err != nil) {
					t.Errorf("attempt %d: error %v", e.Attempt, e.Err)
				}
			}
			if !slices.Equal(sides, tc.wantSides) {
				t.Errorf("side changes at attempts %v, want %v", sides, tc.wantSides)
			}
		})
	}
}
