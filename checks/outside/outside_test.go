package outside

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"gatewaydoctor/checks"
)

// fakeAPI is a loopback stand-in for Globalping: it answers the create with
// createStatus and createFile, then each poll with the next of polls (the
// last one repeats). hang makes every call wait for the client to give up.
type fakeAPI struct {
	t            testing.TB
	createStatus int
	createFile   string
	polls        []string
	hang         bool
	stop         chan struct{} // closed at cleanup: a hung handler returns
	huge         bool

	mu      sync.Mutex
	created []measurementRequest
	polled  int
	paths   []string
}

func (f *fakeAPI) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	f.paths = append(f.paths, r.Method+" "+r.URL.Path)
	f.mu.Unlock()
	if f.hang {
		// The server notices a gone client only once the body is read.
		_, _ = io.Copy(io.Discard, r.Body)
		select {
		case <-r.Context().Done():
		case <-f.stop:
		}
		return
	}
	switch {
	case r.Method == http.MethodPost && r.URL.Path == "/v1/measurements":
		var req measurementRequest
		if err := json.NewDecoder(r.Body).Decode(&req); err != nil {
			f.t.Errorf("create body: %v", err)
		}
		f.mu.Lock()
		f.created = append(f.created, req)
		f.mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Location", "https://api.globalping.io/v1/measurements/PY5fMsREMmIq45VR")
		w.WriteHeader(f.createStatus)
		_, _ = w.Write(f.file(f.createFile))
	case r.Method == http.MethodGet && r.URL.Path == "/v1/measurements/PY5fMsREMmIq45VR":
		f.mu.Lock()
		i := min(f.polled, len(f.polls)-1)
		f.polled++
		f.mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		if f.huge {
			_, _ = w.Write([]byte(`{"id":"` + strings.Repeat("x", maxAPIBody) + `"}`))
			return
		}
		_, _ = w.Write(f.file(f.polls[i]))
	default:
		http.NotFound(w, r)
	}
}

func (f *fakeAPI) file(name string) []byte {
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		f.t.Fatalf("testdata: %v", err)
	}
	return b
}

// noWait stands in for the poll timer: the fake has the next answer ready.
func noWait(ctx context.Context, _ time.Duration) error { return ctx.Err() }

var target = &url.URL{Scheme: "https", Host: "shop.example", Path: "/checkout", RawQuery: "step=2", User: url.UserPassword("ann", "secret")}

func newClient(t testing.TB, f *fakeAPI) *Client {
	srv := httptest.NewServer(f)
	t.Cleanup(srv.Close)
	f.stop = make(chan struct{})
	t.Cleanup(func() { close(f.stop) }) // runs first: cleanups are last in, first out
	at := time.Date(2026, 12, 7, 13, 0, 0, 0, time.UTC)
	return &Client{BaseURL: srv.URL, HTTP: srv.Client(), Now: func() time.Time { return at }, Wait: noWait, UserAgent: "gateway-doctor-test"}
}

func TestCheck(t *testing.T) {
	for _, tc := range []struct {
		name        string
		api         *fakeAPI
		ctxTimeout  time.Duration
		wantCode    string
		wantStatus  []int
		wantProd    []string
		wantMost    bool
		wantDownAll bool
	}{
		{name: "every place fetches the page",
			api:        &fakeAPI{createStatus: 202, createFile: "create_202.json", polls: []string{"measurement_in_progress.json", "measurement_success.json"}},
			wantStatus: []int{200, 200, 200, 200, 200}, wantProd: []string{"", "", "", "", ""}, wantMost: true},
		{name: "one place of five times out: works from most",
			api:        &fakeAPI{createStatus: 202, createFile: "create_202.json", polls: []string{"measurement_partial.json"}},
			wantStatus: []int{200, 200, 0, 200, 200}, wantProd: []string{"", "", "", "", ""}, wantMost: true},
		{name: "every place fails: Cloudflare's 522 is named by the same classifier",
			api:        &fakeAPI{createStatus: 202, createFile: "create_202.json", polls: []string{"measurement_all_fail.json"}},
			wantStatus: []int{522, 522, 522, 0, 0}, wantProd: []string{"cloudflare", "cloudflare", "cloudflare", "", ""}, wantDownAll: true},
		{name: "the anonymous limit is used up (429)",
			api:      &fakeAPI{createStatus: 429, createFile: "error_429.json"},
			wantCode: ErrRateLimited},
		{name: "no probes free (422)",
			api:      &fakeAPI{createStatus: 422, createFile: "error_422.json"},
			wantCode: ErrNoProbes},
		{name: "the service fails (500)",
			api:      &fakeAPI{createStatus: 500, createFile: "error_422.json"},
			wantCode: ErrService},
		{name: "the service never answers",
			api:        &fakeAPI{hang: true},
			ctxTimeout: 50 * time.Millisecond,
			wantCode:   ErrTimeout},
		{name: "an answer past the body cap",
			api:      &fakeAPI{createStatus: 202, createFile: "create_202.json", polls: []string{"measurement_success.json"}, huge: true},
			wantCode: ErrService},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tc.api.t = t
			c := newClient(t, tc.api)
			ctx := context.Background()
			if tc.ctxTimeout > 0 {
				var cancel context.CancelFunc
				ctx, cancel = context.WithTimeout(ctx, tc.ctxTimeout)
				defer cancel()
			}
			rep := c.Check(ctx, target)
			if rep.Service != ServiceName || !rep.AskedAt.Equal(c.Now()) {
				t.Errorf("service %q asked_at %v", rep.Service, rep.AskedAt)
			}
			if rep.ErrorCode != tc.wantCode || (tc.wantCode != "") != (rep.Error != "") {
				t.Fatalf("error %q (%q), want code %q", rep.ErrorCode, rep.Error, tc.wantCode)
			}
			var status []int
			var prod []string
			for _, p := range rep.Places {
				status = append(status, p.Status)
				prod = append(prod, p.Producer)
				if p.Country == "" || p.City == "" {
					t.Errorf("place without a name: %+v", p)
				}
				if p.Status == 0 && p.Error == "" {
					t.Errorf("a failed place says nothing: %+v", p)
				}
			}
			if !slices.Equal(status, tc.wantStatus) || !slices.Equal(prod, tc.wantProd) {
				t.Errorf("statuses %v producers %q, want %v %q", status, prod, tc.wantStatus, tc.wantProd)
			}
			if WorksFromMost(rep) != tc.wantMost || DownFromAll(rep) != tc.wantDownAll {
				t.Errorf("works from most %v, down from all %v", WorksFromMost(rep), DownFromAll(rep))
			}
		})
	}
}

