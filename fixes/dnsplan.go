package fixes

import (
	"bytes"
	"errors"
	"fmt"
	"net/netip"
	"os"
	"regexp"
	"strconv"
	"strings"
)

// Step is one change of a plan: a command, or a file written whole (the
// unmanaged resolv.conf).
type Step struct {
	Command *Command   `json:"command,omitempty"`
	Write   *FileWrite `json:"write,omitempty"`
}

// FileWrite replaces a file's content.
type FileWrite struct {
	Path string      `json:"path"`
	Data []byte      `json:"data"`
	Mode os.FileMode `json:"mode"`
}

// String renders a step for logs and golden files.
func (s Step) String() string {
	if s.Command != nil {
		return s.Command.String()
	}
	if w := s.Write; w != nil {
		return fmt.Sprintf("write %q mode %04o:\n%s", w.Path, w.Mode.Perm(), strings.TrimSuffix(indent(w.Data), "\n"))
	}
	return "(empty step)"
}

func indent(b []byte) string {
	var out strings.Builder
	for _, l := range strings.SplitAfter(string(b), "\n") {
		if l != "" {
			out.WriteString("    | " + l)
		}
	}
	if len(b) > 0 && b[len(b)-1] != '\n' {
		out.WriteString("\n    (no final newline)")
	}
	return out.String()
}

func cmdStep(c Command) Step { return Step{Command: &c} }

// ErrUnsupported means this computer's DNS is managed by something the
// switch does not drive (resolvconf, WSL, a container runtime). The app says
// so rather than write a file that would be overwritten.
var ErrUnsupported = errors.New("this computer's DNS settings are managed by a program Gateway Doctor does not change")

// ErrNoAdapters means the snapshot found no adapter to change.
var ErrNoAdapters = errors.New("no active network adapter with DNS settings")

// SwitchPlan is what switching every snapshot adapter to servers means on
// the snapshot's OS and stack. It validates every value it emits.
func SwitchPlan(snap Snapshot, servers []netip.Addr) ([]Step, error) {
	if len(servers) == 0 {
		return nil, fmt.Errorf("switch dns: no servers: %w", ErrInvalid)
	}
	if err := checkServers(servers); err != nil {
		return nil, err
	}
	if err := checkSnapshot(snap); err != nil {
		return nil, err
	}
	v4, v6 := splitFamilies(servers)
	var plan []Step
	switch snap.Stack.Manager {
	case ManagerWindows:
		for _, a := range snap.Adapters {
			plan = append(plan, cmdStep(psSetServers(a.Index, servers)))
		}
	case ManagerMacOS:
		for _, a := range snap.Adapters {
			args := []string{"-setdnsservers", a.Service}
			for _, s := range servers {
				args = append(args, s.String())
			}
			plan = append(plan, cmdStep(Command{Path: "networksetup", Args: args, Elevated: true}))
		}
	case ManagerResolved:
		for _, a := range snap.Adapters {
			plan = append(plan, cmdStep(resolvedSetDNS(snap.Stack, a.Index, servers)))
		}
	case ManagerNetworkManager:
		for _, a := range snap.Adapters {
			plan = append(plan,
				cmdStep(nmModify(a.UUID, Family{Static: v4}, Family{Static: v6})),
				cmdStep(nmUp(a.UUID)))
		}
	case ManagerUnmanaged:
		rc := snap.ResolvConf
		plan = append(plan, Step{Write: &FileWrite{Path: rc.Path, Data: RewriteResolvConf(rc.Raw, servers), Mode: rc.Mode}})
	default:
		return nil, ErrUnsupported
	}
	if len(plan) == 0 {
		return nil, ErrNoAdapters
	}
	return plan, nil
}

