package fixes

import (
	"errors"
	"fmt"
	"os"
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
