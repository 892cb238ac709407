package proxy

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"gatewaydoctor/checks/proxy/pac"
)

// pacServer serves PAC files on loopback by path and counts fetches.
type pacServer struct {
	*httptest.Server
	fetches atomic.Int64
}

func newPACServer(t *testing.T, files map[string]string) *pacServer {
	t.Helper()
	ps := &pacServer{}
	ps.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ps.fetches.Add(1)
		body, ok := files[r.URL.Path]
		if !ok {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "application/x-ns-proxy-autoconfig")
		fmt.Fprint(w, body)
	}))
	t.Cleanup(ps.Close)
	return ps
}

// fakeDNS answers the PAC helpers' lookups.
type fakeDNS map[string]string

func (f fakeDNS) LookupNetIP(ctx context.Context, network, host string) ([]netip.Addr, error) {
	if a, ok := f[host]; ok {
		return []netip.Addr{netip.MustParseAddr(a)}, nil
	}
	return nil, &net.DNSError{Err: "no such host", Name: host, IsNotFound: true}
}

// labOptions are Options that touch nothing but loopback and fakes.
func labOptions() Options {
	return Options{
		GOOS:            "linux",
		Getenv:          envMap(),
		Run:             fakeRunner{}.run,
		ReadFile:        func(string) ([]byte, error) { return nil, os.ErrNotExist },
		HomeDir:         "/nonexistent",
		FirefoxProfiles: []string{},
		SearchDomains:   []string{},
		Resolver:        fakeDNS{"www.example.org": "203.0.113.7", "intranet.corp.example": "10.1.2.3"},
		MyIP:            func(context.Context) (netip.Addr, error) { return netip.MustParseAddr("10.9.8.7"), nil },
		Now:             func() time.Time { return time.Date(2026, 3, 10, 14, 30, 0, 0, time.UTC) },
	}
}

func pacSettings(opts Options, mode Mode, pacURL string, wpad ...string) *Settings {
	return &Settings{From: "test", Mode: mode, PACURL: pacURL, WPAD: wpad, opts: opts.normalize()}
}

func mustURL(t testing.TB, s string) *url.URL {
	u, err := url.Parse(s)
	if err != nil {
		t.Fatal(err)
	}
	return u
}

