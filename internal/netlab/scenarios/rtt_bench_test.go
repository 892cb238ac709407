//go:build linux

package scenarios

import (
	"context"
	"crypto/tls"
	"fmt"
	"io"
	"net/http"
	"net/netip"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"gatewaydoctor/internal/netlab"
)

// fetchEnv makes this test binary do one plain fetch of its value and exit
// (see init): the yardstick BenchmarkRoundTrips divides by.
const fetchEnv = "GD_BENCH_FETCH"

// fetchTimeout bounds the yardstick fetch: four round trips at the bench's
// largest delay are 2.4 s; anything near this means the lab is broken.
const fetchTimeout = 30 * time.Second

func init() {
	if u := os.Getenv(fetchEnv); u != "" {
		if err := plainFetch(u); err != nil {
			fmt.Fprintln(os.Stderr, "fetch:", err)
			os.Exit(1)
		}
		os.Exit(0)
	}
}

// plainFetch is what a browser must do at least: look the name up, connect,
// a TLS 1.3 handshake and one HTTP/1.1 request, the body read to its end.
func plainFetch(u string) error {
	c := &http.Client{Timeout: fetchTimeout, Transport: &http.Transport{
		TLSClientConfig:   &tls.Config{MinVersion: tls.VersionTLS13},
		ForceAttemptHTTP2: false,
		DisableKeepAlives: true,
	}}
	resp, err := c.Get(u)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if _, err := io.Copy(io.Discard, resp.Body); err != nil {
		return err
	}
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("status %d", resp.StatusCode)
	}
	return nil
}

// BenchmarkRoundTrips is issue 17's yardstick: a healthy site (TLS 1.3,
// HTTP/2 and HTTP/1.1) behind a link
// where every packet the client sends waits D (netlab.Lab.Delay: netem, or
// the NFQUEUE delayer), so every round trip costs D, DNS included. Each
// iteration runs, in the client namespace, one plain HTTP/1.1 fetch of the
// site (this binary, fetchEnv) and one `gateway-doctor check --json` of the
// same URL, in alternating order, each timed as a whole process from
// outside, as a user would time curl. It reports the median of each and
// their ratio (x-of-fetch; goal ≤ 1.10). Run it with -benchtime 5x or more.
func BenchmarkRoundTrips(b *testing.B) {
	if why := netlab.Available(); why != "" {
		b.Skip(why)
	}
	bin := netlab.Program(b)
	exe, err := os.Executable()
	if err != nil {
		b.Fatal(err)
	}
	for _, d := range []time.Duration{50 * time.Millisecond, 200 * time.Millisecond, 600 * time.Millisecond} {
		b.Run(fmt.Sprintf("RTT=%v", d), func(b *testing.B) {
			w := newWorld(b, netlab.DnsmasqAnswer)
			// The healthy site as sites are today: TLS 1.3 (netlab's nginx
			// default) and HTTP/2 as well as HTTP/1.1.
			w.lab.AddInternetHost(b, siteAddr)
			cert, key, _ := w.siteCert(b)
			netlab.StartNginx(b, w.lab.Router, fmt.Sprintf(`
  server {
    listen %s:443 ssl http2;
    server_name %s;
    ssl_certificate %s;
    ssl_certificate_key %s;
    location / { return 200 "welcome\n"; }
  }`, siteAddr, siteName, cert, key), netip.AddrPortFrom(siteAddr, 443))
			method := w.lab.Delay(b, d)
			check := func() time.Duration {
				start := time.Now()
				rep, code, raw := w.check(b, bin, siteURL)
				took := time.Since(start)
				if rep.Verdict.Code != "ok" || code != 0 {
					b.Fatalf("the healthy site was diagnosed %s (exit %d)\n%s", rep.Verdict.Code, code, raw)
				}
				return took
			}
			fetch := func() time.Duration {
				ctx, cancel := context.WithTimeout(context.Background(), fetchTimeout)
				defer cancel()
				cmd := w.lab.Client.Command(ctx, exe)
				cmd.Env = []string{
					"PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
					"HOME=" + filepath.Join(w.dir, "home"),
					"SSL_CERT_FILE=" + w.ca.File,
					"GODEBUG=netdns=go", // the resolver the headless program uses (built without cgo)
					fetchEnv + "=" + siteURL,
				}
				start := time.Now()
				out, err := cmd.CombinedOutput()
				took := time.Since(start)
				if err != nil {
					b.Fatalf("plain fetch of %s: %v\n%s", siteURL, err, out)
				}
				return took
			}
			// One of each first, untimed: the page cache and nginx's
			// first worker start are not what this bench measures.
			check()
			fetch()
			var checks, fetches []time.Duration
			i := 0
			for b.Loop() {
				if i%2 == 0 {
					fetches = append(fetches, fetch())
					checks = append(checks, check())
				} else {
					checks = append(checks, check())
					fetches = append(fetches, fetch())
				}
				i++
			}
			mc, mf := medianDur(checks), medianDur(fetches)
			b.Logf("%s, RTT %v: check %v, fetch %v (medians of %d)", method, d, checks, fetches, len(checks))
			b.ReportMetric(float64(mc)/float64(mf), "x-of-fetch")
			b.ReportMetric(float64(mc.Milliseconds()), "check-ms")
			b.ReportMetric(float64(mf.Milliseconds()), "fetch-ms")
		})
	}
}

func medianDur(ds []time.Duration) time.Duration {
	s := slices.Clone(ds)
	slices.Sort(s)
	return s[len(s)/2]
}
