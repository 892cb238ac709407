package fixes

import (
	"net/netip"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	checksdns "gatewaydoctor/checks/dns"
)

// Manager is who owns the DNS configuration of this computer, i.e. where a
// DNS switch must be made so that it sticks and can be undone.
type Manager string

// The managers a plan knows.
const (
	ManagerWindows        Manager = "windows"
	ManagerMacOS          Manager = "macos"
	ManagerResolved       Manager = "systemd-resolved"
	ManagerNetworkManager Manager = "networkmanager"
	// ManagerUnmanaged is a plain /etc/resolv.conf that nothing rewrites:
	// the switch writes the file itself.
	ManagerUnmanaged Manager = "unmanaged"
	// ManagerOther is a generator we do not drive (resolvconf, WSL, a
	// container runtime, a symlink elsewhere): switching is not offered.
	ManagerOther Manager = "other"
)

// Cache is a local DNS cache that a flush can empty.
type Cache string

// The Linux caches a flush knows.
const (
	CacheResolved   Cache = "systemd-resolved"
	CacheNscd       Cache = "nscd"
	CacheDnsmasq    Cache = "dnsmasq"
	CacheNMDnsmasq  Cache = "networkmanager-dnsmasq"
	CacheWindows    Cache = "windows-dnscache"
	CacheMacOS      Cache = "mDNSResponder"
	resolvedStubDir       = "/run/systemd/resolve/"
)

// Stack is the resolver stack of one computer as a real system shows it.
type Stack struct {
	Manager Manager `json:"manager"`
	// Owner is the generator named in resolv.conf's comment, for evidence.
	Owner  string  `json:"owner,omitempty"`
	Caches []Cache `json:"caches,omitempty"`
	// DnsmasqPID is the standalone dnsmasq's pid, read from its pid file.
	DnsmasqPID int `json:"dnsmasq_pid,omitempty"`
	// NoResolvectl means only the older systemd-resolve is installed.
	NoResolvectl bool `json:"no_resolvectl,omitempty"`
}

// LinuxView is what stack detection reads. Every field is injectable so
// that tests feed recorded files and a fake process table.
type LinuxView struct {
	ResolvConfPath string
	// Running reports whether a daemon with this process name runs.
	Running func(name string) bool
	// DnsmasqPIDFiles are where a standalone dnsmasq writes its pid.
	DnsmasqPIDFiles []string
	// HasProgram reports whether a program is on PATH.
	HasProgram func(name string) bool
	ReadFile   func(string) ([]byte, error)
	Readlink   func(string) (string, error)
}

// DefaultDnsmasqPIDFiles are Debian's and upstream's default pid files.
var DefaultDnsmasqPIDFiles = []string{"/run/dnsmasq/dnsmasq.pid", "/var/run/dnsmasq/dnsmasq.pid", "/var/run/dnsmasq.pid"}

func (v *LinuxView) fill() {
	if v.ResolvConfPath == "" {
		v.ResolvConfPath = "/etc/resolv.conf"
	}
	if v.Running == nil {
		v.Running = processRunning
	}
	if v.DnsmasqPIDFiles == nil {
		v.DnsmasqPIDFiles = DefaultDnsmasqPIDFiles
	}
	if v.HasProgram == nil {
		v.HasProgram = hasProgram
	}
	if v.ReadFile == nil {
		v.ReadFile = os.ReadFile
	}
	if v.Readlink == nil {
		v.Readlink = os.Readlink
	}
}

// DetectLinuxStack reads the stack from resolv.conf (its symlink target, its
// owner comment, a 127.0.0.53 stub), confirmed by the running services.
func DetectLinuxStack(v LinuxView) Stack {
	v.fill()
	st := Stack{Manager: ManagerUnmanaged}
	data, _ := v.ReadFile(v.ResolvConfPath)
	rc := checksdns.ParseResolvConf(data)
	owner, servers := rc.Owner, rc.Nameservers
	st.Owner = owner
	target, linkErr := v.Readlink(v.ResolvConfPath)
	isLink := linkErr == nil
	resolvedUp := v.Running("systemd-resolved")
	nmUp := v.Running("NetworkManager")

	stub := false
	for _, s := range servers {
		if checksdns.ResolvedStub(s) {
			stub = true
		}
	}
	switch {
	case isLink && strings.Contains(target, "systemd/resolve/"), strings.Contains(owner, "systemd-resolved"), stub:
		st.Manager = ManagerResolved
	case isLink:
		st.Manager = ManagerOther
	case strings.Contains(owner, "NetworkManager") && nmUp:
		st.Manager = ManagerNetworkManager
	case owner != "" && !strings.Contains(owner, "NetworkManager"):
		st.Manager = ManagerOther
	}
	if resolvedUp && st.Manager == ManagerResolved {
		st.Caches = append(st.Caches, CacheResolved)
	}
	if v.Running("nscd") {
		st.Caches = append(st.Caches, CacheNscd)
	}
	if st.Manager == ManagerNetworkManager && localLoopbackServer(servers) {
		st.Caches = append(st.Caches, CacheNMDnsmasq)
	} else if pid := readPIDFile(v.ReadFile, v.DnsmasqPIDFiles); pid > 0 && v.Running("dnsmasq") {
		st.Caches = append(st.Caches, CacheDnsmasq)
		st.DnsmasqPID = pid
	}
	st.NoResolvectl = st.Manager == ManagerResolved && !v.HasProgram("resolvectl")
	return st
}

// localLoopbackServer reports a resolver on 127.0.0.0/8 other than
// systemd-resolved's first stub: NetworkManager's own dnsmasq.
func localLoopbackServer(servers []netip.Addr) bool {
	for _, s := range servers {
		if s.Is4() && s.As4()[0] == 127 && s != netip.AddrFrom4([4]byte{127, 0, 0, 53}) {
			return true
		}
	}
	return false
}

func readPIDFile(read func(string) ([]byte, error), files []string) int {
	for _, f := range files {
		b, err := read(f)
		if err != nil {
			continue
		}
		if pid, err := strconv.Atoi(strings.TrimSpace(string(b))); err == nil && pid > 1 {
			return pid
		}
	}
	return 0
}

// processRunning looks for a process whose kernel name (/proc/PID/comm) is
// exactly name. The kernel truncates comm to 15 bytes.
func processRunning(name string) bool {
	if len(name) > 15 {
		name = name[:15]
	}
	dirs, _ := filepath.Glob("/proc/[0-9]*/comm")
	for _, d := range dirs {
		if b, err := os.ReadFile(d); err == nil && strings.TrimSpace(string(b)) == name {
			return true
		}
	}
	return false
}
