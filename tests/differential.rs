//! Differential tests against CPython 3.11: every `tests/py/**/*.py` script is
//! run with the `pyrite` binary and its stdout, stderr and exit status are
//! compared byte for byte with what CPython 3.11 produced, which is committed
//! under `tests/py/expected/<case>.out`, `.err` and `.rc` (written by
//! `tests/regen.sh`).
//!
//! Conventions (shared with `tests/regen.sh`):
//! - a case is run as `pyrite NAME.py [ARGS]` from the script's own directory
//!   (so tracebacks say `File "NAME.py"`), stdin from /dev/null, with a clean
//!   environment: PATH and HOME only, plus PYTHONIOENCODING=utf-8,
//!   PYTHONHASHSEED=0 and LC_ALL=C.UTF-8;
//! - the absolute path of the repository (e.g. in tracebacks of imported
//!   modules) is replaced with `$ROOT` in both outputs;
//! - files and folders whose name starts with `_` or `.` are helpers (modules
//!   to import, data), not cases; `tests/py/expected/` holds the expected files;
//! - directives in the first 10 lines: `# args: a b c` (split on whitespace),
//!   `# stdin: FILE` (relative to the script), `# env: NAME=VALUE` (repeatable),
//!   `# timeout: SECONDS` (default 20, or PYRITE_DIFF_TIMEOUT).
//!
//! Known failures are listed in `tests/py/xfail.txt` (see `common::gate`).
//! Environment knobs: PYRITE_DIFF_FILTER=substr[,substr] runs matching cases
//! only; PYRITE_TEST_VERBOSE=1 shows diffs for expected failures too;
//! PYRITE_BIN=python3 runs the suite against another interpreter;
//! PYRITE_XFAIL_UPDATE=1 rewrites the list from the results (not in CI).

mod common;

use common::*;
use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

const XFAIL_HEADER: &[&str] = &[
    "# Differential cases (paths relative to tests/py/) that do not pass yet.",
    "# `cargo test --test differential` fails if a case not listed here fails, and",
    "# if a listed case passes (remove it then). Rewrite from the current results with",
    "#   PYRITE_XFAIL_UPDATE=1 cargo test --release --test differential",
];

struct Case {
    name: String,
    path: PathBuf,
}

fn collect(dir: &Path, py_root: &Path, out: &mut Vec<Case>) {
    let Ok(rd) = fs::read_dir(dir) else { return };
    let mut entries: Vec<_> = rd.filter_map(|e| e.ok()).map(|e| e.path()).collect();
    entries.sort();
    for p in entries {
        let fname = p.file_name().unwrap().to_string_lossy().into_owned();
        if fname.starts_with('_') || fname.starts_with('.') {
            continue;
        }
        if p.is_dir() {
            if dir == py_root && fname == "expected" {
                continue;
            }
            collect(&p, py_root, out);
        } else if fname.ends_with(".py") {
            let name = p
                .strip_prefix(py_root)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            out.push(Case { name, path: p });
        }
    }
}

#[derive(Default)]
struct Directives {
    args: Vec<String>,
    stdin: Option<String>,
    env: Vec<(String, String)>,
    timeout: Option<u64>,
}

fn directives(src: &[u8]) -> Result<Directives, String> {
    let mut d = Directives::default();
    for line in String::from_utf8_lossy(src).lines().take(10) {
        let Some(rest) = line.strip_prefix('#') else {
            continue;
        };
        let rest = rest.trim();
        if let Some(v) = rest.strip_prefix("args:") {
            d.args.extend(v.split_whitespace().map(str::to_string));
        } else if let Some(v) = rest.strip_prefix("stdin:") {
            d.stdin = Some(v.trim().to_string());
        } else if let Some(v) = rest.strip_prefix("env:") {
            let (k, val) = v
                .trim()
                .split_once('=')
                .ok_or_else(|| format!("bad directive: {line}"))?;
            d.env.push((k.trim().to_string(), val.to_string()));
        } else if let Some(v) = rest.strip_prefix("timeout:") {
            d.timeout = Some(
                v.trim()
                    .parse()
                    .map_err(|_| format!("bad directive: {line}"))?,
            );
        }
    }
    Ok(d)
}

fn read_expected(py_root: &Path, name: &str) -> Result<(Vec<u8>, Vec<u8>, i32), String> {
    let base = py_root.join("expected").join(name);
    let read = |ext: &str| {
        let p = PathBuf::from(format!("{}.{ext}", base.display()));
        fs::read(&p).map_err(|e| {
            format!(
                "missing expected file {} ({e}); run tests/regen.sh",
                p.display()
            )
        })
    };
    let out = read("out")?;
    let err = read("err")?;
    let rc_text = read("rc")?;
    let rc = String::from_utf8_lossy(&rc_text)
        .trim()
        .parse()
        .map_err(|_| format!("bad expected exit status for {name}"))?;
    Ok((out, err, rc))
}

fn normalize(raw: &[u8], roots: &[String]) -> Vec<u8> {
    let mut v = raw.to_vec();
    for r in roots {
        v = replace_bytes(&v, r.as_bytes(), b"$ROOT");
    }
    v
}

