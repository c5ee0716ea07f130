//! Shared helpers for the root package's integration tests (`differential`,
//! `conformance`, `cli`): running a program with a clean environment and a
//! timeout, known-failure lists (`*xfail.txt`) and a small unified diff.
//!
//! Every suite gates its results the same way (see [`gate`]): a case that fails
//! and is not listed fails the test; a listed case that passes fails the test
//! too, so the list only ever shrinks by hand or by
//! `PYRITE_XFAIL_UPDATE=1 cargo test --release --test NAME` (ignored when `CI`
//! is set).

#![allow(dead_code)]

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;
use std::thread;
use std::time::{Duration, Instant};

/// Output beyond this many bytes per stream is read and dropped.
const OUTPUT_CAP: usize = 16 << 20;

/// Writes straight to the process's stdout, bypassing libtest's capture, so
/// the per-case lines and the summary show up in `cargo test` logs.
pub fn say(text: &str) {
    let mut out = std::io::stdout().lock();
    let _ = out.write_all(text.as_bytes());
    if !text.ends_with('\n') {
        let _ = out.write_all(b"\n");
    }
    let _ = out.flush();
}

pub fn in_ci() -> bool {
    std::env::var_os("CI").is_some_and(|v| !v.is_empty() && v != "0" && v != "false")
}

/// The repository root (the root package's manifest directory), with symlinks
/// resolved so that it matches what a child process sees as its cwd.
pub fn repo_root() -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    dir.canonicalize().unwrap_or(dir)
}

/// The Pyrite binary under test; `PYRITE_BIN` overrides it (e.g.
/// `PYRITE_BIN=python3` to check a suite against CPython itself).
pub fn pyrite_bin() -> PathBuf {
    match std::env::var_os("PYRITE_BIN") {
        Some(p) if !p.is_empty() => PathBuf::from(p),
        _ => PathBuf::from(env!("CARGO_BIN_EXE_pyrite")),
    }
}

pub fn jobs() -> usize {
    std::env::var("PYRITE_TEST_JOBS")
        .ok()
        .and_then(|v| v.parse().ok())
        .filter(|&n: &usize| n > 0)
        .unwrap_or_else(|| thread::available_parallelism().map_or(2, |n| n.get()))
}

/// The environment every Python child runs with: nothing inherited but PATH
/// and HOME (so no `PYTHON*` variable from the machine leaks in), plus the
/// fixed settings the expected files were generated with.
pub fn base_env() -> Vec<(String, String)> {
    let mut env = Vec::new();
    for key in ["PATH", "HOME"] {
        if let Ok(v) = std::env::var(key) {
            env.push((key.to_string(), v));
        }
    }
    env.push(("PYTHONIOENCODING".into(), "utf-8".into()));
    env.push(("PYTHONHASHSEED".into(), "0".into()));
    env.push(("LC_ALL".into(), "C.UTF-8".into()));
    env
}

pub enum Input {
    Null,
    File(PathBuf),
    Bytes(Vec<u8>),
}

pub struct Outcome {
    pub stdout: Vec<u8>,
    pub stderr: Vec<u8>,
    /// Exit status as a shell reports it: the exit code, or 128 + signal.
    pub rc: i32,
    pub timed_out: bool,
    /// Set when the program could not be started at all.
    pub spawn_error: Option<String>,
}

impl Outcome {
    pub fn describe_rc(&self) -> String {
        if self.timed_out {
            "timed out".to_string()
        } else if self.spawn_error.is_some() {
            "could not start".to_string()
        } else if self.rc > 128 && self.rc < 160 {
            format!("killed by signal {}", self.rc - 128)
        } else {
            format!("exit {}", self.rc)
        }
    }
}

fn drain<R: Read + Send + 'static>(mut r: R) -> thread::JoinHandle<Vec<u8>> {
    thread::spawn(move || {
        let mut kept = Vec::new();
        let mut buf = [0u8; 65536];
        loop {
            match r.read(&mut buf) {
                Ok(0) | Err(_) => break,
                Ok(n) => {
                    let room = OUTPUT_CAP.saturating_sub(kept.len());
                    kept.extend_from_slice(&buf[..n.min(room)]);
                }
            }
        }
        kept
    })
}

fn kill_group(child: &mut Child) {
    // The child leads its own process group, so helpers it started die too. (Not
    // through the `kill` command: procps' `kill -KILL -PGID` can mis-parse the group
    // and signal every process of the machine.)
    let pgid = child.id() as libc::pid_t;
    if pgid > 1 {
        // SAFETY: signalling the process group the child leads.
        unsafe { libc::killpg(pgid, libc::SIGKILL) };
    }
    let _ = child.kill();
}