func corporatePAC(t *testing.T) string {
	b, err := os.ReadFile(filepath.Join("pac", "testdata", "corporate.pac"))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestPACFetchedOnceAndMemoised: Func fetches the PAC file on first use,
// once, and maps its answers to proxy URLs.
func TestPACFetchedOnceAndMemoised(t *testing.T) {
	srv := newPACServer(t, map[string]string{"/proxy.pac": corporatePAC(t)})
	s := pacSettings(labOptions(), ModePAC, srv.URL+"/proxy.pac")
	f := s.Func()
	for _, tc := range []struct{ url, want string }{
		{"https://www.example.org/", "http://proxy.corp.example:8080"},
		{"https://www.example.org/other", "http://proxy.corp.example:8080"},
		{"http://intranet.corp.example/", "<nil>"},
		{"https://b.partner3.example.net/", "http://partner-proxy.corp.example:8080"},
	} {
		p, err := f(mustURL(t, tc.url))
		got := "<nil>"
		if p != nil {
			got = p.String()
		}
		if err != nil || got != tc.want {
			t.Errorf("Func(%s) = %s, %v; want %s", tc.url, got, err, tc.want)
		}
	}
	if n := srv.fetches.Load(); n != 1 {
		t.Errorf("the PAC file was fetched %d times, want 1", n)
	}
	if s.Source() != "test pac "+srv.URL+"/proxy.pac" {
		t.Errorf("Source() = %q", s.Source())
	}
}

// TestPACSeesNoHTTPSPath: like browsers, the script gets an https URL
// without its path and query, so a PAC server cannot learn them.
func TestPACSeesNoHTTPSPath(t *testing.T) {
	srv := newPACServer(t, map[string]string{"/p.pac": `function FindProxyForURL(url, host) {
		return url.indexOf("secret") >= 0 ? "PROXY leak.example:1" : "PROXY ok.example:2"; }`})
	s := pacSettings(labOptions(), ModePAC, srv.URL+"/p.pac")
	for _, tc := range []struct{ url, want string }{
		{"https://www.example.org/secret?token=secret", "ok.example:2"},
		{"http://www.example.org/secret", "leak.example:1"},
	} {
		p, err := s.ProxyFor(context.Background(), mustURL(t, tc.url))
		if err != nil || p == nil || p.Host != tc.want {
			t.Errorf("ProxyFor(%s) = %v, %v; want %s", tc.url, p, err, tc.want)
		}
	}
}

func TestPACAnswerSchemes(t *testing.T) {
	srv := newPACServer(t, map[string]string{
		"/socks.pac": `function FindProxyForURL(u, h) { return "SOCKS s.example:1080; DIRECT"; }`,
		"/https.pac": `function FindProxyForURL(u, h) { return "HTTPS tls.example:443"; }`,
		"/junk.pac":  `function FindProxyForURL(u, h) { return "BOGUS x"; }`,
	})
	for _, tc := range []struct{ path, want string }{
		{"/socks.pac", "socks5://s.example:1080"},
		{"/https.pac", "https://tls.example:443"},
		{"/junk.pac", "bad_result"},
	} {
		s := pacSettings(labOptions(), ModePAC, srv.URL+tc.path)
		p, err := s.ProxyFor(context.Background(), mustURL(t, "https://www.example.org/"))
		got := ""
		var pe *pac.Error
		switch {
		case errors.As(err, &pe):
			got = string(pe.Kind)
		case err != nil:
			got = err.Error()
		default:
			got = p.String()
		}
		if got != tc.want {
			t.Errorf("%s: got %s, want %s", tc.path, got, tc.want)
		}
	}
}

// TestPACFailures: each way a PAC file can fail gives a typed error.
func TestPACFailures(t *testing.T) {
	big := "function FindProxyForURL(u, h) { return 'DIRECT'; }\n//" + strings.Repeat("x", pac.MaxScriptSize)
	srv := newPACServer(t, map[string]string{
		"/big.pac":  big,
		"/loop.pac": `function FindProxyForURL(u, h) { while (true) {} }`,
	})
	// A server that accepts and never answers: the fetch must give up.
	silent := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { <-r.Context().Done() }))
	t.Cleanup(silent.Close)
	closed := httptest.NewServer(http.NotFoundHandler())
	closedURL := closed.URL
	closed.Close()

	for _, tc := range []struct {
		name, url string
		fetch     bool     // want a *FetchError
		kind      pac.Kind // else want a *pac.Error of this kind
	}{
		{"404", srv.URL + "/missing.pac", true, ""},
		{"refused", closedURL + "/p.pac", true, ""},
		{"silent server", silent.URL + "/p.pac", true, ""},
		{"bad scheme", "ftp://pac.example/p.pac", true, ""},
		{"too big", srv.URL + "/big.pac", false, pac.KindTooBig},
		{"endless loop", srv.URL + "/loop.pac", false, pac.KindTimeout},
	} {
		t.Run(tc.name, func(t *testing.T) {
			o := labOptions()
			// Shorter than pacFetchTimeout so the silent server is quick to
			// give up on; the code path is the same.
			o.HTTPClient = &http.Client{Timeout: 300 * time.Millisecond}
			s := pacSettings(o, ModePAC, tc.url)
			_, err := s.ProxyFor(context.Background(), mustURL(t, "https://www.example.org/"))
			var fe *FetchError
			var pe *pac.Error
			switch {
			case tc.fetch && !errors.As(err, &fe):
				t.Errorf("err = %v, want a FetchError", err)
			case !tc.fetch && (!errors.As(err, &pe) || pe.Kind != tc.kind):
				t.Errorf("err = %v, want pac.Error %s", err, tc.kind)
			}
		})
	}
}

// TestWPADTriesCandidatesInOrder: auto-detect uses the first candidate that
// serves a PAC file.
func TestWPADTriesCandidatesInOrder(t *testing.T) {
	srv := newPACServer(t, map[string]string{"/wpad.dat": `function FindProxyForURL(u, h) { return "PROXY wpad-proxy.example:3128"; }`})
	s := pacSettings(labOptions(), ModeAuto, "", srv.URL+"/none/wpad.dat", srv.URL+"/wpad.dat")
	p, err := s.ProxyFor(context.Background(), mustURL(t, "https://www.example.org/"))
	if err != nil || p == nil || p.Host != "wpad-proxy.example:3128" {
		t.Fatalf("ProxyFor = %v, %v", p, err)
	}
	if u, _ := s.PAC(); u != srv.URL+"/wpad.dat" {
		t.Errorf("PAC() = %q", u)
	}
	none := pacSettings(labOptions(), ModeAuto, "")
	if _, err := none.ProxyFor(context.Background(), mustURL(t, "https://www.example.org/")); err == nil {
		t.Error("auto-detect without candidates gave no error")
	}
}

