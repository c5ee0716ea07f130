//! Compile every `.py` file of the installed CPython 3.11 library (including `test/` when
//! the test suite is installed) and check that the only failures are files CPython itself
//! rejects.
//!
//! Directory: `/usr/lib/python3.11`, or `PYRITE_STDLIB_DIRS` (a `:`-separated list).
//! Run in release mode for speed: `cargo test --release -p pyrite_compiler --test stdlib_compile`.

use pyrite_compiler::{compile, decode_source, CompileOptions, Mode};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

fn collect(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(rd) = std::fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<_> = rd.filter_map(|e| e.ok()).collect();
    entries.sort_by_key(|e| e.path());
    for e in entries {
        let p = e.path();
        let Ok(ft) = e.file_type() else { continue };
        if ft.is_symlink() {
            continue;
        }
        if ft.is_dir() {
            collect(&p, out);
        } else if p.extension().is_some_and(|x| x == "py") {
            out.push(p);
        }
    }
}

fn find_python() -> Option<String> {
    for cand in ["python3.11", "python3"] {
        let ok = Command::new(cand)
            .args(["-c", "import sys; assert sys.version_info[:2] == (3, 11)"])
            .output()
            .map(|o| o.status.success())
            .unwrap_or(false);
        if ok {
            return Some(cand.to_string());
        }
    }
    None
}

/// Ask CPython which of these files it rejects; returns path -> CPython's message.
fn cpython_rejects(python: &str, files: &[PathBuf]) -> std::collections::HashMap<PathBuf, String> {
    let script = r#"
import sys
for p in sys.argv[1:]:
    try:
        with open(p, 'rb') as f:
            compile(f.read(), p, 'exec', dont_inherit=True)
        print('OK\t' + p)
    except BaseException as e:
        print('ERR\t' + p + '\t' + type(e).__name__ + ': ' + str(getattr(e, 'msg', e)).replace('\n', ' '))
"#;
    let mut map = std::collections::HashMap::new();
    for chunk in files.chunks(200) {
        let out = Command::new(python)
            .arg("-W")
            .arg("ignore")
            .arg("-c")
            .arg(script)
            .args(chunk)
            .output()
            .expect("run python");
        for line in String::from_utf8_lossy(&out.stdout).lines() {
            let parts: Vec<&str> = line.splitn(3, '\t').collect();
            if parts.len() == 3 && parts[0] == "ERR" {
                map.insert(PathBuf::from(parts[1]), parts[2].to_string());
            }
        }
    }
    map
}

#[test]
fn stdlib_compiles() {
    let dirs = std::env::var("PYRITE_STDLIB_DIRS").unwrap_or_else(|_| "/usr/lib/python3.11".into());
    let mut files = Vec::new();
    for d in dirs.split(':') {
        collect(Path::new(d), &mut files);
    }
    if files.is_empty() {
        eprintln!("no Python library found under {dirs}; skipping");
        return;
    }
    let next = AtomicUsize::new(0);
    let failures: Mutex<Vec<(PathBuf, String)>> = Mutex::new(Vec::new());
    let threads = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(2)
        .clamp(1, 4);
    std::thread::scope(|s| {
        for _ in 0..threads {
            s.spawn(|| loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                let Some(path) = files.get(i) else { break };
                let Ok(bytes) = std::fs::read(path) else {
                    continue;
                };
                let name = path.to_string_lossy().to_string();
                let result = decode_source(&bytes, &name)
                    .and_then(|src| compile(&src, &name, Mode::Exec, &CompileOptions::default()));
                if let Ok(code) = &result {
                    let mut stack = vec![code.clone()];
                    while let Some(c) = stack.pop() {
                        if let Err(msg) = pyrite_compiler::flow::verify(&c.instructions) {
                            failures.lock().unwrap().push((
                                path.clone(),
                                format!(
                                    "BAD BYTECODE in {} (line {}): {msg}",
                                    c.qualname, c.firstlineno
                                ),
                            ));
                        }
                        for k in &c.consts {
                            if let pyrite_compiler::code::Constant::Code(inner) = k {
                                stack.push((**inner).clone());
                            }
                        }
                    }
                }
                if let Err(e) = result {
                    failures.lock().unwrap().push((
                        path.clone(),
                        format!(
                            "{:?}: {} (line {}, offset {})",
                            e.kind, e.msg, e.lineno, e.offset
                        ),
                    ));
                }
            });
        }
    });
    let mut failures = failures.into_inner().unwrap();
    failures.sort();
    eprintln!("compiled {} files, {} failed", files.len(), failures.len());
    if failures.is_empty() {
        return;
    }
    let Some(python) = find_python() else {
        for (p, e) in &failures {
            eprintln!(
                "FAILED (not checked against CPython: no python3.11): {}: {e}",
                p.display()
            );
        }
        return;
    };
    let paths: Vec<PathBuf> = failures.iter().map(|(p, _)| p.clone()).collect();
    let rejected = cpython_rejects(&python, &paths);
    let mut unexpected = Vec::new();
    for (p, e) in &failures {
        match rejected.get(p) {
            Some(cp) => eprintln!(
                "expected failure: {}\n    pyrite: {e}\n    cpython: {cp}",
                p.display()
            ),
            None => unexpected.push(format!("{}: {e}", p.display())),
        }
    }
    if !unexpected.is_empty() {
        panic!(
            "{} unexpected failures:\n{}",
            unexpected.len(),
            unexpected.join("\n")
        );
    }
}
