//! The Rust embedding API with each `FileSystem`. An interpreter is one per process,
//! so each test re-runs this test binary for itself alone (`EMBED_CHILD` set) and
//! checks that the child passed.

use pyrite_vm::fs::{FileSystem, HostFs, MemFs, NoIoFs, ReadOnlyFs};
use pyrite_vm::{Config, Interpreter};
use std::path::PathBuf;
use std::sync::Arc;

/// In the parent: run `name` in a child process and check it passed. In the child:
/// return true (the caller then does the work).
fn in_child(name: &str) -> bool {
    if std::env::var_os("EMBED_CHILD").is_some() {
        return true;
    }
    let out = std::process::Command::new(std::env::current_exe().unwrap())
        .args(["--exact", name, "--nocapture", "--test-threads=1"])
        .env("EMBED_CHILD", "1")
        .env_remove("PYTHONDONTWRITEBYTECODE")
        .output()
        .unwrap();
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        out.status.success() && text.contains("1 passed"),
        "child test {name} failed:\n{text}"
    );
    false
}

fn scratch(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("pyrite-embed-{}-{}", std::process::id(), name));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

fn config_with_path(dir: &std::path::Path) -> Config {
    Config {
        path: vec![dir.to_string_lossy().into_owned()],
        ..Config::default()
    }
}

fn eval_str(i: &Interpreter, expr: &str) -> String {
    match i.eval(expr) {
        Ok(v) => i.to_string(&v).unwrap(),
        Err(e) => panic!("{expr}: {}", i.format_exception(&e)),
    }
}

#[test]
fn host_fs_defaults_to_not_writing_bytecode() {
    if !in_child("host_fs_defaults_to_not_writing_bytecode") {
        return;
    }
    let d = scratch("host");
    std::fs::write(d.join("hmod.py"), "def triple(x):\n    return 3 * x\n").unwrap();
    let i = Interpreter::with_filesystem(config_with_path(&d), Arc::new(HostFs)).unwrap();
    i.run("import hmod\nresult = hmod.triple(14)").unwrap();
    // values cross both ways: call a Python function from Rust
    let f = i.eval("hmod.triple").unwrap();
    let r = i.call(&f, &[pyrite_vm::value::Value::Int(5)]).unwrap();
    assert_eq!(i.to_string(&r).unwrap(), "15");
    assert_eq!(i.to_string(&i.get("result").unwrap()).unwrap(), "42");
    // an embedded interpreter writes no .pyc unless asked to
    assert!(!d.join("__pycache__").exists());
    assert_eq!(
        eval_str(&i, "__import__('sys').dont_write_bytecode"),
        "True"
    );
    // open() works on the host
    std::fs::write(d.join("data.txt"), "hello").unwrap();
    assert_eq!(
        eval_str(
            &i,
            &format!("open({:?}).read()", d.join("data.txt").to_str().unwrap())
        ),
        "hello"
    );
    // errors come back as PyErr with CPython's traceback text
    let e = i.run("1/0").unwrap_err();
    assert!(
        i.format_exception(&e)
            .ends_with("ZeroDivisionError: division by zero\n"),
        "{}",
        i.format_exception(&e)
    );
}

#[test]
fn host_fs_writes_bytecode_when_asked() {
    if !in_child("host_fs_writes_bytecode_when_asked") {
        return;
    }
    let d = scratch("hostw");
    std::fs::write(d.join("wmod.py"), "V = 1\n").unwrap();
    let prefix = d.join("prefix");
    let cfg = Config {
        write_bytecode: true,
        dont_write_bytecode: false,
        pycache_prefix: Some(prefix.to_string_lossy().into_owned()),
        ..config_with_path(&d)
    };
    let i = Interpreter::with_filesystem(cfg, Arc::new(HostFs)).unwrap();
    i.run("import wmod").unwrap();
    let want = prefix
        .join(d.strip_prefix("/").unwrap())
        .join("wmod.pyrite-311.pyc");
    assert!(want.exists(), "no {}", want.display());
    assert!(!d.join("__pycache__").exists());
}

