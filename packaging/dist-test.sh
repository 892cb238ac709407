#!/usr/bin/env bash
# dist-test.sh: build the installers with a test profile and check what is
# inside them. make dist-test runs it; .ci/run runs make dist-test.
#   1. a bad profile stops make dist at once, naming the line and the key;
#   2. Linux: the .tar.xz and the .deb hold the binary, the desktop entry
#      (desktop-file-validate), the icons and the profile beside the binary;
#      the .deb declares every library the binary loads; unpacked with dpkg -x
#      into a scratch root, its binary reports the version and accepts the
#      profile; the .tar.xz's Makefile installs the profile beside the binary;
#   3. Windows, when mingw-w64 and NSIS are here (deps.sh installs them when it
#      can): the exe is a GUI PE with icon and version resources, its console
#      twin gateway-doctor.com a console PE (debug/pe: packaging/pesubsystem),
#      the setup (listed with 7z) holds both and the profile, the uninstaller
#      removes the twin, and signing works with a throwaway self-signed
#      certificate.
# Ends with "N passed, N failed"; exits 1 on any failure.
set -uo pipefail
source "$(dirname "$0")/lib.sh"
set +e

t0=$SECONDS
passed=0
failed=0
ok() { passed=$((passed + 1)); printf 'ok    %s\n' "$*"; }
bad() { failed=$((failed + 1)); printf 'FAIL  %s\n' "$*"; }
check() { # check DESCRIPTION COMMAND...
  local what=$1
  shift
  if "$@" >/dev/null 2>&1; then ok "$what"; else bad "$what"; fi
}
# png_size FILE: "WxH" from the PNG header (big-endian width, height at 16).
png_size() {
  local b
  read -ra b <<<"$(od -An -tu1 -j16 -N8 "$1")"
  [ ${#b[@]} -eq 8 ] || return 1
  echo "$(((b[0] << 24) + (b[1] << 16) + (b[2] << 8) + b[3]))x$(((b[4] << 24) + (b[5] << 16) + (b[6] << 8) + b[7]))"
}

# nsis_strings EXE: the text of an NSIS installer's or uninstaller's script
# (its string table), which 7z does not show. The script is an LZMA stream
# after the 28-byte first header ("NullsoftInst" at byte 8); xz reads it once
# it has an .lzma header: NSIS's 5 property bytes, then "size unknown".
nsis_strings() {
  local off start
  off=$(grep -obUa NullsoftInst "$1" | head -1 | cut -d: -f1)
  [ -n "$off" ] || return 1
  start=$((off + 20))
  {
    tail -c +$((start + 1)) "$1" | head -c 5
    printf '\xff\xff\xff\xff\xff\xff\xff\xff'
    tail -c +$((start + 6)) "$1"
  } | xz -dc --format=lzma 2>/dev/null | head -c 1000000 >"$T/nsis.bin"
  # Unicode NSIS keeps its strings in UTF-16LE; variables are codes in between.
  iconv -f UTF-16LE -t UTF-8//IGNORE "$T/nsis.bin" 2>/dev/null | tr -c '[:print:]' '\n'
}

"$ROOT/packaging/deps.sh" dist 2>&1 || echo "dist-test: could not install every dist package; checks that need one will say so"

T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
GOOD=$ROOT/packaging/testdata/acme.toml
BAD=$ROOT/packaging/testdata/bad.toml
export OUT=$T/dist # keep the user's dist/ as it is

# --- 1. a bad profile stops the build before anything slow.
say "a bad profile stops the build"
PROFILE=$BAD "$ROOT/packaging/dist.sh" linux >"$T/bad.log" 2>&1
rc=$?
check "a bad profile fails make dist" test "$rc" -ne 0
check "the error names the file, line 5 and the key helpdesk.emial" \
  grep -Eq 'bad\.toml:5: helpdesk\.emial' "$T/bad.log"
check "nothing was built for a bad profile" bash -c "! grep -q 'building the Linux binary' '$T/bad.log'"
[ "$rc" -ne 0 ] || cat "$T/bad.log"

# --- 2. Linux.
targets=(linux)
win=""
if command -v x86_64-w64-mingw32-gcc >/dev/null && command -v makensis >/dev/null &&
  command -v 7z >/dev/null; then
  targets+=(windows)
  win=1
fi
say "make dist with a profile: ${targets[*]}"
PROFILE=$GOOD "$ROOT/packaging/dist.sh" "${targets[@]}" 2>&1 | tee "$T/dist.log"
check "make dist PROFILE=acme.toml ${targets[*]} succeeds" test "${PIPESTATUS[0]}" -eq 0
VERSION=$("$WORK/gateway-doctor-cli" version | awk '{print $2}')
GOARCH=$(go env GOARCH)
ARCH=$(dpkg --print-architecture)
APPID=org.gatewaydoctor.app

say "the .tar.xz"
tarball=$OUT/gateway-doctor-$VERSION-linux-$GOARCH.tar.xz
mkdir -p "$T/tar"
check "the .tar.xz exists and unpacks" tar -C "$T/tar" -xJf "$tarball"
top=$T/tar/gateway-doctor
check "tar: binary usr/local/bin/gateway-doctor" test -x "$top/usr/local/bin/gateway-doctor"
check "tar: profile beside the binary, unchanged" cmp "$GOOD" "$top/usr/local/bin/gateway-doctor.toml"
check "tar: desktop entry is valid" desktop-file-validate "$top/usr/local/share/applications/$APPID.desktop"
check "tar: icon is the 512 px PNG" test "$(png_size "$top/usr/local/share/pixmaps/$APPID.png")" = 512x512
make -s -C "$top" install DESTDIR="$T/tarroot" PREFIX=/usr/local >"$T/make.log" 2>&1
check "tar: its Makefile installs the profile beside the binary" \
  cmp "$GOOD" "$T/tarroot/usr/local/bin/gateway-doctor.toml"
check "tar: its Makefile installs the binary" test -x "$T/tarroot/usr/local/bin/gateway-doctor"

say "the .deb"
deb=$OUT/gateway-doctor_${VERSION}_$ARCH.deb
check "the .deb exists" test -f "$deb"
check "deb: Package gateway-doctor" test "$(dpkg-deb -f "$deb" Package)" = gateway-doctor
check "deb: Version is checks.Version ($VERSION)" test "$(dpkg-deb -f "$deb" Version)" = "$VERSION"
dpkg-deb -c "$deb" >"$T/deb.list"
check "deb: every file is owned by root" bash -c "! awk '{print \$2}' '$T/deb.list' | grep -qv '^root/root$'"
depends=$(dpkg-deb -f "$deb" Depends)
# Every library the binary links, and every X library GLFW opens at start,
# must come from a declared dependency.
root=$T/root
check "deb: dpkg -x into a scratch root" dpkg -x "$deb" "$root"
bin=$root/opt/gateway-doctor/gateway-doctor
mapfile -t libs < <(objdump -p "$bin" | awk '/NEEDED/ {print $2}')
libs+=(libX11-xcb.so.1 libXcursor.so.1 libXi.so.6 libXinerama.so.1 libXrandr.so.2
  libXrender.so.1 libXxf86vm.so.1)
for so in "${libs[@]}"; do
  pkg=$(dpkg -S "*/$so" 2>/dev/null | head -1 | cut -d: -f1)
  if [ -z "$pkg" ]; then
    bad "deb: no installed package provides $so, cannot check Depends"
  elif grep -Eq "(^|, )$pkg( |,|$)" <<<"$depends"; then
    ok "deb: Depends covers $so ($pkg)"
  else
    bad "deb: Depends ($depends) lacks $pkg for $so"
  fi
done
check "deb: /usr/bin/gateway-doctor runs the binary in /opt" \
  test "$(readlink -f "$root/usr/bin/gateway-doctor")" = "$(readlink -f "$bin")"
check "deb: profile beside the binary, unchanged" cmp "$GOOD" "$root/opt/gateway-doctor/gateway-doctor.toml"
check "deb: desktop entry is valid" desktop-file-validate "$root/usr/share/applications/$APPID.desktop"
check "deb: desktop entry's Icon is the installed icon's name" \
  grep -qx "Icon=$APPID" "$root/usr/share/applications/$APPID.desktop"
for s in 16 24 32 48 64 128 256 512; do
  check "deb: hicolor ${s}x$s icon is $s px" \
    test "$(png_size "$root/usr/share/icons/hicolor/${s}x$s/apps/$APPID.png")" = "${s}x$s"
done
check "deb: scalable SVG icon" test -s "$root/usr/share/icons/hicolor/scalable/apps/$APPID.svg"
check "deb: the unpacked binary reports version $VERSION" \
  test "$("$root/usr/bin/gateway-doctor" version 2>/dev/null)" = "gateway-doctor $VERSION"
"$root/usr/bin/gateway-doctor" profile check "$root/opt/gateway-doctor/gateway-doctor.toml" >"$T/pc.log" 2>&1
check "deb: the unpacked binary accepts the profile beside it (profile check)" test $? -eq 0
check "deb: the unpacked binary rejects the bad profile" \
  bash -c "! '$root/usr/bin/gateway-doctor' profile check '$BAD'"

# The uninstall checks run in a mount namespace of their own, where scratch
# files stand over /etc/resolv.conf, /etc/passwd (one account, whose home
# holds no journal), /var/lib (where the privileged apply records where a
# journal lives) and /opt (the scratch root): the host's files and package
# database are never touched. in_scratch_ns DIR OPT COMMAND...
in_scratch_ns() {
  local d=$1 opt=$2
  shift 2
  mkdir -p "$d/varlib" "$d/home"
  printf 'root:x:0:0:root:%s:/bin/sh\n' "$d/home" >"$d/passwd"
  env -u GATEWAY_DOCTOR_CONFIG_DIR unshare --mount --propagation private bash -c '
    set -e
    mount --bind "$1" /etc/resolv.conf
    mount --bind "$2" /etc/passwd
    mount --bind "$3" /var/lib
    [ -d /opt ] || exit 3
    mount --bind "$4" /opt
    shift 4
    "$@"
  ' _ "$d/resolv.conf" "$d/passwd" "$d/varlib" "$opt" "$@"
}

# Uninstalling restores (issue 16): install (the scratch root above), a
# kept DNS switch as the app leaves it (the switched file and the journal
# with the original bytes), uninstall (the .deb's prerm), then diff.
uninstall_restores() { # uninstall_restores LABEL UNINSTALL-COMMAND...
  local label=$1 d=$T/uninstall-$1
  shift
  mkdir -p "$d/cfg" "$d/opt"
  chmod 700 "$d/cfg"
  printf 'nameserver 192.0.2.1\nsearch corp.example\n' >"$d/original"
  printf '# Written by Gateway Doctor (switch DNS). To put the previous file back, run: gateway-doctor restore\nnameserver 198.51.100.53\nsearch corp.example\n' >"$d/resolv.conf"
  printf '{"schema":"gateway-doctor/dns-journal/v1","created_at":"2026-12-07T10:00:00Z","pid":1,"provider":"lab","servers":["198.51.100.53"],"snapshot":{"goos":"linux","stack":{"manager":"unmanaged"},"resolv_conf":{"path":"/etc/resolv.conf","raw":"%s","mode":420}}}\n' \
    "$(base64 -w0 "$d/original")" >"$d/cfg/dns-journal-kept.json"
  in_scratch_ns "$d" "$root/opt" env GATEWAY_DOCTOR_CONFIG_DIR="$d/cfg" "$@" >"$d/log" 2>&1
  check "$label: uninstall puts the original resolv.conf back, byte for byte" cmp "$d/original" "$d/resolv.conf"
  check "$label: and leaves no journal" test ! -e "$d/cfg/dns-journal-kept.json"
}

# The tarball without a profile (issue 16: its Makefile restores whether or
# not it carries one): install it, switch DNS with the real privileged apply
# as an account whose config dir no home leads to (a moved XDG_CONFIG_HOME),
# keep the change as the app does, `make uninstall` with no hint of where
# the journal is, then diff. Only the pointer the apply recorded under
# /var/lib leads restore --all to the journal.
plain_tar_uninstall_restores() { # plain_tar_uninstall_restores TARBALL
  local d=$T/uninstall-plain now created deadline
  mkdir -p "$d/tar" "$d/opt" "$d/xdg/gateway-doctor"
  chmod 700 "$d/xdg/gateway-doctor"
  check "plain tar: unpacks" tar -C "$d/tar" -xJf "$1"
  check "plain tar: holds no profile" bash -c "! find '$d/tar' -name gateway-doctor.toml | grep -q ."
  printf 'nameserver 192.0.2.1\nsearch corp.example\n' >"$d/original"
  cp "$d/original" "$d/resolv.conf"
  now=$(date +%s)
  created=$((now * 1000000000))
  deadline=$(((now + 3600) * 1000000000))
  printf '{"schema":"gateway-doctor/dns-journal/v1","created_at":"%s","pid":1,"provider":"lab","servers":["198.51.100.53"],"snapshot":{"goos":"linux","stack":{"manager":"unmanaged"},"resolv_conf":{"path":"/etc/resolv.conf","raw":"%s","mode":420}}}\n' \
    "$(date -u -d "@$now" +%Y-%m-%dT%H:%M:%SZ)" "$(base64 -w0 "$d/original")" >"$d/xdg/gateway-doctor/dns-journal.json"
  # shellcheck disable=SC2016 # the script's variables are its own
  in_scratch_ns "$d" "$d/opt" bash -c '
    set -e
    top=$1 cfg=$2 created=$3 deadline=$4 d=$5
    make -s -C "$top" install DESTDIR= PREFIX=/opt/local
    /opt/local/bin/gateway-doctor privileged apply "$cfg" "$created" "$deadline"
    cp /etc/resolv.conf "$d/switched"
    ls /var/lib/gateway-doctor/pending >"$d/pointers"
    mv "$cfg/dns-journal.json" "$cfg/dns-journal-kept.json" # Keep
    # The watchdog sees the change kept and ends; the pointer stays.
    for _ in $(seq 100); do pgrep -f "privileged watchdog $cfg" >/dev/null || break; sleep 0.1; done
    if pgrep -f "privileged watchdog $cfg" >/dev/null; then echo "the watchdog of a kept change still runs"; exit 4; fi
    ls /var/lib/gateway-doctor/pending >"$d/pointers-kept"
    make -s -C "$top" uninstall DESTDIR= PREFIX=/opt/local
    ls -A /var/lib >"$d/varlib-after"
  ' _ "$d/tar/gateway-doctor" "$d/xdg/gateway-doctor" "$created" "$deadline" "$d" >"$d/log" 2>&1
  check "plain tar: installed, switched, kept and uninstalled in the namespace" test $? -eq 0
  check "plain tar: the privileged apply switched the file" grep -q '^nameserver 198.51.100.53$' "$d/switched"
  check "plain tar: and recorded where the journal lives" grep -qx 0 "$d/pointers"
  check "plain tar: a kept change keeps its pointer" grep -qx 0 "$d/pointers-kept"
  check "plain tar: make uninstall puts the original resolv.conf back, byte for byte" cmp "$d/original" "$d/resolv.conf"
  check "plain tar: and leaves no journal" test ! -e "$d/xdg/gateway-doctor/dns-journal-kept.json"
  check "plain tar: nor any pointer or state dir" test ! -s "$d/varlib-after"
  check "plain tar: nor the program" test ! -e "$d/opt/local/bin/gateway-doctor"
  [ -f "$d/varlib-after" ] || cat "$d/log"
}

if command -v unshare >/dev/null && [ "$(id -u)" = 0 ] && [ -d /opt ]; then
  dpkg-deb -e "$deb" "$T/control"
  check "deb: has a prerm" test -x "$T/control/prerm"
  uninstall_restores deb "$T/control/prerm" remove
  # The tarball's `make uninstall` (PREFIX /opt stands for the scratch root).
  mkdir -p "$root/opt/local/bin" && cp "$root/opt/gateway-doctor/gateway-doctor" "$root/opt/local/bin/gateway-doctor"
  check "tar: its Makefile's uninstall runs restore --all" grep -q 'gateway-doctor restore --all' "$top/Makefile"
  uninstall_restores tar make -s -C "$top" uninstall DESTDIR= PREFIX=/opt/local
  say "make dist without a profile: linux"
  OUT=$T/plain "$ROOT/packaging/dist.sh" linux >"$T/plain.log" 2>&1
  check "make dist linux without a profile succeeds" test $? -eq 0
  plain_tar_uninstall_restores "$T/plain/gateway-doctor-$VERSION-linux-$GOARCH.tar.xz"
else
  echo "dist-test: uninstall checks skipped: they need root, unshare and /opt (a mount namespace)"
fi

# --- 3. Windows.
if [ -z "$win" ]; then
  echo "dist-test: mingw-w64, NSIS or 7z missing: Windows checks skipped (packaging/deps.sh dist installs them)"
else
  say "the Windows exe and setup"
  exe=$OUT/gateway-doctor.exe
  setup=$OUT/GatewayDoctor-Setup.exe
  com=$OUT/gateway-doctor.com
  check "exe: a 64-bit GUI PE" bash -c "file '$exe' | grep -q 'PE32+ executable (GUI) x86-64'"
  (cd "$ROOT" && go build -o "$T/pesubsystem" ./packaging/pesubsystem)
  check "exe: its PE header says Subsystem 2 (GUI)" "$T/pesubsystem" "$exe" gui
  check "com: the console twin gateway-doctor.com is beside the exe" test -s "$com"
  check "com: its PE header says Subsystem 3 (console), so cmd.exe waits for it" \
    "$T/pesubsystem" "$com" console
  7z x -so "$com" .rsrc/version.txt 2>/dev/null | tr -d '\0' >"$T/com-version.txt"
  check "com: version resource says $VERSION" grep -q "ProductVersion.*$VERSION" "$T/com-version.txt"
  check "com: version resource names gateway-doctor.com" grep -q "OriginalFilename.*gateway-doctor\.com" "$T/com-version.txt"
  7z l "$exe" >"$T/exe.list" 2>&1
  check "exe: has an icon resource" grep -q 'ICON' "$T/exe.list"
  check "exe: has a version resource" grep -q 'version.txt' "$T/exe.list"
  7z x -so "$exe" .rsrc/version.txt 2>/dev/null | tr -d '\0' >"$T/version.txt"
  check "exe: version resource says $VERSION" grep -q "ProductVersion.*$VERSION" "$T/version.txt"
  check "the build said it is UNSIGNED" grep -q 'UNSIGNED build' "$T/dist.log"

  7z l "$setup" >"$T/setup.list" 2>&1
  check "setup: 7z lists it as an NSIS installer" grep -q 'Type = Nsis' "$T/setup.list"
  mkdir -p "$T/setup"
  7z x -y -o"$T/setup" "$setup" >/dev/null 2>&1
  check "setup: holds gateway-doctor.exe, the same as dist's" cmp "$exe" "$T/setup/gateway-doctor.exe"
  check "setup: holds gateway-doctor.com, the same as dist's" cmp "$com" "$T/setup/gateway-doctor.com"
  check "setup: holds the profile as gateway-doctor.toml, unchanged" cmp "$GOOD" "$T/setup/gateway-doctor.toml"
  check "setup: holds the uninstaller" test -s "$T/setup/uninstall.exe"
  nsis_strings "$setup" >"$T/setup.strings"
  nsis_strings "$T/setup/uninstall.exe" >"$T/uninstall.strings"
  check "setup: makes the Start-menu shortcut" grep -q 'Gateway Doctor.lnk' "$T/setup.strings"
  check "setup: installs the profile as gateway-doctor.toml" grep -q 'gateway-doctor.toml' "$T/setup.strings"
  check "setup: installs the console twin as gateway-doctor.com" grep -qF 'gateway-doctor.com' "$T/setup.strings"
  check "uninstaller: removes gateway-doctor.com" grep -qF '\gateway-doctor.com' "$T/uninstall.strings"
  check "uninstaller: runs gateway-doctor restore" grep -q 'gateway-doctor.exe" restore' "$T/uninstall.strings"
  check "uninstaller: stops when restore fails and the user says no" \
    grep -q 'DNS settings were not restored' "$T/uninstall.strings"

  say "signing, with a throwaway self-signed certificate"
  openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=Gateway Doctor test" \
    -keyout "$T/key.pem" -out "$T/cert.pem" >/dev/null 2>&1
  # The same build, signed: the exe is reused unless the sources changed,
  # then signed, packed, and the uninstaller and the setup signed by makensis.
  SIGN_CERT=$T/cert.pem SIGN_KEY=$T/key.pem OUT=$T/signed PROFILE=$GOOD \
    "$ROOT/packaging/windows.sh" >"$T/signed.log" 2>&1
  check "a signed Windows build succeeds" test $? -eq 0
  check "the signed build does not say UNSIGNED" bash -c "! grep -q UNSIGNED '$T/signed.log'"
  mkdir -p "$T/signed/x"
  7z x -y -o"$T/signed/x" "$T/signed/GatewayDoctor-Setup.exe" >/dev/null 2>&1
  for f in "$T/signed/gateway-doctor.exe" "$T/signed/gateway-doctor.com" "$T/signed/GatewayDoctor-Setup.exe" \
    "$T/signed/x/uninstall.exe" "$T/signed/x/gateway-doctor.exe" "$T/signed/x/gateway-doctor.com"; do
    check "signature verifies: ${f#"$T/"}" osslsigncode verify -CAfile "$T/cert.pem" -in "$f"
  done
  check "sign.sh does nothing (exit 3) without a certificate" \
    bash -c "env -u SIGN_PFX -u SIGN_CERT '$ROOT/packaging/windows/sign.sh' '$exe'; test \$? -eq 3"
fi

echo "dist-test: $((SECONDS - t0)) s"
echo "dist-test: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
