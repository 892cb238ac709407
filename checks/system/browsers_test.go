package system

import (
	"errors"
	"reflect"
	"slices"
	"strings"
	"testing"

	"gatewaydoctor/checks"
)

func TestBrowsersInstalledPerOS(t *testing.T) {
	for _, tc := range []struct {
		goos  string
		env   map[string]string
		files []string
		path  map[string]string // command → found path
		want  []string          // IDs
		paths []string
	}{
		{goos: "windows",
			env:   map[string]string{"ProgramFiles": `C:\Program Files`, "ProgramFiles(x86)": `C:\Program Files (x86)`, "LocalAppData": `C:\Users\u\AppData\Local`},
			files: []string{`C:\Program Files (x86)\Microsoft\Edge\Application\msedge.exe`, `C:\Users\u\AppData\Local\Google\Chrome\Application\chrome.exe`, `C:\Program Files\Mozilla Firefox\firefox.exe`},
			want:  []string{BrowserChrome, BrowserEdge, BrowserFirefox},
			paths: []string{`C:\Users\u\AppData\Local\Google\Chrome\Application\chrome.exe`, `C:\Program Files (x86)\Microsoft\Edge\Application\msedge.exe`, `C:\Program Files\Mozilla Firefox\firefox.exe`}},
		{goos: "windows", env: map[string]string{}, files: []string{`\Google\Chrome\Application\chrome.exe`}, want: nil},
		{goos: "darwin",
			files: []string{"/Applications/Safari.app", "/Users/u/Applications/Firefox.app", "/Applications/Brave Browser.app"},
			want:  []string{BrowserFirefox, BrowserBrave, BrowserSafari},
			paths: []string{"/Users/u/Applications/Firefox.app", "/Applications/Brave Browser.app", "/Applications/Safari.app"}},
		{goos: "linux",
			files: []string{"/snap/bin/chromium"},
			path:  map[string]string{"firefox-esr": "/usr/bin/firefox-esr", "google-chrome-stable": "/usr/bin/google-chrome-stable"},
			want:  []string{BrowserChrome, BrowserFirefox, BrowserChromium},
			paths: []string{"/usr/bin/google-chrome-stable", "/usr/bin/firefox-esr", "/snap/bin/chromium"}},
		{goos: "linux", want: nil},
	} {
		t.Run(tc.goos, func(t *testing.T) {
			files := map[string]bool{}
			for _, f := range tc.files {
				files[f] = true
			}
			h := browserHost{
				goos:   tc.goos,
				getenv: func(k string) string { return tc.env[k] },
				home:   "/Users/u",
				exists: func(p string) bool { return files[p] },
				lookPath: func(c string) (string, error) {
					if p, ok := tc.path[c]; ok {
						return p, nil
					}
					return "", errors.New("not found")
				},
			}
			var ids, paths []string
			for _, b := range h.installed() {
				ids = append(ids, b.ID)
				paths = append(paths, b.Path)
				if b.Name == "" {
					t.Errorf("%s has no name", b.ID)
				}
			}
			if !reflect.DeepEqual(ids, tc.want) || (tc.paths != nil && !reflect.DeepEqual(paths, tc.paths)) {
				t.Errorf("got %v %v, want %v %v", ids, paths, tc.want, tc.paths)
			}
		})
	}
}

func TestBrowsersRunningPerOS(t *testing.T) {
	for _, tc := range []struct {
		goos  string
		procs []procInfo
		want  []Browser
	}{
		{"windows", []procInfo{
			{PID: 900, Name: "chrome.exe", Exe: `C:\Program Files\Google\Chrome\Application\chrome.exe`},
			{PID: 800, Name: "chrome.exe", Exe: `C:\Program Files\Google\Chrome\Application\chrome.exe`},
			{PID: 700, Name: "chrome.exe", Exe: `C:\Users\u\AppData\Local\Chromium\Application\chrome.exe`},
			{PID: 10, Name: "MsEdge.exe", Exe: `C:\x\msedge.exe`},
			{PID: 11, Name: "explorer.exe"},
		}, []Browser{
			{ID: BrowserChrome, Name: "Google Chrome", Path: `C:\Program Files\Google\Chrome\Application\chrome.exe`, PID: 800},
			{ID: BrowserEdge, Name: "Microsoft Edge", Path: `C:\x\msedge.exe`, PID: 10},
			{ID: BrowserChromium, Name: "Chromium", Path: `C:\Users\u\AppData\Local\Chromium\Application\chrome.exe`, PID: 700},
		}},
		{"darwin", []procInfo{{PID: 5, Name: "Safari"}, {PID: 6, Name: "Google Chrome Helper"}, {PID: 7, Name: "firefox"}}, []Browser{
			{ID: BrowserFirefox, Name: "Firefox", PID: 7},
			{ID: BrowserSafari, Name: "Safari", PID: 5},
		}},
		{"linux", []procInfo{{PID: 3, Name: "chromium-browse"}, {PID: 4, Name: "firefox-esr"}, {PID: 5, Name: "bash"}}, []Browser{
			{ID: BrowserFirefox, Name: "Firefox", PID: 4},
			{ID: BrowserChromium, Name: "Chromium", PID: 3},
		}},
		{"linux", nil, nil},
	} {
		t.Run(tc.goos, func(t *testing.T) {
			if got := runningBrowsers(tc.goos, tc.procs); !reflect.DeepEqual(got, tc.want) {
				t.Errorf("got %+v\nwant %+v", got, tc.want)
			}
		})
	}
}

func TestBrowsersCheckOnThisMachine(t *testing.T) {
	r := browsersResult(InstalledBrowsers(), RunningBrowsers())
	if r.Status != checks.StatusOK || r.Summary == "" {
		t.Errorf("%s %q", r.Status, r.Summary)
	}
	if _, ok := r.Details["installed"].([]Browser); !ok {
		t.Errorf("details: %v", r.Details)
	}
}

// The one browser table agrees with itself: the bundle and program names
// the fixes' detectors look for are those of the install paths the check
// looks at, and every row names its processes.
func TestBrowserTableRowsAgree(t *testing.T) {
	for _, k := range BrowserKinds {
		if k.MacApp != "" && !slices.ContainsFunc(k.Paths["darwin"], func(p string) bool { return strings.HasSuffix(p, "/"+k.MacApp) }) {
			t.Errorf("%s: MacApp %q is not among its macOS paths %v", k.ID, k.MacApp, k.Paths["darwin"])
		}
		if k.WinExe != "" && !slices.ContainsFunc(k.Paths["windows"], func(p string) bool { return strings.HasSuffix(p, `\`+k.WinExe) }) {
			t.Errorf("%s: WinExe %q is not among its Windows paths %v", k.ID, k.WinExe, k.Paths["windows"])
		}
		if len(k.AllProcs()) == 0 || k.Name == "" {
			t.Errorf("%s: no process names or no name", k.ID)
		}
		for _, p := range k.AllProcs() {
			if p != strings.ToLower(p) {
				t.Errorf("%s: process name %q is not lower case", k.ID, p)
			}
		}
	}
}
