// Package words renders the checks' sentences (checks.Text) in a language
// from assets/translations, for the command line.
//
// The UI renders through Fyne's lang, but the CLI does not use it: lang
// picks its language only from the process environment at each load (the
// UI puts a chosen language in LC_ALL around that call), while `check
// --lang` and the report's labels (checks.Report.WriteText, in package
// checks, which must not import Fyne) need a lookup in a named language,
// and the cgo-free `-tags nogui` build of the CLI should not pull Fyne in.
// The translations use the same {{.Name}} template fields either way.
package words

import (
	"encoding/json"
	"io/fs"
	"os"
	"path"
	"strings"

	"gatewaydoctor/assets"
	"gatewaydoctor/checks"
)

// Dict is one language's translations, key to template.
type Dict map[string]string

// Load reads the translations of the language code ("de"); ok is false
// when the project has no such language.
func Load(code string) (Dict, bool) {
	data, err := assets.Translations.ReadFile("translations/" + code + ".json")
	if err != nil {
		return nil, false
	}
	var d Dict
	if json.Unmarshal(data, &d) != nil {
		return nil, false
	}
	return d, true
}

// Codes lists the languages the project has, by code.
func Codes() []string {
	files, _ := fs.Glob(assets.Translations, "translations/*.json")
	out := make([]string, 0, len(files))
	for _, f := range files {
		out = append(out, strings.TrimSuffix(path.Base(f), ".json"))
	}
	return out
}

// Translator renders a Text in d's language, falling back to its English
// when d lacks the key (or the key's template does not fill).
func (d Dict) Translator() checks.Translator {
	one := func(t checks.Text) string {
		tmpl, ok := d[t.Key]
		if !ok || t.Key == "" {
			return t.English
		}
		return checks.Fill(tmpl, t.Args)
	}
	return func(t checks.Text) string { return t.Render(one) }
}

// Detect picks the language of the locale the way gettext reads it
// (LANGUAGE's list, then LC_ALL, LC_MESSAGES, LANG), keeping the first one
// the project has; English otherwise. getenv is os.Getenv outside tests.
func Detect(getenv func(string) string) string {
	if getenv == nil {
		getenv = os.Getenv
	}
	have := map[string]bool{}
	for _, c := range Codes() {
		have[c] = true
	}
	var candidates []string
	for _, v := range []string{"LC_ALL", "LC_MESSAGES", "LANG"} {
		if l := getenv(v); l != "" {
			candidates = append(candidates, l)
			break
		}
	}
	// A C or POSIX locale means untranslated messages; gettext ignores
	// LANGUAGE then, and so does this.
	if len(candidates) == 0 || (candidates[0] != "C" && !strings.HasPrefix(candidates[0], "C.") && !strings.HasPrefix(candidates[0], "POSIX")) {
		candidates = append(strings.Split(getenv("LANGUAGE"), ":"), candidates...)
	}
	for _, c := range candidates {
		code := strings.ToLower(c)
		code, _, _ = strings.Cut(code, ".")
		code, _, _ = strings.Cut(code, "@")
		code, _, _ = strings.Cut(strings.ReplaceAll(code, "-", "_"), "_")
		if have[code] {
			return code
		}
	}
	return "en"
}
