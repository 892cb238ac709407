package web

import (
	"errors"
	"fmt"
	"net/netip"
	"net/url"
	"strconv"
	"strings"
	"unicode"

	"golang.org/x/net/idna"
)

// maxTargetInput bounds what ParseTarget accepts. 2048 bytes is the longest
// URL the sitemaps protocol allows and just under what old browsers handled
// (IE: 2083); anything longer is a paste gone wrong, not an address to check.
const maxTargetInput = 2048

// ParseTarget turns what a person pasted or typed into the address to check:
// surrounding spaces are dropped, a missing scheme means https, an
// international name becomes punycode, a bare IPv6 address gets its brackets.
// Only http and https are accepted. Errors are one line, written for the
// person who typed the address.
func ParseTarget(input string) (*url.URL, error) {
	s := strings.TrimSpace(input)
	if s == "" {
		return nil, errors.New("enter a web address to check, like https://example.com")
	}
	if len(s) > maxTargetInput {
		return nil, fmt.Errorf("the address is too long (%d characters; at most %d)", len(s), maxTargetInput)
	}
	if strings.ContainsFunc(s, unicode.IsControl) {
		return nil, errors.New("the address contains control characters; paste it again as plain text")
	}

	if a, err := netip.ParseAddr(s); err == nil && a.Is6() {
		s = "[" + s + "]" // a bare IPv6 address: its colons are neither scheme nor port
	}
	switch scheme, hasScheme := splitScheme(s); {
	case !hasScheme:
		s = "https://" + strings.TrimPrefix(s, "//")
	case len(scheme) == 1:
		return nil, errors.New("that is a file on this computer, not a web address")
	case !strings.EqualFold(scheme, "http") && !strings.EqualFold(scheme, "https"):
		return nil, fmt.Errorf("only web addresses (http or https) can be checked, not %q", strings.ToLower(scheme)+":")
	}

	// Look at the site name before url.Parse, whose errors are for programmers.
	rest := s[strings.Index(s, ":")+1:]
	if !strings.HasPrefix(rest, "//") {
		return nil, fmt.Errorf("%q is not a web address: it needs // after %q", s, s[:len(s)-len(rest)])
	}
	authority := rest[2:]
	if i := strings.IndexAny(authority, "/?#"); i >= 0 {
		authority = authority[:i]
	}
	if strings.ContainsFunc(authority, unicode.IsSpace) {
		return nil, fmt.Errorf("a site name cannot contain spaces: %q", authority)
	}
	if strings.Contains(authority, "@") {
		return nil, errors.New(`addresses with a user name or password (before "@") are not supported`)
	}
	if port := authorityPort(authority); port != "" {
		n, err := strconv.Atoi(port)
		if err != nil || n < 1 || n > 65535 {
			return nil, fmt.Errorf("the port must be a number from 1 to 65535, not %q", port)
		}
	}

	hostPart := authority
	if port := authorityPort(authority); port != "" || strings.HasSuffix(authority, ":") {
		hostPart = authority[:len(authority)-len(port)-1]
	}
	bracketed := strings.HasPrefix(hostPart, "[") && strings.HasSuffix(hostPart, "]")
	if bracketed {
		hostPart = hostPart[1 : len(hostPart)-1]
	}
	if hostPart == "" {
		return nil, fmt.Errorf("the address has no site name: %q", strings.TrimSpace(input))
	}
	if _, err := normalizeHost(hostPart, bracketed); err != nil {
		return nil, err
	}

	u, err := url.Parse(s)
	if err != nil {
		return nil, fmt.Errorf("%q is not a web address", strings.TrimSpace(input))
	}
	u.Scheme = strings.ToLower(u.Scheme)
	host, port := u.Hostname(), u.Port()
	if host == "" {
		return nil, fmt.Errorf("the address has no site name: %q", strings.TrimSpace(input))
	}
	if strings.HasSuffix(u.Host, ":") {
		return nil, fmt.Errorf("the address ends its site name with %q but gives no port", ":")
	}
	host, err = normalizeHost(host, strings.HasPrefix(u.Host, "["))
	if err != nil {
		return nil, err
	}
	if strings.Contains(host, ":") {
		host = "[" + host + "]"
	}
	if port != "" {
		host += ":" + port
	}
	u.Host = host
	u.RawQuery = escapeQuery(u.RawQuery)
	// Escaping can make the address several times longer than what was
	// typed; the limit holds for the address we would fetch, too, so what
	// ParseTarget returns always parses again.
	if n := len(u.String()); n > maxTargetInput {
		return nil, fmt.Errorf("the address is too long (%d characters once written out; at most %d)", n, maxTargetInput)
	}
	return u, nil
}

