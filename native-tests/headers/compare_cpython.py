#!/usr/bin/env python3
"""Cross-check Pyrite's headers against an installed CPython 3.11 include
directory (interface facts only: nothing is copied from it).

Checks, for names declared by both:
  1. function prototypes (normalised by `gcc -aux-info`) are identical;
  2. integer-valued object-like macros have the same value
     (except the version numbers PY_MICRO_VERSION / PY_VERSION_HEX /
     PY_RELEASE_* that describe Pyrite's own release);
  3. extern data objects have the same declared type.
It also lists public (no leading underscore) functions CPython declares
that Pyrite's headers do not.

Usage: compare_cpython.py [--cpython DIR] [--ours DIR]
Exit status: 0 if no mismatch, 1 on mismatch, 77 if DIR is missing.
"""
import argparse
import os
import re
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
OURS = os.path.normpath(os.path.join(HERE, "..", "..", "include"))
SOURCE = ("#include <Python.h>\n#include <structmember.h>\n#include <datetime.h>\n"
          "#include <frameobject.h>\n#include <marshal.h>\n")
VERSION_MACROS = {"PY_MICRO_VERSION", "PY_VERSION_HEX", "PY_RELEASE_LEVEL",
                  "PY_RELEASE_SERIAL"}


def run(cmd, **kw):
    return subprocess.run(cmd, capture_output=True, text=True, **kw)


def prototypes(include, work):
    aux = os.path.join(work, "aux-%d.txt" % abs(hash(include)))
    src = os.path.join(work, "all.c")
    res = run(["gcc", "-I", include, "-aux-info", aux, "-c", src, "-o", os.devnull])
    if res.returncode:
        sys.exit("compiling against %s failed:\n%s" % (include, res.stderr))
    protos = {}
    with open(aux) as fh:
        for line in fh:
            m = re.match(r"/\* ([^:]*):\d+:.. \*/ (.*)$", line.strip())
            if not m or not m.group(1).startswith(include):
                continue
            decl = re.sub(r"/\*.*?\*/", "", m.group(2)).strip().rstrip(";").strip()
            decl = decl.replace("extern ", "").replace("static ", "")
            name = re.search(r"(\w+) \(", decl)
            if name:
                protos[name.group(1)] = decl
    return protos


def macros(include, work):
    res = run(["gcc", "-I", include, "-E", "-dM", os.path.join(work, "all.c")])
    out = {}
    for line in res.stdout.splitlines():
        m = re.match(r"#define (\w+)(\([^)]*\))? ?(.*)", line)
        if m:
            out[m.group(1)] = (m.group(2), m.group(3))
    return out


def macro_values(include, names, work):
    names = list(names)
    src = os.path.join(work, "vals.c")
    exe = os.path.join(work, "vals")
    while names:
        lines = ["#define PY_SSIZE_T_CLEAN", SOURCE, "#include <stdio.h>"]
        base = len("\n".join(lines).split("\n"))
        for n in names:
            lines.append("enum { e_%s = ((long long)(%s) != 0) }; "
                         "static const long long v_%s = (long long)(%s);" % (n, n, n, n))
        lines.append("int main(void) {")
        for n in names:
            lines.append('printf("%%s %%lld\\n", "%s", v_%s);' % (n, n))
        lines.append("return 0; }")
        with open(src, "w") as fh:
            fh.write("\n".join(lines) + "\n")
        res = run(["gcc", "-O1", "-w", "-no-pie", "-Wl,--unresolved-symbols=ignore-all",
                   "-I", include, src, "-o", exe])
        if res.returncode == 0:
            break
        bad = set()
        for m in re.finditer(r"vals\.c:(\d+):\d+:", res.stderr):
            idx = int(m.group(1)) - 1 - base
            if 0 <= idx < len(names):
                bad.add(names[idx])
        if not bad:
            sys.exit("cannot evaluate macros:\n" + res.stderr[:2000])
        names = [n for n in names if n not in bad]
    out = run([exe]).stdout
    return dict(line.rsplit(" ", 1) for line in out.splitlines() if " " in line)


def data_decls(include, work):
    res = run(["gcc", "-E", "-P", "-I", include, os.path.join(work, "all.c")])
    text = re.sub(r"\s+", " ", res.stdout)
    decls = {}
    depth, cur = 0, []
    for ch in text:
        if ch == "{":
            depth += 1
        elif ch == "}":
            depth -= 1
            cur = [] if depth == 0 else cur
            continue
        if ch == ";" and depth == 0:
            d = "".join(cur).strip()
            cur = []
            if d.startswith("extern") and "(" not in re.sub(r"__attribute__ ?\(\(.*?\)\)\)?", "", d):
                d = re.sub(r"__attribute__ ?\(\(.*?\)\)\)?", "", d)
                d = re.sub(r"\s+", " ", d.replace("extern ", "")).strip()
                m = re.search(r"(\w+) ?(\[\d*\])?$", d)
                if m:
                    decls[m.group(1)] = d.replace(" ", "")
        elif depth == 0:
            cur.append(ch)
    return decls


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--cpython", default="/usr/include/python3.11")
    ap.add_argument("--ours", default=OURS)
    args = ap.parse_args()
    if not os.path.isfile(os.path.join(args.cpython, "Python.h")):
        print("compare_cpython: %s not found, skipped" % args.cpython)
        return 77
    problems = 0
    with tempfile.TemporaryDirectory() as work:
        with open(os.path.join(work, "all.c"), "w") as fh:
            fh.write(SOURCE)

        ref, ours = prototypes(args.cpython, work), prototypes(args.ours, work)
        common = sorted(set(ref) & set(ours))
        for n in common:
            if ref[n] != ours[n]:
                problems += 1
                print("PROTOTYPE %s\n  cpython: %s\n  pyrite:  %s" % (n, ref[n], ours[n]))
        print("prototypes: %d compared" % len(common))
        missing = sorted(n for n in ref if n not in ours and not n.startswith("_"))
        print("public CPython functions without a Pyrite prototype "
              "(static inline there, macros here, or not provided): %d" % len(missing))
        print("  " + " ".join(missing))

        mref, mours = macros(args.cpython, work), macros(args.ours, work)
        names = [n for n in mref if n in mours and mref[n][0] is None
                 and mours[n][0] is None and not n.startswith("__")
                 and '"' not in mref[n][1] and '"' not in mours[n][1]
                 and n not in VERSION_MACROS
                 and not re.search(r"BEGIN|END|BLOCK|_Py_COMP|NEEDS_INIT|RETURN", n)]
        vref = macro_values(args.cpython, names, work)
        vours = macro_values(args.ours, names, work)
        both = sorted(set(vref) & set(vours))
        for n in both:
            if vref[n] != vours[n]:
                problems += 1
                print("VALUE %s: cpython %s, pyrite %s" % (n, vref[n], vours[n]))
        print("integer macros: %d compared" % len(both))

        dref, dours = data_decls(args.cpython, work), data_decls(args.ours, work)
        for n in sorted(set(dref) & set(dours)):
            a, b = dref[n], dours[n]
            if a != b:
                problems += 1
                print("DATA %s: cpython %s, pyrite %s" % (n, a, b))
        print("data declarations: %d compared" % len(set(dref) & set(dours)))
    print("compare_cpython: %d mismatches" % problems)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
