#!/usr/bin/env bash
# fuzz.sh: run every Go fuzz target of the module, one after another, each
# for FUZZTIME (default 30s). Targets are found, not listed: a Fuzz function
# added to any package's tests is run with the others.
# Usage: packaging/fuzz.sh [FUZZTIME]    e.g. packaging/fuzz.sh 10s
# A failure leaves its input in the package's testdata/fuzz/FuzzName/ (Go's
# own behaviour): commit it as a regression seed once fixed.
set -euo pipefail
cd "$(dirname "$0")/.."
fuzztime="${1:-${FUZZTIME:-30s}}"
GO="${GO:-go}"

failed=()
ran=0
while read -r pkg dir; do
  # Only this package's own test files; grep keeps the order stable.
  compgen -G "$dir/*_test.go" >/dev/null || continue
  names=$(sed -n 's/^func \(Fuzz[A-Za-z0-9_]*\)(.*/\1/p' "$dir"/*_test.go | sort -u)
  for name in $names; do
    echo "== $pkg $name ($fuzztime)"
    ran=$((ran + 1))
    if ! "$GO" test -run '^$' -fuzz "^${name}\$" -fuzztime "$fuzztime" "$pkg"; then
      failed+=("$pkg $name")
    fi
  done
done < <("$GO" list -f '{{.ImportPath}} {{.Dir}}' ./...)

echo "fuzz: $ran targets, ${#failed[@]} failed"
if [ ${#failed[@]} -gt 0 ]; then
  printf '  failed: %s\n' "${failed[@]}"
  exit 1
fi
