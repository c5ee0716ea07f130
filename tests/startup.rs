//! Where the pure-Python standard library comes from: the default location,
//! `PYRITE_STDLIB`, `-X stdlib=DIR`, `-E`, and the one clear start-up error when it
//! is missing.

use std::process::Command;

fn pyrite(args: &[&str], env: &[(&str, &str)]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_pyrite"))
        .args(args)
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .envs(env.iter().copied())
        .output()
        .expect("pyrite runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

const SHOW: &str = "import sys, os; print(sys._stdlib_dir); print(os.__file__); print([p for p in sys.path if 'python3.11' in p])";

#[test]
fn default_location_is_in_sys_path() {
    let (rc, out, err) = pyrite(&["-c", SHOW], &[]);
    assert_eq!(rc, 0, "{err}");
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines[0], "/usr/lib/python3.11");
    assert_eq!(lines[1], "/usr/lib/python3.11/os.py");
    assert!(
        lines[2].contains("'/usr/lib/python3.11'")
            && lines[2].contains("'/usr/lib/python3.11/lib-dynload'"),
        "{out}"
    );
}

#[test]
fn missing_stdlib_is_one_clear_error() {
    for (args, env) in [
        (
            vec!["-c", "print('ran')"],
            vec![("PYRITE_STDLIB", "/nonexistent/lib")],
        ),
        (
            vec!["-X", "stdlib=/nonexistent/lib", "-c", "print('ran')"],
            vec![],
        ),
    ] {
        let (rc, out, err) = pyrite(&args, &env);
        assert_eq!(rc, 1, "{args:?}: {err}");
        assert_eq!(out, "", "nothing may run: {out}");
        assert!(err.contains("'/nonexistent/lib'"), "names the place: {err}");
        assert!(
            err.contains("libpython3.11-stdlib")
                && err.contains("PYRITE_STDLIB")
                && err.contains("-X stdlib"),
            "says how to fix it: {err}"
        );
        assert!(!err.contains("Traceback"), "no traceback: {err}");
        assert_eq!(err.trim_end().lines().count(), 2, "one message: {err}");
    }
}

#[test]
fn override_by_variable_and_option() {
    // a copy-free alternative location: a directory whose os.py is the real one's
    let dir = std::env::temp_dir().join(format!("pyrite-stdlib-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    std::os::unix::fs::symlink("/usr/lib/python3.11/os.py", dir.join("os.py")).unwrap();
    let d = dir.to_str().unwrap();
    let code = "import sys; print(sys._stdlib_dir); print(sys.path[1])";
    let (rc, out, err) = pyrite(&["-c", code], &[("PYRITE_STDLIB", d)]);
    assert_eq!((rc, out.lines().next()), (0, Some(d)), "{err}");
    let (rc, out, err) = pyrite(&["-X", &format!("stdlib={d}"), "-c", code], &[]);
    assert_eq!((rc, out.lines().next()), (0, Some(d)), "{err}");
    // -E ignores the variable: the default location is used
    let (rc, out, err) = pyrite(
        &["-E", "-c", code],
        &[("PYRITE_STDLIB", "/nonexistent/lib")],
    );
    assert_eq!(
        (rc, out.lines().next()),
        (0, Some("/usr/lib/python3.11")),
        "{err}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}