#[test]
fn read_only_fs_imports_but_never_writes() {
    if !in_child("read_only_fs_imports_but_never_writes") {
        return;
    }
    let d = scratch("ro");
    std::fs::write(d.join("romod.py"), "VALUE = 'read only'\n").unwrap();
    let cfg = Config {
        write_bytecode: true,
        dont_write_bytecode: false,
        ..config_with_path(&d)
    };
    let i = Interpreter::with_filesystem(cfg, Arc::new(ReadOnlyFs)).unwrap();
    assert_eq!(eval_str(&i, "__import__('romod').VALUE"), "read only");
    assert!(
        !d.join("__pycache__").exists(),
        "a .pyc was written through the read-only view"
    );
    // reading files works, writing fails with OSError (EROFS)
    assert_eq!(
        eval_str(
            &i,
            &format!("open({:?}).read()", d.join("romod.py").to_str().unwrap())
        ),
        "VALUE = 'read only'\n"
    );
    let target = d.join("new.txt");
    let code = format!("try:\n    open({:?}, 'w')\nexcept OSError as e:\n    r = (type(e).__name__, e.errno == __import__('errno').EROFS)\n", target.to_str().unwrap());
    i.run(&code).unwrap();
    assert_eq!(
        i.to_string(&i.get("r").unwrap()).unwrap(),
        "('OSError', True)"
    );
    assert!(!target.exists());
    let code = format!("import os\ntry:\n    os.mkdir({:?})\nexcept OSError as e:\n    r2 = e.errno == __import__('errno').EROFS\n", d.join("sub").to_str().unwrap());
    i.run(&code).unwrap();
    assert_eq!(i.to_string(&i.get("r2").unwrap()).unwrap(), "True");
    assert!(!d.join("sub").exists());
}

#[test]
fn no_io_fs_imports_only_from_the_module_table() {
    if !in_child("no_io_fs_imports_only_from_the_module_table") {
        return;
    }
    let d = scratch("noio");
    std::fs::write(d.join("diskmod.py"), "X = 1\n").unwrap();
    let i = Interpreter::with_filesystem(config_with_path(&d), Arc::new(NoIoFs)).unwrap();
    i.add_module("greet", "def hello(n):\n    return 'hello ' + n\n");
    i.add_package("tools", "NAME = 'tools'\n");
    i.add_module(
        "tools.calc",
        "from . import NAME\ndef twice(x):\n    return 2 * x\n",
    );
    assert_eq!(
        eval_str(&i, "__import__('greet').hello('pyrite')"),
        "hello pyrite"
    );
    i.run("from tools.calc import twice, NAME as N\nres = (twice(21), N)")
        .unwrap();
    assert_eq!(
        i.to_string(&i.get("res").unwrap()).unwrap(),
        "(42, 'tools')"
    );
    // built-in modules still import
    assert_eq!(eval_str(&i, "__import__('math').sqrt(16.0)"), "4.0");
    // nothing from the disk
    i.run("try:\n    import diskmod\nexcept ImportError as e:\n    r = type(e).__name__\n")
        .unwrap();
    assert_eq!(
        i.to_string(&i.get("r").unwrap()).unwrap(),
        "ModuleNotFoundError"
    );
    // open() and os functions raise PermissionError
    let code = format!(
        "try:\n    open({:?})\nexcept PermissionError as e:\n    r = 'PermissionError'\n",
        d.join("diskmod.py").to_str().unwrap()
    );
    i.run(&code).unwrap();
    assert_eq!(
        i.to_string(&i.get("r").unwrap()).unwrap(),
        "PermissionError"
    );
    i.run(
        "import posix\ntry:\n    posix.listdir('/')\nexcept PermissionError:\n    r = 'denied'\n",
    )
    .unwrap();
    assert_eq!(i.to_string(&i.get("r").unwrap()).unwrap(), "denied");
}

#[test]
fn mem_fs_holds_sources_and_bytecode_in_memory() {
    if !in_child("mem_fs_holds_sources_and_bytecode_in_memory") {
        return;
    }
    let fs = Arc::new(MemFs::new());
    fs.insert("/app/pkg/__init__.py", b"");
    fs.insert("/app/pkg/core.py", b"def area(w, h):\n    return w * h\n");
    fs.insert(
        "/app/main_helper.py",
        b"from pkg.core import area\nA = area(6, 7)\n",
    );
    let cfg = Config {
        path: vec!["/app".into()],
        write_bytecode: true,
        dont_write_bytecode: false,
        ..Config::default()
    };
    let i = Interpreter::with_filesystem(cfg, fs.clone() as Arc<dyn FileSystem>).unwrap();
    assert_eq!(eval_str(&i, "__import__('main_helper').A"), "42");
    assert_eq!(
        eval_str(&i, "__import__('main_helper').__file__"),
        "/app/main_helper.py"
    );
    // the .pyc cache works in memory too
    let paths = fs.paths();
    for want in [
        "/app/__pycache__/main_helper.pyrite-311.pyc",
        "/app/pkg/__pycache__/core.pyrite-311.pyc",
    ] {
        assert!(paths.iter().any(|p| p == want), "{want} not in {paths:?}");
    }
    let pyc = fs.get("/app/pkg/__pycache__/core.pyrite-311.pyc").unwrap();
    assert_eq!(&pyc[..4], &pyrite_compiler::serialize::MAGIC);
}
