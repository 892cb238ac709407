package fixes

import (
	"net/netip"
	"os"
)

// Family is one address family's DNS on one adapter, as it was.
type Family struct {
	// Static are the servers configured by hand: a restore puts exactly
	// these back. Empty when the family takes its servers automatically.
	Static []netip.Addr `json:"static,omitempty"`
	// Auto means the servers come from DHCP or router advertisements; a
	// restore resets the family to automatic.
	Auto bool `json:"auto"`
	// Seen are the servers in use at snapshot time: evidence only.
	Seen []netip.Addr `json:"seen,omitempty"`
}

// Adapter is one network adapter's DNS state. Plans address it by Index
// (Windows, systemd-resolved), UUID (NetworkManager) or Service (macOS,
// which names services; the name is checked against the OS's own list).
type Adapter struct {
	Index   int    `json:"index,omitempty"`
	GUID    string `json:"guid,omitempty"`
	UUID    string `json:"uuid,omitempty"`
	Service string `json:"service,omitempty"`
	// Name is for display only; no plan carries it.
	Name string `json:"name,omitempty"`
	IPv4 Family `json:"ipv4"`
	IPv6 Family `json:"ipv6"`
}

// ResolvConfState is an unmanaged resolv.conf, byte for byte.
type ResolvConfState struct {
	Path string      `json:"path"`
	Raw  []byte      `json:"raw"`
	Mode os.FileMode `json:"mode"`
}

// Snapshot is the exact prior DNS state of this computer: what the journal
// stores before a switch and what a restore puts back.
type Snapshot struct {
	GOOS     string    `json:"goos"`
	Stack    Stack     `json:"stack"`
	Adapters []Adapter `json:"adapters,omitempty"`
	// MacServices is `networksetup -listallnetworkservices` at snapshot
	// time, against which every service name in a plan is checked.
	MacServices []string         `json:"mac_services,omitempty"`
	ResolvConf  *ResolvConfState `json:"resolv_conf,omitempty"`
}
