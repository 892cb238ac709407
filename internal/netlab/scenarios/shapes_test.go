//go:build linux

package scenarios

import (
	"bufio"
	"fmt"
	"io"
	"net/netip"
	"sync"
	"testing"
	"time"

	"gatewaydoctor/internal/netlab"
)

// The shapes that real users meet (issue 13), staged with real software.
func init() { scenarios = append(scenarios, shapes...) }

var shapes = []scenario{
	{
		name: "the router answers no ARP: gateway_unreachable",
		stage: func(t *testing.T, w *world) []string {
			w.healthySite(t)
			w.lab.Router.IP(t, "link", "set", "lan0", "arp", "off")
			return nil
		},
		// The kernel's "no route to host" after the unanswered ARP is what
		// tells the router is silent; this passes today, and stays a guard.
		want: want{"gateway_unreachable", "network", "", "unknown", "restart_router"},
	},
	{
		name: "the line is down beyond the router, which still answers: no_internet",
		stage: func(t *testing.T, w *world) []string {
			w.healthySite(t)
			w.lab.Firewall(t, "ip daddr != "+netlab.RouterAddr.String()+" drop", "ip6 daddr != "+netlab.RouterAddr6.String()+" drop")
			return nil
		},
		want: want{"no_internet", "network", "", "unknown", "restart_router"},
	},
	{
		name:   "a name that neither dnsmasq nor the reference resolver knows: name_not_found",
		target: "https://shpo." + parentName + "/checkout",
		stage: func(t *testing.T, w *world) []string {
			w.healthySite(t)
			return nil
		},
		want:     want{"name_not_found", "website", "", "unknown", "check_address"},
		evidence: "shpo.example.test does not exist; example.test does",
	},
	{
		name: "Squid's ERR_CONNECT_FAIL while the site refuses without it too: website_down",
		stage: func(t *testing.T, w *world) []string {
			w.lab.AddInternetHost(t, siteAddr) // nothing listens: refused
			return w.squid(t, squidDirect)
		},
		want:     want{"website_down", "website", "squid", "user_proxy", "wait_and_retest"},
		evidence: "ERR_CONNECT_FAIL",
	},
	{
		// Plain HTTP. Debian's Squid 5.7 names this failure differently by
		// method (ERR_CANNOT_FORWARD for a CONNECT, ERR_READ_ERROR here, where
		// its docs promise ERR_DNS_FAIL): the rule reads any of them as the
		// site's failure when the resolvers agree the name does not exist.
		name:   "Squid's error page for a name no resolver knows: name_not_found",
		target: "http://shpo." + parentName + "/checkout",
		stage: func(t *testing.T, w *world) []string {
			return w.squid(t, squidDirect)
		},
		want:     want{"name_not_found", "website", "squid", "user_proxy", "check_address"},
		evidence: "does not exist",
	},
	{
		name:   "Squid's ERR_READ_TIMEOUT while the site hangs without it too: website_down",
		target: "http://" + siteName + "/checkout",
		stage: func(t *testing.T, w *world) []string {
			w.lab.AddInternetHost(t, siteAddr)
			w.blackHole(t, netip.AddrPortFrom(siteAddr, 80).String())
			return w.squid(t, squidDirect)
		},
		want:     want{"website_down", "website", "squid", "user_proxy", "wait_and_retest"},
		evidence: "ERR_READ_TIMEOUT",
	},
	{
		name: "Squid denying the site by policy: local_proxy, saying the proxy blocks it",
		stage: func(t *testing.T, w *world) []string {
			w.healthySite(t)
			return w.squid(t, squidBlock)
		},
		want:     want{"local_proxy", "proxy", "squid", "user_proxy", "proxy_settings"},
		evidence: "your organisation's proxy blocks this site",
	},
	{
		name: "nginx re-signing the site and the test sites with an untrusted CA: tls_intercepted",
		stage: func(t *testing.T, w *world) []string {
			inspector := netlab.NewNamedCA(t, "Example Security", "Example Security Inspection CA")
			w.nginxSiteCA(t, inspector, `location / { return 200 "welcome\n"; }`)
			w.reachHost(t, inspector)
			return nil
		},
		want:     want{"tls_intercepted", "computer", "", "unknown", "security_software"},
		evidence: "Example Security Inspection CA",
	},
	{
		name: "a redirect to another host with its own certificate: ok",
		stage: func(t *testing.T, w *world) []string {
			w.nginxSite(t, `location / { return 302 https://`+payName+`/session; }`)
			w.payHost(t, `location / { return 200 "paid\n"; }`)
			return nil
		},
		want: want{"ok", "computer", "", "unknown", "retest"},
	},
	{
		name: "a redirect to another host whose upstream is dead: website_origin, naming that hop",
		stage: func(t *testing.T, w *world) []string {
			w.nginxSite(t, `location / { return 302 https://`+payName+`/session; }`)
			w.payHost(t, `location / { proxy_pass http://127.0.0.1:9; }`)
			return nil
		},
		want:     want{"website_origin", "website", "nginx", "origin", "wait_and_retest"},
		evidence: "shop.example.test sends you to pay.example.test",
	},
	{
		name: "nginx redirecting to itself: redirect_loop",
		stage: func(t *testing.T, w *world) []string {
			w.nginxSite(t, `location / { return 302 https://`+siteName+`/checkout; }`)
			return nil
		},
		want: want{"redirect_loop", "website", "", "unknown", "wait_and_retest"},
	},
	{
		name: "nginx rate limiting with 429 and Retry-After: blocked_by_site",
		stage: func(t *testing.T, w *world) []string {
			w.nginxSite(t, `location / { add_header Retry-After 120 always; return 429; }`)
			return nil
		},
		want:     want{"blocked_by_site", "website", "nginx", "origin", "wait_and_retest"},
		evidence: "retry after 120 s",
	},
	{
		name: "HAProxy answering Akamai's Access Denied page: blocked_by_site",
		stage: func(t *testing.T, w *world) []string {
			w.akamaiDenied(t)
			return nil
		},
		want:     want{"blocked_by_site", "website", "akamai", "edge", "wait_and_retest"},
		evidence: "Reference #18.2f1c3b17",
	},
	{
		name: "nginx in front of an upstream that answers after 2 s: ok, with target_slow",
		stage: func(t *testing.T, w *world) []string {
			up := w.slowUpstream(t, "127.0.0.1:8084")
			w.nginxSite(t, fmt.Sprintf(`location / { proxy_pass http://%s; }`, up))
			return nil
		},
		want:     want{"ok", "computer", "", "unknown", "retest"},
		evidence: "took",
	},
}

