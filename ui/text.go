package ui

import (
	"encoding/json"
	"errors"
	"io/fs"
	"os"
	"path"
	"slices"
	"strings"
	"sync"

	"fyne.io/fyne/v2/lang"

	"gatewaydoctor/assets"
	"gatewaydoctor/checks"
	"gatewaydoctor/fixes"
	_ "gatewaydoctor/ui/localefix" // before lang reads the locale: see its doc
)

// T returns the user-facing text with the translation key key, in the
// chosen language, falling back to English and then to the key itself (a
// test keeps every key used here present in every language).
func T(key string, data ...any) string {
	return lang.X(key, key, data...)
}

// say renders a check's sentence (checks.Say) in the chosen language, or
// english when the check gave no key or the translations lack it.
func say(t *checks.Text, english string) string {
	if t == nil {
		return english
	}
	return t.Render(func(one checks.Text) string { return tOr(one.Key, one.English, one.Args) })
}

// sayLine renders an evidence line in the chosen language when one of
// texts carries it; other lines are data and stay as they are.
func sayLine(line string, texts []checks.Text) string {
	for i := range texts {
		if texts[i].Full() == line {
			return say(&texts[i], line)
		}
	}
	return line
}

// fixTitle is the translated short title of a fix.
func fixTitle(id string) string { t := row(id).Title; return tOr(t.Key, fixes.EnglishTitle(id)) }

// checkName is the translated name of a check row; an unknown check shows
// its ID rather than nothing.
func checkName(id string) string { return tOr("check."+id, id) }

// tOr translates key, or returns fallback when the translations lack key
// (an unknown check ID, a fix without an action). Fyne logs every lookup of
// a missing key as an error, so those never reach lang.
func tOr(key, fallback string, data ...any) string {
	if !knownKeys()[key] {
		return fallback
	}
	return lang.X(key, fallback, data...)
}

// knownKeys is the key set of the English translations, which every other
// language matches (TestTranslationsComplete).
var knownKeys = sync.OnceValue(func() map[string]bool {
	keys := map[string]bool{}
	data, err := assets.Translations.ReadFile("translations/en.json")
	if err != nil {
		return keys
	}
	var m map[string]any
	if json.Unmarshal(data, &m) == nil {
		for k := range m {
			keys[k] = true
		}
	}
	return keys
})

// Languages offered in Settings: one per file of assets/translations, by
// code (the file's name), with its own name (its "language.self" key, so a
// person who cannot read the current language still finds theirs). English
// comes first, the others in the order of their own names. Adding a
// language is adding its file.
var Languages = languages()

// Language is one translation: its code and its name in itself.
type Language struct{ Code, Name string }

func languages() []Language {
	files, _ := fs.Glob(assets.Translations, "translations/*.json")
	var out []Language
	for _, f := range files {
		code := strings.TrimSuffix(path.Base(f), ".json")
		data, err := assets.Translations.ReadFile(f)
		if err != nil {
			continue
		}
		var m map[string]any
		if json.Unmarshal(data, &m) != nil {
			continue
		}
		name, _ := m["language.self"].(string)
		if name == "" {
			name = code
		}
		out = append(out, Language{Code: code, Name: name})
	}
	slices.SortFunc(out, func(a, b Language) int {
		switch {
		case a.Code == "en":
			return -1
		case b.Code == "en":
			return 1
		}
		return strings.Compare(a.Name, b.Name)
	})
	return out
}

// currentLanguage is the code of the language the texts are shown in: the
// one whose own name the loaded translations say (Fyne's lang picks it from
// the chosen or the system language and does not tell which it picked).
func currentLanguage() string {
	self := T("language.self")
	for _, l := range Languages {
		if l.Name == self {
			return l.Code
		}
	}
	return "en"
}

var langMu sync.Mutex

// loadTranslations loads the embedded translations and selects the
// language: code, or the system's when code is "". Fyne's lang picks the
// language only from the environment (go-locale) each time translations are
// added, and has no setter, so a chosen language is put in LC_ALL for the
// duration of that call and the environment restored afterwards.
func loadTranslations(code string) error {
	langMu.Lock()
	defer langMu.Unlock()
	if code == "" {
		return lang.AddTranslationsFS(assets.Translations, "translations")
	}
	vars := []string{"LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"}
	saved := make(map[string]*string, len(vars))
	for _, v := range vars {
		if val, ok := os.LookupEnv(v); ok {
			saved[v] = &val
		} else {
			saved[v] = nil
		}
	}
	os.Unsetenv("LANGUAGE")
	os.Setenv("LC_ALL", code)
	err := lang.AddTranslationsFS(assets.Translations, "translations")
	for _, v := range vars {
		if p := saved[v]; p != nil {
			os.Setenv(v, *p)
		} else {
			os.Unsetenv(v)
		}
	}
	return err
}

// fixError words a fix's error for people.
func fixError(err error) string {
	switch {
	case errors.Is(err, ErrNeedsAdmin):
		return T("fix.error.admin")
	case errors.Is(err, ErrNotVerified):
		return T("dns.verify_failed")
	default:
		return T("fix.error.generic", map[string]any{"Reason": err.Error()})
	}
}
