package fixes

import (
	"context"
	"slices"
	"strings"

	"github.com/shirou/gopsutil/v3/process"
)

// RunningBrowsers names the known browsers that have a process among names
// (process names as the OS reports them). "Restart your browser" names them
// for the user; the app never ends a browser itself.
func RunningBrowsers(names []string) []BrowserKind {
	var out []BrowserKind
	for _, k := range BrowserKinds {
		for _, n := range names {
			if slices.ContainsFunc(k.AllProcs(), func(p string) bool { return strings.EqualFold(p, n) }) {
				out = append(out, k)
				break
			}
		}
	}
	return out
}

// ProcessNames lists the names of this computer's processes (read-only).
func ProcessNames(ctx context.Context) []string {
	ps, err := process.ProcessesWithContext(ctx)
	if err != nil {
		return nil
	}
	names := make([]string, 0, len(ps))
	for _, p := range ps {
		if n, err := p.NameWithContext(ctx); err == nil {
			names = append(names, n)
		}
	}
	return names
}
