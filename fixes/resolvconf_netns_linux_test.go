package fixes

import (
	"os"
	"testing"

	"gatewaydoctor/internal/netlab"
)

type bindMountReply struct {
	MountSeen bool
	Err       string
	After     string
}

// TestFixNetnsBindMountedResolvConf writes /etc/resolv.conf inside a
// namespace, where `ip netns exec` bind-mounts the namespace's own file over
// it: the rename fails with EBUSY and the in-place write takes over, both
// when the mount is known in advance and when only EBUSY tells.
func TestFixNetnsBindMountedResolvConf(t *testing.T) {
	if netlab.IsChild(t) {
		r := bindMountReply{MountSeen: isMountPoint("/etc/resolv.conf")}
		if os.Getenv("GD_SKIP_MOUNTINFO") == "1" {
			knownMountPoint = func(string) bool { return false }
		}
		if err := WriteResolvConf("/etc/resolv.conf", []byte("nameserver 198.51.100.53\n"), 0o644); err != nil {
			r.Err = err.Error()
		}
		b, _ := os.ReadFile("/etc/resolv.conf")
		r.After = string(b)
		netlab.Reply(t, r)
		return
	}
	for _, skip := range []string{"0", "1"} {
		l := netlab.New(t)
		const orig = "nameserver 192.0.2.1\n"
		l.WriteResolvConf(orig)
		host, _ := os.ReadFile("/etc/resolv.conf")
		var r bindMountReply
		l.Client.RunChild(t, &r, "GD_SKIP_MOUNTINFO="+skip)
		if !r.MountSeen || r.Err != "" || r.After != "nameserver 198.51.100.53\n" {
			t.Errorf("mountinfo skipped=%s: %+v", skip, r)
		}
		got, _ := os.ReadFile("/etc/netns/" + l.Client.Name + "/resolv.conf")
		if string(got) != "nameserver 198.51.100.53\n" {
			t.Errorf("the namespace's own file holds %q", got)
		}
		if now, _ := os.ReadFile("/etc/resolv.conf"); string(now) != string(host) {
			t.Fatal("the machine's /etc/resolv.conf changed")
		}
	}
}