// RestorePlan puts exactly the snapshot back: an automatic family goes back
// to automatic, a static one to its own servers.
func RestorePlan(snap Snapshot) ([]Step, error) {
	if err := checkSnapshot(snap); err != nil {
		return nil, err
	}
	var plan []Step
	switch snap.Stack.Manager {
	case ManagerWindows:
		for _, a := range snap.Adapters {
			static := append(append([]netip.Addr{}, a.IPv4.Static...), a.IPv6.Static...)
			if a.IPv4.Auto || a.IPv6.Auto || len(static) == 0 {
				plan = append(plan, cmdStep(psReset(a.Index)))
			}
			if len(static) > 0 {
				plan = append(plan, cmdStep(psSetServers(a.Index, static)))
			}
		}
	case ManagerMacOS:
		for _, a := range snap.Adapters {
			args := []string{"-setdnsservers", a.Service}
			static := append(append([]netip.Addr{}, a.IPv4.Static...), a.IPv6.Static...)
			if len(static) == 0 {
				// "Empty" is networksetup's word for "use what DHCP gives".
				args = append(args, "Empty")
			}
			for _, s := range static {
				args = append(args, s.String())
			}
			plan = append(plan, cmdStep(Command{Path: "networksetup", Args: args, Elevated: true}))
		}
	case ManagerResolved:
		for _, a := range snap.Adapters {
			// revert drops the runtime servers we set and returns the link
			// to what networkd or DHCP configured.
			plan = append(plan, cmdStep(resolvedRevert(snap.Stack, a.Index)))
		}
	case ManagerNetworkManager:
		for _, a := range snap.Adapters {
			plan = append(plan, cmdStep(nmModify(a.UUID, a.IPv4, a.IPv6)), cmdStep(nmUp(a.UUID)))
		}
	case ManagerUnmanaged:
		rc := snap.ResolvConf
		plan = append(plan, Step{Write: &FileWrite{Path: rc.Path, Data: rc.Raw, Mode: rc.Mode}})
	default:
		return nil, ErrUnsupported
	}
	return plan, nil
}

// resolvedSetDNS sets a link's servers by its index. Before systemd 239
// there is no resolvectl, only systemd-resolve with option syntax.
func resolvedSetDNS(st Stack, index int, servers []netip.Addr) Command {
	if st.NoResolvectl {
		args := []string{"--interface=" + strconv.Itoa(index)}
		for _, s := range servers {
			args = append(args, "--set-dns="+s.String())
		}
		return Command{Path: "systemd-resolve", Args: args, Elevated: true}
	}
	args := []string{"dns", strconv.Itoa(index)}
	for _, s := range servers {
		args = append(args, s.String())
	}
	return Command{Path: "resolvectl", Args: args, Elevated: true}
}

func resolvedRevert(st Stack, index int) Command {
	if st.NoResolvectl {
		return Command{Path: "systemd-resolve", Args: []string{"--interface=" + strconv.Itoa(index), "--revert"}, Elevated: true}
	}
	return Command{Path: "resolvectl", Args: []string{"revert", strconv.Itoa(index)}, Elevated: true}
}

func checkSnapshot(snap Snapshot) error {
	for _, a := range snap.Adapters {
		for _, f := range []Family{a.IPv4, a.IPv6} {
			if err := checkServers(f.Static); err != nil {
				return err
			}
		}
		switch snap.Stack.Manager {
		case ManagerWindows, ManagerResolved:
			if a.Index <= 0 {
				return fmt.Errorf("adapter index %d: %w", a.Index, ErrInvalid)
			}
			if a.GUID != "" && !ValidGUID(a.GUID) {
				return fmt.Errorf("adapter guid %q: %w", a.GUID, ErrInvalid)
			}
		case ManagerNetworkManager:
			if !ValidUUID(a.UUID) {
				return fmt.Errorf("connection uuid %q: %w", a.UUID, ErrInvalid)
			}
		case ManagerMacOS:
			if !ValidMacService(a.Service, snap.MacServices) {
				return fmt.Errorf("network service %q: %w: not in networksetup's list", a.Service, ErrInvalid)
			}
		}
	}
	if snap.Stack.Manager == ManagerUnmanaged {
		if snap.ResolvConf == nil || snap.ResolvConf.Path == "" {
			return fmt.Errorf("unmanaged resolv.conf without a recorded state: %w", ErrInvalid)
		}
	}
	return nil
}

func splitFamilies(as []netip.Addr) (v4, v6 []netip.Addr) {
	for _, a := range as {
		if a.Unmap().Is4() {
			v4 = append(v4, a.Unmap())
		} else {
			v6 = append(v6, a)
		}
	}
	return v4, v6
}