/// Runs `cmd` to completion or until `timeout`, whichever comes first.
/// With `merge`, stderr goes to the same pipe as stdout (and `stderr` stays
/// empty), so the interleaving the program produced is kept.
pub fn run(mut cmd: Command, input: Input, timeout: Duration, merge: bool) -> Outcome {
    use std::os::unix::process::{CommandExt, ExitStatusExt};
    cmd.process_group(0);
    // The expected outputs assume a normal start: SIGINT at its default action.
    // A harness launched in the background by a non-interactive shell inherits it
    // ignored (and CPython, like Pyrite, keeps an ignored SIGINT ignored).
    // SAFETY: only async-signal-safe calls between fork and exec.
    unsafe {
        cmd.pre_exec(|| {
            libc::signal(libc::SIGINT, libc::SIG_DFL);
            Ok(())
        });
    }
    let mut feed = None;
    match input {
        Input::Null => {
            cmd.stdin(Stdio::null());
        }
        Input::File(p) => match fs::File::open(&p) {
            Ok(f) => {
                cmd.stdin(f);
            }
            Err(e) => return failed_spawn(format!("cannot open stdin file {}: {e}", p.display())),
        },
        Input::Bytes(b) => {
            cmd.stdin(Stdio::piped());
            feed = Some(b);
        }
    }
    let merged_reader = if merge {
        let (reader, writer) = match std::io::pipe() {
            Ok(p) => p,
            Err(e) => return failed_spawn(format!("pipe: {e}")),
        };
        let writer2 = match writer.try_clone() {
            Ok(w) => w,
            Err(e) => return failed_spawn(format!("pipe: {e}")),
        };
        cmd.stdout(writer).stderr(writer2);
        Some(reader)
    } else {
        cmd.stdout(Stdio::piped()).stderr(Stdio::piped());
        None
    };
    let mut child = match cmd.spawn() {
        Ok(c) => c,
        Err(e) => return failed_spawn(format!("cannot run {:?}: {e}", cmd.get_program())),
    };
    // The Command still holds the write ends of a merged pipe: drop it so the
    // reader sees EOF when the child exits.
    drop(cmd);
    let (out_h, err_h) = match merged_reader {
        Some(r) => (drain(r), None),
        None => (
            drain(child.stdout.take().unwrap()),
            Some(drain(child.stderr.take().unwrap())),
        ),
    };
    let feeder = feed.map(|bytes| {
        let mut stdin = child.stdin.take().unwrap();
        thread::spawn(move || {
            let _ = stdin.write_all(&bytes);
        })
    });
    let start = Instant::now();
    let mut timed_out = false;
    let status = loop {
        match child.try_wait() {
            Ok(Some(st)) => break Some(st),
            Ok(None) => {}
            Err(_) => break None,
        }
        if start.elapsed() >= timeout {
            timed_out = true;
            kill_group(&mut child);
            break child.wait().ok();
        }
        thread::sleep(Duration::from_millis(5));
    };
    if timed_out {
        // Orphaned grandchildren could keep the pipes open; they were killed
        // with the group, so the readers finish.
    }
    let stdout = out_h.join().unwrap_or_default();
    let stderr = err_h
        .map(|h| h.join().unwrap_or_default())
        .unwrap_or_default();
    if let Some(f) = feeder {
        let _ = f.join();
    }
    let rc = match status {
        Some(st) => st.code().unwrap_or_else(|| 128 + st.signal().unwrap_or(0)),
        None => -1,
    };
    Outcome {
        stdout,
        stderr,
        rc,
        timed_out,
        spawn_error: None,
    }
}

fn failed_spawn(msg: String) -> Outcome {
    Outcome {
        stdout: Vec::new(),
        stderr: Vec::new(),
        rc: -1,
        timed_out: false,
        spawn_error: Some(msg),
    }
}

/// Runs `f` over `items` on `jobs` threads; results keep the input order.
pub fn par_map<T: Sync, R: Send>(items: &[T], jobs: usize, f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let next = AtomicUsize::new(0);
    let slots: Mutex<Vec<Option<R>>> = Mutex::new((0..items.len()).map(|_| None).collect());
    thread::scope(|s| {
        for _ in 0..jobs.max(1).min(items.len().max(1)) {
            s.spawn(|| loop {
                let i = next.fetch_add(1, Ordering::SeqCst);
                if i >= items.len() {
                    break;
                }
                let r = f(&items[i]);
                slots.lock().unwrap()[i] = Some(r);
            });
        }
    });
    slots
        .into_inner()
        .unwrap()
        .into_iter()
        .map(|r| r.unwrap())
        .collect()
}

