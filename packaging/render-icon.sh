#!/usr/bin/env bash
# render-icon.sh: render assets/icon.svg (and icon-small.svg for the sizes
# where each pixel counts) to the PNG sizes the desktops ask for, plus the
# multi-size Windows .ico. The outputs are committed, so a build never needs
# the renderer; run this only after changing an SVG.
# Needs rsvg-convert (Debian librsvg2-bin) and ImageMagick's convert.
set -euo pipefail
cd "$(dirname "$0")/../assets"

# Sizes: the freedesktop hicolor theme's usual app sizes, plus 512 for
# fyne package and macOS. At 24 px and below, the small drawing's thicker
# lines stay sharp where the full one turns to grey mush.
sizes=(16 24 32 48 64 128 256 512)
small_max=24

for tool in rsvg-convert convert; do
  command -v "$tool" >/dev/null || {
    echo "render-icon.sh: $tool is missing (apt-get install librsvg2-bin imagemagick)" >&2
    exit 1
  }
done

mkdir -p icon
for s in "${sizes[@]}"; do
  src=icon.svg
  [ "$s" -le "$small_max" ] && src=icon-small.svg
  rsvg-convert -w "$s" -h "$s" "$src" -o "icon/$s.png"
done
# Windows picks the nearest size from the .ico for each view (16 in lists,
# 32/48 on the desktop, 256 in large views); 256 is its largest.
convert icon/16.png icon/24.png icon/32.png icon/48.png icon/64.png icon/256.png \
  icon/gateway-doctor.ico
ls -l icon
