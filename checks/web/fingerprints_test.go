package web

import (
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"gatewaydoctor/assets"
	"gatewaydoctor/checks"
	"gatewaydoctor/internal/samples"
)

// recorded is one HTTP answer read from a fixture or a shared sample.
type recorded struct {
	status int // 0 when the text records none
	header http.Header
	body   []byte
}

var (
	recStatusLineRe = regexp.MustCompile(`^HTTP/[0-9.]+ (\d{3})`)
	recWhatwafRe    = regexp.MustCompile(`^Status code: (\d{3})$`)
	recHeaderLineRe = regexp.MustCompile(`^([A-Za-z0-9-]+):\s?(.*)$`)
)

// parseRecorded reads the formats the samples come in, leniently:
//   - a raw answer or `curl -i`/`curl -I`: status line, headers, blank line, body;
//   - `curl -v`: "< " lines are the answer's head, "* " lines are curl's notes;
//   - WhatWaf's fingerprint: request, "Status code: N" and headers inside an
//     HTML comment, then the body;
//   - a header block without a status line, then a blank line and the body;
//   - anything else is a body (HTML, or text copied from a browser).
func parseRecorded(data []byte) recorded {
	text := strings.ReplaceAll(string(data), "\r\n", "\n")
	lines := strings.Split(text, "\n")
	rec := recorded{header: http.Header{}}
	first := strings.TrimSpace(lines[0])

	switch {
	case first == "<!--" && len(lines) > 2 && recWhatwafRe.MatchString(strings.TrimSpace(lines[2])):
		rec.status, _ = strconv.Atoi(recWhatwafRe.FindStringSubmatch(strings.TrimSpace(lines[2]))[1])
		i := 3
		for ; i < len(lines) && strings.TrimSpace(lines[i]) != "-->"; i++ {
			addRecordedHeader(rec.header, lines[i])
		}
		rec.body = []byte(strings.Join(lines[min(i+1, len(lines)):], "\n"))
	case strings.Contains(text, "\n< HTTP/"):
		var head, body []string
		inBody := false
		for _, l := range lines {
			switch {
			case strings.HasPrefix(l, "< "):
				head = append(head, strings.TrimPrefix(l, "< "))
			case l == "<":
				inBody = true
			case strings.HasPrefix(l, "* ") || strings.HasPrefix(l, "> ") || l == ">":
			case inBody:
				body = append(body, l)
			}
		}
		rec.status = parseRecordedHead(rec.header, head)
		rec.body = []byte(strings.Join(body, "\n"))
	case recStatusLineRe.MatchString(first) || recHeaderLineRe.MatchString(first):
		i := 0
		for ; i < len(lines) && strings.TrimSpace(lines[i]) != ""; i++ {
		}
		rec.status = parseRecordedHead(rec.header, lines[:i])
		rec.body = []byte(strings.Join(lines[min(i+1, len(lines)):], "\n"))
	default:
		rec.body = data
	}
	return rec
}

// parseRecordedHead reads a status line (if any) and header lines; it returns the status.
func parseRecordedHead(h http.Header, lines []string) int {
	status := 0
	for _, l := range lines {
		if m := recStatusLineRe.FindStringSubmatch(l); m != nil {
			status, _ = strconv.Atoi(m[1])
			continue
		}
		addRecordedHeader(h, l)
	}
	return status
}

func addRecordedHeader(h http.Header, line string) {
	if m := recHeaderLineRe.FindStringSubmatch(strings.TrimRight(line, " ")); m != nil {
		h.Add(m[1], m[2])
	}
}

// fingerprintFixtures holds one recorded answer per row of the producer table.
const fingerprintFixtures = "testdata/fingerprints"