// ---------------------------------------------------------------------------
// Known-failure lists

/// One known-failure list: its entries in file order, each with the comment
/// written after it (if any), and the header comment block kept on rewrite.
pub struct XfailList {
    pub path: PathBuf,
    pub header: Vec<String>,
    pub entries: BTreeMap<String, String>,
}

impl XfailList {
    pub fn load(path: &Path, default_header: &[&str]) -> XfailList {
        let mut header = Vec::new();
        let mut entries = BTreeMap::new();
        let text = fs::read_to_string(path).unwrap_or_default();
        let mut in_header = true;
        for line in text.lines() {
            let trimmed = line.trim();
            if trimmed.is_empty() {
                in_header = false;
                continue;
            }
            if trimmed.starts_with('#') {
                if in_header {
                    header.push(line.to_string());
                }
                continue;
            }
            in_header = false;
            let (name, comment) = match trimmed.find(" #").or_else(|| trimmed.find("\t#")) {
                Some(i) => (trimmed[..i].trim(), trimmed[i..].trim()),
                None => (trimmed, ""),
            };
            entries.insert(name.to_string(), comment.to_string());
        }
        if header.is_empty() {
            header = default_header.iter().map(|s| s.to_string()).collect();
        }
        XfailList {
            path: path.to_path_buf(),
            header,
            entries,
        }
    }

    fn write(&self, failing: &BTreeSet<String>) -> std::io::Result<()> {
        let mut text = String::new();
        for h in &self.header {
            text.push_str(h);
            text.push('\n');
        }
        text.push('\n');
        for name in failing {
            text.push_str(name);
            if let Some(c) = self.entries.get(name).filter(|c| !c.is_empty()) {
                text.push_str("  ");
                text.push_str(c);
            }
            text.push('\n');
        }
        fs::write(&self.path, text)
    }
}

/// The result of one case of a suite.
pub struct CaseResult {
    pub name: String,
    pub passed: bool,
    /// One-line reason for a failure.
    pub reason: String,
    /// Longer explanation (diffs), shown for unexpected failures.
    pub details: String,
}

pub struct GateOptions<'a> {
    pub suite: &'a str,
    /// The command that rewrites the list, for messages.
    pub update_cmd: &'a str,
    /// Whether listed names that are not cases of the suite fail the test
    /// (true) or only warn (false, for suites whose cases live elsewhere).
    pub unknown_entries_fail: bool,
    /// Whether every case of the suite ran (false when a filter was given):
    /// list entries for cases that did not run are then left alone.
    pub complete: bool,
    /// Every case name of the suite (ran or not), to recognise stale entries.
    pub all_cases: &'a BTreeSet<String>,
}

