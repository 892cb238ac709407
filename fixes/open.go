package fixes

import (
	"fmt"
	"strings"
)

// OpenPlan opens a validated http(s) URL in the user's default browser.
func OpenPlan(goos, rawURL string) (Command, error) {
	u, err := ValidateWebURL(rawURL)
	if err != nil {
		return Command{}, err
	}
	return openWith(goos, u)
}

// openWith hands target (a validated URL or a constant settings URI) to the
// OS's opener, as one argument.
func openWith(goos, target string) (Command, error) {
	switch goos {
	case "windows":
		// url.dll's FileProtocolHandler is ShellExecute's "open" for a URI;
		// unlike "cmd /c start" no shell parses the argument.
		return Command{Path: "rundll32", Args: []string{"url.dll,FileProtocolHandler", target}}, nil
	case "darwin":
		return Command{Path: "open", Args: []string{target}}, nil
	case "linux":
		return Command{Path: "xdg-open", Args: []string{target}}, nil
	}
	return Command{}, fmt.Errorf("open on %s: %w", goos, ErrUnsupported)
}

// Desktop is what ProxySettingsPlan needs to know about the desktop.
type Desktop struct {
	// XDGCurrentDesktop is $XDG_CURRENT_DESKTOP on Linux ("GNOME",
	// "ubuntu:GNOME", "KDE").
	XDGCurrentDesktop string
	// MacMajor is the macOS major version (13 = Ventura); 0 if unknown.
	MacMajor int
}

// ProxySettingsPlan opens the OS's proxy settings. On a Linux desktop that
// has no settings app we know, it returns ErrUnsupported: the instructions
// then stand alone.
func ProxySettingsPlan(goos string, d Desktop) (Command, error) {
	switch goos {
	case "windows":
		return openWith(goos, "ms-settings:network-proxy")
	case "darwin":
		if d.MacMajor > 0 && d.MacMajor < 13 {
			// Before Ventura, Network was a preference pane.
			return Command{Path: "open", Args: []string{"/System/Library/PreferencePanes/Network.prefpane"}}, nil
		}
		return Command{Path: "open", Args: []string{"x-apple.systempreferences:com.apple.Network-Settings.extension"}}, nil
	case "linux":
		desk := strings.ToUpper(d.XDGCurrentDesktop)
		switch {
		case strings.Contains(desk, "KDE"):
			return Command{Path: "systemsettings", Args: []string{"kcm_proxy"}}, nil
		case strings.Contains(desk, "GNOME"), strings.Contains(desk, "UNITY"), strings.Contains(desk, "BUDGIE"):
			return Command{Path: "gnome-control-center", Args: []string{"network"}}, nil
		}
	}
	return Command{}, fmt.Errorf("proxy settings on %s %s: %w", goos, d.XDGCurrentDesktop, ErrUnsupported)
}
