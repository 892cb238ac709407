#!/usr/bin/env bash
# deps.sh: install, from Debian's packages, what a make target needs and this
# machine lacks. Usage: packaging/deps.sh build|test|dist
# It installs nothing that is already there, so a second run costs a second.
# Servers (nginx, haproxy, squid, dnsmasq) are installed with a temporary
# policy-rc.d so that they never start on the host: the namespace tests start
# their own copies with their own configs.
set -euo pipefail

build=(gcc pkg-config libgl1-mesa-dev libx11-dev libxcursor-dev libxrandr-dev
  libxinerama-dev libxi-dev libxxf86vm-dev libxkbcommon-dev)
test=(xvfb xauth iproute2 nftables iptables dnsmasq-base nginx-light haproxy squid imagemagick xdotool time)
dist=(dpkg-dev desktop-file-utils xz-utils nsis p7zip-full gcc-mingw-w64-x86-64 osslsigncode file openssl binutils)

case "${1:-}" in
build) want=("${build[@]}") ;;
test) want=("${build[@]}" "${test[@]}") ;;
dist) want=("${build[@]}" "${dist[@]}") ;;
*) echo "usage: $0 build|test|dist" >&2; exit 2 ;;
esac

missing=()
for p in "${want[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null; then SUDO=sudo; else
    echo "deps.sh: these packages are missing and I am not root: ${missing[*]}" >&2
    exit 1
  fi
else SUDO=""; fi

echo "deps.sh: installing ${missing[*]}"
policy=/usr/sbin/policy-rc.d
placed=""
if [ ! -e "$policy" ]; then
  printf '#!/bin/sh\nexit 101\n' | $SUDO tee "$policy" >/dev/null
  $SUDO chmod 755 "$policy"
  placed=1
fi
cleanup() { [ -n "$placed" ] && $SUDO rm -f "$policy"; true; }
trap cleanup EXIT
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
# A server the package started anyway (no policy-rc.d honoured) is stopped:
# the tests run their own.
for s in nginx haproxy squid; do
  if command -v systemctl >/dev/null && systemctl is-active --quiet "$s" 2>/dev/null; then
    $SUDO systemctl stop "$s" || true
  fi
done