/// Prints one line per failing case (with details for unexpected ones), the
/// summary line `N passed, M failed, K expected failures`, and returns an
/// error message when the test must fail.
pub fn gate(results: &[CaseResult], list: &XfailList, opts: &GateOptions) -> Result<(), String> {
    let verbose =
        std::env::var_os("PYRITE_TEST_VERBOSE").is_some_and(|v| !v.is_empty() && v != "0");
    let ran: BTreeSet<&str> = results.iter().map(|r| r.name.as_str()).collect();
    let mut passed = 0;
    let mut unexpected = Vec::new();
    let mut expected = 0;
    let mut now_passing = Vec::new();
    for r in results {
        let listed = list.entries.contains_key(&r.name);
        match (r.passed, listed) {
            (true, false) => passed += 1,
            (true, true) => {
                passed += 1;
                now_passing.push(r.name.clone());
            }
            (false, true) => {
                expected += 1;
                let mut line = format!("xfail {}: {}", r.name, r.reason);
                if verbose && !r.details.is_empty() {
                    line.push('\n');
                    line.push_str(&r.details);
                }
                say(&line);
            }
            (false, false) => {
                let mut line = format!("FAIL {}: {}", r.name, r.reason);
                if !r.details.is_empty() {
                    line.push('\n');
                    line.push_str(&r.details);
                }
                say(&line);
                unexpected.push(r.name.clone());
            }
        }
    }
    let unknown: Vec<&String> = list
        .entries
        .keys()
        .filter(|n| !opts.all_cases.contains(n.as_str()))
        .collect();

    let update = std::env::var_os("PYRITE_XFAIL_UPDATE").is_some_and(|v| !v.is_empty() && v != "0");
    if update && in_ci() {
        say("note: PYRITE_XFAIL_UPDATE is ignored because CI is set");
    }
    let mut summary = format!("{passed} passed, {} failed", unexpected.len());
    if expected > 0 {
        summary.push_str(&format!(", {expected} expected failures"));
    }

    if update && !in_ci() {
        let mut failing: BTreeSet<String> = results
            .iter()
            .filter(|r| !r.passed)
            .map(|r| r.name.clone())
            .collect();
        if !opts.complete {
            // keep entries of cases that were not run this time
            failing.extend(
                list.entries
                    .keys()
                    .filter(|n| !ran.contains(n.as_str()) && opts.all_cases.contains(n.as_str()))
                    .cloned(),
            );
        }
        if let Err(e) = list.write(&failing) {
            return Err(format!("cannot write {}: {e}", list.path.display()));
        }
        say(&format!(
            "{}: rewrote {} with {} entries ({} removed, {} added)",
            opts.suite,
            list.path.display(),
            failing.len(),
            list.entries
                .keys()
                .filter(|n| !failing.contains(*n))
                .count(),
            failing
                .iter()
                .filter(|n| !list.entries.contains_key(*n))
                .count(),
        ));
        say(&summary);
        return Ok(());
    }

    let mut problems = Vec::new();
    if !now_passing.is_empty() {
        say(&format!(
            "\nPASSING NOW, remove from {} ({} case{}):",
            list.path.display(),
            now_passing.len(),
            if now_passing.len() == 1 { "" } else { "s" }
        ));
        for n in &now_passing {
            say(&format!("  XPASS {n}"));
        }
        problems.push(format!(
            "{} listed case(s) now pass: remove them from {}",
            now_passing.len(),
            list.path.display()
        ));
    }
    if !unknown.is_empty() {
        say(&format!(
            "\n{} lists entries that are not cases of this suite:",
            list.path.display()
        ));
        for n in &unknown {
            say(&format!("  {n}"));
        }
        if opts.unknown_entries_fail {
            problems.push(format!(
                "{} unknown entries in {}",
                unknown.len(),
                list.path.display()
            ));
        } else {
            say("(a warning only: this suite's cases live outside the repository)");
        }
    }
    if !unexpected.is_empty() {
        problems.push(format!(
            "{} unexpected failure(s): {}",
            unexpected.len(),
            abbreviate(&unexpected, 10)
        ));
    }
    say(&format!("\n{}: {summary}", opts.suite));
    say(&summary);
    if problems.is_empty() {
        Ok(())
    } else {
        say(&format!(
            "(once the results are right, `{}` rewrites the known-failure list)",
            opts.update_cmd
        ));
        Err(problems.join("; "))
    }
}

fn abbreviate(names: &[String], max: usize) -> String {
    let mut s = names
        .iter()
        .take(max)
        .cloned()
        .collect::<Vec<_>>()
        .join(", ");
    if names.len() > max {
        s.push_str(&format!(", ... ({} more)", names.len() - max));
    }
    s
}

// ---------------------------------------------------------------------------
// Unified diff

const MAX_LINE: usize = 300;

/// A diff line as shown: control characters escaped (so that NULs and escape
/// sequences in a program's output do not garble the log), long lines cut.
fn clip(line: &str) -> String {
    let mut out = String::new();
    for (i, ch) in line.char_indices() {
        if out.len() >= MAX_LINE {
            out.push_str(&format!("... ({} more bytes)", line.len() - i));
            break;
        }
        if (ch < ' ' && ch != '\t') || ch == '\x7f' {
            out.push_str(&format!("\\x{:02x}", ch as u32));
        } else {
            out.push(ch);
        }
    }
    out
}

#[derive(Clone, Copy, PartialEq)]
enum Op {
    Same,
    Del,
    Add,
}

