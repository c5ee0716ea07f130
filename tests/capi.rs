//! Tests of the C API (`libpyrite.so`): C extension modules from `native-tests/ext/`
//! are compiled with gcc against `include/` only and imported by the `pyrite` binary,
//! which runs the matching `native-tests/py/test_*.py` script; C programs from
//! `native-tests/embed/` embed Pyrite through `Py_Initialize`. Each native test also
//! runs under valgrind memcheck when it is installed (no invalid reads or writes),
//! unless `PYRITE_SKIP_VALGRIND` is set.

use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn pyrite() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_pyrite"))
}

/// Where `libpyrite.so` sits: next to the `pyrite` executable after `cargo build`, or
/// only in `deps/` after `cargo test` on a fresh checkout (cargo does not copy the
/// cdylib out then). The newest wins, as in the launcher, so a stale copy is never used.
fn lib_dir() -> PathBuf {
    let dir = pyrite().parent().unwrap().to_path_buf();
    [dir.clone(), dir.join("deps")]
        .into_iter()
        .filter_map(|d| {
            Some((
                std::fs::metadata(d.join("libpyrite.so"))
                    .ok()?
                    .modified()
                    .ok()?,
                d,
            ))
        })
        .max_by_key(|(t, _)| *t)
        .map(|(_, d)| d)
        .unwrap_or(dir)
}

fn include_dir() -> PathBuf {
    root().join("include")
}

fn native(rel: &str) -> PathBuf {
    root().join("native-tests").join(rel)
}

/// A fresh scratch directory for one test.
fn work_dir(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("pyrite-capi-{}-{}", std::process::id(), name));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

