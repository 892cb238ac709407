#!/usr/bin/env bash
# linux.sh: the Linux packages, into dist/:
#   gateway-doctor-VERSION-linux-ARCH.tar.xz   fyne package's archive (run
#       `sudo make install` or `make user-install` inside it); with PROFILE,
#       the profile sits beside the binary (usr/local/bin/gateway-doctor.toml)
#       and the archive's Makefile installs it there too;
#   gateway-doctor_VERSION_ARCH.deb   /opt/gateway-doctor/gateway-doctor, a
#       relative /usr/bin symlink, the .desktop entry, the icon in the hicolor
#       sizes, Depends from dpkg-shlibdeps plus the X libraries GLFW
#       opens at run time; with PROFILE,
#       /opt/gateway-doctor/gateway-doctor.toml (the app reads the profile
#       beside its resolved executable, so /opt rather than /usr/bin).
# Usage: PROFILE=acme.toml packaging/linux.sh   (or through make dist)
source "$(dirname "$0")/lib.sh"
prepare

APPID=org.gatewaydoctor.app
ARCH=$(dpkg --print-architecture)
GOARCH=$(go env GOARCH)
LIN=$WORK/linux
mkdir -p "$LIN"

# --- the binary: fyne build --release, reused while sources and tools match.
bin=$LIN/gateway-doctor
key="$TREE_HASH $(go version) $(cc --version | head -1) fyne-$FYNE_TOOLS_VERSION"
if fresh "$key" "$bin"; then
  say "Linux binary is up to date"
else
  say "building the Linux binary (fyne build --release)"
  rm -f "$bin" "$bin.key"
  (cd "$SRC" && "$FYNE" build -os linux --release -o "$bin")
  printf '%s' "$key" >"$bin.key"
fi

