//go:build !windows

package proxy

import (
	"context"
	"errors"
)

// winhttpDHCPWPAD exists only on Windows; wpadFromDHCP never calls this
// one (it checks runtime.GOOS), but the name must resolve everywhere.
func winhttpDHCPWPAD(context.Context) ([]string, error) {
	return nil, errors.New("WinHTTP is only on Windows")
}
