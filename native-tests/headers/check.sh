#!/bin/sh
# check.sh -- compile and run the header tests of include/.
# Exits non-zero if any step fails.  Needs gcc, g++ and python3.
# Environment: CC, CXX override the compilers; KEEP=1 keeps the build dir.
set -u

HERE=$(cd "$(dirname "$0")" && pwd)
INC=$(cd "$HERE/../../include" && pwd)
CC=${CC:-gcc}
CXX=${CXX:-g++}
OUT=$(mktemp -d "${TMPDIR:-/tmp}/pyrite-headers.XXXXXX")
[ "${KEEP:-0}" = 1 ] || trap 'rm -rf "$OUT"' EXIT

# The flags of the task description.
CFLAGS="-Wall -Wextra -Werror -pedantic-errors -Wno-unused-parameter -Wno-missing-field-initializers -fPIC"
CXXSYNTAX="-std=c++17 -fsyntax-only -Wall -Werror -x c++"
# Extra warnings that extensions commonly enable; the headers must stay quiet.
STRICT="-Wall -Wextra -Werror -Wshadow -Wcast-qual -Wconversion -Wsign-conversion -Wredundant-decls -Wundef -Wstrict-prototypes -Wmissing-prototypes -Wpointer-arith -Wwrite-strings"
STRICTXX="-Wall -Wextra -Werror -Wshadow -Wcast-qual -Wconversion -Wsign-conversion -Wredundant-decls -Wundef -Wpointer-arith -Wold-style-cast -Wzero-as-null-pointer-constant"

pass=0
fail=0
step() {   # step "description" command...
    desc=$1
    shift
    if "$@" >"$OUT/log" 2>&1; then
        pass=$((pass + 1))
        echo "ok    $desc"
    else
        fail=$((fail + 1))
        echo "FAIL  $desc"
        sed 's/^/      /' "$OUT/log" | head -40
    fi
}

