//! The `pyrite` command: a thin launcher that loads `libpyrite.so` with its symbols
//! global (so C extensions loaded later resolve their `Py*` symbols against it) and
//! calls `Py_BytesMain`, the way CPython's `python3` links `libpython`.

use std::ffi::CString;
use std::os::raw::{c_char, c_int};
use std::os::unix::ffi::OsStrExt;

type BytesMain = unsafe extern "C" fn(c_int, *mut *mut c_char) -> c_int;

/// `libpyrite.so` next to the executable, in `../lib`, or in `deps/` (where `cargo
/// test` leaves a fresh one without copying it next to the executable). When several
/// exist, the newest wins, so a stale copy from an older `cargo build` is never used.
fn find_library() -> Option<std::path::PathBuf> {
    let exe = std::env::current_exe().ok()?;
    let dir = exe.parent()?;
    [
        dir.join("libpyrite.so"),
        dir.join("../lib/libpyrite.so"),
        dir.join("deps/libpyrite.so"),
    ]
    .into_iter()
    .filter_map(|p| {
        let t = std::fs::metadata(&p).and_then(|m| m.modified()).ok()?;
        Some((t, p))
    })
    .max_by_key(|(t, _)| *t)
    .map(|(_, p)| p)
}

fn main() {
    let Some(path) = find_library() else {
        eprintln!("pyrite: cannot find libpyrite.so next to the pyrite executable");
        std::process::exit(1);
    };
    // SAFETY: loading our own runtime library; RTLD_GLOBAL exports its symbols to
    // extension modules loaded afterwards.
    let lib = match unsafe {
        libloading::os::unix::Library::open(Some(&path), libc::RTLD_NOW | libc::RTLD_GLOBAL)
    } {
        Ok(l) => l,
        Err(e) => {
            eprintln!("pyrite: cannot load {}: {}", path.display(), e);
            std::process::exit(1);
        }
    };
    let main: libloading::os::unix::Symbol<BytesMain> = match unsafe { lib.get(b"Py_BytesMain\0") }
    {
        Ok(f) => f,
        Err(e) => {
            eprintln!("pyrite: {} has no Py_BytesMain: {}", path.display(), e);
            std::process::exit(1);
        }
    };
    let args: Vec<CString> = std::env::args_os()
        .map(|a| CString::new(a.as_bytes()).unwrap_or_default())
        .collect();
    let mut argv: Vec<*mut c_char> = args.iter().map(|a| a.as_ptr() as *mut c_char).collect();
    argv.push(std::ptr::null_mut());
    // SAFETY: argv holds argc valid C strings followed by NULL.
    let status = unsafe { main(args.len() as c_int, argv.as_mut_ptr()) };
    std::process::exit(status);
}
