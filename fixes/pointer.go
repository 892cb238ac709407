package fixes

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// Pending-change pointers (issue 16). `restore --all` runs as root from an
// uninstaller and finds each account's journal from passwd or /Users; an
// account that moved its config dir (XDG_CONFIG_HOME, ConfigDirEnv) is not
// found there. So the privileged apply, which runs as root anyway, records
// where the journal lives in a directory only an administrator writes. The
// watchdog removes the record when the directory holds no journal any more;
// a kept change keeps it, because the uninstaller still puts the original
// settings back. `restore --all` reads the records, validates each, and
// reads nothing from a pointed directory but its two journal files.

// maxPointer bounds a pointer file: one absolute path (PATH_MAX is 4096).
const maxPointer = 4096

// testPointerRoot replaces DefaultPointerRoot in the namespace lab's build
// of this program (go build -ldflags -X, internal/netlab.Program), whose
// root side would otherwise write to the host's /var/lib. It is empty in
// every other build: the root side reads no environment.
var testPointerRoot string

// DefaultPointerRoot is the system directory of the pointers on goos:
// beside the package's other state on Linux, in the machine-wide
// Application Support on macOS, in %ProgramData% on Windows.
func DefaultPointerRoot(goos string) string {
	if testPointerRoot != "" {
		return testPointerRoot
	}
	switch goos {
	case "linux":
		return "/var/lib/gateway-doctor/pending"
	case "darwin":
		return "/Library/Application Support/Gateway Doctor/pending"
	case "windows":
		return programData() + `\Gateway Doctor\pending`
	}
	return ""
}

// pointerName names the pointer of dir: the uid that owns dir on Unix (one
// per account, so a later change of the same account replaces it), a hash
// of the path on Windows, where the file name then ties the record to its
// content.
func pointerName(goos, dir string, fi os.FileInfo) (string, error) {
	if goos == "windows" {
		h := sha256.Sum256([]byte(strings.ToLower(dir)))
		return "d-" + hex.EncodeToString(h[:16]), nil
	}
	uid, ok := fileOwner(fi)
	if !ok {
		return "", fmt.Errorf("pointer: no owner for %s: %w", dir, ErrInvalid)
	}
	return strconv.FormatUint(uint64(uid), 10), nil
}

// plainDir is a directory that is not a symbolic link or a junction.
func plainDir(fi os.FileInfo) bool {
	return fi.IsDir() && fi.Mode()&(os.ModeSymlink|os.ModeIrregular) == 0
}

// recordPointer writes root/NAME, holding dir, atomically.
func recordPointer(root, goos, dir string) error {
	fi, err := os.Lstat(dir)
	if err != nil {
		return fmt.Errorf("pointer: %w", err)
	}
	if !plainDir(fi) {
		return fmt.Errorf("pointer: %s is not a plain directory: %w", dir, ErrInvalid)
	}
	name, err := pointerName(goos, dir, fi)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(root, 0o755); err != nil {
		return fmt.Errorf("pointer: %w", err)
	}
	if rfi, err := os.Lstat(root); err != nil || !plainDir(rfi) {
		return fmt.Errorf("pointer: %s is not a plain directory: %w", root, ErrInvalid)
	}
	f, err := os.CreateTemp(root, ".pointer-*")
	if err != nil {
		return fmt.Errorf("pointer: %w", err)
	}
	tmp := f.Name()
	defer os.Remove(tmp)
	err = f.Chmod(0o644)
	if err == nil {
		_, err = f.WriteString(dir + "\n")
	}
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp, filepath.Join(root, name))
	}
	if err != nil {
		return fmt.Errorf("pointer: %w", err)
	}
	return nil
}

// hasJournal reports whether dir holds a pending or a kept journal.
func hasJournal(dir string) bool {
	for _, n := range []string{JournalFile, KeptJournalFile} {
		if _, err := os.Lstat(filepath.Join(dir, n)); err == nil {
			return true
		}
	}
	return false
}

// readPointer returns the directory a pointer file names, or an error when
// the file is not one this program wrote.
func readPointer(goos, path string) (string, error) {
	fi, err := os.Lstat(path)
	if err != nil {
		return "", err
	}
	if !fi.Mode().IsRegular() || fi.Size() > maxPointer {
		return "", fmt.Errorf("pointer %s: not a small regular file: %w", path, ErrInvalid)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return "", err
	}
	dir, ok := strings.CutSuffix(string(data), "\n")
	if !ok || strings.ContainsAny(dir, "\x00\r\n") || !absFor(goos, dir) || filepath.Clean(dir) != dir {
		return "", fmt.Errorf("pointer %s: not one clean absolute path: %w", path, ErrInvalid)
	}
	return dir, nil
}

// validPointer checks that the pointed dir is what the pointer's name
// says: a plain directory whose journals (the only files `restore --all`
// reads there) are regular files, all owned by the account the pointer is
// named after (Unix), or whose path hashes to the name (Windows).
func validPointer(goos, name, dir string) error {
	fi, err := os.Lstat(dir)
	if err != nil {
		return err
	}
	if !plainDir(fi) {
		return fmt.Errorf("%s is not a plain directory: %w", dir, ErrInvalid)
	}
	want, err := pointerName(goos, dir, fi)
	if err != nil {
		return err
	}
	if want != name {
		return fmt.Errorf("%s belongs to %s, not to %s: %w", dir, want, name, ErrInvalid)
	}
	for _, n := range []string{JournalFile, KeptJournalFile} {
		jfi, err := os.Lstat(filepath.Join(dir, n))
		if errors.Is(err, os.ErrNotExist) {
			continue
		}
		if err != nil {
			return err
		}
		if !jfi.Mode().IsRegular() {
			return fmt.Errorf("%s in %s is not a regular file: %w", n, dir, ErrInvalid)
		}
		if goos != "windows" {
			if o, _ := pointerName(goos, dir, jfi); o != name {
				return fmt.Errorf("%s in %s belongs to %s, not to %s: %w", n, dir, o, name, ErrInvalid)
			}
		}
	}
	return nil
}

// PointedDirs lists the journal directories that the pointers under root
// name, each validated; a pointer that fails is reported in err and never
// followed. A directory that holds no journal any more is left out.
func PointedDirs(root, goos string) (dirs []string, err error) {
	entries, rerr := os.ReadDir(root)
	if errors.Is(rerr, os.ErrNotExist) {
		return nil, nil
	}
	if rerr != nil {
		return nil, fmt.Errorf("pointers: %w", rerr)
	}
	var errs []error
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), ".") {
			continue // a pointer being written
		}
		dir, err := readPointer(goos, filepath.Join(root, e.Name()))
		if err == nil {
			if !hasJournal(dir) {
				continue
			}
			err = validPointer(goos, e.Name(), dir)
		}
		if err != nil {
			errs = append(errs, fmt.Errorf("pointer %s: %w", e.Name(), err))
			continue
		}
		dirs = append(dirs, dir)
	}
	return dirs, errors.Join(errs...)
}

// ForgetPointers removes the pointers under root that name dir (every
// pointer when dir is "") once the directory they name holds no journal:
// the change was undone, reverted, or put back by `restore --all`.
func ForgetPointers(root, goos, dir string) error {
	entries, err := os.ReadDir(root)
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("pointers: %w", err)
	}
	var errs []error
	for _, e := range entries {
		p := filepath.Join(root, e.Name())
		d, err := readPointer(goos, p)
		if err != nil || (dir != "" && d != dir) || hasJournal(d) {
			continue
		}
		if err := os.Remove(p); err != nil && !errors.Is(err, os.ErrNotExist) {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}
