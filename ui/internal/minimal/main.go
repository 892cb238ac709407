// Command minimal is the baseline of the wizard's start-up figures: the
// smallest Fyne window, built the same way (same module, cgo, flags) as
// gateway-doctor, showing one label. packaging/bench or a person compares
// the time to the first frame and the idle memory of both (see
// ui/internal/minimal/bench.sh).
package main

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/app"
	"fyne.io/fyne/v2/widget"

	"gatewaydoctor/ui/internal/firstframe"
)

func main() {
	a := app.NewWithID("org.gatewaydoctor.minimal")
	w := a.NewWindow("Gateway Doctor")
	w.SetContent(firstframe.Wrap(widget.NewLabel("Hello")))
	w.Resize(fyne.NewSize(800, 600))
	w.ShowAndRun()
}
