package fixes_test

import (
	"bufio"
	"context"
	"fmt"
	"net/http"
	"net/netip"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"gatewaydoctor/checks"
	"gatewaydoctor/fixes"
	"gatewaydoctor/internal/netlab"
)

// watchResult is the child's report of the router watch.
type watchResult struct {
	State   fixes.WatchState
	SawDown bool
	Polls   int
	Err     string
}

// TestFixNetnsRouterRestartWatch switches the lab router's LAN link off and
// on while the real watch (fixes.Watch with the system-path captive probe)
// runs in the client namespace. The child says "down" through a FIFO; only
// then does the parent switch the link back on, so nothing waits on time.
func TestFixNetnsRouterRestartWatch(t *testing.T) {
	if netlab.IsChild(t) {
		netlab.Reply(t, childWatch(os.Getenv("GD_WATCH_FIFO")))
		return
	}
	l := netlab.New(t)
	web := netip.MustParseAddr(labWebHost)
	l.AddInternetHost(t, web)
	netlab.HTTP(t, l.Router, netip.AddrPortFrom(web, 80), netlab.HTTPResponse{Status: http.StatusNoContent})
	fifo := filepath.Join(t.TempDir(), "watch.fifo")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Fatal(err)
	}
	l.Router.IP(t, "link", "set", "lan0", "down") // the user unplugs the router
	upErr := make(chan error, 1)
	go func() {
		f, err := os.Open(fifo) // blocks until the child (or the clean-up below) opens it
		if err != nil {
			upErr <- err
			return
		}
		defer f.Close()
		if line, _ := bufio.NewReader(f).ReadString('\n'); line != "down\n" {
			upErr <- nil
			return
		}
		// ...and plugs it back in.
		if out, err := netlabIP(l.Router.Name, "link", "set", "lan0", "up"); err != nil {
			upErr <- fmt.Errorf("%v: %s", err, out)
			return
		}
		upErr <- nil
	}()
	var res watchResult
	l.Client.RunChild(t, &res, "GD_WATCH_FIFO="+fifo)
	// Unblock the reader if the child never wrote.
	if w, err := os.OpenFile(fifo, os.O_WRONLY|syscall.O_NONBLOCK, 0); err == nil {
		w.Close()
	}
	if err := <-upErr; err != nil {
		t.Fatal(err)
	}
	if res.Err != "" || res.State != fixes.WatchBack || !res.SawDown {
		t.Errorf("watch = %+v, want back after down", res)
	}
}

func netlabIP(ns string, args ...string) ([]byte, error) {
	return exec.Command("ip", append([]string{"-n", ns}, args...)...).CombinedOutput()
}

// childWatch runs the watch with short polls (the schedule itself is the
// unit test's business) and the real probe through the system path.
func childWatch(fifo string) watchResult {
	env := (&checks.Env{}).Normalize()
	probe := checks.Probe{URL: "http://" + labWebHost + "/generate_204", Status: http.StatusNoContent}
	said := false
	w := fixes.Watch{
		Probe:     func(ctx context.Context) bool { return fixes.Verifier{Env: env}.ProbeSystem(ctx, probe) == nil },
		FirstPoll: 20 * time.Millisecond, MaxPoll: 200 * time.Millisecond, Limit: time.Minute, UpGrace: time.Minute,
		OnState: func(s fixes.WatchState) {
			if s == fixes.WatchDown && !said {
				said = true
				if f, err := os.OpenFile(fifo, os.O_WRONLY, 0); err == nil {
					f.WriteString("down\n")
					f.Close()
				}
			}
		},
	}
	r, err := w.Run(context.Background())
	res := watchResult{State: r.State, SawDown: r.SawDown, Polls: r.Polls}
	if err != nil {
		res.Err = err.Error()
	}
	return res
}