// escapeQuery percent-encodes what a browser would in a pasted query (spaces,
// quotes, angle brackets, non-ASCII): url.Parse keeps the query raw, and a raw
// space would break the request line.
func escapeQuery(q string) string {
	var b strings.Builder
	for i := 0; i < len(q); i++ {
		switch c := q[i]; {
		case c == ' ' || c == '"' || c == '<' || c == '>' || c >= 0x80:
			fmt.Fprintf(&b, "%%%02X", c)
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

// authorityPort is the text after the port colon of host[:port] or [v6][:port].
func authorityPort(authority string) string {
	if strings.HasPrefix(authority, "[") {
		if i := strings.Index(authority, "]:"); i >= 0 {
			return authority[i+2:]
		}
		return ""
	}
	if i := strings.LastIndex(authority, ":"); i >= 0 {
		return authority[i+1:]
	}
	return ""
}

// splitScheme finds a scheme ("https", "file", "javascript") at the start of s.
// "example.com:8080/x" has none: a colon followed by a port is host:port.
func splitScheme(s string) (string, bool) {
	i := strings.Index(s, ":")
	if i <= 0 {
		return "", false
	}
	scheme := s[:i]
	for j, r := range scheme {
		ok := r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' ||
			j > 0 && (r >= '0' && r <= '9' || r == '+' || r == '-' || r == '.')
		if !ok {
			return "", false
		}
	}
	rest := s[i+1:]
	if strings.HasPrefix(rest, "//") {
		return scheme, true
	}
	end := strings.IndexAny(rest, "/?#")
	if end < 0 {
		end = len(rest)
	}
	if port := rest[:end]; port != "" && strings.Trim(port, "0123456789") == "" {
		return "", false
	}
	return scheme, true
}

// normalizeHost validates a host name or IP literal and returns it in the
// form a resolver takes: lower case, punycode for international names.
func normalizeHost(host string, bracketed bool) (string, error) {
	if bracketed {
		a, err := netip.ParseAddr(host)
		if err != nil || !a.Is6() {
			return "", fmt.Errorf("%q is not a valid IPv6 address", host)
		}
		if a.Zone() != "" {
			return "", fmt.Errorf("%q is a link-local address with a zone; use the site's name or a global address", host)
		}
		return a.String(), nil
	}
	if a, err := netip.ParseAddr(host); err == nil {
		if a.Is6() {
			return "", fmt.Errorf("an IPv6 address needs brackets in a web address, like https://[%s]/", host)
		}
		return a.String(), nil
	}
	ascii := strings.ToLower(strings.TrimSuffix(host, "."))
	if strings.ContainsFunc(ascii, func(r rune) bool { return r > unicode.MaxASCII }) ||
		strings.HasPrefix(ascii, "xn--") || strings.Contains(ascii, ".xn--") {
		var err error
		if ascii, err = idna.Lookup.ToASCII(ascii); err != nil {
			return "", fmt.Errorf("%q is not a valid site name", host)
		}
	}
	labels := strings.Split(ascii, ".")
	for _, l := range labels {
		if l == "" || len(l) > 63 || strings.HasPrefix(l, "-") || strings.HasSuffix(l, "-") ||
			strings.Trim(l, "abcdefghijklmnopqrstuvwxyz0123456789-_") != "" {
			return "", fmt.Errorf("%q is not a valid site name", host)
		}
	}
	// A name whose last part is a number would be an IPv4 address, and is not one.
	if last := labels[len(labels)-1]; strings.Trim(last, "0123456789") == "" {
		return "", fmt.Errorf("%q is not a valid IP address", host)
	}
	if len(ascii) > 253 { // RFC 1035: a name is at most 253 characters written out
		return "", fmt.Errorf("%q is too long for a site name", host)
	}
	if strings.HasSuffix(host, ".") {
		ascii += "."
	}
	return ascii, nil
}
