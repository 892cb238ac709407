package ui

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"gatewaydoctor/assets"
)

// minButtonHeight makes buttons easy targets: 44 px is the minimum touch
// target of Apple's Human Interface Guidelines and WCAG 2.5.5 (44×44 CSS px).
const minButtonHeight = 44

var iconRes = fyne.NewStaticResource("icon.png", assets.IconSmall)

func appIcon() fyne.Resource { return iconRes }

// heading is a large line that wraps. It is set in the regular face at
// heading size: the first screen then needs only one font, and loading the
// bold face (about 10 ms) waits for a later screen, off the path to the
// first frame.
func heading(text string) *widget.Label {
	l := widget.NewLabel(text)
	l.SizeName = theme.SizeNameHeadingText
	l.Wrapping = fyne.TextWrapWord
	return l
}

// para is a paragraph that wraps at the window's width.
func para(text string) *widget.Label {
	l := widget.NewLabel(text)
	l.Wrapping = fyne.TextWrapWord
	return l
}

// bold is a wrapping bold paragraph.
func bold(text string) *widget.Label {
	l := para(text)
	l.TextStyle = fyne.TextStyle{Bold: true}
	return l
}

// kbButton is a button that Enter presses as well as Space, and on which
// Escape still means Back: Fyne's Button takes only Space, and a focused
// widget receives every key, so without this a keyboard user who tabbed to
// a button could neither press it with Enter nor go back. A focused
// kbButton wears a ring in the opaque focus colour: Fyne's own focus mark
// is a faint tint that is hard to see on a coloured button.
type kbButton struct {
	widget.Button
	escape  func()
	focused bool
}

// focusRingWidth is the ring's stroke: 2 px at normal size meets WCAG
// 2.4.13's minimum focus indicator (a 2 CSS px perimeter).
const focusRingWidth = 2

// FocusGained shows the ring.
func (b *kbButton) FocusGained() { b.focused = true; b.Button.FocusGained() }

// FocusLost hides the ring.
func (b *kbButton) FocusLost() { b.focused = false; b.Button.FocusLost() }

// CreateRenderer draws the button with its focus ring on top.
func (b *kbButton) CreateRenderer() fyne.WidgetRenderer {
	ring := canvas.NewRectangle(color.Transparent)
	return &ringRenderer{WidgetRenderer: b.Button.CreateRenderer(), b: b, ring: ring}
}

type ringRenderer struct {
	fyne.WidgetRenderer
	b    *kbButton
	ring *canvas.Rectangle
}

func (r *ringRenderer) Objects() []fyne.CanvasObject {
	return append(r.WidgetRenderer.Objects(), r.ring)
}

func (r *ringRenderer) Layout(size fyne.Size) {
	r.WidgetRenderer.Layout(size)
	r.ring.Resize(size)
	r.ring.Move(fyne.NewPos(0, 0))
}

func (r *ringRenderer) Refresh() {
	r.WidgetRenderer.Refresh()
	th := r.b.Theme()
	r.ring.StrokeColor = color.Transparent
	r.ring.StrokeWidth = 0
	if r.b.focused {
		r.ring.StrokeColor = opaque(th.Color(theme.ColorNameFocus, fyne.CurrentApp().Settings().ThemeVariant()))
		r.ring.StrokeWidth = focusRingWidth * th.Size(theme.SizeNameText) / theme.DefaultTheme().Size(theme.SizeNameText)
	}
	r.ring.CornerRadius = th.Size(theme.SizeNameInputRadius)
	r.ring.Refresh()
}

// opaque is c without its transparency.
func opaque(c color.Color) color.Color {
	n := color.NRGBAModel.Convert(c).(color.NRGBA)
	n.A = 0xff
	return n
}

// TypedKey presses the button on Enter and goes back on Escape.
func (b *kbButton) TypedKey(ev *fyne.KeyEvent) {
	switch ev.Name {
	case fyne.KeyReturn, fyne.KeyEnter:
		if !b.Disabled() {
			b.Tapped(nil)
		}
	case fyne.KeyEscape:
		if b.escape != nil {
			b.escape()
		}
	default:
		b.Button.TypedKey(ev)
	}
}

// button makes a wizard button.
func (w *Wizard) button(text string, icon fyne.Resource, imp widget.Importance, tapped func()) *kbButton {
	b := &kbButton{escape: func() {
		if w.back != nil {
			w.back()
		}
	}}
	b.Text, b.Icon, b.Importance, b.OnTapped = text, icon, imp, tapped
	b.ExtendBaseWidget(b)
	return b
}

// tall gives o at least the minimum target height.
func tall(o fyne.CanvasObject) fyne.CanvasObject {
	return container.New(&minHeight{h: minButtonHeight}, o)
}

// minHeight is a layout that stretches its objects to at least h tall.
type minHeight struct{ h float32 }

func (m *minHeight) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	for _, o := range objs {
		o.Resize(size)
		o.Move(fyne.NewPos(0, 0))
	}
}

func (m *minHeight) MinSize(objs []fyne.CanvasObject) fyne.Size {
	var s fyne.Size
	for _, o := range objs {
		s = s.Max(o.MinSize())
	}
	s.Height = max(s.Height, m.h*theme.Size(theme.SizeNameText)/14)
	return s
}

// navBar lays out a screen's buttons: secondary ones on the left, the main
// one on the right, in the order Tab visits them.
func navBar(left []fyne.CanvasObject, right ...fyne.CanvasObject) fyne.CanvasObject {
	objs := make([]fyne.CanvasObject, 0, len(left)+len(right)+1)
	for _, o := range left {
		objs = append(objs, tall(o))
	}
	objs = append(objs, layout.NewSpacer())
	for _, o := range right {
		objs = append(objs, tall(o))
	}
	return container.NewVBox(widget.NewSeparator(), container.NewHBox(objs...))
}

// page is a screen: a scrolling body above a fixed button bar.
func page(nav fyne.CanvasObject, body ...fyne.CanvasObject) fyne.CanvasObject {
	return container.NewBorder(nil, container.NewPadded(nav), nil, nil,
		container.NewVScroll(container.NewPadded(container.NewVBox(body...))))
}

// bodyScroll is the scrolling body of the screen shown (see page), nil
// when the screen has none.
func (w *Wizard) bodyScroll() *container.Scroll {
	if len(w.stack.Objects) == 0 {
		return nil
	}
	if b, ok := w.stack.Objects[0].(*fyne.Container); ok {
		for _, o := range b.Objects {
			if sc, ok := o.(*container.Scroll); ok {
				return sc
			}
		}
	}
	return nil
}
