//! A fast subset of CPython's own regression tests (Debian's libpython3.11-testsuite,
//! installed by .ci/run) that Pyrite passes completely: each must keep passing. The
//! full table is docs/regrtest-report.md (`python3 tools/regrtest.py`).

use std::process::Command;

/// Modules of /usr/lib/python3.11/test that pass in full under Pyrite.
const PASSING: &[&str] = &[
    "test_bool",
    "test_string",
    "test_keywordonlyarg",
    "test_augassign",
    "test_compare",
    "test_opcodes",
    "test_scope",
];

#[test]
fn cpython_regression_subset() {
    if !std::path::Path::new("/usr/lib/python3.11/test/__init__.py").exists() {
        eprintln!("SKIPPED: CPython's test suite is not installed (apt-get install libpython3.11-testsuite)");
        return;
    }
    let mut failures = Vec::new();
    for m in PASSING {
        let out = Command::new(env!("CARGO_BIN_EXE_pyrite"))
            .args(["-m", "unittest", &format!("test.{m}")])
            .current_dir(std::env::temp_dir())
            .env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("HOME", std::env::temp_dir())
            .env("PYTHONIOENCODING", "utf-8")
            .env("LC_ALL", "C.UTF-8")
            .output()
            .expect("pyrite runs");
        let err = String::from_utf8_lossy(&out.stderr);
        let summary = err
            .lines()
            .rev()
            .find(|l| !l.trim().is_empty())
            .unwrap_or("")
            .to_string();
        if !out.status.success() || !summary.starts_with("OK") {
            failures.push(format!(
                "{m}: {summary}\n{}",
                err.lines()
                    .rev()
                    .take(30)
                    .collect::<Vec<_>>()
                    .into_iter()
                    .rev()
                    .collect::<Vec<_>>()
                    .join("\n")
            ));
        } else {
            eprintln!("{m}: {summary}");
        }
    }
    assert!(
        failures.is_empty(),
        "regressions in CPython's tests:\n{}",
        failures.join("\n\n")
    );
}
