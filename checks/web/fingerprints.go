package web

import (
	"bytes"
	"fmt"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/BurntSushi/toml"

	"gatewaydoctor/assets"
	"gatewaydoctor/checks"
)

// fingerprints is the producer table, read from assets/fingerprints.toml
// (the file explains the order of its rows and the form of a marker). Add a
// producer by adding a row there and its recorded sample under
// testdata/fingerprints.
var fingerprints = mustParseFingerprints(assets.Fingerprints)

// fpFile is the form of assets/fingerprints.toml.
type fpFile struct {
	Producer []struct {
		Name       string
		Title      string
		Role       checks.Role
		Relay      bool
		MinStatus  int  `toml:"min_status"`
		MaxStatus  int  `toml:"max_status"`
		ShowStatus bool `toml:"show_status"`
		Need       string
		Headers    []fpMarkerData
		Page       []fpMarkerData
		Also       []fpMarkerData
		Sample     string
	}
}

// fpMarkerData is one marker as written in the data: exactly one of its
// kinds is set (Contains only with Header).
type fpMarkerData struct {
	Body     *string
	BodyIs   *string `toml:"body_is"`
	BodyRe   *string `toml:"body_re"`
	Header   *string
	Contains string
	Server   *string
}

// mustParseFingerprints reads the embedded table. The data ships inside the
// binary and a test parses it, so an error is a build mistake: panic.
func mustParseFingerprints(data []byte) []fingerprint {
	fps, err := parseFingerprints(data)
	if err != nil {
		panic("assets/fingerprints.toml: " + err.Error())
	}
	return fps
}

// parseFingerprints turns the data into rows, refusing what the matcher
// would misread: an unknown key, role or need, a marker of no or two kinds,
// a bad regexp, a row without signals.
func parseFingerprints(data []byte) ([]fingerprint, error) {
	var f fpFile
	md, err := toml.Decode(string(data), &f)
	if err != nil {
		return nil, err
	}
	if un := md.Undecoded(); len(un) > 0 {
		return nil, fmt.Errorf("unknown keys %v", un)
	}
	var out []fingerprint
	for i, p := range f.Producer {
		fp := fingerprint{name: p.Name, title: p.Title, role: p.Role, relay: p.Relay,
			minStatus: p.MinStatus, maxStatus: p.MaxStatus, showStatus: p.ShowStatus, sample: p.Sample}
		where := fmt.Sprintf("row %d (%s)", i+1, p.Name)
		if p.Name == "" || p.Title == "" || p.Sample == "" {
			return nil, fmt.Errorf("%s: name, title and sample are required", where)
		}
		switch {
		case p.Relay && p.Role != "":
			return nil, fmt.Errorf("%s: a relay row has no role of its own", where)
		case !p.Relay && p.Role != checks.RoleEdge && p.Role != checks.RoleOrigin && p.Role != checks.RoleUserProxy:
			return nil, fmt.Errorf("%s: role %q is not edge, origin or user_proxy", where, p.Role)
		}
		switch p.Need {
		case "", "either":
			fp.need = needEither
		case "both":
			fp.need = needBoth
		case "page_and_also":
			fp.need = needPageAndAlso
		default:
			return nil, fmt.Errorf("%s: need %q is not either, both or page_and_also", where, p.Need)
		}
		for _, l := range []struct {
			in  []fpMarkerData
			out *[]fpMarker
		}{{p.Headers, &fp.headers}, {p.Page, &fp.page}, {p.Also, &fp.also}} {
			for _, d := range l.in {
				m, err := d.marker()
				if err != nil {
					return nil, fmt.Errorf("%s: %w", where, err)
				}
				*l.out = append(*l.out, m)
			}
		}
		if len(fp.headers)+len(fp.page) == 0 {
			return nil, fmt.Errorf("%s: no signals", where)
		}
		out = append(out, fp)
	}
	return out, nil
}

