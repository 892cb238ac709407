package samples

import (
	"os"
	"path/filepath"
	"slices"
	"testing"
)

// tree writes files (slash paths under root, with their contents).
func tree(t *testing.T, root string, files map[string]string) {
	t.Helper()
	for rel, body := range files {
		p := filepath.Join(root, filepath.FromSlash(rel))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// skips reports whether fn skipped its test rather than passing or failing.
func skips(t *testing.T, fn func(t *testing.T)) bool {
	t.Helper()
	skipped := false
	t.Run("skips", func(t *testing.T) {
		defer func() { skipped = t.Skipped() }()
		fn(t)
	})
	return skipped
}

// TestFindsSamplesBesideTheModule: from a package folder deep in the
// module, the samples beside the module root are found, read and listed.
func TestFindsSamplesBesideTheModule(t *testing.T) {
	root := t.TempDir()
	tree(t, root, map[string]string{
		"repo/go.mod":                        "module x\n",
		"repo/checks/dns/x.go":               "package dns\n",
		"shared/samples/linux/resolv.conf-a": "nameserver 192.0.2.1\n",
		"shared/samples/linux/resolv.conf-b": "nameserver 192.0.2.2\n",
		"shared/samples/linux/other.txt":     "",
	})
	t.Chdir(filepath.Join(root, "repo", "checks", "dns"))
	want := filepath.Join(root, "repo", "..", "shared", "samples")
	if got := Dir(t); got != want {
		t.Errorf("Dir = %s, want %s", got, want)
	}
	if got := string(Read(t, "linux/resolv.conf-b")); got != "nameserver 192.0.2.2\n" {
		t.Errorf("Read = %q", got)
	}
	if got := Files(t, "linux", "resolv.conf-*"); !slices.Equal(got, []string{"resolv.conf-a", "resolv.conf-b"}) {
		t.Errorf("Files = %v", got)
	}
	if !skips(t, func(t *testing.T) { Read(t, "linux/missing") }) {
		t.Error("a missing sample did not skip")
	}
	if !skips(t, func(t *testing.T) { Files(t, "macos", "*") }) {
		t.Error("a missing samples folder did not skip")
	}
}

// TestSkipsWithoutSamples: a checkout without the samples beside it skips
// the tests that need them, rather than failing or passing quietly.
func TestSkipsWithoutSamples(t *testing.T) {
	root := t.TempDir()
	tree(t, root, map[string]string{"repo/go.mod": "module x\n", "repo/fixes/x.go": "package fixes\n"})
	t.Chdir(filepath.Join(root, "repo", "fixes"))
	for name, fn := range map[string]func(t *testing.T){
		"Dir":   func(t *testing.T) { Dir(t) },
		"Read":  func(t *testing.T) { Read(t, "linux/resolv.conf") },
		"Files": func(t *testing.T) { Files(t, "linux", "*") },
	} {
		if !skips(t, fn) {
			t.Errorf("%s did not skip without the samples folder", name)
		}
	}
}
