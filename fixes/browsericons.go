package fixes

import (
	"path/filepath"
	"strings"
)

// hicolorSizes are the hicolor theme's folders searched for a browser's
// icon, in order: the sizes nearest the choice's small icon first (a
// bitmap scales down well, Fyne's SVG renderer draws some browsers'
// gradients poorly), then the larger ones, then the scalable one. Every
// browser package installs at least one of these (the icon theme spec
// requires hicolor as every theme's fallback).
var hicolorSizes = []string{"48x48", "64x64", "128x128", "256x256", "32x32", "scalable"}

// iconExts are the formats the wizard can draw (Fyne draws PNG, JPEG and
// SVG; XPM, which old pixmaps use, it cannot).
var iconExts = []string{".png", ".svg"}

// BrowserIcon is the file of browser id's icon where the OS gives one, ""
// where it does not. On Linux it is the Icon= of the browser's .desktop
// file (its LinuxDesktops in DataDirs, in the order detection reads them;
// the first whose icon is found), resolved through the hicolor theme of each data dir and
// then the PixmapDirs, as the icon theme spec says; an absolute Icon= is
// taken as it is. macOS (an .icns in the app bundle) and Windows (an icon
// inside the .exe) give none here: the wizard names the browser alone.
func BrowserIcon(e BrowserEnv, id BrowserID) string {
	k, ok := Kind(id)
	if !ok || e.GOOS != "linux" || e.ReadFile == nil || e.Exists == nil {
		return ""
	}
	for _, d := range e.DataDirs {
		for _, name := range k.LinuxDesktops {
			data, err := e.ReadFile(filepath.Join(d, "applications", name))
			if err != nil {
				continue
			}
			if p := themeIcon(e, desktopEntry(data, "Icon")); p != "" {
				return p
			}
		}
	}
	return ""
}

// themeIcon resolves an Icon= value: an absolute path to a file the wizard
// can draw, or an icon name looked up in hicolor, then the pixmaps.
func themeIcon(e BrowserEnv, icon string) string {
	if icon == "" {
		return ""
	}
	if filepath.IsAbs(icon) {
		if drawable(icon) && e.Exists(icon) {
			return filepath.Clean(icon)
		}
		return ""
	}
	// A name, not a path: some files give it with its extension, which
	// the spec does not allow but the lookup forgives.
	for _, ext := range iconExts {
		icon = strings.TrimSuffix(icon, ext)
	}
	if icon == "" || icon == "." || icon == ".." || strings.ContainsAny(icon, `/\`) {
		return ""
	}
	for _, d := range e.DataDirs {
		for _, size := range hicolorSizes {
			for _, ext := range iconExts {
				if p := filepath.Join(d, "icons", "hicolor", size, "apps", icon+ext); e.Exists(p) {
					return p
				}
			}
		}
	}
	for _, d := range e.PixmapDirs {
		for _, ext := range iconExts {
			if p := filepath.Join(d, icon+ext); e.Exists(p) {
				return p
			}
		}
	}
	return ""
}

// drawable reports whether path is in a format the wizard can draw.
func drawable(path string) bool {
	ext := strings.ToLower(filepath.Ext(path))
	for _, e := range iconExts {
		if ext == e {
			return true
		}
	}
	return false
}
