package engine_test

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"gatewaydoctor/checks"
	"gatewaydoctor/checks/engine"
	"gatewaydoctor/checks/outside"
	"gatewaydoctor/checks/proxy"
	"gatewaydoctor/checks/system"
	"gatewaydoctor/fixes"
	"gatewaydoctor/internal/lab"
)

// fakeGlobalping serves the outside package's recorded API answers: the
// create, then final, the measurement in file (or status with file as the
// error body when status is not 202).
func fakeGlobalping(t *testing.T, status int, file string) (*outside.Client, *atomic.Int32) {
	var calls atomic.Int32
	read := func(name string) []byte {
		b, err := os.ReadFile(filepath.Join("..", "outside", "testdata", name))
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		w.Header().Set("Content-Type", "application/json")
		if r.Method == http.MethodPost {
			if status != http.StatusAccepted {
				w.WriteHeader(status)
				_, _ = w.Write(read(file))
				return
			}
			w.WriteHeader(http.StatusAccepted)
			_, _ = w.Write(read("create_202.json"))
			return
		}
		_, _ = w.Write(read(file))
	}))
	t.Cleanup(srv.Close)
	return &outside.Client{BaseURL: srv.URL, HTTP: srv.Client(),
		Wait: func(ctx context.Context, _ time.Duration) error { return ctx.Err() }}, &calls
}

func scenario(t *testing.T, code checks.VerdictCode) lab.Scenario {
	for _, sc := range lab.Scenarios {
		if sc.WantCode == code {
			return sc
		}
	}
	t.Fatalf("no lab scenario for %s", code)
	return lab.Scenario{}
}

// TestOutsideCheck runs the loopback lab's Cloudflare-origin 502 through
// the engine, then asks the fake outside service, as `check --outside` does.
func TestOutsideCheck(t *testing.T) {
	for _, tc := range []struct {
		name       string
		status     int
		file       string
		want       checks.VerdictCode
		wantFixes  []string
		wantErr    string
		wantPlaces int
	}{
		{"works from 4 of 5 places: this network is in the way", 202, "measurement_partial.json", checks.VerdictWorksElsewhere, []string{"other_network", "contact_isp"}, "", 5},
		{"down from every place: the website verdict is firm", 202, "measurement_all_fail.json", checks.VerdictWebsiteOrigin, []string{"wait_and_retest", "contact_site"}, "", 5},
		{"the service's rate limit leaves the local verdict", 429, "error_429.json", checks.VerdictWebsiteOrigin, []string{"wait_and_retest", "contact_site"}, outside.ErrRateLimited, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			l := lab.New(t)
			target, tune := scenario(t, checks.VerdictWebsiteOrigin).Stage(t, l)
			eng := engine.Engine{Budget: 4 * time.Second, Env: l.EnvFunc(tune)}
			d, err := eng.Run(context.Background(), target, nil)
			if err != nil || d.Verdict.Code != checks.VerdictWebsiteOrigin {
				t.Fatalf("local verdict %s, %v", d.Verdict.Code, err)
			}
			client, _ := fakeGlobalping(t, tc.status, tc.file)
			d = eng.Outside(context.Background(), d, client)
			rep := d.Report
			if d.Verdict.Code != tc.want || rep.Verdict.Code != tc.want || strings.Join(rep.Fixes, ",") != strings.Join(tc.wantFixes, ",") {
				t.Fatalf("verdict %s (report %s), fixes %v; want %s %v", d.Verdict.Code, rep.Verdict.Code, rep.Fixes, tc.want, tc.wantFixes)
			}
			if rep.Outside == nil || rep.Outside.ErrorCode != tc.wantErr || len(rep.Outside.Places) != tc.wantPlaces {
				t.Fatalf("outside section %+v", rep.Outside)
			}
			var js, txt bytes.Buffer
			if err := rep.WriteJSON(&js); err != nil || !strings.Contains(js.String(), `"outside": {`) {
				t.Errorf("JSON without the outside section (%v)", err)
			}
			if err := rep.WriteText(&txt, fixes.EnglishTitle); err != nil || !strings.Contains(txt.String(), "only the web address was sent") {
				t.Errorf("text without the outside part (%v)", err)
			}
			t.Logf("check --outside, text report:\n%s", txt.String())
		})
	}
}

