#!/bin/sh
# capi_census.sh -- how many names of each /work/shared/capi checklist libpyrite.so
# exports (nm -D --defined-only).
# Usage: native-tests/capi_census.sh [path/to/libpyrite.so] [--missing]
set -eu
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/.." && pwd)
LIB=""
MISSING=0
for a in "$@"; do
    case "$a" in
        --missing) MISSING=1 ;;
        *) LIB=$a ;;
    esac
done
if [ -z "$LIB" ]; then
    for cand in "${CARGO_TARGET_DIR:-$ROOT/target}/release/libpyrite.so" "${CARGO_TARGET_DIR:-$ROOT/target}/debug/libpyrite.so"; do
        if [ -f "$cand" ]; then LIB=$cand; break; fi
    done
fi
[ -n "$LIB" ] && [ -f "$LIB" ] || { echo "libpyrite.so not found (build first or pass its path)" >&2; exit 1; }
LISTS=${CAPI_LISTS:-/work/shared/capi}
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
nm -D --defined-only "$LIB" | awk '{print $NF}' | sort -u > "$TMP/exported"
echo "library: $LIB ($(wc -l < "$TMP/exported") exported symbols)"
for f in "$LISTS"/*.txt; do
    name=$(basename "$f")
    # lines are either "kind name" or "name"
    awk 'NF {print $NF}' "$f" | sort -u > "$TMP/want"
    total=$(wc -l < "$TMP/want")
    have=$(comm -12 "$TMP/want" "$TMP/exported" | wc -l)
    echo "$name: $have / $total exported"
    if [ "$MISSING" = 1 ]; then
        comm -23 "$TMP/want" "$TMP/exported" | sed 's/^/    missing: /'
    fi
done
