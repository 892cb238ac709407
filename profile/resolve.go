package profile

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
)

// FileName is the profile's file name beside the executable and in the
// user's config dir (under AppDir).
const FileName = "gateway-doctor.toml"

// AppDir is the program's folder in the user's config dir.
const AppDir = "gateway-doctor"

// Locations are where a profile is looked for after --profile. Tests set
// them to temporary folders; an empty field is skipped.
type Locations struct {
	ExeDir    string // the folder of the executable
	ConfigDir string // the user's config dir (os.UserConfigDir)
}

// DefaultLocations are this machine's: beside os.Executable() and in
// os.UserConfigDir(). A location that cannot be found is left empty.
func DefaultLocations() Locations {
	var l Locations
	if exe, err := os.Executable(); err == nil {
		if resolved, err := filepath.EvalSymlinks(exe); err == nil {
			exe = resolved
		}
		l.ExeDir = filepath.Dir(exe)
	}
	if dir, err := os.UserConfigDir(); err == nil {
		l.ConfigDir = dir
	}
	return l
}

// Resolve finds the profile with DefaultLocations; see Locations.Resolve.
func Resolve(flagPath string, k Known) (*Profile, error) {
	return DefaultLocations().Resolve(flagPath, k)
}

// Candidates are the files Resolve tries, in order, before the embedded default.
func (l Locations) Candidates(flagPath string) []string {
	if flagPath != "" {
		return []string{flagPath}
	}
	var out []string
	if l.ExeDir != "" {
		out = append(out, filepath.Join(l.ExeDir, FileName))
	}
	if l.ConfigDir != "" {
		out = append(out, filepath.Join(l.ConfigDir, AppDir, FileName))
	}
	return out
}

// Resolve finds the profile in DESIGN.md's order: the --profile file (which
// must exist), gateway-doctor.toml beside the executable, the one in the
// user's config dir, and the embedded default. The first file found wins;
// if it is invalid that is an error: it never falls back silently. k names
// the fix IDs a profile may disable.
func (l Locations) Resolve(flagPath string, k Known) (*Profile, error) {
	if flagPath != "" {
		return Load(flagPath, k)
	}
	for _, path := range l.Candidates("") {
		if _, err := os.Stat(path); err != nil {
			if errors.Is(err, fs.ErrNotExist) {
				continue
			}
			return nil, &Error{File: path, Msg: "cannot be read: " + reason(err)}
		}
		return Load(path, k)
	}
	return Default(), nil
}

// reason is an OS error without the path it repeats.
func reason(err error) string {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return err.Error()
}
