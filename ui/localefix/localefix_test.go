package localefix

import (
	"os"
	"testing"
)

var osGetenv = os.Getenv

func TestNormalize(t *testing.T) {
	for _, tc := range []struct {
		name                           string
		lcAll, lcMessages, lang, langs string
		want                           string // LANGUAGE afterwards
	}{
		{"C.UTF-8 gets English", "", "", "C.UTF-8", "", "en"},
		{"LC_ALL wins", "C.utf8", "", "de_DE.UTF-8", "", "en"},
		{"plain C is left alone", "", "", "C", "", ""},
		{"POSIX is left alone", "", "", "POSIX", "", ""},
		{"a real locale is left alone", "", "", "fr_FR.UTF-8", "", ""},
		{"modifier keeps the language", "", "", "de_DE@euro", "", "de_DE"},
		{"a good LANGUAGE stays", "", "", "C.UTF-8", "es:en", "es:en"},
		{"a bad LANGUAGE is replaced", "", "", "C.UTF-8", "C", "en"},
		{"nothing set", "", "", "", "", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Setenv("LC_ALL", tc.lcAll)
			t.Setenv("LC_MESSAGES", tc.lcMessages)
			t.Setenv("LANG", tc.lang)
			t.Setenv("LANGUAGE", tc.langs)
			Normalize()
			if got := getenv("LANGUAGE"); got != tc.want {
				t.Errorf("LANGUAGE = %q, want %q", got, tc.want)
			}
		})
	}
}

func getenv(k string) string { return osGetenv(k) }
