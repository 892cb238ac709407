package proxy

import (
	"fmt"
	"net/url"
	"strconv"
	"strings"
)

// ScutilProxy is the top-level dictionary of `scutil --proxy` on macOS:
// scalar keys (HTTPEnable, HTTPProxy, HTTPPort, HTTPSEnable, …,
// ProxyAutoConfigEnable, ProxyAutoConfigURLString, ProxyAutoDiscoveryEnable)
// and array keys (ExceptionsList). Nested dictionaries (__SCOPED__, per
// interface) are skipped: the top level is what applies.
type ScutilProxy struct {
	Values map[string]string
	Arrays map[string][]string
}

// maxScutilDepth bounds nesting; real output is two or three levels deep.
const maxScutilDepth = 32

// ParseScutilProxy reads `scutil --proxy`'s output.
func ParseScutilProxy(out []byte) (ScutilProxy, error) {
	p := ScutilProxy{Values: map[string]string{}, Arrays: map[string][]string{}}
	lines := strings.Split(strings.ReplaceAll(string(out), "\r", ""), "\n")
	depth := 0
	var array string // the top-level array being read, if any
	started := false
	for i, raw := range lines {
		line := strings.TrimSpace(raw)
		switch {
		case line == "":
			continue
		case !started:
			if line != "<dictionary> {" {
				return p, fmt.Errorf("scutil --proxy line %d: %q, want \"<dictionary> {\"", i+1, line)
			}
			started, depth = true, 1
			continue
		case line == "}":
			if depth == 0 {
				return p, fmt.Errorf("scutil --proxy line %d: unbalanced \"}\"", i+1)
			}
			depth--
			if depth == 1 {
				array = ""
			}
			continue
		}
		if depth == 0 {
			return p, fmt.Errorf("scutil --proxy line %d: %q after the end of the dictionary", i+1, line)
		}
		k, v, ok := strings.Cut(line, " : ")
		if !ok {
			return p, fmt.Errorf("scutil --proxy line %d: %q is not \"key : value\"", i+1, line)
		}
		k, v = strings.TrimSpace(k), strings.TrimSpace(v)
		if strings.HasSuffix(v, "{") {
			if depth == 1 && strings.HasPrefix(v, "<array>") {
				array = k
				p.Arrays[k] = []string{}
			}
			depth++
			if depth > maxScutilDepth {
				return p, fmt.Errorf("scutil --proxy line %d: nested more than %d deep", i+1, maxScutilDepth)
			}
			continue
		}
		switch {
		case depth == 1:
			p.Values[k] = v
		case depth == 2 && array != "":
			p.Arrays[array] = append(p.Arrays[array], v)
		}
	}
	if !started {
		return p, fmt.Errorf("scutil --proxy: empty output")
	}
	if depth != 0 {
		return p, fmt.Errorf("scutil --proxy: the dictionary is not closed")
	}
	return p, nil
}

// FromScutil turns macOS's proxy dictionary into Settings, in the order
// macOS's CFNetwork applies them: auto-discovery (WPAD), the PAC URL, then
// the manual HTTP/HTTPS/SOCKS proxies.
func FromScutil(p ScutilProxy) (*Settings, error) {
	s := &Settings{From: "macos", Mode: ModeDirect}
	on := func(k string) bool { return p.Values[k] == "1" }
	for _, e := range p.Arrays["ExceptionsList"] {
		s.Bypass = append(s.Bypass, splitBypass(e)...)
	}
	if on("ExcludeSimpleHostnames") {
		s.Bypass = append(s.Bypass, "<local>")
	}
	manual := func(prefix, scheme string) (*url.URL, error) {
		if !on(prefix + "Enable") {
			return nil, nil
		}
		host, port := p.Values[prefix+"Proxy"], p.Values[prefix+"Port"]
		if host == "" {
			return nil, fmt.Errorf("scutil: %sEnable is 1 but %sProxy is empty", prefix, prefix)
		}
		if port == "" {
			port = defaultPorts[scheme]
		}
		if _, err := strconv.ParseUint(port, 10, 16); err != nil {
			return nil, fmt.Errorf("scutil: %sPort %q is not a port", prefix, port)
		}
		return proxyAddr(host+":"+port, scheme)
	}
	var err error
	if s.HTTP, err = manual("HTTP", "http"); err != nil {
		return s, err
	}
	if s.HTTPS, err = manual("HTTPS", "http"); err != nil {
		return s, err
	}
	if s.SOCKS, err = manual("SOCKS", "socks5"); err != nil {
		return s, err
	}
	switch {
	case on("ProxyAutoDiscoveryEnable"):
		s.Mode = ModeAuto
	case on("ProxyAutoConfigEnable") && p.Values["ProxyAutoConfigURLString"] != "":
		s.Mode, s.PACURL = ModePAC, p.Values["ProxyAutoConfigURLString"]
	case s.HTTP != nil || s.HTTPS != nil || s.SOCKS != nil:
		s.Mode = ModeManual
	}
	return s, nil
}
