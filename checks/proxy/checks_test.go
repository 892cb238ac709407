package proxy

import (
	"context"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"gatewaydoctor/checks"
	"gatewaydoctor/internal/lab"
)

// manualTo is a manual configuration sending everything to proxy.
func manualTo(proxy *url.URL) *Settings {
	return &Settings{From: "test", Mode: ModeManual, HTTP: proxy, HTTPS: proxy, opts: labOptions().normalize()}
}

// closedAddr is a loopback port nobody listens on: connections are refused.
func closedAddr(t *testing.T) string {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	return addr
}

// silentProxy accepts connections and never answers.
func silentProxy(t *testing.T) string {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan struct{})
	t.Cleanup(func() { close(done); ln.Close() })
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go func() { <-done; c.Close() }()
		}
	}()
	return ln.Addr().String()
}

func runCheck(t *testing.T, id string, env *checks.Env) checks.Result {
	t.Helper()
	for _, c := range []checks.Check{ConfigCheck(), TestCheck()} {
		if c.ID() == id {
			ctx, cancel := context.WithTimeout(context.Background(), c.Timeout())
			defer cancel()
			return c.Run(ctx, env.Normalize())
		}
	}
	t.Fatalf("no check %s", id)
	return checks.Result{}
}

func hasEvidence(r checks.Result, sub string) bool {
	return strings.Contains(strings.Join(r.Evidence, "\n"), sub)
}

// TestProxyTest drives proxy.test against the lab's forward proxy in each
// of its modes, for https (CONNECT) and http (absolute-form GET) targets.
func TestProxyTest(t *testing.T) {
	site := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {}))
	t.Cleanup(site.Close)
	plain := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {}))
	t.Cleanup(plain.Close)
	origin502 := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Server", "nginx")
		w.WriteHeader(http.StatusBadGateway)
		_, _ = w.Write([]byte("<html><body><center><h1>502 Bad Gateway</h1></center><hr><center>nginx</center></body></html>"))
	}))
	t.Cleanup(origin502.Close)
	// Loopback never goes through a proxy, so the targets get a lab name.
	l := lab.New(t)
	l.System.Set("shop.lab.test", lab.Loopback)
	named := func(raw string) string {
		u := mustURL(t, raw)
		u.Host = "shop.lab.test:" + u.Port()
		return u.String()
	}

	for _, tc := range []struct {
		name     string
		mode     lab.ProxyMode
		proxy    string // overrides the lab proxy's address
		target   string
		status   checks.Status
		code     checks.Code
		evidence string
	}{
		{"CONNECT works", lab.ProxyForward, "", site.URL, checks.StatusOK, "", "CONNECT shop.lab.test:" + mustURL(t, site.URL).Port() + " through the proxy: 200"},
		{"GET works", lab.ProxyForward, "", plain.URL, checks.StatusOK, "", "through the proxy: 200"},
		{"407 on CONNECT", lab.ProxyAuth, "", site.URL, checks.StatusProblem, checks.CodeProxyAuth, `Proxy-Authenticate: Basic realm="lab proxy"`},
		{"407 on GET", lab.ProxyAuth, "", plain.URL, checks.StatusProblem, checks.CodeProxyAuth, "Proxy-Authenticate: Basic"},
		{"proxy's own 502 on CONNECT", lab.Proxy502, "", site.URL, checks.StatusProblem, checks.CodeProxyMadeError, "X-Squid-Error: ERR_CONNECT_FAIL 111"},
		{"proxy's own 502 on GET", lab.Proxy502, "", plain.URL, checks.StatusProblem, checks.CodeProxyMadeError, "Squid"},
		{"the website's 502 relayed", lab.ProxyForward, "", origin502.URL, checks.StatusOK, "", "through the proxy: 502"},
		{"refused", lab.ProxyForward, closedAddr(t), site.URL, checks.StatusProblem, checks.CodeProxyUnreachable, "refused"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := lab.NewProxy(t, tc.mode, l.System.Resolver())
			pu := p.ProxyURL()
			if tc.proxy != "" {
				pu = &url.URL{Scheme: "http", Host: tc.proxy}
			}
			env := &checks.Env{Target: mustURL(t, named(tc.target))}
			Wire(env, manualTo(pu))
			r := runCheck(t, TestID, env)
			if r.Status != tc.status {
				t.Errorf("status = %s, want %s (%s)", r.Status, tc.status, r.Summary)
			}
			if tc.code != "" && !r.Has(tc.code) || tc.code == "" && len(r.Codes) > 0 {
				t.Errorf("codes = %v, want %q", r.Codes, tc.code)
			}
			if !hasEvidence(r, tc.evidence) {
				t.Errorf("evidence lacks %q:\n%s", tc.evidence, strings.Join(r.Evidence, "\n"))
			}
			if tc.code == checks.CodeProxyAuth {
				if s, _ := r.Details["auth_schemes"].([]string); len(s) != 1 || s[0] != "Basic" {
					t.Errorf("auth_schemes = %v", r.Details["auth_schemes"])
				}
			}
			if tc.code == checks.CodeProxyMadeError {
				prod, _ := r.Details["producer"].(checks.Producer)
				if prod.Role != checks.RoleUserProxy || prod.Name != "squid" {
					t.Errorf("producer = %+v, want squid as user_proxy", prod)
				}
			}
		})
	}
}