fn show(o: &Output) -> String {
    format!(
        "status: {:?}\n--- stdout ---\n{}\n--- stderr ---\n{}",
        o.status,
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

fn gcc<I: IntoIterator<Item = S>, S: AsRef<OsStr>>(args: I) {
    let out = Command::new("gcc").args(args).output().expect("gcc runs");
    assert!(out.status.success(), "gcc failed:\n{}", show(&out));
}

/// Compile `native-tests/ext/<src>.c` into `<dir>/<out>` (a shared object).
fn build_ext(dir: &Path, src: &str, out: &str, defines: &[&str]) {
    let target = dir.join(out);
    if let Some(p) = target.parent() {
        std::fs::create_dir_all(p).unwrap();
    }
    let mut args: Vec<String> = vec![
        "-shared".into(),
        "-fPIC".into(),
        "-O1".into(),
        "-g".into(),
        "-Wall".into(),
        "-Werror".into(),
        "-Wno-unused-function".into(),
        format!("-I{}", include_dir().display()),
    ];
    args.extend(defines.iter().map(|d| d.to_string()));
    args.push("-o".into());
    args.push(target.display().to_string());
    args.push(native(&format!("ext/{}.c", src)).display().to_string());
    gcc(args);
}

/// Compile an embedding program from `native-tests/embed/<src>.c`, linked against
/// libpyrite.so with an rpath.
fn build_embed(dir: &Path, src: &str) -> PathBuf {
    let exe = dir.join(src);
    let lib = lib_dir();
    gcc([
        "-g".to_string(),
        "-Wall".to_string(),
        "-Wno-deprecated-declarations".to_string(),
        format!("-I{}", include_dir().display()),
        "-o".to_string(),
        exe.display().to_string(),
        native(&format!("embed/{}.c", src)).display().to_string(),
        format!("-L{}", lib.display()),
        "-lpyrite".to_string(),
        format!("-Wl,-rpath,{}", lib.display()),
    ]);
    exe
}

fn python_cmd(dir: &Path, script: &Path) -> Command {
    let mut c = Command::new(pyrite());
    c.arg(script)
        .env("PYTHONPATH", dir)
        .env_remove("PYRITE_CAPI_DEBUG")
        .current_dir(dir);
    c
}

fn valgrind_available() -> bool {
    std::env::var_os("PYRITE_SKIP_VALGRIND").is_none()
        && Command::new("valgrind")
            .arg("--version")
            .output()
            .map(|o| o.status.success())
            .unwrap_or(false)
}

/// Run `cmd` under valgrind memcheck: no invalid reads or writes (exit code 99).
fn under_valgrind(program: &Path, args: &[&OsStr], dir: &Path, env: &[(&str, &OsStr)]) {
    if !valgrind_available() {
        return;
    }
    let mut c = Command::new("valgrind");
    c.args(["--error-exitcode=99", "-q", "--trace-children=no"])
        .arg(program)
        .args(args)
        .current_dir(dir);
    for (k, v) in env {
        c.env(k, v);
    }
    let out = c.output().expect("valgrind runs");
    assert_ne!(
        out.status.code(),
        Some(99),
        "valgrind found memory errors:\n{}",
        show(&out)
    );
    assert!(
        out.status.success(),
        "failed under valgrind:\n{}",
        show(&out)
    );
}

/// Build the extensions, run the script (it must print ALL OK), then again under
/// valgrind.
fn run_native_test(name: &str, exts: &[(&str, &str)]) -> Output {
    let dir = work_dir(name);
    for (src, out) in exts {
        build_ext(&dir, src, out, &[]);
    }
    let script = native(&format!("py/test_{}.py", name));
    let out = python_cmd(&dir, &script).output().expect("pyrite runs");
    assert!(
        out.status.success() && String::from_utf8_lossy(&out.stdout).contains("ALL OK"),
        "{}",
        show(&out)
    );
    under_valgrind(
        &pyrite(),
        &[script.as_os_str()],
        &dir,
        &[("PYTHONPATH", dir.as_os_str())],
    );
    out
}

#[test]
fn refcount_identity_and_lifetimes() {
    run_native_test("refcount", &[("_capi_refcount", "_capi_refcount.so")]);
}

/// A numpy-like extension: N-dimensional strided arrays in native memory with the
/// buffer protocol, number/mapping slots, GC, threads and a capsule C API consumed
/// by a second extension.
#[test]
fn numpy_like_array_type() {
    run_native_test(
        "ndarray",
        &[
            ("_ndarray", "_ndarray.so"),
            ("_ndarray_user", "_ndarray_user.so"),
        ],
    );
}

/// Buffer helpers, memoryviews over C memory, the old buffer API, struct sequences
/// defined in C, descriptor objects and raw member access.
#[test]
fn buffers_structseq_and_descriptors() {
    run_native_test("buffer", &[("_capi_buffer", "_capi_buffer.so")]);
}

/// C types deriving from builtins (list, dict, Exception) with their own C fields.
#[test]
fn c_types_deriving_from_builtins() {
    run_native_test("subtype", &[("_capi_subtype", "_capi_subtype.so")]);
}

/// Threads created in C calling into Python (PyGILState_Ensure), C work with the GIL
/// released while Python threads run, PyThread locks and thread-specific storage.
#[test]
fn threads_and_the_gil() {
    run_native_test("threads", &[("_capi_threads", "_capi_threads.so")]);
}

/// The rest of the stable ABI: stateful decoders, charmap, codec streams, locale
/// conversion, frames and code objects, context variables, marshal, recursion
/// limits through C, importers, signal handlers, sub-interpreters (refused).
#[test]
fn remaining_stable_abi() {
    run_native_test("misc", &[("_capi_misc", "_capi_misc.so")]);
}

/// C-defined types: spec types with module state and METH_METHOD, a spec type
/// deriving from another, a static sequence type with an iterator, call and
/// attribute hooks with a __dict__, every member kind, comparison and hashing slots,
/// Python subclasses.
#[test]
fn c_defined_types() {
    run_native_test("typeobj", &[("_capi_typeobj", "_capi_typeobj.so")]);
}

/// A second, larger set of C-defined types (written and checked against CPython
/// first): every method calling convention with docstrings and text signatures,
/// number/sequence/mapping slots, tp_getattro/tp_setattro over a tp_dictoffset
/// __dict__ (PyObject_GenericGetDict/SetDict), a heap type with module state, a spec
/// type deriving from a static type, instance lifetimes.
#[test]
fn c_defined_types_more() {
    run_native_test("types", &[("_capi_types", "_capi_types.so")]);
}

#[test]
fn audit_hooks_from_c() {
    run_native_test("audit", &[("_capi_audit", "_capi_audit.so")]);
}

#[test]
fn long_objects() {
    run_native_test("long", &[("_capi_long", "_capi_long.so")]);
}

#[test]
fn float_complex_and_numbers() {
    run_native_test("float", &[("_capi_float", "_capi_float.so")]);
}

#[test]
fn unicode_objects() {
    run_native_test("unicode", &[("_capi_unicode", "_capi_unicode.so")]);
}

#[test]
fn bytes_and_buffers() {
    run_native_test("bytes", &[("_capi_bytes", "_capi_bytes.so")]);
}

#[test]
fn containers() {
    run_native_test("containers", &[("_capi_containers", "_capi_containers.so")]);
}

#[test]
fn object_protocol_and_calls() {
    run_native_test("object", &[("_capi_object", "_capi_object.so")]);
}

#[test]
fn exceptions() {
    let out = run_native_test("errors", &[("_capi_errors", "_capi_errors.so")]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("Exception ignored in: 'the object'"),
        "{}",
        err
    );
    assert!(err.contains("RuntimeError: cannot raise this"), "{}", err);
    assert!(
        err.contains("ValueError: printed by PyErr_Print"),
        "{}",
        err
    );
}

#[test]
fn argument_parsing_and_building() {
    run_native_test("arg", &[("_capi_arg", "_capi_arg.so")]);
}

#[test]
fn runtime_services() {
    let out = run_native_test("runtime", &[("_capi_runtime", "_capi_runtime.so")]);
    let so = String::from_utf8_lossy(&out.stdout);
    assert!(
        so.contains("stdout from C: 42 text\n") && so.contains("formatted from C: None\n"),
        "{}",
        so
    );
    assert!(String::from_utf8_lossy(&out.stderr).contains("stderr from C"));
}

#[test]
fn module_loading() {
    let dir = work_dir("module");
    // the Pyrite-specific suffix is searched first, then plain .so
    build_ext(
        &dir,
        "_capi_multiphase",
        "_capi_multiphase.pyrite-311-x86_64-linux-gnu.so",
        &[],
    );
    build_ext(&dir, "_capi_create", "_capi_create.so", &[]);
    std::fs::create_dir_all(dir.join("pkg")).unwrap();
    std::fs::write(dir.join("pkg/__init__.py"), "").unwrap();
    build_ext(&dir, "_capi_sub", "pkg/_capi_sub.so", &[]);
    for (variant, name) in [
        (1, "_capi_bad_null"),
        (2, "_capi_bad_raise"),
        (3, "_capi_bad_exec"),
        (4, "_capi_bad_noinit"),
        (5, "_capi_bad_symbol"),
    ] {
        build_ext(
            &dir,
            "_capi_badinit",
            &format!("{}.so", name),
            &[&format!("-DVARIANT={}", variant)],
        );
    }
    let script = native("py/test_module.py");
    let out = python_cmd(&dir, &script).output().unwrap();
    assert!(
        out.status.success() && String::from_utf8_lossy(&out.stdout).contains("ALL OK"),
        "{}",
        show(&out)
    );
    under_valgrind(
        &pyrite(),
        &[script.as_os_str()],
        &dir,
        &[("PYTHONPATH", dir.as_os_str())],
    );
}

#[test]
fn embedding_basic() {
    let dir = work_dir("embed_basic");
    let exe = build_embed(&dir, "embed_basic");
    let out = Command::new(&exe).current_dir(&dir).output().unwrap();
    assert!(out.status.success(), "{}", show(&out));
    let so = String::from_utf8_lossy(&out.stdout);
    for line in [
        "embedded (3, 11)",
        "square(12) = 144",
        "values has 5 items, last 16",
        "mean = 6.0",
        "host.add: 42",
        "caught ZeroDivisionError in C",
        "finalized",
    ] {
        assert!(so.contains(line), "missing {:?}:\n{}", line, show(&out));
    }
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("ValueError: reported by the host"),
        "{}",
        show(&out)
    );
    under_valgrind(&exe, &[], &dir, &[]);
}

#[test]
fn embedding_run_file() {
    let dir = work_dir("embed_file");
    let exe = build_embed(&dir, "embed_file");
    let script = dir.join("script.py");
    std::fs::write(&script, "import sys\nprint('running', __file__.endswith('script.py'), len(sys.argv))\nx = [i * i for i in range(4)]\nprint(x)\n").unwrap();
    let out = Command::new(&exe)
        .arg(&script)
        .current_dir(&dir)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", show(&out));
    let so = String::from_utf8_lossy(&out.stdout);
    assert!(
        so.contains("running True 1") && so.contains("[0, 1, 4, 9]") && so.contains("rc=0"),
        "{}",
        show(&out)
    );
}

#[test]
fn debug_mode_reports_misuse() {
    let dir = work_dir("misuse");
    build_ext(&dir, "_capi_misuse", "_capi_misuse.so", &[]);
    let cases = [
        ("over_decref(object())", "Fatal Python error: _Py_Dealloc: object refcount below zero"),
        ("use_after_free()", "Fatal Python error: PyObject_Repr: use of a freed object"),
        ("null_no_error()", "Fatal Python error: _capi_misuse.null_no_error(): a function returned NULL without setting an exception"),
        ("result_and_error()", "Fatal Python error: _capi_misuse.result_and_error(): a function returned a result with an exception set"),
        ("without_gil([1])", "Fatal Python error: PyObject_Repr: the function must be called with the GIL held"),
    ];
    for (call, expected) in cases {
        let out = Command::new(pyrite())
            .args([
                "-c",
                &format!("import _capi_misuse as m\nm.{}\nprint('survived')", call),
            ])
            .env("PYTHONPATH", &dir)
            .env("PYRITE_CAPI_DEBUG", "1")
            .output()
            .unwrap();
        assert!(!out.status.success(), "{}", show(&out));
        assert!(
            String::from_utf8_lossy(&out.stderr).contains(expected),
            "expected {:?}:\n{}",
            expected,
            show(&out)
        );
        assert!(!String::from_utf8_lossy(&out.stdout).contains("survived"));
    }
    // without the debug mode the last two are reported as SystemError
    let out = Command::new(pyrite())
        .args(["-c", "import _capi_misuse as m\ntry:\n    m.null_no_error()\nexcept SystemError as e:\n    print('SystemError:', e)"])
        .env("PYTHONPATH", &dir)
        .env_remove("PYRITE_CAPI_DEBUG")
        .output()
        .unwrap();
    assert!(
        String::from_utf8_lossy(&out.stdout).contains(
            "SystemError: _capi_misuse.null_no_error() returned NULL without setting an exception"
        ),
        "{}",
        show(&out)
    );
}

/// The Rust view of the C structures (`emulation::layout`) agrees with what the C
/// compiler computes from `include/`.
#[test]
fn layout_matches_headers() {
    let dir = work_dir("layout");
    let facts = pyrite::layout_facts();
    let mut src = String::from("#define PY_SSIZE_T_CLEAN\n#include <Python.h>\n#include <stddef.h>\n#include <stdio.h>\nint main(void) {\n");
    for (name, _) in &facts {
        match name.split_once('.') {
            None => src.push_str(&format!(
                "    printf(\"{} %zu\\n\", sizeof({}));\n",
                name, name
            )),
            Some((t, f)) => src.push_str(&format!(
                "    printf(\"{} %zu\\n\", offsetof({}, {}));\n",
                name, t, f
            )),
        }
    }
    src.push_str("    return 0;\n}\n");
    let c = dir.join("layout_facts.c");
    std::fs::write(&c, src).unwrap();
    let exe = dir.join("layout_facts");
    gcc([
        format!("-I{}", include_dir().display()),
        "-o".into(),
        exe.display().to_string(),
        c.display().to_string(),
    ]);
    let out = Command::new(&exe).output().unwrap();
    assert!(out.status.success(), "{}", show(&out));
    let text = String::from_utf8_lossy(&out.stdout);
    let mut mismatches = Vec::new();
    for (line, (name, value)) in text.lines().zip(facts.iter()) {
        let (n, v) = line.split_once(' ').unwrap();
        assert_eq!(n, name);
        if v.parse::<usize>().unwrap() != *value {
            mismatches.push(format!("{}: C {} Rust {}", name, v, value));
        }
    }
    assert_eq!(text.lines().count(), facts.len());
    assert!(
        mismatches.is_empty(),
        "layout mismatches:\n{}",
        mismatches.join("\n")
    );
}

/// `tools/pyrite-config` and Pyrite's sysconfig give the flags and suffix build
/// tools need; an extension built with exactly those flags imports.
#[test]
fn pyrite_config_and_sysconfig() {
    let dir = work_dir("config");
    let cfg = |arg: &str| -> String {
        let out = Command::new("sh")
            .arg(root().join("tools/pyrite-config"))
            .arg(arg)
            .env("PYRITE", pyrite())
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", show(&out));
        String::from_utf8_lossy(&out.stdout).trim().to_string()
    };
    let includes = cfg("--includes");
    assert_eq!(
        includes,
        format!(
            "-I{}",
            std::fs::canonicalize(include_dir()).unwrap().display()
        )
    );
    let suffix = cfg("--extension-suffix");
    assert_eq!(suffix, ".pyrite-311-x86_64-linux-gnu.so");
    let cflags = cfg("--cflags");
    assert!(
        cflags.contains(&includes) && cflags.contains("-fPIC"),
        "{}",
        cflags
    );
    assert!(cfg("--ldflags").contains("-lpyrite"));
    let bad = Command::new("sh")
        .arg(root().join("tools/pyrite-config"))
        .arg("--nonsense")
        .env("PYRITE", pyrite())
        .output()
        .unwrap();
    assert_eq!(bad.status.code(), Some(2));
    // build with exactly those flags and import
    let target = dir.join(format!("_capi_refcount{}", suffix));
    let mut args: Vec<String> = cflags.split_whitespace().map(|s| s.to_string()).collect();
    args.extend([
        "-shared".to_string(),
        "-o".to_string(),
        target.display().to_string(),
        native("ext/_capi_refcount.c").display().to_string(),
    ]);
    gcc(args);
    let out = Command::new(pyrite())
        .args(["-c", "import sysconfig, _capi_refcount as m; print(m.__file__.endswith(sysconfig.get_config_var('EXT_SUFFIX')), sysconfig.get_config_var('SOABI'), sysconfig.get_config_var('CC'), sysconfig.get_config_var('LDSHARED'))"])
        .env("PYTHONPATH", &dir)
        .output()
        .unwrap();
    assert_eq!(
        String::from_utf8_lossy(&out.stdout).trim(),
        "True pyrite-311-x86_64-linux-gnu gcc gcc -shared",
        "{}",
        show(&out)
    );
}

/// `native-tests/capi_census.sh` counts the exported names of the checklists.
#[test]
fn census_runs() {
    let lib = lib_dir().join("libpyrite.so");
    let out = Command::new("sh")
        .arg(native("capi_census.sh"))
        .arg(&lib)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", show(&out));
    let so = String::from_utf8_lossy(&out.stdout);
    if Path::new("/work/shared/capi/stable-abi-3.11.txt").exists() {
        assert!(so.contains("stable-abi-3.11.txt:"), "{}", so);
    }
}
