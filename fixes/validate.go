package fixes

import (
	"errors"
	"fmt"
	"net/netip"
	"net/url"
	"regexp"
	"slices"
	"strings"
)

// ErrInvalid marks a value that failed validation before it could reach a
// command: an address, an adapter identifier, a service name or a URL.
var ErrInvalid = errors.New("invalid value")

// ParseServers validates DNS server addresses with net/netip. Zoned IPv6
// addresses ("fe80::1%eth0") are refused: the zone is an interface name,
// free text that no plan should carry.
func ParseServers(ss []string) ([]netip.Addr, error) {
	out := make([]netip.Addr, 0, len(ss))
	for _, s := range ss {
		a, err := netip.ParseAddr(strings.TrimSpace(s))
		if err != nil {
			return nil, fmt.Errorf("dns server %q: %w", s, ErrInvalid)
		}
		if err := checkServer(a); err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	return out, nil
}

func checkServer(a netip.Addr) error {
	if !a.IsValid() || a.Zone() != "" || a.IsUnspecified() || a.IsMulticast() {
		return fmt.Errorf("dns server %q: %w", a.String(), ErrInvalid)
	}
	return nil
}

func checkServers(as []netip.Addr) error {
	for _, a := range as {
		if err := checkServer(a); err != nil {
			return err
		}
	}
	return nil
}

// ifaceName matches a Linux interface name as the kernel allows it in
// practice (IFNAMSIZ 16 with the NUL, so 15 characters), and refuses a
// leading "-" so that no name reads as an option.
var ifaceName = regexp.MustCompile(`^[A-Za-z0-9_][A-Za-z0-9_.:@+-]{0,14}$`)

// ValidInterfaceName reports whether name is a plausible Linux interface
// name. Plans address links by index; the name is kept only for display.
func ValidInterfaceName(name string) bool { return ifaceName.MatchString(name) }

var uuidRE = regexp.MustCompile(`^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$`)

// ValidUUID reports whether s is a UUID (a NetworkManager connection).
func ValidUUID(s string) bool { return uuidRE.MatchString(s) }

var guidRE = regexp.MustCompile(`^\{[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\}$`)

// ValidGUID reports whether s is a braced Windows interface GUID.
func ValidGUID(s string) bool { return guidRE.MatchString(s) }

// ValidMacService reports whether service is one of the names that
// `networksetup -listallnetworkservices` printed. macOS addresses network
// services by name only, so the name must be one the OS gave us, passed as
// one argv element; it also may not read as an option.
func ValidMacService(service string, listed []string) bool {
	if service == "" || strings.HasPrefix(service, "-") || strings.ContainsAny(service, "\x00\r\n") {
		return false
	}
	return slices.Contains(listed, service)
}

// ParseMacServices parses `networksetup -listallnetworkservices`: the first
// line is a notice, and a leading "*" marks a disabled service.
func ParseMacServices(out string) (enabled, disabled []string) {
	for i, line := range strings.Split(strings.ReplaceAll(out, "\r\n", "\n"), "\n") {
		line = strings.TrimRight(line, " ")
		if line == "" || (i == 0 && strings.HasPrefix(line, "An asterisk")) {
			continue
		}
		if s, ok := strings.CutPrefix(line, "*"); ok {
			disabled = append(disabled, s)
			continue
		}
		enabled = append(enabled, line)
	}
	return enabled, disabled
}

// ValidateWebURL accepts only an absolute http or https URL with a host and
// no user information, and returns it in canonical form: the one argument a
// browser launch may carry.
//
// It is deliberately not checks/web.ParseTarget, the one parser of what a
// person types: that one is lenient (it adds a missing scheme, trims spaces,
// converts international names) and words its errors for people. This is a
// gate on a value about to become a program's argument: it infers nothing,
// refuses anything but a complete URL, and escapes what a shell or Windows'
// command-line parsing would read.
func ValidateWebURL(raw string) (string, error) {
	if strings.ContainsAny(raw, "\x00\r\n\t ") {
		return "", fmt.Errorf("url %q: %w", raw, ErrInvalid)
	}
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.User != nil || u.Opaque != "" {
		return "", fmt.Errorf("url %q: %w: want http(s)://host/…", raw, ErrInvalid)
	}
	u.RawQuery = escapeUnsafe(u.RawQuery)
	if frag := escapeUnsafe(u.EscapedFragment()); frag != "" {
		u.RawFragment = frag
		u.Fragment, _ = url.PathUnescape(frag)
	}
	return u.String(), nil
}

// escapeUnsafe percent-encodes the characters that mean something to a
// shell or to Windows' command-line parsing, so that even a program that
// re-parses its command line sees a plain URL. Browsers read %22 as ".
func escapeUnsafe(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < 0x21 || c >= 0x7f || strings.IndexByte("\"'`<>^|{}\\$;", c) >= 0 {
			fmt.Fprintf(&b, "%%%02X", c)
			continue
		}
		b.WriteByte(c)
	}
	return b.String()
}