// TestProxySilent: a proxy that accepts and never answers is unreachable,
// and the probe gives up at its deadline.
func TestProxySilent(t *testing.T) {
	env := (&checks.Env{}).Normalize()
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	r := Probe(ctx, env, &url.URL{Scheme: "http", Host: silentProxy(t)}, mustURL(t, "https://www.example.org/"))
	if !r.Has(checks.CodeProxyUnreachable) {
		t.Fatalf("codes = %v (%s), want proxy_unreachable", r.Codes, r.Summary)
	}
}

func TestProxyTestSkips(t *testing.T) {
	p := lab.NewProxy(t, lab.ProxyForward, nil)
	bypassing := manualTo(p.ProxyURL())
	bypassing.Bypass = []string{"*.example.org"}
	socks := &Settings{Mode: ModeManual, SOCKS: &url.URL{Scheme: "socks5", Host: p.Addr()}}
	for _, tc := range []struct {
		name   string
		env    *checks.Env
		status checks.Status
		text   string
	}{
		{"no target", &checks.Env{}, checks.StatusSkipped, "no website"},
		{"no proxy", &checks.Env{Target: mustURL(t, "https://www.example.org/")}, checks.StatusSkipped, "no proxy"},
		{"bypassed", func() *checks.Env {
			e := &checks.Env{Target: mustURL(t, "https://www.example.org/")}
			Wire(e, bypassing)
			return e
		}(), checks.StatusSkipped, "does not go through a proxy"},
		{"socks", func() *checks.Env {
			e := &checks.Env{Target: mustURL(t, "https://www.example.org/")}
			Wire(e, socks)
			return e
		}(), checks.StatusOK, "SOCKS handshake is not tested"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := runCheck(t, TestID, tc.env)
			if r.Status != tc.status || !strings.Contains(r.Summary+r.Reason, tc.text) {
				t.Errorf("got %s %q, want %s containing %q", r.Status, r.Summary, tc.status, tc.text)
			}
		})
	}
}

