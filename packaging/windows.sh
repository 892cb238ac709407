#!/usr/bin/env bash
# windows.sh: the Windows files, into dist/, cross-compiled with mingw-w64:
#   gateway-doctor.exe          the app (-H=windowsgui), with icon, version
#                               information and manifest from a windres .syso
#   gateway-doctor.com          its console twin (cmd/gateway-doctor-console,
#                               console subsystem, no cgo): what cmd.exe and
#                               PowerShell run for `gateway-doctor check URL`;
#                               it runs the exe, waits, returns its exit code
#   GatewayDoctor-Setup.exe     NSIS: per-user install, Start-menu entry,
#                               uninstaller that runs `gateway-doctor restore`;
#                               with PROFILE, gateway-doctor.toml beside the exe
# All three are signed when packaging/windows/sign.sh has a certificate (SIGN_PFX,
# or SIGN_CERT and SIGN_KEY); otherwise the build says UNSIGNED.
source "$(dirname "$0")/lib.sh"
prepare

CC_WIN=${CC_WIN:-x86_64-w64-mingw32-gcc}
WINDRES=${WINDRES:-x86_64-w64-mingw32-windres}
for tool in "$CC_WIN" "$WINDRES" makensis; do
  command -v "$tool" >/dev/null ||
    die "$tool is missing: run packaging/deps.sh dist (Debian: gcc-mingw-w64-x86-64, nsis)"
done

WIN=$WORK/windows
PKG=$ROOT/packaging/windows
SIGN=$PKG/sign.sh
mkdir -p "$WIN"
v4=$VERSION.0

signing=""
if [ -n "${SIGN_PFX:-}" ] || { [ -n "${SIGN_CERT:-}" ] && [ -n "${SIGN_KEY:-}" ]; }; then
  signing=1
fi

# fill TEMPLATE OUTPUT FILENAME DESCRIPTION: a resource template with this
# version and this file's name and description.
fill() {
  sed -e "s/@VERSION@/$VERSION/g" -e "s/@VERSION_COMMAS@/${v4//./,}/g" \
    -e "s/@VERSION_DOTS@/$v4/g" -e "s/@FILENAME@/$3/g" -e "s/@DESCRIPTION@/$4/g" "$1" >"$2"
}
# resources DIR FILENAME DESCRIPTION: the icon, manifest and version
# information as DIR/rsrc_windows_amd64.syso, which go build links into the
# package in DIR (the _windows_amd64 suffix keeps it out of other targets).
resources() {
  fill "$PKG/gateway-doctor.rc.in" "$1/gateway-doctor.rc" "$2" "$3"
  fill "$PKG/gateway-doctor.exe.manifest.in" "$1/gateway-doctor.exe.manifest" "$2" "$3"
  cp "$ROOT/assets/icon/gateway-doctor.ico" "$1/"
  (cd "$1" && "$WINDRES" --input gateway-doctor.rc --output-format coff \
    --output rsrc_windows_amd64.syso)
}

# --- the exe, reused while the sources and the tools are unchanged: the
# first cross-build compiles Fyne's C code for Windows and takes minutes.
exe=$WIN/build/gateway-doctor.exe
key="$TREE_HASH $(go version) $("$CC_WIN" --version | head -1) fyne-$FYNE_TOOLS_VERSION"
if fresh "$key" "$exe"; then
  say "Windows exe is up to date"
else
  say "cross-compiling the Windows exe (fyne build --release, mingw-w64)"
  mkdir -p "$WIN/build"
  rm -f "$exe" "$exe.key"
  resources "$SRC" gateway-doctor.exe "Gateway Doctor"
  (cd "$SRC" && CC=$CC_WIN GOARCH=amd64 CGO_ENABLED=1 \
    "$FYNE" build -os windows --release -o "$exe")
  rm -f "$SRC/rsrc_windows_amd64.syso"
  printf '%s' "$key" >"$exe.key"
fi

install -m 0755 "$exe" "$OUT/gateway-doctor.exe"
[ -n "$signing" ] && "$SIGN" "$OUT/gateway-doctor.exe"

# --- the console twin: pure Go, a few seconds with the build cache, so it is
# built every time. go build makes a console-subsystem PE by default; its
# internal linker links the windres .syso without cgo.
say "building the console twin gateway-doctor.com"
TWIN_SRC=$TREE/cmd/gateway-doctor-console
com=$WIN/build/gateway-doctor.com
mkdir -p "$WIN/build"
resources "$TWIN_SRC" gateway-doctor.com "Gateway Doctor (command line)"
(cd "$TREE" && GOOS=windows GOARCH=amd64 CGO_ENABLED=0 \
  go build -trimpath -ldflags "-s -w" -o "$com" ./cmd/gateway-doctor-console)
rm -f "$TWIN_SRC/rsrc_windows_amd64.syso"
install -m 0755 "$com" "$OUT/gateway-doctor.com"
[ -n "$signing" ] && "$SIGN" "$OUT/gateway-doctor.com"

# --- the setup.
say "making GatewayDoctor-Setup.exe (makensis)"
args=(-V2 -DVERSION="$VERSION" -DVERSION4="$v4" -DEXE="$OUT/gateway-doctor.exe"
  -DCOM="$OUT/gateway-doctor.com"
  -DICON="$ROOT/assets/icon/gateway-doctor.ico" -DOUTFILE="$OUT/GatewayDoctor-Setup.exe")
[ -n "$PROFILE" ] && args+=(-DPROFILE="$PROFILE")
[ -n "$signing" ] && args+=(-DSIGN="$SIGN")
makensis "${args[@]}" "$PKG/setup.nsi"
echo "    $OUT/gateway-doctor.exe"
echo "    $OUT/gateway-doctor.com"
echo "    $OUT/GatewayDoctor-Setup.exe"
if [ -z "$signing" ]; then
  cat <<'EOF2'

  *** UNSIGNED build: gateway-doctor.exe, gateway-doctor.com and
  *** GatewayDoctor-Setup.exe carry no signature, so Windows SmartScreen
  *** will warn "Windows protected your PC".
  *** To sign: SIGN_PFX=cert.pfx SIGN_PASS=... make dist (see README).

EOF2
fi
