#!/usr/bin/env python3
"""C-boundary benchmarks (issues 5 and 6): the same extension sources
(benches/capi/_bench_capi.c and native-tests/ext/_ndarray.c) built against CPython
3.11's headers and against Pyrite's `include/`, timed by the same script under
Pyrite, Debian's python3.11 and pypy3 (when installed with its headers) in one run.
Prints ns per operation and the ratio Pyrite / CPython (lower is better; the target
is <= 1.5 on each line).

Usage: python3 benches/capi/run.py [--pyrite PATH] [--scale F]
"""
import argparse, os, shutil, subprocess, sys, sysconfig, tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", ".."))
SOURCES = [("_bench_capi", os.path.join(HERE, "_bench_capi.c")), ("_ndarray", os.path.join(ROOT, "native-tests", "ext", "_ndarray.c"))]


def build(outdir, include, suffix):
    os.makedirs(outdir, exist_ok=True)
    for name, src in SOURCES:
        cmd = ["gcc", "-shared", "-fPIC", "-O2", "-I" + include, "-o", os.path.join(outdir, name + suffix), src]
        subprocess.run(cmd, check=True)


def run(cmd, d, scale):
    env = dict(os.environ, PYTHONPATH=d)
    p = subprocess.run(cmd + [os.path.join(HERE, "workload.py"), str(scale)], env=env, cwd=d, capture_output=True, text=True)
    if p.returncode != 0:
        print(f"  {cmd[0]} failed:\n{p.stderr[-2000:]}", file=sys.stderr)
        return {}
    out = {}
    for line in p.stdout.splitlines():
        name, _, v = line.rpartition(" ")
        out[name] = float(v)
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--pyrite", default=os.path.join(ROOT, "target", "release", "pyrite"))
    ap.add_argument("--cpython", default="/usr/bin/python3.11")
    ap.add_argument("--scale", type=float, default=1.0)
    a = ap.parse_args()
    tmp = tempfile.mkdtemp(prefix="pyrite-capi-bench-")
    results = {}
    build(os.path.join(tmp, "pyrite"), os.path.join(ROOT, "include"), ".so")
    results["pyrite"] = run([a.pyrite], os.path.join(tmp, "pyrite"), a.scale)
    if os.path.exists("/usr/include/python3.11/Python.h") and os.path.exists(a.cpython):
        build(os.path.join(tmp, "cpython"), "/usr/include/python3.11", ".cpython-311-x86_64-linux-gnu.so")
        results["cpython"] = run([a.cpython], os.path.join(tmp, "cpython"), a.scale)
    else:
        print("CPython 3.11 headers not found (apt-get install python3.11-dev): no CPython column")
    pypy = shutil.which("pypy3")
    if pypy:
        inc = subprocess.run([pypy, "-c", "import sysconfig; print(sysconfig.get_paths()['include'])"], capture_output=True, text=True).stdout.strip()
        suf = subprocess.run([pypy, "-c", "import sysconfig; print(sysconfig.get_config_var('EXT_SUFFIX'))"], capture_output=True, text=True).stdout.strip()
        if inc and os.path.exists(os.path.join(inc, "Python.h")):
            build(os.path.join(tmp, "pypy"), inc, suf)
            results["pypy3"] = run([pypy], os.path.join(tmp, "pypy"), a.scale)
    names = list(results["pyrite"].keys()) or list(results.get("cpython", {}).keys())
    cols = [k for k in ("pyrite", "cpython", "pypy3") if k in results]
    print(f"{'operation':44s}" + "".join(f"{c + ' ns':>12s}" for c in cols) + f"{'pyrite/cpython':>16s}")
    for n in names:
        row = f"{n:44s}"
        for c in cols:
            v = results[c].get(n)
            row += f"{v:12.1f}" if v is not None else f"{'-':>12s}"
        if "cpython" in results and n in results["cpython"] and n in results["pyrite"]:
            row += f"{results['pyrite'][n] / results['cpython'][n]:16.2f}"
        print(row)
    shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
