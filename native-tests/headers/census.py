#!/usr/bin/env python3
"""Census: which names of the C-API checklists are declared by include/.

Reads /work/shared/capi/stable-abi-3.11.txt ("function NAME" / "data NAME")
and /work/shared/capi/numpy-2.2-needs.txt (one NAME per line), runs the
preprocessor over Python.h (+ structmember.h, datetime.h), splits the
result into top-level declarations and records every function and data
object declared `extern`.  A checklist name counts as declared when it is
declared with the right kind (function prototype / data object).

Usage: census.py [--include DIR] [--capi DIR] [--cc CC] [-v]
Exit status 1 if any name is missing.
"""
import argparse
import os
import re
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_INCLUDE = os.path.normpath(os.path.join(HERE, "..", "..", "include"))
DEFAULT_CAPI = "/work/shared/capi"

IDENT = re.compile(r"[A-Za-z_]\w*")


def strip_attributes(text):
    """Remove __attribute__((...)) and __extension__ from preprocessed text."""
    out = []
    i = 0
    key = "__attribute__"
    while True:
        j = text.find(key, i)
        if j < 0:
            out.append(text[i:])
            break
        out.append(text[i:j])
        k = text.find("(", j)
        depth = 0
        while k < len(text):
            if text[k] == "(":
                depth += 1
            elif text[k] == ")":
                depth -= 1
                if depth == 0:
                    break
            k += 1
        i = k + 1
    return "".join(out).replace("__extension__", " ")


def top_level_chunks(text):
    """Yield (declaration text, is_function_definition) for each top-level
    declaration; function bodies are skipped, struct bodies kept."""
    depth = 0
    in_body = False
    cur = []
    for ch in text:
        if in_body:
            if ch == "{":
                depth += 1
            elif ch == "}":
                depth -= 1
                if depth == 0:
                    in_body = False
            continue
        if ch == "{":
            head = "".join(cur)
            if depth == 0 and head.rstrip().endswith(")"):
                yield head.strip(), True
                cur = []
                in_body = True
                depth = 1
                continue
            depth += 1
            cur.append(ch)
        elif ch == "}":
            depth -= 1
            cur.append(ch)
        elif ch == ";" and depth == 0:
            yield "".join(cur).strip(), False
            cur = []
        else:
            cur.append(ch)


def declared_names(include, cc):
    src = ('#include <Python.h>\n#include <structmember.h>\n'
           '#include <datetime.h>\n#include <frameobject.h>\n#include <marshal.h>\n')
    with tempfile.NamedTemporaryFile("w", suffix=".c", delete=False) as f:
        f.write(src)
        path = f.name
    try:
        res = subprocess.run([cc, "-E", "-P", "-I", include, path],
                             capture_output=True, text=True)
    finally:
        os.unlink(path)
    if res.returncode != 0:
        sys.stderr.write(res.stderr)
        sys.exit(2)
    text = strip_attributes(re.sub(r"\s+", " ", res.stdout))
    funcs, data = set(), set()
    for chunk, is_def in top_level_chunks(text):
        if not chunk or chunk.startswith("typedef"):
            continue
        m = re.search(r"\(\s*\*\s*([A-Za-z_]\w*)\s*\)\s*\(", chunk)
        if (m and not is_def and chunk.startswith("extern")
                and m.start() == chunk.index("(")):
            data.add(m.group(1))            # pointer-to-function object
            continue
        m = re.search(r"([A-Za-z_]\w*)\s*\(", chunk)
        if m and m.group(1) not in ("__typeof__",):
            if is_def or chunk.startswith("extern") or "(" in chunk:
                funcs.add(m.group(1))
                continue
        if chunk.startswith("extern"):
            body = re.sub(r"=.*$", "", chunk).strip()
            m = re.search(r"([A-Za-z_]\w*)\s*(\[[^\]]*\])?\s*$", body)
            if m:
                data.add(m.group(1))
    return funcs, data


def load_lists(capi):
    stable = []
    with open(os.path.join(capi, "stable-abi-3.11.txt")) as f:
        for line in f:
            parts = line.split()
            if len(parts) == 2:
                stable.append((parts[1], parts[0]))
    numpy = []
    with open(os.path.join(capi, "numpy-2.2-needs.txt")) as f:
        for line in f:
            name = line.strip()
            if name:
                numpy.append(name)
    return stable, numpy


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--include", default=DEFAULT_INCLUDE)
    ap.add_argument("--capi", default=DEFAULT_CAPI)
    ap.add_argument("--cc", default=os.environ.get("CC", "gcc"))
    ap.add_argument("-v", "--verbose", action="store_true",
                    help="list every name with its status")
    args = ap.parse_args()

    funcs, data = declared_names(args.include, args.cc)
    stable, numpy = load_lists(args.capi)
    failed = False

    def kind_of(name):
        if name in funcs:
            return "function"
        if name in data:
            return "data"
        return None

    # stable ABI: the kind must match too
    missing, wrong = [], []
    for name, kind in stable:
        got = kind_of(name)
        if got is None:
            missing.append(name)
        elif got != kind:
            wrong.append("%s (expected %s, declared as %s)" % (name, kind, got))
        if args.verbose:
            print("stable %-8s %-45s %s" % (kind, name, got or "MISSING"))
    ok = len(stable) - len(missing) - len(wrong)
    print("stable-abi-3.11.txt: %d/%d declared (%.1f%%)"
          % (ok, len(stable), 100.0 * ok / max(1, len(stable))))
    for n in missing:
        print("  missing: " + n)
    for n in wrong:
        print("  wrong kind: " + n)
    failed |= bool(missing or wrong)

    # numpy needs: any kind
    nmissing = [n for n in numpy if kind_of(n) is None]
    if args.verbose:
        for n in numpy:
            print("numpy  %-45s %s" % (n, kind_of(n) or "MISSING"))
    ok = len(numpy) - len(nmissing)
    print("numpy-2.2-needs.txt: %d/%d declared (%.1f%%)"
          % (ok, len(numpy), 100.0 * ok / max(1, len(numpy))))
    for n in nmissing:
        print("  missing: " + n)
    failed |= bool(nmissing)

    print("(headers declare %d functions and %d data objects in total)"
          % (len(funcs), len(data)))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
