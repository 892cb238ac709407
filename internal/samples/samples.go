// Package samples finds the recorded samples the tests read: real files
// from real machines and servers (resolv.conf, scutil output, 5xx pages,
// proxy settings), kept in ../shared/samples beside the repository and
// never copied into it. A test that needs them skips, saying where it
// looked, when they are absent.
//
// It is test support: nothing that ships imports it
// (packaging/securitytest/layout_test.go holds that).
package samples

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
)

// Dir is the samples folder, ../shared/samples seen from the module root
// (the first folder above the test's working directory that holds
// go.mod). It skips t when the folder is absent.
func Dir(t testing.TB) string {
	t.Helper()
	root, err := moduleRoot()
	if err != nil {
		t.Skipf("recorded samples not looked for: %v", err)
	}
	dir := filepath.Join(root, "..", "shared", "samples")
	if _, err := os.Stat(dir); err != nil {
		t.Skipf("recorded samples not found at %s (they live beside the repository, not in it): %v", dir, err)
	}
	return dir
}

// Path is the path of the sample rel (slash-separated, inside Dir), for
// code that opens files itself. It skips t when the folder is absent, not
// when the file is: a missing file is the code's to report.
func Path(t testing.TB, rel string) string {
	t.Helper()
	return filepath.Join(Dir(t), filepath.FromSlash(rel))
}

// Read reads the sample rel (slash-separated, inside Dir). It skips t when
// the folder or the file is absent; any other error fails t.
func Read(t testing.TB, rel string) []byte {
	t.Helper()
	p := Path(t, rel)
	data, err := os.ReadFile(p)
	if errors.Is(err, os.ErrNotExist) {
		t.Skipf("recorded sample %s absent", p)
	}
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// Files lists the names of the samples in the folder dir (inside Dir)
// that match pattern (filepath.Match), sorted. It skips t when that
// folder is absent.
func Files(t testing.TB, dir, pattern string) []string {
	t.Helper()
	d := Path(t, dir)
	if _, err := os.Stat(d); err != nil {
		t.Skipf("recorded samples not found at %s: %v", d, err)
	}
	ms, err := filepath.Glob(filepath.Join(d, pattern))
	if err != nil {
		t.Fatal(err)
	}
	names := make([]string, len(ms))
	for i, m := range ms {
		names[i] = filepath.Base(m)
	}
	return names
}

// moduleRoot is the nearest folder at or above the working directory
// that holds go.mod: a test runs in its package's folder.
func moduleRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("no go.mod at or above the working directory")
		}
		dir = parent
	}
}
