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

// IconSmall is the 32 px PNG, for places that draw the icon at about text
// size (an About line, a notification), where scaling 512 px down blurs it.
//
//go:embed icon/32.png
var IconSmall []byte
