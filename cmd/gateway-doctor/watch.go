package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"time"

	"gatewaydoctor/checks"
	"gatewaydoctor/checks/engine"
	"gatewaydoctor/checks/watch"
	"gatewaydoctor/checks/web"
	"gatewaydoctor/fixes"
	"gatewaydoctor/profile"
)

// watchClock and watchEngine are what `watch` waits on and diagnoses with;
// tests replace them with a fake clock and a scripted engine.
var (
	watchClock  watch.Clock = watch.RealClock{}
	watchEngine             = func(p *profile.Profile, browser string) watch.Diagnoser {
		return engine.Engine{Profile: p, Browser: browser}
	}
)

// runWatch is `gateway-doctor watch [--every DUR] [--for DUR] [--profile
// FILE] [--browser NAME] URL`: it diagnoses once, then retests until the
// site works (exit 0) or the time ends (exit 1), printing each retest.
func runWatch(args []string) int {
	fs := flag.NewFlagSet("watch", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	every := fs.Duration("every", watch.FirstWait, "the first wait; the backoff grows from it")
	limit := fs.Duration("for", watch.DefaultFor, "how long to keep watching")
	profilePath := fs.String("profile", "", "helpdesk profile (TOML)")
	browser := fs.String("browser", "", "the browser that shows the problem")
	rest, err := parseInterspersed(fs, args)
	if err != nil {
		fmt.Fprintf(stderr, "gateway-doctor watch: %v\n", err)
		return exitUsage
	}
	switch {
	case len(rest) != 1:
		err = fmt.Errorf("give exactly one web address, e.g. gateway-doctor watch https://shop.example/")
	case *every < watch.MinEvery:
		err = fmt.Errorf("--every must be at least %v", watch.MinEvery)
	case *limit <= 0 || *limit > watch.MaxFor:
		err = fmt.Errorf("--for must be between 1s and %v", watch.MaxFor)
	default:
		err = checkBrowser(*browser)
	}
	if err != nil {
		fmt.Fprintf(stderr, "gateway-doctor watch: %v\n", err)
		return exitUsage
	}
	target, err := web.ParseTarget(rest[0])
	if err != nil {
		fmt.Fprintf(stderr, "gateway-doctor watch: %v\n", err)
		return exitUsage
	}
	p, err := profile.Resolve(*profilePath, fixes.Known())
	if err != nil {
		fmt.Fprintf(stderr, "gateway-doctor: %v\n", err)
		return exitUsage
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	eng := watchEngine(p, *browser)
	d, err := eng.Run(ctx, target, nil)
	if err != nil {
		fmt.Fprintf(stderr, "gateway-doctor watch: %v\n", err)
		return exitInternal
	}
	stamp := func() string { return watchClock.Now().Format("15:04:05") }
	fmt.Fprintf(stdout, "%s  %s: %s (%s)\n", stamp(), target, d.Verdict.Code, d.Verdict.Side)
	if d.Verdict.Code == checks.VerdictOK {
		fmt.Fprintf(stdout, "%s  it works now: nothing to watch\n", stamp())
		return exitOK
	}
	why := ""
	if *every >= watch.FirstWait {
		why = " (past CDN error caching)"
	}
	fmt.Fprintf(stdout, "%s  watching for up to %v; first retest in %v%s, then less often\n", stamp(), *limit, *every, why)
	w := watch.Watcher{Engine: eng, Target: target, Clock: watchClock, First: *every, For: *limit,
		OnEvent: func(e watch.Event) { printWatchEvent(stdout, e, *limit) }}
	if w.Run(ctx, d.Verdict) == watch.Back {
		return exitOK
	}
	return exitProblem
}

// printWatchEvent prints one retest, or the end, on one line.
func printWatchEvent(out io.Writer, e watch.Event, limit time.Duration) {
	at := e.At.Format("15:04:05")
	v := fmt.Sprintf("%s (%s)", e.Verdict.Code, e.Verdict.Side)
	switch e.End {
	case watch.Back:
		fmt.Fprintf(out, "%s  back after %d retests: the website works again\n", at, e.Attempt)
		return
	case watch.TimeUp:
		fmt.Fprintf(out, "%s  time is up after %v: still failing, %s\n", at, limit, v)
		return
	case watch.Stopped:
		fmt.Fprintf(out, "%s  stopped watching: last seen %s\n", at, v)
		return
	}
	what := "still failing"
	switch {
	case e.Err != nil:
		what = "could not check (" + e.Err.Error() + "); last seen"
	case e.SideChanged:
		what = "changed side: now"
	case e.Changed:
		what = "changed: now"
	}
	fmt.Fprintf(out, "%s  retest %d: %s %s; next in %v\n", at, e.Attempt, what, v, e.Next.Round(time.Second))
}