func TestFilePAC(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "local.pac")
	if err := os.WriteFile(path, []byte(`function FindProxyForURL(u, h) { return "PROXY file.example:8080"; }`), 0o644); err != nil {
		t.Fatal(err)
	}
	o := labOptions()
	o.ReadFile = os.ReadFile
	s := pacSettings(o, ModePAC, "file://"+filepath.ToSlash(path))
	p, err := s.ProxyFor(context.Background(), mustURL(t, "http://www.example.org/"))
	if err != nil || p == nil || p.Host != "file.example:8080" {
		t.Fatalf("ProxyFor = %v, %v", p, err)
	}
}

func TestManualFunc(t *testing.T) {
	s := &Settings{From: "test", Mode: ModeManual,
		HTTP:   mustURL(t, "http://web.example:80"),
		HTTPS:  mustURL(t, "http://tls.example:8443"),
		Bypass: []string{"<local>", "*.corp.example"}}
	socksOnly := &Settings{Mode: ModeManual, SOCKS: mustURL(t, "socks5://s.example:1080")}
	for _, tc := range []struct {
		s    *Settings
		url  string
		want string
	}{
		{s, "http://www.example.org/", "http://web.example:80"},
		{s, "https://www.example.org/", "http://tls.example:8443"},
		{s, "wss://www.example.org/", "http://tls.example:8443"},
		{s, "https://intranet/", "<nil>"},
		{s, "https://a.corp.example/", "<nil>"},
		{s, "http://localhost:8080/", "<nil>"},
		{s, "http://127.0.0.1/", "<nil>"},
		{s, "http://[::1]/", "<nil>"},
		{socksOnly, "https://www.example.org/", "socks5://s.example:1080"},
		{&Settings{}, "https://www.example.org/", "<nil>"},
	} {
		p, err := tc.s.Func()(mustURL(t, tc.url))
		got := "<nil>"
		if p != nil {
			got = p.String()
		}
		if err != nil || got != tc.want {
			t.Errorf("%s: %s, %v; want %s", tc.url, got, err, tc.want)
		}
	}
}

func TestEnvFunc(t *testing.T) {
	s := Detect(context.Background(), func() Options {
		o := labOptions()
		o.Getenv = envMap("https_proxy", "http://user:pw@envproxy.example:3128", "ALL_PROXY", "socks5://all.example:1080", "NO_PROXY", ".corp.example")
		return o
	}())
	if s.From != "env" || s.Mode != ModeEnv {
		t.Fatalf("detected %s", s)
	}
	if strings.Contains(s.String(), "pw") {
		t.Errorf("String() leaks the password: %s", s)
	}
	f := s.Func()
	for _, tc := range []struct{ url, want string }{
		{"https://www.example.org/", "http://user:pw@envproxy.example:3128"},
		{"http://www.example.org/", "socks5://all.example:1080"},
		{"https://a.corp.example/", "<nil>"},
	} {
		p, err := f(mustURL(t, tc.url))
		got := "<nil>"
		if p != nil {
			got = p.String()
		}
		if err != nil || got != tc.want {
			t.Errorf("%s: %s, %v; want %s", tc.url, got, err, tc.want)
		}
	}
}

// TestPACServerHelpers serves a PAC file that calls every helper and reads
// all their results from one answer.
func TestPACServerHelpers(t *testing.T) {
	src, err := os.ReadFile("testdata/helpers.pac")
	if err != nil {
		t.Fatal(err)
	}
	srv := newPACServer(t, map[string]string{"/helpers.pac": string(src)})
	s := pacSettings(labOptions(), ModePAC, srv.URL+"/helpers.pac")
	p, err := s.ProxyFor(context.Background(), mustURL(t, "http://www.example.org/index.html"))
	if err != nil {
		t.Fatal(err)
	}
	if want := "h11110111111110.helpers.example:8080"; p.Host != want {
		t.Errorf("helper results %s, want %s", p.Host, want)
	}
}
