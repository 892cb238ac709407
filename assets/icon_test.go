package assets

import (
	"bytes"
	"image/png"
	"os"
	"path/filepath"
	"strconv"
	"testing"
)

// TestIconSizes checks that every committed PNG has the size its name says:
// the packaging scripts copy them into hicolor/NxN folders by name, and a
// desktop shows a wrongly sized file blurred or not at all.
func TestIconSizes(t *testing.T) {
	for _, size := range []int{16, 24, 32, 48, 64, 128, 256, 512} {
		t.Run(strconv.Itoa(size), func(t *testing.T) {
			data, err := os.ReadFile(filepath.Join("icon", strconv.Itoa(size)+".png"))
			if err != nil {
				t.Fatal(err)
			}
			cfg, err := png.DecodeConfig(bytes.NewReader(data))
			if err != nil {
				t.Fatalf("not a PNG: %v", err)
			}
			if cfg.Width != size || cfg.Height != size {
				t.Errorf("%d.png is %dx%d", size, cfg.Width, cfg.Height)
			}
		})
	}
}

// TestEmbeddedIcons checks the embedded bytes are the PNGs the UI expects.
func TestEmbeddedIcons(t *testing.T) {
	for _, tc := range []struct {
		name string
		data []byte
		want int
	}{
		{"Icon", Icon, 512},
		{"IconSmall", IconSmall, 32},
	} {
		cfg, err := png.DecodeConfig(bytes.NewReader(tc.data))
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		if cfg.Width != tc.want || cfg.Height != tc.want {
			t.Errorf("%s is %dx%d, want %d", tc.name, cfg.Width, cfg.Height, tc.want)
		}
	}
}

// TestWindowsIcon checks the .ico header: the Windows resource script and the
// NSIS installer take it as is, and windres fails late on a bad one.
func TestWindowsIcon(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("icon", "gateway-doctor.ico"))
	if err != nil {
		t.Fatal(err)
	}
	// ICONDIR: reserved 0, type 1 (icon), count.
	if len(data) < 6 || data[0] != 0 || data[1] != 0 || data[2] != 1 || data[3] != 0 {
		t.Fatalf("not an .ico file")
	}
	if n := int(data[4]) | int(data[5])<<8; n < 4 {
		t.Errorf(".ico holds %d images, want the small sizes and 256", n)
	}
}