# 1. every header compiles on its own, first in a translation unit
for h in "$INC"/*.h; do
    name=$(basename "$h")
    printf '#include "%s"\nint pyrite_header_test;\n' "$name" > "$OUT/only_$name.c"
    step "standalone $name (c99)" $CC -std=c99 $CFLAGS -I"$INC" -c "$OUT/only_$name.c" -o "$OUT/only.o"
    step "standalone $name (c++17)" $CXX $CXXSYNTAX -I"$INC" "$OUT/only_$name.c"
done

# 2. the whole API under strict warnings (headers only)
cat > "$OUT/strict.c" <<'EOS'
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <structmember.h>
#include <datetime.h>
int pyrite_header_test;
EOS
step "all headers, strict warnings (c99)" $CC -std=c99 -pedantic-errors $STRICT -I"$INC" -c "$OUT/strict.c" -o "$OUT/strict.o"
step "all headers, strict warnings (c11)" $CC -std=c11 -pedantic-errors $STRICT -I"$INC" -c "$OUT/strict.c" -o "$OUT/strict.o"
step "all headers, strict warnings (c++17)" $CXX -std=c++17 -fsyntax-only $STRICTXX -x c++ -I"$INC" "$OUT/strict.c"
step "all headers, strict warnings (c++11 pedantic)" $CXX -std=c++11 -pedantic-errors -fsyntax-only $STRICTXX -x c++ -I"$INC" "$OUT/strict.c"
step "all headers, Py_LIMITED_API (c99)" $CC -std=c99 $CFLAGS -DPy_LIMITED_API=0x030B0000 -I"$INC" -c "$OUT/strict.c" -o "$OUT/strict.o"

# 3. extension modules
for src in ext_module.c ext_singlephase.c; do
    step "$src (c99)" $CC -std=c99 $CFLAGS -I"$INC" -c "$HERE/$src" -o "$OUT/$src.o"
    step "$src (c11)" $CC -std=c11 $CFLAGS -I"$INC" -c "$HERE/$src" -o "$OUT/$src.o"
    step "$src (c11 -O2)" $CC -std=c11 -O2 $CFLAGS -I"$INC" -c "$HERE/$src" -o "$OUT/$src.o"
    step "$src (c++17)" $CXX $CXXSYNTAX -I"$INC" "$HERE/$src"
done
LIM="-DPy_LIMITED_API=0x030B0000"
step "ext_limited.c (c99, limited API)" $CC -std=c99 $CFLAGS $LIM -I"$INC" -c "$HERE/ext_limited.c" -o "$OUT/lim.o"
step "ext_limited.c (c11, limited API)" $CC -std=c11 $CFLAGS $LIM -I"$INC" -c "$HERE/ext_limited.c" -o "$OUT/lim.o"
step "ext_limited.c (c++17, limited API)" $CXX $CXXSYNTAX $LIM -I"$INC" "$HERE/ext_limited.c"

# 4. PY_SSIZE_T_CLEAN routing, checked on the symbols an object file needs
ssize_symbols() {   # ssize_symbols with|without
    if [ "$1" = with ]; then d=-DPY_SSIZE_T_CLEAN; want='_PyArg_ParseTuple_SizeT _PyArg_ParseTupleAndKeywords_SizeT _Py_BuildValue_SizeT _PyObject_CallFunction_SizeT'; avoid='PyArg_ParseTuple PyArg_ParseTupleAndKeywords Py_BuildValue PyObject_CallFunction'
    else d=; want='PyArg_ParseTuple PyArg_ParseTupleAndKeywords Py_BuildValue PyObject_CallFunction'; avoid='_PyArg_ParseTuple_SizeT _Py_BuildValue_SizeT'; fi
    $CC -std=c99 $CFLAGS $d -I"$INC" -c "$HERE/ssize_t_clean.c" -o "$OUT/ssz.o" || return 1
    nm -u "$OUT/ssz.o" | awk '{print $NF}' > "$OUT/ssz.syms"
    for s in $want; do grep -qx "$s" "$OUT/ssz.syms" || { echo "missing undefined symbol $s"; return 1; }; done
    for s in $avoid; do if grep -qx "$s" "$OUT/ssz.syms"; then echo "unexpected symbol $s"; return 1; fi; done
}
step "PY_SSIZE_T_CLEAN selects the _SizeT entry points" ssize_symbols with
step "without PY_SSIZE_T_CLEAN the plain names are used" ssize_symbols without

# 5. struct layouts (compile-time asserts, then run-time bit-field checks)
step "layout.c (c11) builds" $CC -std=c11 $CFLAGS -I"$INC" "$HERE/layout.c" -o "$OUT/layout"
step "layout.c (c11) runs" "$OUT/layout"
step "layout.c (c++17) builds" $CXX -std=c++17 -Wall -Wextra -Werror -x c++ -I"$INC" "$HERE/layout.c" -o "$OUT/layoutxx"
step "layout.c (c++17) runs" "$OUT/layoutxx"

# 6. inline API on hand-built objects
step "inline_check.c (c99) builds" $CC -std=c99 $CFLAGS -I"$INC" "$HERE/inline_check.c" -o "$OUT/inline"
step "inline_check.c (c99) runs" "$OUT/inline"
step "inline_check.c (c11 -O2) builds" $CC -std=c11 -O2 $CFLAGS -I"$INC" "$HERE/inline_check.c" -o "$OUT/inline2"
step "inline_check.c (c11 -O2) runs" "$OUT/inline2"
step "inline_check.c (c++17 -O2) builds" $CXX -std=c++17 -O2 -Wall -Wextra -Werror -Wno-unused-parameter -Wno-missing-field-initializers -x c++ -I"$INC" "$HERE/inline_check.c" -o "$OUT/inlinexx"
step "inline_check.c (c++17 -O2) runs" "$OUT/inlinexx"

# 7. census of the C-API checklists
step "census: stable ABI 3.11 and numpy 2.2 names declared" python3 "$HERE/census.py" --include "$INC"
sed 's/^/      /' "$OUT/log" | head -4

# 8. optional: Cython-generated code (limited-API mode) when cython is installed
CYTHON=${CYTHON:-cython}
if command -v "$CYTHON" >/dev/null 2>&1; then
    step "cython_demo.pyx translated by $CYTHON" "$CYTHON" -3 "$HERE/cython_demo.pyx" -o "$OUT/cython_demo.c"
    step "cython_demo.c compiles (Py_LIMITED_API=0x030B0000)" $CC -std=c11 -fPIC -Werror=implicit-function-declaration -Werror=int-conversion -Werror=incompatible-pointer-types -DPy_LIMITED_API=0x030B0000 -I"$INC" -c "$OUT/cython_demo.c" -o "$OUT/cython_demo.o"
else
    echo "skip  cython_demo.pyx (no cython command; set CYTHON=...)"
fi

# 9. optional: cross-check against installed CPython 3.11 headers
if [ -f /usr/include/python3.11/Python.h ]; then
    step "compare with CPython 3.11 prototypes/constants/data" python3 "$HERE/compare_cpython.py" --ours "$INC"
else
    echo "skip  compare_cpython.py (no /usr/include/python3.11)"
fi

echo "check.sh: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
