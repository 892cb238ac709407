// Package outside asks an outside measurement service (Globalping's public
// API) to fetch the person's URL from a few places on several continents:
// "is it down for everyone, or just me?". It is opt-in: nothing is sent
// until the person asks (or the profile pre-approves it), and it sends the
// URL only. Its answer becomes the report's "outside" section, and Apply
// lets it sharpen the local verdict; a failure of the service never changes
// that verdict.
package outside

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"time"

	"gatewaydoctor/checks"
	"gatewaydoctor/checks/web"
)

// DefaultBaseURL is Globalping's public API. Tests and a helpdesk's own
// instance replace it through Client.BaseURL.
const DefaultBaseURL = "https://api.globalping.io"

// ServiceName names the service in the report's "outside" section.
const ServiceName = "globalping"

// MeasureTimeout bounds a whole outside check: create, then poll until every
// probe is done. The probes give up on their own HTTP fetch after about ten
// seconds, and the measurement queues for a second or two; a person is
// waiting on the answer, so past 30 s the check says "no answer in time"
// and the local verdict stands.
const MeasureTimeout = 30 * time.Second

// requestTimeout bounds one call to the API. A create or a poll answers in
// well under a second; one hung call must not eat the whole budget.
const requestTimeout = 10 * time.Second

// maxAPIBody caps what is read of one API answer. The API returns at most
// the first 10 KB of each probe's page (its docs), plus headers and raw
// output: about 15 KB a probe, under 100 KB for our five. 1 MiB leaves
// room for large header sets and stops a broken or hostile answer.
const maxAPIBody = 1 << 20

// pollEvery is the wait between two polls. A measurement finishes in one to
// a few seconds; half a second shows the answer soon after, and asks the
// free service at most about 60 times within MeasureTimeout.
const pollEvery = 500 * time.Millisecond

// continents are where the probes are asked from, one probe each: five
// tests a check. Globalping's anonymous limit (250 tests an hour from one
// address when this was written) then allows 50 checks an hour, plenty for
// one person, and five continents tell a regional block from an outage.
var continents = []string{"EU", "NA", "AS", "SA", "OC"}

// maxErrorText shortens a probe's error output to one readable line.
const maxErrorText = 160

// The stable IDs of OutsideReport.ErrorCode, for translations.
const (
	ErrRateLimited  = "rate_limited"  // 429: the anonymous limit is used up
	ErrTimeout      = "timeout"       // no answer within MeasureTimeout
	ErrService      = "service_error" // the service failed or answered nonsense
	ErrNoProbes     = "no_probes"     // 422: no probe could take the test
	ErrNotReachable = "not_public"    // a private or local address: no place outside can reach it
)

// Client asks Globalping. The zero value asks the public API with the
// standard HTTP client.
type Client struct {
	// BaseURL is the API's address without /v1; "" means DefaultBaseURL.
	BaseURL string
	// HTTP sends the API calls; nil means http.DefaultClient. The wiring
	// passes one that takes the person's proxy, as the browser would.
	HTTP *http.Client
	// Now is the clock; nil means time.Now.
	Now func() time.Time
	// Wait waits d between polls, or returns ctx's error; nil means a timer.
	Wait func(ctx context.Context, d time.Duration) error
	// UserAgent identifies the app to the service, as its docs ask.
	UserAgent string
}

// failure is a service failure with its stable code.
type failure struct {
	code, text string
}

func (f *failure) Error() string { return f.text }

// Check fetches target from outside and returns the report's "outside"
// section. It never fails: what went wrong is in Error and ErrorCode.
func (c *Client) Check(ctx context.Context, target *url.URL) *checks.OutsideReport {
	rep := &checks.OutsideReport{Service: ServiceName, AskedAt: c.now().UTC(), Places: []checks.OutsidePlace{}}
	req, err := newRequest(target)
	if err == nil {
		ctx, cancel := context.WithTimeout(ctx, MeasureTimeout)
		defer cancel()
		rep.Places, err = c.measure(ctx, req)
	}
	var f *failure
	if errors.As(err, &f) {
		rep.ErrorCode, rep.Error = f.code, f.text
	} else if err != nil {
		rep.ErrorCode, rep.Error = ErrService, "The outside check failed: "+err.Error()
	}
	return rep
}

