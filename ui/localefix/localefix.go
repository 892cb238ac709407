// Package localefix repairs a locale environment that Fyne cannot parse,
// before Fyne's lang package reads it.
//
// Fyne v2.7.1's lang package picks the language in its own init function:
// lang.init → AddTranslationsFS → updateLocalizer → go-locale's GetLocales,
// which reads LC_ALL, LC_MESSAGES, then LANG. "C" and "POSIX" are skipped,
// but "C.UTF-8" (the default of many Linux images and containers) becomes
// the tag "C", and closestSupportedLocale logs
//
//	Fyne error:  Error parsing user locale C
//
// on every start (lang/locale.go:35). go-locale consults LANGUAGE before
// LANG unless the locale is exactly "C" or "POSIX", so setting LANGUAGE=en in
// that case gives Fyne a tag it parses, and changes nothing else: a C locale
// means untranslated English messages anyway, and GNU gettext ignores
// LANGUAGE under a C locale, so child processes behave as before.
//
// This must run before lang's init. Go initialises packages in import-path
// order among those whose imports are ready (the Go spec, "Package
// initialization", since Go 1.21). This package imports only os and
// strings, so it is ready long before github.com/jeandeaual/go-locale, which
// lang needs, and "gatewaydoctor/…" sorts before "github.com/…": it is
// initialised first. It must therefore never import anything beyond the
// standard library's os and strings. TestLocaleCDoesNotLog guards this.
package localefix

import (
	"os"
	"strings"
)

func init() { Normalize() }

// Normalize sets LANGUAGE when the locale variables go-locale reads name a
// locale it would turn into a malformed tag (C.UTF-8, POSIX.UTF-8,
// de_DE@euro): to the usable part when there is one, else to "en". It
// reports whether it changed the environment.
func Normalize() bool {
	locale := ""
	for _, v := range [...]string{"LC_ALL", "LC_MESSAGES", "LANG"} {
		if locale = os.Getenv(v); locale != "" {
			break
		}
	}
	if locale == "" || locale == "C" || locale == "POSIX" {
		return false // go-locale treats these as "no preference": English
	}
	if l := os.Getenv("LANGUAGE"); l != "" && wellFormed(l) {
		return false
	}
	if wellFormed(locale) {
		return false
	}
	// Keep the user's language when only a modifier spoils it (de_DE@euro).
	clean, _, _ := strings.Cut(locale, ".")
	clean, _, _ = strings.Cut(clean, "@")
	if !wellFormed(clean) {
		clean = "en"
	}
	os.Setenv("LANGUAGE", clean)
	return true
}

// wellFormed reports whether every entry of a colon-separated locale list
// becomes a well-formed tag the way go-locale splits it (encoding cut at
// '.', territory after '_' or '-'): a language of two or three letters and
// a territory of letters and digits.
func wellFormed(list string) bool {
	for _, loc := range strings.Split(list, ":") {
		loc, _, _ = strings.Cut(loc, ".")
		lang, region, _ := strings.Cut(strings.ReplaceAll(loc, "-", "_"), "_")
		if len(lang) < 2 || len(lang) > 3 || !alnum(lang, false) || !alnum(region, true) {
			return false
		}
	}
	return true
}

func alnum(s string, digits bool) bool {
	for _, r := range s {
		ok := (r >= 'a' && r <= 'z') || (r >= 'A' && r <= 'Z') || (digits && r >= '0' && r <= '9')
		if !ok {
			return false
		}
	}
	return true
}
