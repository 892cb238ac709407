//go:build windows

package proxy

import (
	"context"
	"unsafe"

	"golang.org/x/sys/windows"
)

var (
	modWinHTTP                          = windows.NewLazySystemDLL("winhttp.dll")
	procWinHttpDetectAutoProxyConfigUrl = modWinHTTP.NewProc("WinHttpDetectAutoProxyConfigUrl")
	modKernel32                         = windows.NewLazySystemDLL("kernel32.dll")
	procGlobalFree                      = modKernel32.NewProc("GlobalFree")
)

// winhttpAutoDetectTypeDHCP is WINHTTP_AUTO_DETECT_TYPE_DHCP: ask only
// DHCP (option 252); the DNS walk is done by WPADCandidates.
const winhttpAutoDetectTypeDHCP = 0x1

// winhttpDHCPWPAD asks WinHTTP for the WPAD URL the DHCP server gives. The
// call blocks while Windows asks the DHCP server, so it runs aside and is
// abandoned when ctx ends.
func winhttpDHCPWPAD(ctx context.Context) ([]string, error) {
	type answer struct {
		url string
		err error
	}
	ch := make(chan answer, 1)
	go func() {
		var p *uint16
		r, _, err := procWinHttpDetectAutoProxyConfigUrl.Call(winhttpAutoDetectTypeDHCP, uintptr(unsafe.Pointer(&p)))
		if r == 0 {
			ch <- answer{err: err}
			return
		}
		u := windows.UTF16PtrToString(p)
		_, _, _ = procGlobalFree.Call(uintptr(unsafe.Pointer(p)))
		ch <- answer{url: u}
	}()
	select {
	case a := <-ch:
		if a.err != nil {
			return nil, a.err
		}
		return []string{a.url}, nil
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}
