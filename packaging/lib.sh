# shellcheck shell=bash
# lib.sh: what the packaging scripts share. Sourced, not run.
#
# prepare (once per run, however many scripts call it):
#   - builds the headless CLI (go build -tags nogui) and reads the version
#     from it, so checks.Version is the one source of the version;
#   - validates $PROFILE with `gateway-doctor profile check` before any slow
#     step, so a bad profile stops the build at once;
#   - copies the tree into build/dist/tree and puts FyneApp.toml and the icon
#     beside the main package there: fyne reads its metadata only there
#     (fyne-io/fyne#3459) and rewrites it, and a build must never edit a
#     committed file;
#   - installs the pinned fyne tool into a cache outside the tree.
# Exports ROOT, OUT, WORK, TREE, SRC, VERSION, CLI, FYNE, TREE_HASH and
# PROFILE (absolute, or empty).

set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
OUT=${OUT:-$ROOT/dist}
WORK=${WORK:-$ROOT/build/dist}
TREE=$WORK/tree
SRC=$TREE/cmd/gateway-doctor
# The fyne tool is pinned: its packaging templates and build flags are part
# of what we ship. Bump it on purpose, and re-run make dist-test.
FYNE_TOOLS_VERSION=v1.7.4
FYNE_CACHE=${XDG_CACHE_HOME:-$HOME/.cache}/gateway-doctor/fyne-$FYNE_TOOLS_VERSION
FYNE=$FYNE_CACHE/fyne
export ROOT OUT WORK TREE SRC FYNE

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }
die() { printf 'dist: %s\n' "$*" >&2; exit 1; }

install_fyne() {
  [ -x "$FYNE" ] && return 0
  say "installing fyne tool $FYNE_TOOLS_VERSION into $FYNE_CACHE"
  mkdir -p "$FYNE_CACHE"
  GOBIN=$FYNE_CACHE CGO_ENABLED=0 go install "fyne.io/tools/cmd/fyne@$FYNE_TOOLS_VERSION"
}

# resolve_profile turns $PROFILE into an absolute path, relative to where
# the user ran make, so the later cd's cannot change its meaning.
resolve_profile() {
  PROFILE=${PROFILE:-}
  [ -z "$PROFILE" ] && return 0
  [ -f "$PROFILE" ] || die "PROFILE=$PROFILE: no such file"
  PROFILE=$(cd "$(dirname "$PROFILE")" && pwd)/$(basename "$PROFILE")
}

# check_version makes FyneApp.toml agree with checks.Version (as the CLI
# reports it); packaging/version_test.go asserts the same in make test.
check_version() {
  VERSION=$("$CLI" version | awk '{print $2}')
  [[ $VERSION =~ ^[0-9]+\.[0-9]+\.[0-9]+$ ]] || die "unexpected version '$VERSION' from $CLI version"
  local toml
  toml=$(sed -n 's/^Version *= *"\(.*\)"/\1/p' "$ROOT/FyneApp.toml")
  [ "$toml" = "$VERSION" ] ||
    die "FyneApp.toml says Version = \"$toml\" but checks.Version is \"$VERSION\": change FyneApp.toml"
}

stage_tree() {
  rm -rf "$TREE"
  mkdir -p "$TREE"
  tar -C "$ROOT" --exclude=./.git --exclude=./build --exclude=./dist \
    --exclude=./gateway-doctor --exclude=./screenshots -cf - . | tar -C "$TREE" -xf -
  # The hash of what goes into a binary: the build steps reuse their last
  # output while it and their tools are unchanged. Tests, test data and
  # documentation change often (seven people, one tree) and go into no
  # binary, so they do not count.
  TREE_HASH=$(cd "$TREE" && find . -type d \( -name testdata -o -name .ci -o -name .github \
    -o -name docs \) -prune -o -type f ! -name '*_test.go' ! -name '*.md' -print0 |
    LC_ALL=C sort -z | xargs -0 sha256sum | sha256sum | cut -c1-32)
  cp "$ROOT/FyneApp.toml" "$SRC/"
  # FyneApp.toml names the icon relative to itself: give it the same path.
  mkdir -p "$SRC/assets/icon"
  cp "$ROOT/assets/icon/512.png" "$SRC/assets/icon/"
}

prepare() {
  [ -n "${GD_PREPARED:-}" ] && return 0
  resolve_profile
  mkdir -p "$WORK" "$OUT"
  CLI=$WORK/gateway-doctor-cli
  say "building the headless CLI (profile check, version)"
  (cd "$ROOT" && go build -tags nogui -o "$CLI" ./cmd/gateway-doctor)
  check_version
  if [ -n "$PROFILE" ]; then
    say "checking the profile $PROFILE"
    "$CLI" profile check "$PROFILE" ||
      die "the profile $PROFILE is not valid (the line and key are above); nothing was built"
  fi
  install_fyne
  stage_tree
  GD_PREPARED=1
  export GD_PREPARED CLI VERSION PROFILE TREE_HASH
}

# fresh KEY FILE: true when FILE exists and was made from the same KEY.
fresh() { [ -f "$2" ] && [ -f "$2.key" ] && [ "$(cat "$2.key")" = "$1" ]; }
