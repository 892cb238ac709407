#!/usr/bin/env bash
# sign.sh FILE: Authenticode-sign a Windows executable in place with
# osslsigncode, when a certificate is configured; exit 3 when none is.
#
#   SIGN_PFX=cert.pfx  [SIGN_PASS=...]        a PKCS#12 file and its password
#   SIGN_CERT=cert.pem SIGN_KEY=key.pem [SIGN_PASS=...]   PEM or DER pair
#   SIGN_TIMESTAMP_URL=http://...             optional RFC 3161 time-stamp server
#                                             (a signature without one expires
#                                             with the certificate)
# The password is handed over in a file, never on the command line where
# other users could read it in the process list.
set -euo pipefail

file=${1:?usage: sign.sh FILE}
args=()
if [ -n "${SIGN_PFX:-}" ]; then
  args+=(-pkcs12 "$SIGN_PFX")
elif [ -n "${SIGN_CERT:-}" ] && [ -n "${SIGN_KEY:-}" ]; then
  args+=(-certs "$SIGN_CERT" -key "$SIGN_KEY")
else
  exit 3
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
if [ -n "${SIGN_PASS:-}" ]; then
  (umask 077; printf '%s' "$SIGN_PASS" >"$tmp/pass")
  args+=(-readpass "$tmp/pass")
fi
[ -n "${SIGN_TIMESTAMP_URL:-}" ] && args+=(-ts "$SIGN_TIMESTAMP_URL")

osslsigncode sign "${args[@]}" -h sha256 \
  -n "Gateway Doctor" -in "$file" -out "$tmp/signed" >"$tmp/log" 2>&1 || {
  cat "$tmp/log" >&2
  echo "sign.sh: signing $file failed" >&2
  exit 1
}
# Write over the original: makensis expects the signed file at the same path.
cat "$tmp/signed" >"$file"
echo "signed $(basename "$file")"
