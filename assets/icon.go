// Package assets holds what is not code: the icon, the translations and the
// embedded default profile, compiled into the binary so that a copied
// executable is complete.
package assets

import _ "embed"

// Icon is the application icon, 512 px PNG, drawn from icon.svg. The UI
// wraps it with fyne.NewStaticResource("icon.png", assets.Icon).
//
//go:embed icon/512.png
var Icon []byte

// IconWindow is the 256 px PNG, for the window and the app's icon at run
// time: the size Fyne draws an SVG window icon at, and a quarter of the
// 512 px icon's pixels to decode and hand to the X server on the way to the
// first frame (issue 17).
//
//go:embed icon/256.png
var IconWindow []byte

// IconSmall is the 32 px PNG, for places that draw the icon at about text
// size (an About line, a notification), where scaling 512 px down blurs it.
//
//go:embed icon/32.png
var IconSmall []byte
