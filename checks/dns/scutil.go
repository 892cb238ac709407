package dns

import (
	"bufio"
	"bytes"
	"fmt"
	"net/netip"
	"strconv"
	"strings"
)

// ScutilResolver is one "resolver #N" block of macOS `scutil --dns`.
type ScutilResolver struct {
	Scoped      bool   // from the "(for scoped queries)" section
	Number      int    // N of "resolver #N"
	Domain      string // "" for a default resolver; "local" etc. for a supplemental one
	Nameservers []netip.Addr
	IfIndex     int
	IfName      string
	Options     string // "mdns" for the multicast resolvers
	Reachable   bool   // "reach : 0x… (Reachable…)" or a bare "Reachable" line
}

// ParseScutilDNS reads `scutil --dns`. It accepts the modern
// "reach : 0x00020002 (Reachable,…)" line and the older bare
// "Reachable"/"Not Reachable" line; unknown keys are ignored. An address that
// does not parse is returned as an error naming the line.
func ParseScutilDNS(data []byte) ([]ScutilResolver, error) {
	var out []ScutilResolver
	var cur *ScutilResolver
	scoped := false
	sc := bufio.NewScanner(bytes.NewReader(data))
	n := 0
	for sc.Scan() {
		n++
		line := strings.TrimSpace(sc.Text())
		switch {
		case line == "":
			continue
		case strings.HasPrefix(line, "DNS configuration"):
			scoped = strings.Contains(line, "scoped")
			cur = nil
			continue
		case strings.HasPrefix(line, "resolver #"):
			num, _ := strconv.Atoi(strings.TrimPrefix(line, "resolver #"))
			out = append(out, ScutilResolver{Scoped: scoped, Number: num})
			cur = &out[len(out)-1]
			continue
		case cur == nil:
			continue
		case line == "Reachable":
			cur.Reachable = true
			continue
		case line == "Not Reachable":
			continue
		}
		key, val, ok := strings.Cut(line, ":")
		if !ok {
			continue
		}
		key, val = strings.TrimSpace(key), strings.TrimSpace(val)
		switch {
		case strings.HasPrefix(key, "nameserver["):
			a, err := netip.ParseAddr(val)
			if err != nil {
				return out, fmt.Errorf("scutil --dns line %d: nameserver %q is not an address", n, val)
			}
			cur.Nameservers = append(cur.Nameservers, a)
		case key == "domain":
			cur.Domain = val
		case key == "options":
			cur.Options = val
		case key == "if_index":
			idx, name, _ := strings.Cut(val, " ")
			cur.IfIndex, _ = strconv.Atoi(idx)
			cur.IfName = strings.Trim(name, "()")
		case key == "reach":
			cur.Reachable = strings.Contains(val, "(Reachable")
		}
	}
	return out, sc.Err()
}

// scutilSystemServers picks the servers macOS uses for ordinary names: the
// nameservers of the unscoped resolvers without a domain. When those have
// none (a VPN that installs only a scoped resolver), the scoped resolvers'
// nameservers are what queries actually reach.
func scutilSystemServers(rs []ScutilResolver) []netip.Addr {
	pick := func(scoped bool) []netip.Addr {
		var out []netip.Addr
		seen := map[netip.Addr]bool{}
		for _, r := range rs {
			if r.Scoped != scoped || r.Domain != "" || r.Options == "mdns" {
				continue
			}
			for _, a := range r.Nameservers {
				if !seen[a] {
					seen[a] = true
					out = append(out, a)
				}
			}
		}
		return out
	}
	if s := pick(false); len(s) > 0 {
		return s
	}
	return pick(true)
}
