#!/usr/bin/env bash
# shoot.sh OUTDIR: photograph every screen of the real app (`make screenshots`).
# The app runs under Xvfb inside a network namespace that has only loopback
# (/work/shared/tools/isolated, or ISOLATED=...), where shotlab plays the
# resolvers, the websites and a proxy; lab.toml points every probe there, so
# nothing reaches the internet. Needs root (ip netns), xvfb, xdotool and
# ImageMagick (packaging/deps.sh test). Pauses are generous: this drives a
# real window, which says nothing about when it has finished drawing.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../../.." && pwd)
out=${1:-$root/build/screenshots}
isolated=${ISOLATED:-$root/../shared/tools/isolated}

if [[ ${SHOOT_INNER:-} != 1 ]]; then
  mkdir -p "$out"
  out=$(cd "$out" && pwd)
  (cd "$root" && go build -o build/gateway-doctor ./cmd/gateway-doctor && go build -o build/shotlab ./ui/internal/shotlab)
  export SHOOT_INNER=1
  exec xvfb-run -a -s "-screen 0 1280x800x24" "$isolated" "$0" "$out"
fi

# Inside the namespace, under Xvfb. A veth pair gives "this computer" an
# address and a router (192.0.2.1, TEST-NET-1) that answer, inside the
# namespace only; everything beyond them is a black hole.
ip link add lab0 type veth peer name lab1
ip addr add 192.0.2.2/24 dev lab0
ip addr add 192.0.2.1/24 dev lab1
ip link set lab0 up
ip link set lab1 up
ip route add default via 192.0.2.1 dev lab0
tmp=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$tmp"' EXIT
export HOME=$tmp/home LANG=en_US.UTF-8 LC_ALL= LANGUAGE= FYNE_SCALE=1 NO_AT_BRIDGE=1
mkdir -p "$HOME"
"$root/build/shotlab" -ready "$tmp/ready" -captive "$tmp/captive" &
for _ in $(seq 100); do [[ -f $tmp/ready ]] && break; sleep 0.1; done

app_pid=""
# The gallery's language, text size and window size (set per pass below);
# PREFS adds settings for one start ("theme":"contrast").
BASE_PREFS='"language":"en","text_size":0'
WIN_W=800 WIN_H=600
dir=$out
start() { # start URL [env...]
  local u=$1; shift
  # A fresh HOME per launch: killing the app may leave its preferences
  # file half-written, which the next start would report.
  export HOME=$(mktemp -d -p "$tmp")
  mkdir -p "$HOME/.config/fyne/org.gatewaydoctor.app"
  echo "{$BASE_PREFS${PREFS:+,$PREFS}}" >"$HOME/.config/fyne/org.gatewaydoctor.app/preferences.json"
  env "$@" "$root/build/gateway-doctor" --profile "${LAB_PROFILE:-$here/lab.toml}" "$u" &
  app_pid=$!
  win=$(xdotool search --sync --onlyvisible --name "Gateway Doctor" | head -1)
  xdotool windowsize --sync "$win" "$WIN_W" "$WIN_H" || true
  sleep 1.5
}
stop() { kill "$app_pid" 2>/dev/null || true; wait "$app_pid" 2>/dev/null || true; }
shot() { # shot NAME: the window, cropped from the root window
  sleep "${2:-0.8}"
  eval "$(xdotool getwindowgeometry --shell "$win")"
  import -window root -crop "${WIDTH}x${HEIGHT}+${X}+${Y}" +repage "$dir/$1.png"
  echo "wrote $dir/$1.png"
}
key() { xdotool key --window "$win" "$@"; }

gallery() { # every walk, in the pass's language and sizes
  # The website's server fails behind Cloudflare: the whole walk.
  start http://origin.example/
  shot 01-welcome 0
  key Return
  shot 02-checking 0.5
  # The site answers after siteDelay: its verdict shows at once, provisional,
  # while the retests still run.
  shot 02b-first-verdict 2
  shot 03-verdict-website 6
  key ctrl+e
  shot 04-expert
  key ctrl+e
  key Return
  shot 05-step-wait
  key Return
  shot 06-step-contact-site 7
  key Return
  shot 07-handoff 7
  key ctrl+comma
  shot 08-settings
  stop

  # The system's address book fails where the reference answers.
  start http://dnsfail.example/
  key Return
  shot 10-verdict-dns 7
  key Return
  shot 11-step-flush
  key Return
  shot 12-step-switch 7
  key Tab Tab Tab space
  shot 12b-switch-stages 0.3
  shot 13-keep-countdown 4
  key Return
  shot 14-fixed-by-switch 3
  stop
  # Keep made the switch last: put the lab's address book back for the
  # next pass (this resolv.conf is the namespace's own).
  cat "$tmp/resolv.conf" >/etc/resolv.conf

  # The user's proxy makes the 502.
  start http://proxied.example/ http_proxy=http://127.0.0.1:3128 HTTP_PROXY=http://127.0.0.1:3128
  key Return
  shot 20-verdict-proxy 7
  stop

  # A sign-in page intercepts everything.
  touch "$tmp/captive"
  start http://ok.example/
  key Return
  shot 30-verdict-captive 7
  key Return
  shot 31-step-portal
  stop
  rm -f "$tmp/captive"

  # The site works: the browser holds a stale error; the person says it works.
  start http://ok.example/
  key Return
  shot 40-verdict-ok 5
  key Return
  key Return
  shot 41-step-ask
  key Return
  shot 42-fixed
  stop

  # High contrast.
  PREFS='"theme":"contrast"'
  start http://origin.example/
  PREFS=
  key Return
  shot 60-contrast-verdict 7
  key Return
  shot 61-contrast-step
  stop

  # An address that is not one.
  start "not a website"
  key Return
  shot 50-invalid-url
  stop

  # The router stops answering (its address is gone from the veth's far end)
  # and everything beyond it with it: the website and the test site, both
  # at 192.0.2.80 (lab-router.toml), which does not exist yet. "Restart your
  # router", where the app waits for the network to come back. (A test site
  # that still answered, as the loopback ones do, would rightly clear the
  # router.)
  ip addr del 192.0.2.1/24 dev lab1
  LAB_PROFILE=$here/lab-router.toml start http://192.0.2.80/
  key Return
  shot 70-verdict-router 9
  key Return
  shot 71-step-router-watch 8
  # The router is back, and what lies beyond it answers: the next poll (10 s
  # after the first) sees it, and the app checks the website again by itself.
  ip addr add 192.0.2.1/24 dev lab1
  ip addr add 192.0.2.80/32 dev lab1
  shot 72-step-router-back 11
  stop
  ip addr del 192.0.2.80/32 dev lab1
}

cp /etc/resolv.conf "$tmp/resolv.conf"

# Every walk in English and German, at 800×600 with normal text and at
# 1024×768 with the largest (1.5), each pass in its own directory.
for lang in en de; do
  for size in 800x600:0 1024x768:2; do
    WIN_W=${size%%x*} WIN_H=${size#*x} WIN_H=${WIN_H%%:*}
    BASE_PREFS="\"language\":\"$lang\",\"text_size\":${size##*:}"
    dir=$out/$lang-${size%%:*}
    mkdir -p "$dir"
    gallery
  done
done
