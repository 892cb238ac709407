package fixes

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"syscall"
)

// ErrSymlink means resolv.conf is a symlink (for instance to
// systemd-resolved's stub): we never write through it.
var ErrSymlink = errors.New("resolv.conf is a symlink managed by another program")

// WriteResolvConf replaces path's content. It renames a synced temporary
// file over it, which is atomic; when path is a bind mount (containers,
// `ip netns exec`) the rename fails with EBUSY, or the mount is known in
// advance, and it writes in place instead. That is safe only because the
// caller wrote the journal, with the old bytes, first.
func WriteResolvConf(path string, data []byte, mode os.FileMode) error {
	fi, err := os.Lstat(path)
	if err != nil && !errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err == nil && fi.Mode()&os.ModeSymlink != 0 {
		return fmt.Errorf("write %s: %w", path, ErrSymlink)
	}
	if mode == 0 {
		mode = 0o644
	}
	if !knownMountPoint(path) {
		err := renameInto(path, data, mode)
		if err == nil || !errors.Is(err, syscall.EBUSY) && !errors.Is(err, syscall.EXDEV) {
			return err
		}
	}
	return writeInPlace(path, data)
}

func renameInto(path string, data []byte, mode os.FileMode) error {
	f, err := os.CreateTemp(filepath.Dir(path), ".resolv.conf.gateway-doctor-*")
	if err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	tmp := f.Name()
	defer os.Remove(tmp)
	_, err = f.Write(data)
	if err == nil {
		err = f.Chmod(mode.Perm())
	}
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp, path)
	}
	if err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	return syncDir(filepath.Dir(path))
}

func writeInPlace(path string, data []byte) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_TRUNC, 0)
	if err != nil {
		return fmt.Errorf("write %s in place: %w", path, err)
	}
	_, err = f.Write(data)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("write %s in place: %w", path, err)
	}
	return nil
}

// knownMountPoint is isMountPoint; a test turns it off to reach the EBUSY
// fallback the way a system without /proc would.
var knownMountPoint = isMountPoint

// isMountPoint reports whether path is itself a mount point in this
// process's mount namespace (/proc/self/mountinfo, field 5).
func isMountPoint(path string) bool {
	abs, err := filepath.Abs(path)
	if err != nil {
		return false
	}
	data, err := os.ReadFile("/proc/self/mountinfo")
	if err != nil {
		return false
	}
	for _, line := range strings.Split(string(data), "\n") {
		f := strings.Fields(line)
		if len(f) > 4 && unescapeMountinfo(f[4]) == abs {
			return true
		}
	}
	return false
}

// unescapeMountinfo undoes the kernel's octal escapes (\040 for a space).
func unescapeMountinfo(s string) string {
	if !strings.Contains(s, `\`) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '\\' && i+3 < len(s) {
			var v byte
			ok := true
			for _, c := range []byte(s[i+1 : i+4]) {
				if c < '0' || c > '7' {
					ok = false
					break
				}
				v = v*8 + (c - '0')
			}
			if ok {
				b.WriteByte(v)
				i += 3
				continue
			}
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

// ApplySteps runs a plan in order: commands through r, file writes through
// WriteResolvConf. It stops at the first failure and says which step; done
// is how many steps completed (0: nothing changed).
func ApplySteps(ctx context.Context, r Runner, steps []Step) (done int, err error) {
	for i, s := range steps {
		var err error
		switch {
		case s.Command != nil:
			_, err = r.Run(ctx, *s.Command)
		case s.Write != nil:
			err = WriteResolvConf(s.Write.Path, s.Write.Data, s.Write.Mode)
			if errors.Is(err, os.ErrPermission) {
				// Not ours to write: the privileged helper writes it, after
				// validating the path and the content again.
				_, err = r.Run(ctx, privilegedWrite(*s.Write))
			}
		}
		if err != nil {
			return i, fmt.Errorf("step %d of %d: %w", i+1, len(steps), err)
		}
	}
	return len(steps), nil
}

// ErrNeedsAdmin means the change needs administrator rights that this
// process does not have and cannot ask for (a file it may not write).
var ErrNeedsAdmin = errors.New("this needs administrator rights")

// checkWritable refuses a plan whose files this process cannot write and
// the privileged helper would refuse, before the journal is written, so
// that nothing is left to undo. Opening for writing without truncation
// changes nothing.
func checkWritable(steps []Step) error {
	for _, s := range steps {
		if s.Write == nil {
			continue
		}
		if s.Write.Path == SystemResolvConf && ValidResolvConf(s.Write.Data) == nil {
			continue // written through `gateway-doctor privileged` if need be
		}
		f, err := os.OpenFile(s.Write.Path, os.O_WRONLY, 0)
		if err != nil {
			if errors.Is(err, os.ErrPermission) {
				return fmt.Errorf("%w: %s is not writable", ErrNeedsAdmin, s.Write.Path)
			}
			return fmt.Errorf("write %s: %w", s.Write.Path, err)
		}
		f.Close()
	}
	return nil
}
