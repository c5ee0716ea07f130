#!/usr/bin/env bash
# Pyrite demo: build the release runtime, compile a C extension module from
# native-tests/ext/ against include/ (Pyrite's headers), and run demo/demo.py
# with the release `pyrite`, which imports the extension.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
TARGET=${CARGO_TARGET_DIR:-$ROOT/target}
echo "== building Pyrite (release)"
BUILDLOG=$(mktemp "${TMPDIR:-/tmp}/pyrite-demo-build.XXXXXX")
if ! cargo build --release >"$BUILDLOG" 2>&1; then
    cat "$BUILDLOG" >&2
    rm -f "$BUILDLOG"
    exit 1
fi
rm -f "$BUILDLOG"
PYRITE="$TARGET/release/pyrite"
[ -x "$PYRITE" ] && [ -f "$TARGET/release/libpyrite.so" ] || { echo "release build not found under $TARGET" >&2; exit 1; }
BUILD=$(mktemp -d "${TMPDIR:-/tmp}/pyrite-demo.XXXXXX")
trap 'rm -rf "$BUILD"' EXIT
echo "== compiling native-tests/ext/_capi_demo.c against include/"
${CC:-gcc} -shared -fPIC -O2 -Wall -I"$ROOT/include" \
    -o "$BUILD/_capi_demo.pyrite-311-x86_64-linux-gnu.so" "$ROOT/native-tests/ext/_capi_demo.c" -lm
echo "== running demo/demo.py"
echo
PYTHONPATH="$BUILD" "$PYRITE" "$ROOT/demo/demo.py"
