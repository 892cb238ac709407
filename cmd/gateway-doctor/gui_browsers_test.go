//go:build !nogui

package main

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

// TestIconResource: an icon file becomes a resource named as the file (so
// an SVG is drawn as one); none, an empty file or one larger than an icon
// is not, and the browser is named alone.
func TestIconResource(t *testing.T) {
	dir := t.TempDir()
	write := func(name string, data []byte) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	svg := []byte(`<svg xmlns="http://www.w3.org/2000/svg" width="4" height="4"/>`)
	for _, tc := range []struct {
		name string
		path string
		want []byte // nil: no resource
	}{
		{"an SVG", write("firefox.svg", svg), svg},
		{"no icon", "", nil},
		{"a file that is gone", filepath.Join(dir, "gone.png"), nil},
		{"an empty file", write("empty.png", nil), nil},
		{"larger than an icon", write("huge.png", bytes.Repeat([]byte{1}, maxIconBytes+1)), nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := iconResource(tc.path)
			if tc.want == nil {
				if r != nil {
					t.Errorf("a resource of %d bytes, want none", len(r.Content()))
				}
				return
			}
			if r == nil || r.Name() != filepath.Base(tc.path) || !bytes.Equal(r.Content(), tc.want) {
				t.Errorf("resource %v, want %s with its content", r, filepath.Base(tc.path))
			}
		})
	}
}
