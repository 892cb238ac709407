#!/usr/bin/env bash
# dist.sh [linux] [windows]: build the installers into dist/ (both when no
# argument). make dist runs it after packaging/deps.sh dist.
#   PROFILE=acme.toml   a helpdesk profile: validated first, then placed beside
#                       the executable in every package
#   SIGN_PFX/SIGN_PASS or SIGN_CERT/SIGN_KEY   sign the Windows files
#                       (packaging/windows/sign.sh)
source "$(dirname "$0")/lib.sh"
start=$SECONDS
targets=("$@")
[ ${#targets[@]} -eq 0 ] && targets=(linux windows)
prepare
for t in "${targets[@]}"; do
  case "$t" in
  linux | windows) "$ROOT/packaging/$t.sh" ;;
  *) die "unknown target $t (linux, windows)" ;;
  esac
done
say "done in $((SECONDS - start)) s: $OUT"
ls -l "$OUT"
