package diagnosis

import (
	"gatewaydoctor/checks"
	"gatewaydoctor/checks/localnet"
	"gatewaydoctor/checks/web"
)

// maxVerdictEvidence bounds the evidence lines of a verdict: a person reads
// three or four lines; the full list stays in each check's result.
const maxVerdictEvidence = 6

// facts is what the rules read: the results and a few derived answers.
type facts struct {
	rs checks.Results
	// target is the target check's result; hasTarget is false when the run
	// had none (a profile-only run, or it was skipped).
	target    checks.Result
	hasTarget bool
	// failed: the site did not answer normally on the browser's path.
	failed bool
	// websiteSpoke: a 5xx came back that a CDN or the site's front made,
	// which is proof that name resolution, the network and the proxy worked.
	websiteSpoke bool
	// dnsLevel: the site's name did not resolve on the system path.
	dnsLevel bool
	// reachWorks: every reachability host answered, so traffic goes
	// through the router whatever its own probe said.
	reachWorks bool
}

func (f facts) has(c checks.Code) bool { return f.rs.Has(c) }

// fallbackEvidence are the codes quoted when no rule holds but the site
// failed: then the site does not answer (website_down).
var fallbackEvidence = []checks.Code{checks.CodeConnectRefused, checks.CodeConnectTimeout, checks.CodeConnectFailed, checks.CodeTargetNXDomain,
	checks.CodeTargetDNSError, checks.CodeRedirectLoop, checks.CodeHTTPStatus, checks.CodeProxyReportsSite, checks.CodeReachSome}

// Diagnose turns every result of a run into one verdict: the first rule that
// holds, closest to the user; the other rules that hold become secondary
// findings. When the site answered normally, the verdict is "ok" whatever
// else was seen, since the browser then holds something stale.
func Diagnose(rs checks.Results) checks.Verdict {
	f := facts{rs: rs}
	if r, ok := rs.ByID(localnet.ReachID); ok && r.Status == checks.StatusOK {
		f.reachWorks = true
	}
	f.target, f.hasTarget = rs.ByID(web.TargetID)
	if f.hasTarget && f.target.Status != checks.StatusSkipped && f.target.Status != checks.StatusError {
		t := f.target
		f.failed = t.Status == checks.StatusProblem && !t.Has(checks.CodeRecovered)
		// A block page is the site speaking too: the name, the network and
		// the proxy all worked.
		f.websiteSpoke = (t.Has(checks.CodeHTTP5xx) && (t.Has(checks.CodeProducerEdge) || t.Has(checks.CodeProducerOrigin))) || t.Has(checks.CodeBlockedBySite)
		f.dnsLevel = t.Has(checks.CodeTargetNXDomain) || t.Has(checks.CodeTargetDNSError)
	} else {
		// Without a fetch of the site, judge by the other checks alone: any
		// problem they found is the verdict.
		f.failed = true
	}

	var chosen *rule
	var evidence []checks.Code
	var secondary []checks.VerdictCode
	for i := range rules {
		r := &rules[i]
		if !r.Holds(f) {
			continue
		}
		if chosen == nil {
			chosen, evidence = r, r.Evidence
		} else {
			secondary = append(secondary, r.Code)
		}
	}
	code := checks.VerdictOK
	switch {
	case chosen != nil:
		code = chosen.Code
	case f.hasTarget && f.failed:
		code, evidence = checks.VerdictWebsiteDown, fallbackEvidence
	}
	info := checks.Verdicts[code]
	v := checks.Verdict{Code: code, Side: info.Side, Summary: info.Summary, Fixes: append([]string(nil), info.Fixes...), Secondary: secondary}
	if code == checks.VerdictOK && f.hasTarget {
		// Other findings while the site works are secondary, not the verdict.
		secondary = nil
		for _, r := range rules {
			if r.Holds(facts{rs: rs, failed: true, target: f.target, hasTarget: true}) {
				secondary = append(secondary, r.Code)
			}
		}
		v.Secondary = secondary
		evidence = []checks.Code{checks.CodeHTTPOK}
	}
	v.Evidence, v.EvidenceText = gatherEvidence(rs, f, evidence)
	if f.hasTarget {
		word(&v, f)
	}
	return v
}

// gatherEvidence quotes the evidence of the results that carry the verdict's
// codes, target first, without repeats; texts key the lines that have a
// sentence (a check's summary or keyed evidence), for the faces.
func gatherEvidence(rs checks.Results, f facts, codes []checks.Code) (out []string, texts []checks.Text) {
	seen := map[string]bool{}
	add := func(s string, t *checks.Text) {
		if s != "" && !seen[s] && len(out) < maxVerdictEvidence {
			seen[s] = true
			out = append(out, s)
			if t != nil {
				texts = append(texts, *t)
			}
		}
	}
	ordered := checks.Results{}
	if f.hasTarget {
		ordered = append(ordered, f.target)
	}
	for _, r := range rs {
		if r.ID != web.TargetID {
			ordered = append(ordered, r)
		}
	}
	for _, r := range ordered {
		carries := false
		for _, c := range codes {
			if r.Has(c) {
				carries = true
			}
		}
		if !carries {
			continue
		}
		if r.ID != web.TargetID && r.Summary != "" {
			line := checks.CheckLine(r.ID, summaryOf(r))
			add(line.English, &line)
		}
		for _, e := range r.Evidence {
			add(e, keyed(e, r.EvidenceText))
		}
	}
	if len(out) == 0 && f.hasTarget {
		add(f.target.Summary, keyed(f.target.Summary, []checks.Text{summaryOf(f.target)}))
	}
	if len(out) == 0 {
		passed := checks.Say("verdict.evidence.all_passed", "every check passed", nil)
		add(passed.English, &passed)
	}
	if out == nil {
		out = []string{}
	}
	return out, texts
}

// summaryOf is a result's summary as a sentence; one the check did not key
// stays its English.
func summaryOf(r checks.Result) checks.Text {
	if r.SummaryText != nil && r.SummaryText.Full() == r.Summary {
		return *r.SummaryText
	}
	return checks.Text{English: r.Summary}
}

// keyed is the sentence among texts whose English is line, nil when none is.
func keyed(line string, texts []checks.Text) *checks.Text {
	for i := range texts {
		if texts[i].Key != "" && texts[i].Full() == line {
			return &texts[i]
		}
	}
	return nil
}
