package proxy

import (
	"strings"
)

// ParseWinHTTP reads `netsh winhttp show proxy`. The labels are localised,
// so the parser reads layout, not words: "label : value" lines, the first
// being the proxy server(s) and the second the bypass list; no such line
// means "Direct access". A bypass of "(none)" is empty.
func ParseWinHTTP(out []byte) (*Settings, error) {
	s := &Settings{From: "winhttp", Mode: ModeDirect}
	var vals []string
	for _, line := range strings.Split(strings.ReplaceAll(string(out), "\r", ""), "\n") {
		_, v, ok := strings.Cut(line, " : ")
		if !ok {
			continue
		}
		vals = append(vals, strings.TrimSpace(v))
	}
	if len(vals) == 0 || vals[0] == "" {
		return s, nil
	}
	ps, err := ParseProxyServer(vals[0])
	if err != nil {
		return s, err
	}
	s.Mode = ModeManual
	if ps.All != nil {
		s.HTTP, s.HTTPS = ps.All, ps.All
	} else {
		s.HTTP, s.HTTPS, s.SOCKS = ps.PerScheme["http"], ps.PerScheme["https"], ps.PerScheme["socks"]
	}
	if len(vals) > 1 && !strings.HasPrefix(vals[1], "(") {
		s.Bypass = ParseProxyOverride(vals[1])
	}
	return s, nil
}
