// Package proxy finds the proxy the user's browser would use, and tests it.
//
// Detect reads the configuration the way the browser does: the environment
// variables first, then the operating system (WinINET and WinHTTP on
// Windows, scutil on macOS, GNOME or KDE on Linux), with Firefox's own
// settings reported beside them when they differ. A PAC file is fetched and
// evaluated lazily, once, in the pac package's sandbox. Settings.Func is the
// decision the engine's Env.Proxy carries; Checks are "proxy.config" (what
// is configured, and whether the PAC file works) and "proxy.test" (does the
// proxy for the target answer, ask for credentials or make its own error).
//
// The parsers of every OS's format are plain functions over bytes, so the
// Windows and macOS code paths are tested on Linux against recorded outputs;
// only reading the registry lives in a _windows.go file.
package proxy