// payHost starts the payment host the site redirects to: its own address,
// its own certificate (for its name only) and location.
func (w *world) payHost(t *testing.T, location string) {
	t.Helper()
	w.nginxHost(t, w.ca, payAddr, payName, location)
}

// reachHost serves the reachability probe on a host whose certificate ca
// signed, and points the profile at it: an inspecting product re-signs
// every site, the test sites included.
func (w *world) reachHost(t *testing.T, ca *netlab.LabCA) {
	t.Helper()
	w.nginxHost(t, ca, inspAddr, inspectedName, `location / { return 204; }`)
	w.writeProfile(t, inspectedName)
}

// akamaiDenied starts HAProxy as an Akamai edge that denies this visitor:
// 403 with AkamaiGHost's "Access Denied" page and its reference number.
func (w *world) akamaiDenied(t *testing.T) {
	t.Helper()
	w.lab.AddInternetHost(t, siteAddr)
	_, _, bundle := w.siteCert(t)
	netlab.StartHAProxy(t, w.lab.Router, fmt.Sprintf(`
frontend site
  bind %s:443 ssl crt %s
  http-request return status 403 content-type "text/html" string "<HTML><HEAD><TITLE>Access Denied</TITLE></HEAD><BODY><H1>Access Denied</H1>You don't have permission to access this page on this server.<P>Reference&#32;&#35;18&#46;2f1c3b17&#46;1796651200&#46;5d0a1e3</BODY></HTML>" hdr Server AkamaiGHost
`, siteAddr, bundle), netip.AddrPortFrom(siteAddr, 443))
}

// slowUpstream listens in the router namespace and answers every request
// with 200 after slowAnswer: a site that is slow but works.
func (w *world) slowUpstream(t *testing.T, addr string) string {
	t.Helper()
	ln := netlab.ListenIn(t, w.lab.Router, addr)
	var wg sync.WaitGroup
	done := make(chan struct{})
	wg.Add(1)
	go func() {
		defer wg.Done()
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			wg.Add(1)
			go func() {
				defer wg.Done()
				defer c.Close()
				r := bufio.NewReader(c)
				for {
					line, err := r.ReadString('\n')
					if err != nil || line == "\r\n" {
						break
					}
				}
				select {
				case <-time.After(slowAnswer): // the upstream's slowness is the fault staged
				case <-done:
					return
				}
				_, _ = io.WriteString(c, "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 8\r\nConnection: close\r\n\r\nwelcome\n")
			}()
		}
	}()
	t.Cleanup(func() {
		close(done)
		ln.Close()
		wg.Wait()
	})
	return ln.Addr().String()
}

// slowAnswer is how long the slow upstream takes: past the target_slow
// threshold, well inside the program's 6 s budget.
const slowAnswer = 2 * time.Second