// TestProxyConfig covers proxy.config's findings.
func TestProxyConfig(t *testing.T) {
	srv := newPACServer(t, map[string]string{
		"/ok.pac":     `function FindProxyForURL(u, h) { return dnsDomainIs(h, ".corp.example") ? "DIRECT" : "PROXY proxy.corp.example:8080; DIRECT"; }`,
		"/loop.pac":   `function FindProxyForURL(u, h) { for (;;) {} }`,
		"/throw.pac":  `function FindProxyForURL(u, h) { throw "no"; }`,
		"/huge.pac":   `function FindProxyForURL(u, h) { var s = "x"; for (;;) s += s; }`,
		"/deep.pac":   `function f(n) { return f(n + 1); } function FindProxyForURL(u, h) { return f(0); }`,
		"/syntax.pac": `function FindProxyForURL(u, h) { return "DIRECT"`,
	})
	target := mustURL(t, "https://www.example.org/")
	ff := &Settings{From: "firefox", Mode: ModePAC, PACURL: "http://pac.example/ff.pac"}
	for _, tc := range []struct {
		name    string
		s       *Settings
		target  *url.URL
		status  checks.Status
		codes   []checks.Code
		summary string
	}{
		{"direct", &Settings{From: "gnome"}, target, checks.StatusOK, nil, "no proxy"},
		{"manual", manualTo(mustURL(t, "http://p.example:3128")), target, checks.StatusOK, []checks.Code{checks.CodeProxyConfigured}, "uses the proxy p.example:3128"},
		{"manual, target bypassed", func() *Settings {
			s := manualTo(mustURL(t, "http://p.example:3128"))
			s.Bypass = []string{"*.example.org"}
			return s
		}(),
			target, checks.StatusOK, nil, "goes direct"},
		{"pac", pacSettings(labOptions(), ModePAC, srv.URL+"/ok.pac"), target, checks.StatusOK, []checks.Code{checks.CodeProxyConfigured}, "proxy.corp.example:8080"},
		{"pac unreachable", pacSettings(labOptions(), ModePAC, srv.URL+"/missing.pac"), target, checks.StatusProblem, []checks.Code{checks.CodePACUnreachable}, "cannot be fetched"},
		{"pac loops", pacSettings(labOptions(), ModePAC, srv.URL+"/loop.pac"), target, checks.StatusProblem, []checks.Code{checks.CodePACError}, "never finishes"},
		{"pac throws", pacSettings(labOptions(), ModePAC, srv.URL+"/throw.pac"), target, checks.StatusProblem, []checks.Code{checks.CodePACError}, "fails with an error"},
		{"pac builds a huge string", pacSettings(labOptions(), ModePAC, srv.URL+"/huge.pac"), target, checks.StatusProblem, []checks.Code{checks.CodePACError}, "far too much memory"},
		{"pac recurses", pacSettings(labOptions(), ModePAC, srv.URL+"/deep.pac"), target, checks.StatusProblem, []checks.Code{checks.CodePACError}, "recurses without end"},
		{"pac syntax error", pacSettings(labOptions(), ModePAC, srv.URL+"/syntax.pac"), target, checks.StatusProblem, []checks.Code{checks.CodePACError}, "not valid JavaScript"},
		{"wpad finds nothing", pacSettings(labOptions(), ModeAuto, "", srv.URL+"/missing.pac"), target, checks.StatusOK, nil, "no proxy auto-config file was found"},
		{"firefox differs", &Settings{From: "gnome", Firefox: ff}, target, checks.StatusOK, []checks.Code{checks.CodeFirefoxOwnProxy}, "no proxy"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			env := &checks.Env{Target: tc.target}
			Wire(env, tc.s)
			r := runCheck(t, ConfigID, env)
			if r.Status != tc.status || !strings.Contains(r.Summary, tc.summary) {
				t.Errorf("got %s %q, want %s containing %q\n%s", r.Status, r.Summary, tc.status, tc.summary, strings.Join(r.Evidence, "\n"))
			}
			if strings.Join(codeStrings(r.Codes), ",") != strings.Join(codeStrings(tc.codes), ",") {
				t.Errorf("codes = %v, want %v", r.Codes, tc.codes)
			}
		})
	}
	if r := runCheck(t, ConfigID, &checks.Env{}); r.Status != checks.StatusSkipped {
		t.Errorf("without settings: %s, want skipped", r.Status)
	}
}

func codeStrings(cs []checks.Code) []string {
	out := make([]string, len(cs))
	for i, c := range cs {
		out[i] = string(c)
	}
	return out
}

// TestProxyBlockPages: a security proxy's block page is the proxy's own
// answer; a 403 to CONNECT of unknown origin is a refused tunnel.
func TestProxyBlockPages(t *testing.T) {
	blocking := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Server", "Zscaler/6.2")
		w.WriteHeader(http.StatusForbidden)
		_, _ = w.Write([]byte("<html><title>Website blocked</title><body>Not allowed to browse this category. Zscaler</body></html>"))
	}))
	t.Cleanup(blocking.Close)
	plain403 := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusForbidden)
	}))
	t.Cleanup(plain403.Close)
	for _, tc := range []struct {
		name, proxy, target string
		code                checks.Code
	}{
		{"block page on GET", blocking.URL, "http://www.example.org/", checks.CodeProxyMadeError},
		{"block page on CONNECT", blocking.URL, "https://www.example.org/", checks.CodeProxyMadeError},
		{"plain 403 on CONNECT", plain403.URL, "https://www.example.org/", checks.CodeProxyConnectFail},
		{"plain 403 relayed on GET", plain403.URL, "http://www.example.org/", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			env := &checks.Env{Target: mustURL(t, tc.target)}
			Wire(env, manualTo(mustURL(t, tc.proxy)))
			r := runCheck(t, TestID, env)
			if tc.code == "" && len(r.Codes) != 0 || tc.code != "" && (len(r.Codes) != 1 || r.Codes[0] != tc.code) {
				t.Errorf("codes %v (%s), want %q", r.Codes, r.Summary, tc.code)
			}
		})
	}
}
