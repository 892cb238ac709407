package pac

import (
	"context"
	"net/netip"
	"strings"

	"github.com/dop251/goja"
)

// sandboxPrelude caps the built-ins that can build a huge string in one
// step; the memory watchdog cannot interrupt a single native call. The
// originals stay reachable only through this closure.
const sandboxPrelude = `(function (max) {
  function tooBig() {
    var e = new RangeError("the script built a string longer than " + max + " characters");
    e.sandbox = true;
    throw e;
  }
  function def(o, name, f) {
    Object.defineProperty(o, name, { value: f, writable: true, configurable: true, enumerable: false });
  }
  var repeat = String.prototype.repeat, padStart = String.prototype.padStart,
      padEnd = String.prototype.padEnd, join = Array.prototype.join;
  def(String.prototype, "repeat", function (n) {
    if (String(this).length * Number(n) > max) tooBig();
    return repeat.call(this, n);
  });
  def(String.prototype, "padStart", function (n, s) {
    if (Number(n) > max) tooBig();
    return padStart.call(this, n, s);
  });
  def(String.prototype, "padEnd", function (n, s) {
    if (Number(n) > max) tooBig();
    return padEnd.call(this, n, s);
  });
  def(Array.prototype, "join", function (sep) {
    var n = this.length >>> 0, w = sep === undefined ? 1 : String(sep).length;
    if (n * w > max) tooBig();
    var r = join.call(this, sep);
    if (r.length > max) tooBig();
    return r;
  });
})`

// install puts the PAC helpers and the sandbox's caps into the runtime.
func (s *sandbox) install() error {
	rt := s.rt
	str := func(c goja.FunctionCall, i int) string {
		v := c.Argument(i)
		if goja.IsUndefined(v) || goja.IsNull(v) {
			return ""
		}
		return v.String()
	}
	args := func(c goja.FunctionCall) []string {
		out := make([]string, len(c.Arguments))
		for i := range c.Arguments {
			out[i] = str(c, i)
		}
		return out
	}
	fns := map[string]func(goja.FunctionCall) goja.Value{
		"isPlainHostName": func(c goja.FunctionCall) goja.Value {
			return rt.ToValue(IsPlainHostName(str(c, 0)))
		},
		"dnsDomainIs": func(c goja.FunctionCall) goja.Value {
			return rt.ToValue(DNSDomainIs(str(c, 0), str(c, 1)))
		},
		"localHostOrDomainIs": func(c goja.FunctionCall) goja.Value {
			return rt.ToValue(LocalHostOrDomainIs(str(c, 0), str(c, 1)))
		},
		"dnsDomainLevels": func(c goja.FunctionCall) goja.Value {
			return rt.ToValue(DNSDomainLevels(str(c, 0)))
		},
		"shExpMatch": func(c goja.FunctionCall) goja.Value {
			return rt.ToValue(ShExpMatch(str(c, 0), str(c, 1)))
		},
		"isResolvable": func(c goja.FunctionCall) goja.Value {
			_, ok := s.resolve4(str(c, 0))
			return rt.ToValue(ok)
		},
		"dnsResolve": func(c goja.FunctionCall) goja.Value {
			a, ok := s.resolve4(str(c, 0))
			if !ok {
				return goja.Null()
			}
			return rt.ToValue(a.String())
		},
		"isInNet": func(c goja.FunctionCall) goja.Value {
			a, ok := s.resolve4(str(c, 0))
			if !ok {
				return rt.ToValue(false)
			}
			return rt.ToValue(IsInNet(a, str(c, 1), str(c, 2)))
		},
		"myIpAddress": func(c goja.FunctionCall) goja.Value {
			return rt.ToValue(s.myIP())
		},
		"weekdayRange": func(c goja.FunctionCall) goja.Value {
			return rt.ToValue(WeekdayRange(s.env.Now(), args(c)...))
		},
		"dateRange": func(c goja.FunctionCall) goja.Value {
			return rt.ToValue(DateRange(s.env.Now(), args(c)...))
		},
		"timeRange": func(c goja.FunctionCall) goja.Value {
			return rt.ToValue(TimeRange(s.env.Now(), args(c)...))
		},
		// alert is not a helper, but PAC files call it to log; without it
		// they would throw ReferenceError in every browser-compatible run.
		"alert": func(c goja.FunctionCall) goja.Value {
			if s.env.Alert != nil {
				msg := str(c, 0)
				if len(msg) > 200 {
					msg = msg[:200] + "…"
				}
				s.env.Alert(msg)
			}
			return goja.Undefined()
		},
	}
	for name, f := range fns {
		if err := rt.Set(name, f); err != nil {
			return err
		}
	}
	v, err := rt.RunString(sandboxPrelude)
	if err != nil {
		return err
	}
	cap, _ := goja.AssertFunction(v)
	_, err = cap(goja.Undefined(), rt.ToValue(maxStringSize))
	return err
}

