package assets

import "embed"

// Translations holds the user interface's words, one Fyne lang JSON file
// per language (en.json, es.json, …), keyed by stable IDs. The UI loads them
// with lang.AddTranslationsFS(assets.Translations, "translations"). To add a
// language, add a file with every key of en.json: a test checks that.
//
//go:embed translations
var Translations embed.FS
