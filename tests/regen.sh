#!/usr/bin/env bash
# Regenerates tests/py/expected/ from CPython 3.11, with the conventions of
# tests/differential.rs: each case `tests/py/**/NAME.py` (no path component
# starting with `_` or `.`, not under expected/) runs as `python3 NAME.py ARGS`
# from its own folder, stdin from /dev/null (or its `# stdin:` file), with only
# PATH and HOME inherited plus PYTHONIOENCODING=utf-8, PYTHONHASHSEED=0,
# LC_ALL=C.UTF-8 and its `# env:` directives; the repository's absolute path
# is written as $ROOT. Writes expected/NAME.py.out, .err and .rc.
#
# Each script is also run under two other hash seeds; scripts whose output
# changes are reported as nondeterministic (and make the exit status 1).
#
# Usage: tests/regen.sh [--check] [SUBSTRING...]
#   --check      compare with the committed files instead of writing them
#   SUBSTRING    only cases whose path (relative to tests/py) contains one
# Environment: PYTHON (default python3; must be CPython 3.11), JOBS.
set -u
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P) || exit 2
PY=${PYTHON:-python3}
if ! "$PY" -c 'import sys; sys.exit(0 if sys.implementation.name == "cpython" and sys.version_info[:2] == (3, 11) else 1)' 2>/dev/null; then
    echo "error: $PY is not CPython 3.11 (set PYTHON=/usr/bin/python3.11)" >&2
    exit 2
fi
exec env -i PATH="$PATH" HOME="${HOME:-/root}" JOBS="${JOBS:-}" "$PY" - "$here" "$@" <<'PYEOF'
import os, subprocess, sys
from concurrent.futures import ThreadPoolExecutor

tests_dir = sys.argv[1]
args = sys.argv[2:]
check = "--check" in args
filters = [a for a in args if a != "--check"]
root = os.path.dirname(tests_dir)
py_root = os.path.join(tests_dir, "py")
exp_root = os.path.join(py_root, "expected")
print(f"regen: {sys.executable} ({sys.version.split()[0]}), {'checking' if check else 'writing'} {os.path.relpath(exp_root, root)}/")


def cases():
    found = []
    for dirpath, dirnames, filenames in os.walk(py_root):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith(("_", "."))
                             and not (dirpath == py_root and d == "expected"))
        for f in sorted(filenames):
            if f.endswith(".py") and not f.startswith(("_", ".")):
                found.append(os.path.relpath(os.path.join(dirpath, f), py_root))
    return sorted(found)


def directives(path):
    d = {"args": [], "stdin": None, "env": {}, "timeout": 20}
    with open(path, "rb") as fh:
        head = fh.read(4096).decode("utf-8", "replace").splitlines()[:10]
    for line in head:
        if not line.startswith("#"):
            continue
        rest = line[1:].strip()
        if rest.startswith("args:"):
            d["args"] += rest[5:].split()
        elif rest.startswith("stdin:"):
            d["stdin"] = rest[6:].strip()
        elif rest.startswith("env:"):
            k, v = rest[4:].strip().split("=", 1)
            d["env"][k.strip()] = v
        elif rest.startswith("timeout:"):
            d["timeout"] = max(20, int(rest[8:].strip()))
    return d


def run(name, seed):
    path = os.path.join(py_root, name)
    d = directives(path)
    env = {"PATH": os.environ["PATH"], "HOME": os.environ["HOME"],
           "PYTHONIOENCODING": "utf-8", "PYTHONHASHSEED": str(seed), "LC_ALL": "C.UTF-8"}
    env.update(d["env"])
    cwd = os.path.dirname(path)
    stdin = open(os.path.join(cwd, d["stdin"]), "rb") if d["stdin"] else subprocess.DEVNULL
    try:
        p = subprocess.run([sys.executable, os.path.basename(path)] + d["args"], cwd=cwd, env=env,
                           stdin=stdin, capture_output=True, timeout=3 * d["timeout"])
        rc = p.returncode if p.returncode >= 0 else 128 - p.returncode
        out, err = p.stdout, p.stderr
    except subprocess.TimeoutExpired:
        out, err, rc = b"", b"TIMEOUT\n", -1
    finally:
        if d["stdin"]:
            stdin.close()
    r = root.encode()
    return out.replace(r, b"$ROOT"), err.replace(r, b"$ROOT"), rc


def work(name):
    ref = run(name, 0)
    nondet = [seed for seed in (1, 4242) if run(name, seed) != ref]
    return name, ref, nondet


names = [n for n in cases() if not filters or any(f in n for f in filters)]
jobs = int(os.environ.get("JOBS") or os.cpu_count() or 2)
status = 0
changed, nondeterministic, timeouts = [], [], []
with ThreadPoolExecutor(max_workers=jobs) as pool:
    for name, (out, err, rc), nondet in pool.map(work, names):
        if rc == -1:
            timeouts.append(name)
            continue
        if nondet:
            nondeterministic.append(f"{name} (differs with PYTHONHASHSEED={','.join(map(str, nondet))})")
        base = os.path.join(exp_root, name)
        files = {base + ".out": out, base + ".err": err, base + ".rc": f"{rc}\n".encode()}
        old = {}
        for f in files:
            try:
                with open(f, "rb") as fh:
                    old[f] = fh.read()
            except OSError:
                old[f] = None
        if old != files:
            changed.append(name)
            if not check:
                os.makedirs(os.path.dirname(base), exist_ok=True)
                for f, data in files.items():
                    with open(f, "wb") as fh:
                        fh.write(data)

stale = []
if not filters:
    wanted = {os.path.join(exp_root, n) + ext for n in names for ext in (".out", ".err", ".rc")}
    for dirpath, _, filenames in os.walk(exp_root):
        for f in filenames:
            p = os.path.join(dirpath, f)
            if p not in wanted:
                stale.append(os.path.relpath(p, py_root))
                if not check:
                    os.remove(p)

verb = "differ from CPython" if check else "updated"
print(f"{len(names)} cases, {len(changed)} {verb}" + (f", {len(stale)} stale expected files {'found' if check else 'removed'}" if stale else ""))
for n in changed:
    print(f"  {'DIFFERS' if check else 'updated'} {n}")
for n in stale:
    print(f"  stale {n}")
for n in timeouts:
    print(f"  TIMEOUT {n}")
for n in nondeterministic:
    print(f"  NONDETERMINISTIC {n}")
if nondeterministic or timeouts or (check and (changed or stale)):
    status = 1
sys.exit(status)
PYEOF
