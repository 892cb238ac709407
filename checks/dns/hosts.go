package dns

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/netip"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"time"

	"gatewaydoctor/checks"
)

// DNSHostsID is the ID of the hosts-file check.
const DNSHostsID = "dns.hosts"

// HostsEntry is one name-to-address line of a hosts file.
type HostsEntry struct {
	Line  int
	Addr  netip.Addr
	Names []string // lower case, without a trailing dot
}

// ParseHosts reads hosts(5) text (the same format on Windows): an address,
// then names, "#" starts a comment. Lines whose address does not parse are
// skipped, as the resolvers do.
func ParseHosts(data []byte) []HostsEntry {
	var out []HostsEntry
	sc := bufio.NewScanner(bytes.NewReader(data))
	n := 0
	for sc.Scan() {
		n++
		line := sc.Text()
		if i := strings.IndexByte(line, '#'); i >= 0 {
			line = line[:i]
		}
		f := strings.Fields(line)
		if len(f) < 2 {
			continue
		}
		a, err := netip.ParseAddr(f[0])
		if err != nil {
			continue
		}
		e := HostsEntry{Line: n, Addr: a}
		for _, name := range f[1:] {
			e.Names = append(e.Names, strings.TrimSuffix(strings.ToLower(name), "."))
		}
		out = append(out, e)
	}
	return out
}

// HostsEntriesFor returns the entries that name host.
func HostsEntriesFor(entries []HostsEntry, host string) []HostsEntry {
	host = strings.TrimSuffix(strings.ToLower(host), ".")
	var out []HostsEntry
	for _, e := range entries {
		for _, n := range e.Names {
			if n == host {
				out = append(out, e)
				break
			}
		}
	}
	return out
}

// DefaultHostsPath is the OS's hosts file.
func DefaultHostsPath() string { return hostsPathFor(runtime.GOOS, os.Getenv("SystemRoot")) }

func hostsPathFor(goos, systemRoot string) string {
	if goos == "windows" {
		if systemRoot == "" {
			systemRoot = `C:\Windows`
		}
		return systemRoot + `\System32\drivers\etc\hosts`
	}
	return "/etc/hosts"
}

// HostsCheck looks for the target's host in the hosts file
// (env.HostsPath, else the OS's): an entry pins the name to an address, or
// blocks it with 0.0.0.0 or 127.0.0.1 (CodeHostsOverride).
func HostsCheck() checks.Check {
	return checks.Func{Name: DNSHostsID, Limit: time.Second, Fn: runHosts}
}

func runHosts(_ context.Context, env *checks.Env) checks.Result {
	host := targetHost(env)
	if host == "" {
		return checks.SkippedSay(DNSHostsID, checks.Say("summary.dns.hosts.no_host", "no target host name to look up", nil))
	}
	path := env.HostsPath
	if path == "" {
		path = DefaultHostsPath()
	}
	data, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		res := checks.Result{ID: DNSHostsID, Status: checks.StatusOK}
		res.Say(checks.Say("summary.dns.hosts.none", "There is no hosts file.", nil))
		res.Saw(checks.Say("evidence.dns.hosts.none", "{{.Path}} does not exist", checks.Args{"Path": path}))
		return res
	}
	if err != nil {
		return checks.Errored(DNSHostsID, fmt.Errorf("read hosts file: %w", err))
	}
	hits := HostsEntriesFor(ParseHosts(data), host)
	res := checks.Result{ID: DNSHostsID, Details: map[string]any{"path": path, "host": host}}
	if len(hits) == 0 {
		res.Status = checks.StatusOK
		res.Say(checks.Say("summary.dns.hosts.ok", "The hosts file does not mention {{.Host}}.", checks.Args{"Host": host}))
		return res
	}
	var addrs []string
	blocked := true
	for _, e := range hits {
		addrs = append(addrs, e.Addr.String())
		res.Saw(checks.Say("evidence.dns.hosts.line", "{{.File}} line {{.Line}}: {{.Addr}} {{.Names}}",
			checks.Args{"File": filepath.Base(path), "Line": e.Line, "Addr": e.Addr.String(), "Names": strings.Join(e.Names, " ")}))
		if !e.Addr.IsUnspecified() && !e.Addr.IsLoopback() {
			blocked = false
		}
	}
	res.Details["addrs"] = addrs
	res.Details["blocked"] = blocked
	res.Status = checks.StatusProblem
	res.Codes = []checks.Code{checks.CodeHostsOverride}
	if blocked {
		res.Say(checks.Say("summary.dns.hosts.blocks", "The hosts file on this computer blocks {{.Host}} (it points it at {{.Addrs}}).", checks.Args{"Host": host, "Addrs": strings.Join(addrs, ", ")}))
	} else {
		res.Say(checks.Say("summary.dns.hosts.sends", "The hosts file on this computer sends {{.Host}} to {{.Addrs}} instead of asking DNS.", checks.Args{"Host": host, "Addrs": strings.Join(addrs, ", ")}))
	}
	return res
}
