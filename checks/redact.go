package checks

import (
	"encoding/json"
	"net/netip"
	"os"
	"os/user"
	"path/filepath"
	"regexp"
	"strings"
)

// Redaction says what a shared report hides (DESIGN.md, "Privacy": user
// names, MAC addresses and local addresses are hidden unless the user
// chooses to include them).
type Redaction struct {
	// UserNames are replaced by "[user]" where they appear as a word, and
	// so are the home directories in HomeDirs.
	UserNames []string
	HomeDirs  []string
	// MACs hides hardware addresses (aa:bb:cc:dd:ee:ff, AA-BB-…).
	MACs bool
	// LocalAddresses hides private, link-local and shared (CGNAT)
	// addresses; loopback and public addresses stay, since they name
	// services rather than the person's network.
	LocalAddresses bool
}

// DefaultRedaction hides everything: the current user's name and home
// directory, MACs and local addresses.
func DefaultRedaction() Redaction {
	r := Redaction{MACs: true, LocalAddresses: true}
	if u, err := user.Current(); err == nil {
		r.UserNames = append(r.UserNames, u.Username)
		if i := strings.LastIndexAny(u.Username, `\`); i >= 0 { // DOMAIN\name on Windows
			r.UserNames = append(r.UserNames, u.Username[i+1:])
		}
		if u.HomeDir != "" {
			r.HomeDirs = append(r.HomeDirs, u.HomeDir)
		}
	}
	if h, err := os.UserHomeDir(); err == nil && h != "" {
		r.HomeDirs = append(r.HomeDirs, h)
	}
	return r
}

// minUserNameLen keeps very short account names (e.g. "a") from blanking
// every such word of a report; such a name is still hidden in home paths.
const minUserNameLen = 3

var (
	macRe  = regexp.MustCompile(`\b(?:[0-9A-Fa-f]{2}[:-]){5}[0-9A-Fa-f]{2}\b`)
	ipv4Re = regexp.MustCompile(`\b(?:\d{1,3}\.){3}\d{1,3}\b`)
	ipv6Re = regexp.MustCompile(`(?i)[0-9a-f]{0,4}(?::[0-9a-f]{0,4}){2,7}(?:%[0-9a-z._-]+)?`)
	cgnat  = netip.MustParsePrefix("100.64.0.0/10")
)

// String applies the redaction to one string.
func (r Redaction) String(s string) string {
	for _, h := range r.HomeDirs {
		if len(h) > 1 {
			s = strings.ReplaceAll(s, h, filepath.Join(filepath.Dir(h), "[user]"))
		}
	}
	for _, u := range r.UserNames {
		if len(u) >= minUserNameLen {
			re := regexp.MustCompile(`(?i)\b` + regexp.QuoteMeta(u) + `\b`)
			s = re.ReplaceAllString(s, "[user]")
		}
	}
	if r.MACs {
		s = macRe.ReplaceAllString(s, "[MAC]")
	}
	if r.LocalAddresses {
		s = ipv4Re.ReplaceAllStringFunc(s, hideLocal)
		s = ipv6Re.ReplaceAllStringFunc(s, hideLocal)
	}
	return s
}

func hideLocal(candidate string) string {
	a, err := netip.ParseAddr(candidate)
	if err != nil {
		return candidate
	}
	a = a.Unmap()
	if a.IsPrivate() || a.IsLinkLocalUnicast() || a.IsLinkLocalMulticast() || cgnat.Contains(a) {
		return "[local address]"
	}
	return candidate
}

// Redacted returns a copy of the report with every string redacted: the
// verdict, the checks' summaries, evidence and details, and the HTTP error.
// The original is unchanged.
func (rep *Report) Redacted(r Redaction) (*Report, error) {
	data, err := json.Marshal(rep)
	if err != nil {
		return nil, err
	}
	var tree any
	if err := json.Unmarshal(data, &tree); err != nil {
		return nil, err
	}
	tree = redactTree(tree, r)
	if data, err = json.Marshal(tree); err != nil {
		return nil, err
	}
	out := &Report{}
	if err := json.Unmarshal(data, out); err != nil {
		return nil, err
	}
	out.Verdict.Fixes = append([]string(nil), rep.Verdict.Fixes...) // not in JSON
	out.tr = rep.tr                                                 // the labels' language
	return out, nil
}

func redactTree(v any, r Redaction) any {
	switch x := v.(type) {
	case string:
		return r.String(x)
	case []any:
		for i := range x {
			x[i] = redactTree(x[i], r)
		}
	case map[string]any:
		for k, e := range x {
			x[k] = redactTree(e, r)
		}
	}
	return v
}