fn run_case(case: &Case, py_root: &Path, bin: &Path, roots: &[String]) -> CaseResult {
    let fail = |reason: String, details: String| CaseResult {
        name: case.name.clone(),
        passed: false,
        reason,
        details,
    };
    let (exp_out, exp_err, exp_rc) = match read_expected(py_root, &case.name) {
        Ok(e) => e,
        Err(e) => return fail(e, String::new()),
    };
    let src = fs::read(&case.path).unwrap_or_default();
    let d = match directives(&src) {
        Ok(d) => d,
        Err(e) => return fail(e, String::new()),
    };
    let dir = case.path.parent().unwrap();
    let mut cmd = Command::new(bin);
    cmd.arg(case.path.file_name().unwrap())
        .args(&d.args)
        .current_dir(dir)
        .env_clear();
    cmd.envs(base_env()).envs(d.env.iter().map(|(k, v)| (k, v)));
    let input = match &d.stdin {
        Some(f) => Input::File(dir.join(f)),
        None => Input::Null,
    };
    let default_timeout = std::env::var("PYRITE_DIFF_TIMEOUT")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(20);
    let timeout = Duration::from_secs(d.timeout.unwrap_or(default_timeout).max(default_timeout));
    let o = run(cmd, input, timeout, false);
    if let Some(e) = o.spawn_error {
        return fail(e, String::new());
    }
    let out = normalize(&o.stdout, roots);
    let err = normalize(&o.stderr, roots);
    let mut reasons = Vec::new();
    let mut details = Vec::new();
    if o.timed_out {
        reasons.push(format!("timed out after {}s", timeout.as_secs()));
    } else if o.rc != exp_rc {
        reasons.push(format!("{} (expected exit {exp_rc})", o.describe_rc()));
    }
    if out != exp_out {
        reasons.push("stdout differs".to_string());
        details.push(unified_diff(
            "stdout",
            &lossy(&exp_out),
            &lossy(&out),
            40,
            "    ",
        ));
    }
    if err != exp_err {
        reasons.push("stderr differs".to_string());
        details.push(unified_diff(
            "stderr",
            &lossy(&exp_err),
            &lossy(&err),
            25,
            "    ",
        ));
    }
    if reasons.is_empty() {
        CaseResult {
            name: case.name.clone(),
            passed: true,
            reason: String::new(),
            details: String::new(),
        }
    } else {
        fail(reasons.join(", "), details.join("\n"))
    }
}

#[test]
fn differential() {
    let root = repo_root();
    let py_root = root.join("tests/py");
    let mut cases = Vec::new();
    collect(&py_root, &py_root, &mut cases);
    assert!(
        !cases.is_empty(),
        "no cases found under {}",
        py_root.display()
    );
    let all_cases: BTreeSet<String> = cases.iter().map(|c| c.name.clone()).collect();

    let filter: Vec<String> = std::env::var("PYRITE_DIFF_FILTER")
        .unwrap_or_default()
        .split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect();
    let complete = filter.is_empty();
    if !complete {
        cases.retain(|c| filter.iter().any(|f| c.name.contains(f.as_str())));
    }

    let missing: Vec<&str> = cases
        .iter()
        .filter(|c| read_expected(&py_root, &c.name).is_err())
        .map(|c| c.name.as_str())
        .collect();
    assert!(
        missing.is_empty(),
        "cases without expected files (run tests/regen.sh and commit tests/py/expected/): {missing:?}"
    );

    let bin = pyrite_bin();
    let mut roots = vec![root.display().to_string()];
    let manifest = env!("CARGO_MANIFEST_DIR").trim_end_matches('/').to_string();
    if !roots.contains(&manifest) {
        roots.push(manifest);
    }
    // longest first, so a root that contains the other is replaced whole
    roots.sort_by_key(|r| std::cmp::Reverse(r.len()));

    say(&format!(
        "differential: {} cases, binary {}, {} jobs",
        cases.len(),
        bin.display(),
        jobs()
    ));
    let results = par_map(&cases, jobs(), |c| run_case(c, &py_root, &bin, &roots));

    let list = XfailList::load(&py_root.join("xfail.txt"), XFAIL_HEADER);
    let opts = GateOptions {
        suite: "differential",
        update_cmd: "PYRITE_XFAIL_UPDATE=1 cargo test --release --test differential",
        unknown_entries_fail: true,
        complete,
        all_cases: &all_cases,
    };
    if let Err(e) = gate(&results, &list, &opts) {
        panic!("differential: {e}");
    }
}

/// The harness's own helpers, checked on fixed inputs.
#[test]
fn harness_helpers() {
    let d = directives(
        b"# args: a  b\n# env: X=1=2\n# stdin: in.txt\n# timeout: 60\nprint(1)\n# args: late\n",
    )
    .unwrap();
    assert_eq!(d.args, ["a", "b", "late"]);
    assert_eq!(d.env, [("X".to_string(), "1=2".to_string())]);
    assert_eq!(d.stdin.as_deref(), Some("in.txt"));
    assert_eq!(d.timeout, Some(60));
    assert!(directives(b"# env: NOEQUALS\n").is_err());

    let diff = unified_diff("stdout", "a\nb\nc\n", "a\nB\nc\nd\n", 40, "");
    assert_eq!(
        diff,
        "--- expected stdout\n+++ actual stdout\n@@ -1,3 +1,4 @@\n a\n-b\n+B\n c\n+d"
    );
    let nul = unified_diff("stdout", "x\n", "\0\x1b\n", 40, "");
    assert!(nul.ends_with("-x\n+\\x00\\x1b"), "{nul}");
    let eol = unified_diff("stderr", "x\n", "x", 40, "");
    assert!(eol.contains("-x\n+x  (no newline at end)"), "{eol}");
    let long = unified_diff("stdout", "", &"y\n".repeat(100), 10, "");
    assert!(long.ends_with("... (93 more diff lines)"), "{long}");

    assert_eq!(
        normalize(b"File \"/r/x/t.py\" /r/x", &["/r/x".to_string()]),
        b"File \"$ROOT/t.py\" $ROOT"
    );
}
