// Package firstframe measures the time from launch to the first frame a
// window paints, for the start-up benchmark (ui/internal/minimal/bench.sh).
// It does nothing unless GD_BENCH_T0 holds the launch time in Unix
// nanoseconds: then the first time the window's painter draws Wrap's
// 1×1 raster, it prints "first_frame_ms=N" on stderr, and where the OS
// tells it, "first_frame_cpu_ms=N": the process's CPU time (user and
// system, all threads) until then.
package firstframe

import (
	"fmt"
	"image"
	"image/color"
	"os"
	"strconv"
	"sync"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
)

// Wrap returns content, with the measuring raster behind it when the
// benchmark asked for it.
func Wrap(content fyne.CanvasObject) fyne.CanvasObject {
	t0, err := strconv.ParseInt(os.Getenv("GD_BENCH_T0"), 10, 64)
	if err != nil {
		return content
	}
	var once sync.Once
	// A raster's generator runs on the render goroutine while a frame is
	// painted: its first call is the first frame.
	r := canvas.NewRaster(func(w, h int) image.Image {
		once.Do(func() {
			fmt.Fprintf(os.Stderr, "first_frame_ms=%.1f\n", float64(time.Now().UnixNano()-t0)/1e6)
			// The CPU time spent until then moves far less with the
			// machine's load than the wall time does.
			if cpu := cpuTime(); cpu >= 0 {
				fmt.Fprintf(os.Stderr, "first_frame_cpu_ms=%.1f\n", float64(cpu)/1e6)
			}
		})
		img := image.NewNRGBA(image.Rect(0, 0, 1, 1))
		img.Set(0, 0, color.Transparent)
		return img
	})
	r.SetMinSize(fyne.NewSize(1, 1))
	return container.NewStack(r, content)
}
