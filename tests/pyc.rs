//! The .pyc cache, observed from outside: `pyrite` runs as a process in a scratch
//! directory and the tests look at the files it leaves, at `sys._pyrite_compile_count`
//! (how many sources the loader compiled) and at the `-v` trace. Every child gets an
//! explicit environment (the machines that run CI export `PYTHONDONTWRITEBYTECODE=1`).

use pyrite_compiler::serialize::{fnv1a64, HEADER_LEN, MAGIC};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, SystemTime};

const PYC: &str = "mod.pyrite-311.pyc";

struct Run {
    rc: i32,
    out: String,
    err: String,
}

fn scratch(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("pyrite-pyc-{}-{}", std::process::id(), name));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

fn pyrite(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> Run {
    let out = Command::new(env!("CARGO_BIN_EXE_pyrite"))
        .args(args)
        .current_dir(dir)
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("HOME", dir)
        .envs(env.iter().copied())
        .output()
        .expect("pyrite runs");
    Run {
        rc: out.status.code().unwrap_or(-1),
        out: String::from_utf8_lossy(&out.stdout).into_owned(),
        err: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// Import `mod` and print its value and how many sources were compiled meanwhile.
const IMPORT: &str = "import sys\nc = getattr(sys, '_pyrite_compile_count', 0)\nimport mod\nprint(mod.X, sys._pyrite_compile_count - c if hasattr(sys, '_pyrite_compile_count') else 0)";

/// `(value of mod.X, number of compilations)` after `import mod` in `dir`.
fn import_mod(dir: &Path, extra: &[&str], env: &[(&str, &str)]) -> (String, u32) {
    let mut args: Vec<&str> = extra.to_vec();
    args.extend(["-c", IMPORT]);
    let r = pyrite(dir, &args, env);
    assert_eq!(r.rc, 0, "import failed:\n{}{}", r.out, r.err);
    let mut it = r.out.split_whitespace();
    let x = it.next().unwrap_or_default().to_string();
    let n = it.next().and_then(|n| n.parse().ok()).unwrap_or(99);
    (x, n)
}

fn write_mod(dir: &Path, value: &str) {
    std::fs::write(dir.join("mod.py"), format!("X = {value}\n")).unwrap();
}

fn pyc_path(dir: &Path) -> PathBuf {
    dir.join("__pycache__").join(PYC)
}

fn mtime(p: &Path) -> SystemTime {
    std::fs::metadata(p).unwrap().modified().unwrap()
}

fn set_mtime(p: &Path, t: SystemTime) {
    std::fs::File::options()
        .write(true)
        .open(p)
        .unwrap()
        .set_modified(t)
        .unwrap();
}

fn u64_at(b: &[u8], o: usize) -> u64 {
    u64::from_le_bytes(b[o..o + 8].try_into().unwrap())
}

/// The header fields of a .pyc file, checked against `source`.
fn check_header(pyc: &Path, source: &Path) {
    let b = std::fs::read(pyc).unwrap();
    let src = std::fs::read(source).unwrap();
    assert!(b.len() > HEADER_LEN, "too short: {} bytes", b.len());
    assert_eq!(&b[0..4], &MAGIC, "magic");
    assert_eq!(&b[2..4], b"\r\n", "magic ends in \\r\\n");
    assert_eq!(u32::from_le_bytes(b[4..8].try_into().unwrap()), 0, "flags");
    use std::os::unix::fs::MetadataExt;
    let m = std::fs::metadata(source).unwrap();
    let mtime_ns = m.mtime() as i128 * 1_000_000_000 + m.mtime_nsec() as i128;
    assert_eq!(u64_at(&b, 8) as i64 as i128, mtime_ns, "source mtime");
    assert_eq!(u64_at(&b, 16), src.len() as u64, "source size");
    assert_eq!(u64_at(&b, 24), fnv1a64(&src), "source hash");
    assert_eq!(u64_at(&b, 32), (b.len() - HEADER_LEN) as u64, "body length");
    assert_eq!(u64_at(&b, 40), fnv1a64(&b[HEADER_LEN..]), "body checksum");
}

fn files_under(dir: &Path) -> Vec<String> {
    let mut out = Vec::new();
    fn walk(base: &Path, d: &Path, out: &mut Vec<String>) {
        for e in std::fs::read_dir(d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                walk(base, &p, out);
            } else {
                out.push(p.strip_prefix(base).unwrap().to_string_lossy().into_owned());
            }
        }
    }
    walk(dir, dir, &mut out);
    out.sort();
    out
}

#[test]
fn first_import_writes_one_pyc_and_the_second_does_not_compile() {
    let d = scratch("first");
    write_mod(&d, "1");
    // another implementation's file in the same directory is left alone
    std::fs::create_dir_all(d.join("__pycache__")).unwrap();
    std::fs::write(d.join("__pycache__/mod.cpython-311.pyc"), b"not ours").unwrap();
    assert_eq!(import_mod(&d, &[], &[]), ("1".into(), 1));
    assert_eq!(
        files_under(&d),
        [
            "__pycache__/mod.cpython-311.pyc",
            "__pycache__/mod.pyrite-311.pyc",
            "mod.py"
        ]
    );
    check_header(&pyc_path(&d), &d.join("mod.py"));
    assert_eq!(
        std::fs::read(d.join("__pycache__/mod.cpython-311.pyc")).unwrap(),
        b"not ours"
    );
    // second run: no compilation, and the -v trace names the .pyc
    assert_eq!(import_mod(&d, &[], &[]), ("1".into(), 0));
    let r = pyrite(&d, &["-v", "-c", "import mod"], &[]);
    let want = format!("# code object from '{}'", pyc_path(&d).display());
    assert!(
        r.err.contains(&want),
        "{want:?} not in -v trace:\n{}",
        r.err
    );
}

#[test]
fn invalidation_by_mtime_size_hash_and_magic() {
    let d = scratch("inval");
    write_mod(&d, "10");
    assert_eq!(import_mod(&d, &[], &[]), ("10".into(), 1));
    let src = d.join("mod.py");
    let t0 = mtime(&src);

    // touched: same content, new mtime
    set_mtime(&src, t0 + Duration::from_secs(5));
    assert_eq!(import_mod(&d, &[], &[]), ("10".into(), 1));
    check_header(&pyc_path(&d), &src);
    assert_eq!(import_mod(&d, &[], &[]), ("10".into(), 0));

    // edited within the same second: same size, same mtime, other bytes
    let t1 = mtime(&src);
    write_mod(&d, "20");
    set_mtime(&src, t1);
    assert_eq!(import_mod(&d, &[], &[]), ("20".into(), 1));

    // size changed, mtime kept
    write_mod(&d, "300");
    set_mtime(&src, t1);
    assert_eq!(import_mod(&d, &[], &[]), ("300".into(), 1));

    // an older copy restored (older mtime, other content)
    write_mod(&d, "10");
    set_mtime(&src, t0);
    assert_eq!(import_mod(&d, &[], &[]), ("10".into(), 1));
    check_header(&pyc_path(&d), &src);

    // another magic number (an older Pyrite bytecode format)
    let mut b = std::fs::read(pyc_path(&d)).unwrap();
    b[1] = b[1].wrapping_add(1);
    std::fs::write(pyc_path(&d), &b).unwrap();
    assert_eq!(import_mod(&d, &[], &[]), ("10".into(), 1));
    check_header(&pyc_path(&d), &src);
    assert_eq!(import_mod(&d, &[], &[]), ("10".into(), 0));
}

#[test]
fn corrupt_files_are_rebuilt_silently() {
    let d = scratch("corrupt");
    write_mod(&d, "7");
    assert_eq!(import_mod(&d, &[], &[]), ("7".into(), 1));
    let good = std::fs::read(pyc_path(&d)).unwrap();
    let mut cases: Vec<(&str, Vec<u8>)> = vec![
        ("zero-length", vec![]),
        ("truncated header", good[..20].to_vec()),
        ("truncated body", good[..good.len() - 3].to_vec()),
        (
            "random bytes",
            (0..good.len()).map(|i| (i * 7919 % 251) as u8).collect(),
        ),
    ];
    for off in [
        9,
        17,
        25,
        33,
        41,
        HEADER_LEN + 1,
        good.len() / 2,
        good.len() - 1,
    ] {
        let mut b = good.clone();
        b[off] ^= 0x10;
        cases.push(("bit flip", b));
    }
    for (what, bytes) in cases {
        std::fs::write(pyc_path(&d), &bytes).unwrap();
        let r = pyrite(&d, &["-c", IMPORT], &[]);
        assert_eq!(
            (r.rc, r.out.trim()),
            (0, "7 1"),
            "{what}: {}{}",
            r.out,
            r.err
        );
        assert!(r.err.is_empty(), "{what}: not silent: {}", r.err);
        assert_eq!(
            std::fs::read(pyc_path(&d)).unwrap(),
            good,
            "{what}: not rewritten"
        );
    }
}

#[test]
fn a_pyc_that_cannot_be_read_or_replaced_is_survived() {
    // a directory where the .pyc should be: reading fails (EISDIR) even for root, and
    // it cannot be replaced; the import still works and the directory stays
    let d = scratch("pycdir");
    write_mod(&d, "2");
    std::fs::create_dir_all(pyc_path(&d)).unwrap();
    std::fs::write(pyc_path(&d).join("keep"), b"x").unwrap();
    assert_eq!(import_mod(&d, &[], &[]), ("2".into(), 1));
    assert_eq!(import_mod(&d, &[], &[]), ("2".into(), 1));
    assert!(pyc_path(&d).join("keep").exists());
    let leftovers: Vec<String> = files_under(&d)
        .into_iter()
        .filter(|f| f.contains(".tmp"))
        .collect();
    assert!(
        leftovers.is_empty(),
        "temporary files left behind: {leftovers:?}"
    );
}

#[test]
fn unreadable_pyc_is_rebuilt_when_not_root() {
    // SAFETY: geteuid has no preconditions.
    if unsafe { libc::geteuid() } == 0 {
        eprintln!("SKIPPED: running as root, where a mode-000 file stays readable");
        return;
    }
    use std::os::unix::fs::PermissionsExt;
    let d = scratch("unreadable");
    write_mod(&d, "5");
    assert_eq!(import_mod(&d, &[], &[]), ("5".into(), 1));
    std::fs::set_permissions(pyc_path(&d), std::fs::Permissions::from_mode(0o000)).unwrap();
    assert_eq!(import_mod(&d, &[], &[]), ("5".into(), 1));
}

#[test]
fn write_controls() {
    let d = scratch("controls");
    write_mod(&d, "1");
    // -B and PYTHONDONTWRITEBYTECODE: nothing written
    assert_eq!(import_mod(&d, &["-B"], &[]), ("1".into(), 1));
    assert!(!d.join("__pycache__").exists());
    assert_eq!(
        import_mod(&d, &[], &[("PYTHONDONTWRITEBYTECODE", "1")]),
        ("1".into(), 1)
    );
    assert!(!d.join("__pycache__").exists());
    // an empty value does not count
    assert_eq!(
        import_mod(&d, &[], &[("PYTHONDONTWRITEBYTECODE", "")]),
        ("1".into(), 1)
    );
    assert!(pyc_path(&d).exists());
    std::fs::remove_dir_all(d.join("__pycache__")).unwrap();
    // -E ignores the variable
    assert_eq!(
        import_mod(&d, &["-E"], &[("PYTHONDONTWRITEBYTECODE", "1")]),
        ("1".into(), 1)
    );
    assert!(pyc_path(&d).exists());
    // -B still reads
    assert_eq!(import_mod(&d, &["-B"], &[]), ("1".into(), 0));

    // sys.dont_write_bytecode changed at run time, between two imports
    std::fs::write(d.join("a.py"), "A = 1\n").unwrap();
    std::fs::write(d.join("b.py"), "B = 2\n").unwrap();
    let r = pyrite(&d, &["-c", "import sys\nsys.dont_write_bytecode = True\nimport a\nsys.dont_write_bytecode = False\nimport b\nprint(a.A + b.B)"], &[]);
    assert_eq!((r.rc, r.out.trim()), (0, "3"), "{}", r.err);
    assert!(!d.join("__pycache__/a.pyrite-311.pyc").exists());
    assert!(d.join("__pycache__/b.pyrite-311.pyc").exists());
    assert_eq!(
        pyrite(
            &d,
            &[
                "-c",
                "import sys; print(sys.dont_write_bytecode, sys.flags.dont_write_bytecode)"
            ],
            &[("PYTHONDONTWRITEBYTECODE", "x")]
        )
        .out
        .trim(),
        "True 1"
    );
}

#[test]
fn pycache_prefix_from_variable_option_and_sys() {
    let d = scratch("prefix");
    let src = d.join("src");
    std::fs::create_dir_all(&src).unwrap();
    write_mod(&src, "4");
    let prefix = d.join("cache");
    let mirrored = |p: &Path| p.join(src.strip_prefix("/").unwrap()).join(PYC);
    let pv = prefix.to_str().unwrap();

    assert_eq!(
        import_mod(&src, &[], &[("PYTHONPYCACHEPREFIX", pv)]),
        ("4".into(), 1)
    );
    assert!(mirrored(&prefix).exists(), "{:?}", files_under(&d));
    assert!(!src.join("__pycache__").exists());
    check_header(&mirrored(&prefix), &src.join("mod.py"));
    assert_eq!(
        import_mod(&src, &[], &[("PYTHONPYCACHEPREFIX", pv)]),
        ("4".into(), 0)
    );

    // -E ignores the variable: the usual __pycache__
    assert_eq!(
        import_mod(&src, &["-E"], &[("PYTHONPYCACHEPREFIX", pv)]),
        ("4".into(), 1)
    );
    assert!(pyc_path(&src).exists());
    std::fs::remove_dir_all(src.join("__pycache__")).unwrap();

    // -X pycache_prefix=DIR
    let p2 = d.join("cache2");
    let opt = format!("pycache_prefix={}", p2.display());
    assert_eq!(import_mod(&src, &["-X", &opt], &[]), ("4".into(), 1));
    assert!(mirrored(&p2).exists());
    let r = pyrite(
        &src,
        &["-X", &opt, "-c", "import sys; print(sys.pycache_prefix)"],
        &[],
    );
    assert_eq!(r.out.trim(), p2.to_str().unwrap());

    // sys.pycache_prefix set at run time, between two imports
    std::fs::write(src.join("a.py"), "A = 1\n").unwrap();
    std::fs::write(src.join("b.py"), "B = 2\n").unwrap();
    let p3 = d.join("cache3");
    let code = format!(
        "import sys\nimport a\nsys.pycache_prefix = {:?}\nimport b\nprint(a.A + b.B)",
        p3.to_str().unwrap()
    );
    let r = pyrite(&src, &["-c", &code], &[]);
    assert_eq!((r.rc, r.out.trim()), (0, "3"), "{}", r.err);
    assert!(src.join("__pycache__/a.pyrite-311.pyc").exists());
    assert!(p3
        .join(src.strip_prefix("/").unwrap())
        .join("b.pyrite-311.pyc")
        .exists());
}

#[test]
fn unwritable_cache_location_never_fails_and_is_tried_once() {
    let d = scratch("unwritable");
    write_mod(&d, "8");
    std::fs::write(d.join("other.py"), "Y = 9\n").unwrap();
    // `__pycache__` is a regular file: no directory can be made there, not even by root
    std::fs::write(d.join("__pycache__"), b"a file").unwrap();
    let r = pyrite(
        &d,
        &["-v", "-c", "import mod, other; print(mod.X + other.Y)"],
        &[],
    );
    assert_eq!((r.rc, r.out.trim()), (0, "17"), "{}", r.err);
    let failures = r
        .err
        .lines()
        .filter(|l| l.starts_with("# could not create"))
        .count();
    assert_eq!(
        failures, 1,
        "one failed write for the directory, then none:\n{}",
        r.err
    );
    assert_eq!(std::fs::read(d.join("__pycache__")).unwrap(), b"a file");
}

#[test]
fn read_only_tree_imports_without_writing() {
    // SAFETY: geteuid has no preconditions.
    if unsafe { libc::geteuid() } == 0 {
        eprintln!("SKIPPED: running as root, which may write into a read-only directory (see the unwritable-location test)");
        return;
    }
    use std::os::unix::fs::PermissionsExt;
    let d = scratch("readonly");
    write_mod(&d, "6");
    std::fs::set_permissions(&d, std::fs::Permissions::from_mode(0o555)).unwrap();
    let r = pyrite(&d, &["-v", "-c", "import mod; print(mod.X)"], &[]);
    std::fs::set_permissions(&d, std::fs::Permissions::from_mode(0o755)).unwrap();
    assert_eq!((r.rc, r.out.trim()), (0, "6"), "{}", r.err);
    assert!(
        r.err
            .lines()
            .filter(|l| l.starts_with("# could not create"))
            .count()
            <= 1
    );
}

#[test]
fn sourceless_pyc_imports() {
    let d = scratch("sourceless");
    write_mod(&d, "12");
    assert_eq!(import_mod(&d, &[], &[]), ("12".into(), 1));
    let lone = d.join("lone");
    std::fs::create_dir_all(&lone).unwrap();
    std::fs::copy(pyc_path(&d), lone.join("mod.pyc")).unwrap();
    let (x, n) = import_mod(&lone, &[], &[]);
    assert_eq!((x.as_str(), n), ("12", 0));
    let r = pyrite(&lone, &["-c", "import importlib, mod; print(mod.__file__.endswith('lone/mod.pyc'), type(mod.__loader__).__name__)"], &[]);
    assert_eq!(r.out.trim(), "True SourcelessFileLoader", "{}", r.err);
    // a broken sourceless file is an ImportError, not a crash
    std::fs::write(lone.join("mod.pyc"), b"garbage").unwrap();
    let r = pyrite(&lone, &["-c", "import mod"], &[]);
    assert_eq!(r.rc, 1);
    assert!(
        r.err.contains("ImportError: bad Pyrite .pyc file"),
        "{}",
        r.err
    );
}

#[test]
fn importlib_py_compile_and_compileall_use_pyrites_format() {
    let d = scratch("tools");
    write_mod(&d, "3");
    let code = "import importlib.util as u\nprint(u.MAGIC_NUMBER.hex())\nprint(u.cache_from_source('/a/b.py'))\nprint(u.source_from_cache('/a/__pycache__/b.pyrite-311.pyc'))";
    let r = pyrite(&d, &["-c", code], &[]);
    let hex: String = MAGIC.iter().map(|b| format!("{b:02x}")).collect();
    assert_eq!(
        r.out,
        format!("{hex}\n/a/__pycache__/b.pyrite-311.pyc\n/a/b.py\n"),
        "{}",
        r.err
    );

    let r = pyrite(
        &d,
        &[
            "-c",
            "import py_compile; print(py_compile.compile('mod.py'))",
        ],
        &[],
    );
    assert_eq!(r.out.trim(), "__pycache__/mod.pyrite-311.pyc", "{}", r.err);
    check_header(&pyc_path(&d), &d.join("mod.py"));
    // what py_compile wrote is used as is
    assert_eq!(import_mod(&d, &[], &[]), ("3".into(), 0));

    let pkg = d.join("tree/pkg");
    std::fs::create_dir_all(&pkg).unwrap();
    std::fs::write(pkg.join("__init__.py"), "").unwrap();
    std::fs::write(pkg.join("m1.py"), "A = 1\n").unwrap();
    let r = pyrite(&d, &["-m", "compileall", "-q", "tree"], &[]);
    assert_eq!(r.rc, 0, "{}{}", r.out, r.err);
    for f in ["__init__", "m1"] {
        let p = pkg.join(format!("__pycache__/{f}.pyrite-311.pyc"));
        assert!(p.exists(), "{:?}", files_under(&d));
        check_header(&p, &pkg.join(format!("{f}.py")));
    }
}
