#!/usr/bin/env python3
"""Import benchmark for the .pyc cache (issue 3): generates a package tree of at
least 20,000 lines, then times `import` of all of it under Pyrite and CPython 3.11
(and pypy3 if installed) in the same run:

  cold  no cache files, writing them (the first run after a change)
  warm  cache files present (every later run)
  -B    no cache files, none written

and prints each runtime's warm/cold ratio, Pyrite's warm time against CPython's, and
the total size of Pyrite's .pyc files against CPython's for the same sources.
Times are the best of N runs (process CPU time of the child).

Usage: python3 benches/import/run.py [--pyrite PATH] [--repeat N] [--modules N]
Targets: Pyrite warm >= 5x faster than Pyrite cold; Pyrite warm <= CPython warm;
.pyc size <= 1.5x CPython's.
"""
import argparse, os, resource, shutil, subprocess, sys, tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))


def generate(root, modules):
    """`benchpkg/` with `modules` modules of ~420 lines each: classes, functions,
    comprehensions, f-strings, constants; returns the number of lines."""
    pkg = os.path.join(root, "benchpkg")
    os.makedirs(pkg)
    lines = 0
    names = []
    for m in range(modules):
        name = f"mod{m:03d}"
        names.append(name)
        out = [f'"""Generated module {m}."""', "import math", "from functools import reduce", ""]
        out.append(f"CONSTANTS = {{{', '.join(f'{k!r}: {k * m + 1}' for k in range(40))}}}")
        for c in range(10):
            out += [
                f"class Shape{c}:",
                f'    """Shape number {c} of module {m}."""',
                "    def __init__(self, w, h):",
                "        self.w = w",
                "        self.h = h",
                "    def area(self):",
                f"        return self.w * self.h * {c + 1}",
                "    def scaled(self, k):",
                "        return type(self)(self.w * k, self.h * k)",
                "    def describe(self):",
                f"        return f'{{type(self).__name__}}({{self.w!r}}, {{self.h:.2f}}) in module {m}'",
                "    def __repr__(self):",
                "        return self.describe()",
                "",
            ]
        for f in range(15):
            out += [
                f"def compute_{f}(values, factor={f}):",
                "    total = 0",
                "    for i, v in enumerate(values):",
                "        if v % 2 == 0:",
                "            total += v * factor",
                "        elif v % 3 == 0:",
                "            total -= math.sqrt(abs(v))",
                "        else:",
                "            total += reduce(lambda a, b: a ^ b, [i, v, factor], 0)",
                "    squares = [x * x for x in values if x > factor]",
                "    table = {k: str(k) for k in squares}",
                "    try:",
                "        return total / len(values), table",
                "    except ZeroDivisionError:",
                "        return 0, table",
                "",
            ]
        text = "\n".join(out) + "\n"
        lines += text.count("\n")
        with open(os.path.join(pkg, name + ".py"), "w") as fh:
            fh.write(text)
    with open(os.path.join(pkg, "__init__.py"), "w") as fh:
        fh.write("".join(f"from . import {n}\n" for n in names))
    return lines + len(names)


def clear_caches(root):
    for d, subdirs, _ in os.walk(root):
        if "__pycache__" in subdirs:
            shutil.rmtree(os.path.join(d, "__pycache__"))


def cpu_run(cmd, cwd, env):
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    p = subprocess.run(cmd, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if p.returncode != 0:
        raise RuntimeError(f"{cmd[0]} failed: {p.stderr.decode(errors='replace')[-400:]}")
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def measure(exe, root, repeat):
    env = {"PATH": os.environ.get("PATH", ""), "HOME": os.environ.get("HOME", "/")}
    cmd = [exe, "-c", "import benchpkg"]
    res = {}
    cold = []
    for _ in range(repeat):
        clear_caches(root)
        cold.append(cpu_run(cmd, root, env))
    res["cold"] = min(cold)
    res["warm"] = min(cpu_run(cmd, root, env) for _ in range(repeat))
    size = 0
    for d, _, files in os.walk(root):
        size += sum(os.path.getsize(os.path.join(d, f)) for f in files if f.endswith(".pyc"))
    res["pyc_bytes"] = size
    b = []
    for _ in range(repeat):
        clear_caches(root)
        b.append(cpu_run([exe, "-B", "-c", "import benchpkg"], root, env))
    res["-B"] = min(b)
    clear_caches(root)
    return res


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pyrite", default=os.path.join(ROOT, "target", "release", "pyrite"))
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--modules", type=int, default=55)
    args = ap.parse_args()
    runtimes = [("pyrite", args.pyrite)]
    cpython = "/usr/bin/python3.11" if os.path.exists("/usr/bin/python3.11") else shutil.which("python3.11")
    if cpython:
        runtimes.append(("cpython", cpython))
    if shutil.which("pypy3"):
        runtimes.append(("pypy3", shutil.which("pypy3")))
    with tempfile.TemporaryDirectory(prefix="pyrite-import-bench-") as root:
        nlines = generate(root, args.modules)
        print(f"tree: {args.modules} modules, {nlines} lines; best of {args.repeat}; CPU seconds")
        print(f"{'runtime':10} {'cold':>8} {'warm':>8} {'-B':>8} {'warm/cold':>10} {'pyc KiB':>9}")
        results = {}
        for name, exe in runtimes:
            r = measure(exe, root, args.repeat)
            results[name] = r
            print(f"{name:10} {r['cold']:8.3f} {r['warm']:8.3f} {r['-B']:8.3f} {r['warm'] / r['cold']:10.3f} {r['pyc_bytes'] / 1024:9.1f}")
        if "cpython" in results:
            p, c = results["pyrite"], results["cpython"]
            print(f"pyrite cold/warm speed-up: {p['cold'] / p['warm']:.1f}x (target >= 5x)")
            print(f"pyrite warm / cpython warm: {p['warm'] / c['warm']:.2f} (target <= 1.0)")
            print(f"pyrite .pyc size / cpython .pyc size: {p['pyc_bytes'] / max(c['pyc_bytes'], 1):.2f} (target <= 1.5)")


if __name__ == "__main__":
    main()
