package localnet

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"time"

	"gatewaydoctor/checks"
)

// CaptiveID is the ID of the captive-portal check.
const CaptiveID = "captive"

// captiveProbeTimeout bounds one captive-portal probe. A portal answers from
// the local network, so a slower answer is not a portal page; give up and
// say so.
const captiveProbeTimeout = 3 * time.Second

// captiveBodyLimit caps what is read of a probe's body: the expected answers
// are a few bytes ("Success", "Microsoft Connect Test"), a portal's page a
// few kilobytes.
const captiveBodyLimit = 64 << 10

// CaptiveOutcome is what one probe saw.
type CaptiveOutcome struct {
	URL       string
	Status    int    // 0 when no answer
	Location  string // the redirect target, absolute
	Intercept bool   // the answer is not the expected one: a portal
	Err       error  // no answer at all
}

// CaptiveCheck runs the profile's probes at once, each with its expected
// answer, without redirects, proxy or connection reuse. A redirect, a 511
// or a different answer is CodeCaptivePortal; the portal's URL (from a
// redirect) is in Details["portal_url"] so the wizard can open it. No probe
// answering at all is CodeCaptiveUnreachable, which says nothing of a portal.
func CaptiveCheck() checks.Check {
	return checks.Func{Name: CaptiveID, Limit: captiveProbeTimeout + time.Second, Fn: runCaptive}
}

func runCaptive(ctx context.Context, env *checks.Env) checks.Result {
	if len(env.CaptiveProbes) == 0 {
		return checks.SkippedSay(CaptiveID, checks.Say("summary.captive.no_probes", "the profile sets no captive-portal probes", nil))
	}
	client := ProbeClient(env, false)
	outs := make([]CaptiveOutcome, len(env.CaptiveProbes))
	var wg sync.WaitGroup
	for i, p := range env.CaptiveProbes {
		wg.Add(1)
		go func() { defer wg.Done(); outs[i] = captiveProbe(ctx, client, p) }()
	}
	wg.Wait()

	res := checks.Result{ID: CaptiveID}
	portal := ""
	intercepted, answered := 0, 0
	var details []map[string]any
	for _, o := range outs {
		d := map[string]any{"url": o.URL, "status": o.Status}
		switch {
		case o.Err != nil:
			d["error"] = o.Err.Error()
			res.Saw(checks.Say("evidence.captive.no_answer", "{{.URL}}: no answer: {{.Error}}", checks.Args{"URL": o.URL, "Error": fmt.Sprint(o.Err)}))
		case o.Intercept:
			answered++
			intercepted++
			d["intercepted"] = true
			if o.Location != "" {
				d["location"] = o.Location
				if portal == "" {
					portal = o.Location
				}
				res.Saw(checks.Say("evidence.captive.redirected", "{{.URL}}: redirected ({{.Status}}) to {{.Location}}", checks.Args{"URL": o.URL, "Status": o.Status, "Location": o.Location}))
			} else {
				res.Saw(checks.Say("evidence.captive.unexpected", "{{.URL}}: unexpected answer {{.Status}}", checks.Args{"URL": o.URL, "Status": o.Status}))
			}
		default:
			answered++
			res.Saw(checks.Say("evidence.captive.expected", "{{.URL}}: expected answer {{.Status}}", checks.Args{"URL": o.URL, "Status": o.Status}))
		}
		details = append(details, d)
	}
	res.Details = map[string]any{"probes": details}
	switch {
	case intercepted > 0:
		res.Status = checks.StatusProblem
		res.Codes = []checks.Code{checks.CodeCaptivePortal}
		res.Say(checks.Say("summary.captive.found", "A sign-in page (captive portal) intercepts web traffic on this network.", nil))
		if portal != "" {
			res.Details["portal_url"] = portal
			res.Say(checks.Say("summary.captive.found_at", "A sign-in page (captive portal) intercepts web traffic on this network. It is at {{.URL}}.", checks.Args{"URL": portal}))
		}
	case answered == 0:
		res.Status = checks.StatusProblem
		res.Codes = []checks.Code{checks.CodeCaptiveUnreachable}
		res.Say(checks.Say("summary.captive.unreachable", "None of the connectivity probes answered, so a sign-in page could not be ruled out.", nil))
	default:
		res.Status = checks.StatusOK
		res.Say(checks.Say("summary.captive.none", "No sign-in page intercepts traffic.", nil))
	}
	return res
}

func captiveProbe(ctx context.Context, client *http.Client, p checks.Probe) CaptiveOutcome {
	o := CaptiveOutcome{URL: p.URL}
	ctx, cancel := context.WithTimeout(ctx, captiveProbeTimeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, p.URL, nil)
	if err != nil {
		o.Err = err
		return o
	}
	req.Header.Set("Cache-Control", "no-cache")
	resp, err := client.Do(req)
	if err != nil {
		o.Err = err
		return o
	}
	defer resp.Body.Close()
	o.Status = resp.StatusCode
	body, _ := io.ReadAll(io.LimitReader(resp.Body, captiveBodyLimit))
	if loc, err := resp.Location(); err == nil && resp.StatusCode >= 300 && resp.StatusCode < 400 {
		o.Location = loc.String()
		o.Intercept = true
		return o
	}
	statusOK := resp.StatusCode == p.Status || (p.Status == 0 && resp.StatusCode >= 200 && resp.StatusCode < 300)
	bodyOK := p.Body == "" || strings.Contains(string(body), p.Body)
	o.Intercept = !statusOK || !bodyOK
	return o
}
