package ui

import (
	"io/fs"
	"testing"

	"gatewaydoctor/assets"
)

// TestLanguagesAreTheFiles: adding a language is adding its file. Every file
// of assets/translations is offered, by its own name, English first.
func TestLanguagesAreTheFiles(t *testing.T) {
	files, err := fs.Glob(assets.Translations, "translations/*.json")
	if err != nil || len(files) < 2 {
		t.Fatalf("translation files: %v %v", files, err)
	}
	if len(Languages) != len(files) {
		t.Fatalf("%d languages offered for %d files: %v", len(Languages), len(files), Languages)
	}
	if Languages[0].Code != "en" {
		t.Errorf("first language %q, want en", Languages[0].Code)
	}
	for _, l := range Languages {
		if l.Name == l.Code {
			t.Errorf("%s.json has no \"language.self\": the menu would show its code", l.Code)
		}
	}
}
