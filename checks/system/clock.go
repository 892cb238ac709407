package system

import (
	"context"
	"net/http"
	"slices"
	"strings"
	"sync"
	"time"

	"gatewaydoctor/checks"
	"gatewaydoctor/checks/localnet"
)

// ClockID is the ID of the clock-skew check.
const ClockID = "clock"

// clockSkewLimit is how far the local clock may be off. Certificates are
// checked against it, but their validity starts and ends are hours or days
// apart; 5 minutes is also Kerberos' default tolerance (MIT krb5
// clockskew = 300 s) and what the issue asks.
const clockSkewLimit = 5 * time.Minute

// clockRequestTimeout bounds one HEAD request for a Date header.
const clockRequestTimeout = 3 * time.Second

// ClockCheck compares the local clock (env.Now) with the Date headers of the
// reachability hosts and the plain-HTTP captive probes. It asks them itself,
// with HEAD requests in parallel, certificates not checked: a wrong clock is
// exactly what makes certificates fail, and only the Date header is read.
// A median skew over 5 minutes is CodeClockSkew.
func ClockCheck() checks.Check {
	return checks.Func{Name: ClockID, Limit: clockRequestTimeout + time.Second, Fn: runClock}
}

func clockURLs(env *checks.Env) []string {
	urls := append([]string(nil), env.Reachability...)
	for _, p := range env.CaptiveProbes {
		if strings.HasPrefix(p.URL, "http://") {
			urls = append(urls, p.URL)
		}
	}
	return urls
}

func runClock(ctx context.Context, env *checks.Env) checks.Result {
	urls := clockURLs(env)
	if len(urls) == 0 {
		return checks.SkippedSay(ClockID, checks.Say("summary.clock.no_hosts", "the profile sets no hosts to compare the clock with", nil))
	}
	client := localnet.ProbeClient(env, true)
	var mu sync.Mutex
	var samples []localnet.DateSample
	var wg sync.WaitGroup
	for _, u := range urls {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if s, ok := fetchDate(ctx, env, client, u); ok {
				mu.Lock()
				samples = append(samples, s)
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	return clockResult(samples)
}

// fetchDate makes one HEAD request and pairs the Date header with env.Now at
// the middle of the exchange.
func fetchDate(ctx context.Context, env *checks.Env, client *http.Client, u string) (localnet.DateSample, bool) {
	ctx, cancel := context.WithTimeout(ctx, clockRequestTimeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodHead, u, nil)
	if err != nil {
		return localnet.DateSample{}, false
	}
	start := env.Now()
	resp, err := client.Do(req)
	if err != nil {
		return localnet.DateSample{}, false
	}
	resp.Body.Close()
	end := env.Now()
	date, err := http.ParseTime(resp.Header.Get("Date"))
	if err != nil {
		return localnet.DateSample{}, false
	}
	return localnet.DateSample{URL: u, Server: date, Local: start.Add(end.Sub(start) / 2)}, true
}

// clockResult decides from the samples; pure, so tests feed it directly.
func clockResult(samples []localnet.DateSample) checks.Result {
	res := checks.Result{ID: ClockID}
	if len(samples) == 0 {
		return checks.SkippedSay(ClockID, checks.Say("summary.clock.no_date", "no server answered with a date to compare the clock with", nil))
	}
	var skews []time.Duration
	for _, s := range samples {
		// Date has one-second resolution and is truncated, so the server's
		// true time is up to 1 s later than it says.
		skew := s.Server.Add(500 * time.Millisecond).Sub(s.Local)
		skews = append(skews, skew)
		res.Saw(checks.Say("evidence.clock.sample", "{{.URL}} says {{.Server}}; this computer said {{.Local}}", checks.Args{"URL": s.URL, "Server": s.Server.UTC().Format(time.RFC1123), "Local": s.Local.UTC().Format(time.RFC1123)}))
	}
	slices.Sort(skews)
	skew := skews[len(skews)/2]
	res.Details = map[string]any{"skew_seconds": skew.Round(time.Second).Seconds(), "samples": len(samples)}
	abs := skew
	if abs < 0 {
		abs = -abs
	}
	if abs > clockSkewLimit {
		res.Status = checks.StatusProblem
		res.Codes = []checks.Code{checks.CodeClockSkew}
		if skew < 0 {
			res.Say(checks.Say("summary.clock.ahead", "This computer's clock is {{.Time}} ahead: secure websites will fail until it is set right.", checks.Args{"Time": humanDuration(abs)}))
		} else {
			res.Say(checks.Say("summary.clock.behind", "This computer's clock is {{.Time}} behind: secure websites will fail until it is set right.", checks.Args{"Time": humanDuration(abs)}))
		}
		return res
	}
	res.Status = checks.StatusOK
	res.Say(checks.Say("summary.clock.ok", "The clock is right.", nil))
	return res
}

// humanDuration says a skew the way a person would: "3 hours", "12 minutes".
// The unit is a word of the person's language, singular for a count of one
// (each unit has a .one and an .other key: the count is known here, the
// language only where the Text is rendered, and one is the only count
// whose form differs in the five languages). A duration under a minute is
// said as "1 minute", never "0 minutes", so French, whose singular also
// covers zero, needs no rule of its own.
func humanDuration(d time.Duration) checks.Text {
	switch {
	case d >= 48*time.Hour:
		return durationText(time.Hour*24, int(d.Hours()/24))
	case d >= 2*time.Hour:
		return durationText(time.Hour, int(d.Hours()))
	default:
		return durationText(time.Minute, max(int(d.Minutes()), 1))
	}
}

// durationText says n of unit (a day, an hour or a minute), in the
// singular when n is one.
func durationText(unit time.Duration, n int) checks.Text {
	a := checks.Args{"N": n}
	one := n == 1
	switch {
	case unit >= 24*time.Hour && one:
		return checks.Say("duration.days.one", "{{.N}} day", a)
	case unit >= 24*time.Hour:
		return checks.Say("duration.days.other", "{{.N}} days", a)
	case unit >= time.Hour && one:
		return checks.Say("duration.hours.one", "{{.N}} hour", a)
	case unit >= time.Hour:
		return checks.Say("duration.hours.other", "{{.N}} hours", a)
	case one:
		return checks.Say("duration.minutes.one", "{{.N}} minute", a)
	default:
		return checks.Say("duration.minutes.other", "{{.N}} minutes", a)
	}
}
