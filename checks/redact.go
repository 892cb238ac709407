package checks

import (
	"encoding/json"
	"net/netip"
	"os"
	"os/user"
	"path/filepath"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Redaction says what a shared report hides (DESIGN.md, "Privacy": user
// names, MAC addresses and local addresses are hidden unless the user
// chooses to include them).
type Redaction struct {
	// UserNames are replaced by "[user]" where they appear as a word (a
	// generic or very short one only where it stands as a user name: see
	// genericAccounts), and so are the home directories in HomeDirs.
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
// every such word of a report; such a name is still hidden where it stands
// as a user name (userContext).
const minUserNameLen = 3

// genericAccounts are account names that name no person and are also words
// a report uses ("root certificate", "admin page", "user agent"). They are
// hidden only where they stand as a user name (userContext); any other
// account name is hidden wherever it stands as a word, paths included, so
// a person's name is never left in a report, at the cost of blanking a
// word that happens to be one ("will" for an account "Will").
var genericAccounts = map[string]bool{
	"root": true, "admin": true, "administrator": true, "user": true, "guest": true,
	"default": true, "public": true, "owner": true, "test": true, "system": true,
	"support": true, "service": true, "home": true, "local": true, "operator": true,
	"demo": true, "student": true, "pi": true, "ubuntu": true, "debian": true,
}

// userPrefixes are what a user name follows in a path: the home
// directories' parents of Linux (/home/NAME), macOS (/Users/NAME) and
// Windows (C:\Users\NAME), and the shell's ~NAME. Compared in lower case.
var userPrefixes = []string{"/home/", "/users/", `\users\`, "~"}

// userContext reports whether a name from before to after stands as a user
// name: in a home path, or before an "@" (user@host).
func userContext(before, after string) bool {
	if strings.HasPrefix(after, "@") {
		return true
	}
	before = strings.ToLower(before)
	for _, p := range userPrefixes {
		if strings.HasSuffix(before, p) {
			return true
		}
	}
	return false
}

// hideName replaces name in s by "[user]" where it stands as a whole word
// (letters of any script count, so "Zoë" ends where Go's ASCII \b would
// not see it) and, when onlyAsUser, only where it stands as a user name.
func hideName(s, name string, onlyAsUser bool) string {
	re := regexp.MustCompile(`(?i)` + regexp.QuoteMeta(name))
	var b strings.Builder
	last := 0
	for _, loc := range re.FindAllStringIndex(s, -1) {
		before, after := s[:loc[0]], s[loc[1]:]
		prev, _ := utf8.DecodeLastRuneInString(before)
		next, _ := utf8.DecodeRuneInString(after)
		if (before != "" && wordRune(prev)) || (after != "" && wordRune(next)) {
			continue
		}
		if onlyAsUser && !userContext(before, after) {
			continue
		}
		b.WriteString(s[last:loc[0]])
		b.WriteString("[user]")
		last = loc[1]
	}
	if last == 0 {
		return s
	}
	b.WriteString(s[last:])
	return b.String()
}

// wordRune is a rune a name cannot end or start next to.
func wordRune(r rune) bool { return r == '_' || unicode.IsLetter(r) || unicode.IsDigit(r) }

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
		if u != "" {
			s = hideName(s, u, len(u) < minUserNameLen || genericAccounts[strings.ToLower(u)])
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
