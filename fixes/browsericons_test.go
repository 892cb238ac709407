package fixes

import (
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"testing"
)

// TestBrowserIconFromTheTheme: on Linux a browser's icon is its .desktop
// file's Icon=, found in the hicolor theme (the nearest size first, then
// the scalable one), then in the pixmaps; a format the wizard cannot draw,
// a name that is a path, no Icon= or another OS give none.
func TestBrowserIconFromTheTheme(t *testing.T) {
	root := filepath.Join("testdata", "browsericons")
	share, pixmaps := filepath.Join(root, "share"), filepath.Join(root, "pixmaps")
	e := BrowserEnv{GOOS: "linux", DataDirs: []string{filepath.Join(root, "nowhere"), share}, PixmapDirs: []string{pixmaps},
		ReadFile: os.ReadFile, Exists: func(p string) bool { _, err := os.Stat(p); return err == nil }}
	for _, tc := range []struct {
		name string
		id   BrowserID
		goos string
		want string
	}{
		{"a bitmap of the nearest size before a larger one", Firefox, "linux", filepath.Join(share, "icons/hicolor/48x48/apps/firefox.png")},
		{"the scalable one; the main entry's Icon=, not an action's", Chromium, "linux", filepath.Join(share, "icons/hicolor/scalable/apps/chromium.svg")},
		{"the pixmaps, the name's extension forgiven", Brave, "linux", filepath.Join(pixmaps, "brave-browser.png")},
		{"only an XPM, which the wizard cannot draw", Opera, "linux", ""},
		{"no Icon=", Vivaldi, "linux", ""},
		{"an icon name that is a path", Edge, "linux", ""},
		{"no .desktop file", Chrome, "linux", ""},
		{"macOS: the app bundle's .icns is not read", Firefox, "darwin", ""},
		{"Windows: the icon inside the .exe is not read", Firefox, "windows", ""},
		{"not a browser of the table", "netscape", "linux", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := e
			e.GOOS = tc.goos
			if got := BrowserIcon(e, tc.id); got != tc.want {
				t.Errorf("BrowserIcon(%s) = %q, want %q", tc.id, got, tc.want)
			}
		})
	}
}

// TestBrowserIconAbsolute: an absolute Icon= (a Snap's, say) is taken when
// the file is there and drawable; a .desktop file whose icon is not found
// gives way to the browser's next one.
func TestBrowserIconAbsolute(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("an absolute Icon= is a Linux path, which Windows does not take as absolute")
	}
	files := map[string]string{
		"/apps/applications/google-chrome.desktop":     "[Desktop Entry]\nIcon=/snap/chrome/current/missing.png\n",
		"/apps/applications/com.google.Chrome.desktop": "[Desktop Entry]\nIcon=/snap/chrome/current/icon.png\n",
		"/snap/chrome/current/icon.png":                "png",
		"/apps/applications/firefox.desktop":           "[Desktop Entry]\nIcon=/opt/firefox/icon.xpm\n",
		"/opt/firefox/icon.xpm":                        "xpm",
	}
	e := BrowserEnv{GOOS: "linux", DataDirs: []string{"/apps"},
		ReadFile: func(p string) ([]byte, error) {
			if s, ok := files[filepath.ToSlash(p)]; ok {
				return []byte(s), nil
			}
			return nil, errors.New("absent")
		},
		Exists: func(p string) bool { _, ok := files[filepath.ToSlash(p)]; return ok }}
	if got := BrowserIcon(e, Chrome); filepath.ToSlash(got) != "/snap/chrome/current/icon.png" {
		t.Errorf("Chrome: %q, want the second .desktop file's icon", got)
	}
	if got := BrowserIcon(e, Firefox); got != "" {
		t.Errorf("Firefox: %q, want none (XPM)", got)
	}
}

// TestDesktopEntry: a key is read from the main entry only, the first
// time it stands there.
func TestDesktopEntry(t *testing.T) {
	data := []byte("# Icon=comment\n[Desktop Action new]\nIcon=action\nExec=action\n[Desktop Entry]\nExec= firefox %u \nIcon=firefox\nIcon=second\n")
	for key, want := range map[string]string{"Icon": "firefox", "Exec": "firefox %u", "Name": ""} {
		if got := desktopEntry(data, key); got != want {
			t.Errorf("%s = %q, want %q", key, got, want)
		}
	}
}