// TestRequestSendsTheURLOnly holds the privacy promise: the service learns
// the host, port, path and query, and nothing else (no user name, no
// password), from one probe on each of five continents.
func TestRequestSendsTheURLOnly(t *testing.T) {
	f := &fakeAPI{t: t, createStatus: 202, createFile: "create_202.json", polls: []string{"measurement_success.json"}}
	newClient(t, f).Check(context.Background(), target)
	if len(f.created) != 1 {
		t.Fatalf("%d creates, want 1", len(f.created))
	}
	got, _ := json.Marshal(f.created[0])
	for _, secret := range []string{"ann", "secret"} {
		if strings.Contains(string(got), secret) {
			t.Errorf("request %s leaks %q", got, secret)
		}
	}
	r := f.created[0]
	if r.Type != "http" || r.Target != "shop.example" || r.Options.Request.Path != "/checkout" || r.Options.Request.Query != "step=2" ||
		r.Options.Request.Method != "GET" || r.Options.Port != 443 || r.Options.Protocol != "HTTPS" {
		t.Errorf("request %s", got)
	}
	var conts []string
	total := 0
	for _, l := range r.Locations {
		conts = append(conts, l.Continent)
		total += l.Limit
	}
	if !slices.Equal(conts, []string{"EU", "NA", "AS", "SA", "OC"}) || total != 5 {
		t.Errorf("locations %v, %d probes", conts, total)
	}
}

// TestTimeoutKeepsWhatAnswered: when time runs out while most probes still
// run, the place that answered is kept and the rest are "no result".
func TestTimeoutKeepsWhatAnswered(t *testing.T) {
	f := &fakeAPI{t: t, createStatus: 202, createFile: "create_202.json", polls: []string{"measurement_in_progress.json"}}
	c := newClient(t, f)
	waits := 0
	c.Wait = func(ctx context.Context, d time.Duration) error {
		if d != pollEvery {
			t.Errorf("waited %v between polls, want %v", d, pollEvery)
		}
		if waits++; waits > 3 {
			return context.DeadlineExceeded
		}
		return nil
	}
	rep := c.Check(context.Background(), target)
	if rep.Error != "" || len(rep.Places) != 5 || f.polled != 3 {
		t.Fatalf("error %q, %d places after %d polls", rep.Error, len(rep.Places), f.polled)
	}
	if _, _, answered := Tally(rep); answered != 1 {
		t.Errorf("%d places answered, want 1", answered)
	}
	if WorksFromMost(rep) || DownFromAll(rep) {
		t.Error("one answer must not decide anything")
	}
}

func TestPrivateTargetIsNotSent(t *testing.T) {
	for _, host := range []string{"192.168.1.1", "10.0.0.8:8443", "127.0.0.1", "[fd00::1]"} {
		f := &fakeAPI{t: t}
		rep := newClient(t, f).Check(context.Background(), &url.URL{Scheme: "https", Host: host, Path: "/"})
		if rep.ErrorCode != ErrNotReachable || len(f.paths) != 0 {
			t.Errorf("%s: code %q, calls %v", host, rep.ErrorCode, f.paths)
		}
	}
}

