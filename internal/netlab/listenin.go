//go:build linux

package netlab

import (
	"fmt"
	"net"
	"os"
	"path/filepath"
	"runtime"
	"testing"

	"golang.org/x/sys/unix"
)

// InNamespace runs f on an OS thread that has entered the network
// namespace ns (named, as `ip netns add` makes them). Sockets f creates
// belong to ns for their whole life, so a Go server of the test process can
// listen inside a lab namespace. The thread returns to the test's own
// namespace afterwards; if it cannot, it is discarded rather than reused.
func InNamespace(ns *NS, f func() error) error {
	errc := make(chan error, 1)
	go func() {
		runtime.LockOSThread()
		orig, err := os.Open("/proc/thread-self/ns/net")
		if err != nil {
			errc <- err
			return
		}
		defer orig.Close()
		target, err := os.Open(filepath.Join("/var/run/netns", ns.Name))
		if err != nil {
			runtime.UnlockOSThread()
			errc <- fmt.Errorf("namespace %s: %w", ns.Name, err)
			return
		}
		defer target.Close()
		if err := unix.Setns(int(target.Fd()), unix.CLONE_NEWNET); err != nil {
			runtime.UnlockOSThread()
			errc <- fmt.Errorf("enter namespace %s: %w", ns.Name, err)
			return
		}
		ferr := f()
		if unix.Setns(int(orig.Fd()), unix.CLONE_NEWNET) == nil {
			runtime.UnlockOSThread()
		}
		// Otherwise the goroutine ends still locked, and Go ends the thread.
		errc <- ferr
	}()
	return <-errc
}

// ListenIn opens a TCP listener inside namespace ns; it closes when the
// test ends.
func ListenIn(t testing.TB, ns *NS, addr string) net.Listener {
	t.Helper()
	var ln net.Listener
	err := InNamespace(ns, func() error {
		var err error
		ln, err = net.Listen("tcp", addr)
		return err
	})
	if err != nil {
		t.Fatalf("listen on %s in %s: %v", addr, ns.Name, err)
	}
	t.Cleanup(func() { ln.Close() })
	return ln
}

// ListenPacketIn opens a UDP socket inside namespace ns; it closes when the
// test ends.
func ListenPacketIn(t testing.TB, ns *NS, addr string) net.PacketConn {
	t.Helper()
	var pc net.PacketConn
	err := InNamespace(ns, func() error {
		var err error
		pc, err = net.ListenPacket("udp", addr)
		return err
	})
	if err != nil {
		t.Fatalf("listen on udp %s in %s: %v", addr, ns.Name, err)
	}
	t.Cleanup(func() { pc.Close() })
	return pc
}
