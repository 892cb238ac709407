package dns

import (
	"os"
	"path/filepath"
	"testing"
)

// netSample reads a recorded sample from ../../../shared/samples (relative to
// the repo root, which is two levels above this package). It skips the test
// when the samples are absent: they are not part of the repository.
func netSample(t *testing.T, rel string) []byte {
	t.Helper()
	p := filepath.Join("..", "..", "..", "shared", "samples", filepath.FromSlash(rel))
	data, err := os.ReadFile(p)
	if os.IsNotExist(err) {
		t.Skipf("sample %s absent (the shared samples are not in the repository)", p)
	}
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// netSampleFiles lists the samples of a directory that match pattern, and
// skips when the directory is absent.
func netSampleFiles(t *testing.T, dir, pattern string) []string {
	t.Helper()
	d := filepath.Join("..", "..", "..", "shared", "samples", dir)
	if _, err := os.Stat(d); err != nil {
		t.Skipf("samples %s absent: %v", d, err)
	}
	ms, err := filepath.Glob(filepath.Join(d, pattern))
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, m := range ms {
		out = append(out, filepath.Base(m))
	}
	return out
}

// netSamplePath is the path of a sample, for code that opens files itself.
func netSamplePath(rel string) string {
	return filepath.Join("..", "..", "..", "shared", "samples", filepath.FromSlash(rel))
}

func readTestdata(t *testing.T, name string) []byte {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", "net", name))
	if err != nil {
		t.Fatal(err)
	}
	return data
}