// classifyFixtures is the expected producer of every fixture.
var classifyFixtures = []struct {
	file string
	name string
	role checks.Role
}{
	{"squid-503-err-connect-fail.http", "squid", checks.RoleUserProxy},
	{"zscaler-403-block.http", "zscaler", checks.RoleUserProxy},
	{"bluecoat-403-policy-denied.http", "bluecoat", checks.RoleUserProxy},
	{"fortinet-403-webfilter.http", "fortinet", checks.RoleUserProxy},
	{"paloalto-503-url-block.http", "paloalto", checks.RoleUserProxy},
	{"sophos-403-block.http", "sophos", checks.RoleUserProxy},
	{"forcepoint-403-block.http", "forcepoint", checks.RoleUserProxy},
	{"skyhigh-403-block.http", "skyhigh", checks.RoleUserProxy},
	{"umbrella-403-block.http", "umbrella", checks.RoleUserProxy},
	{"cloudflare-522-connection-timed-out.http", "cloudflare", checks.RoleOrigin},
	{"cloudflare-502-unbranded-edge.http", "cloudflare", checks.RoleEdge},
	{"cloudflare-502-branded-origin.http", "cloudflare", checks.RoleOrigin},
	{"cloudflare-502-text-origin.http", "cloudflare", checks.RoleOrigin},
	{"cloudflare-403-branded-edge.http", "cloudflare", checks.RoleEdge},
	{"cloudflare-429-text-edge.http", "cloudflare", checks.RoleEdge},
	{"cloudfront-502-origin.http", "cloudfront", checks.RoleOrigin},
	{"cloudfront-503-lambda-edge.http", "cloudfront", checks.RoleEdge},
	{"akamai-504-gateway-timeout.http", "akamai", checks.RoleOrigin},
	{"akamai-403-access-denied.http", "akamai", checks.RoleEdge},
	{"fastly-503-first-byte-timeout.http", "fastly", checks.RoleOrigin},
	{"google-502-gfe.http", "google", checks.RoleOrigin},
	{"azure-front-door-504-origin-timeout.http", "azure-front-door", checks.RoleOrigin},
	{"heroku-503-application-error.http", "heroku", checks.RoleOrigin},
	{"heroku-502-cowboy.http", "heroku", checks.RoleOrigin},
	{"vercel-500-internal.http", "vercel", checks.RoleEdge},
	{"vercel-504-function-timeout.http", "vercel", checks.RoleOrigin},
	{"aws-alb-503-no-targets.http", "aws-elb", checks.RoleOrigin},
	{"elb-502.http", "elb", checks.RoleOrigin},
	{"cloudflare-502-relayed-nginx.http", "cloudflare", checks.RoleOrigin},
	{"cloudflare-502-no-body.http", "cloudflare", checks.RoleUnknown},
	{"cloudfront-500-relayed.http", "cloudfront", checks.RoleOrigin},
	{"akamai-500-relayed.http", "akamai", checks.RoleOrigin},
	{"fastly-500-relayed.http", "fastly", checks.RoleOrigin},
	{"google-503-relayed.http", "google", checks.RoleOrigin},
	{"azure-front-door-502-relayed.http", "azure-front-door", checks.RoleOrigin},
	{"vercel-500-relayed.http", "vercel", checks.RoleOrigin},
	{"netlify-502-relayed.http", "netlify", checks.RoleOrigin},
	{"varnish-503-backend-fetch-failed.http", "varnish", checks.RoleOrigin},
	{"nginx-504-gateway-timeout.http", "nginx", checks.RoleOrigin},
	{"apache-502-proxy-error.http", "apache", checks.RoleOrigin},
	{"haproxy-502-invalid-response.http", "haproxy", checks.RoleOrigin},
	{"envoy-503-no-healthy-upstream.http", "envoy", checks.RoleOrigin},
	{"traefik-502.http", "traefik", checks.RoleOrigin},
	{"squid-502-via-relayed.http", "squid", checks.RoleUserProxy},
	{"unknown-502-plain.http", "", checks.RoleUnknown},
}

// fixtureExpected says which fixtures classifyFixtures lists.
var fixtureExpected = func() map[string]bool {
	m := map[string]bool{}
	for _, tc := range classifyFixtures {
		m[tc.file] = true
	}
	return m
}()

func TestClassifyFixtures(t *testing.T) {
	for _, tc := range classifyFixtures {
		t.Run(tc.file, func(t *testing.T) {
			data, err := os.ReadFile(filepath.Join(fingerprintFixtures, tc.file))
			if err != nil {
				t.Fatal(err)
			}
			rec := parseRecorded(data)
			if rec.status == 0 {
				t.Fatalf("fixture %s has no status line", tc.file)
			}
			got := Classify(rec.status, rec.header, rec.body)
			if got.Name != tc.name || got.Role != tc.role {
				t.Fatalf("Classify = %s/%s, want %s/%s (evidence %q)", got.Name, got.Role, tc.name, tc.role, got.Evidence)
			}
			if tc.name != "" && (got.Title == "" || len(got.Evidence) == 0) {
				t.Fatalf("Classify = %+v: a match needs a title and evidence", got)
			}
		})
	}
}

