package web_test

import (
	"context"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"sync"
	"testing"
	"time"

	"gatewaydoctor/checks"
	"gatewaydoctor/checks/web"
	"gatewaydoctor/internal/lab"
)

// targetTestBudget bounds one target check in these tests: a loopback
// fetch takes milliseconds, and a check that waits for what it should not
// ends here, failing the test rather than hanging it.
const targetTestBudget = 3 * time.Second

// TestTargetFetchesBeforeTheProxyDecision: the target's direct fetch does
// not wait for the proxy settings or the proxy decision. Both become ready
// only once the site has received the target's request, so a check that
// waited for them first would get no answer before its deadline.
func TestTargetFetchesBeforeTheProxyDecision(t *testing.T) {
	for _, tc := range []struct {
		name      string
		withProxy bool
		wantPath  checks.Path
	}{
		{"no proxy applies: the direct fetch is the browser's", false, checks.PathDirect},
		{"a proxy applies: the direct fetch is the comparison", true, checks.PathProxy},
	} {
		t.Run(tc.name, func(t *testing.T) {
			l := lab.New(t)
			ready := make(chan struct{})
			var once sync.Once
			site := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				once.Do(func() { close(ready) })
				_, _ = w.Write([]byte("welcome"))
			}))
			t.Cleanup(site.Close)
			l.System.Set("shop.test", lab.Loopback)
			l.Reference.Set("shop.test", lab.Loopback)
			target, _ := url.Parse("http://shop.test:" + strconv.Itoa(site.Listener.Addr().(*net.TCPAddr).Port) + "/")
			ctx, cancel := context.WithTimeout(context.Background(), targetTestBudget)
			defer cancel()
			env := l.Env(target)
			var proxyURL *url.URL
			if tc.withProxy {
				proxyURL = lab.NewProxy(t, lab.ProxyForward, l.System.Resolver()).ProxyURL()
			}
			// Both the settings and the decision (a PAC file being
			// fetched) come only after the site saw the request.
			env.ProxyReady = ready
			env.Proxy = func(*url.URL) (*url.URL, error) {
				select {
				case <-ready:
					return proxyURL, nil
				case <-ctx.Done():
					return nil, ctx.Err()
				}
			}
			r := web.TargetCheck().Run(ctx, env)
			if r.HTTP == nil {
				t.Fatalf("no HTTP outcome: %+v", r)
			}
			p := r.HTTP.Primary
			if p.Path != tc.wantPath || p.Status != http.StatusOK {
				t.Errorf("primary fetch %s %d (%s), want %s 200: %q", p.Path, p.Status, p.Err, tc.wantPath, r.Evidence)
			}
			direct := 0
			for _, a := range r.HTTP.Attempts {
				if a.Path == checks.PathDirect && a.Try == 0 {
					direct++
				}
			}
			if direct != 1 {
				t.Errorf("%d first direct fetches, want exactly 1: %+v", direct, r.HTTP.Attempts)
			}
		})
	}
}

// TestTargetReportsTheTimingsOfItsAnswer: the primary attempt, which the
// report's top-level http.timings_ms come from, carries the timings of the
// fetch that made it. The site answers after a delay, so the time to its
// first byte is at least that.
func TestTargetReportsTheTimingsOfItsAnswer(t *testing.T) {
	const delay = 50 * time.Millisecond
	l := lab.New(t)
	target := l.AddSite(t, "shop.test", lab.NewSite(t).Delay(delay), "/")
	ctx, cancel := context.WithTimeout(context.Background(), targetTestBudget)
	defer cancel()
	r := web.TargetCheck().Run(ctx, l.Env(target))
	if r.HTTP == nil {
		t.Fatalf("no HTTP outcome: %+v", r)
	}
	rep := checks.NewReport(target.String(), time.Now(), 0, checks.Results{r}, checks.Verdict{})
	if rep.HTTP == nil {
		t.Fatal("the report has no http section")
	}
	if got := rep.HTTP.TimingsMS["ttfb"]; got < delay.Milliseconds() {
		t.Errorf("http.timings_ms.ttfb = %d ms, want at least the site's %v (timings %v)", got, delay, rep.HTTP.TimingsMS)
	}
	if got := r.HTTP.Primary.Timings; got.TTFB < got.Connect {
		t.Errorf("ttfb %v shorter than connect %v: ttfb counts from the request's start", got.TTFB, got.Connect)
	}
}
