#!/usr/bin/env python3
"""Benchmark driver: runs each workload under Pyrite and CPython 3.11 (and pypy3 if
present) in the same run and prints times, ratios to CPython and the geometric mean;
also start-up time (`-c pass`) and peak memory.

Usage: python3 benches/run.py [--pyrite PATH] [--repeat N] [NAME ...]
Ratios are Pyrite time / CPython time (lower is better; < 1.0 means faster).
"""
import argparse, math, os, resource, shutil, subprocess, sys, time

HERE = os.path.dirname(os.path.abspath(__file__))


def run_once(cmd):
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    dt = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return p.returncode, p.stdout, dt, cpu, after.ru_maxrss


def best(cmd, repeat):
    out = None
    times = []
    rss = 0
    for _ in range(repeat):
        rc, o, dt, cpu, maxrss = run_once(cmd)
        if rc != 0:
            return None, None, 0
        out = o
        times.append(cpu)
        rss = max(rss, maxrss)
    return min(times), out, rss


def peak_rss(cmd):
    """Peak RSS in KiB of one run (GNU time if available)."""
    gt = shutil.which("time") if os.path.exists("/usr/bin/time") else None
    if not gt:
        return None
    p = subprocess.run(["/usr/bin/time", "-f", "%M"] + cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        return int(p.stderr.strip().splitlines()[-1])
    except (ValueError, IndexError):
        return None


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--pyrite", default=os.path.join(HERE, "..", "target", "release", "pyrite"))
    ap.add_argument("--cpython", default="/usr/bin/python3.11")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("names", nargs="*")
    a = ap.parse_args()
    impls = [("pyrite", [a.pyrite]), ("cpython", [a.cpython])]
    if shutil.which("pypy3"):
        impls.append(("pypy3", [shutil.which("pypy3")]))
    wdir = os.path.join(HERE, "workloads")
    names = a.names or sorted(f[:-3] for f in os.listdir(wdir) if f.endswith(".py"))
    print("%-16s" % "workload" + "".join("%12s" % n for n, _ in impls) + "%10s" % "ratio")
    ratios = []
    for name in names:
        path = os.path.join(wdir, name + ".py")
        row = {}
        outs = {}
        for iname, cmd in impls:
            t, out, _ = best(cmd + [path], a.repeat)
            row[iname] = t
            outs[iname] = out
        ok = outs.get("pyrite") is not None and outs["pyrite"] == outs["cpython"]
        ratio = row["pyrite"] / row["cpython"] if ok and row["cpython"] else None
        if ratio:
            ratios.append(ratio)
        cells = "".join("%12s" % ("%.3fs" % row[n] if row[n] is not None else "fail") for n, _ in impls)
        print("%-16s%s%10s" % (name, cells, "%.2f" % ratio if ratio else ("mismatch" if row["pyrite"] is not None else "fail")))
    if ratios:
        g = math.exp(sum(math.log(r) for r in ratios) / len(ratios))
        print("geometric mean ratio (pyrite/cpython): %.2f over %d workloads" % (g, len(ratios)))
    # start-up
    st = {}
    for iname, cmd in impls:
        t, _, _ = best(cmd + ["-c", "pass"], max(5, a.repeat))
        st[iname] = t
    print("startup (-c pass, cpu s): " + ", ".join("%s %.4f" % (n, st[n]) for n, _ in impls if st[n] is not None))
    if st.get("pyrite") and st.get("cpython"):
        print("startup ratio: %.2f" % (st["pyrite"] / st["cpython"]))
    mem = {n: peak_rss(cmd + [os.path.join(wdir, "dicts_strings.py")]) for n, cmd in impls}
    print("peak RSS on dicts_strings (KiB): " + ", ".join("%s %s" % (n, mem[n]) for n, _ in impls))


if __name__ == "__main__":
    main()