// TestFingerprintRowsHaveSamples keeps the table honest: every row of
// assets/fingerprints.toml names its recorded sample, the sample exists, and
// the sample is classified by that very row (with the row's name and role),
// so a new producer cannot land without its recorded answer. Every fixture
// is also either a row's sample or an expectation of TestClassifyFixtures.
func TestFingerprintRowsHaveSamples(t *testing.T) {
	named := map[string]bool{}
	for i, fp := range fingerprints {
		named[fp.sample] = true
		data, err := os.ReadFile(filepath.Join(fingerprintFixtures, fp.sample))
		if err != nil {
			t.Errorf("row %d (%s, %s): sample: %v", i+1, fp.name, fp.role, err)
			continue
		}
		rec := parseRecorded(data)
		got, row := classifyRow(rec.status, rec.header, rec.body)
		if row != i {
			t.Errorf("row %d (%s, %s): its sample %s is classified by row %d (%s, %s)", i+1, fp.name, fp.role, fp.sample, row+1, got.Name, got.Role)
		}
		if got.Name != fp.name || (!fp.relay && got.Role != fp.role) {
			t.Errorf("row %d: sample %s classified %s/%s, the row says %s/%s", i+1, fp.sample, got.Name, got.Role, fp.name, fp.role)
		}
	}
	entries, err := os.ReadDir(fingerprintFixtures)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if !named[e.Name()] && !fixtureExpected[e.Name()] {
			t.Errorf("fixture %s is no row's sample and not in TestClassifyFixtures", e.Name())
		}
	}
}

// TestParseFingerprintsRefusesMistakes: a row the matcher would misread is
// an error, not a silently dead row.
func TestParseFingerprintsRefusesMistakes(t *testing.T) {
	for _, tc := range []struct{ name, data string }{
		{"unknown key", `[[producer]]
name = "x"
title = "X"
role = "origin"
sample = "x.http"
page = [{body = "x"}]
colour = "red"`},
		{"unknown role", `[[producer]]
name = "x"
title = "X"
role = "website"
sample = "x.http"
page = [{body = "x"}]`},
		{"two kinds in a marker", `[[producer]]
name = "x"
title = "X"
role = "origin"
sample = "x.http"
page = [{body = "x", server = "y"}]`},
		{"bad regexp", `[[producer]]
name = "x"
title = "X"
role = "origin"
sample = "x.http"
page = [{body_re = "("}]`},
		{"no sample", `[[producer]]
name = "x"
title = "X"
role = "origin"
page = [{body = "x"}]`},
		{"no signals", `[[producer]]
name = "x"
title = "X"
role = "origin"
sample = "x.http"`},
	} {
		if _, err := parseFingerprints([]byte(tc.data)); err == nil {
			t.Errorf("%s: parsed without error", tc.name)
		}
	}
	if fps, err := parseFingerprints(assets.Fingerprints); err != nil || len(fps) == 0 {
		t.Fatalf("the shipped table: %d rows, %v", len(fps), err)
	}
}

func TestClassifyEvidenceIsReadable(t *testing.T) {
	h := http.Header{}
	h.Set("cf-ray", "8a1b2c3d4e5f60718293a4b5c6d7e8f9-AMS")
	h.Set("Server", "cloudflare")
	got := Classify(502, h, []byte("<p>Cloudflare Ray ID: <strong>8a1b</strong></p>"))
	want := []string{`body: "Cloudflare Ray ID"`}
	if strings.Join(got.Evidence, "|") != strings.Join(want, "|") {
		t.Errorf("branded page evidence = %q, want %q", got.Evidence, want)
	}
	got = Classify(522, h, nil)
	want = []string{"status 522", "header cf-ray: 8a1b2c3d4e5f60718293a4b5…", "header server: cloudflare"}
	if strings.Join(got.Evidence, "|") != strings.Join(want, "|") {
		t.Errorf("522 evidence = %q, want %q", got.Evidence, want)
	}
}

