//! Runs the shared conformance suite, `../shared/conformance/run.sh PYRITE`
//! (beside the repository, maintained outside it), and gates its results with
//! `tests/conformance_xfail.txt` (see `common::gate`): a failing test that is
//! not listed fails, a listed test that passes fails too (remove it then).
//!
//! When `../shared/conformance` is absent the test says so loudly and passes,
//! except in CI (`CI` set), where it fails.
//!
//! Knobs: PYRITE_TEST_JOBS (default 2) is passed as JOBS,
//! PYRITE_CONF_FILTER as run.sh's FILTER, PYRITE_TEST_VERBOSE=1 shows diffs
//! of expected failures too, PYRITE_BIN replaces the binary,
//! PYRITE_XFAIL_UPDATE=1 rewrites the list (not in CI).

mod common;

use common::*;
use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::process::Command;
use std::time::Duration;

const XFAIL_HEADER: &[&str] = &[
    "# Tests of ../shared/conformance that Pyrite does not pass yet, one name a line",
    "# (without .py). `cargo test --test conformance` fails if a test not listed here",
    "# fails, and if a listed test passes (remove it then). Rewrite with",
    "#   PYRITE_XFAIL_UPDATE=1 cargo test --release --test conformance",
];

/// Test names the way run.sh finds them: `[0-9][0-9][0-9]_*.py`.
fn is_test_file(name: &str) -> bool {
    let b = name.as_bytes();
    name.ends_with(".py") && b.len() > 7 && b[..3].iter().all(u8::is_ascii_digit) && b[3] == b'_'
}

#[test]
fn conformance() {
    let root = repo_root();
    let dir = root.join("..").join("shared").join("conformance");
    let script = dir.join("run.sh");
    if !script.is_file() {
        let msg = format!(
            "\n!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!\n\
             !!! conformance: {} not found: the shared suite was NOT run\n\
             !!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!",
            script.display()
        );
        say(&msg);
        if in_ci() {
            panic!(
                "conformance: the shared suite is missing in CI ({})",
                script.display()
            );
        }
        return;
    }
    let mut names: BTreeSet<String> = fs::read_dir(&dir)
        .expect("read shared/conformance")
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| is_test_file(n))
        .map(|n| n.trim_end_matches(".py").to_string())
        .collect();
    let all_cases = names.clone();

    let bin = pyrite_bin();
    let filter = std::env::var("PYRITE_CONF_FILTER").unwrap_or_default();
    let mut cmd = Command::new("bash");
    cmd.arg(&script).arg(&bin);
    if !filter.is_empty() {
        cmd.arg(&filter);
    }
    for (k, _) in std::env::vars_os() {
        if k.to_string_lossy().starts_with("PYTHON") {
            cmd.env_remove(&k);
        }
    }
    let jobs = std::env::var("PYRITE_TEST_JOBS").unwrap_or_else(|_| "2".to_string());
    cmd.env("JOBS", &jobs).env("VERBOSE", "1");
    say(&format!(
        "conformance: {} with {}, {} jobs",
        script.display(),
        bin.display(),
        jobs
    ));
    let o = run(cmd, Input::Null, Duration::from_secs(40 * 60), true);
    let text = lossy(&o.stdout);
    if o.spawn_error.is_some() || o.timed_out || o.rc != 0 {
        say(&text);
        panic!(
            "conformance: run.sh itself failed ({}; {:?})",
            o.describe_rc(),
            o.spawn_error
        );
    }

    // "FAIL name: reason" lines, each followed by its indented diff lines.
    let mut failures: BTreeMap<String, (String, String)> = BTreeMap::new();
    let mut current: Option<String> = None;
    let mut summary = None;
    for line in text.lines() {
        if let Some(rest) = line.strip_prefix("FAIL ") {
            let (name, reason) = rest.split_once(": ").unwrap_or((rest, ""));
            failures.insert(name.to_string(), (reason.to_string(), String::new()));
            current = Some(name.to_string());
        } else if line.starts_with("    ") && current.is_some() {
            let d = &mut failures.get_mut(current.as_ref().unwrap()).unwrap().1;
            if !d.is_empty() {
                d.push('\n');
            }
            d.push_str(line);
        } else {
            current = None;
            if line.ends_with(" failed") && line.contains(" passed, ") && !line.contains(':') {
                summary = Some(line.to_string());
            }
        }
    }
    let Some(summary) = summary else {
        say(&text);
        panic!("conformance: run.sh printed no summary line");
    };
    if !filter.is_empty() {
        names.retain(|n| failures.contains_key(n) || bash_regex_match(&filter, n));
    }
    let unknown: Vec<&String> = failures
        .keys()
        .filter(|n| !all_cases.contains(*n))
        .collect();
    assert!(
        unknown.is_empty(),
        "conformance: run.sh reported unknown tests {unknown:?}"
    );
    say(&format!("run.sh: {summary}"));

    let results: Vec<CaseResult> = names
        .iter()
        .map(|n| match failures.get(n) {
            Some((reason, details)) => CaseResult {
                name: n.clone(),
                passed: false,
                reason: reason.clone(),
                details: details.clone(),
            },
            None => CaseResult {
                name: n.clone(),
                passed: true,
                reason: String::new(),
                details: String::new(),
            },
        })
        .collect();
    let list = XfailList::load(&root.join("tests/conformance_xfail.txt"), XFAIL_HEADER);
    let opts = GateOptions {
        suite: "conformance",
        update_cmd: "PYRITE_XFAIL_UPDATE=1 cargo test --release --test conformance",
        unknown_entries_fail: false,
        complete: filter.is_empty(),
        all_cases: &all_cases,
    };
    if let Err(e) = gate(&results, &list, &opts) {
        panic!("conformance: {e}");
    }
}

/// With a FILTER, run.sh runs the tests whose name matches an extended regular
/// expression; std has no regex engine, so bash answers which names match.
fn bash_regex_match(filter: &str, name: &str) -> bool {
    Command::new("bash")
        .arg("-c")
        .arg("[[ $1 =~ $2 ]]")
        .arg("match")
        .arg(name)
        .arg(filter)
        .status()
        .is_ok_and(|s| s.success())
}