# --- the .tar.xz, made by fyne package from that binary.
say "packaging the .tar.xz (fyne package)"
rm -f "$SRC"/*.tar.xz
# fyne's archive is only unpacked again: compress it fast (fyne's tar -J
# honours XZ_OPT), and spend the time on the final one.
(cd "$SRC" && XZ_OPT=-0 "$FYNE" package -os linux --release --executable "$bin")
fynetar=$(ls "$SRC"/*.tar.xz)
tarball=$OUT/gateway-doctor-$VERSION-linux-$GOARCH.tar.xz
# Unpack, teach the Makefile to put DNS settings back on uninstall (and, with
# a profile, to install it beside the binary), and pack again.
rm -rf "$LIN/tar" && mkdir -p "$LIN/tar"
tar -C "$LIN/tar" -xJf "$fynetar"
top=$(ls "$LIN/tar")
cat >>"$LIN/tar/$top/Makefile" <<EOF

# Uninstalling puts back the DNS settings Gateway Doctor changed, for every
# account (restore --all, as root), before the program goes; a user install
# puts back the user's own (added by packaging/linux.sh). A failed restore
# does not stop the uninstall, as in the .deb's prerm: it says what it could
# not put back.
uninstall: uninstall-restore
uninstall-restore:
	-test ! -x \$(DESTDIR)\$(PREFIX)/bin/gateway-doctor || \$(DESTDIR)\$(PREFIX)/bin/gateway-doctor restore --all
	@rmdir \$(DESTDIR)/var/lib/gateway-doctor/pending \$(DESTDIR)/var/lib/gateway-doctor 2>/dev/null || true
user-uninstall: user-uninstall-restore
user-uninstall-restore:
	-test ! -x \$(DESTDIR)\$(HOME)/.local/bin/gateway-doctor || \$(DESTDIR)\$(HOME)/.local/bin/gateway-doctor restore
EOF
if [ -n "$PROFILE" ]; then
  bindir=$(dirname "$(find "$LIN/tar/$top/usr" -type f -name gateway-doctor | head -1)")
  install -m 0644 "$PROFILE" "$bindir/gateway-doctor.toml"
  rel=${bindir#"$LIN/tar/$top/"}
  cat >>"$LIN/tar/$top/Makefile" <<EOF

# The helpdesk profile, beside the executable (added by packaging/linux.sh).
install: install-profile
install-profile:
	install -Dm00644 $rel/gateway-doctor.toml \$(DESTDIR)\$(PREFIX)/bin/gateway-doctor.toml
uninstall: uninstall-profile
uninstall-profile: uninstall-restore
	-rm \$(DESTDIR)\$(PREFIX)/bin/gateway-doctor.toml
user-install: user-install-profile
user-install-profile:
	install -Dm00644 $rel/gateway-doctor.toml \$(DESTDIR)\$(HOME)/.local/bin/gateway-doctor.toml
user-uninstall: user-uninstall-profile
user-uninstall-profile: user-uninstall-restore
	-rm \$(DESTDIR)\$(HOME)/.local/bin/gateway-doctor.toml
EOF
fi
XZ_OPT="-6 -T0" tar -C "$LIN/tar" -cJf "$tarball" "$top"
rm -f "$fynetar"
echo "    $tarball"

# --- the .deb.
say "packaging the .deb (dpkg-deb)"
debroot=$LIN/deb
rm -rf "$debroot"
install -Dm0755 "$bin" "$debroot/opt/gateway-doctor/gateway-doctor"
[ -n "$PROFILE" ] && install -Dm0644 "$PROFILE" "$debroot/opt/gateway-doctor/gateway-doctor.toml"
mkdir -p "$debroot/usr/bin"
# Relative, so the package also works unpacked into a scratch root (dpkg -x).
ln -s ../../opt/gateway-doctor/gateway-doctor "$debroot/usr/bin/gateway-doctor"
install -Dm0644 "$ROOT/packaging/linux/$APPID.desktop" "$debroot/usr/share/applications/$APPID.desktop"
for png in "$ROOT"/assets/icon/*.png; do
  s=$(basename "$png" .png)
  install -Dm0644 "$png" "$debroot/usr/share/icons/hicolor/${s}x$s/apps/$APPID.png"
done
install -Dm0644 "$ROOT/assets/icon.svg" "$debroot/usr/share/icons/hicolor/scalable/apps/$APPID.svg"
# pkexec's prompt for `gateway-doctor privileged` (SECURITY.md).
install -Dm0644 "$ROOT/packaging/linux/org.gatewaydoctor.privileged.policy" \
  "$debroot/usr/share/polkit-1/actions/org.gatewaydoctor.privileged.policy"

# dpkg-shlibdeps reads the libraries the binary links and names the packages
# (with minimum versions) that provide them; it wants a debian/control.
shl=$LIN/shlibs
rm -rf "$shl" && mkdir -p "$shl/debian"
printf 'Source: gateway-doctor\n\nPackage: gateway-doctor\nArchitecture: any\n' >"$shl/debian/control"
depends=$(cd "$shl" && dpkg-shlibdeps -O "$debroot/opt/gateway-doctor/gateway-doctor" 2>/dev/null |
  sed -n 's/^shlibs:Depends=//p')
[ -n "$depends" ] || die "dpkg-shlibdeps found no dependencies for the binary"
# GLFW opens these X libraries with dlopen when it starts, which
# dpkg-shlibdeps cannot see (its x11_init.c names each soname).
depends="$depends, libx11-xcb1, libxcursor1, libxi6, libxinerama1, libxrandr2, libxrender1, libxxf86vm1"

mkdir -p "$debroot/DEBIAN"
cat >"$debroot/DEBIAN/control" <<EOF
Package: gateway-doctor
Version: $VERSION
Architecture: $ARCH
Maintainer: ${DEB_MAINTAINER:-Gateway Doctor <gateway-doctor@localhost>}
Installed-Size: $(du -sk --exclude=DEBIAN "$debroot" | cut -f1)
Depends: $depends
Recommends: pkexec | policykit-1
Section: net
Priority: optional
Description: find out why a website will not load, and whose problem it is
 Gateway Doctor runs a few seconds of checks when a site shows "502 Bad
 Gateway", "504 Gateway Timeout" or will not load at all, says in one plain
 sentence whether the website, its CDN, a proxy, the network or this computer
 is at fault, and walks the user through the fixes that can help, each with
 an undo. It never uploads anything.
EOF
# Removing the package puts back any DNS settings it changed, for every
# account (an upgrade keeps them: the new version reads the same journals).
install -m0755 "$ROOT/packaging/linux/prerm" "$debroot/DEBIAN/prerm"
deb=$OUT/gateway-doctor_${VERSION}_$ARCH.deb
dpkg-deb --root-owner-group -Zxz --build "$debroot" "$deb" >/dev/null
echo "    $deb"