// nmModify sets both families of one NetworkManager connection. A system
// connection may be changed only with rights, so it goes through the
// privileged helper, which runs nmcli with the same, revalidated, values.
// An empty list is one empty argument, nmcli's way of clearing a property.
func nmModify(uuid string, v4, v6 Family) Command {
	yesNo := func(auto bool) string {
		if auto {
			return "no"
		}
		return "yes"
	}
	return privileged(ActNMModify, uuid, joinAddrs(v4.Static, ","), yesNo(v4.Auto), joinAddrs(v6.Static, ","), yesNo(v6.Auto))
}

func nmUp(uuid string) Command {
	return privileged(ActNMUp, uuid)
}

func joinAddrs(as []netip.Addr, sep string) string {
	s := make([]string, len(as))
	for i, a := range as {
		s[i] = a.String()
	}
	return strings.Join(s, sep)
}

// The PowerShell scripts are constants: the data (an interface index and
// the addresses) follows the script as arguments, which PowerShell binds to
// the script block's parameters. No value is ever formatted into the script
// text. -Command still hands PowerShell the arguments as words of one
// command line, so each is also of a form that cannot carry syntax: the
// index is an int's decimal digits, an IPv4 address is a dotted quad and an
// IPv6 address is written in full (StringExpanded: hex digits and single
// colons, never a leading "::"). We do not use -File: that needs a script
// file on disk, which another process could swap between our write and the
// elevated run. No display name ever enters a plan.
const (
	// psSetServersScript sets an adapter's DNS servers: $Index, then the
	// servers as the remaining arguments.
	psSetServersScript = `& { param([int]$Index) Set-DnsClientServerAddress -InterfaceIndex $Index -ServerAddresses ([string[]]$args) }`
	// psResetScript returns an adapter's DNS servers to DHCP.
	psResetScript = `& { param([int]$Index) Set-DnsClientServerAddress -InterfaceIndex $Index -ResetServerAddresses }`
)

// psSafeArg is the alphabet of a PowerShell argument that a plan passes.
var psSafeArg = regexp.MustCompile(`^[0-9a-fA-F.:]+$`)

func psCommand(script string, data ...string) Command {
	for _, d := range data {
		if !psSafeArg.MatchString(d) || strings.Contains(d, "::") || strings.HasPrefix(d, ":") {
			panic("fixes: unvalidated value reached a PowerShell command: " + strconv.Quote(d))
		}
	}
	args := append([]string{"-NoProfile", "-NonInteractive", "-ExecutionPolicy", "Bypass", "-Command", script}, data...)
	return Command{Path: "powershell.exe", Args: args, Elevated: true}
}

// psAddr is a as a PowerShell argument (see psCommand).
func psAddr(a netip.Addr) string {
	if a.Zone() != "" {
		return a.String() // refused by psCommand
	}
	if a.Unmap().Is4() {
		return a.Unmap().String()
	}
	return a.StringExpanded()
}

func psSetServers(index int, servers []netip.Addr) Command {
	data := []string{strconv.Itoa(index)}
	for _, s := range servers {
		data = append(data, psAddr(s))
	}
	return psCommand(psSetServersScript, data...)
}

func psReset(index int) Command {
	return psCommand(psResetScript, strconv.Itoa(index))
}

// resolvConfHeader marks a resolv.conf we wrote, so that a person who opens
// it knows how to undo it.
const resolvConfHeader = "# Written by Gateway Doctor (switch DNS). To put the previous file back, run: gateway-doctor restore\n"

// RewriteResolvConf replaces the nameserver lines of a resolv.conf with
// servers and keeps everything else (search, options) as it was.
func RewriteResolvConf(raw []byte, servers []netip.Addr) []byte {
	var out bytes.Buffer
	out.WriteString(resolvConfHeader)
	for _, s := range servers {
		fmt.Fprintf(&out, "nameserver %s\n", s)
	}
	for _, line := range strings.SplitAfter(string(raw), "\n") {
		f := strings.Fields(line)
		if line == "" || (len(f) > 0 && f[0] == "nameserver") || line == resolvConfHeader {
			continue
		}
		out.WriteString(line)
		if !strings.HasSuffix(line, "\n") {
			out.WriteByte('\n')
		}
	}
	return out.Bytes()
}
