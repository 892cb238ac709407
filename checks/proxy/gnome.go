package proxy

import (
	"bufio"
	"context"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"sync"
)

// gnomeKeys are the gsettings keys the GNOME proxy configuration is read
// from, as schema and key.
var gnomeKeys = [][2]string{
	{"org.gnome.system.proxy", "mode"},
	{"org.gnome.system.proxy", "autoconfig-url"},
	{"org.gnome.system.proxy", "ignore-hosts"},
	{"org.gnome.system.proxy", "use-same-proxy"},
	{"org.gnome.system.proxy.http", "host"},
	{"org.gnome.system.proxy.http", "port"},
	{"org.gnome.system.proxy.https", "host"},
	{"org.gnome.system.proxy.https", "port"},
	{"org.gnome.system.proxy.socks", "host"},
	{"org.gnome.system.proxy.socks", "port"},
}

// gsettingsMemoryBackend is GLib's message when no dconf is reachable:
// every value read is a default, not the user's setting.
const gsettingsMemoryBackend = "Using the 'memory' GSettings backend"

// readGNOME runs `gsettings get SCHEMA KEY` for each key, all at once (one
// process each, so detection costs one process's time, not ten). The
// values are GVariant text ('manual', ['localhost', '::1'], 8080).
func readGNOME(ctx context.Context, run Runner) (map[[2]string]string, []string, error) {
	outs := make([][]byte, len(gnomeKeys))
	errs := make([]error, len(gnomeKeys))
	var wg sync.WaitGroup
	for i, k := range gnomeKeys {
		wg.Add(1)
		go func() {
			defer wg.Done()
			outs[i], errs[i] = run(ctx, "gsettings", "get", k[0], k[1])
		}()
	}
	wg.Wait()
	vals := map[[2]string]string{}
	var notes []string
	for i, k := range gnomeKeys {
		if errs[i] != nil {
			continue
		}
		for _, line := range strings.Split(strings.TrimSpace(string(outs[i])), "\n") {
			if strings.Contains(line, gsettingsMemoryBackend) {
				if len(notes) == 0 {
					notes = append(notes, "gsettings has no dconf here (memory backend): GNOME's values are defaults, not the user's")
				}
				continue
			}
			vals[k] = strings.TrimSpace(line)
		}
	}
	if len(vals) == 0 && errs[0] != nil {
		return nil, nil, fmt.Errorf("gsettings get %s %s: %w", gnomeKeys[0][0], gnomeKeys[0][1], errs[0])
	}
	return vals, notes, nil
}

// ParseGSettingsList reads `gsettings list-recursively` output ("schema key
// value" per line) into the key map FromGNOME reads. Lines of other schemas
// are kept too; they are ignored later.
func ParseGSettingsList(out []byte) map[[2]string]string {
	vals := map[[2]string]string{}
	sc := bufio.NewScanner(strings.NewReader(string(out)))
	for sc.Scan() {
		f := strings.SplitN(strings.TrimSpace(sc.Text()), " ", 3)
		if len(f) == 3 {
			vals[[2]string{f[0], f[1]}] = f[2]
		}
	}
	return vals
}

// ParseDconfDump reads `dconf dump /` output ([system/proxy] groups with
// key=value lines) into the key map FromGNOME reads.
func ParseDconfDump(out []byte) map[[2]string]string {
	vals := map[[2]string]string{}
	var schema string
	for _, line := range strings.Split(string(out), "\n") {
		line = strings.TrimSpace(line)
		if strings.HasPrefix(line, "[") && strings.HasSuffix(line, "]") {
			schema = "org.gnome." + strings.ReplaceAll(strings.Trim(line, "[]"), "/", ".")
			continue
		}
		if k, v, ok := strings.Cut(line, "="); ok && schema != "" {
			vals[[2]string{schema, k}] = v
		}
	}
	return vals
}

