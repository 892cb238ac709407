package main

import (
	"bytes"
	"context"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"gatewaydoctor/checks"
	"gatewaydoctor/checks/engine"
	"gatewaydoctor/checks/watch"
	"gatewaydoctor/profile"
)

// stepClock advances by exactly what is waited for, at once.
type stepClock struct{ now time.Time }

func (c *stepClock) Now() time.Time { return c.now }

func (c *stepClock) After(d time.Duration) <-chan time.Time {
	c.now = c.now.Add(d)
	ch := make(chan time.Time, 1)
	ch <- c.now
	return ch
}

// scriptEngine answers each diagnosis with the next verdict (the last
// repeats).
type scriptEngine struct {
	script []checks.VerdictCode
	runs   int
}

func (s *scriptEngine) Run(ctx context.Context, target *url.URL, _ func(checks.Event)) (engine.Diagnosis, error) {
	code := s.script[min(s.runs, len(s.script)-1)]
	s.runs++
	return engine.Diagnosis{Verdict: checks.Verdict{Code: code, Side: checks.Verdicts[code].Side}}, nil
}

func fakeWatch(t *testing.T, script ...checks.VerdictCode) *scriptEngine {
	eng := &scriptEngine{script: script}
	oldClock, oldEngine := watchClock, watchEngine
	watchClock = &stepClock{now: time.Date(2026, 12, 7, 14, 0, 0, 0, time.UTC)}
	watchEngine = func(*profile.Profile, string) watch.Diagnoser { return eng }
	t.Cleanup(func() { watchClock, watchEngine = oldClock, oldEngine })
	return eng
}

func TestWatchCommand(t *testing.T) {
	site := checks.VerdictWebsiteOrigin
	for _, tc := range []struct {
		name     string
		args     []string
		script   []checks.VerdictCode
		wantCode int
		want     []string // lines of stdout, in order
	}{
		{"back after the backoff", []string{"https://shop.example/"},
			[]checks.VerdictCode{site, site, site, checks.VerdictDNSFailure, checks.VerdictOK}, exitOK, []string{
				"14:00:00  https://shop.example/: website_origin (website)",
				"14:00:00  watching for up to 1h0m0s; first retest in 15s (past CDN error caching), then less often",
				"14:00:15  retest 1: still failing website_origin (website); next in 30s",
				"14:00:45  retest 2: still failing website_origin (website); next in 1m0s",
				"14:01:45  retest 3: changed side: now dns_failure (network); next in 2m0s",
				"14:03:45  back after 4 retests: the website works again",
			}},
		{"the time ends", []string{"--every", "1m", "--for", "4m", "https://shop.example/"},
			[]checks.VerdictCode{site}, exitProblem, []string{
				"14:00:00  https://shop.example/: website_origin (website)",
				"14:00:00  watching for up to 4m0s; first retest in 1m0s (past CDN error caching), then less often",
				"14:01:00  retest 1: still failing website_origin (website); next in 2m0s",
				"14:03:00  retest 2: still failing website_origin (website); next in 1m0s",
				"14:04:00  time is up after 4m0s: still failing, website_origin (website)",
			}},
		{"it already works", []string{"https://shop.example/"},
			[]checks.VerdictCode{checks.VerdictOK}, exitOK, []string{
				"14:00:00  https://shop.example/: ok (computer)",
				"14:00:00  it works now: nothing to watch",
			}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			fakeWatch(t, tc.script...)
			var out, errb bytes.Buffer
			stdout, stderr = &out, &errb
			if code := runWatch(tc.args); code != tc.wantCode {
				t.Fatalf("exit %d, want %d (stderr %q)", code, tc.wantCode, errb.String())
			}
			got := strings.Split(strings.TrimSuffix(out.String(), "\n"), "\n")
			if strings.Join(got, "\n") != strings.Join(tc.want, "\n") {
				t.Errorf("stdout:\n%s\nwant:\n%s", out.String(), strings.Join(tc.want, "\n"))
			}
			t.Logf("gateway-doctor watch %s\n%s", strings.Join(tc.args, " "), out.String())
		})
	}
}

func TestWatchRejectsBadInput(t *testing.T) {
	for _, tc := range []struct {
		name string
		args []string
		want string
	}{
		{"no address", []string{}, "give exactly one web address"},
		{"too fast", []string{"--every", "1s", "a.example"}, "--every"},
		{"no time", []string{"--for", "0s", "a.example"}, "--for"},
		{"too long", []string{"--for", "48h", "a.example"}, "--for"},
		{"unknown browser", []string{"--browser", "mosaic", "a.example"}, "mosaic"},
		{"bad address", []string{"javascript:alert(1)"}, "javascript"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			eng := fakeWatch(t, checks.VerdictOK)
			var out, errb bytes.Buffer
			stdout, stderr = &out, &errb
			if code := runWatch(tc.args); code != exitUsage {
				t.Fatalf("exit %d, want %d", code, exitUsage)
			}
			if msg := errb.String(); strings.Count(msg, "\n") != 1 || !strings.Contains(msg, tc.want) {
				t.Errorf("stderr %q, want one line mentioning %q", msg, tc.want)
			}
			if eng.runs != 0 || out.Len() != 0 {
				t.Errorf("bad usage diagnosed %d times, printed %q", eng.runs, out.String())
			}
		})
	}
}

func TestCheckRejectsUnknownBrowser(t *testing.T) {
	var out, errb bytes.Buffer
	stdout, stderr = &out, &errb
	if code := runCheck([]string{"--browser", "mosaic", "--outside", "a.example"}); code != exitUsage || !strings.Contains(errb.String(), "mosaic") {
		t.Errorf("exit %d, stderr %q", code, errb.String())
	}
}

// TestCheckOutsideTurnedOff: a profile that turns the outside check off
// wins over --outside, before anything is sent or checked.
func TestCheckOutsideTurnedOff(t *testing.T) {
	path := filepath.Join(t.TempDir(), "never.toml")
	if err := os.WriteFile(path, []byte("[privacy]\noutside_check = \"never\"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	var out, errb bytes.Buffer
	stdout, stderr = &out, &errb
	code := runCheck([]string{"--profile", path, "--outside", "https://shop.example/"})
	if code != exitUsage || !strings.Contains(errb.String(), "turns the outside check off") || out.Len() != 0 {
		t.Errorf("exit %d, stderr %q, stdout %q", code, errb.String(), out.String())
	}
}