func TestClassifyHeaderNamesAnyCase(t *testing.T) {
	// A map built by hand need not hold canonical names.
	h := http.Header{"x-squid-error": {"ERR_DNS_FAIL 0"}}
	if got := Classify(503, h, nil); got.Name != "squid" || got.Role != checks.RoleUserProxy {
		t.Errorf("lower-case header name: got %+v", got)
	}
}

func TestClassifyServerProductToken(t *testing.T) {
	for _, tc := range []struct {
		server string
		want   string
	}{
		{"Apache/2.4.62 (Debian)", "apache"},
		{"Apache", "apache"},
		{"Apache-Coyote/1.1", ""}, // Tomcat is not Apache httpd
		{"awselb/2.0", "aws-elb"},
		{"elb", "elb"},
		{"nginx", "nginx"},
		{"nginx-but-not-really", ""},
	} {
		h := http.Header{"Server": {tc.server}}
		if got := Classify(502, h, nil); got.Name != tc.want {
			t.Errorf("Server %q: got %q, want %q", tc.server, got.Name, tc.want)
		}
	}
}

func TestClassifyReadsOnlyTheCap(t *testing.T) {
	body := append(make([]byte, maxClassifyBody), []byte("<center>nginx</center>")...)
	for i := range maxClassifyBody {
		body[i] = ' '
	}
	if got := Classify(502, http.Header{}, body); got.Name != "" {
		t.Errorf("a marker past the cap was read: %+v", got)
	}
}