// FromGNOME turns GNOME's proxy keys into Settings. Missing keys take
// GNOME's defaults (mode 'none').
func FromGNOME(vals map[[2]string]string) (*Settings, error) {
	s := &Settings{From: "gnome", Mode: ModeDirect}
	get := func(schema, key string) string { return vals[[2]string{schema, key}] }
	mode, err := gvariantString(get("org.gnome.system.proxy", "mode"))
	if err != nil {
		return s, fmt.Errorf("gnome proxy mode: %w", err)
	}
	if ih := get("org.gnome.system.proxy", "ignore-hosts"); ih != "" {
		if s.Bypass, err = gvariantStrings(ih); err != nil {
			return s, fmt.Errorf("gnome ignore-hosts: %w", err)
		}
	}
	switch mode {
	case "", "none":
		return s, nil
	case "auto":
		u, err := gvariantString(get("org.gnome.system.proxy", "autoconfig-url"))
		if err != nil {
			return s, fmt.Errorf("gnome autoconfig-url: %w", err)
		}
		if u == "" {
			s.Mode = ModeAuto
		} else {
			s.Mode, s.PACURL = ModePAC, u
		}
		return s, nil
	case "manual":
	default:
		return s, fmt.Errorf("gnome proxy mode %q is unknown", mode)
	}
	hostPort := func(schema, scheme string) (*url.URL, error) {
		h, err := gvariantString(get(schema, "host"))
		if err != nil || h == "" {
			return nil, err
		}
		p, err := gvariantInt(get(schema, "port"))
		if err != nil {
			return nil, fmt.Errorf("%s port: %w", schema, err)
		}
		if p <= 0 {
			return nil, nil
		}
		return proxyAddr(h+":"+strconv.Itoa(p), scheme)
	}
	if s.HTTP, err = hostPort("org.gnome.system.proxy.http", "http"); err != nil {
		return s, err
	}
	if s.HTTPS, err = hostPort("org.gnome.system.proxy.https", "http"); err != nil {
		return s, err
	}
	if s.SOCKS, err = hostPort("org.gnome.system.proxy.socks", "socks5"); err != nil {
		return s, err
	}
	if same, _ := gvariantString(get("org.gnome.system.proxy", "use-same-proxy")); same == "true" && s.HTTP != nil && s.HTTPS == nil {
		s.HTTPS = s.HTTP
	}
	if s.HTTP != nil || s.HTTPS != nil || s.SOCKS != nil {
		s.Mode = ModeManual
	} else {
		s.Notes = append(s.Notes, "GNOME's proxy mode is manual but no proxy host is set: GNOME goes direct")
	}
	return s, nil
}

// gvariantString reads a GVariant string literal ('x' or "x", with
// backslash escapes); a bare word (true, 8080) is returned as is, and ""
// stays "".
func gvariantString(v string) (string, error) {
	v = strings.TrimSpace(v)
	if v == "" {
		return "", nil
	}
	q := v[0]
	if q != '\'' && q != '"' {
		return v, nil
	}
	var b strings.Builder
	for i := 1; i < len(v); i++ {
		c := v[i]
		switch {
		case c == '\\' && i+1 < len(v):
			i++
			b.WriteByte(v[i])
		case c == q:
			if i != len(v)-1 {
				return "", fmt.Errorf("%q: text after the closing quote", v)
			}
			return b.String(), nil
		default:
			b.WriteByte(c)
		}
	}
	return "", fmt.Errorf("%q: unterminated string", v)
}

// gvariantStrings reads a GVariant string array: ['a', 'b'], [] or @as [].
func gvariantStrings(v string) ([]string, error) {
	v = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(v), "@as"))
	if !strings.HasPrefix(v, "[") || !strings.HasSuffix(v, "]") {
		return nil, fmt.Errorf("%q is not a string array", v)
	}
	v = strings.TrimSpace(v[1 : len(v)-1])
	var out []string
	for v != "" {
		q := v[0]
		if q != '\'' && q != '"' {
			return nil, fmt.Errorf("array element %q is not a string", v)
		}
		end := -1
		for i := 1; i < len(v); i++ {
			if v[i] == '\\' {
				i++
				continue
			}
			if v[i] == q {
				end = i
				break
			}
		}
		if end < 0 {
			return nil, fmt.Errorf("unterminated string in %q", v)
		}
		s, err := gvariantString(v[:end+1])
		if err != nil {
			return nil, err
		}
		out = append(out, s)
		v = strings.TrimSpace(v[end+1:])
		v = strings.TrimSpace(strings.TrimPrefix(v, ","))
	}
	return out, nil
}

// gvariantInt reads a GVariant integer (8080, or typed: "uint32 8080");
// "" is 0.
func gvariantInt(v string) (int, error) {
	f := strings.Fields(v)
	if len(f) == 0 {
		return 0, nil
	}
	return strconv.Atoi(f[len(f)-1])
}