/// A unified diff of `expected` against `actual` (3 lines of context),
/// truncated to `max_lines` lines; each line is prefixed with `indent`.
pub fn unified_diff(
    label: &str,
    expected: &str,
    actual: &str,
    max_lines: usize,
    indent: &str,
) -> String {
    let a: Vec<&str> = expected.split_inclusive('\n').collect();
    let b: Vec<&str> = actual.split_inclusive('\n').collect();
    let mut pre = 0;
    while pre < a.len() && pre < b.len() && a[pre] == b[pre] {
        pre += 1;
    }
    let mut suf = 0;
    while suf < a.len() - pre && suf < b.len() - pre && a[a.len() - 1 - suf] == b[b.len() - 1 - suf]
    {
        suf += 1;
    }
    let (am, bm) = (&a[pre..a.len() - suf], &b[pre..b.len() - suf]);
    let mut ops: Vec<Op> = vec![Op::Same; pre];
    if am.len().saturating_mul(bm.len()) <= 4_000_000 {
        // LCS table over the differing middle part.
        let (n, m) = (am.len(), bm.len());
        let mut t = vec![0u32; (n + 1) * (m + 1)];
        for i in (0..n).rev() {
            for j in (0..m).rev() {
                t[i * (m + 1) + j] = if am[i] == bm[j] {
                    t[(i + 1) * (m + 1) + j + 1] + 1
                } else {
                    t[(i + 1) * (m + 1) + j].max(t[i * (m + 1) + j + 1])
                };
            }
        }
        let (mut i, mut j) = (0, 0);
        while i < n || j < m {
            if i < n && j < m && am[i] == bm[j] {
                ops.push(Op::Same);
                i += 1;
                j += 1;
            } else if i < n && (j == m || t[(i + 1) * (m + 1) + j] >= t[i * (m + 1) + j + 1]) {
                // deletions first on ties, as diff -u shows them
                ops.push(Op::Del);
                i += 1;
            } else {
                ops.push(Op::Add);
                j += 1;
            }
        }
    } else {
        ops.extend(std::iter::repeat_n(Op::Del, am.len()));
        ops.extend(std::iter::repeat_n(Op::Add, bm.len()));
    }
    ops.extend(std::iter::repeat_n(Op::Same, suf));

    // Group into hunks with 3 lines of context.
    let ctx = 3;
    let changed: Vec<usize> = ops
        .iter()
        .enumerate()
        .filter(|(_, o)| **o != Op::Same)
        .map(|(k, _)| k)
        .collect();
    let mut out = Vec::new();
    out.push(format!("--- expected {label}"));
    out.push(format!("+++ actual {label}"));
    if changed.is_empty() {
        out.push("(the texts differ only in line endings or a missing final newline)".to_string());
    }
    // positions in a/b for every op index
    let mut pos = Vec::with_capacity(ops.len() + 1);
    let (mut ia, mut ib) = (0usize, 0usize);
    for o in &ops {
        pos.push((ia, ib));
        match o {
            Op::Same => {
                ia += 1;
                ib += 1;
            }
            Op::Del => ia += 1,
            Op::Add => ib += 1,
        }
    }
    pos.push((ia, ib));
    let mut k = 0;
    while k < changed.len() {
        let start = changed[k].saturating_sub(ctx);
        let mut end = changed[k] + 1;
        while k + 1 < changed.len() && changed[k + 1] <= end + 2 * ctx {
            k += 1;
            end = changed[k] + 1;
        }
        end = (end + ctx).min(ops.len());
        let (sa, sb) = pos[start];
        let (ea, eb) = pos[end];
        out.push(format!(
            "@@ -{},{} +{},{} @@",
            sa + 1,
            ea - sa,
            sb + 1,
            eb - sb
        ));
        for idx in start..end {
            let (pa, pb) = pos[idx];
            let (mark, text) = match ops[idx] {
                Op::Same => (' ', a[pa]),
                Op::Del => ('-', a[pa]),
                Op::Add => ('+', b[pb]),
            };
            let body = text.strip_suffix('\n').unwrap_or(text);
            let mut line = format!("{mark}{}", clip(body));
            if !text.ends_with('\n') {
                line.push_str("  (no newline at end)");
            }
            out.push(line);
        }
        k += 1;
    }
    let total = out.len();
    let mut shown: Vec<String> = out
        .into_iter()
        .take(max_lines)
        .map(|l| format!("{indent}{l}"))
        .collect();
    if total > max_lines {
        shown.push(format!(
            "{indent}... ({} more diff lines)",
            total - max_lines
        ));
    }
    shown.join("\n")
}

/// Text of raw output for comparison and diffs (invalid UTF-8 is shown with
/// replacement characters; the comparison itself is done on bytes).
pub fn lossy(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

/// Replaces every occurrence of `from` (a byte string) with `to`.
pub fn replace_bytes(hay: &[u8], from: &[u8], to: &[u8]) -> Vec<u8> {
    if from.is_empty() {
        return hay.to_vec();
    }
    let mut out = Vec::with_capacity(hay.len());
    let mut i = 0;
    while i < hay.len() {
        if hay[i..].starts_with(from) {
            out.extend_from_slice(to);
            i += from.len();
        } else {
            out.push(hay[i]);
            i += 1;
        }
    }
    out
}