// TestClassifySharedSamples classifies every recorded 5xx (and block page) in
// the shared samples. Every file must be listed, so a new sample cannot be
// silently ignored. status is used when the file records none.
func TestClassifySharedSamples(t *testing.T) {
	// The shared, real recordings (see their README); the repo does not
	// copy them.
	dir := samples.Path(t, "http")
	entries, err := os.ReadDir(dir)
	if os.IsNotExist(err) {
		t.Skipf("shared samples not found at %s: nothing to compare", dir)
	}
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]struct {
		status int
		name   string
		role   checks.Role
	}{
		"akamai-403-access-denied-curl-uppercase-entities.txt":    {403, "akamai", checks.RoleEdge},
		"akamai-403-access-denied-whatwaf-fingerprint.txt":        {0, "akamai", checks.RoleEdge},
		"akamai-503-zero-size-object-rendered-text.txt":           {503, "akamai", checks.RoleOrigin},
		"apache-2.4.25-502-proxy-error-body.html":                 {502, "apache", checks.RoleOrigin},
		"apache-502-proxy-error-rendered-text-centos7.txt":        {502, "apache", checks.RoleOrigin},
		"apache-503-default-whatwaf-fingerprint.txt":              {0, "apache", checks.RoleOrigin},
		"aws-alb-502-awselb.txt":                                  {0, "aws-elb", checks.RoleOrigin},
		"azure-front-door-504-origin-timeout-rendered-text.txt":   {504, "azure-front-door", checks.RoleOrigin},
		"azure-front-door-classic-unavailable-body-fragment.html": {503, "azure-front-door", checks.RoleOrigin},
		"cloudflare-502-branded-body-2025.html":                   {502, "cloudflare", checks.RoleOrigin},
		// The body was not recorded: Cloudflare is known, its role is not.
		"cloudflare-502-branded-headers-whatwaf-fingerprint.txt":   {0, "cloudflare", checks.RoleUnknown},
		"cloudflare-502-unbranded-error-code-headers-and-body.txt": {502, "cloudflare", checks.RoleOrigin},
		"cloudflare-520-headers-curl-I.txt":                        {0, "cloudflare", checks.RoleOrigin},
		"cloudfront-502-rendered-text.txt":                         {502, "cloudfront", checks.RoleOrigin},
		"cloudfront-503-lambda-invalid-rendered-text.txt":          {503, "cloudfront", checks.RoleEdge},
		"cloudfront-504-rendered-text.txt":                         {504, "cloudfront", checks.RoleOrigin},
		"elb-502-huawei-whatwaf-fingerprint.txt":                   {0, "elb", checks.RoleOrigin},
		"envoy-503-upstream-connect-error-raw.txt":                 {0, "envoy", checks.RoleOrigin},
		"fastly-503-backend-read-error-rendered-text.txt":          {503, "fastly", checks.RoleOrigin},
		"fastly-503-first-byte-timeout-rendered-text.txt":          {503, "fastly", checks.RoleOrigin},
		"google-gfe-502-rendered-text.txt":                         {502, "google", checks.RoleOrigin},
		"haproxy-503-no-server-curl-IS.txt":                        {0, "haproxy", checks.RoleOrigin},
		"haproxy-503-no-server-curl-v.txt":                         {0, "haproxy", checks.RoleOrigin},
		"heroku-vegur-502-headers.txt":                             {0, "heroku", checks.RoleOrigin},
		"nginx-1.12.2-502-forward-proxy-curl-i.txt":                {0, "nginx", checks.RoleOrigin},
		"nginx-502-body-1.21.6.html":                               {502, "nginx", checks.RoleOrigin},
		"nginx-502-headers-curl-I-0.7.67.txt":                      {0, "nginx", checks.RoleOrigin},
		"nginx-502-headers-curl-I-1.5.0-php.txt":                   {0, "nginx", checks.RoleOrigin},
		"squid-3.4.8-400-err-invalid-url-headers.txt":              {0, "squid", checks.RoleUserProxy},
		"squid-503-err-dns-fail-headers.txt":                       {0, "squid", checks.RoleUserProxy},
		"traefik-502-body.txt":                                     {502, "traefik", checks.RoleOrigin},
		"varnish-503-backend-fetch-failed-dom.html":                {503, "varnish", checks.RoleOrigin},
		"vercel-504-function-invocation-timeout-plain-body.txt":    {504, "vercel", checks.RoleOrigin},
		"vercel-504-function-invocation-timeout-rendered-text.txt": {504, "vercel", checks.RoleOrigin},
		"zscaler-403-block-page-headers-whatwaf-fingerprint.txt":   {0, "zscaler", checks.RoleUserProxy},
		"zscaler-access-blocked-filehost-rendered-text.txt":        {403, "zscaler", checks.RoleUserProxy},
	}
	seen := map[string]bool{}
	for _, e := range entries {
		if e.IsDir() {
			continue
		}
		seen[e.Name()] = true
		t.Run(e.Name(), func(t *testing.T) {
			w, ok := want[e.Name()]
			if !ok {
				t.Fatalf("sample %s is not in this test's table: add its expected producer", e.Name())
			}
			data, err := os.ReadFile(filepath.Join(dir, e.Name()))
			if err != nil {
				t.Fatal(err)
			}
			rec := parseRecorded(data)
			if rec.status == 0 {
				rec.status = w.status
			}
			if rec.status == 0 {
				t.Fatalf("no status in %s and none in the table", e.Name())
			}
			got := Classify(rec.status, rec.header, rec.body)
			if got.Name != w.name || got.Role != w.role {
				t.Errorf("status %d: Classify = %s/%s, want %s/%s (evidence %q)", rec.status, got.Name, got.Role, w.name, w.role, got.Evidence)
			}
		})
	}
	for name := range want {
		if !seen[name] {
			t.Errorf("table lists %s, which is not in %s", name, dir)
		}
	}
}

// FuzzClassify feeds the classifier arbitrary answers: it must never panic,
// and a named producer always comes with evidence and a known role.
func FuzzClassify(f *testing.F) {
	entries, _ := os.ReadDir(fingerprintFixtures)
	for _, e := range entries {
		if data, err := os.ReadFile(filepath.Join(fingerprintFixtures, e.Name())); err == nil {
			f.Add(data)
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		rec := parseRecorded(data)
		got := Classify(rec.status, rec.header, rec.body)
		switch got.Role {
		case checks.RoleEdge, checks.RoleOrigin, checks.RoleUserProxy, checks.RoleUnknown:
		default:
			t.Fatalf("role %q is not in the contract", got.Role)
		}
		if got.Name != "" && len(got.Evidence) == 0 {
			t.Fatalf("producer %s without evidence", got.Name)
		}
	})
}

// BenchmarkClassify measures one classification of a typical page.
func BenchmarkClassify(b *testing.B) {
	data, err := os.ReadFile(filepath.Join(fingerprintFixtures, "cloudflare-502-relayed-nginx.http"))
	if err != nil {
		b.Fatal(err)
	}
	rec := parseRecorded(data)
	b.ReportAllocs()
	for b.Loop() {
		Classify(rec.status, rec.header, rec.body)
	}
}