// TestOutsideOnlyWhenItHelps: a network verdict is never sent outside.
func TestOutsideOnlyWhenItHelps(t *testing.T) {
	l := lab.New(t)
	target, tune := scenario(t, checks.VerdictDNSFailure).Stage(t, l)
	eng := engine.Engine{Budget: 4 * time.Second, Env: l.EnvFunc(tune)}
	d, err := eng.Run(context.Background(), target, nil)
	if err != nil {
		t.Fatal(err)
	}
	client, calls := fakeGlobalping(t, 202, "measurement_success.json")
	if d2 := eng.Outside(context.Background(), d, client); calls.Load() != 0 || d2.Report.Outside != nil {
		t.Errorf("a %s verdict asked the outside service (%d calls)", d.Verdict.Code, calls.Load())
	}
}

// TestBrowserOwnSettings: the browsers section lists a browser's own
// settings; the DNS steps say when the browser bypasses the system's DNS;
// --browser makes that browser's own proxy the path tested.
func TestBrowserOwnSettings(t *testing.T) {
	withBrowsers := func(env *checks.Env) {
		s := &proxy.Settings{From: "gnome", Mode: proxy.ModeDirect, Browsers: []proxy.BrowserOwn{
			{Browser: system.BrowserFirefox, Source: "prefs.js", DoH: &checks.DoH{Mode: checks.DoHSecure, Templates: []string{"https://dns.quad9.net/dns-query"}}},
			{Browser: system.BrowserEdge, Source: "policy /etc/opt/edge/policies/managed", Locked: true,
				Proxy: &proxy.Settings{From: system.BrowserEdge, Mode: proxy.ModeDirect}},
		}}
		proxy.Wire(env, s)
	}
	for _, tc := range []struct {
		name, browser string
		wantNote      bool
		wantSource    string
	}{
		{"no browser named: every browser that bypasses the DNS is named", "", true, "gnome"},
		{"Firefox named: its DoH is named", system.BrowserFirefox, true, "gnome"},
		{"Edge named: its own proxy is tested, and Firefox's DoH does not concern it", system.BrowserEdge, false, system.BrowserEdge},
	} {
		t.Run(tc.name, func(t *testing.T) {
			l := lab.New(t)
			target, tune := scenario(t, checks.VerdictDNSFailure).Stage(t, l)
			env := l.EnvFunc(func(env *checks.Env) {
				if tune != nil {
					tune(env)
				}
				withBrowsers(env)
			})
			d, err := engine.Engine{Budget: 4 * time.Second, Env: env, Browser: tc.browser}.Run(context.Background(), target, nil)
			if err != nil || d.Verdict.Code != checks.VerdictDNSFailure {
				t.Fatalf("verdict %s, %v", d.Verdict.Code, err)
			}
			if len(d.Report.Browsers) != 2 {
				t.Errorf("browsers section %+v", d.Report.Browsers)
			}
			note := strings.Contains(strings.Join(d.Verdict.Evidence, "\n"), "firefox looks names up over its own DNS over HTTPS")
			if note != tc.wantNote || note != strings.Contains(strings.Join(d.Report.Verdict.Evidence, "\n"), "own DNS over HTTPS") {
				t.Errorf("DoH note %v, want %v: %q", note, tc.wantNote, d.Verdict.Evidence)
			}
			for _, c := range d.Report.Checks {
				if c.ID == proxy.ConfigID && c.Details["source"] != tc.wantSource {
					t.Errorf("proxy tested from %v, want %s", c.Details["source"], tc.wantSource)
				}
			}
			if _, err := json.Marshal(d.Report); err != nil {
				t.Error(err)
			}
		})
	}
}