// marker builds the matcher of one data marker.
func (d fpMarkerData) marker() (fpMarker, error) {
	var ms []fpMarker
	if d.Body != nil {
		ms = append(ms, inBody(*d.Body))
	}
	if d.BodyIs != nil {
		ms = append(ms, bodyIs(*d.BodyIs))
	}
	if d.BodyRe != nil {
		re, err := regexp.Compile("(?m)" + *d.BodyRe)
		if err != nil {
			return fpMarker{}, err
		}
		ms = append(ms, fpMarker{kind: kindBodyRe, value: *d.BodyRe, re: re})
	}
	if d.Header != nil {
		ms = append(ms, hasHeader(*d.Header, d.Contains))
	} else if d.Contains != "" {
		return fpMarker{}, fmt.Errorf("contains %q without a header", d.Contains)
	}
	if d.Server != nil {
		ms = append(ms, serverIs(*d.Server))
	}
	if len(ms) != 1 {
		return fpMarker{}, fmt.Errorf("a marker has exactly one of body, body_is, body_re, header, server; this one has %d", len(ms))
	}
	return ms[0], nil
}

// fpNeed says which of a row's signals must match.
type fpNeed int

const (
	needEither      fpNeed = iota // a header marker or a page marker
	needBoth                      // a header marker and a page marker
	needPageAndAlso               // a page marker and an "also" marker
)

// fingerprint is one row of the producer table.
type fingerprint struct {
	name, title string
	// role is the verdict of this row's own signals; relay rows have none.
	role checks.Role
	// minStatus and maxStatus bound the statuses the row applies to (0: any).
	minStatus, maxStatus int
	showStatus           bool // the status is evidence (Cloudflare's 52x)
	headers, page, also  []fpMarker
	need                 fpNeed
	// relay marks a front known only by headers it adds to every answer it
	// passes on. The page then came from behind it: the origin, when there is
	// a page; unknown when there is no body to tell.
	relay bool
	// sample is the recorded answer of testdata/fingerprints that this row
	// classifies.
	sample string
}

type fpKind int

const (
	kindBody    fpKind = iota // a substring of the body, any case
	kindBodyIs                // the whole body, trimmed, any case
	kindBodyRe                // a regexp over the lower-cased body
	kindHeader                // a header present, or a substring of its value
	kindProduct               // a product token in Server: "nginx" is in "nginx/1.2", not "awselb"
)

// fpMarker is one signal of a row.
type fpMarker struct {
	kind  fpKind
	name  string // header name
	value string // as written, for evidence
	lower string // lower-cased value, for matching
	re    *regexp.Regexp
}

func inBody(s string) fpMarker { return fpMarker{kind: kindBody, value: s, lower: strings.ToLower(s)} }
func bodyIs(s string) fpMarker {
	return fpMarker{kind: kindBodyIs, value: s, lower: strings.ToLower(s)}
}
func hasHeader(name, substr string) fpMarker {
	return fpMarker{kind: kindHeader, name: name, value: substr, lower: strings.ToLower(substr)}
}
func serverIs(product string) fpMarker {
	return fpMarker{kind: kindProduct, name: "Server", value: product, lower: strings.ToLower(product)}
}

// maxEvidence is how many matched signals a producer reports (plus, for a
// relay, the page behind it): enough to convince, few enough to read.
const maxEvidence = 3

// maxEvidenceValue is how much of a header value evidence quotes: enough to
// recognise a cf-ray or a version, short enough for one line of a report.
const maxEvidenceValue = 24

// response is what the markers look at, prepared once.
type fpResponse struct {
	status int
	header http.Header
	lower  []byte // the body, lower-cased
	raw    []byte
}

// classifyTable runs the producer table over one response.
func classifyTable(status int, h http.Header, b []byte) checks.Producer {
	p, _ := classifyRow(status, h, b)
	return p
}

