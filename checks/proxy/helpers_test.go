package proxy

import (
	"context"
	"fmt"
	"net/url"
	"sort"
	"strings"
)

// mapRegistry is a fake registry: "HKCU\key" → name → value.
type mapRegistry map[string]map[string]any

func (m mapRegistry) Value(key, name string) (any, bool) {
	for k, vals := range m {
		if strings.EqualFold(k, key) {
			for n, v := range vals {
				if strings.EqualFold(n, name) {
					return v, true
				}
			}
		}
	}
	return nil, false
}

// fakeRunner answers commands from a table keyed by the joined argument
// list; unknown commands fail like a missing binary.
type fakeRunner map[string]string

func (f fakeRunner) run(ctx context.Context, name string, args ...string) ([]byte, error) {
	key := strings.Join(append([]string{name}, args...), " ")
	if out, ok := f[key]; ok {
		return []byte(out), nil
	}
	return nil, fmt.Errorf("exec: %q: executable file not found in $PATH", name)
}

// envMap is a fake environment.
func envMap(kv ...string) func(string) string {
	m := map[string]string{}
	for i := 0; i+1 < len(kv); i += 2 {
		m[kv[i]] = kv[i+1]
	}
	return func(k string) string { return m[k] }
}

// describe flattens Settings for comparison in tables.
func describe(s *Settings) string {
	if s == nil {
		return "<nil>"
	}
	var parts []string
	parts = append(parts, s.From, string(s.mode()))
	add := func(k string, u *url.URL) {
		if u != nil {
			parts = append(parts, k+"="+u.String())
		}
	}
	add("http", s.HTTP)
	add("https", s.HTTPS)
	add("socks", s.SOCKS)
	if s.PACURL != "" {
		parts = append(parts, "pac="+s.PACURL)
	}
	if len(s.Bypass) > 0 {
		parts = append(parts, "bypass="+strings.Join(s.Bypass, ","))
	}
	return strings.Join(parts, " ")
}

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