// resolve4 is the first IPv4 address of host, as PAC's dnsResolve returns
// (the helpers predate IPv6 and scripts compare dotted quads). An address
// literal is its own answer.
func (s *sandbox) resolve4(host string) (netip.Addr, bool) {
	host = strings.TrimSuffix(strings.Trim(host, "[]"), ".")
	if host == "" {
		return netip.Addr{}, false
	}
	if a, err := netip.ParseAddr(host); err == nil {
		return a.Unmap(), a.Unmap().Is4()
	}
	ctx, cancel := context.WithTimeout(s.ctx, dnsTimeout)
	defer cancel()
	addrs, err := s.env.Resolver.LookupNetIP(ctx, "ip4", host)
	if err != nil {
		return netip.Addr{}, false
	}
	for _, a := range addrs {
		if a.Unmap().Is4() {
			return a.Unmap(), true
		}
	}
	return netip.Addr{}, false
}

// myIP is myIpAddress's answer; browsers answer 127.0.0.1 when they cannot
// tell.
func (s *sandbox) myIP() string {
	ctx, cancel := context.WithTimeout(s.ctx, dnsTimeout)
	defer cancel()
	a, err := s.env.MyIP(ctx)
	if err != nil || !a.IsValid() {
		return "127.0.0.1"
	}
	return a.Unmap().String()
}

// IsPlainHostName reports whether host has no domain part (no dot).
func IsPlainHostName(host string) bool { return !strings.Contains(host, ".") }

// DNSDomainIs reports whether host is in domain (domain usually starts with
// a dot: dnsDomainIs("www.example.org", ".example.org")). Host names are
// compared without regard to case.
func DNSDomainIs(host, domain string) bool {
	return len(host) >= len(domain) && strings.EqualFold(host[len(host)-len(domain):], domain)
}

// LocalHostOrDomainIs reports whether host is hostdom exactly, or is the
// unqualified first label of hostdom.
func LocalHostOrDomainIs(host, hostdom string) bool {
	if strings.EqualFold(host, hostdom) {
		return true
	}
	return !strings.Contains(host, ".") && len(hostdom) > len(host) &&
		strings.EqualFold(hostdom[:len(host)], host) && hostdom[len(host)] == '.'
}

// DNSDomainLevels is the number of dots in host.
func DNSDomainLevels(host string) int { return strings.Count(host, ".") }

// IsInNet reports whether addr is in the IPv4 network pattern/mask, both
// dotted quads (isInNet(host, "10.0.0.0", "255.0.0.0")).
func IsInNet(addr netip.Addr, pattern, mask string) bool {
	p, err1 := netip.ParseAddr(strings.TrimSpace(pattern))
	m, err2 := netip.ParseAddr(strings.TrimSpace(mask))
	if err1 != nil || err2 != nil || !p.Is4() || !m.Is4() || !addr.Is4() {
		return false
	}
	a4, p4, m4 := addr.As4(), p.As4(), m.As4()
	for i := range 4 {
		if a4[i]&m4[i] != p4[i]&m4[i] {
			return false
		}
	}
	return true
}

// ShExpMatch matches str against a shell expression: "*" is any run of
// characters and "?" one character; everything else is literal. The match
// is linear-time in practice (the classic backtrack-to-last-star scan), so a
// hostile pattern cannot blow up like a regular expression.
func ShExpMatch(str, pattern string) bool {
	s, p := []rune(str), []rune(pattern)
	si, pi := 0, 0
	star, mark := -1, 0
	for si < len(s) {
		switch {
		case pi < len(p) && (p[pi] == '?' || p[pi] == s[si]):
			si++
			pi++
		case pi < len(p) && p[pi] == '*':
			star, mark = pi, si
			pi++
		case star >= 0:
			pi = star + 1
			mark++
			si = mark
		default:
			return false
		}
	}
	for pi < len(p) && p[pi] == '*' {
		pi++
	}
	return pi == len(p)
}