// classifyRow is classifyTable that also says which row matched (-1: none),
// so the tests can prove every row has a sample.
func classifyRow(status int, h http.Header, b []byte) (checks.Producer, int) {
	r := &fpResponse{status: status, header: h, raw: b, lower: bytes.ToLower(b)}
	for i := range fingerprints {
		fp := &fingerprints[i]
		ev, ok := fp.match(r)
		if !ok {
			continue
		}
		ev = ev[:min(len(ev), maxEvidence)]
		role := fp.role
		if fp.relay {
			role = checks.RoleUnknown
			if len(bytes.TrimSpace(b)) > 0 {
				role = checks.RoleOrigin
				ev = append(ev, relayedPage(r)...)
			}
		}
		return checks.Producer{Name: fp.name, Title: fp.title, Role: role, Evidence: ev}, i
	}
	return checks.Producer{Role: checks.RoleUnknown}, -1
}

// relayedPage names the page a front relayed, when a server row knows it.
func relayedPage(r *fpResponse) []string {
	for i := range fingerprints {
		fp := &fingerprints[i]
		if fp.relay || fp.role == checks.RoleUserProxy {
			continue
		}
		for _, m := range fp.page {
			if ev, ok := m.match(r); ok {
				return []string{ev + " (" + fp.title + " page from behind the front)"}
			}
		}
	}
	return []string{"body: a page from behind the front, not the front's own"}
}

func (fp *fingerprint) match(r *fpResponse) ([]string, bool) {
	if fp.minStatus > 0 && r.status < fp.minStatus || fp.maxStatus > 0 && r.status > fp.maxStatus {
		return nil, false
	}
	hs := matchMarkers(fp.headers, r)
	ps := matchMarkers(fp.page, r)
	var ok bool
	switch fp.need {
	case needEither:
		ok = len(hs) > 0 || len(ps) > 0
	case needBoth:
		ok = len(hs) > 0 && len(ps) > 0
	case needPageAndAlso:
		as := matchMarkers(fp.also, r)
		ok = len(ps) > 0 && len(as) > 0
		ps = append(ps, as...)
	}
	if !ok {
		return nil, false
	}
	var ev []string
	if fp.showStatus {
		ev = append(ev, "status "+strconv.Itoa(r.status))
	}
	return append(append(ev, hs...), ps...), true
}

func matchMarkers(ms []fpMarker, r *fpResponse) []string {
	var ev []string
	for _, m := range ms {
		if e, ok := m.match(r); ok {
			ev = append(ev, e)
		}
	}
	return ev
}

func (m fpMarker) match(r *fpResponse) (string, bool) {
	switch m.kind {
	case kindBody:
		if bytes.Contains(r.lower, []byte(m.lower)) {
			return `body: "` + m.value + `"`, true
		}
	case kindBodyIs:
		if string(bytes.TrimSpace(r.lower)) == m.lower {
			return `body is only "` + m.value + `"`, true
		}
	case kindBodyRe:
		if loc := m.re.FindIndex(r.lower); loc != nil {
			// Quote the page as written, unless lower-casing changed its
			// length (invalid UTF-8, a few special letters).
			src := r.lower
			if len(r.raw) == len(r.lower) {
				src = r.raw
			}
			return `body: "` + shortenEvidence(strings.TrimSpace(string(src[loc[0]:loc[1]])), 2*maxEvidenceValue) + `"`, true
		}
	case kindHeader, kindProduct:
		for name, values := range r.header {
			if !strings.EqualFold(name, m.name) {
				continue
			}
			for _, v := range values {
				if m.valueMatches(v) {
					return "header " + strings.ToLower(m.name) + ": " + shortenEvidence(v, maxEvidenceValue), true
				}
			}
		}
	}
	return "", false
}

func (m fpMarker) valueMatches(v string) bool {
	lv := strings.ToLower(strings.TrimSpace(v))
	if m.kind == kindHeader {
		return strings.Contains(lv, m.lower)
	}
	// A Server header is a list of product tokens, "name/version (comment)";
	// a few products have a space in their name ("Google Frontend").
	if lv == m.lower || strings.HasPrefix(lv, m.lower+" ") {
		return true
	}
	for _, tok := range strings.Fields(lv) {
		if tok == m.lower || strings.HasPrefix(tok, m.lower+"/") {
			return true
		}
	}
	return false
}

// shortenEvidence cuts s to n runes, marking the cut with an ellipsis.
func shortenEvidence(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	rs := []rune(s)
	return string(rs[:n]) + "…"
}
