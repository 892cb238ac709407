package fixes

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
)

// ErrBusy means another Gateway Doctor is changing DNS right now.
var ErrBusy = errors.New("another Gateway Doctor window is changing DNS settings")

// lockFile is held for the whole life of a DNS change, so that the start-up
// restore of a second process never undoes a change that is still live.
const lockFile = "dns.lock"

// changeLock is the held lock; Release lets it go.
type changeLock struct{ f *os.File }

func acquire(dir string) (*changeLock, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("lock: %w", err)
	}
	f, err := os.OpenFile(filepath.Join(dir, lockFile), os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, fmt.Errorf("lock: %w", err)
	}
	ok, err := tryLock(f)
	if err != nil || !ok {
		f.Close()
		if err != nil {
			return nil, fmt.Errorf("lock: %w", err)
		}
		return nil, ErrBusy
	}
	return &changeLock{f: f}, nil
}

func (l *changeLock) release() {
	if l != nil && l.f != nil {
		l.f.Close()
		l.f = nil
	}
}
