#!/usr/bin/env python3
"""Standard-library census: for every name in CPython 3.11's
`sys.stdlib_module_names`, whether `import NAME` works under Pyrite.

A module counts as existing on Linux when CPython 3.11 (Debian's python3.11 by
default) imports it on this machine; the others are listed apart with CPython's own
error (platform-specific modules, or Debian packages not installed). Each import runs
in its own process with a timeout. Prints one line per module and the totals.

Usage: python3 tools/stdlib_census.py [--pyrite PATH] [--cpython PATH] [--jobs N]
       [--out FILE]   (also write the report to FILE)
"""
import argparse, os, subprocess, sys
from concurrent.futures import ThreadPoolExecutor

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

# Why a module that CPython imports may still be out of Pyrite's reach (the issue's
# list of native modules to provide does not include these).
KNOWN_REASONS = {
    "_tkinter": "needs Tk (a C extension module of CPython)",
    "tkinter": "needs _tkinter (Tk)",
    "turtle": "needs tkinter (Tk)",
    "turtledemo": "needs tkinter (Tk)",
    "idlelib": "needs tkinter (Tk)",
    "_ctypes": "needs libffi (a C extension module of CPython)",
    "ctypes": "needs _ctypes (libffi)",
    "_curses": "needs ncurses (a C extension module of CPython)",
    "_curses_panel": "needs ncurses",
    "curses": "needs _curses (ncurses)",
    "_dbm": "needs the ndbm C library",
    "_gdbm": "needs the GNU dbm C library",
    "_sqlite3": "needs SQLite (a C extension module of CPython)",
    "sqlite3": "needs _sqlite3 (SQLite)",
    "_ssl": "needs OpenSSL (a C extension module of CPython)",
    "ssl": "needs _ssl (OpenSSL)",
    "_hashlib": "needs OpenSSL (hashlib falls back to the built-in hash modules)",
    "_lzma": "needs liblzma",
    "lzma": "needs _lzma (liblzma)",
    "_bz2": "needs libbz2",
    "bz2": "needs _bz2 (libbz2)",
    "readline": "needs GNU readline (Pyrite's prompt has its own line editor)",
    "_uuid": "needs libuuid (uuid falls back to pure Python)",
    "nis": "needs libnsl",
    "_crypt": "needs libcrypt",
    "crypt": "needs _crypt (libcrypt)",
    "_multiprocessing": "semaphores and shared memory from C",
    "_posixshmem": "shared memory from C",
    "_ctypes_test": "CPython's own test module",
    "_testcapi": "CPython's own test module",
    "_testinternalcapi": "CPython's own test module",
    "_testbuffer": "CPython's own test module",
    "_testimportmultiple": "CPython's own test module",
    "_testmultiphase": "CPython's own test module",
    "_testclinic": "CPython's own test module",
    "_xxsubinterpreters": "subinterpreters are CPython-internal",
    "_xxtestfuzz": "CPython's own fuzzing module",
    "xxlimited": "CPython's own example module",
    "xxlimited_35": "CPython's own example module",
    "_xxinterpchannels": "subinterpreters are CPython-internal",
    "_tracemalloc": "CPython's allocator tracing",
    "tracemalloc": "needs _tracemalloc (CPython's allocator)",
    "_lsprof": "CPython's profiler internals",
    "cProfile": "needs _lsprof",
    "_symtable": "CPython compiler internals",
    "symtable": "needs _symtable",
    "faulthandler": "CPython's crash handler",
}


def try_import(exe, name, timeout=30):
    env = {"PATH": os.environ.get("PATH", ""), "HOME": os.environ.get("HOME", "/"), "PYTHONIOENCODING": "utf-8"}
    try:
        p = subprocess.run([exe, "-c", f"import {name}"], env=env, capture_output=True, timeout=timeout, stdin=subprocess.DEVNULL)
    except subprocess.TimeoutExpired:
        return False, f"timed out after {timeout}s"
    if p.returncode == 0:
        return True, ""
    lines = [l for l in p.stderr.decode("utf-8", "replace").strip().splitlines() if l.strip()]
    return False, (lines[-1] if lines else f"exit status {p.returncode}")[:200]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--pyrite", default=os.path.join(ROOT, "target", "release", "pyrite"))
    ap.add_argument("--cpython", default="/usr/bin/python3.11" if os.path.exists("/usr/bin/python3.11") else sys.executable)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--out")
    args = ap.parse_args()
    names = sorted(subprocess.run([args.cpython, "-c", "import sys; print('\\n'.join(sorted(sys.stdlib_module_names)))"],
                                  capture_output=True, text=True, check=True).stdout.split())
    with ThreadPoolExecutor(args.jobs) as ex:
        cpy = dict(zip(names, ex.map(lambda n: try_import(args.cpython, n), names)))
        linux = [n for n in names if cpy[n][0]]
        pyr = dict(zip(linux, ex.map(lambda n: try_import(args.pyrite, n), linux)))
    out = []
    ok = [n for n in linux if pyr[n][0]]
    failed = [n for n in linux if not pyr[n][0]]
    out.append(f"# Standard-library census: `import NAME` under Pyrite for CPython 3.11's sys.stdlib_module_names")
    out.append(f"# (regenerate: python3 tools/stdlib_census.py --out docs/stdlib-census.txt)")
    out.append("")
    out.append(f"modules in sys.stdlib_module_names: {len(names)}")
    out.append(f"importable by CPython 3.11 on this Linux machine: {len(linux)}")
    out.append(f"importable by Pyrite: {len(ok)} of {len(linux)}")
    explained = [n for n in failed if n in KNOWN_REASONS]
    out.append(f"not importable, out of scope (reason given): {len(explained)}")
    out.append(f"not importable, to fix: {len(failed) - len(explained)}")
    out.append("")
    out.append("## Failing, to fix")
    for n in failed:
        if n not in KNOWN_REASONS:
            out.append(f"FAIL {n}: {pyr[n][1]}")
    out.append("")
    out.append("## Failing, out of scope")
    for n in explained:
        out.append(f"SKIP {n}: {KNOWN_REASONS[n]} ({pyr[n][1]})")
    out.append("")
    out.append("## Not on this machine's CPython either (platform-specific or not installed)")
    for n in names:
        if not cpy[n][0]:
            out.append(f"n/a  {n}: {cpy[n][1]}")
    out.append("")
    out.append("## Importable")
    out.append(" ".join(ok))
    text = "\n".join(out) + "\n"
    sys.stdout.write(text)
    if args.out:
        with open(args.out, "w") as fh:
            fh.write(text)


if __name__ == "__main__":
    main()
