package packaging

import (
	"bufio"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/BurntSushi/toml"

	"gatewaydoctor/checks"
	"gatewaydoctor/profile"
)

// fyneApp is the part of FyneApp.toml that the packages depend on.
type fyneApp struct {
	Details struct {
		Icon, Name, ID, Version string
		Build                   int
	}
	LinuxAndBSD struct {
		GenericName, Comment string
		Categories, Keywords []string
	}
	Migrations map[string]bool
}

func readFyneApp(t *testing.T) fyneApp {
	t.Helper()
	var app fyneApp
	md, err := toml.DecodeFile(filepath.Join("..", "FyneApp.toml"), &app)
	if err != nil {
		t.Fatal(err)
	}
	if u := md.Undecoded(); len(u) > 0 {
		t.Logf("keys this test does not read: %v", u)
	}
	return app
}

// TestVersionIsOne checks that the version fyne writes into the packages
// (FyneApp.toml) is checks.Version, the one the app's About and the report
// show. dist.sh checks the same before it builds.
func TestVersionIsOne(t *testing.T) {
	app := readFyneApp(t)
	if app.Details.Version != checks.Version {
		t.Errorf("FyneApp.toml Version = %q, checks.Version = %q: change FyneApp.toml",
			app.Details.Version, checks.Version)
	}
	if !regexp.MustCompile(`^\d+\.\d+\.\d+$`).MatchString(checks.Version) {
		// Windows version resources and dpkg both need plain numbers here.
		t.Errorf("checks.Version %q is not MAJOR.MINOR.PATCH", checks.Version)
	}
}

// TestFyneAppMetadata checks the fields the Linux desktop entry and the
// fyneDo migration come from.
func TestFyneAppMetadata(t *testing.T) {
	app := readFyneApp(t)
	if app.Details.Name != "Gateway Doctor" || app.Details.ID == "" {
		t.Errorf("Name %q, ID %q", app.Details.Name, app.Details.ID)
	}
	if _, err := os.Stat(filepath.Join("..", app.Details.Icon)); err != nil {
		t.Errorf("Icon: %v", err)
	}
	l := app.LinuxAndBSD
	if l.GenericName == "" || l.Comment == "" || len(l.Categories) == 0 || len(l.Keywords) == 0 {
		t.Errorf("[LinuxAndBSD] is incomplete: %+v", l)
	}
	if !app.Migrations["fyneDo"] {
		t.Error("[Migrations] fyneDo must be true: the UI changes widgets only inside fyne.Do")
	}
}

// TestDesktopEntryMatchesApp checks the .deb's desktop entry against
// FyneApp.toml: its file name and Icon must be the app ID (the icon is
// installed under that name), and its text must say the same things.
func TestDesktopEntryMatchesApp(t *testing.T) {
	app := readFyneApp(t)
	path := filepath.Join("linux", app.Details.ID+".desktop")
	f, err := os.Open(path)
	if err != nil {
		t.Fatalf("the desktop entry must be named after the app ID: %v", err)
	}
	defer f.Close()
	entry := map[string]string{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if k, v, ok := strings.Cut(sc.Text(), "="); ok {
			entry[k] = v
		}
	}
	for _, tc := range []struct{ key, want string }{
		{"Name", app.Details.Name},
		{"Icon", app.Details.ID},
		{"GenericName", app.LinuxAndBSD.GenericName},
		{"Comment", app.LinuxAndBSD.Comment},
		{"Categories", strings.Join(app.LinuxAndBSD.Categories, ";") + ";"},
		{"StartupWMClass", app.Details.Name},
	} {
		if entry[tc.key] != tc.want {
			t.Errorf("%s: %s=%q, FyneApp.toml says %q", path, tc.key, entry[tc.key], tc.want)
		}
	}
	if !strings.HasPrefix(entry["Exec"], "gateway-doctor") {
		t.Errorf("Exec=%q does not run gateway-doctor", entry["Exec"])
	}
}

// TestInstallersUseTheProfileName checks that every installer puts the
// profile under the name the app looks for beside its executable
// (profile.FileName, DESIGN.md "Helpdesk profile").
func TestInstallersUseTheProfileName(t *testing.T) {
	name := profile.FileName
	for _, file := range []string{"linux.sh", filepath.Join("windows", "setup.nsi")} {
		data, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(data), name) {
			t.Errorf("%s does not install the profile as %s", file, name)
		}
	}
}

// TestOneAppID checks that the app ID the GUI code sets (it calls
// app.SetMetadata itself, for plain go build binaries) is FyneApp.toml's:
// Fyne keys preferences and the desktop's window matching on it.
func TestOneAppID(t *testing.T) {
	app := readFyneApp(t)
	files, err := filepath.Glob(filepath.Join("..", "cmd", "gateway-doctor", "*.go"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no main package sources: %v", err)
	}
	ids := regexp.MustCompile(`"(org\.gatewaydoctor\.[A-Za-z0-9_.-]+)"`)
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range ids.FindAllStringSubmatch(string(data), -1) {
			if m[1] != app.Details.ID {
				t.Errorf("%s uses the app ID %q, FyneApp.toml says %q", f, m[1], app.Details.ID)
			}
		}
	}
}
