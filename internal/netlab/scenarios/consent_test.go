//go:build linux

package scenarios

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"gatewaydoctor/internal/netlab"
)

// consentGuard bounds the wait for the wizard's start-up restore (it reads a
// journal and writes one file). Past it, the start-up is broken.
const consentGuard = 60 * time.Second

// packetsSent is every packet the client namespace sent, on every
// interface, loopback included (a local DNS stub is the network too).
func packetsSent(t *testing.T, ns *netlab.NS) uint64 {
	t.Helper()
	out, err := exec.Command("ip", "-n", ns.Name, "-j", "-s", "link", "show").Output()
	if err != nil {
		t.Fatalf("ip -s link in %s: %v", ns.Name, err)
	}
	var links []struct {
		Stats64 struct {
			TX struct {
				Packets uint64 `json:"packets"`
			} `json:"tx"`
		} `json:"stats64"`
	}
	if err := json.Unmarshal(out, &links); err != nil {
		t.Fatal(err)
	}
	var n uint64
	for _, l := range links {
		n += l.Stats64.TX.Packets
	}
	return n
}

// TestConsentNoPacketBeforeStart opens the real wizard (the GUI build, under
// Xvfb) in a client namespace, with an interrupted DNS change to undo at
// start-up and a profile that pre-approves the checks, and counts the
// packets the namespace sends until the wizard has settled on its first
// screen and is closed without Start: zero. Proxy detection (WPAD, DHCP)
// would be the first to send.
func TestConsentNoPacketBeforeStart(t *testing.T) {
	if _, err := exec.LookPath("Xvfb"); err != nil {
		t.Skip("needs Xvfb (Debian package xvfb)")
	}
	l := netlab.New(t)
	dir := t.TempDir()
	gui := filepath.Join(dir, "gateway-doctor")
	build := exec.Command("go", "build", "-o", gui, "gatewaydoctor/cmd/gateway-doctor")
	if out, err := build.CombinedOutput(); err != nil {
		t.Skipf("the GUI build needs cgo and Fyne's C dependencies: %v\n%s", err, out)
	}
	display := 200 + os.Getpid()%500
	xvfb := exec.Command("Xvfb", ":"+strconv.Itoa(display), "-nolisten", "tcp", "-screen", "0", "1024x768x24")
	if err := xvfb.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = xvfb.Process.Kill(); _ = xvfb.Wait() })
	sock := fmt.Sprintf("/tmp/.X11-unix/X%d", display)
	if !waitUntil(func() bool { _, err := os.Stat(sock); return err == nil }) {
		t.Fatal("Xvfb did not start")
	}

	// An interrupted change: the journal of an unmanaged resolv.conf, so
	// that the start-up restore has real work to do.
	original := "nameserver 192.0.2.1\nsearch corp.example\n"
	l.WriteResolvConf("# Written by Gateway Doctor (switch DNS). To put the previous file back, run: gateway-doctor restore\nnameserver 198.51.100.53\nsearch corp.example\n")
	config := filepath.Join(dir, "config")
	if err := os.MkdirAll(config, 0o700); err != nil {
		t.Fatal(err)
	}
	journal := fmt.Sprintf(`{"schema":"gateway-doctor/dns-journal/v1","created_at":%q,"pid":1,"provider":"lab","servers":["198.51.100.53"],
"snapshot":{"goos":"linux","stack":{"manager":"unmanaged"},"resolv_conf":{"path":"/etc/resolv.conf","raw":"%s","mode":420}}}`,
		time.Now().UTC().Format(time.RFC3339Nano), b64(original))
	if err := os.WriteFile(filepath.Join(config, "dns-journal.json"), []byte(journal), 0o600); err != nil {
		t.Fatal(err)
	}
	prof := filepath.Join(dir, "managed.toml")
	if err := os.WriteFile(prof, []byte("[helpdesk]\nname = \"Example IT\"\n[privacy]\npreapproved = true\n"), 0o644); err != nil {
		t.Fatal(err)
	}

	before := packetsSent(t, l.Client)
	ctx, cancel := context.WithTimeout(context.Background(), consentGuard)
	defer cancel()
	cmd := l.Client.Command(ctx, gui, "--profile", prof, "https://shop.example/")
	cmd.Env = append(os.Environ(), "DISPLAY=:"+strconv.Itoa(display), "HOME="+dir, "GATEWAY_DOCTOR_CONFIG_DIR="+config,
		"auto_proxy=http://wpad.corp.example/wpad.dat", "LIBGL_ALWAYS_SOFTWARE=1")
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	restored := waitUntil(func() bool {
		_, err := os.Stat(filepath.Join(config, "dns-journal.json"))
		return os.IsNotExist(err)
	})
	_ = cmd.Process.Kill()
	_ = cmd.Wait()
	sent := packetsSent(t, l.Client) - before
	if !restored {
		t.Fatalf("the wizard did not undo the interrupted change within %v", consentGuard)
	}
	if got, err := os.ReadFile(filepath.Join("/etc/netns", l.Client.Name, "resolv.conf")); err != nil || string(got) != original {
		t.Errorf("resolv.conf after the start-up restore = %q, %v", got, err)
	}
	t.Logf("packets sent by the namespace from the wizard's start to its close, without Start: %d", sent)
	if sent != 0 {
		t.Fatalf("%d packets left the client before the person pressed Start", sent)
	}
}

// waitUntil polls cond (files written by other processes) until it holds or
// consentGuard passes.
func waitUntil(cond func() bool) bool {
	tick := time.NewTicker(20 * time.Millisecond)
	defer tick.Stop()
	guard := time.After(consentGuard)
	for !cond() {
		select {
		case <-tick.C:
		case <-guard:
			return false
		}
	}
	return true
}

func b64(s string) string { return base64.StdEncoding.EncodeToString([]byte(s)) }