// newRequest is the measurement of target: GET from one probe on each
// continent. GET, not the API's default HEAD, so an error page's body
// reaches the 5xx classifier.
func newRequest(target *url.URL) (*measurementRequest, error) {
	if target == nil || target.Hostname() == "" {
		return nil, &failure{ErrService, "There is no web address to check from outside."}
	}
	host := target.Hostname()
	if a, err := netip.ParseAddr(host); err == nil && !publicAddr(a) {
		return nil, &failure{ErrNotReachable, "This address is private to your network, so no place outside can reach it."}
	}
	proto, port := "HTTPS", 443
	if target.Scheme == "http" {
		proto, port = "HTTP", 80
	}
	if p := target.Port(); p != "" {
		n, err := strconv.Atoi(p)
		if err != nil || n <= 0 || n > 65535 {
			return nil, &failure{ErrService, "The web address has a bad port."}
		}
		port = n
	}
	path := target.EscapedPath()
	if path == "" {
		path = "/"
	}
	r := &measurementRequest{
		Type:   "http",
		Target: host,
		Options: &httpOptions{
			Request:  httpRequest{Path: path, Query: target.RawQuery, Method: "GET"},
			Port:     port,
			Protocol: proto,
		},
	}
	for _, cont := range continents {
		r.Locations = append(r.Locations, locationOption{Continent: cont, Limit: 1})
	}
	return r, nil
}

// publicAddr reports whether a probe on the internet could reach a.
func publicAddr(a netip.Addr) bool {
	a = a.Unmap()
	return a.IsGlobalUnicast() && !a.IsPrivate()
}

// measure creates the measurement and polls it until it is final or ctx
// ends; at the deadline the probes that answered still count.
func (c *Client) measure(ctx context.Context, req *measurementRequest) ([]checks.OutsidePlace, error) {
	body, err := json.Marshal(req)
	if err != nil {
		return nil, err
	}
	var created createResponse
	if err := c.call(ctx, http.MethodPost, "/v1/measurements", body, &created); err != nil {
		return nil, err
	}
	if !measurementID.MatchString(created.ID) {
		return nil, &failure{ErrService, "The outside check service gave an answer we cannot read."}
	}
	var last *measurement
	for {
		if err := c.wait(ctx, pollEvery); err != nil {
			return partial(last, err)
		}
		var m measurement
		if err := c.call(ctx, http.MethodGet, "/v1/measurements/"+created.ID, nil, &m); err != nil {
			if ctx.Err() != nil {
				return partial(last, err)
			}
			return nil, err
		}
		last = &m
		if m.Status != statusInProgress {
			return places(m.Results), nil
		}
	}
}

// measurementID is the shape of the API's IDs; anything else is not put
// into a URL path.
var measurementID = regexp.MustCompile(`^[A-Za-z0-9_-]{1,64}$`)

// partial keeps what the probes had answered when time ran out; with no
// answer at all it is a timeout.
func partial(last *measurement, err error) ([]checks.OutsidePlace, error) {
	if last != nil {
		ps := places(last.Results)
		for _, p := range ps {
			if !p.NoResult {
				return ps, nil
			}
		}
	}
	var f *failure
	if errors.As(err, &f) {
		return nil, err
	}
	return nil, &failure{ErrTimeout, "The outside check service did not answer in time."}
}

