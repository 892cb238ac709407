package fixes

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// UserConfigDirs lists the journal directory of every account on this
// computer, for `gateway-doctor restore --all` (the .deb's prerm, the
// tarball's uninstall, macOS): on Linux from the home directories in
// passwd (each ~/.config/gateway-doctor), on macOS under /Users. Only the
// directories that exist are returned. A person who moved XDG_CONFIG_HOME
// is not found here, but through the pointer the privileged apply recorded
// (PointedDirs).
func UserConfigDirs(goos string, passwd []byte, exists func(string) bool) []string {
	seen := map[string]bool{}
	var out []string
	add := func(d string) {
		if d != "" && !seen[d] && exists(d) {
			seen[d] = true
			out = append(out, d)
		}
	}
	if d := os.Getenv(ConfigDirEnv); d != "" {
		add(d)
	}
	switch goos {
	case "linux":
		sc := bufio.NewScanner(bytes.NewReader(passwd))
		for sc.Scan() {
			f := strings.Split(sc.Text(), ":")
			if len(f) >= 6 && strings.HasPrefix(f[5], "/") {
				add(filepath.Join(f[5], ".config", "gateway-doctor"))
			}
		}
	case "darwin":
		homes, _ := filepath.Glob("/Users/*")
		for _, h := range homes {
			add(filepath.Join(h, "Library", "Application Support", "gateway-doctor"))
		}
	}
	return out
}

// RestoreAll puts back the original settings recorded in every directory
// (RestoreOriginal for each). It goes on after a failure and reports every
// one; restored lists the directories whose settings came back.
func RestoreAll(ctx context.Context, cfg SwitchConfig, dirs []string) (restored []string, err error) {
	var errs []error
	for _, d := range dirs {
		c := cfg
		c.Dir = d
		j, err := RestoreOriginal(ctx, c)
		if err != nil {
			errs = append(errs, fmt.Errorf("%s: %w", d, err))
			continue
		}
		if j != nil {
			restored = append(restored, d)
		}
	}
	return restored, errors.Join(errs...)
}
