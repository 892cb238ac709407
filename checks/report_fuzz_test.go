package checks_test

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"gatewaydoctor/checks"
	"gatewaydoctor/checks/diagnosis"
)

// fuzzStatuses are the statuses a fuzzed result may take: the four of the
// contract and one that is not, since a check with a bug could set anything.
var fuzzStatuses = []checks.Status{checks.StatusOK, checks.StatusProblem, checks.StatusSkipped, checks.StatusError, "bogus"}

// FuzzReport builds a run's results from fuzzed findings (any IDs, codes,
// texts and HTTP outcome, valid or not), diagnoses them and renders the
// report: it must always marshal to JSON that reads back with the same
// verdict, and always render as text that carries the verdict's summary.
func FuzzReport(f *testing.F) {
	f.Add("target", uint8(1), "http_5xx,producer_origin", "HTTP 502 made by nginx", "server: nginx\nvia: 1.1 cache", 502, "nginx", "origin", "direct", "", "dns.system", uint8(0), "")
	f.Add("target", uint8(1), "connect_timeout,still_failing", "no answer", "", 0, "", "", "proxy", "proxyconnect tcp: i/o timeout", "proxy.settings", uint8(1), "proxy_unreachable")
	f.Add("target", uint8(0), "http_ok", "HTTP 200", "", 200, "", "", "direct", "", "dns.hijack", uint8(1), "dns_nxdomain_redirect,dns_mismatch")
	f.Add("dns.system", uint8(3), "", "\xff\xfe not utf-8 \x00", "<script>alert(1)</script>", -1, "\u202e", "user_proxy", "pinned", "\n\n", "", uint8(4), ",,,")
	f.Add("", uint8(2), "recovered", "", "", 407, "squid", "user_proxy", "proxy", "", "target", uint8(1), "http_5xx")
	f.Fuzz(func(t *testing.T, id string, status uint8, codes, summary, evidence string, httpStatus int, producer, role, path, httpErr string,
		otherID string, otherStatus uint8, otherCodes string) {
		rs := checks.Results{
			fuzzResult(id, status, codes, summary, evidence),
			fuzzResult(otherID, otherStatus, otherCodes, summary, evidence),
		}
		if httpStatus != 0 || producer != "" || path != "" || httpErr != "" {
			a := checks.Attempt{Path: checks.Path(path), Status: httpStatus, Err: httpErr,
				Producer: checks.Producer{Name: producer, Title: producer, Role: checks.Role(role)}}
			rs[0].HTTP = &checks.HTTPOutcome{Primary: a, Attempts: []checks.Attempt{a, a}}
		}
		v := diagnosis.Diagnose(rs)
		if _, ok := checks.Verdicts[v.Code]; !ok {
			t.Fatalf("verdict %q is not in the contract", v.Code)
		}
		rep := checks.NewReport("https://"+otherID+".example/"+summary, time.Unix(1_800_000_000, 0), 1500*time.Millisecond, rs, v)
		rep.Tried = []string{otherCodes}

		var js bytes.Buffer
		if err := rep.WriteJSON(&js); err != nil {
			t.Fatalf("report does not marshal: %v", err)
		}
		var back struct {
			Schema  string `json:"schema"`
			Verdict struct {
				Code     string   `json:"code"`
				Side     string   `json:"side"`
				Evidence []string `json:"evidence"`
			} `json:"verdict"`
			Checks []json.RawMessage `json:"checks"`
			Fixes  []string          `json:"fixes"`
		}
		if err := json.Unmarshal(js.Bytes(), &back); err != nil {
			t.Fatalf("report JSON does not read back: %v\n%s", err, js.Bytes())
		}
		if back.Schema != checks.Schema || back.Verdict.Code != string(v.Code) || back.Verdict.Side != string(v.Side) {
			t.Fatalf("read back schema %q verdict %q/%q, want %q %q/%q", back.Schema, back.Verdict.Code, back.Verdict.Side, checks.Schema, v.Code, v.Side)
		}
		if back.Verdict.Evidence == nil || back.Fixes == nil || len(back.Checks) != len(rs) {
			t.Fatalf("contract fields missing: evidence %v fixes %v checks %d", back.Verdict.Evidence, back.Fixes, len(back.Checks))
		}

		var txt bytes.Buffer
		if err := rep.WriteText(&txt, nil); err != nil {
			t.Fatalf("report does not render: %v", err)
		}
		if !strings.Contains(txt.String(), v.Summary) {
			t.Fatalf("text report lacks the verdict's summary %q:\n%s", v.Summary, txt.String())
		}
	})
}

// fuzzResult makes one result from fuzzed parts: codes are comma-separated,
// evidence lines newline-separated, and the details hold the raw strings.
func fuzzResult(id string, status uint8, codes, summary, evidence string) checks.Result {
	r := checks.Result{
		ID:      id,
		Status:  fuzzStatuses[int(status)%len(fuzzStatuses)],
		Summary: summary,
		Reason:  summary,
		Took:    time.Duration(status) * time.Millisecond,
		Details: map[string]any{"raw": evidence, "n": int(status), "list": []string{codes, summary}},
	}
	if codes != "" {
		for _, c := range strings.Split(codes, ",") {
			r.Codes = append(r.Codes, checks.Code(c))
		}
	}
	if evidence != "" {
		r.Evidence = strings.Split(evidence, "\n")
	}
	return r
}