// call sends one API call and decodes its JSON answer into out.
func (c *Client) call(ctx context.Context, method, path string, body []byte, out any) error {
	ctx, cancel := context.WithTimeout(ctx, requestTimeout)
	defer cancel()
	var rd io.Reader
	if body != nil {
		rd = bytes.NewReader(body)
	}
	req, err := http.NewRequestWithContext(ctx, method, c.base()+path, rd)
	if err != nil {
		return err
	}
	req.Header.Set("Accept", "application/json")
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if c.UserAgent != "" {
		req.Header.Set("User-Agent", c.UserAgent)
	}
	resp, err := c.client().Do(req)
	if err != nil {
		var ne net.Error
		if errors.As(err, &ne) && ne.Timeout() || errors.Is(err, context.DeadlineExceeded) {
			return &failure{ErrTimeout, "The outside check service did not answer in time."}
		}
		return &failure{ErrService, "The outside check service could not be reached."}
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, maxAPIBody+1))
	if err != nil {
		if ctx.Err() != nil {
			return &failure{ErrTimeout, "The outside check service did not answer in time."}
		}
		return &failure{ErrService, "The outside check service's answer broke off."}
	}
	if len(data) > maxAPIBody {
		return &failure{ErrService, "The outside check service's answer was too large."}
	}
	switch {
	case resp.StatusCode == http.StatusTooManyRequests:
		return &failure{ErrRateLimited, "The outside check service has been asked too often from this address; try again in an hour."}
	case resp.StatusCode == http.StatusUnprocessableEntity:
		return &failure{ErrNoProbes, "The outside check service has no places free to check from right now."}
	case resp.StatusCode >= 300:
		var ae apiError
		msg := ""
		if json.Unmarshal(data, &ae) == nil && ae.Error.Message != "" {
			msg = " (" + shorten(ae.Error.Message) + ")"
		}
		return &failure{ErrService, fmt.Sprintf("The outside check service answered with an error: HTTP %d%s.", resp.StatusCode, msg)}
	}
	if err := json.Unmarshal(data, out); err != nil {
		return &failure{ErrService, "The outside check service gave an answer we cannot read."}
	}
	return nil
}

// places turns the probes' results into the report's places.
func places(rs []resultItem) []checks.OutsidePlace {
	out := make([]checks.OutsidePlace, 0, len(rs))
	for _, it := range rs {
		p := checks.OutsidePlace{Country: it.Probe.Country, City: it.Probe.City}
		switch it.Result.Status {
		case statusFinished:
			p.Status = it.Result.StatusCode
			if p.Status >= 500 {
				p.Producer = web.Classify(p.Status, headers(it.Result.Headers), body(it.Result.RawBody)).Name
			}
			if p.Status == 0 {
				p.Error = "no HTTP status"
			}
		case statusFailed:
			p.Error = shorten(it.Result.RawOutput)
			if p.Error == "" {
				p.Error = "the fetch failed"
			}
		case statusOffline:
			p.NoResult, p.Error = true, "the probe went offline"
		default:
			p.NoResult, p.Error = true, "no result in time"
		}
		out = append(out, p)
	}
	return out
}

// headers turns the API's header map into an http.Header.
func headers(m map[string]json.RawMessage) http.Header {
	h := http.Header{}
	for k, raw := range m {
		var one string
		if json.Unmarshal(raw, &one) == nil {
			h.Add(k, one)
			continue
		}
		var many []string
		if json.Unmarshal(raw, &many) == nil {
			for _, v := range many {
				h.Add(k, v)
			}
		}
	}
	return h
}

func body(b *string) []byte {
	if b == nil {
		return nil
	}
	return []byte(*b)
}

// shorten keeps the first line of s, cut to maxErrorText.
func shorten(s string) string {
	s, _, _ = strings.Cut(strings.TrimSpace(s), "\n")
	s = strings.TrimSpace(s)
	if r := []rune(s); len(r) > maxErrorText {
		s = string(r[:maxErrorText-1]) + "…"
	}
	return s
}

func (c *Client) base() string {
	if c.BaseURL != "" {
		return strings.TrimRight(c.BaseURL, "/")
	}
	return DefaultBaseURL
}

func (c *Client) client() *http.Client {
	if c.HTTP != nil {
		return c.HTTP
	}
	return http.DefaultClient
}

func (c *Client) now() time.Time {
	if c.Now != nil {
		return c.Now()
	}
	return time.Now()
}

func (c *Client) wait(ctx context.Context, d time.Duration) error {
	if c.Wait != nil {
		return c.Wait(ctx, d)
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