func TestApply(t *testing.T) {
	place := func(status int, err string) checks.OutsidePlace {
		return checks.OutsidePlace{Country: "DE", City: "Frankfurt", Status: status, Error: err}
	}
	works := &checks.OutsideReport{Places: []checks.OutsidePlace{place(200, ""), place(200, ""), place(301, ""), place(200, ""), place(0, "connect ETIMEDOUT")}}
	down := &checks.OutsideReport{Places: []checks.OutsidePlace{place(502, ""), place(502, ""), place(0, "timeout"), place(503, ""), {NoResult: true, Error: "offline"}}}
	mixed := &checks.OutsideReport{Places: []checks.OutsidePlace{place(200, ""), place(502, ""), place(502, ""), place(404, "")}}
	thin := &checks.OutsideReport{Places: []checks.OutsidePlace{place(200, ""), place(200, "")}}
	failed := &checks.OutsideReport{Error: "The outside check service has been asked too often", ErrorCode: ErrRateLimited}
	local := func(code checks.VerdictCode) checks.Verdict {
		info := checks.Verdicts[code]
		return checks.Verdict{Code: code, Side: info.Side, Summary: info.Summary, Evidence: []string{"local evidence"}, Fixes: info.Fixes}
	}
	for _, tc := range []struct {
		name     string
		local    checks.VerdictCode
		outside  *checks.OutsideReport
		want     checks.VerdictCode
		evidence string // a substring of the added evidence; "" = none added
	}{
		{"a website fault that works from most places is this network's", checks.VerdictWebsiteOrigin, works, checks.VerdictWorksElsewhere, "works from 4 of 5 places"},
		{"a certificate error that works elsewhere too", checks.VerdictTLSError, works, checks.VerdictWorksElsewhere, "works from 4 of 5 places"},
		{"down from every place makes the website verdict firm", checks.VerdictWebsiteDown, down, checks.VerdictWebsiteDown, "down from 4 of 4 places outside too"},
		{"mixed answers only add evidence", checks.VerdictWebsiteEdge, mixed, checks.VerdictWebsiteEdge, "works from 1 of 4 places, fails from 2"},
		{"two answers decide nothing", checks.VerdictWebsiteOrigin, thin, checks.VerdictWebsiteOrigin, "works from 2 of 2"},
		{"a failed service leaves the local verdict", checks.VerdictWebsiteOrigin, failed, checks.VerdictWebsiteOrigin, ""},
		{"no outside check leaves the local verdict", checks.VerdictWebsiteOrigin, nil, checks.VerdictWebsiteOrigin, ""},
		{"intermittent already recovered: stays", checks.VerdictIntermittent, works, checks.VerdictIntermittent, "works from 4 of 5"},
		{"a network verdict is never turned", checks.VerdictDNSFailure, works, checks.VerdictDNSFailure, "works from 4 of 5"},
		{"ok stays ok", checks.VerdictOK, down, checks.VerdictOK, "fails from 4"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			in := local(tc.local)
			got := Apply(in, tc.outside)
			if got.Code != tc.want {
				t.Fatalf("verdict %s, want %s", got.Code, tc.want)
			}
			added := strings.Join(got.Evidence, "\n")
			if tc.evidence == "" && len(got.Evidence) != 1 || tc.evidence != "" && !strings.Contains(added, tc.evidence) {
				t.Errorf("evidence %q, want %q added", got.Evidence, tc.evidence)
			}
			if !slices.Contains(got.Evidence, "local evidence") {
				t.Errorf("the local evidence was lost: %q", got.Evidence)
			}
			if len(in.Evidence) != 1 {
				t.Errorf("Apply changed its input's evidence: %q", in.Evidence)
			}
			if tc.want == checks.VerdictWorksElsewhere {
				if got.Side != checks.SideNetwork || !slices.Equal(got.Fixes, []string{"other_network", "contact_isp"}) || got.Secondary[0] != tc.local {
					t.Errorf("works_elsewhere: side %s fixes %v secondary %v", got.Side, got.Fixes, got.Secondary)
				}
			}
		})
	}
}

func TestApplies(t *testing.T) {
	for code, info := range checks.Verdicts {
		want := info.Side == checks.SideWebsite || code == checks.VerdictOK
		if got := Applies(checks.Verdict{Code: code, Side: info.Side}); got != want {
			t.Errorf("%s: offered %v, want %v", code, got, want)
		}
	}
}

// BenchmarkOutsideCheck times one outside check against the loopback fake:
// create, one in-progress poll, the final poll, parsing and classifying
// five places. "client" leaves the poll interval out (it is a wait, not
// work); "real-poll-interval" keeps it, as a person would wait against a
// service that answers at once (run it with -benchtime=3x).
func BenchmarkOutsideCheck(b *testing.B) {
	for _, bc := range []struct {
		name string
		wait func(context.Context, time.Duration) error
	}{
		{"client", noWait},
		{"real-poll-interval", nil},
	} {
		b.Run(bc.name, func(b *testing.B) {
			f := &fakeAPI{t: b, createStatus: 202, createFile: "create_202.json", polls: []string{"measurement_in_progress.json", "measurement_all_fail.json"}}
			c := newClient(b, f)
			c.Wait = bc.wait
			ctx := context.Background()
			for b.Loop() {
				f.mu.Lock()
				f.polled = 0
				f.mu.Unlock()
				if rep := c.Check(ctx, target); len(rep.Places) != 5 {
					b.Fatalf("%d places: %s", len(rep.Places), rep.Error)
				}
			}
		})
	}
}
