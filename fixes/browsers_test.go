package fixes

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"gatewaydoctor/checks/system"
)

func TestLaunchPlansGolden(t *testing.T) {
	const site = "https://shop.example/checkout?id=7"
	paths := map[string]map[BrowserID]string{
		"linux":   {Chrome: "/usr/bin/google-chrome-stable", Edge: "/usr/bin/microsoft-edge", Firefox: "/usr/bin/firefox", Chromium: "/usr/bin/chromium", Brave: "/usr/bin/brave-browser", Vivaldi: "/usr/bin/vivaldi", Opera: "/usr/bin/opera"},
		"darwin":  {},
		"windows": {},
	}
	for _, k := range BrowserKinds {
		if k.MacApp != "" {
			paths["darwin"][k.ID] = "/Applications/" + k.MacApp
		}
		if k.WinExe != "" {
			paths["windows"][k.ID] = `C:\Program Files\` + k.Name + `\` + k.WinExe
		}
	}
	var b strings.Builder
	for _, goos := range []string{"linux", "darwin", "windows"} {
		for _, k := range BrowserKinds {
			p, ok := paths[goos][k.ID]
			if !ok {
				continue
			}
			for _, mode := range []LaunchMode{LaunchOpen, LaunchPrivate, LaunchNoExtensions, LaunchClearData, LaunchDNSCache} {
				c, err := LaunchPlan(goos, Browser{ID: k.ID, Path: p}, mode, site)
				if err != nil {
					fmt.Fprintf(&b, "%s %s %s: unsupported (%v)\n", goos, k.ID, mode, errors.Is(err, ErrUnsupported))
					continue
				}
				fmt.Fprintf(&b, "%s %s %s: %s\n", goos, k.ID, mode, c.String())
			}
		}
	}
	flat, _ := LaunchPlan("linux", Browser{ID: Firefox, Path: "/usr/bin/flatpak", Prefix: []string{"run", "org.mozilla.firefox"}}, LaunchPrivate, site)
	fmt.Fprintf(&b, "linux firefox flatpak private: %s\n", flat.String())
	for _, goos := range []string{"linux", "darwin", "windows"} {
		c, _ := OpenPlan(goos, "http://captive.example/generate_204")
		fmt.Fprintf(&b, "%s open portal: %s\n", goos, c.String())
	}
	for _, tc := range []struct {
		goos string
		d    Desktop
	}{{"windows", Desktop{}}, {"darwin", Desktop{MacMajor: 14}}, {"darwin", Desktop{MacMajor: 12}}, {"linux", Desktop{XDGCurrentDesktop: "ubuntu:GNOME"}}, {"linux", Desktop{XDGCurrentDesktop: "KDE"}}, {"linux", Desktop{XDGCurrentDesktop: "XFCE"}}} {
		c, err := ProxySettingsPlan(tc.goos, tc.d)
		if err != nil {
			fmt.Fprintf(&b, "%s %+v proxy settings: guidance only (%v)\n", tc.goos, tc.d, errors.Is(err, ErrUnsupported))
			continue
		}
		fmt.Fprintf(&b, "%s %+v proxy settings: %s\n", tc.goos, tc.d, c.String())
	}
	golden(t, "launch_plans.golden", b.String())
}

func TestDetectBrowsersLinux(t *testing.T) {
	files := map[string]string{
		"/home/u/.local/share/applications/firefox.desktop":                     "[Desktop Entry]\nName=Firefox\nExec=firefox %u\n[Desktop Action new-private-window]\nExec=firefox --private-window %u\n",
		"/var/lib/flatpak/exports/share/applications/com.google.Chrome.desktop": "[Desktop Entry]\nExec=/usr/bin/flatpak run --branch=stable --arch=x86_64 --command=/app/bin/chrome --file-forwarding com.google.Chrome @@u %U @@\n",
		"/usr/share/applications/microsoft-edge.desktop":                        "[Desktop Entry]\nExec=/opt/microsoft/msedge/microsoft-edge %U\n",
	}
	onPath := map[string]string{"firefox": "/usr/bin/firefox", "flatpak": "/usr/bin/flatpak", "chromium": "/usr/bin/chromium"}
	e := BrowserEnv{GOOS: "linux", Home: "/home/u", DataDirs: []string{"/home/u/.local/share", "/usr/share", "/var/lib/flatpak/exports/share"},
		LookPath: func(p string) (string, error) {
			if v, ok := onPath[p]; ok {
				return v, nil
			}
			if strings.HasPrefix(p, "/") {
				return "", os.ErrNotExist // the edge binary is not installed
			}
			return "", os.ErrNotExist
		},
		ReadFile: func(p string) ([]byte, error) {
			if s, ok := files[p]; ok {
				return []byte(s), nil
			}
			return nil, os.ErrNotExist
		}}
	got := DetectBrowsers(e)
	var ids []string
	for _, b := range got {
		ids = append(ids, fmt.Sprintf("%s=%s%v", b.ID, b.Path, b.Prefix))
	}
	want := []string{"chrome=/usr/bin/flatpak[run com.google.Chrome]", "firefox=/usr/bin/firefox[]", "chromium=/usr/bin/chromium[]"}
	if !slices.Equal(ids, want) {
		t.Errorf("detected %q, want %q", ids, want)
	}
}

func TestDetectBrowsersMacAndWindows(t *testing.T) {
	mac := BrowserEnv{GOOS: "darwin", Home: "/Users/u", Exists: func(p string) bool {
		return p == "/Applications/Safari.app" || p == "/Users/u/Applications/Firefox.app"
	}}
	if got := DetectBrowsers(mac); len(got) != 2 || got[0].ID != Firefox || got[0].Path != "/Users/u/Applications/Firefox.app" || got[1].ID != Safari {
		t.Errorf("mac: %+v", got)
	}
	win := BrowserEnv{GOOS: "windows", StartMenuInternet: func() ([]string, error) {
		return []string{`"C:\Program Files\Google\Chrome\Application\chrome.exe"`, `C:\Program Files\Mozilla Firefox\firefox.exe -osint -url "%1"`, `"C:\Program Files (x86)\Microsoft\Edge\Application\msedge.exe" --single-argument %1`}, nil
	}}
	got := DetectBrowsers(win)
	if len(got) != 3 || got[0].Path != `C:\Program Files\Google\Chrome\Application\chrome.exe` || got[1].ID != Edge || got[2].Path != `C:\Program Files\Mozilla Firefox\firefox.exe` {
		t.Errorf("windows: %+v", got)
	}
}

func TestRunningBrowsersNamesWithoutKilling(t *testing.T) {
	got := RunningBrowsers([]string{"systemd", "firefox", "chrome", "chrome", "bash"})
	if len(got) != 2 || got[0].ID != Chrome || got[1].ID != Firefox {
		t.Errorf("%+v", got)
	}
}

func TestDetectBrowsersPrefersKnownInventory(t *testing.T) {
	e := BrowserEnv{GOOS: "linux", LookPath: func(p string) (string, error) {
		if p == "firefox" {
			return "/usr/bin/firefox", nil
		}
		return "", os.ErrNotExist
	}, ReadFile: func(string) ([]byte, error) { return nil, os.ErrNotExist },
		Known: func() []system.Browser {
			return []system.Browser{{ID: system.BrowserChrome, Name: "Google Chrome", Path: "/opt/google/chrome/chrome"}}
		}}
	got := DetectBrowsers(e)
	if len(got) != 2 || got[0].ID != Chrome || got[0].Path != "/opt/google/chrome/chrome" || got[1].ID != Firefox {
		t.Errorf("%+v", got)
	}
}

// The fixes launch from the one browser table that the checks observe with.
func TestOneBrowserTable(t *testing.T) {
	if len(BrowserKinds) != len(system.BrowserKinds) || &BrowserKinds[0] != &system.BrowserKinds[0] {
		t.Error("fixes.BrowserKinds is not system.BrowserKinds")
	}
}

// TestDesktopBrowserSnapExec: a Snap's .desktop file starts the browser
// through env with a variable; the browser is the program after it, run
// directly, and env is never what is run, whatever else the line holds.
func TestDesktopBrowserSnapExec(t *testing.T) {
	snapPrograms := map[string]bool{"/snap/bin/firefox": true, "/snap/bin/chromium": true}
	e := BrowserEnv{GOOS: "linux", LookPath: func(p string) (string, error) {
		switch {
		case snapPrograms[p]:
			return p, nil
		case p == "env":
			return "/usr/bin/env", nil
		case p == "flatpak":
			return "/usr/bin/flatpak", nil
		case p == "sh" || p == "python3" || p == "/usr/lib/firefox/firefox.sh":
			return p, nil
		}
		return "", os.ErrNotExist
	}}
	const hint = "BAMF_DESKTOP_FILE_HINT=/var/lib/snapd/desktop/applications/firefox_firefox.desktop"
	for _, tc := range []struct {
		name, exec, want string
	}{
		{"snap firefox", "env " + hint + " /snap/bin/firefox %u", "/snap/bin/firefox"},
		{"snap with two variables", "/usr/bin/env A=1 " + hint + " /snap/bin/chromium %U", "/snap/bin/chromium"},
		{"snap program not installed", "env " + hint + " /snap/bin/brave %u", ""},
		{"env option", "env -i " + hint + " /snap/bin/firefox %u", ""},
		{"env unsets", "env -u HOME /snap/bin/firefox", ""},
		{"quoted variable", `env "A=b c" /snap/bin/firefox`, ""},
		{"only variables", "env " + hint, ""},
		{"field code as program", "env A=1 %u", ""},
		{"env of env", "env A=1 env /snap/bin/firefox", ""},
		{"env of flatpak", "env A=1 flatpak run org.mozilla.firefox", ""},
		{"bare env", "env", ""},
		{"a shell", `sh -c "firefox $0" %u`, ""},
		{"a shell after env", "env A=1 sh -c firefox", ""},
		{"an interpreter", "python3 /opt/launch.py %u", ""},
		{"a wrapper script", "/usr/lib/firefox/firefox.sh %u", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			b, ok := desktopBrowser(e, []byte("[Desktop Entry]\nExec="+tc.exec+"\n"), "firefox_firefox")
			if got := b.Path; ok != (tc.want != "") || got != tc.want || len(b.Prefix) != 0 {
				t.Errorf("%q: %+v %v, want path %q", tc.exec, b, ok, tc.want)
			}
		})
	}
}

// TestDetectSnapBrowsers: the Snap .desktop files in snapd's data dir are
// found, their Exec gives the /snap/bin program and their absolute Icon
// the icon.
func TestDetectSnapBrowsers(t *testing.T) {
	snap := "/var/lib/snapd/desktop/applications/"
	files := map[string]string{
		snap + "firefox_firefox.desktop":   "[Desktop Entry]\nExec=env BAMF_DESKTOP_FILE_HINT=" + snap + "firefox_firefox.desktop /snap/bin/firefox %u\nIcon=/snap/firefox/123/default256.png\n",
		snap + "chromium_chromium.desktop": "[Desktop Entry]\nExec=env BAMF_DESKTOP_FILE_HINT=" + snap + "chromium_chromium.desktop /snap/bin/chromium %U\nIcon=/snap/chromium/9/chromium.png\n",
		snap + "brave_brave.desktop":       "[Desktop Entry]\nExec=env BAMF_DESKTOP_FILE_HINT=" + snap + "brave_brave.desktop /snap/bin/brave %U\nIcon=/snap/brave/5/brave.png\n",
		snap + "opera_opera.desktop":       "[Desktop Entry]\nExec=env BAMF_DESKTOP_FILE_HINT=" + snap + "opera_opera.desktop /snap/bin/opera %U\nIcon=/snap/opera/7/opera.png\n",
		"/snap/firefox/123/default256.png": "png", "/snap/chromium/9/chromium.png": "png",
		"/snap/brave/5/brave.png": "png", "/snap/opera/7/opera.png": "png",
	}
	e := BrowserEnv{GOOS: "linux", DataDirs: []string{"/usr/share", "/var/lib/snapd/desktop"},
		LookPath: func(p string) (string, error) {
			if strings.HasPrefix(p, "/snap/bin/") {
				return p, nil
			}
			if p == "env" {
				return "/usr/bin/env", nil
			}
			return "", os.ErrNotExist
		},
		ReadFile: func(p string) ([]byte, error) {
			if s, ok := files[filepath.ToSlash(p)]; ok {
				return []byte(s), nil
			}
			return nil, os.ErrNotExist
		},
		Exists: func(p string) bool { _, ok := files[filepath.ToSlash(p)]; return ok }}
	var got []string
	for _, b := range DetectBrowsers(e) {
		got = append(got, fmt.Sprintf("%s=%s%v %s", b.ID, b.Path, b.Prefix, filepath.ToSlash(BrowserIcon(e, b.ID))))
	}
	want := []string{
		"firefox=/snap/bin/firefox[] /snap/firefox/123/default256.png",
		"chromium=/snap/bin/chromium[] /snap/chromium/9/chromium.png",
		"brave=/snap/bin/brave[] /snap/brave/5/brave.png",
		"opera=/snap/bin/opera[] /snap/opera/7/opera.png",
	}
	if !slices.Equal(got, want) {
		t.Errorf("detected %q, want %q", got, want)
	}
}
